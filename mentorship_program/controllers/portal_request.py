from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from .portal import MentorshipPortal
from .portal_input import PortalForm

REQUEST_ACTIONS = {
    "accept": "action_accept",
    "decline": "action_decline",
    "withdraw": "action_withdraw",
}


class MentorshipRequestPortal(MentorshipPortal):
    """Self-request programs on the portal: a mentee sees the mentors the
    engine suggests and asks one; the mentor accepts or declines.

    The model decides who may do what (own enrollment, open-request limit,
    only the receiving mentor answers); these pages call it through the
    user's environment and show its refusals as alerts.
    """

    def _render_suggestions(self, enrollment_sudo):
        enrollment = request.env["mentorship.enrollment"].browse(enrollment_sudo.id)
        suggestions = []
        why_none = []
        error = None
        can_ask = (
            enrollment_sudo.role == "mentee"
            and enrollment_sudo.state == "approved"
            and enrollment_sudo.program_matching_mode == "self_request"
        )
        if can_ask:
            try:
                # The same call as the backend "Find a Mentor" wizard: it checks
                # that the caller is this mentee, then ranks as superuser only
                # the names, jobs and reasons the mentee may read.
                suggestions = enrollment._get_mentor_suggestions()
                if not suggestions:
                    # Why, in the engine's counts per rule, and what happens
                    # next; HR is told once, not once per visit.
                    why_none = enrollment._explain_no_suggestion()
            except (AccessError, UserError) as exc:
                error = self._error_text(exc)
        requests_sudo = enrollment_sudo.mentee_request_ids
        open_requests_sudo = requests_sudo.filtered(lambda r: r.state == "open")
        # The suggested mentors' cards, as each shares it (read as the system,
        # like the suggestions themselves).
        mentors = request.env["mentorship.enrollment"].browse(
            [suggestion.mentor.id for suggestion in suggestions]
        )
        values = self._page_values(
            "mentorship_suggestions",
            enrollment_sudo=enrollment_sudo,
            can_ask=can_ask,
            suggestions=suggestions,
            why_none=why_none,
            profile_cards=request.env["mentorship.profile"]._cards_for(mentors),
            asked_mentors=open_requests_sudo.mentor_enrollment_id,
            requests_sudo=requests_sudo,
        )
        values["error"] = values["error"] or error
        return request.render("mentorship_program.portal_mentorship_suggestions", values)

    @http.route(
        "/my/mentorship/enrollment/<int:enrollment_id>/suggestions",
        type="http",
        auth="user",
        website=True,
    )
    def portal_mentorship_suggestions(self, enrollment_id, **kwargs):
        enrollment_sudo = self._own_enrollment_sudo(enrollment_id)
        if not enrollment_sudo:
            return request.redirect("/my")
        return self._render_suggestions(enrollment_sudo)

    def _own_enrollment_sudo(self, enrollment_id):
        """The caller's own enrollment, checked, for display; managers too
        get only theirs here, as these pages speak for the mentee."""
        try:
            enrollment_sudo = self._document_check_access("mentorship.enrollment", enrollment_id)
        except (AccessError, MissingError):
            return request.env["mentorship.enrollment"]
        if enrollment_sudo.user_id != request.env.user:
            return request.env["mentorship.enrollment"]
        return enrollment_sudo

    @http.route(
        "/my/mentorship/enrollment/<int:enrollment_id>/suggestions/ask",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_mentorship_ask(self, enrollment_id, **kwargs):
        enrollment_sudo = self._own_enrollment_sudo(enrollment_id)
        if not enrollment_sudo:
            return request.redirect("/my")
        enrollment = request.env["mentorship.enrollment"].browse(enrollment_sudo.id)
        form = PortalForm(request.env["mentorship.request"], request.httprequest.form)

        def ask():
            sent = enrollment.action_request_mentor(
                form.record_id("mentor_enrollment_id"), form.text("message")
            )
            return request.env._(
                "Your request is sent to %(mentor)s.", mentor=sent.sudo().mentor_name
            )

        return self._portal_operation(f"{enrollment_sudo.access_url}/suggestions", ask, form=form)

    def _render_requests(self):
        Request = request.env["mentorship.request"]
        values = self._page_values(
            "mentorship_requests",
            received_sudo=Request.search([("mentor_user_id", "=", request.env.uid)]).sudo(),
            sent_sudo=Request.search([("mentee_user_id", "=", request.env.uid)]).sudo(),
        )
        return request.render("mentorship_program.portal_mentorship_requests", values)

    @http.route("/my/mentorship/requests", type="http", auth="user", website=True)
    def portal_mentorship_requests(self, **kwargs):
        return self._render_requests()

    @http.route(
        "/my/mentorship/request/<int:request_id>/<string:operation>",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_mentorship_request_answer(self, request_id, operation, **kwargs):
        try:
            self._document_check_access("mentorship.request", request_id)
        except (AccessError, MissingError):
            return request.redirect("/my/mentorship/requests")
        if operation not in REQUEST_ACTIONS:
            return request.redirect("/my/mentorship/requests")
        mentor_request = request.env["mentorship.request"].browse(request_id)
        messages = {
            "accept": request.env._("You accepted: your mentorship starts today."),
            "decline": request.env._("You declined the request."),
            "withdraw": request.env._("You withdrew your request."),
        }

        form = PortalForm(mentor_request, request.httprequest.form)

        def answer():
            if operation == "decline":
                # Optional, and for HR only: the mentee is told the answer, not the reason.
                mentor_request.action_decline(reason=form.text("decline_reason"))
            else:
                getattr(mentor_request, REQUEST_ACTIONS[operation])()
            return messages[operation]

        return self._portal_operation(mentor_request.access_url, answer, form=form)
