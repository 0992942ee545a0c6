"""Pulse and closure surveys of mentorship.pair (DESIGN.md, "Automation").

The pair model is extended here, apart from its lifecycle
(mentorship_pair.py) and its daily reminders (mentorship_pair_automation.py),
so that each concern reads on its own.
"""

from odoo import api, fields, models

from ..analytics import ENDED_PAIR_STATES, pulse_due_date, pulse_index_due
from ..automation.batches import process_in_batches

PULSE_SURVEY_CRON = "mentorship_program.ir_cron_mentorship_pair_pulse_survey"
CLOSURE_SURVEY_CRON = "mentorship_program.ir_cron_mentorship_pair_closure_survey"
SURVEY_MAIL_TEMPLATES = {
    "pulse": "mentorship_program.mail_template_survey_pulse",
    "closure": "mentorship_program.mail_template_survey_closure",
}
# A pair that ran and ended in one of these states gets the closure survey;
# declined pairs (and those that ended before starting) never ran.
CLOSURE_SURVEY_STATES = ENDED_PAIR_STATES
# Pairs that ended longer ago than this never get it: setting a closure survey
# on a program does not survey pairs that ended long before.
CLOSURE_SURVEY_MAX_AGE_DAYS = 30


class MentorshipPair(models.Model):
    # Same model, its own concern in its own file (see the module docstring).
    _inherit = "mentorship.pair"  # pylint: disable=consider-merging-classes-inherited
    _survey_batch_size = 200

    last_pulse_index = fields.Integer(
        string="Last Pulse Survey",
        readonly=True,
        copy=False,
        help="Number of the last pulse survey sent (1 at +30 days, 2 at +90, ...).",
    )
    last_pulse_date = fields.Date(string="Last Pulse Sent On", readonly=True, copy=False)
    next_pulse_date = fields.Date(
        string="Next Pulse Survey",
        compute="_compute_next_pulse_date",
        store=True,
        index="btree_not_null",
        help="When the next pulse survey is due, if the program has one.",
    )
    closure_survey_date = fields.Date(
        string="Closure Survey Sent On",
        readonly=True,
        copy=False,
        help="Set when the closure survey went to both people: it goes once.",
    )
    survey_user_input_ids = fields.One2many(
        "survey.user_input",
        "mentorship_pair_id",
        string="Survey Answers",
        groups="survey.group_survey_user",
    )

    @api.depends("date_start", "last_pulse_index")
    def _compute_next_pulse_date(self):
        for pair in self:
            pair.next_pulse_date = pair.date_start and pulse_due_date(
                pair.date_start, pair.last_pulse_index + 1
            )

    def write(self, vals):
        result = super().write(vals)
        if vals.get("state") in CLOSURE_SURVEY_STATES and any(
            pair.date_start and pair.program_id.closure_survey_id for pair in self
        ):
            # Sent by the cron in its own transaction, minutes later: the
            # closing click does not wait for e-mails.
            cron = self.env.ref(CLOSURE_SURVEY_CRON, raise_if_not_found=False)
            if cron:
                cron._trigger()
        return result

    # -- Crons ----------------------------------------------------------------------------
    @api.model
    def _cron_send_pulse_surveys(self):
        """Invite both people of every active pair due for a pulse survey.

        One search; the pairs of programs whose survey cannot be sent are
        skipped (their managers are told once) and keep their turn.
        """
        today = fields.Date.context_today(self)
        pairs = self.search(
            [
                ("state", "=", "active"),
                ("next_pulse_date", "<=", today),
                ("program_id.pulse_survey_id", "!=", False),
            ],
            order="id",
        )
        return pairs._send_surveys_in_batches("pulse", today)

    @api.model
    def _cron_send_closure_surveys(self):
        """Invite both people of every pair that ended lately to the closure survey, once."""
        today = fields.Date.context_today(self)
        pairs = self.search(
            [
                ("state", "in", CLOSURE_SURVEY_STATES),
                ("date_start", "!=", False),
                ("closure_survey_date", "=", False),
                ("date_end", ">=", fields.Date.subtract(today, days=CLOSURE_SURVEY_MAX_AGE_DAYS)),
                ("program_id.closure_survey_id", "!=", False),
            ],
            order="id",
        )
        return pairs._send_surveys_in_batches("closure", today)

    def _send_surveys_in_batches(self, kind, today):
        field_name = f"{kind}_survey_id"
        problems = self.program_id._get_survey_problems(field_name)
        if problems:
            skipped = self.filtered(lambda p: p.program_id in problems)
            counts = {}
            for pair in skipped:
                counts[pair.program_id] = counts.get(pair.program_id, 0) + 1
            self.env["mentorship.program"]._notify_missing_survey(field_name, problems, counts)
            self -= skipped
        return process_in_batches(
            self,
            lambda batch: batch._send_surveys(kind, today),
            batch_size=self._survey_batch_size,
            label=f"Mentorship {kind} surveys",
        )

    def _send_surveys(self, kind, today):
        """Create the survey invitations (``survey.user_input``) of both people
        of each pair, e-mail them in one batch and mark the pairs, all in the
        caller's transaction."""
        field_name = f"{kind}_survey_id"
        if kind == "pulse":
            indexes = {pair: pulse_index_due(pair.date_start, today) for pair in self}
            pairs = self.filtered(lambda p: indexes[p] > p.last_pulse_index)
        else:
            indexes = {}
            pairs = self.filtered(lambda p: not p.closure_survey_date)
        UserInput = self.env["survey.user_input"].sudo()
        answers = UserInput
        for pair in pairs:
            survey = pair.program_id[field_name].sudo()
            for user, partner in (
                (pair.mentor_user_id, pair.mentor_partner_id),
                (pair.mentee_user_id, pair.mentee_partner_id),
            ):
                partner = user.partner_id or partner
                if not partner:
                    continue
                answers |= survey._create_answer(
                    user=user,
                    partner=partner,
                    check_attempts=False,
                    mentorship_pair_id=pair.id,
                    mentorship_survey_kind=kind,
                    mentorship_pulse_index=indexes.get(pair, 0),
                    mentorship_sent_date=today,
                )
        if answers:
            self.env.ref(SURVEY_MAIL_TEMPLATES[kind]).sudo().send_mail_batch(answers.ids)
        if kind == "pulse":
            by_index = {}
            for pair in pairs:
                by_index.setdefault(indexes[pair], []).append(pair.id)
            for index, pair_ids in by_index.items():
                self.sudo().browse(pair_ids).write(
                    {"last_pulse_index": index, "last_pulse_date": today}
                )
            bodies = {
                pair.id: self.env._(
                    "Pulse survey #%(index)s sent to the mentor and the mentee.",
                    index=indexes[pair],
                )
                for pair in pairs
            }
        else:
            pairs.sudo().write({"closure_survey_date": today})
            bodies = {
                pair.id: self.env._("Closure survey sent to the mentor and the mentee.")
                for pair in pairs
            }
        if bodies:
            pairs.sudo()._message_log_batch(bodies)
        return answers
