from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

from ..automation import answer_window, process_in_batches, send_notices
from ..matching import MentorSuggester, ReasonRenderer

REQUEST_ACTIVITY = "mentorship_program.mail_activity_type_request_answer"


class MentorshipRequest(models.Model):
    """A mentee asking one mentor to mentor them, in a self-request program.

    Only the mentor who received it accepts or declines it; only the mentee
    who sent it withdraws it. The first acceptance wins: it creates an
    active core pair and withdraws the mentee's other open requests. When
    the mentor's last seat is taken, their other open requests are declined.
    """

    _name = "mentorship.request"
    _description = "Mentor Request"
    _inherit = [
        "mentorship.thread.guard",
        # Before mail.thread, whose message_subscribe it short-cuts.
        "mentorship.followers.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "mentorship.guarded.mixin",
        "mentorship.portal.mixin",
    ]
    # Requests are listed on one page, sent and received.
    _mentorship_portal_path = "/my/mentorship/requests#request-{id}"
    _order = "date_sent desc, id desc"
    _check_company_auto = True
    # Sent by the mentee through action_request_mentor, answered through the
    # buttons: nothing on a request is written directly.
    _client_create_fields = frozenset()
    _client_write_fields = frozenset()

    program_id = fields.Many2one(
        "mentorship.program", required=True, index=True, readonly=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="program_id.company_id", store=True, index=True)
    mentee_enrollment_id = fields.Many2one(
        "mentorship.enrollment",
        required=True,
        index=True,
        readonly=True,
        ondelete="cascade",
        check_company=True,
    )
    mentor_enrollment_id = fields.Many2one(
        "mentorship.enrollment",
        required=True,
        index=True,
        readonly=True,
        ondelete="cascade",
        check_company=True,
    )
    mentee_employee_id = fields.Many2one(
        related="mentee_enrollment_id.employee_id", string="Mentee", store=True
    )
    mentor_employee_id = fields.Many2one(
        related="mentor_enrollment_id.employee_id", string="Mentor", store=True
    )
    mentee_name = fields.Char(related="mentee_employee_id.name", string="Mentee Name", store=True)
    mentor_name = fields.Char(related="mentor_employee_id.name", string="Mentor Name", store=True)
    mentee_user_id = fields.Many2one(
        related="mentee_enrollment_id.user_id", string="Mentee User", store=True, index=True
    )
    mentor_user_id = fields.Many2one(
        related="mentor_enrollment_id.user_id", string="Mentor User", store=True, index=True
    )
    message = fields.Text(readonly=True, help="What the mentee wrote to the mentor.")
    score = fields.Float(digits=(16, 1), readonly=True)
    # The reasons the mentee and the mentor may read (matching/explanation.py).
    match_reasons = fields.Json(readonly=True)
    explanation = fields.Text(compute="_compute_explanation")
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
    state = fields.Selection(
        [
            ("open", "Waiting for the Mentor"),
            ("accepted", "Accepted"),
            ("declined", "Declined"),
            ("withdrawn", "Withdrawn"),
            ("expired", "Expired"),
        ],
        default="open",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    closing_note = fields.Char(
        readonly=True, help="Why the request closed, when it was not answered by hand."
    )
    # The mentor's own reason for declining, if they gave one: HR's to read,
    # never the mentee's (not in the chatter either).
    decline_reason = fields.Text(
        readonly=True,
        copy=False,
        groups="mentorship_program.group_mentorship_manager",
        help="What the mentor gave as their reason for declining (optional).",
    )
    date_sent = fields.Datetime(readonly=True, default=fields.Datetime.now)
    date_deadline = fields.Date(string="Answer By", readonly=True)
    date_closed = fields.Datetime(readonly=True)
    pair_id = fields.Many2one("mentorship.pair", readonly=True, ondelete="set null")
    reminder_date = fields.Date(
        readonly=True, copy=False, help="When the mentor was reminded to answer."
    )
    can_answer = fields.Boolean(compute="_compute_permissions")
    can_withdraw = fields.Boolean(compute="_compute_permissions")

    @api.depends("mentor_name", "mentee_name")
    def _compute_display_name(self):
        for request in self:
            request.display_name = self.env._(
                "%(mentee)s asks %(mentor)s",
                mentee=request.mentee_name or "",
                mentor=request.mentor_name or "",
            )

    @api.depends("match_reasons")
    @api.depends_context("lang")
    def _compute_explanation(self):
        texts = ReasonRenderer(self.env, "participant").render_many(self.mapped("match_reasons"))
        for request, text in zip(self, texts):
            request.explanation = text

    @api.depends("mentor_enrollment_id", "mentee_enrollment_id")
    @api.depends_context("uid", "lang")
    def _compute_profile_cards(self):
        # The cards are read as the system, for the requests the reader may read only.
        readable = self if self.env.su else self._filtered_access("read")
        enrollments = readable.sudo().mentor_enrollment_id | readable.sudo().mentee_enrollment_id
        cards = self.env["mentorship.profile"]._cards_for(enrollments)
        for request in self:
            shown = request in readable
            request.mentor_profile_card = shown and cards.get(
                request.sudo().mentor_enrollment_id.id
            )
            request.mentee_profile_card = shown and cards.get(
                request.sudo().mentee_enrollment_id.id
            )

    @api.depends("state", "mentor_user_id", "mentee_user_id")
    @api.depends_context("uid")
    def _compute_permissions(self):
        user = self.env.user
        for request in self:
            request.can_answer = request.state == "open" and request.mentor_user_id == user
            request.can_withdraw = request.state == "open" and request.mentee_user_id == user

    # -- Sending ----------------------------------------------------------------------------
    @api.model
    def _send(self, mentee, mentor, message=""):
        """Create the request of ``mentee`` to ``mentor`` once every rule of
        the program allows it; the caller has checked who is asking."""
        mentee, mentor = mentee.sudo(), mentor.sudo()
        program = mentee.program_id
        if program.matching_mode != "self_request":
            raise UserError(
                self.env._(
                    "In program %(program)s, HR matches mentors and mentees: "
                    "mentees do not send requests.",
                    program=program.display_name,
                )
            )
        if program.state not in ("open", "running"):
            raise UserError(
                self.env._(
                    "Program %(program)s is not open: requests can be sent once "
                    "enrollment has opened.",
                    program=program.display_name,
                )
            )
        if mentee.role != "mentee" or mentee.state != "approved":
            raise UserError(
                self.env._(
                    "%(enrollment)s is not an approved mentee enrollment: only approved "
                    "mentees send requests.",
                    enrollment=mentee.display_name,
                )
            )
        if mentor.program_id != program or mentor.role != "mentor":
            raise UserError(
                self.env._(
                    "%(mentor)s is not a mentor of program %(program)s.",
                    mentor=mentor.display_name,
                    program=program.display_name,
                )
            )
        if mentee._has_live_core_pair():
            raise UserError(
                self.env._(
                    "%(mentee)s already has a mentor in program %(program)s.",
                    mentee=mentee.employee_id.name,
                    program=program.display_name,
                )
            )
        open_requests = mentee.mentee_request_ids.filtered(lambda r: r.state == "open")
        if mentor in open_requests.mentor_enrollment_id:
            raise UserError(
                self.env._(
                    "%(mentee)s already asked %(mentor)s; wait for the answer or "
                    "withdraw that request first.",
                    mentee=mentee.employee_id.name,
                    mentor=mentor.employee_id.name,
                )
            )
        if len(open_requests) >= program.request_limit:
            raise UserError(
                self.env._(
                    "%(mentee)s already has %(count)s open requests, the most program "
                    "%(program)s allows: withdraw one or wait for an answer.",
                    mentee=mentee.employee_id.name,
                    count=len(open_requests),
                    program=program.display_name,
                )
            )
        suggestion = MentorSuggester(mentee).suggestion_for(mentor)
        if suggestion is None:
            raise UserError(
                self.env._(
                    "%(mentor)s cannot be asked by %(mentee)s: the mentor is not ready, "
                    "has no seat left, already declined, or a rule of the program "
                    "(reporting line, department, language, availability) excludes "
                    "this pair.",
                    mentor=mentor.employee_id.name,
                    mentee=mentee.employee_id.name,
                )
            )
        today = fields.Date.context_today(self)
        request = self.sudo().create(
            {
                "program_id": program.id,
                "mentee_enrollment_id": mentee.id,
                "mentor_enrollment_id": mentor.id,
                "message": (message or "").strip() or False,
                "score": suggestion.score,
                "match_reasons": suggestion.reasons,
                "date_deadline": fields.Date.add(today, days=program.acceptance_days),
            }
        )
        request._notify_sent()
        return request.with_env(self.env)

    def _notify_sent(self):
        answer_type = self.env.ref(REQUEST_ACTIVITY)
        for request in self:
            partner = (
                request.mentor_user_id.partner_id or request.mentor_employee_id.work_contact_id
            )
            request.message_subscribe(partner_ids=(partner | request.mentee_user_id.partner_id).ids)
            request.message_post(
                body=self.env._(
                    "%(mentee)s asks %(mentor)s to be their mentor in %(program)s.",
                    mentee=request.mentee_name,
                    mentor=request.mentor_name,
                    program=request.program_id.name,
                ),
                partner_ids=partner.ids,
                subtype_xmlid="mail.mt_comment",
            )
            if request.mentor_user_id:
                request.activity_schedule(
                    activity_type_id=answer_type.id,
                    summary=answer_type.summary,
                    date_deadline=request.date_deadline,
                    user_id=request.mentor_user_id.id,
                )

    # -- Answers ------------------------------------------------------------------------------
    def _check_open(self, side):
        """Raise unless the current user is the request's ``side`` and it is open."""
        self.check_access("read")
        user = self.env.user
        for request in self:
            if request[f"{side}_user_id"] != user:
                if side == "mentor":
                    message = self.env._(
                        "Only %(mentor)s, who received %(request)s, can accept or decline it.",
                        mentor=request.mentor_name,
                        request=request.display_name,
                    )
                else:
                    message = self.env._(
                        "Only %(mentee)s, who sent %(request)s, can withdraw it.",
                        mentee=request.mentee_name,
                        request=request.display_name,
                    )
                raise AccessError(message)
            request._check_state(("open",), self.env._("answered or withdrawn"))

    def action_accept(self):
        """The mentor says yes: the pair starts now, unless the mentor's last
        seat or the mentee went to someone else a moment earlier."""
        self._check_open("mentor")
        today = fields.Date.context_today(self)
        for request in self.sudo():
            if request.date_deadline and today > request.date_deadline:
                raise UserError(
                    self.env._(
                        "%(request)s was to be answered by %(deadline)s.",
                        request=request.display_name,
                        deadline=request.date_deadline,
                    )
                )
            request._lock_participants()
            mentee, mentor = request.mentee_enrollment_id, request.mentor_enrollment_id
            if mentee._has_live_core_pair():
                raise UserError(
                    self.env._(
                        "%(mentee)s found a mentor a moment ago: %(request)s can no "
                        "longer be accepted.",
                        mentee=request.mentee_name,
                        request=request.display_name,
                    )
                )
            if mentor._seats_left() <= 0:
                raise UserError(
                    self.env._(
                        "%(mentor)s has no seat left (capacity %(capacity)s): decline "
                        "%(request)s or ask HR to raise the capacity.",
                        mentor=request.mentor_name,
                        capacity=mentor.capacity,
                        request=request.display_name,
                    )
                )
            pair = (
                self.env["mentorship.pair"]
                .sudo()
                .with_context(mail_create_nolog=True)
                .create(
                    {
                        "program_id": request.program_id.id,
                        "mentee_enrollment_id": mentee.id,
                        "mentor_enrollment_id": mentor.id,
                        "kind": "core",
                        "score": request.score,
                        "match_reasons": request.match_reasons,
                        "state": "pending",
                        "mentor_accepted": True,
                        "mentee_accepted": True,
                        "date_proposed": fields.Date.to_date(request.date_sent),
                    }
                )
            )
            pair.message_subscribe(partner_ids=request.message_partner_ids.ids)
            pair._activate()
            request._close("accepted", pair=pair)
            request.message_post(
                body=self.env._(
                    "%(mentor)s accepted: the mentorship starts today.",
                    mentor=request.mentor_name,
                ),
                partner_ids=request.mentee_user_id.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
            pair._close_superseded_requests()
        return True

    def action_decline(self, reason=False):
        """The mentor says no; ``reason`` (optional) is for HR only."""
        self._check_open("mentor")
        reason = (reason or "").strip() if isinstance(reason, str) else ""
        if reason:
            self._check_input({"decline_reason": reason})
            self._system_write({"decline_reason": reason})
        for request in self.sudo():
            request._close(
                "declined",
                note=self.env._(
                    "%(mentor)s declined; ask another of your suggested mentors.",
                    mentor=request.mentor_name,
                ),
                notify="mentee",
            )
        return True

    def action_withdraw(self):
        self._check_open("mentee")
        for request in self.sudo():
            request._close(
                "withdrawn",
                note=self.env._("%(mentee)s withdrew the request.", mentee=request.mentee_name),
                notify="mentor",
            )
        return True

    def _close(self, state, note=False, pair=None, notify=None):
        """Close open requests; ``notify`` ('mentor' or 'mentee') is told why."""
        if not self:
            return
        vals = {"state": state, "date_closed": fields.Datetime.now(), "closing_note": note}
        if pair:
            vals["pair_id"] = pair.id
        self.write(vals)
        self.activity_unlink([REQUEST_ACTIVITY])
        if notify:
            for request in self:
                request.message_post(
                    body=note,
                    partner_ids=request[f"{notify}_user_id"].partner_id.ids,
                    subtype_xmlid="mail.mt_comment",
                )

    # -- Cron -------------------------------------------------------------------------------
    @api.model
    def _cron_acceptance_window(self):
        """Open requests: remind the mentor at half of the answer window; the
        day after the answer date, the request expires and the mentee is told."""
        today = fields.Date.context_today(self)
        requests = (
            self.sudo()
            .with_context(mail_notrack=True)
            .search(
                [("state", "=", "open"), *answer_window.due_domain("reminder_date", today)],
                order="id",
            )
        )
        return process_in_batches(
            requests, lambda batch: batch._process_acceptance_window(today), label="requests"
        )

    def _process_acceptance_window(self, today):
        remind, expired = answer_window.split(
            self.filtered(lambda r: r.state == "open"),
            today,
            start=lambda r: fields.Date.to_date(r.date_sent) if r.date_sent else r.date_deadline,
            reminded=lambda r: r.reminder_date,
        )
        notices = [
            (
                request,
                request.mentor_user_id,
                self.env._("Answer the mentor request"),
                self.env._(
                    "Reminder: %(request)s; accept or decline by %(date)s.",
                    request=request.display_name,
                    date=format_date(self.env, request.date_deadline),
                ),
            )
            for request in remind
        ]
        remind.write({"reminder_date": today})
        expired._close("expired", note=self.env._("Expired: the mentor did not answer in time."))
        notices += [
            (
                request,
                request.mentee_user_id,
                self.env._("Mentor request expired"),
                self.env._(
                    "%(mentor)s did not answer your request by %(date)s; ask another of "
                    "your suggested mentors.",
                    mentor=request.mentor_name,
                    date=format_date(self.env, request.date_deadline),
                ),
            )
            for request in expired
        ]
        send_notices(self, notices)

    def _close_for_departure(self, departed):
        """Open requests of people who left: withdrawn when the mentee left,
        declined when the mentor did; the other side is told."""
        requests = self.filtered(lambda r: r.state == "open")
        by_mentee = requests.filtered(lambda r: r.mentee_employee_id in departed)
        by_mentor = requests - by_mentee
        by_mentee._close("withdrawn", note=self.env._("Withdrawn: the mentee left the company."))
        by_mentor._close("declined", note=self.env._("Declined: the mentor left the company."))
        notices = [
            (
                request,
                request.mentor_user_id,
                self.env._("Mentor request withdrawn"),
                self.env._(
                    "%(mentee)s left the company: their request is withdrawn.",
                    mentee=request.mentee_name,
                ),
            )
            for request in by_mentee
            if request.mentor_employee_id not in departed
        ]
        notices += [
            (
                request,
                request.mentee_user_id,
                self.env._("Mentor request declined"),
                self.env._(
                    "%(mentor)s left the company: ask another of your suggested mentors.",
                    mentor=request.mentor_name,
                ),
            )
            for request in by_mentor
        ]
        send_notices(self, notices)

    def _lock_participants(self):
        """Take the mentor's and the mentee's enrollment rows for this
        transaction, in id order so two accepts cannot deadlock.

        An UPDATE, not only SELECT ... FOR UPDATE: Odoo's transactions are
        REPEATABLE READ, so a concurrent accept that read the seats before
        ours committed must fail with a serialization error (Odoo then
        retries the whole request on a fresh snapshot, where the seat is
        gone) rather than count seats from its stale snapshot.
        """
        ids = sorted((self.mentee_enrollment_id | self.mentor_enrollment_id).ids)
        for enrollment_id in ids:
            self.env.cr.execute(
                "UPDATE mentorship_enrollment SET write_date = write_date WHERE id = %s",
                [enrollment_id],
            )
