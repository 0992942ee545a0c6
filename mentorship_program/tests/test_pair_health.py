from datetime import timedelta
from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import tagged

from .common_cron import CronCase

PAIR = "mentorship.pair"
HEALTH_CRON = "_cron_refresh_health"


@tagged("post_install", "-at_install")
class TestPairHealth(CronCase):
    """Alice and Mona's pair started today; the program meets monthly and
    gives an idle pair 14 days of grace."""

    def setUp(self):
        super().setUp()
        self.start = self.pair.date_start
        self.due = self.start + relativedelta(months=1)
        self.assertEqual(
            (self.program.inactivity_days, self.program.inactivity_grace_days), (30, 14)
        )

    def cron(self, day):
        return self.run_cron(PAIR, HEALTH_CRON, day)

    def health_on(self, day):
        """The health after the cron of ``day``, read that day: whatever the
        cron left to recompute is recomputed on the same day."""
        with self.on(day):
            self.env[PAIR]._cron_refresh_health()
            return self.pair.health

    def test_bands_as_the_days_pass(self):
        self.assertEqual(self.pair.health, "on_track")
        self.assertEqual(self.health_on(self.due), "on_track")
        self.assertEqual(self.health_on(self.due + timedelta(days=1)), "at_risk")
        self.assertEqual(self.health_on(self.due + timedelta(days=14)), "at_risk")
        self.assertEqual(self.health_on(self.due + timedelta(days=15)), "stalled")
        self.assertEqual(self.pair.color, 1)
        cron = self.env.ref("mentorship_program.ir_cron_mentorship_pair_health")
        self.assertEqual((cron.code, cron.interval_type), (f"model.{HEALTH_CRON}()", "days"))

    def test_the_band_agrees_with_the_cadence_nudge(self):
        for day in (self.due, self.due + timedelta(days=1)):
            self.run_cron(PAIR, "_cron_cadence_nudges", day)
            self.cron(day)
            nudged = bool(self.notices(self.pair))
            self.assertEqual(nudged, self.pair.health != "on_track", day)

    def test_a_session_done_puts_the_pair_back_on_track(self):
        stalled_day = self.due + timedelta(days=20)
        self.assertEqual(self.health_on(stalled_day), "stalled")
        with self.on(stalled_day):
            session = self._plan(start=fields.Datetime.now() + timedelta(hours=1))
            self.assertEqual(self.pair.health, "stalled", "a planned session is not a session done")
        with self.on(stalled_day + timedelta(days=1)):
            session.with_user(self.user_alice).action_done()
            self.assertEqual(self.pair.health, "on_track")
        with self.on(stalled_day + timedelta(days=2)):
            session.sudo().write({"state": "cancelled"})
            self.assertEqual(self.pair.health, "stalled", "back to counting from the start")

    def test_program_rhythm_changes_apply_at_once(self):
        day = self.start + timedelta(days=10)
        self.assertEqual(self.health_on(day), "on_track")
        with self.on(day):
            self.program.cadence_ids.write({"interval_unit": "weeks"})
            self.assertEqual(self.pair.health, "at_risk")
            self.program.inactivity_grace_days = 2
            self.assertEqual(self.pair.health, "stalled")
            self.program.write({"cadence_ids": [Command.clear()], "inactivity_days": 10})
            self.assertEqual(self.pair.health, "on_track", "no cadence: due after inactivity")

    def test_only_active_pairs_have_a_health(self):
        stalled_day = self.due + timedelta(days=20)
        self.pair.state = "on_hold"
        self.assertFalse(self.pair.health)
        self.assertEqual(self.pair.color, 0)
        self.assertFalse(self.health_on(stalled_day))
        with self.on(stalled_day):
            self.pair.state = "active"
            self.assertEqual(self.pair.health, "stalled")

    def test_cron_is_idempotent_and_constant_in_queries(self):
        others = self.env[PAIR].concat(*(self.new_pair() for _ in range(4)))
        pairs = self.pair | others
        Pair = type(self.env[PAIR])
        with patch.object(Pair, "write", autospec=True, side_effect=Pair.write) as write:
            self.cron(self.due + timedelta(days=1))
            self.cron(self.due + timedelta(days=1))
        health_writes = [call.args[0] for call in write.call_args_list if "health" in call.args[1]]
        self.assertEqual(len(health_writes), 1, "one write for the batch, none the second run")
        self.assertEqual(health_writes[0], pairs)
        self.assertEqual(set(pairs.mapped("health")), {"at_risk"})

        others.state = "completed"
        queries_one = self.count_queries(lambda: self.cron(self.due + timedelta(days=15)))
        self.assertEqual(self.pair.health, "stalled")
        others.state = "active"
        queries_many = self.count_queries(lambda: self.cron(self.due + timedelta(days=15)))
        self.assertEqual(set(pairs.mapped("health")), {"stalled"})
        self.assertEqual(queries_many, queries_one)

    def test_one_failing_pair_does_not_stop_the_others(self):
        other = self.new_pair()
        with self.failing(PAIR, "_health_on", self.pair):
            outcome = self.cron(self.due + timedelta(days=1))
        self.assertEqual(outcome.failed, self.pair.ids)
        self.assertEqual(other.health, "at_risk")
        self.assertEqual(self.pair.health, "on_track")
