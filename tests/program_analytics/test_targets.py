"""Targets against actuals, and the cost of mentoring time."""

from mentorship_program.analytics import (
    CLOSE_MARGIN,
    mentoring_cost,
    target_actuals,
    target_colour,
    target_status,
)


def test_rates_higher_is_better():
    assert target_status(80, 85, True) == "on_target"
    assert target_status(80, 80, True) == "on_target"
    # Within the close margin (10 % of 80 = 8 points).
    assert CLOSE_MARGIN == 0.10
    assert target_status(80, 72, True) == "close"
    assert target_status(80, 71.9, True) == "off"


def test_days_lower_is_better():
    assert target_status(90, 60, False) == "on_target"
    assert target_status(90, 99, False) == "close"
    assert target_status(90, 100, False) == "off"


def test_no_target_and_no_data():
    assert target_status(0, 50, True) == "no_target"
    assert target_status(None, 50, True) == "no_target"
    assert target_status(80, None, True) == "no_data"


def test_colours():
    assert target_colour("on_target") == "success"
    assert target_colour("close") == "warning"
    assert target_colour("off") == "danger"
    assert target_colour("no_data") == "secondary"


def test_actuals_over_enough_mentees():
    mentees = {1: True, 2: True, 3: False, 4: True, 5: True}
    times = [(1, 30), (2, 60), (3, 90), (4, 40), (5, 80), (5, 100)]
    actuals = target_actuals(mentees, times, promoted={2, 4, 99}, min_group_size=5)
    assert actuals["retention"].value == 80.0
    # 99 is no mentee of the program: not counted.
    assert actuals["promotion"].value == 40.0
    assert actuals["time_to_competence"].value == round(400 / 6, 1)
    assert actuals["time_to_competence"].people == 5


def test_actuals_withheld_below_the_minimum():
    actuals = target_actuals({1: True, 2: False}, [(1, 10)], promoted=set(), min_group_size=5)
    for figure in actuals.values():
        assert figure.value is None and figure.withheld


def test_no_participants_is_no_data():
    actuals = target_actuals({}, [], promoted=set(), min_group_size=3)
    assert all(figure.value is None for figure in actuals.values())
    assert actuals["retention"].people == 0


def test_cost_counts_both_people():
    costs = {10: 50.0, 20: 30.0}
    hours, cost = mentoring_cost([(1.5, 10, 20), (2.0, 10, 30), (None, 10, 20)], costs)
    assert hours == 3.5
    # 1.5 h x (50 + 30) + 2 h x (50 + 0: no cost for 30).
    assert cost == 220.0
    assert mentoring_cost([], costs) == (0.0, 0.0)
