"""Derived and system fields are never written from outside, and the state
machines cannot be skipped, whoever asks: HR and administrators included.

The generic test (test_write_policy) proves the first for every field; here
are the ones the issue names, read the way a reviewer reads them, and the
transitions that must go through their methods."""

import re
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_roles import RolesCase

# Fields set by the records' own actions and computations.
DERIVED = (
    # Readiness flags of a mentor enrollment, and who scored it.
    ("mentor_enrollment", "rubric_passed", False),
    ("mentor_enrollment", "charter_accepted", False),
    ("mentor_enrollment", "charter_accepted_version", 9),
    ("mentor_enrollment", "readiness_scored_by_id", "user"),
    # The user mirrored from the employee onto the enrollment; its state.
    ("mentee_enrollment", "user_id", "user"),
    ("mentee_enrollment", "state", "draft"),
    # The people of a session.
    ("session", "mentor_user_id", "user"),
    ("session", "mentee_user_id", "user"),
    ("session", "state", "done"),
    # A plan's confirmation.
    ("plan", "state", "confirmed"),
    ("plan", "mentor_confirmed", True),
    ("plan", "date_kickoff", "date"),
    # The pair's state, answers and the dates that drive them.
    ("pair", "state", "completed"),
    ("pair", "mentee_accepted", False),
    ("pair", "date_start", "date"),
    ("pair", "date_term_end", "date"),
    ("pair", "held_days", 30),
    ("pair", "end_cause", "term"),
    ("goal", "state", "done"),
    ("goal", "time_to_skill_days", 3),
)
EVERYONE = (
    "mentee",
    "mentor",
    "mentorship_manager",
    "mentorship_admin",
    "odoo_admin",
    "employees_manager",
)


@tagged("post_install", "-at_install")
class TestDerivedFields(RolesCase):
    def _value(self, value):
        if value == "user":
            return self.user_carl.id
        if value == "date":
            return fields.Date.today() + timedelta(days=400)
        return value

    def test_derived_and_system_fields_are_refused_to_everyone(self):
        for key, field_name, value in DERIVED:
            record = self.main[key]
            before = record.sudo().read([field_name])[0][field_name]
            for role in EVERYONE:
                user = self.roles[role]
                if not record.with_user(user).has_access("write"):
                    continue  # refused as any write of theirs, by access rights
                with self.subTest(record=record.display_name, field=field_name, role=role):
                    pattern = rf"{re.escape(record.sudo().display_name)}.*\({field_name}\)"
                    with self.assertRefused(AccessError, pattern):
                        record.with_user(user).write({field_name: self._value(value)})
                    record.invalidate_recordset()
                    self.assertEqual(record.sudo().read([field_name])[0][field_name], before)

    def test_a_mentor_cannot_enroll_with_their_own_readiness_scores(self):
        with self.assertRefused(AccessError, r"\(readiness_coaching_aptitude\)"):
            self.env["mentorship.enrollment"].with_user(self.user_carl).create(
                {
                    "program_id": self.program_b.id,
                    "employee_id": self.employee_carl.id,
                    "role": "mentor",
                    "readiness_coaching_aptitude": 5,
                    "readiness_time_availability": 5,
                    "readiness_domain_credibility": 5,
                }
            )
        self.assertFalse(
            self.env["mentorship.enrollment"].search([("employee_id", "=", self.employee_carl.id)])
        )

    def test_defaults_of_system_fields_are_dropped(self):
        session = (
            self.env["mentorship.session"]
            .with_user(self.user_alice)
            .with_context(default_state="done", default_hours_spent=2)
            .create({"pair_id": self.pair.id})
        )
        self.assertEqual(session.state, "planned")
        self.assertEqual(session.hours_spent, 2, "a client's field: its default applies")


@tagged("post_install", "-at_install")
class TestPairStateMachine(RolesCase):
    def setUp(self):
        super().setUp()
        self.today = fields.Date.context_today(self.pair)
        # A topic mentor proposed to Alice: pending, both to answer.
        self.pending = self.env["mentorship.pair"].create(
            {
                "program_id": self.program.id,
                "mentee_enrollment_id": self.mentee_alice.id,
                "mentor_enrollment_id": self.mentor_max.id,
                "kind": "topic",
                "date_proposed": self.today,
                "date_deadline": self.today + timedelta(days=7),
            }
        )

    def test_a_pair_is_active_only_once_both_have_accepted(self):
        self.pending.with_user(self.user_alice).action_accept()
        self.assertEqual(self.pending.state, "pending")
        self.assertTrue(self.pending.mentee_accepted)
        self.assertFalse(self.pending.date_start)
        self.assertFalse(self.pending.plan_ids)
        for role in ("mentorship_manager", "mentorship_admin", "odoo_admin"):
            for vals in (
                {"state": "active"},
                {"mentor_accepted": True},
                {"date_start": self.today},
            ):
                with self.subTest(role=role, vals=vals):
                    with self.assertRefused(AccessError, rf"\({next(iter(vals))}\)"):
                        self.pending.with_user(self.roles[role]).write(vals)
        self.assertEqual(self.pending.state, "pending")
        self.pending.with_user(self.user_max).action_accept()
        self.assertEqual(self.pending.state, "active")
        self.assertEqual(self.pending.date_start, self.today)
        self.assertTrue(self.pending.plan_ids)

    def test_nobody_accepts_on_someone_elses_behalf(self):
        for role in (
            "mentorship_manager",
            "mentorship_admin",
            "odoo_admin",
            "mentor",  # Mona, mentor of another pair of Alice
            "line_manager",
        ):
            with self.subTest(role=role):
                with self.assertRefused(AccessError):
                    self.pending.with_user(self.roles[role]).action_accept()
        self.assertFalse(self.pending.mentee_accepted or self.pending.mentor_accepted)
        # Accepting one's own side, even twice, never accepts the other's.
        self.pending.with_user(self.user_alice).action_accept()
        self.pending.with_user(self.user_alice).action_accept()
        self.assertFalse(self.pending.mentor_accepted)
        self.assertEqual(self.pending.state, "pending")

    def test_the_term_stays_within_the_program(self):
        start = self.pair.date_start
        self.assertEqual(self.pair.date_term_end, start + timedelta(days=90))
        self.program.write({"program_format": "cohort", "date_end": start + timedelta(days=30)})
        self.assertEqual(self.pair.date_term_end, start + timedelta(days=30))
        self.program.write({"date_end": start - timedelta(days=5)})
        self.assertEqual(self.pair.date_term_end, start, "never before the pair started")
        for role in ("mentorship_manager", "mentorship_admin", "odoo_admin"):
            for vals in (
                {"date_term_end": start + timedelta(days=300)},
                {"date_start": start - timedelta(days=100)},
                {"held_days": 200},
            ):
                with self.subTest(role=role, vals=vals):
                    with self.assertRefused(AccessError):
                        self.pair.with_user(self.roles[role]).write(vals)
        self.assertEqual(self.pair.date_term_end, start)

    def _counts(self):
        program = self.program.with_user(self.user_hr)
        program.invalidate_recordset()
        return program.pair_completed_count, program.pair_completed_early_count

    def test_ending_before_the_term_always_counts_as_completed_early(self):
        with self.assertRefused(UserError, "use Complete Early"):
            self.pair.with_user(self.user_hr).action_complete()
        # Whatever ends it as completed (the system's own path included),
        # before the term it is completed early.
        self.pair.sudo()._close("completed", "term", "Completed by the system")
        self.assertEqual(self.pair.state, "completed_early")
        self.assertEqual(self.pair.end_cause, "early")
        self.assertEqual(self._counts(), (0, 1))
        # From the wizard too.
        wizard = (
            self.env["mentorship.pair.close"]
            .with_user(self.user_max)
            .create({"pair_ids": [(6, 0, self.pair_portal.ids)], "closure": "completed_early"})
        )
        wizard.action_confirm()
        self.assertEqual(self.pair_portal.state, "completed_early")
        self.assertEqual(self._counts(), (0, 2))

    def test_completing_at_the_end_of_the_term_counts_as_completed(self):
        with freeze_time(self.pair.date_term_end):
            self.pair.with_user(self.user_mona).action_complete()
        self.assertEqual(self.pair.state, "completed")
        self.assertEqual(self._counts(), (1, 0))

    def test_counts_cannot_be_bent_by_a_write(self):
        before = self._counts()
        for role in ("mentorship_manager", "mentorship_admin", "odoo_admin"):
            user = self.roles[role]
            with self.subTest(role=role):
                with self.assertRefused(AccessError, r"\(pair_completed_count\)"):
                    self.program.with_user(user).write({"pair_completed_count": 50})
                with self.assertRefused(AccessError, r"\(mentee_count\)"):
                    self.program.with_user(user).write({"mentee_count": 500})
                with self.assertRefused(AccessError, r"\(coverage\)"):
                    self.run_proposed.with_user(user).write({"coverage": 12.5})
                review = self.env["mentorship.review"].with_user(user)
                with self.assertRefused(AccessError, r"\(pair_completed_count\)"):
                    review.create({"program_id": self.program.id, "pair_completed_count": 40})
        self.assertEqual(self._counts(), before)
        review = (
            self.env["mentorship.review"]
            .with_user(self.user_hr)
            .create({"program_id": self.program.id})
        )
        for vals in ({"pair_active_count": 40}, {"pulse_response_rate": 100.0}, {"state": "done"}):
            with self.subTest(vals=vals), self.assertRefused(AccessError):
                review.with_user(self.user_ada).write(vals)
        self.assertEqual(review.state, "draft")
