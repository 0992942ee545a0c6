"""Inputs of the matching engine, as column arrays.

Profiles are stored column-wise (one NumPy array per feature) because the
engine scores whole blocks of mentee x mentor pairs at once; a list of
objects per person would force a Python loop over millions of pairs.
"""

from dataclasses import dataclass, field

import numpy as np

COMPONENTS = (
    "skills",
    "career",
    "cross_functional",
    "diversity",
    "language",
    "timezone",
    "availability",
)


class MatchingError(ValueError):
    """Input the engine cannot work with; the message says what to fix."""


def _as_array(values, dtype, n, name):
    array = np.asarray(values, dtype=dtype)
    if array.shape[0] != n:
        raise MatchingError(f"{name} has {array.shape[0]} rows, expected {n}.")
    return array


def _as_matrix(values, dtype, n, name):
    """A 2-D (n, columns) array; a 1-D input is one column."""
    array = _as_array(values, dtype, n, name)
    return array if array.ndim == 2 else array.reshape(n, 1)


@dataclass
class _People:
    """Features shared by mentees and mentors.

    ``skill_levels`` is an (n, n_skills) integer array of level ranks
    (0 = no level, 1 = the lowest level of the skill's type, ...).
    Languages and availability half-days are bit masks (bit i set = has
    language / slot i); time zones are UTC offsets in hours.
    """

    employee_ids: np.ndarray
    department_ids: np.ndarray
    skill_levels: np.ndarray
    language_masks: np.ndarray
    availability_masks: np.ndarray
    utc_offsets: np.ndarray
    attributes: np.ndarray  # (n, n_attributes) codes for the diversity blend
    names: list = field(default_factory=list)

    def __post_init__(self):
        n = len(self.employee_ids)
        self.employee_ids = _as_array(self.employee_ids, np.int64, n, "employee_ids")
        self.department_ids = _as_array(self.department_ids, np.int64, n, "department_ids")
        self.skill_levels = _as_matrix(self.skill_levels, np.int16, n, "skill_levels")
        self.language_masks = _as_array(self.language_masks, np.uint64, n, "language_masks")
        self.availability_masks = _as_array(
            self.availability_masks, np.uint64, n, "availability_masks"
        )
        self.utc_offsets = _as_array(self.utc_offsets, np.float32, n, "utc_offsets")
        self.attributes = _as_matrix(self.attributes, np.int64, n, "attributes")
        if not self.names:
            self.names = [str(employee_id) for employee_id in self.employee_ids]

    def __len__(self):
        return len(self.employee_ids)


@dataclass
class MenteeProfiles(_People):
    """Mentees: their current skill levels plus what they aim for.

    ``target_levels`` has the shape of ``skill_levels``; 0 means the skill
    is not a target. ``target_role_sets`` is an (n, n_roles) boolean array:
    the mentee's target role and the roles that follow it. ``ancestor_ids``
    is an (n, depth) array of the employee ids above the mentee in the
    management chain (manager first), padded with -1. ``priority`` lets a
    mentee who declined or was re-matched go first on ties.
    """

    target_levels: np.ndarray = None
    target_role_sets: np.ndarray = None
    ancestor_ids: np.ndarray = None
    priority: np.ndarray = None

    def __post_init__(self):
        super().__post_init__()
        n = len(self)
        shape = self.skill_levels.shape
        if self.target_levels is None:
            self.target_levels = np.zeros(shape, dtype=np.int16)
        self.target_levels = _as_matrix(self.target_levels, np.int16, n, "target_levels")
        if self.target_levels.shape != shape:
            raise MatchingError("target_levels must have the shape of skill_levels.")
        if self.target_role_sets is None:
            self.target_role_sets = np.zeros((n, 0), dtype=bool)
        self.target_role_sets = _as_matrix(self.target_role_sets, bool, n, "target_role_sets")
        if self.ancestor_ids is None:
            self.ancestor_ids = np.full((n, 0), -1, dtype=np.int64)
        self.ancestor_ids = _as_matrix(self.ancestor_ids, np.int64, n, "ancestor_ids")
        if self.priority is None:
            self.priority = np.zeros(n, dtype=np.float32)
        self.priority = _as_array(self.priority, np.float32, n, "priority")

    @property
    def gap_levels(self):
        """Level steps between today and the target, per skill (never negative)."""
        return np.maximum(self.target_levels - self.skill_levels, 0)


@dataclass
class MentorProfiles(_People):
    """Mentors: their skills, the roles they hold or held, and free slots."""

    held_role_sets: np.ndarray = None
    capacities: np.ndarray = None

    def __post_init__(self):
        super().__post_init__()
        n = len(self)
        if self.held_role_sets is None:
            self.held_role_sets = np.zeros((n, 0), dtype=bool)
        self.held_role_sets = _as_matrix(self.held_role_sets, bool, n, "held_role_sets")
        if self.capacities is None:
            self.capacities = np.ones(n, dtype=np.int64)
        self.capacities = _as_array(self.capacities, np.int64, n, "capacities")
        if (self.capacities < 0).any():
            raise MatchingError("A mentor capacity cannot be negative.")


@dataclass
class MatchingSettings:
    """A program's matching settings: weights and hard rules.

    ``weights`` maps each component of :data:`COMPONENTS` to a non-negative
    weight; at least one must be positive. ``chain_depth`` is how many
    levels of the mentee's management chain are excluded (0 = none).
    ``max_timezone_gap`` is the UTC-offset gap at which the time-zone
    score reaches 0. ``excluded_pairs`` holds (mentee employee id, mentor
    employee id) pairs that must never be proposed.
    """

    weights: dict = field(
        default_factory=lambda: {
            "skills": 4.0,
            "career": 2.0,
            "cross_functional": 1.0,
            "diversity": 1.0,
            "language": 1.0,
            "timezone": 0.5,
            "availability": 1.0,
        }
    )
    chain_depth: int = 2
    allow_same_department: bool = True
    require_shared_language: bool = False
    require_availability_overlap: bool = False
    max_timezone_gap: float = 8.0
    excluded_pairs: frozenset = frozenset()
    topic_mentors_per_mentee: int = 0
    candidates_per_mentee: int = 12

    def normalized_weights(self):
        """Weights as an array in :data:`COMPONENTS` order, summing to 1."""
        unknown = set(self.weights) - set(COMPONENTS)
        if unknown:
            raise MatchingError(f"Unknown score components: {', '.join(sorted(unknown))}.")
        weights = np.array([float(self.weights.get(c, 0.0)) for c in COMPONENTS])
        if (weights < 0).any():
            negative = [c for c, w in zip(COMPONENTS, weights) if w < 0]
            raise MatchingError(f"Weights cannot be negative: {', '.join(negative)}.")
        if weights.sum() <= 0:
            raise MatchingError("At least one matching weight must be positive.")
        return weights / weights.sum()
