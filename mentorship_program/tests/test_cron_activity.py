from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo.tests import tagged

from .common_cron import CronCase

PAIR = "mentorship.pair"
SESSION = "mentorship.session"


@tagged("post_install", "-at_install")
class TestCronSessionReminders(CronCase):
    """A session planned in 10 days is reminded from 3 days before it starts."""

    def setUp(self):
        super().setUp()
        self.start = (self.now + timedelta(days=10)).replace(microsecond=0)
        self.session = self._plan(start=self.start)

    def cron(self, moment):
        return self.run_cron(SESSION, "_cron_session_reminders", moment)

    def test_reminder_three_days_before_once(self):
        self.cron(self.start - timedelta(days=3, minutes=1))
        self.assertFalse(self.notices(self.session))
        self.cron(self.start - timedelta(days=3))
        self.assertEqual(self.notices(self.session).user_id, self.user_alice | self.user_mona)
        self.assertTrue(self.session.reminder_sent)
        before = self.outbox()
        self.cron(self.start - timedelta(days=2))
        self.cron(self.start + timedelta(hours=1))
        self.assertEqual(self.outbox(), before)

    def test_no_reminder_for_a_past_session_or_when_disabled(self):
        self.cron(self.start + timedelta(minutes=1))
        self.assertFalse(self.notices(self.session))
        self.program.session_reminder_days = 0
        self.cron(self.start - timedelta(days=1))
        self.assertFalse(self.notices(self.session))

    def test_one_failing_session_and_queries(self):
        warm = self._plan(start=self.start - timedelta(days=4))
        many = self.env[SESSION].concat(
            *(self._plan(start=self.start + timedelta(days=4)) for _ in range(4))
        )
        self.cron(self.start - timedelta(days=7))
        self.assertTrue(warm.reminder_sent)
        queries_one = self.count_queries(lambda: self.cron(self.start - timedelta(days=3)))
        self.assertTrue(self.session.reminder_sent)
        with self.failing(SESSION, "write", many[0]):
            self.cron(self.start + timedelta(days=1))
        self.assertEqual(many.mapped("reminder_sent"), [False, True, True, True])
        self.session.sudo().reminder_sent = False  # measured again, alone
        many[0].sudo().reminder_sent = True
        (many - many[0]).sudo().reminder_sent = False
        queries_many = self.count_queries(lambda: self.cron(self.start + timedelta(days=1)))
        self.assertEqual(queries_many, queries_one)


@tagged("post_install", "-at_install")
class TestCronCadence(CronCase):
    """Monthly check-ins from the start (day 0): overdue after one month."""

    def cron(self, day):
        return self.run_cron(PAIR, "_cron_cadence_nudges", day)

    def test_one_nudge_per_overdue_month(self):
        due = self.today + relativedelta(months=1)
        self.cron(due)
        self.assertFalse(self.notices(self.pair))
        self.cron(due + timedelta(days=1))
        self.assertEqual(self.notices(self.pair).user_id, self.user_alice | self.user_mona)
        before = self.outbox()
        self.cron(due + timedelta(days=1))
        self.cron(due + timedelta(days=20))
        self.assertEqual(self.outbox(), before, "one nudge per overdue period")
        second_due = self.today + relativedelta(months=2)
        self.cron(second_due + timedelta(days=1))
        self.assertEqual(len(self.notices(self.pair)), 4)

    def test_a_done_session_restarts_the_count(self):
        done_at = datetime.combine(self.today + timedelta(days=20), time(10, 0))
        self.env[SESSION].create({"pair_id": self.pair.id, "date_start": done_at, "state": "done"})
        due = self.today + timedelta(days=20) + relativedelta(months=1)
        self.cron(due)
        self.assertFalse(self.notices(self.pair))
        self.cron(due + timedelta(days=1))
        self.assertEqual(len(self.notices(self.pair)), 2)

    def test_no_nudge_when_the_next_session_is_planned(self):
        self._plan(start=self.now + timedelta(days=40))
        self.cron(self.today + relativedelta(months=1) + timedelta(days=1))
        self.assertFalse(self.notices(self.pair))

    def test_failing_pair_and_queries(self):
        warm = self.new_pair(date_start=self.today - timedelta(days=40))
        many = self.env[PAIR].concat(*(self.new_pair() for _ in range(4)))
        one = self.pair
        one.date_start = self.today - timedelta(days=20)
        self.cron(self.today)
        self.assertTrue(warm.cadence_nudge_date)
        queries_one = self.count_queries(lambda: self.cron(self.today + timedelta(days=12)))
        self.assertEqual(len(self.notices(one)), 2)
        self.assertFalse(self.notices(many))
        with self.failing(PAIR, "_cadence_last_due", many[0]):
            self.cron(self.today + timedelta(days=32))
        self.assertFalse(many[0].cadence_nudge_date)
        self.assertTrue(all(many[1:].mapped("cadence_nudge_date")))
        many.cadence_nudge_date = False
        queries_many = self.count_queries(lambda: self.cron(self.today + timedelta(days=32)))
        self.assertEqual(len(self.notices(one)), 2)
        self.assertEqual(queries_many, queries_one)


@tagged("post_install", "-at_install")
class TestCronInactivity(CronCase):
    """Inactive after 30 days without a session done; expired 14 days after the nudge."""

    def cron(self, day):
        return self.run_cron(PAIR, "_cron_inactivity", day)

    def test_nudge_then_expire(self):
        self.cron(self.today + timedelta(days=29))
        self.assertFalse(self.notices(self.pair))
        nudge_day = self.today + timedelta(days=30)
        self.cron(nudge_day)
        self.assertEqual(self.notices(self.pair).user_id, self.user_alice | self.user_mona)
        self.assertEqual(self.pair.inactivity_nudge_date, nudge_day)
        before = self.outbox()
        self.cron(nudge_day)
        self.cron(nudge_day + timedelta(days=13))
        self.assertEqual(self.outbox(), before, "one nudge per inactive spell")
        self.assertEqual(self.pair.state, "active")
        self.cron(nudge_day + timedelta(days=14))
        self.assertEqual(self.pair.state, "expired")
        self.assertIn("inactive", self.pair.closure_reason)
        self.assertEqual(len(self.notices(self.pair)), 4)
        before = self.outbox()
        self.cron(nudge_day + timedelta(days=15))
        self.assertEqual(self.outbox(), before)

    def test_a_session_after_the_nudge_starts_a_new_spell(self):
        nudge_day = self.today + timedelta(days=30)
        self.cron(nudge_day)
        done_at = datetime.combine(nudge_day + timedelta(days=2), time(10, 0))
        self.env[SESSION].create({"pair_id": self.pair.id, "date_start": done_at, "state": "done"})
        self.cron(nudge_day + timedelta(days=20))
        self.assertEqual(self.pair.state, "active")
        self.assertEqual(len(self.notices(self.pair)), 2)
        self.cron(nudge_day + timedelta(days=32))
        self.assertEqual(len(self.notices(self.pair)), 4, "nudged again in the new spell")

    def test_failing_pair_and_queries(self):
        warm = self.new_pair(date_start=self.today - timedelta(days=40))
        many = self.env[PAIR].concat(*(self.new_pair() for _ in range(4)))
        self.pair.date_start = self.today - timedelta(days=20)
        self.cron(self.today)
        self.assertTrue(warm.inactivity_nudge_date)
        queries_one = self.count_queries(lambda: self.cron(self.today + timedelta(days=10)))
        self.assertTrue(self.pair.inactivity_nudge_date)
        with self.failing(PAIR, "_activity_reference_date", many[0]):
            self.cron(self.today + timedelta(days=30))
        self.assertFalse(many[0].inactivity_nudge_date)
        self.assertTrue(all(many[1:].mapped("inactivity_nudge_date")))
        many.inactivity_nudge_date = False
        self.pair.inactivity_nudge_date = False
        self.pair.state = "on_hold"
        queries_many = self.count_queries(lambda: self.cron(self.today + timedelta(days=30)))
        self.assertEqual(queries_many, queries_one)
