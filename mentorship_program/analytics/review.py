"""The figures of a quarterly program review, from plain rows.

``review_figures`` takes the rows the ORM loaded in bulk for one program and
one period (first and last day, both included) and returns a dict of plain
numbers. Definitions:

* ``pair_active_count``: pairs running on the last day of the period (started
  by then and not ended before the next day);
* ``pair_<state>_count``: pairs that ended in that state during the period;
* ``session_done_count``: sessions logged as done that started in the period;
* ``avg_mentor_rating`` / ``avg_mentee_rating``: over the ratings (1-5) the
  mentors / the mentees gave those sessions, shown only when at least
  ``min_group_size`` distinct people gave them (analytics.privacy), else
  None;
* ``avg_time_to_skill_days``: over the skill objectives whose target level
  was reached in the period;
* ``goal_completion_rate``: share (%) of done objectives among those of the
  pairs that ended in the period (a pair's objectives count once it is over);
* ``pulse_response_rate``: share (%) of the pulse-survey invitations sent in
  the period that were answered (completed) by now.

Averages and rates are ``None`` when there is nothing to average.
"""

from ..pair_states import COUNTED_END_STATES, ENDED_PAIR_STATES, NOT_STARTED_PAIR_STATES
from .privacy import guarded_average


def _within(day, start, end):
    return day is not None and start <= day <= end


def _average(values):
    values = list(values)
    return round(sum(values) / len(values), 2) if values else None


def _rate(part, whole):
    return round(100.0 * part / whole, 1) if whole else None


def review_figures(
    start, end, pairs=(), sessions=(), goals=(), answers=(), ratings=(), min_group_size=5
):
    """Figures of one program over [start, end].

    :param pairs: dicts with ``id``, ``state``, ``date_start``, ``date_end``
        (dates or None)
    :param sessions: dicts with ``state`` and ``date`` (day the session started)
    :param goals: dicts with ``pair_id``, ``state`` ('open'/'done'),
        ``date_reached`` (date or None), ``time_to_skill_days``, ``is_skill``
    :param answers: pulse invitations, dicts with ``sent_date`` and ``state``
        ('new'/'in_progress'/'done')
    :param ratings: dicts with ``side`` ('mentor'/'mentee'), ``rater`` (who
        gave it), ``rating`` (1-5), ``state`` and ``date`` of the session rated
    :param min_group_size: the fewest distinct raters an average is shown over
    """
    figures = {"pair_active_count": 0}
    figures.update({f"pair_{state}_count": 0 for state in COUNTED_END_STATES})
    ended_pair_ids = set()
    for pair in pairs:
        date_start, date_end = pair.get("date_start"), pair.get("date_end")
        if pair["state"] in NOT_STARTED_PAIR_STATES or not date_start or date_start > end:
            continue
        if date_end is None or date_end > end:
            figures["pair_active_count"] += 1
        elif date_end >= start and pair["state"] in ENDED_PAIR_STATES:
            ended_pair_ids.add(pair["id"])
            if pair["state"] in COUNTED_END_STATES:
                figures[f"pair_{pair['state']}_count"] += 1

    done_sessions = [
        s for s in sessions if s["state"] == "done" and _within(s.get("date"), start, end)
    ]
    figures["session_done_count"] = len(done_sessions)
    for side in ("mentor", "mentee"):
        average = guarded_average(
            (
                (r["rater"], r["rating"])
                for r in ratings
                if r["side"] == side
                and r["state"] == "done"
                and _within(r.get("date"), start, end)
                and 1 <= (r["rating"] or 0) <= 5
            ),
            min_group_size,
        )
        figures[f"avg_{side}_rating"] = average.value

    figures["avg_time_to_skill_days"] = _average(
        g["time_to_skill_days"] or 0
        for g in goals
        if g.get("is_skill") and g["state"] == "done" and _within(g.get("date_reached"), start, end)
    )
    closing_goals = [g for g in goals if g["pair_id"] in ended_pair_ids]
    figures["goal_count"] = len(closing_goals)
    figures["goal_done_count"] = sum(1 for g in closing_goals if g["state"] == "done")
    figures["goal_completion_rate"] = _rate(figures["goal_done_count"], figures["goal_count"])

    sent = [a for a in answers if _within(a.get("sent_date"), start, end)]
    figures["pulse_sent_count"] = len(sent)
    figures["pulse_answered_count"] = sum(1 for a in sent if a["state"] == "done")
    figures["pulse_response_rate"] = _rate(figures["pulse_answered_count"], len(sent))
    return figures
