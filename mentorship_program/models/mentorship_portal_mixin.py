"""Where a record lives on the portal, and why it is never shared by link.

The module's portal pages speak for the people in a record (a pair's mentor
and mentee, an enrollment's employee, a note's author): they are shown to
whoever the record rules let read the record, never to whoever holds a link.
``portal.mixin`` gives every such record its ``access_url``; this mixin fills
it from one path per model and refuses to mint the access token that would
let a link, a portal chatter post or a forwarded e-mail stand in for the
rules.
"""

from odoo import models


class MentorshipPortalMixin(models.AbstractModel):
    _name = "mentorship.portal.mixin"
    _description = "Mentorship: the record's portal page, never shared by link"
    _inherit = ["portal.mixin"]

    # The record's portal page, formatted with the record's id.
    _mentorship_portal_path = "/my/mentorship"

    def _compute_access_url(self):
        for record in self:
            record.access_url = self._mentorship_portal_path.format(id=record.id)

    def _portal_ensure_token(self):
        # No token is ever stored: Odoo's portal would accept it in place of
        # the record rules (``_document_check_access``, the portal chatter).
        return ""
