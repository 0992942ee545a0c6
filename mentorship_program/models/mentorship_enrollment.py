from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.base.models.res_partner import _tz_get

from ..matching import MentorReview, MentorSuggester, choice_label, empty_sentences
from ..pair_states import LIVE_PAIR_STATES
from .enrollment_import import EnrollmentRowImporter

HR_GROUP = "mentorship_program.group_mentorship_manager"
READINESS_FIELDS = (
    "readiness_coaching_aptitude",
    "readiness_time_availability",
    "readiness_domain_credibility",
)


# The enrollment's states, in the order of the process. With the program's
# *Manager Approval of Mentees*, a submitted mentee intake waits for the
# employee's manager ("manager_review") before HR sees it.
ENROLLMENT_STATES = [
    ("draft", "Intake"),
    ("manager_review", "Manager Approval"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("withdrawn", "Withdrawn"),
]
# Holds the employee's place in the program (one per program and role).
LIVE_ENROLLMENT_STATES = ("draft", "manager_review", "submitted", "approved")
MANAGER_APPROVAL_ACTIVITY = "mail.mail_activity_data_todo"
# What the employee is told along the way, each with a link to the page.
INVITED_MAIL_TEMPLATE = "mentorship_program.mail_template_enrollment_invited"
APPROVED_MAIL_TEMPLATE = "mentorship_program.mail_template_enrollment_approved"
REJECTED_MAIL_TEMPLATE = "mentorship_program.mail_template_enrollment_rejected"
READY_MAIL_TEMPLATE = "mentorship_program.mail_template_enrollment_ready"
NO_SUGGESTION_ACTIVITY = "mentorship_program.mail_activity_type_no_suggestion"
# Enrollments created per create() call by an import: one batch of queries
# per chunk, whatever the file's size.
IMPORT_BATCH_SIZE = 500


class MentorshipEnrollment(models.Model):
    """One employee in one program, as mentor or as mentee."""

    _name = "mentorship.enrollment"
    _description = "Mentorship Enrollment"
    _inherit = [
        "mentorship.thread.guard",
        "mail.thread",
        "mail.activity.mixin",
        "mentorship.guarded.mixin",
        "mentorship.portal.mixin",
    ]
    _mentorship_portal_path = "/my/mentorship/enrollment/{id}"
    _order = "program_id, role, employee_id, id"
    _check_company_auto = True
    # Who and what an enrollment is about is chosen once (enroll again
    # instead); the intake is the employee's, the rubric HR's (groups= on its
    # fields); the state, the charter acceptance and the user it belongs to
    # change only through the actions below.
    _client_create_fields = frozenset({"program_id", "employee_id", "role"})
    _client_write_fields = frozenset(
        {
            "availability_slot_ids",
            "hours_per_month",
            "language_ids",
            "tz",
            "goals",
            "target_skill_ids",
            "target_job_id",
            "learning_style",
            "career_driver_ids",
            "capacity",
            "expertise_skill_ids",
            *READINESS_FIELDS,
            "rejection_reason",
        }
    )

    program_id = fields.Many2one(
        "mentorship.program",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
    )
    employee_id = fields.Many2one(
        "hr.employee",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        default=lambda self: self.env.user.employee_id,
        tracking=True,
    )
    role = fields.Selection(
        [("mentee", "Mentee"), ("mentor", "Mentor")],
        required=True,
        default="mentee",
        tracking=True,
    )
    company_id = fields.Many2one(related="program_id.company_id", store=True, index=True)
    # The user the enrollment belongs to: the employee's when it was made.
    # Re-linking the employee to another user moves nothing (the new user
    # starts afresh); a Mentorship Administrator hands it over explicitly
    # with action_transfer_to_employee_user. Private notes never move.
    user_id = fields.Many2one(
        "res.users",
        compute="_compute_user_id",
        store=True,
        index=True,
        ondelete="set null",
    )
    user_relinked = fields.Boolean(
        compute="_compute_user_relinked",
        groups="mentorship_program.group_mentorship_admin",
        help="The employee is linked to another user than this enrollment's: a Mentorship "
        "Administrator may transfer it.",
    )
    department_id = fields.Many2one(related="employee_id.department_id", store=True)
    job_id = fields.Many2one(related="employee_id.job_id", store=True)
    program_state = fields.Selection(related="program_id.state", string="Program Status")
    program_charter_version = fields.Integer(related="program_id.charter_version")
    program_charter_code_of_conduct = fields.Html(related="program_id.charter_code_of_conduct")
    program_charter_confidentiality = fields.Html(related="program_id.charter_confidentiality")
    program_charter_escalation_path = fields.Html(related="program_id.charter_escalation_path")
    state = fields.Selection(
        ENROLLMENT_STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        group_expand="_expand_states",
    )
    color = fields.Integer(compute="_compute_color")
    # HR writes why it rejects an intake; the employee reads it in the
    # message they get, not on the record (groups=).
    rejection_reason = fields.Text(
        groups=HR_GROUP,
        copy=False,
        help="Why HR rejects this enrollment; required to reject it, sent to the employee.",
    )
    employee_partner_id = fields.Many2one(
        "res.partner",
        compute="_compute_employee_partner_id",
        compute_sudo=True,
        help="Who the employee's messages go to: their user's contact, else their work contact.",
    )
    is_own_enrollment = fields.Boolean(
        compute="_compute_is_own_enrollment",
        help="The current user is this enrollment's employee.",
    )
    can_manager_approve = fields.Boolean(
        compute="_compute_can_manager_approve",
        help="The current user is the manager who approves this intake before HR.",
    )

    # -- Intake (both roles) -------------------------------------------------
    availability_slot_ids = fields.Many2many(
        "mentorship.availability.slot",
        "mentorship_enrollment_availability_rel",
        "enrollment_id",
        "slot_id",
        string="Availability",
    )
    hours_per_month = fields.Float(
        string="Hours per Month", help="Time this person can give to the mentorship."
    )
    language_ids = fields.Many2many(
        "res.lang",
        "mentorship_enrollment_lang_rel",
        "enrollment_id",
        "lang_id",
        string="Languages",
        domain="[('active', '=', True)]",
    )
    tz = fields.Selection(
        _tz_get,
        string="Time Zone",
        default=lambda self: self.env.user.tz or "UTC",
    )

    # -- Mentee intake --------------------------------------------------------------
    goals = fields.Text(help="What the mentee wants to achieve with a mentor.")
    target_skill_ids = fields.One2many(
        "mentorship.enrollment.skill", "enrollment_id", string="Target Skills"
    )
    target_job_id = fields.Many2one(
        "hr.job",
        string="Target Role",
        check_company=True,
        help="The role the mentee is working towards.",
    )
    learning_style = fields.Selection(
        [
            ("experiential", "Learning by doing"),
            ("observational", "Observing and shadowing"),
            ("conversational", "Discussion and questions"),
            ("reflective", "Reading and reflection"),
        ],
        string="Preferred Learning Style",
    )
    career_driver_ids = fields.Many2many(
        "mentorship.career.driver",
        "mentorship_enrollment_career_driver_rel",
        "enrollment_id",
        "driver_id",
        string="Career Drivers",
    )

    # -- Mentor enrollment ------------------------------------------------------------
    capacity = fields.Integer(
        compute="_compute_capacity",
        store=True,
        readonly=False,
        precompute=True,
        help="How many mentees this mentor takes on at once.",
    )
    expertise_skill_ids = fields.Many2many(
        "hr.employee.skill",
        "mentorship_enrollment_expertise_rel",
        "enrollment_id",
        "employee_skill_id",
        string="Expertise",
        domain="[('employee_id', '=', employee_id)]",
        help="The skills, from the employee's own skills, this mentor offers.",
    )

    # -- Matching -------------------------------------------------------------------------
    mentee_pair_ids = fields.One2many(
        "mentorship.pair", "mentee_enrollment_id", string="Pairs as Mentee"
    )
    mentor_pair_ids = fields.One2many(
        "mentorship.pair", "mentor_enrollment_id", string="Pairs as Mentor"
    )
    mentee_request_ids = fields.One2many(
        "mentorship.request", "mentee_enrollment_id", string="Requests Sent"
    )
    mentor_request_ids = fields.One2many(
        "mentorship.request", "mentor_enrollment_id", string="Requests Received"
    )
    program_matching_mode = fields.Selection(related="program_id.matching_mode")
    open_request_count = fields.Integer(compute="_compute_open_request_count")

    # -- Mentor readiness -----------------------------------------------------------------
    readiness_coaching_aptitude = fields.Integer(
        string="Coaching Aptitude",
        tracking=True,
        groups=HR_GROUP,
        help="1 (low) to 5 (high); 0 = not scored.",
    )
    readiness_time_availability = fields.Integer(
        string="Time Availability",
        tracking=True,
        groups=HR_GROUP,
        help="1 (low) to 5 (high); 0 = not scored.",
    )
    readiness_domain_credibility = fields.Integer(
        string="Domain Credibility",
        tracking=True,
        groups=HR_GROUP,
        help="1 (low) to 5 (high); 0 = not scored.",
    )
    readiness_scored_by_id = fields.Many2one(
        "res.users", string="Scored By", readonly=True, groups=HR_GROUP
    )
    readiness_scored_date = fields.Date(string="Scored On", readonly=True, groups=HR_GROUP)
    rubric_passed = fields.Boolean(
        compute="_compute_rubric_passed",
        store=True,
        help="Every readiness criterion reaches the program's threshold.",
    )
    charter_accepted_version = fields.Integer(readonly=True, copy=False, tracking=True)
    charter_accepted_date = fields.Datetime(readonly=True, copy=False)
    charter_accepted = fields.Boolean(
        compute="_compute_charter_accepted",
        store=True,
        help="The current version of the program's charter is accepted.",
    )
    onboarding_completed = fields.Boolean(
        compute="_compute_onboarding_completed",
        compute_sudo=True,
        search="_search_onboarding_completed",
        help="The program's onboarding course is completed in eLearning.",
    )
    is_ready = fields.Boolean(
        string="Ready to Mentor",
        compute="_compute_readiness",
        compute_sudo=True,
        search="_search_is_ready",
    )
    readiness_blockers = fields.Text(compute="_compute_readiness", compute_sudo=True)
    onboarding_progress = fields.Integer(
        string="Onboarding Progress (%)",
        compute="_compute_onboarding_progress",
        compute_sudo=True,
        help="Share of the onboarding course's contents the mentor has completed.",
    )
    onboarding_url = fields.Char(
        compute="_compute_onboarding_progress",
        compute_sudo=True,
        help="Where the mentor follows the onboarding course in eLearning.",
    )
    ready_notice_sent = fields.Boolean(
        readonly=True,
        copy=False,
        help="The mentor was told that every readiness blocker has cleared.",
    )

    _sql_constraints = [
        (
            "program_employee_role_unique",
            "unique(program_id, employee_id, role)",
            "An employee can enroll only once per program and role.",
        ),
    ]

    def _expand_states(self, states, domain):
        """Kanban columns in the order of the process, empty ones included;
        not the intakes waiting for a line manager, which HR's kanban never
        holds (HR sees them once approved): that column shows only when
        the reader has such intakes."""
        return [
            key
            for key, _label in self._fields["state"].selection
            if key != "manager_review" or key in states
        ]

    # -- Computes --------------------------------------------------------------------
    @api.depends("employee_id", "program_id", "role")
    def _compute_display_name(self):
        role_labels = dict(self._fields["role"].selection)
        # Portal users may not read hr.employee, not even their own record;
        # the name of an enrollment's own employee is no secret to its reader.
        for enrollment in self:
            enrollment.display_name = self.env._(
                "%(employee)s — %(program)s (%(role)s)",
                employee=enrollment.employee_id.sudo().name or "",
                program=enrollment.program_id.name or "",
                role=role_labels.get(enrollment.role, ""),
            )

    @api.depends("employee_id")
    def _compute_user_id(self):
        # Only on employee_id, never on employee_id.user_id: see the field.
        for enrollment in self:
            enrollment.user_id = enrollment.employee_id.sudo().user_id

    @api.depends("user_id", "employee_id.user_id")
    def _compute_user_relinked(self):
        for enrollment in self:
            enrollment.user_relinked = enrollment.user_id != enrollment.employee_id.sudo().user_id

    @api.depends("mentee_request_ids.state", "mentor_request_ids.state")
    def _compute_open_request_count(self):
        for enrollment in self:
            requests = (
                enrollment.mentee_request_ids
                if enrollment.role == "mentee"
                else enrollment.mentor_request_ids
            )
            enrollment.open_request_count = len(requests.filtered(lambda r: r.state == "open"))

    @api.depends_context("uid")
    @api.depends("state", "employee_id.parent_id.user_id")
    def _compute_can_manager_approve(self):
        for enrollment in self:
            enrollment.can_manager_approve = (
                enrollment.state == "manager_review"
                and enrollment._manager_approver() == self.env.user
            )

    @api.depends("user_id", "employee_id.work_contact_id")
    def _compute_employee_partner_id(self):
        for enrollment in self:
            enrollment.employee_partner_id = enrollment._get_learning_partner()

    @api.depends_context("uid")
    @api.depends("user_id")
    def _compute_is_own_enrollment(self):
        for enrollment in self:
            enrollment.is_own_enrollment = enrollment.user_id == self.env.user

    @api.depends("state")
    def _compute_color(self):
        colors = {
            "draft": 0,
            "manager_review": 4,
            "submitted": 2,
            "approved": 10,
            "rejected": 1,
            "withdrawn": 3,
        }
        for enrollment in self:
            enrollment.color = colors.get(enrollment.state, 0)

    @api.depends("role", "program_id")
    def _compute_capacity(self):
        for enrollment in self:
            if enrollment.role != "mentor":
                enrollment.capacity = 0
            elif not enrollment.capacity:
                enrollment.capacity = enrollment.program_id.default_mentor_capacity

    @api.depends(*READINESS_FIELDS, "program_id.readiness_threshold")
    def _compute_rubric_passed(self):
        for enrollment in self:
            threshold = enrollment.program_id.readiness_threshold
            enrollment.rubric_passed = all(
                enrollment[field_name] >= threshold for field_name in READINESS_FIELDS
            )

    @api.depends("charter_accepted_version", "program_id.charter_version")
    def _compute_charter_accepted(self):
        for enrollment in self:
            enrollment.charter_accepted = bool(
                enrollment.charter_accepted_version
                and enrollment.charter_accepted_version == enrollment.program_id.charter_version
            )

    def _get_learning_partner(self):
        """The partner eLearning tracks this employee's course progress on."""
        self.ensure_one()
        return self.user_id.partner_id or self.employee_id.sudo().work_contact_id

    def _get_completed_onboarding_keys(self):
        """Set of (channel id, partner id) whose onboarding course is finished."""
        channels = self.program_id.onboarding_channel_id
        partners = self.env["res.partner"].union(
            *(enrollment._get_learning_partner() for enrollment in self)
        )
        if not channels or not partners:
            return set()
        # Attendance rows of other people are not readable by employees; the
        # query is narrowed to these enrollments' own course and partner.
        memberships_sudo = (
            self.env["slide.channel.partner"]
            .sudo()
            ._read_group(
                [
                    ("channel_id", "in", channels.ids),
                    ("partner_id", "in", partners.ids),
                    ("member_status", "=", "completed"),
                ],
                ["channel_id", "partner_id"],
            )
        )
        return {(channel.id, partner.id) for channel, partner in memberships_sudo}

    @api.depends("program_id.onboarding_channel_id", "user_id")
    def _compute_onboarding_completed(self):
        completed = self._get_completed_onboarding_keys()
        for enrollment in self:
            enrollment.onboarding_completed = (
                enrollment.program_id.onboarding_channel_id.id,
                enrollment._get_learning_partner().id,
            ) in completed

    @api.depends("program_id.onboarding_channel_id", "user_id")
    def _compute_onboarding_progress(self):
        channels = self.program_id.onboarding_channel_id
        partners = self.env["res.partner"].union(
            *(enrollment._get_learning_partner() for enrollment in self)
        )
        progress = {}
        if channels and partners:
            memberships = self.env["slide.channel.partner"].search(
                [("channel_id", "in", channels.ids), ("partner_id", "in", partners.ids)]
            )
            progress = {(m.channel_id.id, m.partner_id.id): m.completion for m in memberships}
        for enrollment in self:
            channel = enrollment.program_id.onboarding_channel_id
            enrollment.onboarding_progress = progress.get(
                (channel.id, enrollment._get_learning_partner().id), 0
            )
            enrollment.onboarding_url = channel.website_url if channel else False

    def _search_onboarding_completed(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on onboarding completion."))
        candidates = self.search([("program_id.onboarding_channel_id", "!=", False)])
        done_ids = candidates.filtered("onboarding_completed").ids
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", done_ids)]

    @api.depends("role", "rubric_passed", "charter_accepted", "onboarding_completed", "program_id")
    def _compute_readiness(self):
        for enrollment in self:
            if enrollment.role != "mentor":
                enrollment.is_ready = False
                enrollment.readiness_blockers = False
                continue
            blockers = enrollment._get_readiness_blockers()
            enrollment.is_ready = not blockers
            enrollment.readiness_blockers = "\n".join(blockers) or False

    def _get_readiness_blockers(self):
        self.ensure_one()
        blockers = []
        program = self.program_id
        if not self.rubric_passed:
            # What HR expects, never HR's scores: the rubric is HR's.
            blockers.append(
                self.env._(
                    "HR's readiness review is not complete: coaching aptitude, time "
                    "availability and domain credibility must each reach %(threshold)s of 5.",
                    threshold=program.readiness_threshold,
                )
            )
        if not self.charter_accepted:
            blockers.append(
                self.env._(
                    "Charter version %(version)s not accepted.",
                    version=program.charter_version,
                )
            )
        if not program.onboarding_channel_id:
            blockers.append(self.env._("The program has no onboarding course."))
        elif not self.onboarding_completed:
            blockers.append(
                self.env._(
                    "Onboarding course %(course)s not completed (%(progress)s%% done).",
                    course=program.onboarding_channel_id.name,
                    progress=self.onboarding_progress,
                )
            )
        return blockers

    def _search_is_ready(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on mentor readiness."))
        candidates = self.search(
            [
                ("role", "=", "mentor"),
                ("rubric_passed", "=", True),
                ("charter_accepted", "=", True),
                ("program_id.onboarding_channel_id", "!=", False),
            ]
        )
        ready_ids = candidates.filtered("onboarding_completed").ids
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", ready_ids)]

    # -- Constraints -------------------------------------------------------------------
    @api.constrains("employee_id")
    def _check_employee_active(self):
        for enrollment in self:
            employee_sudo = enrollment.employee_id.sudo()
            if not employee_sudo.active:
                raise ValidationError(
                    self.env._(
                        "Enrollment in %(program)s: employee %(employee)s is "
                        "archived and cannot be enrolled.",
                        program=enrollment.program_id.display_name,
                        employee=employee_sudo.name,
                    )
                )

    @api.constrains("capacity", "role", "program_id")
    def _check_capacity(self):
        for enrollment in self.filtered(lambda e: e.role == "mentor"):
            maximum = enrollment.program_id.max_mentor_capacity
            if not 1 <= enrollment.capacity <= maximum:
                raise ValidationError(
                    self.env._(
                        "Enrollment %(enrollment)s: Capacity must be between 1 "
                        "and the program maximum of %(max)s (got %(value)s).",
                        enrollment=enrollment.display_name,
                        max=maximum,
                        value=enrollment.capacity,
                    )
                )

    @api.constrains(*READINESS_FIELDS)
    def _check_readiness_scores(self):
        for enrollment in self:
            for field_name in READINESS_FIELDS:
                if not 0 <= enrollment[field_name] <= 5:
                    raise ValidationError(
                        self.env._(
                            "Enrollment %(enrollment)s: %(field)s must be a score "
                            "from 1 to 5 (got %(value)s).",
                            enrollment=enrollment.display_name,
                            field=self._fields[field_name].string,
                            value=enrollment[field_name],
                        )
                    )

    def _check_no_duplicates(self, vals_list):
        """Refuse a second enrollment of an employee in a program and role.

        The SQL constraint would refuse it too, but without saying who.
        """
        keys = [
            (vals.get("program_id"), vals.get("employee_id"), vals.get("role", "mentee"))
            for vals in vals_list
        ]
        existing = self.sudo().search(
            [
                ("program_id", "in", [key[0] for key in keys]),
                ("employee_id", "in", [key[1] for key in keys]),
            ]
        )
        taken = {(e.program_id.id, e.employee_id.id, e.role) for e in existing}
        for key in keys:
            if key in taken:
                program = self.env["mentorship.program"].browse(key[0]).sudo()
                employee = self.env["hr.employee"].browse(key[1]).sudo()
                raise ValidationError(
                    self.env._(
                        "%(employee)s is already enrolled in %(program)s as %(role)s.",
                        employee=employee.name,
                        program=program.name,
                        role=dict(self._fields["role"].selection)[key[2]],
                    )
                )
            taken.add(key)

    @api.constrains("expertise_skill_ids", "employee_id")
    def _check_expertise_is_own(self):
        """A mentor offers their own skills, never a colleague's."""
        for enrollment in self.sudo():
            foreign = enrollment.expertise_skill_ids.filtered(
                lambda skill, e=enrollment: skill.employee_id != e.employee_id
            )
            if foreign:
                raise ValidationError(
                    self.env._(
                        "Enrollment %(enrollment)s: 'Expertise' (expertise_skill_ids) lists "
                        "skills of someone else (%(skills)s); pick from %(employee)s's own "
                        "skills.",
                        enrollment=enrollment.display_name,
                        skills=", ".join(foreign.skill_id.mapped("name")),
                        employee=enrollment.employee_id.name,
                    )
                )

    # -- ORM overrides ---------------------------------------------------------------------
    def _is_mentorship_manager(self):
        return self.env.su or self.env.user.has_group(HR_GROUP)

    @api.model_create_multi
    def create(self, vals_list):
        is_manager = self._is_mentorship_manager()
        # Defaults (employee, role, program from the context) are needed to
        # check duplicates and the enrollment window before anything is stored.
        with_defaults = [self._add_missing_default_values(vals) for vals in vals_list]
        if not is_manager:
            for vals in with_defaults:
                # Read as superuser so that a draft program, which employees
                # cannot see, gets this message rather than an access error.
                program = self.env["mentorship.program"].sudo().browse(vals.get("program_id"))
                if program and not program._is_accepting_enrollments():
                    raise UserError(
                        self.env._(
                            "Program %(program)s is not open for enrollment.",
                            program=program.display_name,
                        )
                    )
        self._check_no_duplicates(with_defaults)
        enrollments = super().create(vals_list)
        if not self.env.su:
            # HR enrolled someone (one by one or in bulk): they are invited to
            # complete their intake. Who enrolls themselves needs no e-mail.
            enrollments.filtered(lambda e: e.user_id != self.env.user)._send_employee_mails(
                INVITED_MAIL_TEMPLATE
            )
        # A participant's profile (mentorship.profile) starts with their first enrollment.
        self.env["mentorship.profile"].sudo()._ensure_for_employees(enrollments.employee_id)
        return enrollments

    def write(self, vals):
        result = super().write(vals)
        if any(field_name in vals for field_name in READINESS_FIELDS):
            self._system_write(
                {
                    "readiness_scored_by_id": self.env.user.id,
                    "readiness_scored_date": fields.Date.context_today(self),
                }
            )
            self._notify_if_ready()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_paired(self):
        """Pairs, sessions and plans hang on their enrollments: an enrollment
        that was ever paired is withdrawn, never deleted."""
        paired = self.sudo().filtered(lambda e: e.mentee_pair_ids or e.mentor_pair_ids)
        if paired:
            raise UserError(
                self.env._(
                    "Enrollment %(enrollment)s has pairs: deleting it would erase their "
                    "sessions, plans and the program's figures. Withdraw it instead.",
                    enrollment=paired[0].display_name,
                )
            )

    @api.model
    def name_search(self, name="", args=None, operator="ilike", limit=100):
        """With ``mentorship_rank_run`` and ``mentorship_rank_mentee`` in the
        context (the mentor field of HR's proposal form), mentors come ranked
        for that mentee: allowed ones by score with their free seats, then the
        excluded ones, each marked with the rule that excludes it."""
        context = self.env.context
        run_id, mentee_id = (
            context.get("mentorship_rank_run"),
            context.get("mentorship_rank_mentee"),
        )
        if not (run_id and mentee_id and self.env.user.has_group(HR_GROUP)):
            return super().name_search(name, args, operator, limit)
        run = self.env["mentorship.match.run"].browse(run_id)
        mentee = self.browse(mentee_id)
        run.check_access("read")
        mentee.check_access("read")
        found = dict(super().name_search(name, args, operator, limit=None))
        proposal = self.env["mentorship.match.proposal"].browse(
            context.get("mentorship_rank_proposal") or ()
        )
        ranked = []
        for reviewed in MentorReview(run, mentee, proposal.exists()).mentors():
            if reviewed.mentor.id in found:
                ranked.append((reviewed.mentor.id, choice_label(self.env, reviewed)))
        ranked_ids = {mentor_id for mentor_id, _label in ranked}
        # Whatever else the domain lets through (no mentor of this program).
        ranked += [(rid, label) for rid, label in found.items() if rid not in ranked_ids]
        return ranked[:limit] if limit else ranked

    # -- Import from an HR system --------------------------------------------------------
    @api.model
    def import_rows(self, program_id, rows, dry_run=False):
        """Enroll in program ``program_id`` the employees of ``rows``, read
        from an HR system's file: a list of {column: text}, the first being
        the file's row 2 (row 1 is its header). The columns and how each cell
        is read are in ``importing/enrollment_file.py`` and
        ``models/enrollment_import.py``.

        All or nothing: every row is checked first; with any error nothing
        is created and every error is returned, each naming its row and
        column. ``dry_run`` checks only, with the same errors. For
        Mentorship Managers only, whatever the client (the wizard, RPC).

        Returns ``{"errors": [{"row": n, "column": "...", "reason": "..."}],
        "created": number of enrollments created, "dry_run": bool}``.
        """
        errors, enrollments = self._import_enrollments(program_id, rows, dry_run=dry_run)
        return {"errors": errors, "created": len(enrollments), "dry_run": bool(dry_run)}

    @api.model
    def _import_enrollments(self, program_id, rows, dry_run=False):
        """``(errors, the enrollments created)`` of :meth:`import_rows`."""
        if not self._is_mentorship_manager():
            raise AccessError(self.env._("Only a Mentorship Manager can import enrollments."))
        if isinstance(program_id, bool) or not isinstance(program_id, int):
            raise UserError(
                self.env._(
                    "Import of enrollments: %(value)r is not the id of a program.",
                    value=program_id,
                )
            )
        program = self.env["mentorship.program"].browse(program_id)
        program.check_access("read")
        if program.state == "closed":
            raise UserError(
                self.env._(
                    "Program %(program)s is closed; it takes no new enrollments.",
                    program=program.display_name,
                )
            )
        errors, checked = EnrollmentRowImporter(program).check(rows)
        if errors or dry_run:
            return errors, self.browse()
        # A mentor's expertise they do not hold yet becomes one of their
        # employee skills, as on the portal intake: created by the system,
        # for the employees and skills the rows were checked for.
        new_skills = [
            (vals["employee_id"], skill, level)
            for _number, vals, new_expertise in checked
            for skill, level in new_expertise
        ]
        created_sudo = (
            self.env["hr.employee.skill"]
            .sudo()
            .create(
                [
                    {
                        "employee_id": employee_id,
                        "skill_type_id": skill.skill_type_id.id,
                        "skill_id": skill.id,
                        "skill_level_id": level.id,
                    }
                    for employee_id, skill, level in new_skills
                ]
            )
        )
        new_by_key = {(held.employee_id.id, held.skill_id.id): held.id for held in created_sudo}
        vals_list = []
        for _number, vals, new_expertise in checked:
            if new_expertise:
                linked = vals.get("expertise_skill_ids", [Command.set([])])[0][2]
                vals["expertise_skill_ids"] = [
                    Command.set(
                        [
                            *linked,
                            *(
                                new_by_key[(vals["employee_id"], skill.id)]
                                for skill, _l in new_expertise
                            ),
                        ]
                    )
                ]
            vals_list.append(vals)
        enrollments = self.browse()
        for start in range(0, len(vals_list), IMPORT_BATCH_SIZE):
            enrollments |= self.create(vals_list[start : start + IMPORT_BATCH_SIZE])
        return [], enrollments

    # -- Match review: the profile shown beside the other side's ---------------------------
    def _match_profile_rows(self):
        """{key: (label, value)} of what this enrollment tells about its
        person, for HR's side-by-side view of a proposal's mentee and mentor;
        a new row of the profile is one more key here."""
        self.ensure_one()
        enrollment = self.sudo()
        employee = enrollment.employee_id
        tz_labels = dict(self._fields["tz"]._description_selection(self.env))
        if enrollment.role == "mentee":
            skills = ", ".join(
                self.env._(
                    "%(skill)s: %(current)s → %(target)s",
                    skill=line.skill_id.name,
                    current=line.current_level_id.name or self.env._("none"),
                    target=line.target_level_id.name or "",
                )
                for line in enrollment.target_skill_ids
            )
        else:
            skills = ", ".join(
                self.env._(
                    "%(skill)s (%(level)s)",
                    skill=line.skill_id.name,
                    level=line.skill_level_id.name or "",
                )
                for line in enrollment.expertise_skill_ids
            )
        return {
            "job": (self.env._("Job"), employee.job_title or employee.job_id.name or ""),
            "department": (self.env._("Department"), employee.department_id.name or ""),
            "languages": (
                self.env._("Languages"),
                ", ".join(enrollment.language_ids.mapped("name")),
            ),
            "tz": (self.env._("Time Zone"), tz_labels.get(enrollment.tz, enrollment.tz or "")),
            "availability": (
                self.env._("Availability"),
                ", ".join(enrollment.availability_slot_ids.mapped("display_name")),
            ),
            "skills": (
                self.env._("Target Skills (now → target)")
                if enrollment.role == "mentee"
                else self.env._("Expertise (level)"),
                skills,
            ),
        }

    # -- Actions -------------------------------------------------------------------------------
    def _check_own_or_manager(self):
        """Raise unless the caller is this enrollment's employee or a manager."""
        self.check_access("write")
        if self._is_mentorship_manager():
            return
        for enrollment in self:
            if enrollment.user_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "Only %(employee)s or a Mentorship Manager can do this on %(enrollment)s.",
                        employee=enrollment.employee_id.sudo().name,
                        enrollment=enrollment.display_name,
                    )
                )

    def _get_intake_problems(self):
        """What is missing before the intake can be submitted.

        Called on a record whose access was checked; expertise rows are
        hr.employee.skill, which portal users cannot read themselves.
        """
        self.ensure_one()
        self = self.sudo()  # noqa: PLW0642
        problems = []
        if self.role == "mentee":
            if not (self.goals or "").strip():
                problems.append(self.env._("Goals are empty"))
            if not self.target_skill_ids:
                problems.append(self.env._("no Target Skills are listed"))
        else:
            if not self.expertise_skill_ids:
                problems.append(self.env._("no Expertise is selected"))
        if not self.availability_slot_ids:
            problems.append(self.env._("no Availability is selected"))
        return problems

    def action_submit(self):
        self._check_own_or_manager()
        self._check_state(("draft",), self.env._("submitted"))
        for enrollment in self:
            problems = enrollment._get_intake_problems()
            if problems:
                raise UserError(
                    self.env._(
                        "Enrollment %(enrollment)s is incomplete: %(problems)s.",
                        enrollment=enrollment.display_name,
                        problems="; ".join(problems),
                    )
                )
        to_managers = self.filtered(lambda e: e._manager_approver())
        (self - to_managers)._system_write({"state": "submitted"})
        to_managers._system_write({"state": "manager_review"})
        for enrollment in to_managers.sudo():
            approver = enrollment._manager_approver()
            enrollment.activity_schedule(
                MANAGER_APPROVAL_ACTIVITY,
                user_id=approver.id,
                summary=self.env._("Approve a mentorship enrollment"),
                note=self.env._(
                    "%(employee)s asks to be mentored in %(program)s: approve or decline the "
                    "enrollment before HR reviews it.",
                    employee=enrollment.employee_id.name,
                    program=enrollment.program_id.name,
                ),
            )
        return True

    # -- Manager approval ------------------------------------------------------------
    def _manager_approver(self):
        """The user who approves this mentee intake before HR: the user of
        the employee's current manager, when the program asks for it; else
        an empty recordset (the intake goes to HR directly)."""
        self.ensure_one()
        enrollment = self.sudo()
        if enrollment.role != "mentee" or not enrollment.program_id.manager_approval:
            return self.env["res.users"]
        approver = enrollment.employee_id.parent_id.user_id
        if not approver or approver == enrollment.user_id or approver.share:
            return self.env["res.users"]
        return approver

    def _check_manager_approver(self, action_label):
        """The employee's current manager decides; when the employee no
        longer has a manager with a user (moved, manager left), a Mentorship
        Manager decides in their place, so that no intake waits forever."""
        self._check_state(("manager_review",), action_label)
        for enrollment in self:
            approver = enrollment._manager_approver()
            if not approver and self._is_mentorship_manager():
                continue
            if self.env.user != approver and not self.env.su:
                raise AccessError(
                    self.env._(
                        "Only the manager of %(employee)s can %(action)s %(enrollment)s.",
                        employee=enrollment.employee_id.sudo().name,
                        action=action_label,
                        enrollment=enrollment.display_name,
                    )
                )

    def _close_manager_activities(self, feedback):
        activity_type = self.env.ref(MANAGER_APPROVAL_ACTIVITY)
        self.sudo().activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        ).action_feedback(feedback=feedback)

    def action_manager_approve(self):
        """The employee's manager agrees: HR now reviews the intake."""
        self._check_manager_approver(self.env._("approve"))
        self._system_write({"state": "submitted"})
        self._close_manager_activities(
            self.env._("Approved by %(manager)s.", manager=self.env.user.name)
        )
        return True

    def action_manager_decline(self):
        """The employee's manager declines: the intake is rejected and goes
        no further; the employee may reset it to intake and try again."""
        self._check_manager_approver(self.env._("decline"))
        self._system_write({"state": "rejected"})
        self._close_manager_activities(
            self.env._("Declined by %(manager)s.", manager=self.env.user.name)
        )
        return True

    def action_withdraw(self):
        self._check_own_or_manager()
        self._check_state(
            ("draft", "manager_review", "submitted", "approved"), self.env._("withdrawn")
        )
        self._system_write({"state": "withdrawn"})
        return True

    def action_reset_to_intake(self):
        self._check_own_or_manager()
        self._check_state(("rejected", "withdrawn"), self.env._("reset to intake"))
        self._system_write({"state": "draft"})
        return True

    def _check_manager(self):
        if not self._is_mentorship_manager():
            raise AccessError(
                self.env._("Only a Mentorship Manager can approve or reject enrollments.")
            )

    def action_approve(self):
        self._check_manager()
        self._check_state(("submitted",), self.env._("approved"))
        self._system_write({"state": "approved"})
        self._send_employee_mails(APPROVED_MAIL_TEMPLATE)
        return True

    def action_reject(self):
        """HR says no, with the reason the employee is told."""
        self._check_manager()
        self._check_state(("submitted", "approved"), self.env._("rejected"))
        for enrollment in self:
            if not (enrollment.sudo().rejection_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Enrollment %(enrollment)s: %(field)s is required to reject it; the "
                        "employee is told why.",
                        enrollment=enrollment.display_name,
                        field=self._field_label("rejection_reason"),
                    )
                )
        self._system_write({"state": "rejected"})
        self._send_employee_mails(REJECTED_MAIL_TEMPLATE)
        return True

    # -- Messages to the employee ------------------------------------------------------
    def _send_employee_mails(self, template_xmlid):
        """One e-mail per enrollment to its employee, from the template, in
        mass mode (rendered in batches, queued), logged in the chatter."""
        enrollments = self.sudo().filtered("employee_partner_id")
        if enrollments:
            enrollments.message_mail_with_source(self.env.ref(template_xmlid), force_send=False)
            # The composer's fields left to compute are computed now, as the
            # system: flushed later in a portal user's request (a mentor
            # finishing the onboarding course), they are refused.
            enrollments.env.flush_all()

    def _notify_if_ready(self):
        """Tell each mentor whose last readiness blocker just cleared, once:
        the mark stays even if a new charter version blocks them again."""
        ready = self.sudo().filtered(
            lambda e: e.role == "mentor" and not e.ready_notice_sent and e.is_ready
        )
        if ready:
            ready._system_write({"ready_notice_sent": True})
            ready._send_employee_mails(READY_MAIL_TEMPLATE)

    def action_accept_charter(self):
        """Accept the charter version the user was shown.

        The version comes from the caller (context key ``charter_version``) so
        that a charter changed in the meantime is never accepted unseen.
        """
        version = self.env.context.get("charter_version")
        for enrollment in self:
            if enrollment.user_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "Only %(employee)s can accept the charter for %(enrollment)s.",
                        employee=enrollment.employee_id.sudo().name,
                        enrollment=enrollment.display_name,
                    )
                )
            current = enrollment.program_id.charter_version
            if version != current:
                raise UserError(
                    self.env._(
                        "Enrollment %(enrollment)s: charter version %(version)s is "
                        "no longer current; please read version %(current)s and "
                        "accept it.",
                        enrollment=enrollment.display_name,
                        version=version,
                        current=current,
                    )
                )
        self.check_access("write")
        self._system_write(
            {"charter_accepted_version": version, "charter_accepted_date": fields.Datetime.now()}
        )
        self._notify_if_ready()
        return True

    def action_transfer_to_employee_user(self):
        """Hand the enrollments over to their employee's current user, after
        HR re-linked the employee to another user: from now on that user sees
        and works this mentorship. A Mentorship Administrator's decision,
        logged; the previous user's private notes stay theirs."""
        if not (
            self.env.su or self.env.user.has_group("mentorship_program.group_mentorship_admin")
        ):
            raise AccessError(
                self.env._(
                    "Only a Mentorship Administrator can hand an enrollment to another user."
                )
            )
        self.check_access("write")
        for enrollment in self.sudo():
            new_user = enrollment.employee_id.user_id
            if new_user == enrollment.user_id:
                continue
            previous = enrollment.user_id
            enrollment.write({"user_id": new_user.id})
            enrollment._message_log(
                body=self.env._(
                    "Handed over from %(previous)s to %(user)s by %(name)s.",
                    previous=previous.name or self.env._("no user"),
                    user=new_user.name or self.env._("no user"),
                    name=self.env.user.name,
                )
            )
        return True

    def action_open_onboarding_course(self):
        """Join the mentor onboarding course and open it in eLearning."""
        self.ensure_one()
        self._check_own_or_manager()
        channel = self.program_id.onboarding_channel_id
        if not channel:
            raise UserError(
                self.env._(
                    "Program %(program)s has no onboarding course.",
                    program=self.program_id.display_name,
                )
            )
        partner = self._get_learning_partner()
        if partner:
            # Joining a course is a self-service step in eLearning too.
            channel.sudo()._action_add_members(partner)
        return {"type": "ir.actions.act_url", "url": channel.website_url, "target": "new"}

    # -- Self-request mode -----------------------------------------------------------------
    def _has_live_core_pair(self):
        self.ensure_one()
        return bool(
            self.env["mentorship.pair"]
            .sudo()
            .search_count(
                [
                    ("mentee_enrollment_id", "=", self.id),
                    ("kind", "=", "core"),
                    ("state", "in", LIVE_PAIR_STATES),
                ],
                limit=1,
            )
        )

    def _seats_left(self):
        """Mentees this mentor can still take: capacity minus live pairs."""
        self.ensure_one()
        used = (
            self.env["mentorship.pair"]
            .sudo()
            .search_count(
                [("mentor_enrollment_id", "=", self.id), ("state", "in", LIVE_PAIR_STATES)]
            )
        )
        return self.capacity - used

    def _check_own_mentee_enrollment(self):
        """Raise unless the caller is this mentee enrollment's own employee."""
        self.ensure_one()
        self.check_access("read")
        if self.user_id != self.env.user:
            raise AccessError(
                self.env._(
                    "Only %(employee)s can choose a mentor for %(enrollment)s.",
                    employee=self.employee_id.sudo().name,
                    enrollment=self.display_name,
                )
            )
        if self.role != "mentee":
            raise UserError(
                self.env._(
                    "%(enrollment)s is a mentor enrollment: only mentees ask for a mentor.",
                    enrollment=self.display_name,
                )
            )

    def _get_mentor_suggestions(self):
        """The program's best mentors for this mentee, as
        :class:`MentorSuggestion`, best first (mentee or manager only)."""
        self.ensure_one()
        if not self._is_mentorship_manager():
            self._check_own_mentee_enrollment()
        return MentorSuggester(self).suggestions(limit=self.program_id.suggestion_count)

    def _explain_no_suggestion(self):
        """When no mentor can be suggested to this mentee: the reasons, in
        sentences for the mentee (rules and counts, never a name), and what
        happens next; HR is told once, however often the page is opened.
        An empty list when there is something to suggest."""
        self.ensure_one()
        if not self._is_mentorship_manager():
            self._check_own_mentee_enrollment()
        reasons = MentorSuggester(self).empty_reasons()
        if not reasons:
            return []
        sentences = empty_sentences(self.env, reasons)
        self._notify_hr_without_suggestion(sentences)
        return [
            *sentences,
            self.env._(
                "You wait for HR's next matching run: HR has been told that no mentor "
                "can be suggested to you yet."
            ),
        ]

    def _notify_hr_without_suggestion(self, sentences):
        """One activity for the program's first manager while none is open."""
        enrollment = self.sudo()
        activity_type = self.env.ref(NO_SUGGESTION_ACTIVITY)
        if (
            self.env["mail.activity"]
            .sudo()
            .search_count(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "=", enrollment.id),
                    ("activity_type_id", "=", activity_type.id),
                ],
                limit=1,
            )
        ):
            return
        program = enrollment.program_id
        enrollment.activity_schedule(
            NO_SUGGESTION_ACTIVITY,
            user_id=(program.manager_user_ids[:1] or program.create_uid).id,
            note=self.env._(
                "No mentor can be suggested to %(mentee)s in program %(program)s: "
                "%(reasons)s Match them in the next run, or approve or free a mentor.",
                mentee=enrollment.employee_id.name,
                program=program.display_name,
                reasons=" ".join(sentences),
            ),
        )

    def action_request_mentor(self, mentor_enrollment_id, message=""):
        """Send a request to one mentor; only the mentee does this."""
        self._check_own_mentee_enrollment()
        mentor = self.browse(mentor_enrollment_id).sudo().exists()
        if not mentor or mentor.role != "mentor" or mentor.program_id != self.program_id:
            # An id that is no mentor of the program, or no record at all:
            # one answer, that names nobody.
            raise UserError(
                self.env._(
                    "Enrollment %(id)s is not a mentor of program %(program)s: ask one of "
                    "your suggested mentors.",
                    id=mentor_enrollment_id,
                    program=self.program_id.display_name,
                )
            )
        return self.env["mentorship.request"]._send(self, mentor, message)

    def action_find_mentor(self):
        """Open the mentor suggestions of this mentee."""
        self.ensure_one()
        self._check_own_mentee_enrollment()
        wizard = self.env["mentorship.mentor.suggestion"].create({"mentee_enrollment_id": self.id})
        wizard._load_suggestions()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Suggested Mentors"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }
