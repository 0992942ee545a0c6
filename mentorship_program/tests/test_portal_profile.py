"""The profile over HTTP: the owner edits it at /my/mentorship/profile; the
pair page shows the other side's shared card and the pair's message thread."""

import re

from odoo.tests import tagged

from ..models.mentorship_profile import ABOUT_ME_LIMIT
from .test_portal_pair import PortalPairCase

PROFILE_URL = "/my/mentorship/profile"


@tagged("post_install", "-at_install")
class TestPortalProfile(PortalPairCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Profile = cls.env["mentorship.profile"]
        cls.profile_alice = Profile.search([("employee_id", "=", cls.employee_alice.id)])
        cls.profile_mona = Profile.search([("employee_id", "=", cls.employee_mona.id)])
        cls.mentee_alice.sudo().tz = "Europe/Brussels"

    def _save(self, **data):
        page = self.url_open(PROFILE_URL)
        self.assertEqual(page.status_code, 200)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return self.url_open(f"{PROFILE_URL}/save", data={"csrf_token": token, **data})

    def test_the_owner_edits_the_profile(self):
        self.authenticate("mentorship_alice", "mentorship_alice")
        response = self._save(about_me="Curious engineer.", share_tz="1")
        self.assertEqual(response.url.split("?")[0].rstrip("/")[-len(PROFILE_URL) :], PROFILE_URL)
        self.assertIn("Your profile is saved.", response.text)
        self.assertEqual(self.profile_alice.about_me, "Curious engineer.")
        self.assertTrue(self.profile_alice.share_tz)
        self.assertFalse(self.profile_alice.share_languages, "unticked stays unshared")
        self.assertIn("Europe/Brussels", response.text, "the preview shows what is shared")
        # Unticking takes it back.
        response = self._save(about_me="Curious engineer.")
        self.assertFalse(self.profile_alice.share_tz)
        self.assertNotIn("Europe/Brussels", response.text)

    def test_too_long_is_refused_and_nothing_saved(self):
        self.authenticate("mentorship_alice", "mentorship_alice")
        response = self._save(about_me="x" * (ABOUT_ME_LIMIT + 1), share_tz="1")
        self.assertIn("o_mentorship_error", response.text)
        self.assertIn("about_me", response.text, "the error names the field")
        self.assertFalse(self.profile_alice.about_me)
        self.assertFalse(self.profile_alice.share_tz, "nothing half-written")

    def test_without_an_employee_the_page_says_why(self):
        self.authenticate("mentorship_paul", "mentorship_paul")
        response = self.url_open(PROFILE_URL)
        self.assertTrue(response.url.endswith("/my/mentorship"))
        self.assertIn("has no employee", response.text)

    def test_the_pair_page_shows_the_others_shared_card_and_the_thread(self):
        self.profile_mona.write({"about_me": "Coach for ten years.", "share_skills": True})
        self.profile_alice.write({"about_me": "Curious engineer.", "share_tz": False})
        self.authenticate("mentorship_alice", "mentorship_alice")
        page = self.url_open(self._url()).text
        self.assertIn("Coach for ten years.", page)
        self.assertIn(self.skill_coaching.name, page, "Mona shares her expertise")
        self.assertNotIn("Curious engineer.", page, "her own card is not what Alice reads here")
        thread = re.search(r'<div id="discussion"[^>]*>', page)
        self.assertTrue(thread, "the page carries Odoo's portal message thread")
        self.assertIn('data-res_model="mentorship.pair"', thread.group(0))
        self.assertNotIn("data-token=", thread.group(0), "the pair is never shared by a token")
        # The mentor reads what Alice shares, and only that.
        self.authenticate("mentorship_mona", "mentorship_mona")
        page = self.url_open(self._url()).text
        self.assertIn("Curious engineer.", page)
        self.assertNotIn("Europe/Brussels", page)

    def test_another_pairs_page_shows_nothing(self):
        self.profile_mona.write({"about_me": "Coach for ten years."})
        self.authenticate("mentorship_bob", "mentorship_bob")
        response = self.url_open(self._url())
        self.assertNotIn("Coach for ten years.", response.text)
        self.assertNotIn('id="discussion"', response.text)
