"""The Mentorship dashboard in a real browser, as HR and as a leader."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.mentorship_program.pair_states import RUNNING_PAIR_STATES
from odoo.addons.mentorship_program.tests.test_organisation_reports import OrganisationCase
from odoo.addons.mentorship_program.tests.test_tours import TourCase

# What mentorship_dashboard_tour.js expects to read in the dashboard's cells.
TOUR_PROGRAM = "Dashboard Tour Program"
TOUR_RUNNING_PAIRS = 8
TOUR_SESSIONS_DONE = 6


@tagged("post_install", "-at_install", "is_tour")
class TestMentorshipDashboardTour(OrganisationCase, TourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A name of its own: a database with demo data has programs and pairs too.
        cls.program.name = TOUR_PROGRAM
        cls.dashboard = cls.env.ref(
            "mentorship_program_spreadsheet_dashboard.spreadsheet_dashboard_mentorship"
        )

    def test_hr_reads_the_programs_figures_in_the_dashboard(self):
        # The figures the tour reads come from the test's pairs, through the
        # same guarded read_group HR's browser calls.
        running = self.env["mentorship.pair"].search_count(
            [("program_id", "=", self.program.id), ("state", "in", RUNNING_PAIR_STATES)]
        )
        self.assertEqual(running, TOUR_RUNNING_PAIRS)
        [totals] = (
            self.env["mentorship.pair.report"]
            .with_user(self.user_hr)
            .read_group(
                [("program_id", "=", self.program.id)],
                ["running:sum", "session_done_count:sum"],
                [],
            )
        )
        self.assertEqual(
            (totals["running"], totals["session_done_count"]),
            (TOUR_RUNNING_PAIRS, TOUR_SESSIONS_DONE),
        )
        self.env.flush_all()  # the browser's requests read the database, not this cache
        self.start_tour("/odoo", "mentorship_dashboard_hr", login=self.user_hr.login)

    def test_a_leader_does_not_find_the_dashboard(self):
        # Leo manages six mentees of the program: he reads their figures in
        # My Organisation, but the Dashboards app is HR's (group_ids).
        self.env.flush_all()
        self.start_tour("/odoo", "mentorship_dashboard_leader", login=self.user_leo.login)

    def test_a_leader_cannot_load_the_dashboard_over_rpc(self):
        # What the browser would call to open it, refused by the server.
        Dashboard = self.env["spreadsheet.dashboard"].with_user(self.user_leo)
        self.assertFalse(Dashboard.search_read([("id", "=", self.dashboard.id)], ["name"]))
        with self.assertRaises(AccessError):
            Dashboard.browse(self.dashboard.id).get_readonly_dashboard()
        with self.assertRaises(AccessError):
            Dashboard.browse(self.dashboard.id).read(["spreadsheet_data"])
        # The app lists the groups that have a dashboard for the reader.
        groups = (
            self.env["spreadsheet.dashboard.group"]
            .with_user(self.user_leo)
            .web_search_read(
                [("published_dashboard_ids", "!=", False)],
                {"name": {}, "published_dashboard_ids": {"fields": {"name": {}}}},
            )["records"]
        )
        self.assertNotIn(
            self.dashboard.id,
            [dashboard["id"] for group in groups for dashboard in group["published_dashboard_ids"]],
        )
        # HR loads it.
        snapshot = self.dashboard.with_user(self.user_hr).get_readonly_dashboard()["snapshot"]
        self.assertEqual(snapshot["sheets"][0]["id"], "mentorship-dashboard")
