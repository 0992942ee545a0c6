from odoo import fields, models


class MentorshipProgramMilestone(models.Model):
    """A scaling milestone approved by the program's strategic layer."""

    _name = "mentorship.program.milestone"
    _description = "Mentorship Scaling Milestone"
    _order = "program_id, target_date, id"
    _inherit = ["mentorship.guarded.mixin"]
    # A scaling milestone of one program, for good. It is reached by itself
    # (mentorship.program._mentorship_reach_milestones): nobody sets or
    # clears its reached date.
    _client_create_fields = frozenset({"program_id"})
    _client_write_fields = frozenset({"name", "target_date", "target_active_pairs"})

    program_id = fields.Many2one(
        "mentorship.program", required=True, ondelete="cascade", index=True
    )
    name = fields.Char(required=True)
    target_date = fields.Date()
    target_active_pairs = fields.Integer(
        help="Number of active pairs the program should reach by this date."
    )
    reached_date = fields.Date(
        readonly=True,
        copy=False,
        help="The day the program first had this many active pairs; set by itself, never cleared.",
    )
