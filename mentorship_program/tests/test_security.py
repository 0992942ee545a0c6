from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import MentorshipCase

MENTORSHIP_MODELS = (
    "mentorship.program",
    "mentorship.program.cadence",
    "mentorship.program.milestone",
    "mentorship.enrollment",
    "mentorship.enrollment.skill",
    "mentorship.job.skill",
    "mentorship.career.driver",
    "mentorship.availability.slot",
    "mentorship.enrollment.enroll",
    "mentorship.match.run",
    "mentorship.match.proposal",
    "mentorship.pair",
    "mentorship.session",
    "mentorship.pair.close",
    "mentorship.program.plan.step",
    "mentorship.plan",
    "mentorship.plan.milestone",
    "mentorship.goal",
    "mentorship.goal.resource",
    "mentorship.note",
    "mentorship.session.content",
    "mentorship.session.rating",
    "mentorship.rating.report",
    "mentorship.concern",
)


@tagged("post_install", "-at_install")
class TestEnrollmentAccess(MentorshipCase):
    def setUp(self):
        super().setUp()
        self.program.action_open_enrollment()
        self.enrollment_alice = self._enroll(self.employee_alice)
        self.enrollment_bob = self._enroll(self.employee_bob)

    def test_employee_reads_only_own_enrollments(self):
        Enrollment = self.env["mentorship.enrollment"].with_user(self.user_alice)
        self.assertEqual(Enrollment.search([]), self.enrollment_alice)
        self.enrollment_alice.with_user(self.user_alice).read(["goals"])
        with self.assertRefused(AccessError):
            self.enrollment_bob.with_user(self.user_alice).read(["goals"])

    def test_employee_cannot_write_someone_elses_enrollment(self):
        with self.assertRefused(AccessError):
            self.enrollment_bob.with_user(self.user_alice).write({"goals": "hijacked"})
        with self.assertRefused(AccessError):
            self.enrollment_bob.with_user(self.user_alice).action_withdraw()
        self.assertFalse(self.enrollment_bob.goals)
        self.assertEqual(self.enrollment_bob.state, "draft")

    def test_employee_cannot_enroll_someone_else(self):
        with self.assertRefused(AccessError):
            self.env["mentorship.enrollment"].with_user(self.user_alice).create(
                {
                    "program_id": self.program.id,
                    "employee_id": self.employee_mona.id,
                    "role": "mentor",
                }
            )
        self.assertFalse(
            self.env["mentorship.enrollment"].search([("employee_id", "=", self.employee_mona.id)])
        )

    def test_employee_cannot_read_others_target_skills(self):
        target = self.env["mentorship.enrollment.skill"].create(
            {
                "enrollment_id": self.enrollment_bob.id,
                "skill_type_id": self.skill_type.id,
                "skill_id": self.skill_coaching.id,
                "target_level_id": self.level_advanced.id,
            }
        )
        with self.assertRefused(AccessError):
            target.with_user(self.user_alice).read(["skill_id"])

    def test_manager_reads_and_writes_all(self):
        Enrollment = self.env["mentorship.enrollment"].with_user(self.user_hr)
        self.assertEqual(
            Enrollment.search([("program_id", "=", self.program.id)]),
            self.enrollment_alice | self.enrollment_bob,
        )
        self.enrollment_bob.with_user(self.user_hr).write({"goals": "Set by HR"})
        self.assertEqual(self.enrollment_bob.goals, "Set by HR")

    def test_employee_cannot_create_or_edit_programs(self):
        with self.assertRefused(AccessError):
            self.env["mentorship.program"].with_user(self.user_alice).create({"name": "Rogue"})
        with self.assertRefused(AccessError):
            self.program.with_user(self.user_alice).write({"name": "Renamed"})

    def test_employees_do_not_see_draft_programs(self):
        draft = self.env["mentorship.program"].create(self._program_values(name="Secret Draft"))
        visible = self.env["mentorship.program"].with_user(self.user_alice).search([])
        self.assertIn(self.program, visible)
        self.assertNotIn(draft, visible)

    def test_every_model_has_acl_rows_for_every_group(self):
        groups = (
            self.env.ref("mentorship_program.group_mentorship_user")
            | self.env.ref("mentorship_program.group_mentorship_manager")
            | self.env.ref("mentorship_program.group_mentorship_admin")
        )
        for model_name in MENTORSHIP_MODELS:
            acl_groups = (
                self.env["ir.model.access"].search([("model_id.model", "=", model_name)]).group_id
            )
            self.assertEqual(groups - acl_groups, self.env["res.groups"], model_name)

    def test_every_employee_is_a_mentorship_user(self):
        self.assertTrue(self.user_alice.has_group("mentorship_program.group_mentorship_user"))
        self.assertFalse(self.user_alice.has_group("mentorship_program.group_mentorship_manager"))


@tagged("post_install", "-at_install")
class TestMultiCompany(MentorshipCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_2 = cls.env["res.company"].create({"name": "Mentorship Subsidiary"})
        cls.user_hr_2 = mail_new_test_user(
            cls.env,
            login="mentorship_hr_2",
            name="Hugo HR Subsidiary",
            groups="base.group_user,mentorship_program.group_mentorship_manager",
            company_id=cls.company_2.id,
            company_ids=[(6, 0, cls.company_2.ids)],
        )
        cls.employee_sub = cls.env["hr.employee"].create(
            {"name": "Sam Subsidiary", "company_id": cls.company_2.id}
        )
        cls.program_2 = cls.env["mentorship.program"].create(
            cls._program_values(name="Subsidiary Program", company_id=cls.company_2.id)
        )
        cls.enrollment_sub = cls.env["mentorship.enrollment"].create(
            {"program_id": cls.program_2.id, "employee_id": cls.employee_sub.id}
        )

    def test_managers_see_only_their_companies(self):
        main_enrollment = self._enroll(self.employee_alice)
        Program_1 = self.env["mentorship.program"].with_user(self.user_hr)
        self.assertNotIn(self.program_2, Program_1.search([]))
        with self.assertRefused(AccessError):
            self.enrollment_sub.with_user(self.user_hr).read(["state"])
        Enrollment_2 = self.env["mentorship.enrollment"].with_user(self.user_hr_2)
        self.assertEqual(Enrollment_2.search([]), self.enrollment_sub)
        with self.assertRefused(AccessError):
            main_enrollment.with_user(self.user_hr_2).write({"goals": "cross-company"})

    def test_enrollment_cannot_cross_companies(self):
        with self.assertRefused(Exception, "(?i)compan"):
            self.env["mentorship.enrollment"].create(
                {"program_id": self.program_2.id, "employee_id": self.employee_alice.id}
            )
