from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..pair_states import RUNNING_PAIR_STATES

CONFIRM_ACTIVITY = "mentorship_program.mail_activity_type_plan_confirm"
# What mentor and mentee agree on. Changing any of it after one of them
# confirmed asks both to confirm again; progress updates do not.
PLAN_CONTENT_FIELDS = frozenset(
    {"mentee_feedback_preferences", "mentor_guidance_style", "boundaries", "accountability"}
)


class MentorshipPlan(models.Model):
    """The shared 90-day plan of a pair, agreed at the kick-off.

    Created when the pair becomes active: milestones from the program's
    template, objectives (``mentorship.goal``) from the mentee's intake. The
    mentor and the mentee each confirm it; once both have, the kick-off is
    done. Any later change to what they agreed on (expectations, milestones,
    objectives) takes both confirmations back, so that nobody is held to a
    plan they did not see; the kick-off date stays that of the first
    agreement.
    """

    _name = "mentorship.plan"
    _description = "Mentorship 90-Day Plan"
    _inherit = [
        "mentorship.thread.guard",
        "mail.thread",
        "mail.activity.mixin",
        "mentorship.guarded.mixin",
    ]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    # Created with its pair; both people write what they agree on, each
    # confirms only their own side (action_confirm).
    _client_create_fields = frozenset()
    _client_write_fields = PLAN_CONTENT_FIELDS | {"milestone_ids", "goal_ids"}

    pair_id = fields.Many2one(
        "mentorship.pair",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    program_id = fields.Many2one(related="pair_id.program_id", store=True, index=True)
    company_id = fields.Many2one(related="pair_id.company_id", store=True, index=True)
    pair_state = fields.Selection(related="pair_id.state", string="Pair Status")
    mentor_employee_id = fields.Many2one(related="pair_id.mentor_employee_id")
    mentee_employee_id = fields.Many2one(related="pair_id.mentee_employee_id")
    mentor_user_id = fields.Many2one(related="pair_id.mentor_user_id", store=True, index=True)
    mentee_user_id = fields.Many2one(related="pair_id.mentee_user_id", store=True, index=True)
    date_start = fields.Date(related="pair_id.date_start", store=True)
    date_end = fields.Date(
        string="Pair Ends",
        compute="_compute_date_end",
        store=True,
        help="The pair's end date, or its planned end (start + the program's pair "
        "duration) while it runs. Nothing in the plan can be due later.",
    )

    # -- What both agree on ------------------------------------------------------------------
    mentee_feedback_preferences = fields.Text(
        string="Feedback Preferences",
        help="Written by the mentee: how and how often they want feedback.",
    )
    mentor_guidance_style = fields.Text(
        string="Guidance Style",
        help="Written by the mentor: how they guide (questions, examples, challenge...).",
    )
    boundaries = fields.Text(help="Topics, times and channels that are off limits.")
    accountability = fields.Text(
        help="How both keep each other to the plan: reminders, check-ins, what "
        "happens when a milestone slips."
    )
    milestone_ids = fields.One2many("mentorship.plan.milestone", "plan_id", string="Milestones")
    goal_ids = fields.One2many("mentorship.goal", "plan_id", string="Objectives")

    # -- Kick-off -----------------------------------------------------------------------------
    mentor_confirmed = fields.Boolean(readonly=True, copy=False, tracking=True)
    mentee_confirmed = fields.Boolean(readonly=True, copy=False, tracking=True)
    state = fields.Selection(
        [("draft", "To Confirm"), ("confirmed", "Confirmed")],
        compute="_compute_state",
        store=True,
        index=True,
        tracking=True,
    )
    date_kickoff = fields.Date(
        string="Kick-off Done On",
        readonly=True,
        copy=False,
        tracking=True,
        help="When mentor and mentee first both confirmed the plan.",
    )
    can_confirm = fields.Boolean(compute="_compute_can_confirm")

    # -- Resources and progress ------------------------------------------------------------
    library_channel_id = fields.Many2one(related="program_id.library_channel_id")
    resource_channel_ids = fields.Many2many(related="program_id.resource_channel_ids")
    goal_count = fields.Integer(compute="_compute_progress")
    goal_done_count = fields.Integer(compute="_compute_progress")
    progress = fields.Integer(
        compute="_compute_progress", help="Average progress of the objectives, in %."
    )

    _sql_constraints = [
        ("pair_unique", "unique(pair_id)", "A pair has only one 90-day plan."),
    ]

    @api.depends("pair_id.display_name")
    def _compute_display_name(self):
        for plan in self:
            plan.display_name = self.env._(
                "90-Day Plan: %(pair)s", pair=plan.pair_id.display_name or ""
            )

    @api.depends("pair_id.date_start", "pair_id.date_end", "program_id.pair_duration_days")
    def _compute_date_end(self):
        for plan in self:
            pair = plan.pair_id
            if pair.date_end:
                plan.date_end = pair.date_end
            elif pair.date_start:
                plan.date_end = fields.Date.add(
                    pair.date_start, days=pair.program_id.pair_duration_days
                )
            else:
                plan.date_end = False

    @api.depends("mentor_confirmed", "mentee_confirmed")
    def _compute_state(self):
        for plan in self:
            both = plan.mentor_confirmed and plan.mentee_confirmed
            plan.state = "confirmed" if both else "draft"

    @api.depends("mentor_confirmed", "mentee_confirmed", "mentor_user_id", "mentee_user_id")
    @api.depends_context("uid")
    def _compute_can_confirm(self):
        user = self.env.user
        for plan in self:
            plan.can_confirm = plan.pair_state in RUNNING_PAIR_STATES and (
                (plan.mentor_user_id == user and not plan.mentor_confirmed)
                or (plan.mentee_user_id == user and not plan.mentee_confirmed)
            )

    @api.depends("goal_ids.progress", "goal_ids.state")
    def _compute_progress(self):
        for plan in self:
            goals = plan.goal_ids
            plan.goal_count = len(goals)
            plan.goal_done_count = len(goals.filtered(lambda g: g.state == "done"))
            plan.progress = round(sum(goals.mapped("progress")) / len(goals)) if goals else 0

    # -- Creation at activation ------------------------------------------------------------
    @api.model
    def _create_for_pairs(self, pairs):
        """One plan per newly active pair, in one batch: milestones from the
        program's template, one objective per target skill of the mentee plus
        one from their written goals. Pairs that already have a plan keep it."""
        pairs_sudo = pairs.sudo()
        existing = self.sudo().search([("pair_id", "in", pairs_sudo.ids)]).pair_id
        vals_list = []
        for pair in pairs_sudo - existing:
            start = pair.date_start or fields.Date.context_today(self)
            # As _compute_date_end; capping keeps the activation from failing
            # on a pair that already has an end date.
            end = pair.date_end or fields.Date.add(start, days=pair.program_id.pair_duration_days)
            mentee = pair.mentee_enrollment_id
            milestones = [
                Command.create(
                    {
                        "step_id": step.id,
                        "sequence": step.sequence,
                        "name": step.name,
                        "description": step.description,
                        "date_due": min(fields.Date.add(start, days=step.day_offset), end),
                    }
                )
                for step in pair.program_id.plan_step_ids
            ]
            goals = [
                Command.create(
                    {
                        "name": self.env._(
                            "Reach %(level)s in %(skill)s",
                            level=target.target_level_id.name,
                            skill=target.skill_id.name,
                        ),
                        "enrollment_skill_id": target.id,
                        "skill_type_id": target.skill_type_id.id,
                        "skill_id": target.skill_id.id,
                        "target_level_id": target.target_level_id.id,
                        "date_due": end,
                    }
                )
                for target in mentee.target_skill_ids
            ]
            if mentee.goals and mentee.goals.strip():
                text = mentee.goals.strip()
                first_line = text.splitlines()[0].strip()
                goals.append(
                    Command.create(
                        {
                            "name": first_line[:77] + "..." if len(first_line) > 80 else first_line,
                            "description": text,
                            "date_due": end,
                        }
                    )
                )
            vals_list.append({"pair_id": pair.id, "milestone_ids": milestones, "goal_ids": goals})
        plans = self.sudo().create(vals_list)
        # A target already met on day one is done from the start.
        plans.goal_ids._complete_reached_skills()
        plans._schedule_confirm_activities()
        return plans

    def _schedule_confirm_activities(self):
        """Ask each side that has not confirmed yet to confirm, once."""
        confirm_type = self.env.ref(CONFIRM_ACTIVITY)
        plans_sudo = self.sudo()
        existing = {
            (activity.res_id, activity.user_id.id)
            for activity in plans_sudo.activity_ids
            if activity.activity_type_id == confirm_type
        }
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        vals_list = []
        for plan in plans_sudo:
            for user, confirmed in (
                (plan.mentor_user_id, plan.mentor_confirmed),
                (plan.mentee_user_id, plan.mentee_confirmed),
            ):
                if not user or confirmed or (plan.id, user.id) in existing:
                    continue
                vals_list.append(
                    {
                        "activity_type_id": confirm_type.id,
                        "summary": confirm_type.summary,
                        "automated": True,
                        "res_model_id": model_id,
                        "res_id": plan.id,
                        "user_id": user.id,
                        "date_deadline": fields.Date.add(today, days=confirm_type.delay_count),
                    }
                )
        # No "assigned to you" e-mail: it would reach only the side that did
        # not click last; both see the activity in their to-do list.
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
            vals_list
        )

    def _confirm_activities(self, user=None):
        confirm_type = self.env.ref(CONFIRM_ACTIVITY)
        activities = self.sudo().activity_ids.filtered(lambda a: a.activity_type_id == confirm_type)
        if user:
            activities = activities.filtered(lambda a: a.user_id == user)
        return activities

    # -- Confirmation and kick-off -------------------------------------------------------
    def action_confirm(self):
        """The current user confirms their own side of the plan: the mentor
        as mentor, the mentee as mentee. Nobody confirms for someone else."""
        self.check_access("read")
        user = self.env.user
        today = fields.Date.context_today(self)
        pair_states = dict(self.env["mentorship.pair"]._fields["state"].selection)
        for plan in self:
            if plan.mentor_user_id == user:
                side = "mentor"
            elif plan.mentee_user_id == user:
                side = "mentee"
            else:
                raise AccessError(
                    self.env._(
                        "Only the mentor or the mentee can confirm %(plan)s, each for themselves.",
                        plan=plan.display_name,
                    )
                )
            if plan.pair_state not in RUNNING_PAIR_STATES:
                raise UserError(
                    self.env._(
                        "%(plan)s cannot be confirmed: its pair is %(state)s.",
                        plan=plan.display_name,
                        state=pair_states.get(plan.pair_state, plan.pair_state),
                    )
                )
            plan_sudo = plan.sudo()
            if plan_sudo[f"{side}_confirmed"]:
                continue
            plan_sudo.write({f"{side}_confirmed": True})
            plan_sudo._message_log(
                body=self.env._(
                    "%(name)s confirmed the plan as %(side)s.", name=user.name, side=side
                )
            )
            if not (plan_sudo.mentor_confirmed and plan_sudo.mentee_confirmed):
                continue
            if plan_sudo.date_kickoff:
                plan_sudo._message_log(body=self.env._("Both confirmed the changed plan again."))
                continue
            plan_sudo.date_kickoff = today
            plan_sudo.pair_id._message_log(
                body=self.env._(
                    "Kick-off done: %(mentor)s and %(mentee)s both confirmed their 90-day plan.",
                    mentor=plan_sudo.pair_id.mentor_name,
                    mentee=plan_sudo.pair_id.mentee_name,
                )
            )
        self._confirm_activities(user).action_feedback(feedback=self.env._("Confirmed"))
        return True

    def _reset_confirmations(self):
        """The agreed content changed: both sides confirm again."""
        plans_sudo = self.sudo().filtered(lambda p: p.mentor_confirmed or p.mentee_confirmed)
        if not plans_sudo:
            return
        plans_sudo.write({"mentor_confirmed": False, "mentee_confirmed": False})
        for plan in plans_sudo:
            plan._message_log(
                body=self.env._(
                    "%(name)s changed the plan after it was confirmed: mentor and "
                    "mentee confirm it again.",
                    name=self.env.user.name,
                )
            )
        plans_sudo._schedule_confirm_activities()

    def write(self, vals):
        result = super().write(vals)
        if PLAN_CONTENT_FIELDS.intersection(vals):
            self._reset_confirmations()
        return result

    # -- Buttons ----------------------------------------------------------------------------
    def action_open_library(self):
        self.ensure_one()
        self.check_access("read")
        channel = self.library_channel_id
        if not channel:
            raise UserError(
                self.env._(
                    "Program %(program)s has no library course.",
                    program=self.program_id.display_name,
                )
            )
        return {"type": "ir.actions.act_url", "url": channel.website_url, "target": "new"}
