from odoo import models


class MentorshipFollowersMixin(models.AbstractModel):
    """Records whose followers are inserted in bulk (Odoo's
    ``mail.followers._insert_followers``) before activities are created on
    them by the thousand (publication, the crons' notices).

    ``mail.activity.create`` then subscribes each assignee again, one user at
    a time. For the system (superuser), a partner who follows every record
    already is skipped, read from the followers prefetched for the whole
    batch, so that this costs no query per person. Anything else (a client
    call, a new follower, subtypes) goes through Odoo's own checks.
    """

    _name = "mentorship.followers.mixin"
    _description = "Mentorship: followers inserted in bulk"

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        if self.env.su and partner_ids and not subtype_ids:
            wanted = set(partner_ids)
            if all(wanted <= set(record.message_partner_ids.ids) for record in self):
                return True
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)
