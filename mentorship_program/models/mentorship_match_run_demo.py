from datetime import datetime, time, timedelta

from odoo import fields, models

# Demo pairs started this long ago: far enough for a few sessions and a
# finished first milestone, well inside the 90-day term.
DEMO_STARTED_DAYS_AGO = 30
DEMO_SESSIONS = (
    # (days after the start, mentor rating, mentee rating, notes)
    (
        9,
        4,
        5,
        "<p>Kick-off: walked through the 90-day plan, agreed on a fortnightly "
        "rhythm and on feedback by chat between sessions.</p>",
    ),
    (
        23,
        5,
        4,
        "<p>Went through a real situation from last week; the mentee will try "
        "the approach we discussed and report back next time.</p>",
    ),
)
DEMO_NEXT_SESSION_IN_DAYS = 5


class MentorshipMatchRun(models.Model):
    """Demo data only: brings published demo runs to a living program.

    XML can run and publish a match run through ``<function>``, but it cannot
    answer as each person, move dates to the past or log past sessions (the
    models refuse planned sessions in the past, as they should). This method
    does it with the real model methods, acting as the demo users where they
    have one, and is called from demo/mentorship_pair_demo.xml only.
    """

    _inherit = "mentorship.match.run"

    def _demo_bring_to_life(self, pending_mentee_enrollment_ids):
        """Accept every published pair of these runs except those of the
        given mentee enrollments (left pending so the answer page can be
        shown), then give each accepted pair a month of history."""
        pending = self.pair_ids.filtered(lambda p: p.state == "pending")
        answered_later = pending.filtered(
            lambda p: p.mentee_enrollment_id.id in pending_mentee_enrollment_ids
        )
        accepted = pending - answered_later
        for pair in accepted:
            self._demo_accept(pair)
        today = fields.Date.context_today(self)
        start = today - timedelta(days=DEMO_STARTED_DAYS_AGO)
        for pair in accepted:
            self._demo_backdate(pair, start)
            self._demo_confirm_plan(pair.plan_ids)
            self._demo_log_sessions(pair, start)
            self._demo_write_notes(pair, start)

    def _demo_accept(self, pair):
        """Each side answers as themselves; a side without a login answered
        HR in person, who records it."""
        for side in ("mentor", "mentee"):
            user = pair[f"{side}_user_id"]
            if user:
                pair.with_user(user).action_accept()
            elif pair.state == "pending":
                pair[f"{side}_accepted"] = True
        if pair.state == "pending" and pair.mentor_accepted and pair.mentee_accepted:
            pair._activate()

    def _demo_backdate(self, pair, start):
        shift = pair.date_start - start
        # Objectives and milestones move first: the plan's end date follows
        # the pair's start, and no objective may fall after it.
        for dated in [*pair.plan_ids.goal_ids, *pair.plan_ids.milestone_ids]:
            if dated.date_due:
                dated.date_due -= shift
        proposed = start - timedelta(days=5)
        pair.write(
            {
                "date_start": start,
                "date_proposed": proposed,
                "date_deadline": proposed + timedelta(days=pair.program_id.acceptance_days),
                "calibration_date": pair.calibration_date and pair.calibration_date - shift,
            }
        )
        pair.activity_ids.filtered("date_deadline").write(
            {"date_deadline": pair.calibration_date or start}
        )
        first_milestone = pair.plan_ids.milestone_ids.sorted("date_due")[:1]
        first_milestone.done = True

    def _demo_confirm_plan(self, plans):
        # The first objective is under way.
        for plan in plans:
            plan.goal_ids.sorted("sequence")[:1].progress = 40
        for plan in plans:
            for user in plan.mentor_user_id | plan.mentee_user_id:
                plan.with_user(user).action_confirm()
            # People without a login confirm in person with HR.
            plan.write({"mentor_confirmed": True, "mentee_confirmed": True})
            plan.date_kickoff = plan.date_start + timedelta(days=2)

    def _demo_log_sessions(self, pair, start):
        Session = self.env["mentorship.session"]
        for offset, mentor_rating, mentee_rating, notes in DEMO_SESSIONS:
            session = Session.create(
                {"pair_id": pair.id, "date_start": self._demo_datetime(1), "duration": 1.0}
            )
            # Planned ahead, then the meeting took place: the model only lets
            # a session that has started be logged.
            session.date_start = self._demo_datetime(offset - DEMO_STARTED_DAYS_AGO)
            session.action_done()
            session.write({"notes": notes})
            # Each side rates for themselves, as themselves: a rating is its
            # rater's only, so people without a login give none.
            for side, rating in (("mentor", mentor_rating), ("mentee", mentee_rating)):
                user = pair[f"{side}_user_id"]
                if user:
                    session.with_user(user).write({"my_rating": rating})
        Session.create(
            {
                "pair_id": pair.id,
                "date_start": self._demo_datetime(DEMO_NEXT_SESSION_IN_DAYS),
                "duration": 1.0,
                "agenda": "<p>Progress on the first objective; prepare the mid-point review.</p>",
            }
        )

    def _demo_write_notes(self, pair, start):
        Note = self.env["mentorship.note"]
        if pair.mentor_user_id:
            Note.with_user(pair.mentor_user_id).create(
                {
                    "pair_id": pair.id,
                    "kind": "note",
                    "name": "Private: what to push on",
                    "body": "<p>Strong on delivery, avoids difficult conversations. "
                    "Next session: role-play the feedback talk with the team lead.</p>",
                    "date": start + timedelta(days=23),
                }
            )
        if pair.mentee_user_id:
            Note.with_user(pair.mentee_user_id).create(
                {
                    "pair_id": pair.id,
                    "kind": "journal",
                    "name": "What I took from our second session",
                    "body": "<p>I tend to solve problems for people instead of asking "
                    "questions. This week I tried asking first, twice.</p>",
                    "date": start + timedelta(days=24),
                }
            )

    @staticmethod
    def _demo_datetime(days_from_now):
        """10:00 UTC on a day relative to today, as the ORM stores datetimes."""
        day = fields.Date.today() + timedelta(days=days_from_now)
        return datetime.combine(day, time(10, 0))
