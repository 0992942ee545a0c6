"""A skill an appraisal says the employee should develop, with the level to
reach: once the appraisal is done, a suggested target skill of the
employee's next mentee intake (models/mentorship_enrollment.py)."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# OCA's state of a closed appraisal (hr_appraisal_oca: action_done).
APPRAISAL_DONE = "3_done"


class MentorshipAppraisalDevelopmentArea(models.Model):
    _name = "mentorship.appraisal.development.area"
    _description = "Appraisal Development Area"
    _order = "appraisal_id, skill_type_id, skill_id, id"
    _inherit = ["mentorship.guarded.mixin"]
    # An area of one appraisal, for good: it never moves to another one.
    _client_create_fields = frozenset({"appraisal_id"})
    _client_write_fields = frozenset({"skill_type_id", "skill_id", "target_level_id", "note"})

    appraisal_id = fields.Many2one("hr.appraisal", required=True, ondelete="cascade", index=True)
    employee_id = fields.Many2one(related="appraisal_id.employee_id")
    company_id = fields.Many2one(related="appraisal_id.company_id", store=True)
    appraisal_state = fields.Selection(related="appraisal_id.state", string="Appraisal Status")
    skill_type_id = fields.Many2one("hr.skill.type", required=True, ondelete="cascade")
    skill_id = fields.Many2one(
        "hr.skill",
        required=True,
        ondelete="cascade",
        domain="[('skill_type_id', '=', skill_type_id)]",
    )
    target_level_id = fields.Many2one(
        "hr.skill.level",
        required=True,
        ondelete="cascade",
        domain="[('skill_type_id', '=', skill_type_id)]",
    )
    note = fields.Text(help="Why this skill, and what reaching the level would look like.")

    @api.depends("appraisal_id", "skill_id")
    def _compute_display_name(self):
        for area in self:
            area.display_name = " / ".join(
                name
                for name in (area.appraisal_id.sudo().display_name, area.skill_id.sudo().name)
                if name
            )

    # ------------------------------------------------------------
    # CRUD: an appraisal that is done keeps its areas as they were
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            appraisals = self.env["hr.appraisal"].browse(
                {vals["appraisal_id"] for vals in vals_list if vals.get("appraisal_id")}
            )
            self._check_appraisals_open(appraisals, self.env._("added"))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._check_appraisals_open(self.appraisal_id, self.env._("changed"))
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            self._check_appraisals_open(self.appraisal_id, self.env._("removed"))
        return super().unlink()

    @api.model
    def _check_appraisals_open(self, appraisals, action):
        done = appraisals.sudo().filtered(lambda a: a.state == APPRAISAL_DONE)
        if done:
            raise UserError(
                self.env._(
                    "Appraisal %(appraisal)s is done: its development areas can no longer "
                    "be %(action)s.",
                    appraisal=done[0].display_name,
                    action=action,
                )
            )

    # ------------------------------------------------------------
    # CHECKS
    # ------------------------------------------------------------

    @api.constrains("skill_type_id", "skill_id", "target_level_id")
    def _check_skill_type(self):
        # The check reads the skill catalogue for whoever was allowed to write the area.
        for area in self.sudo():
            if area.skill_id.skill_type_id != area.skill_type_id:
                raise ValidationError(
                    self.env._(
                        "Development area %(area)s: %(field)s %(skill)s is not a skill of "
                        "type %(type)s. Nothing was saved.",
                        area=area.display_name,
                        field=area._field_label("skill_id"),
                        skill=area.skill_id.name,
                        type=area.skill_type_id.name,
                    )
                )
            if area.target_level_id.skill_type_id != area.skill_type_id:
                raise ValidationError(
                    self.env._(
                        "Development area %(area)s: %(field)s %(level)s is not one of the "
                        "levels of skill type %(type)s (%(levels)s). Nothing was saved.",
                        area=area.display_name,
                        field=area._field_label("target_level_id"),
                        level=area.target_level_id.name,
                        type=area.skill_type_id.name,
                        levels=", ".join(area.skill_type_id.skill_level_ids.mapped("name")),
                    )
                )

    # ------------------------------------------------------------
    # TOWARDS THE NEXT INTAKE
    # ------------------------------------------------------------

    def _target_skill_values(self, enrollment):
        """Values of the target skills these areas add to ``enrollment``, a
        mentee's intake: one per skill not targeted there yet."""
        targeted = set(enrollment.sudo().target_skill_ids.skill_id.ids)
        values = []
        for area in self:
            if area.skill_id.id in targeted:
                continue
            targeted.add(area.skill_id.id)
            values.append(
                {
                    "enrollment_id": enrollment.id,
                    "skill_type_id": area.skill_type_id.id,
                    "skill_id": area.skill_id.id,
                    "target_level_id": area.target_level_id.id,
                    "appraisal_area_id": area.id,
                }
            )
        return values
