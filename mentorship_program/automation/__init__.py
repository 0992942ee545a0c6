"""What the scheduled actions share: batched, failure-isolated processing."""

from .batches import BatchOutcome, process_in_batches

__all__ = ["BatchOutcome", "process_in_batches"]
