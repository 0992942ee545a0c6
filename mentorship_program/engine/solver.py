"""Optimal, capacity-aware, explainable assignment of mentors to mentees."""

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from .explain import explain_pairs
from .flow import SCORE_SCALE, TransportProblem
from .profiles import MatchingError
from .scoring import PairScorer

BLOCK_PAIRS = 4_000_000  # pairs scored at once: bounds memory to ~100 MB a block
CACHE_PAIRS = 50_000_000  # up to this many pairs, costs are kept (200 MB of int32)


@dataclass
class Proposal:
    mentee_index: int
    mentor_index: int
    kind: str  # "core" or "topic"
    score: float
    components: dict
    reasons: tuple  # of explain.Reason, strongest first, at most explain.MAX_REASONS


@dataclass
class MatchResult:
    proposals: list
    unmatched: list  # mentee indices without a core mentor
    total_score: float
    coverage: float  # share of mentees with a core mentor
    certified_optimal: bool
    candidate_arcs: int
    rounds: int
    warnings: list = field(default_factory=list)

    @property
    def core(self):
        return [p for p in self.proposals if p.kind == "core"]

    @property
    def topic(self):
        return [p for p in self.proposals if p.kind == "topic"]


def _blocks(n_rows, n_cols):
    size = max(1, BLOCK_PAIRS // max(n_cols, 1))
    for start in range(0, n_rows, size):
        yield np.arange(start, min(start + size, n_rows))


# Cost of a forbidden pair. A power of two, so float32 holds it exactly;
# real costs lie in [-SCORE_SCALE, 0].
NO_ARC = 2**30


def _to_costs(scores):
    """Scores in [0, 1] (or -inf) -> int32 arc costs (or NO_ARC)."""
    costs = np.multiply(scores, -SCORE_SCALE, dtype=np.float32)  # -inf -> +inf
    np.rint(costs, out=costs)
    np.minimum(costs, NO_ARC, out=costs)
    return costs.astype(np.int32)


class _Assignment:
    """One transportation problem over the full pair graph, solved on a
    pruned candidate graph that grows until it is certified optimal.

    ``score_block(rows)`` returns the dense scores of the sorted mentee
    ``rows`` against every mentor (-inf where forbidden). When the whole
    cost matrix fits in ``CACHE_PAIRS`` it is computed once and kept;
    beyond that, blocks are scored again on each certification pass so
    memory stays bounded.
    """

    def __init__(self, problem, score_block, candidates_per_mentee):
        self.problem = problem
        self.score_block = score_block
        self.k = min(candidates_per_mentee, problem.n_mentors)
        n, m = problem.n_mentees, problem.n_mentors
        self.cached = np.empty((n, m), dtype=np.int32) if n * m <= CACHE_PAIRS else None
        self._filled = False

    def _costs_of(self, block):
        if self.cached is None:
            return _to_costs(self.score_block(block))
        costs = self.cached[block[0] : block[-1] + 1]
        if not self._filled:
            costs[:] = _to_costs(self.score_block(block))
        return costs

    def _map_blocks(self, function):
        """Yield function(block, costs) over all mentee blocks, in order,
        computed on every core.

        NumPy releases the GIL in the products, ufuncs and partitions that
        do the work, so threads share the blocks.
        """
        blocks = list(_blocks(self.problem.n_mentees, self.problem.n_mentors))
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            yield from pool.map(lambda block: function(block, self._costs_of(block)), blocks)
        self._filled = self.cached is not None

    @staticmethod
    def _cheapest(block, costs, k):
        """Per row of ``costs``, the k cheapest allowed (row, col, cost) arcs."""
        if k < costs.shape[1]:
            top = np.argpartition(costs, k - 1, axis=1)[:, :k]
        else:
            top = np.broadcast_to(np.arange(costs.shape[1]), costs.shape)
        top_costs = np.take_along_axis(costs, top, axis=1)
        keep = top_costs != NO_ARC
        rows = np.broadcast_to(block[:, None], top.shape)[keep]
        return rows, top[keep], top_costs[keep].astype(np.int64)

    def _top_candidates(self):
        """Each mentee's k best mentors, and each mentor's k best mentees.

        The mentor side matters: a popular mentor fills up, and the pairs
        that then decide the optimum are those of less demanded mentors,
        which no mentee ranks first.
        """
        k, m = self.k, self.problem.n_mentors
        # A mentor with c seats competes for about c times as many mentees.
        per_mentor = k * max(int(self.problem.mentor_capacities.max(initial=1)), 1)
        # A block holds a share of all mentees, so of a mentor's best
        # mentees only about that share (with a margin) can be in it.
        n = self.problem.n_mentees
        block_rows = max(1, BLOCK_PAIRS // max(m, 1))
        per_block = min(per_mentor, max(4, -(-4 * per_mentor * block_rows // n)))

        def per_block_candidates(block, costs):
            mentee_side = self._cheapest(block, costs, k)
            by_mentor = np.ascontiguousarray(costs.T)
            p = min(per_block, len(block))
            top = (
                np.argpartition(by_mentor, p - 1, axis=1)[:, :p]
                if p < len(block)
                else (np.broadcast_to(np.arange(len(block)), by_mentor.shape))
            )
            return mentee_side, block[top], np.take_along_axis(by_mentor, top, axis=1)

        def keep_best(rows, costs):
            if rows.shape[1] <= per_mentor:
                return rows, costs
            keep = np.argpartition(costs, per_mentor - 1, axis=1)[:, :per_mentor]
            return np.take_along_axis(rows, keep, axis=1), np.take_along_axis(costs, keep, axis=1)

        parts, pending_rows, pending_costs = [], [], []
        best_rows = np.zeros((m, 0), dtype=np.int64)
        best_costs = np.zeros((m, 0), dtype=np.int32)
        for mentee_side, rows, costs in self._map_blocks(per_block_candidates):
            parts.append(mentee_side)
            pending_rows.append(rows)
            pending_costs.append(costs)
            if sum(r.shape[1] for r in pending_rows) >= 4 * per_mentor:
                best_rows, best_costs = keep_best(
                    np.hstack([best_rows, *pending_rows]), np.hstack([best_costs, *pending_costs])
                )
                pending_rows, pending_costs = [], []
        best_rows, best_costs = keep_best(
            np.hstack([best_rows, *pending_rows]), np.hstack([best_costs, *pending_costs])
        )
        allowed = best_costs != NO_ARC
        mentor_cols = np.broadcast_to(np.arange(m)[:, None], best_rows.shape)
        parts.append(
            (best_rows[allowed], mentor_cols[allowed], best_costs[allowed].astype(np.int64))
        )
        rows, cols, costs = (np.concatenate(column) for column in zip(*parts))
        _keys, first = np.unique(rows * m + cols, return_index=True)
        return rows[first], cols[first], costs[first]

    def _violations(self, potentials, graph_rows, graph_cols):
        """Allowed pairs outside the candidate graph that would improve it.

        A pair (m, k) improves the solution when its reduced cost
        ``cost + potential[m] - potential[k]`` is negative. Per mentee, at
        most ``self.k`` of the most improving pairs are returned: the next
        round moves the potentials anyway.
        """
        n, m = self.problem.n_mentees, self.problem.n_mentors
        mentor_potentials = potentials[n : n + m]
        order = np.argsort(graph_rows, kind="stable")
        graph_rows, graph_cols = graph_rows[order], graph_cols[order]

        def improving_arcs(block, costs):
            reduced = costs + (potentials[block][:, None] - mentor_potentials[None, :])
            lo, hi = np.searchsorted(graph_rows, [block[0], block[-1] + 1])
            reduced[graph_rows[lo:hi] - block[0], graph_cols[lo:hi]] = 0
            reduced[costs == NO_ARC] = 0
            bad = np.flatnonzero((reduced < 0).any(axis=1))
            if not len(bad):
                return None
            rows, cols, reduced_costs = self._cheapest(block[bad], reduced[bad], self.k)
            improving = reduced_costs < 0
            rows, cols = rows[improving], cols[improving]
            return rows, cols, costs[rows - block[0], cols].astype(np.int64)

        parts = [part for part in self._map_blocks(improving_arcs) if part is not None]
        if not parts:
            return None
        return tuple(np.concatenate(column) for column in zip(*parts))

    def solve(self, certify=True):
        rows, cols, costs = self._top_candidates()
        rounds = 0
        while True:
            rounds += 1
            flows, potentials = self.problem.solve(rows, cols, costs)
            if not certify:
                break
            extra = self._violations(potentials, rows, cols)
            if extra is None:
                break
            rows, cols, costs = (np.concatenate([a, b]) for a, b in zip((rows, cols, costs), extra))
        chosen = flows > 0
        return rows[chosen], cols[chosen], len(rows), rounds


def _check_inputs(mentees, mentors, settings):
    settings.normalized_weights()
    if not len(mentees):
        raise MatchingError("There is no eligible mentee to match.")
    if not len(mentors):
        raise MatchingError("There is no ready mentor to match with.")
    if mentors.capacities.sum() <= 0:
        raise MatchingError("All mentors are full: no capacity is left.")
    if mentees.skill_levels.shape[1] != mentors.skill_levels.shape[1]:
        raise MatchingError("Mentees and mentors must use the same skill columns.")
    warnings = []
    no_targets = np.flatnonzero(mentees.gap_levels.sum(axis=1) == 0)
    if len(no_targets):
        names = ", ".join(mentees.names[i] for i in no_targets[:5])
        warnings.append(
            f"{len(no_targets)} mentee(s) have no skill gap to close (e.g. {names}); "
            "they are matched on the other criteria only."
        )
    no_skills = np.flatnonzero(mentors.skill_levels.sum(axis=1) == 0)
    if len(no_skills):
        names = ", ".join(mentors.names[i] for i in no_skills[:5])
        warnings.append(
            f"{len(no_skills)} mentor(s) have no recorded skill (e.g. {names}); "
            "they cannot score on skill coverage."
        )
    return warnings


def match(mentees, mentors, settings, certify=True):
    """Propose one core mentor per mentee, then optional topic mentors.

    The core assignment maximises first the number of mentees matched
    (prioritised mentees first), then the total score, under the mentors'
    capacities. It is solved on a pruned candidate graph and certified
    optimal over all allowed pairs (see :mod:`.flow`). Same input, same
    output. Each proposal's ``reasons`` are :class:`.explain.Reason` codes
    and numbers, never words.
    """
    warnings = _check_inputs(mentees, mentors, settings)
    scorer = PairScorer(mentees, mentors, settings)
    n = len(mentees)
    # Leaving a mentee unmatched must cost more than any score gain, so the
    # solver matches as many mentees as possible; priority mentees cost more.
    unmatched_penalty = SCORE_SCALE * (n + 1)
    unassigned_costs = np.rint(unmatched_penalty * (1.0 + mentees.priority)).astype(np.int64)
    core_problem = TransportProblem(
        np.ones(n, dtype=np.int64), mentors.capacities, unassigned_costs
    )
    core = _Assignment(core_problem, scorer.scores, settings.candidates_per_mentee)
    core_rows, core_cols, arcs, rounds = core.solve(certify=certify)
    order = np.argsort(core_rows, kind="stable")
    core_rows, core_cols = core_rows[order], core_cols[order]

    proposals = _proposals(scorer, core_rows, core_cols, "core")
    if settings.topic_mentors_per_mentee > 0 and len(core_rows):
        proposals += _topic_proposals(scorer, core_rows, core_cols, settings)
    matched = np.zeros(n, dtype=bool)
    matched[core_rows] = True
    # The objective the solver maximised: scores on the integer cost grid.
    core_costs = _to_costs(scorer.scores(core_rows, core_cols)) if len(core_rows) else np.zeros(0)
    return MatchResult(
        proposals=proposals,
        unmatched=np.flatnonzero(~matched).tolist(),
        total_score=float(-core_costs.astype(np.int64).sum()) / SCORE_SCALE,
        coverage=float(matched.mean()),
        certified_optimal=certify,
        candidate_arcs=int(arcs),
        rounds=rounds,
        warnings=warnings,
    )


def _proposals(scorer, rows, cols, kind):
    if not len(rows):
        return []
    components = scorer.components(rows, cols)
    scores = scorer.scores(rows, cols)
    reasons = explain_pairs(scorer, rows, cols, components)
    return [
        Proposal(
            mentee_index=int(row),
            mentor_index=int(col),
            kind=kind,
            score=round(float(scores[i]), 4),
            components={name: round(float(values[i]), 4) for name, values in components.items()},
            reasons=reasons[i],
        )
        for i, (row, col) in enumerate(zip(rows, cols))
    ]


def _topic_proposals(scorer, core_rows, core_cols, settings):
    """Topic mentors for the skill steps the core mentor does not cover."""
    n, n_mentors = len(scorer.mentees), len(scorer.mentors)
    residual_wanted = scorer.steps_wanted.copy()
    residual_wanted[core_rows] *= 1.0 - scorer.steps_held[core_cols]
    residual_units = residual_wanted.sum(axis=1)
    core_of = np.full(n, -1)
    core_of[core_rows] = core_cols
    used = np.bincount(core_cols, minlength=n_mentors)
    remaining = np.maximum(scorer.mentors.capacities - used, 0)
    if remaining.sum() == 0 or residual_units.sum() == 0:
        return []

    def score_block(rows):
        covered = residual_wanted[rows] @ scorer.steps_held.T
        units = residual_units[rows][:, None]
        gain = np.divide(covered, units, out=np.zeros_like(covered), where=units > 0)
        allowed = scorer.allowed(rows) & (gain > 0)
        allowed[np.arange(len(rows)), np.maximum(core_of[rows], 0)] &= core_of[rows] < 0
        return np.where(allowed, gain, -np.inf)

    units = np.where(residual_units > 0, settings.topic_mentors_per_mentee, 0)
    problem = TransportProblem(units, remaining, np.zeros(n, dtype=np.int64))
    rows, cols, _arcs, _rounds = _Assignment(
        problem, score_block, settings.candidates_per_mentee
    ).solve()
    order = np.lexsort((cols, rows))
    return _proposals(scorer, rows[order], cols[order], "topic")
