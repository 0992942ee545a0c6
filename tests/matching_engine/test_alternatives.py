"""Every mentor for one mentee: scores, seats, and the rules that exclude them."""

import numpy as np
from engine import (
    NO_READY_MENTOR,
    MatchingSettings,
    empty_reasons,
    rank_mentors,
    review,
    suggest,
)
from engine.scoring import PairScorer

from .factories import ENGLISH, FRENCH, MONDAY_AM, TUESDAY_AM, mentees, mentors, only


def codes(ranked_mentor):
    return [exclusion.code for exclusion in ranked_mentor.exclusions]


def by_mentor(ranked):
    return {mentor.mentor_index: mentor for mentor in ranked}


def test_each_rule_is_named_for_the_mentor_it_excludes():
    mentee = mentees(
        employee_ids=[100],
        department_ids=[5],
        ancestor_ids=[[11, 12]],
        language_masks=[FRENCH],
        availability_masks=[MONDAY_AM],
    )
    pool = mentors(
        7,
        employee_ids=[100, 12, 13, 14, 15, 16, 17],
        department_ids=[6, 6, 6, 5, 6, 6, 6],
        language_masks=[FRENCH, FRENCH, FRENCH, FRENCH, ENGLISH, FRENCH, FRENCH],
        availability_masks=[MONDAY_AM, MONDAY_AM, MONDAY_AM, MONDAY_AM, MONDAY_AM, TUESDAY_AM, 1],
        capacities=[1, 1, 0, 1, 1, 1, 2],
    )
    settings = MatchingSettings(
        chain_depth=2,
        allow_same_department=False,
        require_shared_language=True,
        require_availability_overlap=True,
        excluded_pairs=frozenset({(100, 13)}),
    )
    ranked = by_mentor(rank_mentors(mentee, pool, settings, 0))
    assert codes(ranked[0]) == ["same_person"]
    assert codes(ranked[1]) == ["reporting_line"]
    assert ranked[1].exclusions[0].data == {"levels_up": 2}
    assert codes(ranked[2]) == ["excluded", "full"]
    assert ranked[2].free_seats == 0
    assert codes(ranked[3]) == ["same_department"]
    assert codes(ranked[4]) == ["no_shared_language"]
    assert codes(ranked[5]) == ["no_common_availability"]
    assert ranked[6].allowed and ranked[6].free_seats == 2


def test_allowed_mentors_are_exactly_the_scorers_and_keep_its_scores():
    rng = np.random.default_rng(3)
    n = 12
    mentee = mentees(
        department_ids=[2],
        ancestor_ids=[[3, 4]],
        skill_levels=[[0, 1, 0]],
        target_levels=[[2, 2, 1]],
        language_masks=[FRENCH | ENGLISH],
    )
    pool = mentors(
        n,
        department_ids=rng.integers(1, 4, n),
        skill_levels=rng.integers(0, 3, (n, 3)),
        language_masks=rng.choice([ENGLISH, FRENCH, 8], n),
        availability_masks=rng.choice([MONDAY_AM, TUESDAY_AM], n),
        capacities=rng.integers(0, 3, n),
    )
    settings = MatchingSettings(
        chain_depth=2,
        allow_same_department=False,
        require_shared_language=True,
        require_availability_overlap=True,
    )
    ranked = rank_mentors(mentee, pool, settings, 0)
    scorer = PairScorer(mentee, pool, settings)
    exact = scorer.exact(np.zeros(n, dtype=np.int64), np.arange(n))
    for mentor in ranked:
        rules_allow = bool(np.isfinite(exact[mentor.mentor_index]))
        has_seat = pool.capacities[mentor.mentor_index] > 0
        assert mentor.allowed == (rules_allow and has_seat)
        if rules_allow:
            assert mentor.score == round(float(exact[mentor.mentor_index]), 4)
    # The allowed ones come first, best first, and are what suggest() offers.
    allowed = [mentor for mentor in ranked if mentor.allowed]
    assert ranked[: len(allowed)] == allowed
    assert [m.score for m in allowed] == sorted((m.score for m in allowed), reverse=True)
    suggested = suggest(mentee, pool, settings, 0, limit=n)
    assert [p.mentor_index for p in suggested] == [m.mentor_index for m in allowed]


def test_an_excluded_mentor_keeps_the_score_it_would_have():
    mentee = mentees(target_levels=[[2, 0, 0]], ancestor_ids=[[1]])
    pool = mentors(2, skill_levels=[[2, 0, 0], [1, 0, 0]])
    ranked = by_mentor(rank_mentors(mentee, pool, only("skills", chain_depth=1), 0))
    assert codes(ranked[0]) == ["reporting_line"]
    assert ranked[0].score == 1.0
    assert ranked[1].allowed and ranked[1].score == 0.5
    assert [reason.code for reason in ranked[0].reasons] == ["skills"]


def test_review_lists_the_best_allowed_and_the_better_excluded():
    mentee = mentees(target_levels=[[4, 0, 0]])
    levels = [[4, 0, 0], [3, 0, 0], [2, 0, 0], [1, 0, 0], [0, 0, 0]]
    pool = mentors(5, skill_levels=levels, capacities=[0, 1, 1, 0, 1])
    ranked = rank_mentors(mentee, pool, only("skills"), 0)
    listed = review(ranked, limit=2, leave_out=(1,))
    # Mentor 1 is the proposal's own; 2 and 4 are the best allowed others;
    # 0 and 3 are full and score at least as well as mentor 4, the last of them.
    assert [m.mentor_index for m in listed] == [0, 2, 3, 4]
    assert [codes(m) for m in listed] == [["full"], [], ["full"], []]
    # With room for more allowed mentors than there are, every excluded one shows.
    assert {m.mentor_index for m in review(ranked, limit=5)} == {0, 1, 2, 3, 4}


def test_review_never_lists_the_mentee_themself():
    mentee = mentees(employee_ids=[100])
    pool = mentors(2, employee_ids=[100, 1])
    assert [m.mentor_index for m in review(rank_mentors(mentee, pool, MatchingSettings(), 0))] == [
        1
    ]


def test_why_nothing_can_be_suggested():
    mentee = mentees(employee_ids=[100], language_masks=[FRENCH], ancestor_ids=[[1]])
    pool = mentors(3, employee_ids=[1, 2, 3], capacities=[1, 0, 0])
    settings = MatchingSettings(chain_depth=1, require_shared_language=True)
    reasons = empty_reasons(rank_mentors(mentee, pool, settings, 0))
    assert [(r.code, r.mentors, r.of) for r in reasons] == [
        ("reporting_line", 1, 3),
        ("no_shared_language", 3, 3),
        ("full", 2, 3),
    ]


def test_every_mentor_full_and_no_ready_mentor():
    mentee = mentees()
    full = mentors(2, capacities=[0, 0])
    reasons = empty_reasons(rank_mentors(mentee, full, MatchingSettings(), 0))
    assert [(r.code, r.mentors, r.of) for r in reasons] == [("full", 2, 2)]
    assert [
        r.code for r in empty_reasons(rank_mentors(mentee, mentors(0), MatchingSettings(), 0))
    ] == [NO_READY_MENTOR]
    assert empty_reasons(rank_mentors(mentee, mentors(1), MatchingSettings(), 0)) is None
