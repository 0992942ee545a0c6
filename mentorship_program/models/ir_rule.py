from odoo import api, models


class IrRule(models.Model):
    _inherit = "ir.rule"

    @api.model
    def _make_access_error(self, operation, records):
        # Records of the module read past their rules get the same answer as
        # records that do not exist (see mentorship.guarded.mixin); Odoo's
        # message would name them, in debug mode even show their names and
        # the rules that refused. So do the rows of Odoo's tables about them
        # (followers, notifications, session events and their attendees:
        # models/mail_confidential.py).
        if isinstance(records, self.pool["mentorship.guarded.mixin"]):
            return records._not_found_error(records)
        if hasattr(records, "_mentorship_hides") and records._mentorship_hides():
            return self.env["mentorship.guarded.mixin"]._not_found_error(records)
        return super()._make_access_error(operation, records)
