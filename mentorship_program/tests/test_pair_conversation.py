"""A pair's conversation: its mentor and mentee write to each other in the
pair's chatter, each is notified of the other's message, and nobody else
reads it (HR reads the pair's system log only)."""

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_roles import RolesCase

HELLO = "Shall we meet on Tuesday?"


@tagged("post_install", "-at_install")
class TestPairConversation(RolesCase):
    def _post(self, user, body=HELLO, pair=None):
        return (
            (pair or self.pair)
            .with_user(user)
            .message_post(body=body, message_type="comment", subtype_xmlid="mail.mt_comment")
        )

    def _messages(self, user, pair=None):
        return (
            self.env["mail.message"]
            .with_user(user)
            .search([("model", "=", "mentorship.pair"), ("res_id", "=", (pair or self.pair).id)])
        )

    def test_the_mentee_writes_and_the_mentor_is_notified(self):
        followers = self.pair.message_partner_ids
        self.assertIn(self.user_alice.partner_id, followers)
        self.assertIn(self.user_mona.partner_id, followers)
        message = self._post(self.user_alice)
        notified = message.sudo().notification_ids.res_partner_id
        self.assertIn(self.user_mona.partner_id, notified)
        self.assertNotIn(self.user_hr.partner_id, notified, "HR follows no pair's conversation")
        self.assertIn(message, self._messages(self.user_mona))
        reply = self._post(self.user_mona, "Tuesday works.")
        self.assertIn(self.user_alice.partner_id, reply.sudo().notification_ids.res_partner_id)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_hr_reads_the_system_log_not_the_conversation(self):
        message = self._post(self.user_alice)
        for role in ("mentorship_manager", "mentorship_admin", "odoo_admin"):
            user = self.roles[role]
            with self.subTest(role=role):
                seen = self._messages(user)
                self.assertNotIn(message, seen)
                self.assertTrue(seen, "the pair's tracked changes and notes stay readable")
                with self.assertRefused(AccessError):
                    message.with_user(user).read(["body"])
                with self.assertRefused(AccessError):
                    message.with_user(user).write({"body": "edited by HR"})
        self.assertIn(HELLO, message.body)

    def test_a_note_of_the_mentor_is_the_pairs_too(self):
        note = self.pair.with_user(self.user_mona).message_post(
            body="Prepare the roadmap", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self.assertIn(note, self._messages(self.user_alice))
        self.assertNotIn(note, self._messages(self.user_hr))

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_files_of_the_conversation_are_the_pairs(self):
        message = self.pair.with_user(self.user_alice).message_post(
            body="My draft plan",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachments=[("plan.txt", b"Learn to delegate")],
        )
        attachment = message.sudo().attachment_ids
        self.assertEqual(attachment.res_model, "mentorship.pair")
        Attachment = self.env["ir.attachment"]
        on_pair = [("res_model", "=", "mentorship.pair"), ("res_id", "=", self.pair.id)]
        self.assertIn(attachment, Attachment.with_user(self.user_mona).search(on_pair))
        self.assertEqual(attachment.with_user(self.user_mona).raw, b"Learn to delegate")
        for role in ("mentorship_manager", "odoo_admin"):
            user = self.roles[role]
            with self.subTest(role=role):
                self.assertNotIn(attachment, Attachment.with_user(user).search(on_pair))
                with self.assertRefused(AccessError):
                    attachment.with_user(user).read(["raw"])

    def test_a_message_from_hr_is_read_by_its_author_and_the_pair(self):
        message = self._post(self.user_hr, "A word from HR.")
        self.assertIn(message, self._messages(self.user_hr))
        self.assertIn(message, self._messages(self.user_alice))
        self.assertNotIn(message, self._messages(self.user_ada), "not another HR person")

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_outsiders_neither_read_nor_write(self):
        self._post(self.user_alice)
        for role in ("colleague", "line_manager", "portal_member", "other_company_manager"):
            user = self.roles[role]
            with self.subTest(role=role):
                self.assertFalse(self._messages(user))
                with self.assertRefused(AccessError):
                    self._post(user, "Let me in")

    def test_other_records_chatter_is_untouched(self):
        """The rule narrows the pairs' conversations only."""
        message = self.company.partner_id.sudo().message_post(
            body="About the company", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertTrue(message.with_user(self.user_hr).mentorship_visible)
        found = self.env["mail.message"].with_user(self.user_hr).search([("id", "=", message.id)])
        self.assertEqual(found, message)
