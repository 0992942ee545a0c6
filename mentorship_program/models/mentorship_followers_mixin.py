from odoo import Command, models
from odoo.tools import SQL


class MentorshipFollowersMixin(models.AbstractModel):
    """Records whose followers are inserted in bulk before activities are
    created on them by the thousand (publication, the crons' notices).

    ``mail.activity.create`` subscribes each assignee to the records of
    their activities, one user at a time: a few queries per person who does
    not follow yet. ``_mentorship_add_followers`` inserts every missing
    follower of a batch in one ``create`` beforehand, and leaves the
    followers of the batch in the cache; then ``message_subscribe``, for the
    system (superuser), skips a partner who follows every record already,
    read from that cache, so that the activities cost no query per person.
    Anything else (a client call, a new follower, subtypes) goes through
    Odoo's own checks.
    """

    _name = "mentorship.followers.mixin"
    _description = "Mentorship: followers inserted in bulk"

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        if self.env.su and partner_ids and not subtype_ids:
            wanted = set(partner_ids)
            # Followers' partner ids as stored: no per-record read of partners.
            if all(
                wanted <= {follower.partner_id.id for follower in record.message_follower_ids}
                for record in self
            ):
                return True
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    def _mentorship_add_followers(self, partners_by_record):
        """Make partners follow records, in bulk: ``partners_by_record`` maps
        a record id of ``self``'s model to partner ids. The followers missing
        are created in one ``create`` with the model's default subtypes (the
        external ones for portal partners), as ``message_subscribe`` would;
        archived partners are left out, as it does. A fixed number of queries
        whatever the number of records and people."""
        wanted = {
            (res_id, partner_id)
            for res_id, partner_ids in partners_by_record.items()
            for partner_id in partner_ids
            if partner_id
        }
        records = self.browse(list(partners_by_record)).sudo()
        if wanted:
            Followers = self.env["mail.followers"].sudo().with_context(default_partner_id=False)
            Followers.flush_model(["res_model", "res_id", "partner_id"])
            self.env.cr.execute(
                SQL(
                    "SELECT res_id, partner_id FROM mail_followers"
                    " WHERE res_model = %s AND res_id = ANY(%s)",
                    self._name,
                    list(partners_by_record),
                )
            )
            missing = wanted - set(self.env.cr.fetchall())
            partners = self.env["res.partner"].sudo().browse({pid for _rid, pid in missing})
            active = set(partners.filtered("active").ids)
            customers = set(partners.filtered("partner_share").ids)
            missing = sorted((rid, pid) for rid, pid in missing if pid in active)
            if missing:
                Subtype = self.env["mail.message.subtype"]
                default, _internal, external = Subtype.default_subtypes(self._name)
                Followers.create(
                    [
                        {
                            "res_model": self._name,
                            "res_id": res_id,
                            "partner_id": partner_id,
                            "subtype_ids": [
                                Command.set(
                                    external.ids if partner_id in customers else default.ids
                                )
                            ],
                        }
                        for res_id, partner_id in missing
                    ]
                )
                # res_id is an integer: the ORM does not know these are the
                # records' followers.
                records.invalidate_recordset(["message_follower_ids", "message_partner_ids"])
        # Read once for the whole batch: message_subscribe above finds them here.
        records.mapped("message_follower_ids.partner_id")
        return records
