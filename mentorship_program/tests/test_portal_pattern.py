from odoo.tests import tagged

from .test_portal_pair import PortalPairCase


@tagged("post_install", "-at_install")
class TestPortalPattern(PortalPairCase):
    """Every portal form: post, redirect, get with a flash message; one
    savepoint per operation; the refused form filled in again; the pages
    found from the records' own portal address."""

    def test_a_post_redirects_to_the_page_which_says_the_outcome_once(self):
        self.authenticate("mentorship_alice", "mentorship_alice")
        token = self._csrf(self._url())
        response = self.url_open(
            self._url(operation="accept"), data={"csrf_token": token}, allow_redirects=False
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith(self.pair.access_url))
        self.assertTrue(self.pair.mentee_accepted)
        page = self.url_open(response.headers["Location"])
        flash = "You accepted; the match starts when the other side accepts too."
        self.assertIn(flash, page.text)
        self.assertIn("o_mentorship_success", page.text)
        # A reload neither accepts twice nor repeats the message.
        page = self.url_open(response.headers["Location"])
        self.assertNotIn(flash, page.text)
        self.assertNotIn("o_mentorship_success", page.text)

    def test_a_refusal_undoes_its_whole_operation_and_names_the_field(self):
        self._activate()
        past = self._past_session()
        self.authenticate("mentorship_alice", "mentorship_alice")
        # Logging marks the session done, then writes the time spent, which
        # the model refuses: the savepoint undoes the "done" too.
        response = self._post(
            "log", session_id=past.id, outcome="done", notes="We met", hours_spent="-1"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_mentorship_error", response.text)
        self.assertIn("Time Spent (hours)", response.text)
        past.invalidate_recordset()
        self.assertEqual(past.state, "planned")
        self.assertFalse(past.hours_spent)
        # The request's transaction goes on: the next operation is stored.
        response = self._post("log", session_id=past.id, outcome="done", hours_spent="1")
        past.invalidate_recordset()
        self.assertEqual(past.state, "done")
        self.assertEqual(past.hours_spent, 1.0)

    def test_a_refused_form_is_filled_in_again(self):
        note = self.env["mentorship.note"].create(
            {"pair_id": self.pair.id, "name": "Board fears", "author_id": self.user_alice.id}
        )
        self.authenticate("mentorship_alice", "mentorship_alice")
        token = self._csrf(self._url())
        response = self.url_open(
            "/my/mentorship/journal/save",
            data={
                "csrf_token": token,
                "note_id": note.id,
                "name": "Board fears, again",
                "date": "soon",
            },
        )
        self.assertTrue(response.url.endswith(note.access_url))
        self.assertIn("Date: &#39;soon&#39; is not a date.", response.text)
        self.assertIn('value="Board fears, again"', response.text)
        self.assertEqual(note.name, "Board fears")

    def test_records_give_their_page_and_never_a_token(self):
        enrollment = self.pair.mentee_enrollment_id
        self.assertEqual(self.pair.access_url, f"/my/mentorship/pair/{self.pair.id}")
        self.assertEqual(enrollment.access_url, f"/my/mentorship/enrollment/{enrollment.id}")
        # Pairs are never shared by link: asking for a shareable address
        # stores no token that Odoo's portal would accept instead of the rules.
        url = self.pair.get_portal_url()
        self.assertFalse(self.pair.access_token)
        self.assertTrue(url.startswith(self.pair.access_url))
        self.authenticate("mentorship_bob", "mentorship_bob")
        response = self.url_open(f"{self.pair.access_url}?access_token=")
        self.assertTrue(response.url.endswith("/my"), response.url)
        self.assertNotIn("Mona Mentor", response.text)

    def test_the_journal_pages_and_sorts_its_notes(self):
        Note = self.env["mentorship.note"]
        for number in range(12):
            Note.create(
                {
                    "pair_id": self.pair.id,
                    "name": f"Note {number:02}",
                    "author_id": self.user_alice.id,
                }
            )
        self.authenticate("mentorship_alice", "mentorship_alice")
        first = self.url_open("/my/mentorship/journal?sortby=title")
        self.assertEqual(first.text.count('o_mentorship_note"'), 10)
        self.assertIn("Note 00", first.text)
        self.assertNotIn("Note 11", first.text)
        self.assertIn("portal_searchbar_sortby", first.text)
        self.assertIn("/my/mentorship/journal/page/2", first.text, "the pager links page 2")
        second = self.url_open("/my/mentorship/journal/page/2?sortby=title")
        self.assertEqual(second.text.count('o_mentorship_note"'), 2)
        self.assertIn("Note 11", second.text)
        # The home's list of mentorships pages the same way.
        self.assertEqual(self.url_open("/my/mentorship/page/2").status_code, 200)
