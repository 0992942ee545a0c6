"""The data-quality audit: the gaps matching and measurement suffer from,
counted per company, each a click away from the records to fix."""

from collections import namedtuple
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

from ..automation import create_activities, process_in_batches
from .mentorship_enrollment import LIVE_ENROLLMENT_STATES

DATA_QUALITY_ACTIVITY = "mentorship_program.mail_activity_type_data_quality"
MANAGER_GROUP = "mentorship_program.group_mentorship_manager"

Gap = namedtuple("Gap", "code label model company_field")
# The gaps, in the order the screen lists them. Each one's records are
# ``_gap_domain(code, company)``; the count and the click use that same domain.
GAPS = (
    Gap("employee_no_manager", "Employees without a manager", "hr.employee", "company_id"),
    Gap("employee_no_department", "Employees without a department", "hr.employee", "company_id"),
    Gap("employee_no_job", "Employees without a job position", "hr.employee", "company_id"),
    Gap("job_no_grade", "Job positions without a grade", "hr.job", "company_id"),
    Gap("job_no_next_roles", "Job positions without next roles", "hr.job", "company_id"),
    Gap(
        "mentee_no_target_skills",
        "Mentees without target skills",
        "mentorship.enrollment",
        "company_id",
    ),
    Gap(
        "mentee_no_current_level",
        "Mentees without current levels",
        "mentorship.enrollment",
        "company_id",
    ),
    Gap("mentor_no_skills", "Mentors without skills", "mentorship.enrollment", "company_id"),
    Gap("intake_stale", "Intakes not updated", "mentorship.enrollment", "company_id"),
    Gap("pair_no_session", "Active pairs without a session", "mentorship.pair", "company_id"),
    Gap(
        "session_no_duration",
        "Sessions logged without time spent",
        "mentorship.session",
        "company_id",
    ),
    Gap("survey_unanswered", "Pairs with a survey unanswered", "mentorship.pair", "company_id"),
)
GAPS_BY_CODE = {gap.code: gap for gap in GAPS}


def _count_field(code):
    return f"{code}_count"


class MentorshipDataQuality(models.Model):
    """One row per company: how many records of each kind miss what matching
    and measurement need (a manager, a department, target skills, a session
    logged with its time...).

    A SQL view over the companies; the counts are computed when read, in one
    query per kind of gap whatever the data (and one more for the settings),
    as superuser within the row's company: HR sees the gaps of their
    companies only (company rule), and a count names nobody. The click
    (``action_open_records``) opens the records with the user's own rights.
    The weekly cron gives each Mentorship Manager one activity listing the
    counts of their company.
    """

    _name = "mentorship.data.quality"
    _description = "Mentorship Data Quality"
    # The weekly activity lands on the company's row (mail.thread: marking it
    # done logs it there); the row is read-only for everyone.
    _inherit = [
        "mentorship.thread.guard",
        # Before mail.thread, whose message_subscribe it short-cuts.
        "mentorship.followers.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "mentorship.guarded.mixin",
    ]
    _auto = False
    _rec_name = "company_id"
    _order = "company_id"
    # Figures only: nothing to write.
    _client_create_fields = frozenset()
    _client_write_fields = frozenset()

    company_id = fields.Many2one("res.company", readonly=True)
    gap_count = fields.Integer(string="Gaps", compute="_compute_counts")
    locals().update(
        {
            _count_field(gap.code): fields.Integer(string=gap.label, compute="_compute_counts")
            for gap in GAPS
        }
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"CREATE OR REPLACE VIEW {self._table} AS "
            "(SELECT c.id AS id, c.id AS company_id FROM res_company c)"
        )

    # ------------------------------------------------------------
    # GAPS
    # ------------------------------------------------------------

    @api.model
    def _gap_domain(self, code, company):
        """The records of ``company`` that have the gap ``code``. The survey
        gap reads the invitations as superuser (answers are their
        respondent's) and gives the pairs by id."""
        today = fields.Date.context_today(self)
        company_leaf = [(GAPS_BY_CODE[code].company_field, "=", company.id)]
        if code == "employee_no_manager":
            domain = [("parent_id", "=", False)]
        elif code == "employee_no_department":
            domain = [("department_id", "=", False)]
        elif code == "employee_no_job":
            domain = [("job_id", "=", False)]
        elif code == "job_no_grade":
            domain = ["|", ("mentorship_grade", "=", False), ("mentorship_grade", "<=", 0)]
        elif code == "job_no_next_roles":
            domain = [("next_job_ids", "=", False)]
        elif code == "mentee_no_target_skills":
            domain = [
                ("role", "=", "mentee"),
                ("state", "in", LIVE_ENROLLMENT_STATES),
                ("target_skill_ids", "=", False),
            ]
        elif code == "mentee_no_current_level":
            enrollment_ids = self._mentees_without_current_level(company).get(company.id, ())
            domain = [("id", "in", sorted(enrollment_ids))]
        elif code == "mentor_no_skills":
            domain = [
                ("role", "=", "mentor"),
                ("state", "in", LIVE_ENROLLMENT_STATES),
                ("employee_id", "any", [("employee_skill_ids", "=", False)]),
            ]
        elif code == "intake_stale":
            since = fields.Datetime.now() - timedelta(days=company.mentorship_dq_intake_stale_days)
            domain = [("state", "=", "draft"), ("write_date", "<", since)]
        elif code == "pair_no_session":
            started_by = today - timedelta(days=company.mentorship_dq_first_session_days)
            domain = [
                ("state", "=", "active"),
                ("date_start", "<=", started_by),
                ("session_done_count", "=", 0),
            ]
        elif code == "session_no_duration":
            domain = [
                ("state", "=", "done"),
                "|",
                ("hours_spent", "=", False),
                ("hours_spent", "<=", 0),
            ]
        elif code == "survey_unanswered":
            pair_ids = self._unanswered_survey_pairs(company).ids
            domain = [("id", "in", pair_ids)]
        else:
            raise UserError(self.env._("Unknown data-quality gap %(gap)r.", gap=code))
        return expression.AND([company_leaf, domain])

    @api.model
    def _unanswered_survey_domain(self, company):
        sent_by = fields.Date.context_today(self) - timedelta(
            days=company.mentorship_dq_survey_unanswered_days
        )
        return [
            ("mentorship_pair_id", "!=", False),
            ("mentorship_program_id.company_id", "=", company.id),
            ("mentorship_sent_date", "<=", sent_by),
            ("state", "!=", "done"),
        ]

    @api.model
    def _unanswered_survey_pairs(self, company):
        return (
            self.env["survey.user_input"]
            .sudo()
            .search(self._unanswered_survey_domain(company))
            .mentorship_pair_id
        )

    @api.model
    def _mentees_without_current_level(self, companies):
        """{company id: enrollment ids} of the live mentees with a target
        skill their employee has no level of (the current level an intake
        shows is read from the employee's skills, computed, not searchable):
        one query for all ``companies``."""
        self.env["mentorship.enrollment"].flush_model(["role", "state", "company_id"])
        self.env["mentorship.enrollment.skill"].flush_model(["enrollment_id", "skill_id"])
        self.env["hr.employee.skill"].flush_model(["employee_id", "skill_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT e.company_id, array_agg(DISTINCT e.id)
                  FROM mentorship_enrollment e
                  JOIN mentorship_enrollment_skill line ON line.enrollment_id = e.id
                 WHERE e.role = 'mentee'
                   AND e.state IN %s
                   AND e.company_id IN %s
                   AND NOT EXISTS (
                       SELECT 1 FROM hr_employee_skill s
                        WHERE s.employee_id = e.employee_id AND s.skill_id = line.skill_id
                   )
                 GROUP BY e.company_id
                """,
                LIVE_ENROLLMENT_STATES,
                tuple(companies.ids) or (0,),
            )
        )
        return {company_id: set(ids) for company_id, ids in self.env.cr.fetchall()}

    @api.model
    def _gap_counts(self, companies):
        """{(gap code, company id): count} for ``companies``: one grouped
        query per gap, whatever the number of records or companies."""
        counts = {}
        for gap in GAPS:
            if gap.code == "mentee_no_current_level":
                for company_id, ids in self._mentees_without_current_level(companies).items():
                    counts[(gap.code, company_id)] = len(ids)
                continue
            if gap.code == "survey_unanswered":
                domain = expression.OR(
                    [self._unanswered_survey_domain(company) for company in companies]
                )
                rows = (
                    self.env["survey.user_input"]
                    .sudo()
                    ._read_group(
                        domain,
                        ["mentorship_program_id"],
                        ["mentorship_pair_id:count_distinct"],
                    )
                )
                # A pair belongs to one program, so per program adds up per company.
                for program, pair_count in rows:
                    key = (gap.code, program.company_id.id)
                    counts[key] = counts.get(key, 0) + pair_count
                continue
            domain = expression.OR([self._gap_domain(gap.code, company) for company in companies])
            Model = self.env[gap.model].sudo().with_context(active_test=True)
            for company, count in Model._read_group(domain, [gap.company_field], ["__count"]):
                counts[(gap.code, company.id)] = count
        return counts

    def _compute_counts(self):
        rows = self.filtered("company_id")
        companies = rows.company_id.sudo()
        counts = self._gap_counts(companies) if companies else {}
        for row in self:
            total = 0
            for gap in GAPS:
                count = counts.get((gap.code, row.company_id.id), 0)
                row[_count_field(gap.code)] = count
                total += count
            row.gap_count = total

    def _gap_label(self, code):
        """The gap's label in the user's language (its count field's string)."""
        return self._fields[_count_field(code)]._description_string(self.env)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_open_records(self):
        """The records of this row's company that have the gap named in the
        context (``mentorship_gap``), with the user's own rights."""
        self.ensure_one()
        self.check_access("read")
        code = self.env.context.get("mentorship_gap")
        gap = GAPS_BY_CODE.get(code)
        if gap is None:
            raise UserError(
                self.env._(
                    "Data quality of %(company)s: unknown gap %(gap)r.",
                    company=self.company_id.display_name,
                    gap=code,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self._gap_label(gap.code),
            "res_model": gap.model,
            "domain": self._gap_domain(gap.code, self.company_id.sudo()),
            "views": [(False, "list"), (False, "form")],
            "context": {"create": False},
            "target": "current",
        }

    # ------------------------------------------------------------
    # WEEKLY ACTIVITY
    # ------------------------------------------------------------

    @api.model
    def _cron_notify_gaps(self):
        """Give each Mentorship Manager of a company with gaps one activity
        on the company's row listing the counts (no names); none when there
        is no gap, none more while the previous one is open."""
        # One row per company: as many as there are companies, never more.
        rows = self.sudo().search([])  # pylint: disable=no-search-all
        # Batches of companies: a batch takes its companies' rows first, so
        # that a manual run beside the scheduled one never gives a manager
        # the activity twice (automation/batches.py).
        return process_in_batches(
            rows.company_id,
            lambda companies: self._notify_gaps(companies),
            label="data-quality gaps",
            # The work is new activities, not a mark on the companies.
            touch=True,
        )

    @api.model
    def _notify_gaps(self, companies):
        activity_type = self.env.ref(DATA_QUALITY_ACTIVITY)
        rows = self.sudo().search([("company_id", "in", companies.ids)])
        managers = (
            self.env.ref(MANAGER_GROUP).sudo().users.filtered(lambda u: u.active and not u.share)
        )
        open_activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", rows.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )
        notified = {(a.res_id, a.user_id.id) for a in open_activities}
        model_id = self.env["ir.model"]._get_id(self._name)
        values = []
        for row in rows:
            if not row.gap_count:
                continue
            note = row._gap_summary()
            for user in managers.filtered(lambda u, c=row.company_id: c in u.company_ids):
                if (row.id, user.id) in notified:
                    continue
                values.append(
                    {
                        "activity_type_id": activity_type.id,
                        "summary": activity_type.summary,
                        "note": note,
                        "automated": True,
                        "res_model_id": model_id,
                        "res_id": row.id,
                        "user_id": user.id,
                        "date_deadline": fields.Date.context_today(self),
                    }
                )
        if values:
            # In their to-do list, like every notice of the module: no e-mail;
            # the managers follow the row in bulk, not one by one.
            create_activities(self.sudo(), values)

    def _gap_summary(self):
        """The gaps of this row and their counts, as the activity's note."""
        self.ensure_one()
        items = Markup().join(
            Markup("<li>%s: %s</li>") % (self._gap_label(gap.code), self[_count_field(gap.code)])
            for gap in GAPS
            if self[_count_field(gap.code)]
        )
        return Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._(
                "Data-quality gaps of %(company)s (Mentorship > Reporting > Data Quality):",
                company=self.company_id.display_name,
            ),
            items,
        )
