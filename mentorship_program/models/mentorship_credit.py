from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_date

from ..analytics.recognition import CREDIT_RATE_SETTINGS, CREDIT_SOURCES
from ..automation import insert_new_rows, process_in_batches
from ..program_settings import HR_GROUP
from .mentorship_achievement import COMPLETED_PAIR_STATES

# The columns the earning statements fill, in their order.
EARN_COLUMNS = (
    ("employee_id", "int4"),
    ("company_id", "int4"),
    ("department_id", "int4"),
    ("program_id", "int4"),
    ("source", "varchar"),
    ("amount", "float8"),
    ("date", "date"),
    ("year", "int4"),
    ("session_id", "int4"),
    ("pair_id", "int4"),
    ("circle_id", "int4"),
)
REASON_LIMIT = 500


class MentorshipCredit(models.Model):
    """One entry of a person's development credits: what they earned for one
    source (the hours of a session done as mentor, a completed pair, a
    circle facilitated) at the rate their program set, or HR's reversal of
    an entry.

    A ledger: an entry is never edited nor deleted, by anyone (no access
    right allows it, and ``write``/``unlink`` refuse every client, HR and
    administrators included). HR reverses an entry with a reason
    (:meth:`action_reverse`): a counter-entry of the opposite amount, linked
    to it, once (a unique key); the original stays as it was. Earning is
    done by the daily cron in batches, one statement per batch, and is
    idempotent: one entry per source record and person (unique keys), so a
    rerun or a second server adds nothing.

    Who reads what: the person their own entries; HR all the entries of
    their companies (reported by department); a line manager only the
    yearly total, on the employee (``mentorship_credit_total``), never the
    entries.
    """

    _name = "mentorship.credit"
    _description = "Mentorship Development Credit"
    _inherit = ["mentorship.guarded.mixin"]
    _order = "date desc, id desc"
    _signed_fields = frozenset({"amount"})
    _text_limits = {"reason": REASON_LIMIT}

    employee_id = fields.Many2one(
        "hr.employee", string="Person", required=True, readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    department_id = fields.Many2one(
        "hr.department",
        readonly=True,
        ondelete="set null",
        help="The person's department when the credit was earned.",
    )
    program_id = fields.Many2one("mentorship.program", readonly=True, ondelete="set null")
    source = fields.Selection(CREDIT_SOURCES, required=True, readonly=True)
    amount = fields.Float(string="Credits", required=True, readonly=True, aggregator="sum")
    date = fields.Date(required=True, readonly=True, index=True)
    year = fields.Integer(
        required=True,
        readonly=True,
        index=True,
        aggregator=None,
        help="The year the credits count for (a reversal counts in the year of its entry).",
    )
    session_id = fields.Many2one("mentorship.session", readonly=True, ondelete="set null")
    pair_id = fields.Many2one("mentorship.pair", readonly=True, ondelete="set null")
    circle_id = fields.Many2one("mentorship.circle", readonly=True, ondelete="set null")
    reversed_credit_id = fields.Many2one(
        "mentorship.credit",
        string="Reverses",
        readonly=True,
        index=True,
        # With its entry, only when the person's records go (their employee).
        ondelete="cascade",
        help="The entry this counter-entry reverses.",
    )
    reversal_ids = fields.One2many("mentorship.credit", "reversed_credit_id", readonly=True)
    reason = fields.Char(readonly=True, help="Why HR reversed the entry.")
    is_reversed = fields.Boolean(compute="_compute_is_reversed", string="Reversed")

    _sql_constraints = [
        ("session_unique", "UNIQUE(employee_id, session_id)", "A session earns credits once."),
        ("pair_unique", "UNIQUE(employee_id, pair_id)", "A pair earns credits once."),
        ("circle_unique", "UNIQUE(employee_id, circle_id)", "A circle earns credits once."),
        ("reversal_unique", "UNIQUE(reversed_credit_id)", "An entry is reversed once."),
    ]

    @api.depends("source", "date")
    def _compute_display_name(self):
        labels = dict(self._fields["source"]._description_selection(self.env))
        for credit in self:
            credit.display_name = self.env._(
                "%(origin)s, %(date)s",
                origin=labels.get(credit.source, ""),
                date=format_date(self.env, credit.date) if credit.date else "",
            )

    @api.depends("reversal_ids")
    def _compute_is_reversed(self):
        reversed_ids = set(
            self.sudo().search([("reversed_credit_id", "in", self.ids)]).reversed_credit_id.ids
        )
        for credit in self:
            credit.is_reversed = credit.id in reversed_ids

    # ------------------------------------------------------------
    # CRUD: a ledger
    # ------------------------------------------------------------

    def write(self, vals):
        if not self.env.su:
            self._refuse_ledger_change("write")
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            self._refuse_ledger_change("unlink")
        return super().unlink()

    def _refuse_ledger_change(self, operation):
        # Who may not read the entries learns nothing about them.
        self.check_access("read")
        raise AccessError(
            self.env._(
                "%(record)s: a development credit is never changed nor deleted; HR reverses "
                "it with a reason instead.",
                record=self._record_label(),
            )
        )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_reverse(self, reason):
        """HR's reversal of each entry, with ``reason``: a counter-entry of
        the opposite amount linked to it, once. Returns the counter-entries."""
        if not self.env.user.has_group(HR_GROUP):
            self.check_access("read")
            raise AccessError(self.env._("Only HR (Mentorship Managers) reverses credits."))
        self.check_access("read")
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for reversing the credits."))
        if len(reason) > REASON_LIMIT:
            raise UserError(
                self.env._(
                    "The reason is %(size)s characters long; at most %(limit)s are accepted.",
                    size=len(reason),
                    limit=REASON_LIMIT,
                )
            )
        credits_sudo = self.sudo()
        for credit in credits_sudo:
            if credit.source == "reversal":
                raise UserError(
                    self.env._(
                        "%(credit)s is itself a reversal: it cannot be reversed.",
                        credit=credit.display_name,
                    )
                )
            if credit.is_reversed:
                raise UserError(
                    self.env._("%(credit)s is reversed already.", credit=credit.display_name)
                )
        today = fields.Date.context_today(self)
        return credits_sudo.create(
            [
                {
                    "employee_id": credit.employee_id.id,
                    "company_id": credit.company_id.id,
                    "department_id": credit.department_id.id,
                    "program_id": credit.program_id.id,
                    "source": "reversal",
                    "amount": -credit.amount,
                    "date": today,
                    "year": credit.year,
                    "reversed_credit_id": credit.id,
                    "reason": reason,
                }
                for credit in credits_sudo
            ]
        ).with_env(self.env)

    def action_open_reverse(self):
        """HR's wizard asking the reason."""
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mentorship_program.mentorship_credit_reverse_action"
        )
        action["context"] = {"default_credit_id": self[:1].id}
        return action

    # ------------------------------------------------------------
    # EARNING (the daily cron)
    # ------------------------------------------------------------

    @api.model
    def _cron_earn_credits(self):
        """Credit every source not credited yet, in batches of sources: one
        search per kind, one INSERT per batch."""
        self = self.sudo()
        self.env.flush_all()
        today = fields.Date.context_today(self)
        for model, query, earn in (
            ("mentorship.session", self._unearned_sessions(), self._earn_sessions),
            ("mentorship.pair", self._unearned_pairs(), self._earn_pairs),
            (
                "mentorship.circle",
                self._unearned_circles(),
                lambda batch: self._earn_circles(batch, today),
            ),
        ):
            self.env.cr.execute(query)
            ids = [row[0] for row in self.env.cr.fetchall()]
            process_in_batches(
                self.env[model].browse(ids), earn, label=f"Mentorship: credits for {model}"
            )

    def _unearned_sessions(self):
        return SQL(
            """
            SELECT s.id FROM mentorship_session s
              JOIN mentorship_pair p ON p.id = s.pair_id
              JOIN mentorship_program g ON g.id = p.program_id
             WHERE s.state = 'done' AND s.hours_spent > 0 AND g.%(rate)s > 0
               AND p.mentor_employee_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM mentorship_credit c
                                WHERE c.session_id = s.id AND c.employee_id = p.mentor_employee_id)
          ORDER BY s.id
            """,
            rate=SQL.identifier(CREDIT_RATE_SETTINGS["session_hours"]),
        )

    def _unearned_pairs(self):
        return SQL(
            """
            SELECT p.id FROM mentorship_pair p
              JOIN mentorship_program g ON g.id = p.program_id
             WHERE p.state IN %(completed)s AND p.date_end IS NOT NULL AND g.%(rate)s > 0
               AND p.mentor_employee_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM mentorship_credit c
                                WHERE c.pair_id = p.id AND c.employee_id = p.mentor_employee_id)
          ORDER BY p.id
            """,
            completed=COMPLETED_PAIR_STATES,
            rate=SQL.identifier(CREDIT_RATE_SETTINGS["pair_completed"]),
        )

    def _unearned_circles(self):
        return SQL(
            """
            SELECT k.id FROM mentorship_circle k
              JOIN mentorship_program g ON g.id = k.program_id
             WHERE k.active AND k.facilitator_id IS NOT NULL AND g.%(rate)s > 0
               AND NOT EXISTS (SELECT 1 FROM mentorship_credit c
                                WHERE c.circle_id = k.id AND c.employee_id = k.facilitator_id)
          ORDER BY k.id
            """,
            rate=SQL.identifier(CREDIT_RATE_SETTINGS["circle_facilitated"]),
        )

    def _earn(self, source):
        return insert_new_rows(self, EARN_COLUMNS, (), source=source)

    def _earn_sessions(self, sessions):
        # The mentor's hours, dated on the session's day (UTC).
        return self._earn(
            SQL(
                """
                SELECT p.mentor_employee_id, s.company_id, e.department_id, p.program_id,
                       'session_hours', round((s.hours_spent * g.%(rate)s)::numeric, 2)::float8,
                       s.date_start::date, extract(year FROM s.date_start)::int4,
                       s.id, NULL::int4, NULL::int4
                  FROM mentorship_session s
                  JOIN mentorship_pair p ON p.id = s.pair_id
                  JOIN mentorship_program g ON g.id = p.program_id
                  JOIN hr_employee e ON e.id = p.mentor_employee_id
                 WHERE s.id = ANY(%(ids)s) AND s.state = 'done' AND s.hours_spent > 0
                   AND g.%(rate)s > 0
                """,
                rate=SQL.identifier(CREDIT_RATE_SETTINGS["session_hours"]),
                ids=list(sessions.ids),
            )
        )

    def _earn_pairs(self, pairs):
        return self._earn(
            SQL(
                """
                SELECT p.mentor_employee_id, p.company_id, e.department_id, p.program_id,
                       'pair_completed', g.%(rate)s::float8,
                       p.date_end, extract(year FROM p.date_end)::int4,
                       NULL::int4, p.id, NULL::int4
                  FROM mentorship_pair p
                  JOIN mentorship_program g ON g.id = p.program_id
                  JOIN hr_employee e ON e.id = p.mentor_employee_id
                 WHERE p.id = ANY(%(ids)s) AND p.state IN %(completed)s
                   AND p.date_end IS NOT NULL AND g.%(rate)s > 0
                """,
                rate=SQL.identifier(CREDIT_RATE_SETTINGS["pair_completed"]),
                completed=COMPLETED_PAIR_STATES,
                ids=list(pairs.ids),
            )
        )

    def _earn_circles(self, circles, today):
        # Dated on the day the cron first sees the circle facilitated.
        return self._earn(
            SQL(
                """
                SELECT k.facilitator_id, k.company_id, e.department_id, k.program_id,
                       'circle_facilitated', g.%(rate)s::float8,
                       %(today)s::date, %(year)s::int4,
                       NULL::int4, NULL::int4, k.id
                  FROM mentorship_circle k
                  JOIN mentorship_program g ON g.id = k.program_id
                  JOIN hr_employee e ON e.id = k.facilitator_id
                 WHERE k.id = ANY(%(ids)s) AND k.active AND g.%(rate)s > 0
                """,
                rate=SQL.identifier(CREDIT_RATE_SETTINGS["circle_facilitated"]),
                today=today,
                year=today.year,
                ids=list(circles.ids),
            )
        )

    # ------------------------------------------------------------
    # TOTALS
    # ------------------------------------------------------------

    @api.model
    def _year_totals(self, employee_ids, year):
        """{employee id: credits of ``year``}, reversals deducted, read as
        the system (the caller decides who may see the figure)."""
        if not employee_ids:
            return {}
        return {
            employee.id: amount
            for employee, amount in self.sudo()._read_group(
                [("employee_id", "in", list(employee_ids)), ("year", "=", year)],
                ["employee_id"],
                ["amount:sum"],
            )
        }
