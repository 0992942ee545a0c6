from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .privacy_common import PrivacyCase

AGENDA = "Board fears"
NOTES = "Promotion plan"


@tagged("post_install", "-at_install")
class TestSessionContentPrivacy(PrivacyCase):
    """A session's agenda and shared notes: its mentor and its mentee only."""

    def setUp(self):
        super().setUp()
        self.session = self._plan(agenda=f"<p>{AGENDA}</p>")
        self.session.with_user(self.user_mona).write({"notes": f"<p>{NOTES}</p>"})
        self.content = self.env["mentorship.session.content"].search(
            [("session_id", "=", self.session.id)]
        )
        self.env.invalidate_all()

    def test_the_pair_reads_and_writes_its_content(self):
        self.assertEqual(len(self.content), 1)
        for user in (self.user_alice, self.user_mona):
            with self.subTest(user=user.login):
                session = self.session.with_user(user)
                values = session.read(["agenda", "notes"])[0]
                self.assertIn(AGENDA, values["agenda"])
                self.assertIn(NOTES, values["notes"])
                [row] = session.search_read([("id", "=", session.id)], ["notes"])
                self.assertIn(NOTES, row["notes"])
                exported = session.export_data(["agenda", "notes"])["datas"][0]
                self.assertIn(AGENDA, exported[0])
                Content = self.env["mentorship.session.content"].with_user(user)
                self.assertEqual(Content.search([]), self.content)
        self.session.with_user(self.user_mona).write({"agenda": "<p>Moved on</p>"})
        self.assertIn("Moved on", self.content.agenda)
        self.assertIn(NOTES, self.content.notes, "writing the agenda keeps the notes")

    def test_a_portal_member_keeps_the_content_of_their_own_pair(self):
        own = self._plan(user=self.user_paul, pair=self.pair_paul, agenda="<p>Portal agenda</p>")
        self.env.invalidate_all()
        self.assertIn("Portal agenda", own.with_user(self.user_paul).agenda)
        self.assertIn("Portal agenda", own.with_user(self.user_max).agenda)
        Content = self.env["mentorship.session.content"]
        self.assertEqual(Content.with_user(self.user_paul).search([]).session_id, own)
        self.assertFalse(own.with_user(self.user_alice).exists().has_access("read"))
        self.assertFalse(self.session.with_user(self.user_max).has_access("read"))

    def test_hr_and_administrators_read_the_metadata_only(self):
        Session = self.env["mentorship.session"]
        for user in (self.user_hr, self.user_mentorship_admin, self.user_admin):
            with self.subTest(user=user.login):
                session = self.session.with_user(user)
                values = session.read(
                    ["date_start", "kind", "duration", "state", "agenda", "notes"]
                )[0]
                self.assertEqual((values["kind"], values["state"]), ("check_in", "planned"))
                self.assertEqual(values["duration"], 1.0)
                self.assertFalse(values["agenda"])
                self.assertFalse(values["notes"])
                [row] = session.search_read([("id", "=", session.id)], ["agenda", "notes"])
                self.assertFalse(row["agenda"] or row["notes"])
                self.assertEqual(
                    session.export_data(["date_start", "agenda", "notes"])["datas"][0][1:],
                    ["", ""],
                )
                # Not groupable, not searchable: a filter on the content
                # narrows nothing.
                with self.assertRaises(ValueError):
                    Session.with_user(user).read_group([], ["notes"], ["notes"])
                with mute_logger("odoo.osv.expression"):
                    self.assertEqual(
                        Session.with_user(user).search([("notes", "ilike", NOTES)]),
                        Session.with_user(user).search([]),
                    )
                self._assert_content_out_of_reach(user)
                # Writing it is refused; writing it empty erases nothing.
                with self.assertRefused(AccessError, "no such record"):
                    session.write({"notes": "<p>Overwritten</p>"})
                session.write({"agenda": False})
                self.assertIn(AGENDA, self.content.agenda)
        self.assertIn(NOTES, self.content.notes)

    def test_everyone_else_gets_nothing(self):
        for role, user in self._outsiders().items():
            if user in (self.user_hr, self.user_mentorship_admin, self.user_admin):
                continue  # above: they read the session, not its content
            with self.subTest(role=role):
                session = self.session.with_user(user)
                self.assertFalse(
                    self.env["mentorship.session"].with_user(user).search([]) & session
                )
                with self.assertRefused(AccessError):
                    session.read(["agenda", "notes"])
                with self.assertRefused(AccessError):
                    session.write({"notes": "<p>Overwritten</p>"})
                self._assert_content_out_of_reach(user)
        self.assertIn(NOTES, self.content.notes)

    def _assert_content_out_of_reach(self, user):
        Content = self.env["mentorship.session.content"].with_user(user)
        content = self.content.with_user(user)
        self.assertFalse(Content.search([]))
        self.assertEqual(Content.search_count([]), 0)
        self.assertEqual(Content.search_read([], ["notes"]), [])
        self.assertEqual(Content.read_group([], ["session_id"], ["session_id"]), [])
        with self.assertRefused(AccessError, "no such record"):
            content.read(["agenda", "notes"])
        with self.assertRefused(AccessError, "no such record"):
            content.export_data(["notes"])
        with self.assertRefused(AccessError, "no such record"):
            content.write({"notes": "<p>Overwritten</p>"})
        with self.assertRefused(AccessError):
            content.unlink()
        with self.assertRefused(AccessError):
            Content.create({"session_id": self._plan().id, "notes": "<p>Planted</p>"})

    def test_the_content_is_copied_nowhere(self):
        self.session.with_user(self.user_mona).write({"notes": f"<p>{NOTES} again</p>"})
        self.session.with_user(self.user_alice).action_cancel()
        for text in (AGENDA, NOTES):
            with self.subTest(text=text):
                self.assertFalse(
                    self.env["mail.message"].search([("body", "ilike", text)]), "in no chatter"
                )
                self.assertFalse(self.env["mail.mail"].search([("body_html", "ilike", text)]))
                self.assertFalse(
                    self.env["mail.tracking.value"].search(
                        ["|", ("old_value_char", "ilike", text), ("new_value_char", "ilike", text)]
                    )
                )
                event = self.session.with_context(active_test=False).event_id
                self.assertNotIn(text, (event.name or "") + (event.description or ""))
        # The stored fields of the content are ids, never text.
        stored = {
            name
            for name, field in self.env["mentorship.session.content"]._fields.items()
            if field.store and field.type in ("char", "text", "html")
        }
        self.assertEqual(stored, {"agenda", "notes"})
        session_stored = {
            name
            for name, field in self.env["mentorship.session"]._fields.items()
            if field.store and field.type in ("text", "html")
        }
        self.assertFalse(session_stored & {"agenda", "notes"})


@tagged("post_install", "-at_install")
class TestSessionRatingPrivacy(PrivacyCase):
    """One person's rating of a session: that person only, the one rated
    included."""

    def setUp(self):
        super().setUp()
        self.session = self._done_session()
        self.session.with_user(self.user_alice).write({"my_rating": 2})
        self.session.with_user(self.user_mona).write({"my_rating": 5})
        Rating = self.env["mentorship.session.rating"]
        self.rating_alice = Rating.search([("rater_user_id", "=", self.user_alice.id)])
        self.rating_mona = Rating.search([("rater_user_id", "=", self.user_mona.id)])
        self.env.invalidate_all()

    def test_each_reads_their_own_rating_only(self):
        for user, own, other, value in (
            (self.user_alice, self.rating_alice, self.rating_mona, 2),
            (self.user_mona, self.rating_mona, self.rating_alice, 5),
        ):
            with self.subTest(user=user.login):
                Rating = self.env["mentorship.session.rating"].with_user(user)
                self.assertEqual(self.session.with_user(user).my_rating, value)
                self.assertEqual(Rating.search([]), own)
                self.assertEqual(
                    Rating.read_group([], ["rating:sum"], ["side"]),
                    [
                        {
                            "side": own.side,
                            "side_count": 1,
                            "rating": value,
                            "__domain": [("side", "=", own.side)],
                        }
                    ],
                )
                # The person rated does not read what the other gave.
                with self.assertRefused(AccessError, "no such record"):
                    other.with_user(user).read(["rating"])
                with self.assertRefused(AccessError, "no such record"):
                    other.with_user(user).export_data(["rating"])
                with self.assertRefused(AccessError, "no such record"):
                    other.with_user(user).write({"rating": 1})

    def test_nobody_else_reads_a_rating(self):
        ratings = self.rating_alice | self.rating_mona
        for role, user in self._outsiders().items():
            with self.subTest(role=role):
                Rating = self.env["mentorship.session.rating"].with_user(user)
                self.assertFalse(Rating.search([]))
                self.assertEqual(Rating.search_read([], ["rating"]), [])
                self.assertEqual(Rating.read_group([], ["rating:avg"], ["side"]), [])
                for rating in ratings:
                    with self.assertRefused(AccessError):
                        rating.with_user(user).read(["rating"])
                    with self.assertRefused(AccessError):
                        rating.with_user(user).export_data(["rating", "rater_user_id/name"])
                    with self.assertRefused(AccessError):
                        rating.with_user(user).write({"rating": 1})
                    with self.assertRefused(AccessError):
                        rating.with_user(user).unlink()
                with self.assertRefused(AccessError):
                    Rating.create({"session_id": self.session.id, "rating": 1})
                if self.session.with_user(user).has_access("read"):
                    # HR and administrators read the session: no rating on it.
                    session = self.session.with_user(user)
                    self.assertEqual(session.my_rating, 0)
                    self.assertEqual(session.export_data(["my_rating"])["datas"], [[0]])
                    with self.assertRaises(ValueError):
                        session.read_group([], ["my_rating:avg"], ["kind"])
        self.assertNotIn("mentor_rating", self.env["mentorship.session"]._fields)
        self.assertNotIn("mentee_rating", self.env["mentorship.session"]._fields)
        self.assertEqual(sorted(ratings.mapped("rating")), [2, 5])

    def test_a_rating_is_given_for_oneself_only(self):
        Rating = self.env["mentorship.session.rating"]
        with self.assertRefused(AccessError, r"\(rater_user_id\) cannot be written"):
            Rating.with_user(self.user_alice).create(
                {"session_id": self.session.id, "rating": 1, "rater_user_id": self.user_mona.id}
            )
        with self.assertRefused(AccessError, r"\(side\) cannot be written"):
            self.rating_alice.with_user(self.user_alice).write({"side": "mentor"})
        with mute_logger("odoo.sql_db"), self.assertRefused(IntegrityError, "unique"):
            Rating.with_user(self.user_alice).create({"session_id": self.session.id, "rating": 4})
        # The rater changes their own rating; it never becomes someone else's.
        self.session.with_user(self.user_alice).write({"my_rating": 3})
        self.assertEqual(self.rating_alice.rating, 3)
        self.assertEqual(self.rating_mona.rating, 5)
        with self.assertRefused(ValidationError, "only its mentor and its mentee"):
            Rating.create(
                {"session_id": self.session.id, "rating": 3, "rater_user_id": self.user_hr.id}
            )

    def test_portal_member_rates_for_themselves(self):
        session = self._done_session(pair=self.pair_paul)
        session.with_user(self.user_paul).write({"my_rating": 4})
        rating = self.env["mentorship.session.rating"].search([("session_id", "=", session.id)])
        self.assertEqual((rating.side, rating.rater_user_id), ("mentee", self.user_paul))
        self.env.invalidate_all()
        self.assertEqual(session.with_user(self.user_max).my_rating, 0, "Max reads his own only")
        self.assertFalse(self.env["mentorship.session.rating"].with_user(self.user_max).search([]))
        with self.assertRefused(AccessError):
            rating.with_user(self.user_hr).read(["rating"])
