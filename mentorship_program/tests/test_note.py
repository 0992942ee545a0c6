from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .test_plan import PlanCase


@tagged("post_install", "-at_install")
class TestNotePrivacy(PlanCase):
    """Private notes and journals: their author, and nobody else at all."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_sysadmin = mail_new_test_user(
            cls.env,
            login="mentorship_sysadmin",
            name="Sid Sysadmin",
            groups="base.group_user,base.group_system,mentorship_program.group_mentorship_admin",
        )
        cls.user_hr_officer = mail_new_test_user(
            cls.env,
            login="mentorship_hr_officer",
            name="Hugo HR App Manager",
            groups="base.group_user,hr.group_hr_manager",
        )
        # Carl is Alice's line manager: managers see participation, never content.
        cls.employee_alice.parent_id = cls.employee_carl

    def setUp(self):
        super().setUp()
        Note = self.env["mentorship.note"]
        self.note_alice = Note.with_user(self.user_alice).create(
            {
                "pair_id": self.pair.id,
                "kind": "journal",
                "name": "After our first check-in",
                "body": "<p>I am afraid of presenting to the board.</p>",
            }
        )
        self.note_mona = Note.with_user(self.user_mona).create(
            {"pair_id": self.pair.id, "name": "Mentor's own note", "body": "<p>Push harder.</p>"}
        )

    def test_author_reads_and_edits_own_note(self):
        Note = self.env["mentorship.note"].with_user(self.user_alice)
        self.assertEqual(Note.search([]), self.note_alice)
        note = self.note_alice.with_user(self.user_alice)
        self.assertIn("board", note.read(["body"])[0]["body"])
        self.assertEqual(note.author_id, self.user_alice)
        self.assertEqual(note.kind, "journal")
        note.write({"name": "First check-in"})
        self.assertEqual(note.name, "First check-in")

    def test_nobody_else_sees_or_touches_it(self):
        users = (
            self.user_mona,  # the other person of the pair
            self.user_carl,  # Alice's line manager
            self.user_hr,  # Mentorship Manager
            self.user_hr_officer,  # Employees app manager
            self.user_sysadmin,  # Odoo administrator
        )
        for user in users:
            with self.subTest(user=user.login):
                Note = self.env["mentorship.note"].with_user(user)
                self.assertNotIn(self.note_alice, Note.search([]))
                self.assertFalse(Note.search([("body", "ilike", "board")]))
                self.assertFalse(
                    Note.search_count(
                        [("pair_id", "=", self.pair.id), ("author_id", "=", self.user_alice.id)]
                    )
                )
                note = self.note_alice.with_user(user)
                with self.assertRefused(AccessError):
                    note.read(["body"])
                with self.assertRefused(AccessError):
                    note.write({"body": "<p>Overwritten</p>"})
                with self.assertRefused(AccessError):
                    note.unlink()
        # Mona only sees her own note; Alice does not see it either.
        self.assertEqual(
            self.env["mentorship.note"].with_user(self.user_mona).search([]), self.note_mona
        )
        with self.assertRefused(AccessError):
            self.note_mona.with_user(self.user_alice).read(["body"])
        self.assertEqual(self.note_alice.body, "<p>I am afraid of presenting to the board.</p>")

    def test_only_the_pair_writes_notes_on_it(self):
        Note = self.env["mentorship.note"]
        for user in (self.user_hr, self.user_sysadmin):
            with self.subTest(user=user.login):
                with self.assertRefused(ValidationError, "Only the mentor or the mentee"):
                    Note.with_user(user).create({"pair_id": self.pair.id, "name": "Snooping"})
        # Who may not even read the pair hears what an unknown pair id gets.
        with self.assertRefused(AccessError, "no such record, or not one you may see"):
            Note.with_user(self.user_carl).create({"pair_id": self.pair.id, "name": "Snooping"})
        self.assertFalse(Note.search([("name", "=", "Snooping")]))

    def test_notes_cannot_be_written_for_someone_else_or_moved(self):
        Note = self.env["mentorship.note"]
        with self.assertRefused(AccessError, r"\(author_id\) cannot be written"):
            Note.with_user(self.user_alice).create(
                {"pair_id": self.pair.id, "name": "Forged", "author_id": self.user_mona.id}
            )
        with self.assertRefused(AccessError, r"\(author_id\) cannot be written"):
            self.note_alice.with_user(self.user_alice).write({"author_id": self.user_mona.id})
        bob_pair = self.run.pair_ids.filtered(lambda p: p.mentee_enrollment_id == self.mentee_bob)
        with self.assertRefused(AccessError, r"\(pair_id\) cannot be written"):
            self.note_alice.with_user(self.user_alice).write({"pair_id": bob_pair.id})
        self.assertEqual(self.note_alice.author_id, self.user_alice)
        self.assertEqual(self.note_alice.pair_id, self.pair)
        self.assertFalse(Note.search([("name", "=", "Forged")]))
