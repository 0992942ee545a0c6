"""Scores of mentee x mentor pairs as one matrix product.

Every score component is written as ``left_c @ right_c.T``: a row of
features per mentee times a row per mentor. For instance the skill
component counts the level steps a mentee wants to climb (one column per
skill and level) that the mentor has reached, divided by the mentee's total
steps; "different department" is ``known_m * known_k - same_department``.
The weighted pair score is then a single product of the concatenated
feature blocks, which BLAS computes for millions of pairs in a fraction of
a second, and a component for a few pairs is a row-wise dot product of the
same blocks, so explanations always agree with the scores.

Categorical "is different" components (department, diversity attributes)
are the exception: with hundreds of departments their one-hot blocks would
dominate the product, so they are compared code to code instead.

Hard rules are applied afterwards as a mask: forbidden pairs score -inf.
"""

import numpy as np

from .profiles import COMPONENTS

FORBIDDEN = -np.inf


def _bits(masks):
    """(n,) uint64 bit masks -> (n, 64) 0/1 float32 matrix."""
    shifts = np.arange(64, dtype=np.uint64)
    return ((masks[:, None] >> shifts) & np.uint64(1)).astype(np.float32)


def _one_hot(codes, categories):
    """Codes -> one-hot float32 columns; codes outside ``categories`` give zero rows."""
    hot = np.zeros((len(codes), len(categories)), dtype=np.float32)
    if not len(categories):
        return hot
    position = np.clip(np.searchsorted(categories, codes), 0, len(categories) - 1)
    found = categories[position] == codes
    hot[np.flatnonzero(found), position[found]] = 1.0
    return hot


def _share(matrix):
    """Rows divided by their sum (rows of zeros stay zero)."""
    totals = matrix.sum(axis=1, keepdims=True)
    return np.divide(matrix, totals, out=np.zeros_like(matrix), where=totals > 0)


def _differs(mentee_codes, mentor_codes):
    """1.0 where both codes are known (> 0) and differ, for paired arrays."""
    return ((mentee_codes != mentor_codes) & (mentee_codes > 0) & (mentor_codes > 0)).astype(
        np.float32
    )


class PairScorer:
    """Scores pairs of one (mentees, mentors, settings) problem."""

    def __init__(self, mentees, mentors, settings):
        self.mentees = mentees
        self.mentors = mentors
        self.settings = settings
        self.weights = settings.normalized_weights().astype(np.float32)
        self.max_level = int(
            max(
                mentees.target_levels.max(initial=0),
                mentees.skill_levels.max(initial=0),
                mentors.skill_levels.max(initial=0),
            )
        )
        levels = np.arange(1, self.max_level + 1, dtype=np.int16)
        # One column per (skill, level): the steps a mentee wants to climb...
        self.steps_wanted = (
            (mentees.skill_levels[:, :, None] < levels)
            & (levels <= mentees.target_levels[:, :, None])
        ).reshape(len(mentees), -1).astype(np.float32)
        # ...and the steps a mentor has reached.
        self.steps_held = (
            (mentors.skill_levels[:, :, None] >= levels).reshape(len(mentors), -1).astype(np.float32)
        )
        self.gap_units = self.steps_wanted.sum(axis=1)
        self.weight_of = dict(zip(COMPONENTS, self.weights))
        self.blocks = self._component_blocks()
        # Categorical components: (weight, [(mentee codes, mentor codes), ...]).
        self.categorical = {
            "cross_functional": [(mentees.department_ids, mentors.department_ids)],
            "diversity": [
                (mentees.attributes[:, a], mentors.attributes[:, a])
                for a in range(mentees.attributes.shape[1])
            ],
        }
        left = np.hstack([self.weight_of[name] * block[0] for name, block in self.blocks.items()])
        right = np.hstack([block[1] for block in self.blocks.values()])
        # A feature nobody on one side has contributes nothing: drop it.
        useful = left.any(axis=0) & right.any(axis=0)
        self.left = np.ascontiguousarray(left[:, useful], dtype=np.float32)
        self.right = np.ascontiguousarray(right[:, useful], dtype=np.float32)
        self._forbidden_columns = self._sparse_forbidden()

    def _component_blocks(self):
        mentees, mentors = self.mentees, self.mentors
        blocks = {
            "skills": (_share_by(self.steps_wanted, self.gap_units), self.steps_held),
            "career": (
                _share(mentees.target_role_sets.astype(np.float32)),
                mentors.held_role_sets.astype(np.float32),
            ),
        }
        blocks["language"] = (
            _share(_bits(mentees.language_masks)),
            _bits(mentors.language_masks),
        )
        offsets = np.unique(np.concatenate([mentees.utc_offsets, mentors.utc_offsets]))
        closeness = np.clip(
            1.0 - np.abs(offsets[:, None] - offsets[None, :]) / self.settings.max_timezone_gap,
            0.0,
            1.0,
        ).astype(np.float32)
        blocks["timezone"] = (
            _one_hot(mentees.utc_offsets, offsets) @ closeness,
            _one_hot(mentors.utc_offsets, offsets),
        )
        blocks["availability"] = (
            _share(_bits(mentees.availability_masks)),
            _bits(mentors.availability_masks),
        )
        return blocks

    # -- Hard rules ---------------------------------------------------------------------
    def _sparse_forbidden(self):
        """(row, col) pairs forbidden by identity: self, management chain, exclusions.

        Each mentee has only a handful of them, so they are listed rather
        than compared over the whole matrix.
        """
        mentees, mentors, settings = self.mentees, self.mentors, self.settings
        order = np.argsort(mentors.employee_ids, kind="stable")
        sorted_ids = mentors.employee_ids[order]
        depth = min(settings.chain_depth, mentees.ancestor_ids.shape[1])
        blocked_ids = np.hstack([mentees.employee_ids[:, None], mentees.ancestor_ids[:, :depth]])
        rows = np.repeat(np.arange(len(mentees)), blocked_ids.shape[1])
        ids = blocked_ids.ravel()
        if settings.excluded_pairs:
            mentee_row = {int(e): i for i, e in enumerate(mentees.employee_ids)}
            extra = [
                (mentee_row[int(m)], int(k))
                for m, k in settings.excluded_pairs
                if int(m) in mentee_row
            ]
            if extra:
                rows = np.concatenate([rows, [r for r, _k in extra]])
                ids = np.concatenate([ids, [k for _r, k in extra]])
        position = np.clip(np.searchsorted(sorted_ids, ids), 0, len(sorted_ids) - 1)
        hit = sorted_ids[position] == ids
        return rows[hit], order[position[hit]]

    def allowed(self, rows, cols=None):
        """True where the pair may be proposed (dense block, or pairwise)."""
        mentees, mentors, settings = self.mentees, self.mentors, self.settings
        pairwise = cols is not None
        shape = (len(rows),) if pairwise else (len(rows), len(mentors))
        allowed = np.ones(shape, dtype=bool)

        def combine(a, b, op):
            if pairwise:
                return op(a[rows], b[cols])
            return op(a[rows][:, None], b[None, :])

        if not settings.allow_same_department:
            same = combine(mentees.department_ids, mentors.department_ids, np.equal)
            known = mentees.department_ids[rows] > 0
            allowed &= ~(same & (known if pairwise else known[:, None]))
        if settings.require_shared_language:
            allowed &= combine(mentees.language_masks, mentors.language_masks, np.bitwise_and) != 0
        if settings.require_availability_overlap:
            allowed &= (
                combine(mentees.availability_masks, mentors.availability_masks, np.bitwise_and) != 0
            )
        forbidden_rows, forbidden_cols = self._forbidden_columns
        if pairwise:
            n_mentors = len(mentors)
            allowed &= ~np.isin(
                np.asarray(rows) * n_mentors + np.asarray(cols),
                forbidden_rows * n_mentors + forbidden_cols,
            )
        else:
            # rows is a contiguous block of mentee indices (see solver._blocks)
            in_block = (forbidden_rows >= rows[0]) & (forbidden_rows <= rows[-1])
            allowed[forbidden_rows[in_block] - rows[0], forbidden_cols[in_block]] = False
        return allowed

    # -- Scores -------------------------------------------------------------------------
    def components(self, rows, cols):
        """Each component's value for the pairs (rows[i], cols[i])."""
        values = {
            name: np.einsum("ij,ij->i", left[rows], right[cols]).clip(0.0, 1.0)
            for name, (left, right) in self.blocks.items()
        }
        for name, code_pairs in self.categorical.items():
            values[name] = (
                np.mean([_differs(m[rows], k[cols]) for m, k in code_pairs], axis=0)
                if code_pairs
                else np.zeros(len(rows), dtype=np.float32)
            )
        return {name: values[name] for name in COMPONENTS}

    def _add_categorical(self, total, rows):
        """Add the weighted categorical components to a dense block in place."""
        for name, code_pairs in self.categorical.items():
            weight = self.weight_of[name]
            if not weight or not code_pairs:
                continue
            share = weight / len(code_pairs)
            for mentee_codes, mentor_codes in code_pairs:
                block_codes = mentee_codes[rows][:, None]
                different = (block_codes != mentor_codes[None, :]) & (mentor_codes > 0)[None, :]
                different[block_codes[:, 0] <= 0] = False
                np.add(total, share, out=total, where=different)

    def scores(self, rows, cols=None):
        """Weighted scores in [0, 1]; forbidden pairs are -inf.

        With ``cols`` None, ``rows`` must be a contiguous range of mentee
        indices and the result is the dense (rows x all mentors) block.
        """
        if cols is not None:
            components = self.components(rows, cols)
            total = sum(self.weight_of[name] * components[name] for name in COMPONENTS)
        else:
            total = self.left[rows] @ self.right.T
            self._add_categorical(total, rows)
        total[~self.allowed(rows, cols)] = FORBIDDEN
        return total


def _share_by(matrix, totals):
    totals = totals[:, None]
    return np.divide(matrix, totals, out=np.zeros_like(matrix), where=totals > 0)
