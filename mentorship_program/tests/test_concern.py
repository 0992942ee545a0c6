from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .privacy_common import PrivacyCase
from .test_portal_pair import PortalPairCase

SUBJECT = "Mona cancels every other session"
DESCRIPTION = "She shouts when I disagree."


@tagged("post_install", "-at_install")
class TestConcern(PrivacyCase):
    """A concern: the person who raised it and the Mentorship Managers."""

    def setUp(self):
        super().setUp()
        self.Concern = self.env["mentorship.concern"]
        self.concern = self.Concern.with_user(self.user_alice).create(
            {"pair_id": self.pair.id, "subject": SUBJECT, "description": f"<p>{DESCRIPTION}</p>"}
        )
        self.env.invalidate_all()

    def test_raised_by_the_mentee_for_hr(self):
        concern = self.concern.sudo()
        self.assertEqual(concern.raised_by_user_id, self.user_alice)
        self.assertEqual(concern.raised_by_side, "mentee")
        self.assertEqual(concern.state, "new")
        self.assertEqual(concern.company_id, self.company)
        self.assertIn(self.user_alice.partner_id, concern.message_partner_ids)
        # HR is told that there is a concern, and nothing of what it says.
        activity = concern.activity_ids
        self.assertEqual(activity.user_id, self.user_hr)
        self.assertEqual(activity.summary, f"A concern was raised on pair {self.pair.display_name}")
        activity_text = f"{activity.summary} {activity.note or ''} {concern.display_name}"
        self.assertNotIn("cancels", activity_text)
        self.assertNotIn("shouts", activity_text)
        # The pair's chatter (read by the other person) says nothing of it.
        pair_messages = " ".join(self.pair.message_ids.mapped(lambda m: str(m.body or "")))
        self.assertNotIn("oncern", pair_messages)
        self.assertNotIn("cancels", pair_messages)
        # Mentorship Managers and administrators read what was shared.
        for user in (self.user_hr, self.user_mentorship_admin, self.user_admin):
            with self.subTest(user=user.login):
                values = self.concern.with_user(user).read(["subject", "description"])[0]
                self.assertEqual(values["subject"], SUBJECT)
                self.assertIn(DESCRIPTION, values["description"])
                self.assertEqual(self.Concern.with_user(user).search([]), self.concern)
                exported = self.concern.with_user(user).export_data(["subject"])["datas"]
                self.assertEqual(exported, [[SUBJECT]])

    def test_nobody_else_reads_it(self):
        others = dict(self._outsiders())
        for role in ("mentorship manager", "mentorship admin", "odoo admin"):
            others.pop(role)
        others["the other person of the pair"] = self.user_mona
        for role, user in others.items():
            with self.subTest(role=role):
                Concern = self.Concern.with_user(user)
                concern = self.concern.with_user(user)
                self.assertFalse(Concern.search([]))
                self.assertEqual(Concern.search_count([("subject", "ilike", "cancels")]), 0)
                self.assertEqual(Concern.search_read([], ["subject"]), [])
                self.assertEqual(Concern.read_group([], ["pair_id"], ["pair_id"]), [])
                with self.assertRefused(AccessError):
                    concern.read(["subject", "description"])
                with self.assertRefused(AccessError):
                    concern.export_data(["subject", "description"])
                with self.assertRefused(AccessError):
                    concern.write({"resolution": "<p>Closed</p>"})
                with self.assertRefused(AccessError):
                    concern.unlink()
                with self.assertRefused(AccessError):
                    concern.action_resolve()
                with self.assertRefused(AccessError):
                    concern.message_post(body="Anything to add?")
                # Nor the activity telling HR about it.
                Activity = self.env["mail.activity"].with_user(user)
                if Activity.has_access("read"):  # portal users have no activities at all
                    self.assertFalse(Activity.search([("res_model", "=", "mentorship.concern")]))
        self.assertEqual(self.concern.sudo().state, "new")

    def test_the_other_person_never_reads_it_even_as_a_manager(self):
        self.user_mona.groups_id = [
            Command.link(self.env.ref("mentorship_program.group_mentorship_manager").id)
        ]
        self.program.manager_user_ids = [Command.set((self.user_mona | self.user_hr).ids)]
        concern = self.Concern.with_user(self.user_alice).create(
            {"pair_id": self.pair.id, "subject": "Second one"}
        )
        self.assertFalse(self.Concern.with_user(self.user_mona).search([]))
        with self.assertRefused(AccessError):
            concern.with_user(self.user_mona).read(["subject"])
        self.assertEqual(concern.sudo().activity_ids.user_id, self.user_hr, "not Mona")
        # Mona still reads the concerns of pairs she is not in.
        other = self.Concern.with_user(self.user_paul).create(
            {"pair_id": self.pair_paul.id, "subject": "Paul's"}
        )
        self.assertEqual(self.Concern.with_user(self.user_mona).search([]), other)

    def test_only_for_oneself_on_one_own_pair(self):
        Concern = self.Concern
        refused = [
            (self.user_carl, self.pair, {}),
            (self.user_hr, self.pair, {}),
            (self.user_admin, self.pair, {}),
            (self.user_paul, self.pair, {}),
            (self.user_alice, self.pair_paul, {}),
        ]
        for user, pair, extra in refused:
            with self.subTest(user=user.login, pair=pair.id):
                with self.assertRefused(AccessError, rf"Mentorship Pair {pair.id}: no such record"):
                    Concern.with_user(user).create(
                        {"pair_id": pair.id, "subject": "Forged", **extra}
                    )
        with self.assertRefused(AccessError, "Mentorship Pair 999999: no such record"):
            Concern.with_user(self.user_carl).create({"pair_id": 999999, "subject": "Forged"})
        # Nobody raises a concern in someone else's name: the field is the caller's.
        with self.assertRefused(AccessError, r"\(raised_by_user_id\) cannot be written"):
            Concern.with_user(self.user_alice).create(
                {
                    "pair_id": self.pair.id,
                    "subject": "Forged",
                    "raised_by_user_id": self.user_mona.id,
                }
            )
        self.assertFalse(Concern.search([("subject", "=", "Forged")]))
        # The mentor raises one too, and reads their own only.
        own = Concern.with_user(self.user_mona).create({"pair_id": self.pair.id, "subject": "Mine"})
        self.assertEqual(own.raised_by_side, "mentor")
        self.assertEqual(Concern.with_user(self.user_mona).search([]), own)
        self.assertEqual(Concern.with_user(self.user_alice).search([]), self.concern)
        # What was shared is not rewritten afterwards, by anyone.
        with self.assertRefused(AccessError):
            self.concern.with_user(self.user_alice).write({"subject": "Changed"})
        with self.assertRefused(AccessError, r"\(description\) cannot be written"):
            self.concern.with_user(self.user_hr).write({"description": "<p>Edited by HR</p>"})
        with self.assertRefused(AccessError, r"\(state\) cannot be written"):
            self.concern.with_user(self.user_hr).write({"state": "resolved"})

    def test_hr_takes_it_in_hand_and_answers(self):
        concern = self.concern.with_user(self.user_hr)
        concern.action_start()
        self.assertEqual(concern.state, "in_progress")
        with self.assertRefused(UserError, "write what was done"):
            concern.action_resolve()
        concern.write({"resolution": "<p>We talked with both; sessions are back on track.</p>"})
        concern.action_resolve()
        self.assertEqual(concern.state, "resolved")
        self.assertFalse(concern.sudo().activity_ids, "HR's activity is done")
        # The person who raised it reads the answer and may reply; cannot act.
        mine = self.concern.with_user(self.user_alice)
        self.assertIn("back on track", mine.resolution)
        mine.message_post(body="Thank you.", message_type="comment")
        for action in ("action_start", "action_resolve", "action_reopen"):
            with self.assertRefused(AccessError):
                getattr(mine, action)()
        with self.assertRefused(AccessError):
            mine.write({"resolution": "<p>Not resolved</p>"})
        concern.action_reopen()
        self.assertEqual(concern.state, "in_progress")

    def test_raise_from_the_pair_form(self):
        action = self.pair.with_user(self.user_mona).action_raise_concern()
        self.assertEqual((action["res_model"], action["target"]), ("mentorship.concern", "new"))
        with Form(
            self.env["mentorship.concern"]
            .with_user(self.user_mona)
            .with_context(**action["context"]),
            view="mentorship_program.mentorship_concern_view_form_raise",
        ) as form:
            self.assertEqual(form.pair_id, self.pair)
            form.subject = "Alice never prepares"
        self.assertEqual(form.record.raised_by_user_id, self.user_mona)
        self.assertEqual(form.record.raised_by_side, "mentor")
        for user in (self.user_hr, self.user_admin):
            with self.subTest(user=user.login), self.assertRefused(AccessError, "no such record"):
                self.pair.with_user(user).action_raise_concern()


@tagged("post_install", "-at_install")
class TestConcernPortal(PortalPairCase):
    """Alice, a portal user, raises a concern from her pair's page."""

    def _concerns(self):
        return self.env["mentorship.concern"].search([("pair_id", "=", self.pair.id)])

    def test_raise_a_concern_from_the_pair_page(self):
        self.authenticate("mentorship_alice", "mentorship_alice")
        page = self.url_open(self._url())
        self.assertIn("Raise a concern", page.text)
        token = self._csrf(self._url())
        response = self.url_open(
            self._url(operation="concern"),
            data={"csrf_token": token, "subject": SUBJECT, "description": DESCRIPTION},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303, "post/redirect/get")
        self.assertTrue(response.headers["Location"].endswith(self._url()))
        concern = self._concerns()
        self.assertEqual(concern.raised_by_user_id, self.user_alice)
        self.assertIn(DESCRIPTION, concern.description)
        page = self.url_open(response.headers["Location"])
        self.assertIn("Your concern is sent", page.text)
        self.assertIn(SUBJECT, page.text)
        # Reloading the page sends nothing again, and says it once only.
        page = self.url_open(response.headers["Location"])
        self.assertEqual(len(self._concerns()), 1)
        self.assertNotIn("Your concern is sent", page.text)
        # HR answers; Alice reads it on her page.
        concern.sudo().write({"resolution": "<p>HR called Mona.</p>"})
        self.assertIn("HR called Mona.", self.url_open(self._url()).text)
        # Mona, on the same page, sees nothing of it.
        self.authenticate("mentorship_mona", "mentorship_mona")
        page = self.url_open(self._url())
        self.assertNotIn(SUBJECT, page.text)
        self.assertNotIn("HR called Mona", page.text)

    def test_refusals(self):
        # Someone else's pair: back to /my, nothing raised.
        self.authenticate("mentorship_bob", "mentorship_bob")
        token = self._csrf("/my/mentorship")
        response = self.url_open(
            self._url(operation="concern"), data={"csrf_token": token, "subject": SUBJECT}
        )
        self.assertTrue(response.url.endswith("/my"), response.url)
        self.assertFalse(self._concerns())
        # No csrf token, a forged one: refused.
        self.authenticate("mentorship_alice", "mentorship_alice")
        for data in ({"subject": SUBJECT}, {"subject": SUBJECT, "csrf_token": "forged"}):
            response = self.url_open(self._url(operation="concern"), data=data)
            self.assertEqual(response.status_code, 400)
        # No subject: said so, nothing stored.
        response = self._post("concern", subject="  ")
        self.assertIn("Say in a few words", response.text)
        self.assertFalse(self._concerns())
