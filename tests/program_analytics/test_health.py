"""Pair health bands from plain dates, without a database."""

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from mentorship_program.analytics import HEALTH_BANDS, health_due_date, pair_health

LAST_MET = date(2025, 1, 31)
MONTHLY = relativedelta(months=1)
WEEKLY = relativedelta(weeks=1)


def day(offset):
    return LAST_MET + timedelta(days=offset)


def test_due_date_follows_the_cadence_like_the_nudge_cron():
    # relativedelta clamps to the month's end, as the cadence cron does.
    assert health_due_date(LAST_MET, MONTHLY, 30) == date(2025, 2, 28)
    assert health_due_date(LAST_MET, WEEKLY, 30) == date(2025, 2, 7)


def test_due_date_without_cadence_is_the_inactivity_threshold():
    assert health_due_date(LAST_MET, None, 30) == day(30)


@pytest.mark.parametrize(
    ("today", "band"),
    [
        (LAST_MET, "on_track"),
        (date(2025, 2, 28), "on_track"),  # due today: not overdue yet
        (date(2025, 3, 1), "at_risk"),  # the cadence cron nudges from here
        (date(2025, 3, 14), "at_risk"),  # last day of the 14-day grace
        (date(2025, 3, 15), "stalled"),
        (date(2026, 1, 1), "stalled"),
    ],
)
def test_monthly_bands(today, band):
    assert pair_health(LAST_MET, today, MONTHLY, 30, 14) == band


@pytest.mark.parametrize(
    ("offset", "band"), [(7, "on_track"), (8, "at_risk"), (21, "at_risk"), (22, "stalled")]
)
def test_weekly_bands(offset, band):
    assert pair_health(LAST_MET, day(offset), WEEKLY, 30, 14) == band


@pytest.mark.parametrize(
    ("offset", "band"), [(30, "on_track"), (31, "at_risk"), (37, "at_risk"), (38, "stalled")]
)
def test_bands_without_cadence(offset, band):
    assert pair_health(LAST_MET, day(offset), None, 30, 7) == band


def test_no_grace_goes_straight_to_stalled():
    assert pair_health(LAST_MET, day(7), WEEKLY, 30, 0) == "on_track"
    assert pair_health(LAST_MET, day(8), WEEKLY, 30, 0) == "stalled"


def test_a_pair_starting_later_is_on_track():
    assert pair_health(day(10), LAST_MET, WEEKLY, 30, 14) == "on_track"


def test_every_band_is_a_known_value_and_reference_is_required():
    seen = {pair_health(LAST_MET, day(offset), WEEKLY, 30, 14) for offset in range(40)}
    assert seen == set(HEALTH_BANDS)
    with pytest.raises(ValueError):
        pair_health(None, LAST_MET, WEEKLY, 30, 14)
