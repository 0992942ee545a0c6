from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """Settings > Mentorship: the defaults of the company's new programs.

    Existing programs keep their own values; each program can still change
    any of them on its form.
    """

    _inherit = "res.config.settings"

    mentorship_pair_duration_days = fields.Integer(
        related="company_id.mentorship_pair_duration_days", readonly=False
    )
    mentorship_default_mentor_capacity = fields.Integer(
        related="company_id.mentorship_default_mentor_capacity", readonly=False
    )
    mentorship_max_mentor_capacity = fields.Integer(
        related="company_id.mentorship_max_mentor_capacity", readonly=False
    )
    mentorship_acceptance_days = fields.Integer(
        related="company_id.mentorship_acceptance_days", readonly=False
    )
    mentorship_calibration_days = fields.Integer(
        related="company_id.mentorship_calibration_days", readonly=False
    )
    mentorship_session_reminder_days = fields.Integer(
        related="company_id.mentorship_session_reminder_days", readonly=False
    )
    mentorship_inactivity_days = fields.Integer(
        related="company_id.mentorship_inactivity_days", readonly=False
    )
    mentorship_inactivity_grace_days = fields.Integer(
        related="company_id.mentorship_inactivity_grace_days", readonly=False
    )
    mentorship_matching_mode = fields.Selection(
        related="company_id.mentorship_matching_mode", readonly=False
    )
