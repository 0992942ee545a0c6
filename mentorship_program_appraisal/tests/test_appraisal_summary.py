"""The appraisal's Mentorship page, read as each person through the calls an
RPC client makes: the employee's summary over the appraisal period, shown to
whoever OCA lets read the appraisal, and to nobody else."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.mentorship_program.tests.common import ActivePairCase

from .common import AppraisalRolesMixin

PAGE_FIELDS = ["mentorship_summary_readable", "mentorship_summary_html"]


@tagged("post_install", "-at_install")
class TestAppraisalSummary(AppraisalRolesMixin, ActivePairCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_appraisal_roles()
        cls.employee_mona.job_title = "Head of Sales"
        cls.today = fields.Date.context_today(cls.pair)
        cls.appraisal_alice = cls._appraisal(cls.employee_alice, cls.today + timedelta(days=30))

    def setUp(self):
        super().setUp()
        session = self._plan(agenda="<p>SECRET-AGENDA</p>")
        session.with_user(self.user_alice).write({"notes": "<p>SECRET-NOTES</p>"})
        self.after_session = session.date_start + timedelta(hours=3)
        with freeze_time(self.after_session):
            session.with_user(self.user_mona).action_done()

    def _read(self, user, appraisal=None):
        appraisal = (appraisal or self.appraisal_alice).with_user(user)
        appraisal.invalidate_recordset()
        with freeze_time(self.after_session):
            return appraisal.read(PAGE_FIELDS)[0]

    # -- who sees it ----------------------------------------------------------------------
    def test_the_employee_reads_their_summary_for_the_appraisal_never_content(self):
        row = self._read(self.user_alice)
        self.assertTrue(row["mentorship_summary_readable"])
        html = str(row["mentorship_summary_html"])
        self.assertIn("As mentee", html)
        self.assertIn("Mona Mentor", html, "the other person's name")
        self.assertIn("Head of Sales", html, "and job")
        self.assertIn("Sessions held: <strong>1</strong>", html)
        for secret in ("SECRET-AGENDA", "SECRET-NOTES"):
            self.assertNotIn(secret, html)

    def test_the_appraisals_manager_and_an_hr_officer_read_it(self):
        for user in (self.user_lina, self.user_olga):
            row = self._read(user)
            self.assertTrue(row["mentorship_summary_readable"], user.name)
            self.assertIn("Mona Mentor", str(row["mentorship_summary_html"]), user.name)

    def test_a_colleague_cannot_read_the_appraisal_nor_its_page(self):
        with self.assertRaises(AccessError):
            self._read(self.user_carl)
        found = (
            self.env["hr.appraisal"]
            .with_user(self.user_carl)
            .search_read([("id", "=", self.appraisal_alice.id)], PAGE_FIELDS)
        )
        self.assertFalse(found)

    def test_an_employee_outside_ocas_appraisal_groups_reads_no_summary(self):
        # OCA's record rule binds its Appraisal / User group only: Dora reads
        # the appraisal itself, but the mentorship page stays empty for her.
        row = self._read(self.user_dora)
        self.assertFalse(row["mentorship_summary_readable"])
        self.assertFalse(row["mentorship_summary_html"])
        with freeze_time(self.after_session):
            rows = (
                self.env["hr.appraisal"]
                .with_user(self.user_dora)
                .search_read([("id", "=", self.appraisal_alice.id)], PAGE_FIELDS)
            )
        self.assertFalse(rows[0]["mentorship_summary_html"])

    def test_a_portal_user_reads_nothing(self):
        with self.assertRaises(AccessError):
            self._read(self.user_pat)

    def test_visible_to_managers_hides_it_from_the_employee(self):
        self.appraisal_alice.sudo().visibility = "manager"
        with self.assertRaises(AccessError):
            self._read(self.user_alice)
        self.assertTrue(self._read(self.user_lina)["mentorship_summary_readable"])

    def test_clients_cannot_write_the_page(self):
        with self.assertRaises(AccessError):
            self.appraisal_alice.with_user(self.user_olga).write(
                {"mentorship_summary_html": "<p>forged</p>"}
            )

    # -- the period -----------------------------------------------------------------------
    def test_the_period_starts_at_the_previous_appraisals_close(self):
        previous_close = self.today - timedelta(days=40)
        self._appraisal(self.employee_alice, previous_close, state="3_done")
        html = str(self._read(self.user_lina)["mentorship_summary_html"])
        self.assertIn(f"From {previous_close.isoformat()}", html)
        self.assertIn(f"to {(self.today + timedelta(days=30)).isoformat()}", html)

    def test_without_previous_appraisal_the_companys_months_before_it(self):
        self.env.company.mentorship_summary_months = 3
        date_close = self.today + timedelta(days=30)
        html = str(self._read(self.user_lina)["mentorship_summary_html"])
        self.assertIn(f"From {(date_close - relativedelta(months=3)).isoformat()}", html)

    def test_a_period_with_no_mentorship_says_so(self):
        appraisal = self._appraisal(self.employee_rex, self.today)
        html = str(self._read(self.user_lina, appraisal)["mentorship_summary_html"])
        self.assertIn("No mentorship in this period.", html)
        # A period before the pair started has none either.
        old = self._appraisal(self.employee_alice, date(2020, 6, 30))
        html = str(self._read(self.user_lina, old)["mentorship_summary_html"])
        self.assertIn("No mentorship in this period.", html)
        self.assertNotIn("Mona Mentor", html)

    # -- leaders --------------------------------------------------------------------------
    def test_a_leaders_review_counts_their_reports_taking_part_without_names(self):
        appraisal = self._appraisal(self.employee_lina, self.today, manager=self.employee_olga)
        html = str(self._read(self.user_olga, appraisal)["mentorship_summary_html"])
        # Alice (a mentee) and Rex (nothing) report to Lina.
        self.assertIn("<strong>1</strong> of <strong>2</strong>", html)
        self.assertIn("They mentored nobody in this period.", html)
        for name in ("Alice", "Rex"):
            self.assertNotIn(name, html)

    def test_a_leader_who_mentors_shows_their_own_mentoring(self):
        self.employee_rex.parent_id = self.employee_mona
        appraisal = self._appraisal(self.employee_mona, self.today, manager=self.employee_olga)
        html = str(self._read(self.user_olga, appraisal)["mentorship_summary_html"])
        self.assertIn("<strong>0</strong> of <strong>1</strong>", html)
        self.assertIn("Their own mentoring: <strong>1</strong> mentee(s)", html)
        self.assertNotIn("Rex", html)

    def test_an_employee_managing_nobody_gets_no_leader_section(self):
        html = str(self._read(self.user_lina)["mentorship_summary_html"])
        self.assertNotIn("o_mentorship_appraisal_leader", html)
