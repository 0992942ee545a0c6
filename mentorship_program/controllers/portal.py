from odoo import Command, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from .portal_input import PortalForm

# The refusals a portal operation may meet on purpose (access, rules, bad
# input): shown to the user as the page's flash message, after the
# operation's savepoint rolled back what it had written.
PORTAL_USER_ERRORS = (AccessError, MissingError, UserError, ValidationError, ValueError)

# Where the outcome of a form waits for the page it redirects to.
FLASH_SESSION_KEY = "mentorship_portal_flash"
# Rows per page of the portal's lists.
PORTAL_LIST_STEP = 10

# Intake fields an employee fills in from the portal: {field: how to read it}.
# Together with the record fields below (target role, career drivers,
# languages, availability, target skills, expertise) they are everything the
# matching engine reads (matching/loader.py).
PORTAL_INTAKE_FIELDS = {
    "goals": "text",
    "learning_style": "choice",
    "tz": "choice",
    "hours_per_month": "number",
    "capacity": "integer",
}
# What a participant reads of a program on its portal page: never HR's
# fields (targets, budget, steering group, matching weights and rules).
PROGRAM_PARTICIPANT_FIELDS = [
    "name",
    "purpose",
    "objectives",
    "program_format",
    "enrollment_date_start",
    "enrollment_date_end",
    "date_start",
    "date_end",
    "charter_version",
    "charter_code_of_conduct",
    "charter_confidentiality",
    "charter_escalation_path",
]
# Many2many fields of the intake, read from a group of checkboxes; the form
# sends "<field>_submitted" so that unticking every box clears the field.
PORTAL_INTAKE_CHECKBOXES = ("availability_slot_ids", "career_driver_ids", "language_ids")


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

    def _portal_list(self, model, domain, sortings, sortby, page, url):
        """One page of the ``model`` records the user may read in ``domain``,
        in the order of the ``sortby`` option of ``sortings``
        ({option: {"label", "order"}}, the first one by default), with the
        values Odoo's portal search bar and pager read."""
        if sortby not in sortings:
            sortby = next(iter(sortings))
        Model = request.env[model]
        try:
            page = max(int(page), 1)
        except (TypeError, ValueError):
            page = 1
        pager = portal_pager(
            url=url,
            url_args={"sortby": sortby},
            total=Model.search_count(domain),
            page=page,
            step=PORTAL_LIST_STEP,
        )
        records = Model.search(
            domain, order=sortings[sortby]["order"], limit=PORTAL_LIST_STEP, offset=pager["offset"]
        )
        return records, {"pager": pager, "searchbar_sortings": sortings, "sortby": sortby}

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

    @http.route(
        ["/my/mentorship", "/my/mentorship/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_mentorship(self, page=1, sortby=None, **kwargs):
        Enrollment = request.env["mentorship.enrollment"]
        enrollments = Enrollment.search([("user_id", "=", request.env.uid)])
        programs = request.env["mentorship.program"].search([("state", "in", ("open", "running"))])
        pairs, list_values = self._portal_list(
            "mentorship.pair",
            self._own_pairs_domain(),
            {
                "newest": {
                    "label": request.env._("Newest"),
                    "order": "date_proposed desc, id desc",
                },
                "program": {"label": request.env._("Program"), "order": "program_id, id desc"},
                "status": {"label": request.env._("Status"), "order": "state, id desc"},
            },
            sortby,
            page,
            "/my/mentorship",
        )
        values = self._page_values(
            "mentorship",
            employee_sudo=self._get_current_employee_sudo(),
            enrollments_sudo=enrollments.sudo(),
            pairs_sudo=pairs.sudo(),
            joinable_programs=programs.filtered(lambda p: p._is_accepting_enrollments()),
            next_steps=request.env["mentorship.next.step"].get_next_steps("portal"),
            **list_values,
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
    # A participant's view of a program
    # ------------------------------------------------------------

    @http.route("/my/mentorship/program/<int:program_id>", type="http", auth="user", website=True)
    def portal_mentorship_program(self, program_id, **kwargs):
        # Read with the user's rights: the record rules (company, published
        # programs) decide, and an unknown id gets the same redirect.
        program = request.env["mentorship.program"].browse(program_id)
        if not program.exists() or not program.has_access("read"):
            return request.redirect("/my/mentorship")
        # Only the participant's fields, read as the user (none of them is
        # HR's); the cadence lines are read for them from the checked program.
        participant = program.read(PROGRAM_PARTICIPANT_FIELDS)[0]
        values = self._page_values(
            "mentorship_program",
            program=program,
            program_values=participant,
            format_label=dict(
                program._fields["program_format"]._description_selection(request.env)
            ).get(participant["program_format"]),
            cadences_sudo=program.sudo().cadence_ids,
            can_enroll=bool(self._get_current_employee_sudo())
            and program._is_accepting_enrollments(),
        )
        return request.render("mentorship_program.portal_mentorship_program", values)

    # ------------------------------------------------------------
    # Enrollment and intake
    # ------------------------------------------------------------

    def _intake_choices(self, enrollment_sudo):
        """What the intake offers, read as superuser and narrowed to what an
        employee may choose: the program company's jobs, active languages,
        the skill catalogue, and for a mentor their own skills."""
        env = request.env
        company = enrollment_sudo.company_id
        skill_types_sudo = env["hr.skill.type"].sudo().search([])
        return {
            "availability_slots": env["mentorship.availability.slot"].search([]),
            "career_drivers": env["mentorship.career.driver"].search([]),
            "languages_sudo": env["res.lang"].sudo().search([("active", "=", True)]),
            "timezones": enrollment_sudo._fields["tz"].selection(enrollment_sudo),
            "jobs_sudo": env["hr.job"]
            .sudo()
            .search([("company_id", "in", [False, company.id])], order="name"),
            "skill_types_sudo": skill_types_sudo,
            "own_skills_sudo": env["hr.employee.skill"]
            .sudo()
            .search([("employee_id", "=", enrollment_sudo.employee_id.id)]),
        }

    def _intake_choice_domains(self, enrollment_sudo):
        """{field: the domain a submitted id must match}, as superuser."""
        return {
            "target_job_id": [
                ("company_id", "in", [False, enrollment_sudo.company_id.id]),
            ],
            "career_driver_ids": [],
            "language_ids": [("active", "=", True)],
            "availability_slot_ids": [],
        }

    def _render_enrollment(self, enrollment_sudo):
        values = self._page_values(
            "mentorship_enrollment",
            enrollment_sudo=enrollment_sudo,
            **self._intake_choices(enrollment_sudo),
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
        vals, new_expertise = self._parse_intake(enrollment.sudo(), form)
        if new_expertise:
            # A mentor declares a skill they hold on their own employee
            # (portal users may not write hr.employee.skill): the one record
            # this operation creates as superuser, narrowed to the employee.
            skill_sudo, level_sudo = new_expertise
            employee_skill_sudo = (
                request.env["hr.employee.skill"]
                .sudo()
                .create(
                    {
                        "employee_id": enrollment.sudo().employee_id.id,
                        "skill_id": skill_sudo.id,
                        "skill_type_id": skill_sudo.skill_type_id.id,
                        "skill_level_id": level_sudo.id,
                    }
                )
            )
            vals["expertise_skill_ids"] = vals.get("expertise_skill_ids", []) + [
                Command.link(employee_skill_sudo.id)
            ]
        enrollment.write(vals)
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
        """The intake's values to write, and the expertise a mentor adds
        (``(skill, level)`` or None). Every id is checked here against what
        the page offers, and a refusal names the field: nothing is written
        before the whole form is read."""
        env = request.env
        is_mentor = enrollment_sudo.role == "mentor"
        vals = {}
        for field_name, kind in PORTAL_INTAKE_FIELDS.items():
            if field_name not in form:
                continue
            if field_name == "capacity" and not is_mentor:
                continue
            if kind == "text":
                vals[field_name] = form.text(field_name) or False
            elif kind == "choice":
                selection = enrollment_sudo._fields[field_name].selection
                if callable(selection):
                    selection = selection(enrollment_sudo)
                choices = [key for key, _label in selection]
                vals[field_name] = form.choice(field_name, choices) or False
            else:
                value = form.number(field_name, integer=kind == "integer")
                vals[field_name] = False if value is None else value
        domains = self._intake_choice_domains(enrollment_sudo)
        for field_name in PORTAL_INTAKE_CHECKBOXES:
            if f"{field_name}_submitted" not in form and field_name not in form:
                continue
            ids = self._checked_ids(enrollment_sudo, form, field_name, domains[field_name])
            vals[field_name] = [Command.set(ids)]
        if "target_job_id" in form and not is_mentor:
            job_id = form.record_id("target_job_id")
            if job_id:
                job_id = self._checked_ids(
                    enrollment_sudo, form, "target_job_id", domains["target_job_id"], [job_id]
                )[0]
            vals["target_job_id"] = job_id or False
        new_expertise = None
        if is_mentor:
            if "expertise_skill_ids_submitted" in form:
                own_ids = set(
                    env["hr.employee.skill"]
                    .sudo()
                    .search([("employee_id", "=", enrollment_sudo.employee_id.id)])
                    .ids
                )
                ids = form.record_ids("expertise_skill_ids")
                if not own_ids.issuperset(ids):
                    raise form.refuse("expertise_skill_ids", ids, env._("one of your own skills"))
                vals["expertise_skill_ids"] = [Command.set(ids)]
            new_expertise = self._parse_new_skill(
                enrollment_sudo, form, "new_expertise_skill_id", "new_expertise_level_id"
            )
            held_sudo = enrollment_sudo.employee_id.employee_skill_ids.skill_id
            if new_expertise and new_expertise[0] in held_sudo:
                raise ValueError(
                    env._(
                        "%(field)s: you already hold %(skill)s; tick it in the list instead.",
                        field=form.label("expertise_skill_ids"),
                        skill=new_expertise[0].name,
                    )
                )
        else:
            removed = set(form.record_ids("remove_target_skill_ids"))
            commands = [
                Command.unlink(line.id)
                for line in enrollment_sudo.target_skill_ids
                if line.id in removed
            ]
            target = self._parse_new_skill(
                enrollment_sudo, form, "new_skill_id", "new_target_level_id"
            )
            if target:
                skill_sudo, level_sudo = target
                commands.append(
                    Command.create(
                        {
                            "skill_type_id": skill_sudo.skill_type_id.id,
                            "skill_id": skill_sudo.id,
                            "target_level_id": level_sudo.id,
                        }
                    )
                )
            if commands:
                vals["target_skill_ids"] = commands
        return vals, new_expertise

    def _checked_ids(self, enrollment_sudo, form, field_name, domain, ids=None):
        """The ids submitted for ``field_name``, each one the page offers;
        else a refusal naming the field."""
        ids = form.record_ids(field_name) if ids is None else ids
        comodel = enrollment_sudo._fields[field_name].comodel_name
        found = request.env[comodel].sudo().search([("id", "in", ids), *domain])
        if len(found) != len(set(ids)):
            unknown = sorted(set(ids) - set(found.ids))
            raise form.refuse(
                field_name,
                ", ".join(map(str, unknown)),
                request.env._("one of the choices offered"),
            )
        return ids

    def _parse_new_skill(self, enrollment_sudo, form, skill_key, level_key):
        """``(skill, level)`` of a skill added with its level, both checked:
        the level must be one of that skill's levels. None when no skill
        was chosen."""
        env = request.env
        skill_id = form.record_id(skill_key)
        if not skill_id:
            return None
        skill_sudo = env["hr.skill"].sudo().browse(skill_id).exists()
        line_model = env["mentorship.enrollment.skill"]
        if not skill_sudo:
            raise ValueError(
                env._(
                    "%(field)s: this skill does not exist.",
                    field=line_model._fields["skill_id"]._description_string(env),
                )
            )
        level_label = (
            env["mentorship.enrollment.skill"]._fields["target_level_id"]._description_string(env)
        )
        if level_key == "new_expertise_level_id":
            level_label = (
                env["hr.employee.skill"]._fields["skill_level_id"]._description_string(env)
            )
        level_sudo = env["hr.skill.level"].sudo().browse(form.record_id(level_key)).exists()
        if not level_sudo:
            raise ValueError(
                env._(
                    "%(field)s: choose a level for %(skill)s.",
                    field=level_label,
                    skill=skill_sudo.name,
                )
            )
        if level_sudo.skill_type_id != skill_sudo.skill_type_id:
            raise ValueError(
                env._(
                    "%(field)s: %(level)s is not a level of %(skill)s (%(type)s).",
                    field=level_label,
                    level=level_sudo.name,
                    skill=skill_sudo.name,
                    type=skill_sudo.skill_type_id.name,
                )
            )
        return skill_sudo, level_sudo
