"""The ORM side of matching: load a program's inputs for the engine in bulk,
and put its reasons into words each audience may read."""

from .explanation import (
    PRIVATE_REASON_CODES,
    SHARED_REASON_CODES,
    ReasonRenderer,
    empty_sentences,
    exclusion_sentences,
    format_score,
    is_shared,
    render_reasons,
    shared_reasons,
    stored_reasons,
)
from .loader import MatchInputLoader, MatchInputs
from .review import NOT_READY, MentorReview, ReviewedMentor, choice_label, choice_problem
from .suggestions import MentorSuggester, MentorSuggestion

__all__ = [
    "PRIVATE_REASON_CODES",
    "MatchInputLoader",
    "MatchInputs",
    "MentorSuggester",
    "MentorSuggestion",
    "MentorReview",
    "NOT_READY",
    "ReviewedMentor",
    "SHARED_REASON_CODES",
    "ReasonRenderer",
    "empty_sentences",
    "exclusion_sentences",
    "format_score",
    "choice_label",
    "choice_problem",
    "is_shared",
    "render_reasons",
    "shared_reasons",
    "stored_reasons",
]
