import json
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..models.outcome_results import program_outcomes
from .test_organisation_reports import OrganisationCase


@tagged("post_install", "-at_install")
class TestProgramOutcomes(OrganisationCase):
    """Leo's six mentees, all analysts in Sales, against twelve analysts in
    Sales who are in no program: four of the six are promoted after their
    pair started, one of the twelve is."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Job = env["hr.job"]
        cls.job_lead = Job.create({"name": "Outcome Lead Analyst", "mentorship_grade": 3})
        cls.job_analyst = Job.create(
            {
                "name": "Outcome Analyst",
                "mentorship_grade": 2,
                "next_job_ids": [Command.set(cls.job_lead.ids)],
            }
        )
        cls.participants = cls.team | cls.employee_dora
        cls.colleagues = env["hr.employee"].create(
            [{"name": f"Outcome Colleague {index}"} for index in range(12)]
        )
        (cls.participants | cls.colleagues).write(
            {"department_id": cls.sales.id, "job_id": cls.job_analyst.id}
        )
        # Everyone was hired two years ago; the pairs started a month ago.
        env.flush_all()
        two_years_ago = fields.Datetime.now() - relativedelta(years=2)
        env.cr.execute(
            "UPDATE hr_employee SET create_date = %s WHERE id IN %s",
            (two_years_ago, tuple((cls.participants | cls.colleagues).ids)),
        )
        env.cr.execute(
            "UPDATE mentorship_career_event SET date = %s WHERE employee_id IN %s",
            (two_years_ago.date(), tuple((cls.participants | cls.colleagues).ids)),
        )
        env.cr.execute(
            "UPDATE mentorship_pair SET date_start = %s WHERE id IN %s",
            (fields.Date.today() - relativedelta(months=1), tuple(cls.org_pairs.ids)),
        )
        env.invalidate_all()
        # Promotions, recorded by the employees' write as career events.
        (cls.participants[:4] | cls.colleagues[:1]).write({"job_id": cls.job_lead.id})

    def test_participants_against_their_comparison_group(self):
        comparison = program_outcomes(
            self.env, self.program, fields.Date.today(), set(self.participants.ids)
        )
        self.assertIsNone(comparison.reason)
        self.assertEqual(comparison.participants_matched, 6)
        self.assertGreaterEqual(comparison.comparison_size, 12)
        promotion = comparison.metrics["promotion_rate"]
        self.assertAlmostEqual(promotion.participants_value, 4 / 6)
        self.assertAlmostEqual(promotion.comparison_value, 1 / 12)
        self.assertGreater(promotion.ci_high, promotion.difference)
        self.assertLess(promotion.ci_low, promotion.difference)

    def test_time_to_skill_of_both_groups_from_the_skill_history(self):
        """Everyone's skill was recorded at Beginner a year ago; after the
        pairs started, the participants reach Advanced in 10 or 14 days, the
        comparison colleagues in 20 or 30 days (real hr.employee.skill
        records, whose changes Odoo logs in hr.employee.skill.log)."""
        start = fields.Date.today() - relativedelta(months=1)
        employee_skills = {}
        with freeze_time(start - relativedelta(years=1)):
            for employee in self.participants | self.colleagues:
                employee_skills[employee] = self.env["hr.employee.skill"].create(
                    {
                        "employee_id": employee.id,
                        "skill_type_id": self.skill_type.id,
                        "skill_id": self.skill_coaching.id,
                        "skill_level_id": self.level_beginner.id,
                    }
                )
        for people, days in ((self.participants, (10, 14)), (self.colleagues, (20, 30))):
            for index, employee in enumerate(people):
                with freeze_time(start + timedelta(days=days[index % 2])):
                    employee_skills[employee].skill_level_id = self.level_advanced
        comparison = program_outcomes(
            self.env, self.program, fields.Date.today(), set(self.participants.ids)
        )
        metric = comparison.metrics["time_to_skill_days"]
        self.assertIsNone(metric.reason)
        self.assertEqual((metric.participants_count, metric.comparison_count), (6, 12))
        self.assertAlmostEqual(metric.participants_value, 12.0)
        self.assertAlmostEqual(metric.comparison_value, 25.0)
        self.assertLess(metric.ci_low, -13.0)
        self.assertLess(metric.ci_high, 0.0)
        html = str(self.program.with_user(self.user_leo).organisation_outcome_results)
        self.assertIn("<td class='text-end'>12.0</td><td class='text-end'>25.0</td>", html)

    def test_a_leader_reads_the_outcomes_of_their_organisation(self):
        html = str(self.program.with_user(self.user_leo).organisation_outcome_results)
        self.assertIn("Promotion rate", html)
        self.assertIn("66.7 %", html)
        self.assertIn("8.3 %", html)
        # The program's whole table is HR's.
        with self.assertRaises(AccessError):
            self.program.with_user(self.user_leo).read(["outcome_results"])
        self.assertIn("Promotion rate", str(self.program.with_user(self.user_hr).outcome_results))

    def test_too_few_participants_show_no_figure(self):
        # Lena's organisation holds one participant (Alice); Carl's none.
        # Leo reads his first, in the same transaction: the figures are the
        # reader's, never another reader's from the cache.
        self.assertIn(
            "66.7 %", str(self.program.with_user(self.user_leo).organisation_outcome_results)
        )
        for user in (self.user_lena, self.user_carl):
            with self.subTest(user=user.login):
                html = str(self.program.with_user(user).organisation_outcome_results)
                self.assertNotIn("66.7 %", html)
                self.assertNotIn(" %</td>", html)

    def test_clients_get_the_same_comparison_as_figures(self):
        """``get_organisation_outcomes`` is what the Python client calls: the
        reader's scope and withholding, as JSON-able numbers."""
        [leo] = self.program.with_user(self.user_leo).get_organisation_outcomes()
        json.dumps(leo)  # what an RPC answer must be
        self.assertEqual(leo["program_id"], self.program.id)
        self.assertEqual(leo["participants_matched"], 6)
        promotion = {m["measure"]: m for m in leo["measures"]}["promotion_rate"]
        self.assertEqual(promotion["label"], "Promotion rate")
        self.assertFalse(promotion["withheld"])
        self.assertAlmostEqual(promotion["participants_value"], 4 / 6)
        self.assertAlmostEqual(promotion["comparison_value"], 1 / 12)
        self.assertEqual(promotion["participants_count"], 6)
        # One participant in Lena's organisation: every figure, counts
        # included, is withheld.
        [lena] = self.program.with_user(self.user_lena).get_organisation_outcomes()
        self.assertIsNone(lena["participants_matched"])
        self.assertTrue(lena["measures"])
        for measure in lena["measures"]:
            with self.subTest(measure=measure["measure"]):
                self.assertTrue(measure["withheld"])
                self.assertIn("fewer than", measure["note"])
                self.assertIsNone(measure["participants_value"])
                self.assertIsNone(measure["participants_count"])

    def test_a_program_without_participants_says_so(self):
        empty = self.program.copy({"name": "Outcome empty program"})
        self.assertIn("no participants yet", str(empty.with_user(self.user_hr).outcome_results))

    def test_the_promotion_target_reads_the_career_events(self):
        started = fields.Date.today() - relativedelta(months=1)
        promoted = self.program._mentorship_promoted_employee_ids(
            self.participants, dict.fromkeys(self.participants.ids, started)
        )
        self.assertEqual(promoted, set(self.participants[:4].ids))
        # Four promoted among the program's eight mentees (Leo's six, Alice, Paul).
        actual = self.program._mentorship_target_actuals()[self.program.id]["promotion"]
        self.assertEqual(actual.value, 50.0)
