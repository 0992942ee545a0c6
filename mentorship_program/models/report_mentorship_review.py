from odoo import api, models
from odoo.exceptions import AccessError

from .mentorship_review import MANAGER_GROUP


class ReportMentorshipReview(models.AbstractModel):
    """The quarterly review's PDF: what it prints, for whom.

    The report action is bound to HR managers, but an action's groups only
    hide the Print menu; a client can still ask the report route for any
    ids. The review's access rights and company rule are checked here, before
    anything is rendered."""

    _name = "report.mentorship_program.report_mentorship_review"
    _description = "Mentorship Quarterly Review Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        reviews = self.env["mentorship.review"].browse(docids)
        if not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a Mentorship Manager can print a review."))
        reviews.check_access("read")
        return {
            "doc_ids": reviews.ids,
            "doc_model": "mentorship.review",
            "docs": reviews,
        }
