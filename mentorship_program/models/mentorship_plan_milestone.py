from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Changing these on a confirmed plan asks both sides to confirm it again.
MILESTONE_CONTENT_FIELDS = frozenset({"name", "description", "date_due"})


class MentorshipPlanMilestone(models.Model):
    """A dated checkpoint of a pair's 90-day plan."""

    _name = "mentorship.plan.milestone"
    _description = "Mentorship Plan Milestone"
    _inherit = ["mentorship.guarded.mixin"]
    _order = "plan_id, date_due, sequence, id"
    # A checkpoint of one plan, for good: it never moves to another pair's plan.
    _client_create_fields = frozenset({"plan_id"})
    _client_write_fields = frozenset({"sequence", "name", "description", "date_due", "done"})

    plan_id = fields.Many2one("mentorship.plan", required=True, ondelete="cascade", index=True)
    pair_id = fields.Many2one(related="plan_id.pair_id", store=True, index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    step_id = fields.Many2one(
        "mentorship.program.plan.step",
        string="Template Step",
        ondelete="set null",
        readonly=True,
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    description = fields.Text()
    date_due = fields.Date(string="Due Date", required=True)
    done = fields.Boolean()
    date_done = fields.Date(string="Done On", compute="_compute_date_done", store=True)

    @api.depends("done")
    def _compute_date_done(self):
        today = fields.Date.context_today(self)
        for milestone in self:
            if not milestone.done:
                milestone.date_done = False
            elif not milestone.date_done:
                milestone.date_done = today

    @api.constrains("date_due", "plan_id")
    def _check_date_due(self):
        for milestone in self:
            plan = milestone.plan_id
            if plan.date_end and milestone.date_due > plan.date_end:
                raise ValidationError(
                    self.env._(
                        "%(plan)s: the milestone %(milestone)s is due on %(due)s, after "
                        "the pair's end date (%(end)s). Choose a Due Date on or before "
                        "%(end)s.",
                        plan=plan.display_name,
                        milestone=milestone.name,
                        due=milestone.date_due,
                        end=plan.date_end,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        milestones = super().create(vals_list)
        milestones.plan_id._reset_confirmations()
        return milestones

    def write(self, vals):
        result = super().write(vals)
        if MILESTONE_CONTENT_FIELDS.intersection(vals):
            self.plan_id._reset_confirmations()
        return result

    def unlink(self):
        plans = self.plan_id
        result = super().unlink()
        plans.exists()._reset_confirmations()
        return result
