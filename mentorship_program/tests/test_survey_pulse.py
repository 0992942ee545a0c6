from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..analytics import pulse_due_date
from .survey_common import SurveyCase

PROGRAM_MISSING_ACTIVITY = "mentorship_program.mail_activity_type_program_pulse_survey_missing"


@tagged("post_install", "-at_install")
class TestPulseSurvey(SurveyCase):
    def _run(self, days):
        with freeze_time(self.START + timedelta(days=days)):
            return self.Pair._cron_send_pulse_surveys()

    def test_schedule(self):
        self.assertEqual(pulse_due_date(self.START, 1), self.START + timedelta(days=30))
        self.assertEqual(pulse_due_date(self.START, 2), self.START + timedelta(days=90))
        self.assertEqual(pulse_due_date(self.START, 3), self.START + timedelta(days=150))
        self.assertEqual(self.pair.next_pulse_date, self.START + timedelta(days=30))

    def test_first_pulse_on_day_30_once(self):
        self._run(29)
        self.assertFalse(self._answers())
        self._run(30)
        answers = self._answers()
        # Mentor and mentee of both pairs, each with their own e-mail.
        self.assertEqual(len(answers), 4)
        self.assertEqual(
            answers.filtered(lambda a: a.mentorship_pair_id == self.pair).partner_id,
            self.user_alice.partner_id | self.user_mona.partner_id,
        )
        self.assertEqual(set(answers.mapped("mentorship_pulse_index")), {1})
        self.assertEqual(set(answers.mapped("survey_id").ids), {self.pulse_survey.id})
        self.assertEqual(set(answers.mapped("mentorship_program_id").ids), {self.program.id})
        mails = self._mails(answers)
        self.assertEqual(len(mails), 4)
        self.assertIn(answers[0].access_token, "".join(mails.mapped("body_html")))
        self.assertEqual(self.pair.last_pulse_index, 1)
        self.assertEqual(self.pair.last_pulse_date, self.START + timedelta(days=30))
        self.assertEqual(self.pair.next_pulse_date, self.START + timedelta(days=90))
        # Run twice the same day, and the next day: nothing more.
        self._run(30)
        self._run(31)
        self.assertEqual(len(self._answers()), 4)
        self.assertEqual(len(self._mails(self._answers())), 4)

    def test_missed_day_30_sent_on_day_31(self):
        self._run(31)
        self.assertEqual(len(self._answers()), 4)
        self.assertEqual(self.pair.last_pulse_index, 1)

    def test_second_pulse_on_day_90(self):
        self._run(30)
        self._run(89)
        self.assertEqual(len(self._answers()), 4)
        self._run(90)
        self._run(90)
        self._run(91)
        answers = self._answers()
        self.assertEqual(len(answers), 8)
        self.assertEqual(len(answers.filtered(lambda a: a.mentorship_pulse_index == 2)), 4)
        self.assertEqual(self.pair.last_pulse_index, 2)
        self.assertEqual(self.pair.next_pulse_date, self.START + timedelta(days=150))

    def test_catch_up_sends_only_the_latest_pulse(self):
        self._run(95)
        answers = self._answers()
        self.assertEqual(len(answers), 4)
        self.assertEqual(set(answers.mapped("mentorship_pulse_index")), {2})

    def test_only_active_pairs(self):
        self.pair_bob.write({"state": "on_hold"})
        self._run(30)
        self.assertEqual(self._answers().mentorship_pair_id, self.pair)
        self.program.write({"pulse_survey_id": False})
        self._run(90)
        self.assertEqual(len(self._answers()), 2)

    def test_one_failing_pair_does_not_stop_the_others(self):
        SurveyModel = type(self.env["survey.survey"])
        original = SurveyModel._check_answer_creation
        bob_partner = self.user_bob.partner_id

        def check_answer_creation(survey, user, partner, *args, **kwargs):
            if partner == bob_partner:
                raise UserError(survey.env._("boom"))
            return original(survey, user, partner, *args, **kwargs)

        with (
            patch.object(SurveyModel, "_check_answer_creation", check_answer_creation),
            self.assertLogs("odoo.addons.mentorship_program.automation.batches", "ERROR"),
        ):
            outcome = self._run(30)
        self.assertEqual(outcome.failed, self.pair_bob.ids)
        self.assertEqual(self._answers().mentorship_pair_id, self.pair)
        self.assertEqual(len(self._mails(self._answers())), 2)
        self.assertEqual(self.pair_bob.last_pulse_index, 0)
        # Fixed: the next run sends Bob's pair its pulse, and Alice's nothing again.
        self._run(31)
        self.assertEqual(len(self._answers()), 4)
        self.assertEqual(len(self._answers(pairs=self.pair)), 2)
        self.assertEqual(self.pair_bob.last_pulse_index, 1)

    def test_crash_half_way_then_rerun(self):
        # A first run committed the first pair's batch, then died.
        with freeze_time(self.START + timedelta(days=30)):
            self.pair._send_surveys("pulse", self.START + timedelta(days=30))
        self.assertEqual(len(self._answers()), 2)
        self._run(30)
        answers = self._answers()
        self.assertEqual(len(answers), 4)
        self.assertEqual(len(self._mails(answers)), 4)
        self.assertEqual(len(answers.filtered(lambda a: a.mentorship_pair_id == self.pair)), 2)

    def _missing_activities(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "mentorship.program"),
                ("res_id", "=", self.program.id),
                ("activity_type_id", "=", self.env.ref(PROGRAM_MISSING_ACTIVITY).id),
            ]
        )

    def test_archived_survey_skips_pairs_and_tells_managers_once(self):
        self.pulse_survey.action_archive()
        with self.assertLogs(
            "odoo.addons.mentorship_program.models.mentorship_program", "WARNING"
        ) as logs:
            self._run(30)
        self.assertIn("2 pairs skipped", logs.output[0])
        self.assertFalse(self._answers())
        activity = self._missing_activities()
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_hr)
        self.assertIn("closed", activity.note)
        self._run(30)
        self._run(31)
        self.assertEqual(len(self._missing_activities()), 1)
        self.assertEqual(self.pair.last_pulse_index, 0)
        # Nothing lost: once the survey is open again, the due pulses go out.
        self.pulse_survey.action_unarchive()
        self._run(32)
        self.assertEqual(len(self._answers()), 4)

    def test_survey_without_questions_is_reported(self):
        self.pulse_survey.question_and_page_ids.unlink()
        self._run(30)
        self.assertFalse(self._answers())
        self.assertIn("no questions", self._missing_activities().note)

    def test_deleting_a_program_survey_is_refused(self):
        with self.assertRefused(UserError, "Leadership Accelerator"):
            self.pulse_survey.unlink()
        self.assertTrue(self.program.exists())
        self.assertEqual(self.program.pulse_survey_id, self.pulse_survey)
        # Once the program uses another survey, it can go.
        other = self._make_survey("Another pulse")
        self.program.write({"pulse_survey_id": other.id})
        self.pulse_survey.unlink()
        self.assertTrue(self.program.exists())
