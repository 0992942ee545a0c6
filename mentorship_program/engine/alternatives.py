"""Every mentor for one mentee: a score, the seats left and the rules that
rule the pair out, as codes and numbers.

:func:`match` and :func:`suggest` only return the pairs the rules allow.
HR reviewing a proposal also wants the mentors left out and why ("full",
"in the mentee's reporting line"), and a mentee without any suggestion
deserves to be told which rules emptied the list. Both read
:func:`rank_mentors`; the words are the caller's.

A pair's score here is the one :func:`match` gives it: the rules only turn
an allowed pair into a forbidden one, they never change its score, so an
excluded mentor is shown with the score it would have without the rule.
"""

import dataclasses
from dataclasses import dataclass, field

import numpy as np

from .explain import explain_pairs
from .profiles import MatchingError
from .scoring import PairScorer

# The rules that exclude a mentor, in the order they are reported.
# ``same_person``, ``reporting_line`` and ``excluded`` (the mentee declined
# them, or their pair ended in a re-match) are the identity rules; the next
# three are the program's optional hard rules; ``full`` is the capacity.
EXCLUSION_CODES = (
    "same_person",
    "reporting_line",
    "excluded",
    "same_department",
    "no_shared_language",
    "no_common_availability",
    "full",
)
# A summary code of its own: the program has no ready mentor at all.
NO_READY_MENTOR = "no_ready_mentor"


@dataclass(frozen=True)
class Exclusion:
    """One rule that rules a pair out.

    ``data`` per code: ``reporting_line``: ``{"levels_up": 1 for the
    mentee's manager, 2 for the manager's manager...}``; ``full``:
    ``{"capacity_left": 0}``; the others: ``{}``.
    """

    code: str
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class RankedMentor:
    """One mentor for the mentee: ``score`` (0..1; 0 for the mentee
    themself), ``free_seats``, the ``exclusions`` that rule the pair out
    (empty when it is allowed) and the score's ``reasons``
    (:class:`.explain.Reason`)."""

    mentor_index: int
    score: float
    free_seats: int
    exclusions: tuple
    reasons: tuple

    @property
    def allowed(self):
        return not self.exclusions


@dataclass(frozen=True)
class EmptyReason:
    """Why a mentee has no suggestion: ``code`` (an exclusion code, or
    :data:`NO_READY_MENTOR`), the number of ready ``mentors`` it rules out
    and the number of ready mentors there are (``of``)."""

    code: str
    mentors: int
    of: int


def _relaxed(settings):
    """The settings without the rules that only forbid pairs: same scores."""
    return dataclasses.replace(
        settings,
        chain_depth=0,
        allow_same_department=True,
        require_shared_language=False,
        require_availability_overlap=False,
        excluded_pairs=frozenset(),
    )


def mentor_exclusions(mentees, mentors, settings, mentee_index):
    """Per mentor, the tuple of :class:`Exclusion` ruling out its pair with
    the mentee ``mentee_index`` (empty when allowed), in EXCLUSION_CODES order."""
    found = [[] for _mentor in range(len(mentors))]

    def mark(mask, code, data=None):
        for col in np.flatnonzero(mask).tolist():
            found[col].append(Exclusion(code, dict(data or {})))

    employee_id = int(mentees.employee_ids[mentee_index])
    mark(mentors.employee_ids == employee_id, "same_person")
    depth = min(settings.chain_depth, mentees.ancestor_ids.shape[1])
    in_chain = np.zeros(len(mentors), dtype=bool)
    for level, ancestor_id in enumerate(mentees.ancestor_ids[mentee_index, :depth].tolist()):
        if ancestor_id < 0:
            continue
        hit = (mentors.employee_ids == ancestor_id) & ~in_chain
        mark(hit, "reporting_line", {"levels_up": level + 1})
        in_chain |= hit
    excluded_ids = [int(k) for m, k in settings.excluded_pairs if int(m) == employee_id]
    mark(np.isin(mentors.employee_ids, excluded_ids), "excluded")
    if not settings.allow_same_department and mentees.department_ids[mentee_index] > 0:
        mark(mentors.department_ids == mentees.department_ids[mentee_index], "same_department")
    if settings.require_shared_language:
        mark(
            (mentors.language_masks & mentees.language_masks[mentee_index]) == 0,
            "no_shared_language",
        )
    if settings.require_availability_overlap:
        mark(
            (mentors.availability_masks & mentees.availability_masks[mentee_index]) == 0,
            "no_common_availability",
        )
    mark(mentors.capacities <= 0, "full", {"capacity_left": 0})
    return [tuple(exclusions) for exclusions in found]


def rank_mentors(mentees, mentors, settings, mentee_index):
    """Every mentor for the mentee ``mentee_index``, as :class:`RankedMentor`:
    the allowed ones first, then the excluded ones, each best score first
    (ties by mentor position, so the order is stable for the same input)."""
    settings.normalized_weights()
    if not len(mentors):
        return []
    if mentees.skill_levels.shape[1] != mentors.skill_levels.shape[1]:
        raise MatchingError("Mentees and mentors must use the same skill columns.")
    scorer = PairScorer(mentees, mentors, _relaxed(settings))
    cols = np.arange(len(mentors))
    rows = np.full(len(mentors), mentee_index)
    scores = scorer.exact(rows, cols)
    scores = np.where(np.isfinite(scores), np.round(scores, 4), 0.0)  # -inf: the mentee themself
    reasons = explain_pairs(scorer, rows, cols, scorer.components(rows, cols))
    exclusions = mentor_exclusions(mentees, mentors, settings, mentee_index)
    ranked = [
        RankedMentor(
            mentor_index=col,
            score=score,
            free_seats=max(int(seats), 0),
            exclusions=pair_exclusions,
            reasons=pair_reasons,
        )
        for col, score, seats, pair_exclusions, pair_reasons in zip(
            cols.tolist(), scores.tolist(), mentors.capacities.tolist(), exclusions, reasons
        )
    ]
    ranked.sort(key=lambda mentor: (not mentor.allowed, -mentor.score, mentor.mentor_index))
    return ranked


def review(ranked, limit=5, leave_out=()):
    """HR's review of a mentee: the ``limit`` best allowed mentors, and the
    excluded mentors scoring at least as well as the last of them (all
    excluded ones when fewer are allowed), at most ``limit`` of those; by
    score, best first. ``leave_out``: mentor indexes not to list (the
    proposal's own mentor)."""
    candidates = [mentor for mentor in ranked if mentor.mentor_index not in set(leave_out)]
    allowed = [mentor for mentor in candidates if mentor.allowed][:limit]
    floor = allowed[-1].score if len(allowed) == limit else -1.0
    excluded = [
        mentor
        for mentor in candidates
        if not mentor.allowed
        and mentor.score >= floor
        and not any(e.code == "same_person" for e in mentor.exclusions)
    ][:limit]
    return sorted(allowed + excluded, key=lambda mentor: (-mentor.score, mentor.mentor_index))


def empty_reasons(ranked):
    """Why no mentor is allowed, as :class:`EmptyReason`, in EXCLUSION_CODES
    order: for each rule, how many of the ready mentors it rules out. None
    when some mentor is allowed (there is something to suggest)."""
    if not ranked:
        return (EmptyReason(NO_READY_MENTOR, 0, 0),)
    if any(mentor.allowed for mentor in ranked):
        return None
    counts = dict.fromkeys(EXCLUSION_CODES, 0)
    for mentor in ranked:
        for code in {exclusion.code for exclusion in mentor.exclusions}:
            counts[code] += 1
    return tuple(EmptyReason(code, count, len(ranked)) for code, count in counts.items() if count)
