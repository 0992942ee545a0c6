from datetime import date

from odoo import Command

from .common import ActivePairCase


class SurveyCase(ActivePairCase):
    """The active pair Alice-Mona and a second one, Bob-Max, both started on
    START, in a program with a pulse and a closure survey."""

    START = date(2030, 1, 7)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.email = "hr@example.com"
        cls.pulse_survey = cls._make_survey("Mentorship pulse")
        cls.closure_survey = cls._make_survey("Mentorship closure")
        cls.program.write(
            {"pulse_survey_id": cls.pulse_survey.id, "closure_survey_id": cls.closure_survey.id}
        )
        cls.pair_bob = cls._active_pair(cls.mentee_bob, cls.mentor_max)
        cls.pairs = cls.pair | cls.pair_bob
        cls.pairs.write({"date_start": cls.START})
        cls.Pair = cls.env["mentorship.pair"]

    @classmethod
    def _make_survey(cls, title):
        return cls.env["survey.survey"].create(
            {
                "title": title,
                "access_mode": "token",
                "question_and_page_ids": [
                    Command.create({"title": "How is it going?", "question_type": "text_box"})
                ],
            }
        )

    def _answers(self, kind="pulse", pairs=None):
        return self.env["survey.user_input"].search(
            [
                ("mentorship_pair_id", "in", (pairs or self.pairs).ids),
                ("mentorship_survey_kind", "=", kind),
            ]
        )

    def _mails(self, answers):
        return self.env["mail.mail"].search(
            [("model", "=", "survey.user_input"), ("res_id", "in", answers.ids)]
        )
