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
departments) those columns would dominate it, so only the categories with
the most pairs get a column and the sparse "same category" pairs of the
others are subtracted directly instead.

Hard rules give -inf. Identity rules (self, management chain,
exclusions) touch a handful of pairs per mentee and are listed; the
optional rules (same department, must-share language or availability)
are compared over the block.

Two ways to the same number. Every mentor-side feature is 0 or 1, so a
pair's score is a sum of mentee-side values: the *exact* score
(:meth:`PairScorer.scores` with ``cols``) adds them in float64, in one
fixed order, pair by pair; it alone defines a pair's score and its
integer cost, whatever block the pair was met in. The *dense* float32
block (:meth:`PairScorer.block`), one BLAS product, is what screens
millions of pairs; it differs from the exact score by at most
:attr:`PairScorer.score_errors` (a rounding-error bound per mentee), so a
caller can tell which dense values could round to another integer cost
and recompute only those exactly.
"""

import numpy as np

from ._blas import parallel_map
from .flow import NO_ARC, SCORE_SCALE
from .profiles import COMPONENTS

UNIT_ROUNDOFF = 2.0**-24  # float32, round to nearest

FORBIDDEN = -np.inf
ONE_HOT_MAX_CATEGORIES = 32
# Mentees whose features are built at once (PairScorer._build_product).
# At 100k x 20k the features of every mentee at once were 200 MB of
# float64 copied several times: 2.9 s of CPU and 917 MB peak, against
# 1.7 s and 699 MB in chunks of 16,384 mentees (measured under a load
# average of 4.3). Smaller chunks cost fresh pages for each chunk's
# temporaries: at 10k x 2k, chunks of 4,096 took 4 times the page faults
# of one chunk, so up to this size one chunk is built, as before.
FEATURE_CHUNK = 16_384


def _bits(masks, used, dtype=np.float32):
    """(n,) uint64 bit masks -> (n, bits set in ``used``) 0/1 matrix."""
    shifts = np.array([bit for bit in range(64) if int(used) >> bit & 1], dtype=np.uint64)
    return ((masks[:, None] >> shifts) & np.uint64(1)).astype(dtype)


def _distinct(values):
    """Sorted distinct values. (``np.unique`` without ``return_*`` imports
    ``numpy.ma`` on its first call, 40 ms of a fresh process.)"""
    values = np.sort(np.ravel(values))
    if not len(values):
        return values
    return values[np.concatenate(([True], values[1:] != values[:-1]))]


def _used_bits(*masks):
    return int(np.bitwise_or.reduce(np.concatenate(masks), initial=np.uint64(0)))


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


def to_costs(scores):
    """Exact scores in [0, 1] (or -inf) -> int64 arc costs (or NO_ARC)."""
    scores = np.asarray(scores, dtype=np.float64)
    finite = np.isfinite(scores)
    costs = np.full(scores.shape, NO_ARC, dtype=np.int64)
    costs[finite] = np.rint(scores[finite] * -SCORE_SCALE).astype(np.int64)
    return costs


def _equal_column_plan(right):
    """Features whose mentor columns are equal become one (their mentee
    columns summed): the same products with fewer columns. Synthetic and
    real skill scales often have a level no mentor stops at, so the
    "reached level l" and "reached level l + 1" columns coincide.

    Returns (kept columns, target of each duplicate column, duplicate
    columns in order), or None when every column differs.
    """
    if not right.shape[1]:
        return None
    packed = np.ascontiguousarray(np.packbits(right, axis=0).T)
    _unique, first, inverse = np.unique(
        packed.view(np.dtype((np.void, packed.shape[1]))).ravel(),
        return_index=True,
        return_inverse=True,
    )
    if len(first) == right.shape[1]:
        return None
    order = np.argsort(first, kind="stable")  # keep the columns' first-seen order
    position = np.empty_like(order)
    position[order] = np.arange(len(order))
    target = position[inverse.ravel()]
    kept = first[order]
    duplicate = np.ones(right.shape[1], dtype=bool)
    duplicate[kept] = False
    duplicates = np.flatnonzero(duplicate)
    return kept, target[duplicates].tolist(), duplicates.tolist()


def _merge_columns(left, plan):
    """``left``'s columns merged by :func:`_equal_column_plan`."""
    if plan is None:
        return left
    kept, targets, duplicates = plan
    merged = np.ascontiguousarray(left[:, kept])
    for target, column in zip(targets, duplicates):
        merged[:, target] += left[:, column]
    return merged


class _SameCategoryPairs:
    """Lists, for a block of mentees, the mentors of the same (known) category."""

    def __init__(self, mentee_codes, mentor_codes):
        self.mentee_codes = mentee_codes
        self.mentor_codes = mentor_codes
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
        weights = settings.normalized_weights()
        self.weights = weights.astype(np.float32)  # for display (reasons' shares)
        self.weight_of = dict(zip(COMPONENTS, weights))
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
        self._build_product()
        self._forbidden = self._identity_forbidden()

    # -- Feature blocks -------------------------------------------------------------
    def _linear_setup(self):
        """What the linear components share across mentees: the bits in
        use, the time-zone closeness table, and every mentor-side block."""
        mentees, mentors = self.mentees, self.mentors
        self._languages = _used_bits(mentees.language_masks, mentors.language_masks)
        self._slots = _used_bits(mentees.availability_masks, mentors.availability_masks)
        self._offsets = _distinct(np.concatenate([mentees.utc_offsets, mentors.utc_offsets]))
        self._closeness = np.clip(
            1.0
            - np.abs(self._offsets[:, None] - self._offsets[None, :]).astype(np.float64)
            / self.settings.max_timezone_gap,
            0.0,
            1.0,
        )
        self.linear_right = {
            "skills": self.steps_held,
            "career": mentors.held_role_sets.astype(np.float32),
            "language": _bits(mentors.language_masks, self._languages),
            "timezone": _one_hot(mentors.utc_offsets, self._offsets),
            "availability": _bits(mentors.availability_masks, self._slots),
        }

    def linear_left(self, rows):
        """Component -> mentee features of ``rows`` (float64): times the
        mentor block of :attr:`linear_right`, the component's value."""
        mentees = self.mentees
        return {
            "skills": _share(
                self.steps_wanted[rows].astype(np.float64), self.gap_units[rows].astype(np.float64)
            ),
            "career": _share(mentees.target_role_sets[rows].astype(np.float64)),
            "language": _share(_bits(mentees.language_masks[rows], self._languages, np.float64)),
            "timezone": _one_hot(mentees.utc_offsets[rows], self._offsets).astype(np.float64)
            @ self._closeness,
            "availability": _share(
                _bits(mentees.availability_masks[rows], self._slots, np.float64)
            ),
        }

    def _categorical_setup(self):
        """Per categorical code pair, its share and the categories that get
        one-hot columns; the others are listed (``_sparse_same``)."""
        self._categorical_columns = []  # (share, mentee codes, mentor codes, categories)
        for name, code_pairs in self.categorical.items():
            if not code_pairs or not self.weight_of[name]:
                continue
            share = self.weight_of[name] / len(code_pairs)
            for mentee_codes, mentor_codes in code_pairs:
                # "known on both sides minus same category": the categories
                # with the most pairs as one-hot columns of the product, the
                # rest listed.
                categories, mentee_counts = np.unique(
                    mentee_codes[mentee_codes > 0], return_counts=True
                )
                if len(categories) > ONE_HOT_MAX_CATEGORIES:
                    pairs = mentee_counts * _one_hot(mentor_codes, categories).sum(axis=0)
                    ranked = np.argsort(-pairs, kind="stable")
                    rest = categories[np.sort(ranked[ONE_HOT_MAX_CATEGORIES:])]
                    categories = categories[np.sort(ranked[:ONE_HOT_MAX_CATEGORIES])]
                    listed = np.isin(mentee_codes, rest)
                    self._sparse_same.append(
                        (
                            share,
                            _SameCategoryPairs(np.where(listed, mentee_codes, 0), mentor_codes),
                        )
                    )
                self._categorical_columns.append((share, mentee_codes, mentor_codes, categories))

    def _mentor_blocks(self):
        """The mentor side of every feature block, in product order."""
        blocks = list(self.linear_right.values())
        for _weight, _mentee_codes, mentor_codes, categories in self._categorical_columns:
            blocks += [(mentor_codes > 0)[:, None], _one_hot(mentor_codes, categories)]
        return blocks

    def _mentee_blocks(self, rows):
        """The mentee side (float64) of every feature block for ``rows``,
        in the order of :meth:`_mentor_blocks`."""
        blocks = [self.weight_of[name] * left for name, left in self.linear_left(rows).items()]
        for share, mentee_codes, _mentor_codes, categories in self._categorical_columns:
            codes = mentee_codes[rows]
            blocks += [
                share * (codes > 0).astype(np.float64)[:, None],
                -share * _one_hot(codes, categories).astype(np.float64),
            ]
        return blocks

    def _build_product(self):
        """The product's features: ``left`` (float32, per mentee), ``right``
        (per mentor), and the exact path's float64 values.

        Built in chunks of mentees, on every core, so that no float64
        matrix of every mentee and feature is ever held: each value is
        computed from its own mentee's row only, the same whatever the
        chunk. A feature nobody on one side has contributes nothing and is
        dropped; equal mentor columns are merged (:func:`_equal_column_plan`).
        """
        n = len(self.mentees)
        self._linear_setup()
        self._categorical_setup()
        chunks = [
            np.arange(start, min(start + FEATURE_CHUNK, n)) for start in range(0, n, FEATURE_CHUNK)
        ]

        # One chunk (FEATURE_CHUNK mentees or fewer): its blocks are built
        # once and kept for both passes.
        kept_blocks = self._mentee_blocks(chunks[0]) if len(chunks) == 1 else None

        def mentee_has(rows):
            blocks = self._mentee_blocks(rows) if kept_blocks is None else kept_blocks
            return [left.any(axis=0) for left in blocks]

        mentor_blocks = self._mentor_blocks()
        somebody = [np.zeros(block.shape[1], dtype=bool) for block in mentor_blocks]
        for has in parallel_map(mentee_has, chunks):
            somebody = [before | now for before, now in zip(somebody, has)]
        useful = [has & block.any(axis=0) for has, block in zip(somebody, mentor_blocks)]
        right = np.hstack([block[:, keep] > 0 for block, keep in zip(mentor_blocks, useful)])
        plan = _equal_column_plan(right)
        if plan is not None:
            right = np.ascontiguousarray(right[:, plan[0]])
        self.left = np.empty((n, right.shape[1]), dtype=np.float32)

        def build(rows):
            blocks = self._mentee_blocks(rows) if kept_blocks is None else kept_blocks
            left = _merge_columns(
                np.hstack([block[:, keep] for block, keep in zip(blocks, useful)]), plan
            )
            self.left[rows[0] : rows[-1] + 1] = left
            chunk_rows, cols = np.nonzero(left)
            return chunk_rows + rows[0], cols, left[chunk_rows, cols]

        parts = parallel_map(build, chunks)
        self.right = right.astype(np.float32)
        self._right_bits = right
        # The exact path: each mentee's non-zero float64 values, in column order.
        nonzero_rows = np.concatenate([np.zeros(0, np.intp)] + [part[0] for part in parts])
        self._exact_cols = np.concatenate([np.zeros(0, np.intp)] + [part[1] for part in parts])
        self._exact_values = np.concatenate([np.zeros(0)] + [part[2] for part in parts])
        self._exact_starts = np.searchsorted(nonzero_rows, np.arange(n + 1))
        self.score_errors = self._score_errors(nonzero_rows)

    def _score_errors(self, nonzero_rows):
        """Per mentee, a bound on |dense float32 score - exact score|.

        The dense score sums the mentee's float32 values (each within one
        rounding of the float64 ones) where the mentor's feature is 1: in
        any order, with or without fused multiply-adds, at most one rounding
        per non-zero term on any path of the sum, so the error is below
        (terms + 1) u times the sum of the magnitudes. The sparse "same
        category" subtractions add one term and one rounding each; the
        float64 exact sum is within a far smaller bound, covered by the
        margin.
        """
        n = len(self.mentees)
        magnitude = np.bincount(nonzero_rows, weights=np.abs(self._exact_values), minlength=n)
        terms = np.diff(self._exact_starts).astype(np.float64)
        for share, _same in self._sparse_same:
            magnitude += share
            terms += 2
        return 1.01 * (terms + 4) * UNIT_ROUNDOFF * magnitude + 1e-12

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
        keys = _distinct(rows * len(mentors) + cols)
        return keys // len(mentors), keys % len(mentors)

    def _rule_mask(self, rows, cols=None, pairwise=False):
        """Optional rules: False where the pair breaks one (None if no rule is on).

        Pairwise: one value per (rows[i], cols[i]); otherwise the dense
        block of ``rows`` against ``cols`` (every mentor when None).
        """
        mentees, mentors, settings = self.mentees, self.mentors, self.settings

        def combine(a, b, op):
            if pairwise:
                return op(a[rows], b[cols])
            return op(a[rows][:, None], (b if cols is None else b[cols])[None, :])

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
        if not len(rows):
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        low, high = np.searchsorted(forbidden_rows, [rows[0], rows[-1] + 1])
        forbidden_rows, forbidden_cols = forbidden_rows[low:high], forbidden_cols[low:high]
        position = np.clip(np.searchsorted(rows, forbidden_rows), 0, len(rows) - 1)
        inside = rows[position] == forbidden_rows
        return position[inside], forbidden_cols[inside]

    @staticmethod
    def _in_columns(block_rows, mentor_cols, column_of):
        """(block row, mentor) pairs -> (block row, block column) inside a column subset."""
        if column_of is None:
            return block_rows, mentor_cols
        positions = column_of[mentor_cols]
        inside = positions >= 0
        return block_rows[inside], positions[inside]

    def _column_positions(self, cols):
        if cols is None:
            return None
        column_of = np.full(len(self.mentors), -1, dtype=np.int64)
        column_of[cols] = np.arange(len(cols))
        return column_of

    def allowed_block(self, rows, cols=None):
        """Dense ``allowed`` of the sorted mentee ``rows`` against the
        mentors ``cols`` (every mentor when None)."""
        if cols is None:
            return self.allowed(rows)
        rows = np.asarray(rows)
        mask = self._rule_mask(rows, cols)
        allowed = np.ones((len(rows), len(cols)), dtype=bool) if mask is None else mask
        allowed[self._in_columns(*self._forbidden_in(rows), self._column_positions(cols))] = False
        return allowed

    def allowed(self, rows, cols=None):
        """True where the pair may be proposed (dense block for sorted
        ``rows``, or one value per (rows[i], cols[i]) pair)."""
        rows = np.asarray(rows)
        n_mentors = len(self.mentors)
        if cols is None:
            mask = self._rule_mask(rows)
            allowed = np.ones((len(rows), n_mentors), dtype=bool) if mask is None else mask
            allowed[self._forbidden_in(rows)] = False
            return allowed
        cols = np.asarray(cols)
        mask = self._rule_mask(rows, cols, pairwise=True)
        allowed = np.ones(len(rows), dtype=bool) if mask is None else mask
        forbidden_keys = self._forbidden[0] * n_mentors + self._forbidden[1]  # sorted
        if not len(forbidden_keys):
            return allowed
        keys = rows * n_mentors + cols
        position = np.minimum(np.searchsorted(forbidden_keys, keys), len(forbidden_keys) - 1)
        return allowed & (forbidden_keys[position] != keys)

    # -- Scores ---------------------------------------------------------------------
    def components(self, rows, cols):
        """Each component's value for the pairs (rows[i], cols[i]) (float32, for display)."""
        values = {
            name: np.einsum("ij,ij->i", left, self.linear_right[name][cols]).clip(0.0, 1.0)
            for name, left in self.linear_left(rows).items()
        }
        for name, code_pairs in self.categorical.items():
            values[name] = (
                np.mean([_differs(m[rows], k[cols]) for m, k in code_pairs], axis=0)
                if code_pairs
                else np.zeros(len(rows), dtype=np.float32)
            )
        return {name: values[name].astype(np.float32) for name in COMPONENTS}

    def block(self, rows, cols=None):
        """Dense float32 scores of the sorted mentee ``rows`` against the
        mentors ``cols`` (every mentor when None); forbidden pairs are -inf.

        Within :attr:`score_errors` of the exact scores.
        """
        rows = np.asarray(rows)
        right = self.right if cols is None else self.right[cols]
        total = self.left[rows] @ right.T
        column_of = self._column_positions(cols)
        for share, same_pairs in self._sparse_same:
            total[self._in_columns(*same_pairs.pairs(rows), column_of)] -= share
        mask = self._rule_mask(rows, cols)
        if mask is not None:
            total[~mask] = FORBIDDEN
        total[self._in_columns(*self._forbidden_in(rows), column_of)] = FORBIDDEN
        return total

    def exact(self, rows, cols, chunk=1 << 20):
        """Exact (float64) scores of the pairs (rows[i], cols[i]); forbidden pairs are -inf.

        Each pair's mentee-side values are summed in column order, so a
        pair's score never depends on the pairs computed with it.
        """
        rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        total = np.zeros(len(rows), dtype=np.float64)
        starts, lengths = self._exact_starts[rows], np.diff(self._exact_starts)[rows]
        ends = np.cumsum(lengths)
        begin = 0
        while begin < len(rows):
            # As many pairs as have ``chunk`` terms (about 20 a pair) between them.
            done = ends[begin - 1] if begin else 0
            end = max(begin + 1, int(np.searchsorted(ends, done + chunk, "right")))
            part_lengths = lengths[begin:end]
            pair_of = np.repeat(np.arange(end - begin), part_lengths)
            offsets = np.cumsum(part_lengths) - part_lengths
            positions = np.repeat(starts[begin:end] - offsets, part_lengths) + np.arange(
                int(part_lengths.sum())
            )
            terms = np.where(
                self._right_bits[cols[begin:end][pair_of], self._exact_cols[positions]],
                self._exact_values[positions],
                0.0,
            )
            total[begin:end] = np.bincount(pair_of, weights=terms, minlength=end - begin)
            begin = end
        for share, same_pairs in self._sparse_same:
            codes, mentor_codes = same_pairs.mentee_codes[rows], same_pairs.mentor_codes[cols]
            total -= np.where((codes == mentor_codes) & (codes > 0), share, 0.0)
        return np.where(self.allowed(rows, cols), total, FORBIDDEN)

    def costs(self, rows, cols=None):
        """Integer arc costs (``rint(-SCORE_SCALE * exact score)``, NO_ARC
        where forbidden): one per pair, or the dense block of the sorted
        mentee ``rows`` against every mentor.

        The dense block rounds the float32 scores, except where one lies
        within its error bound of a rounding boundary: those are computed
        exactly, so both forms agree pair for pair.
        """
        if cols is not None:
            return to_costs(self.exact(rows, cols))
        rows = np.asarray(rows)
        dense = self.block(rows).astype(np.float64) * -SCORE_SCALE
        finite = np.isfinite(dense)
        costs = np.full(dense.shape, NO_ARC, dtype=np.int64)
        costs[finite] = np.rint(dense[finite]).astype(np.int64)
        margin = np.broadcast_to((SCORE_SCALE * self.score_errors[rows])[:, None], dense.shape)
        near = np.zeros(dense.shape, dtype=bool)
        values = dense[finite]
        near[finite] = np.abs(values - np.floor(values) - 0.5) <= margin[finite] + 1e-9
        near_rows, near_cols = np.nonzero(near)
        costs[near_rows, near_cols] = self.costs(rows[near_rows], near_cols)
        return costs

    def scores(self, rows, cols=None):
        """Scores in [0, 1]; forbidden pairs are -inf.

        With ``cols`` None, the dense float32 block of the sorted mentee
        ``rows`` against every mentor (:meth:`block`); otherwise the exact
        score of each pair (rows[i], cols[i]) (:meth:`exact`).
        """
        if cols is None:
            return self.block(rows)
        return self.exact(rows, cols)
