from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import MentorshipCase


@tagged("post_install", "-at_install")
class TestMentorReadiness(MentorshipCase):
    def test_ready_when_all_three_conditions_hold(self):
        mentor = self._make_ready_mentor()
        self.assertTrue(mentor.rubric_passed)
        self.assertTrue(mentor.charter_accepted)
        self.assertTrue(mentor.onboarding_completed)
        self.assertTrue(mentor.is_ready)
        self.assertFalse(mentor.readiness_blockers)

    def test_rubric_below_threshold_alone_blocks(self):
        mentor = self._make_ready_mentor()
        mentor.with_user(self.user_hr).readiness_time_availability = 2
        self.assertTrue(mentor.charter_accepted)
        self.assertTrue(mentor.onboarding_completed)
        self.assertFalse(mentor.is_ready)
        self.assertIn("readiness review is not complete", mentor.readiness_blockers)
        self.assertIn("must each reach 3 of 5", mentor.readiness_blockers)
        # What HR expects, never HR's scores: the rubric is HR's alone.
        self.assertNotIn("2", mentor.readiness_blockers.replace("3 of 5", ""))

    def test_rubric_follows_program_threshold(self):
        mentor = self._make_ready_mentor()
        self.program.readiness_threshold = 5
        self.assertFalse(mentor.rubric_passed)
        self.assertFalse(mentor.is_ready)
        self.program.readiness_threshold = 3
        self.assertTrue(mentor.is_ready)

    def test_charter_not_accepted_alone_blocks(self):
        mentor = self._enroll(self.employee_mona, role="mentor")
        mentor.with_user(self.user_hr).write(
            {
                "readiness_coaching_aptitude": 5,
                "readiness_time_availability": 5,
                "readiness_domain_credibility": 5,
            }
        )
        self._complete_onboarding(self.user_mona)
        self.assertTrue(mentor.rubric_passed)
        self.assertTrue(mentor.onboarding_completed)
        self.assertFalse(mentor.is_ready)
        self.assertEqual(mentor.readiness_blockers, "Charter version 1 not accepted.")

    def test_onboarding_not_completed_alone_blocks(self):
        mentor = self._enroll(self.employee_mona, role="mentor")
        mentor.with_user(self.user_hr).write(
            {
                "readiness_coaching_aptitude": 3,
                "readiness_time_availability": 3,
                "readiness_domain_credibility": 3,
            }
        )
        mentor.with_user(self.user_mona).with_context(charter_version=1).action_accept_charter()
        # Joining the course is not completing it.
        self.onboarding_course.sudo()._action_add_members(self.user_mona.partner_id)
        self.assertFalse(mentor.onboarding_completed)
        self.assertFalse(mentor.is_ready)
        self.assertEqual(
            mentor.readiness_blockers,
            "Onboarding course Mentor Onboarding not completed (0% done).",
        )
        # Completion is read from eLearning, not from a flag on the enrollment.
        self.onboarding_slide.with_user(self.user_mona).action_mark_completed()
        mentor.invalidate_recordset()
        self.assertTrue(mentor.is_ready)

    def test_new_charter_version_requires_acceptance_again(self):
        mentor = self._make_ready_mentor()
        self.program.action_open_enrollment()
        self.program.charter_code_of_conduct = "<p>Be kind. Be on time.</p>"
        self.assertEqual(self.program.charter_version, 2)
        self.assertFalse(mentor.charter_accepted)
        self.assertFalse(mentor.is_ready)
        self.assertIn("Charter version 2 not accepted", mentor.readiness_blockers)
        mentor.with_user(self.user_mona).with_context(charter_version=2).action_accept_charter()
        self.assertTrue(mentor.is_ready)

    def test_accepting_a_stale_charter_version_is_refused(self):
        mentor = self._make_ready_mentor()
        self.program.action_open_enrollment()
        self.program.charter_escalation_path = "<p>Talk to HR first.</p>"
        with self.assertRefused(UserError, "charter version 1 is no longer current"):
            mentor.with_user(self.user_mona).with_context(charter_version=1).action_accept_charter()
        self.assertEqual(mentor.charter_accepted_version, 1)
        self.assertFalse(mentor.charter_accepted)

    def test_only_the_employee_accepts_their_charter(self):
        mentor = self._enroll(self.employee_mona, role="mentor")
        with self.assertRefused(AccessError):
            mentor.with_user(self.user_hr).with_context(charter_version=1).action_accept_charter()
        self.assertFalse(mentor.charter_accepted_version)

    def test_employee_cannot_score_their_own_rubric(self):
        mentor = self._enroll(self.employee_mona, role="mentor")
        with self.assertRefused(AccessError):
            mentor.with_user(self.user_mona).write({"readiness_coaching_aptitude": 5})
        with self.assertRefused(AccessError):
            mentor.with_user(self.user_mona).write({"charter_accepted_version": 1})
        self.assertEqual(mentor.readiness_coaching_aptitude, 0)

    def test_scoring_records_who_and_when(self):
        mentor = self._enroll(self.employee_mona, role="mentor")
        mentor.with_user(self.user_hr).readiness_coaching_aptitude = 4
        self.assertEqual(mentor.readiness_scored_by_id, self.user_hr)
        self.assertTrue(mentor.readiness_scored_date)

    def test_rubric_score_out_of_range(self):
        mentor = self._enroll(self.employee_mona, role="mentor")
        with self.assertRefused(ValidationError, "Coaching Aptitude must be a score from 1 to 5"):
            mentor.with_user(self.user_hr).readiness_coaching_aptitude = 6
        self.assertEqual(mentor.readiness_coaching_aptitude, 0)

    def test_search_ready_mentors(self):
        ready = self._make_ready_mentor()
        not_ready = self._enroll(self.employee_bob, role="mentor")
        mentee = self._enroll(self.employee_alice)
        Enrollment = self.env["mentorship.enrollment"]
        found = Enrollment.search([("program_id", "=", self.program.id), ("is_ready", "=", True)])
        self.assertEqual(found, ready)
        not_found = Enrollment.search(
            [("program_id", "=", self.program.id), ("is_ready", "=", False)]
        )
        self.assertEqual(not_found, not_ready | mentee)
