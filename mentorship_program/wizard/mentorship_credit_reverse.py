from odoo import fields, models


class MentorshipCreditReverse(models.TransientModel):
    """HR's reversal of a development credit, asking the reason: the
    credit's own ``action_reverse`` checks who may and that it is reversed
    once."""

    _name = "mentorship.credit.reverse"
    _description = "Reverse a Development Credit"
    _inherit = ["mentorship.guarded.mixin"]
    _client_create_fields = frozenset({"credit_id"})
    _client_write_fields = frozenset({"reason"})

    credit_id = fields.Many2one("mentorship.credit", required=True, readonly=True)
    reason = fields.Char(
        required=True, help="Kept on the counter-entry, read by HR and the person."
    )
    # With create_uid, what the record rule keeps the wizard to: its creator,
    # in the company they worked in.
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )

    def action_confirm(self):
        self.ensure_one()
        self.credit_id.action_reverse(self.reason)
        return {"type": "ir.actions.act_window_close"}
