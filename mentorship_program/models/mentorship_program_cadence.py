from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MentorshipProgramCadence(models.Model):
    """One recurring meeting type of a program, e.g. a monthly check-in."""

    _name = "mentorship.program.cadence"
    _description = "Mentorship Meeting Cadence"
    _order = "program_id, sequence, id"
    _inherit = ["mentorship.guarded.mixin"]
    # A meeting type of one program, for good.
    _client_create_fields = frozenset({"program_id"})
    _client_write_fields = frozenset(
        {"sequence", "session_type", "interval_number", "interval_unit", "duration_hours"}
    )

    program_id = fields.Many2one(
        "mentorship.program", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    session_type = fields.Selection(
        [
            ("check_in", "Check-in"),
            ("shadowing", "Shadowing day"),
            ("feedback", "Feedback cycle"),
        ],
        required=True,
        default="check_in",
    )
    interval_number = fields.Integer(string="Every", required=True, default=1)
    interval_unit = fields.Selection(
        [("weeks", "Weeks"), ("months", "Months")],
        required=True,
        default="months",
    )
    duration_hours = fields.Float(string="Duration (hours)", default=1.0)

    @api.constrains("interval_number", "duration_hours")
    def _check_interval(self):
        for cadence in self:
            if cadence.interval_number < 1:
                raise ValidationError(
                    self.env._(
                        "Program %(program)s: the cadence 'Every' must be at "
                        "least 1 (got %(value)s).",
                        program=cadence.program_id.display_name,
                        value=cadence.interval_number,
                    )
                )
            if cadence.duration_hours <= 0:
                raise ValidationError(
                    self.env._(
                        "Program %(program)s: the cadence 'Duration (hours)' must be positive.",
                        program=cadence.program_id.display_name,
                    )
                )

    @api.depends("session_type", "interval_number", "interval_unit")
    def _compute_display_name(self):
        session_labels = dict(self._fields["session_type"].selection)
        unit_labels = dict(self._fields["interval_unit"].selection)
        for cadence in self:
            cadence.display_name = self.env._(
                "%(type)s every %(number)s %(unit)s",
                type=session_labels.get(cadence.session_type, ""),
                number=cadence.interval_number,
                unit=(unit_labels.get(cadence.interval_unit) or "").lower(),
            )
