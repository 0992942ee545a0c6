"""Arms of a program experiment compared with the test that fits the measure."""

import numpy as np
import pandas as pd
import pytest

from mentorship_program.analytics import compare_arms


def arms(**values):
    return pd.DataFrame(
        [{"arm": arm, "value": value} for arm, series in values.items() for value in series]
    )


def test_a_planted_difference_of_proportions_is_found_by_the_z_test():
    rng = np.random.default_rng(1)
    rows = arms(control=rng.random(800) < 0.15, weekly=rng.random(800) < 0.30)
    result = compare_arms(rows, "binary", reference="control")
    assert result.sizes == {"control": 800, "weekly": 800}
    (comparison,) = result.comparisons
    assert comparison.test == "two_proportion_z"
    assert comparison.ci_low <= 0.15 <= comparison.ci_high and comparison.ci_low > 0
    assert comparison.conclusion == "significant" and comparison.p_value < 0.001


def test_small_counts_use_fisher_and_no_effect_is_not_significant():
    rng = np.random.default_rng(2)
    rows = arms(a=rng.random(30) < 0.1, b=rng.random(30) < 0.1)
    (comparison,) = compare_arms(rows, "binary").comparisons
    assert comparison.test == "fisher_exact"
    assert comparison.ci_low <= 0 <= comparison.ci_high
    assert comparison.conclusion == "not_significant"


def test_welch_t_test_recovers_a_planted_difference_of_means():
    rng = np.random.default_rng(3)
    rows = arms(a=rng.normal(90, 30, 300), b=rng.normal(60, 10, 200))
    (comparison,) = compare_arms(rows, "continuous").comparisons
    assert comparison.test == "welch_t" and comparison.arm == "b"
    assert comparison.ci_low <= -30 <= comparison.ci_high < 0
    assert comparison.conclusion == "significant"
    rng = np.random.default_rng(30)
    same = arms(a=rng.normal(60, 10, 200), b=rng.normal(60, 10, 200))
    (comparison,) = compare_arms(same, "continuous").comparisons
    assert comparison.ci_low <= 0 <= comparison.ci_high
    assert comparison.conclusion == "not_significant"


def test_ratings_use_mann_whitney_with_a_shift_interval():
    rng = np.random.default_rng(4)
    low = rng.choice([2, 3, 4], 150, p=[0.3, 0.5, 0.2])
    rows = arms(a=low, b=low + 1)  # every rating one point higher
    (comparison,) = compare_arms(rows, "rating").comparisons
    assert comparison.test == "mann_whitney_u"
    assert comparison.difference == 1.0
    assert comparison.ci_low <= 1.0 <= comparison.ci_high and comparison.ci_low > 0
    assert comparison.conclusion == "significant"


def test_three_arms_are_each_compared_with_the_reference():
    rng = np.random.default_rng(5)
    rows = arms(
        monthly=rng.normal(5, 1, 50), weekly=rng.normal(6, 1, 50), biweekly=rng.normal(5, 1, 50)
    )
    result = compare_arms(rows, "continuous", reference="monthly")
    assert [c.arm for c in result.comparisons] == ["biweekly", "weekly"]
    assert all(c.reference == "monthly" for c in result.comparisons)
    assert result.comparisons[1].conclusion == "significant"


def test_an_arm_below_the_minimum_is_insufficient_data():
    rows = arms(a=[1, 0, 1, 1, 0, 1], b=[1, 0, 0])
    (comparison,) = compare_arms(rows, "binary", min_group_size=5).comparisons
    assert comparison.conclusion == "insufficient_data"
    assert comparison.reason == "arm_below_minimum" and comparison.label == "fewer than 5"
    assert comparison.p_value is None and comparison.arm_value is None
    assert comparison.arm_size == 3


def test_one_arm_or_none_gives_a_clear_message():
    result = compare_arms(arms(a=[1, 2, 3, 4, 5]), "rating")
    assert result.reason == "one_arm" and result.comparisons == []
    assert "fewer than two arms" in result.message
    assert compare_arms([], "rating").reason == "one_arm"
    assert compare_arms(arms(a=[1] * 5, b=[2] * 5), "rating", reference="c").reason == "one_arm"


def test_no_variation_is_insufficient_data():
    (comparison,) = compare_arms(arms(a=[1] * 10, b=[1] * 10), "binary").comparisons
    assert comparison.conclusion == "insufficient_data" and comparison.reason == "no_variation"


def test_programming_errors_raise():
    with pytest.raises(ValueError, match="measure must be one of"):
        compare_arms(arms(a=[1]), "median")
    with pytest.raises(ValueError, match="binary measure"):
        compare_arms(arms(a=[3, 1], b=[0, 1]), "binary")
    with pytest.raises(ValueError, match="missing column"):
        compare_arms([{"arm": "a"}], "binary")
