"""HR's review of a proposal: the next best mentors, the ranked choice of a
mentor, the refusal of a full or excluded one, the side-by-side profiles;
and, in self-request mode, why a mentee gets no suggestion."""

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from odoo.addons.mentorship_program.matching import ReasonRenderer, format_score

from .common import MatchingCase


class ReviewCase(MatchingCase):
    """MatchingCase, plus Lina: a ready mentor who is Alice's manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee_lina = cls.env["hr.employee"].create({"name": "Lina Lead"})
        cls.user_lina = cls.env["res.users"].create(
            {"name": "Lina Lead", "login": "mentorship_lina_lead"}
        )
        cls.employee_lina.user_id = cls.user_lina
        lina_coaching = cls.env["hr.employee.skill"].create(
            {
                "employee_id": cls.employee_lina.id,
                "skill_type_id": cls.skill_type.id,
                "skill_id": cls.skill_coaching.id,
                "skill_level_id": cls.level_advanced.id,
            }
        )
        cls.mentor_lina = cls._ready_mentor(cls.employee_lina, cls.user_lina, lina_coaching)
        cls.employee_alice.parent_id = cls.employee_lina

    def _proposals(self):
        run = self._run()
        return (
            run,
            self._proposal_of(run, self.mentee_alice).with_user(self.user_hr),
            self._proposal_of(run, self.mentee_bob).with_user(self.user_hr),
        )


@tagged("post_install", "-at_install")
class TestMatchReview(ReviewCase):
    def test_hr_sees_the_next_best_mentors_and_why_others_are_left_out(self):
        _run, alice, _bob = self._proposals()
        self.assertEqual(alice.mentor_enrollment_id, self.mentor_mona)
        html = str(alice.alternatives_html)
        # Max: allowed, one free seat left (two, minus Bob's proposal).
        self.assertIn("Max Mentor", html)
        self.assertRegex(html, r"Max Mentor</td><td[^>]*>\d+ %</td><td[^>]*>1</td>")
        # Lina masters Coaching but is Alice's manager: listed, with the rule.
        self.assertIn("Lina Lead", html)
        self.assertIn("is the mentee&#39;s manager", html)
        self.assertNotIn(
            "Mona Mentor</td>", html, "the proposal's own mentor is not an alternative"
        )

    def test_employees_never_read_the_review(self):
        _run, alice, _bob = self._proposals()
        for user in (self.user_alice, self.user_mona):
            with self.assertRaises(AccessError):
                alice.with_user(user).read(["alternatives_html"])
            with self.assertRaises(AccessError):
                alice.with_user(user).read(["profiles_html"])

    def test_the_mentor_field_lists_mentors_ranked_with_seats_and_marks(self):
        run, alice, _bob = self._proposals()
        Enrollment = self.env["mentorship.enrollment"].with_user(self.user_hr)
        context = {
            "mentorship_rank_run": run.id,
            "mentorship_rank_mentee": self.mentee_alice.id,
            "mentorship_rank_proposal": alice.id,
        }
        domain = [("program_id", "=", self.program.id), ("role", "=", "mentor")]
        labels = [
            label for _id, label in Enrollment.with_context(**context).name_search("", domain)
        ]
        self.assertEqual(len(labels), 3)
        # Mona first (her seat is this proposal's), then Max; Lina is excluded.
        self.assertRegex(labels[0], r"^Mona Mentor — \d+ %, 1 free seat\(s\)$")
        self.assertRegex(labels[1], r"^Max Mentor — \d+ %, 1 free seat\(s\)$")
        self.assertRegex(
            labels[2], r"^Lina Lead — \d+ %, cannot be chosen: is the mentee's manager"
        )
        # Anyone but HR gets the plain list: no score, no rule.
        plain = (
            self.env["mentorship.enrollment"]
            .with_user(self.user_mona)
            .with_context(**context)
            .name_search("Mona")
        )
        self.assertTrue(all("%" not in label for _id, label in plain))

    def test_a_full_or_excluded_mentor_is_refused_naming_the_proposal_and_field(self):
        _run, alice, bob = self._proposals()
        score_before = bob.score
        # Mona's one seat is Alice's.
        with self.assertRefused(
            ValidationError,
            r"^Bob Mentee ← Max Mentor: 'Mentor' \(mentor_enrollment_id\) cannot be Mona "
            r"Mentor: Mona Mentor is full",
        ):
            bob.write({"mentor_enrollment_id": self.mentor_mona.id})
        with self.assertRefused(ValidationError, r"mentor_enrollment_id.*is the mentee's manager"):
            alice.write({"mentor_enrollment_id": self.mentor_lina.id})
        bob.invalidate_recordset()
        alice.invalidate_recordset()
        self.assertEqual(bob.mentor_enrollment_id, self.mentor_max)
        self.assertEqual(bob.score, score_before)
        self.assertFalse(bob.locked or bob.is_manual, "nothing of the refused write stays")
        self.assertEqual(alice.mentor_enrollment_id, self.mentor_mona)
        # A mentor with a free seat and no rule against them is taken.
        alice.write({"mentor_enrollment_id": self.mentor_max.id})
        self.assertEqual(alice.mentor_enrollment_id, self.mentor_max)
        self.assertTrue(alice.is_manual)

    def test_a_proposal_added_by_hand_is_checked_too(self):
        run, alice, _bob = self._proposals()
        alice.unlink()
        with self.assertRefused(ValidationError, r"mentor_enrollment_id.*is the mentee's manager"):
            self.env["mentorship.match.proposal"].with_user(self.user_hr).create(
                {
                    "run_id": run.id,
                    "mentee_enrollment_id": self.mentee_alice.id,
                    "mentor_enrollment_id": self.mentor_lina.id,
                }
            )
        self.assertFalse(
            run.proposal_ids.filtered(lambda p: p.mentee_enrollment_id == self.mentee_alice)
        )

    def test_the_form_warns_before_saving(self):
        _run, _alice, bob = self._proposals()
        spec = {"run_id": {}, "mentee_enrollment_id": {}, "mentor_enrollment_id": {}}
        result = bob.onchange(
            {
                "run_id": bob.run_id.id,
                "mentee_enrollment_id": self.mentee_bob.id,
                "mentor_enrollment_id": self.mentor_mona.id,
            },
            ["mentor_enrollment_id"],
            spec,
        )
        self.assertIn("Mona Mentor is full", result["warning"]["message"])
        result = bob.onchange(
            {
                "run_id": bob.run_id.id,
                "mentee_enrollment_id": self.mentee_bob.id,
                "mentor_enrollment_id": self.mentor_lina.id,
            },
            ["mentor_enrollment_id"],
            spec,
        )
        self.assertFalse(result.get("warning"), "Lina has a seat and no rule against Bob")

    def test_profiles_side_by_side(self):
        _run, alice, _bob = self._proposals()
        english = self.env.ref("base.lang_en")
        self.mentee_alice.sudo().language_ids = [Command.set(english.ids)]
        self.employee_mona.department_id = self.env["hr.department"].create({"name": "Sales Ops"})
        alice.invalidate_recordset(["profiles_html"])
        html = str(alice.profiles_html)
        self.assertIn("Mentee: Alice Mentee", html)
        self.assertIn("Mentor: Mona Mentor", html)
        self.assertIn("Coaching: none → Advanced", html, "the mentee's target, from where they are")
        self.assertIn("Coaching (Advanced)", html, "the mentor's expertise with its level")
        self.assertIn("Sales Ops", html)
        self.assertIn(english.name, html)


@tagged("post_install", "-at_install")
class TestNoSuggestion(ReviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program.write({"matching_mode": "self_request", "request_limit": 2})

    def _fill(self, mentor):
        """Take every seat of ``mentor``: one seat, one active pair with a new mentee."""
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

    def test_why_nothing_is_suggested_and_hr_is_told_once(self):
        for mentor in (self.mentor_mona, self.mentor_max):
            self._fill(mentor)
        mentee = self.mentee_alice.with_user(self.user_alice)
        self.assertEqual(mentee._get_mentor_suggestions(), [])
        why = mentee._explain_no_suggestion()
        self.assertEqual(
            why,
            [
                "1 of the 3 mentors are in your reporting line, which the program rules out.",
                "2 of the 3 mentors are full.",
                "You wait for HR's next matching run: HR has been told that no mentor "
                "can be suggested to you yet.",
            ],
        )
        # Opened again and again: one activity for the program's manager.
        mentee._explain_no_suggestion()
        self.env["mentorship.mentor.suggestion"].with_user(self.user_alice).create(
            {"mentee_enrollment_id": self.mentee_alice.id}
        )._load_suggestions()
        activities = self.env["mail.activity"].search(
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
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.user_hr)
        self.assertIn("2 of the 3 mentors are full.", activities.note)

    def test_every_mentor_full(self):
        self.employee_alice.parent_id = False
        for mentor in (self.mentor_mona, self.mentor_max, self.mentor_lina):
            self._fill(mentor)
        why = self.mentee_alice.with_user(self.user_alice)._explain_no_suggestion()
        self.assertEqual(why[0], "Every mentor of the program is full.")

    def test_nothing_to_explain_when_a_mentor_can_be_suggested(self):
        mentee = self.mentee_alice.with_user(self.user_alice)
        self.assertTrue(mentee._get_mentor_suggestions())
        self.assertEqual(mentee._explain_no_suggestion(), [])
        self.assertFalse(
            self.env["mail.activity"].search_count(
                [("res_model", "=", "mentorship.enrollment"), ("res_id", "=", self.mentee_alice.id)]
            )
        )

    def test_the_wizard_says_why(self):
        for mentor in (self.mentor_mona, self.mentor_max, self.mentor_lina):
            self._fill(mentor)
        action = self.mentee_alice.with_user(self.user_alice).action_find_mentor()
        wizard = self.env[action["res_model"]].with_user(self.user_alice).browse(action["res_id"])
        self.assertFalse(wizard.line_ids)
        self.assertIn("Every mentor of the program is full.", wizard.empty_explanation)

    def test_only_the_mentee_and_hr_may_ask_why(self):
        for user in (self.user_bob, self.user_mona):
            with self.assertRaises(AccessError):
                self.mentee_alice.with_user(user)._explain_no_suggestion()


@tagged("post_install", "-at_install")
class TestReasonSentences(ReviewCase):
    def test_reasons_read_as_plain_sentences(self):
        monday, tuesday = (
            self.env.ref("mentorship_program.availability_slot_mon_am"),
            self.env.ref("mentorship_program.availability_slot_tue_am"),
        )
        english = self.env.ref("base.lang_en")
        stored = [
            {"code": "availability", "share": 0.3, "data": {"slot_ids": [monday.id, tuesday.id]}},
            {"code": "language", "share": 0.2, "data": {"lang_ids": [english.id]}},
            {"code": "timezone", "share": 0.1, "data": {"hours_apart": 0}},
        ]
        self.assertEqual(
            ReasonRenderer(self.env, "participant").render(stored),
            f"You are both free on {monday.name} and {tuesday.name}. "
            f"You both work in {english.name}. You are in the same time zone.",
        )

    def test_scores_read_as_whole_percentages(self):
        self.assertEqual(format_score(self.env, 72.46), "72 %")
        self.assertEqual(format_score(self.env, 100.0), "100 %")
