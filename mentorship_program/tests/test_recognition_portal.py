"""The person's badges and credits on their portal profile, over HTTP: their
own only, for an internal user and a portal user alike."""

from odoo.tests import tagged

from .test_portal_pair import PortalPairCase

PROFILE_URL = "/my/mentorship/profile"


@tagged("post_install", "-at_install")
class TestRecognitionPortal(PortalPairCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program.sudo().write({"credit_per_circle": 3.0})
        cls.env["mentorship.circle"].create(
            {
                "program_id": cls.program.id,
                "name": "Coaching circle",
                "facilitator_id": cls.employee_mona.id,
            }
        )
        cls.env["mentorship.achievement"]._cron_award_badges()
        cls.env["mentorship.credit"]._cron_earn_credits()
        cls.badge = cls.env.ref("mentorship_program.badge_mentorship_circle_facilitator")

    def _profile(self, login):
        self.authenticate(login, login)
        response = self.url_open(PROFILE_URL)
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_the_mentor_sees_their_badge_and_credits(self):
        page = self._profile("mentorship_mona")
        self.assertIn("o_mentorship_badges", page)
        self.assertIn(self.badge.name, page)
        self.assertIn(self.badge.description, page)
        self.assertRegex(page, r"Development credits this year:</span>\s*<strong>3</strong>")

    def test_a_portal_mentee_sees_none_of_the_mentors(self):
        page = self._profile("mentorship_alice")
        self.assertNotIn(self.badge.name, page)
        self.assertIn("No badge yet", page)
        self.assertRegex(page, r"Development credits this year:</span>\s*<strong>0</strong>")
