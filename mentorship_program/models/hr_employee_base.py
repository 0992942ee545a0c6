from odoo import api, fields, models

PARTICIPATION = [
    ("none", "Not Taking Part"),
    ("enrolled", "Enrolled"),
    ("mentee", "Mentee"),
    ("mentor", "Mentor"),
    ("both", "Mentee and Mentor"),
]
# Computed on read for who may read them: nobody's to write, on either model.
MENTORSHIP_SUMMARY_FIELDS = frozenset(
    {
        "mentorship_summary_readable",
        "mentorship_summary_html",
        "mentorship_participation",
        "mentorship_sessions_held",
        "mentorship_plan_progress",
        "mentorship_objectives_reached",
        "mentorship_mentee_total",
        "mentorship_hours_given",
        "mentorship_credit_total",
    }
)


class HrEmployeeBase(models.AbstractModel):
    """The mentorship summary on both faces of an employee: ``hr.employee``
    (HR's form) and ``hr.employee.public`` (what colleagues and managers
    without HR rights open). Computed on read for those who may read it
    (``mentorship.employee.summary``); for anyone else every field is empty,
    whatever the client."""

    _inherit = "hr.employee.base"
    # hr.employee adds its own fields to these (models/hr_employee.py);
    # hr.employee.public, a view of hr.employee, is written by nobody.
    _mentorship_client_write_fields = frozenset()
    _mentorship_system_fields = MENTORSHIP_SUMMARY_FIELDS

    mentorship_summary_readable = fields.Boolean(compute="_compute_mentorship_summary")
    mentorship_summary_html = fields.Html(
        compute="_compute_mentorship_summary", string="Mentorship Summary", sanitize=False
    )
    mentorship_participation = fields.Selection(
        PARTICIPATION, compute="_compute_mentorship_summary", string="Mentorship"
    )
    mentorship_sessions_held = fields.Integer(
        compute="_compute_mentorship_summary",
        string="Sessions Held",
        help="Mentorship sessions held in the summary period, as mentee and as mentor.",
    )
    mentorship_plan_progress = fields.Integer(
        compute="_compute_mentorship_summary",
        string="Plan Progress (%)",
        help="Average progress of the 90-day plans of the employee's pairs as mentee.",
    )
    mentorship_objectives_reached = fields.Integer(
        compute="_compute_mentorship_summary", string="Objectives Reached"
    )
    mentorship_mentee_total = fields.Integer(
        compute="_compute_mentorship_summary",
        string="Mentees",
        help="Mentees the employee guided in the summary period.",
    )
    mentorship_hours_given = fields.Float(
        compute="_compute_mentorship_summary", string="Mentoring Hours Given"
    )
    mentorship_credit_total = fields.Float(
        compute="_compute_mentorship_credit_total",
        string="Development Credits (this year)",
        help="The development credits the employee earned this year, reversals deducted. "
        "A number only: the entries are the employee's and HR's to read.",
    )

    @api.model
    def action_open_mentorship_team(self):
        """*My Team*: the current user's reports, direct and indirect (as deep
        as the company's setting), with their mentorship figures."""
        team_ids = self.env["mentorship.employee.summary"]._team_employee_ids()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("My Team"),
            "res_model": "hr.employee.public",
            "view_mode": "list,form",
            "views": [
                (
                    self.env.ref(
                        "mentorship_program.hr_employee_public_view_list_mentorship_team"
                    ).id,
                    "list",
                ),
                (False, "form"),
            ],
            "domain": [("id", "in", team_ids)],
            "context": {"create": False},
            "help": self.env._(
                "<p class='o_view_nocontent_smiling_face'>Nobody reports to you.</p>"
                "<p>The people who report to you, directly or not, appear here with "
                "their mentorship: taking part, sessions held, plan progress.</p>"
            ),
        }

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_mentorship_credit_total(self):
        """The year's total for those who may read the employee's summary
        (the employee, HR, their managers up the chain); 0 for anyone else."""
        Summary = self.env["mentorship.employee.summary"]
        readable = Summary._readable_employee_ids(self.env["hr.employee"].browse(self.ids))
        year = fields.Date.context_today(self).year
        totals = self.env["mentorship.credit"]._year_totals(readable, year)
        for record in self:
            record.mentorship_credit_total = totals.get(record.id, 0.0)

    def _compute_mentorship_summary(self):
        Summary = self.env["mentorship.employee.summary"]
        employees = self.env["hr.employee"].browse(self.ids)
        readable = Summary._readable_employee_ids(employees)
        period = Summary._default_period()
        summaries = Summary._load(sorted(readable), period) if readable else {}
        loops = {}
        if readable:
            _chains, loops = Summary._manager_chains(sorted(readable), 0)
        for record in self:
            summary = summaries.get(record.id)
            if summary is None:
                record.update(_EMPTY)
                continue
            mentee, mentor = summary.mentee, summary.mentor
            loop_manager = loops.get(record.id)
            record.update(
                {
                    "mentorship_summary_readable": True,
                    "mentorship_summary_html": Summary._render(
                        summary,
                        employees.browse(record.id).sudo(),
                        employees.browse(loop_manager).sudo() if loop_manager else None,
                    ),
                    "mentorship_participation": _participation(summary),
                    "mentorship_sessions_held": mentee.sessions_held + mentor.sessions_held,
                    "mentorship_plan_progress": mentee.plan_progress or 0,
                    "mentorship_objectives_reached": len(mentee.objectives),
                    "mentorship_mentee_total": len(mentor.mentees),
                    "mentorship_hours_given": mentor.hours_given,
                }
            )


_EMPTY = {
    "mentorship_summary_readable": False,
    "mentorship_summary_html": False,
    "mentorship_participation": False,
    "mentorship_sessions_held": 0,
    "mentorship_plan_progress": 0,
    "mentorship_objectives_reached": 0,
    "mentorship_mentee_total": 0,
    "mentorship_hours_given": 0.0,
}


def _participation(summary):
    mentee = bool(summary.mentee.pairs)
    mentor = bool(summary.mentor.mentees)
    if mentee and mentor:
        return "both"
    if mentee or mentor:
        return "mentee" if mentee else "mentor"
    if summary.mentee.programs or summary.mentor.programs:
        return "enrolled"
    return "none"
