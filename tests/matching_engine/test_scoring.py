"""Each score component on fixtures computed by hand."""

import numpy as np
import pytest
from engine import MatchingSettings
from engine.scoring import PairScorer

from .factories import (
    ENGLISH,
    FRENCH,
    GERMAN,
    MONDAY_AM,
    MONDAY_PM,
    TUESDAY_AM,
    mentees,
    mentors,
    only,
)


def pair_component(mentee, mentor, component, **settings):
    scorer = PairScorer(mentee, mentor, only(component, **settings))
    pair = np.array([0]), np.array([0])
    value = scorer.components(*pair)[component][0]
    assert scorer.scores(*pair)[0] == pytest.approx(value)
    return value


def test_skill_coverage_counts_level_steps():
    # Gap: skill 0 from 1 to 4 (3 steps), skill 1 from 0 to 1 (1 step).
    mentee = mentees(skill_levels=[[1, 0, 2]], target_levels=[[4, 1, 0]])
    # Mentor reaches level 3 in skill 0 (2 of 3 steps) and 2 in skill 1.
    mentor = mentors(skill_levels=[[3, 2, 4]])
    assert pair_component(mentee, mentor, "skills") == pytest.approx(3 / 4)


def test_skill_coverage_is_zero_without_a_gap():
    mentee = mentees(skill_levels=[[2, 2, 2]], target_levels=[[2, 0, 1]])
    assert pair_component(mentee, mentors(skill_levels=[[4, 4, 4]]), "skills") == 0


def test_career_fit_is_the_share_of_path_roles_the_mentor_knows():
    mentee = mentees(target_role_sets=[[True, True, False]])
    assert pair_component(mentee, mentors(held_role_sets=[[True, False, True]]), "career") == 0.5
    assert pair_component(mentee, mentors(held_role_sets=[[True, True, False]]), "career") == 1
    assert pair_component(mentee, mentors(held_role_sets=[[False, False, True]]), "career") == 0


def test_cross_functional_needs_two_known_departments():
    assert (
        pair_component(mentees(department_ids=[1]), mentors(department_ids=[2]), "cross_functional")
        == 1
    )
    assert (
        pair_component(mentees(department_ids=[1]), mentors(department_ids=[1]), "cross_functional")
        == 0
    )
    assert (
        pair_component(mentees(department_ids=[0]), mentors(department_ids=[2]), "cross_functional")
        == 0
    )


def test_diversity_is_the_share_of_differing_attributes():
    mentee = mentees(attributes=[[1, 2]])
    assert pair_component(mentee, mentors(attributes=[[1, 3]]), "diversity") == 0.5
    assert pair_component(mentee, mentors(attributes=[[2, 3]]), "diversity") == 1
    assert pair_component(mentee, mentors(attributes=[[0, 3]]), "diversity") == 0.5


def test_language_is_the_share_of_the_mentees_languages_spoken():
    mentee = mentees(language_masks=[ENGLISH | FRENCH])
    assert pair_component(mentee, mentors(language_masks=[FRENCH | GERMAN]), "language") == 0.5
    assert pair_component(mentee, mentors(language_masks=[GERMAN]), "language") == 0


def test_timezone_fades_with_the_offset_gap():
    mentee = mentees(utc_offsets=[1])
    assert pair_component(mentee, mentors(utc_offsets=[1]), "timezone") == 1
    assert pair_component(mentee, mentors(utc_offsets=[-3]), "timezone") == pytest.approx(0.5)
    assert pair_component(mentee, mentors(utc_offsets=[-9]), "timezone") == 0


def test_availability_is_the_share_of_the_mentees_slots_shared():
    mentee = mentees(availability_masks=[MONDAY_AM | MONDAY_PM])
    assert (
        pair_component(mentee, mentors(availability_masks=[MONDAY_PM | TUESDAY_AM]), "availability")
        == 0.5
    )


def test_weighted_score_is_the_normalised_sum():
    mentee = mentees(department_ids=[1], utc_offsets=[0])
    mentor = mentors(department_ids=[2], utc_offsets=[4])
    settings = only("cross_functional")
    settings.weights["timezone"] = 3.0
    scorer = PairScorer(mentee, mentor, settings)
    assert scorer.scores(np.array([0]), np.array([0]))[0] == pytest.approx((1 * 1 + 3 * 0.5) / 4)


def test_dense_block_matches_pairwise_scores_with_many_departments():
    """Beyond a few categories the "same department" pairs are subtracted
    sparsely instead of multiplied in: both paths must give the same scores."""
    rng = np.random.default_rng(7)
    n, m = 80, 12
    mentee = mentees(
        n,
        department_ids=rng.integers(0, 200, n),
        attributes=rng.integers(0, 100, (n, 2)),
        skill_levels=rng.integers(0, 3, (n, 3)),
        target_levels=rng.integers(0, 4, (n, 3)),
        ancestor_ids=rng.integers(1, m + 1, (n, 1)),
    )
    mentor = mentors(
        m,
        department_ids=rng.integers(0, 200, m),
        attributes=rng.integers(0, 50, (m, 2)),
        skill_levels=rng.integers(0, 4, (m, 3)),
    )
    mentor.department_ids[:4] = mentee.department_ids[:4]  # make some departments shared
    scorer = PairScorer(mentee, mentor, MatchingSettings(chain_depth=1))
    assert scorer._sparse_same, "the sparse path must be exercised"
    rows = np.arange(n)
    dense = scorer.scores(rows)
    pairwise = scorer.scores(np.repeat(rows, m), np.tile(np.arange(m), n)).reshape(n, m)
    assert (np.isfinite(dense) == np.isfinite(pairwise)).all()
    finite = np.isfinite(dense)
    assert np.allclose(dense[finite], pairwise[finite], atol=1e-6)
    # and a non-contiguous, sorted selection of rows scores the same
    assert np.array_equal(scorer.scores(rows[::3]), dense[::3])
