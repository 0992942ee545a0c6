"""A participant's personal data: the export (access, portability) and HR's
erasure (anonymisation) of what the module holds about one employee."""

import io
import json
import re
import zipfile
from datetime import datetime, time, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL

from .survey_common import SurveyCase

# Every category the export holds, one JSON and one CSV file each.
CATEGORIES = (
    "employee",
    "enrollments",
    "target_skills",
    "profile",
    "pairs",
    "requests",
    "sessions",
    "plans",
    "objectives",
    "ratings_given",
    "notes",
    "circles",
    "survey_answers",
    "concerns_raised",
    "pair_messages",
    "career_events",
)
# The tables of Odoo's people themselves: the add-on does not own them (HR
# erases the employee in the Employees app, as the erasure wizard says), so
# their own name columns keep the name.
PEOPLE_NAME_COLUMNS = {
    ("hr_employee", "name"),
    ("resource_resource", "name"),
    ("res_partner", "name"),
    ("res_partner", "complete_name"),
    ("res_partner", "display_name"),
    ("res_users", "login"),
}


class GdprCase(SurveyCase):
    """Alice (mentee, with Mona) writes a marker into every free-text field
    she writes; Bob and Max, the other pair, write other markers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A name found nowhere else in the database.
        cls.user_alice.name = "Zelphine Quorraday"
        cls.employee_alice.name = "Zelphine Quorraday"
        cls.name = "Zelphine Quorraday"
        # A move to another department: a career event.
        departments = cls.env["hr.department"].create([{"name": "Sales"}, {"name": "Support"}])
        cls.employee_alice.department_id = departments[0]
        cls.employee_alice.department_id = departments[1]
        cls.env.flush_all()
        cls.circle = cls.env["mentorship.circle"].create(
            {"name": "Circle of peers", "program_id": cls.program.id, "capacity": 4}
        )
        cls.circle.with_user(cls.user_alice).action_join()
        cls.plan = cls.env["mentorship.plan"].create({"pair_id": cls.pair.id})
        cls.plan_bob = cls.env["mentorship.plan"].create({"pair_id": cls.pair_bob.id})
        cls.alice = cls._seed(cls.pair, cls.user_alice, cls.mentee_alice, "ALICEMARK")
        cls.bob = cls._seed(cls.pair_bob, cls.user_bob, cls.mentee_bob, "BOBMARK")
        # What the other side of Alice's pair writes in private.
        cls.env["mentorship.note"].with_user(cls.user_mona).create(
            {"pair_id": cls.pair.id, "name": "MONAPRIVATE title", "body": "<p>MONAPRIVATE</p>"}
        )
        cls.env["mentorship.concern"].with_user(cls.user_mona).create(
            {"pair_id": cls.pair.id, "subject": "MONAPRIVATE", "description": "<p>x</p>"}
        )
        cls.env.flush_all()

    @classmethod
    def _seed(cls, pair, user, mentee, mark):
        env = cls.env
        marks = {}

        def mark_of(field):
            marks[field] = f"{mark}-{field}"
            return marks[field]

        mentee.write({"goals": mark_of("goals")})
        profile = env["mentorship.profile"].search([("employee_id", "=", mentee.employee_id.id)])
        profile.with_user(user).write({"about_me": mark_of("about_me")})
        planned_on = datetime.combine(cls.START + timedelta(days=40), time(9))
        with freeze_time(planned_on):
            session = (
                env["mentorship.session"]
                .with_user(user)
                .create(
                    {
                        "pair_id": pair.id,
                        "date_start": planned_on + timedelta(hours=1),
                        "agenda": f"<p>{mark_of('agenda')}</p>",
                        "notes": f"<p>{mark_of('session_notes')}</p>",
                    }
                )
            )
        with freeze_time(planned_on + timedelta(hours=3)):
            session.with_user(user).action_done()
            session.with_user(user).write({"my_rating": 4})
        env["mentorship.note"].with_user(user).create(
            {
                "pair_id": pair.id,
                "name": mark_of("note_title"),
                "body": f"<p>{mark_of('note_body')}</p>",
            }
        )
        plan = env["mentorship.plan"].search([("pair_id", "=", pair.id)])
        plan.write(
            {
                "mentee_feedback_preferences": mark_of("feedback_preferences"),
                "boundaries": mark_of("boundaries"),
                "accountability": mark_of("accountability"),
            }
        )
        env["mentorship.goal"].create(
            {"plan_id": plan.id, "name": "Lead a meeting", "description": mark_of("goal")}
        )
        pair.with_user(user).message_post(
            body=mark_of("chatter"), message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        env["mentorship.concern"].with_user(user).create(
            {
                "pair_id": pair.id,
                "subject": mark_of("concern_subject"),
                "description": f"<p>{mark_of('concern_description')}</p>",
            }
        )
        pair.with_user(user).action_hold(reason=mark_of("hold_reason"))
        pair.with_user(user).action_resume()
        # A declined match and a request of theirs.
        other_mentor = cls.mentor_max if pair == cls.pair else cls.mentor_mona
        today = fields.Date.context_today(pair)
        declined = env["mentorship.pair"].create(
            {
                "program_id": cls.program.id,
                "mentee_enrollment_id": mentee.id,
                "mentor_enrollment_id": other_mentor.id,
                "kind": "topic",
                "state": "pending",
                "date_proposed": today,
                "date_deadline": today + timedelta(days=7),
            }
        )
        declined.with_user(user).action_decline(reason=mark_of("decline_reason"))
        env["mentorship.request"].create(
            {
                "program_id": cls.program.id,
                "mentee_enrollment_id": mentee.id,
                "mentor_enrollment_id": other_mentor.id,
                "message": mark_of("request_message"),
                "state": "withdrawn",
            }
        )
        # Their answer to the module's pulse survey, with a text.
        pair._send_surveys("pulse", pair.date_start + timedelta(days=30))
        answer = env["survey.user_input"].search(
            [("mentorship_pair_id", "=", pair.id), ("partner_id", "=", user.partner_id.id)]
        )
        question = answer.survey_id.question_ids[:1]
        answer._save_lines(question, mark_of("survey_answer"))
        return marks

    def _zip(self, user, employee):
        PersonalData = self.env["mentorship.personal.data"].with_user(user)
        _name, content = PersonalData._export_zip(employee.id)
        return zipfile.ZipFile(io.BytesIO(content))


@tagged("post_install", "-at_install")
class TestExport(GdprCase):
    def test_the_export_holds_every_category_of_theirs(self):
        archive = self._zip(self.user_alice, self.employee_alice)
        names = set(archive.namelist())
        for category in CATEGORIES:
            self.assertIn(f"{category}.json", names)
            self.assertIn(f"{category}.csv", names)
        data = {category: json.loads(archive.read(f"{category}.json")) for category in CATEGORIES}
        for category in CATEGORIES:
            self.assertTrue(data[category], f"{category} has Alice's rows")
        everything = "\n".join(archive.read(name).decode() for name in names)
        for field, marker in self.alice.items():
            self.assertIn(marker, everything, f"Alice's {field}")
        # The other side of her pair is hers to know by name.
        self.assertIn("Mona Mentor", json.dumps(data["pairs"]))
        self.assertEqual(data["circles"][0]["name"], "Circle of peers")
        self.assertEqual(data["ratings_given"][0]["rating"], 4)
        self.assertEqual(data["employee"][0]["name"], self.name)

    def test_the_export_holds_nothing_of_anyone_else(self):
        for user in (self.user_alice, self.user_hr):
            archive = self._zip(user, self.employee_alice)
            for name in archive.namelist():
                text = archive.read(name).decode()
                self.assertNotIn("BOBMARK", text, name)
                self.assertNotIn("MONAPRIVATE", text, name)
                self.assertNotIn("Bob Mentee", text, name)

    def test_hr_exports_anyone_of_their_company_without_what_only_they_read(self):
        archive = self._zip(self.user_hr, self.employee_alice)
        self.assertIn(self.alice["goals"], archive.read("enrollments.json").decode())
        self.assertIn("Mona Mentor", archive.read("pairs.json").decode())
        everything = "\n".join(archive.read(name).decode() for name in archive.namelist())
        for field in ("note_title", "note_body", "agenda", "session_notes", "chatter"):
            self.assertNotIn(self.alice[field], everything, field)
        self.assertNotIn(self.alice["survey_answer"], everything)
        self.assertEqual(json.loads(archive.read("ratings_given.json")), [])
        self.assertIn("Exported by HR", archive.read("README.txt").decode())

    def test_someone_else_is_refused_like_an_unknown_id(self):
        PersonalData = self.env["mentorship.personal.data"]
        unknown = self.env["hr.employee"].search([], order="id desc", limit=1).id + 1000
        for user in (self.user_carl, self.user_mona, self.user_bob):
            answers = []
            for employee_id in (self.employee_alice.id, unknown):
                with self.assertRaises(AccessError) as caught:
                    PersonalData.with_user(user)._export_zip(employee_id)
                answers.append(str(caught.exception).replace(str(employee_id), "<id>"))
            self.assertEqual(answers[0], answers[1], user.login)
            self.assertNotIn(self.name, answers[0])
            # The employee form's button is refused alike.
            with self.assertRaises(AccessError):
                self.env["hr.employee"].with_user(user).browse(
                    self.employee_alice.id
                ).action_mentorship_export_personal_data()

    def test_a_line_manager_is_refused(self):
        self.employee_alice.parent_id = self.employee_carl
        with self.assertRaises(AccessError):
            self.env["mentorship.personal.data"].with_user(self.user_carl)._export_zip(
                self.employee_alice.id
            )

    def test_the_backend_buttons(self):
        action = (
            self.env["hr.employee"]
            .with_user(self.user_alice)
            .browse(self.employee_alice.id)
            .action_mentorship_export_personal_data()
        )
        self.assertEqual(action["url"], f"/my/mentorship/personal-data/{self.employee_alice.id}")
        profile = self.env["mentorship.profile"].with_user(self.user_alice)._my_profile()
        self.assertEqual(profile.action_export_personal_data()["url"], action["url"])


@tagged("post_install", "-at_install")
class TestExportRoute(GdprCase, HttpCase):
    def test_own_zip_over_http_and_others_refused_alike(self):
        self.authenticate("mentorship_alice", "mentorship_alice")
        for url in (
            "/my/mentorship/personal-data",
            f"/my/mentorship/personal-data/{self.employee_alice.id}",
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response.headers["Content-Type"], "application/zip")
            archive = zipfile.ZipFile(io.BytesIO(response.content))
            self.assertIn(self.alice["goals"], archive.read("enrollments.json").decode())
        unknown = self.env["hr.employee"].search([], order="id desc", limit=1).id + 1000
        self.authenticate("mentorship_bob", "mentorship_bob")
        answers = []
        for employee_id in (self.employee_alice.id, unknown):
            response = self.url_open(f"/my/mentorship/personal-data/{employee_id}")
            body = re.sub(r'csrf_token[^,"]*["][^"]*"', "", response.text)
            body = re.sub(r"\b[0-9a-f]{40}o\d+\b", "<csrf>", body)
            ids = f"{self.employee_alice.id}|{unknown}"
            body = re.sub(rf"\b({ids})\b", "<id>", body)
            answers.append((response.status_code, response.url, body))
            self.assertNotEqual(response.headers.get("Content-Type"), "application/zip")
            self.assertNotIn(self.name, response.text)
        self.assertEqual(answers[0], answers[1])
        self.assertIn("no such record, or not one you may see", answers[0][2])


@tagged("post_install", "-at_install")
class TestErasure(GdprCase):
    def _erase(self, user=None, **kwargs):
        return (
            self.env["mentorship.personal.data"]
            .with_user(user or self.user_hr)
            ._erase(self.employee_alice.id, **kwargs)
        )

    def _figures(self):
        """The program's figures, taken again from the data."""
        self.env.invalidate_all()
        program = self.program.with_user(self.user_hr)
        overview = {
            name: program[name]
            for name in program._fields
            if name.startswith("overview_") and program._fields[name].type == "integer"
        }
        Pair = self.env["mentorship.pair"]
        by_state = dict(Pair._read_group([("program_id", "=", program.id)], ["state"], ["__count"]))
        report = (
            self.env["mentorship.pair.report"]
            .sudo()
            ._read_group(
                [("program_id", "=", program.id)], ["state"], ["__count", "session_done_count:sum"]
            )
        )
        self.review.with_user(self.user_hr).action_refresh_figures()
        review = {
            name: self.review[name]
            for name, field in self.review._fields.items()
            if field.store
            and field.type in ("integer", "float", "char", "html", "text")
            and name not in ("findings", "actions")
        }
        stored = {
            pair.id: (pair.state, pair.session_done_count, pair.session_done_hours, pair.end_cause)
            for pair in Pair.search([("program_id", "=", program.id)])
        }
        return {
            "overview": overview,
            "pairs by state": by_state,
            "report": report,
            "review": review,
            "stored": stored,
            "outcomes": program.outcome_results,
            "pulse": program.pulse_results,
        }

    def test_refused_to_anyone_but_hr(self):
        for user in (self.user_alice, self.user_mona, self.user_carl):
            with self.assertRefused(AccessError, "Mentorship Manager"):
                self._erase(user)
        with self.assertRefused(AccessError):
            self.env["hr.employee"].with_user(self.user_carl).browse(
                self.employee_alice.id
            ).action_mentorship_erase_personal_data()
        self.assertEqual(self.mentee_alice.goals, self.alice["goals"])

    def test_a_live_pair_is_ended_first_or_confirmed(self):
        request = self.env["mentorship.request"].create(
            {
                "program_id": self.program.id,
                "mentee_enrollment_id": self.mentee_alice.id,
                "mentor_enrollment_id": self.mentor_max.id,
                "date_deadline": fields.Date.today() + timedelta(days=7),
            }
        )
        self.assertEqual(request.state, "open")
        with self.assertRefused(UserError, "end them first"):
            self._erase()
        self.assertEqual(self.pair.state, "active")
        self.assertEqual(self.mentee_alice.goals, self.alice["goals"])
        # HR confirms in the wizard: the pair is cancelled by HR, then erased.
        wizard = (
            self.env["mentorship.participant.erase"]
            .with_user(self.user_hr)
            .create({"employee_id": self.employee_alice.id})
        )
        self.assertIn("Mona Mentor", wizard.live_pair_names)
        wizard.write({"cancel_live_pairs": True})
        wizard.action_erase()
        self.assertEqual(self.pair.state, "cancelled")
        self.assertEqual(self.pair.end_cause, "hr_cancelled")
        self.assertEqual(self.pair.mentee_name, "Former participant")
        self.assertFalse(self.mentee_alice.goals)
        self.assertEqual(request.state, "withdrawn", "nobody answers an erased person's request")

    def test_no_text_of_theirs_remains_and_the_figures_stay(self):
        self.pair.with_user(self.user_alice).action_complete_early(
            reason=self.alice.setdefault("closure_reason", "ALICEMARK-closure_reason")
        )
        self.review = (
            self.env["mentorship.review"]
            .with_user(self.user_hr)
            .create({"program_id": self.program.id})
        )
        self.env.flush_all()
        before = self._figures()
        self.found_values = {}
        # Every marker is somewhere before.
        for marker in self.alice.values():
            self.assertTrue(self._found(marker), marker)
        self._erase()
        self.env.flush_all()
        self.found_values = {}
        for marker in [*self.alice.values(), self.name]:
            self.assertEqual(self._found(marker), [], f"{marker}: {self.found_values}")
        self.assertEqual(self._figures(), before)
        # Her private notes are gone, the other side's are not.
        Note = self.env["mentorship.note"]
        self.assertFalse(Note.search([("author_id", "=", self.user_alice.id)]))
        self.assertTrue(Note.search([("author_id", "=", self.user_mona.id)]))
        # Bob's text is untouched.
        for marker in self.bob.values():
            self.assertTrue(self._found(marker), marker)
        self.assertEqual(self.pair.mentee_name, "Former participant")
        self.assertFalse(self.mentee_alice.user_id)
        self.assertNotIn(self.employee_alice, self.circle.member_ids)

    def _found(self, text):
        """(table, column) of every text column of the database holding ``text``."""
        cr = self.env.cr
        cr.execute(
            """SELECT c.table_name, c.column_name
                 FROM information_schema.columns c
                 JOIN information_schema.tables t
                   ON t.table_name = c.table_name AND t.table_schema = c.table_schema
                WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
                  AND c.data_type IN ('text', 'character varying', 'jsonb')"""
        )
        found = []
        for table, column in cr.fetchall():
            if (table, column) in PEOPLE_NAME_COLUMNS:
                continue
            cr.execute(
                SQL(
                    "SELECT left(%s::text, 300) FROM %s WHERE %s::text ILIKE %s LIMIT 1",
                    SQL.identifier(column),
                    SQL.identifier(table),
                    SQL.identifier(column),
                    f"%{text}%",
                )
            )
            row = cr.fetchone()
            if row:
                found.append((table, column))
                self.found_values[table, column] = row[0]
        return found
