"""Career events: read from the employees' tracking history and departures
when the module is installed, kept current by hr.employee's write, corrected
by HR, read by HR only."""

from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from .common_roles import RolesCase


class CareerCase(RolesCase):
    """Two departments and a small ladder: Junior (grade 1) grows into Lead
    (no grade, a next role of Junior) or Senior (grade 2); Peer has grade 1
    like Junior; Analyst has no grade."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Department = env["hr.department"]
        cls.sales = Department.create({"name": "Career Sales"})
        cls.engineering = Department.create({"name": "Career Engineering"})
        Job = env["hr.job"]
        cls.job_lead = Job.create({"name": "Career Lead"})
        cls.job_senior = Job.create({"name": "Career Senior", "mentorship_grade": 2})
        cls.job_peer = Job.create({"name": "Career Peer", "mentorship_grade": 1})
        cls.job_analyst = Job.create({"name": "Career Analyst"})
        cls.job_junior = Job.create(
            {
                "name": "Career Junior",
                "mentorship_grade": 1,
                "next_job_ids": [Command.set(cls.job_lead.ids)],
            }
        )
        cls.reason = env["hr.departure.reason"].create({"name": "Career elsewhere"})
        Employee = env["hr.employee"]
        cls.staff = Employee.create(
            [
                {
                    "name": f"Career Employee {index}",
                    "job_id": cls.job_junior.id,
                    "department_id": cls.sales.id,
                }
                for index in range(6)
            ]
        )
        cls.Event = env["mentorship.career.event"]

    def _events(self, employees):
        return self.Event.search([("employee_id", "in", employees.ids)], order="date, id")

    def _tracked_write(self, employees, vals):
        """Write as HR does in the Employees app, with the chatter's tracking
        on, and let the tracking values reach the database (what is pending
        from the fixtures first: its tracking would swallow this write's)."""
        self.env.flush_all()
        self.env.cr.precommit.run()
        employees.with_context(tracking_disable=False).write(vals)
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _as_history(self, employees, days_ago):
        """Turn what was just recorded into history from before the module:
        the tracking messages move ``days_ago`` back, the events go."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE mail_message SET date = date - make_interval(days => %s)
                 WHERE model = 'hr.employee' AND res_id = ANY(%s)
                   AND id IN (SELECT mail_message_id FROM mail_tracking_value)
                   AND date > now() AT TIME ZONE 'UTC' - interval '1 hour'
                """,
                days_ago,
                employees.ids,
            )
        )
        self._events(employees).unlink()
        self.env.invalidate_all()

    def _history(self, employees, vals, days_ago):
        self._tracked_write(employees, vals)
        self._as_history(employees, days_ago)


@tagged("post_install", "-at_install")
class TestBackfill(CareerCase):
    def test_tracking_history_gives_each_kind_of_event(self):
        (via_next_role, via_grade, moved, plain, both, ungraded) = self.staff
        self._history(ungraded, {"job_id": self.job_analyst.id}, 30)
        self._history(via_next_role, {"job_id": self.job_lead.id}, 20)
        self._history(via_grade, {"job_id": self.job_senior.id}, 20)
        self._history(moved, {"department_id": self.engineering.id}, 20)
        self._history(plain, {"job_id": self.job_peer.id}, 20)
        self._history(
            both, {"job_id": self.job_senior.id, "department_id": self.engineering.id}, 20
        )
        self._history(ungraded, {"job_id": self.job_peer.id}, 10)

        self.assertFalse(self._events(self.staff))
        created = self.Event._backfill_from_history()
        day = fields.Date.today() - timedelta(days=20)

        def facts(employee):
            return [
                (
                    e.date,
                    e.kind,
                    e.is_promotion,
                    e.is_cross_functional,
                    e.from_job_id,
                    e.to_job_id,
                    e.from_department_id,
                    e.to_department_id,
                    e.source,
                )
                for e in self._events(employee)
            ]

        junior, sales, eng = self.job_junior, self.sales, self.engineering
        tracking = "tracking"
        self.assertEqual(
            facts(via_next_role),
            [(day, "promotion", True, False, junior, self.job_lead, sales, sales, tracking)],
            "a next role of the previous job is a promotion, though Lead has no grade",
        )
        self.assertEqual(
            facts(via_grade),
            [(day, "promotion", True, False, junior, self.job_senior, sales, sales, tracking)],
        )
        self.assertEqual(
            facts(moved), [(day, "move", False, True, junior, junior, sales, eng, tracking)]
        )
        self.assertEqual(
            facts(plain),
            [(day, "job_change", False, False, junior, self.job_peer, sales, sales, tracking)],
            "same grade, not a next role: a job change",
        )
        self.assertEqual(
            facts(both),
            [(day, "promotion", True, True, junior, self.job_senior, sales, eng, tracking)],
            "one move, two facts: promoted and moved across functions",
        )
        # Junior -> Analyst (no grade, not a next role), then Analyst -> Peer.
        self.assertEqual(
            [(e.kind, e.from_job_id, e.to_job_id) for e in self._events(ungraded)],
            [
                ("job_change", junior, self.job_analyst),
                ("job_change", self.job_analyst, self.job_peer),
            ],
            "a job without a grade is classified by next roles only",
        )
        self.assertEqual(self._events(via_grade).mapped("from_grade"), [1])
        self.assertEqual(self._events(via_grade).mapped("to_grade"), [2])
        self.assertGreaterEqual(created, 7)

    def test_a_first_job_or_department_is_no_event(self):
        newcomer = self.env["hr.employee"].create({"name": "Career Newcomer"})
        self._history(newcomer, {"job_id": self.job_junior.id, "department_id": self.sales.id}, 5)
        self.Event._backfill_from_history()
        self.assertFalse(self._events(newcomer))

    def test_departures_are_read_with_their_reason(self):
        leaver, archived, leaving = self.staff[:3]
        departure_day = date(2025, 3, 31)
        leaver.write(
            {
                "active": False,
                "departure_date": departure_day,
                "departure_reason_id": self.reason.id,
            }
        )
        archived.write({"active": False})
        leaving.write({"departure_date": departure_day + timedelta(days=400)})
        self._as_history(self.staff, 0)

        self.Event._backfill_from_history()
        event = self._events(leaver)
        self.assertEqual(
            (event.kind, event.date, event.departure_reason_id, event.from_job_id, event.source),
            ("departure", departure_day, self.reason, self.job_junior, "archive"),
        )
        self.assertEqual(
            self._events(archived).date,
            archived.write_date.date(),
            "archived without a departure date: the day the record was last written",
        )
        self.assertEqual(self._events(leaving).kind, "departure")

    def test_running_twice_creates_nothing_new(self):
        promoted, leaver = self.staff[:2]
        self._history(promoted, {"job_id": self.job_senior.id}, 40)
        leaver.write({"active": False, "departure_reason_id": self.reason.id})
        self._as_history(leaver, 0)
        self.assertGreaterEqual(self.Event._backfill_from_history(), 2)
        events = self._events(self.staff)
        self.assertEqual(self.Event._backfill_from_history(), 0)
        self.assertEqual(self._events(self.staff), events)

    def test_live_events_are_not_read_twice_from_the_tracking(self):
        self._tracked_write(self.staff[:2], {"job_id": self.job_senior.id})
        self._tracked_write(self.staff[2], {"active": False})
        self.assertEqual(len(self._events(self.staff)), 3)
        self.assertEqual(self.Event._backfill_from_history(), 0)
        self.assertEqual(len(self._events(self.staff)), 3)

    def test_a_corrected_departure_is_not_read_again(self):
        leaver = self.staff[0]
        leaver.write({"active": False})
        event = self._events(leaver)
        event.with_user(self.user_hr).write(
            {"is_departure": False, "correction_note": "archived by mistake"}
        )
        self.Event._backfill_from_history()
        self.assertEqual(self._events(leaver), event)
        self.assertFalse(event.is_departure)


@tagged("post_install", "-at_install")
class TestLiveEvents(CareerCase):
    def test_one_write_for_many_employees_records_each_move(self):
        self.staff[:4].write({"job_id": self.job_lead.id, "department_id": self.engineering.id})
        events = self._events(self.staff)
        self.assertEqual(events.employee_id, self.staff[:4])
        self.assertEqual(set(events.mapped("kind")), {"promotion"})
        self.assertTrue(all(events.mapped("is_cross_functional")))
        self.assertEqual(set(events.mapped("source")), {"live"})
        self.assertEqual(set(events.mapped("date")), {fields.Date.today()})

    def test_queries_do_not_grow_with_the_employees_written(self):
        def cost(employees, job):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            employees.write({"job_id": job.id})
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        one = cost(self.staff[:1], self.job_peer)
        five = cost(self.staff[1:6], self.job_peer)
        self.assertEqual(len(self._events(self.staff)), 6)
        self.assertLessEqual(five, one + 2, "the events of a write cost the same for 5 as for 1")

    def test_an_unchanged_or_first_job_is_no_event(self):
        self.staff[0].write({"job_id": self.job_junior.id, "name": "Renamed"})
        newcomer = self.env["hr.employee"].create({"name": "Career Newcomer"})
        newcomer.write({"job_id": self.job_junior.id})
        self.assertFalse(self._events(self.staff | newcomer))

    def test_the_departure_wizard_records_the_date_and_reason(self):
        leaver = self.staff[0]
        day = fields.Date.today() - timedelta(days=3)
        wizard = (
            self.env["hr.departure.wizard"]
            .with_context(active_id=leaver.id, toggle_active=True)
            .create(
                {
                    "employee_id": leaver.id,
                    "departure_reason_id": self.reason.id,
                    "departure_date": day,
                }
            )
        )
        wizard.action_register_departure()
        event = self._events(leaver)
        self.assertEqual(
            (event.kind, event.date, event.departure_reason_id, event.from_department_id),
            ("departure", day, self.reason, self.sales),
        )

    def test_archiving_many_records_a_departure_each(self):
        self.staff[:3].action_archive()
        events = self._events(self.staff)
        self.assertEqual(events.employee_id, self.staff[:3])
        self.assertTrue(all(events.mapped("is_departure")))
        # Archiving again, or editing the archived employees, adds nothing.
        self.staff[:3].write({"job_id": self.job_junior.id})
        self.assertEqual(self._events(self.staff), events)


@tagged("post_install", "-at_install")
class TestCorrectionAndAccess(CareerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff[0].write({"job_id": cls.job_peer.id})
        cls.event = cls.Event.search([("employee_id", "=", cls.staff[0].id)])
        cls.staff_2 = cls.env["hr.employee"].create(
            {"name": "Career Subsidiary", "company_id": cls.company_2.id}
        )
        cls.staff_2.write({"active": False})
        cls.event_2 = cls.Event.search([("employee_id", "=", cls.staff_2.id)])

    def test_hr_corrects_an_event_and_the_correction_is_kept(self):
        self.assertEqual(self.event.kind, "job_change")
        self.event.with_user(self.user_hr).write(
            {"is_promotion": True, "correction_note": "Peer is a step up in this team"}
        )
        self.assertEqual(
            (
                self.event.kind,
                self.event.detected_kind,
                self.event.is_corrected,
                self.event.corrected_by_id,
            ),
            ("promotion", "job_change", True, self.user_hr),
        )
        self.assertTrue(self.event.corrected_date)
        rows = self.Event._outcome_rows(self.company)
        row = next(r for r in rows if r["event_id"] == self.event.id)
        self.assertTrue(row["promoted"], "the outcomes read the corrected facts")

    def test_hr_cannot_rewrite_what_was_read(self):
        for vals in (
            {"date": date(2020, 1, 1)},
            {"to_job_id": self.job_senior.id},
            {"is_corrected": True},
            {"kind": "promotion"},
            {"source": "tracking"},
        ):
            with self.subTest(vals=vals), self.assertRefused(AccessError, next(iter(vals))):
                self.event.with_user(self.user_hr).write(vals)

    def test_a_departure_is_neither_promotion_nor_move(self):
        leaver = self.staff[1]
        leaver.write({"active": False})
        with self.assertRefused(ValidationError, "is_promotion"):
            self._events(leaver).with_user(self.user_hr).write({"is_promotion": True})

    def test_hr_reads_and_corrects_but_never_creates_or_deletes(self):
        Event = self.Event.with_user(self.user_hr)
        self.assertIn(self.event, Event.search([]))
        self.assertNotIn(self.event_2, Event.search([]), "another company's event")
        self.assertTrue(Event.search_read([("id", "=", self.event.id)], ["kind"]))
        self.event.with_user(self.user_hr).read(["kind", "from_job_id"])
        with self.assertRefused(AccessError):
            Event.create({})
        with self.assertRefused(AccessError):
            self.event.with_user(self.user_hr).unlink()
        with self.assertRefused(AccessError):
            self.event_2.with_user(self.user_hr).read(["kind"])
        with self.assertRefused(AccessError):
            self.event_2.with_user(self.user_hr).write({"is_departure": False})

    def test_nobody_but_hr_reads_single_events(self):
        for role in (
            "mentee",
            "colleague",
            "line_manager",
            "employees_manager",
            "portal_member",
        ):
            user = self.roles[role]
            Event = self.Event.with_user(user)
            with self.subTest(role=role):
                with self.assertRefused(AccessError):
                    Event.search_read([], ["kind"])
                with self.assertRefused(AccessError):
                    self.event.with_user(user).read(["kind"])
                with self.assertRefused(AccessError):
                    self.event.with_user(user).write({"is_promotion": True})
                with self.assertRefused(AccessError):
                    Event.create({})
                with self.assertRefused(AccessError):
                    self.event.with_user(user).unlink()
        # Hugo is HR of the other company: his company's events only.
        Event = self.Event.with_user(self.user_hr_2)
        self.assertEqual(
            Event.search([("id", "in", (self.event | self.event_2).ids)]), self.event_2
        )
        with self.assertRefused(AccessError):
            self.event.with_user(self.user_hr_2).read(["kind"])
        with self.assertRefused(AccessError):
            self.event.with_user(self.user_hr_2).write({"is_promotion": True})


@tagged("post_install", "-at_install")
class TestGradesAndHighPotential(CareerCase):
    def test_a_negative_grade_is_refused_naming_the_job(self):
        job = self.job_peer.with_user(self.user_emil)
        with self.assertRefused(ValidationError, "Career Peer.*Grade.*negative"):
            job.write({"mentorship_grade": -1})
        job.write({"mentorship_grade": 3})
        self.assertEqual(self.job_peer.mentorship_grade, 3)

    def test_the_company_names_its_high_potential_tag(self):
        tag = self.env["hr.employee.category"].create({"name": "Career High Potential"})
        Employee = self.env["hr.employee"]
        self.assertEqual(Employee._mentorship_high_potential_ids(self.company), set())
        settings = self.env["res.config.settings"].create(
            {"mentorship_high_potential_tag_id": tag.id}
        )
        settings.execute()
        self.assertEqual(self.company.mentorship_high_potential_tag_id, tag)
        self.staff[:2].write({"category_ids": [Command.link(tag.id)]})
        self.assertEqual(
            Employee._mentorship_high_potential_ids(self.company), set(self.staff[:2].ids)
        )
        rows = {
            row["employee_id"]: row
            for row in Employee._mentorship_position_rows(self.company, self.staff.ids)
        }
        self.assertEqual(set(rows), set(self.staff.ids))
        self.assertEqual(
            [rows[e.id]["high_potential"] for e in self.staff], [True, True] + [False] * 4
        )

    def test_position_rows_give_where_each_employee_stands(self):
        self.staff[1].write({"job_id": self.job_senior.id})
        self.staff[2].write({"active": False, "departure_date": date(2025, 6, 30)})
        rows = {
            row["employee_id"]: row
            for row in self.env["hr.employee"]._mentorship_position_rows(
                self.company, self.staff.ids
            )
        }
        self.assertEqual(
            rows[self.staff[1].id],
            {
                "employee_id": self.staff[1].id,
                "active": True,
                "department_id": self.sales.id,
                "job_id": self.job_senior.id,
                "grade": 2,
                "hire_date": self.staff[1].create_date.date(),
                "departure_date": None,
                "high_potential": False,
            },
        )
        self.assertEqual(rows[self.staff[2].id]["departure_date"], date(2025, 6, 30))
        self.assertFalse(rows[self.staff[2].id]["active"])

    def test_outcome_rows_within_dates(self):
        self.staff[0].write({"job_id": self.job_senior.id, "department_id": self.engineering.id})
        self.staff[1].write({"active": False, "departure_date": date(2024, 1, 31)})
        today = fields.Date.today()
        rows = self.Event._outcome_rows(self.company, today, today)
        staff_rows = [r for r in rows if r["employee_id"] in self.staff.ids]
        self.assertEqual(
            [
                (r["employee_id"], r["promoted"], r["cross_functional"], r["departed"])
                for r in staff_rows
            ],
            [(self.staff[0].id, True, True, False)],
        )
        self.assertEqual(
            (staff_rows[0]["from_grade"], staff_rows[0]["to_grade"]),
            (1, 2),
        )
        older = self.Event._outcome_rows(self.company, date(2024, 1, 1), date(2024, 12, 31))
        self.assertEqual(
            [
                (r["employee_id"], r["departed"])
                for r in older
                if r["employee_id"] in self.staff.ids
            ],
            [(self.staff[1].id, True)],
        )
