"""Plain-words reasons for a proposal's score."""

import numpy as np

from .profiles import COMPONENTS

MAX_REASONS = 3


def _names(names, indexes, fallback):
    if names is None:
        return [f"{fallback} {i + 1}" for i in indexes]
    return [names[i] for i in indexes]


def explain_pairs(scorer, rows, cols, components, skill_names=None, attribute_names=None):
    """A list of reasons, strongest first, for each (rows[i], cols[i]) pair."""
    mentees, mentors = scorer.mentees, scorer.mentors
    n_skills = mentees.skill_levels.shape[1]
    covered_steps = (
        (scorer.steps_wanted[rows] * scorer.steps_held[cols])
        .reshape(len(rows), n_skills, -1)
        .sum(axis=2)
        if scorer.max_level
        else np.zeros((len(rows), n_skills))
    )
    wanted_steps = scorer.gap_units[rows]
    offsets_gap = np.abs(mentees.utc_offsets[rows] - mentors.utc_offsets[cols])
    shared_slots = np.bitwise_count(
        mentees.availability_masks[rows] & mentors.availability_masks[cols]
    )
    n_attributes = mentees.attributes.shape[1]
    contributions = np.stack(
        [scorer.weights[i] * components[name] for i, name in enumerate(COMPONENTS)], axis=1
    )
    explanations = []
    for i in range(len(rows)):
        reasons = []
        for c in np.argsort(-contributions[i], kind="stable"):
            if contributions[i, c] <= 0 or len(reasons) == MAX_REASONS:
                break
            name = COMPONENTS[c]
            if name == "skills":
                skills = _names(skill_names, np.flatnonzero(covered_steps[i]), "skill")
                reasons.append(
                    f"covers {int(covered_steps[i].sum())} of {int(wanted_steps[i])} "
                    f"skill-gap levels ({', '.join(skills)})"
                )
            elif name == "career":
                reasons.append("holds or has held the mentee's target role or its next step")
            elif name == "cross_functional":
                reasons.append("works in another department: a cross-functional view")
            elif name == "diversity":
                mentee_codes = mentees.attributes[rows[i]]
                mentor_codes = mentors.attributes[cols[i]]
                differing = [
                    a
                    for a in range(n_attributes)
                    if mentee_codes[a] != mentor_codes[a]
                    and mentee_codes[a] > 0
                    and mentor_codes[a] > 0
                ]
                labels = _names(attribute_names, differing, "attribute")
                reasons.append(f"brings a different background ({', '.join(labels)})")
            elif name == "language":
                reasons.append("shares a working language")
            elif name == "timezone":
                gap = float(offsets_gap[i])
                reasons.append("same time zone" if gap == 0 else f"time zones {gap:g} h apart")
            elif name == "availability":
                reasons.append(f"{int(shared_slots[i])} free half-day(s) in common")
        explanations.append(reasons or ["the best pairing left under the program's rules"])
    return explanations
