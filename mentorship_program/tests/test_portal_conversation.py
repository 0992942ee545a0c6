"""The pair's conversation over HTTP, through the routes Odoo's portal thread
calls: the mentee posts, the mentor is notified; an outsider, another pair's
mentee and an unknown id get the same refusal, with or without a token."""

import json

from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_portal_pair import PortalPairCase

HELLO = "Shall we meet on Tuesday?"


@tagged("post_install", "-at_install")
class TestPortalConversation(PortalPairCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pair.with_user(cls.user_alice).action_accept()
        cls.pair.with_user(cls.user_mona).action_accept()

    def _post(self, pair_id, body=HELLO, **kwargs):
        """(HTTP status, JSON-RPC error or None) of a post to the portal thread."""
        payload = {
            "id": 0,
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "thread_model": "mentorship.pair",
                "thread_id": pair_id,
                "post_data": {
                    "body": body,
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
                **kwargs,
            },
        }
        response = self.url_open(
            "/mail/message/post",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        error = response.json().get("error") if response.status_code == 200 else None
        return response.status_code, error and error["data"]["name"]

    def _fetch(self, pair_id, **kwargs):
        return self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {"thread_model": "mentorship.pair", "thread_id": pair_id, **kwargs},
        )

    def _comments(self):
        return self.env["mail.message"].search(
            [
                ("model", "=", "mentorship.pair"),
                ("res_id", "=", self.pair.id),
                ("message_type", "=", "comment"),
            ]
        )

    def test_the_mentee_posts_and_the_mentor_is_notified(self):
        self.authenticate("mentorship_alice", "mentorship_alice")
        status, error = self._post(self.pair.id)
        self.assertEqual((status, error), (200, None))
        message = self._comments()
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.user_alice.partner_id)
        self.assertIn(self.user_mona.partner_id, message.notification_ids.res_partner_id)
        self.assertNotIn(self.user_hr.partner_id, message.notification_ids.res_partner_id)
        # The mentor reads it in the portal thread.
        self.authenticate("mentorship_mona", "mentorship_mona")
        fetched = self._fetch(self.pair.id)
        bodies = [row["body"] for row in fetched["data"]["mail.message"]]
        self.assertTrue(any(HELLO in body for body in bodies))

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule", "odoo.models")
    def test_outsiders_and_unknown_ids_get_the_same_refusal(self):
        unknown_id = self.env["mentorship.pair"].search([], order="id desc", limit=1).id + 1000
        for login in ("mentorship_paul", "mentorship_bob", "mentorship_carl"):
            self.authenticate(login, login)
            unknown = self._post(unknown_id)
            with self.subTest(login=login):
                self.assertNotEqual(unknown, (200, None))
                self.assertEqual(
                    self._post(self.pair.id),
                    unknown,
                    "someone else's pair answers as a missing one",
                )
                # A guessed token or signed link opens nothing either.
                self.assertEqual(self._post(self.pair.id, token="guess"), unknown)
                self.assertEqual(self._post(self.pair.id, hash="guess", pid=1), unknown)
        self.assertFalse(self._comments(), "nobody but the pair posted")

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule", "odoo.models")
    def test_hr_does_not_fetch_the_conversation(self):
        self.authenticate("mentorship_alice", "mentorship_alice")
        self._post(self.pair.id)
        self.authenticate("mentorship_hr", "mentorship_hr")
        fetched = self._fetch(self.pair.id)
        bodies = [row["body"] for row in fetched["data"]["mail.message"]]
        self.assertFalse(any(HELLO in body for body in bodies))
