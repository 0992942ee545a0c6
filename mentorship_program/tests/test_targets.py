"""A program's targets against their actuals, its scaling milestones and its
budget against the cost of mentoring time."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ActivePairCase, MatchingCase


@tagged("post_install", "-at_install")
class TestScalingMilestones(MatchingCase):
    """Two pairs published: the milestone of two active pairs is reached the
    day the second pair is accepted by both people."""

    def setUp(self):
        super().setUp()
        self.program.write(
            {
                "milestone_ids": [
                    Command.create({"name": "First pair", "target_active_pairs": 1}),
                    Command.create({"name": "Two pairs", "target_active_pairs": 2}),
                    Command.create({"name": "Ten pairs", "target_active_pairs": 10}),
                ]
            }
        )
        self.first, self.two, self.ten = self.program.milestone_ids.sorted("target_active_pairs")
        _run, pairs = self._published_pairs()
        self.pair_alice = self._pair_of(pairs, self.mentee_alice)
        self.pair_bob = self._pair_of(pairs, self.mentee_bob)

    def test_reached_by_itself_when_pairs_become_active(self):
        self.assertFalse(any((self.first | self.two | self.ten).mapped("reached_date")))
        self.pair_alice.with_user(self.user_alice).action_accept()
        self.pair_alice.with_user(self.user_mona).action_accept()
        today = fields.Date.context_today(self.program)
        self.assertEqual(self.first.reached_date, today)
        self.assertFalse(self.two.reached_date, "one active pair only")
        later = today + timedelta(days=3)
        with freeze_time(later):
            self.pair_bob.with_user(self.user_bob).action_accept()
            self.pair_bob.with_user(self.user_max).action_accept()
        self.assertEqual(self.two.reached_date, later, "the day the second pair started")
        self.assertEqual(self.first.reached_date, today, "a reached date never moves")
        self.assertFalse(self.ten.reached_date)
        # Never unset, whatever happens to the pairs afterwards.
        self.pair_bob.sudo()._close("cancelled", "hr_cancelled", "test", reason="Tension")
        self.program._cron_reach_milestones()
        self.assertEqual(self.two.reached_date, later)

    def test_daily_check_reaches_milestones_added_later(self):
        for pair, users in (
            (self.pair_alice, (self.user_alice, self.user_mona)),
            (self.pair_bob, (self.user_bob, self.user_max)),
        ):
            for user in users:
                pair.with_user(user).action_accept()
        late = self.env["mentorship.program.milestone"].create(
            {"program_id": self.program.id, "name": "Added late", "target_active_pairs": 2}
        )
        self.assertFalse(late.reached_date)
        cron = self.env.ref("mentorship_program.ir_cron_mentorship_program_milestones")
        cron.method_direct_trigger()
        # The cron runs as its own user, in that user's time zone.
        cron_day = fields.Date.context_today(
            self.program.with_user(cron.user_id).with_context(tz=None)
        )
        self.assertEqual(late.reached_date, cron_day)

    def test_no_client_writes_the_reached_date(self):
        for user in (self.user_hr, self.env.ref("base.user_admin")):
            with self.assertRefused(AccessError, "reached_date"):
                self.ten.with_user(user).write({"reached_date": fields.Date.today()})
            with self.assertRefused(AccessError, "reached_date"):
                self.env["mentorship.program.milestone"].with_user(user).create(
                    {
                        "program_id": self.program.id,
                        "name": "Claimed",
                        "reached_date": fields.Date.today(),
                    }
                )
        self.pair_alice.with_user(self.user_alice).action_accept()
        self.pair_alice.with_user(self.user_mona).action_accept()
        with self.assertRefused(AccessError, "reached_date"):
            self.first.with_user(self.user_hr).write({"reached_date": False})
        self.assertTrue(self.first.reached_date)


@tagged("post_install", "-at_install")
class TestTargetsAndBudget(ActivePairCase):
    """Three mentees in pairs that started: Alice with Mona, Bob and Carl with
    Max; the minimum group size is 3."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program.min_group_size = 3
        cls.pair_bob = cls._active_pair(cls.mentee_bob, cls.mentor_max)
        cls.mentee_carl = cls._approved_mentee(cls.employee_carl, cls.skill_strategy)
        cls.pair_carl = cls._active_pair(cls.mentee_carl, cls.mentor_max)

    def _program(self, user=None):
        program = self.program.with_user(user or self.user_hr)
        program.invalidate_recordset()
        return program

    def test_actuals_against_targets_with_colours(self):
        self.program.write(
            {
                "target_retention_rate": 70,
                "target_promotion_rate": 10,
                "target_time_to_competence_days": 60,
            }
        )
        self.employee_carl.sudo().action_archive()  # Carl left the company
        program = self._program()
        self.assertEqual(program.target_retention_actual, "66.7 %")
        # 66.7 % misses 70 % by less than 10 % of the target: close (orange).
        self.assertEqual(program.target_retention_status, "close")
        self.program.target_retention_rate = 90
        self.assertEqual(self._program().target_retention_status, "off")
        self.program.target_retention_rate = 60
        self.assertEqual(self._program().target_retention_status, "on_target")
        # Promotions come from career events through the hook: none known yet.
        self.assertEqual(program.target_promotion_actual, "0.0 %")
        self.assertEqual(program.target_promotion_status, "off")
        # No skill objective reached yet.
        self.assertEqual(program.target_time_to_competence_actual, "No data")
        self.assertEqual(program.target_time_to_competence_status, "no_data")
        actuals = self.program._mentorship_target_actuals()[self.program.id]
        self.assertEqual(actuals["retention"].people, 3)

    def test_fewer_mentees_than_the_minimum_are_withheld(self):
        self.program.write({"min_group_size": 5, "target_retention_rate": 80})
        program = self._program()
        self.assertEqual(program.target_retention_actual, "fewer than 5 mentees")
        self.assertEqual(program.target_retention_status, "no_data")
        self.assertEqual(program.target_promotion_actual, "fewer than 5 mentees")

    def test_program_without_participants_has_no_data(self):
        empty = self.env["mentorship.program"].create(
            self._program_values(name="Nobody Yet", target_retention_rate=80, budget_amount=1000)
        )
        empty = empty.with_user(self.user_hr)
        self.assertEqual(empty.target_retention_actual, "No data")
        self.assertEqual(empty.target_retention_status, "no_data")
        self.assertEqual(empty.target_promotion_status, "no_target")
        self.assertEqual(empty.mentoring_hours, 0)
        self.assertEqual(empty.mentoring_cost, 0)
        self.assertEqual(empty.budget_used_rate, 0)

    def test_targets_and_cost_are_hr_only(self):
        for user in (self.user_alice, self.user_mona):
            with self.assertRefused(AccessError):
                self._program(user).read(["target_retention_actual"])
            with self.assertRefused(AccessError):
                self._program(user).read(["mentoring_cost"])

    def test_budget_against_the_cost_of_both_peoples_time(self):
        # hr_hourly_cost is installed in the test databases (./dev test).
        self.assertTrue(self.program._mentorship_has_hourly_cost())
        self.employee_mona.sudo().hourly_cost = 50.0
        self.employee_alice.sudo().hourly_cost = 30.0
        self.program.budget_amount = 1200
        session = self._plan(pair=self.pair)
        with freeze_time(session.date_start + timedelta(hours=2)):
            session.with_user(self.user_mona).write({"hours_spent": 1.5})
            session.with_user(self.user_mona).action_done()
        planned = self._plan(pair=self.pair_bob, user=self.user_bob)  # not done: no cost
        self.assertEqual(planned.state, "planned")
        program = self._program()
        self.assertTrue(program.mentoring_cost_available)
        self.assertFalse(program.mentoring_cost_note)
        self.assertEqual(program.mentoring_hours, 1.5)
        # 1.5 h x (Mona's 50 + Alice's 30)
        self.assertEqual(program.mentoring_cost, 120.0)
        self.assertEqual(program.budget_used_rate, 10.0)
