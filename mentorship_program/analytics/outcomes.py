"""Participants against a matched comparison group of non-participants.

Plain Python (pandas, statsmodels), no ORM. The Odoo layer loads the rows of
one program in bulk and calls :func:`compare_outcomes` (the program as a
whole) or :func:`compare_outcomes_by_cohort` (one result per cohort).

Inputs (pandas DataFrames, or lists of dicts with these keys)
-------------------------------------------------------------
``employees``, one row per employee of the companies concerned, current
state:
    ``employee_id`` (int), ``hire_date`` (date or None: tenure unknown),
    ``departure_date`` (date or None), ``high_potential`` (bool, the company's
    high-potential tag now), ``department_id``, ``job_id`` (int or None),
    ``grade`` (number or None: the job's ordinal grade).

``events``, the career events read from the HR history:
    ``employee_id``, ``date`` (the day it took effect), ``kind`` (one of
    :data:`EVENT_KINDS`: ``promotion``, ``move`` (cross-functional: the
    department changed), ``job_change``, ``departure``), and the position
    before and after it: ``department_id_before``, ``department_id_after``,
    ``job_id_before``, ``job_id_after``, ``grade_before``, ``grade_after``
    (None where unknown; a departure needs none of them).

``participants``, one row per participant of the program:
    ``employee_id``, ``start_date`` (date the person started in the program:
    the pair's start), optional ``cohort`` (any hashable key; None = none).
    A person listed twice in one group counts once, from the earliest start.

``skill_history`` (optional), the skill history (``hr.employee.skill.log``),
one row per employee, skill and day a level was recorded: ``employee_id``,
``skill_id``, ``date``, ``level_progress`` (the level's rank, 0-100). It
gives the time-to-skill of participants and comparison people alike (see
*Metrics*); the Odoo side passes it.

``time_to_skill`` (optional, instead of ``skill_history``), one row per
employee: ``employee_id``, ``days`` (float; None/NaN = not reached), the
same figure whatever the record's date; employees without a row are not
counted in that metric.

Position at a date (walk back)
------------------------------
An employee's department, job and grade at day ``d`` (end of day) are the
*before* values of the first change event (any kind but ``departure``) dated
after ``d``; with no such event, the current ones. Several events on one day
apply in the order given. Employed at ``d``: hired on or before ``d`` (or hire
date unknown) and not departed on or before ``d``. The departure is
``departure_date``, else the latest ``departure`` event. Tenure band at
``d``: years since hire in :data:`TENURE_BANDS` (``<1y``, ``1-3y``,
``3-5y``, ``5-10y``, ``10y+``), ``unknown`` without a hire date.

Matching: coarsened exact matching (CEM)
----------------------------------------
* **Strata.** Start dates are coarsened to calendar months (the *start
  period*). A stratum is (start period, department, job, grade, tenure band).
  Department and job match exactly; grade matches exactly, with *no grade*
  as its own bucket (a job without a grade is compared only with people in
  the same job without a grade: nothing is dropped, nothing is guessed).
  Unknown department, job or tenure are their own buckets too.
* **Who.** A participant's stratum is taken at their own start date. The
  comparison candidates are all employees who are not participants of the
  program (any cohort) nor in ``excluded_ids`` (participants of other
  programs), employed on the period's *reference date*: the median start date
  of the program's participants in that month. Their stratum is taken at that
  date and their outcomes are followed from it. One employee may serve in
  several start periods; the errors are then clustered by employee.
* **Weights.** Participants weigh 1. In a stratum ``s`` with ``m_T(s)``
  participants and ``m_C(s)`` comparison records, each comparison record
  weighs ``m_T(s) / m_C(s) * M_C / M_T`` (``M_T``, ``M_C``: matched totals),
  so that the weighted comparison group has the participants' mix of strata
  (Iacus, King and Porro). The weights are recomputed within each metric's
  eligible people (for example the high-potential employees, or those with a
  12-month horizon), so each metric compares like with like.
* **Unmatched participants** (a stratum with no comparison candidate) are
  dropped and counted (``participants_unmatched``); so are participants not
  employed (or unknown) at their start and those starting after ``as_of``.
  The estimate is the effect on the matched participants.

Metrics (each a share from 0 to 1, except time-to-skill in days)
-----------------------------------------------------------------
* ``promotion_rate``: a ``promotion`` event after the start, up to ``as_of``.
* ``retention_6m`` / ``retention_12m``: still employed 6 / 12 months after
  the start; only people whose start is at least 6 / 12 months before
  ``as_of`` count.
* ``retention_high_potential``: ``retention_12m`` among high-potential people.
* ``cross_functional_mobility``: a department change (a ``move`` event, or
  any event whose department before and after differ) after the start, up to
  ``as_of``.
* ``time_to_skill_days``: days from the record's date (a participant's start;
  a comparison record's reference date, the start of its window) to the
  first later day, up to ``as_of``, on which the skill history shows one of
  the employee's skills at a higher level than the entry before it for that
  skill: a *level gain*. A skill's first entry is no gain (it records a
  level, it does not raise one: entering everyone's skills would otherwise
  read as a wave of progress), and a gain on the record's own day does not
  count (it may predate the start). Among those who had a gain; the others
  are not counted. Both groups are measured by this one definition from the
  same history, so the difference compares like with like; it is not the
  objectives' time-to-skill of a pair's plan, which needs a target level
  the comparison people do not have.

Difference and confidence interval
----------------------------------
Each difference (participants minus comparison) comes from a weighted least
squares regression of the outcome on an intercept and a participant
indicator, with the CEM weights (statsmodels ``WLS``). Its coefficient is the
difference of the weighted means; its 95 % interval and p-value use
heteroscedasticity-robust HC1 errors, clustered by employee when a
comparison employee serves in several start periods (cluster-robust errors
with the same small-sample correction).

Minimum group size
------------------
A metric whose eligible participants or eligible comparison employees
(distinct people) are fewer than ``min_group_size`` is suppressed: its values
are None, its reason is ``fewer_than_minimum`` and ``label`` reads "fewer
than N" (analytics.privacy wording). A comparison with fewer matched
participants or comparison employees than that is flagged the same way.

Bad input
---------
A program with no participants, whose participants all start after
``as_of``, with no employed non-participant, or whose participants find no
match, returns an :class:`OutcomeComparison` with a ``reason`` code and a
``message``; nothing raises. Programming errors (a missing column, an
unknown event kind, a minimum below 1) raise ValueError naming the input.
"""

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
from statsmodels.regression.linear_model import WLS

from .privacy import fewer_than_label, guard

EVENT_PROMOTION = "promotion"
EVENT_MOVE = "move"
EVENT_JOB_CHANGE = "job_change"
EVENT_DEPARTURE = "departure"
EVENT_KINDS = (EVENT_PROMOTION, EVENT_MOVE, EVENT_JOB_CHANGE, EVENT_DEPARTURE)

# (lower bound in years, included; label). The upper bound is the next one's.
TENURE_BANDS = ((0, "<1y"), (1, "1-3y"), (3, "3-5y"), (5, "5-10y"), (10, "10y+"))
TENURE_UNKNOWN = "unknown"
_TENURE_LIMITS = np.array([lower for lower, _label in TENURE_BANDS[1:]], dtype=float)
_TENURE_LABELS = np.array([label for _lower, label in TENURE_BANDS] + [TENURE_UNKNOWN])

EMPLOYEE_COLUMNS = (
    "employee_id",
    "hire_date",
    "departure_date",
    "high_potential",
    "department_id",
    "job_id",
    "grade",
)
POSITION_COLUMNS = ("department_id", "job_id", "grade")
EVENT_COLUMNS = (
    "employee_id",
    "date",
    "kind",
    "department_id_before",
    "department_id_after",
    "job_id_before",
    "job_id_after",
    "grade_before",
    "grade_after",
)
PARTICIPANT_COLUMNS = ("employee_id", "start_date")
TIME_TO_SKILL_COLUMNS = ("employee_id", "days")
SKILL_HISTORY_COLUMNS = ("employee_id", "skill_id", "date", "level_progress")

METRIC_PROMOTION = "promotion_rate"
METRIC_RETENTION_6M = "retention_6m"
METRIC_RETENTION_12M = "retention_12m"
METRIC_RETENTION_HIGH_POTENTIAL = "retention_high_potential"
METRIC_MOBILITY = "cross_functional_mobility"
METRIC_TIME_TO_SKILL = "time_to_skill_days"
# (name, unit): the order in which the metrics are reported.
METRICS = (
    (METRIC_PROMOTION, "share"),
    (METRIC_RETENTION_6M, "share"),
    (METRIC_RETENTION_12M, "share"),
    (METRIC_RETENTION_HIGH_POTENTIAL, "share"),
    (METRIC_MOBILITY, "share"),
    (METRIC_TIME_TO_SKILL, "days"),
)

# Why a comparison or a metric has no figures (codes; the Odoo layer words them).
REASON_NO_PARTICIPANTS = "no_participants"
REASON_NOT_STARTED = "as_of_before_start"
REASON_NO_COMPARISON = "no_comparison"
REASON_NO_MATCH = "no_match"
REASON_FEWER_THAN_MINIMUM = "fewer_than_minimum"
REASON_NO_ELIGIBLE = "no_eligible"
REASON_NO_VARIATION = "no_variation"
REASON_MESSAGES = {
    REASON_NO_PARTICIPANTS: "The program has no participants yet.",
    REASON_NOT_STARTED: "No participant started on or before the as-of date.",
    REASON_NO_COMPARISON: "No non-participant was employed when the participants started.",
    REASON_NO_MATCH: (
        "No participant has a comparable non-participant (same department, job, "
        "grade and tenure band at the start)."
    ),
    REASON_FEWER_THAN_MINIMUM: "Fewer than {minimum} people in a group: figures withheld.",
    REASON_NO_ELIGIBLE: "No one is eligible for this measure yet.",
    REASON_NO_VARIATION: "Everyone has the same outcome: no interval can be computed.",
}

CONFIDENCE = 0.95


# ------------------------------------------------------------------------------------------
# Results
# ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MetricComparison:
    """One metric for the matched participants and the comparison group.

    ``participants_value`` is the participants' mean, ``comparison_value`` the
    CEM-weighted mean of the comparison group, ``difference`` the first minus
    the second, with its ``ci_low``/``ci_high`` (95 %) and ``p_value``. A share
    is from 0 to 1. The counts are distinct eligible people. All figures are
    None when ``reason`` says why."""

    name: str
    unit: str
    participants_count: int
    comparison_count: int
    minimum: int
    participants_value: float | None = None
    comparison_value: float | None = None
    difference: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    reason: str | None = None

    @property
    def suppressed(self):
        return self.reason == REASON_FEWER_THAN_MINIMUM

    @property
    def label(self):
        """ "fewer than N" when suppressed, else None."""
        return fewer_than_label(self.minimum) if self.suppressed else None

    @property
    def significant(self):
        """The interval excludes zero."""
        if self.ci_low is None:
            return False
        return self.ci_low > 0 or self.ci_high < 0


@dataclass(frozen=True)
class OutcomeComparison:
    """Participants of a program (or one cohort) against their matched
    comparison group. ``metrics`` is {metric name: MetricComparison} in the
    order of :data:`METRICS` (empty when ``reason`` is one of the bad-input
    codes)."""

    cohort: object
    as_of: date
    minimum: int
    participants_total: int = 0
    participants_matched: int = 0
    participants_unmatched: int = 0
    participants_not_started: int = 0
    participants_not_employed: int = 0
    comparison_size: int = 0
    strata: int = 0
    metrics: dict = field(default_factory=dict)
    reason: str | None = None

    @property
    def message(self):
        """A plain English sentence for ``reason`` (None without one)."""
        if self.reason is None:
            return None
        return REASON_MESSAGES[self.reason].format(minimum=self.minimum)

    @property
    def withheld(self):
        return self.reason == REASON_FEWER_THAN_MINIMUM

    @property
    def label(self):
        return fewer_than_label(self.minimum) if self.withheld else None


# ------------------------------------------------------------------------------------------
# Inputs
# ------------------------------------------------------------------------------------------
def _frame(rows, columns, name, optional=()):
    """A copy of ``rows`` as a DataFrame with at least ``columns``."""
    if isinstance(rows, pd.DataFrame):
        frame = rows.copy()
    else:
        frame = pd.DataFrame(list(rows or ()))
    if frame.empty and not len(frame.columns):
        frame = pd.DataFrame(columns=list(columns))
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(f"{name}: missing column(s) {', '.join(missing)}")
    for column in optional:
        if column not in frame.columns:
            frame[column] = None
    return frame


def _dates(series):
    return pd.to_datetime(series, errors="raise").astype("datetime64[ns]")


def _numbers(series):
    return pd.to_numeric(series.astype(object).where(series.notna(), np.nan), errors="raise")


def _employee_frame(employees):
    frame = _frame(employees, EMPLOYEE_COLUMNS, "employees")
    frame = frame[list(EMPLOYEE_COLUMNS)].copy()
    if frame["employee_id"].isna().any():
        raise ValueError("employees: employee_id is required on every row")
    if frame["employee_id"].duplicated().any():
        duplicate = frame.loc[frame["employee_id"].duplicated(), "employee_id"].iloc[0]
        raise ValueError(f"employees: employee {duplicate} is listed twice")
    frame["employee_id"] = frame["employee_id"].astype("int64")
    frame["hire_date"] = _dates(frame["hire_date"])
    frame["departure_date"] = _dates(frame["departure_date"])
    frame["high_potential"] = frame["high_potential"].fillna(False).astype(bool)
    for column in POSITION_COLUMNS:
        frame[column] = _numbers(frame[column]).astype("float64")
    return frame


def _event_frame(events):
    frame = _frame(events, EVENT_COLUMNS, "events")
    frame = frame[list(EVENT_COLUMNS)].copy()
    unknown = sorted(set(frame["kind"].dropna().unique()) - set(EVENT_KINDS))
    if unknown or frame["kind"].isna().any():
        raise ValueError(
            f"events: unknown kind {unknown[0] if unknown else None!r} "
            f"(expected one of {', '.join(EVENT_KINDS)})"
        )
    if frame["employee_id"].isna().any() or frame["date"].isna().any():
        raise ValueError("events: employee_id and date are required on every row")
    frame["employee_id"] = frame["employee_id"].astype("int64")
    frame["date"] = _dates(frame["date"])
    for column in EVENT_COLUMNS[3:]:
        frame[column] = _numbers(frame[column]).astype("float64")
    # Events of one day keep the order given (a stable sort).
    return frame.sort_values("date", kind="stable").reset_index(drop=True)


def _participant_frame(participants):
    frame = _frame(participants, PARTICIPANT_COLUMNS, "participants", optional=("cohort",))
    frame = frame[["employee_id", "start_date", "cohort"]].copy()
    if frame["employee_id"].isna().any() or frame["start_date"].isna().any():
        raise ValueError("participants: employee_id and start_date are required on every row")
    frame["employee_id"] = frame["employee_id"].astype("int64")
    frame["start_date"] = _dates(frame["start_date"])
    return frame


def _time_to_skill_map(time_to_skill):
    frame = _frame(time_to_skill, TIME_TO_SKILL_COLUMNS, "time_to_skill")
    frame = frame.dropna(subset=["employee_id"])
    days = _numbers(frame["days"]).astype("float64")
    return pd.Series(days.to_numpy(), index=frame["employee_id"].astype("int64").to_numpy())


def _level_gains(skill_history):
    """The days of each employee's level gains (module docstring, *Metrics*):
    a DataFrame ``employee_id``, ``gain_date`` sorted by date."""
    frame = _frame(skill_history, SKILL_HISTORY_COLUMNS, "skill_history")
    frame = frame.dropna(subset=["employee_id", "skill_id", "date", "level_progress"])
    frame = pd.DataFrame(
        {
            "employee_id": frame["employee_id"].astype("int64").to_numpy(),
            "skill_id": frame["skill_id"].astype("int64").to_numpy(),
            "date": _dates(frame["date"]).dt.normalize().to_numpy(),
            "level": _numbers(frame["level_progress"]).astype("float64").to_numpy(),
        }
    ).sort_values(["employee_id", "skill_id", "date"], kind="stable")
    previous = frame.groupby(["employee_id", "skill_id"], sort=False)["level"].shift()
    gains = frame[previous.notna() & (frame["level"] > previous)]
    return (
        gains[["employee_id", "date"]]
        .rename(columns={"date": "gain_date"})
        .sort_values("gain_date", kind="stable")
        .reset_index(drop=True)
    )


def _days_to_level_gain(records, gains, as_of):
    """Per record (``employee_id``, ``date``), days to the employee's first
    level gain after the date and up to ``as_of``; NaN without one."""
    left = records[["employee_id", "date"]].copy()
    left["row"] = np.arange(len(left))
    left = left.sort_values("date", kind="stable")
    merged = pd.merge_asof(
        left,
        gains,
        left_on="date",
        right_on="gain_date",
        by="employee_id",
        direction="forward",
        allow_exact_matches=False,
    ).sort_values("row")
    gain_date = merged["gain_date"].where(merged["gain_date"] <= as_of)
    return (gain_date - merged["date"]).dt.days.astype("float64").to_numpy()


# ------------------------------------------------------------------------------------------
# Positions at a date
# ------------------------------------------------------------------------------------------
def tenure_band(hire_date, on):
    """The tenure band label on day ``on`` of someone hired on ``hire_date``."""
    codes = _tenure_codes(
        pd.Series(_dates(pd.Series([hire_date]))), pd.Series(_dates(pd.Series([on])))
    )
    return str(_TENURE_LABELS[codes[0]])


def _tenure_codes(hire_dates, on_dates):
    """Index into _TENURE_LABELS: 0.. for the bands, the last for unknown."""
    years = (on_dates.to_numpy() - hire_dates.to_numpy()) / np.timedelta64(1, "D") / 365.25
    codes = np.digitize(years, _TENURE_LIMITS)
    return np.where(np.isnan(years), len(TENURE_BANDS), codes)


def _departures(employee_frame, event_frame):
    """Departure date per employee: the employee's, else the latest departure event."""
    departed = event_frame[event_frame["kind"] == EVENT_DEPARTURE]
    latest_event = departed.groupby("employee_id")["date"].max()
    departures = employee_frame.set_index("employee_id")["departure_date"]
    return departures.fillna(latest_event.reindex(departures.index))


def _walk_back(queries, employee_frame, event_frame):
    """Department, job and grade of ``queries`` (employee_id, date) rows.

    The first change event after the date gives its *before* values; without
    one, the current position does. Returns float arrays, NaN when none."""
    changes = event_frame.loc[
        event_frame["kind"] != EVENT_DEPARTURE,
        ["employee_id", "date", "department_id_before", "job_id_before", "grade_before"],
    ].rename(columns={"date": "event_date"})
    changes["matched"] = True
    left = queries[["employee_id", "date"]].copy()
    left["row"] = np.arange(len(left))
    left = left.sort_values("date", kind="stable")
    merged = pd.merge_asof(
        left,
        changes,
        left_on="date",
        right_on="event_date",
        by="employee_id",
        direction="forward",
        allow_exact_matches=False,
    ).sort_values("row")
    current = employee_frame.set_index("employee_id").reindex(merged["employee_id"].to_numpy())
    matched = merged["matched"].eq(True).to_numpy()
    positions = {}
    for column in POSITION_COLUMNS:
        positions[column] = np.where(
            matched, merged[f"{column}_before"].to_numpy(), current[column].to_numpy()
        )
    return positions


def positions_at(employees, events, queries):
    """Each ``queries`` row's position on its date, walked back from the
    current position through the later events (see the module docstring).

    :param employees: rows with :data:`EMPLOYEE_COLUMNS`
    :param events: rows with :data:`EVENT_COLUMNS`
    :param queries: rows with ``employee_id`` and ``date``
    :return: DataFrame, one row per query in the same order: ``employee_id``,
        ``date``, ``employed`` (bool), ``department_id``, ``job_id``,
        ``grade`` (float, NaN when none or unknown), ``tenure_band`` (label);
        an employee unknown to ``employees`` reads not employed
    """
    employee_frame = _employee_frame(employees)
    event_frame = _event_frame(events)
    query_frame = _frame(queries, ("employee_id", "date"), "queries")
    query_frame = pd.DataFrame(
        {
            "employee_id": query_frame["employee_id"].astype("int64").to_numpy(),
            "date": _dates(query_frame["date"]).to_numpy(),
        }
    )
    positions = _walk_back(query_frame, employee_frame, event_frame)
    employed = _employed(query_frame, employee_frame, _departures(employee_frame, event_frame))
    hires = employee_frame.set_index("employee_id")["hire_date"].reindex(
        query_frame["employee_id"].to_numpy()
    )
    result = query_frame.copy()
    result["employed"] = employed
    for column in POSITION_COLUMNS:
        result[column] = positions[column]
    result["tenure_band"] = _TENURE_LABELS[
        _tenure_codes(pd.Series(hires.to_numpy()), result["date"])
    ]
    return result


def _employed(query_frame, employee_frame, departures):
    indexed = employee_frame.set_index("employee_id")
    ids = query_frame["employee_id"].to_numpy()
    known = np.isin(ids, indexed.index.to_numpy())
    hires = indexed["hire_date"].reindex(ids).to_numpy()
    leaves = departures.reindex(ids).to_numpy()
    days = query_frame["date"].to_numpy()
    hired = np.isnat(hires) | (hires <= days)
    not_left = np.isnat(leaves) | (leaves > days)
    return known & hired & not_left


# ------------------------------------------------------------------------------------------
# Records: one per participant, one per comparison candidate and start period
# ------------------------------------------------------------------------------------------
@dataclass
class _Prepared:
    as_of: pd.Timestamp
    minimum: int
    participants: pd.DataFrame  # with status
    records: pd.DataFrame  # treated and candidate records with stratum and outcomes
    any_candidate: bool


def _add_months(days, months):
    """``days`` (datetime64 Series) plus whole months, computed once per distinct day."""
    unique = pd.DatetimeIndex(days.unique())
    shifted = pd.Series(unique + pd.DateOffset(months=months), index=unique)
    return days.map(shifted)


def _last_event_dates(event_frame, mask, as_of):
    """Per employee, the latest date of the events in ``mask`` up to ``as_of``."""
    chosen = event_frame[mask & (event_frame["date"] <= as_of)]
    return chosen.groupby("employee_id")["date"].max()


def _prepare(
    employees,
    events,
    participants,
    as_of,
    min_group_size,
    excluded_ids,
    time_to_skill,
    skill_history=None,
):
    if not isinstance(min_group_size, (int, np.integer)) or min_group_size < 1:
        raise ValueError(
            f"min_group_size must be a whole number of at least 1, not {min_group_size!r}"
        )
    if as_of is None:
        raise ValueError("as_of is required")
    if time_to_skill is not None and skill_history is not None:
        raise ValueError("time_to_skill and skill_history: give one of them, not both")
    as_of = pd.Timestamp(as_of).normalize()
    employee_frame = _employee_frame(employees)
    event_frame = _event_frame(events)
    participant_frame = _participant_frame(participants)
    skill_days = _time_to_skill_map(time_to_skill if time_to_skill is not None else [])
    departures = _departures(employee_frame, event_frame)

    # Status of each participant row: employed at its start, started by as_of.
    participant_frame["started"] = participant_frame["start_date"] <= as_of
    participant_frame["employed"] = _employed(
        participant_frame.rename(columns={"start_date": "date"}), employee_frame, departures
    )
    valid = participant_frame[participant_frame["started"] & participant_frame["employed"]]

    # Start periods (months) and their reference dates (median start).
    periods = valid["start_date"].dt.to_period("M")
    reference = (
        valid.groupby(periods)["start_date"].median().dt.floor("D")
        if len(valid)
        else pd.Series(dtype="datetime64[ns]")
    )

    treated = pd.DataFrame(
        {
            "employee_id": valid["employee_id"].to_numpy(),
            "date": valid["start_date"].to_numpy(),
            "period": periods.astype(str).to_numpy(),
            "treated": True,
            "row": valid.index.to_numpy(),
        }
    )

    never_comparison = set(participant_frame["employee_id"]) | {
        int(employee) for employee in (() if excluded_ids is None else excluded_ids)
    }
    candidates = employee_frame.loc[
        ~employee_frame["employee_id"].isin(never_comparison), "employee_id"
    ].to_numpy()
    control = pd.DataFrame(
        {
            "employee_id": np.tile(candidates, len(reference)),
            "date": np.repeat(reference.to_numpy(), len(candidates)),
            "period": np.repeat(reference.index.astype(str).to_numpy(), len(candidates)),
            "treated": False,
            "row": -1,
        }
    )
    if len(control):
        control = control[_employed(control, employee_frame, departures)]
    any_candidate = bool(len(control))

    records = pd.concat([treated, control], ignore_index=True)
    records["date"] = records["date"].astype("datetime64[ns]")
    positions = _walk_back(records, employee_frame, event_frame)
    indexed = employee_frame.set_index("employee_id")
    ids = records["employee_id"].to_numpy()
    tenure = _tenure_codes(pd.Series(indexed["hire_date"].reindex(ids).to_numpy()), records["date"])

    # Stratum: one integer per (period, department, job, grade, tenure band);
    # factorize keeps NaN (none / unknown) as a bucket of its own.
    stratum = np.zeros(len(records), dtype=np.int64)
    for values in (records["period"].to_numpy(), *positions.values(), tenure):
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
        stratum = stratum * (len(uniques) + 1) + codes
    records["stratum"] = pd.factorize(stratum)[0]

    # Outcomes, followed from each record's date up to as_of.
    record_days = records["date"]
    last_promotion = _last_event_dates(event_frame, event_frame["kind"] == EVENT_PROMOTION, as_of)
    department_changed = (event_frame["kind"] == EVENT_MOVE) | (
        event_frame["department_id_before"].notna()
        & event_frame["department_id_after"].notna()
        & (event_frame["department_id_before"] != event_frame["department_id_after"])
    )
    last_move = _last_event_dates(event_frame, department_changed, as_of)
    promoted = last_promotion.reindex(ids).to_numpy() > record_days.to_numpy()
    moved = last_move.reindex(ids).to_numpy() > record_days.to_numpy()
    records[METRIC_PROMOTION] = promoted.astype(float)
    records[METRIC_MOBILITY] = moved.astype(float)
    leaves = departures.reindex(ids).to_numpy()
    for months, name in ((6, METRIC_RETENTION_6M), (12, METRIC_RETENTION_12M)):
        horizon = _add_months(record_days, months).to_numpy()
        stayed = (np.isnat(leaves) | (leaves > horizon)).astype(float)
        records[name] = np.where(horizon <= as_of.to_datetime64(), stayed, np.nan)
    high_potential = indexed["high_potential"].reindex(ids).to_numpy()
    records[METRIC_RETENTION_HIGH_POTENTIAL] = np.where(
        high_potential, records[METRIC_RETENTION_12M].to_numpy(), np.nan
    )
    if skill_history is not None:
        records[METRIC_TIME_TO_SKILL] = _days_to_level_gain(
            records, _level_gains(skill_history), as_of
        )
    else:
        records[METRIC_TIME_TO_SKILL] = skill_days.groupby(level=0).first().reindex(ids).to_numpy()

    return _Prepared(as_of, int(min_group_size), participant_frame, records, any_candidate)


# ------------------------------------------------------------------------------------------
# Comparison
# ------------------------------------------------------------------------------------------
def _cem_weights(treated, stratum):
    """CEM weights of the records (see the module docstring); 0 outside the
    strata holding both participants and comparison records."""
    frame = pd.DataFrame({"treated": treated, "stratum": stratum})
    counts = frame.groupby("stratum")["treated"].agg(["sum", "size"])
    participants = counts["sum"]
    comparisons = counts["size"] - counts["sum"]
    matched = (participants > 0) & (comparisons > 0)
    total_participants = participants[matched].sum()
    total_comparisons = comparisons[matched].sum()
    if not total_participants:
        return np.zeros(len(frame))
    ratio = (participants / comparisons.where(comparisons > 0)).where(matched, 0.0)
    ratio = ratio * total_comparisons / total_participants
    control_weights = ratio.reindex(stratum).fillna(0.0).to_numpy()
    matched_strata = matched.reindex(stratum).to_numpy()
    return np.where(treated, np.where(matched_strata, 1.0, 0.0), control_weights)


def _compare_metric(name, unit, records, minimum):
    eligible = records[records[name].notna()]
    weights = _cem_weights(eligible["treated"].to_numpy(), eligible["stratum"].to_numpy())
    kept = weights > 0
    eligible, weights = eligible[kept], weights[kept]
    treated = eligible["treated"].to_numpy()
    participants_count = int(eligible.loc[treated, "employee_id"].nunique())
    comparison_count = int(eligible.loc[~treated, "employee_id"].nunique())
    base = {
        "name": name,
        "unit": unit,
        "participants_count": participants_count,
        "comparison_count": comparison_count,
        "minimum": minimum,
    }
    if not participants_count or not comparison_count:
        return MetricComparison(**base, reason=REASON_NO_ELIGIBLE)
    if not guard(0, min(participants_count, comparison_count), minimum).shown:
        return MetricComparison(**base, reason=REASON_FEWER_THAN_MINIMUM)
    outcome = eligible[name].to_numpy(dtype=float)
    participants_value = float(outcome[treated].mean())
    comparison_value = float(np.average(outcome[~treated], weights=weights[~treated]))
    difference = participants_value - comparison_value
    values = {
        "participants_value": participants_value,
        "comparison_value": comparison_value,
        "difference": difference,
    }
    if np.ptp(outcome) == 0:
        return MetricComparison(**base, **values, reason=REASON_NO_VARIATION)
    design = np.column_stack([np.ones(len(outcome)), treated.astype(float)])
    employees = eligible["employee_id"].to_numpy()
    if len(np.unique(employees)) == len(employees):
        fit = WLS(outcome, design, weights=weights).fit(cov_type="HC1")
    else:
        groups = pd.factorize(employees)[0]
        fit = WLS(outcome, design, weights=weights).fit(
            cov_type="cluster", cov_kwds={"groups": groups}
        )
    ci_low, ci_high = fit.conf_int(alpha=1 - CONFIDENCE)[1]
    p_value = float(fit.pvalues[1])
    if not np.isfinite(ci_low) or not np.isfinite(ci_high):
        return MetricComparison(**base, **values, reason=REASON_NO_VARIATION)
    return MetricComparison(
        **base,
        **values,
        ci_low=float(ci_low),
        ci_high=float(ci_high),
        p_value=p_value if np.isfinite(p_value) else None,
    )


def _compare(prepared, cohort, selected_rows):
    """The comparison of the participant rows ``selected_rows`` (index labels
    of prepared.participants)."""
    as_of_day = prepared.as_of.date()
    minimum = prepared.minimum
    chosen = prepared.participants.loc[selected_rows]
    total = int(chosen["employee_id"].nunique())
    counts = {"cohort": cohort, "as_of": as_of_day, "minimum": minimum, "participants_total": total}
    if not total:
        return OutcomeComparison(**counts, reason=REASON_NO_PARTICIPANTS)
    started = chosen[chosen["started"]]
    counts["participants_not_started"] = total - int(started["employee_id"].nunique())
    if started.empty:
        return OutcomeComparison(**counts, reason=REASON_NOT_STARTED)
    valid = started[started["employed"]].sort_values("start_date", kind="stable")
    counts["participants_not_employed"] = int(
        started["employee_id"].nunique() - valid["employee_id"].nunique()
    )
    # One record per person: the earliest start in this group.
    valid_rows = valid.drop_duplicates("employee_id").index
    records = prepared.records
    treated = records[records["treated"] & records["row"].isin(valid_rows)]
    if not prepared.any_candidate:
        return OutcomeComparison(
            **counts, participants_unmatched=len(treated), reason=REASON_NO_COMPARISON
        )
    controls = records[~records["treated"] & records["stratum"].isin(treated["stratum"])]
    matched = treated[treated["stratum"].isin(controls["stratum"])]
    counts["participants_matched"] = len(matched)
    counts["participants_unmatched"] = len(treated) - len(matched)
    controls = controls[controls["stratum"].isin(matched["stratum"])]
    counts["comparison_size"] = int(controls["employee_id"].nunique())
    counts["strata"] = int(matched["stratum"].nunique())
    if matched.empty:
        return OutcomeComparison(**counts, reason=REASON_NO_MATCH)
    group = pd.concat([matched, controls])
    metrics = {name: _compare_metric(name, unit, group, minimum) for name, unit in METRICS}
    below = min(counts["participants_matched"], counts["comparison_size"]) < minimum
    return OutcomeComparison(
        **counts, metrics=metrics, reason=REASON_FEWER_THAN_MINIMUM if below else None
    )


def compare_outcomes(
    employees,
    events,
    participants,
    as_of,
    min_group_size=5,
    excluded_ids=(),
    time_to_skill=None,
    skill_history=None,
):
    """All participants of one program (cohorts pooled) against their
    matched comparison group.

    :param employees: rows with :data:`EMPLOYEE_COLUMNS` (module docstring)
    :param events: rows with :data:`EVENT_COLUMNS`
    :param participants: rows with ``employee_id``, ``start_date``, optional
        ``cohort`` (ignored here); a person in two cohorts counts once, from
        the earliest start
    :param as_of: the day the outcomes are read (date)
    :param min_group_size: fewest distinct people a figure is shown over
    :param excluded_ids: employee ids never used as comparison (participants
        of other programs)
    :param time_to_skill: rows with ``employee_id``, ``days`` (optional)
    :param skill_history: rows with :data:`SKILL_HISTORY_COLUMNS` (optional,
        instead of ``time_to_skill``): time-to-skill of both groups from it
    :return: :class:`OutcomeComparison` with ``cohort`` None
    """
    prepared = _prepare(
        employees,
        events,
        participants,
        as_of,
        min_group_size,
        excluded_ids,
        time_to_skill,
        skill_history,
    )
    return _compare(prepared, None, prepared.participants.index)


def compare_outcomes_by_cohort(
    employees,
    events,
    participants,
    as_of,
    min_group_size=5,
    excluded_ids=(),
    time_to_skill=None,
    skill_history=None,
):
    """One :class:`OutcomeComparison` per cohort: {cohort key: comparison},
    the participants without a cohort under the key None. Same parameters as
    :func:`compare_outcomes`; the comparison group of every cohort excludes
    the participants of all cohorts. Positions are reconstructed once."""
    prepared = _prepare(
        employees,
        events,
        participants,
        as_of,
        min_group_size,
        excluded_ids,
        time_to_skill,
        skill_history,
    )
    cohorts = prepared.participants["cohort"]
    groups = cohorts.groupby(cohorts, dropna=False, sort=False).groups
    return {
        (None if pd.isna(key) else key): _compare(prepared, None if pd.isna(key) else key, rows)
        for key, rows in groups.items()
    }
