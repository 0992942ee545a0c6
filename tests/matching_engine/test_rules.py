"""Hard rules: a forbidden pair is never proposed."""

import numpy as np
import pytest
from engine import MatchingError, MatchingSettings, match
from engine.scoring import PairScorer

from .factories import ENGLISH, FRENCH, MONDAY_AM, MONDAY_PM, mentees, mentors


def allowed_matrix(mentee, mentor, **settings):
    scorer = PairScorer(mentee, mentor, MatchingSettings(**settings))
    dense = scorer.allowed(np.arange(len(mentee)))
    pairwise = scorer.allowed(
        np.repeat(np.arange(len(mentee)), len(mentor)), np.tile(np.arange(len(mentor)), len(mentee))
    )
    assert (dense.ravel() == pairwise).all()
    return dense


def test_never_self():
    person = 7
    allowed = allowed_matrix(mentees(employee_ids=[person]), mentors(2, employee_ids=[person, 8]))
    assert allowed.tolist() == [[False, True]]


def test_management_chain_up_to_the_program_depth():
    mentee = mentees(ancestor_ids=[[11, 12, 13]])
    chain = mentors(4, employee_ids=[11, 12, 13, 14])
    assert allowed_matrix(mentee, chain, chain_depth=0).tolist() == [[True] * 4]
    assert allowed_matrix(mentee, chain, chain_depth=1).tolist() == [[False, True, True, True]]
    assert allowed_matrix(mentee, chain, chain_depth=3).tolist() == [[False, False, False, True]]


def test_same_department_when_the_program_forbids_it():
    mentee = mentees(department_ids=[5])
    pool = mentors(3, department_ids=[5, 6, 0])
    assert allowed_matrix(mentee, pool, allow_same_department=True).all()
    assert allowed_matrix(mentee, pool, allow_same_department=False).tolist() == [
        [False, True, True]
    ]


def test_must_have_shared_language_and_availability():
    mentee = mentees(language_masks=[FRENCH], availability_masks=[MONDAY_AM])
    pool = mentors(
        2, language_masks=[ENGLISH, FRENCH | ENGLISH], availability_masks=[MONDAY_AM, MONDAY_PM]
    )
    assert allowed_matrix(mentee, pool, require_shared_language=True).tolist() == [[False, True]]
    assert allowed_matrix(mentee, pool, require_availability_overlap=True).tolist() == [
        [True, False]
    ]


def test_explicit_exclusions():
    mentee = mentees(employee_ids=[100])
    pool = mentors(2, employee_ids=[1, 2])
    assert allowed_matrix(mentee, pool, excluded_pairs=frozenset({(100, 2)})).tolist() == [
        [True, False]
    ]


def test_capacity_is_never_exceeded():
    result = match(mentees(5), mentors(2, capacities=[2, 1]), MatchingSettings())
    counts = np.bincount([p.mentor_index for p in result.core], minlength=2)
    assert counts.tolist() == [2, 1]
    assert len(result.unmatched) == 2
    assert result.coverage == pytest.approx(3 / 5)


def test_forbidden_pairs_are_never_proposed_even_if_nobody_else_is_left():
    mentee = mentees(employee_ids=[1])
    result = match(mentee, mentors(1, employee_ids=[1]), MatchingSettings())
    assert result.core == [] and result.unmatched == [0]


@pytest.mark.parametrize(
    ("mentee_kwargs", "mentor_kwargs", "settings", "message"),
    [
        ({}, {"capacities": [0]}, MatchingSettings(), "All mentors are full"),
        ({}, {}, MatchingSettings(weights={"skills": 0.0}), "At least one matching weight"),
        (
            {},
            {},
            MatchingSettings(weights={"skills": -1.0, "career": 2.0}),
            "cannot be negative: skills",
        ),
        ({}, {}, MatchingSettings(weights={"charisma": 1.0}), "Unknown score components: charisma"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(mentee_kwargs, mentor_kwargs, settings, message):
    with pytest.raises(MatchingError, match=message):
        match(mentees(**mentee_kwargs), mentors(**mentor_kwargs), settings)


def test_no_mentor_or_no_mentee():
    with pytest.raises(MatchingError, match="no ready mentor"):
        match(mentees(), mentors(0), MatchingSettings())
    with pytest.raises(MatchingError, match="no eligible mentee"):
        match(mentees(0), mentors(), MatchingSettings())


def test_missing_skills_are_warned_not_fatal():
    result = match(mentees(names=["Ana"]), mentors(names=["Bo"]), MatchingSettings())
    assert len(result.core) == 1
    assert any("no skill gap to close (e.g. Ana)" in w for w in result.warnings)
    assert any("no recorded skill (e.g. Bo)" in w for w in result.warnings)
