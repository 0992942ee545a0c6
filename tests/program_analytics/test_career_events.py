"""Classifying career events from plain ids, without a database."""

from datetime import date

from mentorship_program.analytics.career_events import (
    Position,
    change_key,
    classify_change,
    event_kind,
    replay_history,
)

JUNIOR, LEAD, SENIOR, PEER, ANALYST = 1, 2, 3, 4, 5
SALES, ENGINEERING = 10, 20
GRADES = {JUNIOR: 1, LEAD: 0, SENIOR: 2, PEER: 1}  # Lead and Analyst: no grade
NEXT_ROLES = {JUNIOR: {LEAD}}


def classify(before_job, after_job, before_department=SALES, after_department=SALES):
    return classify_change(
        Position(before_job, before_department),
        Position(after_job, after_department),
        GRADES,
        NEXT_ROLES,
    )


def test_a_next_role_is_a_promotion_even_without_a_grade():
    assert classify(JUNIOR, LEAD) == (True, False)


def test_a_higher_grade_is_a_promotion():
    assert classify(JUNIOR, SENIOR) == (True, False)


def test_same_or_lower_grade_or_ungraded_is_a_job_change():
    assert classify(JUNIOR, PEER) == (False, False)
    assert classify(SENIOR, PEER) == (False, False)
    assert classify(JUNIOR, ANALYST) == (False, False)
    assert classify(ANALYST, SENIOR) == (False, False), "no grade to compare, no next role"


def test_a_department_change_is_cross_functional_with_or_without_promotion():
    assert classify(JUNIOR, JUNIOR, SALES, ENGINEERING) == (False, True)
    assert classify(JUNIOR, SENIOR, SALES, ENGINEERING) == (True, True)


def test_a_first_or_removed_job_or_department_is_no_event():
    assert classify(None, JUNIOR) is None
    assert classify(JUNIOR, None) is None
    assert classify(JUNIOR, JUNIOR, None, SALES) is None
    assert classify(JUNIOR, JUNIOR) is None


def test_kind_is_the_headline_of_the_flags():
    assert event_kind(True, True, False) == "promotion"
    assert event_kind(False, True, False) == "move"
    assert event_kind(False, False, False) == "job_change"
    assert event_kind(False, False, True) == "departure"


def test_change_key_tells_moves_apart():
    a = change_key(Position(JUNIOR, SALES), Position(SENIOR, SALES))
    b = change_key(Position(JUNIOR, SALES), Position(SENIOR, ENGINEERING))
    assert a != b
    assert a == change_key(Position(JUNIOR, SALES), Position(SENIOR, SALES))


def test_replay_walks_back_from_today():
    day_1, day_2 = date(2024, 1, 1), date(2024, 6, 1)
    changes = [
        (100, day_1, "job_id", JUNIOR, SENIOR),
        (200, day_2, "department_id", SALES, ENGINEERING),
        (200, day_2, "job_id", SENIOR, LEAD),
    ]
    replayed = replay_history(Position(LEAD, ENGINEERING), changes)
    assert replayed == [
        (100, day_1, Position(JUNIOR, SALES), Position(SENIOR, SALES)),
        (200, day_2, Position(SENIOR, SALES), Position(LEAD, ENGINEERING)),
    ]
