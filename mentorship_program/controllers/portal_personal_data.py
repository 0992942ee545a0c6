from odoo import http
from odoo.exceptions import AccessError
from odoo.http import content_disposition, request

from ..models.mentorship_personal_data import PERSONAL_DATA_URL
from .portal import MentorshipPortal


class MentorshipPersonalDataPortal(MentorshipPortal):
    """The download of a participant's mentorship data (a ZIP of JSON and
    CSV files): one's own from the portal home, the profile page and the
    backend; any employee's of their companies for HR. Who may is decided
    by mentorship.personal.data, as the user: someone else's id and an
    unknown id get the same answer."""

    @http.route(PERSONAL_DATA_URL, type="http", auth="user", website=True)
    def portal_mentorship_personal_data_mine(self, **kwargs):
        employee = request.env.user.sudo().employee_id
        return self._personal_data_zip(employee.id or 0)

    @http.route(f"{PERSONAL_DATA_URL}/<int:employee_id>", type="http", auth="user", website=True)
    def portal_mentorship_personal_data(self, employee_id, **kwargs):
        return self._personal_data_zip(employee_id)

    def _personal_data_zip(self, employee_id):
        try:
            filename, content = request.env["mentorship.personal.data"]._export_zip(employee_id)
        except AccessError as exc:
            self._set_flash(error=self._error_text(exc))
            return request.redirect("/my/mentorship")
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/zip"),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
