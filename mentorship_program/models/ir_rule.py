from odoo import api, models


class IrRule(models.Model):
    _inherit = "ir.rule"

    @api.model
    def _make_access_error(self, operation, records):
        # Records of the module read past their rules get the same answer as
        # records that do not exist (see mentorship.guarded.mixin); Odoo's
        # message would name them, in debug mode even show their names.
        if isinstance(records, self.pool["mentorship.guarded.mixin"]):
            return records._not_found_error(records)
        return super()._make_access_error(operation, records)
