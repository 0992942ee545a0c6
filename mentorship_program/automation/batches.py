"""Process a cron's records in batches, so that one bad record never stops
the others, a crash half-way loses nothing already done, and no run outlives
the cron's time limit.

Each batch runs in a savepoint. When it raises, the batch is rolled back and
its records are processed one by one, each in its own savepoint: the failing
ones are logged and skipped, the others done. Outside tests every batch is
committed before the next, so a rerun after a crash starts where the last
commit left off; the idempotency itself comes from the caller, whose
``process`` marks what it did (a date, a state) in the same transaction as
the work. When the time budget is spent, the records left are reported to
the running cron as remaining: Odoo runs the job again at once, which finds
them by its own search.
"""

import logging
import threading
import time
from dataclasses import dataclass, field

_logger = logging.getLogger(__name__)

# Seconds a run starts new batches for: Odoo's cron time limit is 120 s by
# default, and a batch may take a few seconds.
TIME_BUDGET = 60


@dataclass
class BatchOutcome:
    done: int = 0
    failed: list = field(default_factory=list)  # ids of the records that raised
    remaining: int = 0  # left for the next run when the time budget ran out


def process_in_batches(records, process, batch_size=500, label=None, time_budget=TIME_BUDGET):
    """Call ``process(batch)`` on ``records`` cut into batches, until done or
    ``time_budget`` seconds have passed. Returns a :class:`BatchOutcome`;
    ``label`` names the job in the log."""
    outcome = BatchOutcome()
    env = records.env
    label = label or getattr(process, "__name__", "batch")
    auto_commit = not getattr(threading.current_thread(), "testing", False)
    started = time.monotonic()
    for start in range(0, len(records), batch_size):
        if time.monotonic() - started > time_budget:
            outcome.remaining = len(records) - start
            _logger.info("%s: time budget spent, %s records left", label, outcome.remaining)
            break
        batch = records[start : start + batch_size]
        try:
            with env.cr.savepoint():
                process(batch)
            outcome.done += len(batch)
        except Exception:  # noqa: BLE001 - isolate the record at fault below
            for record in batch:
                try:
                    with env.cr.savepoint():
                        process(record)
                    outcome.done += 1
                except Exception:  # noqa: BLE001 - one record must not stop the cron
                    _logger.exception("%s: %s failed and was skipped", label, record)
                    outcome.failed.append(record.id)
        if auto_commit:
            env.cr.commit()  # pylint: disable=invalid-commit
    env["ir.cron"]._notify_progress(done=outcome.done, remaining=outcome.remaining)
    return outcome
