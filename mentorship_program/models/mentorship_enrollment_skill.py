from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MentorshipEnrollmentSkill(models.Model):
    """A skill a mentee wants to grow, and the level they aim for."""

    _name = "mentorship.enrollment.skill"
    _description = "Mentee Target Skill"
    _order = "enrollment_id, skill_type_id, skill_id"
    _inherit = ["mentorship.guarded.mixin"]
    # A target of one intake, for good: it never moves to another enrollment.
    _client_create_fields = frozenset({"enrollment_id"})
    _client_write_fields = frozenset({"skill_type_id", "skill_id", "target_level_id"})

    enrollment_id = fields.Many2one(
        "mentorship.enrollment", required=True, ondelete="cascade", index=True
    )
    employee_id = fields.Many2one(related="enrollment_id.employee_id")
    company_id = fields.Many2one(related="enrollment_id.company_id", store=True)
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
    current_level_id = fields.Many2one(
        "hr.skill.level",
        compute="_compute_current_level_id",
        help="The level recorded today on the employee's skills.",
    )

    _sql_constraints = [
        (
            "enrollment_skill_unique",
            "unique(enrollment_id, skill_id)",
            "Each target skill can only be listed once per enrollment.",
        ),
    ]

    @api.depends("enrollment_id.employee_id", "skill_id")
    def _compute_current_level_id(self):
        # Portal users cannot read hr.employee.skill; whoever may read this
        # target line may see the one level it is compared with.
        employee_skills_sudo = (
            self.env["hr.employee.skill"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", self.enrollment_id.employee_id.ids),
                    ("skill_id", "in", self.skill_id.ids),
                ]
            )
        )
        level_by_key = {
            (rec.employee_id.id, rec.skill_id.id): rec.skill_level_id
            for rec in employee_skills_sudo
        }
        for line in self:
            line.current_level_id = level_by_key.get(
                (line.enrollment_id.employee_id.id, line.skill_id.id),
                self.env["hr.skill.level"],
            )

    @api.constrains("skill_type_id", "skill_id", "target_level_id")
    def _check_skill_type(self):
        # Portal users cannot read the skill catalogue; the check reads it
        # for them, on the lines they were allowed to write.
        for line in self.sudo():
            if line.skill_id.skill_type_id != line.skill_type_id:
                raise ValidationError(
                    self.env._(
                        "Enrollment %(enrollment)s: target skill %(skill)s is "
                        "not of type %(type)s.",
                        enrollment=line.enrollment_id.display_name,
                        skill=line.skill_id.name,
                        type=line.skill_type_id.name,
                    )
                )
            if line.target_level_id.skill_type_id != line.skill_type_id:
                raise ValidationError(
                    self.env._(
                        "Enrollment %(enrollment)s: target level %(level)s "
                        "does not belong to skill type %(type)s.",
                        enrollment=line.enrollment_id.display_name,
                        level=line.target_level_id.name,
                        type=line.skill_type_id.name,
                    )
                )
