"""The vocabulary of ``mentorship.pair``: its states, why a pair ends, and
the groups of both that the rest of the module asks about.

The pair model declares its ``state`` and ``end_cause`` fields from these
lists; matching, the crons, the reviews and the analytics import the groups
from here, so that adding a state is decided in one place. Plain Python with
no Odoo import, for the analytics that run without a database.
"""

PAIR_STATES = [
    ("pending", "Pending"),
    ("active", "Active"),
    ("on_hold", "On Hold"),
    ("completed", "Completed"),
    ("completed_early", "Completed Early"),
    ("cancelled", "Cancelled"),
    ("expired", "Expired"),
    ("declined", "Declined"),
    ("rematched", "Re-matched"),
]

# A core mentor guides the whole plan; a topic mentor covers skill gaps the
# core mentor does not.
PAIR_KINDS = [("core", "Core Mentor"), ("topic", "Topic Mentor")]

# Holds its mentee and one of its mentor's seats.
LIVE_PAIR_STATES = ("pending", "active", "on_hold")
# Started and not over: its plan is worked on, its objectives complete.
RUNNING_PAIR_STATES = ("active", "on_hold")
# Over for good.
CLOSED_PAIR_STATES = (
    "completed",
    "completed_early",
    "cancelled",
    "expired",
    "declined",
    "rematched",
)
# Ran and is over (a declined pair never started); these get the closure survey.
ENDED_PAIR_STATES = ("completed", "completed_early", "cancelled", "expired", "rematched")
# Counted one by one on programs and quarterly reviews.
COUNTED_END_STATES = ("completed", "completed_early", "cancelled", "expired")
# Never ran.
NOT_STARTED_PAIR_STATES = ("pending", "declined")

# Why a pair ended, whatever ended it (a person, HR or a cron).
PAIR_END_CAUSES = [
    ("term", "End of Term"),
    ("early", "Goals Met Early"),
    ("declined", "Declined"),
    ("unanswered", "Not Answered in Time"),
    ("inactive", "Inactive"),
    ("rematched", "Re-matched"),
    ("hr_cancelled", "Cancelled by HR"),
    ("mentor_left", "Mentor Left"),
    ("mentee_left", "Mentee Left"),
    ("core_ended", "Core Pair Ended"),
]
# Ended through no fault of the mentee's: the mentee goes first in the next
# match run and is never proposed the same mentor again.
REMATCH_FIRST_CAUSES = (
    "declined",
    "unanswered",
    "inactive",
    "rematched",
    "hr_cancelled",
    "mentor_left",
)
