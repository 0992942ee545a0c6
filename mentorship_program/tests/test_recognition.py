"""Badges of Odoo's gamification awarded by the daily cron: each rule at its
threshold and just below, once whatever the reruns, the top-rated mentor of
a quarter only over enough raters, and who reads the awards."""

from datetime import date, datetime, timedelta

from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..analytics.recognition import mentee_period, previous_quarter, quarter_of, top_rated
from .common_cron import CronCase

ACHIEVEMENT = "mentorship.achievement"
TODAY = date(2031, 5, 14)  # in the second quarter: the previous one is 2031-Q1


class RecognitionCase(CronCase):
    """Mentors with room for many mentees, and mentees of their own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        users = cls._internal_users("Recognition", (("mentee", 8), ("mentor", 3)))
        cls.department = cls.env["hr.department"].create({"name": "Recognition Dept"})
        employees = cls.env["hr.employee"].create(
            [
                {"name": user.name, "user_id": user.id, "department_id": cls.department.id}
                for user in users
            ]
        )
        enrollments = cls.env["mentorship.enrollment"].create(
            [
                {
                    "program_id": cls.program.id,
                    "employee_id": employee.id,
                    "role": "mentee" if i < 8 else "mentor",
                    "capacity": 4,
                }
                for i, employee in enumerate(employees)
            ]
        )
        enrollments.sudo().write({"state": "approved"})
        cls.pool_mentees, cls.pool_mentors = enrollments[:8], enrollments[8:]

    def setUp(self):
        super().setUp()
        self.pair.sudo().write({"state": "cancelled"})  # Alice and Mona's, left aside

    # -- Helpers ------------------------------------------------------------------------
    def new_pairs(self, mentor, mentees, **values):
        return self.env["mentorship.pair"].create(
            [
                {
                    "program_id": self.program.id,
                    "mentee_enrollment_id": mentee.id,
                    "mentor_enrollment_id": mentor.id,
                    "state": "active",
                    "date_start": TODAY - timedelta(days=200),
                    **values,
                }
                for mentee in mentees
            ]
        )

    def done_session(self, pair, hours, start=None):
        return self.env["mentorship.session"].create(
            {
                "pair_id": pair.id,
                "date_start": start or datetime(2031, 4, 1, 10, 0),
                "duration": min(hours, 24) or 1,
                "hours_spent": hours,
                "state": "done",
            }
        )

    def award(self, day=TODAY):
        self.run_cron(ACHIEVEMENT, "_cron_award_badges", day)

    def awards(self, enrollment):
        return self.env[ACHIEVEMENT].search([("employee_id", "=", enrollment.employee_id.id)])

    def keys(self, enrollment, achievement=None):
        return {
            (a.achievement, a.period)
            for a in self.awards(enrollment)
            if achievement in (None, a.achievement)
        }

    def badge_users(self, enrollment):
        return self.env["gamification.badge.user"].search(
            [("employee_id", "=", enrollment.employee_id.id)]
        )


@tagged("post_install", "-at_install")
class TestRecognition(RecognitionCase):
    def test_the_quarters(self):
        self.assertEqual(
            quarter_of(date(2031, 5, 14)), (date(2031, 4, 1), date(2031, 6, 30), "2031-Q2")
        )
        self.assertEqual(
            previous_quarter(date(2031, 1, 3)), (date(2030, 10, 1), date(2030, 12, 31), "2030-Q4")
        )
        self.assertEqual(top_rated([(1, 4.5, 5), (2, 4.9, 4), (3, 4.5, 6)], 5), {1, 3})
        self.assertEqual(top_rated([(1, 4.5, 4)], 5), set())

    def test_first_pair_completed_once_whatever_the_reruns(self):
        mentor = self.pool_mentors[0]
        pair = self.new_pairs(mentor, self.pool_mentees[:1])
        self.award()
        self.assertFalse(self.awards(mentor), "an active pair is not a completed one")

        pair.write({"state": "completed", "end_cause": "term", "date_end": TODAY})
        mails_before = self.env["mail.mail"].search_count([])
        self.award()
        self.assertEqual(self.keys(mentor), {("first_pair", "")})
        badge = self.env.ref("mentorship_program.badge_mentorship_first_pair")
        granted = self.badge_users(mentor)
        self.assertEqual(granted.badge_id, badge)
        self.assertEqual(granted.user_id, mentor.employee_id.user_id)
        # On the employee, as hr_gamification shows it (tab Received Badges).
        self.assertEqual(mentor.employee_id.badge_ids, granted)
        self.assertEqual(self.env["mail.mail"].search_count([]), mails_before + 1)
        mail = self.env["mail.mail"].search([], order="id desc", limit=1)
        self.assertIn(badge.name, mail.subject)

        # Reruns, the same day and later: nothing twice.
        self.award()
        self.award(TODAY + timedelta(days=40))
        self.assertEqual(len(self.awards(mentor)), 1)
        self.assertEqual(len(self.badge_users(mentor)), 1)
        self.assertEqual(self.env["mail.mail"].search_count([]), mails_before + 1)

    def test_the_unique_key_refuses_a_second_award(self):
        mentor = self.pool_mentors[0]
        self.new_pairs(mentor, self.pool_mentees[:1], state="completed", date_end=TODAY)
        self.award()
        # What a second server's run does when it computed the same award
        # before the first committed: the unique key skips it, no badge.
        employee = mentor.employee_id
        again = (
            self.env[ACHIEVEMENT]
            .sudo()
            ._award(employee, {employee.id: {("first_pair", "")}}, TODAY)
        )
        self.assertFalse(again)
        self.assertEqual(len(self.awards(mentor)), 1)
        self.assertEqual(len(self.badge_users(mentor)), 1)

    def test_five_mentees_at_the_threshold(self):
        mentor = self.pool_mentors[0]
        self.new_pairs(mentor, self.pool_mentees[:4])
        # A pending pair (not started) does not count.
        self.new_pairs(mentor, self.pool_mentees[4:5], state="pending", date_start=False)
        self.award()
        self.assertNotIn(("five_mentees", ""), self.keys(mentor))
        self.new_pairs(mentor, self.pool_mentees[5:6])
        self.award()
        self.assertIn(("five_mentees", ""), self.keys(mentor))

    def test_twenty_five_hours_at_the_threshold(self):
        mentor = self.pool_mentors[0]
        pair = self.new_pairs(mentor, self.pool_mentees[:1])
        self.done_session(pair, 12)
        self.done_session(pair, 12.5)
        # Planned or no-show sessions count nothing.
        self.done_session(pair, 3).write({"state": "no_show"})
        self.award()
        self.assertNotIn(("hours_25", ""), self.keys(mentor))
        self.done_session(pair, 0.5)
        self.award()
        self.assertIn(("hours_25", ""), self.keys(mentor))

    def test_circle_facilitator(self):
        mentor = self.pool_mentors[0]
        circle = self.env["mentorship.circle"].create(
            {"program_id": self.program.id, "name": "Coaching circle"}
        )
        self.award()
        self.assertFalse(self.awards(mentor))
        circle.write({"facilitator_id": mentor.employee_id.id})
        self.award()
        self.assertEqual(self.keys(mentor), {("circle_facilitator", "")})

    def _promotion(self, employee, day):
        return self.env["mentorship.career.event"].create(
            {
                "employee_id": employee.id,
                "company_id": self.company.id,
                "date": day,
                "is_promotion": True,
                "source": "tracking",
                "change_key": f"probe-{day}",
            }
        )

    def test_mentee_promoted_within_a_year_after_the_pair(self):
        mentor = self.pool_mentors[0]
        ended = TODAY - timedelta(days=400)
        first, second = self.pool_mentees[:2]
        self.new_pairs(mentor, first | second, state="completed", date_end=ended)
        self._promotion(first.employee_id, ended)  # the day it ended: not after
        self._promotion(second.employee_id, ended + timedelta(days=366))  # too late
        self.award()
        self.assertEqual(self.keys(mentor), {("first_pair", "")})
        self._promotion(first.employee_id, ended + timedelta(days=365))  # the last day
        self.award()
        self.assertEqual(
            self.keys(mentor),
            {("first_pair", ""), ("mentee_promoted", mentee_period(first.employee_id.id))},
        )

    def _rated(self, mentor, mentees, rating, start=datetime(2031, 2, 10, 9, 0)):
        """Sessions of the previous quarter, each rated by its mentee."""
        pairs = self.new_pairs(mentor, mentees)
        for pair in pairs:
            session = self.done_session(pair, 1, start)
            self.env["mentorship.session.rating"].create(
                {
                    "session_id": session.id,
                    "rating": rating,
                    "rater_user_id": pair.mentee_user_id.id,
                }
            )

    def top(self, enrollment):
        return self.keys(enrollment, "top_rated_quarter")

    def test_top_rated_needs_the_minimum_of_raters(self):
        self.program.sudo().write({"min_group_size": 3})
        best, second, _third = self.pool_mentors
        mentees = self.pool_mentees
        self._rated(best, mentees[:2], 5)  # two raters only
        self._rated(second, mentees[2:4], 4)
        self.award()
        self.assertFalse(self.top(best) | self.top(second), "nobody has three raters")

        self._rated(second, mentees[4:5], 4)  # three raters: the only one eligible
        self.award()
        self.assertFalse(self.top(best))
        self.assertEqual(self.top(second), {("top_rated_quarter", "2031-Q1")})

        # A session of this quarter counts for the next one, not this one.
        self._rated(best, mentees[5:6], 5, start=datetime(2031, 4, 20, 9, 0))
        self.award()
        self.assertFalse(self.top(best))
        # Next quarter: the best has three raters over 2031-Q2.
        self._rated(best, mentees[6:8], 5, start=datetime(2031, 5, 2, 9, 0))
        self.award(date(2031, 7, 2))
        self.assertEqual(self.top(best), {("top_rated_quarter", "2031-Q2")})
        self.assertEqual(self.top(second), {("top_rated_quarter", "2031-Q1")})

    def test_a_mentor_without_a_user_waits(self):
        mentor = self.pool_mentors[0]
        self.new_pairs(mentor, self.pool_mentees[:1], state="completed", date_end=TODAY)
        user = mentor.employee_id.user_id
        mentor.employee_id.user_id = False
        self.award()
        self.assertFalse(self.awards(mentor))
        mentor.employee_id.user_id = user
        self.award()
        self.assertEqual(self.keys(mentor), {("first_pair", "")})


@tagged("post_install", "-at_install")
class TestRecognitionAccess(RecognitionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.circle = cls.env["mentorship.circle"].create(
            {
                "program_id": cls.program.id,
                "name": "Facilitated circle",
                "facilitator_id": cls.employee_mona.id,
            }
        )

    def test_the_person_reads_their_own_awards_and_nobody_writes_them(self):
        self.award()
        Achievement = self.env[ACHIEVEMENT]
        mine = Achievement.with_user(self.user_mona).search([])
        self.assertEqual(mine.employee_id, self.employee_mona)
        self.assertEqual(mine.achievement, "circle_facilitator")
        self.assertEqual(
            mine.with_user(self.user_mona).read(["badge_id"])[0]["badge_id"][0],
            self.env.ref("mentorship_program.badge_mentorship_circle_facilitator").id,
        )
        self.assertFalse(Achievement.with_user(self.user_alice).search([]))
        with self.assertRefused(AccessError):
            mine.with_user(self.user_alice).read(["achievement"])
        # HR reads every award of the company (on a demo database, others too).
        self.assertLessEqual(mine, Achievement.with_user(self.user_hr).search([]))
        for user in (self.user_mona, self.user_hr):
            with self.assertRefused(AccessError):
                mine.with_user(user).write({"period": "again"})
            with self.assertRefused(AccessError):
                mine.with_user(user).unlink()
            with self.assertRefused(AccessError):
                Achievement.with_user(user).create(
                    {"employee_id": self.employee_mona.id, "achievement": "hours_25"}
                )
        self.assertTrue(mine.exists())
