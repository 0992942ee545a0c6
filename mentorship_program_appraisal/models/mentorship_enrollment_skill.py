from odoo import api, fields, models


class MentorshipEnrollmentSkill(models.Model):
    """A target skill may come from a development area of an appraisal: the
    intake says so ("from your appraisal of 2026-11"). Only the system sets
    the area (when the appraisal is done, or the intake is created)."""

    _inherit = "mentorship.enrollment.skill"
    # Not in _client_create_fields / _client_write_fields: the guard refuses
    # it from every client.
    _mentorship_system_fields = frozenset({"appraisal_area_id", "mentorship_origin"})

    appraisal_area_id = fields.Many2one(
        "mentorship.appraisal.development.area",
        string="From Appraisal Area",
        readonly=True,
        ondelete="set null",
        index="btree_not_null",
        copy=False,
    )
    mentorship_origin = fields.Char(compute="_compute_mentorship_origin", string="Origin")

    @api.depends("appraisal_area_id")
    def _compute_mentorship_origin(self):
        # Whoever reads the target skill reads where it came from: the month
        # of the appraisal, nothing of its content.
        for line in self:
            appraisal_sudo = line.sudo().appraisal_area_id.appraisal_id
            line.mentorship_origin = (
                self.env._(
                    "from your appraisal of %(month)s",
                    month=appraisal_sudo.date_close.strftime("%Y-%m"),
                )
                if appraisal_sudo.date_close
                else False
            )
