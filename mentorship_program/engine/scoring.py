"""Scores of mentee x mentor pairs, mostly as one matrix product.

Every score component but the categorical ones is written as
``left_c @ right_c.T``: a row of features per mentee times a row per
mentor. The skill component counts the level steps a mentee wants to climb
(one column per skill and level) that the mentor has reached, divided by
the mentee's total steps; language and availability are the share of the
mentee's languages / half-days the mentor shares; time zones go through a
small closeness table. The weighted score of a whole block of pairs is
then a single product of the concatenated feature blocks.

Categorical "is different" components (department, diversity attributes)
are ``known_m * known_k - same_category``. With a few categories the
one-hot "same" columns join the product; with many (hundreds of
departments) those columns would dominate it, so the sparse "same
category" pairs are subtracted directly instead.

Hard rules give -inf. Identity rules (self, management chain,
exclusions) touch a handful of pairs per mentee and are listed; the
optional rules (same department, must-share language or availability)
are compared over the block.
"""

import numpy as np

from .profiles import COMPONENTS

FORBIDDEN = -np.inf
ONE_HOT_MAX_CATEGORIES = 32


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


def _share(matrix, totals=None):
    """Rows divided by their sum (or by ``totals``); rows of zeros stay zero."""
    totals = matrix.sum(axis=1, keepdims=True) if totals is None else totals[:, None]
    return np.divide(matrix, totals, out=np.zeros_like(matrix), where=totals > 0)


def _differs(mentee_codes, mentor_codes):
    """1.0 where both codes are known (> 0) and differ, for paired arrays."""
    return ((mentee_codes != mentor_codes) & (mentee_codes > 0) & (mentor_codes > 0)).astype(
        np.float32
    )


class _SameCategoryPairs:
    """Lists, for a block of mentees, the mentors of the same (known) category."""

    def __init__(self, mentee_codes, mentor_codes):
        self.mentee_codes = mentee_codes
        self.order = np.argsort(mentor_codes, kind="stable")
        self.sorted_codes = mentor_codes[self.order]

    def pairs(self, rows):
        codes = self.mentee_codes[rows]
        low = np.searchsorted(self.sorted_codes, codes, "left")
        high = np.searchsorted(self.sorted_codes, codes, "right")
        lengths = np.where(codes > 0, high - low, 0)
        block_rows = np.repeat(np.arange(len(rows)), lengths)
        starts = np.repeat(low - (np.cumsum(lengths) - lengths), lengths)
        return block_rows, self.order[starts + np.arange(lengths.sum())]


class PairScorer:
    """Scores pairs of one (mentees, mentors, settings) problem."""

    def __init__(self, mentees, mentors, settings):
        self.mentees = mentees
        self.mentors = mentors
        self.settings = settings
        self.weights = settings.normalized_weights().astype(np.float32)
        self.weight_of = dict(zip(COMPONENTS, self.weights))
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
            (
                (mentees.skill_levels[:, :, None] < levels)
                & (levels <= mentees.target_levels[:, :, None])
            )
            .reshape(len(mentees), -1)
            .astype(np.float32)
        )
        # ...and the steps a mentor has reached.
        self.steps_held = (
            (mentors.skill_levels[:, :, None] >= levels)
            .reshape(len(mentors), -1)
            .astype(np.float32)
        )
        self.gap_units = self.steps_wanted.sum(axis=1)
        # Categorical components: component -> [(mentee codes, mentor codes), ...]
        self.categorical = {
            "cross_functional": [(mentees.department_ids, mentors.department_ids)],
            "diversity": [
                (mentees.attributes[:, a], mentors.attributes[:, a])
                for a in range(mentees.attributes.shape[1])
            ],
        }
        self._sparse_same = []  # (weight share, _SameCategoryPairs) subtracted per block
        left, right = self._product_blocks()
        # A feature nobody on one side has contributes nothing: drop it.
        useful = left.any(axis=0) & right.any(axis=0)
        self.left = np.ascontiguousarray(left[:, useful], dtype=np.float32)
        self.right = np.ascontiguousarray(right[:, useful], dtype=np.float32)
        self._forbidden = self._identity_forbidden()

    # -- Feature blocks -------------------------------------------------------------
    def _linear_blocks(self):
        """Component -> (mentee features, mentor features), product = component."""
        mentees, mentors = self.mentees, self.mentors
        offsets = np.unique(np.concatenate([mentees.utc_offsets, mentors.utc_offsets]))
        closeness = np.clip(
            1.0 - np.abs(offsets[:, None] - offsets[None, :]) / self.settings.max_timezone_gap,
            0.0,
            1.0,
        ).astype(np.float32)
        return {
            "skills": (_share(self.steps_wanted, self.gap_units), self.steps_held),
            "career": (
                _share(mentees.target_role_sets.astype(np.float32)),
                mentors.held_role_sets.astype(np.float32),
            ),
            "language": (_share(_bits(mentees.language_masks)), _bits(mentors.language_masks)),
            "timezone": (
                _one_hot(mentees.utc_offsets, offsets) @ closeness,
                _one_hot(mentors.utc_offsets, offsets),
            ),
            "availability": (
                _share(_bits(mentees.availability_masks)),
                _bits(mentors.availability_masks),
            ),
        }

    def _product_blocks(self):
        lefts, rights = [], []
        self.linear = self._linear_blocks()
        for name, (left, right) in self.linear.items():
            lefts.append(self.weight_of[name] * left)
            rights.append(right)
        for name, code_pairs in self.categorical.items():
            if not code_pairs or not self.weight_of[name]:
                continue
            share = self.weight_of[name] / len(code_pairs)
            for mentee_codes, mentor_codes in code_pairs:
                # both known ...
                lefts.append(share * (mentee_codes > 0).astype(np.float32)[:, None])
                rights.append((mentor_codes > 0).astype(np.float32)[:, None])
                # ... minus same category.
                categories = np.unique(mentee_codes[mentee_codes > 0])
                if len(categories) <= ONE_HOT_MAX_CATEGORIES:
                    lefts.append(-share * _one_hot(mentee_codes, categories))
                    rights.append(_one_hot(mentor_codes, categories))
                else:
                    self._sparse_same.append(
                        (share, _SameCategoryPairs(mentee_codes, mentor_codes))
                    )
        return np.hstack(lefts), np.hstack(rights)

    # -- Hard rules -----------------------------------------------------------------
    def _identity_forbidden(self):
        """Sorted (row, col) arrays of the pairs forbidden by identity:
        self, the management chain up to the program's depth, exclusions."""
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
        if not len(sorted_ids):
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        position = np.clip(np.searchsorted(sorted_ids, ids), 0, len(sorted_ids) - 1)
        hit = sorted_ids[position] == ids
        rows, cols = rows[hit], order[position[hit]]
        keys = np.unique(rows * len(mentors) + cols)
        return keys // len(mentors), keys % len(mentors)

    def _rule_mask(self, rows, cols=None):
        """Optional rules: False where the pair breaks one (None if no rule is on)."""
        mentees, mentors, settings = self.mentees, self.mentors, self.settings
        pairwise = cols is not None

        def combine(a, b, op):
            return op(a[rows], b[cols]) if pairwise else op(a[rows][:, None], b[None, :])

        mask = None

        def restrict(condition):
            nonlocal mask
            mask = condition if mask is None else mask & condition

        if not settings.allow_same_department:
            same = combine(mentees.department_ids, mentors.department_ids, np.equal)
            known = mentees.department_ids[rows] > 0
            restrict(~(same & (known if pairwise else known[:, None])))
        if settings.require_shared_language:
            restrict(combine(mentees.language_masks, mentors.language_masks, np.bitwise_and) != 0)
        if settings.require_availability_overlap:
            restrict(
                combine(mentees.availability_masks, mentors.availability_masks, np.bitwise_and) != 0
            )
        return mask

    def _forbidden_in(self, rows):
        """Identity-forbidden pairs among sorted mentee ``rows``, as (block row, col)."""
        forbidden_rows, forbidden_cols = self._forbidden
        position = np.clip(np.searchsorted(rows, forbidden_rows), 0, len(rows) - 1)
        inside = rows[position] == forbidden_rows
        return position[inside], forbidden_cols[inside]

    def allowed(self, rows, cols=None):
        """True where the pair may be proposed (dense block for sorted
        ``rows``, or one value per (rows[i], cols[i]) pair)."""
        rows = np.asarray(rows)
        mask = self._rule_mask(rows, cols)
        n_mentors = len(self.mentors)
        if cols is None:
            allowed = np.ones((len(rows), n_mentors), dtype=bool) if mask is None else mask
            allowed[self._forbidden_in(rows)] = False
            return allowed
        allowed = np.ones(len(rows), dtype=bool) if mask is None else mask
        forbidden_keys = self._forbidden[0] * n_mentors + self._forbidden[1]
        return allowed & ~np.isin(rows * n_mentors + np.asarray(cols), forbidden_keys)

    # -- Scores ---------------------------------------------------------------------
    def components(self, rows, cols):
        """Each component's value for the pairs (rows[i], cols[i])."""
        values = {
            name: np.einsum("ij,ij->i", left[rows], right[cols]).clip(0.0, 1.0)
            for name, (left, right) in self.linear.items()
        }
        for name, code_pairs in self.categorical.items():
            values[name] = (
                np.mean([_differs(m[rows], k[cols]) for m, k in code_pairs], axis=0)
                if code_pairs
                else np.zeros(len(rows), dtype=np.float32)
            )
        return {name: values[name].astype(np.float32) for name in COMPONENTS}

    def scores(self, rows, cols=None):
        """Weighted scores in [0, 1]; forbidden pairs are -inf.

        With ``cols`` None the result is the dense block of the sorted
        mentee ``rows`` against every mentor; otherwise one score per pair.
        """
        rows = np.asarray(rows)
        if cols is not None:
            components = self.components(rows, cols)
            total = sum(self.weight_of[name] * components[name] for name in COMPONENTS)
            return np.where(self.allowed(rows, cols), total, FORBIDDEN)
        total = self.left[rows] @ self.right.T
        for share, same_pairs in self._sparse_same:
            total[same_pairs.pairs(rows)] -= share
        mask = self._rule_mask(rows)
        if mask is not None:
            total[~mask] = FORBIDDEN
        total[self._forbidden_in(rows)] = FORBIDDEN
        return total
