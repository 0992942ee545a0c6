"""Participants against a matched comparison group, on synthetic organisations
where the test plants the effect (or none) and checks it is recovered."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from mentorship_program.analytics import (
    EVENT_KINDS,
    compare_outcomes,
    compare_outcomes_by_cohort,
    positions_at,
    tenure_band,
)

START = pd.Timestamp("2024-01-15")
AS_OF = pd.Timestamp("2025-07-31")  # 18 months of follow-up


def synthetic_org(
    rng,
    size=6000,
    participation=0.2,
    departments=4,
    promotion=0.15,
    promotion_by_department=None,
    promotion_effect=0.0,
    departure=0.0,
    departure_effect=0.0,
    move=0.0,
    move_effect=0.0,
    participation_by_department=None,
    start=START,
    as_of=AS_OF,
):
    """Employees, career events and participants of an organisation.

    Everyone's outcome is drawn after ``start``; a participant's chance of a
    promotion (departure within a year, department move) is the base one
    plus the planted effect. ``promotion_by_department`` and
    ``participation_by_department`` plant a confounder: some departments
    promote more, and send more people to the program."""
    department = rng.integers(0, departments, size)
    job = rng.integers(0, 3, size)
    grade = job.astype(float) + rng.integers(0, 2, size)
    hire = start - pd.to_timedelta(rng.integers(20, 12 * 365, size), unit="D")
    if participation_by_department is not None:
        chance = np.asarray(participation_by_department)[department]
    else:
        chance = np.full(size, participation)
    participant = rng.random(size) < chance
    base = (
        np.asarray(promotion_by_department)[department]
        if promotion_by_department is not None
        else np.full(size, promotion)
    )
    follow_up = (as_of - start).days
    promoted = rng.random(size) < base + promotion_effect * participant
    moved = rng.random(size) < move + move_effect * participant
    departed = rng.random(size) < departure + departure_effect * participant

    events, current, departures = [], [], []
    for person in range(size):
        position = {
            "department_id": int(department[person]),
            "job_id": int(job[person]),
            "grade": float(grade[person]),
        }
        leave = None
        if departed[person]:
            leave = start + pd.Timedelta(days=int(rng.integers(1, 365)))  # within a year
        changes = []
        if promoted[person]:
            changes.append(
                (start + pd.Timedelta(days=int(rng.integers(1, follow_up))), "promotion")
            )
        if moved[person]:
            changes.append((start + pd.Timedelta(days=int(rng.integers(1, follow_up))), "move"))
        for day, kind in sorted(changes):
            if leave is not None and day >= leave:
                continue  # no career after leaving
            after = dict(position)
            if kind == "promotion":
                after["grade"] += 1
            else:
                after["department_id"] = (after["department_id"] + 1) % departments
            events.append(_event(person, day, kind, position, after))
            position = after
        if leave is not None:
            events.append(_event(person, leave, "departure", position, position))
        current.append(position)
        departures.append(leave)
    employees = pd.DataFrame(
        {
            "employee_id": np.arange(size),
            "hire_date": hire,
            "departure_date": departures,
            "high_potential": rng.random(size) < 0.3,
            "department_id": [p["department_id"] for p in current],
            "job_id": [p["job_id"] for p in current],
            "grade": [p["grade"] for p in current],
        }
    )
    participants = pd.DataFrame({"employee_id": np.flatnonzero(participant), "start_date": start})
    return employees, pd.DataFrame(events), participants


def _event(person, day, kind, before, after):
    return {
        "employee_id": person,
        "date": day,
        "kind": kind,
        "department_id_before": before["department_id"],
        "department_id_after": after["department_id"],
        "job_id_before": before["job_id"],
        "job_id_after": after["job_id"],
        "grade_before": before["grade"],
        "grade_after": after["grade"],
    }


def naive_difference(employees, events, participants):
    """Participants' promotion rate minus everyone else's, with a 95 % Wald
    interval: what a comparison without matching would report."""
    promoted_ids = set(events.loc[events["kind"] == "promotion", "employee_id"])
    is_participant = employees["employee_id"].isin(participants["employee_id"])
    promoted = employees["employee_id"].isin(promoted_ids)
    rate_in, rate_out = promoted[is_participant].mean(), promoted[~is_participant].mean()
    n_in, n_out = is_participant.sum(), (~is_participant).sum()
    error = np.sqrt(rate_in * (1 - rate_in) / n_in + rate_out * (1 - rate_out) / n_out)
    difference = rate_in - rate_out
    return difference, difference - 1.96 * error, difference + 1.96 * error


def contains(metric, value):
    return metric.ci_low <= value <= metric.ci_high


# ------------------------------------------------------------------------------------------
# Planted effects
# ------------------------------------------------------------------------------------------
def test_a_planted_promotion_effect_is_recovered_within_the_interval():
    rng = np.random.default_rng(11)
    employees, events, participants = synthetic_org(rng, promotion_effect=0.15)
    result = compare_outcomes(employees, events, participants, AS_OF)
    assert result.reason is None
    promotion = result.metrics["promotion_rate"]
    assert abs(promotion.participants_value - 0.30) < 0.05
    assert abs(promotion.comparison_value - 0.15) < 0.03
    assert contains(promotion, 0.15)
    assert promotion.ci_low > 0 and promotion.significant
    assert promotion.p_value < 0.001
    assert result.participants_matched + result.participants_unmatched == len(participants)


def test_no_planted_effect_gives_intervals_containing_zero():
    rng = np.random.default_rng(12)
    employees, events, participants = synthetic_org(rng, departure=0.2, move=0.1)
    result = compare_outcomes(employees, events, participants, AS_OF)
    for name in ("promotion_rate", "retention_6m", "retention_12m", "cross_functional_mobility"):
        metric = result.metrics[name]
        assert contains(metric, 0.0), (name, metric)
        assert not metric.significant


def test_planted_mobility_effect_is_recovered():
    rng = np.random.default_rng(21)
    employees, events, participants = synthetic_org(rng, move=0.10, move_effect=0.10)
    result = compare_outcomes(employees, events, participants, AS_OF)
    mobility = result.metrics["cross_functional_mobility"]
    assert contains(mobility, 0.10) and mobility.ci_low > 0
    assert contains(result.metrics["promotion_rate"], 0.0)


def test_planted_retention_effect_is_recovered_for_everyone_and_high_potentials():
    rng = np.random.default_rng(13)
    employees, events, participants = synthetic_org(rng, departure=0.25, departure_effect=-0.15)
    result = compare_outcomes(employees, events, participants, AS_OF)
    retention = result.metrics["retention_12m"]
    assert contains(retention, 0.15) and retention.ci_low > 0
    assert abs(retention.comparison_value - 0.75) < 0.03
    high_potential = result.metrics["retention_high_potential"]
    assert contains(high_potential, 0.15) and high_potential.ci_low > 0
    assert high_potential.participants_count < retention.participants_count


def test_planted_time_to_skill_effect_is_recovered():
    rng = np.random.default_rng(14)
    employees, events, participants = synthetic_org(rng)
    is_participant = employees["employee_id"].isin(participants["employee_id"]).to_numpy()
    days = np.where(is_participant, 60.0, 90.0) + rng.normal(0, 20, len(employees))
    reached = rng.random(len(employees)) < 0.5  # the others never reached it
    time_to_skill = pd.DataFrame({"employee_id": employees["employee_id"], "days": days})
    time_to_skill.loc[~reached, "days"] = None
    result = compare_outcomes(employees, events, participants, AS_OF, time_to_skill=time_to_skill)
    metric = result.metrics["time_to_skill_days"]
    assert metric.unit == "days"
    assert contains(metric, -30.0) and metric.ci_high < 0
    assert metric.participants_count == int((is_participant & reached).sum())


def skill_history(rng, employees, participants, participant_days, comparison_days):
    """Every employee's skill recorded at level 20 a year before the start,
    then, for half of them, raised to 40 some days after it (participants'
    and others' mean days apart); the other half never progress."""
    ids = employees["employee_id"].to_numpy()
    is_participant = np.isin(ids, participants["employee_id"].to_numpy())
    days = np.where(is_participant, participant_days, comparison_days)
    days = np.clip(days + rng.normal(0, 15, len(ids)), 1, None).round()
    progressed = rng.random(len(ids)) < 0.5
    recorded = pd.DataFrame(
        {"employee_id": ids, "skill_id": 7, "date": START - pd.Timedelta(days=365)}
    ).assign(level_progress=20)
    raised = pd.DataFrame(
        {
            "employee_id": ids[progressed],
            "skill_id": 7,
            "date": START + pd.to_timedelta(days[progressed], unit="D"),
            "level_progress": 40,
        }
    )
    return pd.concat([recorded, raised], ignore_index=True), is_participant & progressed


def test_time_to_skill_of_both_groups_from_the_skill_history():
    rng = np.random.default_rng(21)
    employees, events, participants = synthetic_org(rng)
    history, reached = skill_history(rng, employees, participants, 50.0, 80.0)
    result = compare_outcomes(employees, events, participants, AS_OF, skill_history=history)
    metric = result.metrics["time_to_skill_days"]
    assert metric.reason is None
    assert abs(metric.participants_value - 50) < 3
    assert abs(metric.comparison_value - 80) < 3
    assert contains(metric, -30.0) and metric.ci_high < 0
    assert metric.participants_count == int(reached.sum())
    assert metric.comparison_count > metric.participants_count


def test_time_to_skill_without_an_effect_gives_an_interval_containing_zero():
    rng = np.random.default_rng(22)
    employees, events, participants = synthetic_org(rng)
    history, _reached = skill_history(rng, employees, participants, 70.0, 70.0)
    result = compare_outcomes(employees, events, participants, AS_OF, skill_history=history)
    metric = result.metrics["time_to_skill_days"]
    assert metric.comparison_value is not None
    assert contains(metric, 0.0)


def test_time_to_skill_counts_gains_only_after_the_window_starts():
    # Two people per group, one skill each; the minimum is 1 to see the figures.
    employees = pd.DataFrame(
        {
            "employee_id": [1, 2, 3, 4],
            "hire_date": [date(2020, 1, 1)] * 4,
            "departure_date": [None] * 4,
            "high_potential": [False] * 4,
            "department_id": [1] * 4,
            "job_id": [1] * 4,
            "grade": [1.0] * 4,
        }
    )
    participants = [{"employee_id": 1, "start_date": date(2024, 3, 1)}]
    participants.append({"employee_id": 2, "start_date": date(2024, 3, 1)})
    history = [
        # 1: a gain before the start (ignored), then one 10 days after it.
        (1, 5, date(2023, 1, 1), 10),
        (1, 5, date(2024, 2, 1), 30),
        (1, 5, date(2024, 3, 11), 60),
        # 2: a first entry of a new skill after the start is no gain; a drop
        # is none either; 30 days after the start, a gain in another skill.
        (2, 6, date(2024, 3, 5), 50),
        (2, 5, date(2023, 1, 1), 40),
        (2, 5, date(2024, 3, 20), 20),
        (2, 8, date(2023, 1, 1), 10),
        (2, 8, date(2024, 3, 31), 20),
        # 3: a gain 20 days after the comparison's window starts.
        (3, 5, date(2023, 1, 1), 10),
        (3, 5, date(2024, 3, 21), 20),
        # 4: a gain after as_of is not counted.
        (4, 5, date(2023, 1, 1), 10),
        (4, 5, date(2025, 1, 1), 20),
    ]
    history = pd.DataFrame(history, columns=["employee_id", "skill_id", "date", "level_progress"])
    result = compare_outcomes(
        employees, [], participants, date(2024, 12, 31), min_group_size=1, skill_history=history
    )
    metric = result.metrics["time_to_skill_days"]
    assert (metric.participants_count, metric.comparison_count) == (2, 1)
    assert metric.participants_value == 20.0  # (10 + 30) / 2
    assert metric.comparison_value == 20.0


def test_time_to_skill_below_the_minimum_reads_fewer_than():
    rng = np.random.default_rng(23)
    employees, events, participants = synthetic_org(rng, size=400, participation=0.05)
    history, reached = skill_history(rng, employees, participants, 50.0, 80.0)
    minimum = int(reached.sum()) + 1
    result = compare_outcomes(
        employees, events, participants, AS_OF, min_group_size=minimum, skill_history=history
    )
    metric = result.metrics["time_to_skill_days"]
    assert metric.reason == "fewer_than_minimum"
    assert metric.label == f"fewer than {minimum}"
    assert (metric.participants_value, metric.comparison_value, metric.ci_low) == (None,) * 3


def test_time_to_skill_takes_the_history_or_the_days_not_both():
    rng = np.random.default_rng(24)
    employees, events, participants = synthetic_org(rng, size=50)
    history, _reached = skill_history(rng, employees, participants, 50.0, 80.0)
    days = pd.DataFrame({"employee_id": [0], "days": [3.0]})
    with pytest.raises(ValueError, match="not both"):
        compare_outcomes(
            employees, events, participants, AS_OF, time_to_skill=days, skill_history=history
        )


def test_matching_removes_a_confounder_a_naive_comparison_does_not():
    # Department 0 promotes 40 %, the others 10 %; the program recruits mostly
    # from department 0. Taking part changes nothing.
    rng = np.random.default_rng(15)
    employees, events, participants = synthetic_org(
        rng,
        promotion_by_department=[0.40, 0.10, 0.10, 0.10],
        participation_by_department=[0.45, 0.05, 0.05, 0.05],
    )
    naive, naive_low, _naive_high = naive_difference(employees, events, participants)
    assert naive > 0.1 and naive_low > 0  # the naive comparison sees an "effect"
    result = compare_outcomes(employees, events, participants, AS_OF)
    promotion = result.metrics["promotion_rate"]
    assert contains(promotion, 0.0), promotion
    assert abs(promotion.difference) < naive / 3
    # The weighted comparison group has the participants' department mix.
    assert promotion.comparison_value > 0.3


# ------------------------------------------------------------------------------------------
# Positions walked back from events
# ------------------------------------------------------------------------------------------
def _two_moves():
    employees = [
        {
            "employee_id": 1,
            "hire_date": date(2020, 3, 1),
            "departure_date": None,
            "high_potential": False,
            "department_id": 30,
            "job_id": 300,
            "grade": 3,
        },
        {
            "employee_id": 2,
            "hire_date": date(2023, 6, 1),
            "departure_date": date(2024, 6, 30),
            "high_potential": True,
            "department_id": 10,
            "job_id": None,
            "grade": None,
        },
    ]
    events = [
        {
            "employee_id": 1,
            "date": date(2023, 5, 1),
            "kind": "move",
            "department_id_before": 10,
            "department_id_after": 20,
            "job_id_before": 100,
            "job_id_after": 200,
            "grade_before": 1,
            "grade_after": 1,
        },
        {
            "employee_id": 1,
            "date": date(2024, 2, 1),
            "kind": "promotion",
            "department_id_before": 20,
            "department_id_after": 30,
            "job_id_before": 200,
            "job_id_after": 300,
            "grade_before": 1,
            "grade_after": 3,
        },
        {
            "employee_id": 2,
            "date": date(2024, 6, 30),
            "kind": "departure",
            "department_id_before": None,
            "department_id_after": None,
            "job_id_before": None,
            "job_id_after": None,
            "grade_before": None,
            "grade_after": None,
        },
    ]
    return employees, events


def test_positions_are_walked_back_from_the_current_one_through_later_events():
    employees, events = _two_moves()
    queries = [
        {"employee_id": 1, "date": date(2022, 1, 1)},
        {"employee_id": 1, "date": date(2023, 5, 1)},  # the day of the move: after it
        {"employee_id": 1, "date": date(2023, 12, 31)},
        {"employee_id": 1, "date": date(2025, 1, 1)},
        {"employee_id": 1, "date": date(2019, 1, 1)},  # before the hire
        {"employee_id": 2, "date": date(2024, 1, 1)},
        {"employee_id": 2, "date": date(2024, 6, 30)},  # left that day
        {"employee_id": 99, "date": date(2024, 1, 1)},  # unknown employee
    ]
    result = positions_at(employees, events, queries)
    rows = result.to_dict("records")
    assert [(r["department_id"], r["job_id"], r["grade"]) for r in rows[:4]] == [
        (10, 100, 1),
        (20, 200, 1),
        (20, 200, 1),
        (30, 300, 3),
    ]
    assert [r["tenure_band"] for r in rows[:4]] == ["1-3y", "3-5y", "3-5y", "3-5y"]
    assert [r["employed"] for r in rows] == [True, True, True, True, False, True, False, False]
    # No job, no grade: NaN, its own bucket in matching.
    assert np.isnan(rows[5]["job_id"]) and np.isnan(rows[5]["grade"])
    assert rows[5]["tenure_band"] == "<1y"


def test_tenure_bands_and_unknown_hire_date():
    assert tenure_band(date(2024, 1, 1), date(2024, 12, 31)) == "<1y"
    assert tenure_band(date(2020, 1, 1), date(2023, 1, 2)) == "3-5y"
    assert tenure_band(date(2014, 1, 1), date(2024, 1, 2)) == "10y+"
    assert tenure_band(None, date(2024, 1, 1)) == "unknown"


def test_matching_uses_the_position_at_the_start_not_the_current_one():
    # Everyone in job 1 at the start; the participants were all moved to job
    # 2 since. Matched on their current job they would find no one.
    employees, events = [], []
    for person in range(40):
        participant = person < 10
        employees.append(
            {
                "employee_id": person,
                "hire_date": date(2020, 1, 1),
                "departure_date": None,
                "high_potential": False,
                "department_id": 1,
                "job_id": 2 if participant else 1,
                "grade": 1,
            }
        )
        if participant:
            events.append(
                {
                    "employee_id": person,
                    "date": date(2024, 3, 1),
                    "kind": "job_change",
                    "department_id_before": 1,
                    "department_id_after": 1,
                    "job_id_before": 1,
                    "job_id_after": 2,
                    "grade_before": 1,
                    "grade_after": 1,
                }
            )
    participants = [{"employee_id": p, "start_date": date(2024, 1, 10)} for p in range(10)]
    result = compare_outcomes(employees, events, participants, date(2025, 2, 1))
    assert result.participants_matched == 10 and result.comparison_size == 30
    assert result.strata == 1


# ------------------------------------------------------------------------------------------
# Suppression, eligibility, cohorts
# ------------------------------------------------------------------------------------------
def test_groups_below_the_minimum_are_withheld():
    rng = np.random.default_rng(16)
    employees, events, participants = synthetic_org(rng, size=400, departments=1)
    few = participants.head(4)
    result = compare_outcomes(employees, events, few, AS_OF, min_group_size=5)
    assert result.participants_matched == 4
    assert result.withheld and result.label == "fewer than 5"
    assert "Fewer than 5" in result.message
    for name, metric in result.metrics.items():
        assert metric.participants_value is None and metric.difference is None
        assert metric.ci_low is None and metric.p_value is None
        if name != "time_to_skill_days":  # no one has a time-to-skill at all
            assert metric.suppressed and metric.label == "fewer than 5"


def test_a_metric_with_few_eligible_people_is_withheld_alone():
    rng = np.random.default_rng(17)
    employees, events, participants = synthetic_org(rng, size=1500, departments=1)
    participant_ids = set(participants["employee_id"])
    # Only three high-potential participants.
    is_participant = employees["employee_id"].isin(participant_ids)
    employees.loc[is_participant, "high_potential"] = False
    employees.loc[employees.index[is_participant][:3], "high_potential"] = True
    result = compare_outcomes(employees, events, participants, AS_OF, min_group_size=5)
    assert result.reason is None
    high_potential = result.metrics["retention_high_potential"]
    assert high_potential.suppressed and high_potential.participants_count == 3
    assert high_potential.participants_value is None
    assert result.metrics["promotion_rate"].participants_value is not None


def test_retention_counts_only_people_followed_long_enough():
    rng = np.random.default_rng(18)
    employees, events, participants = synthetic_org(rng, size=1500, departure=0.2)
    eight_months = START + pd.DateOffset(months=8)
    result = compare_outcomes(employees, events, participants, eight_months)
    assert result.metrics["retention_6m"].participants_value is not None
    twelve = result.metrics["retention_12m"]
    assert twelve.reason == "no_eligible" and twelve.participants_count == 0
    # Departures after the horizon do not count against the 6-month retention.
    departures = pd.to_datetime(employees["departure_date"])
    participant = employees["employee_id"].isin(participants["employee_id"])
    horizon = START + pd.DateOffset(months=6)
    left_in_time = (participant & (departures <= horizon)).sum()
    matched = result.metrics["retention_6m"]
    expected = 1 - left_in_time / participant.sum()
    assert matched.participants_value == pytest.approx(expected, abs=0.01)


def test_each_cohort_is_compared_with_its_own_matched_group():
    rng = np.random.default_rng(19)
    employees, events, participants = synthetic_org(rng, size=3000, promotion_effect=0.15)
    participants["cohort"] = np.where(np.arange(len(participants)) % 2, "spring", "autumn")
    later = participants["cohort"] == "autumn"
    participants.loc[later, "start_date"] = START + pd.Timedelta(days=40)
    by_cohort = compare_outcomes_by_cohort(employees, events, participants, AS_OF)
    assert set(by_cohort) == {"spring", "autumn"}
    for key, result in by_cohort.items():
        assert result.cohort == key
        assert result.participants_total == int((participants["cohort"] == key).sum())
        assert result.reason is None
    # Participants of one cohort never serve as the other's comparison: the
    # comparison pool is the non-participants only.
    non_participants = len(employees) - len(participants)
    assert all(r.comparison_size <= non_participants for r in by_cohort.values())
    pooled = compare_outcomes(employees, events, participants, AS_OF)
    assert pooled.participants_total == len(participants)
    assert contains(pooled.metrics["promotion_rate"], 0.15)


def test_excluded_employees_never_serve_as_comparison():
    rng = np.random.default_rng(20)
    employees, events, participants = synthetic_org(rng, size=800, departments=1)
    others = employees.loc[
        ~employees["employee_id"].isin(participants["employee_id"]), "employee_id"
    ]
    full = compare_outcomes(employees, events, participants, AS_OF)
    fewer = compare_outcomes(employees, events, participants, AS_OF, excluded_ids=others[:100])
    assert fewer.comparison_size == full.comparison_size - 100


# ------------------------------------------------------------------------------------------
# Bad input
# ------------------------------------------------------------------------------------------
def _small_org():
    employees = [
        {
            "employee_id": person,
            "hire_date": date(2019, 1, 1),
            "departure_date": None,
            "high_potential": False,
            "department_id": 1 if person < 20 else 2,
            "job_id": 7,
            "grade": None if person % 2 else 2,
        }
        for person in range(40)
    ]
    return employees


def test_no_participants_gives_a_clear_reason():
    result = compare_outcomes(_small_org(), [], [], date(2025, 1, 1))
    assert result.reason == "no_participants"
    assert result.message == "The program has no participants yet."
    assert result.metrics == {}
    assert compare_outcomes_by_cohort(_small_org(), [], [], date(2025, 1, 1)) == {}


def test_as_of_before_every_start():
    participants = [{"employee_id": 1, "start_date": date(2025, 3, 1)}]
    result = compare_outcomes(_small_org(), [], participants, date(2025, 1, 1))
    assert result.reason == "as_of_before_start"
    assert result.participants_not_started == 1


def test_no_comparable_non_participant():
    employees = _small_org()
    participants = [
        {"employee_id": e["employee_id"], "start_date": date(2024, 1, 1)} for e in employees
    ]
    result = compare_outcomes(employees, [], participants, date(2025, 1, 1))
    assert result.reason == "no_comparison"
    assert "No non-participant" in result.message

    # Department 2 only holds participants: no stratum matches.
    participants = [{"employee_id": p, "start_date": date(2024, 1, 1)} for p in range(20, 40)]
    excluded = range(0, 20)
    result = compare_outcomes(employees, [], participants, date(2025, 1, 1), excluded_ids=excluded)
    assert result.reason == "no_comparison"
    result = compare_outcomes(employees, [], participants[:10], date(2025, 1, 1), min_group_size=1)
    # Those 10 find the other 10 of department 2, grade for grade.
    assert result.reason is None and result.participants_matched == 10


def test_participants_without_match_are_dropped_and_counted():
    employees = _small_org()
    employees.append({**employees[0], "employee_id": 100, "department_id": 99})
    participants = [{"employee_id": p, "start_date": date(2024, 1, 1)} for p in (0, 1, 100)]
    result = compare_outcomes(employees, [], participants, date(2025, 1, 1), min_group_size=1)
    assert result.participants_matched == 2 and result.participants_unmatched == 1
    only_unmatched = compare_outcomes(employees, [], participants[2:], date(2025, 1, 1))
    assert only_unmatched.reason == "no_match" and only_unmatched.participants_unmatched == 1
    assert "comparable" in only_unmatched.message


def test_jobs_without_grade_match_only_people_without_grade():
    employees = _small_org()
    # Participant 1 has no grade (odd), participant 0 grade 2: each finds the
    # 9 others of department 1 in the same bucket.
    participants = [{"employee_id": p, "start_date": date(2024, 1, 1)} for p in (0, 1)]
    result = compare_outcomes(employees, [], participants, date(2025, 1, 1), min_group_size=1)
    assert result.participants_matched == 2 and result.strata == 2
    assert result.comparison_size == 18


def test_participants_not_employed_at_their_start_are_counted():
    employees = _small_org()
    employees[0]["hire_date"] = date(2024, 6, 1)
    participants = [
        {"employee_id": 0, "start_date": date(2024, 1, 1)},
        {"employee_id": 555, "start_date": date(2024, 1, 1)},  # unknown
        {"employee_id": 2, "start_date": date(2024, 1, 1)},
    ]
    result = compare_outcomes(employees, [], participants, date(2025, 1, 1), min_group_size=1)
    assert result.participants_not_employed == 2 and result.participants_matched == 1


def test_programming_errors_raise_clear_value_errors():
    with pytest.raises(ValueError, match="employees: missing column"):
        compare_outcomes([{"employee_id": 1}], [], [], date(2025, 1, 1))
    bad_event = {
        "employee_id": 1,
        "date": date(2024, 1, 1),
        "kind": "sabbatical",
        **{
            f"{c}_{w}": None
            for c in ("department_id", "job_id", "grade")
            for w in ("before", "after")
        },
    }
    with pytest.raises(ValueError, match="unknown kind 'sabbatical'"):
        compare_outcomes(_small_org(), [bad_event], [], date(2025, 1, 1))
    with pytest.raises(ValueError, match="min_group_size"):
        compare_outcomes(_small_org(), [], [], date(2025, 1, 1), min_group_size=0)
    assert "departure" in EVENT_KINDS
