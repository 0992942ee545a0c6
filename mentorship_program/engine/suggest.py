"""Suggestions for one mentee, for programs where mentees choose."""

import numpy as np

from .scoring import PairScorer
from .solver import _check_inputs, _proposals


def suggest(mentees, mentors, settings, mentee_index, limit=5):
    """The ``limit`` best mentors with room left for one mentee, best first.

    Same rules and scores as :func:`match`, without the global assignment:
    the mentee picks. Ties are broken by mentor position, so the list is
    stable for the same input.
    """
    _check_inputs(mentees, mentors, settings)
    scorer = PairScorer(mentees, mentors, settings)
    every_mentor = np.arange(len(mentors))
    scores = scorer.exact(np.full(len(mentors), mentee_index), every_mentor)
    scores[mentors.capacities <= 0] = -np.inf
    candidates = every_mentor[np.isfinite(scores)]
    order = candidates[np.lexsort((candidates, -scores[candidates]))][:limit]
    rows = np.full(len(order), mentee_index)
    return _proposals(scorer, rows, order, "suggestion")
