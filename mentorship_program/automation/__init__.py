"""What the scheduled actions share: batched, failure-isolated processing,
and notices to the people concerned."""

from .batches import BatchOutcome, process_in_batches
from .notices import NOTICE_ACTIVITY, send_notices

__all__ = ["NOTICE_ACTIVITY", "BatchOutcome", "process_in_batches", "send_notices"]
