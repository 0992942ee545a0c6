"""The Mentorship dashboard of Odoo's Dashboards app, read as its readers do.

The spreadsheet's pivots and chart call the reporting models' ``read_group``
with the measures and group-bys stored in its JSON; these tests make the same
calls, from the JSON the module ships, as HR and as leaders.
"""

import json
import re

from odoo.tests import tagged

from odoo.addons.mentorship_program.tests.test_organisation_reports import OrganisationCase
from odoo.addons.spreadsheet.utils.validate_data import (
    fields_in_spreadsheet,
    menus_xml_ids_in_spreadsheet,
)

REPORT_MODELS = ("mentorship.pair.report", "mentorship.session.report")
PIVOT_FORMULA = re.compile(r'PIVOT\.(?:VALUE|HEADER)\((\d+)(?:,"([^"#][^"]*)")?')


def pivot_read_group_args(pivot):
    """The fields and group-bys the spreadsheet's pivot model sends to
    ``read_group``: ``<field>_<aggregator>_id:<aggregator>(<field>)`` per
    measure, ``<field>:<granularity>`` per row or column."""
    fields = [
        "__count"
        if measure["fieldName"] == "__count"
        else "{f}_{a}_id:{a}({f})".format(f=measure["fieldName"], a=measure["aggregator"])
        for measure in pivot["measures"]
    ]
    groupby = [
        dimension["fieldName"]
        + (f":{dimension['granularity']}" if dimension.get("granularity") else "")
        for dimension in pivot["rows"] + pivot["columns"]
    ]
    return fields, groupby


@tagged("post_install", "-at_install")
class TestMentorshipDashboard(OrganisationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref(
            "mentorship_program_spreadsheet_dashboard.spreadsheet_dashboard_mentorship"
        )
        cls.data = json.loads(cls.dashboard.spreadsheet_data)
        cls.chart = next(
            figure["data"]
            for figure in cls.data["sheets"][0]["figures"]
            if figure["data"]["type"].startswith("odoo_")
        )

    def _read_pivot(self, pivot, user, domain=()):
        """The pivot's groups as ``user`` (no user: the superuser's, unguarded), on the test's program (as the
        dashboard's Program filter does; a demo database has other pairs)."""
        fields, groupby = pivot_read_group_args(pivot)
        domain = [*pivot["domain"], ("program_id", "=", self.program.id), *domain]
        Report = self.env[pivot["model"]]
        Report = Report.with_user(user) if user else Report.sudo()
        return Report.read_group(domain, fields, groupby, lazy=False), fields

    def test_the_dashboard_is_in_the_mentorship_group_for_mentorship_managers(self):
        self.assertEqual(self.dashboard.dashboard_group_id.name, "Mentorship")
        self.assertTrue(self.dashboard.is_published)
        self.assertEqual(
            self.dashboard.group_ids, self.env.ref("mentorship_program.group_mentorship_manager")
        )
        # A Mentorship Manager finds it in the Dashboards app; a leader does not.
        Dashboard = self.env["spreadsheet.dashboard"]
        self.assertIn(self.dashboard, Dashboard.with_user(self.user_hr).search([]))
        self.assertNotIn(self.dashboard, Dashboard.with_user(self.user_leo).search([]))

    def test_the_spreadsheet_reads_the_reporting_models_and_their_fields_only(self):
        pivots = self.data["pivots"]
        self.assertTrue(pivots)
        for pivot_id, pivot in pivots.items():
            with self.subTest(pivot=pivot["name"]):
                self.assertIn(pivot["model"], REPORT_MODELS)
                Report = self.env[pivot["model"]]
                for measure in pivot["measures"]:
                    spec = (
                        "__count"
                        if measure["fieldName"] == "__count"
                        else f"{measure['fieldName']}:{measure['aggregator']}"
                    )
                    self.assertIn(spec, Report._report_aggregates)
                    self.assertTrue(spec == "__count" or measure["fieldName"] in Report._fields)
                    self.assertEqual(measure["id"], spec)
                for dimension in pivot["rows"] + pivot["columns"]:
                    self.assertIn(dimension["fieldName"], Report._report_dimensions)
                    self.assertIn(dimension["fieldName"], Report._fields)
                for matching in pivot["fieldMatching"].values():
                    self.assertIn(matching["chain"], Report._report_dimensions)
                self.assertEqual(pivot_id, pivot["id"])
        chart = self.chart["metaData"]
        Report = self.env[chart["resModel"]]
        self.assertIn(chart["resModel"], REPORT_MODELS)
        self.assertIn(f"{chart['measure']}:sum", Report._report_aggregates)
        for groupby in chart["groupBy"]:
            self.assertIn(groupby.split(":")[0], Report._report_dimensions)
        # Every formula names a pivot of the spreadsheet and one of its measures.
        formulas = [
            cell["content"]
            for sheet in self.data["sheets"]
            for cell in sheet["cells"].values()
            if "PIVOT." in cell.get("content", "")
        ]
        self.assertTrue(formulas)
        for formula in formulas:
            for pivot_id, measure_id in PIVOT_FORMULA.findall(formula):
                with self.subTest(formula=formula):
                    self.assertIn(pivot_id, pivots)
                    if measure_id:
                        self.assertIn(measure_id, [m["id"] for m in pivots[pivot_id]["measures"]])

    def test_odoo_finds_only_the_reports_fields_in_the_spreadsheet(self):
        # Odoo's own reading of what a spreadsheet uses (pivots, charts,
        # filters, links): the two reports, and only what they may be
        # filtered, grouped or aggregated by.
        used = fields_in_spreadsheet(self.data)
        self.assertEqual(set(used), set(REPORT_MODELS))
        for model, field_names in used.items():
            Report = self.env[model]
            allowed = Report._report_dimensions | {
                spec.split(":")[0] for spec in Report._report_aggregates
            }
            for field_name in field_names:
                with self.subTest(model=model, field=field_name):
                    self.assertIn(field_name, Report._fields)
                    self.assertIn(field_name, allowed)
        for xml_id in menus_xml_ids_in_spreadsheet(self.data):
            self.assertTrue(self.env.ref(xml_id, raise_if_not_found=False), xml_id)

    def test_hr_reads_every_pivot_as_figures(self):
        # The program's pairs (Alice's, Paul's and Leo's six) and the sessions
        # of Leo's six form groups of enough mentees: HR reads every figure,
        # the same as the unguarded superuser's.
        for pivot in self.data["pivots"].values():
            with self.subTest(pivot=pivot["name"]):
                groups, _fields = self._read_pivot(pivot, self.user_hr)
                truth, _fields = self._read_pivot(pivot, None)
                self.assertTrue(groups)
                self.assertEqual(groups, truth)
                self.assertNotIn(None, [value for group in groups for value in group.values()])

    def test_a_leader_reads_the_figures_of_their_organisation(self):
        [totals] = self._read_pivot(self.data["pivots"]["1"], self.user_leo)[0]
        self.assertEqual(totals["__count"], 6)
        self.assertEqual(totals["running_sum_id"], 6)
        self.assertEqual(totals["session_done_count_sum_id"], 6)
        [month] = self._read_pivot(self.data["pivots"]["3"], self.user_leo)[0]
        self.assertEqual((month["__count"], month["done_sum_id"]), (6, 6))

    def test_a_cell_below_the_minimum_group_size_is_empty(self):
        # Lena manages Alice only: every cell of the pairs' pivots is withheld;
        # Leo narrowing the sessions to the one mentee in IT gets an empty cell.
        pivots = self.data["pivots"].values()
        reads = [
            (pivot, self.user_lena, ())
            for pivot in pivots
            if pivot["model"] == "mentorship.pair.report"
        ] + [
            (pivot, self.user_leo, [("mentee_department_id", "=", self.it.id)])
            for pivot in pivots
            if pivot["model"] == "mentorship.session.report"
        ]
        for pivot, user, domain in reads:
            with self.subTest(pivot=pivot["name"], user=user.login):
                groups, _fields = self._read_pivot(pivot, user, domain)
                self.assertTrue(groups)
                for group in groups:
                    figures = [
                        value
                        for key, value in group.items()
                        if key == "__count" or key.endswith(("_sum_id", "_avg_id"))
                    ]
                    self.assertEqual(set(figures), {None})
        # The chart's call, as the graph view makes it, narrowed to one department.
        Sessions = self.env[self.chart["metaData"]["resModel"]].with_user(self.user_leo)
        domain = [("program_id", "=", self.program.id), ("mentee_department_id", "=", self.it.id)]
        [group] = Sessions.web_read_group(
            domain,
            ["__count", f"{self.chart['metaData']['measure']}:sum"],
            self.chart["metaData"]["groupBy"],
            lazy=False,
        )["groups"]
        self.assertEqual((group["__count"], group["done"]), (None, None))
