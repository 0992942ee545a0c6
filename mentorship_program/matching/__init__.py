"""The ORM side of matching: load a program's inputs for the engine in bulk,
and put its reasons into words each audience may read."""

from .explanation import (
    PRIVATE_REASON_CODES,
    SHARED_REASON_CODES,
    ReasonRenderer,
    is_shared,
    render_reasons,
    shared_reasons,
    stored_reasons,
)
from .loader import MatchInputLoader, MatchInputs
from .suggestions import MentorSuggester, MentorSuggestion

__all__ = [
    "PRIVATE_REASON_CODES",
    "MatchInputLoader",
    "MatchInputs",
    "MentorSuggester",
    "MentorSuggestion",
    "SHARED_REASON_CODES",
    "ReasonRenderer",
    "is_shared",
    "render_reasons",
    "shared_reasons",
    "stored_reasons",
]
