"""A person's next steps from plain facts, without a database."""

from datetime import date, datetime, timedelta

from mentorship_program.analytics.next_steps import (
    RATING_WINDOW_DAYS,
    EnrollmentFacts,
    PairFacts,
    RequestFacts,
    SessionFacts,
    SurveyFacts,
    next_steps,
)

TODAY = date(2026, 3, 10)
NOW = datetime(2026, 3, 10, 9, 0)


def codes(steps):
    return [step.code for step in steps]


def test_nothing_due_gives_nothing():
    assert next_steps(TODAY, NOW) == []
    settled = [
        EnrollmentFacts(1, "mentee", "approved", "Leaders"),
        EnrollmentFacts(2, "mentor", "approved", "Leaders", onboarding_course="Start"),
    ]
    active = PairFacts(5, "active", "mentee", "Mona", True, plan_confirmed=True, session_count=2)
    assert next_steps(TODAY, NOW, enrollments=settled, pairs=[active]) == []


def test_a_new_mentor_is_told_each_blocker():
    mentor = EnrollmentFacts(
        3,
        "mentor",
        "draft",
        "Leaders",
        charter_accepted=False,
        onboarding_course="Mentoring 101",
        onboarding_completed=False,
        onboarding_percent=40,
    )
    steps = next_steps(TODAY, NOW, enrollments=[mentor])
    assert codes(steps) == ["complete_intake", "accept_charter", "finish_onboarding"]
    assert steps[2].data == {"program": "Leaders", "course": "Mentoring 101", "percent": 40}
    # A withdrawn mentor has nothing left to do.
    withdrawn = EnrollmentFacts(3, "mentor", "withdrawn", "Leaders", charter_accepted=False)
    assert next_steps(TODAY, NOW, enrollments=[withdrawn]) == []


def test_a_match_is_answered_by_its_deadline_and_only_once():
    pending = PairFacts(7, "pending", "mentee", "Mona", False, deadline=TODAY + timedelta(days=3))
    (step,) = next_steps(TODAY, NOW, pairs=[pending])
    assert (step.code, step.due, step.data["other"]) == ("answer_match", pending.deadline, "Mona")
    accepted = PairFacts(7, "pending", "mentee", "Mona", True, deadline=pending.deadline)
    assert next_steps(TODAY, NOW, pairs=[accepted]) == []
    expired = PairFacts(7, "pending", "mentee", "Mona", False, deadline=TODAY - timedelta(days=1))
    assert next_steps(TODAY, NOW, pairs=[expired]) == []


def test_an_active_pair_confirms_its_plan_then_schedules_its_first_session():
    pair = PairFacts(8, "active", "mentor", "Alice", True, plan_confirmed=False)
    assert codes(next_steps(TODAY, NOW, pairs=[pair])) == [
        "confirm_plan",
        "schedule_first_session",
    ]
    met = PairFacts(8, "active", "mentor", "Alice", True, plan_confirmed=True, session_count=1)
    assert next_steps(TODAY, NOW, pairs=[met]) == []


def test_a_started_session_is_logged_then_rated_within_the_window():
    pair = PairFacts(8, "active", "mentee", "Mona", True, plan_confirmed=True, session_count=3)
    yesterday = SessionFacts(20, 8, "Mona", "planned", NOW - timedelta(days=1))
    tomorrow = SessionFacts(21, 8, "Mona", "planned", NOW + timedelta(days=1))
    done = SessionFacts(22, 8, "Mona", "done", NOW - timedelta(days=2))
    rated = SessionFacts(23, 8, "Mona", "done", NOW - timedelta(days=2), rated_by_reader=True)
    old = SessionFacts(24, 8, "Mona", "done", NOW - timedelta(days=RATING_WINDOW_DAYS + 1))
    steps = next_steps(TODAY, NOW, pairs=[pair], sessions=[yesterday, tomorrow, done, rated, old])
    assert [(step.code, step.record_id) for step in steps] == [
        ("log_session", 20),
        ("rate_session", 22),
    ]
    assert steps[0].due == (NOW - timedelta(days=1)).date()
    # Sessions of a pair that ended ask for nothing.
    ended = PairFacts(8, "completed", "mentee", "Mona", True, session_count=3)
    assert next_steps(TODAY, NOW, pairs=[ended], sessions=[yesterday, done]) == []


def test_dated_steps_come_first_soonest_first():
    later = PairFacts(1, "pending", "mentee", "Mona", False, deadline=TODAY + timedelta(days=5))
    sooner = PairFacts(2, "pending", "mentor", "Bob", False, deadline=TODAY + timedelta(days=1))
    steps = next_steps(
        TODAY,
        NOW,
        enrollments=[EnrollmentFacts(9, "mentee", "draft", "Leaders")],
        pairs=[later, sooner],
        surveys=[SurveyFacts(30, 1, "pulse", "Pulse check")],
        requests=[RequestFacts(40, "Zara")],
    )
    assert [(step.code, step.record_id) for step in steps] == [
        ("answer_match", 2),
        ("answer_match", 1),
        ("complete_intake", 9),
        ("answer_request", 40),
        ("answer_survey", 30),
    ]
