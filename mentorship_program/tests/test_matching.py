from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import warmup

from odoo.addons.mentorship_program.matching import MatchInputLoader

from ..models.mentorship_program import MATCH_WEIGHT_FIELDS
from .common import MatchingCase


@tagged("post_install", "-at_install")
class TestMatchRun(MatchingCase):
    def test_run_creates_proposals_with_explanations(self):
        run = self._run()
        self.assertEqual(run.state, "proposed")
        self.assertEqual(run.mentee_count, 2)
        self.assertEqual(run.mentor_count, 2)
        self.assertEqual(run.core_count, 2)
        self.assertEqual(run.unmatched_count, 0)
        self.assertAlmostEqual(run.coverage, 100.0)
        alice = self._proposal_of(run, self.mentee_alice)
        bob = self._proposal_of(run, self.mentee_bob)
        self.assertEqual(alice.mentor_enrollment_id, self.mentor_mona)
        self.assertEqual(bob.mentor_enrollment_id, self.mentor_max)
        self.assertIn("Coaching", alice.explanation)
        self.assertIn("Strategic Thinking", bob.explanation)
        self.assertTrue(alice.explanation[0].isupper())
        self.assertGreater(alice.score, 0)
        self.assertLessEqual(alice.score, 100)
        self.assertAlmostEqual(alice.skills_score, 100.0)
        self.assertAlmostEqual(run.average_score, (alice.score + bob.score) / 2, places=1)
        self.assertFalse(run.proposal_ids.filtered("locked"))

    def test_rerun_keeps_locked_proposals_and_mentor_capacity(self):
        run = self._run()
        alice = self._proposal_of(run, self.mentee_alice)
        alice.with_user(self.user_hr).action_lock()
        bob_before = self._proposal_of(run, self.mentee_bob)
        # Carl also wants Coaching, but Mona's only seat is locked for Alice.
        mentee_carl = self._approved_mentee(self.employee_carl, self.skill_coaching)
        run.action_run()
        self.assertTrue(alice.exists(), "a locked proposal is kept as it is")
        self.assertEqual(self._proposal_of(run, self.mentee_alice), alice)
        self.assertFalse(bob_before.exists(), "unlocked proposals are recomputed")
        self.assertEqual(run.mentee_count, 3)
        mona_proposals = run.proposal_ids.filtered(
            lambda p: p.mentor_enrollment_id == self.mentor_mona
        )
        self.assertEqual(mona_proposals, alice)
        carl = self._proposal_of(run, mentee_carl)
        self.assertEqual(carl.mentor_enrollment_id, self.mentor_max)
        self.assertEqual(run.core_count, 3)

    def test_hr_edits_the_mentor_of_a_proposal(self):
        run = self._run()
        bob = self._proposal_of(run, self.mentee_bob).with_user(self.user_hr)
        alice = self._proposal_of(run, self.mentee_alice).with_user(self.user_hr)
        # Mona has one seat, taken by Alice.
        with self.assertRefused(ValidationError, "capacity"):
            bob.mentor_enrollment_id = self.mentor_mona
        alice.unlink()
        bob.mentor_enrollment_id = self.mentor_mona
        self.assertTrue(bob.locked)
        self.assertTrue(bob.is_manual)
        self.assertTrue(bob.explanation.startswith("Chosen by HR."))
        self.assertAlmostEqual(bob.skills_score, 0.0)
        # A mentee's own enrollment, or a mentor who is not ready, is refused.
        with self.assertRefused(ValidationError, "not an approved mentor"):
            bob.mentor_enrollment_id = self.mentee_alice
        self.program.readiness_threshold = 5
        with self.assertRefused(ValidationError, "ready"):
            bob.mentor_enrollment_id = self.mentor_max

    def test_hr_adds_a_proposal_for_an_unmatched_mentee(self):
        run = self._run()
        self._proposal_of(run, self.mentee_alice).with_user(self.user_hr).unlink()
        self.assertEqual(run.unmatched_mentee_ids, self.mentee_alice)
        proposal = (
            self.env["mentorship.match.proposal"]
            .with_user(self.user_hr)
            .create(
                {
                    "run_id": run.id,
                    "mentee_enrollment_id": self.mentee_alice.id,
                    "mentor_enrollment_id": self.mentor_max.id,
                }
            )
        )
        self.assertTrue(proposal.locked)
        self.assertGreater(proposal.score, 0)
        self.assertFalse(run.unmatched_mentee_ids)

    def test_published_run_cannot_change(self):
        run = self._run()
        run.action_publish()
        self.assertEqual(run.state, "published")
        with self.assertRefused(UserError, "cannot be run: it is published"):
            run.action_run()
        with self.assertRefused(UserError, "published"):
            run.proposal_ids[0].with_user(self.user_hr).write({"locked": True})
        with self.assertRefused(UserError, "published"):
            run.proposal_ids[0].with_user(self.user_hr).unlink()
        with self.assertRefused(UserError, "published"):
            run.with_user(self.user_hr).unlink()

    def test_two_runs_cannot_pair_a_mentee_twice(self):
        first = self._run()
        second = self._run()
        first.action_publish()
        with self.assertRefused(UserError, "already have a pending or active mentor"):
            second.action_publish()

    @warmup
    def test_loading_reads_constant_number_of_queries(self):
        """Loading 5 or 20 mentees costs the same number of queries."""
        Employee = self.env["hr.employee"]
        managers = Employee.create([{"name": f"Manager {i}"} for i in range(20)])
        employees = Employee.create(
            [{"name": f"Mentee {i}", "parent_id": managers[i].id} for i in range(20)]
        )
        managers.write({"parent_id": self.employee_carl.id})
        program_5 = self.env["mentorship.program"].create(self._program_values(name="Five"))
        program_20 = self.env["mentorship.program"].create(self._program_values(name="Twenty"))
        lang_ids = self.env["res.lang"].search([]).ids[:1]
        for program, people in ((program_5, employees[:5]), (program_20, employees)):
            for employee in people:
                mentee = self._approved_mentee(employee, self.skill_coaching, program=program)
                mentee.write({"language_ids": [Command.set(lang_ids)], "tz": "Europe/Brussels"})
        counts = []
        for program, size in ((program_5, 5), (program_20, 20)):
            self._ready_mentor(
                self.employee_mona, self.user_mona, self.employee_mona_coaching, program=program
            )
            self._ready_mentor(
                self.employee_max, self.user_max, self.employee_max_strategy, program=program
            )
            self.env.invalidate_all()
            with self.assertQueryCount(24):
                start = self.env.cr.sql_log_count
                inputs = MatchInputLoader(program).load()
                counts.append(self.env.cr.sql_log_count - start)
            self.assertEqual(len(inputs.mentees), size)
            self.assertEqual(len(inputs.mentors), 2)
            self.assertEqual(inputs.mentee_profiles.ancestor_ids.shape, (size, 2))
            self.assertTrue(
                (inputs.mentee_profiles.ancestor_ids[:, 1] == self.employee_carl.id).all()
            )
            self.assertTrue((inputs.mentee_profiles.utc_offsets >= 1).all())
        if self.warm:  # the first, cold run of @warmup fills the registry caches
            self.assertEqual(counts[0], counts[1])

    def test_management_chain_is_blocked(self):
        self.employee_alice.parent_id = self.employee_mona
        run = self._run()
        self.assertNotEqual(
            self._proposal_of(run, self.mentee_alice).mentor_enrollment_id, self.mentor_mona
        )
        self.program.match_block_reporting_line = False
        run.action_run()
        self.assertEqual(
            self._proposal_of(run, self.mentee_alice).mentor_enrollment_id, self.mentor_mona
        )


@tagged("post_install", "-at_install")
class TestMatchRunBadInput(MatchingCase):
    def test_no_ready_mentor_keeps_previous_proposals(self):
        run = self._run()
        proposals = run.proposal_ids
        self.program.readiness_threshold = 5  # nobody is ready any more
        with self.assertRefused(UserError, "has no ready mentor"):
            run.action_run()
        self.assertEqual(run.proposal_ids, proposals)
        self.assertEqual(run.state, "proposed")

    def test_no_ready_mentor_on_first_run_writes_nothing(self):
        self.program.readiness_threshold = 5
        run = self._new_run()
        with self.assertRefused(UserError, "Leadership Accelerator has no ready mentor"):
            run.action_run()
        self.assertEqual(run.state, "draft")
        self.assertFalse(run.proposal_ids)

    def test_no_mentee(self):
        mentees = (self.mentee_alice | self.mentee_bob).with_user(self.user_hr)
        mentees.rejection_reason = "Not this cohort."
        mentees.action_reject()
        with self.assertRefused(UserError, "has no mentee to match"):
            self._new_run().action_run()

    def test_weights_all_zero_refused_on_the_program(self):
        zero = dict.fromkeys(MATCH_WEIGHT_FIELDS, 0.0)
        with self.assertRefused(
            ValidationError, "Leadership Accelerator: at least one matching weight must be positive"
        ):
            self.program.with_user(self.user_hr).write(zero)
        with self.assertRefused(
            ValidationError, r"'Career-Path Fit' \(match_weight_career\) cannot be negative"
        ):
            self.program.with_user(self.user_hr).write({"match_weight_career": -1})

    def test_all_mentors_full(self):
        run = self._run()
        run.action_publish()  # Mona (1 seat) and Max (2 seats): 2 of 3 seats taken
        self.mentor_max.with_user(self.user_hr).capacity = 1
        self._approved_mentee(self.employee_carl, self.skill_coaching)
        previous = run.proposal_ids
        with self.assertRefused(UserError, "all 2 ready mentors are full"):
            self._new_run().action_run()
        self.assertEqual(run.proposal_ids, previous)

    def test_no_eligible_mentor(self):
        department = self.env["hr.department"].create({"name": "Everyone"})
        (self.employee_alice | self.employee_bob | self.employee_mona | self.employee_max).write(
            {"department_id": department.id}
        )
        self.program.match_allow_same_department = False
        with self.assertRefused(UserError, "no eligible mentor for any of the 2 mentees"):
            self._new_run().action_run()

    def test_mentee_without_target_skill_and_mentor_without_skill_are_warned(self):
        mentee_carl = self._approved_mentee(self.employee_carl)
        self.mentor_max.with_user(self.user_hr).expertise_skill_ids = [Command.clear()]
        run = self._run()
        self.assertTrue(self._proposal_of(run, mentee_carl))
        self.assertIn("no skill gap", run.warnings)
        self.assertIn("Carl Colleague", run.warnings)
        self.assertIn("no recorded skill", run.warnings)
        self.assertIn("Max Mentor", run.warnings)

    def test_program_not_open(self):
        draft = self.env["mentorship.program"].create(self._program_values(name="Draft One"))
        with self.assertRefused(UserError, "not open or running"):
            self._new_run(draft).action_run()
