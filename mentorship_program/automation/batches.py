"""Process a cron's records in batches, so that one bad record never stops
the others, a crash half-way loses nothing already done, no run outlives the
cron's time limit, and two runs at the same moment (two servers running
crons that touch the same records, or a manual run beside the scheduled one)
never both process a record.

Each batch runs in a savepoint. When it raises, the batch is rolled back and
its records are processed one by one, each in its own savepoint: the failing
ones are logged and skipped, the others done. Outside tests every batch is
committed before the next, so a rerun after a crash starts where the last
commit left off; the idempotency itself comes from the caller, whose
``process`` marks what it did (a date, a state) in the same transaction as
the work, and checks those marks again on the records it is given.

Concurrent runs. Odoo never runs one job in two cron threads at once (it
locks the job's ``ir_cron`` row), but two different jobs on the same
records do run at once on two servers, and a manual run (*Run Manually*, a
shell) calls the method beside the scheduled one. So each batch starts, in
a transaction of its own, by locking its rows (``FOR NO KEY UPDATE``, the
lock of an ``UPDATE``, in id order so that two batches never wait on each
other crosswise). A second run reaching the same rows waits until the first
has committed. Odoo's transactions are REPEATABLE READ: if the first run
changed one of those rows, the second one's lock fails with a serialization
error (the row changed after its snapshot), so the batch is rolled back and
tried again on a fresh snapshot, which sees everything the first run
committed. That is enough when ``process`` marks each record it acts upon on
the record's own row (a date, a state: the pairs, requests and sessions). A
``process`` whose work lies elsewhere (employees whose pairs it closes,
programs it drafts reviews for, companies it gives activities for) asks for
``touch=True``: its batch's rows are also updated, changing no value, so
that a run that waited on them always fails to serialize and starts again
on a fresh snapshot. (Updating every row costs an index entry per index: it
is not done for the thousands of pairs of the daily crons.) A deadlock
between two runs (through the other rows a batch writes: sessions,
enrollments) is retried likewise. A batch whose rows are still held after
``LOCK_TIMEOUT`` is left for the next run.

When the time budget is spent, the records left (and those left because of
locks) are reported to the running cron as remaining: Odoo runs the job
again at once, which finds them by its own search. The progress is written
with each committed batch, so that a run killed by the cron worker's time
limit counts what it did and is run again too.
"""

import logging
import random
import threading
import time
from dataclasses import dataclass, field

from psycopg2 import errors
from psycopg2.extensions import TransactionRollbackError

from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# Seconds a run starts new batches for: Odoo's cron time limit is 120 s by
# default, and a batch may take a few seconds.
TIME_BUDGET = 60
# Seconds a statement of a batch waits for rows another transaction holds
# (a batch takes a few seconds at most), and how many times a batch is tried
# on a fresh snapshot after a serialization failure or a deadlock.
LOCK_TIMEOUT = 20
ATTEMPTS = 5
# Raised by PostgreSQL when the batch met another transaction: nothing is
# wrong with its records, it is tried again or left for the next run.
CONFLICTS = (TransactionRollbackError, errors.LockNotAvailable)


@dataclass
class BatchOutcome:
    done: int = 0
    failed: list = field(default_factory=list)  # ids of the records that raised
    remaining: int = 0  # left for the next run: time budget spent, or rows held too long


def _take(batch, touch):
    """Lock the rows of ``batch`` for this transaction, and update them when
    ``touch`` (see the module's docstring); the records of it that still
    exist."""
    cr = batch.env.cr
    table = SQL.identifier(batch._table)
    lock = SQL(
        "SELECT id FROM %s WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE",
        table,
        list(batch._ids),
    )
    if touch:
        lock = SQL(
            "WITH taken AS (%s) UPDATE %s AS t SET write_date = t.write_date"
            " FROM taken WHERE t.id = taken.id RETURNING t.id",
            lock,
            table,
        )
    # A conflict is expected here and handled by the caller: not an error.
    cr.execute(lock, log_exceptions=False)
    taken = {row[0] for row in cr.fetchall()}
    return batch.filtered(lambda record: record.id in taken)


def _process_batch(batch, process, label, touch):
    """(done, failed ids) of one batch, in the current transaction; a
    conflict with another transaction is raised as it is."""
    env = batch.env
    batch = _take(batch, touch)
    try:
        with env.cr.savepoint():
            process(batch)
        return len(batch), []
    except CONFLICTS:
        raise
    except Exception:  # noqa: BLE001 - isolate the record at fault below
        done, failed = 0, []
        for record in batch:
            try:
                with env.cr.savepoint():
                    process(record)
                done += 1
            except CONFLICTS:
                raise
            except Exception:  # noqa: BLE001 - one record must not stop the cron
                _logger.exception("%s: %s failed and was skipped", label, record)
                failed.append(record.id)
        return done, failed


def process_in_batches(
    records, process, batch_size=500, label=None, time_budget=TIME_BUDGET, touch=False
):
    """Call ``process(batch)`` on ``records`` cut into batches, until done or
    ``time_budget`` seconds have passed. Returns a :class:`BatchOutcome`;
    ``label`` names the job in the log; ``touch``: ``process`` does not mark
    the records' own rows (see the module's docstring)."""
    outcome = BatchOutcome()
    env = records.env
    cr = env.cr
    label = label or getattr(process, "__name__", "batch")
    # In a test everything runs in the test's transaction: no commit, and no
    # other transaction to meet.
    auto_commit = not getattr(threading.current_thread(), "testing", False)
    started = time.monotonic()
    if auto_commit and records:
        # What the caller did (its search, a warning logged) is kept whatever
        # happens to the batches, and the first batch starts on a fresh
        # snapshot like the others.
        cr.commit()  # pylint: disable=invalid-commit
    for start in range(0, len(records), batch_size):
        if time.monotonic() - started > time_budget:
            outcome.remaining += len(records) - start
            _logger.info("%s: time budget spent, %s records left", label, len(records) - start)
            break
        batch = records[start : start + batch_size]
        if not auto_commit:
            done, failed = _process_batch(batch, process, label, touch)
            outcome.done += done
            outcome.failed += failed
            continue
        for attempt in range(1, ATTEMPTS + 1):
            try:
                cr.execute(SQL("SELECT set_config('lock_timeout', %s, true)", f"{LOCK_TIMEOUT}s"))
                done, failed = _process_batch(batch, process, label, touch)
                # Committed with the batch: a run stopped later by the cron
                # worker's time limit still counts as progress, and Odoo runs
                # the job again instead of counting a timeout without progress.
                env["ir.cron"]._notify_progress(
                    done=outcome.done + done,
                    remaining=outcome.remaining + len(records) - start - len(batch),
                )
                cr.commit()  # pylint: disable=invalid-commit
            except CONFLICTS as error:
                cr.rollback()
                if attempt < ATTEMPTS and isinstance(error, TransactionRollbackError):
                    _logger.info("%s: a batch met a concurrent update, tried again", label)
                    time.sleep(random.uniform(0.05, 0.2 * attempt))
                    continue
                _logger.warning(
                    "%s: %s records held by another transaction, left for the next run: %s",
                    label,
                    len(batch),
                    error,
                )
                outcome.remaining += len(batch)
            else:
                outcome.done += done
                outcome.failed += failed
            break
    env["ir.cron"]._notify_progress(done=outcome.done, remaining=outcome.remaining)
    return outcome


def commit_progress(env, done, remaining):
    """Tell the running cron how far a job got and commit its work, outside
    tests (where everything stays in the test's transaction)."""
    env["ir.cron"]._notify_progress(done=done, remaining=remaining)
    if not getattr(threading.current_thread(), "testing", False):
        env.cr.commit()  # pylint: disable=invalid-commit
