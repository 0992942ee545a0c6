from odoo import models


class SpreadsheetDashboard(models.Model):
    _inherit = "spreadsheet.dashboard"

    def get_readonly_dashboard(self):
        # Odoo's method reads the spreadsheet without checking the record
        # rules: for someone the dashboard is not shown to (a leader and the
        # Mentorship dashboard) it reads nothing and fails on it with a
        # TypeError. Refuse such a caller with the usual access error instead.
        self.check_access("read")
        return super().get_readonly_dashboard()
