"""Small hand-made profiles for engine tests."""

import numpy as np
from engine import MatchingSettings, MenteeProfiles, MentorProfiles

ENGLISH, FRENCH, GERMAN = 1, 2, 4
MONDAY_AM, MONDAY_PM, TUESDAY_AM = 1, 2, 4


def mentees(n=1, **columns):
    defaults = {
        "employee_ids": np.arange(n) + 100,
        "department_ids": np.ones(n),
        "skill_levels": np.zeros((n, 3)),
        "target_levels": np.zeros((n, 3)),
        "language_masks": np.full(n, ENGLISH),
        "availability_masks": np.full(n, MONDAY_AM),
        "utc_offsets": np.zeros(n),
        "attributes": np.ones((n, 1)),
    }
    defaults.update(columns)
    return MenteeProfiles(**defaults)


def mentors(n=1, **columns):
    defaults = {
        "employee_ids": np.arange(n) + 1,
        "department_ids": np.ones(n),
        "skill_levels": np.zeros((n, 3)),
        "language_masks": np.full(n, ENGLISH),
        "availability_masks": np.full(n, MONDAY_AM),
        "utc_offsets": np.zeros(n),
        "attributes": np.ones((n, 1)),
        "capacities": np.ones(n),
    }
    defaults.update(columns)
    return MentorProfiles(**defaults)


def only(component, **settings):
    """Settings that score a single component."""
    weights = dict.fromkeys(MatchingSettings().weights, 0.0)
    weights[component] = 1.0
    return MatchingSettings(weights=weights, **settings)
