from odoo import api, models


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    @api.model
    def _get_activity_excluded_models(self):
        # A session's event is the session itself: no extra "Meeting"
        # activity on the session for its organiser.
        return [*super()._get_activity_excluded_models(), "mentorship.session"]
