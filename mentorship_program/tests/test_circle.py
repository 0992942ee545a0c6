import re

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import MatchingCase


@tagged("post_install", "-at_install")
class TestCircle(MatchingCase, HttpCase):
    """A mentor circle of the open program, facilitated by Mona, two seats.

    Alice and Bob are approved mentees, Max a mentor; Carl is not enrolled.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.circle = (
            cls.env["mentorship.circle"]
            .with_user(cls.user_hr)
            .create(
                {
                    "name": "New managers",
                    "program_id": cls.program.id,
                    "facilitator_id": cls.employee_mona.id,
                    "capacity": 2,
                    "skill_ids": [Command.set(cls.skill_coaching.ids)],
                }
            )
        )

    def _channel_partners(self, circle=None):
        return (circle or self.circle).sudo().channel_id.channel_member_ids.partner_id

    def test_join_and_leave_keep_the_channel_in_sync(self):
        channel = self.circle.channel_id.sudo()
        self.assertEqual(channel.channel_type, "group")
        self.assertEqual(self._channel_partners(), self.user_mona.partner_id)

        self.circle.with_user(self.user_alice).action_join()
        self.assertEqual(self.circle.member_ids, self.employee_alice)
        self.assertTrue(self.circle.with_user(self.user_alice).is_member)
        self.assertEqual(
            self._channel_partners(), self.user_mona.partner_id | self.user_alice.partner_id
        )

        self.circle.with_user(self.user_alice).action_leave()
        self.assertFalse(self.circle.member_ids)
        self.assertEqual(self._channel_partners(), self.user_mona.partner_id)

        self.circle.with_user(self.user_hr).member_ids = self.employee_bob
        self.assertEqual(
            self._channel_partners(), self.user_mona.partner_id | self.user_bob.partner_id
        )

    def test_members_open_the_discussion_and_nobody_else(self):
        self.user_alice.groups_id = [Command.set([self.env.ref("base.group_portal").id])]
        self.circle.with_user(self.user_alice).action_join()
        url = self.circle.with_user(self.user_alice).discussion_url
        self.assertEqual(url, f"/discuss/channel/{self.circle.sudo().channel_id.id}")
        self.assertEqual(self.circle.with_user(self.user_mona).discussion_url, url)
        self.assertFalse(self.circle.with_user(self.user_carl).discussion_url)
        self.assertFalse(self.circle.with_user(self.user_bob).discussion_url)
        self.authenticate("mentorship_alice", "mentorship_alice")
        circles = self.url_open("/my/mentorship/circles").text
        self.assertIn(f'href="{url}"', circles, "the circle page links to its discussion")
        self.assertEqual(self.url_open(url).status_code, 200, "a portal member opens it")
        self.authenticate("mentorship_carl", "mentorship_carl")
        self.assertNotIn(url, self.url_open("/my/mentorship/circles").text)
        self.assertEqual(self.url_open(url).status_code, 404, "not a member: not found")

    def test_deleting_a_circle_deletes_its_discussion(self):
        channel = self.circle.sudo().channel_id
        self.circle.with_user(self.env.ref("base.user_admin")).unlink()
        self.assertFalse(channel.exists())

    def test_server_refuses_full_closed_and_unenrolled(self):
        self.circle.with_user(self.user_alice).action_join()
        self.circle.with_user(self.user_bob).action_join()
        with self.assertRefused(UserError, "New managers is full"):
            self.circle.with_user(self.user_max).action_join()

        self.circle.capacity = 5
        with self.assertRefused(UserError, "enrolled in program Leadership Accelerator"):
            self.circle.with_user(self.user_carl).action_join()

        self.circle.is_open = False
        with self.assertRefused(UserError, "not open to join"):
            self.circle.with_user(self.user_max).action_join()
        with self.assertRefused(UserError, "not a member"):
            self.circle.with_user(self.user_max).action_leave()
        self.assertEqual(self.circle.member_ids, self.employee_alice | self.employee_bob)
        self.assertNotIn(self.user_max.partner_id, self._channel_partners())

    def test_employees_only_join_themselves(self):
        with self.assertRefused(AccessError):
            self.circle.with_user(self.user_alice).write(
                {"member_ids": [Command.link(self.employee_bob.id)]}
            )
        with self.assertRefused(AccessError):
            self.env["mentorship.circle"].with_user(self.user_alice).create(
                {"name": "Mine", "program_id": self.program.id}
            )
        self.assertFalse(self.circle.member_ids)

    def test_circles_of_draft_programs_are_hidden_from_employees(self):
        draft = self.env["mentorship.program"].create(self._program_values(name="Next year"))
        hidden = self.env["mentorship.circle"].create({"name": "Hidden", "program_id": draft.id})
        visible = self.env["mentorship.circle"].with_user(self.user_alice).search([])
        self.assertIn(self.circle, visible)
        self.assertNotIn(hidden, visible)
        with self.assertRefused(AccessError):
            hidden.with_user(self.user_alice).action_join()

    def test_bad_input_names_the_field(self):
        with self.assertRefused(ValidationError, "Capacity of circle New managers"):
            self.circle.with_user(self.user_hr).capacity = 0
        with self.assertRefused(ValidationError, "Members of circle New managers: 3 members"):
            self.circle.with_user(self.user_hr).member_ids = (
                self.employee_alice | self.employee_bob | self.employee_max
            )
        self.assertEqual(self.circle.capacity, 2)
        self.assertFalse(self.circle.member_ids)

    def test_portal_user_joins_and_leaves_over_http(self):
        user_paula = mail_new_test_user(
            self.env, login="mentorship_paula", name="Paula Portal", groups="base.group_portal"
        )
        employee_paula = self.env["hr.employee"].create(
            {"name": "Paula Portal", "user_id": user_paula.id}
        )
        self._approved_mentee(employee_paula)
        self.circle.member_ids = self.employee_bob
        self.authenticate("mentorship_paula", "mentorship_paula")
        response = self.url_open("/my/mentorship/circles")
        self.assertIn("New managers", response.text)
        self.assertIn("Bob Mentee", response.text)

        response = self.url_open(f"/my/mentorship/circles/{self.circle.id}/join", data={"x": "1"})
        self.assertEqual(response.status_code, 400)
        self.assertNotIn(employee_paula, self.circle.member_ids)

        token = re.search(r'name="csrf_token" value="([^"]+)"', response.text) or re.search(
            r'name="csrf_token" value="([^"]+)"', self.url_open("/my/mentorship/circles").text
        )
        response = self.url_open(
            f"/my/mentorship/circles/{self.circle.id}/join", data={"csrf_token": token.group(1)}
        )
        self.assertIn("Welcome to New managers", response.text)
        self.assertEqual(self.circle.member_ids, self.employee_bob | employee_paula)
        self.assertIn(user_paula.partner_id, self._channel_partners())

        self.circle.capacity = 3
        self.url_open(
            f"/my/mentorship/circles/{self.circle.id}/leave", data={"csrf_token": token.group(1)}
        )
        self.assertEqual(self.circle.member_ids, self.employee_bob)
        self.assertNotIn(user_paula.partner_id, self._channel_partners())

    def test_full_circle_over_http_is_a_friendly_alert(self):
        self.circle.member_ids = self.employee_bob | self.employee_max
        self.authenticate("mentorship_alice", "mentorship_alice")
        token = re.search(
            r'name="csrf_token" value="([^"]+)"', self.url_open("/my/mentorship").text
        ).group(1)
        response = self.url_open(
            f"/my/mentorship/circles/{self.circle.id}/join", data={"csrf_token": token}
        )
        self.assertIn("o_mentorship_error", response.text)
        self.assertIn("New managers is full", response.text)
        self.assertNotIn(self.employee_alice, self.circle.member_ids)
