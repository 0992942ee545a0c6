from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ActivePairCase


@tagged("post_install", "-at_install")
class TestEmployeeSmartButtons(ActivePairCase):
    def test_mentor_load_mentees_and_sessions(self):
        session = self._plan()
        with freeze_time(self.now + timedelta(days=1, hours=1)):
            session.with_user(self.user_mona).action_done()
        self._plan()  # planned sessions do not count
        mona = self.employee_mona.with_user(self.user_hr)
        self.assertEqual(mona.mentorship_mentee_count, 1)
        self.assertEqual(mona.mentorship_mentor_load, 100, "1 mentee, capacity 1")
        self.assertEqual(mona.mentorship_session_count, 1)
        alice = self.employee_alice.with_user(self.user_hr)
        self.assertEqual((alice.mentorship_mentee_count, alice.mentorship_session_count), (0, 1))
        self.assertEqual(
            self.env["mentorship.pair"].search(mona.action_view_mentorship_mentees()["domain"]),
            self.pair,
        )
        self.assertEqual(
            self.env["mentorship.session"].search(
                alice.action_view_mentorship_sessions()["domain"]
            ),
            session | self.env["mentorship.session"].search([("pair_id", "=", self.pair.id)]),
        )

    def test_only_mentorship_managers_read_them(self):
        with self.assertRefused(AccessError):
            self.employee_mona.with_user(self.user_carl).read(["mentorship_mentee_count"])
