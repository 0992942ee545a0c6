"""Career events read from the HR suite's own history: the vocabulary, and how
a change of job or department is classified. Plain Python, no ORM.

An event carries one flag per fact, because the outcomes ask two questions
of each person ("promoted?" and "moved across functions?"), and one move can
answer both: a promotion into another department is a promotion *and* a
cross-functional move. ``kind`` is only the headline of those flags, for
lists and filters (departure, then promotion, then move, then job change).
"""

from dataclasses import dataclass

# -- Vocabulary, declared once -----------------------------------------------------------
KIND_PROMOTION = "promotion"
KIND_MOVE = "move"
KIND_JOB_CHANGE = "job_change"
KIND_DEPARTURE = "departure"
EVENT_KINDS = (
    (KIND_PROMOTION, "Promotion"),
    (KIND_MOVE, "Cross-Functional Move"),
    (KIND_JOB_CHANGE, "Job Change"),
    (KIND_DEPARTURE, "Departure"),
)

SOURCE_TRACKING = "tracking"
SOURCE_ARCHIVE = "archive"
SOURCE_LIVE = "live"
EVENT_SOURCES = (
    (SOURCE_TRACKING, "Tracking History"),
    (SOURCE_ARCHIVE, "Archive or Departure Date"),
    (SOURCE_LIVE, "Live Change"),
)

# The change key of a departure: an employee has one departure event per
# key and day (see change_key).
DEPARTURE_KEY = "departure"


@dataclass(frozen=True)
class Position:
    """Where an employee stands: ids, None when not set."""

    job_id: int | None
    department_id: int | None


def event_kind(is_promotion, is_cross_functional, is_departure):
    """The headline of an event's flags."""
    if is_departure:
        return KIND_DEPARTURE
    if is_promotion:
        return KIND_PROMOTION
    if is_cross_functional:
        return KIND_MOVE
    return KIND_JOB_CHANGE


def grade_of(grades, job_id):
    """A job's grade, or None for a job without one (0 or absent)."""
    grade = grades.get(job_id) if job_id else None
    return grade or None


def classify_change(before, after, grades, next_roles):
    """``(is_promotion, is_cross_functional)`` for a move from ``before`` to
    ``after`` (two :class:`Position`), or None when it is no career event.

    * A job change counts only between two jobs (a first job given, or a job
      taken away, is no move); a department change likewise.
    * A promotion is a move into one of the previous job's next roles
      (``next_roles``: {job id: set of job ids}), or to a job of a higher
      grade (``grades``: {job id: grade}; 0 or missing = no grade). A job
      without a grade is still classified by its next roles.
    * A department change is a cross-functional move, whatever the job did.
    """
    job_changed = bool(before.job_id and after.job_id and before.job_id != after.job_id)
    department_changed = bool(
        before.department_id and after.department_id and before.department_id != after.department_id
    )
    if not job_changed and not department_changed:
        return None
    is_promotion = False
    if job_changed:
        from_grade, to_grade = grade_of(grades, before.job_id), grade_of(grades, after.job_id)
        is_promotion = after.job_id in next_roles.get(before.job_id, ()) or (
            from_grade is not None and to_grade is not None and to_grade > from_grade
        )
    return is_promotion, department_changed


def change_key(before, after):
    """What makes a move the same move whether it was read live or from the
    tracking history afterwards: the jobs and departments on both sides.
    With the employee and the day, it identifies the event."""
    return (
        f"job:{before.job_id or 0}>{after.job_id or 0}"
        f"|department:{before.department_id or 0}>{after.department_id or 0}"
    )


def replay_history(current, changes):
    """The positions before and after each tracked change of one employee.

    ``current`` is the employee's :class:`Position` today; ``changes`` their
    tracking values as ``(message_id, date, field, old_id, new_id)`` with
    ``field`` "job_id" or "department_id", in chronological order. One
    message may change both fields. Walking back from today, the field a
    message did not track is the one it left in place.

    Returns ``[(message_id, date, before, after)]`` in chronological order.
    """
    messages = {}
    for message_id, day, field, old_id, new_id in changes:
        entry = messages.setdefault(message_id, [day, {}])
        entry[1][field] = (old_id or None, new_id or None)
    replayed = []
    state = current
    for message_id, (day, fields_changed) in reversed(list(messages.items())):
        job = fields_changed.get("job_id")
        department = fields_changed.get("department_id")
        after = Position(
            job[1] if job else state.job_id,
            department[1] if department else state.department_id,
        )
        before = Position(
            job[0] if job else after.job_id,
            department[0] if department else after.department_id,
        )
        replayed.append((message_id, day, before, after))
        state = before
    replayed.reverse()
    return replayed
