from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request

from ..importing import template_csv
from ..wizard.mentorship_enrollment_import import HR_GROUP, TEMPLATE_URL

TEMPLATE_FILENAME = "mentorship_enrollments_template.csv"


class MentorshipEnrollmentImportController(http.Controller):
    """The template of the *Import Enrollments* wizard: the header row and
    one example row, for Mentorship Managers only."""

    @http.route(TEMPLATE_URL, type="http", auth="user", methods=["GET"])
    def enrollment_import_template(self):
        if not request.env.user.has_group(HR_GROUP):
            raise AccessError(
                request.env._("Only a Mentorship Manager can download the enrollment template.")
            )
        return request.make_response(
            template_csv(),
            headers=[
                ("Content-Type", "text/csv; charset=utf-8"),
                ("Content-Disposition", http.content_disposition(TEMPLATE_FILENAME)),
            ],
        )
