"""One employee's mentorship over a period: what managers and appraisals show."""

from datetime import date, datetime

import pytest

from mentorship_program.analytics.employee_summary import Period, summarize

PERIOD = Period(date(2026, 1, 1), date(2026, 6, 30))
MENTOR, MENTEE, OTHER_MENTEE, BYSTANDER = 1, 2, 3, 4


def _pair(pair_id, mentor, mentee, start, end=None, *, state="active", minimum=3, **extra):
    return {
        "pair_id": pair_id,
        "program_name": "Leadership",
        "minimum_group_size": minimum,
        "state": state,
        "completed": state in ("completed", "completed_early"),
        "date_start": start,
        "date_end": end,
        "plan_progress": extra.get("plan_progress"),
        "mentor_id": mentor,
        "mentor_name": "Mona Mentor",
        "mentor_job": "Head of Sales",
        "mentee_id": mentee,
        "mentee_name": f"Mentee {mentee}",
        "mentee_job": "Analyst",
    }


def _session(pair_id, day, state="done", duration=1.5):
    return {"pair_id": pair_id, "date": day, "state": state, "duration": duration}


def test_the_mentee_side_counts_what_falls_in_the_period():
    pairs = [_pair(10, MENTOR, MENTEE, date(2025, 12, 1), plan_progress=40)]
    sessions = [
        _session(10, datetime(2025, 12, 15, 9)),  # before the period
        _session(10, datetime(2026, 2, 1, 9)),
        _session(10, datetime(2026, 3, 1, 9)),
        _session(10, datetime(2026, 4, 1, 9), state="planned"),
        _session(10, datetime(2026, 7, 2, 9)),  # after it
    ]
    objectives = [
        {
            "pair_id": 10,
            "skill": "Coaching",
            "level": "Advanced",
            "date_reached": date(2026, 3, 10),
            "time_to_skill_days": 99,
        },
        {
            "pair_id": 10,
            "skill": "Negotiation",
            "level": "Intermediate",
            "date_reached": date(2025, 12, 20),
            "time_to_skill_days": 19,
        },
    ]
    events = [
        {"employee_id": MENTEE, "kind": "promotion", "date": date(2026, 5, 1), "label": "Lead"},
        {"employee_id": MENTEE, "kind": "promotion", "date": date(2024, 5, 1), "label": "Old"},
    ]
    summary = summarize(
        [MENTEE],
        PERIOD,
        pairs=pairs,
        sessions=sessions,
        milestones=[
            {"pair_id": 10, "date_done": date(2026, 1, 20)},
            {"pair_id": 10, "date_done": None},
        ],
        objectives=objectives,
        career_events=events,
    )[MENTEE]
    mentee = summary.mentee
    assert mentee.sessions_held == 2
    assert mentee.milestones_reached == 1
    assert mentee.plan_progress == 40
    assert [(o.skill, o.level) for o in mentee.objectives] == [("Coaching", "Advanced")]
    assert mentee.time_to_skill_days == 99
    assert [(e.kind, e.label) for e in mentee.career_events] == [("promotion", "Lead")]
    (line,) = mentee.pairs
    # Of the other person, a name and a job.
    assert (line.other_name, line.other_job) == ("Mona Mentor", "Head of Sales")
    assert mentee.programs == ("Leadership",)
    assert summary.mentor.is_empty and not summary.is_empty


def test_the_mentor_side_sums_hours_and_completed_pairs():
    pairs = [
        _pair(10, MENTOR, MENTEE, date(2026, 1, 5)),
        _pair(11, MENTOR, OTHER_MENTEE, date(2025, 9, 1), date(2026, 3, 31), state="completed"),
        # Ended before the period: not in it.
        _pair(12, MENTOR, BYSTANDER, date(2025, 1, 1), date(2025, 6, 1), state="completed"),
    ]
    sessions = [
        _session(10, datetime(2026, 2, 1, 9), duration=1.0),
        _session(11, datetime(2026, 2, 2, 9), duration=2.5),
        _session(12, datetime(2025, 5, 2, 9), duration=4.0),
    ]
    circles = [{"facilitator_id": MENTOR, "name": "New managers"}]
    mentor = summarize([MENTOR], PERIOD, pairs=pairs, sessions=sessions, circles=circles)[
        MENTOR
    ].mentor
    assert [line.other_name for line in mentor.mentees] == [f"Mentee {OTHER_MENTEE}", "Mentee 2"]
    assert mentor.sessions_held == 2
    assert mentor.hours_given == 3.5
    assert mentor.pairs_completed == 1
    assert mentor.circles_facilitated == ("New managers",)


def test_a_mentors_rating_is_withheld_below_the_minimum_group_size():
    pairs = [_pair(10 + i, MENTOR, 20 + i, date(2026, 1, 5), minimum=3) for i in range(3)]

    def rating(pair_id, rater, value, side="mentee"):
        return {
            "pair_id": pair_id,
            "rater": rater,
            "side": side,
            "rating": value,
            "date": date(2026, 2, 1),
        }

    two_raters = [rating(10, "a", 5), rating(10, "a", 4), rating(11, "b", 1)]
    # The mentor's own ratings of the sessions are not ratings of the mentor.
    two_raters.append(rating(12, "mentor", 5, side="mentor"))
    withheld = summarize([MENTOR], PERIOD, pairs=pairs, ratings=two_raters)[MENTOR].mentor.rating
    assert withheld.value is None and withheld.people == 2 and withheld.minimum == 3
    shown = summarize([MENTOR], PERIOD, pairs=pairs, ratings=[*two_raters, rating(12, "c", 3)])
    assert shown[MENTOR].mentor.rating.value == pytest.approx((5 + 4 + 1 + 3) / 4, abs=0.01)


def test_the_strictest_minimum_of_the_mentors_programs_applies():
    pairs = [
        _pair(10, MENTOR, 20, date(2026, 1, 5), minimum=2),
        _pair(11, MENTOR, 21, date(2026, 1, 5), minimum=5),
    ]
    ratings = [
        {"pair_id": 10, "rater": r, "side": "mentee", "rating": 4, "date": date(2026, 2, 1)}
        for r in ("a", "b", "c")
    ]
    rating = summarize([MENTOR], PERIOD, pairs=pairs, ratings=ratings)[MENTOR].mentor.rating
    assert rating.value is None and rating.minimum == 5


def test_each_employee_gets_only_their_own_figures_in_one_pass():
    pairs = [_pair(10, MENTOR, MENTEE, date(2026, 1, 5))]
    sessions = [_session(10, datetime(2026, 2, 1, 9))]
    enrollments = [{"employee_id": BYSTANDER, "role": "mentee", "program_name": "Sales"}]
    summaries = summarize(
        [MENTOR, MENTEE, BYSTANDER, 99],
        PERIOD,
        pairs=pairs,
        sessions=sessions,
        enrollments=enrollments,
    )
    assert summaries[MENTOR].mentor.sessions_held == 1
    assert summaries[MENTOR].mentee.is_empty
    assert summaries[MENTEE].mentee.sessions_held == 1
    # Enrolled and waiting for a match: taking part, no pair yet.
    assert summaries[BYSTANDER].mentee.programs == ("Sales",)
    assert not summaries[BYSTANDER].mentee.pairs
    assert summaries[99].is_empty


def test_a_period_with_no_mentorship_is_empty_not_an_error():
    pairs = [_pair(10, MENTOR, MENTEE, date(2027, 1, 5))]
    enrollments = [
        {"employee_id": MENTEE, "role": "mentee", "program_name": "Later", "date": date(2026, 9, 1)}
    ]
    summaries = summarize([MENTEE, MENTOR], PERIOD, pairs=pairs, enrollments=enrollments)
    assert summaries[MENTEE].is_empty and summaries[MENTOR].is_empty


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="starts on 2026-07-01, after its end on 2026-06-30"):
        Period(date(2026, 7, 1), date(2026, 6, 30))
    with pytest.raises(ValueError, match="start and an end"):
        Period(None, date(2026, 6, 30))
