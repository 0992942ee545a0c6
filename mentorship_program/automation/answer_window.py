"""The answer window of a proposal or a request: remind once at half of it,
expire the day after its last day.

Pairs (both people answer) and mentor requests (the mentor answers) share
this rule; each passes how its window starts and how it marks a reminder.
"""

from ..analytics import halfway_day


def due_domain(reminder_field, today):
    """Records with an answer date whose window may need the cron today:
    expired, or not reminded yet."""
    return [
        ("date_deadline", "!=", False),
        "|",
        ("date_deadline", "<", today),
        (reminder_field, "=", False),
    ]


def split(records, today, start, reminded):
    """``(to remind, to expire)`` among ``records``, which have a
    ``date_deadline``: expire those whose answer date has passed; remind, once,
    those at or past half of their window (from ``start(record)``)."""
    with_deadline = records.filtered("date_deadline")
    expired = with_deadline.filtered(lambda r: r.date_deadline < today)
    remind = (with_deadline - expired).filtered(
        lambda r: not reminded(r) and today >= halfway_day(start(r), r.date_deadline)
    )
    return remind, expired
