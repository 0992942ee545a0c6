"""What a first call pays in a fresh process: no module imported on the way."""

import subprocess
import sys
from pathlib import Path

MODULE_DIR = Path(__file__).resolve().parents[2] / "mentorship_program"
BENCHMARKS_DIR = Path(__file__).resolve().parents[2] / "benchmarks"

FIRST_CALL = f"""
import sys
sys.path[:0] = [{str(MODULE_DIR)!r}, {str(BENCHMARKS_DIR)!r}]
from engine import MatchingSettings, MenteeProfiles, MentorProfiles, match
from synthetic_org import generate
mentees, mentors = generate(300, 60, seed=1)
mentees, mentors = MenteeProfiles(**mentees), MentorProfiles(**mentors)
before = set(sys.modules)
match(mentees, mentors, MatchingSettings(topic_mentors_per_mentee=1))
print(" ".join(sorted(set(sys.modules) - before)))
"""


def test_a_first_match_imports_nothing_more():
    # np.unique without return_* options imports numpy.ma (40 ms) on its
    # first call; the engine must not pay that inside a cold run.
    imported = subprocess.run(
        [sys.executable, "-c", FIRST_CALL], check=True, capture_output=True, text=True
    ).stdout.split()
    assert imported == []
