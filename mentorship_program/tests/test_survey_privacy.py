from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .privacy_common import PrivacyCase
from .test_rating_report import RatedSessionsCase

PULSE = "mentorship_program.survey_mentorship_pulse"
CLOSURE = "mentorship_program.survey_mentorship_closure"
SECRET = "My mentor never listens"


def _scale_questions(survey):
    return survey.question_ids.filtered(lambda q: q.question_type == "scale").sorted("sequence")


def _text_question(survey):
    return survey.question_ids.filtered(lambda q: q.question_type == "text_box")


@tagged("post_install", "-at_install")
class TestDefaultSurveys(PrivacyCase):
    def test_new_programs_get_the_default_surveys(self):
        pulse, closure = self.env.ref(PULSE), self.env.ref(CLOSURE)
        for survey in (pulse, closure):
            survey.check_validity()  # sendable as shipped
            self.assertEqual(survey.access_mode, "token")
            self.assertEqual(len(_scale_questions(survey)), 3)
            self.assertEqual(
                {q.scale_min for q in _scale_questions(survey)}
                | {q.scale_max for q in _scale_questions(survey)},
                {1, 5},
            )
            self.assertTrue(_text_question(survey))
        program = (
            self.env["mentorship.program"]
            .with_user(self.user_hr)
            .create(self._program_values(name="Out of the box"))
        )
        self.assertEqual(program.pulse_survey_id, pulse)
        self.assertEqual(program.closure_survey_id, closure)
        # An archived default is not given to new programs.
        pulse.action_archive()
        program = self.env["mentorship.program"].create(self._program_values(name="No pulse"))
        self.assertFalse(program.pulse_survey_id)
        self.assertEqual(program.closure_survey_id, closure)


class AnsweredSurveysCase(RatedSessionsCase):
    """The pulse survey sent to the pairs: answered by the five raters."""

    @classmethod
    def _answer(cls, pair, user, values, text=None, kind="pulse"):
        survey = pair.program_id[f"{kind}_survey_id"]
        answer = survey._create_answer(
            user=user,
            partner=user.partner_id,
            check_attempts=False,
            mentorship_pair_id=pair.id,
            mentorship_survey_kind=kind,
            mentorship_pulse_index=1 if kind == "pulse" else 0,
            mentorship_sent_date=fields.Date.today(),
        )
        for question, value in zip(_scale_questions(survey), values):
            answer._save_lines(question, str(value))
        if text:
            answer._save_lines(_text_question(survey), text)
        answer._mark_done()
        return answer

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.answers = cls.env["survey.user_input"]
        for index, pair in enumerate(cls.rated_pairs):
            cls.answers |= cls._answer(
                pair, pair.mentee_user_id, (5, 4, 3 + index % 2), SECRET if index == 0 else None
            )
        cls.secret_answer = cls.answers[0]


@tagged("post_install", "-at_install")
class TestSurveyAnswerPrivacy(AnsweredSurveysCase):
    def test_nobody_reads_answers_per_person(self):
        respondent = self.rated_pairs[0].mentee_user_id
        readers = dict(self._outsiders())
        readers["the mentor of the pair"] = self.user_max
        Answer, Line = self.env["survey.user_input"], self.env["survey.user_input.line"]
        lines = self.secret_answer.user_input_line_ids
        for role, user in readers.items():
            with self.subTest(role=role):
                if not Answer.with_user(user).has_access("read"):
                    # Employees and portal users: no access to answers at all.
                    with self.assertRefused(AccessError):
                        Answer.with_user(user).search([])
                    continue
                self.assertFalse(
                    Answer.with_user(user).search([("mentorship_pair_id", "!=", False)])
                )
                self.assertFalse(
                    Line.with_user(user).search([("user_input_id", "in", self.answers.ids)])
                )
                self.assertFalse(
                    Line.with_user(user).search([("value_text_box", "ilike", "listens")])
                )
                self.assertEqual(
                    Answer.with_user(user).read_group(
                        [("mentorship_program_id", "=", self.program.id)], ["state"], ["state"]
                    ),
                    [],
                )
                with self.assertRefused(AccessError):
                    self.secret_answer.with_user(user).read(["partner_id", "state"])
                with self.assertRefused(AccessError):
                    lines.with_user(user).read(["value_text_box"])
                with self.assertRefused(AccessError):
                    self.secret_answer.with_user(user).export_data(
                        ["user_input_line_ids/value_text_box"]
                    )
                with self.assertRefused(AccessError):
                    self.secret_answer.with_user(user).write({"state": "new"})
                with self.assertRefused(AccessError):
                    self.secret_answer.with_user(user).unlink()
                with self.assertRefused(AccessError):
                    lines.with_user(user).unlink()
        self.assertEqual(self.secret_answer.state, "done")
        # Their respondent's own: a Surveys user reads their own answers.
        respondent.groups_id = [(4, self.env.ref("survey.group_survey_user").id)]
        self.assertEqual(
            Answer.with_user(respondent).search([("mentorship_pair_id", "!=", False)]),
            self.secret_answer,
        )

    def test_other_surveys_keep_odoos_rules(self):
        survey = self.env["survey.survey"].create(
            {
                "title": "Canteen",
                "question_and_page_ids": [(0, 0, {"title": "Food?", "question_type": "text_box"})],
            }
        )
        answer = survey._create_answer(partner=self.user_carl.partner_id, check_attempts=False)
        Answer = self.env["survey.user_input"].with_user(self.user_surveys)
        self.assertEqual(Answer.search([("survey_id", "=", survey.id)]), answer)
        answer.with_user(self.user_surveys).read(["state"])


@tagged("post_install", "-at_install")
class TestSurveyResults(AnsweredSurveysCase):
    def test_program_results_over_the_minimum_group_size(self):
        html = str(self.program.with_user(self.user_hr).pulse_results)
        # Five people: averages shown, the written answer never.
        self.assertIn("Average 5.0", html)
        self.assertIn("Average 4.0", html)
        self.assertIn("Average 3.4", html)
        self.assertIn("5 people answered", html)
        # One person wrote something: not even that is told.
        self.assertEqual(html.count("Fewer than 5 people answered"), 1)
        self.assertNotIn("written answers", html)
        self.assertNotIn("listens", html)
        self.assertIn("Fewer than 5 people answered", str(self.program.closure_results))
        # Four people: nothing is shown.
        self.answers[-1].sudo().write({"state": "in_progress"})
        self.program.invalidate_recordset(["pulse_results"])
        html = str(self.program.with_user(self.user_hr).pulse_results)
        self.assertNotIn("Average", html)
        self.assertEqual(html.count("Fewer than 5 people answered"), 4, "each question")
        # Employees do not read results at all.
        with self.assertRefused(AccessError):
            self.program.with_user(self.user_alice).read(["pulse_results"])

    def test_choices_are_counted_over_the_minimum_group_size(self):
        survey = self.env.ref(PULSE)
        question = self.env["survey.question"].create(
            {
                "survey_id": survey.id,
                "title": "Would you mentor someone?",
                "question_type": "simple_choice",
                "suggested_answer_ids": [(0, 0, {"value": "Yes"}), (0, 0, {"value": "No"})],
            }
        )
        yes, no = question.suggested_answer_ids
        for answer, choice in zip(self.answers, (yes, yes, no, yes, no)):
            answer._save_lines(question, choice.id)
        html = str(self.program.with_user(self.user_hr).pulse_results)
        self.assertIn("Yes: 3 · No: 2", html)
        self.program.min_group_size = 6
        self.program.invalidate_recordset(["pulse_results"])
        self.assertNotIn("Yes:", str(self.program.with_user(self.user_hr).pulse_results))

    def test_review_results_over_the_minimum_group_size(self):
        # HR's review of the quarter to date.
        review = (
            self.env["mentorship.review"]
            .with_user(self.user_hr)
            .create({"program_id": self.program.id})
        )
        self.assertIn("Average 3.4", str(review.survey_results))
        self.assertNotIn("listens", str(review.survey_results))
        self.program.min_group_size = 6
        review.action_refresh_figures()
        self.assertNotIn("Average", str(review.survey_results))
        self.assertIn("Fewer than 6 people answered", str(review.survey_results))


@tagged("post_install", "-at_install")
class TestSurveyAnswering(PrivacyCase, HttpCase):
    """Odoo's survey pages still work for the respondent: they answer as
    superuser through the invitation's token."""

    def _send_pulse(self):
        start = fields.Date.today() - timedelta(days=31)
        (self.pair | self.pair_paul).write({"date_start": start})
        self.env["mentorship.pair"]._cron_send_pulse_surveys()
        return self.env["survey.user_input"].search(
            [
                ("mentorship_survey_kind", "=", "pulse"),
                ("mentorship_pair_id", "in", (self.pair | self.pair_paul).ids),
            ]
        )

    def _answer_through_the_link(self, answer, login):
        survey = answer.survey_id
        self.authenticate(login, login)
        page = self.url_open(
            f"/survey/start/{survey.access_token}?answer_token={answer.access_token}"
        )
        self.assertEqual(page.status_code, 200)
        self.assertIn(survey.title, page.text)
        base = survey.get_base_url()
        self.opener.post(
            f"{base}/survey/begin/{survey.access_token}/{answer.access_token}", json={}
        )
        post = {str(q.id): "4" for q in _scale_questions(survey)}
        post[str(_text_question(survey).id)] = SECRET
        response = self.opener.post(
            f"{base}/survey/submit/{survey.access_token}/{answer.access_token}",
            json={"params": {**post, "token": answer.access_token}},
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("error", response.json().get("result", [{}, {}])[1])

    def test_employee_and_portal_respondents_answer(self):
        answers = self._send_pulse()
        self.assertEqual(len(answers), 4)
        for user, login in (
            (self.user_alice, "mentorship_alice"),
            (self.user_paul, "privacy_paul"),
        ):
            with self.subTest(login=login):
                answer = answers.filtered(lambda a, u=user: a.partner_id == u.partner_id)
                self._answer_through_the_link(answer, login)
                self.assertEqual(answer.state, "done")
                self.assertEqual(
                    sorted(answer.user_input_line_ids.mapped("value_scale")), [0, 4, 4, 4]
                )
                self.assertIn(SECRET, answer.user_input_line_ids.mapped("value_text_box"))
        # Someone else's link, logged in as someone else: refused by Odoo.
        mona_answer = answers.filtered(lambda a: a.partner_id == self.user_mona.partner_id)
        survey = mona_answer.survey_id
        self.authenticate("privacy_lena", "privacy_lena")
        page = self.url_open(
            f"/survey/start/{survey.access_token}?answer_token={mona_answer.access_token}"
        )
        self.assertNotIn(_scale_questions(survey)[0].title, page.text)
        self.assertEqual(mona_answer.state, "new")
        # The survey manager's results page leaves the pairs' answers out.
        self.env.ref("base.user_admin").password = "admin"
        self.authenticate("admin", "admin")
        results = self.url_open(f"/survey/results/{survey.id}")
        self.assertEqual(results.status_code, 200)
        self.assertNotIn(SECRET, results.text)
