from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import MentorshipCase


@tagged("post_install", "-at_install")
class TestEnrollment(MentorshipCase):
    def setUp(self):
        super().setUp()
        self.program.action_open_enrollment()

    def _fill_mentee_intake(self, enrollment, user):
        enrollment.with_user(user).write(
            {
                "goals": "Lead my first project",
                "availability_slot_ids": [Command.set(self.slots.ids)],
                "target_skill_ids": [
                    Command.create(
                        {
                            "skill_type_id": self.skill_type.id,
                            "skill_id": self.skill_strategy.id,
                            "target_level_id": self.level_advanced.id,
                        }
                    )
                ],
            }
        )

    def test_employee_enrolls_and_completes_intake(self):
        action = self.program.with_user(self.user_alice).action_enroll_as_mentee()
        enrollment = self.env["mentorship.enrollment"].browse(action["res_id"])
        self.assertEqual(enrollment.employee_id, self.employee_alice)
        self.assertEqual(enrollment.role, "mentee")
        self.assertEqual(enrollment.state, "draft")
        with self.assertRefused(UserError, "Goals are empty; no Target Skills"):
            enrollment.with_user(self.user_alice).action_submit()
        self._fill_mentee_intake(enrollment, self.user_alice)
        self.assertFalse(enrollment.target_skill_ids.current_level_id)
        enrollment.with_user(self.user_alice).action_submit()
        self.assertEqual(enrollment.state, "submitted")
        with self.assertRefused(AccessError):
            enrollment.with_user(self.user_alice).action_approve()
        enrollment.with_user(self.user_hr).action_approve()
        self.assertEqual(enrollment.state, "approved")

    def test_mentor_enrollment_uses_program_default_capacity(self):
        enrollment = self._enroll(self.employee_mona, role="mentor")
        self.assertEqual(enrollment.capacity, 2)
        with self.assertRefused(UserError, "no Expertise is selected"):
            enrollment.with_user(self.user_mona).action_submit()
        enrollment.with_user(self.user_mona).write(
            {
                "expertise_skill_ids": [Command.set(self.employee_mona_coaching.ids)],
                "availability_slot_ids": [Command.set(self.slots.ids)],
            }
        )
        enrollment.with_user(self.user_mona).action_submit()
        self.assertEqual(enrollment.state, "submitted")

    def test_withdraw_reject_and_back_to_intake(self):
        enrollment = self._enroll(self.employee_alice)
        enrollment.with_user(self.user_alice).action_withdraw()
        self.assertEqual(enrollment.state, "withdrawn")
        with self.assertRefused(UserError, "cannot be withdrawn: it is withdrawn"):
            enrollment.with_user(self.user_alice).action_withdraw()
        enrollment.with_user(self.user_alice).action_reset_to_intake()
        self.assertEqual(enrollment.state, "draft")
        with self.assertRefused(UserError, "cannot be rejected: it is intake"):
            enrollment.with_user(self.user_hr).action_reject()
        self._fill_mentee_intake(enrollment, self.user_alice)
        enrollment.with_user(self.user_alice).action_submit()
        enrollment.with_user(self.user_hr).rejection_reason = "The cohort is full."
        enrollment.with_user(self.user_hr).action_reject()
        self.assertEqual(enrollment.state, "rejected")

    def test_same_role_twice_is_refused(self):
        self._enroll(self.employee_alice)
        with self.assertRefused(
            ValidationError, "Alice Mentee is already enrolled in Leadership Accelerator as Mentee"
        ):
            self._enroll(self.employee_alice)
        with self.assertRefused(ValidationError, "already enrolled"):
            self.program.with_user(self.user_alice).action_enroll_as_mentee()
        self.assertEqual(
            self.env["mentorship.enrollment"].search_count(
                [("employee_id", "=", self.employee_alice.id)]
            ),
            1,
        )
        # Mentor in the same program is another role and is allowed.
        self._enroll(self.employee_alice, role="mentor")

    def test_capacity_bounds(self):
        with self.assertRefused(
            ValidationError, "Capacity must be between 1 and the program maximum of 4"
        ):
            self._enroll(self.employee_mona, role="mentor", capacity=5)
        mentor = self._enroll(self.employee_mona, role="mentor", capacity=3)
        with self.assertRefused(ValidationError, "Mona Mentor — Leadership Accelerator .*got 0"):
            mentor.with_user(self.user_mona).capacity = 0
        mentor.invalidate_recordset()
        self.assertEqual(mentor.capacity, 3)

    def test_archived_employee_is_refused(self):
        self.employee_bob.active = False
        with self.assertRefused(ValidationError, "employee Bob Mentee is archived"):
            self._enroll(self.employee_bob)

    def test_employee_cannot_enroll_when_program_not_open(self):
        draft = self.env["mentorship.program"].create(self._program_values(name="Not Yet"))
        with self.assertRefused(UserError, "Not Yet is not open for enrollment"):
            draft.with_user(self.user_alice).action_enroll_as_mentee()

    def test_who_and_what_never_change(self):
        enrollment = self._enroll(self.employee_alice)
        with self.assertRefused(AccessError, r"'Employee' \(employee_id\) cannot be written"):
            enrollment.with_user(self.user_hr).employee_id = self.employee_bob
        with self.assertRefused(AccessError, r"'Role' \(role\) cannot be written"):
            enrollment.with_user(self.user_alice).role = "mentor"
        self.assertEqual(enrollment.employee_id, self.employee_alice)

    def test_employee_cannot_approve_through_write(self):
        enrollment = self._enroll(self.employee_alice)
        with self.assertRefused(AccessError):
            enrollment.with_user(self.user_alice).write({"state": "approved"})
        with self.assertRefused(AccessError):
            self.env["mentorship.enrollment"].with_user(self.user_bob).create(
                {
                    "program_id": self.program.id,
                    "employee_id": self.employee_bob.id,
                    "state": "approved",
                }
            )
        self.assertEqual(enrollment.state, "draft")


@tagged("post_install", "-at_install")
class TestBulkEnrollment(MentorshipCase):
    def _wizard(self, employees, user=None, **values):
        return (
            self.env["mentorship.enrollment.enroll"]
            .with_user(user or self.user_hr)
            .with_context(active_model="hr.employee", active_ids=employees.ids)
            .create({"program_id": self.program.id, **values})
        )

    def test_enroll_many_from_employee_list(self):
        employees = self.employee_alice | self.employee_bob
        wizard = self._wizard(employees)
        self.assertEqual(wizard.employee_ids, employees)
        action = wizard.action_enroll()
        enrollments = self.env["mentorship.enrollment"].search(action["domain"])
        self.assertEqual(enrollments.employee_id, employees)
        self.assertEqual(set(enrollments.mapped("role")), {"mentee"})

    def test_mentors_get_the_chosen_capacity(self):
        wizard = self._wizard(self.employee_mona, role="mentor")
        self.assertEqual(wizard.capacity, 2)
        wizard.capacity = 3
        action = wizard.action_enroll()
        self.assertEqual(self.env["mentorship.enrollment"].search(action["domain"]).capacity, 3)

    def test_one_bad_employee_enrolls_nobody(self):
        self._enroll(self.employee_bob)
        wizard = self._wizard(self.employee_alice | self.employee_bob)
        with self.assertRefused(ValidationError, "Bob Mentee is already enrolled"):
            wizard.action_enroll()
        self.assertFalse(
            self.env["mentorship.enrollment"].search([("employee_id", "=", self.employee_alice.id)])
        )

    def test_only_managers_bulk_enroll(self):
        with self.assertRefused(AccessError):
            self._wizard(self.employee_alice, user=self.user_alice)
