"""The ORM side of matching: load a program's inputs for the engine in bulk,
and put its reasons into words people may read."""

from .explanation import explanation_sentence, shared_explanation
from .loader import LIVE_PAIR_STATES, MatchInputLoader, MatchInputs
from .suggestions import MentorSuggester, MentorSuggestion

__all__ = [
    "LIVE_PAIR_STATES",
    "MatchInputLoader",
    "MatchInputs",
    "MentorSuggester",
    "MentorSuggestion",
    "explanation_sentence",
    "shared_explanation",
]
