"""Optimal, capacity-aware, explainable assignment of mentors to mentees."""

from dataclasses import dataclass, field

import numpy as np

from ._blas import parallel_map as _parallel
from .explain import explain_pairs
from .flow import NO_ARC, SCORE_SCALE, TransportProblem
from .profiles import MatchingError
from .scoring import FORBIDDEN, UNIT_ROUNDOFF, PairScorer, _distinct, to_costs

BLOCK_PAIRS = 1_000_000  # pairs scored at once: a block's scores stay in the CPU cache...
MIN_BLOCK_ROWS = 256  # ...unless that leaves fewer mentee rows than this
CHECK_PAIRS = 1_000_000  # pairs checked at once by the certificate
# Mentees scored first, evenly spread, to set each mentor's candidate threshold:
# one in SAMPLE_EVERY, and at least SAMPLE_MENTEES.
SAMPLE_EVERY = 16
# Each mentor's candidates: as many mentees as MENTOR_SIDE x k x the largest
# capacity. Measured on the synthetic organisations (seed 0): at 10k x 2k,
# 1.0 needs a second round for 1 missed pair, 1.5 none; at 100k x 20k both
# need a second round (101 and 483 pairs), and 2.0 still does.
MENTOR_SIDE = 1.5
# Before a second solve, graph arcs without flow whose reduced cost is
# above this are set aside (and checked by each later certificate).
# Measured at 100k x 20k (seed 0): 0.1 score keeps 1.22M of 1.47M arcs
# for a second solve as slow as the first; 0.03 keeps 382k (half the
# time) and still ends in 2 rounds; 0.01 needs a third.
PRUNE_REDUCED = SCORE_SCALE * 3 // 100
# The first solve's arcs (see _Assignment._first_graph). Measured on the
# synthetic organisations (seed 0, process CPU time of the rounds): at
# 10k x 2k, 144k arcs of the 227k candidates, one round, 0.15-0.18 s
# instead of 0.21-0.24 s for all of them; at 100k x 20k, 1.47M of 2.48M,
# the same 2 rounds, 6.1 s instead of 9.1 s. Fewer (2, 8, 5 or 4, 12, 10)
# need one round more, which costs more than it saves.
FIRST_PER_MENTEE = 6
FIRST_PER_SEAT = 16
FIRST_PER_MENTOR = 10
GROUPS_PER_CANDIDATE = 8  # a mentee's threshold: the k-th best of its best in this x k groups
SAMPLE_MENTEES = 2_048
LOWEST = np.finfo(np.float32).min  # a threshold every allowed pair reaches
# A cost bound meaning "no pair left to bound".
_NO_BOUND = np.int64(2**50)


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


def _blocks(n_rows, n_cols, budget=BLOCK_PAIRS):
    # Below a few hundred rows a product is slower per pair.
    size = max(MIN_BLOCK_ROWS, budget // max(n_cols, 1))
    for start in range(0, n_rows, size):
        yield np.arange(start, min(start + size, n_rows))


def _sorted_contains(sorted_keys, keys):
    """True where ``keys`` are in the sorted array ``sorted_keys``."""
    if not len(sorted_keys):
        return np.zeros(len(keys), dtype=bool)
    position = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return sorted_keys[position] == keys


class _Assignment:
    """One transportation problem over the full pair graph, solved on a
    pruned candidate graph that grows until it is certified optimal.

    ``pairs`` scores the problem's pairs three ways (see
    :class:`.scoring.PairScorer`): ``block(rows, cols=None)``, dense float32
    scores of sorted mentee ``rows`` (-inf where forbidden);
    ``exact(rows, cols)``, the float64 score of each pair, which alone
    sets its integer cost; and ``score_errors``, per mentee, a bound on
    the gap between the two.

    One pass over every pair picks the candidates: each mentee's best
    mentors and each mentor's best mentees. It also keeps, per mentee, a
    lower bound on the cost of every pair it did not pick. After each
    solve, the certificate needs every pair left out to have a
    non-negative reduced cost ``cost + potential[mentee] -
    potential[mentor]``; the bound clears most mentees against most
    mentors at once, and only the pairs it cannot clear are scored again.
    No cost matrix is kept, so memory stays bounded by the blocks.
    """

    def __init__(self, problem, pairs, candidates_per_mentee):
        self.problem = problem
        self.pairs = pairs
        self.k = max(1, min(candidates_per_mentee, problem.n_mentors))
        self.cost_errors = SCORE_SCALE * np.asarray(pairs.score_errors, dtype=np.float64)
        self.lower = None  # per mentee, a lower bound on the cost of a pair not picked
        self.mentor_lower = None  # the same per mentor
        self.checked_pairs = 0  # pairs scored again by the certificate

    # -- Candidates -----------------------------------------------------------------
    def _mentor_thresholds(self, per_mentor):
        """Per mentor, a score about ``per_mentor[k]`` mentees reach: the
        matching rank among an evenly spread sample of mentees."""
        n, m = self.problem.n_mentees, self.problem.n_mentors
        sample = np.arange(0, n, max(1, min(SAMPLE_EVERY, n // SAMPLE_MENTEES)))
        ranks = np.ceil(per_mentor * len(sample) / n).astype(np.int64)
        top = int(ranks.max(initial=0))
        if top >= len(sample):
            return np.where(per_mentor > 0, -np.inf, np.inf).astype(np.float32)

        def best_of(block):
            by_mentor = np.ascontiguousarray(self.pairs.block(sample[block]).T)
            keep = min(top, len(block))
            return np.partition(by_mentor, len(block) - keep, axis=1)[:, len(block) - keep :]

        best = np.hstack(_parallel(best_of, _blocks(len(sample), m)))
        best = -np.sort(-best, axis=1)[:, :top]  # each mentor's best sampled scores, best first
        floors = best[np.arange(m), np.maximum(ranks - 1, 0)]
        return np.where(per_mentor > 0, floors, np.inf).astype(np.float32)

    def _candidates(self):
        """Each mentee's k best mentors, each mentor's best mentees (about
        k times the largest capacity), and cost bounds for the rest.

        A mentee's threshold is the k-th largest of its best scores in
        GROUPS_PER_CANDIDATE x k groups of mentors: at least k mentors reach
        it, and every mentor it does not pick scores below it.
        """
        k, n, m = self.k, self.problem.n_mentees, self.problem.n_mentors
        # The mentor side matters: a popular mentor fills up, and the pairs
        # that then decide the optimum are those of less demanded mentors,
        # which no mentee ranks first. Measured on synthetic organisations,
        # a mentor's place in its own list of mentees hardly depends on its
        # seats: every mentor gets as many as the largest capacity asks.
        per_mentor = np.where(
            self.problem.mentor_capacities > 0,
            MENTOR_SIDE * k * max(int(self.problem.mentor_capacities.max(initial=1)), 1),
            0,
        )
        mentor_floor = np.maximum(self._mentor_thresholds(per_mentor), LOWEST)
        n_groups = min(m, GROUPS_PER_CANDIDATE * k)
        group_starts = (np.arange(n_groups) * m) // n_groups

        def pick(block):
            scores = self.pairs.block(block)
            if k < n_groups:
                group_best = np.maximum.reduceat(scores, group_starts, axis=1)
                floor = np.partition(group_best, n_groups - k, axis=1)[:, n_groups - k]
            else:
                floor = np.full(len(block), -np.inf, dtype=np.float32)
            # A floor of -inf (fewer than k allowed groups) picks every allowed mentor.
            floor = np.maximum(floor, LOWEST)
            picked = (scores >= floor[:, None]) | (scores >= mentor_floor[None, :])
            flat = np.flatnonzero(picked)
            rows, cols = np.divmod(flat, m)
            return block[rows], cols, floor, scores.ravel()[flat]

        parts = _parallel(pick, _blocks(n, m))
        rows, cols, floors, dense = (np.concatenate(column) for column in zip(*parts))
        # Every pair not picked scored below both its mentee's floor and its
        # mentor's on the dense path, so its exact cost is above both bounds.
        self.lower = self._cost_bounds(floors, self.cost_errors)
        self.mentor_lower = self._cost_bounds(mentor_floor, self.cost_errors.max(initial=0))
        return rows, cols, self._costs(rows, cols, dense)

    def _costs(self, rows, cols, dense):
        """Integer costs of pairs from their dense scores, exact where a
        dense score lies within its error bound of a rounding boundary."""
        dense = dense.astype(np.float64) * -SCORE_SCALE
        costs = np.rint(dense).astype(np.int64)
        near = np.flatnonzero(
            np.abs(dense - np.floor(dense) - 0.5) <= self.cost_errors[rows] + 1e-9
        )
        costs[near] = to_costs(self.pairs.exact(rows[near], cols[near]))
        return costs

    @staticmethod
    def _cost_bounds(floors, errors):
        """Integer costs below which no pair scoring under ``floors`` (dense)
        can cost; "no bound" where the floor picked every allowed pair, and
        "none above" where it picked none."""
        errors = np.broadcast_to(errors, floors.shape)
        bounds = np.full(len(floors), _NO_BOUND, dtype=np.int64)
        bounds[floors == np.inf] = -_NO_BOUND
        bounded = (floors > LOWEST) & (floors < np.inf)
        bounds[bounded] = np.floor(
            -SCORE_SCALE * floors[bounded].astype(np.float64) - errors[bounded] - 0.5 - 1e-6
        ).astype(np.int64)
        return bounds

    # -- Certificate ----------------------------------------------------------------
    def _open_groups(self, order, reach, rows):
        """Blocks of (sorted mentee rows, mentor prefix of ``order``) to check,
        each about CHECK_PAIRS pairs, rows of similar reach together."""
        rows = rows[np.argsort(reach[rows], kind="stable")]
        widths = reach[rows]
        groups, start = [], 0
        while start < len(rows):
            # widths grow along rows: take rows while rows x widest fits.
            end = start + int(
                np.searchsorted(
                    (np.arange(len(rows) - start) + 1) * widths[start:], CHECK_PAIRS, "right"
                )
            )
            end = max(end, start + 1)
            groups.append((np.sort(rows[start:end]), order[: widths[end - 1]]))
            start = end
        return groups

    def _violations(self, potentials, graph_keys):
        """Allowed pairs outside the candidate graph that would improve it.

        A pair (m, k) improves the solution when its reduced cost
        ``cost + potential[m] - potential[k]`` is negative. A pair not
        picked costs at least ``lower[m]`` and at least
        ``mentor_lower[k]``, so it can only improve the solution if
        ``potential[k] > lower[m] + potential[m]`` (a prefix of the mentors
        sorted by potential) and ``potential[k] - mentor_lower[k] >
        potential[m]`` (a prefix of them sorted by that key): per mentee,
        the shorter prefix is checked. Those pairs are scored on the dense
        path; the ones whose dense reduced cost is within the error bound
        of negative are scored exactly. Per mentee, at most ``self.k`` of
        the most improving pairs are returned: the next round moves the
        potentials anyway.
        """
        n, m = self.problem.n_mentees, self.problem.n_mentors
        mentee_potentials = potentials[:n]
        mentor_potentials = potentials[n : n + m]
        groups = []
        by_potential = np.argsort(-mentor_potentials, kind="stable")
        reach = np.searchsorted(
            -mentor_potentials[by_potential], -(self.lower + mentee_potentials), side="left"
        )
        mentor_keys = mentor_potentials - self.mentor_lower
        by_key = np.argsort(-mentor_keys, kind="stable")
        mentor_reach = np.searchsorted(-mentor_keys[by_key], -mentee_potentials, side="left")
        first = reach <= mentor_reach
        for order, widths, chosen in (
            (by_potential, reach, first),
            (by_key, mentor_reach, ~first),
        ):
            open_rows = np.flatnonzero(chosen & (widths > 0))
            groups += self._open_groups(order, widths, open_rows)
        if not groups:
            return None
        self.checked_pairs += sum(len(rows) * len(cols) for rows, cols in groups)

        def suspects(group):
            rows, cols = group
            reduced = self.pairs.block(rows, cols).astype(np.float64)
            reduced *= -SCORE_SCALE
            reduced += mentee_potentials[rows][:, None]
            reduced -= mentor_potentials[cols][None, :]
            hits = np.flatnonzero(reduced <= self.cost_errors[rows][:, None] - 0.5)
            hit_rows, hit_cols = np.divmod(hits, len(cols))
            return rows[hit_rows], cols[hit_cols]

        parts = _parallel(suspects, groups)
        rows, cols = (np.concatenate(column) for column in zip(*parts))
        outside = ~_sorted_contains(graph_keys, rows * m + cols)
        rows, cols = rows[outside], cols[outside]
        if not len(rows):
            return None
        costs = to_costs(self.pairs.exact(rows, cols))
        reduced = costs + mentee_potentials[rows] - mentor_potentials[cols]
        improving = (reduced < 0) & (costs != NO_ARC)
        if not improving.any():
            return None
        rows, cols, costs, reduced = (a[improving] for a in (rows, cols, costs, reduced))
        order = np.lexsort((cols, reduced, rows))
        rows, cols, costs = rows[order], cols[order], costs[order]
        first = np.searchsorted(rows, rows, side="left")
        keep = np.arange(len(rows)) - first < self.k
        return rows[keep], cols[keep], costs[keep]

    def _first_graph(self, rows, cols, costs):
        """The arcs of the first solve: a mask over the (row-sorted) candidates.

        The screening pass picks generous candidates so that its bounds
        clear most left-out pairs in one certificate. The solver needs far
        fewer: each mentee's FIRST_PER_MENTEE cheapest arcs and each
        mentor's cheapest FIRST_PER_SEAT x capacity + FIRST_PER_MENTOR.
        The rest waits in reserve, costs known, checked by each certificate.
        """
        n, m = self.problem.n_mentees, self.problem.n_mentors
        if not len(rows):
            return np.zeros(0, dtype=bool)
        # Candidates are sorted by (row, col) and their costs lie in
        # [-SCORE_SCALE, 0]: a stable sort of row x span + cost ranks each
        # mentee's arcs cheapest first (ties by mentor), col x span + cost
        # each mentor's (ties by mentee).
        span = SCORE_SCALE + 1
        mentee_rank = self._ranks(rows, rows * span + costs, n)
        mentor_rank = self._ranks(cols, cols * span + costs, m)
        seats = self.problem.mentor_capacities[cols]
        return (mentee_rank < FIRST_PER_MENTEE) | (
            mentor_rank < FIRST_PER_SEAT * seats + FIRST_PER_MENTOR
        )

    @staticmethod
    def _ranks(groups, keys, n_groups):
        """Rank of each item within its group, by ``keys`` (stable)."""
        order = np.argsort(keys, kind="stable")
        starts = np.searchsorted(groups[order], np.arange(n_groups))
        ranks = np.empty(len(keys), dtype=np.int64)
        ranks[order] = np.arange(len(keys)) - starts[groups[order]]
        return ranks

    def solve(self, certify=True):
        """Solve, certify, add the improving pairs, solve again, until certified.

        The first solve gets only part of the candidates (see
        :meth:`_first_graph`); the others wait in reserve, with known
        costs, and each certificate brings back those that would improve
        the solution. A later solve costs as much as the first, for a
        handful of new pairs; so before it, the arcs of the graph that
        carry no flow and whose reduced cost is above PRUNE_REDUCED join
        the reserve too. An arc leaves the graph at most once (to the
        first reserve, or at that one pruning) and each round brings back
        at least one, so the rounds end.
        """
        n, m = self.problem.n_mentees, self.problem.n_mentors
        rows, cols, costs = self._candidates()
        known_keys = rows * m + cols  # every pair whose cost is known
        # The screening pass yields its blocks' pairs in row-major order:
        # already sorted (lexsort took 0.03 s at 10k x 2k, 0.6 s at 100k x 20k).
        if len(known_keys) and not (known_keys[1:] > known_keys[:-1]).all():
            order = np.argsort(known_keys, kind="stable")
            rows, cols, costs, known_keys = (
                rows[order],
                cols[order],
                costs[order],
                known_keys[order],
            )
        if certify:
            first = self._first_graph(rows, cols, costs)
            aside = rows[~first], cols[~first], costs[~first]
            rows, cols, costs = rows[first], cols[first], costs[first]
        else:
            aside = None
        pruned = False
        rounds = 0
        while True:
            rounds += 1
            flows, potentials = self.problem.solve(rows, cols, costs)
            if not certify:
                break
            extra = [self._violations(potentials, known_keys)]
            if aside is not None:
                reduced = aside[2] + potentials[aside[0]] - potentials[n + aside[1]]
                back = reduced < 0
                extra.append(tuple(column[back] for column in aside))
                aside = tuple(column[~back] for column in aside)
            extra = [part for part in extra if part is not None and len(part[0])]
            if not extra:
                break
            if not pruned:
                reduced = costs + potentials[rows] - potentials[n + cols]
                keep = (flows > 0) | (reduced <= PRUNE_REDUCED)
                aside = tuple(
                    np.concatenate([part, column[~keep]])
                    for part, column in zip(aside, (rows, cols, costs))
                )
                rows, cols, costs = rows[keep], cols[keep], costs[keep]
                pruned = True
            new_keys = np.concatenate([part[0] * m + part[1] for part in extra])
            known_keys = _distinct(np.concatenate([known_keys, new_keys]))
            rows, cols, costs = (
                np.concatenate(column) for column in zip((rows, cols, costs), *extra)
            )
            keys, first = np.unique(rows * m + cols, return_index=True)  # sorted, no repeats
            rows, cols, costs = keys // m, keys % m, costs[first]
        chosen = flows > 0
        arcs = len(rows) + (0 if aside is None else len(aside[0]))
        return rows[chosen], cols[chosen], arcs, rounds


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
    core = _Assignment(core_problem, scorer, settings.candidates_per_mentee)
    core_rows, core_cols, arcs, rounds = core.solve(certify=certify)
    order = np.argsort(core_rows, kind="stable")
    core_rows, core_cols = core_rows[order], core_cols[order]

    proposals = _proposals(scorer, core_rows, core_cols, "core")
    if settings.topic_mentors_per_mentee > 0 and len(core_rows):
        proposals += _topic_proposals(scorer, core_rows, core_cols, settings)
    matched = np.zeros(n, dtype=bool)
    matched[core_rows] = True
    # The objective the solver maximised: exact scores on the integer cost grid.
    core_costs = to_costs(scorer.exact(core_rows, core_cols))
    return MatchResult(
        proposals=proposals,
        unmatched=np.flatnonzero(~matched).tolist(),
        total_score=float(-core_costs.sum()) / SCORE_SCALE,
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
    names = list(components)
    rounded = zip(*(np.round(components[name].astype(np.float64), 4).tolist() for name in names))
    return [
        Proposal(
            mentee_index=row,
            mentor_index=col,
            kind=kind,
            score=score,
            components=dict(zip(names, values)),
            reasons=pair_reasons,
        )
        for row, col, score, values, pair_reasons in zip(
            np.asarray(rows).tolist(),
            np.asarray(cols).tolist(),
            np.round(scores, 4).tolist(),
            rounded,
            reasons,
        )
    ]


class _TopicGains:
    """Topic scores: the share of a mentee's skill steps left uncovered by
    the core mentor that another mentor covers.

    Covered steps are counts of 0/1 products, exact on both paths; the
    dense gain is one float32 division away from the exact one.
    """

    def __init__(self, scorer, residual_wanted, residual_units, core_of):
        self.scorer = scorer
        self.residual_wanted = residual_wanted
        self.residual_units = residual_units
        self.core_of = core_of
        self.score_errors = np.full(len(core_of), 4 * UNIT_ROUNDOFF)

    def block(self, rows, cols=None):
        scorer = self.scorer
        held = scorer.steps_held if cols is None else scorer.steps_held[cols]
        covered = self.residual_wanted[rows] @ held.T
        units = self.residual_units[rows][:, None]
        gain = np.divide(covered, units, out=np.zeros_like(covered), where=units > 0)
        allowed = scorer.allowed_block(rows, cols) & (covered > 0)
        core = self.core_of[rows]
        if cols is not None:
            column_of = np.full(len(scorer.mentors), -1, dtype=np.int64)
            column_of[cols] = np.arange(len(cols))
            core = np.where(core >= 0, column_of[np.maximum(core, 0)], -1)
        has_core = np.flatnonzero(core >= 0)
        allowed[has_core, core[has_core]] = False
        return np.where(allowed, gain, FORBIDDEN).astype(np.float32)

    def exact(self, rows, cols, chunk=65_536):
        rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        covered = np.concatenate(
            [
                np.einsum(
                    "ij,ij->i",
                    self.residual_wanted[rows[i : i + chunk]],
                    self.scorer.steps_held[cols[i : i + chunk]],
                    dtype=np.float64,
                )
                for i in range(0, len(rows), chunk)
            ]
            or [np.zeros(0)]
        )
        units = self.residual_units[rows].astype(np.float64)
        gain = np.divide(covered, units, out=np.zeros_like(covered), where=units > 0)
        allowed = self.scorer.allowed(rows, cols) & (covered > 0) & (cols != self.core_of[rows])
        return np.where(allowed, gain, FORBIDDEN)


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
    gains = _TopicGains(scorer, residual_wanted, residual_units, core_of)
    units = np.where(residual_units > 0, settings.topic_mentors_per_mentee, 0)
    problem = TransportProblem(units, remaining, np.zeros(n, dtype=np.int64))
    rows, cols, _arcs, _rounds = _Assignment(problem, gains, settings.candidates_per_mentee).solve()
    order = np.lexsort((cols, rows))
    return _proposals(scorer, rows[order], cols[order], "topic")
