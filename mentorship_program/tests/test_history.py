"""What happened stays: a mentee whose pair ended through no fault of theirs
keeps their place in the next run, and history cannot vanish by deletion."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..matching.loader import MatchInputLoader
from ..pair_states import REMATCH_FIRST_CAUSES
from .common_roles import RolesCase


@tagged("post_install", "-at_install")
class TestMenteeKeepsHerPlace(RolesCase):
    def _has_priority(self):
        self.env.invalidate_all()
        priority, _excluded = MatchInputLoader(self.program)._history(self.mentee_alice)
        return self.mentee_alice.id in priority

    def _pending_core_pair(self):
        """A new core pair for Alice, after her first one ended as completed early."""
        self.pair.with_user(self.user_alice).action_complete_early()
        today = fields.Date.context_today(self.pair)
        return self.env["mentorship.pair"].create(
            {
                "program_id": self.program.id,
                "mentee_enrollment_id": self.mentee_alice.id,
                "mentor_enrollment_id": self.mentor_max.id,
                "date_proposed": today,
                "date_deadline": today + timedelta(days=7),
            }
        )

    def test_ends_through_no_fault_of_hers_give_priority(self):
        endings = {
            "hr_cancelled": lambda: self.pair.with_user(self.user_hr).action_cancel("Tension"),
            "mentor_left": lambda: self.employee_mona.with_user(self.user_emil).write(
                {"active": False}
            ),
            "rematched": lambda: self.pair.with_user(self.user_hr).action_rematch(),
            "inactive": lambda: self.pair.sudo()._expire("inactive", "no session"),
            "declined": lambda: self._pending_core_pair().with_user(self.user_max).action_decline(),
            "unanswered": lambda: self._pending_core_pair().sudo()._expire("unanswered", "late"),
        }
        self.assertEqual(set(endings), set(REMATCH_FIRST_CAUSES), "every cause is tried")
        self.assertFalse(self._has_priority())
        for cause, end in endings.items():
            with self.subTest(cause=cause), self.env.cr.savepoint(flush=False) as savepoint:
                end()
                ended = self.env["mentorship.pair"].search(
                    [("mentee_enrollment_id", "=", self.mentee_alice.id)], limit=1
                )
                self.assertEqual(ended.end_cause, cause)
                self.assertTrue(self._has_priority())
                savepoint.rollback()
            self.env.invalidate_all()

    def test_ends_of_her_own_do_not(self):
        endings = {
            "early": lambda: self.pair.with_user(self.user_alice).action_complete_early(),
            "mentee_left": lambda: self.employee_alice.with_user(self.user_emil).write(
                {"active": False}
            ),
        }
        for cause, end in endings.items():
            with self.subTest(cause=cause), self.env.cr.savepoint(flush=False) as savepoint:
                end()
                self.assertEqual(self.pair.end_cause, cause)
                self.assertFalse(self._has_priority())
                savepoint.rollback()
            self.env.invalidate_all()
        with freeze_time(self.pair.date_term_end):
            self.pair.with_user(self.user_mona).action_complete()
        self.assertEqual(self.pair.end_cause, "term")
        self.assertFalse(self._has_priority())

    def _next_proposal(self):
        run = (
            self.env["mentorship.match.run"]
            .with_user(self.user_hr)
            .create({"program_id": self.program.id})
        )
        run.action_run()
        return run.proposal_ids.filtered(lambda p: p.mentee_enrollment_id == self.mentee_alice)

    def test_cancelled_by_hr_she_goes_first_with_another_mentor(self):
        self.pair.with_user(self.user_hr).action_cancel("Personal tension")
        proposal = self._next_proposal()
        self.assertTrue(proposal.priority)
        self.assertNotEqual(proposal.mentor_enrollment_id, self.mentor_mona)

    def test_her_mentor_left_she_goes_first(self):
        self.employee_mona.with_user(self.user_emil).write({"active": False})
        self.assertEqual(self.pair.state, "cancelled")
        self.assertEqual(self.pair.end_cause, "mentor_left")
        proposal = self._next_proposal()
        self.assertTrue(proposal.priority)
        self.assertEqual(proposal.mentor_enrollment_id, self.mentor_max)


@tagged("post_install", "-at_install")
class TestHistoryIsNotDeleted(RolesCase):
    def _history(self):
        self.env.invalidate_all()
        program = self.program.sudo()
        return {
            "pairs": self.env["mentorship.pair"].search_count([]),
            "sessions": self.env["mentorship.session"].search_count([]),
            "plans": self.env["mentorship.plan"].search_count([]),
            "goals": self.env["mentorship.goal"].search_count([]),
            "notes": self.env["mentorship.note"].search_count([]),
            "enrollments": self.env["mentorship.enrollment"].search_count([]),
            "program": (program.pair_count, program.mentee_count, program.mentor_count),
        }

    def test_an_employee_who_was_paired_is_archived_not_deleted(self):
        before = self._history()
        for employee in (self.employee_alice, self.employee_mona, self.employee_bob):
            for env in (
                self.env(user=self.user_emil),
                self.env(user=self.user_odoo_admin),
                self.env,
            ):
                with self.subTest(employee=employee.name, user=env.user.login):
                    with self.assertRefused(UserError, "Archive the employee instead"):
                        employee.with_env(env).unlink()
        self.assertEqual(self._history(), before)
        self.assertTrue(self.employee_alice.exists())

    def test_an_enrollment_with_pairs_is_withdrawn_not_deleted(self):
        before = self._history()
        for enrollment in (self.mentee_alice, self.mentor_mona, self.mentee_bob):
            for env in (self.env(user=self.user_hr), self.env(user=self.user_ada), self.env):
                with self.subTest(enrollment=enrollment.display_name, user=env.user.login):
                    with self.assertRefused(UserError, "Withdraw it instead"):
                        enrollment.with_env(env).unlink()
        self.assertEqual(self._history(), before)

    def test_a_pair_that_started_and_a_program_with_enrollments_stay(self):
        before = self._history()
        for env in (self.env(user=self.user_ada), self.env):
            with self.assertRefused(UserError, "End it instead"):
                self.pair.with_env(env).unlink()
            with self.assertRefused(UserError, "Archive it instead"):
                self.program.with_env(env).unlink()
        self.assertEqual(self._history(), before)

    def test_what_has_no_history_may_go(self):
        enrollment = (
            self.env["mentorship.enrollment"]
            .with_user(self.user_hr)
            .create({"program_id": self.program_b.id, "employee_id": self.employee_carl.id})
        )
        enrollment.unlink()
        self.assertFalse(enrollment.exists())
        self.employee_emil.with_user(self.user_emil).unlink()
        self.assertFalse(self.employee_emil.exists())
