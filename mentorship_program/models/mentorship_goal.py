from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..pair_states import RUNNING_PAIR_STATES

# Changing these on a confirmed plan asks both sides to confirm it again.
GOAL_CONTENT_FIELDS = frozenset(
    {"name", "description", "skill_type_id", "skill_id", "target_level_id", "date_due"}
)


class MentorshipGoal(models.Model):
    """An objective of a pair's 90-day plan.

    Objectives seeded from the mentee's target skills complete by themselves
    when the mentee's skill reaches the target level; the days it took from
    the pair's start are kept as the time-to-skill, read from the skill
    history (``hr.employee.skill.log``).
    """

    _name = "mentorship.goal"
    _description = "Mentorship Objective"
    _inherit = ["mentorship.guarded.mixin"]
    _order = "plan_id, sequence, id"
    # An objective of one plan, for good. Its state, dates and time-to-skill
    # come from the buttons and the mentee's skill history: time-to-skill is
    # a program metric, nobody types it in.
    _client_create_fields = frozenset({"plan_id"})
    _client_write_fields = GOAL_CONTENT_FIELDS | {"sequence", "progress"}

    plan_id = fields.Many2one("mentorship.plan", required=True, ondelete="cascade", index=True)
    pair_id = fields.Many2one(related="plan_id.pair_id", store=True, index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    program_id = fields.Many2one(related="plan_id.program_id", store=True)
    mentee_employee_id = fields.Many2one(
        related="pair_id.mentee_employee_id", string="Mentee", store=True, index=True
    )
    date_start = fields.Date(related="plan_id.date_start")
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Objective", required=True)
    description = fields.Text()
    enrollment_skill_id = fields.Many2one(
        "mentorship.enrollment.skill",
        string="Intake Target",
        ondelete="set null",
        readonly=True,
        help="The target skill of the mentee's intake this objective comes from.",
    )
    skill_type_id = fields.Many2one("hr.skill.type", ondelete="restrict")
    skill_id = fields.Many2one(
        "hr.skill",
        string="Target Skill",
        ondelete="restrict",
        index=True,
        domain="[('skill_type_id', '=', skill_type_id)]",
    )
    target_level_id = fields.Many2one(
        "hr.skill.level",
        ondelete="restrict",
        domain="[('skill_type_id', '=', skill_type_id)]",
    )
    current_level_id = fields.Many2one(
        "hr.skill.level",
        compute="_compute_current_level_id",
        help="The mentee's level in this skill today.",
    )
    progress = fields.Integer(help="How far the objective is, from 0 to 100 %.")
    state = fields.Selection(
        [("open", "In Progress"), ("done", "Done")], default="open", required=True, readonly=True
    )
    date_due = fields.Date(string="Due Date")
    date_done = fields.Date(string="Done On", readonly=True, copy=False)
    date_reached = fields.Date(
        string="Level Reached On",
        readonly=True,
        copy=False,
        help="First day on or after the pair's start when the skill history shows "
        "the target level (the start date if the mentee already had it).",
    )
    time_to_skill_days = fields.Integer(
        string="Time-to-Skill (days)",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="Days from the pair's start to the day the target level was reached.",
    )
    resource_ids = fields.One2many(
        "mentorship.goal.resource", "goal_id", string="Suggested Courses", readonly=True
    )

    @api.depends("mentee_employee_id", "skill_id")
    def _compute_current_level_id(self):
        # Mentor and mentee may see the one level this objective is about,
        # even though employees cannot read each other's skills.
        employee_skills_sudo = (
            self.env["hr.employee.skill"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", self.mentee_employee_id.ids),
                    ("skill_id", "in", self.skill_id.ids),
                ]
            )
        )
        level_by_key = {
            (rec.employee_id.id, rec.skill_id.id): rec.skill_level_id
            for rec in employee_skills_sudo
        }
        for goal in self:
            goal.current_level_id = level_by_key.get(
                (goal.mentee_employee_id.id, goal.skill_id.id), self.env["hr.skill.level"]
            )

    # -- Constraints ------------------------------------------------------------------------
    @api.constrains("progress")
    def _check_progress(self):
        for goal in self:
            if not 0 <= goal.progress <= 100:
                raise ValidationError(
                    self.env._(
                        "%(plan)s: the Progress of objective %(goal)s must be between 0 "
                        "and 100 (got %(value)s).",
                        plan=goal.plan_id.display_name,
                        goal=goal.name,
                        value=goal.progress,
                    )
                )

    @api.constrains("skill_type_id", "skill_id", "target_level_id")
    def _check_skill(self):
        for goal in self.sudo():
            if bool(goal.skill_id) != bool(goal.target_level_id):
                raise ValidationError(
                    self.env._(
                        "%(plan)s: objective %(goal)s needs both a Target Skill and a "
                        "Target Level, or neither.",
                        plan=goal.plan_id.display_name,
                        goal=goal.name,
                    )
                )
            if goal.skill_id and (
                goal.skill_id.skill_type_id != goal.skill_type_id
                or goal.target_level_id.skill_type_id != goal.skill_type_id
            ):
                raise ValidationError(
                    self.env._(
                        "%(plan)s: objective %(goal)s: the skill %(skill)s and the "
                        "level %(level)s must both belong to the skill type %(type)s.",
                        plan=goal.plan_id.display_name,
                        goal=goal.name,
                        skill=goal.skill_id.name,
                        level=goal.target_level_id.name,
                        type=goal.skill_type_id.name,
                    )
                )

    @api.constrains("date_due", "plan_id")
    def _check_date_due(self):
        for goal in self:
            plan = goal.plan_id
            if goal.date_due and plan.date_end and goal.date_due > plan.date_end:
                raise ValidationError(
                    self.env._(
                        "%(plan)s: the objective %(goal)s is due on %(due)s, after the "
                        "pair's end date (%(end)s). Choose a Due Date on or before %(end)s.",
                        plan=plan.display_name,
                        goal=goal.name,
                        due=goal.date_due,
                        end=plan.date_end,
                    )
                )

    # -- ORM ----------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        goals = super().create(vals_list)
        goals.plan_id._reset_confirmations()
        return goals

    def write(self, vals):
        result = super().write(vals)
        if GOAL_CONTENT_FIELDS.intersection(vals):
            self.plan_id._reset_confirmations()
        return result

    def unlink(self):
        plans = self.plan_id
        result = super().unlink()
        plans.exists()._reset_confirmations()
        return result

    # -- Buttons -----------------------------------------------------------------------------
    def action_done(self):
        self.check_access("write")
        self._check_state(("open",), self.env._("marked done"))
        self._system_write(
            {"state": "done", "progress": 100, "date_done": fields.Date.context_today(self)}
        )
        return True

    def action_reopen(self):
        self.check_access("write")
        self._check_state(("done",), self.env._("reopened"))
        self._system_write(
            {"state": "open", "date_done": False, "date_reached": False, "time_to_skill_days": 0}
        )
        return True

    # -- Automatic completion from the skill history ---------------------------------------
    def _complete_reached_skills(self):
        """Complete the open skill objectives of running pairs whose mentee now
        holds the target level or a higher one, with their time-to-skill.

        A fixed number of queries whatever the number of objectives: one for
        the current levels, one for the skill history.
        """
        goals = self.sudo().filtered(
            lambda g: (
                g.state == "open"
                and g.skill_id
                and g.target_level_id
                and g.pair_id.state in RUNNING_PAIR_STATES
                and g.date_start
            )
        )
        if not goals:
            return
        employee_skills = (
            self.env["hr.employee.skill"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", goals.mentee_employee_id.ids),
                    ("skill_id", "in", goals.skill_id.ids),
                ]
            )
        )
        current_progress = {
            (rec.employee_id.id, rec.skill_id.id): rec.skill_level_id.level_progress
            for rec in employee_skills
        }
        reached = goals.filtered(
            lambda g: (
                current_progress.get((g.mentee_employee_id.id, g.skill_id.id), -1)
                >= g.target_level_id.level_progress
            )
        )
        if not reached:
            return
        logs = (
            self.env["hr.employee.skill.log"]
            .sudo()
            .search_read(
                [
                    ("employee_id", "in", reached.mentee_employee_id.ids),
                    ("skill_id", "in", reached.skill_id.ids),
                    ("date", ">=", min(reached.mapped("date_start"))),
                ],
                ["employee_id", "skill_id", "date", "level_progress"],
                order="date, id",
                load=None,
            )
        )
        history = defaultdict(list)
        for log in logs:
            history[(log["employee_id"], log["skill_id"])].append(
                (log["date"], log["level_progress"])
            )
        today = fields.Date.context_today(self)
        by_values = defaultdict(lambda: self.env["mentorship.goal"])
        for goal in reached:
            target = goal.target_level_id.level_progress
            date_reached = next(
                (
                    day
                    for day, progress in history[(goal.mentee_employee_id.id, goal.skill_id.id)]
                    if day >= goal.date_start and progress >= target
                ),
                # Already at the level when the pair started: no log since.
                goal.date_start,
            )
            by_values[date_reached, (date_reached - goal.date_start).days] |= goal
        bodies = defaultdict(list)
        for (date_reached, days), goals_reached in by_values.items():
            goals_reached.write(
                {
                    "state": "done",
                    "progress": 100,
                    "date_done": today,
                    "date_reached": date_reached,
                    "time_to_skill_days": days,
                }
            )
            for goal in goals_reached:
                bodies[goal.plan_id.id].append(
                    self.env._(
                        "Objective reached: %(employee)s is at %(level)s in %(skill)s, "
                        "%(days)s days after the pair started.",
                        employee=goal.mentee_employee_id.name,
                        level=goal.target_level_id.name,
                        skill=goal.skill_id.name,
                        days=days,
                    )
                )
        self.env["mentorship.plan"].sudo().browse(list(bodies))._message_log_batch(
            {plan_id: Markup("<br/>").join(lines) for plan_id, lines in bodies.items()}
        )
