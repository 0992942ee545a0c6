from odoo import fields, models, tools

# What a client may filter and group the report by: never the people, nor a
# row's id.
REPORT_DIMENSIONS = frozenset(
    {"program_id", "company_id", "mentee_department_id", "kind", "state", "date"}
)
REPORT_AGGREGATES = frozenset({"__count", "duration:sum", "duration:avg", "done:sum"})


class MentorshipSessionReport(models.Model):
    """The sessions, as figures over enough mentees: activity over time.

    One row per session that happened or is planned (cancelled ones left
    out), with its program, the mentee's department, kind, status, day and
    duration; no agenda, no notes, no rating. A SQL view computed when read:
    a session logged counts at once. Read as figures over at least the
    minimum group size of distinct mentees (``mentorship.guarded.report``);
    whose sessions each user's figures cover is said by the same record rules
    as the pairs' report.
    """

    _name = "mentorship.session.report"
    _description = "Mentorship Sessions Analysis"
    _inherit = ["mentorship.guarded.report"]
    _auto = False
    _order = "date desc"
    _rec_name = "program_id"
    _report_dimensions = REPORT_DIMENSIONS
    _report_aggregates = REPORT_AGGREGATES
    _report_person_field = "mentee_employee_id"
    _report_subject = "Session figures"
    _depends = {
        # The session's program, company and mentee are stored copies of its
        # pair's: the view reads the sessions alone (and their programs).
        "mentorship.session": [
            "program_id",
            "company_id",
            "mentee_employee_id",
            "mentee_department_id",
            "kind",
            "state",
            "date_start",
            "duration",
        ],
        "mentorship.program": ["min_group_size"],
    }

    program_id = fields.Many2one("mentorship.program", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    mentee_employee_id = fields.Many2one("hr.employee", string="Mentee", readonly=True)
    # Search only, for the leaders' record rule: the rows of the mentees who
    # report to the given employees, directly or not, resolved inside the
    # report's own query (hr.employee._mentorship_reports_sql).
    mentee_reports_to_id = fields.Many2one(
        "hr.employee",
        compute="_compute_mentee_reports_to_id",
        search="_search_mentee_reports_to_id",
    )
    mentee_department_id = fields.Many2one("hr.department", readonly=True)
    kind = fields.Selection(selection="_session_selection_kind", readonly=True)
    state = fields.Selection(
        selection="_session_selection_state",
        string="Status",
        readonly=True,
    )
    date = fields.Date(string="Session Date", readonly=True)
    duration = fields.Float(string="Hours", readonly=True)
    done = fields.Integer(string="Sessions Done", readonly=True)

    def _session_selection_kind(self):
        return self.env["mentorship.session"]._fields["kind"]._description_selection(self.env)

    def _session_selection_state(self):
        return self.env["mentorship.session"]._fields["state"]._description_selection(self.env)

    def _compute_mentee_reports_to_id(self):
        # A manager is no figure of a row: the field is there to be searched.
        self.mentee_reports_to_id = False

    def _search_mentee_reports_to_id(self, operator, value):
        return self.env["hr.employee"]._mentorship_reports_domain(
            operator, value, "mentee_employee_id"
        )

    def init(self):
        # The day of a session, as the report filters it (the digest's
        # sessions held in a period): without it every read scans them all.
        tools.create_index(
            self.env.cr,
            "mentorship_session_date_start_day_index",
            "mentorship_session",
            ["(date_start::date)"],
        )
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT s.id AS id,
                       s.program_id AS program_id,
                       s.company_id AS company_id,
                       s.mentee_employee_id AS mentee_employee_id,
                       s.mentee_department_id AS mentee_department_id,
                       s.kind AS kind,
                       s.state AS state,
                       s.date_start::date AS date,
                       COALESCE(s.duration, 0) AS duration,
                       (s.state = 'done')::int AS done,
                       prog.min_group_size AS min_group_size
                  FROM mentorship_session s
                  JOIN mentorship_program prog ON prog.id = s.program_id
                 WHERE s.state <> 'cancelled'
            )
            """
        )
