from odoo import api, fields, models


class MentorshipParticipantErase(models.TransientModel):
    """HR erases a participant's mentorship data (see
    mentorship.personal.data): a confirmation, and the choice to cancel the
    pairs that have not ended yet. The erasure checks who may."""

    _name = "mentorship.participant.erase"
    _description = "Erase a Participant's Mentorship Data"
    _inherit = ["mentorship.guarded.mixin"]
    _client_create_fields = frozenset({"employee_id"})
    _client_write_fields = frozenset({"cancel_live_pairs"})

    employee_id = fields.Many2one("hr.employee", required=True, readonly=True)
    live_pair_names = fields.Text(
        string="Pairs Not Ended",
        compute="_compute_live_pair_names",
        help="The pairs of the employee that are pending, active or on hold.",
    )
    cancel_live_pairs = fields.Boolean(
        string="Cancel Their Pairs First",
        help="HR cancels the pairs that have not ended (their sessions still to come too), "
        "then erases.",
    )
    # With create_uid, what the record rule keeps the wizard to: its creator,
    # in the company they worked in.
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )

    @api.depends("employee_id")
    def _compute_live_pair_names(self):
        PersonalData = self.env["mentorship.personal.data"]
        for wizard in self:
            pairs = PersonalData._live_pairs(wizard.employee_id.id)
            wizard.live_pair_names = "\n".join(pair.display_name for pair in pairs) or False

    def action_erase(self):
        self.ensure_one()
        self.env["mentorship.personal.data"]._erase(
            self.employee_id.id, end_live_pairs=self.cancel_live_pairs
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "The mentorship data of the employee is anonymised. Erase the employee "
                    "record itself in the Employees app."
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
