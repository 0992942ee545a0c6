"""A program's targets against their actual values, and the cost of its
mentoring time, from plain rows.

Three targets are set on a program: time to competence (days, lower is
better), retention (%) and promotion (%) (higher is better). Each actual is
taken over the program's mentees, the people of its pairs that started:

* ``time_to_competence``: average ``time_to_skill_days`` of the skill
  objectives reached (as the quarterly review counts them, over all time);
* ``retention``: share (%) of those mentees who are still active employees;
* ``promotion``: share (%) of those mentees promoted since their first pair
  of the program started.

An actual taken over fewer distinct mentees than the program's minimum group
size is withheld (analytics.privacy): it reads "fewer than N".

How an actual compares with its target, declared once here:

* ``on_target``: the target is met (at or under it for days, at or over it
  for rates);
* ``close``: missed by at most ``CLOSE_MARGIN`` of the target (10 %: 99 days
  for a target of 90, 72 % for a target of 80 %);
* ``off``: missed by more;
* ``no_target``: no target set (0);
* ``no_data``: nothing to compare yet (no mentee, no objective reached), or
  too few people to show the figure.
"""

from .privacy import guard

# How far an actual may miss its target, as a share of it, and still be close.
CLOSE_MARGIN = 0.10

ON_TARGET = "on_target"
CLOSE = "close"
OFF = "off"
NO_TARGET = "no_target"
NO_DATA = "no_data"
TARGET_STATUSES = (
    (ON_TARGET, "On Target"),
    (CLOSE, "Close"),
    (OFF, "Off Target"),
    (NO_TARGET, "No Target"),
    (NO_DATA, "No Data"),
)
# Bootstrap colours of each status (badges on the program form, dashboards).
STATUS_COLOURS = {
    ON_TARGET: "success",
    CLOSE: "warning",
    OFF: "danger",
    NO_TARGET: "secondary",
    NO_DATA: "secondary",
}

# {target: (field of mentorship.program, higher is better)}
TARGETS = {
    "time_to_competence": ("target_time_to_competence_days", False),
    "retention": ("target_retention_rate", True),
    "promotion": ("target_promotion_rate", True),
}


def target_status(target, actual, higher_is_better):
    """Where ``actual`` stands against ``target``: one of the statuses above."""
    if not target or target <= 0:
        return NO_TARGET
    if actual is None:
        return NO_DATA
    shortfall = (target - actual) if higher_is_better else (actual - target)
    if shortfall <= 0:
        return ON_TARGET
    if shortfall <= CLOSE_MARGIN * target:
        return CLOSE
    return OFF


def target_colour(status):
    """The Bootstrap colour of ``status`` (success, warning, danger, secondary)."""
    return STATUS_COLOURS[status]


def _rate(part, whole):
    return round(100.0 * part / whole, 1) if whole else None


def target_actuals(mentees, skill_times, promoted, min_group_size):
    """The actuals of one program, each a GuardedFigure (analytics.privacy).

    :param mentees: {employee id: still an active employee (bool)} for the
        mentees of the program's pairs that started
    :param skill_times: ``(mentee employee id, days)`` for every skill
        objective reached
    :param promoted: the employee ids among ``mentees`` promoted since their
        pair started
    :param min_group_size: the fewest distinct mentees a figure is shown over
    """
    people = len(mentees)
    retained = sum(1 for active in mentees.values() if active)
    promoted_count = len(set(promoted) & set(mentees))
    times = [(person, days or 0) for person, days in skill_times]
    skilled = {person for person, _days in times}
    average = round(sum(d for _p, d in times) / len(times), 1) if times else None
    return {
        "time_to_competence": guard(average, len(skilled), min_group_size),
        "retention": guard(_rate(retained, people), people, min_group_size),
        "promotion": guard(_rate(promoted_count, people), people, min_group_size),
    }


def mentoring_cost(sessions, hourly_costs):
    """Hours and cost of the mentoring time of done sessions.

    Both people's time counts: an hour of a session costs the mentor's hourly
    cost plus the mentee's.

    :param sessions: ``(hours spent, mentor employee id, mentee employee id)``
    :param hourly_costs: {employee id: hourly cost}; a person missing from it
        costs 0 (no cost set on their employee)
    :return: ``(hours, cost)``: hours of sessions (each counted once), cost
    """
    hours = 0.0
    cost = 0.0
    for spent, mentor, mentee in sessions:
        spent = spent or 0.0
        hours += spent
        cost += spent * ((hourly_costs.get(mentor) or 0.0) + (hourly_costs.get(mentee) or 0.0))
    return round(hours, 2), round(cost, 2)
