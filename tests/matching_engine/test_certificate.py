"""The pruned, certified solve against an independent solve over all pairs,
and the pieces the certificate rests on: exact costs, rounding-error
bounds, cost bounds of the pairs left out, the quick flow's proof."""

import numpy as np
import pytest
from engine import MatchingSettings, match
from engine import solver as solver_module
from engine._blas import single_threaded
from engine.flow import NO_ARC, SCORE_SCALE, TransportProblem
from engine.scoring import PairScorer

from .factories import mentees, mentors


def random_org(seed, n=300, m=60, n_departments=6, max_capacity=3):
    rng = np.random.default_rng(seed)
    mentee = mentees(
        n,
        employee_ids=np.arange(n) + 1000,
        department_ids=rng.integers(0, n_departments + 1, n),
        skill_levels=rng.integers(0, 3, (n, 3)),
        target_levels=rng.integers(0, 5, (n, 3)),
        language_masks=rng.integers(1, 16, n),
        availability_masks=rng.integers(1, 1 << 10, n),
        utc_offsets=rng.choice([-5.0, 0.0, 1.0, 5.5, 9.0], n),
        attributes=rng.integers(0, 4, (n, 2)),
        target_role_sets=rng.random((n, 8)) < 0.25,
        ancestor_ids=rng.integers(1, m + 1, (n, 2)),
        priority=(rng.random(n) < 0.1).astype(float),
    )
    mentor = mentors(
        m,
        employee_ids=np.arange(m) + 1,
        department_ids=rng.integers(0, n_departments + 1, m),
        skill_levels=rng.choice([0, 2, 3, 4], (m, 3)),
        language_masks=rng.integers(1, 16, m),
        availability_masks=rng.integers(1, 1 << 10, m),
        utc_offsets=rng.choice([-5.0, 0.0, 1.0, 5.5, 9.0], m),
        attributes=rng.integers(0, 4, (m, 2)),
        held_role_sets=rng.random((m, 8)) < 0.25,
        capacities=rng.integers(0, max_capacity + 1, m),
    )
    return mentee, mentor


def unassigned_costs(mentee):
    return np.rint(SCORE_SCALE * (len(mentee) + 1) * (1.0 + mentee.priority)).astype(np.int64)


def all_pairs_optimum(mentee, mentor, settings):
    """Objective of one min-cost flow over every allowed pair, real costs."""
    scorer = PairScorer(mentee, mentor, settings)
    n, m = len(mentee), len(mentor)
    rows, cols = np.repeat(np.arange(n), m), np.tile(np.arange(m), n)
    costs = scorer.costs(rows, cols)
    allowed = costs != NO_ARC
    rows, cols, costs = rows[allowed], cols[allowed], costs[allowed]
    penalty = unassigned_costs(mentee)
    problem = TransportProblem(np.ones(n, np.int64), mentor.capacities, penalty)
    flows = problem._min_cost_flow(rows, cols, costs, penalty)
    matched = np.zeros(n, dtype=bool)
    matched[rows[flows > 0]] = True
    return int(costs[flows > 0].sum() + penalty[~matched].sum())


def engine_objective(result, mentee, mentor, settings):
    scorer = PairScorer(mentee, mentor, settings)
    rows = np.array([p.mentee_index for p in result.core], dtype=np.int64)
    cols = np.array([p.mentor_index for p in result.core], dtype=np.int64)
    costs = scorer.costs(rows, cols)
    assert (costs != NO_ARC).all()
    assert (np.bincount(cols, minlength=len(mentor)) <= mentor.capacities).all()
    assert len(set(rows.tolist())) == len(rows)
    return int(costs.sum() + unassigned_costs(mentee)[result.unmatched].sum())


SETTINGS = [
    MatchingSettings(),
    MatchingSettings(candidates_per_mentee=1),  # forces several certificate rounds
    MatchingSettings(candidates_per_mentee=2, allow_same_department=False),
    MatchingSettings(require_shared_language=True, require_availability_overlap=True),
    MatchingSettings(weights={"diversity": 1.0, "cross_functional": 1.0}, chain_depth=0),
]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("settings", SETTINGS, ids=range(len(SETTINGS)))
def test_engine_reaches_the_all_pairs_optimum(seed, settings):
    mentee, mentor = random_org(seed)
    result = match(mentee, mentor, settings)
    assert result.certified_optimal
    assert engine_objective(result, mentee, mentor, settings) == all_pairs_optimum(
        mentee, mentor, settings
    )


def test_many_departments_and_small_blocks_reach_the_optimum(monkeypatch):
    """Hundreds of departments take the sparse "same category" path, and
    tiny blocks and sample make the screening and the certificate run on
    many blocks in threads."""
    monkeypatch.setattr(solver_module, "BLOCK_PAIRS", 1_000)
    monkeypatch.setattr(solver_module, "MIN_BLOCK_ROWS", 16)
    monkeypatch.setattr(solver_module, "CHECK_PAIRS", 500)
    monkeypatch.setattr(solver_module, "SAMPLE_MENTEES", 40)
    mentee, mentor = random_org(11, n=400, m=80, n_departments=150)
    settings = MatchingSettings(candidates_per_mentee=2)
    assert PairScorer(mentee, mentor, settings)._sparse_same
    result = match(mentee, mentor, settings)
    assert result.rounds > 1
    assert engine_objective(result, mentee, mentor, settings) == all_pairs_optimum(
        mentee, mentor, settings
    )


@pytest.mark.parametrize("seed", range(3))
def test_candidates_held_in_reserve_come_back_when_they_improve(monkeypatch, seed):
    """The first solve gets only each mentee's best candidate; the others
    wait in reserve and the certificate brings back those the optimum
    needs, over several rounds."""
    monkeypatch.setattr(solver_module, "FIRST_PER_MENTEE", 1)
    monkeypatch.setattr(solver_module, "FIRST_PER_SEAT", 0)
    monkeypatch.setattr(solver_module, "FIRST_PER_MENTOR", 0)
    solved_arcs = []
    solve = TransportProblem.solve

    def recording_solve(problem, rows, cols, costs):
        solved_arcs.append(len(rows))
        return solve(problem, rows, cols, costs)

    monkeypatch.setattr(TransportProblem, "solve", recording_solve)
    mentee, mentor = random_org(seed)
    settings = MatchingSettings()
    result = match(mentee, mentor, settings)
    assert solved_arcs[0] == len(mentee)  # one arc per mentee, none from the reserve
    assert solved_arcs[0] < result.candidate_arcs
    assert result.rounds > 1
    assert engine_objective(result, mentee, mentor, settings) == all_pairs_optimum(
        mentee, mentor, settings
    )


def test_same_input_same_output_across_threads():
    mentee, mentor = random_org(5, n=700, m=60)
    settings = MatchingSettings(topic_mentors_per_mentee=1, candidates_per_mentee=3)
    runs = [
        [(p.mentee_index, p.mentor_index, p.kind, p.score, p.reasons) for p in result.proposals]
        for result in (match(mentee, mentor, settings) for _ in range(3))
    ]
    assert runs[0] == runs[1] == runs[2]


def test_dense_scores_are_within_their_error_bound_of_the_exact_ones():
    mentee, mentor = random_org(3, n=200, m=50, n_departments=80)
    scorer = PairScorer(mentee, mentor, MatchingSettings())
    rows = np.arange(len(mentee))
    dense = scorer.block(rows).astype(np.float64)
    pairs = np.repeat(rows, len(mentor)), np.tile(np.arange(len(mentor)), len(mentee))
    exact = scorer.exact(*pairs).reshape(dense.shape)
    assert (np.isfinite(dense) == np.isfinite(exact)).all()
    finite = np.isfinite(exact)
    gap = np.abs(dense[finite] - exact[finite])
    assert (gap <= np.broadcast_to(scorer.score_errors[:, None], dense.shape)[finite]).all()
    # and the dense integer costs are the exact ones, pair for pair
    assert np.array_equal(scorer.costs(rows), scorer.costs(*pairs).reshape(dense.shape))
    # a block against a subset of mentors: the same pairs, within the same
    # bound (BLAS may round a product differently for another shape)
    subset = np.array([7, 3, 40, 41])
    some = scorer.block(rows[::2], subset).astype(np.float64)
    expected = exact[::2][:, subset]
    assert (np.isfinite(some) == np.isfinite(expected)).all()
    ok = np.isfinite(expected)
    bound = np.broadcast_to(scorer.score_errors[::2, None], some.shape)[ok]
    assert (np.abs(some[ok] - expected[ok]) <= bound).all()


def test_features_built_in_chunks_are_those_of_one_chunk(monkeypatch):
    """The product's features are built a few mentees at a time, in
    threads: every value, the columns kept and merged, and the exact path
    are the same as when every mentee is built at once."""
    from engine import scoring

    mentee, mentor = random_org(6, n=500, m=70, n_departments=90)
    settings = MatchingSettings()
    whole = PairScorer(mentee, mentor, settings)
    monkeypatch.setattr(scoring, "FEATURE_CHUNK", 37)
    chunked = PairScorer(mentee, mentor, settings)
    assert chunked._sparse_same
    for name in ("left", "right", "_right_bits", "_exact_cols", "_exact_starts", "score_errors"):
        assert np.array_equal(getattr(whole, name), getattr(chunked, name)), name
    assert whole._exact_values.tobytes() == chunked._exact_values.tobytes()
    rows = np.arange(len(mentee))
    assert np.array_equal(whole.block(rows), chunked.block(rows))


def test_exact_scores_do_not_depend_on_the_pairs_computed_with_them():
    mentee, mentor = random_org(4, n=50, m=20)
    scorer = PairScorer(mentee, mentor, MatchingSettings())
    rows, cols = np.repeat(np.arange(50), 20), np.tile(np.arange(20), 50)
    together = scorer.exact(rows, cols)
    one_by_one = np.array([scorer.exact(rows[i : i + 1], cols[i : i + 1])[0] for i in range(50)])
    assert np.array_equal(together[:50], one_by_one)
    assert np.array_equal(scorer.exact(rows, cols, chunk=7), together)


def test_pairs_left_out_cost_at_least_their_bounds():
    mentee, mentor = random_org(8, n=300, m=60)
    scorer = PairScorer(mentee, mentor, MatchingSettings())
    n, m = len(mentee), len(mentor)
    problem = TransportProblem(np.ones(n, np.int64), mentor.capacities, unassigned_costs(mentee))
    assignment = solver_module._Assignment(problem, scorer, 3)
    rows, cols, costs = assignment._candidates()
    assert np.array_equal(costs, scorer.costs(rows, cols))
    picked = np.zeros((n, m), dtype=bool)
    picked[rows, cols] = True
    all_costs = scorer.costs(np.arange(n))
    left_out = ~picked & (all_costs != NO_ARC)
    left_rows, left_cols = np.nonzero(left_out)
    assert len(left_rows)
    assert (all_costs[left_out] >= assignment.lower[left_rows]).all()
    assert (all_costs[left_out] >= assignment.mentor_lower[left_cols]).all()
    # each mentee has at least k candidates, or all its allowed mentors
    allowed_count = (all_costs != NO_ARC).sum(axis=1)
    assert (np.bincount(rows, minlength=n) >= np.minimum(3, allowed_count)).all()


def chain_problem(length):
    """Mentee i scores 1 with mentor i and 0 with mentor i + 1; one more
    mentee can only take mentor 0. Matching it means moving every other
    mentee down the chain, losing a full score each time."""
    rows = np.concatenate([np.arange(length), np.arange(length), [length]])
    cols = np.concatenate([np.arange(length), np.arange(length) + 1, [0]])
    costs = np.concatenate([np.full(length, -SCORE_SCALE), np.zeros(length, np.int64), [0]]).astype(
        np.int64
    )
    n = length + 1
    return rows, cols, costs, n, length + 1


@pytest.mark.parametrize("with_priority", [False, True])
def test_quick_flow_is_only_kept_when_proven_optimal(with_priority):
    """Scaled-down unassigned costs would leave the last mentee out (20
    mentees would lose a score each); the real ones make the solver
    match everyone, and the result must be that one."""
    rows, cols, costs, n, m = chain_problem(20)
    penalty = np.full(n, SCORE_SCALE * (n + 1), dtype=np.int64)
    if with_priority:
        penalty[0] *= 2
    problem = TransportProblem(np.ones(n, np.int64), np.ones(m, np.int64), penalty)
    flows, potentials = problem.solve(rows, cols, costs)
    reference = problem._min_cost_flow(rows, cols, costs, penalty)
    assert flows.sum() == reference.sum() == n
    assert costs[flows > 0].sum() == costs[reference > 0].sum()
    # the potentials prove it: no residual arc has a negative reduced cost
    tails, heads, capacities, arc_costs, all_flows = problem._graph(rows, cols, costs, flows)
    forward, backward = all_flows < capacities, all_flows > 0
    assert (arc_costs[forward] + potentials[tails[forward]] - potentials[heads[forward]] >= 0).all()
    assert (
        -arc_costs[backward] + potentials[heads[backward]] - potentials[tails[backward]] >= 0
    ).all()


def test_quick_flow_with_priorities_keeps_their_order():
    # One seat, two mentees wanting it; the second has priority.
    rows, cols, costs = np.array([0, 1]), np.array([0, 0]), np.array([-SCORE_SCALE, 0])
    penalty = np.array([3, 6], dtype=np.int64) * SCORE_SCALE
    problem = TransportProblem(np.ones(2, np.int64), np.ones(1, np.int64), penalty)
    flows, _potentials = problem.solve(rows, cols, costs)
    assert flows.tolist() == [0, 1]


def test_single_threaded_blas_returns_the_result():
    def product(a, b):
        return a @ b

    a = np.arange(12.0).reshape(3, 4)
    assert np.array_equal(single_threaded(product)(a, a.T), a @ a.T)
