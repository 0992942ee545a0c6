"""Benchmark of the matching engine on synthetic organisations.

Usage: python benchmarks/matching_benchmark.py [--sizes 1k,10k,100k] [--no-exact]

For each size it reports, each measured in a fresh subprocess so the peak
memory is that run's own: the engine's wall time (scoring included) and
peak RSS, the total score and coverage of its assignment, the ratio of
that total to a greedy baseline, and the gap to the exact optimum computed
independently by a min-cost flow over *all* allowed pairs (skipped where
that graph would not fit: the engine's own duality certificate then stands
for optimality).
"""

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "mentorship_program"), str(ROOT / "benchmarks")]

from engine import MatchingSettings, MenteeProfiles, MentorProfiles, match  # noqa: E402
from engine.flow import SCORE_SCALE, TransportProblem  # noqa: E402
from engine.scoring import PairScorer  # noqa: E402
from synthetic_org import generate  # noqa: E402

SIZES = {"1k": (1_000, 200), "10k": (10_000, 2_000), "100k": (100_000, 20_000)}
EXACT_MAX_PAIRS = 25_000_000


def _problem(size, seed):
    mentees, mentors = generate(*SIZES[size], seed=seed)
    return MenteeProfiles(**mentees), MentorProfiles(**mentors), MatchingSettings()


def run_engine(size, seed):
    """Time a first (cold) call in a fresh process, then a second (warm) one.

    The cold call pays one-off start-up costs (BLAS threads, the solver's
    library, first-touch of the cost matrix); a server process calling the
    engine again pays only the warm time.
    """
    mentees, mentors, settings = _problem(size, seed)
    start = time.perf_counter()
    result = match(mentees, mentors, settings)
    cold = time.perf_counter() - start
    warm = None
    if len(mentees) * len(mentors) <= 100_000_000:
        start = time.perf_counter()
        match(mentees, mentors, settings)
        warm = time.perf_counter() - start
    return {
        "seconds": cold,
        "warm_seconds": warm,
        "total": result.total_score,
        "coverage": result.coverage,
        "rounds": result.rounds,
        "arcs": result.candidate_arcs,
    }


def run_greedy(size, seed):
    """Best pair first: take each mentee's best mentor with room left."""
    mentees, mentors, settings = _problem(size, seed)
    scorer = PairScorer(mentees, mentors, settings)
    left = mentors.capacities.copy()
    rows, cols, scores = [], [], []
    block = max(1, 4_000_000 // len(mentors))
    for start in range(0, len(mentees), block):
        block_rows = np.arange(start, min(start + block, len(mentees)))
        dense = scorer.scores(block_rows)
        top = np.argsort(-dense, axis=1)[:, :50]
        rows.append(np.repeat(block_rows, top.shape[1]))
        cols.append(top.ravel())
        scores.append(np.take_along_axis(dense, top, axis=1).ravel())
    rows, cols, scores = map(np.concatenate, (rows, cols, scores))
    taken = np.zeros(len(mentees), dtype=bool)
    total = 0.0
    for i in np.argsort(-scores, kind="stable"):
        if not np.isfinite(scores[i]):
            break
        if not taken[rows[i]] and left[cols[i]] > 0:
            taken[rows[i]] = True
            left[cols[i]] -= 1
            total += float(scores[i])
    return {"total": total, "coverage": float(taken.mean())}


def run_exact(size, seed):
    """Min-cost flow over every allowed pair: the reference optimum."""
    mentees, mentors, settings = _problem(size, seed)
    n, m = len(mentees), len(mentors)
    if n * m > EXACT_MAX_PAIRS:
        return None
    scorer = PairScorer(mentees, mentors, settings)
    rows, cols, costs = [], [], []
    for start in range(0, n, max(1, 4_000_000 // m)):
        block_rows = np.arange(start, min(start + max(1, 4_000_000 // m), n))
        dense = scorer.scores(block_rows)
        r, c = np.nonzero(np.isfinite(dense))
        rows.append(block_rows[r])
        cols.append(c)
        costs.append(-np.rint(dense[r, c] * SCORE_SCALE).astype(np.int64))
    rows, cols, costs = map(np.concatenate, (rows, cols, costs))
    penalty = SCORE_SCALE * (n + 1)
    problem = TransportProblem(np.ones(n, np.int64), mentors.capacities, np.full(n, penalty))
    flows, _potentials = problem.solve(rows, cols, costs)
    chosen = flows > 0
    return {
        "total": float(-costs[chosen].sum()) / SCORE_SCALE,
        "coverage": float(chosen.sum()) / n,
        "pairs": int(len(rows)),
    }


def _child(part, size, seed):
    result = {"engine": run_engine, "greedy": run_greedy, "exact": run_exact}[part](size, seed)
    if result is not None:
        result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def _measure(part, size, seed):
    output = subprocess.run(
        [sys.executable, __file__, "--child", part, "--sizes", size, "--seed", str(seed)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1k,10k,100k")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-exact", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return _child(args.child, args.sizes, args.seed)

    console = Console(width=200)
    table = Table(title="Matching engine benchmark (2 cores)")
    for column in (
        "size",
        "time cold (s)",
        "time warm (s)",
        "peak RSS (MB)",
        "total score",
        "coverage",
        "vs greedy",
        "exact optimum",
        "gap to exact",
        "rounds",
        "arcs",
    ):
        table.add_column(column, justify="right")
    for size in args.sizes.split(","):
        console.log(f"{size}: engine")
        engine = _measure("engine", size, args.seed)
        console.log(f"{size}: greedy baseline")
        greedy = _measure("greedy", size, args.seed)
        exact = None
        if not args.no_exact:
            console.log(f"{size}: exact solve over all pairs")
            exact = _measure("exact", size, args.seed)
        n, m = SIZES[size]
        table.add_row(
            f"{n:,} x {m:,}",
            f"{engine['seconds']:.2f}",
            f"{engine['warm_seconds']:.2f}" if engine["warm_seconds"] is not None else "-",
            f"{engine['peak_mb']:.0f}",
            f"{engine['total']:.2f}",
            f"{engine['coverage']:.1%}",
            f"{engine['total'] / greedy['total']:.4f}" if greedy["total"] else "-",
            f"{exact['total']:.2f}" if exact else "n/a (certificate)",
            f"{exact['total'] - engine['total']:.4f}" if exact else "0 (certified)",
            str(engine["rounds"]),
            f"{engine['arcs']:,}",
        )
    console.print(table)


if __name__ == "__main__":
    main()
