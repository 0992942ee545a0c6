"""What employees are told along the way, what a blocked mentor sees, how a
session moves, and what a participant may not read of a program."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import ActivePairCase, MatchingCase, MentorshipCase


class MailsMixin:
    def _mails_to(self, record, partner):
        """The e-mails queued on ``record`` for ``partner``."""
        return (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", record._name), ("res_id", "=", record.id)])
            .filtered(lambda mail: partner in mail.recipient_ids)
        )


@tagged("post_install", "-at_install")
class TestEnrollmentMessages(MailsMixin, MentorshipCase):
    def setUp(self):
        super().setUp()
        self.program.action_open_enrollment()

    def _submitted_mentee(self):
        enrollment = self._enroll(self.employee_alice)
        enrollment.with_user(self.user_alice).write(
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
        enrollment.with_user(self.user_alice).action_submit()
        return enrollment

    def test_hr_enrolling_someone_invites_them_with_a_link(self):
        enrollment = self._enroll(self.employee_alice)
        mails = self._mails_to(enrollment, self.user_alice.partner_id)
        self.assertEqual(len(mails), 1)
        self.assertIn(f"/my/mentorship/enrollment/{enrollment.id}", mails.body_html)
        # Who enrolls themselves is not e-mailed about it.
        own = (
            self.env["mentorship.enrollment"]
            .with_user(self.user_bob)
            .create({"program_id": self.program.id, "employee_id": self.employee_bob.id})
        )
        self.assertFalse(self._mails_to(own, self.user_bob.partner_id))

    def test_bulk_enrollment_invites_every_employee(self):
        wizard = (
            self.env["mentorship.enrollment.enroll"]
            .with_user(self.user_hr)
            .create(
                {
                    "program_id": self.program.id,
                    "role": "mentee",
                    "employee_ids": [Command.set((self.employee_alice | self.employee_bob).ids)],
                }
            )
        )
        wizard.action_enroll()
        enrollments = self.env["mentorship.enrollment"].search(
            [("program_id", "=", self.program.id)]
        )
        for enrollment, user in zip(
            enrollments.sorted(lambda e: e.employee_id.name), (self.user_alice, self.user_bob)
        ):
            mails = self._mails_to(enrollment, user.partner_id)
            self.assertEqual(len(mails), 1, user.name)
            self.assertIn(f"/my/mentorship/enrollment/{enrollment.id}", mails.body_html)

    def test_approval_tells_the_employee(self):
        enrollment = self._submitted_mentee()
        enrollment.with_user(self.user_hr).action_approve()
        mails = self._mails_to(enrollment, self.user_alice.partner_id).filtered(
            lambda mail: "approved" in mail.subject
        )
        self.assertEqual(len(mails), 1)
        self.assertIn(f"/my/mentorship/enrollment/{enrollment.id}", mails.body_html)

    def test_rejection_needs_a_reason_the_employee_is_told(self):
        enrollment = self._submitted_mentee()
        with self.assertRefused(UserError, r"'Rejection Reason' \(rejection_reason\)"):
            enrollment.with_user(self.user_hr).action_reject()
        self.assertEqual(enrollment.state, "submitted")
        # Only HR writes the reason, and reads it on the record.
        with self.assertRefused(AccessError):
            enrollment.with_user(self.user_alice).write({"rejection_reason": "I say so"})
        enrollment.with_user(self.user_hr).write(
            {"rejection_reason": "The cohort is full this year."}
        )
        enrollment.with_user(self.user_hr).action_reject()
        self.assertEqual(enrollment.state, "rejected")
        mails = self._mails_to(enrollment, self.user_alice.partner_id).filtered(
            lambda mail: "The cohort is full this year." in mail.body_html
        )
        self.assertEqual(len(mails), 1)
        self.assertIn(f"/my/mentorship/enrollment/{enrollment.id}", mails.body_html)

    def test_accept_charter_is_offered_to_the_employee_only(self):
        mentor = self._enroll(self.employee_mona, role="mentor")
        self.assertTrue(mentor.with_user(self.user_mona).is_own_enrollment)
        self.assertFalse(mentor.with_user(self.user_hr).is_own_enrollment)
        with self.assertRefused(AccessError, "Only Mona Mentor can accept the charter"):
            mentor.with_user(self.user_hr).with_context(charter_version=1).action_accept_charter()


@tagged("post_install", "-at_install")
class TestReadinessGuidance(MailsMixin, MentorshipCase):
    def setUp(self):
        super().setUp()
        self.program.action_open_enrollment()
        self.mentor = self._enroll(self.employee_mona, role="mentor")

    def _ready_mails(self):
        return self._mails_to(self.mentor, self.user_mona.partner_id).filtered(
            lambda mail: "ready to mentor" in mail.subject
        )

    def _score(self, value):
        self.mentor.with_user(self.user_hr).write(
            {
                "readiness_coaching_aptitude": value,
                "readiness_time_availability": value,
                "readiness_domain_credibility": value,
            }
        )

    def test_blocked_mentor_sees_the_course_link_and_progress(self):
        mentor = self.mentor.with_user(self.user_mona)
        self.assertEqual(mentor.onboarding_url, self.onboarding_course.website_url)
        self.assertEqual(mentor.onboarding_progress, 0)
        self.assertIn("(0% done)", mentor.readiness_blockers)
        # The rubric: what HR expects, readable by the mentor; the scores are HR's.
        self.assertIn("must each reach 3 of 5", mentor.readiness_blockers)
        with self.assertRaises(AccessError):
            mentor.read(["readiness_coaching_aptitude"])

    def test_the_last_blocker_cleared_by_the_course_tells_the_mentor_once(self):
        self._score(4)
        self.mentor.with_user(self.user_mona).with_context(
            charter_version=1
        ).action_accept_charter()
        self.assertFalse(self._ready_mails(), "the course is still to do")
        self._complete_onboarding(self.user_mona)
        self.mentor.invalidate_recordset()
        self.assertTrue(self.mentor.is_ready)
        self.assertTrue(self.mentor.ready_notice_sent)
        self.assertEqual(len(self._ready_mails()), 1)
        # Scored again later: still one notice.
        self._score(5)
        self.assertEqual(len(self._ready_mails()), 1)

    def test_the_last_blocker_cleared_by_the_charter_tells_the_mentor(self):
        self._score(3)
        self._complete_onboarding(self.user_mona)
        self.assertFalse(self._ready_mails())
        self.mentor.with_user(self.user_mona).with_context(
            charter_version=1
        ).action_accept_charter()
        self.assertEqual(len(self._ready_mails()), 1)

    def test_clients_cannot_write_the_notice_mark(self):
        with self.assertRefused(AccessError, "ready_notice_sent"):
            self.mentor.with_user(self.user_hr).write({"ready_notice_sent": True})


@tagged("post_install", "-at_install")
class TestDeclineReasons(MailsMixin, MatchingCase):
    def setUp(self):
        super().setUp()
        self.run, pairs = self._published_pairs()
        self.pair = self._pair_of(pairs, self.mentee_alice)

    def test_decline_reason_is_hrs_not_the_other_sides(self):
        reason = "I would rather not work with my former team lead."
        self.pair.with_user(self.user_alice).action_decline(reason=reason)
        self.assertEqual(self.pair.state, "declined")
        self.assertEqual(self.pair.with_user(self.user_hr).decline_reason, reason)
        with self.assertRaises(AccessError):
            self.pair.with_user(self.user_mona).read(["decline_reason"])
        with self.assertRaises(AccessError):
            self.pair.with_user(self.user_mona).search_read(
                [("id", "=", self.pair.id)], ["decline_reason"]
            )
        messages = self.pair.sudo().message_ids.mapped("body")
        self.assertFalse([body for body in messages if reason in body])

    def test_decline_reason_is_optional_and_no_client_writes_it(self):
        self.pair.with_user(self.user_mona).action_decline()
        self.assertFalse(self.pair.decline_reason)
        with self.assertRefused(AccessError, "decline_reason"):
            self.pair.with_user(self.user_hr).write({"decline_reason": "made up"})

    def test_both_accept_then_schedule_the_first_session(self):
        self.pair.with_user(self.user_alice).action_accept()
        self.pair.with_user(self.user_mona).action_accept()
        self.assertEqual(self.pair.state, "active")
        for user in (self.user_alice, self.user_mona):
            mails = self._mails_to(self.pair, user.partner_id).filtered(
                lambda mail: "schedule your first session" in mail.subject
            )
            self.assertEqual(len(mails), 1, user.name)
            self.assertIn(f"/my/mentorship/pair/{self.pair.id}", mails.body_html)


@tagged("post_install", "-at_install")
class TestSessionMoveAndCall(ActivePairCase):
    def test_a_session_carries_odoos_meeting_link(self):
        session = self._plan()
        event = session.sudo().event_id
        self.assertIn("/calendar/join_videocall/", event.videocall_location)
        self.assertEqual(session.with_user(self.user_mona).videocall_url, event.videocall_location)
        self.assertFalse(session.with_user(self.user_hr).videocall_url, "the pair's link only")

    def test_moving_a_planned_session_moves_its_event_and_tells_the_other_side(self):
        session = self._plan()
        later = (self.now + timedelta(days=3)).replace(microsecond=0)
        session.with_user(self.user_alice).write({"date_start": later})
        self.assertEqual(session.sudo().event_id.start, later)
        told = session.sudo().message_ids.filtered(lambda m: "moved" in (m.body or ""))
        self.assertEqual(len(told), 1)
        self.assertEqual(told.partner_ids, self.user_mona.partner_id)
        self.assertNotRegex(told.body, r"\d+:\d\d:\d\d", "times without seconds")

    def test_only_planned_sessions_of_the_pair_move(self):
        session = self._plan()
        later = self.now + timedelta(days=3)
        with self.assertRefused(AccessError):
            session.with_user(self.user_bob).write({"date_start": later})
        session.with_user(self.user_alice).action_cancel()
        with self.assertRefused(UserError, "only a planned session"):
            session.with_user(self.user_alice).write({"date_start": later})

    def test_log_as_done_is_offered_once_the_session_started(self):
        session = self._plan()
        self.assertFalse(session.can_log)
        with self.assertRefused(UserError, "once it has started"):
            session.with_user(self.user_alice).action_done()
        session.sudo().date_start = self.now - timedelta(hours=1)
        session.invalidate_recordset(["can_log"])
        self.assertTrue(session.can_log)


@tagged("post_install", "-at_install")
class TestParticipantsViewOfAProgram(MentorshipCase):
    HR_ONLY_FIELDS = (
        "budget_amount",
        "steering_member_ids",
        "milestone_ids",
        "target_retention_rate",
        "target_promotion_rate",
        "target_time_to_competence_days",
        "match_weight_language",
    )

    def test_employees_cannot_read_the_programs_admin_fields(self):
        self.program.action_open_enrollment()
        program = self.program.with_user(self.user_alice)
        program.read(["name", "purpose", "program_format", "date_start", "cadence_ids"])
        for field_name in self.HR_ONLY_FIELDS:
            with self.subTest(field=field_name), self.assertRaises(AccessError):
                program.read([field_name])
            with self.subTest(field=field_name), self.assertRaises(AccessError):
                program.search_read([("id", "=", program.id)], [field_name])
        self.program.with_user(self.user_hr).read(list(self.HR_ONLY_FIELDS))

    def test_the_intake_survey_field_is_gone(self):
        self.assertNotIn("intake_survey_id", self.env["mentorship.program"]._fields)


@tagged("post_install", "-at_install")
class TestReviewNewButton(MentorshipCase):
    def test_hr_creates_a_review_from_the_programs_reviews(self):
        self.program.action_open_enrollment()
        action = self.program.with_user(self.user_hr).action_view_reviews()
        Review = (
            self.env["mentorship.review"].with_user(self.user_hr).with_context(**action["context"])
        )
        form = Form(Review)
        self.assertEqual(form.program_id, self.program)
        review = form.save()
        self.assertEqual(review.program_id, self.program)
        self.assertEqual(review.date_end, fields.Date.context_today(review))
