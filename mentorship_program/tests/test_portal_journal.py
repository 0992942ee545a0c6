import re

from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import ActivePairCase


@tagged("post_install", "-at_install")
class TestPortalJournal(ActivePairCase, HttpCase):
    """Alice (mentee) and Mona (mentor) keep private journals on their pair."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.note_alice = (
            cls.env["mentorship.note"]
            .with_user(cls.user_alice)
            .create(
                {
                    "pair_id": cls.pair.id,
                    "kind": "journal",
                    "name": "Board fears",
                    "body": "<p>I am afraid of presenting to the board.</p>",
                }
            )
        )

    def _csrf_token(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)

    def _notes_of(self, user):
        return self.env["mentorship.note"].with_user(user).search([])

    def test_author_writes_edits_and_deletes_notes(self):
        self.authenticate("mentorship_alice", "mentorship_alice")
        response = self.url_open(f"/my/mentorship/journal?pair_id={self.pair.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Board fears", response.text)
        self.assertRegex(response.text, rf'value="{self.pair.id}"\s+selected')
        token = self._csrf_token("/my/mentorship/journal")

        response = self.url_open(
            "/my/mentorship/journal/save",
            data={
                "csrf_token": token,
                "pair_id": self.pair.id,
                "kind": "note",
                "name": "Prepare the pitch",
                "body": "Ask Mona about slides.\nRehearse twice.",
            },
        )
        self.assertIn("Your note is added", response.text)
        note = self._notes_of(self.user_alice).filtered(lambda n: n.name == "Prepare the pitch")
        self.assertEqual(note.author_id, self.user_alice)
        self.assertEqual(note.pair_id, self.pair)
        self.assertIn("Rehearse twice.", note.body)

        response = self.url_open(
            "/my/mentorship/journal/save",
            data={
                "csrf_token": token,
                "note_id": note.id,
                "name": "Pitch ready",
                "kind": "journal",
            },
        )
        self.assertIn("Your note is saved", response.text)
        self.assertEqual((note.name, note.kind), ("Pitch ready", "journal"))

        self.url_open(f"/my/mentorship/journal/{note.id}/delete", data={"csrf_token": token})
        self.assertFalse(note.exists())
        self.assertTrue(self.note_alice.exists())

    def test_nobody_else_sees_a_note_even_by_its_id(self):
        user_admin = self.env.ref("base.user_admin")
        for user in (self.user_mona, self.user_hr, user_admin):
            self.assertFalse(self._notes_of(user), f"{user.name} must not see Alice's notes")

        self.authenticate("mentorship_mona", "mentorship_mona")
        response = self.url_open(f"/my/mentorship/journal/{self.note_alice.id}")
        self.assertTrue(response.url.endswith("/my/mentorship/journal"))
        self.assertNotIn("Board fears", response.text)
        self.assertNotIn("afraid of presenting", response.text)

        token = self._csrf_token("/my/mentorship/journal")
        self.url_open(
            "/my/mentorship/journal/save",
            data={"csrf_token": token, "note_id": self.note_alice.id, "name": "Tampered"},
        )
        self.url_open(
            f"/my/mentorship/journal/{self.note_alice.id}/delete", data={"csrf_token": token}
        )
        self.assertEqual(self.note_alice.name, "Board fears")

        session = self.authenticate("admin", "admin")
        self.assertEqual(session.uid, self.env.ref("base.user_admin").id, "logged in as admin")
        response = self.url_open(f"/my/mentorship/journal/{self.note_alice.id}")
        self.assertNotIn("afraid of presenting", response.text)

    def test_a_pair_that_is_not_yours_is_refused(self):
        self.authenticate("mentorship_bob", "mentorship_bob")
        response = self.url_open(f"/my/mentorship/journal?pair_id={self.pair.id}")
        self.assertTrue(response.url.endswith("/my/mentorship/journal"))
        self.assertNotIn(self.pair.display_name, response.text)
        token = self._csrf_token("/my/mentorship")
        response = self.url_open(
            "/my/mentorship/journal/save",
            data={"csrf_token": token, "pair_id": self.pair.id, "name": "Spying"},
        )
        self.assertIn("o_mentorship_error", response.text)
        self.assertIn("Pair: choose one of your own mentorships", response.text)
        self.assertFalse(self.env["mentorship.note"].search([("name", "=", "Spying")]))

    def test_hr_manager_cannot_write_on_someone_elses_pair(self):
        self.authenticate("mentorship_hr", "mentorship_hr")
        response = self.url_open(f"/my/mentorship/journal?pair_id={self.pair.id}")
        self.assertTrue(response.url.endswith("/my/mentorship/journal"))
        self.assertNotIn("Board fears", response.text)
        self.assertNotIn(f'value="{self.pair.id}"', response.text)

    def test_bad_input_names_the_field_and_stores_nothing(self):
        self.authenticate("mentorship_alice", "mentorship_alice")
        token = self._csrf_token("/my/mentorship/journal")
        before = self._notes_of(self.user_alice)
        response = self.url_open(
            "/my/mentorship/journal/save",
            data={"csrf_token": token, "pair_id": self.pair.id, "name": "  ", "body": "kept"},
        )
        self.assertIn("Title: give the note a title.", response.text)
        response = self.url_open(
            "/my/mentorship/journal/save",
            data={"csrf_token": token, "note_id": self.note_alice.id, "name": "X", "date": "soon"},
        )
        self.assertIn("Date: &#39;soon&#39; is not a date.", response.text)
        self.assertEqual(self._notes_of(self.user_alice), before)
        self.assertEqual(self.note_alice.name, "Board fears")

    def test_posts_without_csrf_token_are_refused(self):
        self.authenticate("mentorship_alice", "mentorship_alice")
        response = self.url_open(
            "/my/mentorship/journal/save", data={"pair_id": self.pair.id, "name": "No token"}
        )
        self.assertEqual(response.status_code, 400)
        response = self.url_open(
            f"/my/mentorship/journal/{self.note_alice.id}/delete", data={"confirm": "1"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertTrue(self.note_alice.exists())
        self.assertFalse(self.env["mentorship.note"].search([("name", "=", "No token")]))

    def test_portal_user_keeps_a_journal(self):
        user_paula = mail_new_test_user(
            self.env, login="mentorship_paula", name="Paula Portal", groups="base.group_portal"
        )
        employee_paula = self.env["hr.employee"].create(
            {"name": "Paula Portal", "user_id": user_paula.id}
        )
        pair = self._active_pair(self._approved_mentee(employee_paula), self.mentor_max)
        self.authenticate("mentorship_paula", "mentorship_paula")
        token = self._csrf_token(f"/my/mentorship/journal?pair_id={pair.id}")
        response = self.url_open(
            "/my/mentorship/journal/save",
            data={"csrf_token": token, "pair_id": pair.id, "name": "First meeting"},
        )
        self.assertIn("Your note is added", response.text)
        note = self._notes_of(user_paula)
        self.assertEqual(note.name, "First meeting")
        self.assertFalse(self._notes_of(self.user_max))
        response = self.url_open(f"/my/mentorship/journal/{self.note_alice.id}")
        self.assertNotIn("Board fears", response.text)
