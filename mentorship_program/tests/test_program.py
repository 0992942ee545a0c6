from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import MentorshipCase


@tagged("post_install", "-at_install")
class TestProgramStates(MentorshipCase):
    def test_full_lifecycle(self):
        program = self.program
        self.assertEqual(program.state, "draft")
        program.with_user(self.user_hr).action_open_enrollment()
        self.assertEqual(program.state, "open")
        mentee = self._enroll(self.employee_alice)
        mentee.sudo().write({"state": "approved"})
        mentor = self._make_ready_mentor()
        mentor.sudo().write({"state": "approved"})
        program.with_user(self.user_hr).action_start()
        self.assertEqual(program.state, "running")
        program.with_user(self.user_hr).action_close()
        self.assertEqual(program.state, "closed")

    def test_open_requires_charter_course_and_cadence(self):
        program = self.env["mentorship.program"].create(
            self._program_values(
                name="Bare Program",
                charter_confidentiality="<p><br></p>",
                onboarding_channel_id=False,
                cadence_ids=[],
            )
        )
        with self.assertRaises(UserError) as caught:
            program.action_open_enrollment()
        message = str(caught.exception)
        self.assertIn("Bare Program", message)
        self.assertIn("Confidentiality Boundaries is empty", message)
        self.assertIn("no Mentor Onboarding Course", message)
        self.assertIn("no Meeting Cadence", message)
        self.assertEqual(program.state, "draft")

    def test_cohort_requires_its_dates(self):
        program = self.env["mentorship.program"].create(
            self._program_values(name="Cohort 2027", program_format="cohort")
        )
        with self.assertRefused(UserError, "a cohort needs Enrollment Opens"):
            program.action_open_enrollment()
        program.write(
            {
                "enrollment_date_start": date(2027, 1, 1),
                "enrollment_date_end": date(2027, 1, 31),
                "date_start": date(2027, 2, 1),
                "date_end": date(2027, 5, 1),
            }
        )
        program.action_open_enrollment()
        self.assertEqual(program.state, "open")

    def test_start_requires_an_approved_mentee_and_a_ready_mentor(self):
        self.program.action_open_enrollment()
        mentor = self._enroll(self.employee_mona, role="mentor")
        mentor.sudo().write({"state": "approved"})
        self._enroll(self.employee_alice).sudo().write({"state": "approved"})
        with self.assertRefused(UserError, "0 ready mentors"):
            self.program.action_start()
        self.assertEqual(self.program.state, "open")

    def test_transitions_out_of_order_are_refused(self):
        with self.assertRefused(UserError, "cannot be started: it is draft"):
            self.program.action_start()
        with self.assertRefused(UserError, "cannot be closed: it is draft"):
            self.program.action_close()
        self.program.action_open_enrollment()
        with self.assertRefused(
            UserError, "cannot be opened for enrollment: it is enrollment open"
        ):
            self.program.action_open_enrollment()
        self.program.action_reset_to_draft()
        self.assertEqual(self.program.state, "draft")

    def test_employee_cannot_move_a_program(self):
        with self.assertRefused(AccessError):
            self.program.with_user(self.user_alice).action_open_enrollment()
        self.assertEqual(self.program.state, "draft")


@tagged("post_install", "-at_install")
class TestProgramBadInput(MentorshipCase):
    def _assert_refused(self, values, pattern):
        before = self.program.read(list(values))[0]
        with self.assertRefused(ValidationError, pattern):
            self.program.write(values)
        self.program.invalidate_recordset()
        self.assertEqual(self.program.read(list(values))[0], before)

    def test_end_date_before_start(self):
        self._assert_refused(
            {"date_start": date(2027, 3, 1), "date_end": date(2027, 2, 1)},
            "Leadership Accelerator: the End Date .* is before the Start Date",
        )

    def test_enrollment_window_reversed(self):
        self._assert_refused(
            {"enrollment_date_start": date(2027, 3, 1), "enrollment_date_end": date(2027, 2, 1)},
            "Leadership Accelerator: Enrollment Closes .* is before Enrollment Opens",
        )

    def test_capacities(self):
        self._assert_refused(
            {"default_mentor_capacity": 0},
            r"Default Mentor Capacity must be between 1 and 50 \(got 0\)",
        )
        self._assert_refused(
            {"default_mentor_capacity": 5}, r"Default Mentor Capacity \(5\) cannot exceed"
        )
        self._assert_refused({"max_mentor_capacity": 0}, "Maximum Mentor Capacity must be between")

    def test_targets_and_threshold(self):
        self._assert_refused(
            {"target_retention_rate": 120}, "Target Retention .* between 0 and 100"
        )
        self._assert_refused({"readiness_threshold": 6}, "Readiness Threshold must be between")
        self._assert_refused({"pair_duration_days": 0}, r"Pair Duration \(days\) must be between 1")

    def test_unpublished_course_refused(self):
        draft_course = self.env["slide.channel"].create(
            {"name": "Draft Course", "is_published": False}
        )
        self._assert_refused(
            {"onboarding_channel_id": draft_course.id},
            "the course Draft Course is not published",
        )

    def test_cadence_interval(self):
        with self.assertRefused(ValidationError, "cadence 'Every' must be at least 1"):
            self.program.write(
                {
                    "cadence_ids": [
                        Command.create({"session_type": "feedback", "interval_number": 0})
                    ]
                }
            )
        self.assertEqual(len(self.program.cadence_ids), 1)


@tagged("post_install", "-at_install")
class TestCharterVersion(MentorshipCase):
    def test_draft_edits_keep_version_one(self):
        self.program.charter_code_of_conduct = "<p>Draft wording</p>"
        self.assertEqual(self.program.charter_version, 1)

    def test_edit_after_opening_bumps_once(self):
        self.program.action_open_enrollment()
        self.program.write(
            {
                "charter_code_of_conduct": "<p>New conduct</p>",
                "charter_confidentiality": "<p>New confidentiality</p>",
            }
        )
        self.assertEqual(self.program.charter_version, 2)

    def test_unchanged_charter_or_other_fields_do_not_bump(self):
        self.program.action_open_enrollment()
        self.program.write({"charter_code_of_conduct": self.program.charter_code_of_conduct})
        self.program.write({"purpose": "Grow leaders"})
        self.assertEqual(self.program.charter_version, 1)


@tagged("post_install", "-at_install")
class TestProgramViews(MentorshipCase):
    def test_smart_buttons_open_mentees_or_mentors(self):
        self.program.action_open_enrollment()
        mentee = self._enroll(self.employee_alice)
        mentor = self._enroll(self.employee_mona, role="mentor")
        Enrollment = self.env["mentorship.enrollment"]
        for role, expected in (("mentee", mentee), ("mentor", mentor)):
            action = self.program.with_context(enrollment_role=role).action_view_enrollments()
            self.assertEqual(Enrollment.search(action["domain"]), expected)
            self.assertEqual(action["context"]["default_role"], role)

    def test_enrollment_kanban_shows_every_state_in_process_order(self):
        self._enroll(self.employee_alice)
        groups = self.env["mentorship.enrollment"].read_group(
            [("program_id", "=", self.program.id)], ["state"], ["state"]
        )
        self.assertEqual(
            [group["state"] for group in groups],
            ["draft", "submitted", "approved", "rejected", "withdrawn"],
        )
