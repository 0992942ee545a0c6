"""Structured reasons for a proposal's score: codes and numbers, no words.

The engine says *which* components make a pair strong and by how much,
in the indexes it was given (skill columns, attribute columns, language
and availability bits). Turning that into sentences, in the reader's
language, and deciding who may read which reason (a participant never
sees the diversity one) is the caller's job.
"""

from dataclasses import dataclass, field

import numpy as np

from .profiles import COMPONENTS

MAX_REASONS = 3
FALLBACK = "fallback"  # no component contributes: the best pairing left under the rules
REASON_CODES = (*COMPONENTS, FALLBACK)


@dataclass(frozen=True)
class Reason:
    """One reason for a pair's score.

    ``code`` is a component of :data:`~.profiles.COMPONENTS`, or
    ``"fallback"`` when no component contributes. ``share`` is the
    component's weighted contribution to the pair's score (0..1, rounded
    to 4 places; 0 for the fallback). ``data`` holds JSON-serialisable
    numbers, per code:

    - ``skills``: ``{"covered": steps covered, "wanted": steps wanted,
      "skills": [skill column indexes covered]}``
    - ``diversity``: ``{"attributes": [attribute indexes that differ]}``
    - ``timezone``: ``{"hours_apart": float}``
    - ``availability``: ``{"slots": [availability bit indexes shared]}``
    - ``language``: ``{"languages": [language bit indexes shared]}``
    - ``career``, ``cross_functional``, ``fallback``: ``{}``
    """

    code: str
    share: float
    data: dict = field(default_factory=dict)

    def to_dict(self):
        """A plain, JSON-serialisable ``{"code", "share", "data"}`` dict."""
        return {
            "code": self.code,
            "share": self.share,
            "data": {
                key: list(value) if isinstance(value, list | tuple) else value
                for key, value in self.data.items()
            },
        }

    @classmethod
    def from_dict(cls, value):
        """The reason back from :meth:`to_dict`'s form (e.g. after JSON)."""
        if isinstance(value, cls):
            return value
        return cls(
            code=str(value["code"]),
            share=float(value["share"]),
            data={
                key: list(item) if isinstance(item, list | tuple) else item
                for key, item in (value.get("data") or {}).items()
            },
        )


def _set_bits(mask):
    """Indexes of the bits set in an integer mask, lowest first."""
    mask = int(mask)
    bits = []
    while mask:
        low = mask & -mask
        bits.append(low.bit_length() - 1)
        mask ^= low
    return bits


def explain_pairs(scorer, rows, cols, components):
    """A tuple of :class:`Reason`, strongest first, for each (rows[i], cols[i]) pair.

    A reason is given for each component with a positive weighted
    contribution, at most :data:`MAX_REASONS`, ties in component order;
    a pair without any gets the single ``fallback`` reason.
    """
    mentees, mentors = scorer.mentees, scorer.mentors
    rows, cols = np.asarray(rows), np.asarray(cols)
    n_pairs = len(rows)
    n_skills = mentees.skill_levels.shape[1]
    contributions = np.stack(
        [scorer.weights[i] * components[name] for i, name in enumerate(COMPONENTS)], axis=1
    ).reshape(n_pairs, len(COMPONENTS))
    order = np.argsort(-contributions, axis=1, kind="stable")[:, :MAX_REASONS]
    strongest = np.take_along_axis(contributions, order, axis=1)
    shares = np.round(strongest.astype(np.float64), 4)
    present = strongest > 0
    wanted = set(order[present].tolist())
    index = {name: i for i, name in enumerate(COMPONENTS)}

    covered_steps = wanted_steps = differing = hours_apart = None
    shared_languages = shared_slots = None
    if index["skills"] in wanted:
        covered_steps = (
            (scorer.steps_wanted[rows] * scorer.steps_held[cols])
            .reshape(n_pairs, n_skills, -1)
            .sum(axis=2)
            if scorer.max_level
            else np.zeros((n_pairs, n_skills))
        ).astype(np.int64)
        wanted_steps = scorer.gap_units[rows].astype(np.int64)
    if index["diversity"] in wanted:
        mentee_codes, mentor_codes = mentees.attributes[rows], mentors.attributes[cols]
        differing = (mentee_codes != mentor_codes) & (mentee_codes > 0) & (mentor_codes > 0)
    if index["timezone"] in wanted:
        hours_apart = np.abs(
            mentees.utc_offsets[rows].astype(np.float64)
            - mentors.utc_offsets[cols].astype(np.float64)
        )
    if index["language"] in wanted:
        shared_languages = mentees.language_masks[rows] & mentors.language_masks[cols]
    if index["availability"] in wanted:
        shared_slots = mentees.availability_masks[rows] & mentors.availability_masks[cols]

    def data_of(code, i):
        if code == "skills":
            return {
                "covered": int(covered_steps[i].sum()),
                "wanted": int(wanted_steps[i]),
                "skills": np.flatnonzero(covered_steps[i]).tolist(),
            }
        if code == "diversity":
            return {"attributes": np.flatnonzero(differing[i]).tolist()}
        if code == "timezone":
            return {"hours_apart": float(hours_apart[i])}
        if code == "language":
            return {"languages": _set_bits(shared_languages[i])}
        if code == "availability":
            return {"slots": _set_bits(shared_slots[i])}
        return {}

    explanations = []
    order_list, shares_list, present_list = order.tolist(), shares.tolist(), present.tolist()
    for i in range(n_pairs):
        reasons = tuple(
            Reason(COMPONENTS[c], share, data_of(COMPONENTS[c], i))
            for c, share, keep in zip(order_list[i], shares_list[i], present_list[i])
            if keep
        )
        explanations.append(reasons or (Reason(FALLBACK, 0.0, {}),))
    return explanations
