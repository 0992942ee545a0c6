"""Min-cost flow with an optimality certificate, on OR-tools.

The assignment is a transportation problem: every mentee ships its units
either to a mentor (cost = minus the pair's score) or to a "nobody" node
(cost = a penalty). Only a pruned set of candidate arcs is given to the
solver; :func:`potentials` then proves the solution optimal over *all*
pairs, or names the pairs whose arc would improve it.
"""

import numpy as np
from ortools.graph.python import min_cost_flow

SCORE_SCALE = 10_000  # scores in [0, 1] become integer costs in [-10 000, 0]
# Cost of a forbidden pair; real costs lie in [-SCORE_SCALE, 0].
NO_ARC = 2**30
# The quick solve's largest cost of leaving a mentee unassigned, and the
# Bellman-Ford rounds a quick flow gets to prove itself optimal for the real costs.
QUICK_UNASSIGNED = 8 * SCORE_SCALE
QUICK_ROUNDS = 200


class TransportProblem:
    """Nodes: source, mentees, mentors, nobody, sink."""

    def __init__(self, mentee_units, mentor_capacities, unassigned_costs):
        self.n_mentees = len(mentee_units)
        self.n_mentors = len(mentor_capacities)
        self.mentee_units = np.asarray(mentee_units, dtype=np.int64)
        self.mentor_capacities = np.asarray(mentor_capacities, dtype=np.int64)
        self.unassigned_costs = np.asarray(unassigned_costs, dtype=np.int64)
        self.source = self.n_mentees + self.n_mentors
        self.nobody = self.source + 1
        self.sink = self.source + 2
        self.n_nodes = self.source + 3

    def solve(self, rows, cols, costs):
        """Solve with candidate arcs (rows[i] -> cols[i], integer costs[i]).

        Returns (pair_flows, node_potentials): the potentials prove the flow
        optimal for the real costs on these arcs.

        Cost scaling takes longer the wider the range of costs, and the
        cost of leaving a mentee unassigned is huge next to a pair's (it
        makes the solver match as many mentees as it can). So when that
        cost is the same for every mentee, the flow is solved as a maximum
        flow of least cost over the pairs alone, which is the same optimum;
        when it differs (priorities), with those costs scaled down to a few
        pairs' worth, keeping their order. Either flow is kept only if
        potentials for the real costs exist, which proves it optimal for
        them; otherwise it is solved again with the real costs.
        """
        rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        costs = np.asarray(costs, dtype=np.int64)
        unassigned = self.unassigned_costs
        largest = int(unassigned.max(initial=0))
        if largest > QUICK_UNASSIGNED:
            if (unassigned == largest).all():
                flows = self._max_flow_of_least_cost(rows, cols, costs)
            else:
                quick = -(-unassigned * QUICK_UNASSIGNED // largest)
                flows = self._min_cost_flow(rows, cols, costs, quick)
            potentials = self._potentials(*self._graph(rows, cols, costs, flows), QUICK_ROUNDS)
            if potentials is not None:
                return flows, potentials
        flows = self._min_cost_flow(rows, cols, costs, unassigned)
        return flows, self._potentials(*self._graph(rows, cols, costs, flows))

    def _graph(self, rows, cols, costs, pair_flows):
        """Every arc of the full network (real costs) and its flow, given the pairs' flows."""
        n, k = self.n_mentees, self.n_mentors
        assigned = np.bincount(rows, weights=pair_flows, minlength=n).astype(np.int64)
        taken = np.bincount(cols, weights=pair_flows, minlength=k).astype(np.int64)
        unassigned_units = self.mentee_units - assigned
        mentee_nodes, mentor_nodes = np.arange(n), n + np.arange(k)
        tails = np.concatenate(
            [rows, np.full(n, self.source), mentee_nodes, mentor_nodes, [self.nobody]]
        )
        heads = np.concatenate(
            [n + cols, mentee_nodes, np.full(n, self.nobody), np.full(k, self.sink), [self.sink]]
        )
        capacities = np.concatenate(
            [
                np.ones(len(rows), dtype=np.int64),
                self.mentee_units,
                self.mentee_units,
                self.mentor_capacities,
                [int(self.mentee_units.sum())],
            ]
        )
        arc_costs = np.concatenate(
            [costs, np.zeros(n, np.int64), self.unassigned_costs, np.zeros(k + 1, np.int64)]
        )
        flows = np.concatenate(
            [pair_flows, self.mentee_units, unassigned_units, taken, [unassigned_units.sum()]]
        )
        return tails, heads, capacities, arc_costs, flows

    def _min_cost_flow(self, rows, cols, costs, unassigned_costs):
        """Pair flows of the least-cost flow shipping every unit (to a mentor or nobody)."""
        tails, heads, capacities, _costs, _flows = self._graph(
            rows, cols, costs, np.zeros(len(rows), dtype=np.int64)
        )
        arc_costs = np.concatenate(
            [
                costs,
                np.zeros(self.n_mentees, np.int64),
                unassigned_costs,
                np.zeros(self.n_mentors + 1, np.int64),
            ]
        )
        return self._run(tails, heads, capacities, arc_costs, len(rows), max_flow=False)

    def _max_flow_of_least_cost(self, rows, cols, costs):
        """Pair flows of the least-cost flow among those matching the most units."""
        n, k = self.n_mentees, self.n_mentors
        tails = np.concatenate([rows, np.full(n, self.source), n + np.arange(k)])
        heads = np.concatenate([n + cols, np.arange(n), np.full(k, self.sink)])
        capacities = np.concatenate(
            [np.ones(len(rows), dtype=np.int64), self.mentee_units, self.mentor_capacities]
        )
        arc_costs = np.concatenate([costs, np.zeros(n + k, dtype=np.int64)])
        return self._run(tails, heads, capacities, arc_costs, len(rows), max_flow=True)

    def _run(self, tails, heads, capacities, arc_costs, n_pairs, max_flow):
        solver = min_cost_flow.SimpleMinCostFlow()
        solver.add_arcs_with_capacity_and_unit_cost(
            tails.astype(np.int32), heads.astype(np.int32), capacities, arc_costs
        )
        total_units = int(self.mentee_units.sum())
        supplies = np.zeros(self.n_nodes, dtype=np.int64)
        supplies[self.source] = total_units
        supplies[self.sink] = -total_units
        solver.set_nodes_supplies(np.arange(self.n_nodes), supplies)
        status = solver.solve_max_flow_with_min_cost() if max_flow else solver.solve()
        if status != solver.OPTIMAL:
            raise RuntimeError(f"The min-cost flow solver stopped with status {status}.")
        return solver.flows(np.arange(n_pairs))

    def _potentials(self, tails, heads, capacities, costs, flows, max_rounds=None):
        """Shortest-path distances in the residual graph (Bellman-Ford).

        They are feasible node potentials: every residual arc has a
        non-negative reduced cost. A pair left out of the candidate graph
        whose reduced cost would be negative could improve the solution.
        They exist if and only if the flow is optimal for ``costs``; with
        ``max_rounds``, None is returned when they are not found by then.
        """
        forward = flows < capacities
        backward = flows > 0
        residual_tails = np.concatenate([tails[forward], heads[backward]])
        residual_heads = np.concatenate([heads[forward], tails[backward]])
        residual_costs = np.concatenate([costs[forward], -costs[backward]])
        distances = np.zeros(self.n_nodes, dtype=np.int64)
        # An optimal flow has no negative cycle, so this converges within
        # n_nodes rounds; in practice a few dozen.
        for _round in range(self.n_nodes + 1 if max_rounds is None else max_rounds):
            relaxed = distances.copy()
            np.minimum.at(relaxed, residual_heads, distances[residual_tails] + residual_costs)
            if np.array_equal(relaxed, distances):
                return distances
            distances = relaxed
        if max_rounds is not None:
            return None
        raise RuntimeError("Negative cycle in the residual graph: the flow is not optimal.")

    def reduced_costs(self, potentials, rows, cols, costs):
        """Reduced costs of the arcs rows -> cols (mentor indices)."""
        return costs + potentials[rows] - potentials[self.n_mentees + cols]
