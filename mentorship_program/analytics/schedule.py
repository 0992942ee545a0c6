"""When things are due: answer reminders, pulse surveys and quarterly reviews."""

from datetime import date, timedelta

# The first pulse survey goes out this many days after a pair starts, the
# next ones every PULSE_INTERVAL_DAYS after that: +30, +90, +150, ...
PULSE_FIRST_DAY = 30
PULSE_INTERVAL_DAYS = 60


def halfway_day(start, deadline):
    """The reminder day of an answer window: half-way from ``start`` to
    ``deadline``, rounded up."""
    return start + timedelta(days=((deadline - start).days + 1) // 2)


def pulse_due_date(date_start, index):
    """The day pulse number ``index`` (1, 2, ...) of a pair started on
    ``date_start`` is due."""
    if index < 1:
        raise ValueError(f"pulse numbers start at 1, got {index}")
    return date_start + timedelta(days=PULSE_FIRST_DAY + PULSE_INTERVAL_DAYS * (index - 1))


def pulse_index_due(date_start, today):
    """The number of the latest pulse due on ``today`` (0: none yet).

    A pair the cron missed for a while gets only this latest one, never the
    ones in between.
    """
    days = (today - date_start).days
    if days < PULSE_FIRST_DAY:
        return 0
    return (days - PULSE_FIRST_DAY) // PULSE_INTERVAL_DAYS + 1


def quarter_start(day):
    """First day of the calendar quarter of ``day``."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def review_period(day):
    """(first day, last day) of the quarter before the one of ``day``: the
    quarter a review created on ``day`` looks back on."""
    end = quarter_start(day) - timedelta(days=1)
    return quarter_start(end), end


def quarter_label(day):
    """'Q1 2025' for any day of that quarter."""
    return f"Q{(day.month - 1) // 3 + 1} {day.year}"
