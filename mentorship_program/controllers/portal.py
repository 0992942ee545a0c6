from odoo import Command, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

# The refusals a portal operation may meet on purpose (access, rules, bad
# input): shown to the user as an alert, after the transaction rolls back.
PORTAL_USER_ERRORS = (AccessError, MissingError, UserError, ValidationError, ValueError)

# Intake fields an employee fills in from the portal, with their parsers.
PORTAL_INTAKE_FIELDS = {
    "goals": str,
    "learning_style": str,
    "tz": str,
    "hours_per_month": float,
    "capacity": int,
}


class MentorshipPortal(CustomerPortal):
    """Employees' own mentorship pages under /my/mentorship.

    Every read and write goes through the current user's environment, so the
    record rules (own enrollments only) are enforced by the server; sudo is
    used only to display a record already checked with _document_check_access.
    """

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
    def portal_my_mentorship(self, error=None, **kwargs):
        Enrollment = request.env["mentorship.enrollment"]
        enrollments = Enrollment.search([("user_id", "=", request.env.uid)])
        programs = request.env["mentorship.program"].search([("state", "in", ("open", "running"))])
        pairs = request.env["mentorship.pair"].search(
            self._own_pairs_domain(), order="date_start desc, id desc"
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "mentorship",
                "employee_sudo": self._get_current_employee_sudo(),
                "enrollments_sudo": enrollments.sudo(),
                "pairs_sudo": pairs.sudo(),
                "joinable_programs": programs.filtered(lambda p: p._is_accepting_enrollments()),
                "error": error,
            }
        )
        return request.render("mentorship_program.portal_my_mentorship", values)

    @http.route("/my/mentorship/enroll", type="http", auth="user", website=True, methods=["POST"])
    def portal_mentorship_enroll(self, program_id=None, role="mentee", **kwargs):
        employee_sudo = self._get_current_employee_sudo()
        if not employee_sudo:
            return request.redirect("/my/mentorship?error=no_employee")
        try:
            program = request.env["mentorship.program"].browse(int(program_id or 0)).exists()
            if not program:
                raise MissingError(request.env._("This program does not exist."))
            enrollment = request.env["mentorship.enrollment"].create(
                {"program_id": program.id, "employee_id": employee_sudo.id, "role": role}
            )
        except PORTAL_USER_ERRORS as exc:
            request.env.cr.rollback()
            return self.portal_my_mentorship(error=str(exc))
        return request.redirect(f"/my/mentorship/enrollment/{enrollment.id}")

    def _render_enrollment(self, enrollment_sudo, error=None, success=None):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "mentorship_enrollment",
                "enrollment_sudo": enrollment_sudo,
                "availability_slots": request.env["mentorship.availability.slot"].search([]),
                "skills_sudo": request.env["hr.skill"].sudo().search([]),
                "skill_levels_sudo": request.env["hr.skill.level"].sudo().search([]),
                "error": error,
                "success": success,
            }
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
        try:
            if operation == "intake":
                enrollment.write(self._parse_intake(enrollment_sudo, post))
                message = request.env._("Your intake is saved.")
            elif operation == "charter":
                enrollment.with_context(
                    charter_version=int(post.get("charter_version") or 0)
                ).action_accept_charter()
                message = request.env._("Thank you for accepting the charter.")
            elif operation == "submit":
                enrollment.action_submit()
                message = request.env._("Your enrollment is submitted to the program team.")
            elif operation == "withdraw":
                enrollment.action_withdraw()
                message = request.env._("You withdrew from the program.")
            else:
                raise MissingError(request.env._("Unknown operation."))
        except PORTAL_USER_ERRORS as exc:
            request.env.cr.rollback()
            return self._render_enrollment(enrollment_sudo, error=str(exc))
        return self._render_enrollment(enrollment_sudo, success=message)

    def _parse_intake(self, enrollment_sudo, post):
        vals = {}
        for field_name, parse in PORTAL_INTAKE_FIELDS.items():
            if field_name in post:
                raw = post[field_name].strip()
                if field_name == "capacity" and enrollment_sudo.role != "mentor":
                    continue
                try:
                    vals[field_name] = parse(raw) if raw else False
                except ValueError as exc:
                    label = enrollment_sudo._fields[field_name].string
                    raise ValueError(
                        request.env._(
                            "%(field)s: %(value)r is not a valid value.", field=label, value=raw
                        )
                    ) from exc
        slot_ids = [int(v) for v in request.httprequest.form.getlist("availability_slot_ids")]
        if slot_ids or "availability_slots_submitted" in post:
            vals["availability_slot_ids"] = [(6, 0, slot_ids)]
        skill_id = int(post.get("new_skill_id") or 0)
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
                        "target_level_id": int(post.get("new_target_level_id") or 0) or False,
                    }
                )
            ]
        return vals
