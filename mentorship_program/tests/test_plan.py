from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import MatchingCase

CONFIRM_ACTIVITY = "mentorship_program.mail_activity_type_plan_confirm"


class PlanCase(MatchingCase):
    """Alice's pair with Mona, published and accepted by both: it is active."""

    def setUp(self):
        super().setUp()
        self.run, pairs = self._published_pairs()
        self.pair = self._pair_of(pairs, self.mentee_alice)
        self.pair.with_user(self.user_alice).action_accept()
        self.pair.with_user(self.user_mona).action_accept()
        self.plan = self.pair.plan_ids
        self.start = fields.Date.context_today(self.pair)

    def _confirm_activities(self, plan=None):
        confirm_type = self.env.ref(CONFIRM_ACTIVITY)
        return (plan or self.plan).activity_ids.filtered(
            lambda a: a.activity_type_id == confirm_type
        )


@tagged("post_install", "-at_install")
class TestPlanTemplate(MatchingCase):
    def test_new_program_gets_steps_at_days_30_60_90(self):
        self.assertEqual(self.program.plan_step_ids.mapped("day_offset"), [30, 60, 90])
        self.assertTrue(all(self.program.plan_step_ids.mapped("name")))

    def test_short_program_gets_only_the_steps_that_fit(self):
        program = self.env["mentorship.program"].create(
            self._program_values(name="Sprint", pair_duration_days=45)
        )
        self.assertEqual(program.plan_step_ids.mapped("day_offset"), [30])

    def test_step_after_the_pair_duration_is_refused(self):
        with self.assertRefused(ValidationError, "day 90.*Pair Duration .60 days"):
            self.program.write({"pair_duration_days": 60})
        with self.assertRefused(ValidationError, "day 120"):
            self.program.write(
                {"plan_step_ids": [Command.create({"name": "Too late", "day_offset": 120})]}
            )
        self.env.invalidate_all()
        self.assertEqual(self.program.pair_duration_days, 90)
        self.assertEqual(self.program.plan_step_ids.mapped("day_offset"), [30, 60, 90])


@tagged("post_install", "-at_install")
class TestPlanCreation(PlanCase):
    def test_activation_creates_the_plan_with_due_dates(self):
        self.assertEqual(len(self.plan), 1)
        plan = self.plan
        self.assertEqual(plan.date_start, self.start)
        self.assertEqual(plan.date_end, self.start + timedelta(days=90))
        self.assertEqual(plan.state, "draft")
        self.assertFalse(plan.date_kickoff)

        # Milestones: the program's template, due start + offset.
        self.assertEqual(
            [(m.name, m.date_due) for m in plan.milestone_ids],
            [
                (step.name, self.start + timedelta(days=step.day_offset))
                for step in self.program.plan_step_ids
            ],
        )
        self.assertEqual(plan.milestone_ids.step_id, self.program.plan_step_ids)

        # Objectives: one per target skill of the mentee, one from her goals.
        skill_goal = plan.goal_ids.filtered("skill_id")
        self.assertEqual(skill_goal.skill_id, self.skill_coaching)
        self.assertEqual(skill_goal.target_level_id, self.level_advanced)
        self.assertEqual(skill_goal.enrollment_skill_id, self.mentee_alice.target_skill_ids)
        self.assertEqual(skill_goal.state, "open")
        text_goal = plan.goal_ids - skill_goal
        self.assertEqual(text_goal.name, "Grow")
        self.assertEqual(text_goal.description, "Grow")
        self.assertEqual(set(plan.goal_ids.mapped("date_due")), {plan.date_end})

        # Both people are asked to confirm it.
        self.assertEqual(self._confirm_activities().user_id, self.user_alice | self.user_mona)

        # Nothing for the pending pair, and only one plan per pair.
        bob_pair = self.run.pair_ids.filtered(lambda p: p.mentee_enrollment_id == self.mentee_bob)
        self.assertFalse(bob_pair.plan_ids)
        self.env["mentorship.plan"]._create_for_pairs(self.pair)
        self.assertEqual(self.env["mentorship.plan"].search([("pair_id", "=", self.pair.id)]), plan)

    def test_long_goals_text_gives_a_short_objective_name(self):
        self.mentee_bob.write({"goals": "Lead " + "a larger team " * 10 + "\nSecond line"})
        bob_pair = self.run.pair_ids.filtered(lambda p: p.mentee_enrollment_id == self.mentee_bob)
        bob_pair.with_user(self.user_bob).action_accept()
        bob_pair.with_user(self.user_max).action_accept()
        text_goal = bob_pair.plan_ids.goal_ids.filtered(lambda g: not g.skill_id)
        self.assertLessEqual(len(text_goal.name), 80)
        self.assertTrue(text_goal.name.endswith("..."))
        self.assertIn("Second line", text_goal.description)

    def test_only_the_pair_and_hr_see_the_plan(self):
        Plan = self.env["mentorship.plan"]
        self.assertEqual(Plan.with_user(self.user_alice).search([]), self.plan)
        self.assertEqual(Plan.with_user(self.user_mona).search([]), self.plan)
        self.assertIn(self.plan, Plan.with_user(self.user_hr).search([]))
        self.assertFalse(Plan.with_user(self.user_carl).search([]))
        with self.assertRefused(AccessError):
            self.plan.with_user(self.user_carl).read(["boundaries"])
        with self.assertRefused(AccessError):
            self.plan.goal_ids[0].with_user(self.user_carl).write({"progress": 50})
        with self.assertRefused(AccessError):
            Plan.with_user(self.user_alice).create({"pair_id": self.pair.id})


@tagged("post_install", "-at_install")
class TestPlanKickoff(PlanCase):
    def test_each_side_confirms_only_its_own_then_kickoff(self):
        plan = self.plan
        plan.with_user(self.user_alice).action_confirm()
        self.assertTrue(plan.mentee_confirmed)
        self.assertFalse(plan.mentor_confirmed)
        self.assertEqual(plan.state, "draft")
        self.assertFalse(plan.date_kickoff)
        self.assertEqual(self._confirm_activities().user_id, self.user_mona)

        # HR sees the plan but cannot confirm for anyone, nor can an outsider.
        with self.assertRefused(AccessError, "Only the mentor or the mentee"):
            plan.with_user(self.user_hr).action_confirm()
        with self.assertRefused(AccessError):
            plan.with_user(self.user_carl).action_confirm()
        # Nor by writing the flags over RPC.
        with self.assertRefused(AccessError, r"\(mentor_confirmed\) cannot be written"):
            plan.with_user(self.user_hr).write({"mentor_confirmed": True})
        with self.assertRefused(AccessError, r"\(mentor_confirmed\) cannot be written"):
            plan.with_user(self.user_alice).write({"mentor_confirmed": True})
        self.assertFalse(plan.mentor_confirmed)
        self.assertFalse(plan.date_kickoff)

        plan.with_user(self.user_mona).action_confirm()
        self.assertTrue(plan.mentor_confirmed)
        self.assertEqual(plan.state, "confirmed")
        self.assertEqual(plan.date_kickoff, self.start)
        self.assertFalse(self._confirm_activities())
        kickoff = self.pair.message_ids.filtered(lambda m: "Kick-off done" in (m.body or ""))
        self.assertEqual(len(kickoff), 1)

    def test_changing_agreed_content_asks_both_to_confirm_again(self):
        plan = self.plan
        plan.with_user(self.user_alice).action_confirm()
        plan.with_user(self.user_mona).action_confirm()
        skill_goal = plan.goal_ids.filtered("skill_id")

        # Progress is tracking, not content: the agreement stands.
        skill_goal.with_user(self.user_alice).write({"progress": 40})
        plan.milestone_ids[0].with_user(self.user_alice).write({"done": True})
        self.assertEqual(plan.state, "confirmed")
        self.assertEqual(plan.milestone_ids[0].date_done, self.start)

        plan.with_user(self.user_mona).write({"boundaries": "No calls on Fridays"})
        self.assertFalse(plan.mentor_confirmed or plan.mentee_confirmed)
        self.assertEqual(plan.state, "draft")
        self.assertEqual(plan.date_kickoff, self.start, "the kick-off happened; it stays")
        self.assertEqual(self._confirm_activities().user_id, self.user_alice | self.user_mona)

        plan.with_user(self.user_alice).action_confirm()
        plan.with_user(self.user_mona).action_confirm()
        self.assertEqual(plan.state, "confirmed")
        # A new objective, or a changed milestone, resets again.
        self.env["mentorship.goal"].with_user(self.user_alice).create(
            {"plan_id": plan.id, "name": "Present at the all-hands"}
        )
        self.assertEqual(plan.state, "draft")
        plan.with_user(self.user_alice).action_confirm()
        plan.with_user(self.user_mona).action_confirm()
        plan.milestone_ids[1].with_user(self.user_hr).write({"name": "Renamed by HR"})
        self.assertEqual(plan.state, "draft")

    def test_milestone_after_the_pair_end_is_refused(self):
        plan = self.plan
        plan.with_user(self.user_alice).action_confirm()
        milestone = plan.milestone_ids[-1]
        due_before = milestone.date_due
        too_late = plan.date_end + timedelta(days=1)
        with self.assertRefused(ValidationError, "after the pair's end date"):
            milestone.with_user(self.user_mona).write({"date_due": too_late})
        with self.assertRefused(ValidationError, "after the pair's end date"):
            self.env["mentorship.plan.milestone"].with_user(self.user_mona).create(
                {"plan_id": plan.id, "name": "Late", "date_due": too_late}
            )
        with self.assertRefused(ValidationError, "after the pair's end date"):
            plan.goal_ids[0].with_user(self.user_mona).write({"date_due": too_late})
        self.env.invalidate_all()
        self.assertEqual(milestone.date_due, due_before)
        self.assertEqual(len(plan.milestone_ids), 3)
        self.assertTrue(plan.mentee_confirmed, "the refused change reset nothing")
        # On the end date itself is fine.
        milestone.with_user(self.user_mona).write({"date_due": plan.date_end})
        self.assertEqual(milestone.date_due, plan.date_end)

    def test_objective_progress_and_skill_are_checked(self):
        goal = self.plan.goal_ids.filtered("skill_id")
        with self.assertRefused(ValidationError, "Progress .* between 0 and 100"):
            goal.with_user(self.user_alice).write({"progress": 120})
        with self.assertRefused(ValidationError, "both a Target Skill and a Target Level"):
            goal.with_user(self.user_alice).write({"target_level_id": False})
        self.env.invalidate_all()
        self.assertEqual(goal.progress, 0)
        self.assertEqual(goal.target_level_id, self.level_advanced)

    def test_cannot_confirm_once_the_pair_ended(self):
        self.pair.with_user(self.user_hr).action_cancel(reason="Mentor left the company")
        with self.assertRefused(Exception, "cannot be confirmed: its pair is Cancelled"):
            self.plan.with_user(self.user_alice).action_confirm()
        self.assertFalse(self.plan.mentee_confirmed)
        # The plan now ends with the pair.
        self.assertEqual(self.plan.date_end, self.start)

    def test_pair_opens_its_plan(self):
        action = self.pair.with_user(self.user_alice).action_open_plan()
        self.assertEqual(action["res_model"], "mentorship.plan")
        self.assertEqual(action["res_id"], self.plan.id)
