import re

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import MentorshipCase


@tagged("post_install", "-at_install")
class TestMentorshipPortal(MentorshipCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program.action_open_enrollment()
        cls.user_paula = mail_new_test_user(
            cls.env, login="mentorship_paula", name="Paula Portal", groups="base.group_portal"
        )
        cls.employee_paula = cls.env["hr.employee"].create(
            {"name": "Paula Portal", "user_id": cls.user_paula.id}
        )
        cls.enrollment_bob = cls.env["mentorship.enrollment"].create(
            {
                "program_id": cls.program.id,
                "employee_id": cls.employee_bob.id,
                "goals": "Bob's confidential goal",
            }
        )

    def _csrf_token(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)

    def _paula_enrollments(self):
        return self.env["mentorship.enrollment"].search(
            [("employee_id", "=", self.employee_paula.id)]
        )

    def test_portal_user_enrolls_and_fills_intake(self):
        self.authenticate("mentorship_paula", "mentorship_paula")
        response = self.url_open("/my/mentorship")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Leadership Accelerator", response.text)
        self.assertNotIn("Bob&#39;s confidential goal", response.text)

        token = self._csrf_token("/my/mentorship")
        response = self.url_open(
            "/my/mentorship/enroll",
            data={"csrf_token": token, "program_id": self.program.id, "role": "mentee"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("o_mentorship_error", response.text)
        enrollment = self._paula_enrollments()
        self.assertEqual(enrollment.role, "mentee")
        self.assertTrue(response.url.endswith(f"/my/mentorship/enrollment/{enrollment.id}"))

        response = self.url_open(
            f"/my/mentorship/enrollment/{enrollment.id}/intake",
            data={
                "csrf_token": token,
                "goals": "Run my first workshop",
                "learning_style": "experiential",
                "hours_per_month": "4",
                "availability_slot_ids": self.slots[:1].ids,
                "new_skill_id": self.skill_coaching.id,
                "new_target_level_id": self.level_advanced.id,
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Your intake is saved", response.text)
        self.assertEqual(enrollment.goals, "Run my first workshop")
        self.assertEqual(enrollment.availability_slot_ids, self.slots[:1])
        self.assertEqual(enrollment.target_skill_ids.skill_id, self.skill_coaching)

        response = self.url_open(
            f"/my/mentorship/enrollment/{enrollment.id}/charter",
            data={"csrf_token": token, "charter_version": self.program.charter_version},
        )
        self.assertIn("Thank you for accepting the charter", response.text)
        self.assertTrue(enrollment.charter_accepted)

        self.url_open(
            f"/my/mentorship/enrollment/{enrollment.id}/submit", data={"csrf_token": token}
        )
        self.assertEqual(enrollment.state, "submitted")

    def test_bad_input_shows_an_error_and_keeps_data(self):
        enrollment = self.env["mentorship.enrollment"].create(
            {
                "program_id": self.program.id,
                "employee_id": self.employee_paula.id,
                "role": "mentor",
                "capacity": 2,
            }
        )
        self.authenticate("mentorship_paula", "mentorship_paula")
        token = self._csrf_token(f"/my/mentorship/enrollment/{enrollment.id}")
        response = self.url_open(
            f"/my/mentorship/enrollment/{enrollment.id}/intake",
            data={"csrf_token": token, "capacity": "9", "hours_per_month": "3"},
        )
        self.assertIn("Capacity must be between 1 and the program maximum of 4", response.text)
        enrollment.invalidate_recordset()
        self.assertEqual(enrollment.capacity, 2)
        self.assertEqual(enrollment.hours_per_month, 0)

        self.program.charter_code_of_conduct = "<p>Version two</p>"
        response = self.url_open(
            f"/my/mentorship/enrollment/{enrollment.id}/charter",
            data={"csrf_token": token, "charter_version": 1},
        )
        self.assertIn("charter version 1 is no longer current", response.text)
        self.assertFalse(enrollment.charter_accepted_version)

    def test_someone_elses_enrollment_shows_nothing(self):
        self.authenticate("mentorship_paula", "mentorship_paula")
        response = self.url_open(f"/my/mentorship/enrollment/{self.enrollment_bob.id}")
        self.assertNotIn("confidential goal", response.text)
        self.assertTrue(response.url.endswith("/my"))
        response = self.url_open(
            f"/my/mentorship/enrollment/{self.enrollment_bob.id}?access_token=forged"
        )
        self.assertNotIn("confidential goal", response.text)

        token = self._csrf_token("/my/mentorship")
        self.url_open(
            f"/my/mentorship/enrollment/{self.enrollment_bob.id}/intake",
            data={"csrf_token": token, "goals": "tampered"},
        )
        self.url_open(
            f"/my/mentorship/enrollment/{self.enrollment_bob.id}/withdraw",
            data={"csrf_token": token},
        )
        self.enrollment_bob.invalidate_recordset()
        self.assertEqual(self.enrollment_bob.goals, "Bob's confidential goal")
        self.assertEqual(self.enrollment_bob.state, "draft")

    def test_form_without_csrf_token_is_refused(self):
        self.authenticate("mentorship_paula", "mentorship_paula")
        response = self.url_open(
            "/my/mentorship/enroll", data={"program_id": self.program.id, "role": "mentee"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._paula_enrollments())

    def test_internal_employee_uses_the_same_pages(self):
        self.authenticate("mentorship_alice", "mentorship_alice")
        token = self._csrf_token("/my/mentorship")
        self.url_open(
            "/my/mentorship/enroll",
            data={"csrf_token": token, "program_id": self.program.id, "role": "mentor"},
        )
        enrollment = self.env["mentorship.enrollment"].search(
            [("employee_id", "=", self.employee_alice.id)]
        )
        self.assertEqual(enrollment.role, "mentor")
        self.assertEqual(enrollment.capacity, 2)
        enrollment.write({"availability_slot_ids": [Command.set(self.slots.ids)]})
        response = self.url_open("/my/mentorship")
        self.assertIn(f"/my/mentorship/enrollment/{enrollment.id}", response.text)

    def test_public_visitor_is_sent_to_login(self):
        response = self.url_open("/my/mentorship", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])
