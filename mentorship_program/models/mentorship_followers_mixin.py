from odoo import models


class MentorshipFollowersMixin(models.AbstractModel):
    """Records whose followers are inserted in bulk before activities are
    created on them (publication, automation/notices.py).

    ``mail.activity.create`` subscribes each assignee to the record, one
    record at a time; under the context key ``mentorship_followers_inserted``
    the people already follow it, so that subscription is skipped.
    """

    _name = "mentorship.followers.mixin"
    _description = "Mentorship: followers inserted in bulk"

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        if self.env.context.get("mentorship_followers_inserted"):
            return True
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)
