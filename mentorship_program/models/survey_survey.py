from odoo import api, fields, models
from odoo.exceptions import UserError


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_mentorship_survey(self):
        """Deleting a program's pulse or closure survey would also delete every
        answer collected with it; say which programs use it instead of
        failing on the database's foreign key."""
        programs = (
            self.env["mentorship.program"]
            .sudo()
            .with_context(active_test=False)
            .search(
                ["|", ("pulse_survey_id", "in", self.ids), ("closure_survey_id", "in", self.ids)]
            )
        )
        if programs:
            raise UserError(
                self.env._(
                    "These surveys are the pulse or closure survey of the mentorship "
                    "programs %(programs)s: choose another survey on those programs "
                    "first, or archive the survey instead of deleting it.",
                    programs=", ".join(programs.mapped("display_name")),
                )
            )

    @api.model
    def _mentorship_create_answers(self, invitations):
        """The survey invitations (``survey.user_input``) of mentorship pairs,
        in one ``create``: ``invitations`` is a list of ``(survey, user,
        partner, values)``.

        Each gets the values Odoo's ``_create_answer`` gives an invitation
        (``check_attempts=False``: a pair is surveyed on its own schedule),
        after the same checks, but all in one ``create`` instead of one per
        person, and without the chatter of each invitation (the "created" note
        and the automatic followers): the answers are their respondent's only.
        """
        Answer = self.env["survey.user_input"].sudo()
        vals_list = []
        for survey, user, partner, values in invitations:
            if partner and not user and partner.user_ids:
                user = partner.user_ids[0]
            survey._check_answer_creation(user, partner, False, check_attempts=False)
            vals = {
                "survey_id": survey.id,
                "test_entry": False,
                "is_session_answer": survey.session_state in ("ready", "in_progress"),
            }
            if survey.session_state == "in_progress":
                vals.update(state="in_progress", start_datetime=fields.Datetime.now())
            person = user if user and not user._is_public() else partner
            vals.update(
                partner_id=person.partner_id.id if person._name == "res.users" else person.id
            )
            vals.update(email=person.email, nickname=person.name)
            if survey.is_attempts_limited and survey.access_mode != "public":
                vals["invite_token"] = Answer._generate_invite_token()
            vals_list.append({**vals, **values})
        answers = Answer.with_context(tracking_disable=True).create(vals_list).with_env(Answer.env)
        # Questions that keep the respondent's e-mail or name as an answer, as Odoo does.
        for question in answers.survey_id.question_ids.filtered(
            lambda q: q.question_type == "char_box" and (q.save_as_email or q.save_as_nickname)
        ):
            for answer in answers.filtered(lambda a, q=question: a.survey_id == q.survey_id):
                if question.save_as_email and answer.email:
                    answer._save_lines(question, answer.email)
                if question.save_as_nickname and answer.nickname:
                    answer._save_lines(question, answer.nickname)
        return answers
