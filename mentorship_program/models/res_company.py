from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Program fields whose default for new programs is a company setting: the
# company field is the program field with this prefix, and the minimum is the
# one the program itself enforces.
PROGRAM_DEFAULT_PREFIX = "mentorship_"
PROGRAM_DEFAULT_MINIMUMS = {
    "pair_duration_days": 1,
    "default_mentor_capacity": 1,
    "max_mentor_capacity": 1,
    "acceptance_days": 1,
    "calibration_days": 0,
    "session_reminder_days": 0,
    "inactivity_days": 1,
    "inactivity_grace_days": 0,
}


class ResCompany(models.Model):
    """Defaults of the company's new mentorship programs (Settings > Mentorship)."""

    _inherit = "res.company"

    mentorship_pair_duration_days = fields.Integer(
        string="Pair Duration (days)", default=90, required=True
    )
    mentorship_default_mentor_capacity = fields.Integer(
        string="Default Mentor Capacity", default=2, required=True
    )
    mentorship_max_mentor_capacity = fields.Integer(
        string="Maximum Mentor Capacity", default=5, required=True
    )
    mentorship_acceptance_days = fields.Integer(
        string="Days to Accept a Match", default=7, required=True
    )
    mentorship_calibration_days = fields.Integer(
        string="Calibration Call after (days)", default=30, required=True
    )
    mentorship_session_reminder_days = fields.Integer(
        string="Session Reminder (days before)", default=3, required=True
    )
    mentorship_inactivity_days = fields.Integer(
        string="Inactive after (days)", default=30, required=True
    )
    mentorship_inactivity_grace_days = fields.Integer(
        string="Grace after the Nudge (days)", default=14, required=True
    )
    mentorship_matching_mode = fields.Selection(
        selection="_selection_mentorship_matching_mode",
        string="Matching Mode",
        default="hr",
        required=True,
    )

    @api.model
    def _selection_mentorship_matching_mode(self):
        return self.env["mentorship.program"]._fields["matching_mode"].selection

    @api.constrains(*(PROGRAM_DEFAULT_PREFIX + name for name in PROGRAM_DEFAULT_MINIMUMS))
    def _check_mentorship_defaults(self):
        for company in self:
            for name, minimum in PROGRAM_DEFAULT_MINIMUMS.items():
                field_name = PROGRAM_DEFAULT_PREFIX + name
                if company[field_name] < minimum:
                    raise ValidationError(
                        self.env._(
                            "Company %(company)s, mentorship settings: %(field)s must be at "
                            "least %(minimum)s (got %(value)s).",
                            company=company.display_name,
                            field=company._fields[field_name].string,
                            minimum=minimum,
                            value=company[field_name],
                        )
                    )
            if company.mentorship_default_mentor_capacity > company.mentorship_max_mentor_capacity:
                raise ValidationError(
                    self.env._(
                        "Company %(company)s, mentorship settings: Default Mentor Capacity "
                        "(%(default)s) cannot exceed the Maximum Mentor Capacity (%(max)s).",
                        company=company.display_name,
                        default=company.mentorship_default_mentor_capacity,
                        max=company.mentorship_max_mentor_capacity,
                    )
                )
