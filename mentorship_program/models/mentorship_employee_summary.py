"""One summary of an employee's mentorship per period: who may read it, how
it is loaded for many employees at once, how it is shown.

The line manager's views (the employee's *Mentorship* tab, *My Team*) and
the appraisal bridge all come here; none computes its own. The figures are
computed by ``analytics.employee_summary`` from rows read here as the system
in a fixed number of queries, whatever the number of employees.

Who reads an employee's summary (DESIGN: "participation and progress of an
employee ... the employee, HR, and their line managers up the chain; never
content"):

- the employee;
- a Mentorship Manager, for the employees of the companies they work in;
- the employee's managers up the chain of *Manager* fields, as deep as the
  company's *Manager Visibility Depth* (0: the whole chain). The chain is
  the current one: a former manager, once the report moved, reads nothing.

A chain that loops (A manages B who manages A) is walked once round: each
manager up to the loop keeps their reports, and the summary says where the
chain loops so that HR can fix the *Manager* field.
"""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..analytics.career_events import KIND_MOVE, KIND_PROMOTION
from ..analytics.employee_summary import Period, summarize
from ..pair_states import COUNTED_END_STATES

HR_GROUP = "mentorship_program.group_mentorship_manager"
# Pairs that ran to their end, at term or early: what "pairs completed" counts.
COMPLETED_PAIR_STATES = tuple(s for s in COUNTED_END_STATES if s.startswith("completed"))
SUMMARY_TEMPLATE = "mentorship_program.employee_summary"


class MentorshipEmployeeSummary(models.AbstractModel):
    _name = "mentorship.employee.summary"
    _description = "Mentorship Summary of an Employee"

    # ------------------------------------------------------------
    # WHO READS WHOSE SUMMARY
    # ------------------------------------------------------------

    @api.model
    def _manager_chains(self, employee_ids, depth):
        """{employee id: [manager ids, nearest first]} up to ``depth`` levels
        (0: all), and {employee id: the manager id where the chain loops}, in
        one recursive query for all the employees."""
        if not employee_ids:
            return {}, {}
        self.env["hr.employee"].flush_model(["parent_id"])
        self.env.cr.execute(
            """
            WITH RECURSIVE chain(employee_id, manager_id, level, path, looped) AS (
                SELECT e.id, e.parent_id, 1, ARRAY[e.id], e.parent_id = e.id
                  FROM hr_employee e
                 WHERE e.id = ANY(%(ids)s) AND e.parent_id IS NOT NULL
                UNION ALL
                SELECT c.employee_id, m.parent_id, c.level + 1, c.path || c.manager_id,
                       m.parent_id = ANY(c.path || c.manager_id)
                  FROM chain c
                  JOIN hr_employee m ON m.id = c.manager_id
                 WHERE NOT c.looped
                   AND m.parent_id IS NOT NULL
                   AND (%(depth)s = 0 OR c.level < %(depth)s)
            )
            SELECT employee_id, manager_id, level, looped FROM chain ORDER BY employee_id, level
            """,
            {"ids": list(employee_ids), "depth": depth},
        )
        chains, loops = {}, {}
        for employee_id, manager_id, _level, looped in self.env.cr.fetchall():
            if looped:
                loops[employee_id] = manager_id
                if manager_id in chains.get(employee_id, ()) or manager_id == employee_id:
                    continue
            chains.setdefault(employee_id, []).append(manager_id)
        return chains, loops

    @api.model
    def _readable_employee_ids(self, employees):
        """The ids of ``employees`` whose summary the current user may read."""
        employees = employees.sudo()
        user = self.env.user
        if self.env.su:
            return set(employees.ids)
        companies = self.env.companies
        in_reach = employees.filtered(lambda e: e.company_id in companies)
        readable = set()
        if user.has_group(HR_GROUP):
            readable.update(in_reach.ids)
        own = set(user.employee_ids.ids)
        readable.update(e.id for e in in_reach if e.id in own)
        rest = in_reach.filtered(lambda e: e.id not in readable)
        for company, members in rest.grouped("company_id").items():
            chains, _loops = self._manager_chains(members.ids, company.mentorship_manager_depth)
            readable.update(
                employee_id for employee_id, chain in chains.items() if own.intersection(chain)
            )
        return readable

    @api.model
    def _check_readable(self, employees):
        readable = self._readable_employee_ids(employees)
        refused = employees.filtered(lambda e: e.id not in readable)
        if refused:
            raise AccessError(
                self.env._(
                    "You may not read the mentorship summary of %(employees)s: only the "
                    "employee, HR and their managers may.",
                    employees=", ".join(refused.sudo().mapped("name")),
                )
            )

    @api.model
    def _team_employee_ids(self):
        """The reports, direct and indirect, of the current user's employees,
        as deep as their companies' setting: the rows of *My Team*."""
        own = self.env.user.employee_ids
        if not own:
            return []
        self.env["hr.employee"].flush_model(["parent_id"])
        self.env.cr.execute(
            """
            WITH RECURSIVE team(employee_id, level, path) AS (
                SELECT e.id, 1, ARRAY[e.parent_id, e.id]
                  FROM hr_employee e
                 WHERE e.parent_id = ANY(%(own)s) AND e.id != ALL(%(own)s)
                UNION ALL
                SELECT e.id, t.level + 1, t.path || e.id
                  FROM team t
                  JOIN hr_employee e ON e.parent_id = t.employee_id
                 WHERE e.id != ALL(t.path)
            )
            SELECT DISTINCT employee_id FROM team
            """,
            {"own": own.ids},
        )
        candidates = self.env["hr.employee"].browse(row[0] for row in self.env.cr.fetchall())
        readable = self._readable_employee_ids(candidates)
        return sorted(readable - set(own.ids))

    # ------------------------------------------------------------
    # LOADING
    # ------------------------------------------------------------

    @api.model
    def _default_period(self, company=None):
        """The company's summary period, up to today."""
        company = company or self.env.company
        today = fields.Date.context_today(self)
        return Period(today - relativedelta(months=company.mentorship_summary_months), today)

    @api.model
    def _period(self, date_from, date_to, record=None, field_label=None):
        """``Period`` of two dates, or a UserError that names the record and
        the field (when given) if a date is missing or the period ends
        before it starts."""
        date_from, date_to = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        where = (
            self.env._("%(record)s, %(field)s: ", record=record.display_name, field=field_label)
            if record and field_label
            else ""
        )
        if not date_from or not date_to:
            raise UserError(
                where + self.env._("a mentorship summary period needs a start and an end date.")
            )
        if date_from > date_to:
            raise UserError(
                where
                + self.env._(
                    "the period starts on %(start)s, after its end on %(end)s.",
                    start=fields.Date.to_string(date_from),
                    end=fields.Date.to_string(date_to),
                )
            )
        return Period(date_from, date_to)

    @api.model
    def _summaries(self, employees, period=None):
        """{employee id: analytics.employee_summary.EmployeeSummary} for
        ``employees``, all readable by the current user (else AccessError),
        over ``period`` (default: the company's summary period)."""
        self._check_readable(employees)
        period = period or self._default_period()
        return self._load(employees.ids, period)

    def _load(self, employee_ids, period):
        env = self.env(su=True)
        date_from, date_to = period.date_from, period.date_to
        Pair = env["mentorship.pair"]
        enrollments = env["mentorship.enrollment"].search_fetch(
            [("employee_id", "in", employee_ids), ("state", "in", ("submitted", "approved"))],
            ["employee_id", "role", "program_id", "create_date"],
        )
        pairs = Pair.search_fetch(
            [
                "|",
                ("mentor_employee_id", "in", employee_ids),
                ("mentee_employee_id", "in", employee_ids),
                ("date_start", "!=", False),
                ("date_start", "<=", date_to),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", date_from),
            ],
            [
                "program_id",
                "state",
                "date_start",
                "date_end",
                "mentor_employee_id",
                "mentee_employee_id",
                "mentor_name",
                "mentee_name",
            ],
        )
        plans = env["mentorship.plan"].search_fetch([("pair_id", "in", pairs.ids)], ["pair_id"])
        progress = {plan.pair_id.id: plan.progress for plan in plans}
        start_of_period = fields.Datetime.to_datetime(date_from)
        end_of_period = fields.Datetime.to_datetime(date_to + relativedelta(days=1))
        sessions = env["mentorship.session"].search_fetch(
            [
                ("pair_id", "in", pairs.ids),
                ("state", "=", "done"),
                ("date_start", ">=", start_of_period),
                ("date_start", "<", end_of_period),
            ],
            ["pair_id", "date_start", "state", "hours_spent"],
        )
        milestones = env["mentorship.plan.milestone"].search_fetch(
            [
                ("pair_id", "in", pairs.ids),
                ("date_done", ">=", date_from),
                ("date_done", "<=", date_to),
            ],
            ["pair_id", "date_done"],
        )
        goals = env["mentorship.goal"].search_fetch(
            [
                ("pair_id", "in", pairs.ids),
                ("date_reached", ">=", date_from),
                ("date_reached", "<=", date_to),
            ],
            ["pair_id", "skill_id", "target_level_id", "date_reached", "time_to_skill_days"],
        )
        events = env["mentorship.career.event"].search_fetch(
            [
                ("employee_id", "in", employee_ids),
                ("kind", "in", (KIND_PROMOTION, KIND_MOVE)),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ],
            ["employee_id", "kind", "date", "to_job_id", "to_department_id"],
        )
        ratings = env["mentorship.session.rating"].search_fetch(
            [
                ("pair_id", "in", pairs.ids),
                ("side", "=", "mentee"),
                ("session_id.date_start", ">=", start_of_period),
                ("session_id.date_start", "<", end_of_period),
            ],
            ["pair_id", "rater_user_id", "side", "rating", "session_id"],
        )
        circles = env["mentorship.circle"].search_fetch(
            [("facilitator_id", "in", employee_ids)], ["facilitator_id", "name"]
        )
        kinds = dict(env["mentorship.career.event"]._fields["kind"]._description_selection(env))
        return summarize(
            employee_ids,
            period,
            enrollments=[
                {
                    "employee_id": e.employee_id.id,
                    "role": e.role,
                    "program_name": e.program_id.name,
                    "date": e.create_date,
                }
                for e in enrollments
            ],
            pairs=[
                {
                    "pair_id": pair.id,
                    "program_name": pair.program_id.name,
                    "minimum_group_size": pair.program_id.min_group_size,
                    "state": pair.state,
                    "completed": pair.state in COMPLETED_PAIR_STATES,
                    "date_start": pair.date_start,
                    "date_end": pair.date_end,
                    "plan_progress": progress.get(pair.id),
                    "mentor_id": pair.mentor_employee_id.id,
                    "mentor_name": pair.mentor_name,
                    "mentor_job": _job(pair.mentor_employee_id),
                    "mentee_id": pair.mentee_employee_id.id,
                    "mentee_name": pair.mentee_name,
                    "mentee_job": _job(pair.mentee_employee_id),
                }
                for pair in pairs
            ],
            sessions=[
                {
                    "pair_id": s.pair_id.id,
                    "date": s.date_start,
                    "state": s.state,
                    "duration": s.hours_spent,
                }
                for s in sessions
            ],
            milestones=[{"pair_id": m.pair_id.id, "date_done": m.date_done} for m in milestones],
            objectives=[
                {
                    "pair_id": g.pair_id.id,
                    "skill": g.skill_id.name or "",
                    "level": g.target_level_id.name or "",
                    "date_reached": g.date_reached,
                    "time_to_skill_days": g.time_to_skill_days or None,
                }
                for g in goals
            ],
            career_events=[
                {
                    "employee_id": e.employee_id.id,
                    "kind": kinds.get(e.kind, e.kind),
                    "date": e.date,
                    "label": e.to_job_id.name or e.to_department_id.name or "",
                }
                for e in events
            ],
            ratings=[
                {
                    "pair_id": r.pair_id.id,
                    "rater": r.rater_user_id.id,
                    "side": r.side,
                    "rating": r.rating,
                    "date": r.session_id.date_start,
                }
                for r in ratings
            ],
            circles=[{"facilitator_id": c.facilitator_id.id, "name": c.name} for c in circles],
        )

    # ------------------------------------------------------------
    # SHOWING
    # ------------------------------------------------------------

    @api.model
    def _render(self, summary, employee, loop_manager=None):
        """The summary as the HTML of the employee's *Mentorship* tab and of
        the appraisal's section (QWeb: every value escaped)."""
        states = dict(self.env["mentorship.pair"]._fields["state"]._description_selection(self.env))
        return self.env["ir.qweb"]._render(
            SUMMARY_TEMPLATE,
            {
                "summary": summary,
                "employee": employee,
                "states": states,
                "loop_manager": loop_manager,
                "format_date": lambda day: fields.Date.to_string(day) if day else "",
            },
        )


def _job(employee):
    return employee.job_title or employee.job_id.name or ""
