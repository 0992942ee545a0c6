"""Pulse schedule, quarters and review figures, without a database."""

from datetime import date

import pytest

from mentorship_program.analytics import (
    pulse_due_date,
    pulse_index_due,
    quarter_label,
    quarter_start,
    review_figures,
    review_period,
)

START = date(2025, 1, 1)


@pytest.mark.parametrize(
    ("days", "index"),
    [(0, 0), (29, 0), (30, 1), (31, 1), (89, 1), (90, 2), (91, 2), (149, 2), (150, 3)],
)
def test_pulse_index_due(days, index):
    assert pulse_index_due(START, date.fromordinal(START.toordinal() + days)) == index


def test_pulse_due_date():
    assert [(pulse_due_date(START, n) - START).days for n in (1, 2, 3)] == [30, 90, 150]
    with pytest.raises(ValueError):
        pulse_due_date(START, 0)


def test_quarters():
    assert quarter_start(date(2025, 5, 17)) == date(2025, 4, 1)
    assert review_period(date(2025, 4, 1)) == (date(2025, 1, 1), date(2025, 3, 31))
    assert review_period(date(2025, 1, 1)) == (date(2024, 10, 1), date(2024, 12, 31))
    assert quarter_label(date(2024, 12, 31)) == "Q4 2024"


Q_START, Q_END = date(2025, 1, 1), date(2025, 3, 31)


def pair(pid, state, start, end=None):
    return {"id": pid, "state": state, "date_start": start, "date_end": end}


def test_pair_counts():
    pairs = [
        pair(1, "active", date(2024, 12, 1)),  # running at the end
        pair(2, "completed", date(2024, 10, 1), date(2025, 4, 2)),  # ended after: running
        pair(3, "completed", date(2024, 10, 1), date(2025, 3, 31)),
        pair(4, "completed_early", date(2025, 1, 5), date(2025, 2, 1)),
        pair(5, "cancelled", date(2025, 1, 5), date(2025, 1, 1)),
        pair(6, "expired", date(2024, 9, 1), date(2024, 12, 31)),  # before: not counted
        pair(7, "declined", None, date(2025, 2, 1)),
        pair(8, "active", date(2025, 4, 1)),  # starts after
        pair(9, "rematched", date(2025, 1, 2), date(2025, 1, 20)),
    ]
    figures = review_figures(Q_START, Q_END, pairs=pairs)
    assert figures["pair_active_count"] == 2
    assert figures["pair_completed_count"] == 1
    assert figures["pair_completed_early_count"] == 1
    assert figures["pair_cancelled_count"] == 1
    assert figures["pair_expired_count"] == 0


def test_sessions_goals_and_pulses():
    sessions = [
        {"state": "done", "date": date(2025, 1, 10)},
        {"state": "done", "date": date(2025, 3, 31)},
        {"state": "done", "date": date(2025, 4, 1)},
        {"state": "cancelled", "date": date(2025, 2, 1)},
    ]

    def rating(side, rater, value, day, state="done"):
        return {"side": side, "rater": rater, "rating": value, "date": day, "state": state}

    # Two mentors and two mentees in the quarter; a rating outside it, one
    # of a cancelled session: left out.
    ratings = [
        rating("mentor", "m1", 4, date(2025, 1, 10)),
        rating("mentor", "m2", 2, date(2025, 3, 31)),
        rating("mentee", "e1", 5, date(2025, 1, 10)),
        rating("mentee", "e2", 2, date(2025, 3, 31)),
        rating("mentee", "e2", 1, date(2025, 4, 1)),
        rating("mentor", "m3", 1, date(2025, 2, 1), state="cancelled"),
    ]
    goals = [
        {
            "pair_id": 3,
            "state": "done",
            "date_reached": date(2025, 2, 1),
            "time_to_skill_days": 20,
            "is_skill": True,
        },
        {
            "pair_id": 3,
            "state": "open",
            "date_reached": None,
            "time_to_skill_days": 0,
            "is_skill": True,
        },
        {
            "pair_id": 1,
            "state": "done",
            "date_reached": date(2025, 3, 1),
            "time_to_skill_days": 41,
            "is_skill": True,
        },
        {
            "pair_id": 1,
            "state": "done",
            "date_reached": None,
            "time_to_skill_days": 0,
            "is_skill": False,
        },
    ]
    answers = [
        {"state": "done", "sent_date": date(2025, 1, 31)},
        {"state": "new", "sent_date": date(2025, 1, 31)},
        {"state": "in_progress", "sent_date": date(2025, 3, 1)},
        {"state": "done", "sent_date": date(2024, 12, 31)},
    ]
    figures = review_figures(
        Q_START,
        Q_END,
        pairs=[
            pair(1, "active", date(2024, 12, 1)),
            pair(3, "completed", date(2024, 10, 1), date(2025, 3, 31)),
        ],
        sessions=sessions,
        goals=goals,
        answers=answers,
        ratings=ratings,
        min_group_size=2,
    )
    assert figures["session_done_count"] == 2
    assert figures["avg_mentor_rating"] == 3
    assert figures["avg_mentee_rating"] == 3.5
    # With a minimum of 3 raters, two are too few: nothing is shown.
    guarded = review_figures(Q_START, Q_END, ratings=ratings, min_group_size=3)
    assert guarded["avg_mentor_rating"] is None
    assert guarded["avg_mentee_rating"] is None
    assert figures["avg_time_to_skill_days"] == 30.5
    assert (figures["goal_count"], figures["goal_done_count"]) == (2, 1)
    assert figures["goal_completion_rate"] == 50.0
    assert (figures["pulse_sent_count"], figures["pulse_answered_count"]) == (3, 1)
    assert figures["pulse_response_rate"] == 33.3


def test_empty_program():
    figures = review_figures(Q_START, Q_END)
    assert figures["pair_active_count"] == 0
    assert figures["avg_mentor_rating"] is None
    assert figures["goal_completion_rate"] is None
    assert figures["pulse_response_rate"] is None
