from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_roles import RolesCase

PAIRS = 16


@tagged("post_install", "-at_install")
class TestExperiment(RolesCase):
    """An experiment on a program of its own with sixteen live pairs (one
    mentor, sixteen mentees), two arms, minimum group size 5."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.library = env["slide.channel"].create(
            {"name": "Experiment Library", "is_published": True}
        )
        cls.xp_program = env["mentorship.program"].create(
            cls._program_values(
                name="Experiment Program", min_group_size=5, max_mentor_capacity=PAIRS
            )
        )
        mentor = cls._ready_mentor(
            cls.employee_max,
            cls.user_max,
            cls.employee_max_strategy,
            capacity=PAIRS,
            program=cls.xp_program,
        )
        cls.xp_pairs = env["mentorship.pair"]
        for index in range(PAIRS):
            employee = env["hr.employee"].create({"name": f"Experiment Mentee {index}"})
            mentee = cls._approved_mentee(employee, program=cls.xp_program)
            cls.xp_pairs |= env["mentorship.pair"].create(
                {
                    "program_id": cls.xp_program.id,
                    "mentee_enrollment_id": mentee.id,
                    "mentor_enrollment_id": mentor.id,
                    "state": "active",
                    "date_start": fields.Date.today() - relativedelta(months=2),
                }
            )

    def _experiment(self, user=None, **values):
        Experiment = self.env["mentorship.experiment"].with_user(user or self.user_hr)
        return Experiment.create(
            {
                "name": "Fortnightly against monthly",
                "program_id": self.xp_program.id,
                "measure": "sessions_done",
                "arm_ids": [
                    Command.create({"name": "Monthly", "sequence": 1}),
                    Command.create({"name": "Fortnightly", "sequence": 2}),
                ],
                **values,
            }
        )

    def _log_sessions(self, pairs, count):
        Session = self.env["mentorship.session"]
        for pair in pairs:
            for offset in range(count):
                session = Session.create(
                    {
                        "pair_id": pair.id,
                        "date_start": fields.Datetime.now() + relativedelta(days=1),
                    }
                )
                session.write(
                    {
                        "date_start": fields.Datetime.now() - relativedelta(days=offset + 1),
                        "state": "done",
                        "duration": 1.0,
                    }
                )

    def _assignment(self, experiment):
        return [arm.sudo().pair_ids.ids for arm in experiment.arm_ids.sorted("sequence")]

    # -- Assignment -----------------------------------------------------------------

    def test_arms_are_drawn_reproducibly_and_exclusively(self):
        first = self._experiment()
        first.action_assign_arms()
        arms = self._assignment(first)
        # Every live pair of the program, each in one arm, arms of equal size.
        self.assertEqual(sorted(arms[0] + arms[1]), sorted(self.xp_pairs.ids))
        self.assertFalse(set(arms[0]) & set(arms[1]))
        self.assertEqual([len(arm) for arm in arms], [PAIRS // 2, PAIRS // 2])
        # Drawing again, or another experiment with the same seed, draws the same arms.
        first.action_assign_arms()
        self.assertEqual(self._assignment(first), arms)
        second = self._experiment(name="Same seed")
        second.sudo().seed = first.seed
        second.action_assign_arms()
        self.assertEqual(self._assignment(second), arms)
        # Another seed draws other arms (two seeds agreeing on 16 pairs is 1 in 12,870).
        second.sudo().seed = first.seed + 1
        second.action_assign_arms()
        self.assertNotEqual(self._assignment(second), arms)

    def test_clients_cannot_write_the_draw(self):
        experiment = self._experiment()
        arm = experiment.arm_ids[:1].with_user(self.user_hr)
        with self.assertRaisesRegex(AccessError, "pair_ids"):
            arm.write({"pair_ids": [Command.set(self.xp_pairs[:3].ids)]})
        with self.assertRaisesRegex(AccessError, "seed"):
            experiment.write({"seed": 7})
        with self.assertRaisesRegex(AccessError, "state"):
            experiment.write({"state": "running"})
        with self.assertRaisesRegex(AccessError, "result_p_value"):
            experiment.write({"result_p_value": 0.001})

    def test_a_program_belongs_to_one_arm_of_a_cohort_experiment(self):
        with self.assertRaisesRegex(ValidationError, "already in another arm"):
            self._experiment(
                assignment="cohorts",
                arm_ids=[
                    Command.create({"name": "A", "program_ids": [Command.set(self.program.ids)]}),
                    Command.create({"name": "B", "program_ids": [Command.set(self.program.ids)]}),
                ],
            )

    def test_one_arm_is_refused_with_the_experiment_and_the_field(self):
        experiment = self._experiment(arm_ids=[Command.create({"name": "Only arm"})])
        for action in ("action_assign_arms", "action_start"):
            with self.assertRaisesRegex(ValidationError, r"Fortnightly against monthly.*arm_ids"):
                getattr(experiment, action)()
        self.assertEqual(experiment.state, "draft")
        self.assertFalse(experiment.arm_ids.sudo().pair_ids)

    # -- Results ------------------------------------------------------------------------

    def _running(self, **values):
        experiment = self._experiment(**values)
        experiment.action_assign_arms()
        experiment.action_start()
        return experiment

    def test_a_planted_difference_in_sessions_done_is_significant(self):
        experiment = self._running()
        monthly, fortnightly = experiment.arm_ids.sorted("sequence")
        monthly_pairs = monthly.sudo().pair_ids
        # Monthly: 0 or 1 session done; fortnightly: 3 each.
        self._log_sessions(monthly_pairs[::2], 1)
        self._log_sessions(fortnightly.sudo().pair_ids, 3)
        experiment.action_compute_results()
        self.assertEqual(experiment.result_test, "welch_t")
        self.assertEqual(experiment.result_conclusion, "significant")
        self.assertLess(experiment.result_p_value, 0.05)
        self.assertAlmostEqual(experiment.result_difference, 2.5)
        self.assertLess(experiment.result_ci_low, 2.5)
        self.assertGreater(experiment.result_ci_low, 0)
        self.assertGreater(experiment.result_ci_high, 2.5)

    def test_equal_arms_are_not_significant(self):
        experiment = self._running()
        for arm in experiment.arm_ids:
            self._log_sessions(arm.sudo().pair_ids[::2], 1)
        experiment.action_compute_results()
        self.assertEqual(experiment.result_test, "welch_t")
        self.assertEqual(experiment.result_conclusion, "not_significant")
        self.assertAlmostEqual(experiment.result_difference, 0)
        self.assertLess(experiment.result_ci_low, 0)
        self.assertGreater(experiment.result_ci_high, 0)

    def test_a_planted_difference_in_retention_is_significant(self):
        experiment = self._running(measure="retention")
        monthly = experiment.arm_ids.sorted("sequence")[0]
        # Six of the eight monthly mentees leave the company; nobody else does.
        leavers = monthly.sudo().pair_ids[:6].mentee_employee_id
        leavers.write({"active": False, "departure_date": fields.Date.today()})
        experiment.action_compute_results()
        self.assertEqual(experiment.result_test, "fisher_exact")
        self.assertEqual(experiment.result_conclusion, "significant")
        # Fortnightly retains 8/8, monthly 2/8.
        self.assertAlmostEqual(experiment.result_difference, 0.75)
        self.assertGreater(experiment.result_ci_low, 0)

    def test_arms_below_the_minimum_get_no_test(self):
        self.xp_program.min_group_size = PAIRS
        experiment = self._running()
        self._log_sessions(experiment.arm_ids.sorted("sequence")[1].sudo().pair_ids, 3)
        experiment.action_compute_results()
        self.assertFalse(experiment.result_test)
        self.assertEqual(experiment.result_conclusion, "insufficient_data")
        self.assertIn(f"fewer than {PAIRS}", experiment.result_summary)
        self.assertNotIn(">8<", experiment.result_summary)

    def test_cohort_arms_measure_the_pairs_of_their_programs(self):
        # The main program has two pairs: below the minimum of 5, no test.
        experiment = self._experiment(
            assignment="cohorts",
            arm_ids=[
                Command.create(
                    {"name": "Experiment cohort", "program_ids": [Command.set(self.xp_program.ids)]}
                ),
                Command.create(
                    {"name": "Main cohort", "program_ids": [Command.set(self.program.ids)]}
                ),
            ],
        )
        with self.assertRaisesRegex(UserError, "cohorts of programs"):
            experiment.action_assign_arms()
        experiment.action_start()
        experiment.action_compute_results()
        self.assertEqual(experiment.result_conclusion, "insufficient_data")
        self.assertIn(f"<td>Experiment cohort</td><td>{PAIRS}</td>", experiment.result_summary)
        self.assertIn("<td>Main cohort</td><td>fewer than 5</td>", experiment.result_summary)

    # -- Conclusion -------------------------------------------------------------------

    def test_concluding_makes_a_case_study_in_the_library(self):
        experiment = self._running()
        monthly, fortnightly = experiment.arm_ids.sorted("sequence")
        self._log_sessions(monthly.sudo().pair_ids[::2], 1)
        self._log_sessions(fortnightly.sudo().pair_ids, 3)
        experiment.action_compute_results()
        with self.assertRaisesRegex(ValidationError, r"Fortnightly against monthly.*conclusion"):
            experiment.action_conclude()
        experiment.conclusion = "<p>Fortnightly meetings keep pairs going.</p>"
        with self.assertRaisesRegex(UserError, r"Experiment Program.*library_channel_id"):
            experiment.action_conclude()
        self.assertEqual(experiment.state, "running")
        self.xp_program.library_channel_id = self.library
        experiment.action_conclude()
        self.assertEqual(experiment.state, "concluded")
        slide = experiment.case_study_slide_id
        self.assertEqual(slide.channel_id, self.library)
        self.assertEqual(slide.slide_category, "article")
        self.assertIn("Fortnightly meetings keep pairs going.", slide.html_content)
        self.assertIn("Welch", slide.html_content)
        # Aggregates only: no mentee's name.
        self.assertNotIn("Experiment Mentee", slide.html_content)
        with self.assertRaisesRegex(UserError, "concluded"):
            experiment.write({"conclusion": "<p>Changed afterwards</p>"})

    # -- Access ----------------------------------------------------------------------

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_only_hr_of_the_company_reads_and_runs_experiments(self):
        experiment = self._experiment()
        Experiment = self.env["mentorship.experiment"]
        for role in ("mentee", "line_manager", "portal_member", "other_company_manager"):
            user = self.roles[role]
            with self.subTest(role=role):
                mine = experiment.with_user(user)
                with self.assertRaises(AccessError):
                    mine.read(["name"])
                if role == "other_company_manager":
                    self.assertFalse(Experiment.with_user(user).search_read([], ["name"]))
                else:
                    with self.assertRaises(AccessError):
                        Experiment.with_user(user).search_read([], ["name"])
                with self.assertRaises(AccessError):
                    mine.write({"name": "Taken over"})
                with self.assertRaises(AccessError):
                    mine.unlink()
                with self.assertRaises(AccessError):
                    mine.action_assign_arms()
                with self.assertRaises(AccessError):
                    mine.arm_ids.read(["name"])
                with self.assertRaises(AccessError):
                    self._experiment(user=user)
        # HR of the company reads, writes and runs it; the administrator deletes it.
        hr = experiment.with_user(self.user_hr)
        self.assertEqual(
            Experiment.with_user(self.user_hr).search_read([("id", "=", experiment.id)], ["name"])[
                0
            ]["name"],
            "Fortnightly against monthly",
        )
        hr.write({"name": "Renamed"})
        hr.action_assign_arms()
        with self.assertRaises(AccessError):
            hr.unlink()
        experiment.with_user(self.user_ada).unlink()
