import logging

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html2plaintext

from ..analytics import (
    TARGET_STATUSES,
    TARGETS,
    guard_supply_demand,
    mentor_supply_demand,
    mentoring_cost,
    target_actuals,
    target_status,
)
from ..automation import process_in_batches
from ..pair_states import COUNTED_END_STATES, LIVE_PAIR_STATES, RUNNING_PAIR_STATES
from ..program_settings import MATCH_WEIGHT_FIELDS, SETTINGS, bound_problems, program_fields
from .outcome_results import (
    outcome_comparison_figures,
    program_outcomes,
    render_outcome_comparison,
)
from .survey_results import load_survey_figures, render_survey_results
from .window_action import window_action

_logger = logging.getLogger(__name__)

CHARTER_FIELDS = (
    "charter_code_of_conduct",
    "charter_confidentiality",
    "charter_escalation_path",
)
# The activity the managers get when a program's survey cannot be sent.
SURVEY_MISSING_ACTIVITIES = {
    "pulse_survey_id": "mentorship_program.mail_activity_type_program_pulse_survey_missing",
    "closure_survey_id": "mentorship_program.mail_activity_type_program_closure_survey_missing",
}
# How pairs ended, one count per end state (the smart buttons of the form).
CLOSURE_COUNT_FIELDS = {
    state: f"pair_{state}_count" for state in (*COUNTED_END_STATES, "rematched", "declined")
}
HR_GROUP = "mentorship_program.group_mentorship_manager"


def _overview_items(now):
    """HR's to-do list on the overview, declared once: for each item, the
    model, the domain of its records (a program's are those with its
    ``program_id``) and the action listing them."""
    return {
        "enrollments_to_review": (
            "mentorship.enrollment",
            [("state", "=", "submitted")],
            "mentorship_program.mentorship_enrollment_action",
        ),
        "mentors_blocked": (
            "mentorship.enrollment",
            [("role", "=", "mentor"), ("state", "=", "approved"), ("is_ready", "=", False)],
            "mentorship_program.mentorship_enrollment_action_mentor",
        ),
        "runs_to_publish": (
            "mentorship.match.run",
            [("state", "=", "proposed")],
            "mentorship_program.mentorship_match_run_action",
        ),
        "pairs_at_risk": (
            "mentorship.pair",
            [("state", "in", RUNNING_PAIR_STATES), ("health", "=", "at_risk")],
            "mentorship_program.mentorship_pair_action",
        ),
        "pairs_stalled": (
            "mentorship.pair",
            [("state", "in", RUNNING_PAIR_STATES), ("health", "=", "stalled")],
            "mentorship_program.mentorship_pair_action",
        ),
        "sessions_to_log": (
            "mentorship.session",
            [("state", "=", "planned"), ("date_start", "<", now)],
            "mentorship_program.mentorship_session_action",
        ),
        "reviews_due": (
            "mentorship.review",
            [("state", "=", "draft")],
            "mentorship_program.mentorship_review_action",
        ),
        "pairs_on_track": (
            "mentorship.pair",
            [("state", "in", RUNNING_PAIR_STATES), ("health", "=", "on_track")],
            "mentorship_program.mentorship_pair_action",
        ),
    }


class MentorshipProgram(models.Model):
    """A mentorship program: why it exists, how it runs and who governs it."""

    _name = "mentorship.program"
    _description = "Mentorship Program"
    _inherit = [
        "mentorship.thread.guard",
        "mail.thread",
        "mail.activity.mixin",
        "mentorship.guarded.mixin",
        "mentorship.portal.mixin",
    ]
    # A participant's view of the program: purpose, format, dates, cadence
    # and charter, never HR's fields (controllers/portal.py).
    _mentorship_portal_path = "/my/mentorship/program/{id}"
    _order = "sequence, date_start desc, id desc"
    _check_company_auto = True
    # HR designs the program; its state, charter version and figures follow
    # from its actions and its pairs. Its company is chosen once.
    _client_create_fields = frozenset({"company_id"})
    _client_write_fields = frozenset(
        {
            "name",
            "sequence",
            "active",
            "color",
            "purpose",
            "objectives",
            "target_time_to_competence_days",
            "target_retention_rate",
            "target_promotion_rate",
            "program_format",
            "enrollment_date_start",
            "enrollment_date_end",
            "date_start",
            "date_end",
            "cadence_ids",
            "charter_code_of_conduct",
            "charter_confidentiality",
            "charter_escalation_path",
            "onboarding_channel_id",
            "resource_channel_ids",
            "library_channel_id",
            "plan_step_ids",
            "sponsor_id",
            "steering_member_ids",
            "manager_user_ids",
            "budget_amount",
            "milestone_ids",
            "pulse_survey_id",
            "closure_survey_id",
            *SETTINGS,
        }
    )
    _text_limits = {
        "charter_code_of_conduct": 200_000,
        "charter_confidentiality": 200_000,
        "charter_escalation_path": 200_000,
    }

    # -- Identity and purpose -------------------------------------------------
    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    purpose = fields.Text(
        help="Why the program exists: the skills, behaviours and outcomes it targets."
    )
    objectives = fields.Html(sanitize_style=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("open", "Enrollment Open"),
            ("running", "Running"),
            ("closed", "Closed"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )

    # -- Success-metric targets -----------------------------------------------
    # HR's: participants see a program's purpose, format, dates, cadence and
    # charter, never its targets, budget, governance or matching settings.
    target_time_to_competence_days = fields.Integer(
        groups=HR_GROUP,
        string="Target Time-to-Competence (days)",
        help="Days in which a mentee should reach the target level of a skill.",
    )
    target_retention_rate = fields.Float(
        groups=HR_GROUP,
        string="Target Retention (%)",
        help="Share of high-potential participants still with the company a "
        "year after the program.",
    )
    target_promotion_rate = fields.Float(
        groups=HR_GROUP,
        string="Target Promotion (%)",
        help="Share of mentees promoted within a year of completing the program.",
    )

    # -- Format and rhythm -------------------------------------------------------
    program_format = fields.Selection(
        [("cohort", "Cohort"), ("evergreen", "Evergreen")],
        string="Format",
        required=True,
        default="cohort",
        tracking=True,
    )
    enrollment_date_start = fields.Date(string="Enrollment Opens")
    enrollment_date_end = fields.Date(string="Enrollment Closes")
    date_start = fields.Date(string="Start Date", tracking=True)
    date_end = fields.Date(string="End Date", tracking=True)
    cadence_ids = fields.One2many(
        "mentorship.program.cadence", "program_id", string="Meeting Cadence", copy=True
    )

    # -- Charter -------------------------------------------------------------------
    charter_code_of_conduct = fields.Html(string="Code of Conduct", sanitize_style=True)
    charter_confidentiality = fields.Html(string="Confidentiality Boundaries", sanitize_style=True)
    charter_escalation_path = fields.Html(string="Escalation Path", sanitize_style=True)
    charter_version = fields.Integer(
        default=1,
        readonly=True,
        copy=False,
        tracking=True,
        help="Raised each time the charter text changes once enrollment has "
        "opened; everyone must accept the new version again.",
    )

    # -- Learning and intake --------------------------------------------------
    onboarding_channel_id = fields.Many2one(
        "slide.channel",
        string="Mentor Onboarding Course",
        help="eLearning course every mentor must complete before being matched.",
    )
    resource_channel_ids = fields.Many2many(
        "slide.channel",
        "mentorship_program_resource_channel_rel",
        "program_id",
        "channel_id",
        string="Resource Courses",
    )
    library_channel_id = fields.Many2one(
        "slide.channel",
        string="Library Course",
        help="eLearning course with the program's case studies, templates and best "
        "practices; every pair's plan links to it.",
    )
    plan_step_ids = fields.One2many(
        "mentorship.program.plan.step",
        "program_id",
        string="90-Day Plan Template",
        copy=True,
        default=lambda self: self._default_plan_step_commands(),
        help="Milestones every pair's plan starts with, due so many days after the pair starts.",
    )

    # -- Governance ---------------------------------------------------------------
    sponsor_id = fields.Many2one("hr.employee", check_company=True)
    steering_member_ids = fields.Many2many(
        "hr.employee",
        "mentorship_program_steering_rel",
        "program_id",
        "employee_id",
        string="Steering Group",
        check_company=True,
        groups=HR_GROUP,
    )
    manager_user_ids = fields.Many2many(
        "res.users",
        "mentorship_program_manager_rel",
        "program_id",
        "user_id",
        string="Program Managers",
        default=lambda self: self.env.user,
    )
    budget_amount = fields.Monetary(string="Budget Envelope", groups=HR_GROUP)
    milestone_ids = fields.One2many(
        "mentorship.program.milestone",
        "program_id",
        string="Scaling Milestones",
        groups=HR_GROUP,
    )

    # -- Targets against actuals, budget against the cost of mentoring time ------------
    # Computed when read, never stored (nothing a client could write): for HR.
    target_time_to_competence_actual = fields.Char(
        string="Actual Time-to-Competence",
        compute="_compute_target_actuals",
        groups=HR_GROUP,
        help="Average days to reach the target level of a skill objective, over the "
        "objectives the program's mentees reached.",
    )
    target_time_to_competence_status = fields.Selection(
        TARGET_STATUSES,
        string="Time-to-Competence Status",
        compute="_compute_target_actuals",
        groups=HR_GROUP,
    )
    target_retention_actual = fields.Char(
        string="Actual Retention",
        compute="_compute_target_actuals",
        groups=HR_GROUP,
        help="Share of the mentees of the program's pairs that started who are still "
        "active employees today.",
    )
    target_retention_status = fields.Selection(
        TARGET_STATUSES,
        string="Retention Status",
        compute="_compute_target_actuals",
        groups=HR_GROUP,
    )
    target_promotion_actual = fields.Char(
        string="Actual Promotion",
        compute="_compute_target_actuals",
        groups=HR_GROUP,
        help="Share of the mentees of the program's pairs that started who were promoted "
        "since their pair started.",
    )
    target_promotion_status = fields.Selection(
        TARGET_STATUSES,
        string="Promotion Status",
        compute="_compute_target_actuals",
        groups=HR_GROUP,
    )
    mentoring_hours = fields.Float(
        compute="_compute_mentoring_cost",
        groups=HR_GROUP,
        help="Time spent in the program's sessions logged as done.",
    )
    mentoring_cost = fields.Monetary(
        string="Cost of Mentoring Time",
        compute="_compute_mentoring_cost",
        groups=HR_GROUP,
        help="Each done session's time spent times the hourly cost of its mentor plus that "
        "of its mentee (both give their time), at today's hourly costs.",
    )
    mentoring_cost_available = fields.Boolean(
        compute="_compute_mentoring_cost",
        groups=HR_GROUP,
        help="Employees have an hourly cost (module Employee Hourly Wage, hr_hourly_cost).",
    )
    budget_used_rate = fields.Float(
        string="Budget Used (%)",
        compute="_compute_mentoring_cost",
        groups=HR_GROUP,
    )
    mentoring_cost_note = fields.Char(
        string="About the Cost",
        compute="_compute_mentoring_cost",
        groups=HR_GROUP,
    )

    # -- Settings (program_settings.py: rhythm, capacity, privacy, matching) ------------
    # Declared once in that table, with their defaults (from the company's
    # Settings for some) and bounds; the weights' proportions are what count.
    locals().update(program_fields())

    # -- Matching ---------------------------------------------------------------------
    match_run_ids = fields.One2many(
        "mentorship.match.run",
        "program_id",
        string="Match Runs",
        groups="mentorship_program.group_mentorship_manager",
    )
    match_run_count = fields.Integer(
        compute="_compute_match_counts", groups="mentorship_program.group_mentorship_manager"
    )
    pair_count = fields.Integer(
        compute="_compute_match_counts", groups="mentorship_program.group_mentorship_manager"
    )
    pair_completed_count = fields.Integer(
        compute="_compute_closure_counts", groups="mentorship_program.group_mentorship_manager"
    )
    pair_completed_early_count = fields.Integer(
        compute="_compute_closure_counts", groups="mentorship_program.group_mentorship_manager"
    )
    pair_cancelled_count = fields.Integer(
        compute="_compute_closure_counts", groups="mentorship_program.group_mentorship_manager"
    )
    pair_expired_count = fields.Integer(
        compute="_compute_closure_counts", groups="mentorship_program.group_mentorship_manager"
    )
    pair_rematched_count = fields.Integer(
        compute="_compute_closure_counts", groups="mentorship_program.group_mentorship_manager"
    )
    pair_declined_count = fields.Integer(
        compute="_compute_closure_counts", groups="mentorship_program.group_mentorship_manager"
    )

    # -- Participation -------------------------------------------------------------
    enrollment_ids = fields.One2many("mentorship.enrollment", "program_id")
    mentee_count = fields.Integer(compute="_compute_participation_counts")
    mentor_count = fields.Integer(compute="_compute_participation_counts")

    # -- Pulse and closure surveys, quarterly reviews ------------------------------------
    # ondelete="restrict": deleting a survey deletes its answers, the program's
    # measurement data; survey.survey explains which programs use it instead.
    pulse_survey_id = fields.Many2one(
        "survey.survey",
        ondelete="restrict",
        default=lambda self: self._default_survey("survey_mentorship_pulse"),
        help="Sent to both people of every active pair 30 days after it starts, then "
        "every 60 days. Empty: no pulse surveys. Each person's answers are read by "
        "that person only; HR reads the results over at least the minimum group size.",
    )
    closure_survey_id = fields.Many2one(
        "survey.survey",
        ondelete="restrict",
        default=lambda self: self._default_survey("survey_mentorship_closure"),
        help="Sent once to both people of a pair when it ends (completed, completed "
        "early, cancelled, expired or re-matched after it started). Empty: none. Each "
        "person's answers are read by that person only; HR reads the results over at "
        "least the minimum group size.",
    )
    pulse_results = fields.Html(
        string="Pulse Survey Results",
        compute="_compute_survey_results",
        sanitize=False,
        groups="mentorship_program.group_mentorship_manager",
        help="Every pulse survey answered for the program's pairs, per question; a "
        "figure is shown only over at least the minimum group size of people.",
    )
    closure_results = fields.Html(
        string="Closure Survey Results",
        compute="_compute_survey_results",
        sanitize=False,
        groups="mentorship_program.group_mentorship_manager",
        help="Every closure survey answered for the program's pairs, per question; a "
        "figure is shown only over at least the minimum group size of people.",
    )
    review_ids = fields.One2many(
        "mentorship.review",
        "program_id",
        string="Quarterly Reviews",
        groups="mentorship_program.group_mentorship_manager",
    )
    review_count = fields.Integer(
        compute="_compute_review_count", groups="mentorship_program.group_mentorship_manager"
    )

    # -- HR's overview: what needs doing, and the running pairs' health ----------------
    overview_enrollments_to_review = fields.Integer(
        string="Enrollments to Review", compute="_compute_overview", groups=HR_GROUP
    )
    overview_mentors_blocked = fields.Integer(
        string="Mentors Blocked",
        compute="_compute_overview",
        groups=HR_GROUP,
        help="Approved mentors who do not meet the readiness threshold yet.",
    )
    overview_runs_to_publish = fields.Integer(
        string="Runs to Publish", compute="_compute_overview", groups=HR_GROUP
    )
    overview_pairs_at_risk = fields.Integer(
        string="Pairs at Risk", compute="_compute_overview", groups=HR_GROUP
    )
    overview_pairs_stalled = fields.Integer(
        string="Pairs Stalled", compute="_compute_overview", groups=HR_GROUP
    )
    overview_pairs_on_track = fields.Integer(
        string="Pairs on Track", compute="_compute_overview", groups=HR_GROUP
    )
    overview_sessions_to_log = fields.Integer(
        string="Sessions to Log",
        compute="_compute_overview",
        groups=HR_GROUP,
        help="Planned sessions whose time has passed: done or no-show?",
    )
    overview_reviews_due = fields.Integer(
        string="Reviews Due", compute="_compute_overview", groups=HR_GROUP
    )
    overview_free_seats = fields.Integer(
        string="Free Mentor Seats",
        compute="_compute_overview_supply",
        groups=HR_GROUP,
        help="Seats ready mentors still have: their capacity minus their live pairs.",
    )
    overview_waiting_mentees = fields.Integer(
        string="Mentees Waiting",
        compute="_compute_overview_supply",
        groups=HR_GROUP,
        help="Approved mentees without a live core pair.",
    )
    # The same seats and mentees per department: the mentor's department for
    # the seats, the mentee's for the demand. Computed when read.
    supply_demand_results = fields.Html(
        string="Mentor Supply against Demand",
        compute="_compute_supply_demand_results",
        sanitize=False,
        groups=HR_GROUP,
        help="Per department: the free seats of the ready mentors who work there (capacity "
        "minus pending, active and on-hold pairs), the approved mentees there waiting for a "
        "mentor, and the gap between them.",
    )
    organisation_supply_demand_results = fields.Html(
        string="Mentor Supply against Demand in My Organisation",
        compute="_compute_organisation_supply_demand_results",
        sanitize=False,
        help="The same figures for the mentors and mentees who report to you, directly or "
        "not (the whole program for its sponsor, its steering group and HR). A count over "
        "fewer people than the minimum group size is withheld.",
    )

    # -- Outcomes against a matched comparison group ------------------------------------
    outcome_results = fields.Html(
        string="Outcomes",
        compute="_compute_outcome_results",
        sanitize=False,
        groups=HR_GROUP,
        help="The program's participants against comparable colleagues who did not take "
        "part (same department, job, grade and tenure band at the start), from the HR "
        "history: differences with their 95 % confidence intervals. A figure over fewer "
        "people than the minimum group size is withheld.",
    )
    organisation_outcome_results = fields.Html(
        string="Outcomes in My Organisation",
        compute="_compute_organisation_outcome_results",
        sanitize=False,
        help="The same comparison for the participants who report to you, directly or "
        "not (the whole program for its sponsor, its steering group and HR).",
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    def _compute_outcome_results(self):
        today = fields.Date.context_today(self)
        for program in self:
            program.outcome_results = render_outcome_comparison(
                self.env, program_outcomes(self.env, program, today)
            )

    def _organisation_mentee_ids(self):
        """The employees whose outcomes the current user may see in
        aggregate for this program: None for all of them (HR, the sponsor,
        the steering group), else the people who report to the user's
        employees, directly or not."""
        self.ensure_one()
        user = self.env.user
        program = self.sudo()
        if (
            user.has_group(HR_GROUP)
            or program.sponsor_id.user_id == user
            or user in program.steering_member_ids.user_id
        ):
            return None
        own = user.employee_ids
        reports = self.env["hr.employee"].sudo().search([("parent_id", "child_of", own.ids)])
        return set((reports - own).ids)

    # Scoped to the reader: never served from another user's cache.
    @api.depends_context("uid")
    def _compute_organisation_outcome_results(self):
        today = fields.Date.context_today(self)
        for program in self:
            scope = program._organisation_mentee_ids()
            program.organisation_outcome_results = render_outcome_comparison(
                self.env, program_outcomes(self.env, program, today, scope)
            )

    def _compute_overview_supply(self):
        """Mentor supply against demand, in four grouped queries."""
        Enrollment, Pair = self.env["mentorship.enrollment"], self.env["mentorship.pair"]
        ready = Enrollment.search_fetch(
            [
                ("program_id", "in", self.ids),
                ("role", "=", "mentor"),
                ("state", "=", "approved"),
                ("is_ready", "=", True),
            ],
            ["program_id", "capacity"],
        )
        used = dict(
            Pair._read_group(
                [("mentor_enrollment_id", "in", ready.ids), ("state", "in", LIVE_PAIR_STATES)],
                ["mentor_enrollment_id"],
                ["__count"],
            )
        )
        seats = {}
        for mentor in ready:
            free = max(mentor.capacity - used.get(mentor, 0), 0)
            seats[mentor.program_id] = seats.get(mentor.program_id, 0) + free
        approved = dict(
            Enrollment._read_group(
                [
                    ("program_id", "in", self.ids),
                    ("role", "=", "mentee"),
                    ("state", "=", "approved"),
                ],
                ["program_id"],
                ["__count"],
            )
        )
        matched = dict(
            Pair._read_group(
                [
                    ("program_id", "in", self.ids),
                    ("kind", "=", "core"),
                    ("state", "in", LIVE_PAIR_STATES),
                    ("mentee_enrollment_id.state", "=", "approved"),
                ],
                ["program_id"],
                ["mentee_enrollment_id:count_distinct"],
            )
        )
        for program in self:
            program.overview_free_seats = seats.get(program, 0)
            program.overview_waiting_mentees = approved.get(program, 0) - matched.get(program, 0)

    def _supply_demand_by_department(self, employee_ids=None):
        """{program id: ({department id: SupplyDemand}, SupplyDemand of the
        program)}, department 0 for people without one. Read as the system
        in two queries whatever the number of programs, with the
        overview's definitions (``_compute_overview_supply``): a ready
        mentor's free seats are their capacity minus their live pairs; a
        waiting mentee is approved and in no live core pair.
        ``employee_ids`` narrows both sides to those people (a leader's
        organisation); None is everyone."""
        scope = [] if employee_ids is None else [("employee_id", "in", list(employee_ids))]
        enrollments = (
            self.env["mentorship.enrollment"]
            .sudo()
            .search_fetch(
                [
                    ("program_id", "in", self.ids),
                    ("state", "=", "approved"),
                    *scope,
                    "|",
                    ("role", "=", "mentee"),
                    "&",
                    ("role", "=", "mentor"),
                    ("is_ready", "=", True),
                ],
                ["program_id", "role", "capacity", "department_id"],
            )
        )
        mentors = enrollments.filtered(lambda e: e.role == "mentor")
        mentees = enrollments - mentors
        used, matched = {}, set()
        for mentor, mentee, kind, count in (
            self.env["mentorship.pair"]
            .sudo()
            ._read_group(
                [
                    ("state", "in", LIVE_PAIR_STATES),
                    "|",
                    ("mentor_enrollment_id", "in", mentors.ids),
                    ("mentee_enrollment_id", "in", mentees.ids),
                ],
                ["mentor_enrollment_id", "mentee_enrollment_id", "kind"],
                ["__count"],
            )
        ):
            used[mentor.id] = used.get(mentor.id, 0) + count
            if kind == "core":
                matched.add(mentee.id)
        rows = {program_id: ([], []) for program_id in self.ids}
        for enrollment in enrollments:
            seats, waiting = rows[enrollment.program_id.id]
            department = enrollment.department_id.id or 0
            if enrollment.role == "mentor":
                free = max(enrollment.capacity - used.get(enrollment.id, 0), 0)
                seats.append({"department_id": department, "free_seats": free})
            elif enrollment.id not in matched:
                waiting.append({"department_id": department})
        return {
            program_id: (
                mentor_supply_demand(seats, waiting, by="department_id"),
                mentor_supply_demand(seats, waiting, by=None),
            )
            for program_id, (seats, waiting) in rows.items()
        }

    def _render_supply_demand(self, by_department, total, minimum=None):
        """The table of one program's supply and demand: one row per
        department and the total. With ``minimum``, every count is guarded
        (``guard_supply_demand``) and a withheld one reads "fewer than N"."""
        if not by_department:
            return Markup("<p class='text-muted'>%s</p>") % self.env._(
                "No ready mentor and no approved mentee yet."
            )
        names = {
            department.id: department.display_name
            for department in self.env["hr.department"]
            .sudo()
            .with_context(active_test=False)
            .browse([int(key) for key in by_department if key])
        }
        withheld = self.env._("fewer than %(minimum)s", minimum=minimum)

        def cells(figure):
            if minimum is None:
                values = (figure.free_seats, figure.waiting_mentees, figure.gap)
            else:
                guarded = guard_supply_demand(figure, minimum)
                values = tuple(
                    withheld if cell.value is None else cell.value
                    for cell in (guarded.free_seats, guarded.waiting_mentees, guarded.gap)
                )
            return Markup("").join(Markup("<td class='text-end'>%s</td>") % v for v in values)

        rows = [
            Markup("<tr><td>%s</td>%s</tr>")
            % (names.get(int(key)) or self.env._("No department"), cells(figure))
            for key, figure in sorted(
                by_department.items(), key=lambda item: names.get(int(item[0])) or ""
            )
        ]
        rows.append(
            Markup("<tr class='fw-bold'><td>%s</td>%s</tr>") % (self.env._("Total"), cells(total))
        )
        head = Markup("").join(
            Markup("<th>%s</th>") % title
            for title in (
                self.env._("Department"),
                self.env._("Free mentor seats"),
                self.env._("Mentees waiting"),
                self.env._("Gap (seats - mentees)"),
            )
        )
        return Markup(
            "<table class='table table-sm o_mentorship_supply_demand'><thead><tr>%s</tr>"
            "</thead><tbody>%s</tbody></table>"
        ) % (head, Markup("").join(rows))

    def _compute_supply_demand_results(self):
        figures = self._supply_demand_by_department()
        for program in self:
            program.supply_demand_results = program._render_supply_demand(*figures[program.id])

    # Scoped to the reader: never served from another user's cache.
    @api.depends_context("uid")
    def _compute_organisation_supply_demand_results(self):
        for program in self:
            scope = program._organisation_mentee_ids()
            if scope is not None and not scope:
                program.organisation_supply_demand_results = Markup(
                    "<p class='text-muted'>%s</p>"
                ) % self.env._("Nobody reports to you: there are no figures to show.")
                continue
            by_department, total = program._supply_demand_by_department(scope)[program.id]
            program.organisation_supply_demand_results = program._render_supply_demand(
                by_department, total, program.sudo().min_group_size
            )

    def _compute_overview(self):
        """One grouped count per item for all the programs shown: the
        overview's queries do not grow with the programs or their records."""
        for item, (model, domain, _action) in _overview_items(fields.Datetime.now()).items():
            counts = dict(
                self.env[model]._read_group(
                    [("program_id", "in", self.ids), *domain], ["program_id"], ["__count"]
                )
            )
            for program in self:
                program[f"overview_{item}"] = counts.get(program, 0)

    @api.depends("enrollment_ids.role", "enrollment_ids.state")
    def _compute_participation_counts(self):
        counts = {
            (program.id, role): count
            for program, role, count in self.env["mentorship.enrollment"]._read_group(
                [
                    ("program_id", "in", self.ids),
                    ("state", "not in", ("rejected", "withdrawn")),
                ],
                ["program_id", "role"],
                ["__count"],
            )
        }
        for program in self:
            program.mentee_count = counts.get((program.id, "mentee"), 0)
            program.mentor_count = counts.get((program.id, "mentor"), 0)

    def _compute_match_counts(self):
        run_counts = dict(
            self.env["mentorship.match.run"]._read_group(
                [("program_id", "in", self.ids)], ["program_id"], ["__count"]
            )
        )
        pair_counts = dict(
            self.env["mentorship.pair"]._read_group(
                [("program_id", "in", self.ids)], ["program_id"], ["__count"]
            )
        )
        for program in self:
            program.match_run_count = run_counts.get(program, 0)
            program.pair_count = pair_counts.get(program, 0)

    def _compute_closure_counts(self):
        counts = {
            (program.id, state): count
            for program, state, count in self.env["mentorship.pair"]._read_group(
                [("program_id", "in", self.ids), ("state", "in", tuple(CLOSURE_COUNT_FIELDS))],
                ["program_id", "state"],
                ["__count"],
            )
        }
        for program in self:
            for state, fname in CLOSURE_COUNT_FIELDS.items():
                program[fname] = counts.get((program.id, state), 0)

    def _default_survey(self, name):
        """The module's default pulse or closure survey, while it exists and is open."""
        survey = self.env.ref(f"mentorship_program.{name}", raise_if_not_found=False)
        return survey.sudo().filtered("active").id if survey else False

    def _compute_survey_results(self):
        """Aggregates only, computed as superuser: per-person answers are
        their respondent's (analytics.privacy, models/survey_results.py)."""
        figures = load_survey_figures(self.env, self.filtered("id"))
        for program in self:
            for kind in ("pulse", "closure"):
                program[f"{kind}_results"] = render_survey_results(
                    self.env, figures.get((program.id, kind), {}), program.min_group_size
                )

    def _compute_review_count(self):
        counts = dict(
            self.env["mentorship.review"]._read_group(
                [("program_id", "in", self.ids)], ["program_id"], ["__count"]
            )
        )
        for program in self:
            program.review_count = counts.get(program, 0)

    # ------------------------------------------------------------
    # TARGETS, MILESTONES, BUDGET
    # ------------------------------------------------------------

    def _compute_target_actuals(self):
        actuals = self.filtered("id")._mentorship_target_actuals()
        for program in self:
            figures = actuals.get(program.id, {})
            for key, (target_field, higher_is_better) in TARGETS.items():
                field_prefix = target_field.removesuffix("_days").removesuffix("_rate")
                figure = figures.get(key)
                program[f"{field_prefix}_actual"] = program._target_actual_text(key, figure)
                value = figure.value if figure else None
                program[f"{field_prefix}_status"] = target_status(
                    program[target_field], value, higher_is_better
                )

    def _target_actual_text(self, key, figure):
        if figure is None or not figure.people:
            return self.env._("No data")
        if figure.value is None:
            return self.env._("fewer than %(minimum)s mentees", minimum=figure.minimum)
        if key == "time_to_competence":
            return self.env._("%(days)s days", days=figure.value)
        return self.env._("%(rate)s %%", rate=figure.value)

    def _mentorship_target_actuals(self):
        """{program id: {target: GuardedFigure}} for the targets of
        analytics.targets (time_to_competence, retention, promotion).

        A fixed number of queries for any number of programs, plus one call
        of the promotion hook per program; as superuser (the figures are
        aggregates over at least the program's minimum group size of
        mentees, analytics.privacy)."""
        programs = self.sudo()
        pair_rows = (
            self.env["mentorship.pair"]
            .sudo()
            .search_read(
                [("program_id", "in", programs.ids), ("date_start", "!=", False)],
                ["program_id", "mentee_employee_id", "date_start"],
                load=None,
            )
        )
        # {program id: {mentee employee id: first start in the program}}
        since = {program_id: {} for program_id in programs.ids}
        mentee_of_pair = {}
        for row in pair_rows:
            employee_id = row["mentee_employee_id"]
            if not employee_id:
                continue
            mentee_of_pair[row["id"]] = employee_id
            starts = since[row["program_id"]]
            starts[employee_id] = min(starts.get(employee_id, row["date_start"]), row["date_start"])
        employee_ids = {e for starts in since.values() for e in starts}
        active = {
            row["id"]: row["active"]
            for row in self.env["hr.employee"]
            .sudo()
            .with_context(active_test=False)
            .search_read([("id", "in", list(employee_ids))], ["active"])
        }
        goal_rows = (
            self.env["mentorship.goal"]
            .sudo()
            .search_read(
                [
                    ("program_id", "in", programs.ids),
                    ("state", "=", "done"),
                    ("skill_id", "!=", False),
                ],
                ["program_id", "pair_id", "time_to_skill_days"],
                load=None,
            )
        )
        skill_times = {program_id: [] for program_id in programs.ids}
        for row in goal_rows:
            mentee = mentee_of_pair.get(row["pair_id"])
            if mentee:
                skill_times[row["program_id"]].append((mentee, row["time_to_skill_days"]))
        Employee = self.env["hr.employee"].sudo().with_context(active_test=False)
        result = {}
        for program in programs:
            starts = since[program.id]
            promoted = (
                self._mentorship_promoted_employee_ids(Employee.browse(list(starts)), starts)
                if starts
                else set()
            )
            result[program.id] = target_actuals(
                {employee_id: active.get(employee_id, False) for employee_id in starts},
                skill_times[program.id],
                promoted,
                program.min_group_size,
            )
        return result

    @api.model
    def _mentorship_promoted_employee_ids(self, employees, since):
        """The ids of ``employees`` promoted after the day their pair of the
        program started (``since``: {employee id: date}), from the career
        events as HR corrected them. One query."""
        if not employees:
            return set()
        Event = self.env["mentorship.career.event"].sudo()
        rows = Event._read_group(
            [
                ("employee_id", "in", employees.ids),
                ("is_promotion", "=", True),
                ("date", ">", min(since.values())),
            ],
            ["employee_id"],
            ["date:max"],
        )
        return {employee.id for employee, last in rows if last and last > since[employee.id]}

    def _compute_mentoring_cost(self):
        figures = self.filtered("id")._mentorship_mentoring_cost()
        available = self._mentorship_has_hourly_cost()
        for program in self:
            hours, cost = figures.get(program.id, (0.0, 0.0))
            program.mentoring_hours = hours
            program.mentoring_cost_available = available
            program.mentoring_cost = cost if available else 0.0
            program.budget_used_rate = (
                round(100.0 * cost / program.budget_amount, 1)
                if available and program.budget_amount
                else 0.0
            )
            program.mentoring_cost_note = (
                False
                if available
                else self.env._(
                    "Install Employee Hourly Wage (hr_hourly_cost) to see the cost of "
                    "mentoring time."
                )
            )

    @api.model
    def _mentorship_has_hourly_cost(self):
        """Whether employees have an hourly cost: the field comes with Odoo's
        Employee Hourly Wage (hr_hourly_cost), which this module does not
        depend on."""
        return "hourly_cost" in self.env["hr.employee"]._fields

    def _mentorship_mentoring_cost(self):
        """{program id: (hours, cost)} of the done sessions, in three queries
        for any number of programs (analytics.targets.mentoring_cost)."""
        rows = (
            self.env["mentorship.session"]
            .sudo()
            ._read_group(
                [("program_id", "in", self.ids), ("state", "=", "done")],
                ["program_id", "pair_id"],
                ["hours_spent:sum"],
            )
        )
        pairs = self.env["mentorship.pair"].sudo().union(*(pair for _p, pair, _h in rows))
        people = pairs.mentor_employee_id | pairs.mentee_employee_id
        costs = {}
        if self._mentorship_has_hourly_cost():
            costs = {
                row["id"]: row["hourly_cost"]
                for row in people.with_context(active_test=False).read(["hourly_cost"])
            }
        sessions = {}
        for program, pair, hours in rows:
            sessions.setdefault(program.id, []).append(
                (hours, pair.mentor_employee_id.id, pair.mentee_employee_id.id)
            )
        return {
            program_id: mentoring_cost(program_sessions, costs)
            for program_id, program_sessions in sessions.items()
        }

    def _mentorship_reach_milestones(self):
        """Mark reached, as of today, the scaling milestones of these programs
        whose number of active pairs they now have. A reached milestone stays
        reached, whatever happens to the pairs afterwards."""
        milestones = (
            self.env["mentorship.program.milestone"]
            .sudo()
            .search(
                [
                    ("program_id", "in", self.ids),
                    ("reached_date", "=", False),
                    ("target_active_pairs", ">", 0),
                ]
            )
        )
        if not milestones:
            return
        active_counts = dict(
            self.env["mentorship.pair"]
            .sudo()
            ._read_group(
                [("program_id", "in", milestones.program_id.ids), ("state", "=", "active")],
                ["program_id"],
                ["__count"],
            )
        )
        reached = milestones.filtered(
            lambda m: active_counts.get(m.program_id, 0) >= m.target_active_pairs
        )
        if reached:
            reached._system_write({"reached_date": fields.Date.context_today(self)})

    @api.model
    def _cron_reach_milestones(self):
        """Daily safety net of the milestones (pairs also reach them when they
        become active): every program with a milestone still to reach."""
        programs = (
            self.env["mentorship.program.milestone"]
            .sudo()
            .search([("reached_date", "=", False), ("target_active_pairs", ">", 0)])
            .program_id
        )
        # In batches like every cron of the module: a manual run beside the
        # scheduled one waits for it instead of failing on its update.
        return process_in_batches(
            programs,
            lambda batch: batch._mentorship_reach_milestones(),
            label="scaling milestones",
            # The work is on the programs' milestones.
            touch=True,
        )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------
    @api.constrains("date_start", "date_end", "enrollment_date_start", "enrollment_date_end")
    def _check_dates(self):
        for program in self:
            if program.date_start and program.date_end and program.date_end < program.date_start:
                raise ValidationError(
                    self.env._(
                        "Program %(program)s: the End Date (%(end)s) is before "
                        "the Start Date (%(start)s).",
                        program=program.display_name,
                        end=program.date_end,
                        start=program.date_start,
                    )
                )
            if (
                program.enrollment_date_start
                and program.enrollment_date_end
                and program.enrollment_date_end < program.enrollment_date_start
            ):
                raise ValidationError(
                    self.env._(
                        "Program %(program)s: Enrollment Closes (%(end)s) is "
                        "before Enrollment Opens (%(start)s).",
                        program=program.display_name,
                        end=program.enrollment_date_end,
                        start=program.enrollment_date_start,
                    )
                )

    @api.constrains(*SETTINGS)
    def _check_bounds(self):
        """Every setting within its bounds (program_settings.py), and the
        ones that depend on each other consistent."""
        for program in self:
            problems = bound_problems(program, {name: name for name in SETTINGS})
            if problems:
                field_name, minimum, maximum = problems[0]
                raise ValidationError(
                    self.env._(
                        "Program %(program)s: %(field)s must be between %(minimum)s and "
                        "%(maximum)s (got %(value)s).",
                        program=program.display_name,
                        field=program._fields[field_name]._description_string(self.env),
                        minimum=minimum,
                        maximum=maximum,
                        value=program[field_name],
                    )
                )
            if program.default_mentor_capacity > program.max_mentor_capacity:
                raise ValidationError(
                    self.env._(
                        "Program %(program)s: Default Mentor Capacity (%(default)s) cannot "
                        "exceed the Maximum Mentor Capacity (%(max)s).",
                        program=program.display_name,
                        default=program.default_mentor_capacity,
                        max=program.max_mentor_capacity,
                    )
                )
            if program.match_block_reporting_line and program.match_chain_depth < 1:
                raise ValidationError(
                    self.env._(
                        "Program %(program)s: Management Levels Blocked must be at "
                        "least 1 when the reporting line is blocked.",
                        program=program.display_name,
                    )
                )
            if not any(program[field_name] > 0 for field_name in MATCH_WEIGHT_FIELDS):
                raise ValidationError(
                    self.env._(
                        "Program %(program)s: at least one matching weight must be "
                        "positive (%(fields)s are all zero).",
                        program=program.display_name,
                        fields=", ".join(program._fields[f].string for f in MATCH_WEIGHT_FIELDS),
                    )
                )

    @api.constrains(
        "target_time_to_competence_days", "target_retention_rate", "target_promotion_rate"
    )
    def _check_targets(self):
        for program in self:
            if program.target_time_to_competence_days < 0:
                raise ValidationError(
                    self.env._(
                        "Program %(program)s: Target Time-to-Competence cannot be negative.",
                        program=program.display_name,
                    )
                )
            for field_name in ("target_retention_rate", "target_promotion_rate"):
                if not 0 <= program[field_name] <= 100:
                    raise ValidationError(
                        self.env._(
                            "Program %(program)s: %(field)s must be between 0 and 100.",
                            program=program.display_name,
                            field=program._fields[field_name].string,
                        )
                    )

    @api.constrains("pair_duration_days")
    def _check_plan_steps_within_duration(self):
        # A shorter pair must not leave template steps due after its end.
        self.plan_step_ids._check_day_offset()

    @api.constrains("onboarding_channel_id", "resource_channel_ids", "library_channel_id")
    def _check_courses_published(self):
        for program in self:
            channels = (
                program.onboarding_channel_id
                | program.resource_channel_ids
                | program.library_channel_id
            )
            for channel in channels:
                if not channel.is_published:
                    raise ValidationError(
                        self.env._(
                            "Program %(program)s: the course %(course)s is not "
                            "published; publish it in eLearning before using it "
                            "as an onboarding, resource or library course.",
                            program=program.display_name,
                            course=channel.name,
                        )
                    )

    def _get_match_weights(self):
        """The weights as the engine expects them: {component: weight}."""
        self.ensure_one()
        return {
            field_name.removeprefix("match_weight_"): self[field_name]
            for field_name in MATCH_WEIGHT_FIELDS
        }

    # -- 90-day plan template -----------------------------------------------------
    def _default_plan_step_commands(self, duration=None):
        """The steps at days 30, 60 and 90 every new program starts with, less
        those after ``duration`` days (a pair's plan never outlives the pair)."""
        steps = (
            (
                30,
                self.env._("Day 30: first outcomes"),
                self.env._(
                    "Working rhythm in place; first feedback exchanged both ways; "
                    "objectives sharpened if needed."
                ),
            ),
            (
                60,
                self.env._("Day 60: mid-point review"),
                self.env._(
                    "Progress on each objective reviewed together; the plan adjusted "
                    "for the last month."
                ),
            ),
            (
                90,
                self.env._("Day 90: outcomes and next steps"),
                self.env._(
                    "Outcomes measured against the objectives; next development steps "
                    "agreed with the mentee's manager."
                ),
            ),
        )
        return [
            Command.create({"day_offset": day, "name": name, "description": description})
            for day, name, description in steps
            if duration is None or day <= duration
        ]

    @api.model_create_multi
    def create(self, vals_list):
        # Without a template in the values (API, import), seed the default one
        # cut to the pair duration; the form sends its own lines.
        default_duration = self._fields["pair_duration_days"].default(self)
        for vals in vals_list:
            if "plan_step_ids" not in vals:
                vals["plan_step_ids"] = self._default_plan_step_commands(
                    vals.get("pair_duration_days", default_duration)
                )
        return super().create(vals_list)

    # -- Charter versioning ------------------------------------------------------
    # Any change of the charter's text once enrollment has opened raises its
    # version: acceptances of the old one no longer count.
    def write(self, vals):
        charter_before = {}
        if any(field_name in vals for field_name in CHARTER_FIELDS):
            charter_before = {
                program.id: tuple(program[f] or "" for f in CHARTER_FIELDS)
                for program in self
                if program.state != "draft"
            }
        result = super().write(vals)
        # Compare after the write so HTML sanitising does not count as a change.
        for program in self.filtered(lambda p: p.id in charter_before):
            charter_after = tuple(program[f] or "" for f in CHARTER_FIELDS)
            if charter_after != charter_before[program.id]:
                program._system_write({"charter_version": program.charter_version + 1})
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        """A program with enrollments holds people's intake, pairs and
        figures: archive it instead."""
        used = self.filtered("enrollment_ids")
        if used:
            raise UserError(
                self.env._(
                    "Program %(program)s has enrollments: deleting it would erase their "
                    "pairs, sessions and the program's figures. Archive it instead.",
                    program=used[0].display_name,
                )
            )

    # -- State machine ---------------------------------------------------------------
    def _get_enrollment_opening_problems(self):
        """What keeps this program from opening enrollment, in plain words."""
        self.ensure_one()
        problems = []
        for field_name in CHARTER_FIELDS:
            if not self._html_has_text(self[field_name]):
                problems.append(
                    self.env._(
                        "the charter's %(field)s is empty",
                        field=self._fields[field_name].string,
                    )
                )
        if not self.onboarding_channel_id:
            problems.append(self.env._("no Mentor Onboarding Course is set"))
        if not self.cadence_ids:
            problems.append(self.env._("no Meeting Cadence is defined"))
        if self.program_format == "cohort":
            for field_name in (
                "enrollment_date_start",
                "enrollment_date_end",
                "date_start",
                "date_end",
            ):
                if not self[field_name]:
                    problems.append(
                        self.env._(
                            "a cohort needs %(field)s", field=self._fields[field_name].string
                        )
                    )
        return problems

    @staticmethod
    def _html_has_text(html):
        return bool(html and html2plaintext(html).strip())

    # ------------------------------------------------------------
    # FIGURES FOR CLIENTS
    # ------------------------------------------------------------

    def get_organisation_outcomes(self):
        """The Outcomes in My Organisation of each program, as figures for RPC
        clients (the Python client's export): the same comparison, scope and
        withholding as the field, one dict per program with ``summary``, the
        group sizes and ``measures`` (see ``outcome_comparison_figures``)."""
        self.check_access("read")
        today = fields.Date.context_today(self)
        return [
            {
                "program_id": program.id,
                "program": program.display_name,
                **outcome_comparison_figures(
                    self.env,
                    program_outcomes(self.env, program, today, program._organisation_mentee_ids()),
                ),
            }
            for program in self
        ]

    def action_open_enrollment(self):
        self.check_access("write")
        self._check_state(("draft",), self.env._("opened for enrollment"))
        for program in self:
            problems = program._get_enrollment_opening_problems()
            if problems:
                raise UserError(
                    self.env._(
                        "Program %(program)s cannot open enrollment yet: %(problems)s.",
                        program=program.display_name,
                        problems="; ".join(problems),
                    )
                )
        self._system_write({"state": "open"})
        return True

    def action_start(self):
        self.check_access("write")
        self._check_state(("open",), self.env._("started"))
        Enrollment = self.env["mentorship.enrollment"]
        for program in self:
            approved = Enrollment.search(
                [("program_id", "=", program.id), ("state", "=", "approved")]
            )
            mentees = approved.filtered(lambda e: e.role == "mentee")
            ready_mentors = approved.filtered(lambda e: e.role == "mentor" and e.is_ready)
            if not mentees or not ready_mentors:
                raise UserError(
                    self.env._(
                        "Program %(program)s cannot start: it needs at least one "
                        "approved mentee and one approved, ready mentor "
                        "(now %(mentees)s mentees and %(mentors)s ready mentors).",
                        program=program.display_name,
                        mentees=len(mentees),
                        mentors=len(ready_mentors),
                    )
                )
        self._system_write({"state": "running"})
        return True

    def action_close(self):
        self.check_access("write")
        self._check_state(("open", "running"), self.env._("closed"))
        self._system_write({"state": "closed"})
        return True

    def action_reset_to_draft(self):
        self.check_access("write")
        self._check_state(("open",), self.env._("reset to draft"))
        self._system_write({"state": "draft"})
        return True

    def _is_accepting_enrollments(self):
        """Whether employees may enroll themselves today."""
        self.ensure_one()
        if self.state == "open":
            today = fields.Date.context_today(self)
            if self.enrollment_date_start and today < self.enrollment_date_start:
                return False
            if self.enrollment_date_end and today > self.enrollment_date_end:
                return False
            return True
        return self.state == "running" and self.program_format == "evergreen"

    # -- Self-service from the backend --------------------------------------------
    def action_enroll_as_mentee(self):
        return self._enroll_current_employee("mentee")

    def action_enroll_as_mentor(self):
        return self._enroll_current_employee("mentor")

    def _enroll_current_employee(self, role):
        self.ensure_one()
        employee = self.env.user.employee_id
        if not employee:
            raise UserError(
                self.env._(
                    "Your user %(user)s is not linked to an employee; ask HR to "
                    "link it before enrolling in %(program)s.",
                    user=self.env.user.name,
                    program=self.display_name,
                )
            )
        enrollment = self.env["mentorship.enrollment"].create(
            {"program_id": self.id, "employee_id": employee.id, "role": role}
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "mentorship.enrollment",
            "res_id": enrollment.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_open_overview_item(self):
        """The records behind one of the overview's counts (context key
        ``overview_item``)."""
        self.ensure_one()
        items = _overview_items(fields.Datetime.now())
        item = self.env.context.get("overview_item")
        if item not in items:
            raise UserError(self.env._("There is no overview item %(item)s.", item=item))
        _model, domain, action = items[item]
        return window_action(
            self.env,
            action,
            [("program_id", "=", self.id), *domain],
            {"default_program_id": self.id},
        )

    def action_view_match_runs(self):
        self.ensure_one()
        return window_action(
            self.env,
            "mentorship_program.mentorship_match_run_action",
            [("program_id", "=", self.id)],
            {"default_program_id": self.id},
        )

    def action_view_pairs(self):
        self.ensure_one()
        state = self.env.context.get("pair_state")
        return window_action(
            self.env,
            "mentorship_program.mentorship_pair_action",
            [("program_id", "=", self.id)] + ([("state", "=", state)] if state else []),
            {"default_program_id": self.id},
        )

    def action_view_enrollments(self):
        self.ensure_one()
        role = self.env.context.get("enrollment_role")
        return window_action(
            self.env,
            "mentorship_program.mentorship_enrollment_action",
            [("program_id", "=", self.id)] + ([("role", "=", role)] if role else []),
            {"default_program_id": self.id, "default_role": role or "mentee"},
        )

    def action_view_reviews(self):
        self.ensure_one()
        return window_action(
            self.env,
            "mentorship_program.mentorship_review_action",
            [("program_id", "=", self.id)],
            {"default_program_id": self.id},
        )

    def _get_survey_problems(self, field_name):
        """{program: why its survey ``field_name`` cannot be sent}, for the
        programs of ``self`` whose survey is set but unusable (deleted,
        archived or closed, no questions...)."""
        problems = {}
        for program in self:
            survey = program[field_name].sudo()
            if not survey:
                continue
            if not survey.exists():
                problems[program] = self.env._("the survey was deleted")
                continue
            try:
                survey.check_validity()
            except UserError as error:
                problems[program] = error.args[0]
        return problems

    def _notify_missing_survey(self, field_name, problems, skipped_counts):
        """Log the programs whose survey ``field_name`` cannot be sent and give
        their managers one open activity per program about it (none more
        while that one is open)."""
        activity_type = self.env.ref(SURVEY_MISSING_ACTIVITIES[field_name])
        label = self._fields[field_name].string
        for program, reason in problems.items():
            _logger.warning(
                "Mentorship: program %s (id %s): its %s cannot be sent (%s); "
                "%s pairs skipped until it is fixed.",
                program.name,
                program.id,
                label,
                reason,
                skipped_counts.get(program, 0),
            )
        programs = self.browse([program.id for program in problems])
        open_activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", programs.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        notified = set(open_activities.mapped("res_id"))
        model_id = self.env["ir.model"]._get_id(self._name)
        values = []
        for program in programs.filtered(lambda p: p.id not in notified):
            user = program.manager_user_ids[:1] or program.create_uid
            values.append(
                {
                    "activity_type_id": activity_type.id,
                    "summary": activity_type.summary,
                    "note": self.env._(
                        "The %(label)s of %(program)s cannot be sent: %(reason)s. "
                        "%(count)s pairs wait for it: set a valid, open survey on the "
                        "program and they get it at the next run.",
                        label=label,
                        program=program.display_name,
                        reason=problems[program],
                        count=skipped_counts.get(program, 0),
                    ),
                    "automated": True,
                    "res_model_id": model_id,
                    "res_id": program.id,
                    "user_id": user.id,
                }
            )
        if values:
            self.env["mail.activity"].sudo().create(values)
