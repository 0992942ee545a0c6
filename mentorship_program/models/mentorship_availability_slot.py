from odoo import fields, models


class MentorshipAvailabilitySlot(models.Model):
    """A half-day of the working week in which someone can meet.

    Mentors and mentees pick the slots that suit them; matching later scores
    the overlap, which is why slots are records and not free text.
    """

    _name = "mentorship.availability.slot"
    _description = "Mentorship Availability Slot"
    _order = "sequence, id"
    _inherit = ["mentorship.guarded.mixin"]
    # Administrators keep the half-days people can choose.
    _client_write_fields = frozenset({"name", "sequence", "weekday", "day_period"})

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    weekday = fields.Selection(
        [
            ("0", "Monday"),
            ("1", "Tuesday"),
            ("2", "Wednesday"),
            ("3", "Thursday"),
            ("4", "Friday"),
            ("5", "Saturday"),
            ("6", "Sunday"),
        ],
        required=True,
    )
    day_period = fields.Selection(
        [("morning", "Morning"), ("afternoon", "Afternoon")],
        required=True,
    )

    _sql_constraints = [
        (
            "weekday_period_unique",
            "unique(weekday, day_period)",
            "Each half-day can only be defined once.",
        ),
    ]
