"""The program's line-manager options: managers told when their report's
pair starts and ends; mentee intakes approved by the manager before HR."""

from odoo import Command
from odoo.exceptions import AccessError, UserError

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import MatchingCase


class ManagersCase(MatchingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.user_lina = mail_new_test_user(
            env, login="mentorship_lina", name="Lina Line Manager", groups="base.group_user"
        )
        cls.employee_lina = env["hr.employee"].create(
            {"name": "Lina Line Manager", "user_id": cls.user_lina.id}
        )
        cls.user_otto = mail_new_test_user(
            env, login="mentorship_otto", name="Otto Mentors' Manager", groups="base.group_user"
        )
        cls.employee_otto = env["hr.employee"].create(
            {"name": "Otto Mentors' Manager", "user_id": cls.user_otto.id}
        )
        cls.employee_alice.parent_id = cls.employee_lina
        cls.employee_bob.parent_id = cls.employee_lina
        cls.employee_mona.write({"parent_id": cls.employee_otto.id, "job_title": "Head of Sales"})
        cls.employee_max.parent_id = cls.employee_otto


class TestInformManagers(ManagersCase):
    def _notices_to(self, user):
        return self.env["mail.message"].search(
            [
                ("model", "=", "hr.employee"),
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", user.partner_id.ids),
            ]
        )

    def _start_pair(self):
        _run, pairs = self._published_pairs()
        pair = self._pair_of(pairs, self.mentee_alice)
        pair.with_user(self.user_mona).action_accept()
        pair.with_user(self.user_alice).action_accept()
        self.assertEqual(pair.state, "active")
        return pair

    def test_both_managers_are_told_when_the_pair_starts_and_ends(self):
        self.program.inform_managers = True
        pair = self._start_pair()
        (to_lina,) = self._notices_to(self.user_lina)
        self.assertEqual(to_lina.res_id, self.employee_alice.id)
        self.assertIn("started a mentorship", to_lina.body)
        self.assertIn("Mona", to_lina.body)
        self.assertIn("Head of Sales", to_lina.body, "the other person's job")
        self.assertEqual(len(self._notices_to(self.user_otto)), 1, "the mentor's manager too")
        pair.with_user(self.user_hr).action_cancel(reason="SECRET-REASON")
        ended = self._notices_to(self.user_lina) - to_lina
        self.assertEqual(len(ended), 1)
        self.assertIn("ended", ended.body)
        self.assertNotIn("SECRET-REASON", ended.body, "the reason stays with the pair")

    def test_nobody_is_told_without_the_option_or_for_a_pair_that_never_started(self):
        self.program.inform_managers = True
        _run, pairs = self._published_pairs()
        self._pair_of(pairs, self.mentee_bob).with_user(self.user_bob).action_decline()
        self.assertFalse(self._notices_to(self.user_lina), "a declined proposal is no news")
        self.program.inform_managers = False
        pair = self._pair_of(pairs, self.mentee_alice)
        pair.with_user(self.user_mona).action_accept()
        pair.with_user(self.user_alice).action_accept()
        self.assertEqual(pair.state, "active")
        self.assertFalse(self._notices_to(self.user_lina) | self._notices_to(self.user_otto))


class TestManagerApproval(ManagersCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program.manager_approval = True

    def _intake(self, employee, user):
        enrollment = (
            self.env["mentorship.enrollment"]
            .with_user(user)
            .create(
                {
                    "program_id": self.program.id,
                    "employee_id": employee.id,
                    "role": "mentee",
                    "goals": "Lead a team",
                    "availability_slot_ids": [Command.set(self.slots.ids)],
                    "target_skill_ids": [
                        Command.create(
                            {
                                "skill_type_id": self.skill_type.id,
                                "skill_id": self.skill_coaching.id,
                                "target_level_id": self.level_advanced.id,
                            }
                        )
                    ],
                }
            )
        )
        enrollment.with_user(user).action_submit()
        return enrollment

    def _carl_reports_to_lina(self):
        self.employee_carl.parent_id = self.employee_lina
        return self._intake(self.employee_carl, self.user_carl)

    def test_the_intake_waits_for_the_manager_then_goes_to_hr(self):
        enrollment = self._carl_reports_to_lina()
        self.assertEqual(enrollment.state, "manager_review")
        Enrollment = self.env["mentorship.enrollment"]
        # HR does not see it yet, through any call.
        self.assertFalse(Enrollment.with_user(self.user_hr).search([("id", "=", enrollment.id)]))
        with self.assertRaises(AccessError):
            enrollment.with_user(self.user_hr).read(["goals"])
        with self.assertRaises(AccessError):
            enrollment.with_user(self.user_hr).action_approve()
        # The manager reads it (goals, target skills) and has a to-do.
        as_lina = enrollment.with_user(self.user_lina)
        self.assertEqual(as_lina.goals, "Lead a team")
        self.assertEqual(as_lina.target_skill_ids.skill_id, self.skill_coaching)
        self.assertTrue(as_lina.can_manager_approve)
        self.assertEqual(enrollment.activity_ids.user_id, self.user_lina)
        # ... but may not edit it.
        with self.assertRaises(AccessError):
            as_lina.write({"goals": "Something else"})
        as_lina.action_manager_approve()
        self.assertEqual(enrollment.state, "submitted")
        self.assertFalse(enrollment.activity_ids, "the to-do is done")
        self.assertTrue(Enrollment.with_user(self.user_hr).search([("id", "=", enrollment.id)]))
        self.assertFalse(Enrollment.with_user(self.user_lina).search([("id", "=", enrollment.id)]))
        enrollment.with_user(self.user_hr).action_approve()
        self.assertEqual(enrollment.state, "approved")

    def test_only_the_current_manager_approves_or_declines(self):
        enrollment = self._carl_reports_to_lina()
        for user in (self.user_carl, self.user_otto, self.user_hr):
            with self.assertRaises(AccessError):
                enrollment.with_user(user).action_manager_approve()
            with self.assertRaises(AccessError):
                enrollment.with_user(user).action_manager_decline()
        # The employee may not skip the step by writing the state either.
        with self.assertRaises(AccessError):
            enrollment.with_user(self.user_carl).write({"state": "submitted"})
        self.assertEqual(enrollment.state, "manager_review")
        # A manager the report left reads and approves nothing.
        self.employee_carl.parent_id = self.employee_otto
        self.assertFalse(
            self.env["mentorship.enrollment"]
            .with_user(self.user_lina)
            .search([("id", "=", enrollment.id)])
        )
        enrollment.with_user(self.user_otto).action_manager_decline()
        self.assertEqual(enrollment.state, "rejected")

    def test_a_declined_intake_is_the_employees_again_and_no_longer_the_managers(self):
        enrollment = self._carl_reports_to_lina()
        enrollment.with_user(self.user_lina).action_manager_decline()
        self.assertEqual(enrollment.with_user(self.user_carl).state, "rejected")
        with self.assertRaises(AccessError):
            enrollment.with_user(self.user_lina).action_manager_approve()
        # Approving twice is refused with the state named.
        ann = self.env["hr.employee"].create({"name": "Ann", "parent_id": self.employee_lina.id})
        other = self._intake(ann, self.user_hr)
        other.with_user(self.user_lina).action_manager_approve()
        with self.assertRaisesRegex(UserError, "[Ss]ubmitted"):
            other.with_user(self.user_hr).action_manager_approve()

    def test_without_a_manager_the_intake_goes_to_hr(self):
        enrollment = self._intake(self.employee_carl, self.user_carl)
        self.assertEqual(enrollment.state, "submitted", "Carl has no manager")

    def test_without_the_option_the_intake_goes_to_hr(self):
        self.program.manager_approval = False
        self.assertEqual(self._carl_reports_to_lina().state, "submitted")

    def test_mentor_enrollments_never_wait_for_a_manager(self):
        self.employee_carl.parent_id = self.employee_lina
        carl_skill = self.env["hr.employee.skill"].create(
            {
                "employee_id": self.employee_carl.id,
                "skill_type_id": self.skill_type.id,
                "skill_id": self.skill_coaching.id,
                "skill_level_id": self.level_advanced.id,
            }
        )
        mentor = (
            self.env["mentorship.enrollment"]
            .with_user(self.user_carl)
            .create(
                {
                    "program_id": self.program.id,
                    "employee_id": self.employee_carl.id,
                    "role": "mentor",
                    "expertise_skill_ids": [Command.set(carl_skill.ids)],
                    "availability_slot_ids": [Command.set(self.slots.ids)],
                }
            )
        )
        mentor.with_user(self.user_carl).action_submit()
        self.assertEqual(mentor.state, "submitted")

    def test_hr_passes_on_an_intake_nobody_is_left_to_approve(self):
        enrollment = self._carl_reports_to_lina()
        Enrollment = self.env["mentorship.enrollment"].with_user(self.user_hr)
        self.assertFalse(Enrollment.search([("id", "=", enrollment.id)]))
        # Lina's user is unlinked from her employee record: nobody can approve.
        self.employee_lina.user_id = False
        self.assertEqual(Enrollment.search([("id", "=", enrollment.id)]), enrollment)
        self.assertEqual(
            enrollment.with_user(self.user_hr).target_skill_ids.skill_id, self.skill_coaching
        )
        enrollment.with_user(self.user_hr).action_manager_approve()
        self.assertEqual(enrollment.state, "submitted")
        # While a manager is there to decide, HR may not decide for them.
        other = self._intake(
            self.env["hr.employee"].create({"name": "Ann", "parent_id": self.employee_otto.id}),
            self.user_hr,
        )
        with self.assertRaises(AccessError):
            other.with_user(self.user_hr).action_manager_approve()
