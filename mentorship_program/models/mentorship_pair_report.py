from odoo import fields, models, tools

from ..pair_states import PAIR_KINDS, PAIR_STATES
from .mentorship_pair import HEALTH_SELECTION

# What a client may filter and group the report by: never the people, nor a
# row's id (either singles a person out).
REPORT_DIMENSIONS = frozenset(
    {
        "program_id",
        "company_id",
        "mentee_department_id",
        "mentor_department_id",
        "kind",
        "state",
        "health",
        "date_proposed",
        "date_start",
        "date_end",
    }
)
# Sums and averages, never a minimum, a maximum or a list (each one person's).
REPORT_MEASURES = (
    "running",
    "answered",
    "accepted",
    "session_done_count",
    "session_expected_count",
    "session_hours",
    "days_to_match",
    "days_to_first_session",
    "goal_count",
    "goal_done_count",
    "at_risk",
    "stalled",
)
REPORT_AGGREGATES = frozenset(
    {"__count"}
    | {f"{measure}:{aggregator}" for measure in REPORT_MEASURES for aggregator in ("sum", "avg")}
)
# Calendar days in a cadence's unit, to turn "every 2 weeks" into sessions a day.
CADENCE_UNIT_DAYS = {"weeks": 7, "months": 30.44}


class MentorshipPairReport(models.Model):
    """The pairs, as figures over enough mentees: HR's and leaders' indicators.

    One row per pair that was proposed (pending, running or over), with what
    it may be grouped by and the leading indicators of the program: whether it
    was answered and accepted, the sessions done against those the program's
    cadence asks for since the start (the time on hold left out), the hours
    of sessions done, the days from enrollment to the proposal and from the
    start to the first session done, the objectives and those done, and its
    health. A SQL view computed when read, so a session logged counts at once.

    Read as figures over at least the minimum group size of distinct mentees
    (``mentorship.guarded.report``). Whose pairs each user's figures cover is
    said by record rules: HR their companies' pairs; a leader the pairs of
    the mentees who report to them, directly or not; a program's sponsor and
    steering group the pairs of their program.
    """

    _name = "mentorship.pair.report"
    _description = "Mentorship Pairs Analysis"
    _inherit = ["mentorship.guarded.report"]
    _auto = False
    _order = "date_start desc"
    _rec_name = "program_id"
    _report_dimensions = REPORT_DIMENSIONS
    _report_aggregates = REPORT_AGGREGATES
    _report_person_field = "mentee_employee_id"
    _report_subject = "Pair figures"
    # Flushed before the view is read.
    _depends = {
        "mentorship.pair": [
            "program_id",
            "company_id",
            "mentee_enrollment_id",
            "mentee_employee_id",
            "mentor_employee_id",
            "mentee_department_id",
            "mentor_department_id",
            "kind",
            "state",
            "health",
            "date_proposed",
            "date_start",
            "date_end",
            "held_days",
            "mentor_accepted",
            "mentee_accepted",
            # The sessions' figures, kept on the pair as its sessions change.
            "session_done_count",
            "session_done_hours",
            "first_session_date",
        ],
        "mentorship.goal": ["pair_id", "state"],
        "mentorship.program": ["min_group_size"],
        "mentorship.program.cadence": ["program_id", "interval_number", "interval_unit"],
        "mentorship.enrollment": ["create_date"],
    }

    program_id = fields.Many2one("mentorship.program", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    mentee_employee_id = fields.Many2one("hr.employee", string="Mentee", readonly=True)
    mentor_employee_id = fields.Many2one("hr.employee", string="Mentor", readonly=True)
    # Search only, for the leaders' record rule: the rows of the mentees who
    # report to the given employees, directly or not, resolved inside the
    # report's own query (hr.employee._mentorship_reports_sql).
    mentee_reports_to_id = fields.Many2one(
        "hr.employee",
        compute="_compute_mentee_reports_to_id",
        search="_search_mentee_reports_to_id",
    )
    mentee_department_id = fields.Many2one("hr.department", readonly=True)
    mentor_department_id = fields.Many2one("hr.department", readonly=True)
    kind = fields.Selection(PAIR_KINDS, readonly=True)
    state = fields.Selection(PAIR_STATES, readonly=True)
    health = fields.Selection(HEALTH_SELECTION, readonly=True)
    date_proposed = fields.Date(string="Proposed On", readonly=True)
    date_start = fields.Date(string="Start Date", readonly=True)
    date_end = fields.Date(string="End Date", readonly=True)
    running = fields.Integer(string="Running Pairs", readonly=True)
    answered = fields.Integer(string="Answered Proposals", readonly=True)
    accepted = fields.Integer(string="Accepted Proposals", readonly=True)
    session_done_count = fields.Integer(string="Sessions Done", readonly=True)
    session_expected_count = fields.Integer(
        string="Sessions Due by the Cadence",
        readonly=True,
        help="Sessions the program's meeting cadence asks for between the start and "
        "today (or the end), the time on hold left out.",
    )
    session_hours = fields.Float(string="Hours of Sessions Done", readonly=True)
    days_to_match = fields.Float(
        string="Days to Match",
        aggregator="avg",
        readonly=True,
        help="From the mentee's enrollment to the proposal.",
    )
    days_to_first_session = fields.Float(
        string="Days to First Session",
        aggregator="avg",
        readonly=True,
        help="From the start to the first session done.",
    )
    goal_count = fields.Integer(string="Objectives", readonly=True)
    goal_done_count = fields.Integer(string="Objectives Done", readonly=True)
    at_risk = fields.Integer(string="Pairs at Risk", readonly=True)
    stalled = fields.Integer(string="Pairs Stalled", readonly=True)

    def _compute_mentee_reports_to_id(self):
        # A manager is no figure of a row: the field is there to be searched.
        self.mentee_reports_to_id = False

    def _search_mentee_reports_to_id(self, operator, value):
        return self.env["hr.employee"]._mentorship_reports_domain(
            operator, value, "mentee_employee_id"
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        weeks, months = CADENCE_UNIT_DAYS["weeks"], CADENCE_UNIT_DAYS["months"]
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                WITH cadence AS (
                    SELECT program_id,
                           SUM(1.0 / (GREATEST(interval_number, 1) *
                               CASE interval_unit WHEN 'weeks' THEN %s ELSE %s END)
                           ) AS sessions_per_day
                      FROM mentorship_program_cadence
                  GROUP BY program_id
                ), goals AS (
                    SELECT pair_id,
                           COUNT(*) AS goal_count,
                           COUNT(*) FILTER (WHERE state = 'done') AS goal_done_count
                      FROM mentorship_goal
                  GROUP BY pair_id
                )
                SELECT p.id AS id,
                       p.program_id AS program_id,
                       p.company_id AS company_id,
                       p.mentee_employee_id AS mentee_employee_id,
                       p.mentor_employee_id AS mentor_employee_id,
                       p.mentee_department_id AS mentee_department_id,
                       p.mentor_department_id AS mentor_department_id,
                       p.kind AS kind,
                       p.state AS state,
                       p.health AS health,
                       p.date_proposed AS date_proposed,
                       p.date_start AS date_start,
                       p.date_end AS date_end,
                       (p.state IN ('active', 'on_hold'))::int AS running,
                       (p.state <> 'pending')::int AS answered,
                       (p.date_start IS NOT NULL)::int AS accepted,
                       COALESCE(p.session_done_count, 0) AS session_done_count,
                       CASE WHEN p.date_start IS NULL THEN 0
                            ELSE FLOOR(GREATEST(
                                LEAST(COALESCE(p.date_end, CURRENT_DATE), CURRENT_DATE)
                                - p.date_start - COALESCE(p.held_days, 0), 0
                            ) * COALESCE(cadence.sessions_per_day, 0))::int
                       END AS session_expected_count,
                       COALESCE(p.session_done_hours, 0) AS session_hours,
                       (p.date_proposed - e.create_date::date)::float AS days_to_match,
                       (p.first_session_date::date - p.date_start)::float AS days_to_first_session,
                       COALESCE(goals.goal_count, 0) AS goal_count,
                       COALESCE(goals.goal_done_count, 0) AS goal_done_count,
                       (p.health = 'at_risk')::int AS at_risk,
                       (p.health = 'stalled')::int AS stalled,
                       prog.min_group_size AS min_group_size
                  FROM mentorship_pair p
                  JOIN mentorship_program prog ON prog.id = p.program_id
             LEFT JOIN mentorship_enrollment e ON e.id = p.mentee_enrollment_id
             LEFT JOIN cadence ON cadence.program_id = p.program_id
             LEFT JOIN goals ON goals.pair_id = p.id
                 WHERE p.state <> 'declined' OR p.date_proposed IS NOT NULL
            )
            """,
            (weeks, months),
        )
