"""Optimality, determinism, topic mentors and reasons."""

import itertools

import numpy as np
from engine import MatchingSettings, match
from engine.flow import SCORE_SCALE
from engine.scoring import PairScorer
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from .factories import mentees, mentors


def brute_force_cost(mentee, mentor, settings):
    """Best cost over every assignment (mentee -> mentor or nobody)."""
    scorer = PairScorer(mentee, mentor, settings)
    n, m = len(mentee), len(mentor)
    scores = scorer.scores(np.arange(n))
    costs = np.where(
        np.isfinite(scores), -np.rint(np.nan_to_num(scores, neginf=0) * SCORE_SCALE), np.inf
    )
    penalty = SCORE_SCALE * (n + 1) * (1.0 + mentee.priority)
    best = np.inf
    for choice in itertools.product(range(m + 1), repeat=n):
        load = np.bincount([c for c in choice if c < m], minlength=m)
        if (load > mentor.capacities).any():
            continue
        total = sum(costs[i, c] if c < m else penalty[i] for i, c in enumerate(choice))
        best = min(best, total)
    return best


def engine_cost(result, mentee, mentor, settings):
    scorer = PairScorer(mentee, mentor, settings)
    penalty = SCORE_SCALE * (len(mentee) + 1) * (1.0 + mentee.priority)
    rows = np.array([p.mentee_index for p in result.core], dtype=int)
    cols = np.array([p.mentor_index for p in result.core], dtype=int)
    matched = -np.rint(scorer.scores(rows, cols) * SCORE_SCALE).sum() if len(rows) else 0
    return matched + penalty[result.unmatched].sum()


@st.composite
def instances(draw):
    n = draw(st.integers(1, 5))
    m = draw(st.integers(1, 3))
    levels = st.integers(0, 3)
    mentee = mentees(
        n,
        employee_ids=np.arange(n) + 100,
        department_ids=draw(st.lists(st.integers(0, 2), min_size=n, max_size=n)),
        skill_levels=np.array(draw(st.lists(levels, min_size=3 * n, max_size=3 * n))).reshape(n, 3),
        target_levels=np.array(draw(st.lists(levels, min_size=3 * n, max_size=3 * n))).reshape(
            n, 3
        ),
        language_masks=draw(st.lists(st.integers(1, 7), min_size=n, max_size=n)),
        availability_masks=draw(st.lists(st.integers(1, 7), min_size=n, max_size=n)),
        utc_offsets=draw(st.lists(st.integers(-5, 5), min_size=n, max_size=n)),
        ancestor_ids=np.array(
            draw(st.lists(st.integers(1, m + 1), min_size=n, max_size=n))
        ).reshape(n, 1),
        priority=draw(st.lists(st.sampled_from([0.0, 1.0]), min_size=n, max_size=n)),
    )
    mentor = mentors(
        m,
        department_ids=draw(st.lists(st.integers(0, 2), min_size=m, max_size=m)),
        skill_levels=np.array(draw(st.lists(levels, min_size=3 * m, max_size=3 * m))).reshape(m, 3),
        language_masks=draw(st.lists(st.integers(1, 7), min_size=m, max_size=m)),
        availability_masks=draw(st.lists(st.integers(1, 7), min_size=m, max_size=m)),
        utc_offsets=draw(st.lists(st.integers(-5, 5), min_size=m, max_size=m)),
        capacities=draw(st.lists(st.integers(1, 2), min_size=m, max_size=m)),
    )
    rules = MatchingSettings(
        chain_depth=draw(st.integers(0, 1)),
        allow_same_department=draw(st.booleans()),
        require_shared_language=draw(st.booleans()),
        candidates_per_mentee=1,  # force the certificate to add arcs
    )
    return mentee, mentor, rules


@hypothesis_settings(max_examples=150, deadline=None)
@given(instances())
def test_engine_reaches_the_brute_force_optimum(instance):
    mentee, mentor, rules = instance
    result = match(mentee, mentor, rules)
    assert engine_cost(result, mentee, mentor, rules) == brute_force_cost(mentee, mentor, rules)


def test_same_input_same_output():
    rng = np.random.default_rng(3)
    kwargs = {
        "skill_levels": rng.integers(0, 4, (40, 3)),
        "target_levels": rng.integers(0, 4, (40, 3)),
        "department_ids": rng.integers(1, 4, 40),
    }
    pool = {"skill_levels": rng.integers(0, 4, (10, 3)), "capacities": rng.integers(1, 4, 10)}
    runs = [
        [
            (p.mentee_index, p.mentor_index, p.kind, p.score)
            for p in match(
                mentees(40, **kwargs),
                mentors(10, **pool),
                MatchingSettings(topic_mentors_per_mentee=1),
            ).proposals
        ]
        for _ in range(3)
    ]
    assert runs[0] == runs[1] == runs[2]


def test_priority_mentee_is_matched_first_when_capacity_is_short():
    result = match(
        mentees(
            2,
            priority=[0.0, 1.0],
            skill_levels=[[0, 0, 0], [0, 0, 0]],
            target_levels=[[2, 0, 0], [0, 0, 0]],
        ),
        mentors(1, skill_levels=[[3, 0, 0]]),
        MatchingSettings(),
    )
    assert [p.mentee_index for p in result.core] == [1]


def test_topic_mentor_covers_what_the_core_mentor_does_not():
    mentee = mentees(1, target_levels=[[3, 3, 0]], department_ids=[1])
    pool = mentors(
        3,
        employee_ids=[1, 2, 3],
        skill_levels=[[3, 0, 0], [0, 3, 0], [0, 0, 3]],
        capacities=[1, 1, 1],
    )
    result = match(mentee, pool, MatchingSettings(topic_mentors_per_mentee=2))
    core, topic = result.core, result.topic
    assert len(core) == 1
    assert [p.mentor_index for p in topic] == [1 - core[0].mentor_index]
    assert core[0].mentor_index not in [p.mentor_index for p in topic]


def test_no_topic_mentor_without_the_setting():
    result = match(
        mentees(1, target_levels=[[3, 3, 0]]),
        mentors(2, skill_levels=[[3, 0, 0], [0, 3, 0]]),
        MatchingSettings(),
    )
    assert result.topic == []


def test_reasons_name_the_strongest_components():
    mentee = mentees(1, target_levels=[[2, 1, 0]], department_ids=[1], utc_offsets=[2])
    mentor = mentors(1, skill_levels=[[2, 1, 0]], department_ids=[2], utc_offsets=[0])
    proposal = match(mentee, mentor, MatchingSettings()).core[0]
    skills = proposal.reasons[0]
    assert (skills.code, skills.data) == ("skills", {"covered": 3, "wanted": 3, "skills": [0, 1]})
    assert "cross_functional" in [r.code for r in proposal.reasons]
    assert len(proposal.reasons) <= 3
    assert proposal.components["skills"] == 1.0


def test_suggestions_are_the_best_mentors_with_room_left():
    from engine import suggest

    mentee = mentees(1, target_levels=[[3, 0, 0]], ancestor_ids=[[4]])
    pool = mentors(
        5,
        employee_ids=[1, 2, 3, 4, 5],
        skill_levels=[[3, 0, 0], [2, 0, 0], [1, 0, 0], [3, 0, 0], [3, 0, 0]],
        capacities=[1, 1, 1, 1, 0],
    )
    suggestions = suggest(mentee, pool, MatchingSettings(chain_depth=1), 0, limit=3)
    # mentor 4 is the mentee's manager, mentor 5 is full
    assert [p.mentor_index for p in suggestions] == [0, 1, 2]
    assert [p.score for p in suggestions] == sorted((p.score for p in suggestions), reverse=True)
    assert suggestions[0].reasons[0].code == "skills"
    assert (
        suggestions[0].reasons[0].data["covered"] == suggestions[0].reasons[0].data["wanted"] == 3
    )
    assert suggest(mentee, pool, MatchingSettings(chain_depth=1), 0, limit=3) == suggestions
