"""Mentor suggestions for one mentee, in programs where mentees choose.

The same loader and engine as a match run, narrowed to one mentee: the
suggestions obey the program's hard rules and weights, and a mentor with no
seat left is never suggested.
"""

import dataclasses

from odoo.exceptions import UserError

from ..engine import MatchingError, empty_reasons, rank_mentors, suggest
from .explanation import ReasonRenderer, format_score, shared_reasons, stored_reasons
from .loader import MatchInputLoader


@dataclasses.dataclass(frozen=True)
class MentorSuggestion:
    mentor: object  # mentorship.enrollment, as superuser
    score: float  # 0..100, like proposals
    reasons: list  # the stored reasons the mentee may read
    explanation: str  # the same, in words
    score_label: str = ""  # the score as everyone reads it ("72 %", explanation.format_score)


class MentorSuggester:
    """Rank a program's ready mentors with a free seat for one mentee.

    Mentors who declined one of the mentee's requests in this program are
    not suggested again, nor are mentors of the mentee's declined or
    re-matched pairs (the loader's history).
    """

    def __init__(self, mentee):
        mentee.ensure_one()
        self.mentee = mentee.sudo()
        self.env = self.mentee.env
        self.loader = MatchInputLoader(self.mentee.program_id)

    def suggestions(self, limit=5):
        """The ``limit`` best mentors, best first."""
        return self._rank(limit)

    def suggestion_for(self, mentor):
        """The suggestion of ``mentor`` for this mentee, or None when a hard
        rule or a full capacity rules the pair out."""
        return next((s for s in self._rank(None) if s.mentor == mentor), None)

    def empty_reasons(self):
        """Why nothing can be suggested (engine ``EmptyReason`` list: counts
        per rule), or None when some mentor can be."""
        mentors = self.loader.search_mentors()
        if not mentors:
            return empty_reasons([])
        inputs, settings = self._inputs(mentors)
        return empty_reasons(
            rank_mentors(inputs.mentee_profiles, inputs.mentor_profiles, settings, 0)
        )

    def _inputs(self, mentors):
        """The engine's inputs for this mentee, and the program's settings
        with the mentors who declined the mentee's requests excluded."""
        capacities = self.loader.mentor_capacities(mentors)
        inputs = self.loader.build(self.mentee, mentors, capacities)
        declined_by = self.mentee.mentee_request_ids.filtered(
            lambda request: request.state == "declined"
        ).mentor_employee_id
        settings = dataclasses.replace(
            inputs.settings,
            excluded_pairs=inputs.settings.excluded_pairs
            | {(self.mentee.employee_id.id, employee.id) for employee in declined_by},
        )
        return inputs, settings

    def _rank(self, limit):
        mentors = self.loader.search_mentors()
        if not mentors:
            return []
        inputs, settings = self._inputs(mentors)
        if not inputs.mentor_profiles.capacities.sum():
            return []  # every mentor is full: empty_reasons() says so
        try:
            proposals = suggest(
                inputs.mentee_profiles,
                inputs.mentor_profiles,
                settings,
                0,
                limit=len(mentors) if limit is None else limit,
            )
        except MatchingError as error:
            raise UserError(
                self.env._(
                    "Program %(program)s cannot suggest mentors: %(reason)s",
                    program=self.mentee.program_id.display_name,
                    reason=str(error),
                )
            ) from error
        reasons = [shared_reasons(stored_reasons(p.reasons, inputs)) for p in proposals]
        texts = ReasonRenderer(self.env, "participant").render_many(reasons)
        return [
            MentorSuggestion(
                mentor=inputs.mentors[proposal.mentor_index],
                score=round(100.0 * proposal.score, 1),
                reasons=proposal_reasons,
                explanation=text,
                score_label=format_score(self.env, 100.0 * proposal.score),
            )
            for proposal, proposal_reasons, text in zip(proposals, reasons, texts)
        ]
