"""A mentor and a mentee working together in a program: ``mentorship.pair``.

One model, one file, cut by section banners as Odoo's ``survey_survey.py``:

* FIELDS, COMPUTES, CONSTRAINTS, CRUD
* PUBLICATION: pairs published from a match run, their e-mails
* ANSWERS: each side accepts or declines
* LIFECYCLE: activation, hold and resume, every way a pair ends
* AUTOMATION: the daily crons (answer window, cadence, inactivity, end of
  term, departures)
* HEALTH: the band HR watches
* SURVEYS: pulse and closure surveys

Its vocabulary (states, why a pair ends, and the groups of both) lives in
``pair_states.py``; everything that asks "is this pair live?" imports it.
States, acceptance flags and the dates that drive them change only through
the methods here (see ``mentorship.guarded.mixin``).
"""

import logging
from collections import defaultdict
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import format_date

from ..analytics import pair_health, pulse_due_date, pulse_index_due
from ..automation import answer_window, process_in_batches, send_notices
from ..matching import ReasonRenderer
from ..pair_states import (
    CLOSED_PAIR_STATES,
    ENDED_PAIR_STATES,
    LIVE_PAIR_STATES,
    PAIR_END_CAUSES,
    PAIR_KINDS,
    PAIR_STATES,
    RUNNING_PAIR_STATES,
)
from .mentorship_profile import CARD_WITHOUT_PHOTO
from .window_action import window_action

_logger = logging.getLogger(__name__)

ANSWER_ACTIVITY = "mentorship_program.mail_activity_type_pair_answer"
CALIBRATION_ACTIVITY = "mentorship_program.mail_activity_type_pair_calibration"
PROPOSAL_MAIL_TEMPLATE = "mentorship_program.mail_template_pair_proposed"
STARTED_MAIL_TEMPLATE = "mentorship_program.mail_template_pair_started"
PROPOSAL_MAIL_CRON = "mentorship_program.ir_cron_mentorship_pair_proposal_mail"
CLOSURE_SURVEY_CRON = "mentorship_program.ir_cron_mentorship_pair_closure_survey"
SURVEY_MAIL_TEMPLATES = {
    "pulse": "mentorship_program.mail_template_survey_pulse",
    "closure": "mentorship_program.mail_template_survey_closure",
}
MANAGER_GROUP = "mentorship_program.group_mentorship_manager"
# Pairs that ended longer ago than this never get the closure survey:
# setting one on a program does not survey pairs that ended long before.
CLOSURE_SURVEY_MAX_AGE_DAYS = 30
# Cadence units as relativedelta arguments, and their length in days to find
# a program's most frequent cadence.
CADENCE_UNITS = {"weeks": ("weeks", 7), "months": ("months", 30)}
HEALTH_SELECTION = [
    ("on_track", "On Track"),
    ("at_risk", "At Risk"),
    ("stalled", "Stalled"),
]
# Kanban card colours (Odoo's colour picker).
STATE_COLORS = {
    "pending": 2,
    "active": 10,
    "completed": 10,
    "completed_early": 10,
    "declined": 1,
    "rematched": 4,
    "cancelled": 3,
    "expired": 3,
}
HEALTH_COLORS = {"on_track": 10, "at_risk": 2, "stalled": 1}


class MentorshipPair(models.Model):
    """Published from a match run (or an accepted request) as *pending*, a
    pair becomes *active* once both people accept before the deadline, and
    *declined* when either says no. It may be put *on hold* (leave) and
    resumed, which shifts its term. HR or either side *completes* it at the
    end of its term (start + the program's pair duration + the days on
    hold, never beyond the program's end) or *completes it early* before
    that; HR can *re-match* or *cancel* it. The daily crons expire unanswered
    and inactive pairs, complete them at the end of their term and cancel
    those of people who left. Whatever ends a pair cancels its planned
    sessions still to come.
    """

    _name = "mentorship.pair"
    _description = "Mentorship Pair"
    _inherit = [
        "mentorship.thread.guard",
        # Before mail.thread, whose message_subscribe it short-cuts.
        "mentorship.followers.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "mentorship.guarded.mixin",
        "mentorship.portal.mixin",
    ]
    _mentorship_portal_path = "/my/mentorship/pair/{id}"
    _order = "date_proposed desc, id desc"
    _check_company_auto = True
    # Everything on a pair is set by publication, the people's answers and
    # the lifecycle methods below.
    _client_create_fields = frozenset()
    _client_write_fields = frozenset()
    # Publications up to this many pairs e-mail at once; larger ones queue the
    # e-mails for the cron, which composes them in committed batches.
    _proposal_mail_inline_limit = 500
    _cron_batch_size = 500
    _survey_batch_size = 200

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    # -- Who ----------------------------------------------------------------------------
    # The stored related fields are computed before the insert (precompute):
    # a publication of thousands of pairs inserts them with their rows, not
    # in a second UPDATE of every row.
    program_id = fields.Many2one(
        "mentorship.program", required=True, index=True, ondelete="restrict", readonly=True
    )
    company_id = fields.Many2one(
        related="program_id.company_id", store=True, index=True, precompute=True
    )
    run_id = fields.Many2one(
        "mentorship.match.run",
        string="Match Run",
        index=True,
        ondelete="set null",
        readonly=True,
        groups="mentorship_program.group_mentorship_manager",
    )
    mentor_enrollment_id = fields.Many2one(
        "mentorship.enrollment",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        readonly=True,
    )
    mentee_enrollment_id = fields.Many2one(
        "mentorship.enrollment",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        readonly=True,
    )
    mentor_employee_id = fields.Many2one(
        related="mentor_enrollment_id.employee_id",
        string="Mentor",
        store=True,
        index=True,
        precompute=True,
    )
    mentee_employee_id = fields.Many2one(
        related="mentee_enrollment_id.employee_id",
        string="Mentee",
        store=True,
        index=True,
        precompute=True,
    )
    # Names kept on the pair: its display name is read for every activity and
    # e-mail, without going through hr.employee each time.
    mentor_name = fields.Char(
        related="mentor_employee_id.name", string="Mentor Name", store=True, precompute=True
    )
    mentee_name = fields.Char(
        related="mentee_employee_id.name", string="Mentee Name", store=True, precompute=True
    )
    mentor_user_id = fields.Many2one(
        related="mentor_enrollment_id.user_id",
        string="Mentor User",
        store=True,
        index=True,
        precompute=True,
    )
    mentee_user_id = fields.Many2one(
        related="mentee_enrollment_id.user_id",
        string="Mentee User",
        store=True,
        index=True,
        precompute=True,
    )
    mentor_partner_id = fields.Many2one(
        related="mentor_employee_id.work_contact_id", string="Mentor Contact"
    )
    mentee_partner_id = fields.Many2one(
        related="mentee_employee_id.work_contact_id", string="Mentee Contact"
    )
    mentee_department_id = fields.Many2one(
        related="mentee_employee_id.department_id",
        string="Mentee Department",
        store=True,
        index=True,
        precompute=True,
    )
    mentor_department_id = fields.Many2one(
        related="mentor_employee_id.department_id",
        string="Mentor Department",
        store=True,
        precompute=True,
    )

    # -- The match ----------------------------------------------------------------------
    kind = fields.Selection(
        PAIR_KINDS,
        required=True,
        default="core",
        readonly=True,
    )
    score = fields.Float(digits=(16, 1), readonly=True, aggregator="avg")
    # The engine's reasons the people of the pair may read, as codes and
    # numbers (matching/explanation.py); rendered in words by explanation.
    match_reasons = fields.Json(readonly=True, groups="mentorship_program.group_mentorship_manager")
    explanation = fields.Text(
        compute="_compute_explanation",
        help="Why this mentor, in the words the mentor and the mentee read.",
    )
    mentor_profile_card = fields.Html(
        compute="_compute_profile_cards",
        sanitize=False,
        string="Mentor's Profile",
        help="The mentor's profile as they share it (mentorship.profile).",
    )
    mentee_profile_card = fields.Html(
        compute="_compute_profile_cards",
        sanitize=False,
        string="Mentee's Profile",
        help="The mentee's profile as they share it (mentorship.profile).",
    )

    # -- Life -----------------------------------------------------------------------------
    state = fields.Selection(
        PAIR_STATES,
        default="pending",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    mentor_accepted = fields.Boolean(readonly=True, copy=False, tracking=True)
    mentee_accepted = fields.Boolean(readonly=True, copy=False, tracking=True)
    declined_by = fields.Selection(
        [("mentor", "Mentor"), ("mentee", "Mentee")], readonly=True, copy=False
    )
    # Why one side declined, if they said: HR's to read, kept from the other
    # side (never in the chatter, which both read).
    decline_reason = fields.Text(
        readonly=True,
        copy=False,
        groups=MANAGER_GROUP,
        help="What the person who declined the match gave as their reason (optional).",
    )
    date_proposed = fields.Date(string="Proposed On", readonly=True)
    date_deadline = fields.Date(
        string="Answer By", readonly=True, help="Both people accept or decline by this date."
    )
    date_start = fields.Date(string="Start Date", readonly=True, copy=False, tracking=True)
    date_end = fields.Date(string="End Date", readonly=True, copy=False, tracking=True)
    date_term_end = fields.Date(
        string="Term Ends",
        compute="_compute_date_term_end",
        store=True,
        help="Start date plus the program's pair duration and the days the pair spent on "
        "hold, never beyond the program's end date: the pair can be completed from this "
        "date, or completed early before it.",
    )
    end_cause = fields.Selection(
        PAIR_END_CAUSES,
        readonly=True,
        copy=False,
        help="Why the pair ended. Ended by a decline, an expiry, a re-match, HR or the "
        "mentor's departure, the mentee goes first in the next match run.",
    )
    closure_reason = fields.Text(
        readonly=True, copy=False, help="Why the pair ended, when it ended before its term."
    )
    hold_reason = fields.Text(
        readonly=True, copy=False, help="Why the pair is on hold (leave, project peak...)."
    )
    date_hold = fields.Date(string="On Hold Since", readonly=True, copy=False)
    date_resumed = fields.Date(string="Resumed On", readonly=True, copy=False)
    held_days = fields.Integer(
        string="Days on Hold",
        readonly=True,
        copy=False,
        help="Days the pair spent on hold, added to its term.",
    )
    calibration_date = fields.Date(
        string="Calibration Call",
        readonly=True,
        copy=False,
        help="When HR checks with both people that the pair works.",
    )
    proposal_mail_sent = fields.Boolean(
        readonly=True, copy=False, help="Both people got the e-mail about this proposed match."
    )
    kind_label = fields.Char(compute="_compute_mail_labels")
    date_deadline_label = fields.Char(compute="_compute_mail_labels")
    can_answer = fields.Boolean(compute="_compute_can_answer")
    can_complete = fields.Boolean(compute="_compute_permissions")
    can_complete_early = fields.Boolean(compute="_compute_permissions")
    can_hold = fields.Boolean(compute="_compute_permissions")
    can_resume = fields.Boolean(compute="_compute_permissions")
    color = fields.Integer(compute="_compute_color")

    # -- Plan and sessions ----------------------------------------------------------------
    plan_ids = fields.One2many("mentorship.plan", "pair_id", string="90-Day Plan")
    session_ids = fields.One2many("mentorship.session", "pair_id", string="Sessions")
    session_count = fields.Integer(compute="_compute_session_count")
    # Stored for the cadence and inactivity crons and the health.
    last_session_date = fields.Datetime(
        compute="_compute_session_stats",
        store=True,
        string="Last Session",
        help="Start of the latest session logged as done.",
    )
    next_session_date = fields.Datetime(
        compute="_compute_session_stats",
        store=True,
        string="Next Session",
        help="Start of the earliest planned session; in the past when it still waits to be logged.",
    )
    session_done_count = fields.Integer(
        compute="_compute_session_stats", store=True, string="Sessions Done"
    )
    # Stored for the pairs' report, which then reads the pairs alone instead
    # of aggregating every session at each read; kept current with the
    # sessions like the fields above.
    first_session_date = fields.Datetime(
        compute="_compute_session_stats",
        store=True,
        string="First Session",
        help="Start of the earliest session logged as done.",
    )
    session_done_hours = fields.Float(
        compute="_compute_session_stats", store=True, string="Hours of Sessions Done"
    )

    # -- Markers of the crons --------------------------------------------------------------
    answer_reminder_date = fields.Date(
        readonly=True,
        copy=False,
        help="When the people who had not answered the proposal were reminded.",
    )
    cadence_nudge_date = fields.Date(
        readonly=True,
        copy=False,
        help="Last reminder that a session of the program's cadence is overdue.",
    )
    inactivity_nudge_date = fields.Date(
        readonly=True,
        copy=False,
        help="When the pair was told it had had no session for too long; it expires as "
        "inactive when still idle after the program's grace period.",
    )

    # -- Health -----------------------------------------------------------------------------
    health = fields.Selection(
        HEALTH_SELECTION,
        compute="_compute_health",
        store=True,
        index=True,
        help="Active pairs only. On Track: a session was done within the program's "
        "cadence (or, without a cadence, its inactivity days), counted from the last "
        "session done, the start or the resumption. At Risk: overdue, within the "
        "program's grace after the nudge. Stalled: overdue beyond that grace.",
    )

    # -- Surveys -----------------------------------------------------------------------------
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

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("mentor_name", "mentee_name")
    def _compute_display_name(self):
        for pair in self:
            pair.display_name = self.env._(
                "%(mentor)s mentors %(mentee)s",
                mentor=pair.mentor_name or "",
                mentee=pair.mentee_name or "",
            )

    @api.depends("match_reasons")
    @api.depends_context("lang")
    def _compute_explanation(self):
        # Read as superuser: the stored reasons are raw data; their rendering
        # for the people of the pair leaves out what only HR may see.
        texts = ReasonRenderer(self.env, "participant").render_many(
            self.sudo().mapped("match_reasons")
        )
        for pair, text in zip(self, texts):
            pair.explanation = text

    @api.depends("mentor_enrollment_id", "mentee_enrollment_id")
    @api.depends_context("uid", "lang", CARD_WITHOUT_PHOTO)
    def _compute_profile_cards(self):
        # The cards are read as the system, for the pairs the reader may read only.
        readable = self if self.env.su else self._filtered_access("read")
        enrollments = readable.sudo().mentor_enrollment_id | readable.sudo().mentee_enrollment_id
        cards = self.env["mentorship.profile"]._cards_for(enrollments)
        for record in self:
            shown = record in readable
            record.mentor_profile_card = shown and cards.get(record.sudo().mentor_enrollment_id.id)
            record.mentee_profile_card = shown and cards.get(record.sudo().mentee_enrollment_id.id)

    @api.depends("kind", "date_deadline")
    @api.depends_context("lang")
    def _compute_mail_labels(self):
        """Plain values for the mail template, which only reads fields (see
        mail_allowed_qweb_expressions) so that it renders thousands of pairs
        without compiling QWeb for each."""
        kinds = {"core": self.env._("their core mentor"), "topic": self.env._("a topic mentor")}
        for pair in self:
            pair.kind_label = kinds.get(pair.kind, "")
            pair.date_deadline_label = (
                format_date(self.env, pair.date_deadline) if pair.date_deadline else ""
            )

    @api.depends("state", "mentor_accepted", "mentee_accepted", "mentor_user_id", "mentee_user_id")
    @api.depends_context("uid")
    def _compute_can_answer(self):
        user = self.env.user
        for pair in self:
            pair.can_answer = pair.state == "pending" and (
                (pair.mentor_user_id == user and not pair.mentor_accepted)
                or (pair.mentee_user_id == user and not pair.mentee_accepted)
            )

    @api.depends(
        "date_start",
        "held_days",
        "program_id.pair_duration_days",
        "program_id.date_end",
        "program_id.program_format",
    )
    def _compute_date_term_end(self):
        for pair in self:
            if not pair.date_start:
                pair.date_term_end = False
                continue
            program = pair.program_id
            term_end = fields.Date.add(
                pair.date_start, days=program.pair_duration_days + pair.held_days
            )
            if program.program_format == "cohort" and program.date_end:
                term_end = min(term_end, max(program.date_end, pair.date_start))
            pair.date_term_end = term_end

    @api.depends("state", "date_term_end", "mentor_user_id", "mentee_user_id")
    @api.depends_context("uid")
    def _compute_permissions(self):
        user = self.env.user
        is_manager = user.has_group(MANAGER_GROUP)
        today = fields.Date.context_today(self)
        for pair in self:
            allowed = is_manager or user in pair.mentor_user_id | pair.mentee_user_id
            running = allowed and pair.state in RUNNING_PAIR_STATES
            term_over = not pair.date_term_end or today >= pair.date_term_end
            pair.can_complete = running and term_over
            pair.can_complete_early = running and not term_over
            pair.can_hold = allowed and pair.state == "active"
            pair.can_resume = allowed and pair.state == "on_hold"

    @api.depends("state", "health")
    def _compute_color(self):
        for pair in self:
            if pair.state == "active" and pair.health:
                pair.color = HEALTH_COLORS[pair.health]
            else:
                pair.color = STATE_COLORS.get(pair.state, 0)

    @api.depends("session_ids.state", "session_ids.date_start", "session_ids.duration")
    def _compute_session_stats(self):
        stats = {
            (pair.id, state): (last, first, count, hours)
            for pair, state, last, first, count, hours in self.env["mentorship.session"]
            .sudo()
            ._read_group(
                [("pair_id", "in", self.ids), ("state", "in", ("done", "planned"))],
                ["pair_id", "state"],
                ["date_start:max", "date_start:min", "__count", "duration:sum"],
            )
        }
        nothing = (False, False, 0, 0.0)
        for pair in self:
            last_done, first_done, done_count, done_hours = stats.get((pair.id, "done"), nothing)
            _last, next_planned, _count, _hours = stats.get((pair.id, "planned"), nothing)
            pair.last_session_date = last_done
            pair.first_session_date = first_done
            pair.session_done_count = done_count
            pair.session_done_hours = done_hours or 0.0
            pair.next_session_date = next_planned

    def _compute_session_count(self):
        counts = dict(
            self.env["mentorship.session"]._read_group(
                [("pair_id", "in", self.ids)], ["pair_id"], ["__count"]
            )
        )
        for pair in self:
            pair.session_count = counts.get(pair, 0)

    @api.depends(
        "state",
        "date_start",
        "date_resumed",
        "last_session_date",
        "program_id.inactivity_days",
        "program_id.inactivity_grace_days",
        "program_id.cadence_ids.interval_number",
        "program_id.cadence_ids.interval_unit",
    )
    def _compute_health(self):
        bands = self._health_on(fields.Date.context_today(self))
        for pair in self:
            pair.health = bands.get(pair, False)

    @api.depends("date_start", "last_pulse_index")
    def _compute_next_pulse_date(self):
        for pair in self:
            pair.next_pulse_date = pair.date_start and pulse_due_date(
                pair.date_start, pair.last_pulse_index + 1
            )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        result = super().write(vals)
        if vals.get("state") in CLOSED_PAIR_STATES:
            self._cancel_future_sessions()
            if vals["state"] in ENDED_PAIR_STATES and any(
                pair.date_start and pair.program_id.closure_survey_id for pair in self
            ):
                # Sent by the cron in its own transaction, minutes later: the
                # closing click does not wait for e-mails.
                self.env.ref(CLOSURE_SURVEY_CRON)._trigger()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        """A pair that ever started carries sessions, a plan and the
        program's counts: it is closed, never deleted (erasure on request
        anonymises instead)."""
        started = self.filtered("date_start")
        if started:
            raise UserError(
                self.env._(
                    "%(pair)s has started: deleting it would erase its sessions, plan and "
                    "the program's figures. End it instead.",
                    pair=started[0].display_name,
                )
            )

    # ------------------------------------------------------------
    # PUBLICATION
    # ------------------------------------------------------------

    def mail_allowed_qweb_expressions(self):
        return super().mail_allowed_qweb_expressions() + (
            "object.program_id.name",
            "object.mentor_name",
            "object.mentee_name",
            "object.kind_label",
            "object.explanation",
            "object.date_deadline_label",
            "object.mentor_profile_card",
            "object.mentee_profile_card",
        )

    def _people_partners(self):
        """Mentor and mentee: their user's partner, else their work contact."""
        self.ensure_one()
        return (self.mentor_user_id.partner_id or self.mentor_partner_id) | (
            self.mentee_user_id.partner_id or self.mentee_partner_id
        )

    def _notify_proposed(self):
        """Tell both people of their new pairs: they follow them, each gets
        an answer activity, and one e-mail per pair goes to both; all in
        batches."""
        if not self:
            return
        pairs_sudo = self.sudo()
        # Every follower of every pair in one insert (the activities below
        # then find them followed already): no query per pair.
        pairs_sudo._mentorship_add_followers(
            {pair.id: pair._people_partners().ids for pair in pairs_sudo}
        )
        answer_type = self.env.ref(ANSWER_ACTIVITY)
        model_id = self.env["ir.model"]._get_id(self._name)
        activities = [
            {
                "activity_type_id": answer_type.id,
                "summary": answer_type.summary,
                "automated": True,
                "res_model_id": model_id,
                "res_id": pair.id,
                "user_id": user.id,
                "date_deadline": pair.date_deadline,
            }
            for pair in pairs_sudo
            for user in pair.mentor_user_id | pair.mentee_user_id
        ]
        # The e-mail below is the notification: no "assigned to you" mail too.
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
            activities
        )
        if len(self) <= self._proposal_mail_inline_limit:
            self._send_proposal_mails()
        else:
            self.env.ref(PROPOSAL_MAIL_CRON)._trigger()

    def _send_proposal_mails(self):
        """One e-mail per pair to its mentor and mentee, from the template:
        one batched render of the template over every pair (subject, body,
        recipients), then the e-mails queued for the mail server in one
        ``create``, with no composer. Each e-mail's technical message is
        deleted with it once sent (the template's *auto delete*), as a mass
        mailing's is: the pair's chatter is the people's conversation."""
        pairs = self.sudo().filtered(lambda p: p.state == "pending" and not p.proposal_mail_sent)
        if not pairs:
            return self.env["mail.mail"]
        # The cards go without photos: Odoo would store each inline image as
        # an attachment of every e-mail, and mail clients block them anyway.
        template = (
            self.env.ref(PROPOSAL_MAIL_TEMPLATE).sudo().with_context(**{CARD_WITHOUT_PHOTO: True})
        )
        rendered = template._generate_template(
            pairs.ids, ("subject", "body_html", "email_from", "reply_to", "partner_to")
        )
        author_id, default_from = self.env["mail.thread"]._message_compute_author(
            raise_on_email=False
        )
        default_from = default_from or self.env.company.email_formatted
        reply_to = pairs._notify_get_reply_to(default=default_from)
        mails = (
            self.env["mail.mail"]
            .sudo()
            .create(
                [
                    {
                        "model": self._name,
                        "res_id": pair.id,
                        "message_type": "email_outgoing",
                        "author_id": author_id,
                        "email_from": rendered[pair.id].get("email_from") or default_from,
                        "reply_to": rendered[pair.id].get("reply_to") or reply_to[pair.id],
                        "subject": rendered[pair.id]["subject"],
                        "body_html": rendered[pair.id]["body_html"],
                        "recipient_ids": [Command.set(rendered[pair.id].get("partner_ids", []))],
                        "auto_delete": template.auto_delete,
                        "is_notification": False,
                        "mail_server_id": template.mail_server_id.id,
                        "record_company_id": pair.company_id.id,
                    }
                    for pair in pairs
                ]
            )
        )
        pairs.write({"proposal_mail_sent": True})
        return mails

    @api.model
    def _cron_send_proposal_mails(self):
        """E-mail the pending pairs of large publications, batch by batch: each
        batch is committed with its "sent" mark, so a crash or a second run
        never mails a pair twice."""
        pairs = self.sudo().search(
            [("state", "=", "pending"), ("proposal_mail_sent", "=", False)], order="id"
        )
        return process_in_batches(
            pairs, lambda batch: batch._send_proposal_mails(), label="proposal e-mails"
        )

    # ------------------------------------------------------------
    # ANSWERS
    # ------------------------------------------------------------

    def _get_answering_side(self):
        """{pair: 'mentor' | 'mentee'} for the current user; raise unless they
        may answer every pair of ``self`` now."""
        self.check_access("read")
        user = self.env.user
        today = fields.Date.context_today(self)
        sides = {}
        for pair in self:
            if pair.mentor_user_id == user:
                sides[pair] = "mentor"
            elif pair.mentee_user_id == user:
                sides[pair] = "mentee"
            else:
                raise AccessError(
                    self.env._(
                        "Only the mentor or the mentee of %(pair)s can accept or decline it, "
                        "each for themselves.",
                        pair=pair.display_name,
                    )
                )
            pair._check_state(("pending",), self.env._("accepted or declined"))
            if pair.date_deadline and today > pair.date_deadline:
                raise UserError(
                    self.env._(
                        "The answer to %(pair)s was due by %(deadline)s; ask HR for a new match.",
                        pair=pair.display_name,
                        deadline=format_date(self.env, pair.date_deadline),
                    )
                )
        return sides

    def _answer_activities(self, user=None, xmlids=(ANSWER_ACTIVITY,)):
        types = self.env["mail.activity.type"].union(*(self.env.ref(x) for x in xmlids))
        activities = self.sudo().activity_ids.filtered(lambda a: a.activity_type_id in types)
        if user:
            activities = activities.filtered(lambda a: a.user_id == user)
        return activities

    def action_accept(self):
        """The current user accepts their own side; once both have, the pair
        starts. Nobody accepts for someone else, HR included."""
        sides = self._get_answering_side()
        for pair, side in sides.items():
            pair._system_write({f"{side}_accepted": True})
            pair.sudo()._message_log(
                body=self.env._(
                    "%(name)s accepted as %(side)s.", name=self.env.user.name, side=side
                )
            )
        self._answer_activities(self.env.user).action_feedback(feedback=self.env._("Accepted"))
        self.sudo().filtered(lambda p: p.mentor_accepted and p.mentee_accepted)._activate()
        return True

    def action_decline(self, reason=False):
        """The current user declines their side; ``reason`` (optional) is
        for HR only, never shown to the other person."""
        sides = self._get_answering_side()
        reason = (reason or "").strip() if isinstance(reason, str) else ""
        if reason:
            self._check_input({"decline_reason": reason})
        for pair, side in sides.items():
            pair.sudo()._close(
                "declined",
                "declined",
                self.env._(
                    "%(name)s declined as %(side)s; the mentee returns to the pool "
                    "and goes first in the next match run.",
                    name=self.env.user.name,
                    side=side,
                ),
                extra={"declined_by": side, "decline_reason": reason or False},
            )
        return True

    # ------------------------------------------------------------
    # LIFECYCLE
    # ------------------------------------------------------------

    def _activate(self):
        """Both said yes: the pair starts today; HR gets the calibration call."""
        today = fields.Date.context_today(self)
        self._system_write({"state": "active", "date_start": today})
        self._answer_activities().unlink()
        # Both said yes: the next step is theirs, the first session.
        pairs_sudo = self.sudo()
        pairs_sudo.message_mail_with_source(self.env.ref(STARTED_MAIL_TEMPLATE), force_send=False)
        # The composer's fields left to compute are computed now, as the
        # system: flushed later in a portal user's request, they are refused.
        pairs_sudo.env.flush_all()
        self.env["mentorship.plan"]._create_for_pairs(self)
        self._inform_managers(started=True)
        # A program's scaling milestones are reached the day its pairs get there.
        self.sudo().program_id._mentorship_reach_milestones()
        calibration_type = self.env.ref(CALIBRATION_ACTIVITY)
        for pair in self.sudo():
            days = pair.program_id.calibration_days
            if days <= 0:
                continue
            when = fields.Date.add(today, days=days)
            hr_user = (
                pair.program_id.manager_user_ids[:1]
                or pair.run_id.published_by_id
                or pair.program_id.create_uid
            )
            pair.write({"calibration_date": when})
            pair.activity_schedule(
                activity_type_id=calibration_type.id,
                date_deadline=when,
                summary=calibration_type.summary,
                note=self.env._(
                    "Check with %(mentor)s and %(mentee)s that the pair works; "
                    "re-match it if it does not.",
                    mentor=pair.mentor_name,
                    mentee=pair.mentee_name,
                ),
                user_id=hr_user.id,
            )

    def _check_member_or_manager(self, action_label):
        """HR managers, or the pair's own mentor or mentee."""
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            self.check_access("write")
            return
        self.check_access("read")
        user = self.env.user
        for pair in self:
            if user not in pair.mentor_user_id | pair.mentee_user_id:
                raise AccessError(
                    self.env._(
                        "Only the mentor, the mentee or a Mentorship Manager can %(action)s "
                        "%(pair)s.",
                        action=action_label,
                        pair=pair.display_name,
                    )
                )

    def _check_manager(self):
        if not (self.env.su or self.env.user.has_group(MANAGER_GROUP)):
            raise AccessError(self.env._("Only a Mentorship Manager can do this on a pair."))
        self.check_access("write")

    def action_hold(self, reason=False):
        """Pause an active pair (leave, a project peak): nudges and surveys
        stop, and its term is extended by the days on hold when it resumes."""
        self._check_member_or_manager(self.env._("put on hold"))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._(
                    "Give a reason to put %(pairs)s on hold.",
                    pairs=", ".join(self.mapped("display_name")),
                )
            )
        self._check_state(("active",), self.env._("put on hold"))
        today = fields.Date.context_today(self)
        self._system_write({"state": "on_hold", "date_hold": today, "hold_reason": reason})
        self.sudo()._log_batch(
            self.env._(
                "Put on hold by %(name)s: %(reason)s", name=self.env.user.name, reason=reason
            )
        )
        return True

    def action_resume(self):
        """Back from hold: the term moves by the days on hold, within the
        program's end date, and the quiet spell starts again today."""
        self._check_member_or_manager(self.env._("resume"))
        self._check_state(("on_hold",), self.env._("resumed"))
        today = fields.Date.context_today(self)
        for pair in self.sudo():
            held = (today - pair.date_hold).days if pair.date_hold else 0
            pair.write(
                {
                    "state": "active",
                    "held_days": pair.held_days + held,
                    "date_hold": False,
                    "date_resumed": today,
                    "inactivity_nudge_date": False,
                    "cadence_nudge_date": False,
                }
            )
            pair._message_log(
                body=self.env._(
                    "Resumed by %(name)s after %(days)s days on hold; the term now ends on "
                    "%(date)s.",
                    name=self.env.user.name,
                    days=held,
                    date=format_date(self.env, pair.date_term_end),
                )
            )
        self.sudo().program_id._mentorship_reach_milestones()
        return True

    def _close(self, state, cause, message, reason=False, extra=None):
        """End the pairs in ``state`` for ``cause``; the caller has checked
        the rights. A pair completed before its term counts as completed
        early, whoever or whatever completes it."""
        labels = dict(self._fields["state"]._description_selection(self.env))
        completion = state in ("completed", "completed_early")
        self._check_state(
            RUNNING_PAIR_STATES if completion else LIVE_PAIR_STATES, labels[state].lower()
        )
        if state == "completed":
            today = fields.Date.context_today(self)
            early = self.filtered(lambda p: p.date_term_end and today < p.date_term_end)
            early._end("completed_early", "early", message, reason, extra)
            (self - early)._end(state, cause, message, reason, extra)
        else:
            self._end(state, cause, message, reason, extra)
        if not completion:
            # A mentee whose core pair failed is matched again with new topic mentors too.
            self._cancel_topic_pairs()

    def _end(self, state, cause, message, reason, extra):
        if not self:
            return
        self._system_write(
            {
                "state": state,
                "end_cause": cause,
                "date_end": fields.Date.context_today(self),
                "closure_reason": reason or False,
                "date_hold": False,
                **(extra or {}),
            }
        )
        self._answer_activities(xmlids=(ANSWER_ACTIVITY, CALIBRATION_ACTIVITY)).unlink()
        self._log_batch(message)
        # A pair that never started (declined, unanswered) is no news for a manager.
        self.filtered("date_start")._inform_managers(started=False)

    def _inform_managers(self, started):
        """With the program's *Inform Managers*, the managers of the mentee
        and of the mentor each get a message on their report's employee
        record: the pair started, or ended and how. Names, jobs and the
        program only; nothing of the pair's content."""
        labels = dict(self._fields["state"]._description_selection(self.env))
        for pair in self.sudo().filtered(lambda p: p.program_id.inform_managers):
            for report, other in (
                (pair.mentee_employee_id, pair.mentor_employee_id),
                (pair.mentor_employee_id, pair.mentee_employee_id),
            ):
                manager_partner = report.parent_id.user_id.partner_id
                if not manager_partner:
                    continue
                values = {
                    "report": report.name,
                    "role": self.env._("mentee")
                    if report == pair.mentee_employee_id
                    else self.env._("mentor"),
                    "other": other.name,
                    "job": other.job_title or other.job_id.name or self.env._("no job title"),
                    "program": pair.program_id.name,
                    "state": labels[pair.state].lower(),
                }
                if started:
                    subject = self.env._("%(report)s started a mentorship", **values)
                    body = self.env._(
                        "%(report)s started a mentorship in %(program)s as %(role)s, with "
                        "%(other)s (%(job)s).",
                        **values,
                    )
                else:
                    subject = self.env._("%(report)s's mentorship ended", **values)
                    body = self.env._(
                        "The mentorship of %(report)s in %(program)s as %(role)s, with %(other)s "
                        "(%(job)s), ended: %(state)s.",
                        **values,
                    )
                report.message_notify(
                    partner_ids=manager_partner.ids,
                    subject=subject,
                    body=body,
                    email_layout_xmlid="mail.mail_notification_light",
                )

    def _cancel_topic_pairs(self):
        """A mentee whose core pair ended also loses its topic mentors from
        that match: the next run proposes both again, together."""
        ended_core = self.filtered(lambda p: p.kind == "core")
        if not ended_core:
            return
        topic_pairs = self.sudo().search(
            [
                ("mentee_enrollment_id", "in", ended_core.mentee_enrollment_id.ids),
                ("kind", "=", "topic"),
                ("state", "in", LIVE_PAIR_STATES),
            ]
        )
        if topic_pairs:
            reason = self.env._("The mentee's core mentor pair ended.")
            topic_pairs._close(
                "cancelled",
                "core_ended",
                self.env._("Cancelled: %(reason)s", reason=reason),
                reason,
            )

    def _cancel_future_sessions(self):
        """An ended pair meets no more: its planned sessions still to come
        are cancelled with their calendar events. Planned sessions already
        past stay for either side to cancel (they cannot be logged any more)."""
        sessions = (
            self.env["mentorship.session"]
            .sudo()
            .search(
                [
                    ("pair_id", "in", self.ids),
                    ("state", "=", "planned"),
                    ("date_start", ">", fields.Datetime.now()),
                ]
            )
        )
        sessions._cancel()

    def action_rematch(self):
        """End the pair so the mentee gets a new mentor, first, in the next run."""
        self._check_manager()
        self.sudo()._close(
            "rematched",
            "rematched",
            self.env._("Ended as re-matched: the mentee goes first in the next match run."),
        )
        return True

    def action_cancel(self, reason=False):
        """HR ends the pair, for a reason they must give (the Cancel wizard);
        the mentee goes first in the next run."""
        self._check_manager()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._(
                    "Give a reason to cancel %(pairs)s.",
                    pairs=", ".join(self.mapped("display_name")),
                )
            )
        self.sudo()._close(
            "cancelled",
            "hr_cancelled",
            self.env._("Cancelled by HR: %(reason)s", reason=reason),
            reason,
        )
        return True

    def action_complete(self):
        """The term is over: HR or either side marks the pair completed."""
        self._check_member_or_manager(self.env._("complete"))
        today = fields.Date.context_today(self)
        for pair in self:
            if pair.date_term_end and today < pair.date_term_end:
                raise UserError(
                    self.env._(
                        "%(pair)s runs until %(date)s: before that date, use Complete Early.",
                        pair=pair.display_name,
                        date=format_date(self.env, pair.date_term_end),
                    )
                )
        self.sudo()._close(
            "completed",
            "term",
            self.env._("Completed by %(name)s at the end of its term.", name=self.env.user.name),
        )
        return True

    def action_complete_early(self, reason=False):
        """Goals met before the term: HR or either side ends the pair as a
        success; the distinct state keeps these out of the cancelled count."""
        self._check_member_or_manager(self.env._("complete early"))
        today = fields.Date.context_today(self)
        for pair in self:
            if pair.date_term_end and today >= pair.date_term_end:
                raise UserError(
                    self.env._(
                        "The term of %(pair)s ended on %(date)s: use Complete.",
                        pair=pair.display_name,
                        date=format_date(self.env, pair.date_term_end),
                    )
                )
        reason = (reason or "").strip()
        name = self.env.user.name
        message = (
            self.env._("Completed early by %(name)s: %(reason)s", name=name, reason=reason)
            if reason
            else self.env._("Completed early by %(name)s.", name=name)
        )
        self.sudo()._close("completed_early", "early", message, reason)
        return True

    def _expire(self, cause, reason):
        """For the crons (unanswered proposal, inactivity): end the pairs as
        expired; no rights check, the caller is the system."""
        self._close("expired", cause, self.env._("Expired: %(reason)s", reason=reason), reason)

    def action_open_plan(self):
        self.ensure_one()
        self.check_access("read")
        if not self.plan_ids:
            raise UserError(
                self.env._(
                    "%(pair)s has no 90-day plan yet: it gets one when it becomes active.",
                    pair=self.display_name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "mentorship.plan",
            "res_id": self.plan_ids[:1].id,
            "view_mode": "form",
            "target": "current",
        }

    def action_raise_concern(self):
        """The mentor or the mentee raises a concern with HR (the charter's
        escalation path): a small form; the concern is theirs and HR's only."""
        self.ensure_one()
        self.check_access("read")
        if self.env.user not in self.mentor_user_id | self.mentee_user_id:
            raise self._not_found_error(self)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Raise a Concern"),
            "res_model": "mentorship.concern",
            "view_mode": "form",
            "views": [
                (self.env.ref("mentorship_program.mentorship_concern_view_form_raise").id, "form")
            ],
            "target": "new",
            "context": {"default_pair_id": self.id},
        }

    def action_view_sessions(self):
        self.ensure_one()
        self.check_access("read")
        return window_action(
            self.env,
            "mentorship_program.mentorship_session_action",
            [("pair_id", "=", self.id)],
            {"default_pair_id": self.id},
        )

    def _close_superseded_requests(self):
        """New pairs answer some open requests otherwise: those of mentees who
        now have a core mentor (withdrawn, their mentor is told) and those
        received by mentors left without a seat (declined, the mentee is
        told). A few queries whatever the number of pairs."""
        Request = self.env["mentorship.request"].sudo()
        core_mentees = self.filtered(lambda p: p.kind == "core").mentee_enrollment_id
        Request.search(
            [("mentee_enrollment_id", "in", core_mentees.ids), ("state", "=", "open")]
        )._close(
            "withdrawn",
            note=self.env._("Withdrawn: the mentee has found a mentor."),
            notify="mentor",
        )
        waiting = Request.search(
            [("mentor_enrollment_id", "in", self.mentor_enrollment_id.ids), ("state", "=", "open")]
        )
        if not waiting:
            return
        used = dict(
            self.sudo()._read_group(
                [
                    ("mentor_enrollment_id", "in", waiting.mentor_enrollment_id.ids),
                    ("state", "in", LIVE_PAIR_STATES),
                ],
                ["mentor_enrollment_id"],
                ["__count"],
            )
        )
        waiting.filtered(
            lambda r: used.get(r.mentor_enrollment_id, 0) >= r.mentor_enrollment_id.capacity
        )._close(
            "declined",
            note=self.env._("Declined: the mentor has no seat left."),
            notify="mentee",
        )

    # ------------------------------------------------------------
    # AUTOMATION
    # ------------------------------------------------------------
    # Every cron searches once (or a fixed number of times), then hands the
    # records to process_in_batches: each batch is committed with the markers
    # that make it idempotent (answer_reminder_date, cadence_nudge_date,
    # inactivity_nudge_date, or the pair's new state), so a second run on the
    # same day, or a rerun after a crash, notifies nobody twice.

    @api.model
    def _automation_env(self):
        """Crons act as superuser; the state changes are explained by the notes
        they log, so no per-record tracking message on top."""
        return self.sudo().with_context(mail_notrack=True)

    def _run_cron(self, process, label):
        return process_in_batches(self, process, self._cron_batch_size, label)

    def _activity_reference_date(self):
        """Start of the current quiet spell: the last session done, the start
        or the return from hold, whichever is latest."""
        self.ensure_one()
        last_done = self.last_session_date and self.last_session_date.date()
        return max(filter(None, (last_done, self.date_start, self.date_resumed)), default=False)

    @api.model
    def _quiet_since_domain(self, threshold):
        """Active pairs with no session done, start or resumption since
        before ``threshold`` (a date)."""
        return [
            "|",
            ("date_resumed", "=", False),
            ("date_resumed", "<", threshold),
            "|",
            ("last_session_date", "<", datetime.combine(threshold, time.min)),
            "&",
            ("last_session_date", "=", False),
            ("date_start", "<", threshold),
        ]

    def _users(self, mentor=True, mentee=True):
        self.ensure_one()
        Users = self.env["res.users"]
        return (self.mentor_user_id if mentor else Users) | (
            self.mentee_user_id if mentee else Users
        )

    # -- 1. Answer window -------------------------------------------------------------------
    @api.model
    def _cron_acceptance_window(self):
        """Pending pairs: remind who has not answered at half of the window;
        expire them the day after the answer date."""
        today = fields.Date.context_today(self)
        pairs = self._automation_env().search(
            [("state", "=", "pending"), *answer_window.due_domain("answer_reminder_date", today)],
            order="id",
        )
        return pairs._run_cron(lambda batch: batch._process_acceptance_window(today), "pairs")

    def _answer_window_start(self):
        self.ensure_one()
        return self.date_proposed or (
            self.date_deadline - timedelta(days=self.program_id.acceptance_days)
        )

    def _process_acceptance_window(self, today):
        remind, expired = answer_window.split(
            self.filtered(lambda p: p.state == "pending"),
            today,
            start=lambda p: p._answer_window_start(),
            reminded=lambda p: p.answer_reminder_date,
        )
        notices = [
            (
                pair,
                pair._users(mentor=not pair.mentor_accepted, mentee=not pair.mentee_accepted),
                self.env._("Answer your mentorship match"),
                self.env._(
                    "Reminder: %(pair)s waits for your answer; accept or decline it by %(date)s.",
                    pair=pair.display_name,
                    date=format_date(self.env, pair.date_deadline),
                ),
            )
            for pair in remind
        ]
        remind.write({"answer_reminder_date": today})
        if expired:
            expired._expire("unanswered", self.env._("the match was not answered in time."))
            for pair in expired:
                answered = pair.mentor_accepted or pair.mentee_accepted
                notices.append(
                    (
                        pair,
                        pair._users(
                            mentor=pair.mentor_accepted or not answered,
                            mentee=pair.mentee_accepted or not answered,
                        ),
                        self.env._("Mentorship match expired"),
                        self.env._(
                            "%(pair)s was not answered by %(date)s and has expired. The "
                            "mentee goes first in the next match run.",
                            pair=pair.display_name,
                            date=format_date(self.env, pair.date_deadline),
                        ),
                    )
                )
        send_notices(self, notices)

    # -- 2. Cadence -------------------------------------------------------------------------
    @api.model
    def _program_cadence_intervals(self, programs):
        """{program: relativedelta of its most frequent cadence}."""
        intervals = {}
        for program in programs:
            cadences = program.cadence_ids
            if not cadences:
                continue
            shortest = min(
                cadences, key=lambda c: c.interval_number * CADENCE_UNITS[c.interval_unit][1]
            )
            unit = CADENCE_UNITS[shortest.interval_unit][0]
            intervals[program] = relativedelta(**{unit: shortest.interval_number})
        return intervals

    @api.model
    def _cron_cadence_nudges(self):
        """Active pairs with no session done within their program's (most
        frequent) cadence interval, counted from the last session done, the
        start or the return from hold: one nudge to both per overdue interval."""
        today = fields.Date.context_today(self)
        Pair = self._automation_env()
        programs = Pair.env["mentorship.program"].search([("cadence_ids", "!=", False)])
        intervals = self._program_cadence_intervals(programs)
        if not intervals:
            return Pair.browse()._run_cron(lambda batch: None, "cadence")
        domain = expression.OR(
            [
                [
                    ("program_id", "=", program.id),
                    # A few days of slack: months are uneven, the exact test is in Python.
                    *self._quiet_since_domain(today - interval + timedelta(days=3)),
                ]
                for program, interval in intervals.items()
            ]
        )
        pairs = Pair.search(expression.AND([[("state", "=", "active")], domain]), order="id")
        return pairs._run_cron(
            lambda batch: batch._process_cadence_nudges(today, intervals), "cadence"
        )

    def _cadence_last_due(self, interval, today):
        """The latest date a session was due by, before today; None if none is overdue."""
        reference = self._activity_reference_date()
        if not reference or reference + interval >= today:
            return None
        periods = 1
        while reference + interval * (periods + 1) < today:
            periods += 1
        return reference + interval * periods

    def _process_cadence_nudges(self, today, intervals):
        now = fields.Datetime.now()
        notices, nudged = [], self.browse()
        for pair in self:
            interval = intervals.get(pair.program_id)
            if pair.state != "active" or not interval:
                continue
            if pair.next_session_date and pair.next_session_date >= now:
                continue  # the next session is planned already
            last_due = pair._cadence_last_due(interval, today)
            if not last_due or (pair.cadence_nudge_date and pair.cadence_nudge_date > last_due):
                continue
            nudged |= pair
            notices.append(
                (
                    pair,
                    pair._users(),
                    self.env._("Plan your next mentorship session"),
                    self.env._(
                        "%(pair)s: a session was due by %(date)s under the program's "
                        "cadence. Plan the next one.",
                        pair=pair.display_name,
                        date=format_date(self.env, last_due),
                    ),
                )
            )
        nudged.write({"cadence_nudge_date": today})
        send_notices(self, notices)

    # -- 3. Inactivity ----------------------------------------------------------------------
    @api.model
    def _cron_inactivity(self):
        """Active pairs with no session done for the program's inactivity
        days: nudge both once per inactive spell; still inactive (and nothing
        planned) the grace days after the nudge, expire them as inactive."""
        today = fields.Date.context_today(self)
        Pair = self._automation_env()
        programs = Pair.env["mentorship.program"].search([("state", "!=", "draft")])
        domain = expression.OR(
            [
                [
                    ("program_id", "=", program.id),
                    *self._quiet_since_domain(today - timedelta(days=program.inactivity_days - 1)),
                ]
                for program in programs
            ]
            or [expression.FALSE_DOMAIN]
        )
        pairs = Pair.search(expression.AND([[("state", "=", "active")], domain]), order="id")
        return pairs._run_cron(lambda batch: batch._process_inactivity(today), "inactivity")

    def _process_inactivity(self, today):
        now = fields.Datetime.now()
        nudge, conclude = self.browse(), self.browse()
        for pair in self.filtered(lambda p: p.state == "active"):
            reference = pair._activity_reference_date()
            program = pair.program_id
            if not reference or (today - reference).days < program.inactivity_days:
                continue
            nudge_date = pair.inactivity_nudge_date
            if not nudge_date or nudge_date < reference:
                nudge |= pair
            elif today >= nudge_date + timedelta(days=program.inactivity_grace_days) and not (
                pair.next_session_date and pair.next_session_date >= now
            ):
                conclude |= pair
        notices = [
            (
                pair,
                pair._users(),
                self.env._("Your mentorship is idle"),
                self.env._(
                    "%(pair)s has had no session for %(days)s days. Plan one: without a "
                    "session within %(grace)s days, the pair ends as inactive.",
                    pair=pair.display_name,
                    days=(today - pair._activity_reference_date()).days,
                    grace=pair.program_id.inactivity_grace_days,
                ),
            )
            for pair in nudge
        ]
        nudge.write({"inactivity_nudge_date": today})
        if conclude:
            conclude._expire("inactive", self.env._("inactive: no session despite the reminder."))
            notices += [
                (
                    pair,
                    pair._users(),
                    self.env._("Mentorship ended as inactive"),
                    self.env._(
                        "%(pair)s had no session since the reminder of %(date)s and has "
                        "ended as inactive. The mentee goes first in the next match run.",
                        pair=pair.display_name,
                        date=format_date(self.env, pair.inactivity_nudge_date),
                    ),
                )
                for pair in conclude
            ]
        send_notices(self, notices)

    # -- 4. End of term ---------------------------------------------------------------------
    @api.model
    def _cron_end_of_term(self):
        """Active pairs whose term ended before today are completed."""
        today = fields.Date.context_today(self)
        pairs = self._automation_env().search(
            [("state", "=", "active"), ("date_term_end", "<", today)], order="id"
        )
        return pairs._run_cron(lambda batch: batch._process_end_of_term(today), "end of term")

    def _process_end_of_term(self, today):
        pairs = self.filtered(
            lambda p: p.state == "active" and p.date_term_end and p.date_term_end < today
        )
        if not pairs:
            return
        pairs._close(
            "completed", "term", self.env._("Completed automatically at the end of its term.")
        )
        send_notices(
            self,
            [
                (
                    pair,
                    pair._users(),
                    self.env._("Mentorship completed"),
                    self.env._(
                        "%(pair)s reached the end of its term on %(date)s and is completed. "
                        "Thank you both!",
                        pair=pair.display_name,
                        date=format_date(self.env, pair.date_term_end),
                    ),
                )
                for pair in pairs
            ],
        )

    # -- 5. Departures ----------------------------------------------------------------------
    def _close_for_departure(self, departed):
        """Cancel the live pairs of ``departed`` employees; the other side is
        freed and told. A mentee whose mentor left goes first in the next run."""
        notices = []
        for side, other in (("mentor", "mentee"), ("mentee", "mentor")):
            # Filtered again for the second side: ending the first side's core
            # pairs cancelled their mentees' topic pairs already.
            group = self.filtered(
                lambda p, side=side: (
                    p.state in LIVE_PAIR_STATES and p[f"{side}_employee_id"] in departed
                )
            )
            if not group:
                continue
            # Named outside the translation call below: Odoo's term extractor
            # (Babel 2.10) evaluates an f-string inside one and skips the file.
            departed_name_field = f"{side}_name"
            reason = (
                self.env._("departed: the mentor left the company.")
                if side == "mentor"
                else self.env._("departed: the mentee left the company.")
            )
            group._close(
                "cancelled",
                f"{side}_left",
                self.env._("Cancelled: %(reason)s", reason=reason),
                reason,
            )
            notices += [
                (
                    pair,
                    pair[f"{other}_user_id"]
                    if pair[f"{other}_employee_id"] not in departed
                    else self.env["res.users"],
                    self.env._("Mentorship ended"),
                    self.env._(
                        "%(name)s left the company: %(pair)s has ended.",
                        name=pair[departed_name_field],
                        pair=pair.display_name,
                    ),
                )
                for pair in group
            ]
        send_notices(self, notices)

    # ------------------------------------------------------------
    # HEALTH
    # ------------------------------------------------------------
    # The band itself is plain date arithmetic (analytics/health.py), fed
    # with what the cadence and inactivity crons use, so that the colour HR
    # sees and the reminders people get never tell different stories. It
    # depends on today: stored (HR groups and filters on it), refreshed when
    # a session, the pair or its program changes, and daily by a cron.

    def _health_on(self, today):
        """{pair: band} of the active pairs of ``self`` on ``today``."""
        active = self.filtered(lambda p: p.state == "active")
        intervals = self._program_cadence_intervals(active.program_id)
        bands = {}
        for pair in active:
            reference = pair._activity_reference_date()
            if not reference:
                continue
            program = pair.program_id
            bands[pair] = pair_health(
                reference,
                today,
                intervals.get(program),
                program.inactivity_days,
                program.inactivity_grace_days,
            )
        return bands

    @api.model
    def _cron_refresh_health(self):
        """Move the active pairs into today's band; a pair already there is not
        written, so a second run the same day changes nothing."""
        today = fields.Date.context_today(self)
        pairs = self._automation_env().search([("state", "=", "active")], order="id")
        return pairs._run_cron(lambda batch: batch._refresh_health(today), "health")

    def _refresh_health(self, today):
        bands = self._health_on(today)
        changed = defaultdict(list)
        for pair in self:
            band = bands.get(pair, False)
            if pair.health != band:
                changed[band].append(pair.id)
        for band, pair_ids in changed.items():
            self.browse(pair_ids).write({"health": band})

    # ------------------------------------------------------------
    # SURVEYS
    # ------------------------------------------------------------

    @api.model
    def _cron_send_pulse_surveys(self):
        """Invite both people of every active pair due for a pulse survey.

        One search; the pairs of programs whose survey cannot be sent are
        skipped (their managers are told once) and keep their turn.
        """
        today = fields.Date.context_today(self)
        pairs = self.sudo().search(
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
        pairs = self.sudo().search(
            [
                ("state", "in", ENDED_PAIR_STATES),
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
        else:
            skipped = self.browse()
        return process_in_batches(
            self - skipped,
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
        invitations = []
        for pair in pairs:
            survey = pair.program_id[field_name].sudo()
            for user, partner in (
                (pair.mentor_user_id, pair.mentor_partner_id),
                (pair.mentee_user_id, pair.mentee_partner_id),
            ):
                partner = user.partner_id or partner
                if not partner:
                    continue
                invitations.append(
                    (
                        survey,
                        user,
                        partner,
                        {
                            "mentorship_pair_id": pair.id,
                            "mentorship_survey_kind": kind,
                            "mentorship_pulse_index": indexes.get(pair, 0),
                            "mentorship_sent_date": today,
                        },
                    )
                )
        answers = self.env["survey.survey"].sudo()._mentorship_create_answers(invitations)
        if answers:
            self.env.ref(SURVEY_MAIL_TEMPLATES[kind]).sudo().send_mail_batch(answers.ids)
        if kind == "pulse":
            by_index = defaultdict(list)
            for pair in pairs:
                by_index[indexes[pair]].append(pair.id)
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

    # ------------------------------------------------------------
    # CONVERSATION
    # ------------------------------------------------------------
    # What people write on a pair is its conversation: the mentor and the
    # mentee read it (record rule on mail.message, models/mail_confidential.py)
    # and are the only ones notified of its Discussions messages, whoever else
    # follows the pair (HR, assigned a calibration call, follows it for its
    # tracked changes and the system's notes).

    # Both people write to each other without any right to write the pair.
    _mail_post_access = "read"

    @api.model
    def _get_thread_with_access(self, thread_id, mode="read", **kwargs):
        # The record rules alone decide: the portal's access token and signed
        # partner links (``token``, ``hash``, ``pid``) never stand in for them,
        # whatever a link or a forwarded e-mail carries.
        return super()._get_thread_with_access(thread_id, mode)

    def _notify_get_recipients(self, message, msg_vals, **kwargs):
        recipients = super()._notify_get_recipients(message, msg_vals, **kwargs)
        subtype_id = (msg_vals or {}).get("subtype_id") or message.subtype_id.id
        if not self or subtype_id != self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment"):
            return recipients
        members = set(self.sudo().mapped(lambda pair: pair._people_partners()).ids)
        return [recipient for recipient in recipients if recipient["id"] in members]

    # ------------------------------------------------------------
    # TOOLING
    # ------------------------------------------------------------

    def _log_batch(self, message):
        """The same note in the chatter of every pair, in one batch."""
        if self:
            self.sudo()._message_log_batch(bodies=dict.fromkeys(self.ids, message))
