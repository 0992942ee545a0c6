from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date, format_datetime

from ..pair_states import ENDED_PAIR_STATES
from .mentorship_review import MANAGER_GROUP


class ReportMentorshipPairSummary(models.AbstractModel):
    """A pair's completion summary, for its mentee (and mentor) to keep and
    for HR: objectives and their status, sessions held, milestones, why the
    pair ended and what comes next.

    Everything is read with the reader's own rights, never as the system:
    the record rules decide what the summary holds. That is what keeps the
    sessions' shared notes (mentorship.session.content, the pair's people
    only) out of HR's print, as they are out of HR's screens. The report
    action is offered to everyone who reads pairs, so the check is here: the
    pair's mentor or mentee, or a Mentorship Manager who reads the pair."""

    _name = "report.mentorship_program.report_mentorship_pair_summary"
    _description = "Mentorship Pair Completion Summary Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        pairs = self.env["mentorship.pair"].browse(docids)
        # Someone else's pair and an id that does not exist get the same error.
        pairs.check_access("read")
        user = self.env.user
        is_manager = self.env.su or user.has_group(MANAGER_GROUP)
        for pair in pairs:
            if not is_manager and user not in pair.mentor_user_id | pair.mentee_user_id:
                raise AccessError(
                    self.env._(
                        "Only the mentor, the mentee or a Mentorship Manager can print the "
                        "summary of %(pair)s.",
                        pair=pair.display_name,
                    )
                )
            if pair.state not in ENDED_PAIR_STATES:
                raise UserError(
                    self.env._(
                        "%(pair)s has not ended: its completion summary is printed once it "
                        "has ended.",
                        pair=pair.display_name,
                    )
                )
        return {
            "doc_ids": pairs.ids,
            "doc_model": "mentorship.pair",
            "docs": pairs,
            "summaries": {pair.id: self._summary(pair) for pair in pairs},
        }

    def _summary(self, pair):
        """What the template prints of one pair, read as the current user."""
        user = self.env.user
        if pair.mentee_user_id == user:
            side = "mentee"
        elif pair.mentor_user_id == user:
            side = "mentor"
        else:
            side = False
        plans = pair.plan_ids
        goals = plans.goal_ids.sorted(lambda goal: (goal.sequence, goal.id))
        milestones = plans.milestone_ids.sorted(lambda m: (m.date_due, m.sequence, m.id))
        sessions = pair.session_ids.filtered(lambda s: s.state == "done").sorted("date_start")
        tz = user.tz or "UTC"
        return {
            "side": side,
            "goals": goals,
            "goal_states": dict(goals._fields["state"].selection),
            "goal_done_count": len(goals.filtered(lambda goal: goal.state == "done")),
            "milestones": milestones,
            "milestone_done_count": len(milestones.filtered("done")),
            "sessions": sessions,
            "session_hours": sum(sessions.mapped("hours_spent")),
            "session_kinds": dict(sessions._fields["kind"]._description_selection(self.env)),
            # In the reader's time zone, as the portal shows them.
            "session_when": {
                session.id: format_datetime(self.env, session.date_start, tz=tz, dt_format="short")
                for session in sessions
            },
            # Shared notes are the pair's: only its people print them (the
            # content's own rule reads them empty for everyone else anyway).
            "show_notes": bool(side),
            "end_cause": dict(pair._fields["end_cause"]._description_selection(self.env)).get(
                pair.end_cause, ""
            ),
            "next_steps": self._next_steps(goals, milestones),
        }

    def _next_steps(self, goals, milestones):
        """What the mentee carries on with: the objectives not reached and the
        milestones not done; when all are done, how to keep going."""
        steps = []
        for goal in goals.filtered(lambda goal: goal.state != "done"):
            # Formatted outside the translation calls: Odoo's extractor skips
            # a whole file when one of them holds an f-string.
            progress = f"{goal.progress} %"
            if goal.target_level_id:
                steps.append(
                    self.env._(
                        "Keep working on %(objective)s (%(progress)s done), towards the "
                        "level %(level)s.",
                        objective=goal.name,
                        progress=progress,
                        level=goal.target_level_id.name,
                    )
                )
            else:
                steps.append(
                    self.env._(
                        "Keep working on %(objective)s (%(progress)s done).",
                        objective=goal.name,
                        progress=progress,
                    )
                )
        for milestone in milestones.filtered(lambda m: not m.done):
            steps.append(
                self.env._(
                    "Finish the milestone %(milestone)s (due %(date)s).",
                    milestone=milestone.name,
                    date=format_date(self.env, milestone.date_due),
                )
            )
        if not steps:
            steps.append(
                self.env._(
                    "Every objective and milestone was reached: share what you learnt with "
                    "your team, set your next objectives with your manager, or enroll as a "
                    "mentor yourself."
                )
            )
        return steps
