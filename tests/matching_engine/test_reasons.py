"""Structured reasons: codes, shares and indexes, never words."""

import dataclasses
import json

import numpy as np
import pytest
from engine import MAX_REASONS, REASON_CODES, MatchingSettings, Reason, match, suggest
from engine.profiles import COMPONENTS

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


def reasons_of(mentee, mentor, settings):
    result = match(mentee, mentor, settings)
    assert len(result.core) == 1
    return result.core[0].reasons


def weights(**values):
    return MatchingSettings(weights={**dict.fromkeys(COMPONENTS, 0.0), **values})


def test_skills_reason_counts_steps_and_lists_skill_columns():
    # Wanted: skill 0 from 0 to 2 (2 steps), skill 1 from 1 to 3 (2 steps),
    # skill 2 from 0 to 1 (1 step). The mentor reaches 2 in skill 0, 2 in
    # skill 1 (one of its two steps), nothing in skill 2.
    mentee = mentees(skill_levels=[[0, 1, 0]], target_levels=[[2, 3, 1]])
    mentor = mentors(skill_levels=[[2, 2, 0]])
    (reason,) = reasons_of(mentee, mentor, only("skills"))
    assert reason == Reason("skills", 0.6, {"covered": 3, "wanted": 5, "skills": [0, 1]})
    assert isinstance(reason.data["covered"], int) and isinstance(reason.data["wanted"], int)


def test_diversity_reason_lists_the_differing_known_attributes():
    # Attribute 0 is the same, 1 differs, 2 is unknown on the mentor's side.
    mentee = mentees(attributes=[[1, 2, 3]])
    mentor = mentors(attributes=[[1, 3, 0]])
    (reason,) = reasons_of(mentee, mentor, only("diversity"))
    assert reason == Reason("diversity", 0.3333, {"attributes": [1]})


def test_availability_reason_lists_the_shared_slot_bits():
    mentee = mentees(availability_masks=[MONDAY_AM | MONDAY_PM | TUESDAY_AM])
    mentor = mentors(availability_masks=[MONDAY_PM | TUESDAY_AM])
    (reason,) = reasons_of(mentee, mentor, only("availability"))
    assert reason == Reason("availability", 0.6667, {"slots": [1, 2]})


def test_availability_bits_beyond_32_are_indexes_too():
    mentee = mentees(availability_masks=[(1 << 63) | (1 << 40) | 1])
    mentor = mentors(availability_masks=[(1 << 63) | (1 << 40)])
    (reason,) = reasons_of(mentee, mentor, only("availability"))
    assert reason.data == {"slots": [40, 63]}


def test_language_reason_lists_the_shared_language_bits():
    mentee = mentees(language_masks=[ENGLISH | GERMAN])
    mentor = mentors(language_masks=[FRENCH | GERMAN])
    (reason,) = reasons_of(mentee, mentor, only("language"))
    assert reason == Reason("language", 0.5, {"languages": [2]})


def test_timezone_reason_gives_the_hours_apart():
    mentee = mentees(utc_offsets=[2.0])
    mentor = mentors(utc_offsets=[-1.5])
    (reason,) = reasons_of(mentee, mentor, only("timezone"))
    assert reason.code == "timezone"
    assert reason.data == {"hours_apart": 3.5}
    assert reason.share == pytest.approx(round(1 - 3.5 / 8, 4))


def test_same_time_zone_is_zero_hours_apart():
    (reason,) = reasons_of(mentees(utc_offsets=[1]), mentors(utc_offsets=[1]), only("timezone"))
    assert reason == Reason("timezone", 1.0, {"hours_apart": 0.0})


def test_career_and_cross_functional_carry_no_data():
    mentee = mentees(target_role_sets=[[True, False]], department_ids=[1])
    mentor = mentors(held_role_sets=[[True, False]], department_ids=[2])
    reasons = reasons_of(mentee, mentor, weights(career=3.0, cross_functional=1.0))
    assert reasons == (Reason("career", 0.75, {}), Reason("cross_functional", 0.25, {}))


def test_fallback_when_no_component_contributes():
    # Only skills count and the mentee has no gap: the pair is still the
    # best one left, and says so.
    (reason,) = reasons_of(mentees(), mentors(skill_levels=[[4, 4, 4]]), only("skills"))
    assert reason == Reason("fallback", 0.0, {})
    assert "fallback" in REASON_CODES


def test_strongest_first_capped_ties_in_component_order():
    mentee = mentees(
        skill_levels=[[0, 0, 0]],
        target_levels=[[2, 0, 0]],
        department_ids=[1],
        attributes=[[1]],
        language_masks=[ENGLISH],
        availability_masks=[MONDAY_AM],
        utc_offsets=[0],
    )
    mentor = mentors(
        skill_levels=[[1, 0, 0]],  # covers 1 of 2 steps: skills = 0.5
        department_ids=[2],  # cross_functional = 1
        attributes=[[2]],  # diversity = 1
        language_masks=[ENGLISH],  # language = 1
        availability_masks=[MONDAY_AM],  # availability = 1
        utc_offsets=[0],  # timezone = 1
    )
    settings = weights(
        skills=4.0,  # 4 * 0.5 = 2
        cross_functional=1.0,  # 1
        diversity=2.0,  # 2: ties with skills, which comes first
        language=1.0,  # 1: ties with cross_functional, which comes first
        timezone=3.0,  # 3: the strongest
        availability=1.0,
    )
    reasons = reasons_of(mentee, mentor, settings)
    assert len(reasons) == MAX_REASONS == 3
    assert [r.code for r in reasons] == ["timezone", "skills", "diversity"]
    assert [r.share for r in reasons] == [0.25, pytest.approx(0.1667), pytest.approx(0.1667)]
    assert reasons[1].data == {"covered": 1, "wanted": 2, "skills": [0]}
    assert reasons[2].data == {"attributes": [0]}


def test_components_without_a_positive_contribution_are_left_out():
    mentee = mentees(department_ids=[1], language_masks=[ENGLISH])
    mentor = mentors(department_ids=[1], language_masks=[FRENCH])
    settings = weights(cross_functional=1.0, language=1.0, timezone=1.0)
    assert [r.code for r in reasons_of(mentee, mentor, settings)] == ["timezone"]


def test_shares_are_the_weighted_components():
    rng = np.random.default_rng(11)
    n, m = 30, 8
    result = match(
        mentees(
            n,
            skill_levels=rng.integers(0, 3, (n, 3)),
            target_levels=rng.integers(0, 4, (n, 3)),
            department_ids=rng.integers(1, 4, n),
            attributes=rng.integers(1, 3, (n, 2)),
            language_masks=rng.integers(1, 8, n),
            availability_masks=rng.integers(1, 8, n),
            utc_offsets=rng.integers(-3, 4, n),
        ),
        mentors(
            m,
            skill_levels=rng.integers(0, 4, (m, 3)),
            department_ids=rng.integers(1, 4, m),
            attributes=rng.integers(1, 3, (m, 2)),
            language_masks=rng.integers(1, 8, m),
            availability_masks=rng.integers(1, 8, m),
            utc_offsets=rng.integers(-3, 4, m),
            capacities=np.full(m, 8),
        ),
        MatchingSettings(topic_mentors_per_mentee=1),
    )
    normalized = dict(zip(COMPONENTS, MatchingSettings().normalized_weights()))
    assert result.topic, "topic proposals carry reasons too"
    for proposal in result.proposals:
        assert isinstance(proposal.reasons, tuple)
        assert 1 <= len(proposal.reasons) <= MAX_REASONS
        shares = [r.share for r in proposal.reasons]
        assert shares == sorted(shares, reverse=True)
        for reason in proposal.reasons:
            assert reason.code in REASON_CODES
            if reason.code != "fallback":
                expected = normalized[reason.code] * proposal.components[reason.code]
                assert reason.share == pytest.approx(expected, abs=2e-4)
        if len(proposal.reasons) < MAX_REASONS and proposal.reasons[0].code != "fallback":
            assert sum(shares) == pytest.approx(proposal.score, abs=1e-3)


def test_round_trip_through_a_dict_and_json():
    reasons = [
        Reason("skills", 0.381, {"covered": 3, "wanted": 4, "skills": [0, 2]}),
        Reason("diversity", 0.0476, {"attributes": [1]}),
        Reason("timezone", 0.0357, {"hours_apart": 3.5}),
        Reason("availability", 0.0952, {"slots": [0, 9]}),
        Reason("language", 0.0952, {"languages": [0]}),
        Reason("career", 0.1905, {}),
        Reason("fallback", 0.0, {}),
    ]
    for reason in reasons:
        assert Reason.from_dict(reason.to_dict()) == reason
        assert Reason.from_dict(json.loads(json.dumps(reason.to_dict()))) == reason
        assert set(reason.to_dict()) == {"code", "share", "data"}


def test_engine_reasons_are_json_serialisable_and_round_trip():
    mentee = mentees(target_levels=[[2, 1, 0]], department_ids=[1], utc_offsets=[2])
    mentor = mentors(skill_levels=[[2, 1, 0]], department_ids=[2], utc_offsets=[0])
    for reason in reasons_of(mentee, mentor, MatchingSettings()):
        text = json.dumps(reason.to_dict())
        assert Reason.from_dict(json.loads(text)) == reason
        assert Reason.from_dict(reason.to_dict()) == reason


def test_reasons_are_frozen():
    reason = Reason("career", 0.5, {})
    with pytest.raises(dataclasses.FrozenInstanceError):
        reason.code = "skills"


def test_no_english_and_no_names_in_the_engine_api():
    mentee, mentor = mentees(target_levels=[[1, 0, 0]]), mentors(skill_levels=[[1, 0, 0]])
    proposal = match(mentee, mentor, MatchingSettings()).core[0]
    assert not hasattr(proposal, "explanation")
    with pytest.raises(TypeError):
        match(mentee, mentor, MatchingSettings(), skill_names=["Python", "Sales", "Go"])
    with pytest.raises(TypeError):
        suggest(mentee, mentor, MatchingSettings(), 0, attribute_names=["gender"])


def test_suggestions_carry_structured_reasons():
    mentee = mentees(1, target_levels=[[3, 0, 0]])
    pool = mentors(2, employee_ids=[1, 2], skill_levels=[[3, 0, 0], [1, 0, 0]])
    first, second = suggest(mentee, pool, only("skills"), 0, limit=2)
    assert first.reasons == (Reason("skills", 1.0, {"covered": 3, "wanted": 3, "skills": [0]}),)
    assert second.reasons == (Reason("skills", 0.3333, {"covered": 1, "wanted": 3, "skills": [0]}),)
