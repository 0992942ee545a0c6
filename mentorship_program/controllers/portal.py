from odoo import Command, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from .portal_input import PortalForm

# The refusals a portal operation may meet on purpose (access, rules, bad
# input): shown to the user as the page's flash message, after the
# operation's savepoint rolled back what it had written.
PORTAL_USER_ERRORS = (AccessError, MissingError, UserError, ValidationError, ValueError)

# Where the outcome of a form waits for the page it redirects to.
FLASH_SESSION_KEY = "mentorship_portal_flash"

# Intake fields an employee fills in from the portal: {field: how to read it}.
PORTAL_INTAKE_FIELDS = {
    "goals": "text",
    "learning_style": "text",
    "tz": "text",
    "hours_per_month": "number",
    "capacity": "integer",
}


class MentorshipPortal(CustomerPortal):
    """Employees' own mentorship pages under /my/mentorship.

    Every read and write goes through the current user's environment, so the
    record rules (own enrollments only) are enforced by the server; sudo is
    used only to display a record already checked with _document_check_access.

    Every form follows one pattern (:meth:`_portal_operation`): the POST runs
    one operation in its own savepoint, keeps its outcome as a flash message
    and redirects to the page, which the browser then GETs: a reload never
    sends the operation twice, and a refusal undoes only that operation.
    """

    # ------------------------------------------------------------
    # The pattern: post, redirect, get with a flash message
    # ------------------------------------------------------------

    def _portal_operation(self, redirect_url, operation, form=None):
        """Run ``operation()`` in a savepoint and redirect to ``redirect_url``.

        ``operation`` returns the message shown on success (or None), or a
        ``(message, url)`` pair when success leads elsewhere (a record it
        created). A refusal (:data:`PORTAL_USER_ERRORS`) rolls back what the
        operation wrote, and ``redirect_url`` shows it with the submitted
        ``form`` (a :class:`PortalForm`) filled in again.
        """
        try:
            with request.env.cr.savepoint():
                outcome = operation()
        except PORTAL_USER_ERRORS as exc:
            self._set_flash(error=self._error_text(exc), form=form.refill() if form else None)
            return request.redirect(redirect_url)
        message, url = outcome if isinstance(outcome, tuple) else (outcome, redirect_url)
        if message:
            self._set_flash(success=message)
        return request.redirect(url)

    def _error_text(self, exc):
        return exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)

    def _set_flash(self, error=None, success=None, form=None):
        request.session[FLASH_SESSION_KEY] = {
            "error": error,
            "success": success,
            "form": form or {},
        }

    def _page_values(self, page_name, **values):
        """The portal layout's values for ``page_name``, with the flash message
        a redirect brought (read once): ``error``, ``success`` and the
        ``form`` values to fill in again."""
        flash = request.session.pop(FLASH_SESSION_KEY, None) or {}
        page_values = self._prepare_portal_layout_values()
        page_values.update(
            {
                "page_name": page_name,
                "error": flash.get("error"),
                "success": flash.get("success"),
                "form": flash.get("form") or {},
            }
        )
        page_values.update(values)
        return page_values

    # ------------------------------------------------------------
    # Home
    # ------------------------------------------------------------

    def _get_current_employee_sudo(self):
        return (
            request.env["hr.employee"]
            .sudo()
            .search(
                [
                    ("user_id", "=", request.env.uid),
                    ("company_id", "in", request.env.user.company_ids.ids),
                ],
                limit=1,
            )
        )

    def _own_pairs_domain(self):
        # Explicit, because the managers' record rule shows them every pair
        # while these pages speak for the pair's own mentor and mentee.
        uid = request.env.uid
        return ["|", ("mentor_user_id", "=", uid), ("mentee_user_id", "=", uid)]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "mentorship_count" in counters:
            Enrollment = request.env["mentorship.enrollment"]
            values["mentorship_count"] = (
                Enrollment.search_count([("user_id", "=", request.env.uid)])
                if Enrollment.has_access("read")
                else 0
            )
        return values

    @http.route("/my/mentorship", type="http", auth="user", website=True)
    def portal_my_mentorship(self, **kwargs):
        Enrollment = request.env["mentorship.enrollment"]
        enrollments = Enrollment.search([("user_id", "=", request.env.uid)])
        programs = request.env["mentorship.program"].search([("state", "in", ("open", "running"))])
        pairs = request.env["mentorship.pair"].search(
            self._own_pairs_domain(), order="date_start desc, id desc"
        )
        values = self._page_values(
            "mentorship",
            employee_sudo=self._get_current_employee_sudo(),
            enrollments_sudo=enrollments.sudo(),
            pairs_sudo=pairs.sudo(),
            joinable_programs=programs.filtered(lambda p: p._is_accepting_enrollments()),
        )
        return request.render("mentorship_program.portal_my_mentorship", values)

    @http.route("/my/mentorship/enroll", type="http", auth="user", website=True, methods=["POST"])
    def portal_mentorship_enroll(self, **kwargs):
        form = PortalForm(request.env["mentorship.enrollment"], request.httprequest.form)
        employee_sudo = self._get_current_employee_sudo()

        def enroll():
            if not employee_sudo:
                raise UserError(
                    request.env._(
                        "Your account is not linked to an employee. "
                        "Ask HR to link it before you enroll."
                    )
                )
            program = request.env["mentorship.program"].browse(form.record_id("program_id"))
            if not program.exists():
                raise MissingError(request.env._("This program does not exist."))
            enrollment = request.env["mentorship.enrollment"].create(
                {
                    "program_id": program.id,
                    "employee_id": employee_sudo.id,
                    "role": form.text("role") or "mentee",
                }
            )
            return None, enrollment.access_url

        return self._portal_operation("/my/mentorship", enroll)

    # ------------------------------------------------------------
    # Enrollment and intake
    # ------------------------------------------------------------

    def _render_enrollment(self, enrollment_sudo):
        values = self._page_values(
            "mentorship_enrollment",
            enrollment_sudo=enrollment_sudo,
            availability_slots=request.env["mentorship.availability.slot"].search([]),
            skills_sudo=request.env["hr.skill"].sudo().search([]),
            skill_levels_sudo=request.env["hr.skill.level"].sudo().search([]),
        )
        return request.render("mentorship_program.portal_mentorship_enrollment", values)

    @http.route(
        "/my/mentorship/enrollment/<int:enrollment_id>", type="http", auth="user", website=True
    )
    def portal_mentorship_enrollment(self, enrollment_id, **kwargs):
        # Enrollments are never shared by link: no access token is accepted.
        try:
            enrollment_sudo = self._document_check_access("mentorship.enrollment", enrollment_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        return self._render_enrollment(enrollment_sudo)

    @http.route(
        "/my/mentorship/enrollment/<int:enrollment_id>/<string:operation>",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_mentorship_enrollment_post(self, enrollment_id, operation, **post):
        try:
            enrollment_sudo = self._document_check_access("mentorship.enrollment", enrollment_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        # Writes go through the user's environment so that record rules and
        # the model's own checks apply exactly as in the backend.
        enrollment = request.env["mentorship.enrollment"].browse(enrollment_sudo.id)
        form = PortalForm(enrollment, request.httprequest.form)
        handler = getattr(self, f"_enrollment_op_{operation}", None)
        if handler is None:
            return request.redirect(enrollment_sudo.access_url)
        return self._portal_operation(
            enrollment_sudo.access_url, lambda: handler(enrollment, form), form=form
        )

    # -- Operations: each returns the message shown on success -----------------------
    def _enrollment_op_intake(self, enrollment, form):
        enrollment.write(self._parse_intake(enrollment.sudo(), form))
        return request.env._("Your intake is saved.")

    def _enrollment_op_charter(self, enrollment, form):
        enrollment.with_context(
            charter_version=form.number("charter_version", integer=True) or 0
        ).action_accept_charter()
        return request.env._("Thank you for accepting the charter.")

    def _enrollment_op_submit(self, enrollment, form):
        enrollment.action_submit()
        return request.env._("Your enrollment is submitted to the program team.")

    def _enrollment_op_withdraw(self, enrollment, form):
        enrollment.action_withdraw()
        return request.env._("You withdrew from the program.")

    def _parse_intake(self, enrollment_sudo, form):
        vals = {}
        for field_name, kind in PORTAL_INTAKE_FIELDS.items():
            if field_name not in form:
                continue
            if field_name == "capacity" and enrollment_sudo.role != "mentor":
                continue
            if kind == "text":
                vals[field_name] = form.text(field_name) or False
            else:
                value = form.number(field_name, integer=kind == "integer")
                vals[field_name] = False if value is None else value
        slot_ids = form.record_ids("availability_slot_ids")
        if slot_ids or "availability_slots_submitted" in form:
            vals["availability_slot_ids"] = [Command.set(slot_ids)]
        skill_id = form.record_id("new_skill_id")
        if skill_id and enrollment_sudo.role == "mentee":
            skill_sudo = request.env["hr.skill"].sudo().browse(skill_id).exists()
            if not skill_sudo:
                raise ValueError(request.env._("Target Skills: this skill does not exist."))
            # The level's skill type is checked by the model's own constraint.
            vals["target_skill_ids"] = [
                Command.create(
                    {
                        "skill_type_id": skill_sudo.skill_type_id.id,
                        "skill_id": skill_sudo.id,
                        "target_level_id": form.record_id("new_target_level_id") or False,
                    }
                )
            ]
        return vals
