"""The matching engine: plain Python and NumPy, no ORM.

The Odoo models load profiles in bulk, call :func:`match`, and write the
proposals back in batches; everything in between lives here so it can be
tested and benchmarked without a database. The engine speaks in indexes and
codes (see :class:`Reason`); names and sentences are the caller's.
"""

from .alternatives import (
    EXCLUSION_CODES,
    NO_READY_MENTOR,
    EmptyReason,
    Exclusion,
    RankedMentor,
    empty_reasons,
    rank_mentors,
    review,
)
from .explain import MAX_REASONS, REASON_CODES, Reason
from .profiles import MatchingError, MatchingSettings, MenteeProfiles, MentorProfiles
from .solver import MatchResult, Proposal, match
from .suggest import suggest

__all__ = [
    "EXCLUSION_CODES",
    "NO_READY_MENTOR",
    "EmptyReason",
    "Exclusion",
    "RankedMentor",
    "empty_reasons",
    "rank_mentors",
    "review",
    "MAX_REASONS",
    "REASON_CODES",
    "MatchResult",
    "MatchingError",
    "MatchingSettings",
    "MenteeProfiles",
    "MentorProfiles",
    "Proposal",
    "Reason",
    "match",
    "suggest",
]
