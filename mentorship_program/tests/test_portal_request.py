import re

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .test_request import RequestCase


@tagged("post_install", "-at_install")
class TestPortalRequest(RequestCase, HttpCase):
    """Self-request mode on the portal: Alice asks, Mona answers."""

    def _csrf_token(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)

    def _requests_of(self, mentee):
        return self.env["mentorship.request"].search([("mentee_enrollment_id", "=", mentee.id)])

    def _suggestions_url(self, mentee):
        return f"/my/mentorship/enrollment/{mentee.id}/suggestions"

    def test_mentee_sees_reasons_and_asks_then_mentor_accepts(self):
        self.employee_alice.gender = "female"
        self.employee_mona.gender = "male"
        self.authenticate("mentorship_alice", "mentorship_alice")
        response = self.url_open("/my/mentorship")
        self.assertIn(self._suggestions_url(self.mentee_alice), response.text)
        response = self.url_open(self._suggestions_url(self.mentee_alice))
        self.assertEqual(response.status_code, 200)
        self.assertIn("Mona Mentor", response.text)
        self.assertIn("Max Mentor", response.text)
        reasons = " ".join(re.findall(r'class="o_mentorship_reasons"[^>]*>([^<]*)<', response.text))
        self.assertIn(
            "The mentor covers 2 of the 2 skill-gap levels the mentee wants to climb (Coaching)",
            reasons,
        )
        self.assertNotIn("background", reasons, "gender and nationality stay with HR")
        self.assertNotIn("male", reasons)

        token = self._csrf_token(self._suggestions_url(self.mentee_alice))
        response = self.url_open(
            f"{self._suggestions_url(self.mentee_alice)}/ask",
            data={
                "csrf_token": token,
                "mentor_enrollment_id": self.mentor_mona.id,
                "message": "Could you help me coach my team?",
            },
        )
        self.assertIn("Your request is sent to Mona Mentor", response.text)
        self.assertIn("Asked: waiting for the answer", response.text)
        sent = self._requests_of(self.mentee_alice)
        self.assertEqual(sent.mentor_enrollment_id, self.mentor_mona)
        self.assertEqual(sent.message, "Could you help me coach my team?")
        self.assertEqual(sent.state, "open")

        self.authenticate("mentorship_mona", "mentorship_mona")
        response = self.url_open("/my/mentorship/requests")
        self.assertIn("Could you help me coach my team?", response.text)
        self.assertIn(f"/my/mentorship/request/{sent.id}/accept", response.text)
        token = self._csrf_token("/my/mentorship/requests")
        response = self.url_open(
            f"/my/mentorship/request/{sent.id}/accept", data={"csrf_token": token}
        )
        self.assertIn("You accepted", response.text)
        self.assertEqual(sent.state, "accepted")
        self.assertEqual(sent.pair_id.state, "active")
        self.assertEqual(sent.pair_id.mentee_enrollment_id, self.mentee_alice)

    def test_mentee_withdraws_and_mentor_declines(self):
        to_mona = self._ask(self.mentee_alice, self.mentor_mona, self.user_alice)
        to_max = self._ask(self.mentee_alice, self.mentor_max, self.user_alice)
        self.authenticate("mentorship_alice", "mentorship_alice")
        token = self._csrf_token("/my/mentorship/requests")
        # Alice cannot answer in Mona's place.
        response = self.url_open(
            f"/my/mentorship/request/{to_mona.id}/accept", data={"csrf_token": token}
        )
        self.assertIn("Only Mona Mentor", response.text)
        self.assertEqual(to_mona.state, "open")
        self.url_open(f"/my/mentorship/request/{to_max.id}/withdraw", data={"csrf_token": token})
        self.assertEqual(to_max.state, "withdrawn")

        self.authenticate("mentorship_mona", "mentorship_mona")
        token = self._csrf_token("/my/mentorship/requests")
        self.url_open(f"/my/mentorship/request/{to_mona.id}/decline", data={"csrf_token": token})
        self.assertEqual(to_mona.state, "declined")

    def test_the_models_refusals_are_friendly_alerts_and_store_nothing(self):
        self.program.request_limit = 1
        self._ask(self.mentee_alice, self.mentor_mona, self.user_alice)
        self.authenticate("mentorship_alice", "mentorship_alice")
        token = self._csrf_token(self._suggestions_url(self.mentee_alice))
        response = self.url_open(
            f"{self._suggestions_url(self.mentee_alice)}/ask",
            data={"csrf_token": token, "mentor_enrollment_id": self.mentor_max.id, "message": "Hi"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_mentorship_error", response.text)
        self.assertIn("already has 1 open requests", response.text)
        self.assertEqual(
            self._requests_of(self.mentee_alice).mentor_enrollment_id, self.mentor_mona
        )

    def test_someone_elses_enrollment_is_refused(self):
        self.authenticate("mentorship_bob", "mentorship_bob")
        response = self.url_open(self._suggestions_url(self.mentee_alice))
        self.assertTrue(response.url.endswith("/my"))
        self.assertNotIn("Mona Mentor", response.text)
        token = self._csrf_token(self._suggestions_url(self.mentee_bob))
        self.url_open(
            f"{self._suggestions_url(self.mentee_alice)}/ask",
            data={"csrf_token": token, "mentor_enrollment_id": self.mentor_mona.id},
        )
        self.assertFalse(self._requests_of(self.mentee_alice))
        to_mona = self._ask(self.mentee_alice, self.mentor_mona, self.user_alice)
        response = self.url_open(
            f"/my/mentorship/request/{to_mona.id}/withdraw", data={"csrf_token": token}
        )
        self.assertTrue(response.url.endswith("/my/mentorship/requests"))
        self.assertEqual(to_mona.state, "open")

    def test_hr_manager_gets_only_their_own_enrollments_here(self):
        self.authenticate("mentorship_hr", "mentorship_hr")
        response = self.url_open(self._suggestions_url(self.mentee_alice))
        self.assertTrue(response.url.endswith("/my"))
        self.assertNotIn("Mona Mentor", response.text)

    def test_ask_without_csrf_token_is_refused(self):
        self.authenticate("mentorship_alice", "mentorship_alice")
        response = self.url_open(
            f"{self._suggestions_url(self.mentee_alice)}/ask",
            data={"mentor_enrollment_id": self.mentor_mona.id},
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._requests_of(self.mentee_alice))

    def test_portal_mentee_asks_a_mentor(self):
        user_paula = mail_new_test_user(
            self.env, login="mentorship_paula", name="Paula Portal", groups="base.group_portal"
        )
        employee_paula = self.env["hr.employee"].create(
            {"name": "Paula Portal", "user_id": user_paula.id}
        )
        mentee_paula = self._approved_mentee(employee_paula, self.skill_strategy)
        self.authenticate("mentorship_paula", "mentorship_paula")
        response = self.url_open(self._suggestions_url(mentee_paula))
        self.assertIn("Max Mentor", response.text)
        self.assertIn("Strategic Thinking", response.text)
        token = self._csrf_token(self._suggestions_url(mentee_paula))
        response = self.url_open(
            f"{self._suggestions_url(mentee_paula)}/ask",
            data={"csrf_token": token, "mentor_enrollment_id": self.mentor_max.id},
        )
        self.assertNotIn("o_mentorship_error", response.text)
        self.assertEqual(self._requests_of(mentee_paula).mentor_enrollment_id, self.mentor_max)

    def test_suggestions_and_requests_show_the_shared_cards(self):
        Profile = self.env["mentorship.profile"]
        Profile.search([("employee_id", "=", self.employee_mona.id)]).write(
            {"about_me": "Coach for ten years.", "share_skills": True}
        )
        Profile.search([("employee_id", "=", self.employee_alice.id)]).write(
            {"about_me": "Curious engineer.", "share_languages": False}
        )
        self.authenticate("mentorship_alice", "mentorship_alice")
        response = self.url_open(self._suggestions_url(self.mentee_alice))
        cards = " ".join(
            re.findall(r'class="o_mentorship_suggestion_profile".*?</table>', response.text, re.S)
        )
        self.assertIn("Coach for ten years.", cards)
        self.assertIn("Coaching", cards, "Mona shares her expertise")
        self.mentee_alice.with_user(self.user_alice).action_request_mentor(
            self.mentor_mona.id, "Could you help me?"
        )
        self.authenticate("mentorship_mona", "mentorship_mona")
        response = self.url_open("/my/mentorship/requests")
        self.assertIn("Curious engineer.", response.text, "the mentor reads the mentee's card")


@tagged("post_install", "-at_install")
class TestPortalNoSuggestion(RequestCase, HttpCase):
    """Every mentor full: the page says why and what happens next, and HR is
    told once however often Alice opens it."""

    def _take_every_seat(self, mentor):
        mentor.sudo().capacity = 1
        employee = self.env["hr.employee"].create({"name": f"Mentee of {mentor.employee_id.name}"})
        mentee = self._approved_mentee(employee, self.skill_strategy)
        self.env["mentorship.pair"].create(
            {
                "program_id": self.program.id,
                "mentee_enrollment_id": mentee.id,
                "mentor_enrollment_id": mentor.id,
                "state": "active",
                "date_start": fields.Date.today(),
            }
        )

    def test_an_empty_page_says_why_and_hr_gets_one_notice(self):
        for mentor in (self.mentor_mona, self.mentor_max):
            self._take_every_seat(mentor)
        self.authenticate("mentorship_alice", "mentorship_alice")
        url = f"/my/mentorship/enrollment/{self.mentee_alice.id}/suggestions"
        for _visit in range(3):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200)
        why = re.search(
            r'class="[^"]*o_mentorship_why_none[^"]*"[^>]*>(.*?)</div>', response.text, re.S
        )
        self.assertTrue(why, "the page explains the empty list")
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", why.group(1)))
        self.assertIn("Every mentor of the program is full.", text)
        self.assertIn("You wait for HR&#39;s next matching run", text)
        self.assertNotIn("o_mentorship_suggestion", response.text)
        notices = self.env["mail.activity"].search(
            [
                ("res_model", "=", "mentorship.enrollment"),
                ("res_id", "=", self.mentee_alice.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("mentorship_program.mail_activity_type_no_suggestion").id,
                ),
            ]
        )
        self.assertEqual(len(notices), 1, "one notice, not one per visit")
        self.assertEqual(notices.user_id, self.user_hr)

    def test_scores_read_as_whole_percentages(self):
        self.authenticate("mentorship_alice", "mentorship_alice")
        response = self.url_open(f"/my/mentorship/enrollment/{self.mentee_alice.id}/suggestions")
        scores = re.findall(r'o_mentorship_score">Score ([^<]*)</span>', response.text)
        self.assertEqual(len(scores), 2)
        for score in scores:
            self.assertRegex(score, r"^\d{1,3} %$")
