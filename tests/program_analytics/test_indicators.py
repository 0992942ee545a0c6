"""Leading indicators from plain rows, without a database."""

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from mentorship_program.analytics import (
    acceptance_rate,
    cadence_adherence,
    feedback,
    goal_progress,
    guard_supply_demand,
    health_distribution,
    match_rate,
    mentor_supply_demand,
    time_to_first_session,
    time_to_match,
    time_to_skill_against_target,
    window_indicators,
)

TODAY = date(2025, 3, 31)
START = date(2025, 1, 1)


def day(offset):
    return START + timedelta(days=offset)


# ------------------------------------------------------------------------------------------
# Cadence adherence
# ------------------------------------------------------------------------------------------
def test_cadence_adherence_counts_done_sessions_against_elapsed_intervals():
    pairs = [
        # 89 days weekly: 12 expected, 12 done (and 2 more that do not count).
        {"pair_id": 1, "date_start": START, "date_end": None, "cadence_days": 7, "program_id": 1},
        # Ended after 30 days, monthly: 1 expected, 0 done in its window.
        {
            "pair_id": 2,
            "date_start": START,
            "date_end": day(30),
            "cadence_days": 30,
            "program_id": 1,
        },
        # No cadence: not counted.
        {
            "pair_id": 3,
            "date_start": START,
            "date_end": None,
            "cadence_days": None,
            "program_id": 2,
        },
        # Not started by today.
        {
            "pair_id": 4,
            "date_start": day(200),
            "date_end": None,
            "cadence_days": 7,
            "program_id": 2,
        },
    ]
    sessions = [{"pair_id": 1, "state": "done", "date": day(7 * k + 1)} for k in range(12)]
    sessions += [
        {"pair_id": 1, "state": "done", "date": day(85)},
        {"pair_id": 1, "state": "done", "date": day(86)},
        {"pair_id": 1, "state": "planned", "date": day(87)},
        {"pair_id": 2, "state": "done", "date": day(45)},  # after its end
        {"pair_id": 2, "state": "cancelled", "date": day(5)},
    ]
    result = cadence_adherence(pairs, sessions, TODAY)
    assert (result.pairs, result.expected, result.done) == (2, 13, 14)
    # Pair 1's extra sessions do not make up for pair 2's missing one.
    assert result.rate == pytest.approx(12 / 13, abs=1e-4)
    by_program = cadence_adherence(pairs, sessions, TODAY, by="program_id")
    assert set(by_program) == {1}
    assert by_program[1].expected == 13


def test_a_session_logged_counts_at_once():
    pairs = [{"pair_id": 1, "date_start": START, "date_end": None, "cadence_days": 7}]
    sessions = []
    assert cadence_adherence(pairs, sessions, day(14)).rate == 0.0
    sessions.append({"pair_id": 1, "state": "done", "date": day(14)})
    assert cadence_adherence(pairs, sessions, day(14)).rate == 0.5


def test_cadence_adherence_over_nothing_is_none():
    result = cadence_adherence([], [], TODAY)
    assert (result.pairs, result.expected, result.rate) == (0, 0, None)


# ------------------------------------------------------------------------------------------
# Durations and rates
# ------------------------------------------------------------------------------------------
def test_time_to_match_and_match_rate():
    enrollments = [
        {"enrollment_id": 1, "ready_date": START, "matched_date": day(10), "department_id": 5},
        {"enrollment_id": 2, "ready_date": START, "matched_date": day(30), "department_id": 5},
        {"enrollment_id": 3, "ready_date": START, "matched_date": None, "department_id": 6},
        {"enrollment_id": 4, "ready_date": None, "matched_date": None, "department_id": 6},
    ]
    duration = time_to_match(enrollments)
    assert (duration.count, duration.waiting, duration.mean_days, duration.median_days) == (
        2,
        1,
        20.0,
        20.0,
    )
    rate = match_rate(enrollments)
    assert (rate.numerator, rate.denominator) == (2, 3)
    assert rate.rate == pytest.approx(2 / 3, abs=1e-4)
    by_department = match_rate(enrollments, by="department_id")
    assert by_department[5].rate == 1.0 and by_department[6].rate == 0.0
    assert time_to_match(enrollments, by="department_id")[6].waiting == 1


def test_time_to_first_session_takes_the_first_done_one():
    pairs = [
        {"pair_id": 1, "date_start": START},
        {"pair_id": 2, "date_start": START},
        {"pair_id": 3, "date_start": None},
    ]
    sessions = [
        {"pair_id": 1, "state": "done", "date": day(9)},
        {"pair_id": 1, "state": "done", "date": day(3)},
        {"pair_id": 2, "state": "planned", "date": day(2)},
        {"pair_id": 3, "state": "done", "date": day(1)},
    ]
    result = time_to_first_session(pairs, sessions)
    assert (result.count, result.waiting, result.mean_days) == (1, 1, 3.0)


def test_acceptance_rate_reads_states_and_end_causes():
    pairs = [
        {"state": "active", "end_cause": None},
        {"state": "completed", "end_cause": "term"},
        {"state": "declined", "end_cause": "declined"},
        {"state": "expired", "end_cause": "unanswered"},
        {"state": "pending", "end_cause": None},
    ]
    result = acceptance_rate(pairs)
    assert (result.numerator, result.denominator, result.rate) == (2, 4, 0.5)


# ------------------------------------------------------------------------------------------
# Feedback, goals, skills, health, supply
# ------------------------------------------------------------------------------------------
def test_feedback_is_shown_only_over_enough_people():
    ratings = [{"rater": person, "rating": 4 + person % 2, "program_id": 1} for person in range(5)]
    ratings += [
        {"rater": 9, "rating": 1, "program_id": 2},
        {"rater": 9, "rating": 2, "program_id": 2},
    ]
    pulses = [{"respondent": person, "score": 3, "program_id": 1} for person in range(4)]
    overall = feedback(ratings, pulses, min_group_size=5)
    assert overall.rating.people == 6 and overall.rating.value == pytest.approx(25 / 7, abs=0.01)
    assert overall.pulse.value is None and overall.pulse.people == 4
    by_program = feedback(ratings, pulses, min_group_size=5, by="program_id")
    assert by_program[1].rating.value == 4.4
    # One rater, however many ratings: withheld.
    assert by_program[2].rating.value is None and by_program[2].rating.people == 1
    assert by_program[2].pulse.people == 0 and by_program[2].pulse.value is None


def test_goal_progress_and_time_to_skill_against_target():
    goals = [
        {
            "state": "done",
            "progress": 100,
            "is_skill": True,
            "time_to_skill_days": 50,
            "target_days": 60,
        },
        {
            "state": "done",
            "progress": 100,
            "is_skill": True,
            "time_to_skill_days": 80,
            "target_days": 60,
        },
        {
            "state": "open",
            "progress": 40,
            "is_skill": True,
            "time_to_skill_days": None,
            "target_days": 60,
        },
        {
            "state": "open",
            "progress": None,
            "is_skill": False,
            "time_to_skill_days": None,
            "target_days": None,
        },
    ]
    progress = goal_progress(goals)
    assert (progress.goals, progress.done, progress.completion_rate) == (4, 2, 0.5)
    assert progress.average_progress == 80.0
    skills = time_to_skill_against_target(goals)
    assert (skills.objectives, skills.reached, skills.average_days) == (3, 2, 65.0)
    assert (skills.with_target, skills.within_target, skills.share_within_target) == (2, 1, 0.5)


def test_health_distribution_lists_every_band():
    pairs = [{"health": "on_track"}] * 3 + [{"health": "stalled"}, {"health": None}]
    result = health_distribution(pairs)
    assert result.total == 4
    assert result.counts == {"on_track": 3, "at_risk": 0, "stalled": 1}
    assert result.shares["on_track"] == 0.75


def test_mentor_supply_against_demand_per_program_and_department():
    mentors = [
        {"program_id": 1, "department_id": 10, "free_seats": 2},
        {"program_id": 1, "department_id": 10, "free_seats": 1},
        {"program_id": 1, "department_id": 20, "free_seats": 0},
    ]
    waiting = [{"program_id": 1, "department_id": 20}] * 4 + [
        {"program_id": 1, "department_id": 10}
    ]
    waiting += [{"program_id": 2, "department_id": 30}]
    result = mentor_supply_demand(mentors, waiting)
    assert result[(1, 10)].free_seats == 3 and result[(1, 10)].waiting_mentees == 1
    assert result[(1, 20)].shortfall == 4 and result[(1, 20)].seats_per_mentee == 0.0
    assert result[(2, 30)].free_seats == 0 and result[(2, 30)].shortfall == 1
    total = mentor_supply_demand(mentors, waiting, by=None)
    assert (total.free_seats, total.waiting_mentees, total.shortfall) == (3, 6, 3)


def test_supply_against_demand_per_department_with_the_gap():
    # Sales: three mentors with 4 free seats, 1 mentee waiting; IT: one full
    # mentor, 3 mentees waiting.
    mentors = [
        {"department_id": "sales", "free_seats": 2},
        {"department_id": "sales", "free_seats": 2},
        {"department_id": "sales", "free_seats": 0},
        {"department_id": "it", "free_seats": 0},
    ]
    waiting = [{"department_id": "sales"}] + [{"department_id": "it"}] * 3
    result = mentor_supply_demand(mentors, waiting, by="department_id")
    sales, it = result["sales"], result["it"]
    assert (sales.free_seats, sales.waiting_mentees, sales.gap, sales.mentors) == (4, 1, 3, 3)
    assert (it.free_seats, it.waiting_mentees, it.gap, it.mentors) == (0, 3, -3, 1)
    assert it.shortfall == 3 and sales.shortfall == 0


def test_supply_against_demand_withheld_below_the_minimum():
    mentors = [{"department_id": 1, "free_seats": 1}] * 5 + [{"department_id": 2, "free_seats": 3}]
    waiting = [{"department_id": 1}] * 2 + [{"department_id": 2}] * 6
    result = mentor_supply_demand(mentors, waiting, by="department_id")
    first, second = guard_supply_demand(result[1], 5), guard_supply_demand(result[2], 5)
    # Five mentors: their seats are shown; two waiting mentees are not, nor the gap.
    assert (first.free_seats.value, first.waiting_mentees.value, first.gap.value) == (5, None, None)
    # One mentor's seats would be that mentor's: withheld, and so is the gap.
    assert (second.free_seats.value, second.waiting_mentees.value) == (None, 6)
    assert second.gap.value is None
    total = guard_supply_demand(mentor_supply_demand(mentors, waiting, by=None), 5)
    assert (total.free_seats.value, total.waiting_mentees.value, total.gap.value) == (8, 8, 0)
    # Nobody reads as one person: withheld.
    nobody = guard_supply_demand(mentor_supply_demand([], [], by=None), 5)
    assert nobody.free_seats.value is None and nobody.waiting_mentees.value is None


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="pairs: missing column"):
        cadence_adherence([{"pair_id": 1}], [], TODAY)


def test_indicators_agree_with_a_plain_loop_on_a_large_program():
    # 20,000 pairs and 100,000 sessions: the vectorised figures equal a
    # straightforward per-pair count.
    rng = np.random.default_rng(5)
    n_pairs = 20_000
    starts = pd.Timestamp(START) + pd.to_timedelta(rng.integers(0, 80, n_pairs), unit="D")
    pairs = pd.DataFrame(
        {
            "pair_id": np.arange(n_pairs),
            "date_start": starts,
            "date_end": None,
            "cadence_days": rng.choice([7.0, 14.0, 30.44], n_pairs),
            "program_id": rng.integers(1, 4, n_pairs),
        }
    )
    sessions = pd.DataFrame(
        {
            "pair_id": rng.integers(0, n_pairs, 100_000),
            "state": rng.choice(["done", "planned"], 100_000, p=[0.8, 0.2]),
            "date": pd.Timestamp(START) + pd.to_timedelta(rng.integers(0, 90, 100_000), unit="D"),
        }
    )
    result = cadence_adherence(pairs, sessions, TODAY, by="program_id")
    today = pd.Timestamp(TODAY)
    done = sessions[sessions["state"] == "done"]
    for program, figure in result.items():
        chosen = pairs[pairs["program_id"] == program]
        expected_total = counted = 0
        by_pair = done[done["pair_id"].isin(chosen["pair_id"])].groupby("pair_id")["date"]
        sessions_of = {pair_id: list(days) for pair_id, days in by_pair}
        for row in chosen.itertuples():
            expected = int((today - row.date_start).days // row.cadence_days)
            done_count = sum(row.date_start <= d <= today for d in sessions_of.get(row.pair_id, []))
            expected_total += expected
            counted += min(done_count, expected)
        assert figure.expected == expected_total
        assert figure.rate == pytest.approx(counted / expected_total, abs=1e-4)


def _quarter_pairs():
    """Five mentees with a monthly cadence: four pairs ran all of Q2 2025
    (started in Q1), one started in Q2; two proposals of Q2 and one of Q1."""
    pairs = [
        {
            "pair_id": index,
            "mentee": 100 + index,
            "state": "active",
            "end_cause": None,
            "date_proposed": date(2025, 1, 2),
            "date_start": date(2025, 1, 10),
            "date_end": None,
            "enrollment_date": date(2024, 12, 20),
            "cadence_days": 30.0,
        }
        for index in range(4)
    ]
    pairs.append(
        {
            "pair_id": 4,
            "mentee": 104,
            "state": "active",
            "end_cause": None,
            "date_proposed": date(2025, 4, 1),
            "date_start": date(2025, 4, 11),
            "date_end": None,
            "enrollment_date": date(2025, 3, 22),
            "cadence_days": 30.0,
        }
    )
    pairs.append(dict(pairs[-1], pair_id=5, mentee=105, state="declined", date_start=None))
    return pairs


def test_window_indicators_count_what_happened_in_the_quarter_only():
    q2_start, q2_end = date(2025, 4, 1), date(2025, 6, 30)
    sessions = []
    for pair_id in range(4):
        # Three sessions in Q2 each, and many in Q1 that must not count.
        sessions += [
            {"pair_id": pair_id, "state": "done", "date": date(2025, month, 15)}
            for month in (4, 5, 6)
        ]
        sessions += [
            {"pair_id": pair_id, "state": "done", "date": date(2025, 2, day)} for day in (1, 8, 15)
        ]
    # The Q2 pair: its first session 9 days after its start, one after the quarter.
    sessions += [
        {"pair_id": 4, "state": "done", "date": date(2025, 4, 20)},
        {"pair_id": 4, "state": "done", "date": date(2025, 7, 2)},
    ]
    ratings = [{"rater": 200 + i, "rating": 4, "date": date(2025, 5, 15)} for i in range(5)]
    ratings += [{"rater": 300 + i, "rating": 1, "date": date(2025, 2, 1)} for i in range(5)]
    figures = window_indicators(q2_start, q2_end, _quarter_pairs(), sessions, ratings, 5)
    # Q2 is 90 days: 3 monthly intervals for the four pairs, 2 for the fifth
    # (80 days); done 3 each and 1: (4 * 3 + 1) / (4 * 3 + 2).
    assert figures["cadence"].value == round(100 * 13 / 14, 1)
    assert figures["cadence"].people == 5
    # One pair started in Q2 (one mentee): the figure is withheld.
    assert (figures["first_session"].value, figures["first_session"].people) == (None, 1)
    assert figures["rating"].value == 4.0
    # Two proposals in Q2, both answered (one accepted, one declined):
    # withheld below five.
    assert figures["acceptance"].people == 2 and figures["acceptance"].value is None
    assert figures["time_to_match"].people == 2

    # The previous quarter's window counts the previous quarter's sessions.
    q1 = window_indicators(
        date(2025, 1, 1), date(2025, 3, 31), _quarter_pairs(), sessions, ratings, 4
    )
    # Q1: the four pairs ran from 01-10 (80 days: 2 intervals), 3 done each (capped at 2).
    assert q1["cadence"].value == 100.0
    assert q1["rating"].value == 1.0
    # Four mentees started in Q1; their first sessions on 02-01, 22 days in.
    assert q1["first_session"].value == 22.0
    # Four proposals of Q1, all accepted; 13 days from enrollment to proposal.
    assert (q1["acceptance"].value, q1["time_to_match"].value) == (100.0, 13.0)
