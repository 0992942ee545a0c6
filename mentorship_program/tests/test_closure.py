from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import ActivePairCase


@tagged("post_install", "-at_install")
class TestClosure(ActivePairCase):
    def setUp(self):
        super().setUp()
        self.today = fields.Date.context_today(self.pair)
        self.term_end = self.today + timedelta(days=90)

    def _counts(self):
        program = self.program.with_user(self.user_hr)
        return {
            state: program[f"pair_{state}_count"]
            for state in (
                "completed",
                "completed_early",
                "cancelled",
                "expired",
                "rematched",
                "declined",
            )
        }

    def test_term_end_follows_the_program(self):
        self.assertEqual(self.pair.date_term_end, self.term_end)
        # The 90-day plan template must fit in the shorter term first.
        self.program.plan_step_ids.filtered(lambda step: step.day_offset > 30).unlink()
        self.program.pair_duration_days = 30
        self.assertEqual(self.pair.date_term_end, self.today + timedelta(days=30))

    def test_complete_at_the_end_of_term(self):
        with self.assertRefused(UserError, "runs until .*: before that date, use Complete Early"):
            self.pair.with_user(self.user_alice).action_complete()
        self.assertFalse(self.pair.with_user(self.user_alice).can_complete)
        with freeze_time(self.term_end):
            self.pair.invalidate_recordset(["can_complete"])  # a new request, a new day
            self.assertTrue(self.pair.with_user(self.user_alice).can_complete)
            self.pair.with_user(self.user_alice).action_complete()
        self.assertEqual(self.pair.state, "completed")
        self.assertEqual(self.pair.date_end, self.term_end)
        self.assertFalse(self.pair.closure_reason)
        self.assertEqual(self._counts()["completed"], 1)
        self.assertEqual(self._counts()["completed_early"], 0)
        with freeze_time(self.term_end), self.assertRefused(UserError, "cannot be completed"):
            self.pair.with_user(self.user_hr).action_complete()

    def test_hr_completes_too(self):
        with freeze_time(self.term_end + timedelta(days=10)):
            self.pair.with_user(self.user_hr).action_complete()
        self.assertEqual(self.pair.state, "completed")

    def test_complete_early_by_either_side(self):
        form = Form(self.pair.with_user(self.user_mona))
        self.assertTrue(form.can_complete_early)
        self.assertFalse(form.can_complete)
        self.pair.with_user(self.user_mona).action_complete_early(reason="All three goals met")
        self.assertEqual(self.pair.state, "completed_early")
        self.assertEqual(self.pair.closure_reason, "All three goals met")
        self.assertEqual(self.pair.date_end, self.today)
        counts = self._counts()
        self.assertEqual((counts["completed_early"], counts["completed"]), (1, 0))

    def test_complete_early_only_before_the_term_ends(self):
        with freeze_time(self.term_end), self.assertRefused(UserError, "use Complete"):
            self.pair.with_user(self.user_alice).action_complete_early()
        self.assertEqual(self.pair.state, "active")

    def test_complete_early_from_the_wizard(self):
        context = {
            "active_model": "mentorship.pair",
            "active_ids": self.pair.ids,
            "default_closure": "completed_early",
        }
        Wizard = (
            self.env["mentorship.pair.close"].with_user(self.user_alice).with_context(**context)
        )
        with Form(Wizard) as wizard:
            wizard.reason = "Promoted; the plan is done"
        wizard.record.action_confirm()
        self.assertEqual(self.pair.state, "completed_early")
        self.assertEqual(self.pair.closure_reason, "Promoted; the plan is done")

    def test_cancel_needs_hr_and_a_reason(self):
        with self.assertRefused(AccessError, "Only a Mentorship Manager"):
            self.pair.with_user(self.user_alice).action_cancel(reason="I give up")
        wizard = (
            self.env["mentorship.pair.close"]
            .with_user(self.user_hr)
            .create({"pair_ids": self.pair.ids, "closure": "cancelled", "reason": "  "})
        )
        with self.assertRefused(UserError, "Give a reason to cancel"):
            wizard.action_confirm()
        self.assertEqual(self.pair.state, "active")
        wizard.reason = "Mona moved to another country"
        wizard.action_confirm()
        self.assertEqual(self.pair.state, "cancelled")
        self.assertEqual(self.pair.closure_reason, "Mona moved to another country")
        self.assertEqual(self._counts()["cancelled"], 1)

    def test_others_cannot_close_the_pair(self):
        for user in (self.user_carl, self.user_bob, self.user_max):
            with self.assertRefused(AccessError):
                self.pair.with_user(user).action_complete_early(reason="Not mine")
            with freeze_time(self.term_end), self.assertRefused(AccessError):
                self.pair.with_user(user).action_complete()
        self.assertEqual(self.pair.state, "active")

    def test_pending_pair_cannot_be_completed(self):
        self.pair.write({"state": "pending"})
        with self.assertRefused(UserError, "cannot be completed early: it is pending"):
            self.pair.with_user(self.user_hr).action_complete_early()

    def test_each_end_has_its_own_state_and_count(self):
        pairs = [self.pair] + [
            self._active_pair(mentee, mentor)
            for mentee, mentor in (
                (self.mentee_bob, self.mentor_max),
                (self.mentee_alice, self.mentor_max),
                (self.mentee_bob, self.mentor_mona),
                (self.mentee_alice, self.mentor_mona),
            )
        ]
        completed, early, cancelled, expired, rematched = pairs
        with freeze_time(self.term_end):
            completed.with_user(self.user_hr).action_complete()
        early.with_user(self.user_hr).action_complete_early()
        cancelled.with_user(self.user_hr).action_cancel(reason="Conflict of interest")
        expired._expire("inactive", "No session for 60 days")
        rematched.with_user(self.user_hr).action_rematch()
        self.assertEqual(
            [p.state for p in pairs],
            ["completed", "completed_early", "cancelled", "expired", "rematched"],
        )
        self.assertEqual(expired.closure_reason, "No session for 60 days")
        self.assertEqual(
            self._counts(),
            {
                "completed": 1,
                "completed_early": 1,
                "cancelled": 1,
                "expired": 1,
                "rematched": 1,
                "declined": 0,
            },
        )
        action = (
            self.program.with_user(self.user_hr)
            .with_context(pair_state="expired")
            .action_view_pairs()
        )
        self.assertEqual(self.env["mentorship.pair"].search(action["domain"]), expired)


@tagged("post_install", "-at_install")
class TestClosureCancelsSessions(ActivePairCase):
    def setUp(self):
        super().setUp()
        start = self.now + timedelta(days=1)
        self.done = self._plan(start=start)
        self.missed = self._plan(start=start + timedelta(hours=4))
        self.next_week = self._plan(start=start + timedelta(days=7))
        self.next_month = self._plan(start=start + timedelta(days=30))
        self.closing_time = start + timedelta(days=2)
        with freeze_time(start + timedelta(hours=1)):
            self.done.with_user(self.user_alice).action_done()

    def test_closing_cancels_the_sessions_to_come(self):
        with freeze_time(self.closing_time):
            self.pair.with_user(self.user_alice).action_complete_early(reason="Goals met")
        self.assertEqual(
            (self.next_week | self.next_month).mapped("state"), ["cancelled", "cancelled"]
        )
        self.assertFalse((self.next_week | self.next_month).event_id.filtered("active"))
        self.assertEqual(self.done.state, "done")
        self.assertTrue(self.done.event_id.active)
        # The one that passed unlogged cannot be logged any more, only cancelled.
        self.assertEqual(self.missed.state, "planned")
        self.assertEqual(self.pair.next_session_date, self.missed.date_start)
        with freeze_time(self.closing_time):
            with self.assertRefused(UserError, "is completed early, not active"):
                self.missed.with_user(self.user_mona).action_done()
            with self.assertRefused(UserError, "sessions can only be planned for an active pair"):
                self._plan(start=self.closing_time + timedelta(days=1))
            self.missed.with_user(self.user_mona).action_cancel()
        self.assertEqual(self.missed.state, "cancelled")
        self.assertFalse(self.pair.next_session_date)
        self.assertEqual(self.pair.session_done_count, 1)

    def _assert_ending_cancels_sessions(self, end, state):
        with freeze_time(self.closing_time):
            end(self.pair)
        self.assertEqual(self.pair.state, state)
        self.assertEqual((self.next_week | self.next_month).mapped("state"), ["cancelled"] * 2)
        self.assertFalse((self.next_week | self.next_month).event_id.filtered("active"))
        self.assertEqual(self.done.state, "done")

    def test_cancelling_cancels_them(self):
        self._assert_ending_cancels_sessions(
            lambda pair: pair.with_user(self.user_hr).action_cancel(reason="Left"), "cancelled"
        )

    def test_rematching_cancels_them(self):
        self._assert_ending_cancels_sessions(
            lambda pair: pair.with_user(self.user_hr).action_rematch(), "rematched"
        )

    def test_expiring_cancels_them(self):
        self._assert_ending_cancels_sessions(
            lambda pair: pair._expire("unanswered", "not answered"), "expired"
        )

    def test_completing_cancels_them(self):
        self.program.plan_step_ids.unlink()
        self.program.pair_duration_days = 1
        self._assert_ending_cancels_sessions(
            lambda pair: pair.with_user(self.user_mona).action_complete(), "completed"
        )

    def test_topic_pair_sessions_end_with_the_core_pair(self):
        topic = self.env["mentorship.pair"].create(
            {
                "program_id": self.program.id,
                "mentee_enrollment_id": self.mentee_alice.id,
                "mentor_enrollment_id": self.mentor_max.id,
                "kind": "topic",
                "state": "active",
                "date_start": fields.Date.context_today(self.pair),
            }
        )
        topic_session = self._plan(pair=topic, start=self.now + timedelta(days=5))
        with freeze_time(self.closing_time):
            self.pair.with_user(self.user_hr).action_cancel(reason="Left")
        self.assertEqual(topic.state, "cancelled")
        self.assertEqual(topic.closure_reason, "The mentee's core mentor pair ended.")
        self.assertEqual(topic_session.state, "cancelled")


@tagged("post_install", "-at_install")
class TestHoldFromTheForm(ActivePairCase):
    def test_hold_and_resume_through_the_wizard(self):
        wizard = Form(
            self.env["mentorship.pair.close"]
            .with_user(self.user_alice)
            .with_context(
                active_model="mentorship.pair", active_ids=self.pair.ids, default_closure="on_hold"
            )
        )
        wizard.reason = "Parental leave"
        wizard.save().action_confirm()
        self.assertEqual(self.pair.state, "on_hold")
        self.assertEqual(self.pair.hold_reason, "Parental leave")
        form = Form(self.pair.with_user(self.user_mona))
        self.assertTrue(form.can_resume)
        self.assertFalse(form.can_hold)
        self.pair.with_user(self.user_mona).action_resume()
        self.assertEqual(self.pair.state, "active")
