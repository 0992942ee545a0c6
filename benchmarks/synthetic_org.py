"""A synthetic organisation for the matching benchmark and tests.

Shaped like a real company rather than uniform noise: departments of
uneven size, a management tree whose managers are also mentors (so the
reporting-line rule bites), juniors who want to climb 2-4 skills, seniors
who hold many skills high, a few common languages and regional time zones,
and career paths between roles.
"""

import numpy as np

N_SKILLS = 30
N_LEVELS = 4
N_LANGUAGES = 8
N_ROLES = 60
N_SLOTS = 10
REGION_OFFSETS = np.array([-8, -5, 0, 1, 2, 5.5, 8, 9], dtype=np.float32)


def _masks(rng, n, n_bits, low, high, common_bit=None):
    masks = np.zeros(n, dtype=np.uint64)
    counts = rng.integers(low, high + 1, n)
    for count in range(low, high + 1):
        rows = np.flatnonzero(counts == count)
        if not len(rows):
            continue
        picks = np.argsort(rng.random((len(rows), n_bits)), axis=1)[:, :count]
        masks[rows] = np.bitwise_or.reduce(np.uint64(1) << picks.astype(np.uint64), axis=1)
    if common_bit is not None:
        masks |= np.where(rng.random(n) < 0.8, np.uint64(1) << np.uint64(common_bit), np.uint64(0))
    return masks


def generate(n_mentees, n_mentors, seed=0, max_capacity=5):
    """Return (mentees, mentors) keyword dicts for MenteeProfiles/MentorProfiles."""
    rng = np.random.default_rng(seed)
    n_departments = max(5, (n_mentees + n_mentors) // 200)
    department_weights = rng.pareto(1.5, n_departments) + 1
    department_weights /= department_weights.sum()

    # Mentors are the senior layer; every mentee reports to a mentor
    # manager, who reports to another mentor: a management chain.
    mentor_ids = np.arange(n_mentors, dtype=np.int64) + 1
    mentor_departments = rng.choice(n_departments, n_mentors, p=department_weights) + 1
    mentor_managers = np.where(
        rng.random(n_mentors) < 0.9, rng.integers(1, n_mentors + 1, n_mentors), -1
    )
    mentee_ids = np.arange(n_mentees, dtype=np.int64) + n_mentors + 1
    direct_manager = rng.integers(0, n_mentors, n_mentees)
    mentee_departments = mentor_departments[direct_manager]
    second_manager = mentor_managers[direct_manager]
    ancestors = np.stack([mentor_ids[direct_manager], second_manager], axis=1)

    department_region = rng.integers(0, len(REGION_OFFSETS), n_departments + 1)
    mentee_offsets = REGION_OFFSETS[department_region[mentee_departments]]
    mentor_offsets = REGION_OFFSETS[department_region[mentor_departments]]
    move = rng.random(n_mentors) < 0.2
    mentor_offsets[move] = rng.choice(REGION_OFFSETS, move.sum())

    # Skills cluster by department: each department leans on a third of them.
    department_skills = rng.random((n_departments + 1, N_SKILLS)) < 0.35
    mentee_levels = np.where(
        department_skills[mentee_departments], rng.integers(0, 3, (n_mentees, N_SKILLS)), 0
    )
    mentor_levels = np.where(
        department_skills[mentor_departments] | (rng.random((n_mentors, N_SKILLS)) < 0.15),
        rng.integers(2, N_LEVELS + 1, (n_mentors, N_SKILLS)),
        0,
    )
    target_count = rng.integers(2, 5, n_mentees)
    target_levels = np.zeros((n_mentees, N_SKILLS), dtype=np.int16)
    ranked = np.argsort(
        rng.random((n_mentees, N_SKILLS)) - department_skills[mentee_departments], axis=1
    )
    for count in range(2, 5):
        rows = np.flatnonzero(target_count == count)
        chosen = ranked[rows, :count]
        current = mentee_levels[rows[:, None], chosen]
        target_levels[rows[:, None], chosen] = np.minimum(
            current + rng.integers(1, 3, chosen.shape), N_LEVELS
        )

    # Career paths: role r leads to r + 1 within a ladder of 6 roles.
    mentee_roles = rng.integers(0, N_ROLES, n_mentees)
    target_roles = np.zeros((n_mentees, N_ROLES), dtype=bool)
    target_role = np.minimum(mentee_roles + 1, N_ROLES - 1)
    target_roles[np.arange(n_mentees), target_role] = True
    next_role = np.where(
        target_role % 6 != 5, np.minimum(target_role + 1, N_ROLES - 1), target_role
    )
    target_roles[np.arange(n_mentees), next_role] = True
    held_roles = np.zeros((n_mentors, N_ROLES), dtype=bool)
    mentor_role = rng.integers(0, N_ROLES, n_mentors)
    held_roles[np.arange(n_mentors), mentor_role] = True
    held_roles[np.arange(n_mentors), np.maximum(mentor_role - 1, 0)] = True

    mentees = {
        "employee_ids": mentee_ids,
        "department_ids": mentee_departments,
        "skill_levels": mentee_levels,
        "target_levels": target_levels,
        "language_masks": _masks(rng, n_mentees, N_LANGUAGES, 1, 2, common_bit=0),
        "availability_masks": _masks(rng, n_mentees, N_SLOTS, 2, 5),
        "utc_offsets": mentee_offsets,
        "attributes": rng.integers(1, 4, (n_mentees, 2)),
        "target_role_sets": target_roles,
        "ancestor_ids": ancestors,
    }
    mentors = {
        "employee_ids": mentor_ids,
        "department_ids": mentor_departments,
        "skill_levels": mentor_levels,
        "language_masks": _masks(rng, n_mentors, N_LANGUAGES, 1, 3, common_bit=0),
        "availability_masks": _masks(rng, n_mentors, N_SLOTS, 2, 6),
        "utc_offsets": mentor_offsets,
        "attributes": rng.integers(1, 4, (n_mentors, 2)),
        "held_role_sets": held_roles,
        "capacities": rng.integers(1, max_capacity + 1, n_mentors),
    }
    return mentees, mentors
