"""The daily experience on the portal, over HTTP as the people themselves:
the intake with everything the matching engine reads, a blocked mentor's
guidance, decline reasons, sessions (kind, video call, local times, moves)
and a participant's view of a program."""

import re
from datetime import timedelta

import pytz

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import MentorshipCase
from .test_portal_pair import PortalPairCase
from .test_request import RequestCase


class PortalFormMixin:
    def _csrf(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)

    def _post_form(self, page_url, action_url, data):
        token = self._csrf(page_url)
        return self.url_open(action_url, data={"csrf_token": token, **data})

    def _error(self, response):
        match = re.search(
            r'class="alert alert-danger o_mentorship_error"[^>]*>([^<]*)<', response.text
        )
        return match and match.group(1)


@tagged("post_install", "-at_install")
class TestPortalIntake(PortalFormMixin, MentorshipCase, HttpCase):
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
        cls.other_type = cls.env["hr.skill.type"].create(
            {
                "name": "Languages Spoken",
                "skill_ids": [Command.create({"name": "Dutch"})],
                "skill_level_ids": [Command.create({"name": "Fluent", "level_progress": 100})],
            }
        )
        cls.skill_dutch = cls.other_type.skill_ids
        cls.level_fluent = cls.other_type.skill_level_ids
        cls.job_lead = cls.env["hr.job"].create({"name": "Team Lead"})
        cls.driver = cls.env["mentorship.career.driver"].create({"name": "Broader impact"})
        cls.lang_en = cls.env["res.lang"]._lang_get("en_US")
        cls.mentee_paula = cls._enroll_as(cls.employee_paula, "mentee")
        cls.mentor_mona = cls._enroll_as(cls.employee_mona, "mentor")

    @classmethod
    def _enroll_as(cls, employee, role):
        return cls.env["mentorship.enrollment"].create(
            {"program_id": cls.program.id, "employee_id": employee.id, "role": role}
        )

    def _post_intake(self, enrollment, **data):
        url = enrollment.access_url
        return self._post_form(url, f"{url}/intake", data)

    def test_mentee_intake_saves_every_field_the_engine_reads(self):
        self.authenticate("mentorship_paula", "mentorship_paula")
        page = self.url_open(self.mentee_paula.access_url)
        # Required fields are marked for the browser and for the eye.
        self.assertRegex(page.text, r'<textarea id="goals"[^>]*required')
        self.assertRegex(page.text, r'<select id="tz"[^>]*required')
        self.assertIn('aria-hidden="true">*</span>', page.text)
        # Each level carries its skill type, for the picker's filter.
        self.assertIn(f'data-skill-type="{self.other_type.id}"', page.text)

        response = self._post_intake(
            self.mentee_paula,
            goals="Lead my first team",
            target_job_id=str(self.job_lead.id),
            learning_style="conversational",
            career_driver_ids_submitted="1",
            career_driver_ids=[str(self.driver.id)],
            language_ids_submitted="1",
            language_ids=[str(self.lang_en.id)],
            tz="Europe/Brussels",
            hours_per_month="3.5",
            availability_slot_ids_submitted="1",
            availability_slot_ids=[str(slot.id) for slot in self.slots],
            new_skill_id=str(self.skill_coaching.id),
            new_target_level_id=str(self.level_advanced.id),
        )
        self.assertIsNone(self._error(response))
        self.assertIn("Your intake is saved", response.text)
        intake = self.mentee_paula
        self.assertEqual(intake.goals, "Lead my first team")
        self.assertEqual(intake.target_job_id, self.job_lead)
        self.assertEqual(intake.learning_style, "conversational")
        self.assertEqual(intake.career_driver_ids, self.driver)
        self.assertEqual(intake.language_ids, self.lang_en)
        self.assertEqual(intake.tz, "Europe/Brussels")
        self.assertEqual(intake.hours_per_month, 3.5)
        self.assertEqual(intake.availability_slot_ids, self.slots)
        self.assertEqual(intake.target_skill_ids.skill_id, self.skill_coaching)
        self.assertEqual(intake.target_skill_ids.target_level_id, self.level_advanced)

        # Unticking every box clears the field; a ticked line is removed.
        response = self._post_intake(
            self.mentee_paula,
            goals="Lead my first team",
            tz="Europe/Brussels",
            career_driver_ids_submitted="1",
            language_ids_submitted="1",
            availability_slot_ids_submitted="1",
            availability_slot_ids=[str(self.slots[0].id)],
            remove_target_skill_ids=[str(intake.target_skill_ids.id)],
        )
        self.assertIsNone(self._error(response))
        self.assertFalse(intake.career_driver_ids)
        self.assertFalse(intake.language_ids)
        self.assertFalse(intake.target_skill_ids)

    def test_a_level_of_another_skill_is_refused_naming_the_field(self):
        # A time zone the intake does not hold yet (a demo company's is Brussels).
        tz_before = self.mentee_paula.tz
        new_tz = "Pacific/Auckland" if tz_before != "Pacific/Auckland" else "Europe/Brussels"
        self.authenticate("mentorship_paula", "mentorship_paula")
        response = self._post_intake(
            self.mentee_paula,
            goals="Never stored",
            tz=new_tz,
            new_skill_id=str(self.skill_coaching.id),
            new_target_level_id=str(self.level_fluent.id),
        )
        error = self._error(response)
        self.assertIn("Target Level", error)
        self.assertIn("Fluent is not a level of Coaching", error)
        self.assertFalse(self.mentee_paula.goals, "nothing of the form is stored")
        self.assertEqual(self.mentee_paula.tz, tz_before)
        self.assertFalse(self.mentee_paula.target_skill_ids)
        # The refused form comes back filled in.
        self.assertIn("Never stored", response.text)

        response = self._post_intake(self.mentee_paula, tz="Mars/Olympus")
        self.assertIn("Time Zone", self._error(response))
        response = self._post_intake(self.mentee_paula, target_job_id="999999")
        self.assertIn("Target Role", self._error(response))
        self.assertFalse(self.mentee_paula.target_job_id)

    def test_mentor_intake_takes_expertise_with_levels_and_capacity(self):
        self.authenticate("mentorship_mona", "mentorship_mona")
        url = self.mentor_mona.access_url
        page = self.url_open(url)
        own = rf'name="expertise_skill_ids"[^>]*value="{self.employee_mona_coaching.id}"'
        self.assertTrue(re.search(own, page.text), "the mentor's own skills are offered")
        response = self._post_intake(
            self.mentor_mona,
            tz="Europe/Brussels",
            capacity="3",
            expertise_skill_ids_submitted="1",
            expertise_skill_ids=[str(self.employee_mona_coaching.id)],
            new_expertise_skill_id=str(self.skill_dutch.id),
            new_expertise_level_id=str(self.level_fluent.id),
            availability_slot_ids_submitted="1",
            availability_slot_ids=[str(self.slots[0].id)],
        )
        self.assertIsNone(self._error(response))
        expertise = self.mentor_mona.expertise_skill_ids
        self.assertEqual(expertise.skill_id, self.skill_coaching | self.skill_dutch)
        dutch = expertise.filtered(lambda s: s.skill_id == self.skill_dutch)
        self.assertEqual(dutch.skill_level_id, self.level_fluent)
        self.assertEqual(dutch.employee_id, self.employee_mona)
        self.assertEqual(self.mentor_mona.capacity, 3)

        # A level of another type, and someone else's skill, are refused.
        response = self._post_intake(
            self.mentor_mona,
            new_expertise_skill_id=str(self.skill_strategy.id),
            new_expertise_level_id=str(self.level_fluent.id),
        )
        self.assertIn("Fluent is not a level of Strategic Thinking", self._error(response))
        paula_skill = self.env["hr.employee.skill"].create(
            {
                "employee_id": self.employee_paula.id,
                "skill_type_id": self.skill_type.id,
                "skill_id": self.skill_strategy.id,
                "skill_level_id": self.level_beginner.id,
            }
        )
        response = self._post_intake(
            self.mentor_mona,
            expertise_skill_ids_submitted="1",
            expertise_skill_ids=[str(paula_skill.id)],
        )
        self.assertIn("Expertise", self._error(response))
        self.assertNotIn(paula_skill, self.mentor_mona.expertise_skill_ids)
        self.assertFalse(
            self.env["hr.employee.skill"].search(
                [
                    ("employee_id", "=", self.employee_mona.id),
                    ("skill_id", "=", self.skill_strategy.id),
                ]
            )
        )

    def test_blocked_mentor_sees_what_to_do(self):
        self.authenticate("mentorship_mona", "mentorship_mona")
        page = self.url_open(self.mentor_mona.access_url).text
        self.assertIn("Before you can mentor", page)
        self.assertIn(self.mentor_mona.onboarding_url, page)
        self.assertIn("0% done", page)
        self.assertIn("o_mentorship_charter_todo", page)
        self.assertIn("must each reach 3 of 5", page)
        self.assertNotIn("readiness_coaching_aptitude", page)

        self.mentor_mona.with_user(self.user_hr).write(
            {
                "readiness_coaching_aptitude": 4,
                "readiness_time_availability": 4,
                "readiness_domain_credibility": 4,
            }
        )
        self._post_form(
            self.mentor_mona.access_url,
            f"{self.mentor_mona.access_url}/charter",
            {"charter_version": str(self.program.charter_version)},
        )
        page = self.url_open(self.mentor_mona.access_url).text
        self.assertNotIn("o_mentorship_charter_todo", page)
        self.assertNotIn("o_mentorship_rubric_todo", page)
        self.assertIn("o_mentorship_onboarding", page, "only the course is left")
        self._complete_onboarding(self.user_mona)
        page = self.url_open(self.mentor_mona.access_url).text
        self.assertNotIn("Before you can mentor", page)


@tagged("post_install", "-at_install")
class TestPortalPairJourneyExtras(PortalFormMixin, PortalPairCase):
    def test_mentee_declines_with_a_reason_the_mentor_cannot_read(self):
        self.authenticate("mentorship_alice", "mentorship_alice")
        page = self.url_open(self._url())
        self.assertIn('name="decline_reason"', page.text)
        response = self._post("decline", decline_reason="Our schedules never meet")
        self.assertIsNone(self._error(response))
        self.assertEqual(self.pair.state, "declined")
        self.assertEqual(
            self.pair.with_user(self.user_hr).decline_reason, "Our schedules never meet"
        )
        with self.assertRaises(AccessError):
            self.pair.with_user(self.user_mona).read(["decline_reason"])

    def _active_with_session(self):
        self._activate()
        self.user_alice.tz = "Europe/Brussels"
        self.program.cadence_ids = [Command.create({"session_type": "shadowing"})]
        return self.env["mentorship.session"].create(
            {"pair_id": self.pair.id, "date_start": fields.Datetime.now() + timedelta(days=2)}
        )

    def _local(self, value, tz="Europe/Brussels"):
        return pytz.utc.localize(value).astimezone(pytz.timezone(tz)).strftime("%Y-%m-%dT%H:%M")

    def test_schedule_with_a_kind_and_see_the_call_link_and_local_times(self):
        session = self._active_with_session()
        self.authenticate("mentorship_alice", "mentorship_alice")
        start = (fields.Datetime.now() + timedelta(days=3)).replace(
            hour=9, minute=30, second=0, microsecond=0
        )
        response = self._post(
            "schedule", date_start=self._local(start), kind="shadowing", duration="4"
        )
        self.assertIsNone(self._error(response))
        new = self.pair.session_ids - session
        self.assertEqual(new.kind, "shadowing")
        self.assertEqual(new.date_start, start)
        self.assertEqual(new.event_id.start, start)

        page = self.url_open(self._url()).text
        self.assertTrue(new.event_id.videocall_location)
        self.assertIn(new.event_id.videocall_location, page)
        shown = re.findall(r'class="o_mentorship_session_when">([^<]*)<', page)
        local_start = pytz.utc.localize(start).astimezone(pytz.timezone("Europe/Brussels"))
        self.assertTrue(any(local_start.strftime("%-I:%M") in text for text in shown), shown)
        self.assertFalse(any(re.search(r"\d:\d\d:\d\d", text) for text in shown), shown)

        # A kind the program's cadence does not offer is refused.
        response = self._post("schedule", date_start=self._local(start), kind="feedback")
        self.assertIn("Kind", self._error(response))
        self.assertEqual(len(self.pair.session_ids), 2)

    def test_move_a_planned_session(self):
        session = self._active_with_session()
        self.authenticate("mentorship_alice", "mentorship_alice")
        moved_to = (fields.Datetime.now() + timedelta(days=5)).replace(
            hour=14, minute=0, second=0, microsecond=0
        )
        response = self._post("move", session_id=str(session.id), date_start=self._local(moved_to))
        self.assertIsNone(self._error(response))
        self.assertIn("The session is moved", response.text)
        self.assertEqual(session.date_start, moved_to)
        self.assertEqual(session.event_id.start, moved_to, "the calendar event follows")
        told = self.env["mail.message"].search(
            [
                ("model", "=", "mentorship.session"),
                ("res_id", "=", session.id),
                ("partner_ids", "in", self.user_mona.partner_id.ids),
            ]
        )
        self.assertTrue(told, "the mentor is told")

        # Another pair's session and an unknown id get the same answer.
        self.pair_bob.with_user(self.user_bob).action_accept()
        self.pair_bob.with_user(self.user_max).action_accept()
        bobs = self.env["mentorship.session"].create(
            {"pair_id": self.pair_bob.id, "date_start": fields.Datetime.now() + timedelta(days=2)}
        )
        bobs_start = bobs.date_start
        other = self._post("move", session_id=str(bobs.id), date_start=self._local(moved_to))
        unknown = self._post("move", session_id="999999", date_start=self._local(moved_to))
        self.assertTrue(self._error(other))
        self.assertEqual(self._error(other), self._error(unknown))
        self.assertEqual(bobs.date_start, bobs_start)


@tagged("post_install", "-at_install")
class TestPortalRequestDecline(PortalFormMixin, RequestCase, HttpCase):
    def test_mentor_declines_a_request_with_a_reason_for_hr(self):
        asked = self._ask(self.mentee_alice, self.mentor_mona, self.user_alice)
        self.authenticate("mentorship_mona", "mentorship_mona")
        response = self._post_form(
            "/my/mentorship/requests",
            f"/my/mentorship/request/{asked.id}/decline",
            {"decline_reason": "Fully booked this quarter"},
        )
        self.assertIsNone(self._error(response))
        self.assertEqual(asked.state, "declined")
        self.assertEqual(asked.with_user(self.user_hr).decline_reason, "Fully booked this quarter")
        with self.assertRaises(AccessError):
            asked.with_user(self.user_alice).read(["decline_reason"])


@tagged("post_install", "-at_install")
class TestPortalProgramPage(PortalFormMixin, MentorshipCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program.write(
            {
                "purpose": "Grow the leaders of tomorrow",
                "date_start": "2026-01-05",
                "budget_amount": 987654,
                "steering_member_ids": [Command.set(cls.employee_hr_steering().ids)],
            }
        )
        cls.program.action_open_enrollment()
        cls.company_other = cls.env["res.company"].create({"name": "Other Company"})
        cls.user_olga = mail_new_test_user(
            cls.env,
            login="mentorship_olga",
            name="Olga Other",
            groups="base.group_user",
            company_id=cls.company_other.id,
            company_ids=[Command.set(cls.company_other.ids)],
        )
        cls.env["hr.employee"].create(
            {"name": "Olga Other", "user_id": cls.user_olga.id, "company_id": cls.company_other.id}
        )

    @classmethod
    def employee_hr_steering(cls):
        return cls.env["hr.employee"].create({"name": "Stella Steering"})

    def test_participant_view_of_a_program(self):
        self.authenticate("mentorship_alice", "mentorship_alice")
        home = self.url_open("/my/mentorship").text
        self.assertIn(self.program.access_url, home)
        response = self.url_open(self.program.access_url)
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn("Grow the leaders of tomorrow", page)
        self.assertIn("Evergreen", page)
        self.assertIn("Check-in every", page)
        self.assertIn("Charter (version 1)", page)
        self.assertIn(re.sub(r"<[^>]+>", "", str(self.program.charter_code_of_conduct))[:20], page)
        self.assertNotIn("&lt;p", page, "the charter is rendered, not escaped")
        self.assertNotIn("987", page)
        self.assertNotIn("Stella Steering", page)

    def test_other_company_and_unknown_id_get_the_same_redirect(self):
        self.authenticate("mentorship_olga", "mentorship_olga")
        other = self.url_open(self.program.access_url)
        unknown = self.url_open("/my/mentorship/program/999999")
        self.assertTrue(other.url.endswith("/my/mentorship"), other.url)
        self.assertEqual(other.url, unknown.url)
        self.assertNotIn("Grow the leaders of tomorrow", other.text)
        draft = self.env["mentorship.program"].create(self._program_values(name="Draft Program"))
        self.authenticate("mentorship_alice", "mentorship_alice")
        self.assertEqual(self.url_open(draft.access_url).url, unknown.url)
