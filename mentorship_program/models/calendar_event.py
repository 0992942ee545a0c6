from odoo import api, models

from .mail_confidential import SESSION_MODEL


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    @api.model
    def _get_activity_excluded_models(self):
        # A session's event is the session itself: no extra "Meeting"
        # activity on the session for its organiser.
        return [*super()._get_activity_excluded_models(), SESSION_MODEL]

    def _mentorship_hides(self):
        """Whether a refusal on these events would be about a session (then
        it names none: see ir.rule._make_access_error). Only the session's
        mentor and mentee read its event (security/mentorship_security.xml)."""
        return any(model == SESSION_MODEL for model in self.sudo().mapped("res_model"))
