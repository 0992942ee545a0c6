"""Leading indicators of a program, from plain rows (pandas, no ORM).

The Odoo layer loads the rows in bulk (a few queries, whatever the size) and
calls one small function per indicator. Each takes DataFrames (or lists of
dicts) with the columns its docstring names and returns a dataclass of
plain numbers; with ``by`` (a column name or a list of them, present in the
main input) it returns {group key: dataclass} instead, one per group (a
tuple key for several columns). Everything is vectorised: 20,000 pairs and
100,000 sessions take a fraction of a second (benchmarks/).

Dates are dates or datetimes (compared by day). Rates are shares from 0 to
1, durations are days; a rate or an average over nothing is None.

Only feedback (ratings, pulse scores) is about what people said: it is
guarded by the minimum group size (analytics.privacy). The other indicators
count pairs, sessions and seats; where a leader reads them per department,
a count over a handful of people would point at them, so
:func:`guard_supply_demand` withholds those cells too.
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .health import HEALTH_BANDS
from .privacy import GuardedFigure, guard

SESSION_DONE = "done"
GOAL_DONE = "done"
# A pair that was answered "no", or not answered in time.
NOT_ACCEPTED_CAUSES = ("declined", "unanswered")


# ------------------------------------------------------------------------------------------
# Results
# ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CadenceAdherence:
    """Sessions done against those the program's cadence expected.

    ``expected``: whole cadence intervals elapsed since each pair's start;
    ``done``: sessions done in that time; ``rate``: the done sessions, at most
    the expected ones per pair (a pair ahead does not make up for one
    behind), over the expected ones."""

    pairs: int
    expected: int
    done: int
    rate: float | None


@dataclass(frozen=True)
class DurationFigure:
    """Days from one step to the next: ``count`` measured, ``waiting`` not
    there yet, their ``mean_days`` and ``median_days``."""

    count: int
    waiting: int
    mean_days: float | None
    median_days: float | None


@dataclass(frozen=True)
class RateFigure:
    """``numerator`` out of ``denominator``; ``rate`` None over nothing."""

    numerator: int
    denominator: int
    rate: float | None


@dataclass(frozen=True)
class FeedbackFigures:
    """Average session rating and pulse score, each over distinct people and
    withheld below the minimum group size (``GuardedFigure.value`` None)."""

    rating: GuardedFigure
    pulse: GuardedFigure


@dataclass(frozen=True)
class GoalProgress:
    goals: int
    done: int
    completion_rate: float | None
    average_progress: float | None  # 0-100, over the goals with a progress


@dataclass(frozen=True)
class TimeToSkillFigure:
    """Skill objectives: how many, how many reached, their average days and
    how many of those with a target reached it within the target."""

    objectives: int
    reached: int
    average_days: float | None
    with_target: int
    within_target: int
    share_within_target: float | None


@dataclass(frozen=True)
class HealthDistribution:
    """Running pairs per health band (every band of HEALTH_BANDS present)."""

    total: int
    counts: dict = field(default_factory=dict)
    shares: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SupplyDemand:
    """Free mentor seats against mentees waiting for a mentor.
    ``shortfall``: mentees beyond the seats; ``seats_per_mentee`` None when
    no one waits; ``gap``: seats minus waiting mentees (below zero: mentees
    wait for seats that are not there); ``mentors``: the mentor rows the
    seats come from (full mentors included)."""

    free_seats: int
    waiting_mentees: int
    shortfall: int
    seats_per_mentee: float | None
    gap: int = 0
    mentors: int = 0


@dataclass(frozen=True)
class GuardedSupplyDemand:
    """:class:`SupplyDemand` as a leader may read it: the free seats over
    at least the minimum of mentors, the waiting mentees over at least the
    minimum of mentees, and the gap only when both are shown (with one of
    them it would give the other away)."""

    free_seats: GuardedFigure
    waiting_mentees: GuardedFigure
    gap: GuardedFigure


# ------------------------------------------------------------------------------------------
# Helpers
# ------------------------------------------------------------------------------------------
def _frame(rows, columns, name, by=()):
    frame = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows or ()))
    needed = list(columns) + [column for column in by if column not in columns]
    if frame.empty and not len(frame.columns):
        frame = pd.DataFrame(columns=needed)
    missing = [column for column in needed if column not in frame.columns]
    if missing:
        raise ValueError(f"{name}: missing column(s) {', '.join(missing)}")
    return frame


def _by(by):
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def _dates(series):
    return pd.to_datetime(series).astype("datetime64[ns]").dt.normalize()


def _ratio(part, whole, digits=4):
    return round(float(part) / float(whole), digits) if whole else None


def _rounded(value, digits=2):
    return None if value is None or pd.isna(value) else round(float(value), digits)


def _per_group(frame, by, build, columns):
    """``build(sums)`` per group of ``frame`` (a dict of column -> aggregate),
    or once for the whole frame without ``by``."""
    columns = list(columns)
    if not by:
        return build({column: frame[column] for column in columns})
    result = {}
    for key, group in frame.groupby(by, dropna=False, sort=True):
        result[key[0] if len(by) == 1 else key] = build(
            {column: group[column] for column in columns}
        )
    return result


# ------------------------------------------------------------------------------------------
# Indicators
# ------------------------------------------------------------------------------------------
def cadence_adherence(pairs, sessions, as_of, by=None):
    """Sessions done against the program's cadence, since each pair started.

    :param pairs: started pairs: ``pair_id``, ``date_start``, ``date_end``
        (None while running), ``cadence_days`` (length in days of the
        program's most frequent cadence interval, e.g. 7 or 30.44; None: no
        cadence, the pair is not counted); ``by`` columns
    :param sessions: ``pair_id``, ``state`` ('done' counts), ``date``
    :param as_of: today (date)
    :return: CadenceAdherence (or {key: CadenceAdherence} with ``by``)
    """
    by = _by(by)
    pair_frame = _frame(pairs, ("pair_id", "date_start", "date_end", "cadence_days"), "pairs", by)
    session_frame = _frame(sessions, ("pair_id", "state", "date"), "sessions")
    as_of = pd.Timestamp(as_of).normalize()
    pair_frame = pair_frame.assign(
        date_start=_dates(pair_frame["date_start"]),
        date_end=_dates(pair_frame["date_end"]),
        cadence_days=pd.to_numeric(pair_frame["cadence_days"], errors="coerce"),
    )
    pair_frame = pair_frame[
        pair_frame["date_start"].notna()
        & (pair_frame["date_start"] <= as_of)
        & (pair_frame["cadence_days"] > 0)
    ]
    until = pair_frame["date_end"].where(pair_frame["date_end"] < as_of, as_of).fillna(as_of)
    elapsed = (until - pair_frame["date_start"]).dt.days.clip(lower=0)
    expected = np.floor(elapsed / pair_frame["cadence_days"]).astype("int64")

    done_sessions = session_frame[session_frame["state"] == SESSION_DONE]
    window = pd.DataFrame(
        {
            "pair_id": pair_frame["pair_id"].to_numpy(),
            "start": pair_frame["date_start"],
            "until": until,
        }
    )
    joined = done_sessions[["pair_id", "date"]].merge(window, on="pair_id")
    session_days = _dates(joined["date"])
    joined = joined[(session_days >= joined["start"]) & (session_days <= joined["until"])]
    done = joined.groupby("pair_id").size()
    pair_frame = pair_frame.assign(
        expected=expected.to_numpy(),
        done=done.reindex(pair_frame["pair_id"]).fillna(0).astype("int64").to_numpy(),
    )
    pair_frame["counted"] = np.minimum(pair_frame["done"], pair_frame["expected"])

    def build(columns):
        expected_total = int(columns["expected"].sum())
        return CadenceAdherence(
            pairs=len(columns["expected"]),
            expected=expected_total,
            done=int(columns["done"].sum()),
            rate=_ratio(columns["counted"].sum(), expected_total),
        )

    return _per_group(pair_frame, by, build, ("expected", "done", "counted"))


def _durations(frame, begin, end, by):
    """DurationFigure of ``end - begin`` in days over the rows with a
    ``begin``; rows without an ``end`` are waiting."""
    frame = frame[frame[begin].notna()].copy()
    frame["measured"] = frame[end].notna()
    frame["days"] = (frame[end] - frame[begin]).dt.days.where(frame["measured"])

    def build(columns):
        days = columns["days"].dropna()
        return DurationFigure(
            count=len(days),
            waiting=int((~columns["measured"]).sum()),
            mean_days=_rounded(days.mean()) if len(days) else None,
            median_days=_rounded(days.median()) if len(days) else None,
        )

    return _per_group(frame, by, build, ("days", "measured"))


def time_to_match(enrollments, by=None):
    """Days from an enrollment ready to be matched to its pair proposed or
    published.

    :param enrollments: ``enrollment_id``, ``ready_date`` (None: not ready,
        not counted), ``matched_date`` (first pair proposed or published;
        None: still waiting); ``by`` columns
    :return: DurationFigure (or {key: DurationFigure})
    """
    by = _by(by)
    frame = _frame(enrollments, ("enrollment_id", "ready_date", "matched_date"), "enrollments", by)
    frame = frame.assign(
        ready_date=_dates(frame["ready_date"]), matched_date=_dates(frame["matched_date"])
    )
    return _durations(frame, "ready_date", "matched_date", by)


def time_to_first_session(pairs, sessions, by=None):
    """Days from a pair's start to its first session done.

    :param pairs: ``pair_id``, ``date_start`` (None: not started, not
        counted); ``by`` columns
    :param sessions: ``pair_id``, ``state`` ('done' counts), ``date``
    :return: DurationFigure (or {key: DurationFigure}); pairs without a
        session done yet are waiting
    """
    by = _by(by)
    pair_frame = _frame(pairs, ("pair_id", "date_start"), "pairs", by)
    session_frame = _frame(sessions, ("pair_id", "state", "date"), "sessions")
    done = session_frame[session_frame["state"] == SESSION_DONE]
    first = _dates(done["date"]).groupby(done["pair_id"].to_numpy()).min()
    pair_frame = pair_frame.assign(
        date_start=_dates(pair_frame["date_start"]),
        first_session=first.reindex(pair_frame["pair_id"].to_numpy()).to_numpy(),
    )
    return _durations(pair_frame, "date_start", "first_session", by)


def acceptance_rate(pairs, by=None):
    """Share of the answered pairs that both people accepted.

    :param pairs: published pairs: ``state`` (pair_states), ``end_cause``
        (None or a pair_states end cause); ``by`` columns. A pending pair is
        not answered yet; a declined one, or one ended as not answered in
        time, was not accepted; any other was.
    :return: RateFigure (accepted / answered)
    """
    by = _by(by)
    frame = _frame(pairs, ("state", "end_cause"), "pairs", by)
    answered = frame["state"] != "pending"  # pair_states: published, not answered yet
    refused = (frame["state"] == "declined") | frame["end_cause"].isin(NOT_ACCEPTED_CAUSES)
    frame = frame.assign(answered=answered, accepted=answered & ~refused)
    return _per_group(frame, by, _rate_of("accepted", "answered"), ("accepted", "answered"))


def match_rate(enrollments, by=None):
    """Share of the enrollments ready to be matched that have a pair.

    :param enrollments: ``ready_date``, ``matched_date`` (as for
        :func:`time_to_match`); ``by`` columns
    :return: RateFigure (matched / ready)
    """
    by = _by(by)
    frame = _frame(enrollments, ("ready_date", "matched_date"), "enrollments", by)
    ready = frame["ready_date"].notna()
    frame = frame.assign(ready=ready, matched=ready & frame["matched_date"].notna())
    return _per_group(frame, by, _rate_of("matched", "ready"), ("matched", "ready"))


def _rate_of(part, whole):
    def build(columns):
        numerator, denominator = int(columns[part].sum()), int(columns[whole].sum())
        return RateFigure(numerator, denominator, _ratio(numerator, denominator))

    return build


def feedback(ratings, pulses, min_group_size, by=None):
    """Average session rating and average pulse score, each shown over at
    least ``min_group_size`` distinct people (analytics.privacy).

    :param ratings: ``rater`` (person id), ``rating`` (1-5); ``by`` columns
    :param pulses: pulse answers: ``respondent`` (person id), ``score``
        (number); ``by`` columns
    :return: FeedbackFigures (or {key: FeedbackFigures}, over the keys of
        both inputs; a key missing from one has an empty figure there)
    """
    by = _by(by)
    rating_frame = _frame(ratings, ("rater", "rating"), "ratings", by)
    pulse_frame = _frame(pulses, ("respondent", "score"), "pulses", by)

    def averages(frame, person, value):
        frame = frame[frame[value].notna()]
        values = pd.to_numeric(frame[value])
        if not by:
            return {None: (values.mean() if len(values) else None, frame[person].nunique())}
        grouped = pd.DataFrame({"value": values, "person": frame[person]}).join(frame[by])
        stats = grouped.groupby(by, dropna=False).agg(
            average=("value", "mean"), people=("person", "nunique")
        )
        return {
            (key[0] if len(by) == 1 and isinstance(key, tuple) else key): (
                row["average"],
                row["people"],
            )
            for key, row in stats.iterrows()
        }

    rating_stats = averages(rating_frame, "rater", "rating")
    pulse_stats = averages(pulse_frame, "respondent", "score")

    def figure(stats, key):
        mean, people = stats.get(key, (None, 0))
        return guard(_rounded(mean), int(people), min_group_size)

    if not by:
        return FeedbackFigures(figure(rating_stats, None), figure(pulse_stats, None))
    keys = sorted(set(rating_stats) | set(pulse_stats), key=repr)
    return {
        key: FeedbackFigures(figure(rating_stats, key), figure(pulse_stats, key)) for key in keys
    }


def goal_progress(goals, by=None):
    """Objectives done, and their average progress.

    :param goals: ``state`` ('open' / 'done'), ``progress`` (0-100, None
        when not tracked); ``by`` columns
    :return: GoalProgress
    """
    by = _by(by)
    frame = _frame(goals, ("state", "progress"), "goals", by)
    frame = frame.assign(
        done=frame["state"] == GOAL_DONE, progress=pd.to_numeric(frame["progress"], errors="coerce")
    )

    def build(columns):
        total, done = len(columns["done"]), int(columns["done"].sum())
        progress = columns["progress"].dropna()
        return GoalProgress(
            goals=total,
            done=done,
            completion_rate=_ratio(done, total),
            average_progress=_rounded(progress.mean()) if len(progress) else None,
        )

    return _per_group(frame, by, build, ("done", "progress"))


def time_to_skill_against_target(goals, by=None):
    """Time-to-skill of the skill objectives against the program's target.

    :param goals: ``is_skill`` (bool; other objectives are ignored),
        ``time_to_skill_days`` (None: target level not reached),
        ``target_days`` (the program's time-to-competence target; None: no
        target); ``by`` columns
    :return: TimeToSkillFigure
    """
    by = _by(by)
    frame = _frame(goals, ("is_skill", "time_to_skill_days", "target_days"), "goals", by)
    frame = frame[frame["is_skill"].fillna(False).astype(bool)]
    days = pd.to_numeric(frame["time_to_skill_days"], errors="coerce")
    target = pd.to_numeric(frame["target_days"], errors="coerce")
    with_target = days.notna() & target.notna()
    frame = frame.assign(days=days, with_target=with_target, within=with_target & (days <= target))

    def build(columns):
        reached = columns["days"].dropna()
        with_target_count = int(columns["with_target"].sum())
        within = int(columns["within"].sum())
        return TimeToSkillFigure(
            objectives=len(columns["days"]),
            reached=len(reached),
            average_days=_rounded(reached.mean()) if len(reached) else None,
            with_target=with_target_count,
            within_target=within,
            share_within_target=_ratio(within, with_target_count),
        )

    return _per_group(frame, by, build, ("days", "with_target", "within"))


def health_distribution(pairs, by=None):
    """Running pairs per health band.

    :param pairs: ``health`` (one of HEALTH_BANDS; other values, such as
        None for a pair not running, are not counted); ``by`` columns
    :return: HealthDistribution
    """
    by = _by(by)
    frame = _frame(pairs, ("health",), "pairs", by)
    frame = frame[frame["health"].isin(HEALTH_BANDS)]
    for band in HEALTH_BANDS:
        frame = frame.assign(**{band: frame["health"] == band})

    def build(columns):
        counts = {band: int(columns[band].sum()) for band in HEALTH_BANDS}
        total = sum(counts.values())
        shares = {band: _ratio(count, total) for band, count in counts.items()}
        return HealthDistribution(total=total, counts=counts, shares=shares)

    return _per_group(frame, by, build, HEALTH_BANDS)


def mentor_supply_demand(mentors, waiting_mentees, by=("program_id", "department_id")):
    """Free mentor seats against waiting mentees, per group.

    :param mentors: one row per mentor (per program): ``free_seats`` (int)
        and the ``by`` columns
    :param waiting_mentees: one row per mentee ready and waiting for a
        mentor, with the ``by`` columns
    :param by: the grouping columns (default program and department); None
        for one total
    :return: {key: SupplyDemand} over the keys of both inputs, or one
        SupplyDemand without ``by``
    """
    by = _by(by)
    mentor_frame = _frame(mentors, ("free_seats",), "mentors", by)
    mentee_frame = _frame(waiting_mentees, (), "waiting_mentees", by)
    seats = pd.to_numeric(mentor_frame["free_seats"], errors="coerce").fillna(0).clip(lower=0)

    def build(free_seats, waiting, mentors):
        free_seats, waiting = int(free_seats), int(waiting)
        return SupplyDemand(
            free_seats=free_seats,
            waiting_mentees=waiting,
            shortfall=max(waiting - free_seats, 0),
            seats_per_mentee=_ratio(free_seats, waiting, digits=2),
            gap=free_seats - waiting,
            mentors=int(mentors),
        )

    if not by:
        return build(seats.sum(), len(mentee_frame), len(mentor_frame))
    keys = [mentor_frame[c] for c in by]
    supply = seats.groupby(keys, dropna=False).sum()
    mentor_count = seats.groupby(keys, dropna=False).size()
    demand = mentee_frame.groupby(by, dropna=False).size()
    table = pd.concat(
        [supply.rename("seats"), demand.rename("waiting"), mentor_count.rename("mentors")], axis=1
    ).fillna(0)
    return {key: build(row.seats, row.waiting, row.mentors) for key, row in table.iterrows()}


def guard_supply_demand(figure, min_group_size):
    """``figure`` (a :class:`SupplyDemand`) as a :class:`GuardedSupplyDemand`:
    seats counted over fewer mentors, or waiting mentees fewer than
    ``min_group_size``, are withheld (analytics.privacy: "nobody" reads as
    "one person"), and so is the gap unless both are shown."""
    seats = guard(figure.free_seats, figure.mentors, min_group_size)
    waiting = guard(figure.waiting_mentees, figure.waiting_mentees, min_group_size)
    both = min(figure.mentors, figure.waiting_mentees)
    return GuardedSupplyDemand(seats, waiting, guard(figure.gap, both, min_group_size))


# ------------------------------------------------------------------------------------------
# One period (the quarterly review)
# ------------------------------------------------------------------------------------------
# Indicators of what happened in a period. The running pairs' health, and
# mentor supply against demand, are states of today, not events of a period:
# they are by nature a snapshot (cumulative), and are not computed here.
WINDOW_INDICATORS = ("cadence", "first_session", "time_to_match", "acceptance", "rating")


def window_indicators(start, end, pairs, sessions, ratings, min_group_size):
    """The leading indicators of one program over [start, end] (both days
    included), each a GuardedFigure shown over at least ``min_group_size``
    distinct mentees (the rating: distinct raters):

    * ``cadence`` (%): sessions done in the period against the whole cadence
      intervals of the period each pair ran in it (its start and end clipped
      to the period); a pair ahead does not make up for one behind
      (:func:`cadence_adherence`);
    * ``first_session`` (days): from the start of the pairs that started in
      the period to their first session done, up to ``end``;
    * ``time_to_match`` (days): from the mentee's enrollment to the proposal,
      for the pairs proposed in the period;
    * ``acceptance`` (%): accepted among the answered pairs proposed in the
      period (answered by now: an answer after the period still tells how
      that period's proposals were received);
    * ``rating``: average rating (1-5, both sides) of the sessions done in
      the period.

    :param pairs: ``pair_id``, ``mentee`` (person id), ``state``,
        ``end_cause``, ``date_proposed`` (None for a pair created active:
        its ``date_start`` stands for it), ``date_start``, ``date_end``,
        ``enrollment_date`` (the mentee's enrollment), ``cadence_days``
        (None: the program has no cadence)
    :param sessions: ``pair_id``, ``state``, ``date``
    :param ratings: ``rater``, ``rating``, ``date`` (of the session rated)
    :return: {name: GuardedFigure} for :data:`WINDOW_INDICATORS`
    """
    columns = (
        "pair_id",
        "mentee",
        "state",
        "end_cause",
        "date_proposed",
        "date_start",
        "date_end",
        "enrollment_date",
        "cadence_days",
    )
    pair_frame = _frame(pairs, columns, "pairs")
    session_frame = _frame(sessions, ("pair_id", "state", "date"), "sessions")
    rating_frame = _frame(ratings, ("rater", "rating", "date"), "ratings")
    first, last = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    pair_frame = pair_frame.assign(
        date_proposed=_dates(pair_frame["date_proposed"]),
        date_start=_dates(pair_frame["date_start"]),
        date_end=_dates(pair_frame["date_end"]),
        enrollment_date=_dates(pair_frame["enrollment_date"]),
    )
    session_days = _dates(session_frame["date"])
    session_frame = session_frame[(session_days >= first) & (session_days <= last)]

    def within(days):
        return days.notna() & (days >= first) & (days <= last)

    def mentees(frame):
        return int(frame["mentee"].nunique())

    # Cadence: each pair's part of the period.
    ran = pair_frame[
        pair_frame["date_start"].notna()
        & (pair_frame["date_start"] <= last)
        & (pair_frame["date_end"].isna() | (pair_frame["date_end"] >= first))
    ]
    clipped = ran.assign(
        date_start=ran["date_start"].clip(lower=first),
        date_end=ran["date_end"].fillna(last).clip(upper=last),
    )
    with_cadence = clipped[pd.to_numeric(clipped["cadence_days"], errors="coerce") > 0]
    cadence = cadence_adherence(with_cadence, session_frame, last)
    cadence_rate = None if cadence.rate is None else round(100.0 * cadence.rate, 1)

    started = pair_frame[within(pair_frame["date_start"])]
    first_session = time_to_first_session(started, session_frame)
    measured = started[started["pair_id"].isin(session_frame["pair_id"])]

    # A pair created active (a mentor accepting a request) was never
    # proposed: its start is the day it was offered and accepted.
    offered = pair_frame["date_proposed"].fillna(pair_frame["date_start"])
    proposed = pair_frame[within(offered)]
    matched = time_to_match(
        proposed.assign(
            enrollment_id=proposed["pair_id"],
            ready_date=proposed["enrollment_date"],
            matched_date=offered[within(offered)],
        )
    )
    accepted = acceptance_rate(proposed)
    answered = proposed[proposed["state"] != "pending"]

    rating_days = _dates(rating_frame["date"])
    rated = rating_frame[(rating_days >= first) & (rating_days <= last)]
    rating = feedback(rated, [], min_group_size).rating

    def rounded_rate(figure):
        return None if figure.rate is None else round(100.0 * figure.rate, 1)

    return {
        "cadence": guard(cadence_rate, mentees(with_cadence), min_group_size),
        "first_session": guard(first_session.mean_days, mentees(measured), min_group_size),
        "time_to_match": guard(
            matched.mean_days,
            mentees(proposed[proposed["enrollment_date"].notna()]),
            min_group_size,
        ),
        "acceptance": guard(rounded_rate(accepted), mentees(answered), min_group_size),
        "rating": rating,
    }
