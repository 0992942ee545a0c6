"""The data-quality audit: each gap's count, its click, who reads it, the
number of queries, and the weekly activity."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from ..models.mentorship_data_quality import GAPS
from .common import ActivePairCase
from .common_roles import RolesCase

COUNT_FIELDS = [f"{gap.code}_count" for gap in GAPS]


class DataQualityCase(ActivePairCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "mentorship_dq_intake_stale_days": 30,
                "mentorship_dq_first_session_days": 20,
                "mentorship_dq_survey_unanswered_days": 10,
            }
        )
        Employee = cls.env["hr.employee"]
        cls.department = cls.env["hr.department"].create({"name": "Quality Dept"})
        cls.job_with_path = cls.env["hr.job"].create({"name": "Analyst"})
        cls.job_dead_end = cls.env["hr.job"].create({"name": "Dead End"})
        cls.job_with_path.next_job_ids = [Command.link(cls.job_dead_end.id)]
        cls.complete = Employee.create(
            {
                "name": "Complete Person",
                "parent_id": cls.employee_mona.id,
                "department_id": cls.department.id,
                "job_id": cls.job_with_path.id,
            }
        )
        cls.no_manager = Employee.create(
            {
                "name": "Nobody Above",
                "department_id": cls.department.id,
                "job_id": cls.job_with_path.id,
            }
        )
        cls.no_department = Employee.create(
            {"name": "No Dept", "parent_id": cls.employee_mona.id, "job_id": cls.job_with_path.id}
        )
        cls.no_job = Employee.create(
            {
                "name": "No Job",
                "parent_id": cls.employee_mona.id,
                "department_id": cls.department.id,
            }
        )

    def setUp(self):
        super().setUp()
        self.row = (
            self.env["mentorship.data.quality"]
            .with_user(self.user_hr)
            .search([("company_id", "=", self.company.id)])
        )

    def _gap(self, code, row=None):
        """(count, records the click opens, as superuser) of the gap ``code``."""
        row = (row or self.row).with_user(self.user_hr)
        row.invalidate_recordset()
        action = row.with_context(mentorship_gap=code).action_open_records()
        records = self.env[action["res_model"]].search(action["domain"])
        return row[f"{code}_count"], records


@tagged("post_install", "-at_install")
class TestDataQualityGaps(DataQualityCase):
    def assertGap(self, code, present, absent):
        count, records = self._gap(code)
        self.assertEqual(count, len(records), f"{code}: the count is what the click opens")
        for record in present:
            self.assertIn(record, records, f"{code}: {record.display_name} has the gap")
        for record in absent:
            self.assertNotIn(record, records, f"{code}: {record.display_name} has not")
        return records

    def test_employees_without_manager_department_or_job(self):
        self.assertGap("employee_no_manager", self.no_manager, self.complete | self.no_job)
        self.assertGap("employee_no_department", self.no_department, self.complete | self.no_job)
        self.assertGap("employee_no_job", self.no_job, self.complete | self.no_manager)
        self.no_manager.action_archive()
        self.assertGap("employee_no_manager", self.env["hr.employee"], self.no_manager)

    def test_jobs_without_next_roles(self):
        self.assertGap("job_no_next_roles", self.job_dead_end, self.job_with_path)

    def test_jobs_without_grade(self):
        self.job_with_path.mentorship_grade = 3
        self.assertGap("job_no_grade", self.job_dead_end, self.job_with_path)

    def test_mentees_without_target_skills_or_current_levels(self):
        no_skills = self._enroll(self.complete, program=self.program)
        levelled = self._approved_mentee(self.no_department, self.skill_coaching)
        # Its current level is read from the employee's skills.
        self.env["hr.employee.skill"].create(
            {
                "employee_id": self.no_department.id,
                "skill_type_id": self.skill_type.id,
                "skill_id": self.skill_coaching.id,
                "skill_level_id": self.level_beginner.id,
            }
        )
        self.assertEqual(levelled.target_skill_ids.current_level_id, self.level_beginner)
        self.assertGap("mentee_no_target_skills", no_skills, self.mentee_alice | levelled)
        # Alice's target skill has no current level.
        self.assertGap("mentee_no_current_level", self.mentee_alice, levelled | no_skills)
        no_skills.sudo().write({"state": "withdrawn"})
        self.assertGap("mentee_no_target_skills", self.env["mentorship.enrollment"], no_skills)

    def test_mentors_without_skills(self):
        mentor = self._enroll(self.no_job, role="mentor", program=self.program)
        self.assertGap("mentor_no_skills", mentor, self.mentor_mona | self.mentor_max)

    def test_intakes_not_updated_for_n_days(self):
        stale = self._enroll(self.no_manager, program=self.program)
        fresh = self._enroll(self.no_job, program=self.program)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE mentorship_enrollment SET write_date = now() - interval '31 days' WHERE id = %s",
            (stale.id,),
        )
        stale.invalidate_recordset()
        self.assertGap("intake_stale", stale, fresh | self.mentee_alice)
        self.company.mentorship_dq_intake_stale_days = 40
        self.assertGap("intake_stale", self.env["mentorship.enrollment"], stale)

    def test_pairs_without_a_session_after_n_days(self):
        self.assertGap("pair_no_session", self.env["mentorship.pair"], self.pair)
        self.pair.sudo().date_start = fields.Date.today() - timedelta(days=21)
        self.assertGap("pair_no_session", self.pair, self.env["mentorship.pair"])
        session = self._plan()
        with freeze_time(session.date_start + timedelta(hours=2)):
            session.with_user(self.user_mona).action_done()
        self.assertGap("pair_no_session", self.env["mentorship.pair"], self.pair)

    def test_sessions_logged_without_time_spent(self):
        logged, empty = self._plan(), self._plan(start=self.now + timedelta(days=2))
        with freeze_time(self.now + timedelta(days=3)):
            logged.with_user(self.user_mona).action_done()
            empty.with_user(self.user_mona).action_done()
        empty.with_user(self.user_mona).write({"hours_spent": 0})
        planned = self._plan(start=self.now + timedelta(days=4))
        self.assertGap("session_no_duration", empty, logged | planned)

    def test_surveys_unanswered(self):
        pair_bob = self._active_pair(self.mentee_bob, self.mentor_max)
        Answer = self.env["survey.user_input"].sudo()
        old = fields.Date.today() - timedelta(days=11)

        def invitation(pair, partner, sent, state="new"):
            return Answer.create(
                {
                    "survey_id": self.program.pulse_survey_id.id,
                    "partner_id": partner.id,
                    "mentorship_pair_id": pair.id,
                    "mentorship_program_id": pair.program_id.id,
                    "mentorship_survey_kind": "pulse",
                    "mentorship_sent_date": sent,
                    "state": state,
                }
            )

        invitation(self.pair, self.user_alice.partner_id, old)
        invitation(self.pair, self.user_mona.partner_id, old)
        invitation(pair_bob, self.user_bob.partner_id, old, state="done")
        invitation(pair_bob, self.user_max.partner_id, fields.Date.today())
        records = self.assertGap("survey_unanswered", self.pair, pair_bob)
        self.assertEqual(len(records), 1, "a pair counts once, however many invitations wait")

    def test_unknown_gap_is_refused(self):
        with self.assertRefused(UserError, "unknown gap"):
            self.row.with_context(mentorship_gap="nonsense").action_open_records()

    def test_queries_do_not_grow_with_the_data(self):
        def read_screen():
            rows = self.env["mentorship.data.quality"].with_user(self.user_hr)
            rows.invalidate_model()
            rows.search_read([], ["company_id", "gap_count", *COUNT_FIELDS])

        read_screen()
        # One grouped query per gap, the rows and the companies' settings.
        with self.assertQueryCount(13):
            read_screen()
        Employee = self.env["hr.employee"]
        Employee.create([{"name": f"Loose {i}"} for i in range(30)])
        self.env["hr.job"].create([{"name": f"Job {i}"} for i in range(10)])
        for employee in Employee.create([{"name": f"Mentee {i}"} for i in range(5)]):
            self._enroll(employee, program=self.program)
        self.env.flush_all()
        # Warmed up again, as before the first count: the new enrollments
        # (their invitations, their profiles) leave Odoo's caches to fill
        # once; three queries whatever the number of enrollments.
        read_screen()
        with self.assertQueryCount(13):
            read_screen()


@tagged("post_install", "-at_install")
class TestDataQualityActivity(DataQualityCase):
    def _activities(self, user):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "mentorship.data.quality"),
                ("user_id", "=", user.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("mentorship_program.mail_activity_type_data_quality").id,
                ),
            ]
        )

    def test_one_activity_per_manager_listing_counts_without_names(self):
        Quality = self.env["mentorship.data.quality"]
        Quality._cron_notify_gaps()
        activities = self._activities(self.user_hr)
        self.assertEqual(len(activities), 1, "one activity for all the gaps")
        self.assertEqual(activities.res_id, self.row.id)
        note = str(activities.note)
        self.assertIn("Employees without a manager", note)
        self.assertIn("Job positions without next roles", note)
        for name in ("Nobody Above", "No Dept", "Dead End", "Alice"):
            self.assertNotIn(name, note)
        self.assertFalse(self._activities(self.user_alice), "not for employees")
        # Open already: no second one.
        Quality._cron_notify_gaps()
        self.assertEqual(self._activities(self.user_hr), activities)
        # Done: the next week brings a new one.
        activities.action_feedback(feedback="Fixed some")
        Quality._cron_notify_gaps()
        self.assertEqual(len(self._activities(self.user_hr)), 1)

    def test_no_activity_when_there_is_no_gap(self):
        clean = self.env["res.company"].create({"name": "Clean Company"})
        manager = mail_new_test_user(
            self.env,
            login="mentorship_clean_hr",
            name="Clean HR",
            groups="base.group_user,mentorship_program.group_mentorship_manager",
            company_id=clean.id,
            company_ids=[Command.set(clean.ids)],
        )
        row = self.env["mentorship.data.quality"].with_user(manager).search([])
        self.assertEqual(row.company_id, clean)
        self.assertEqual(row.gap_count, 0)
        self.env["mentorship.data.quality"]._cron_notify_gaps()
        self.assertFalse(self._activities(manager))


@tagged("post_install", "-at_install")
class TestDataQualityAccess(RolesCase):
    def test_only_hr_reads_the_audit(self):
        Quality = self.env["mentorship.data.quality"]
        main = Quality.sudo().search([("company_id", "=", self.company.id)])
        for role in ("mentee", "mentor", "colleague", "line_manager", "portal_member"):
            user = self.roles[role]
            with self.assertRefused(AccessError):
                Quality.with_user(user).search_read([], ["gap_count"])
            with self.assertRefused(AccessError):
                main.with_user(user).read(["employee_no_manager_count"])
            with self.assertRefused(AccessError):
                main.with_user(user).with_context(
                    mentorship_gap="employee_no_manager"
                ).action_open_records()
        for role in ("mentorship_manager", "mentorship_admin"):
            rows = Quality.with_user(self.roles[role]).search_read([], ["company_id", "gap_count"])
            self.assertEqual([row["company_id"][0] for row in rows], [self.company.id])

    def test_another_company_is_refused(self):
        Quality = self.env["mentorship.data.quality"]
        main = Quality.sudo().search([("company_id", "=", self.company.id)])
        hugo = self.roles["other_company_manager"]
        rows = Quality.with_user(hugo).search([])
        self.assertEqual(rows.company_id, self.company_2)
        with self.assertRefused(AccessError):
            main.with_user(hugo).read(["gap_count"])
        with self.assertRefused(AccessError):
            main.with_user(hugo).with_context(
                mentorship_gap="employee_no_manager"
            ).action_open_records()
        # Hugo's own counts leave the main company's records out.
        count = rows.with_user(hugo).employee_no_manager_count
        self.assertEqual(
            count,
            self.env["hr.employee"].search_count(
                [("company_id", "=", self.company_2.id), ("parent_id", "=", False)]
            ),
        )
