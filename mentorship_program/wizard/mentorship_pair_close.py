from odoo import api, fields, models


class MentorshipPairClose(models.TransientModel):
    """Pause pairs, or end them before their term: put them on hold,
    complete them early or cancel them, with a reason (required to hold or
    cancel). The pair's own actions check who may."""

    _name = "mentorship.pair.close"
    _description = "Pause or End Mentorship Pairs"
    _inherit = ["mentorship.guarded.mixin"]
    # The wizard's choices; the pairs' own actions check who may end them.
    _client_write_fields = frozenset({"pair_ids", "closure", "reason"})

    pair_ids = fields.Many2many(
        "mentorship.pair", string="Pairs", default=lambda self: self._default_pair_ids()
    )
    closure = fields.Selection(
        [
            ("on_hold", "Put on Hold"),
            ("completed_early", "Complete Early"),
            ("cancelled", "Cancel"),
        ],
        required=True,
        default="completed_early",
    )
    reason = fields.Text(
        help="Kept on the pair and shown to its mentor, mentee and HR; required to put on hold "
        "or cancel."
    )
    # With create_uid, what the record rule keeps the wizard to: its creator,
    # in the company they worked in.
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )

    @api.model
    def _default_pair_ids(self):
        if self.env.context.get("active_model") == "mentorship.pair":
            return self.env["mentorship.pair"].browse(self.env.context.get("active_ids", []))
        return self.env["mentorship.pair"]

    def action_confirm(self):
        self.ensure_one()
        if self.closure == "cancelled":
            self.pair_ids.action_cancel(reason=self.reason)
        elif self.closure == "on_hold":
            self.pair_ids.action_hold(reason=self.reason)
        else:
            self.pair_ids.action_complete_early(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
