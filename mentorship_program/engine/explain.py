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


def _row_lists(matrix):
    """Per row of a boolean matrix, the list of its True columns."""
    rows, cols = np.nonzero(matrix)
    ends = np.searchsorted(rows, np.arange(1, len(matrix) + 1)).tolist()
    cols = cols.tolist()
    return [cols[start:end] for start, end in zip([0, *ends[:-1]], ends)]


def _bit_lists(masks):
    """Per uint64 mask, the list of its set bit indexes, lowest first."""
    shifts = np.arange(64, dtype=np.uint64)
    return _row_lists(((masks[:, None] >> shifts) & np.uint64(1)).astype(bool))


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
    index = {name: i for i, name in enumerate(COMPONENTS)}

    def pairs_citing(code):
        """Positions of the pairs whose reasons include ``code``."""
        return np.flatnonzero(((order == index[code]) & present).any(axis=1))

    data = {}  # code -> (positions, data dict per position)
    cited = pairs_citing("skills")
    if len(cited):
        covered_steps = (
            (scorer.steps_wanted[rows[cited]] * scorer.steps_held[cols[cited]])
            .reshape(len(cited), n_skills, -1)
            .sum(axis=2)
            if scorer.max_level
            else np.zeros((len(cited), n_skills))
        )
        data["skills"] = (
            cited,
            [
                {"covered": covered, "wanted": wanted_steps, "skills": skills}
                for covered, wanted_steps, skills in zip(
                    covered_steps.sum(axis=1).astype(np.int64).tolist(),
                    scorer.gap_units[rows[cited]].astype(np.int64).tolist(),
                    _row_lists(covered_steps > 0),
                )
            ],
        )
    cited = pairs_citing("diversity")
    if len(cited):
        mentee_codes = mentees.attributes[rows[cited]]
        mentor_codes = mentors.attributes[cols[cited]]
        differing = (mentee_codes != mentor_codes) & (mentee_codes > 0) & (mentor_codes > 0)
        data["diversity"] = cited, [{"attributes": found} for found in _row_lists(differing)]
    cited = pairs_citing("timezone")
    if len(cited):
        hours_apart = np.abs(
            mentees.utc_offsets[rows[cited]].astype(np.float64)
            - mentors.utc_offsets[cols[cited]].astype(np.float64)
        )
        data["timezone"] = cited, [{"hours_apart": hours} for hours in hours_apart.tolist()]
    for code, key, left, right in (
        ("language", "languages", mentees.language_masks, mentors.language_masks),
        ("availability", "slots", mentees.availability_masks, mentors.availability_masks),
    ):
        cited = pairs_citing(code)
        if len(cited):
            shared = left[rows[cited]] & right[cols[cited]]
            data[code] = cited, [{key: bits} for bits in _bit_lists(shared)]

    # One Reason per cited (pair, component), built in one pass over flat
    # lists and cut into each pair's tuple: a generator and a tuple call
    # per pair cost more than the reasons themselves (6,000 pairs: 2/3 of
    # the explanation time).
    per_code = [[None] * n_pairs if code in data else None for code in COMPONENTS]
    for code, (cited, values) in data.items():
        by_pair = per_code[index[code]]
        for position, value in zip(cited.tolist(), values):
            by_pair[position] = value
    counts = present.sum(axis=1)
    pair_of, slot = np.nonzero(np.arange(MAX_REASONS)[None, : order.shape[1]] < counts[:, None])
    codes = order[pair_of, slot].tolist()
    shares = shares[pair_of, slot].tolist()
    flat = [
        Reason(COMPONENTS[code], share, {} if value is None else value)
        for code, share, value in zip(
            codes,
            shares,
            [
                None if per_code[code] is None else per_code[code][pair]
                for code, pair in zip(codes, pair_of.tolist())
            ],
        )
    ]
    ends = np.cumsum(counts).tolist()
    return [
        tuple(flat[end - count : end]) if count else (Reason(FALLBACK, 0.0, {}),)
        for end, count in zip(ends, counts.tolist())
    ]
