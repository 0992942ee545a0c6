from odoo import api, fields, models
from odoo.exceptions import UserError

from ..automation import process_in_batches
from ..pair_states import LIVE_PAIR_STATES
from .mentorship_guarded_mixin import refuse_module_fields
from .window_action import window_action

# Enrollments still taking part; a departed employee's are withdrawn.
LIVE_ENROLLMENT_STATES = ("draft", "submitted", "approved")


class HrEmployee(models.Model):
    _inherit = "hr.employee"
    # The module's fields on employees are figures and links it keeps itself:
    # none is a client's to write (see mentorship.guarded.mixin).
    _mentorship_client_write_fields = frozenset()
    _mentorship_system_fields = frozenset(
        {
            "mentorship_enrollment_ids",
            "mentorship_enrollment_count",
            "mentorship_mentee_count",
            "mentorship_mentor_load",
            "mentorship_session_count",
        }
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

    # -- Departures ---------------------------------------------------------------------------
    def write(self, vals):
        refuse_module_fields(self, vals, self._mentorship_system_fields)
        result = super().write(vals)
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
