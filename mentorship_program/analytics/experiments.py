"""The arms of a program experiment compared with a test that fits the measure.

Plain Python (SciPy, statsmodels), no ORM. :func:`compare_arms` takes one
row per person measured, ``arm`` (the arm's key) and ``value``, and compares
every arm with the reference arm (``reference`` or the first arm in sorted
order):

* ``binary`` measure (0/1, e.g. retained, promoted): the difference of the
  proportions with a Newcombe (score) 95 % interval (statsmodels
  ``confint_proportions_2indep``); the test is a two-proportion z-test
  (``proportions_ztest``), or Fisher's exact test when an expected cell
  count is below 5;
* ``continuous`` measure (e.g. days to skill): Welch's t-test (SciPy
  ``ttest_ind(equal_var=False)``) and its interval of the difference of
  means;
* ``rating`` (ordinal, e.g. 1-5): the Mann-Whitney U test, with the
  Hodges-Lehmann shift (median of the pairwise differences) and its
  distribution-free interval.

The difference is always *arm minus reference*. The conclusion is a key:
``significant`` (p below ``alpha``), ``not_significant`` or
``insufficient_data`` (an arm with fewer than ``min_group_size`` people, or
no variation for the test: no statistic is computed, so that a small arm's
figures are never shown). An experiment with fewer than two arms gets
``reason`` ``one_arm`` and no comparison; nothing raises but programming
errors (unknown measure, missing column).
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

from .privacy import fewer_than_label

MEASURE_BINARY = "binary"
MEASURE_CONTINUOUS = "continuous"
MEASURE_RATING = "rating"
MEASURES = (MEASURE_BINARY, MEASURE_CONTINUOUS, MEASURE_RATING)

TEST_Z = "two_proportion_z"
TEST_FISHER = "fisher_exact"
TEST_WELCH = "welch_t"
TEST_MANN_WHITNEY = "mann_whitney_u"

SIGNIFICANT = "significant"
NOT_SIGNIFICANT = "not_significant"
INSUFFICIENT_DATA = "insufficient_data"

REASON_ONE_ARM = "one_arm"
REASON_ARM_BELOW_MINIMUM = "arm_below_minimum"
REASON_NO_VARIATION = "no_variation"
REASON_MESSAGES = {
    REASON_ONE_ARM: "The experiment has fewer than two arms with results: nothing to compare.",
    REASON_ARM_BELOW_MINIMUM: "An arm has fewer than {minimum} people: figures withheld.",
    REASON_NO_VARIATION: "Every value is the same in both arms: no test can be computed.",
}
# Fisher's exact test when an expected count of the 2x2 table is below this.
FISHER_BELOW_EXPECTED = 5


@dataclass(frozen=True)
class ArmComparison:
    """One arm against the reference arm. ``difference``: arm minus
    reference (proportions, means, or the Hodges-Lehmann shift), with its
    ``ci_low``/``ci_high``; ``statistic`` of the ``test`` (z, odds ratio for
    Fisher, t, U); figures None when ``conclusion`` is insufficient data."""

    arm: object
    reference: object
    arm_size: int
    reference_size: int
    minimum: int
    test: str | None = None
    statistic: float | None = None
    p_value: float | None = None
    arm_value: float | None = None
    reference_value: float | None = None
    difference: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    conclusion: str = INSUFFICIENT_DATA
    reason: str | None = None

    @property
    def message(self):
        return REASON_MESSAGES[self.reason].format(minimum=self.minimum) if self.reason else None

    @property
    def label(self):
        """ "fewer than N" when an arm is too small, else None."""
        return fewer_than_label(self.minimum) if self.reason == REASON_ARM_BELOW_MINIMUM else None


@dataclass(frozen=True)
class ExperimentResult:
    """``sizes``: {arm: people measured}; ``comparisons``: one per arm other
    than the reference; ``reason`` ``one_arm`` when there is nothing to
    compare."""

    measure: str
    reference: object
    minimum: int
    sizes: dict = field(default_factory=dict)
    comparisons: list = field(default_factory=list)
    reason: str | None = None

    @property
    def message(self):
        return REASON_MESSAGES[self.reason].format(minimum=self.minimum) if self.reason else None


def _finite(value):
    value = float(value)
    return value if np.isfinite(value) else None


def _binary(arm_values, reference_values, alpha):
    count_arm, count_ref = int(arm_values.sum()), int(reference_values.sum())
    n_arm, n_ref = len(arm_values), len(reference_values)
    successes, total = count_arm + count_ref, n_arm + n_ref
    if successes in (0, total):
        return None
    table = np.array([[count_arm, n_arm - count_arm], [count_ref, n_ref - count_ref]])
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / total
    if expected.min() < FISHER_BELOW_EXPECTED:
        statistic, p_value = stats.fisher_exact(table)
        test = TEST_FISHER
    else:
        statistic, p_value = proportions_ztest([count_arm, count_ref], [n_arm, n_ref])
        test = TEST_Z
    low, high = confint_proportions_2indep(
        count_arm, n_arm, count_ref, n_ref, method="newcombe", compare="diff", alpha=alpha
    )
    return {
        "test": test,
        "statistic": statistic,
        "p_value": p_value,
        "arm_value": count_arm / n_arm,
        "reference_value": count_ref / n_ref,
        "difference": count_arm / n_arm - count_ref / n_ref,
        "ci_low": low,
        "ci_high": high,
    }


def _continuous(arm_values, reference_values, alpha):
    if np.ptp(np.concatenate([arm_values, reference_values])) == 0:
        return None
    if arm_values.var() == 0 and reference_values.var() == 0:
        return None
    result = stats.ttest_ind(arm_values, reference_values, equal_var=False)
    interval = result.confidence_interval(1 - alpha)
    return {
        "test": TEST_WELCH,
        "statistic": result.statistic,
        "p_value": result.pvalue,
        "arm_value": arm_values.mean(),
        "reference_value": reference_values.mean(),
        "difference": arm_values.mean() - reference_values.mean(),
        "ci_low": interval.low,
        "ci_high": interval.high,
    }


def _hodges_lehmann(arm_values, reference_values, alpha):
    """Shift estimate and interval from the pairwise differences, counted
    over distinct values (ratings have few), Moses' normal-approximation
    ranks."""
    arm_unique, arm_counts = np.unique(arm_values, return_counts=True)
    ref_unique, ref_counts = np.unique(reference_values, return_counts=True)
    differences = np.subtract.outer(arm_unique, ref_unique).ravel()
    weights = np.outer(arm_counts, ref_counts).ravel()
    order = np.argsort(differences, kind="stable")
    differences, cumulative = differences[order], np.cumsum(weights[order])
    n_arm, n_ref = len(arm_values), len(reference_values)
    total = n_arm * n_ref

    def at_rank(rank):  # 1-based rank among the total pairwise differences
        return float(differences[np.searchsorted(cumulative, rank)])

    z = stats.norm.ppf(1 - alpha / 2)
    k = int(np.floor(total / 2 - z * np.sqrt(n_arm * n_ref * (n_arm + n_ref + 1) / 12)))
    k = max(k, 1)
    median = (at_rank((total + 1) // 2) + at_rank(total // 2 + 1)) / 2
    return median, at_rank(k), at_rank(total - k + 1)


def _rating(arm_values, reference_values, alpha):
    if np.ptp(np.concatenate([arm_values, reference_values])) == 0:
        return None
    result = stats.mannwhitneyu(arm_values, reference_values, alternative="two-sided")
    shift, low, high = _hodges_lehmann(arm_values, reference_values, alpha)
    return {
        "test": TEST_MANN_WHITNEY,
        "statistic": result.statistic,
        "p_value": result.pvalue,
        "arm_value": float(np.median(arm_values)),
        "reference_value": float(np.median(reference_values)),
        "difference": shift,
        "ci_low": low,
        "ci_high": high,
    }


def compare_arms(rows, measure, min_group_size=5, reference=None, alpha=0.05):
    """Compare each arm of an experiment with the reference arm.

    :param rows: one row per person measured: ``arm`` (hashable key) and
        ``value`` (0/1 or bool for ``binary``, a number for ``continuous``,
        an ordinal number for ``rating``; None/NaN rows are not counted)
    :param measure: one of :data:`MEASURES`
    :param min_group_size: fewest people an arm is compared over
    :param reference: the arm the others are compared with (default: the
        first arm in sorted order)
    :param alpha: significance level (the intervals are ``1 - alpha``)
    :return: :class:`ExperimentResult`
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}, not {measure!r}")
    frame = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows or ()))
    if frame.empty and not len(frame.columns):
        frame = pd.DataFrame(columns=["arm", "value"])
    missing = [column for column in ("arm", "value") if column not in frame.columns]
    if missing:
        raise ValueError(f"rows: missing column(s) {', '.join(missing)}")
    frame = frame[frame["arm"].notna() & frame["value"].notna()]
    # Booleans count as 0/1; anything else must be a number.
    values = pd.to_numeric(
        frame["value"].map(
            lambda value: int(value) if isinstance(value, (bool, np.bool_)) else value
        )
    )
    if measure == MEASURE_BINARY and not values.isin([0, 1]).all():
        raise ValueError("rows: a binary measure takes values 0 and 1 only")
    arms = {arm: group.to_numpy(dtype=float) for arm, group in values.groupby(frame["arm"])}
    sizes = {arm: len(group) for arm, group in arms.items()}
    keys = (
        sorted(arms, key=repr)
        if reference is None
        else [reference] + sorted((arm for arm in arms if arm != reference), key=repr)
    )
    reference = keys[0] if keys else reference
    base = {"measure": measure, "reference": reference, "minimum": min_group_size, "sizes": sizes}
    if len(arms) < 2 or reference not in arms:
        return ExperimentResult(**base, reason=REASON_ONE_ARM)
    comparisons = []
    for arm in keys[1:]:
        comparisons.append(
            _compare_two(arm, arms[arm], reference, arms[reference], measure, min_group_size, alpha)
        )
    return ExperimentResult(**base, comparisons=comparisons)


def _compare_two(arm, arm_values, reference, reference_values, measure, minimum, alpha):
    base = {
        "arm": arm,
        "reference": reference,
        "arm_size": len(arm_values),
        "reference_size": len(reference_values),
        "minimum": minimum,
    }
    if min(len(arm_values), len(reference_values)) < minimum:
        return ArmComparison(**base, reason=REASON_ARM_BELOW_MINIMUM)
    if measure == MEASURE_BINARY:
        figures = _binary(arm_values, reference_values, alpha)
    elif measure == MEASURE_CONTINUOUS:
        figures = _continuous(arm_values, reference_values, alpha)
    else:
        figures = _rating(arm_values, reference_values, alpha)
    if figures is None:
        return ArmComparison(**base, reason=REASON_NO_VARIATION)
    figures = {key: value if key == "test" else _finite(value) for key, value in figures.items()}
    p_value = figures["p_value"]
    conclusion = SIGNIFICANT if p_value is not None and p_value < alpha else NOT_SIGNIFICANT
    return ArmComparison(**base, **figures, conclusion=conclusion)
