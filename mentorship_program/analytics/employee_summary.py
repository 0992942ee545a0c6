"""One employee's mentorship over a period, as mentee and as mentor.

What a line manager sees of their reports, and what an appraisal shows of
the appraised: participation and progress, never content. The rows carry
no agenda, note, journal, survey answer or single rating, and of the other
person of a pair only the name and the job. Ratings of a mentor are given
as one average over the period, withheld when fewer distinct people than
the programs' minimum group size gave them (analytics.privacy).

Plain Python, no ORM: the Odoo layer loads the rows of many employees at
once (a fixed number of queries) and calls :func:`summarize` once; every
employee's summary comes out of the same pass over the rows.

A pair counts in the period when it ran during it (started on or before the
period's end, not ended before its start). Sessions, milestones, objectives,
career events and ratings count when they fall inside the period; circles
count when the employee facilitates them.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from .privacy import GuardedFigure, guard

SESSION_DONE = "done"
# A mentor's ratings are those the mentee side gave.
RATED_BY_MENTEE = "mentee"


# ------------------------------------------------------------------------------------------
# Input checks
# ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    """From ``date_from`` to ``date_to``, both included."""

    date_from: date
    date_to: date

    def __post_init__(self):
        if not self.date_from or not self.date_to:
            raise ValueError("A summary period needs a start and an end date.")
        if self.date_from > self.date_to:
            raise ValueError(
                f"The period starts on {self.date_from.isoformat()}, "
                f"after its end on {self.date_to.isoformat()}."
            )

    def __contains__(self, day):
        day = _day(day)
        return day is not None and self.date_from <= day <= self.date_to


def _day(value):
    """A date of a date or a datetime; None for no date (Odoo reads False)."""
    if not value:
        return None
    if isinstance(value, datetime):
        return value.date()
    return value


# ------------------------------------------------------------------------------------------
# Results
# ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PairLine:
    """One pair of the period, seen from one side: the other person is a name
    and a job, nothing more."""

    pair_id: int
    program_name: str
    other_name: str
    other_job: str
    state: str
    date_start: date | None
    date_end: date | None
    sessions_held: int
    plan_progress: int | None


@dataclass(frozen=True)
class ObjectiveLine:
    """An objective reached in the period: the skill and level gained and how
    many days it took from the pair's start."""

    skill: str
    level: str
    date_reached: date
    time_to_skill_days: int | None


@dataclass(frozen=True)
class CareerLine:
    """A promotion or move of the employee in the period."""

    kind: str
    date: date
    label: str


@dataclass(frozen=True)
class MenteeSummary:
    programs: tuple[str, ...] = ()
    pairs: tuple[PairLine, ...] = ()
    sessions_held: int = 0
    plan_progress: int | None = None
    milestones_reached: int = 0
    objectives: tuple[ObjectiveLine, ...] = ()
    time_to_skill_days: float | None = None
    career_events: tuple[CareerLine, ...] = ()

    @property
    def is_empty(self):
        return not (self.programs or self.pairs or self.career_events)


@dataclass(frozen=True)
class MentorSummary:
    programs: tuple[str, ...] = ()
    mentees: tuple[PairLine, ...] = ()
    sessions_held: int = 0
    hours_given: float = 0.0
    pairs_completed: int = 0
    rating: GuardedFigure | None = None
    circles_facilitated: tuple[str, ...] = ()

    @property
    def is_empty(self):
        return not (self.programs or self.mentees or self.circles_facilitated)


@dataclass(frozen=True)
class EmployeeSummary:
    employee_id: int
    period: Period
    mentee: MenteeSummary = field(default_factory=MenteeSummary)
    mentor: MentorSummary = field(default_factory=MentorSummary)

    @property
    def is_empty(self):
        """No mentorship at all in the period: an appraisal says so."""
        return self.mentee.is_empty and self.mentor.is_empty


# ------------------------------------------------------------------------------------------
# Computation
# ------------------------------------------------------------------------------------------
def summarize(
    employee_ids,
    period,
    *,
    enrollments=(),
    pairs=(),
    sessions=(),
    milestones=(),
    objectives=(),
    career_events=(),
    ratings=(),
    circles=(),
):
    """{employee id: EmployeeSummary} for every id of ``employee_ids``.

    Rows (dicts, extra keys ignored):

    - ``enrollments``: employee_id, role (``mentee``/``mentor``), program_name,
      date (enrolled on: an enrollment after the period is not in it);
    - ``pairs``: pair_id, program_name, minimum_group_size, state, completed
      (ran to its end, early or at term), date_start, date_end, plan_progress,
      mentor_id, mentor_name, mentor_job, mentee_id, mentee_name, mentee_job;
    - ``sessions``: pair_id, date, state, duration (hours);
    - ``milestones``: pair_id, date_done;
    - ``objectives``: pair_id, skill, level, date_reached, time_to_skill_days;
    - ``career_events``: employee_id, kind, date, label (promotions and moves;
      departures are not shown to a manager as the employee's progress);
    - ``ratings``: pair_id, rater, side, rating, date;
    - ``circles``: facilitator_id, name.
    """
    wanted = set(employee_ids)
    period_pairs = [pair for pair in pairs if _ran_during(pair, period)]
    pair_by_id = {pair["pair_id"]: pair for pair in period_pairs}

    held = defaultdict(int)
    hours = defaultdict(float)
    for session in sessions:
        if session["pair_id"] in pair_by_id and session["state"] == SESSION_DONE:
            if session["date"] in period:
                held[session["pair_id"]] += 1
                hours[session["pair_id"]] += session.get("duration") or 0.0
    milestones_done = defaultdict(int)
    for milestone in milestones:
        if milestone["pair_id"] in pair_by_id and milestone["date_done"] in period:
            milestones_done[milestone["pair_id"]] += 1
    objectives_by_pair = defaultdict(list)
    for objective in objectives:
        if objective["pair_id"] in pair_by_id and objective["date_reached"] in period:
            objectives_by_pair[objective["pair_id"]].append(
                ObjectiveLine(
                    objective["skill"],
                    objective["level"],
                    _day(objective["date_reached"]),
                    objective.get("time_to_skill_days"),
                )
            )
    ratings_by_pair = defaultdict(list)
    for rating in ratings:
        if (
            rating["pair_id"] in pair_by_id
            and rating["side"] == RATED_BY_MENTEE
            and rating["date"] in period
        ):
            ratings_by_pair[rating["pair_id"]].append((rating["rater"], rating["rating"]))

    programs = {"mentee": defaultdict(set), "mentor": defaultdict(set)}
    for enrollment in enrollments:
        enrolled_on = _day(enrollment.get("date"))
        if enrollment["employee_id"] in wanted and (
            enrolled_on is None or enrolled_on <= period.date_to
        ):
            programs[enrollment["role"]][enrollment["employee_id"]].add(enrollment["program_name"])
    as_mentee = defaultdict(list)
    as_mentor = defaultdict(list)
    for pair in period_pairs:
        if pair["mentee_id"] in wanted:
            as_mentee[pair["mentee_id"]].append(pair)
        if pair["mentor_id"] in wanted:
            as_mentor[pair["mentor_id"]].append(pair)
    events = defaultdict(list)
    for event in career_events:
        if event["employee_id"] in wanted and event["date"] in period:
            events[event["employee_id"]].append(
                CareerLine(event["kind"], _day(event["date"]), event.get("label") or "")
            )
    facilitated = defaultdict(set)
    for circle in circles:
        if circle["facilitator_id"] in wanted:
            facilitated[circle["facilitator_id"]].add(circle["name"])

    def line(pair, other):
        return PairLine(
            pair_id=pair["pair_id"],
            program_name=pair["program_name"],
            other_name=pair[f"{other}_name"] or "",
            other_job=pair[f"{other}_job"] or "",
            state=pair["state"],
            date_start=_day(pair["date_start"]),
            date_end=_day(pair["date_end"]),
            sessions_held=held[pair["pair_id"]],
            plan_progress=pair.get("plan_progress"),
        )

    def mentee_summary(employee_id):
        own = sorted(as_mentee[employee_id], key=lambda p: (_day(p["date_start"]), p["pair_id"]))
        reached = [o for pair in own for o in objectives_by_pair[pair["pair_id"]]]
        reached.sort(key=lambda o: o.date_reached)
        days = [o.time_to_skill_days for o in reached if o.time_to_skill_days is not None]
        progress = [p["plan_progress"] for p in own if p.get("plan_progress") is not None]
        return MenteeSummary(
            programs=_names(programs["mentee"][employee_id], own),
            pairs=tuple(line(pair, "mentor") for pair in own),
            sessions_held=sum(held[pair["pair_id"]] for pair in own),
            plan_progress=round(sum(progress) / len(progress)) if progress else None,
            milestones_reached=sum(milestones_done[pair["pair_id"]] for pair in own),
            objectives=tuple(reached),
            time_to_skill_days=round(sum(days) / len(days), 1) if days else None,
            career_events=tuple(sorted(events[employee_id], key=lambda e: e.date)),
        )

    def mentor_summary(employee_id):
        own = sorted(as_mentor[employee_id], key=lambda p: (_day(p["date_start"]), p["pair_id"]))
        given = [r for pair in own for r in ratings_by_pair[pair["pair_id"]]]
        rating = None
        if own:
            # Over all the mentor's programs, the strictest minimum applies.
            minimum = max(pair["minimum_group_size"] for pair in own)
            raters = {rater for rater, _value in given}
            average = round(sum(v for _r, v in given) / len(given), 2) if given else None
            rating = guard(average, len(raters), minimum)
        return MentorSummary(
            programs=_names(programs["mentor"][employee_id], own),
            mentees=tuple(line(pair, "mentee") for pair in own),
            sessions_held=sum(held[pair["pair_id"]] for pair in own),
            hours_given=round(sum(hours[pair["pair_id"]] for pair in own), 2),
            pairs_completed=sum(
                1 for pair in own if pair["completed"] and pair["date_end"] in period
            ),
            rating=rating,
            circles_facilitated=tuple(sorted(facilitated[employee_id])),
        )

    return {
        employee_id: EmployeeSummary(
            employee_id, period, mentee_summary(employee_id), mentor_summary(employee_id)
        )
        for employee_id in employee_ids
    }


def _ran_during(pair, period):
    start = _day(pair["date_start"])
    end = _day(pair["date_end"])
    return (
        start is not None and start <= period.date_to and (end is None or end >= period.date_from)
    )


def _names(enrolled, pairs):
    return tuple(sorted(set(enrolled) | {pair["program_name"] for pair in pairs}))
