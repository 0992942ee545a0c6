from odoo import fields, models


class SlideChannel(models.Model):
    # Imported first in models/__init__.py: the table of mentorship_skill_ids
    # must exist before mentorship.goal.resource creates its SQL view on it.
    _inherit = "slide.channel"
    # Whoever may edit the course tags its skills.
    _mentorship_client_write_fields = frozenset({"mentorship_skill_ids"})
    _mentorship_system_fields = frozenset()

    mentorship_skill_ids = fields.Many2many(
        "hr.skill",
        "mentorship_slide_channel_skill_rel",
        "channel_id",
        "skill_id",
        string="Skills Taught",
        help="Skills this course develops: mentorship plans suggest it for "
        "objectives on these skills when it is one of the program's resources.",
    )
