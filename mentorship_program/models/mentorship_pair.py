import threading
import time

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

from ..matching import LIVE_PAIR_STATES
from .window_action import window_action

ANSWER_ACTIVITY = "mentorship_program.mail_activity_type_pair_answer"
PROPOSAL_MAIL_TEMPLATE = "mentorship_program.mail_template_pair_proposed"
PROPOSAL_MAIL_CRON = "mentorship_program.ir_cron_mentorship_pair_proposal_mail"
CALIBRATION_ACTIVITY = "mentorship_program.mail_activity_type_pair_calibration"
MANAGER_GROUP = "mentorship_program.group_mentorship_manager"
# A pair in one of these states has ended for good.
CLOSED_PAIR_STATES = (
    "completed",
    "completed_early",
    "cancelled",
    "expired",
    "declined",
    "rematched",
)


class MentorshipPair(models.Model):
    """A mentor and a mentee working together in a program.

    Published from a match run as *pending*; it becomes *active* once both
    accept before the deadline, *declined* when either says no. HR can end a
    pair as *re-matched* (the mentee goes first in the next run) or
    *cancelled* (with a reason). HR or either side *completes* it at the end
    of its term (start + the program's pair duration), or *completes it early*
    before that. The daily crons (mentorship_pair_automation.py) expire
    unanswered and inactive pairs, complete them at the end of their term and
    cancel those of people who left.
    Whatever ends a pair cancels its future planned sessions.
    """

    _name = "mentorship.pair"
    _description = "Mentorship Pair"
    _inherit = ["mail.thread", "mail.activity.mixin", "mentorship.followers.mixin"]
    _order = "date_proposed desc, id desc"
    _check_company_auto = True
    # Publications up to this many pairs e-mail at once; larger ones queue the
    # e-mails for the cron, which composes them in committed batches.
    _proposal_mail_inline_limit = 500
    _proposal_mail_batch_size = 500

    program_id = fields.Many2one(
        "mentorship.program", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="program_id.company_id", store=True, index=True)
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
        ondelete="cascade",
        check_company=True,
        readonly=True,
    )
    mentee_enrollment_id = fields.Many2one(
        "mentorship.enrollment",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        readonly=True,
    )
    mentor_employee_id = fields.Many2one(
        related="mentor_enrollment_id.employee_id", string="Mentor", store=True, index=True
    )
    mentee_employee_id = fields.Many2one(
        related="mentee_enrollment_id.employee_id", string="Mentee", store=True, index=True
    )
    # Names kept on the pair: its display name is read for every activity and
    # e-mail, one pair at a time, without going through hr.employee each time.
    mentor_name = fields.Char(related="mentor_employee_id.name", string="Mentor Name", store=True)
    mentee_name = fields.Char(related="mentee_employee_id.name", string="Mentee Name", store=True)
    mentor_user_id = fields.Many2one(
        related="mentor_enrollment_id.user_id", string="Mentor User", store=True, index=True
    )
    mentee_user_id = fields.Many2one(
        related="mentee_enrollment_id.user_id", string="Mentee User", store=True, index=True
    )
    mentor_partner_id = fields.Many2one(
        related="mentor_employee_id.work_contact_id", string="Mentor Contact"
    )
    mentee_partner_id = fields.Many2one(
        related="mentee_employee_id.work_contact_id", string="Mentee Contact"
    )
    kind = fields.Selection(
        [("core", "Core Mentor"), ("topic", "Topic Mentor")],
        required=True,
        default="core",
        readonly=True,
    )
    score = fields.Float(digits=(16, 1), readonly=True, aggregator="avg")
    explanation = fields.Text(readonly=True)
    state = fields.Selection(
        [
            ("proposed", "Proposed"),
            ("pending", "Pending"),
            ("active", "Active"),
            ("on_hold", "On Hold"),
            ("completed", "Completed"),
            ("completed_early", "Completed Early"),
            ("cancelled", "Cancelled"),
            ("expired", "Expired"),
            ("declined", "Declined"),
            ("rematched", "Re-matched"),
        ],
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
        help="Start date plus the program's pair duration: the pair can be completed from "
        "this date, or completed early before it.",
    )
    closure_reason = fields.Text(
        readonly=True, copy=False, help="Why the pair ended, when it ended before its term."
    )
    calibration_date = fields.Date(
        string="Calibration Call",
        readonly=True,
        copy=False,
        help="When HR checks with both people that the pair works.",
    )
    kind_label = fields.Char(compute="_compute_mail_labels")
    date_deadline_label = fields.Char(compute="_compute_mail_labels")
    proposal_mail_sent = fields.Boolean(
        readonly=True, copy=False, help="Both people got the e-mail about this proposed match."
    )
    can_answer = fields.Boolean(compute="_compute_can_answer")
    can_complete = fields.Boolean(compute="_compute_can_complete")
    can_complete_early = fields.Boolean(compute="_compute_can_complete")
    plan_ids = fields.One2many("mentorship.plan", "pair_id", string="90-Day Plan")
    color = fields.Integer(compute="_compute_color")
    session_ids = fields.One2many("mentorship.session", "pair_id", string="Sessions")
    session_count = fields.Integer(compute="_compute_session_count")
    # Stored for the coming cadence and inactivity crons and the health colour.
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

    @api.depends("mentor_name", "mentee_name")
    def _compute_display_name(self):
        for pair in self:
            pair.display_name = self.env._(
                "%(mentor)s mentors %(mentee)s",
                mentor=pair.mentor_name or "",
                mentee=pair.mentee_name or "",
            )

    @api.depends("kind", "date_deadline")
    @api.depends_context("lang")
    def _compute_mail_labels(self):
        """Plain values for the mail template, which only reads fields (see
        mail_allowed_qweb_expressions) so that it renders thousands of pairs
        without compiling QWeb for each."""
        kinds = {
            "core": self.env._("their core mentor"),
            "topic": self.env._("a topic mentor"),
        }
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

    @api.depends("date_start", "program_id.pair_duration_days")
    def _compute_date_term_end(self):
        for pair in self:
            pair.date_term_end = pair.date_start and fields.Date.add(
                pair.date_start, days=pair.program_id.pair_duration_days
            )

    @api.depends("state", "date_term_end", "mentor_user_id", "mentee_user_id")
    @api.depends_context("uid")
    def _compute_can_complete(self):
        user = self.env.user
        is_manager = user.has_group(MANAGER_GROUP)
        today = fields.Date.context_today(self)
        for pair in self:
            allowed = pair.state in ("active", "on_hold") and (
                is_manager or user in pair.mentor_user_id | pair.mentee_user_id
            )
            term_over = not pair.date_term_end or today >= pair.date_term_end
            pair.can_complete = allowed and term_over
            pair.can_complete_early = allowed and not term_over

    @api.depends("state")
    def _compute_color(self):
        colors = {
            "pending": 2,
            "active": 10,
            "completed": 10,
            "completed_early": 10,
            "declined": 1,
            "rematched": 4,
            "cancelled": 3,
            "expired": 3,
        }
        for pair in self:
            pair.color = colors.get(pair.state, 0)

    @api.depends("session_ids.state", "session_ids.date_start")
    def _compute_session_stats(self):
        stats = {
            (pair.id, state): (last, first, count)
            for pair, state, last, first, count in self.env["mentorship.session"]._read_group(
                [("pair_id", "in", self.ids), ("state", "in", ("done", "planned"))],
                ["pair_id", "state"],
                ["date_start:max", "date_start:min", "__count"],
            )
        }
        for pair in self:
            last_done, _first_done, done_count = stats.get((pair.id, "done"), (False, False, 0))
            _last_planned, next_planned, _count = stats.get((pair.id, "planned"), (False, False, 0))
            pair.last_session_date = last_done
            pair.session_done_count = done_count
            pair.next_session_date = next_planned

    def _compute_session_count(self):
        counts = dict(
            self.env["mentorship.session"]._read_group(
                [("pair_id", "in", self.ids)], ["pair_id"], ["__count"]
            )
        )
        for pair in self:
            pair.session_count = counts.get(pair, 0)

    def action_view_sessions(self):
        self.ensure_one()
        return window_action(
            self.env,
            "mentorship_program.mentorship_session_action",
            [("pair_id", "=", self.id)],
            {"default_pair_id": self.id},
        )

    # -- Mail ---------------------------------------------------------------------------------
    def mail_allowed_qweb_expressions(self):
        return super().mail_allowed_qweb_expressions() + (
            "object.program_id.name",
            "object.mentor_name",
            "object.mentee_name",
            "object.kind_label",
            "object.explanation",
            "object.date_deadline_label",
        )

    # -- Publication ----------------------------------------------------------------------
    def _notify_proposed(self):
        """Tell both people of their new pairs: one e-mail per pair, one
        activity per person, all in batches."""
        if not self:
            return
        self_sudo = self.sudo()
        subtype_ids = self.env["mail.message.subtype"]._default_subtypes(self._name)[0]
        followers = []
        for pair in self_sudo:
            partners = (pair.mentor_user_id.partner_id or pair.mentor_partner_id) | (
                pair.mentee_user_id.partner_id or pair.mentee_partner_id
            )
            followers += [
                {
                    "res_model": self._name,
                    "res_id": pair.id,
                    "partner_id": partner.id,
                    "subtype_ids": [Command.set(subtype_ids)],
                }
                for partner in partners
            ]
        self.env["mail.followers"].sudo().create(followers)
        answer_type = self.env.ref(ANSWER_ACTIVITY)
        model_id = self.env["ir.model"]._get_id(self._name)
        activities = []
        for pair in self_sudo:
            for user in pair.mentor_user_id | pair.mentee_user_id:
                activities.append(
                    {
                        "activity_type_id": answer_type.id,
                        "summary": answer_type.summary,
                        "automated": True,
                        "res_model_id": model_id,
                        "res_id": pair.id,
                        "user_id": user.id,
                        "date_deadline": pair.date_deadline,
                    }
                )
        # The e-mail below is the notification: no "assigned to you" mail too.
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True, mentorship_followers_inserted=True
        ).create(activities)
        if len(self) <= self._proposal_mail_inline_limit:
            self._send_proposal_mails()
        else:
            self.env.ref(PROPOSAL_MAIL_CRON)._trigger()

    def _send_proposal_mails(self):
        """One e-mail per pair to its mentor and mentee, from the template, in
        mass mode: rendered in batches and queued for the mail server."""
        pairs = self.filtered(lambda p: p.state == "pending" and not p.proposal_mail_sent)
        if not pairs:
            return
        pairs.message_mail_with_source(self.env.ref(PROPOSAL_MAIL_TEMPLATE), force_send=False)
        pairs.sudo().write({"proposal_mail_sent": True})

    @api.model
    def _cron_send_proposal_mails(self, time_budget=60):
        """E-mail the pending pairs of large publications, batch by batch.

        Each batch is committed with its "sent" mark, so a crash or a second
        run never mails a pair twice; what is left when the time budget is
        spent is reported to the cron, which runs again at once.
        """
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        domain = [("state", "=", "pending"), ("proposal_mail_sent", "=", False)]
        started, done = time.monotonic(), 0
        while time.monotonic() - started < time_budget:
            batch = self.search(domain, limit=self._proposal_mail_batch_size, order="id")
            if not batch:
                break
            batch._send_proposal_mails()
            done += len(batch)
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        remaining = self.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done

    # -- Answers ----------------------------------------------------------------------------
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
                        "Only the mentor or the mentee of %(pair)s can accept or decline it.",
                        pair=pair.display_name,
                    )
                )
            if pair.state != "pending":
                raise UserError(
                    self.env._(
                        "%(pair)s is %(state)s: it can no longer be accepted or declined.",
                        pair=pair.display_name,
                        state=dict(self._fields["state"].selection)[pair.state],
                    )
                )
            if pair.date_deadline and today > pair.date_deadline:
                raise UserError(
                    self.env._(
                        "The answer to %(pair)s was due by %(deadline)s; ask HR for a new match.",
                        pair=pair.display_name,
                        deadline=pair.date_deadline,
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
        sides = self._get_answering_side()
        for pair, side in sides.items():
            pair.sudo().write({f"{side}_accepted": True})
            pair.sudo()._message_log(
                body=self.env._(
                    "%(name)s accepted as %(side)s.", name=self.env.user.name, side=side
                )
            )
        self._answer_activities(self.env.user).action_feedback(feedback=self.env._("Accepted"))
        both = self.sudo().filtered(lambda p: p.mentor_accepted and p.mentee_accepted)
        both._activate()
        return True

    def action_decline(self):
        sides = self._get_answering_side()
        today = fields.Date.context_today(self)
        for pair, side in sides.items():
            pair.sudo().write({"state": "declined", "declined_by": side, "date_end": today})
            pair.sudo()._message_log(
                body=self.env._(
                    "%(name)s declined as %(side)s; the mentee returns to the pool "
                    "and goes first in the next match run.",
                    name=self.env.user.name,
                    side=side,
                )
            )
        self._answer_activities().unlink()
        self.sudo()._cancel_topic_pairs()
        return True

    def _cancel_topic_pairs(self):
        """A mentee whose core pair ended also loses its topic mentors from
        that match: the next run proposes both again, together."""
        ended_core = self.filtered(lambda p: p.kind == "core")
        if not ended_core:
            return
        topic_pairs = self.search(
            [
                ("mentee_enrollment_id", "in", ended_core.mentee_enrollment_id.ids),
                ("kind", "=", "topic"),
                ("state", "in", LIVE_PAIR_STATES),
            ]
        )
        if not topic_pairs:
            return
        reason = self.env._("The mentee's core mentor pair ended.")
        topic_pairs.write(
            {
                "state": "cancelled",
                "date_end": fields.Date.context_today(self),
                "closure_reason": reason,
            }
        )
        topic_pairs._answer_activities(xmlids=(ANSWER_ACTIVITY, CALIBRATION_ACTIVITY)).unlink()
        topic_pairs._log_batch(self.env._("Cancelled: %(reason)s", reason=reason))

    def _log_batch(self, message):
        """The same note in the chatter of every pair, in one batch."""
        if self:
            self.sudo()._message_log_batch(bodies=dict.fromkeys(self.ids, message))

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

    def _activate(self):
        """Both said yes: the pair starts today; HR gets the calibration call."""
        today = fields.Date.context_today(self)
        self.write({"state": "active", "date_start": today})
        self._answer_activities().unlink()
        self.env["mentorship.plan"]._create_for_pairs(self)
        calibration_type = self.env.ref(CALIBRATION_ACTIVITY)
        for pair in self:
            days = pair.program_id.calibration_days
            if days <= 0:
                continue
            when = fields.Date.add(today, days=days)
            hr_user = (
                pair.program_id.manager_user_ids[:1]
                or pair.sudo().run_id.published_by_id
                or pair.program_id.create_uid
            )
            pair.calibration_date = when
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

    # -- Closure ------------------------------------------------------------------------------
    def write(self, vals):
        result = super().write(vals)
        if vals.get("state") in CLOSED_PAIR_STATES:
            self._cancel_future_sessions()
        return result

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

    def action_open_plan(self):
        self.ensure_one()
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

    # -- HR actions ---------------------------------------------------------------------------
    def _check_manager(self):
        if not (self.env.su or self.env.user.has_group(MANAGER_GROUP)):
            raise AccessError(self.env._("Only a Mentorship Manager can do this on a pair."))
        self.check_access("write")

    def _check_member_or_manager(self, action_label):
        """HR managers, or the pair's own mentor or mentee."""
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            self._check_manager()
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

    def _close(self, state, allowed_states, message, reason=False):
        """End the pairs in ``state``; the caller has checked the rights."""
        labels = dict(self._fields["state"].selection)
        for pair in self:
            if pair.state not in allowed_states:
                raise UserError(
                    self.env._(
                        "%(pair)s is %(state)s and cannot be %(target)s.",
                        pair=pair.display_name,
                        state=labels[pair.state],
                        target=labels[state].lower(),
                    )
                )
        self.write(
            {
                "state": state,
                "date_end": fields.Date.context_today(self),
                "closure_reason": reason or False,
            }
        )
        self._answer_activities(xmlids=(ANSWER_ACTIVITY, CALIBRATION_ACTIVITY)).unlink()
        self._log_batch(message)

    def _end(self, state, allowed_states, message, reason=False):
        """HR ends the pairs; the mentee's topic pairs end with a core pair."""
        self._check_manager()
        self._close(state, allowed_states, message, reason)
        self._cancel_topic_pairs()
        return True

    def action_rematch(self):
        """End the pair so the mentee gets a new mentor, first, in the next run."""
        return self._end(
            "rematched",
            LIVE_PAIR_STATES,
            self.env._("Ended as re-matched: the mentee goes first in the next match run."),
        )

    def action_cancel(self, reason=False):
        """HR ends the pair, for a reason they must give (the Cancel wizard)."""
        self._check_manager()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._(
                    "Give a reason to cancel %(pairs)s.",
                    pairs=", ".join(self.mapped("display_name")),
                )
            )
        return self._end(
            "cancelled",
            LIVE_PAIR_STATES,
            self.env._("Cancelled by HR: %(reason)s", reason=reason),
            reason,
        )

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
            ("active", "on_hold"),
            self.env._("Completed by %(name)s at the end of its term.", name=self.env.user.name),
        )
        return True

    def action_complete_early(self, reason=False):
        """Goals met before the term: HR or either side ends the pair as a
        success. Either side may, as either may ask HR to cancel anyway; the
        distinct state keeps these out of the cancelled count."""
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
        self.sudo()._close("completed_early", ("active", "on_hold"), message, reason)
        return True

    def _expire(self, reason=False):
        """For the crons (unanswered proposal, inactivity): end the pairs as
        expired; no rights check, the caller is the system."""
        message = (
            self.env._("Expired: %(reason)s", reason=reason) if reason else self.env._("Expired.")
        )
        self._close("expired", LIVE_PAIR_STATES, message, reason)
        self._cancel_topic_pairs()
        return True
