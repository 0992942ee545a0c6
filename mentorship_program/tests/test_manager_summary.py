"""Line managers see their reports' mentorship: participation and progress,
never content, up the chain as deep as the company says, and nobody else.

Tested as each person through the calls an RPC client makes on the
employee's public profile (``hr.employee.public``, what employees without
HR rights open) and on ``hr.employee`` for HR."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import ActivePairCase

SUMMARY_FIELDS = [
    "mentorship_summary_readable",
    "mentorship_summary_html",
    "mentorship_participation",
    "mentorship_sessions_held",
    "mentorship_mentee_total",
    "mentorship_hours_given",
]


class TestManagerSummary(ActivePairCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Employee = env["hr.employee"]

        def person(login, name, groups="base.group_user"):
            user = mail_new_test_user(env, login=login, name=name, groups=groups)
            return user, Employee.create({"name": name, "user_id": user.id})

        cls.user_gus, cls.employee_gus = person("mentorship_gus", "Gus Director")
        cls.user_lina, cls.employee_lina = person("mentorship_lina", "Lina Line Manager")
        cls.user_fred, cls.employee_fred = person("mentorship_fred", "Fred Former Manager")
        cls.user_pat, cls.employee_pat = person(
            "mentorship_pat", "Pat Portal", groups="base.group_portal"
        )
        # Gus manages Lina, who manages Alice (the mentee); Mona (the mentor)
        # reports to Gus directly.
        cls.employee_lina.parent_id = cls.employee_gus
        cls.employee_alice.write({"parent_id": cls.employee_lina.id, "job_title": "Analyst"})
        cls.employee_mona.write({"parent_id": cls.employee_gus.id, "job_title": "Head of Sales"})

    def setUp(self):
        super().setUp()
        session = self._plan(agenda="<p>SECRET-AGENDA</p>")
        session.with_user(self.user_alice).write({"notes": "<p>SECRET-NOTES</p>"})
        self.after_session = session.date_start + timedelta(hours=3)
        with freeze_time(self.after_session):
            session.with_user(self.user_mona).action_done()
        self.session = session

    def _read(self, user, employee, model="hr.employee.public"):
        with freeze_time(self.after_session):
            records = self.env[model].with_user(user).browse(employee.ids)
            records.invalidate_recordset()
            return records.read(SUMMARY_FIELDS)[0]

    def _team(self, user):
        with freeze_time(self.after_session):
            action = self.env["hr.employee.public"].with_user(user).action_open_mentorship_team()
        return self.env["hr.employee"].browse(action["domain"][0][2])

    # -- who reads ------------------------------------------------------------------------
    def test_the_line_manager_reads_participation_and_progress_never_content(self):
        row = self._read(self.user_lina, self.employee_alice)
        self.assertTrue(row["mentorship_summary_readable"])
        self.assertEqual(row["mentorship_participation"], "mentee")
        self.assertEqual(row["mentorship_sessions_held"], 1)
        html = str(row["mentorship_summary_html"])
        self.assertIn("Mona", html, "the other person's name")
        self.assertIn("Head of Sales", html, "and job")
        for secret in ("SECRET-AGENDA", "SECRET-NOTES"):
            self.assertNotIn(secret, html)

    def test_the_managers_manager_reads_it_and_the_depth_setting_limits_the_chain(self):
        self.assertTrue(
            self._read(self.user_gus, self.employee_alice)["mentorship_summary_readable"]
        )
        self.assertEqual(
            self._team(self.user_gus), self.employee_lina | self.employee_alice | self.employee_mona
        )
        self.env.company.mentorship_manager_depth = 1
        row = self._read(self.user_gus, self.employee_alice)
        self.assertFalse(row["mentorship_summary_readable"])
        self.assertFalse(row["mentorship_summary_html"])
        self.assertEqual(row["mentorship_sessions_held"], 0)
        self.assertEqual(self._team(self.user_gus), self.employee_lina | self.employee_mona)
        # Direct managers still do.
        self.assertTrue(
            self._read(self.user_lina, self.employee_alice)["mentorship_summary_readable"]
        )

    def test_a_colleague_reads_nothing(self):
        row = self._read(self.user_carl, self.employee_alice)
        self.assertFalse(row["mentorship_summary_readable"])
        self.assertFalse(row["mentorship_summary_html"])
        self.assertFalse(row["mentorship_participation"])
        self.assertEqual(row["mentorship_sessions_held"], 0)
        self.assertFalse(self._team(self.user_carl))
        with self.assertRaises(AccessError):
            self.env["mentorship.employee.summary"].with_user(self.user_carl)._summaries(
                self.employee_alice
            )
        # Nor through search: the figures are no filter to find people by.
        readable = (
            self.env["hr.employee.public"]
            .with_user(self.user_carl)
            .search_read([("id", "=", self.employee_alice.id)], ["mentorship_summary_html"])
        )
        self.assertFalse(readable[0]["mentorship_summary_html"])

    def test_a_former_manager_reads_nothing_once_the_report_moved(self):
        self.employee_alice.parent_id = self.employee_fred
        self.assertTrue(
            self._read(self.user_fred, self.employee_alice)["mentorship_summary_readable"]
        )
        self.employee_alice.parent_id = self.employee_lina
        self.assertFalse(
            self._read(self.user_fred, self.employee_alice)["mentorship_summary_readable"]
        )
        self.assertFalse(self._team(self.user_fred))

    def test_a_portal_user_reads_no_employee(self):
        with self.assertRaises(AccessError):
            self._read(self.user_pat, self.employee_alice)
        with self.assertRaises(AccessError):
            self.env["mentorship.employee.summary"].with_user(self.user_pat)._summaries(
                self.employee_alice
            )

    def test_the_employee_and_hr_read_it_hr_of_another_company_does_not(self):
        self.assertTrue(
            self._read(self.user_alice, self.employee_alice)["mentorship_summary_readable"]
        )
        row = self._read(self.user_hr, self.employee_alice, model="hr.employee")
        self.assertTrue(row["mentorship_summary_readable"])
        company_2 = self.env["res.company"].create({"name": "Mentorship Subsidiary"})
        hr_2 = mail_new_test_user(
            self.env,
            login="mentorship_hr_2",
            name="Hugo HR Subsidiary",
            groups="base.group_user,hr.group_hr_user,mentorship_program.group_mentorship_manager",
            company_id=company_2.id,
            company_ids=[Command.set(company_2.ids)],
        )
        with self.assertRaises(AccessError):
            self._read(hr_2, self.employee_alice, model="hr.employee")

    # -- what it says ---------------------------------------------------------------------
    def test_the_mentor_side_counts_mentees_and_hours_given(self):
        row = self._read(self.user_gus, self.employee_mona)
        self.assertEqual(row["mentorship_participation"], "mentor")
        self.assertEqual(row["mentorship_mentee_total"], 1)
        self.assertEqual(row["mentorship_hours_given"], self.session.hours_spent)
        self.assertIn("Alice", str(row["mentorship_summary_html"]))

    def test_a_period_with_no_mentorship_says_so(self):
        Summary = self.env["mentorship.employee.summary"].with_user(self.user_lina)
        period = Summary._period(date(2020, 1, 1), date(2020, 12, 31))
        summary = Summary._summaries(self.employee_alice, period)[self.employee_alice.id]
        self.assertTrue(summary.is_empty)
        html = str(Summary._render(summary, self.employee_alice))
        self.assertIn("No mentorship in this period", html)

    def test_a_period_ending_before_it_starts_names_the_record_and_the_field(self):
        Summary = self.env["mentorship.employee.summary"]
        with self.assertRaisesRegex(
            UserError, "Alice.*Period.*starts on 2026-07-01, after its end on 2026-06-30"
        ):
            Summary._period(
                date(2026, 7, 1),
                date(2026, 6, 30),
                record=self.employee_alice,
                field_label="Period",
            )

    def test_a_manager_chain_that_loops_is_walked_once_and_reported(self):
        # Lina manages Alice, and Alice is made Lina's manager: a loop.
        self.employee_lina.parent_id = self.employee_alice
        self.assertEqual(self._team(self.user_lina), self.employee_alice)
        row = self._read(self.user_lina, self.employee_alice)
        self.assertTrue(row["mentorship_summary_readable"])
        self.assertIn("loops back through", str(row["mentorship_summary_html"]))
        self.assertFalse(
            self._read(self.user_gus, self.employee_alice)["mentorship_summary_readable"]
        )

    # -- in bulk --------------------------------------------------------------------------
    def test_my_team_reads_the_same_queries_for_two_reports_as_for_eight(self):
        def queries_for(reports):
            records = self.env["hr.employee.public"].with_user(self.user_gus).browse(reports.ids)
            with freeze_time(self.after_session):
                records.invalidate_recordset()
                self.env.flush_all()
                before = self.env.cr.sql_log_count
                records.read(SUMMARY_FIELDS)
                return self.env.cr.sql_log_count - before

        Employee = self.env["hr.employee"]
        extra = Employee.create(
            [{"name": f"Report {i}", "parent_id": self.employee_lina.id} for i in range(6)]
        )
        small = self.employee_lina | self.employee_alice
        # Warm the caches that do not depend on the data (views, groups).
        queries_for(small)
        self.assertEqual(queries_for(small), queries_for(small | extra))

    def test_the_summary_is_empty_for_a_report_outside_any_program(self):
        row = self._read(self.user_gus, self.employee_lina)
        self.assertTrue(row["mentorship_summary_readable"])
        self.assertEqual(row["mentorship_participation"], "none")
        self.assertIn("No mentorship in this period", str(row["mentorship_summary_html"]))
