from datetime import date, datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import printed_pdf_pages
from .survey_common import SurveyCase

REPORT = "mentorship_program.mentorship_review_report"
# The people of the fixtures: none of them may appear in a review.
PEOPLE = ("Alice Mentee", "Bob Mentee", "Mona Mentor", "Max Mentor")


@tagged("post_install", "-at_install")
class TestReview(SurveyCase):
    """Quarterly reviews of the program; its pairs started on 2030-01-07."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Review = cls.env["mentorship.review"]
        cls.draft_program = cls.env["mentorship.program"].create(
            cls._program_values(name="Still a draft")
        )

    def _run(self, day):
        with freeze_time(day):
            return self.Review._cron_create_quarterly_reviews()

    def _reviews(self, since=date(2030, 1, 1)):
        return self.Review.search(
            [
                ("program_id", "in", (self.program | self.draft_program).ids),
                ("date_start", ">=", since),
            ]
        )

    def test_one_review_per_program_and_quarter(self):
        self._run(date(2030, 3, 31))
        self.assertFalse(self._reviews(), "Q1 is not over")
        self._run(date(2030, 4, 1))
        review = self._reviews()
        self.assertEqual(len(review), 1, "one review, for the running program only")
        self.assertEqual(review.program_id, self.program)
        self.assertEqual(
            (review.date_start, review.date_end), (date(2030, 1, 1), date(2030, 3, 31))
        )
        self.assertEqual(review.state, "draft")
        self.assertIn("Q1 2030", review.name)
        self.assertEqual(review.activity_ids.user_id, self.user_hr)
        # Twice the same day, the next days: no second review, no second activity.
        self._run(date(2030, 4, 1))
        self._run(date(2030, 4, 2))
        self._run(date(2030, 6, 30))
        self.assertEqual(self._reviews(), review)
        self.assertEqual(len(review.activity_ids), 1)
        self._run(date(2030, 7, 1))
        self.assertEqual(len(self._reviews()), 2)
        # With Q4 2029, drafted by the run of 2030-03-31.
        self.assertEqual(self.program.with_user(self.user_hr).review_count, 3)
        with mute_logger("odoo.sql_db"), self.assertRefused(IntegrityError, "unique"):
            self.Review.create(
                {
                    "program_id": self.program.id,
                    "date_start": date(2030, 1, 1),
                    "date_end": date(2030, 3, 31),
                }
            )

    def test_one_failing_program_does_not_stop_the_others(self):
        other = self.env["mentorship.program"].create(self._program_values(name="Other"))
        other.action_open_enrollment()
        ReviewModel = type(self.Review)
        original = ReviewModel._load_figures

        def load_figures(review, programs, start, end, **kwargs):
            if self.program in programs:
                raise ValueError("broken figures")
            return original(review, programs, start, end, **kwargs)

        with (
            freeze_time(date(2030, 4, 1)),
            self.assertLogs("odoo.addons.mentorship_program.automation.batches", "ERROR"),
        ):
            ReviewModel._load_figures = load_figures
            try:
                outcome = self.Review._cron_create_quarterly_reviews()
            finally:
                ReviewModel._load_figures = original
        self.assertEqual(outcome.failed, self.program.ids)
        self.assertTrue(self.Review.search([("program_id", "=", other.id)]))
        self.assertFalse(self.Review.search([("program_id", "=", self.program.id)]))
        self._run(date(2030, 4, 2))
        self.assertEqual(
            len(self.Review.search([("program_id", "in", (self.program | other).ids)])), 2
        )

    def _dataset(self):
        """Q1 2030: Alice-Mona completed on 03-15 with 1 of 2 objectives done
        (reached after 20 days), Bob-Max still active; 3 sessions done in the
        quarter (one in Q2); 4 pulse invitations, 1 answered."""
        with freeze_time(date(2030, 2, 6)):
            self.Pair._cron_send_pulse_surveys()
        answers = self._answers()
        self.assertEqual(len(answers), 4)
        answers[0].write({"state": "done"})
        self.pair.write({"state": "completed", "date_end": date(2030, 3, 15)})
        plan = self.env["mentorship.plan"].create({"pair_id": self.pair.id})
        self.env["mentorship.goal"].create(
            [
                {
                    "plan_id": plan.id,
                    "name": "Coach",
                    "skill_type_id": self.skill_type.id,
                    "skill_id": self.skill_coaching.id,
                    "target_level_id": self.level_advanced.id,
                    "state": "done",
                    "date_reached": date(2030, 1, 27),
                    "time_to_skill_days": 20,
                },
                {"plan_id": plan.id, "name": "Present"},
            ]
        )
        Session = self.env["mentorship.session"]
        Rating = self.env["mentorship.session.rating"]
        for pair, start, mentor, mentee in (
            (self.pair, datetime(2030, 1, 20, 9), 4, 5),
            (self.pair, datetime(2030, 2, 20, 9), 2, 0),
            (self.pair_bob, datetime(2030, 3, 31, 9), 0, 4),
            (self.pair_bob, datetime(2030, 4, 1, 9), 1, 1),
        ):
            session = Session.create({"pair_id": pair.id, "date_start": start, "state": "done"})
            for user, rating in ((pair.mentor_user_id, mentor), (pair.mentee_user_id, mentee)):
                if rating:
                    Rating.create(
                        {"session_id": session.id, "rater_user_id": user.id, "rating": rating}
                    )

    def test_figures_on_a_small_dataset(self):
        self._dataset()
        self._run(date(2030, 4, 1))
        review = self._reviews()
        self.assertRecordValues(
            review,
            [
                {
                    "pair_active_count": 1,
                    "pair_completed_count": 1,
                    "pair_completed_early_count": 0,
                    "pair_cancelled_count": 0,
                    "pair_expired_count": 0,
                    "session_done_count": 3,
                    # Two mentors and two mentees rated: fewer than the
                    # program's minimum group size (5), so no average.
                    "avg_mentor_rating": 0.0,
                    "avg_mentee_rating": 0.0,
                    "avg_mentor_rating_label": "fewer than 5 raters",
                    "avg_mentee_rating_label": "fewer than 5 raters",
                    "avg_time_to_skill_days": 20.0,
                    "goal_count": 2,
                    "goal_done_count": 1,
                    "goal_completion_rate": 50.0,
                    "pulse_sent_count": 4,
                    "pulse_answered_count": 1,
                    "pulse_response_rate": 25.0,
                }
            ],
        )
        # A late answer: refreshing the draft takes it into account.
        self._answers()[1].write({"state": "done"})
        review.with_user(self.user_hr).action_refresh_figures()
        self.assertEqual(review.pulse_response_rate, 50.0)
        review.with_user(self.user_hr).action_done()
        self.assertFalse(review.activity_ids)
        with self.assertRefused(UserError, "is done"):
            review.with_user(self.user_hr).action_refresh_figures()

    def test_figures_in_a_fixed_number_of_queries(self):
        self._dataset()
        programs = self.env["mentorship.program"].create(
            [self._program_values(name=f"Program {n}") for n in range(3)]
        )
        start, end = date(2030, 1, 1), date(2030, 3, 31)
        # Pairs, sessions, their ratings, objectives, pulse invitations, the
        # programs' minimum group sizes, the survey answers and their lines.
        self.env.invalidate_all()
        with self.assertQueryCount(8):
            self.Review._load_figures(self.program, start, end, sections=False)
        self.env.invalidate_all()
        with self.assertQueryCount(8):
            self.Review._load_figures(self.program | programs, start, end, sections=False)

    def test_access(self):
        self._run(date(2030, 4, 1))
        review = self._reviews()
        with self.assertRaises(AccessError):
            review.with_user(self.user_alice).read(["name"])
        with self.assertRaises(AccessError):
            self.Review.with_user(self.user_mona).search([])
        with self.assertRaises(AccessError):
            review.with_user(self.user_alice).action_done()
        review.with_user(self.user_hr).write({"findings": "<p>Good quarter.</p>"})
        with self.assertRaises(AccessError):
            review.with_user(self.user_hr).unlink()

    def test_multi_company(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        other_hr = mail_new_test_user(
            self.env,
            login="mentorship_other_hr",
            name="Otto HR",
            groups="base.group_user,mentorship_program.group_mentorship_manager",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        self._run(date(2030, 4, 1))
        review = self._reviews()
        self.assertFalse(self.Review.with_user(other_hr).search([("id", "=", review.id)]))
        with self.assertRaises(AccessError):
            review.with_user(other_hr).read(["name"])

    # -- HR's review of the quarter to date, its sections and its PDF -----------------

    def test_hr_creates_the_review_of_the_quarter_to_date(self):
        self._dataset()
        with freeze_time(date(2030, 2, 10)):
            review = self.Review.with_user(self.user_hr).create({"program_id": self.program.id})
        self.assertRecordValues(
            review,
            [
                {
                    "date_start": date(2030, 1, 1),
                    "date_end": date(2030, 2, 10),
                    "state": "draft",
                    "session_done_count": 1,
                }
            ],
        )
        self.assertTrue(review.figures_date)
        self.assertIn("Time to competence", review.target_results)
        self.assertIn("Q4 2029", review.previous_quarter_results)
        self.assertIn("Cadence adherence", review.indicator_results)
        # Two mentees: every indicator is withheld, each health count too.
        self.assertIn("fewer than 5 mentees", review.indicator_results)
        self.assertTrue(review.outcome_results)
        # Refreshed later in the quarter: the review runs on to that day.
        with freeze_time(date(2030, 3, 2)):
            review.with_user(self.user_hr).action_refresh_figures()
        self.assertEqual(review.date_end, date(2030, 3, 2))
        with freeze_time(date(2030, 5, 2)):
            review.with_user(self.user_hr).action_refresh_figures()
        self.assertEqual(review.date_end, date(2030, 3, 31), "never past the quarter")

    def test_new_button_in_the_form(self):
        """The form as the web client drives it: pick a program, save."""
        with freeze_time(date(2030, 2, 10)):
            form = Form(self.Review.with_user(self.user_hr))
            form.program_id = self.program
            review = form.save()
        self.assertEqual(
            (review.date_start, review.date_end), (date(2030, 1, 1), date(2030, 2, 10))
        )
        self.assertTrue(review.target_results)
        with self.assertRaises(AssertionError), Form(review.with_user(self.user_hr)) as saved:
            saved.program_id = self.draft_program  # given once: read-only afterwards

    def test_dates_are_the_servers(self):
        with self.assertRefused(AccessError, "date_start"):
            self.Review.with_user(self.user_hr).create(
                {"program_id": self.program.id, "date_start": date(2029, 1, 1)}
            )
        review = (
            self.Review.with_user(self.user_hr)
            .with_context(default_date_start=date(2029, 1, 1))
            .create({"program_id": self.program.id})
        )
        self.assertNotEqual(review.date_start, date(2029, 1, 1))
        with self.assertRefused(AccessError):
            review.with_user(self.user_hr).write({"date_end": date(2040, 1, 1)})

    def test_only_hr_creates_one(self):
        for user in (self.user_alice, self.user_mona):
            with self.assertRefused(AccessError):
                self.Review.with_user(user).create({"program_id": self.program.id})

    def test_previous_quarter_from_its_review(self):
        self._dataset()
        self._run(date(2030, 4, 1))
        previous = self._reviews()
        self.assertEqual(previous.session_done_count, 3)
        # What the Q1 review showed stands, even if the data moved since.
        previous._system_write({"session_done_count": 97})
        with freeze_time(date(2030, 5, 2)):
            review = self.Review.with_user(self.user_hr).create({"program_id": self.program.id})
        self.assertIn("Q1 2030", review.previous_quarter_results)
        self.assertIn("97", review.previous_quarter_results)
        self.assertIn("This quarter", review.previous_quarter_results)

    def test_previous_quarter_computed_without_a_review(self):
        self._dataset()
        with freeze_time(date(2030, 5, 2)):
            review = self.Review.with_user(self.user_hr).create({"program_id": self.program.id})
        rows = review.previous_quarter_results
        self.assertIn("Q1 2030", rows)
        # Q1's sessions done: 3, computed for that quarter.
        self.assertRegex(str(rows), r"Sessions done</td><td class='text-end'>3</td>")

    def test_indicators_withheld_below_the_minimum(self):
        self._dataset()
        [figures] = self.Review._indicator_figures(
            self.program, [(date(2030, 1, 1), date(2030, 3, 31))]
        )[self.program.id]
        acceptance = figures["acceptance"]
        # Both proposals were accepted, yet over two mentees the rate is not shown.
        self.assertEqual((acceptance.people, acceptance.value), (2, None))
        self.assertEqual(figures["cadence"].value, None)

    def test_indicators_cover_the_quarter_and_the_previous_one_its_own(self):
        """Three pairs (Alice-Mona, Bob-Max, Carl-Max) started on 2030-01-07
        with a monthly cadence: one session each in Q1, rated 2 by its
        mentee, and two in Q2, rated 5; the Q2 review's indicators count Q2's
        and its previous-quarter column Q1's."""
        self.program.write(
            {
                "min_group_size": 3,
                "cadence_ids": [
                    Command.clear(),
                    Command.create({"interval_number": 1, "interval_unit": "months"}),
                ],
            }
        )
        pair_carl = self._active_pair(self._approved_mentee(self.employee_carl), self.mentor_max)
        pair_carl.date_start = self.START
        Session = self.env["mentorship.session"]
        Rating = self.env["mentorship.session.rating"]
        for pair in self.pairs | pair_carl:
            for day, rating in (
                (datetime(2030, 2, 10, 9), 2),
                (datetime(2030, 4, 10, 9), 5),
                (datetime(2030, 5, 10, 9), 5),
            ):
                session = Session.create({"pair_id": pair.id, "date_start": day, "state": "done"})
                Rating.create(
                    {
                        "session_id": session.id,
                        "rater_user_id": pair.mentee_user_id.id,
                        "rating": rating,
                    }
                )
        self._run(date(2030, 7, 1))
        review = self._reviews(since=date(2030, 4, 1))
        self.assertEqual(review.date_start, date(2030, 4, 1))
        html = str(review.indicator_results)

        def row(title, previous, current):
            return (
                f"<tr><td>{title}</td><td class='text-end'>{previous}</td>"
                f"<td class='text-end'>{current}</td></tr>"
            )

        self.assertIn("<th>Q1 2030</th><th>This quarter</th>", html)
        # Q1: from 01-07, two monthly sessions due, one done; Q2: two due, two done.
        self.assertIn(
            row("Cadence adherence (sessions done / expected)", "50.0 %", "100.0 %"), html
        )
        self.assertIn(row("Session rating (average, 1-5)", "2.0", "5.0"), html)
        # The pairs started and were accepted in Q1: nothing of that in Q2.
        self.assertIn(
            row("Days from the start to the first session (average)", "34.0", "No data"), html
        )
        self.assertIn(row("Acceptance (accepted / answered proposals)", "100.0 %", "No data"), html)

    def test_printed_for_the_steering_group(self):
        self._dataset()
        self._run(date(2030, 4, 1))
        review = self._reviews()
        review.with_user(self.user_hr).write(
            {"findings": "<p>Cadence slipped in March.</p>", "actions": "<p>Remind pairs.</p>"}
        )
        report = self.env.ref(REPORT)
        self.assertEqual(report.report_type, "qweb-pdf")
        self.assertEqual(report.binding_model_id.model, "mentorship.review")
        self.assertEqual(
            report.groups_id, self.env.ref("mentorship_program.group_mentorship_manager")
        )
        # The PDF itself, printed by wkhtmltopdf.
        self.assertGreaterEqual(printed_pdf_pages(self.env, self.user_hr, REPORT, review.ids), 1)
        # The HTML it is printed from, section by section.
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.user_hr)
            ._render_qweb_html(REPORT, review.ids)
        )
        html = html.decode()
        for section in (
            "Targets against actuals",
            "This quarter and the previous one",
            "Participants against the comparison group",
            "Leading indicators",
            "Survey aggregates",
            "Cadence slipped in March.",
            "Remind pairs.",
            "Time to competence",
            "Cadence adherence",
            "Program figures",
            "Active pairs at the end of the quarter",
            "Pulse response rate (%)",
        ):
            self.assertIn(section, html)
        # The counts as the review stored them, and the ratings as their labels.
        figures = html.split("Program figures", 1)[1].split("Targets against actuals", 1)[0]
        self.assertIn(f"<td>{review.session_done_count}</td>", figures)
        self.assertIn(review.avg_mentee_rating_label, figures)
        for person in PEOPLE:
            self.assertNotIn(person, html)
        # Two raters a side: no average, hence no one's rating.
        self.assertNotIn(">4.5<", html)
        self.assertIn("fewer than 5 raters", html)
        for user in (self.user_alice, self.user_mona):
            with self.assertRefused(AccessError):
                self.env["ir.actions.report"].with_user(user)._render_qweb_html(REPORT, review.ids)
