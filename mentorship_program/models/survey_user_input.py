from odoo import fields, models

# Set when the module sends a pulse or closure survey; never by a client, or
# anyone could slip answers into a pair's figures.
MENTORSHIP_FIELDS = frozenset(
    {
        "mentorship_pair_id",
        "mentorship_program_id",
        "mentorship_survey_kind",
        "mentorship_pulse_index",
        "mentorship_sent_date",
    }
)


class SurveyUserInput(models.Model):
    """A survey invitation (and its answers), linked to the mentorship pair it
    was sent for, so results can be read per pair and per program."""

    _name = "survey.user_input"
    _inherit = ["survey.user_input", "mentorship.system.fields.mixin"]
    # The module's fields here are the system's (see mentorship.guarded.mixin).
    _mentorship_client_write_fields = frozenset()
    _mentorship_system_fields = MENTORSHIP_FIELDS

    mentorship_pair_id = fields.Many2one(
        "mentorship.pair",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
    )
    mentorship_program_id = fields.Many2one(
        related="mentorship_pair_id.program_id",
        string="Mentorship Program",
        store=True,
        index="btree_not_null",
    )
    mentorship_survey_kind = fields.Selection(
        [("pulse", "Pulse"), ("closure", "Closure")],
        string="Mentorship Survey",
        readonly=True,
    )
    mentorship_pulse_index = fields.Integer(
        string="Pulse Number", readonly=True, help="1 for the pulse at +30 days, 2 at +90, ..."
    )
    mentorship_sent_date = fields.Date(string="Sent On (Mentorship)", readonly=True)
