from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..analytics.career_events import (
    DEPARTURE_KEY,
    EVENT_KINDS,
    EVENT_SOURCES,
    SOURCE_ARCHIVE,
    SOURCE_TRACKING,
    Position,
    change_key,
    classify_change,
    event_kind,
    grade_of,
    replay_history,
)

# What HR corrects when the history was misread: the facts themselves.
CORRECTABLE_FIELDS = frozenset({"is_promotion", "is_cross_functional", "is_departure"})
# The employee's fields whose tracking values tell a move.
TRACKED_FIELDS = ("job_id", "department_id")
# Rows inserted per statement by the backfill.
INSERT_BATCH = 10_000
# The columns _insert_rows fills, with their SQL array types.
INSERT_COLUMNS = (
    ("employee_id", "int4"),
    ("company_id", "int4"),
    ("date", "date"),
    ("kind", "varchar"),
    ("detected_kind", "varchar"),
    ("is_promotion", "bool"),
    ("is_cross_functional", "bool"),
    ("is_departure", "bool"),
    ("from_job_id", "int4"),
    ("to_job_id", "int4"),
    ("from_department_id", "int4"),
    ("to_department_id", "int4"),
    ("from_grade", "int4"),
    ("to_grade", "int4"),
    ("departure_reason_id", "int4"),
    ("source", "varchar"),
    ("change_key", "varchar"),
)


class MentorshipCareerEvent(models.Model):
    """A promotion, a cross-functional move, a job change or a departure of
    an employee, read from what Odoo records: the tracking values of the
    employee's job and department, archiving and the departure date.

    Filled once from the history when the module is installed or updated
    (:meth:`_backfill_from_history`, idempotent) and kept current by
    ``hr.employee.write``. One flag per fact (see analytics/career_events.py);
    HR (Mentorship Managers of the company) corrects the flags of an event
    that was misread, and the event keeps what was read (``detected_kind``)
    and who corrected it. Nobody else reads single events: the outcomes are
    shown in aggregate by the reporting models.
    """

    _name = "mentorship.career.event"
    _description = "Mentorship Career Event"
    _inherit = ["mentorship.guarded.mixin"]
    _order = "date desc, id desc"
    _rec_name = "employee_id"

    # HR corrects the facts and says why; everything else is read from the history.
    _client_write_fields = CORRECTABLE_FIELDS | {"correction_note"}

    employee_id = fields.Many2one(
        "hr.employee", required=True, readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    date = fields.Date(required=True, readonly=True, index=True)
    kind = fields.Selection(
        list(EVENT_KINDS),
        compute="_compute_kind",
        store=True,
        readonly=True,
        help="The headline of the flags: departure, else promotion, else cross-functional "
        "move, else job change.",
    )
    is_promotion = fields.Boolean(
        string="Promotion",
        help="A move into one of the previous job's next roles, or to a job of a higher grade.",
    )
    is_cross_functional = fields.Boolean(
        string="Cross-Functional", help="The employee changed department."
    )
    is_departure = fields.Boolean(string="Departure")
    from_job_id = fields.Many2one("hr.job", readonly=True, ondelete="set null")
    to_job_id = fields.Many2one("hr.job", readonly=True, ondelete="set null")
    from_department_id = fields.Many2one("hr.department", readonly=True, ondelete="set null")
    to_department_id = fields.Many2one("hr.department", readonly=True, ondelete="set null")
    from_grade = fields.Integer(
        readonly=True, help="The grade of the previous job when the event was read (0: none)."
    )
    to_grade = fields.Integer(
        readonly=True, help="The grade of the new job when the event was read (0: none)."
    )
    departure_reason_id = fields.Many2one("hr.departure.reason", readonly=True, ondelete="set null")
    source = fields.Selection(list(EVENT_SOURCES), required=True, readonly=True)
    change_key = fields.Char(
        readonly=True,
        help="The jobs and departments on both sides (or 'departure'): with the employee "
        "and the day, what makes a change read live and read again from the history "
        "the same event.",
    )
    detected_kind = fields.Selection(
        list(EVENT_KINDS), string="Read As", readonly=True, help="The kind as first read."
    )
    is_corrected = fields.Boolean(string="Corrected by HR", readonly=True)
    corrected_by_id = fields.Many2one("res.users", readonly=True)
    corrected_date = fields.Datetime(string="Corrected On", readonly=True)
    correction_note = fields.Char(help="Why HR corrected the event.")

    _sql_constraints = [
        (
            "change_unique",
            "unique(employee_id, date, change_key)",
            "An employee has one career event per change and day.",
        )
    ]

    @api.depends("is_promotion", "is_cross_functional", "is_departure")
    def _compute_kind(self):
        for event in self:
            event.kind = event_kind(
                event.is_promotion, event.is_cross_functional, event.is_departure
            )

    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for event in self:
            event.display_name = self.env._(
                "%(employee)s: %(kind)s on %(date)s",
                employee=event.employee_id.name,
                kind=kinds.get(event.kind, ""),
                date=event.date,
            )

    @api.constrains("is_departure", "is_promotion", "is_cross_functional")
    def _check_departure_is_alone(self):
        for event in self:
            if event.is_departure and (event.is_promotion or event.is_cross_functional):
                raise ValidationError(
                    self.env._(
                        "%(event)s: a departure is neither a promotion nor a cross-functional "
                        "move; clear 'Promotion' (is_promotion) and 'Cross-Functional' "
                        "(is_cross_functional), or 'Departure' (is_departure).",
                        event=event.display_name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        corrected = not self.env.su and bool(CORRECTABLE_FIELDS & set(vals))
        result = super().write(vals)
        if corrected:
            self._system_write(
                {
                    "is_corrected": True,
                    "corrected_by_id": self.env.uid,
                    "corrected_date": fields.Datetime.now(),
                }
            )
        return result

    # ------------------------------------------------------------
    # RECORDING
    # ------------------------------------------------------------

    @api.model
    def _job_grades(self):
        """({job id: grade}, {job id: set of next-role ids}) of every job: two
        queries (jobs are few next to employees)."""
        self.env["hr.job"].flush_model(["mentorship_grade", "next_job_ids"])
        self.env.cr.execute(SQL("SELECT id, mentorship_grade FROM hr_job"))
        grades = {job_id: grade or 0 for job_id, grade in self.env.cr.fetchall()}
        self.env.cr.execute(SQL("SELECT job_id, next_job_id FROM mentorship_job_next_job_rel"))
        next_roles = {}
        for job_id, next_job_id in self.env.cr.fetchall():
            next_roles.setdefault(job_id, set()).add(next_job_id)
        return grades, next_roles

    @api.model
    def _move_row(self, employee_id, company_id, day, before, after, grades, next_roles, source):
        """The row of a move from ``before`` to ``after``, or None when it is
        no career event."""
        facts = classify_change(before, after, grades, next_roles)
        if facts is None:
            return None
        is_promotion, is_cross_functional = facts
        kind = event_kind(is_promotion, is_cross_functional, False)
        return {
            "employee_id": employee_id,
            "company_id": company_id,
            "date": day,
            "kind": kind,
            "detected_kind": kind,
            "is_promotion": is_promotion,
            "is_cross_functional": is_cross_functional,
            "is_departure": False,
            "from_job_id": before.job_id,
            "to_job_id": after.job_id,
            "from_department_id": before.department_id,
            "to_department_id": after.department_id,
            "from_grade": grade_of(grades, before.job_id) or 0,
            "to_grade": grade_of(grades, after.job_id) or 0,
            "departure_reason_id": None,
            "source": source,
            "change_key": change_key(before, after),
        }

    @api.model
    def _departure_row(self, employee_id, company_id, day, position, reason_id, grades, source):
        kind = event_kind(False, False, True)
        grade = grade_of(grades, position.job_id) or 0
        return {
            "employee_id": employee_id,
            "company_id": company_id,
            "date": day,
            "kind": kind,
            "detected_kind": kind,
            "is_promotion": False,
            "is_cross_functional": False,
            "is_departure": True,
            "from_job_id": position.job_id,
            "to_job_id": None,
            "from_department_id": position.department_id,
            "to_department_id": None,
            "from_grade": grade,
            "to_grade": 0,
            "departure_reason_id": reason_id,
            "source": source,
            "change_key": DEPARTURE_KEY,
        }

    @api.model
    def _insert_rows(self, rows):
        """Insert ``rows`` (dicts of INSERT_COLUMNS) in one statement per
        INSERT_BATCH, skipping those already recorded (same employee, day and
        change key): what makes recording idempotent. Returns the new ids.

        SQL rather than ``create``: the backfill writes up to hundreds of
        thousands of rows, and recording never needs the ORM's side effects
        (no chatter, no computed field but ``kind``, given here)."""
        if not rows:
            return []
        self.flush_model()
        new_ids = []
        names = [name for name, _type in INSERT_COLUMNS]
        for start in range(0, len(rows), INSERT_BATCH):
            batch = rows[start : start + INSERT_BATCH]
            arrays = [
                SQL("%s::" + sql_type + "[]", [row[name] for row in batch])
                for name, sql_type in INSERT_COLUMNS
            ]
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO mentorship_career_event
                           (%(columns)s, is_corrected, create_uid, create_date, write_uid,
                            write_date)
                    SELECT *, false, %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s,
                           now() AT TIME ZONE 'UTC'
                      FROM unnest(%(arrays)s)
                        ON CONFLICT (employee_id, date, change_key) DO NOTHING
                 RETURNING id
                    """,
                    columns=SQL(", ").join(SQL.identifier(name) for name in names),
                    uid=self.env.uid,
                    arrays=SQL(", ").join(arrays),
                )
            )
            new_ids.extend(row[0] for row in self.env.cr.fetchall())
        self.invalidate_model()
        return new_ids

    # ------------------------------------------------------------
    # BACKFILL
    # ------------------------------------------------------------

    @api.model
    def _backfill_from_history(self):
        """Read every career event Odoo's history holds: the tracking values
        of the employees' job and department (the message gives the date),
        and the departures (archived employees and departure dates, with
        the reason). Called when the module is installed or updated; running
        it again adds nothing (see :meth:`_insert_rows`). A fixed number of
        queries, whatever the number of employees.

        What the history cannot tell is read as today: the grade of a job
        is its grade now; an archived employee without a departure date left
        on the day their record was last written."""
        env = self.sudo().env
        env["hr.employee"].flush_model()
        env["mail.tracking.value"].flush_model()
        env["mail.message"].flush_model()
        field_ids = {
            env["ir.model.fields"]._get("hr.employee", name).id: name for name in TRACKED_FIELDS
        }
        cr = self.env.cr
        # Two plain scans joined in Python rather than one SQL join: on
        # tables whose statistics lag behind (a bulk import, a restore) the
        # planner may pick a nested loop that scans them once per row.
        cr.execute(
            SQL(
                """
                SELECT mail_message_id, field_id, old_value_integer, new_value_integer
                  FROM mail_tracking_value WHERE field_id IN %s
                """,
                tuple(field_ids),
            )
        )
        values_by_message = {}
        for message_id, field_id, old_id, new_id in cr.fetchall():
            values_by_message.setdefault(message_id, []).append((field_id, old_id, new_id))
        cr.execute(
            SQL(
                """
                SELECT id, res_id, date FROM mail_message
                 WHERE id = ANY(%s) AND model = 'hr.employee'
                """,
                list(values_by_message),
            )
        )
        changes_by_employee = {}
        for message_id, employee_id, moment in sorted(
            cr.fetchall(), key=lambda row: (row[1], row[2], row[0])
        ):
            for field_id, old_id, new_id in values_by_message[message_id]:
                changes_by_employee.setdefault(employee_id, []).append(
                    (message_id, moment.date(), field_ids[field_id], old_id, new_id)
                )
        cr.execute(
            SQL(
                """
                SELECT e.id, e.company_id, e.job_id, e.department_id, e.active,
                       e.departure_date, e.write_date::date, e.departure_reason_id
                  FROM hr_employee e
                 WHERE e.id = ANY(%s) OR NOT e.active OR e.departure_date IS NOT NULL
                """,
                list(changes_by_employee),
            )
        )
        employees = cr.fetchall()
        # A separate scan rather than a correlated EXISTS: right after a
        # first backfill the table's statistics still say it is empty, and
        # the planner would then scan it once per employee.
        cr.execute(
            SQL(
                "SELECT DISTINCT employee_id FROM mentorship_career_event WHERE change_key = %s",
                DEPARTURE_KEY,
            )
        )
        recorded_departures = {row[0] for row in cr.fetchall()}
        grades, next_roles = self._job_grades()
        rows = []
        for (
            employee_id,
            company_id,
            job_id,
            department_id,
            active,
            departure_date,
            write_day,
            reason_id,
        ) in employees:
            current = Position(job_id, department_id)
            for _message_id, day, before, after in replay_history(
                current, changes_by_employee.get(employee_id, ())
            ):
                row = self._move_row(
                    employee_id, company_id, day, before, after, grades, next_roles, SOURCE_TRACKING
                )
                if row:
                    rows.append(row)
            # One departure per employee from the history: a departure
            # recorded already (live, or corrected by HR) is not read again.
            if (not active or departure_date) and employee_id not in recorded_departures:
                rows.append(
                    self._departure_row(
                        employee_id,
                        company_id,
                        departure_date or write_day,
                        current,
                        reason_id,
                        grades,
                        SOURCE_ARCHIVE,
                    )
                )
        return len(self._insert_rows(rows))

    # ------------------------------------------------------------
    # FOR THE OUTCOMES
    # ------------------------------------------------------------

    @api.model
    def _outcome_rows(self, company, date_from=None, date_to=None):
        """The career events of ``company`` (a res.company recordset, one or
        more) dated within ``date_from``..``date_to`` (dates, inclusive; None
        = open), as HR corrected them, oldest first, in one query:

        ``[{"event_id", "employee_id", "date", "kind", "promoted",
        "cross_functional", "departed", "from_department_id",
        "to_department_id", "from_job_id", "to_job_id", "from_grade",
        "to_grade", "departure_reason_id"}]`` with ids as integers or None,
        grades as integers (0: no grade), dates as ``datetime.date``.

        Server-side only (a private method): it reads as the system, the
        caller decides who sees the aggregates it builds."""
        self.flush_model()
        conditions = [SQL("company_id = ANY(%s)", list(company.ids))]
        if date_from:
            conditions.append(SQL("date >= %s", date_from))
        if date_to:
            conditions.append(SQL("date <= %s", date_to))
        self.env.cr.execute(
            SQL(
                """
                SELECT id, employee_id, date, kind, is_promotion, is_cross_functional,
                       is_departure, from_department_id, to_department_id, from_job_id,
                       to_job_id, from_grade, to_grade, departure_reason_id
                  FROM mentorship_career_event
                 WHERE %s
              ORDER BY date, id
                """,
                SQL(" AND ").join(conditions),
            )
        )
        return [
            {
                "event_id": row[0],
                "employee_id": row[1],
                "date": row[2],
                "kind": row[3],
                "promoted": bool(row[4]),
                "cross_functional": bool(row[5]),
                "departed": bool(row[6]),
                "from_department_id": row[7],
                "to_department_id": row[8],
                "from_job_id": row[9],
                "to_job_id": row[10],
                "from_grade": row[11] or 0,
                "to_grade": row[12] or 0,
                "departure_reason_id": row[13],
            }
            for row in self.env.cr.fetchall()
        ]
