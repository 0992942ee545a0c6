from odoo import fields, models


class MentorshipProgramMilestone(models.Model):
    """A scaling milestone approved by the program's strategic layer."""

    _name = "mentorship.program.milestone"
    _description = "Mentorship Scaling Milestone"
    _order = "program_id, target_date, id"
    _inherit = ["mentorship.guarded.mixin"]
    # A scaling milestone of one program, for good.
    _client_create_fields = frozenset({"program_id"})
    _client_write_fields = frozenset({"name", "target_date", "target_active_pairs", "reached_date"})

    program_id = fields.Many2one(
        "mentorship.program", required=True, ondelete="cascade", index=True
    )
    name = fields.Char(required=True)
    target_date = fields.Date()
    target_active_pairs = fields.Integer(
        help="Number of active pairs the program should reach by this date."
    )
    reached_date = fields.Date()
