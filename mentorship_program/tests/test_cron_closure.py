from datetime import timedelta

from odoo.tests import tagged

from .common_cron import CronCase

PAIR = "mentorship.pair"
EMPLOYEE = "hr.employee"


@tagged("post_install", "-at_install")
class TestCronEndOfTerm(CronCase):
    """The 90-day term ends on day 90: the pair is completed on day 91."""

    def cron(self, day):
        return self.run_cron(PAIR, "_cron_end_of_term", day)

    def test_completed_the_day_after_the_term(self):
        term_end = self.today + timedelta(days=90)
        self.assertEqual(self.pair.date_term_end, term_end)
        self.cron(term_end)
        self.assertEqual(self.pair.state, "active")
        self.cron(term_end + timedelta(days=1))
        self.assertEqual(self.pair.state, "completed")
        self.assertEqual(self.notices(self.pair).user_id, self.user_alice | self.user_mona)
        before = self.outbox()
        self.cron(term_end + timedelta(days=1))
        self.cron(term_end + timedelta(days=2))
        self.assertEqual(self.outbox(), before)

    def test_failing_pair_and_queries(self):
        warm = self.new_pair(date_start=self.today - timedelta(days=100))
        many = self.env[PAIR].concat(*(self.new_pair() for _ in range(4)))
        self.pair.date_start = self.today - timedelta(days=95)
        self.cron(self.today - timedelta(days=9))
        self.assertEqual(warm.state, "completed")
        queries_one = self.count_queries(lambda: self.cron(self.today - timedelta(days=4)))
        self.assertEqual(self.pair.state, "completed")
        self.assertEqual(set(many.mapped("state")), {"active"})
        with self.failing(PAIR, "_close", many[0]):
            self.cron(self.today + timedelta(days=91))
        self.assertEqual(many.mapped("state"), ["active", "completed", "completed", "completed"])
        many.state = "active"
        queries_many = self.count_queries(lambda: self.cron(self.today + timedelta(days=91)))
        self.assertEqual(set(many.mapped("state")), {"completed"})
        # A constant difference at most (prefetching), not one per pair.
        self.assertLessEqual(queries_many, queries_one + 2)


@tagged("post_install", "-at_install")
class TestDepartures(CronCase):
    def test_archiving_an_employee_closes_their_pairs_at_once(self):
        request = self.env["mentorship.request"].create(
            {
                "program_id": self.program.id,
                "mentee_enrollment_id": self.mentee_bob.id,
                "mentor_enrollment_id": self.mentor_mona.id,
                "date_deadline": self.today + timedelta(days=7),
            }
        )
        self.employee_mona.with_user(self.user_hr).sudo().action_archive()
        self.assertEqual(self.pair.state, "cancelled")
        self.assertIn("departed", self.pair.closure_reason)
        self.assertEqual(self.notices(self.pair).user_id, self.user_alice, "the mentee is told")
        self.assertEqual(request.state, "declined")
        self.assertEqual(self.notices(request).user_id, self.user_bob)
        self.assertEqual(self.mentor_mona.state, "withdrawn")
        self.assertEqual(self.mentee_alice.state, "approved", "the mentee is free again")
        before = self.outbox()
        self.run_cron(EMPLOYEE, "_cron_mentorship_departures", self.today)
        self.assertEqual(self.outbox(), before, "nothing left for the safety net")

    def test_cron_closes_pairs_once_the_departure_date_has_come(self):
        departure = self.today + timedelta(days=5)
        self.employee_alice.departure_date = departure
        self.run_cron(EMPLOYEE, "_cron_mentorship_departures", departure - timedelta(days=1))
        self.assertEqual(self.pair.state, "active")
        self.run_cron(EMPLOYEE, "_cron_mentorship_departures", departure)
        self.assertEqual(self.pair.state, "cancelled")
        self.assertIn("mentee left", self.pair.closure_reason)
        self.assertEqual(self.notices(self.pair).user_id, self.user_mona)
        self.assertEqual(self.mentee_alice.state, "withdrawn")
        before = self.outbox()
        self.run_cron(EMPLOYEE, "_cron_mentorship_departures", departure + timedelta(days=1))
        self.assertEqual(self.outbox(), before)

    def test_cron_catches_archives_that_skipped_the_hook(self):
        # e.g. an import writing the column: the daily cron is the safety net.
        warm_pair = self.new_pair(mentee=self.mentee_bob, mentor=self.mentor_max)
        self.env.cr.execute(
            "UPDATE hr_employee SET active = false WHERE id IN %s",
            [tuple((self.employee_mona | self.employee_bob).ids)],
        )
        with self.failing(PAIR, "_close_for_departure", self.pair):
            self.run_cron(EMPLOYEE, "_cron_mentorship_departures", self.today)
        self.assertEqual((self.pair.state, warm_pair.state), ("active", "cancelled"))
        self.run_cron(EMPLOYEE, "_cron_mentorship_departures", self.today)
        self.assertEqual(self.pair.state, "cancelled")

    def test_queries_do_not_grow_with_the_employees(self):
        Employee = self.env[EMPLOYEE]
        people = Employee.create([{"name": f"Leaver {i}"} for i in range(6)])
        pairs = self.env[PAIR]
        for employee in people:
            mentee = self._approved_mentee(employee)
            pairs |= self.new_pair(mentee=mentee)
        people[0].action_archive()  # warm-up
        queries_one = self.count_queries(lambda: people[1].action_archive())
        queries_many = self.count_queries(lambda: people[2:].action_archive())
        self.assertEqual(set(pairs.mapped("state")), {"cancelled"})
        self.assertEqual(queries_many, queries_one)
