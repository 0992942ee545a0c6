"""What the scheduled actions share: batched, failure-isolated processing
with a time budget, the answer window of proposals and requests, and
notices to the people concerned."""

from . import answer_window
from .batches import TIME_BUDGET, BatchOutcome, commit_progress, process_in_batches
from .ledger import insert_new_rows
from .notices import NOTICE_ACTIVITY, create_activities, send_notices

__all__ = [
    "NOTICE_ACTIVITY",
    "TIME_BUDGET",
    "BatchOutcome",
    "answer_window",
    "commit_progress",
    "create_activities",
    "insert_new_rows",
    "process_in_batches",
    "send_notices",
]
