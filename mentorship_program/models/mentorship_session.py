from datetime import timedelta

from odoo import SUPERUSER_ID, Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_datetime
from odoo.tools.misc import clean_context

from ..automation import process_in_batches, send_notices

# Changing these moves the meeting, so the calendar event follows.
SCHEDULE_FIELDS = ("date_start", "duration", "kind")
# Kept on mentorship.session.content, for the pair's mentor and mentee only.
CONTENT_FIELDS = ("agenda", "notes")


class MentorshipSession(models.Model):
    """One meeting of a pair: a check-in, a shadowing day or a feedback cycle.

    A session is planned in the future, with a calendar event for both people;
    once it has started, either side (or HR) logs it as done or no-show, or
    cancels it. HR managers read the session's metadata (date, kind,
    duration, done or no-show), never its content: the agenda and the shared
    notes live on ``mentorship.session.content`` and each side's rating on
    ``mentorship.session.rating``, both behind global record rules (the
    pair's mentor and mentee; the rater). ``agenda``, ``notes`` and
    ``my_rating`` below are read and written from there as the current user:
    anyone else reads them empty. Line managers and other employees cannot
    open a session.
    """

    _name = "mentorship.session"
    _description = "Mentorship Session"
    _inherit = [
        "mentorship.thread.guard",
        # Before mail.thread, whose message_subscribe it short-cuts.
        "mentorship.followers.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "mentorship.guarded.mixin",
    ]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    # A session is planned on a pair and stays on it; its state and calendar
    # event change only through its buttons.
    _client_create_fields = frozenset({"pair_id"})
    _client_write_fields = frozenset(
        {
            "kind",
            "date_start",
            "duration",
            "hours_spent",
            *CONTENT_FIELDS,
            "my_rating",
        }
    )
    _text_limits = {"agenda": 50_000, "notes": 50_000}

    pair_id = fields.Many2one(
        "mentorship.pair",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self._default_pair_id(),
        domain="[('state', '=', 'active')]",
    )
    program_id = fields.Many2one(related="pair_id.program_id", store=True, index=True)
    company_id = fields.Many2one(related="pair_id.company_id", store=True, index=True)
    mentee_department_id = fields.Many2one(
        related="pair_id.mentee_department_id", string="Mentee Department", store=True
    )
    # Stored for the sessions' report, which then counts each cell's distinct
    # mentees over the sessions alone, without joining every pair.
    mentee_employee_id = fields.Many2one(
        related="pair_id.mentee_employee_id", string="Mentee", store=True, index=True
    )
    mentor_user_id = fields.Many2one(
        related="pair_id.mentor_user_id", string="Mentor User", store=True, index=True
    )
    mentee_user_id = fields.Many2one(
        related="pair_id.mentee_user_id", string="Mentee User", store=True, index=True
    )
    mentor_name = fields.Char(related="pair_id.mentor_name")
    mentee_name = fields.Char(related="pair_id.mentee_name")
    kind = fields.Selection(
        selection="_selection_kind",
        compute="_compute_kind",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        tracking=True,
        help="One of the meeting types of the program's cadence.",
    )
    date_start = fields.Datetime(
        string="Start",
        required=True,
        tracking=True,
        default=lambda self: self._default_date_start(),
    )
    duration = fields.Float(
        string="Duration (hours)",
        compute="_compute_duration",
        store=True,
        readonly=False,
        precompute=True,
        help="Defaults to the duration of this kind of meeting in the program's cadence.",
    )
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("done", "Done"),
            ("no_show", "No-show"),
            ("cancelled", "Cancelled"),
        ],
        string="Status",
        default="planned",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    event_id = fields.Many2one(
        "calendar.event", string="Calendar Event", readonly=True, copy=False, ondelete="set null"
    )
    # The pair's content, kept on mentorship.session.content: not stored
    # here, so not searchable, groupable nor exportable by anyone but the
    # pair; never tracked, never copied into the calendar event.
    agenda = fields.Html(
        compute="_compute_content",
        inverse="_inverse_content",
        help="What the pair wants to cover. Read by the mentor and the mentee only: "
        "not by HR, not by managers.",
    )
    notes = fields.Html(
        compute="_compute_content",
        inverse="_inverse_content",
        help="Shared notes of the session. Read by the mentor and the mentee only: "
        "not by HR, not by managers.",
    )
    my_rating = fields.Integer(
        compute="_compute_my_rating",
        inverse="_inverse_my_rating",
        help="How useful the session was for you, from 1 to 5. Only you read it; HR sees "
        "averages over several people only.",
    )
    hours_spent = fields.Float(
        string="Time Spent (hours)",
        copy=False,
        aggregator="sum",
        help="Filled with the planned duration when the session is logged as done.",
    )
    reminder_sent = fields.Boolean(
        readonly=True, copy=False, help="Mentor and mentee were reminded of this session."
    )
    videocall_url = fields.Char(
        string="Video Call",
        compute="_compute_videocall_url",
        help="The meeting link of the session's calendar event (Odoo Discuss), for the "
        "mentor and the mentee.",
    )
    can_log = fields.Boolean(
        compute="_compute_can_log",
        help="The session has started and can be logged as done or as a no-show.",
    )
    user_side = fields.Selection(
        [("mentor", "Mentor"), ("mentee", "Mentee")],
        compute="_compute_user_side",
        help="The current user's side in the pair, if any.",
    )

    # -- Defaults and computes ----------------------------------------------------------
    @api.model
    def _selection_kind(self):
        return self.env["mentorship.program.cadence"]._fields["session_type"].selection

    @api.model
    def _default_pair_id(self):
        """The user's active pair when they have exactly one."""
        pairs = self.env["mentorship.pair"].search(
            [
                ("state", "=", "active"),
                "|",
                ("mentor_user_id", "=", self.env.uid),
                ("mentee_user_id", "=", self.env.uid),
            ],
            limit=2,
        )
        return pairs if len(pairs) == 1 else False

    @api.model
    def _default_date_start(self):
        """The next full hour: a planned session starts in the future."""
        return fields.Datetime.now().replace(minute=0, second=0) + timedelta(hours=1)

    @api.depends("pair_id")
    def _compute_kind(self):
        for session in self:
            kinds = session.pair_id.program_id.cadence_ids.mapped("session_type")
            if session.kind and (not kinds or session.kind in kinds):
                continue
            session.kind = kinds[0] if kinds else "check_in"

    @api.depends("kind", "pair_id")
    def _compute_duration(self):
        for session in self:
            cadence = session.pair_id.program_id.cadence_ids.filtered(
                lambda c, kind=session.kind: c.session_type == kind
            )[:1]
            session.duration = cadence.duration_hours or session.duration or 1.0

    @api.depends("kind", "mentor_name", "mentee_name")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for session in self:
            session.display_name = self.env._(
                "%(kind)s: %(mentor)s / %(mentee)s",
                kind=kinds.get(session.kind, ""),
                mentor=session.mentor_name or "",
                mentee=session.mentee_name or "",
            )

    @api.depends("mentor_user_id", "mentee_user_id")
    @api.depends_context("uid")
    def _compute_user_side(self):
        user = self.env.user
        for session in self:
            if session.mentor_user_id == user:
                session.user_side = "mentor"
            elif session.mentee_user_id == user:
                session.user_side = "mentee"
            else:
                session.user_side = False

    @api.depends("state", "date_start", "pair_id.state")
    def _compute_can_log(self):
        # The same conditions as _check_can_log, so the buttons show only
        # when they can succeed.
        now = fields.Datetime.now()
        for session in self:
            session.can_log = bool(
                session.state == "planned"
                and session.pair_id.state == "active"
                and session.date_start
                and session.date_start <= now
            )

    @api.depends("event_id", "mentor_user_id", "mentee_user_id")
    @api.depends_context("uid")
    def _compute_videocall_url(self):
        # The event is the pair's only (record rules): read as the system for
        # the pair's own people, and nobody else gets the link.
        user = self.env.user
        for session in self:
            is_member = user in session.mentor_user_id | session.mentee_user_id
            session.videocall_url = (
                session.event_id.sudo().videocall_location
                if is_member and session.state == "planned"
                else False
            )

    @api.depends_context("uid")
    def _compute_content(self):
        """The content the current user may read: the pair's own people
        read it, anyone else reads it empty. Read with the user's rights
        even in sudo, so that no page shows it to someone else."""
        Content = self._content_model()
        saved = self.filtered("id")
        contents = {
            content.session_id.id: content
            for content in Content.search([("session_id", "in", saved.ids)])
        }
        for session in self:
            content = contents.get(session.id)
            session.agenda = content.agenda if content else False
            session.notes = content.notes if content else False

    def _content_model(self):
        """The session content as the current user: the system (the
        superuser's own environment: crons, data, shell) reads everything;
        anyone else, even in sudo, what their own rights give."""
        Content = self.env["mentorship.session.content"]
        return Content.sudo() if self.env.uid == SUPERUSER_ID else Content.sudo(False)

    def _inverse_content(self):
        """Written as the current user: the pair's people only. Anyone
        else gets the same answer as for a session that does not exist."""
        Content = self._content_model()
        # The fields written are in the cache (the other one, computed by
        # the same method, is protected from recomputation while Odoo
        # writes: it is left as it is). Read them all before writing: writing
        # the content drops the cache.
        cache = self.env.cache
        values = {
            session: {
                fname: session[fname] or False
                for fname in CONTENT_FIELDS
                if cache.contains(session, self._fields[fname])
            }
            for session in self
        }
        contents = {
            content.session_id.id: content
            for content in Content.search([("session_id", "in", self.ids)])
        }
        user = self.env.user
        for session, vals in values.items():
            content = contents.get(session.id)
            if content:
                content.write(vals)
                continue
            if not any(vals.values()):
                continue  # nothing written, nothing to keep
            if not Content.env.su and user not in session.mentor_user_id | session.mentee_user_id:
                raise Content._not_found_error(session)
            Content.create({"session_id": session.id, **vals})

    @api.depends_context("uid")
    def _compute_my_rating(self):
        Rating = self.env["mentorship.session.rating"].sudo()
        ratings = {
            rating.session_id.id: rating.rating
            for rating in Rating.search(
                [
                    ("session_id", "in", self.filtered("id").ids),
                    ("rater_user_id", "=", self.env.uid),
                ]
            )
        }
        for session in self:
            session.my_rating = ratings.get(session.id, 0)

    def _inverse_my_rating(self):
        """The current user's rating of their own side, given or changed."""
        Rating = self.env["mentorship.session.rating"].sudo(False)
        values = {session: session.my_rating for session in self}
        ratings = {
            rating.session_id.id: rating
            for rating in Rating.search(
                [("session_id", "in", self.ids), ("rater_user_id", "=", self.env.uid)]
            )
        }
        for session, value in values.items():
            rating = ratings.get(session.id)
            if rating:
                rating.write({"rating": value})
            elif value:
                Rating.create({"session_id": session.id, "rating": value})

    # -- Constraints ------------------------------------------------------------------------
    @api.constrains("duration", "hours_spent")
    def _check_hours(self):
        for session in self:
            if not 0 < session.duration <= 24:
                raise ValidationError(
                    self.env._(
                        "Session %(session)s: 'Duration (hours)' must be more than 0 and at "
                        "most 24 (got %(value)s).",
                        session=session.display_name,
                        value=session.duration,
                    )
                )
            if not 0 <= session.hours_spent <= 24:
                raise ValidationError(
                    self.env._(
                        "Session %(session)s: 'Time Spent (hours)' must be between 0 and 24 "
                        "(got %(value)s).",
                        session=session.display_name,
                        value=session.hours_spent,
                    )
                )

    def _check_schedule(self):
        """Planned sessions belong to an active pair and start in the future."""
        now = fields.Datetime.now()
        pair_states = dict(self.env["mentorship.pair"]._fields["state"].selection)
        for session in self.filtered(lambda s: s.state == "planned"):
            pair = session.pair_id
            if pair.state != "active":
                raise UserError(
                    self.env._(
                        "Session %(session)s: the pair %(pair)s is %(state)s; sessions can "
                        "only be planned for an active pair.",
                        session=session.display_name,
                        pair=pair.display_name,
                        state=pair_states[pair.state].lower(),
                    )
                )
            if session.date_start < now:
                raise UserError(
                    self.env._(
                        "Session %(session)s: 'Start' (%(start)s) is in the past; a planned "
                        "session must start in the future. Log a past meeting from a "
                        "session planned beforehand.",
                        session=session.display_name,
                        start=format_datetime(self.env, session.date_start),
                    )
                )

    # -- CRUD -------------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        sessions = super().create(vals_list)
        sessions._check_schedule()
        sessions_sudo = sessions.sudo()
        sessions_sudo._subscribe_pair()
        sessions_sudo.filtered(lambda s: s.state != "cancelled")._create_events()
        return sessions

    def write(self, vals):
        if not self.env.su:
            self._check_user_write(vals)
        moved_from = (
            {session: session.date_start for session in self}
            if "date_start" in vals and not self.env.su
            else {}
        )
        result = super().write(vals)
        if any(fname in vals for fname in SCHEDULE_FIELDS):
            if "date_start" in vals and not self.env.su:
                self._check_schedule()
            self.sudo()._update_events()
        moved = [session for session, before in moved_from.items() if session.date_start != before]
        if moved:
            self.browse([s.id for s in moved])._notify_moved(moved_from)
        return result

    def _notify_moved(self, moved_from):
        """Tell the other side (both, when HR moved it) that a session moved."""
        user = self.env.user
        for session in self.sudo():
            told = (session.mentor_user_id | session.mentee_user_id) - user
            partners = told.partner_id
            if not partners:
                continue
            session.message_post(
                body=self.env._(
                    "%(name)s moved %(session)s from %(before)s to %(after)s.",
                    name=user.name,
                    session=session.display_name,
                    before=format_datetime(self.env, moved_from[session], dt_format="short"),
                    after=format_datetime(self.env, session.date_start, dt_format="short"),
                ),
                partner_ids=partners.ids,
                subtype_xmlid="mail.mt_comment",
            )

    # -- Cron -------------------------------------------------------------------------------
    @api.model
    def _cron_session_reminders(self):
        """Remind mentor and mentee of a planned session starting within the
        program's reminder days, once (``reminder_sent``)."""
        now = fields.Datetime.now()
        Session = self.sudo()
        longest = max(
            Session.env["mentorship.program"].search([]).mapped("session_reminder_days"),  # pylint: disable=no-search-all
            default=0,
        )
        sessions = Session.search(
            [
                ("state", "=", "planned"),
                ("reminder_sent", "=", False),
                ("date_start", ">", now),
                ("date_start", "<=", now + timedelta(days=longest)),
                ("pair_id.state", "=", "active"),
            ],
            order="id",
        )
        return process_in_batches(
            sessions, lambda batch: batch._send_reminders(now), label="session reminders"
        )

    def _send_reminders(self, now):
        sessions = self.filtered(
            lambda s: (
                s.state == "planned"
                and not s.reminder_sent
                and now < s.date_start <= now + timedelta(days=s.program_id.session_reminder_days)
            )
        )
        sessions.write({"reminder_sent": True})
        send_notices(
            self,
            [
                (
                    session,
                    session.mentor_user_id | session.mentee_user_id,
                    self.env._("Mentorship session soon"),
                    self.env._(
                        "Reminder: %(session)s on %(start)s (UTC).",
                        session=session.display_name,
                        start=format_datetime(self.env, session.date_start, tz="UTC"),
                    ),
                )
                for session in sessions
            ],
        )

    def _check_user_write(self, vals):
        """What a member or HR may change on a session, whatever the client sends."""
        if any(fname in vals for fname in SCHEDULE_FIELDS):
            for session in self:
                if session.state != "planned" or session.pair_id.state != "active":
                    raise UserError(
                        self.env._(
                            "Session %(session)s is %(state)s: only a planned session of an "
                            "active pair can be rescheduled.",
                            session=session.display_name,
                            state=dict(self._fields["state"].selection)[session.state].lower(),
                        )
                    )

    def unlink(self):
        self.check_access("unlink")  # before reading them: an unknown id answers alike
        events = self.sudo().event_id
        result = super().unlink()
        events.unlink()
        return result

    # -- Calendar -------------------------------------------------------------------------------
    def _attendee_partners(self):
        """Mentor and mentee: their user's partner, else their work contact."""
        self.ensure_one()
        pair = self.pair_id
        return (pair.mentor_user_id.partner_id or pair.mentor_partner_id) | (
            pair.mentee_user_id.partner_id or pair.mentee_partner_id
        )

    def _subscribe_pair(self):
        for session in self:
            session.message_subscribe(partner_ids=session._attendee_partners().ids)

    def _event_values(self):
        self.ensure_one()
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        return {
            # The agenda and notes stay on the session: colleagues can read
            # calendar events, so the event says no more than who and when.
            "name": self.env._(
                "Mentorship %(kind)s: %(mentor)s / %(mentee)s",
                kind=kinds.get(self.kind, "").lower(),
                mentor=self.mentor_name or "",
                mentee=self.mentee_name or "",
            ),
            "start": self.date_start,
            "stop": self.date_start + timedelta(hours=self.duration),
            "duration": self.duration,
        }

    def _create_events(self):
        """One private calendar event per session, both people invited;
        called as superuser on sessions the user just created."""
        if not self:
            return
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = [
            {
                **session._event_values(),
                "user_id": (session.mentor_user_id or self.env.user).id,
                "partner_ids": [Command.set(session._attendee_partners().ids)],
                "privacy": "private",
                "res_model_id": model_id,
                "res_id": session.id,
            }
            for session in self
        ]
        # Default values meant for the session (default_kind...) must not
        # leak into the event: replacing the context is the point here.
        context = clean_context(self.env.context)
        Event = self.env["calendar.event"].with_context(context)  # pylint: disable=context-overridden
        events = Event.create(vals_list)
        for session, event in zip(self, events):
            # Odoo's own meeting link (a Discuss call joined from the event).
            event._set_discuss_videocall_location()
            session._system_write({"event_id": event.id})

    def _update_events(self):
        for session in self.filtered("event_id"):
            session.event_id.write(session._event_values())

    # -- Actions ------------------------------------------------------------------------------
    def _check_can_log(self, action_label):
        """Mentor, mentee or HR; a planned session of an active pair that has started."""
        self.check_access("write")
        self._check_state(("planned",), action_label)
        now = fields.Datetime.now()
        pair_states = dict(self.env["mentorship.pair"]._fields["state"].selection)
        for session in self:
            if session.pair_id.state != "active":
                raise UserError(
                    self.env._(
                        "Session %(session)s cannot be %(action)s: the pair %(pair)s is "
                        "%(state)s, not active.",
                        session=session.display_name,
                        action=action_label,
                        pair=session.pair_id.display_name,
                        state=pair_states[session.pair_id.state].lower(),
                    )
                )
            if session.date_start > now:
                raise UserError(
                    self.env._(
                        "Session %(session)s starts on %(start)s: it can be %(action)s once "
                        "it has started.",
                        session=session.display_name,
                        start=format_datetime(self.env, session.date_start),
                        action=action_label,
                    )
                )

    def action_done(self):
        self._check_can_log(self.env._("logged as done"))
        for session in self:
            session._system_write(
                {"state": "done", "hours_spent": session.hours_spent or session.duration}
            )
        return True

    def action_no_show(self):
        self._check_can_log(self.env._("logged as a no-show"))
        self._system_write({"state": "no_show"})
        return True

    def action_cancel(self):
        """Either side or HR calls a planned session off, even one that has
        passed without being logged (or whose pair has ended)."""
        self.check_access("write")
        self._check_state(("planned",), self.env._("cancelled"))
        self.sudo()._cancel()
        for session in self:
            session.message_post(
                body=self.env._(
                    "%(name)s cancelled the session of %(start)s.",
                    name=self.env.user.name,
                    start=format_datetime(self.env, session.date_start),
                ),
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def _cancel(self):
        """Cancel the sessions and archive their calendar events."""
        self.write({"state": "cancelled"})
        self.event_id.write({"active": False})

    def action_open_event(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": self.event_id.id,
            "view_mode": "form",
            "target": "current",
        }
