from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..analytics import quarter_start
from .privacy_common import PrivacyCase


class RatedSessionsCase(PrivacyCase):
    """Five mentees of Max, four in Sales and one in IT, each rated the
    session they had yesterday (5, 4, 4, 3, 1); Max rated each of them 4."""

    MENTEE_RATINGS = (5, 4, 4, 3, 1)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Department = cls.env["hr.department"]
        cls.sales = Department.create({"name": "Privacy Sales"})
        cls.it = Department.create({"name": "Privacy IT"})
        cls.program.min_group_size = 5
        cls.rated_pairs = cls.env["mentorship.pair"]
        cls.rated_sessions = cls.env["mentorship.session"]
        for index, value in enumerate(cls.MENTEE_RATINGS):
            login = f"privacy_rater_{index}"
            user = cls.env["res.users"].create(
                {"name": f"Rater {index}", "login": login, "password": login}
            )
            employee = cls.env["hr.employee"].create(
                {
                    "name": f"Rater {index}",
                    "user_id": user.id,
                    "department_id": (cls.sales if index < 4 else cls.it).id,
                }
            )
            pair = cls._active_pair(cls._approved_mentee(employee), cls.mentor_max)
            session = cls.env["mentorship.session"].create(
                {"pair_id": pair.id, "date_start": fields.Datetime.now() + relativedelta(days=1)}
            )
            session.write(
                {"date_start": fields.Datetime.now() - relativedelta(days=1), "state": "done"}
            )
            session.with_user(user).write({"my_rating": value})
            session.with_user(cls.user_max).write({"my_rating": 4})
            cls.rated_pairs |= pair
            cls.rated_sessions |= session
        cls.Report = cls.env["mentorship.rating.report"]

    def _groups(self, user, domain=(), groupby=("program_id",), fields_=("rating:avg",), **kw):
        # The test's own program: a database with demo data has rated sessions too.
        domain = [("program_id", "=", self.program.id), *domain]
        return self.Report.with_user(user).read_group(
            domain, list(fields_), list(groupby), lazy=False, **kw
        )


@tagged("post_install", "-at_install")
class TestRatingReport(RatedSessionsCase):
    def test_five_raters_show_four_do_not(self):
        [group] = self._groups(self.user_hr, [("side", "=", "mentee")])
        self.assertEqual(group["program_id"][0], self.program.id)
        self.assertAlmostEqual(group["rating"], 3.4)
        self.assertEqual(group["__count"], 5)
        # Sales: four people, whatever the number of rows.
        [sales] = self._groups(
            self.user_hr, [("side", "=", "mentee"), ("mentee_department_id", "=", self.sales.id)]
        )
        self.assertIsNone(sales["rating"])
        self.assertIsNone(sales["__count"], "the count of rows is withheld too")
        by_department = {
            group["mentee_department_id"][0]: group
            for group in self._groups(
                self.user_hr, [("side", "=", "mentee")], groupby=("mentee_department_id",)
            )
        }
        self.assertIsNone(by_department[self.sales.id]["rating"])
        self.assertIsNone(by_department[self.it.id]["rating"])
        # With a minimum of 4, Sales shows and IT (one person) still does not.
        self.program.min_group_size = 4
        by_department = {
            group["mentee_department_id"][0]: group
            for group in self._groups(
                self.user_hr, [("side", "=", "mentee")], groupby=("mentee_department_id",)
            )
        }
        self.assertEqual(by_department[self.sales.id]["rating"], 4.0)
        self.assertEqual(by_department[self.sales.id]["__count"], 4)
        self.assertIsNone(by_department[self.it.id]["rating"])

    def test_one_person_many_rows_is_one_person(self):
        # Max gave five ratings: a cell of one rater, shown to nobody.
        [group] = self._groups(self.user_hr, [("side", "=", "mentor")])
        self.assertIsNone(group["rating"])
        self.assertIsNone(group["__count"])
        # Both sides: six raters, so the cell shows.
        [group] = self._groups(self.user_hr)
        self.assertEqual(group["__count"], 10)

    def test_narrowing_filters_to_one_person_shows_nothing(self):
        domain = [
            ("program_id", "=", self.program.id),
            ("side", "=", "mentee"),
            ("mentee_department_id", "=", self.it.id),
            ("date", ">=", fields.Date.today() - relativedelta(days=2)),
        ]
        for groupby in ((), ("program_id",), ("date:month", "side"), ("rating",)):
            with self.subTest(groupby=groupby):
                for group in self._groups(self.user_hr, domain, groupby=groupby):
                    self.assertIsNone(group["rating"])
                    self.assertIsNone(group["__count"])
        # Through the web client's call as well.
        result = self.Report.with_user(self.user_hr).web_read_group(
            domain, ["rating:avg"], ["mentee_department_id"]
        )
        self.assertEqual(len(result["groups"]), 1)
        self.assertIsNone(result["groups"][0]["rating"])
        self.assertIsNone(result["groups"][0]["mentee_department_id_count"])
        # Grouped by rating value: each value held by fewer than 5 people.
        for group in self._groups(self.user_hr, [("side", "=", "mentee")], groupby=("rating",)):
            self.assertIsNone(group["__count"], group["rating"])

    def test_rows_are_read_by_nobody(self):
        report = self.Report.search([], limit=1)  # superuser: the system may
        self.assertTrue(report)
        for user in (self.user_hr, self.user_mentorship_admin, self.user_admin):
            with self.subTest(user=user.login):
                Report = self.Report.with_user(user)
                with self.assertRefused(AccessError, "no one reads them one by one"):
                    Report.search_read([], ["rating", "rater_user_id"])
                with self.assertRefused(AccessError, "no one reads them one by one"):
                    Report.search([])
                with self.assertRefused(AccessError, "no one reads them one by one"):
                    Report.search_count([("rating", "=", 1)])
                with self.assertRefused(AccessError, "no one reads them one by one"):
                    Report.web_search_read([], {"rating": {}})
                with self.assertRefused(AccessError, "no one reads them one by one"):
                    Report.name_search("")
                with self.assertRefused(AccessError, "no one reads them one by one"):
                    report.with_user(user).read(["rating", "rater_user_id"])
                with self.assertRefused(AccessError, "no one reads them one by one"):
                    report.with_user(user).export_data(["rating", "rater_user_id/name"])

    def test_the_rater_is_neither_a_filter_nor_a_group(self):
        rater = self.rated_pairs[0].mentee_user_id
        with self.assertRefused(UserError, "cannot be filtered by rater_user_id"):
            self._groups(self.user_hr, [("rater_user_id", "=", rater.id)])
        with self.assertRefused(UserError, "cannot be grouped by rater_user_id"):
            self._groups(self.user_hr, groupby=("rater_user_id",))
        with self.assertRefused(UserError, "cannot be filtered by id"):
            self._groups(self.user_hr, [("id", "=", 1)])
        for spec in ("rating:max", "rating:min", "rating:array_agg", "rater_user_id:count"):
            with self.assertRefused(UserError, "averaged and counted only"):
                self._groups(self.user_hr, fields_=(spec,))
        # Ordered by a figure: the order of withheld cells would tell them.
        ordered = self._groups(
            self.user_hr, groupby=("mentee_department_id",), orderby="rating desc"
        )
        natural = self._groups(self.user_hr, groupby=("mentee_department_id",))
        self.assertEqual(
            [g["mentee_department_id"] for g in ordered],
            [g["mentee_department_id"] for g in natural],
        )

    def test_who_reads_the_report(self):
        for user in (self.user_hr, self.user_mentorship_admin, self.user_admin):
            with self.subTest(user=user.login):
                [group] = self._groups(user, [("side", "=", "mentee")])
                self.assertAlmostEqual(group["rating"], 3.4)
        for user in (
            self.user_alice,
            self.user_mona,
            self.user_max,
            self.user_carl,
            self.user_lena,
            self.user_hr_officer,
            self.user_surveys,
            self.user_paul,
        ):
            with self.subTest(user=user.login), self.assertRefused(AccessError):
                self._groups(user)
        # Another company's manager: nothing of this company's ratings.
        self.assertEqual(self._groups(self.user_hr_2), [])
        [total] = self._groups(self.user_hr_2, groupby=())
        self.assertIsNone(total["__count"])


@tagged("post_install", "-at_install")
class TestReviewRatings(RatedSessionsCase):
    def _review(self):
        start = quarter_start(fields.Date.today() - relativedelta(days=1))
        # The last quarter's, as the cron drafts it (HR can only date one today).
        return self.env["mentorship.review"]._create_reviews(
            self.program, start, start + relativedelta(months=3, days=-1)
        )

    def test_averages_over_enough_raters_only(self):
        review = self._review()
        # Five mentees rated; one mentor did (Max, five times).
        self.assertAlmostEqual(review.avg_mentee_rating, 3.4)
        self.assertEqual(review.avg_mentee_rating_label, "3.40")
        self.assertFalse(review.avg_mentor_rating)
        self.assertEqual(review.avg_mentor_rating_label, "fewer than 5 raters")
        # A mentee fewer: withheld.
        self.env["mentorship.session.rating"].search(
            [("session_id", "=", self.rated_sessions[0].id), ("side", "=", "mentee")]
        ).unlink()
        review.action_refresh_figures()
        self.assertFalse(review.avg_mentee_rating)
        self.assertEqual(review.avg_mentee_rating_label, "fewer than 5 raters")
