"""Min-cost flow with an optimality certificate, on OR-tools.

The assignment is a transportation problem: every mentee ships its units
either to a mentor (cost = minus the pair's score) or to a "nobody" node
(cost = a penalty). Only a pruned set of candidate arcs is given to the
solver; :func:`potentials` then proves the solution optimal over *all*
pairs, or names the pairs whose arc would improve it.
"""

import numpy as np
from ortools.graph.python import min_cost_flow

SCORE_SCALE = 10_000  # scores in [0, 1] become integer costs in [0, 10 000]


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

        Returns (pair_flows, node_potentials).
        """
        n, k = self.n_mentees, self.n_mentors
        total_units = int(self.mentee_units.sum())
        mentee_nodes = np.arange(n)
        mentor_nodes = n + np.arange(k)
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
                [total_units],
            ]
        )
        arc_costs = np.concatenate(
            [
                costs,
                np.zeros(n, dtype=np.int64),
                self.unassigned_costs,
                np.zeros(k + 1, dtype=np.int64),
            ]
        )
        solver = min_cost_flow.SimpleMinCostFlow()
        solver.add_arcs_with_capacity_and_unit_cost(
            tails.astype(np.int32), heads.astype(np.int32), capacities, arc_costs.astype(np.int64)
        )
        supplies = np.zeros(self.n_nodes, dtype=np.int64)
        supplies[self.source] = total_units
        supplies[self.sink] = -total_units
        solver.set_nodes_supplies(np.arange(self.n_nodes), supplies)
        status = solver.solve()
        if status != solver.OPTIMAL:
            raise RuntimeError(f"The min-cost flow solver stopped with status {status}.")
        flows = solver.flows(np.arange(len(tails)))
        return flows[: len(rows)], self._potentials(tails, heads, capacities, arc_costs, flows)

    def _potentials(self, tails, heads, capacities, costs, flows):
        """Shortest-path distances in the residual graph (Bellman-Ford).

        They are feasible node potentials: every residual arc has a
        non-negative reduced cost. A pair left out of the candidate graph
        whose reduced cost would be negative could improve the solution.
        """
        forward = flows < capacities
        backward = flows > 0
        residual_tails = np.concatenate([tails[forward], heads[backward]])
        residual_heads = np.concatenate([heads[forward], tails[backward]])
        residual_costs = np.concatenate([costs[forward], -costs[backward]])
        distances = np.zeros(self.n_nodes, dtype=np.int64)
        # An optimal flow has no negative cycle, so this converges within
        # n_nodes rounds; in practice a few dozen.
        for _round in range(self.n_nodes + 1):
            relaxed = distances.copy()
            np.minimum.at(relaxed, residual_heads, distances[residual_tails] + residual_costs)
            if np.array_equal(relaxed, distances):
                return distances
            distances = relaxed
        raise RuntimeError("Negative cycle in the residual graph: the flow is not optimal.")

    def reduced_costs(self, potentials, rows, cols, costs):
        """Reduced costs of the arcs rows -> cols (mentor indices)."""
        return costs + potentials[rows] - potentials[self.n_mentees + cols]
