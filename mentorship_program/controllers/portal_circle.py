from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from .portal import MentorshipPortal


class MentorshipCirclePortal(MentorshipPortal):
    """Mentor circles and peer groups on the portal: see them, join, leave.

    Joining and leaving go through the circle's own methods in the user's
    environment, which check openness, seats and enrollment on the server.
    """

    def _render_circles(self):
        values = self._page_values(
            "mentorship_circles",
            # Searched with the user's rules, shown as superuser because
            # members are employees, which portal users cannot read.
            circles_sudo=request.env["mentorship.circle"].search([]).sudo(),
            employee_sudo=self._get_current_employee_sudo(),
        )
        return request.render("mentorship_program.portal_mentorship_circles", values)

    @http.route("/my/mentorship/circles", type="http", auth="user", website=True)
    def portal_mentorship_circles(self, **kwargs):
        return self._render_circles()

    @http.route(
        "/my/mentorship/circles/<int:circle_id>/<string:operation>",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_mentorship_circle_post(self, circle_id, operation, **kwargs):
        try:
            self._document_check_access("mentorship.circle", circle_id)
        except (AccessError, MissingError):
            return request.redirect("/my/mentorship/circles")
        circle = request.env["mentorship.circle"].browse(circle_id)

        def join():
            circle.action_join()
            return request.env._("Welcome to %(circle)s.", circle=circle.name)

        def leave():
            circle.action_leave()
            return request.env._("You left %(circle)s.", circle=circle.name)

        operations = {"join": join, "leave": leave}
        if operation not in operations:
            return request.redirect("/my/mentorship/circles")
        return self._portal_operation(circle.access_url, operations[operation])
