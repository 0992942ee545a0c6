from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_plan import PlanCase


@tagged("post_install", "-at_install")
class TestGoalFromSkills(PlanCase):
    """Alice's objective: Coaching at Advanced, from her intake."""

    def setUp(self):
        super().setUp()
        self.goal = self.plan.goal_ids.filtered("skill_id")
        self.text_goal = self.plan.goal_ids - self.goal

    def _set_level(self, employee, skill, level, days_after_start):
        """Record a level the way HR does, on a given day of the pair."""
        EmployeeSkill = self.env["hr.employee.skill"].with_user(self.user_hr)
        with freeze_time(self.start + timedelta(days=days_after_start)):
            existing = EmployeeSkill.sudo().search(
                [("employee_id", "=", employee.id), ("skill_id", "=", skill.id)]
            )
            if existing:
                existing.write({"skill_level_id": level.id})
                return existing
            return EmployeeSkill.sudo().create(
                {
                    "employee_id": employee.id,
                    "skill_type_id": self.skill_type.id,
                    "skill_id": skill.id,
                    "skill_level_id": level.id,
                }
            )

    def test_reaching_the_target_level_completes_with_time_to_skill(self):
        self._set_level(self.employee_alice, self.skill_coaching, self.level_beginner, 10)
        self.assertEqual(self.goal.state, "open", "Beginner is below the target")
        self.assertEqual(self.goal.current_level_id, self.level_beginner)

        self._set_level(self.employee_alice, self.skill_coaching, self.level_advanced, 45)
        self.assertEqual(self.goal.state, "done")
        self.assertEqual(self.goal.progress, 100)
        self.assertEqual(self.goal.date_reached, self.start + timedelta(days=45))
        self.assertEqual(self.goal.time_to_skill_days, 45)
        self.assertEqual(self.text_goal.state, "open", "objectives without a skill stay")
        message = self.plan.message_ids.filtered(lambda m: "Objective reached" in (m.body or ""))
        self.assertIn("45 days", message.body)

        # Later changes leave the first time-to-skill alone.
        self._set_level(self.employee_alice, self.skill_coaching, self.level_beginner, 50)
        self._set_level(self.employee_alice, self.skill_coaching, self.level_advanced, 60)
        self.assertEqual(self.goal.time_to_skill_days, 45)

    def test_time_to_skill_comes_from_the_first_day_in_the_history(self):
        # Reached on day 20, lost on day 25, reached again on day 30, while
        # the objective was reopened by hand: the history says day 20.
        self.goal.with_user(self.user_alice).action_done()
        self._set_level(self.employee_alice, self.skill_coaching, self.level_advanced, 20)
        self._set_level(self.employee_alice, self.skill_coaching, self.level_beginner, 25)
        self.goal.with_user(self.user_alice).action_reopen()
        self.assertEqual(self.goal.state, "open")
        self._set_level(self.employee_alice, self.skill_coaching, self.level_advanced, 30)
        self.assertEqual(self.goal.state, "done")
        self.assertEqual(self.goal.time_to_skill_days, 20)

    def test_exceeding_the_target_level_completes_too(self):
        beginner_goal = (
            self.env["mentorship.goal"]
            .with_user(self.user_mona)
            .create(
                {
                    "plan_id": self.plan.id,
                    "name": "Coach a new hire",
                    "skill_type_id": self.skill_type.id,
                    "skill_id": self.skill_coaching.id,
                    "target_level_id": self.level_beginner.id,
                }
            )
        )
        self._set_level(self.employee_alice, self.skill_coaching, self.level_advanced, 7)
        self.assertEqual(beginner_goal.state, "done")
        self.assertEqual(beginner_goal.time_to_skill_days, 7)
        self.assertEqual(self.goal.state, "done")

    def test_level_already_held_at_the_start_completes_on_day_zero(self):
        self._set_level(self.employee_bob, self.skill_strategy, self.level_advanced, -30)
        bob_pair = self.run.pair_ids.filtered(lambda p: p.mentee_enrollment_id == self.mentee_bob)
        bob_pair.with_user(self.user_bob).action_accept()
        bob_pair.with_user(self.user_max).action_accept()
        goal = bob_pair.plan_ids.goal_ids.filtered("skill_id")
        self.assertEqual(goal.state, "done")
        self.assertEqual(goal.date_reached, self.start)
        self.assertEqual(goal.time_to_skill_days, 0)

    def test_other_people_and_skills_and_ended_pairs_do_not_count(self):
        self._set_level(self.employee_bob, self.skill_coaching, self.level_advanced, 5)
        self._set_level(self.employee_alice, self.skill_strategy, self.level_advanced, 5)
        self.assertEqual(self.goal.state, "open")
        self.pair.with_user(self.user_hr).action_cancel(reason="Mentor left the company")
        self._set_level(self.employee_alice, self.skill_coaching, self.level_advanced, 6)
        self.assertEqual(self.goal.state, "open", "the pair ended before")

    def test_one_batch_for_many_employees_and_a_fixed_number_of_queries(self):
        bob_pair = self.run.pair_ids.filtered(lambda p: p.mentee_enrollment_id == self.mentee_bob)
        bob_pair.with_user(self.user_bob).action_accept()
        bob_pair.with_user(self.user_max).action_accept()
        bob_goal = bob_pair.plan_ids.goal_ids.filtered("skill_id")

        # Queries to complete one objective...
        with freeze_time(self.start + timedelta(days=12)):
            self.env["hr.employee.skill"].create(
                [
                    {
                        "employee_id": self.employee_alice.id,
                        "skill_type_id": self.skill_type.id,
                        "skill_id": self.skill_coaching.id,
                        "skill_level_id": self.level_advanced.id,
                    },
                    {
                        "employee_id": self.employee_bob.id,
                        "skill_type_id": self.skill_type.id,
                        "skill_id": self.skill_strategy.id,
                        "skill_level_id": self.level_advanced.id,
                    },
                ]
            )
        self.assertEqual((self.goal | bob_goal).mapped("state"), ["done", "done"])
        self.assertEqual((self.goal | bob_goal).mapped("time_to_skill_days"), [12, 12])

        # ...and the hook costs the same with one objective or six.
        def hook_queries(goals):
            goals.sudo().write(
                {
                    "state": "open",
                    "progress": 0,
                    "date_done": False,
                    "date_reached": False,
                    "time_to_skill_days": 0,
                }
            )
            self.env.flush_all()
            self.env.invalidate_all()
            employee_skills = self.env["hr.employee.skill"].search(
                [("employee_id", "=", self.employee_alice.id)]
            )
            before = self.env.cr.sql_log_count
            employee_skills._complete_mentorship_goals()
            self.env.flush_all()
            self.assertEqual(set(goals.mapped("state")), {"done"})
            return self.env.cr.sql_log_count - before

        one = hook_queries(self.goal)
        extra = self.env["mentorship.goal"].create(
            [
                {
                    "plan_id": self.plan.id,
                    "name": f"Coaching {i}",
                    "skill_type_id": self.skill_type.id,
                    "skill_id": self.skill_coaching.id,
                    "target_level_id": self.level_advanced.id,
                }
                for i in range(5)
            ]
        )
        six = hook_queries(self.goal | extra)
        self.assertEqual(one, six)

    def test_time_to_skill_cannot_be_typed_in(self):
        with self.assertRefused(AccessError, r"\(time_to_skill_days\) cannot be written"):
            self.goal.with_user(self.user_alice).write({"time_to_skill_days": 3})
        with self.assertRefused(AccessError, "cannot be written directly"):
            self.goal.with_user(self.user_hr).write({"state": "done"})
        self.assertEqual(self.goal.state, "open")
