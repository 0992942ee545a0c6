"""The daily crons of mentorship.pair (DESIGN.md, "Automation").

Every cron searches once (or a fixed number of times), then hands the
records to ``process_in_batches``: each batch is committed with the markers
that make it idempotent (``answer_reminder_date``, ``cadence_nudge_date``,
``inactivity_nudge_date``, or the pair's new state), so a second run on the
same day, or a rerun after a crash, notifies nobody twice. The people
concerned get a "Mentorship Notice" activity and the pair a chatter note
(automation/notices.py), in bulk.
"""

from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import format_date

from ..analytics import halfway_day
from ..automation import process_in_batches, send_notices
from ..matching import LIVE_PAIR_STATES

# Cadence units as relativedelta arguments, and their length in days to find
# the shortest cadence of a program.
CADENCE_UNITS = {"weeks": ("weeks", 7), "months": ("months", 30)}


class MentorshipPair(models.Model):
    # Same model, its own concern in its own file (see the module docstring).
    _inherit = "mentorship.pair"  # pylint: disable=consider-merging-classes-inherited
    _cron_batch_size = 500

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

    # -- Shared -------------------------------------------------------------------------------
    @api.model
    def _automation_env(self):
        """Crons act as superuser; the state changes are explained by the notes
        they log, so no per-record tracking message on top."""
        return self.sudo().with_context(mail_notrack=True, mentorship_followers_inserted=True)

    def _run_cron(self, process, label):
        return process_in_batches(self, process, self._cron_batch_size, label)

    def _activity_reference_date(self):
        """Start of the current quiet spell: the last session done, else the start."""
        self.ensure_one()
        last_done = self.last_session_date and self.last_session_date.date()
        return max(filter(None, (last_done, self.date_start)), default=False)

    @api.model
    def _quiet_since_domain(self, threshold):
        """Active pairs with no session done since before ``threshold`` (a date)."""
        return [
            "|",
            ("last_session_date", "<", datetime.combine(threshold, time.min)),
            "&",
            ("last_session_date", "=", False),
            ("date_start", "<", threshold),
        ]

    def _users(self, mentor=True, mentee=True):
        self.ensure_one()
        return (self.mentor_user_id if mentor else self.env["res.users"]) | (
            self.mentee_user_id if mentee else self.env["res.users"]
        )

    # -- 1. Acceptance window -----------------------------------------------------------------
    @api.model
    def _cron_acceptance_window(self):
        """Pending pairs: remind who has not answered at half of the window;
        expire them the day after the answer date."""
        today = fields.Date.context_today(self)
        pairs = self._automation_env().search(
            [
                ("state", "=", "pending"),
                ("date_deadline", "!=", False),
                "|",
                ("date_deadline", "<", today),
                ("answer_reminder_date", "=", False),
            ],
            order="id",
        )
        return pairs._run_cron(lambda batch: batch._process_acceptance_window(today), "pairs")

    def _answer_reminder_day(self):
        """Half of the window between the proposal and the answer date (rounded up)."""
        self.ensure_one()
        start = self.date_proposed or (
            self.date_deadline - timedelta(days=self.program_id.acceptance_days)
        )
        return halfway_day(start, self.date_deadline)

    def _process_acceptance_window(self, today):
        pending = self.filtered(lambda p: p.state == "pending" and p.date_deadline)
        expired = pending.filtered(lambda p: p.date_deadline < today)
        remind = (pending - expired).filtered(
            lambda p: not p.answer_reminder_date and today >= p._answer_reminder_day()
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
            expired._expire(self.env._("the match was not answered in time."))
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

    # -- 2. Cadence -----------------------------------------------------------------------------
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
        frequent) cadence interval, counted from the last session done or the
        start: one nudge to both per overdue interval."""
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

    # -- 3. Inactivity -----------------------------------------------------------------------
    @api.model
    def _cron_inactivity(self):
        """Active pairs with no session done for the program's inactivity
        days: nudge both once per inactive spell; still inactive (and nothing
        planned) the grace days after the nudge, expire them as inactive."""
        today = fields.Date.context_today(self)
        Pair = self._automation_env()
        programs = Pair.env["mentorship.program"].search([])  # pylint: disable=no-search-all
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
            conclude._expire(self.env._("inactive: no session despite the reminder."))
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

    # -- 4. End of term ----------------------------------------------------------------------
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
            "completed", ("active",), self.env._("Completed automatically at the end of its term.")
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

    # -- 5. Departures -----------------------------------------------------------------------
    def _close_for_departure(self, departed):
        """Cancel the live pairs of ``departed`` employees; the other side is
        freed and told."""
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
            reason = (
                self.env._("departed: the mentor left the company.")
                if side == "mentor"
                else self.env._("departed: the mentee left the company.")
            )
            group._close(
                "cancelled",
                LIVE_PAIR_STATES,
                self.env._("Cancelled: %(reason)s", reason=reason),
                reason,
            )
            group._cancel_topic_pairs()
            notices += [
                (
                    pair,
                    pair[f"{other}_user_id"]
                    if pair[f"{other}_employee_id"] not in departed
                    else self.env["res.users"],
                    self.env._("Mentorship ended"),
                    self.env._(
                        "%(name)s left the company: %(pair)s has ended.",
                        name=pair[f"{side}_name"],
                        pair=pair.display_name,
                    ),
                )
                for pair in group
            ]
        send_notices(self, notices)
