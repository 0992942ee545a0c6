from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MentorshipProgramPlanStep(models.Model):
    """One milestone of a program's 90-day plan template.

    When a pair starts, each step becomes a milestone of the pair's plan,
    due ``day_offset`` days after the pair's start date.
    """

    _name = "mentorship.program.plan.step"
    _description = "Mentorship Plan Template Step"
    _order = "program_id, day_offset, sequence, id"
    _inherit = ["mentorship.guarded.mixin"]
    # A step of one program's plan template, for good.
    _client_create_fields = frozenset({"program_id"})
    _client_write_fields = frozenset({"sequence", "name", "description", "day_offset"})

    program_id = fields.Many2one(
        "mentorship.program", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    day_offset = fields.Integer(
        string="Due on Day",
        required=True,
        default=30,
        help="The milestone is due this many days after the pair starts.",
    )

    @api.constrains("day_offset", "program_id")
    def _check_day_offset(self):
        for step in self:
            duration = step.program_id.pair_duration_days
            if not 1 <= step.day_offset <= duration:
                raise ValidationError(
                    self.env._(
                        "Program %(program)s: the plan step %(step)s is due on day "
                        "%(day)s; it must be between day 1 and the Pair Duration "
                        "(%(duration)s days).",
                        program=step.program_id.display_name,
                        step=step.name,
                        day=step.day_offset,
                        duration=duration,
                    )
                )
