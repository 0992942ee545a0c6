from datetime import timedelta

from odoo.tests import tagged

from ..matching import MatchInputLoader
from .common_cron import CronCase

PAIR = "mentorship.pair"
REQUEST = "mentorship.request"


@tagged("post_install", "-at_install")
class TestCronPairAcceptance(CronCase):
    """Published on day 0, answer by day 7: reminder on day 4, expiry on day 8."""

    def setUp(self):
        super().setUp()
        self.pair.write({"state": "cancelled"})  # ActivePairCase's pair is not ours here
        _run, self.pairs = self._published_pairs()
        self.alice_pair = self._pair_of(self.pairs, self.mentee_alice)
        self.deadline = self.today + timedelta(days=7)
        self.assertEqual(self.alice_pair.date_deadline, self.deadline)

    def cron(self, day):
        return self.run_cron(PAIR, "_cron_acceptance_window", day)

    def test_reminder_at_half_of_the_window_once(self):
        self.cron(self.today + timedelta(days=3))
        self.assertFalse(self.notices(self.pairs))
        self.alice_pair.with_user(self.user_alice).action_accept()
        self.cron(self.today + timedelta(days=4))
        # Alice has answered: only Mona is reminded of her pair; Bob and Max both.
        self.assertEqual(self.notices(self.alice_pair).user_id, self.user_mona)
        self.assertEqual(len(self.notices(self.pairs)), 3)
        self.assertEqual(self.alice_pair.answer_reminder_date, self.today + timedelta(days=4))
        before = self.outbox()
        self.cron(self.today + timedelta(days=4))
        self.cron(self.today + timedelta(days=5))
        self.assertEqual(self.outbox(), before, "no second reminder")

    def test_expiry_the_day_after_the_answer_date(self):
        self.alice_pair.with_user(self.user_alice).action_accept()
        self.cron(self.deadline)
        self.assertEqual(set(self.pairs.mapped("state")), {"pending"})
        self.cron(self.deadline + timedelta(days=1))
        self.assertEqual(set(self.pairs.mapped("state")), {"expired"})
        self.assertIn("not answered in time", self.alice_pair.closure_reason)
        answer_type = self.env.ref("mentorship_program.mail_activity_type_pair_answer")
        self.assertFalse(
            self.pairs.activity_ids.filtered(lambda a: a.activity_type_id == answer_type)
        )
        # Alice had accepted: she is told; Mona did not answer. Nobody answered
        # Bob's pair: both are told.
        expiry = self.notices(self.pairs).filtered(lambda a: "expired" in a.summary)
        self.assertEqual(
            expiry.filtered(lambda a: a.res_id == self.alice_pair.id).user_id, self.user_alice
        )
        self.assertEqual(len(expiry), 3)
        before = self.outbox()
        self.cron(self.deadline + timedelta(days=1))
        self.assertEqual(self.outbox(), before)
        # The expired core pair puts the mentee first, without the same mentor.
        priority, excluded = MatchInputLoader(self.program)._history(self.mentee_alice)
        self.assertIn(self.mentee_alice.id, priority)
        self.assertIn((self.employee_alice.id, self.employee_mona.id), excluded)

    def test_one_failing_pair_does_not_stop_the_others(self):
        with self.failing(PAIR, "_expire", self.alice_pair):
            self.cron(self.deadline + timedelta(days=1))
        self.assertEqual(self.alice_pair.state, "pending")
        self.assertEqual((self.pairs - self.alice_pair).state, "expired")
        self.cron(self.deadline + timedelta(days=1))
        self.assertEqual(self.alice_pair.state, "expired")

    def test_rerun_after_a_crash_half_way(self):
        day = self.today + timedelta(days=4)
        with self.on(day):
            # The first batch was committed before the crash.
            self.env[PAIR]._automation_env().browse(self.alice_pair.id)._process_acceptance_window(
                day
            )
        self.cron(day)
        self.assertEqual(len(self.notices(self.pairs)), 4, "one reminder per person")

    def test_queries_do_not_grow_with_the_pairs(self):
        def pending(days, count):
            # Marked as reminded: the runs measured below only expire pairs.
            return self.env[PAIR].concat(
                *(
                    self.new_pair(
                        state="pending",
                        date_proposed=self.today,
                        date_deadline=self.today + timedelta(days=days),
                        answer_reminder_date=self.today,
                    )
                    for _ in range(count)
                )
            )

        self.pairs.sudo().write({"state": "cancelled"})
        warm, one, many = pending(1, 1), pending(3, 1), pending(5, 5)
        self.cron(self.today + timedelta(days=2))  # warm-up: expires ``warm``
        self.assertEqual(warm.state, "expired")
        queries_one = self.count_queries(lambda: self.cron(self.today + timedelta(days=4)))
        self.assertEqual(one.state, "expired")
        queries_many = self.count_queries(lambda: self.cron(self.today + timedelta(days=6)))
        self.assertEqual(set(many.mapped("state")), {"expired"})
        self.assertEqual(queries_many, queries_one)


@tagged("post_install", "-at_install")
class TestCronRequestAcceptance(CronCase):
    def setUp(self):
        super().setUp()
        self.pair.write({"state": "cancelled"})
        self.program.write({"matching_mode": "self_request", "request_limit": 2})
        self.request = self.mentee_alice.with_user(self.user_alice).action_request_mentor(
            self.mentor_mona.id, "Hello"
        )
        self.deadline = self.today + timedelta(days=7)
        self.assertEqual(self.request.date_deadline, self.deadline)

    def cron(self, day):
        return self.run_cron(REQUEST, "_cron_acceptance_window", day)

    def test_reminder_then_expiry(self):
        self.cron(self.today + timedelta(days=3))
        self.assertFalse(self.notices(self.request))
        self.cron(self.today + timedelta(days=4))
        self.assertEqual(self.notices(self.request).user_id, self.user_mona)
        before = self.outbox()
        self.cron(self.today + timedelta(days=4))
        self.cron(self.deadline)
        self.assertEqual(self.outbox(), before)
        self.assertEqual(self.request.state, "open")
        self.cron(self.deadline + timedelta(days=1))
        self.assertEqual(self.request.state, "expired")
        self.assertEqual(
            self.notices(self.request, self.user_alice).summary, "Mentor request expired"
        )
        request_type = self.env.ref("mentorship_program.mail_activity_type_request_answer")
        self.assertFalse(
            self.request.activity_ids.filtered(lambda a: a.activity_type_id == request_type)
        )
        before = self.outbox()
        self.cron(self.deadline + timedelta(days=1))
        self.assertEqual(self.outbox(), before)

    def test_one_failing_request(self):
        other = self.mentee_bob.with_user(self.user_bob).action_request_mentor(
            self.mentor_max.id, "Hi"
        )
        with self.failing(REQUEST, "_close", self.request):
            self.cron(self.deadline + timedelta(days=1))
        self.assertEqual((self.request.state, other.state), ("open", "expired"))
