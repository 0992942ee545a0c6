"""Recognition of mentors, declared once: the achievements that earn a badge,
their thresholds, the sources of development credits, and the two rules
that need a calendar (the quarter) or a ranking (the top-rated mentor).

Plain Python: the models load the figures in bulk and ask here who reached
what (``models/mentorship_achievement.py``, ``models/mentorship_credit.py``).
"""

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Achievement:
    key: str
    label: str
    badge: str  # the XML id of its gamification.badge (data/gamification_badge_data.xml)
    threshold: float = 1
    periodic: bool = False  # awarded once per period (a quarter) instead of once


ACHIEVEMENTS = (
    Achievement("first_pair", "First Pair Completed", "badge_mentorship_first_pair"),
    Achievement("five_mentees", "Five Mentees", "badge_mentorship_five_mentees", threshold=5),
    Achievement("hours_25", "25 Mentoring Hours", "badge_mentorship_hours_25", threshold=25),
    Achievement("circle_facilitator", "Circle Facilitator", "badge_mentorship_circle_facilitator"),
    # Once per mentee promoted: the period is the mentee (see mentee_period).
    Achievement(
        "mentee_promoted", "Mentee Promoted", "badge_mentorship_mentee_promoted", periodic=True
    ),
    Achievement(
        "top_rated_quarter",
        "Top-Rated Mentor of the Quarter",
        "badge_mentorship_top_rated",
        periodic=True,
    ),
)
ACHIEVEMENT_BY_KEY = {achievement.key: achievement for achievement in ACHIEVEMENTS}
ACHIEVEMENT_SELECTION = [(a.key, a.label) for a in ACHIEVEMENTS]

# A promotion of a former mentee counts for their mentor this many days
# after the pair ended.
PROMOTION_WINDOW_DAYS = 365

# Where a development credit comes from: one entry per source record and person.
CREDIT_SOURCES = [
    ("session_hours", "Mentoring Hours"),
    ("pair_completed", "Completed Pair"),
    ("circle_facilitated", "Circle Facilitated"),
    ("reversal", "Reversal"),
]
# The program setting giving the credits of each earned source.
CREDIT_RATE_SETTINGS = {
    "session_hours": "credit_per_session_hour",
    "pair_completed": "credit_per_completed_pair",
    "circle_facilitated": "credit_per_circle",
}


def quarter_of(day):
    """(first day, last day, key such as '2026-Q3') of the quarter of ``day``."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    next_start = date(day.year + (first_month == 10), (first_month + 2) % 12 + 1, 1)
    return start, next_start - timedelta(days=1), f"{day.year}-Q{(first_month - 1) // 3 + 1}"


def previous_quarter(day):
    """The quarter before the one of ``day``, as :func:`quarter_of`."""
    start, _end, _key = quarter_of(day)
    return quarter_of(start - timedelta(days=1))


def mentee_period(mentee_employee_id):
    """The period key of a "mentee promoted" badge: once per mentee."""
    return f"mentee-{mentee_employee_id}"


def top_rated(averages, minimum_raters):
    """The mentors with the highest average rating among those rated by at
    least ``minimum_raters`` different people.

    ``averages``: iterable of ``(mentor id, average, raters)``. Returns the
    set of mentor ids at the top (all of them on a tie), empty when nobody
    has enough raters: a figure over fewer people is never shown, nor is
    who tops it."""
    eligible = [
        (mentor, average) for mentor, average, raters in averages if raters >= minimum_raters
    ]
    if not eligible:
        return set()
    best = max(round(average, 6) for _mentor, average in eligible)
    return {mentor for mentor, average in eligible if round(average, 6) == best}
