"""How a running pair is doing, from the day it last met (plain dates).

The bands follow the program's own rhythm, so that the health colour and the
daily reminders never disagree:

- *on track* until the pair's cadence is due: the program's most frequent
  cadence interval after the last session done (or the start), the very day
  the cadence cron starts nudging from the day after;
- *at risk* once overdue, for the grace the program gives an idle pair after
  its nudge (``inactivity_grace_days``);
- *stalled* beyond that.

A program without a cadence has no due date of its own: its pairs are due
when the inactivity cron would call them idle (``inactivity_days``).
"""

from datetime import timedelta

HEALTH_ON_TRACK = "on_track"
HEALTH_AT_RISK = "at_risk"
HEALTH_STALLED = "stalled"
HEALTH_BANDS = (HEALTH_ON_TRACK, HEALTH_AT_RISK, HEALTH_STALLED)


def health_due_date(reference, cadence_interval, inactivity_days):
    """The day a session is due by, counted from ``reference`` (the last
    session done, or the start): ``reference + cadence_interval`` (a
    timedelta or relativedelta), else ``reference + inactivity_days``."""
    if cadence_interval:
        return reference + cadence_interval
    return reference + timedelta(days=inactivity_days)


def pair_health(reference, today, cadence_interval, inactivity_days, grace_days):
    """The band of an active pair on ``today`` (see the module docstring)."""
    if reference is None:
        raise ValueError("an active pair has a start date or a session done")
    due = health_due_date(reference, cadence_interval, inactivity_days)
    if today <= due:
        return HEALTH_ON_TRACK
    if today <= due + timedelta(days=max(grace_days, 0)):
        return HEALTH_AT_RISK
    return HEALTH_STALLED
