"""HR's review of one mentee's mentors, on a match run's proposal.

The engine ranks every ready mentor of the program for the mentee
(``engine.rank_mentors``): score, seats left, and the rules that rule a pair
out. Here the seats are counted the way the run's capacity check counts them
(the mentor's capacity minus their pending and active pairs and the run's
other proposals), the mentors who are approved but not ready are added with
a ``not_ready`` exclusion of their own, and the engine's indexes become
records. Everything here is HR's: scores and the diversity reason included.
"""

import dataclasses

import numpy as np

from ..engine import Exclusion, rank_mentors, review
from ..pair_states import LIVE_PAIR_STATES
from .explanation import exclusion_sentences, format_score, stored_reasons
from .loader import MatchInputLoader

# An exclusion the Odoo side adds: the mentor is approved but has not passed
# their readiness rubric, charter or onboarding course.
NOT_READY = "not_ready"


@dataclasses.dataclass(frozen=True)
class ReviewedMentor:
    mentor: object  # mentorship.enrollment, as superuser
    score: float  # 0..100, like proposals; 0 for a mentor who is not ready
    free_seats: int
    exclusions: tuple  # of engine.Exclusion; empty when the pair is allowed
    reasons: list  # stored reasons (matching/explanation.py), for HR

    @property
    def allowed(self):
        return not self.exclusions


class MentorReview:
    """Every mentor of ``run``'s program for the mentee enrollment ``mentee``.

    ``proposal``, when given, is the proposal being reviewed: its own seat is
    not counted against its mentor, so the current mentor reads as allowed.
    """

    def __init__(self, run, mentee, proposal=None):
        self.run = run.sudo()
        self.mentee = mentee.sudo()
        self.proposal = proposal
        self.env = self.run.env
        self.loader = MatchInputLoader(self.run.program_id)
        self._ranked = None

    def mentors(self):
        """Ready mentors (allowed first, best score first), then the ones not ready."""
        if self._ranked is None:
            self._ranked = self._rank()
        return self._ranked

    def alternatives(self, limit=5):
        """The ``limit`` best other allowed mentors, and the excluded ones that
        would score at least as well (engine ``review``)."""
        ranked = [mentor for mentor in self.mentors() if NOT_READY not in _codes(mentor)]
        by_index = dict(enumerate(ranked))
        index_of = {mentor.mentor: index for index, mentor in by_index.items()}
        current = self.proposal.mentor_enrollment_id.sudo() if self.proposal else None
        engine_view = [
            _EngineView(index, mentor.score, mentor.exclusions)
            for index, mentor in by_index.items()
        ]
        leave_out = (index_of[current],) if current in index_of else ()
        return [by_index[item.mentor_index] for item in review(engine_view, limit, leave_out)]

    def of(self, mentor):
        """The review of one mentor enrollment, or None when it is no approved
        mentor of the program."""
        mentor = mentor.sudo()
        return next((reviewed for reviewed in self.mentors() if reviewed.mentor == mentor), None)

    # -- Loading -----------------------------------------------------------------------
    def _approved_mentors(self):
        return self.env["mentorship.enrollment"].search(
            [
                ("program_id", "=", self.run.program_id.id),
                ("role", "=", "mentor"),
                ("state", "=", "approved"),
            ],
            order="id",
        )

    def _free_seats(self, mentors):
        """Seats left per mentor in this run: capacity - live pairs - the run's
        other proposals (the proposal under review does not count)."""
        used = dict(
            self.env["mentorship.pair"]._read_group(
                [("mentor_enrollment_id", "in", mentors.ids), ("state", "in", LIVE_PAIR_STATES)],
                ["mentor_enrollment_id"],
                ["__count"],
            )
        )
        domain = [("run_id", "=", self.run.id), ("mentor_enrollment_id", "in", mentors.ids)]
        if self.proposal and self.proposal.id:
            domain.append(("id", "!=", self.proposal.id))
        proposed = dict(
            self.env["mentorship.match.proposal"]
            .sudo()
            ._read_group(domain, ["mentor_enrollment_id"], ["__count"])
        )
        return np.array(
            [
                max(mentor.capacity - used.get(mentor, 0) - proposed.get(mentor, 0), 0)
                for mentor in mentors
            ],
            dtype=np.int64,
        )

    def _rank(self):
        approved = self._approved_mentors()
        ready = approved.filtered("is_ready")
        reviewed = []
        if ready:
            inputs = self.loader.build(self.mentee, ready, self._free_seats(ready))
            for ranked in rank_mentors(
                inputs.mentee_profiles, inputs.mentor_profiles, inputs.settings, 0
            ):
                reviewed.append(
                    ReviewedMentor(
                        mentor=inputs.mentors[ranked.mentor_index],
                        score=round(100.0 * ranked.score, 1),
                        free_seats=ranked.free_seats,
                        exclusions=ranked.exclusions,
                        reasons=stored_reasons(ranked.reasons, inputs),
                    )
                )
        not_ready = approved - ready
        seats = self._free_seats(not_ready) if not_ready else []
        for mentor, free in zip(not_ready, seats):
            reviewed.append(
                ReviewedMentor(
                    mentor=mentor,
                    score=0.0,
                    free_seats=int(free),
                    exclusions=(Exclusion(NOT_READY),),
                    reasons=[],
                )
            )
        return reviewed


@dataclasses.dataclass(frozen=True)
class _EngineView:
    """What engine ``review`` reads of a ranked mentor, with a score on any scale."""

    mentor_index: int
    score: float
    exclusions: tuple

    @property
    def allowed(self):
        return not self.exclusions


def _codes(reviewed):
    return {exclusion.code for exclusion in reviewed.exclusions}


def choice_problem(env, reviewed):
    """Why HR cannot choose this mentor, as a sentence; None when they can."""
    if reviewed.allowed:
        return None
    return env._(
        "%(mentor)s %(why)s.",
        mentor=reviewed.mentor.employee_id.name,
        why=env._("; ").join(exclusion_sentences(env, reviewed.exclusions)),
    )


def choice_label(env, reviewed):
    """A mentor as HR's ranked list of choices shows them."""
    name = reviewed.mentor.employee_id.name
    if reviewed.allowed:
        return env._(
            "%(mentor)s — %(score)s, %(seats)s free seat(s)",
            mentor=name,
            score=format_score(env, reviewed.score),
            seats=reviewed.free_seats,
        )
    why = env._("; ").join(exclusion_sentences(env, reviewed.exclusions))
    if any(exclusion.code == NOT_READY for exclusion in reviewed.exclusions):
        return env._("%(mentor)s — cannot be chosen: %(why)s", mentor=name, why=why)
    return env._(
        "%(mentor)s — %(score)s, cannot be chosen: %(why)s",
        mentor=name,
        score=format_score(env, reviewed.score),
        why=why,
    )
