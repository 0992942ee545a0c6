from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

from ..analytics.career_events import DEPARTURE_KEY, SOURCE_LIVE, Position
from ..automation import process_in_batches
from ..pair_states import LIVE_PAIR_STATES
from .hr_employee_base import MENTORSHIP_SUMMARY_FIELDS
from .mentorship_enrollment import LIVE_ENROLLMENT_STATES
from .mentorship_guarded_mixin import refuse_module_fields
from .mentorship_personal_data import PERSONAL_DATA_URL
from .window_action import window_action

# The fields whose change is a career event (mentorship.career.event).
CAREER_FIELDS = frozenset(
    {"job_id", "department_id", "active", "departure_date", "departure_reason_id"}
)


class HrEmployee(models.Model):
    _inherit = "hr.employee"
    # The module's fields on employees are figures and links it keeps itself:
    # none is a client's to write (see mentorship.guarded.mixin).
    _mentorship_client_write_fields = frozenset()
    _mentorship_system_fields = (
        frozenset(
            {
                "mentorship_enrollment_ids",
                "mentorship_enrollment_count",
                "mentorship_mentee_count",
                "mentorship_mentor_load",
                "mentorship_session_count",
            }
        )
        | MENTORSHIP_SUMMARY_FIELDS
    )

    mentorship_enrollment_ids = fields.One2many(
        "mentorship.enrollment",
        "employee_id",
        string="Mentorship Enrollments",
        groups="mentorship_program.group_mentorship_manager",
    )
    mentorship_enrollment_count = fields.Integer(
        compute="_compute_mentorship_enrollment_count",
        groups="mentorship_program.group_mentorship_manager",
    )

    mentorship_mentee_count = fields.Integer(
        string="Mentees",
        compute="_compute_mentorship_load",
        groups="mentorship_program.group_mentorship_manager",
        help="Mentees in a pending, active or on-hold pair with this employee as mentor.",
    )
    mentorship_mentor_load = fields.Integer(
        string="Mentor Load (%)",
        compute="_compute_mentorship_load",
        groups="mentorship_program.group_mentorship_manager",
        help="Those mentees against the capacity of the employee's approved mentor enrollments.",
    )
    mentorship_session_count = fields.Integer(
        string="Mentoring Sessions",
        compute="_compute_mentorship_load",
        groups="mentorship_program.group_mentorship_manager",
        help="Sessions done, as mentor or as mentee.",
    )

    def _compute_mentorship_load(self):
        """Three read_groups (and the pairs of the sessions) for any number
        of employees."""
        Pair = self.env["mentorship.pair"]
        mentees = dict(
            Pair._read_group(
                [("mentor_employee_id", "in", self.ids), ("state", "in", LIVE_PAIR_STATES)],
                ["mentor_employee_id"],
                ["__count"],
            )
        )
        capacities = dict(
            self.env["mentorship.enrollment"]._read_group(
                [
                    ("employee_id", "in", self.ids),
                    ("role", "=", "mentor"),
                    ("state", "=", "approved"),
                ],
                ["employee_id"],
                ["capacity:sum"],
            )
        )
        done_by_pair = self.env["mentorship.session"]._read_group(
            [
                "|",
                ("pair_id.mentor_employee_id", "in", self.ids),
                ("pair_id.mentee_employee_id", "in", self.ids),
                ("state", "=", "done"),
            ],
            ["pair_id"],
            ["__count"],
        )
        sessions = {}
        for pair, count in done_by_pair:
            for employee in pair.sudo().mentor_employee_id | pair.sudo().mentee_employee_id:
                sessions[employee.id] = sessions.get(employee.id, 0) + count
        for employee in self:
            mentee_count = mentees.get(employee, 0)
            capacity = capacities.get(employee, 0)
            employee.mentorship_mentee_count = mentee_count
            employee.mentorship_mentor_load = (
                round(100 * mentee_count / capacity) if capacity else 0
            )
            employee.mentorship_session_count = sessions.get(employee.id, 0)

    def action_view_mentorship_mentees(self):
        self.ensure_one()
        return window_action(
            self.env,
            "mentorship_program.mentorship_pair_action",
            [("mentor_employee_id", "=", self.id), ("state", "in", LIVE_PAIR_STATES)],
        )

    def action_view_mentorship_sessions(self):
        self.ensure_one()
        return window_action(
            self.env,
            "mentorship_program.mentorship_session_action",
            [
                "|",
                ("pair_id.mentor_employee_id", "=", self.id),
                ("pair_id.mentee_employee_id", "=", self.id),
            ],
        )

    @api.depends("mentorship_enrollment_ids")
    def _compute_mentorship_enrollment_count(self):
        counts = dict(
            self.env["mentorship.enrollment"]._read_group(
                [("employee_id", "in", self.ids)], ["employee_id"], ["__count"]
            )
        )
        for employee in self:
            employee.mentorship_enrollment_count = counts.get(employee, 0)

    def action_view_mentorship_enrollments(self):
        self.ensure_one()
        return window_action(
            self.env,
            "mentorship_program.mentorship_enrollment_action",
            [("employee_id", "=", self.id)],
            {"default_employee_id": self.id},
        )

    # -- Personal data ------------------------------------------------------------------------
    def action_mentorship_export_personal_data(self):
        """Download what the module holds about the employee (a ZIP): the
        employee's own, or HR's; anyone else is refused by
        mentorship.personal.data, the same way for an unknown id."""
        employee_id = self._ids[0] if len(self._ids) == 1 else 0
        self.env["mentorship.personal.data"]._employee_for_export(employee_id)
        return {
            "type": "ir.actions.act_url",
            "url": f"{PERSONAL_DATA_URL}/{employee_id}",
            "target": "self",
        }

    def action_mentorship_erase_personal_data(self):
        """HR's erasure wizard for the employee (the wizard confirms)."""
        employee_id = self._ids[0] if len(self._ids) == 1 else 0
        self.env["mentorship.personal.data"]._employee_for_erasure(employee_id)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mentorship_program.mentorship_participant_erase_action"
        )
        action["context"] = {"default_employee_id": employee_id}
        return action

    # -- Departures ---------------------------------------------------------------------------
    def write(self, vals):
        refuse_module_fields(self, vals, self._mentorship_system_fields)
        before = self._mentorship_career_snapshot() if CAREER_FIELDS & set(vals) else None
        result = super().write(vals)
        if before is not None:
            self._mentorship_record_career_events(before)
        if "active" in vals and not vals["active"]:
            self._mentorship_depart()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_mentorship_history(self):
        """Deleting an employee would take their enrollments, and with them
        their pairs' sessions, plans and the programs' figures: archive them
        instead (their pairs end as departed)."""
        paired = (
            self.env["mentorship.enrollment"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", self.ids),
                    "|",
                    ("mentee_pair_ids", "!=", False),
                    ("mentor_pair_ids", "!=", False),
                ],
                limit=1,
            )
        )
        if paired:
            raise UserError(
                self.env._(
                    "%(employee)s took part in mentorship pairs: deleting the employee "
                    "would erase their sessions, plans and the programs' figures. Archive "
                    "the employee instead.",
                    employee=paired.employee_id.name,
                )
            )

    def _mentorship_depart(self):
        """The employees left (archived, or past their departure date): their
        live pairs are cancelled as departed and their open requests closed,
        the other side freed and told; their enrollments are withdrawn. A
        fixed number of queries whatever the number of employees."""
        if not self:
            return
        env = self.sudo().with_context(mail_notrack=True).env
        departed = self.with_env(env)
        Pair, Request = env["mentorship.pair"], env["mentorship.request"]
        pairs = Pair.search(
            [
                ("state", "in", LIVE_PAIR_STATES),
                "|",
                ("mentor_employee_id", "in", departed.ids),
                ("mentee_employee_id", "in", departed.ids),
            ],
            order="id",
        )
        pairs._close_for_departure(departed)
        requests = Request.search(
            [
                ("state", "=", "open"),
                "|",
                ("mentor_employee_id", "in", departed.ids),
                ("mentee_employee_id", "in", departed.ids),
            ],
            order="id",
        )
        requests._close_for_departure(departed)
        enrollments = env["mentorship.enrollment"].search(
            [("employee_id", "in", departed.ids), ("state", "in", LIVE_ENROLLMENT_STATES)]
        )
        enrollments.write({"state": "withdrawn"})

    @api.model
    def _cron_mentorship_departures(self):
        """Safety net of the archive hook: employees archived, or whose
        departure date has come, who still take part in a program."""
        today = fields.Date.context_today(self)
        employees = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    "|",
                    ("active", "=", False),
                    ("departure_date", "<=", today),
                    "|",
                    ("mentorship_enrollment_ids.state", "in", LIVE_ENROLLMENT_STATES),
                    "|",
                    ("mentorship_enrollment_ids.mentor_pair_ids.state", "in", LIVE_PAIR_STATES),
                    ("mentorship_enrollment_ids.mentee_pair_ids.state", "in", LIVE_PAIR_STATES),
                ],
                order="id",
            )
        )
        return process_in_batches(
            employees,
            lambda batch: batch._mentorship_depart(),
            label="departures",
            # The work is on the employees' pairs, requests and enrollments.
            touch=True,
        )

    # -- Career events --------------------------------------------------------------------------
    def _mentorship_career_snapshot(self):
        """{employee id: (position, departed)} before a write, in one read."""
        return {
            employee.id: (
                Position(employee.job_id.id or None, employee.department_id.id or None),
                not employee.active or bool(employee.departure_date),
            )
            for employee in self.sudo().with_context(active_test=False)
        }

    def _mentorship_record_career_events(self, before):
        """Record the career events of a write at once, for all the employees
        written together: one insert for the moves and new departures, one
        query to follow a departure's date and reason (the departure wizard
        archives first, then sets them)."""
        Event = self.env["mentorship.career.event"].sudo()
        today = fields.Date.today()  # UTC, as the tracking messages' dates
        grades, next_roles = Event._job_grades()
        rows, still_departed = [], self.browse()
        for employee in self.sudo().with_context(active_test=False):
            position_before, departed_before = before[employee.id]
            position = Position(employee.job_id.id or None, employee.department_id.id or None)
            departed = not employee.active or bool(employee.departure_date)
            company_id = employee.company_id.id
            row = Event._move_row(
                employee.id,
                company_id,
                today,
                position_before,
                position,
                grades,
                next_roles,
                SOURCE_LIVE,
            )
            if row:
                rows.append(row)
            if departed and not departed_before:
                rows.append(
                    Event._departure_row(
                        employee.id,
                        company_id,
                        employee.departure_date or today,
                        position,
                        employee.departure_reason_id.id or None,
                        grades,
                        SOURCE_LIVE,
                    )
                )
            elif departed:
                still_departed |= employee
        Event._insert_rows(rows)
        if still_departed:
            self._mentorship_follow_departures(still_departed.sudo())

    def _mentorship_follow_departures(self, employees_sudo):
        """The latest departure event of each employee takes their current
        departure date and reason (one UPDATE for all)."""
        Event = self.env["mentorship.career.event"]
        Event.flush_model()
        today = fields.Date.today()
        self.env.cr.execute(
            SQL(
                """
                UPDATE mentorship_career_event event
                   SET date = data.day, departure_reason_id = data.reason_id,
                       write_date = now() AT TIME ZONE 'UTC'
                  FROM (SELECT unnest(%s::int4[]) AS employee_id, unnest(%s::date[]) AS day,
                               unnest(%s::int4[]) AS reason_id) AS data
                 WHERE event.id = (SELECT latest.id FROM mentorship_career_event latest
                                    WHERE latest.employee_id = data.employee_id
                                      AND latest.change_key = %s
                                 ORDER BY latest.date DESC, latest.id DESC LIMIT 1)
                   AND (event.date, event.departure_reason_id) IS DISTINCT FROM
                       (data.day, data.reason_id)
                   AND NOT EXISTS (SELECT 1 FROM mentorship_career_event other
                                    WHERE other.employee_id = data.employee_id
                                      AND other.change_key = %s AND other.date = data.day
                                      AND other.id != event.id)
                """,
                employees_sudo.ids,
                [employee.departure_date or today for employee in employees_sudo],
                [employee.departure_reason_id.id or None for employee in employees_sudo],
                DEPARTURE_KEY,
                DEPARTURE_KEY,
            )
        )
        Event.invalidate_model(["date", "departure_reason_id"])

    def init(self):
        result = super().init()
        # Odoo does not index the manager; the leaders' record rules walk the
        # organisation down it (_mentorship_reports_sql) at every tile. Odoo's
        # own name for the index, should Odoo declare it one day.
        tools.create_index(
            self.env.cr, "hr_employee__parent_id_index", "hr_employee", ["parent_id"]
        )
        return result

    @api.model
    def _mentorship_reports_sql(self, manager_ids):
        """A subquery of the ids of the employees who report to ``manager_ids``
        (hr.employee ids), directly or not, archived ones included: those whose
        ``parent_id`` is ``child_of`` the managers. Resolved by one recursive
        query inside the caller's query, where ``child_of`` would cost one
        query per level of the organisation each time a domain is evaluated
        (the leaders' record rules on the reports: every tile they read)."""
        self.env["hr.employee"].flush_model(["parent_id"])
        return SQL(
            """(
                WITH RECURSIVE reports(id) AS (
                    SELECT id FROM hr_employee WHERE parent_id = ANY(%s)
                     UNION
                    SELECT e.id FROM hr_employee e JOIN reports r ON e.parent_id = r.id
                )
                SELECT id FROM reports
            )""",
            list(manager_ids),
        )

    @api.model
    def _mentorship_reports_domain(self, operator, value, employee_field):
        """The domain of a "reports to" search field (the reports' leader
        scope): ``employee_field`` among the employees who report to the
        managers ``value`` (an id or ids), directly or not."""
        if operator not in ("in", "="):
            raise UserError(
                self.env._("Mentee Reports To (mentee_reports_to_id) is searched with 'in' only.")
            )
        manager_ids = [value] if isinstance(value, int) else list(value or ())
        if not manager_ids:
            return expression.FALSE_DOMAIN
        return [(employee_field, "in", self._mentorship_reports_sql(manager_ids))]

    def _mentorship_high_potential_ids(self, company):
        """Ids of the employees of ``company`` (one res.company) carrying its
        high-potential tag (Settings > Mentorship), archived ones included;
        an empty set when the company names no tag. One query."""
        tag = company.sudo().mentorship_high_potential_tag_id
        if not tag:
            return set()
        self.env["hr.employee"].flush_model(["category_ids", "company_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT rel.employee_id FROM employee_category_rel rel
                  JOIN hr_employee e ON e.id = rel.employee_id
                 WHERE rel.category_id = %s AND e.company_id = %s
                """,
                tag.id,
                company.id,
            )
        )
        return {row[0] for row in self.env.cr.fetchall()}

    @api.model
    def _mentorship_position_rows(self, company, employee_ids=None):
        """Where each employee of ``company`` (one res.company) stands now, in
        one query, archived employees included:

        ``[{"employee_id", "active", "department_id", "job_id", "grade",
        "hire_date", "departure_date", "high_potential"}]`` (ids as integers
        or None, grade 0 for a job without one). ``employee_ids`` narrows it.

        ``hire_date``: Odoo Community's ``hr`` keeps no hiring date; with
        ``hr_contract`` installed it is the employee's first contract date,
        otherwise (or when that is empty) the day the employee record was
        created. ``departure_date`` is the departure date, or for an archived
        employee without one the day of their departure event, else of their
        record's last write. Server-side only: it reads as the system."""
        Employee = self.env["hr.employee"]
        Employee.flush_model()
        self.env["mentorship.career.event"].flush_model()
        self.env["hr.job"].flush_model(["mentorship_grade"])
        contract_field = Employee._fields.get("first_contract_date")
        hire = (
            SQL("COALESCE(e.first_contract_date, e.create_date::date)")
            if contract_field is not None and contract_field.store
            else SQL("e.create_date::date")
        )
        tag = company.sudo().mentorship_high_potential_tag_id
        high_potential = (
            SQL(
                "EXISTS (SELECT 1 FROM employee_category_rel rel "
                "WHERE rel.employee_id = e.id AND rel.category_id = %s)",
                tag.id,
            )
            if tag
            else SQL("false")
        )
        narrow = (
            SQL("AND e.id = ANY(%s)", list(employee_ids)) if employee_ids is not None else SQL()
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT e.id, e.active, e.department_id, e.job_id,
                       COALESCE(j.mentorship_grade, 0), %(hire)s,
                       CASE WHEN e.departure_date IS NOT NULL THEN e.departure_date
                            WHEN NOT e.active THEN COALESCE(left_on.day, e.write_date::date)
                       END,
                       %(high_potential)s
                  FROM hr_employee e
             LEFT JOIN hr_job j ON j.id = e.job_id
             LEFT JOIN (SELECT employee_id, max(date) AS day FROM mentorship_career_event
                         WHERE is_departure GROUP BY employee_id) left_on
                    ON left_on.employee_id = e.id
                 WHERE e.company_id = %(company)s %(narrow)s
              ORDER BY e.id
                """,
                hire=hire,
                high_potential=high_potential,
                company=company.id,
                narrow=narrow,
            )
        )
        return [
            {
                "employee_id": row[0],
                "active": row[1],
                "department_id": row[2],
                "job_id": row[3],
                "grade": row[4],
                "hire_date": row[5],
                "departure_date": row[6],
                "high_potential": row[7],
            }
            for row in self.env.cr.fetchall()
        ]
