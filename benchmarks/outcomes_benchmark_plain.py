"""Benchmark of the plain-Python outcome comparison and leading indicators.

Usage: python benchmarks/outcomes_benchmark_plain.py [--employees 50000]
       [--participants 20000] [--months 24] [--seed 0]

Builds a synthetic organisation (departments, jobs with grades, hire dates
over 15 years, about one career event per two employees, participants
starting over ``--months`` months in four cohorts), then times
``compare_outcomes`` (the program pooled) and ``compare_outcomes_by_cohort``
and, on 20,000 pairs and 100,000 sessions, the leading indicators. No
database: this measures the computation the Odoo layer calls after loading
the rows in bulk.
"""

import argparse
import sys
import time
import types
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
# Import the add-on's plain-Python package without loading Odoo (as the tests do).
if "mentorship_program" not in sys.modules:
    package = types.ModuleType("mentorship_program")
    package.__path__ = [str(ROOT / "mentorship_program")]
    sys.modules["mentorship_program"] = package

# pylint: disable=wrong-import-position
from mentorship_program.analytics import (
    cadence_adherence,
    compare_outcomes,
    compare_outcomes_by_cohort,
    time_to_first_session,
)

START = pd.Timestamp("2023-01-01")
AS_OF = pd.Timestamp("2025-06-30")


def organisation(n_employees, n_participants, months, seed):
    rng = np.random.default_rng(seed)
    ids = np.arange(1, n_employees + 1)
    department = rng.integers(1, 80, n_employees)
    job = rng.integers(1, 120, n_employees)
    grade = np.where(rng.random(n_employees) < 0.1, np.nan, job % 7)
    hire = START - pd.to_timedelta(rng.integers(0, 15 * 365, n_employees), unit="D")
    n_events = n_employees // 2
    who = rng.choice(ids, n_events)
    kinds = rng.choice(["promotion", "move", "job_change", "departure"], n_events)
    days = START + pd.to_timedelta(rng.integers(-365, (AS_OF - START).days, n_events), unit="D")
    before_department = department[who - 1]
    events = pd.DataFrame(
        {
            "employee_id": who,
            "date": days,
            "kind": kinds,
            "department_id_before": before_department,
            "department_id_after": np.where(
                kinds == "move", rng.integers(1, 80, n_events), before_department
            ),
            "job_id_before": job[who - 1],
            "job_id_after": job[who - 1],
            "grade_before": grade[who - 1],
            "grade_after": grade[who - 1] + (kinds == "promotion"),
        }
    )
    departure = pd.Series(pd.NaT, index=ids, dtype="datetime64[ns]")
    departed = events[events["kind"] == "departure"].groupby("employee_id")["date"].max()
    departure.loc[departed.index] = departed.to_numpy()
    employees = pd.DataFrame(
        {
            "employee_id": ids,
            "hire_date": hire,
            "departure_date": departure.to_numpy(),
            "high_potential": rng.random(n_employees) < 0.15,
            "department_id": department,
            "job_id": job,
            "grade": grade,
        }
    )
    chosen = rng.choice(ids, n_participants, replace=False)
    starts = START + pd.to_timedelta(rng.integers(0, months * 30, n_participants), unit="D")
    participants = pd.DataFrame(
        {"employee_id": chosen, "start_date": starts, "cohort": rng.integers(1, 5, n_participants)}
    )
    time_to_skill = pd.DataFrame(
        {
            "employee_id": ids,
            "days": np.where(rng.random(n_employees) < 0.3, rng.gamma(4, 30, n_employees), np.nan),
        }
    )
    return employees, events, participants, time_to_skill


def timed(label, function):
    began = time.perf_counter()
    result = function()
    print(f"{label:<48} {time.perf_counter() - began:8.2f} s")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=50_000)
    parser.add_argument("--participants", type=int, default=20_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--seed", type=int, default=0)
    arguments = parser.parse_args()
    employees, events, participants, time_to_skill = organisation(
        arguments.employees, arguments.participants, arguments.months, arguments.seed
    )
    print(
        f"{len(employees):,} employees, {len(events):,} events, "
        f"{len(participants):,} participants over {arguments.months} months"
    )
    pooled = timed(
        "compare_outcomes (program pooled)",
        lambda: compare_outcomes(
            employees, events, participants, AS_OF, time_to_skill=time_to_skill
        ),
    )
    timed(
        "compare_outcomes_by_cohort (4 cohorts)",
        lambda: compare_outcomes_by_cohort(
            employees, events, participants, AS_OF, time_to_skill=time_to_skill
        ),
    )
    print(
        f"matched {pooled.participants_matched:,}, unmatched {pooled.participants_unmatched:,}, "
        f"comparison {pooled.comparison_size:,} employees in {pooled.strata:,} strata"
    )
    for metric in pooled.metrics.values():
        print(
            f"  {metric.name:<28} {metric.difference:+.4f} "
            f"[{metric.ci_low:+.4f}, {metric.ci_high:+.4f}] p={metric.p_value:.3f}"
        )

    rng = np.random.default_rng(arguments.seed)
    pairs = pd.DataFrame(
        {
            "pair_id": np.arange(20_000),
            "date_start": START + pd.to_timedelta(rng.integers(0, 700, 20_000), unit="D"),
            "date_end": None,
            "cadence_days": rng.choice([7.0, 14.0, 30.44], 20_000),
            "department_id": rng.integers(1, 80, 20_000),
        }
    )
    sessions = pd.DataFrame(
        {
            "pair_id": rng.integers(0, 20_000, 100_000),
            "state": rng.choice(["done", "planned"], 100_000),
            "date": START + pd.to_timedelta(rng.integers(0, 900, 100_000), unit="D"),
        }
    )
    timed(
        "cadence_adherence, 20,000 pairs / 100,000 sessions",
        lambda: cadence_adherence(pairs, sessions, AS_OF),
    )
    timed(
        "  the same per department (79 groups)",
        lambda: cadence_adherence(pairs, sessions, AS_OF, by="department_id"),
    )
    timed("time_to_first_session", lambda: time_to_first_session(pairs, sessions))


if __name__ == "__main__":
    main()
