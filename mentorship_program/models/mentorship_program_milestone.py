from odoo import fields, models


class MentorshipProgramMilestone(models.Model):
    """A scaling milestone approved by the program's strategic layer."""

    _name = "mentorship.program.milestone"
    _description = "Mentorship Scaling Milestone"
    _order = "program_id, target_date, id"

    program_id = fields.Many2one(
        "mentorship.program", required=True, ondelete="cascade", index=True
    )
    name = fields.Char(required=True)
    target_date = fields.Date()
    target_active_pairs = fields.Integer(
        help="Number of active pairs the program should reach by this date."
    )
    reached_date = fields.Date()
