"""The ORM side of matching: load a program's inputs for the engine in bulk."""

from .loader import LIVE_PAIR_STATES, MatchInputLoader, MatchInputs

__all__ = ["LIVE_PAIR_STATES", "MatchInputLoader", "MatchInputs"]
