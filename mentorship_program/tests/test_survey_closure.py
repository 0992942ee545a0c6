from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .survey_common import SurveyCase

CLOSURE_CRON = "mentorship_program.ir_cron_mentorship_pair_closure_survey"


@tagged("post_install", "-at_install")
class TestClosureSurvey(SurveyCase):
    def _run(self, day):
        with freeze_time(day):
            return self.Pair._cron_send_closure_surveys()

    def _close(self, pairs, day, state="completed_early"):
        with freeze_time(day):
            pairs._close(
                state,
                "early" if state == "completed_early" else "hr_cancelled",
                "Closed in a test.",
            )

    def test_closure_survey_once_to_both(self):
        day = self.START + timedelta(days=40)
        triggers = self.env["ir.cron.trigger"].search_count(
            [("cron_id", "=", self.env.ref(CLOSURE_CRON).id)]
        )
        self._close(self.pair, day)
        # Sent by the cron, which the closing triggered, not by the closing itself.
        self.assertFalse(self._answers("closure"))
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count(
                [("cron_id", "=", self.env.ref(CLOSURE_CRON).id)]
            ),
            triggers + 1,
        )
        self._run(day)
        answers = self._answers("closure")
        self.assertEqual(len(answers), 2)
        self.assertEqual(answers.partner_id, self.user_alice.partner_id | self.user_mona.partner_id)
        self.assertEqual(answers.survey_id, self.closure_survey)
        self.assertEqual(len(self._mails(answers)), 2)
        self.assertEqual(self.pair.closure_survey_date, day)
        self._run(day)
        self._run(day + timedelta(days=1))
        self.assertEqual(len(self._answers("closure")), 2)
        self.assertEqual(len(self._mails(self._answers("closure"))), 2)

    def test_pairs_that_never_ran_get_none(self):
        self.pair_bob.write({"state": "pending", "date_start": False})
        self.pair_bob.write({"state": "declined", "date_end": self.START})
        self._close(self.pair, self.START + timedelta(days=1), state="cancelled")
        self._run(self.START + timedelta(days=1))
        self.assertEqual(self._answers("closure").mentorship_pair_id, self.pair)

    def test_pairs_ended_long_ago_get_none(self):
        self._close(self.pairs, self.START + timedelta(days=10))
        self.program.write({"closure_survey_id": False})
        self._run(self.START + timedelta(days=10))
        # The program gets a closure survey 31 days after the pairs ended.
        self.program.write({"closure_survey_id": self.closure_survey.id})
        self._run(self.START + timedelta(days=41))
        self.assertFalse(self._answers("closure"))
        self._run(self.START + timedelta(days=40))
        self.assertEqual(len(self._answers("closure")), 4)

    def test_archived_closure_survey_waits(self):
        self.closure_survey.action_archive()
        day = self.START + timedelta(days=40)
        self._close(self.pairs, day)
        self._run(day)
        self._run(day)
        self.assertFalse(self._answers("closure"))
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "mentorship.program"), ("res_id", "=", self.program.id)]
        )
        self.assertEqual(len(activities), 1)
        self.closure_survey.action_unarchive()
        self._run(day + timedelta(days=1))
        self.assertEqual(len(self._answers("closure")), 4)
        self.assertFalse(self.pairs.filtered(lambda p: not p.closure_survey_date))
