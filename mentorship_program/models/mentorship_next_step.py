"""The current user's next steps, for the portal home and the backend home.

``analytics/next_steps.py`` decides which steps are due; this model loads
the facts it needs and renders the steps for one reader. Everything is read
with the reader's own rights (their enrollments, their pairs and sessions,
the requests sent to them, the intakes waiting for them), in a fixed number
of queries; only the reader's own course progress and survey invitations
are read as the system, filtered on the reader's partner.
"""

from datetime import timedelta

from odoo import api, fields, models
from odoo.tools.misc import format_date, format_datetime

from ..analytics.next_steps import (
    RATING_WINDOW_DAYS,
    ApprovalFacts,
    EnrollmentFacts,
    PairFacts,
    RequestFacts,
    SessionFacts,
    SurveyFacts,
    next_steps,
)

# Where a step is done, per audience: the portal's pages, or the backend's
# forms (``/odoo/<model>/<id>``). Surveys and courses have their own pages.
AUDIENCES = ("portal", "backend")


class MentorshipNextStep(models.AbstractModel):
    _name = "mentorship.next.step"
    _description = "Mentorship: the current user's next steps"

    @api.model
    def get_next_steps(self, audience="backend"):
        """The current user's steps, rendered: a list of dicts with ``code``,
        ``title``, ``detail``, ``url``, ``due`` (text) and ``overdue``."""
        if audience not in AUDIENCES:
            raise ValueError(self.env._("Unknown audience %(audience)r.", audience=audience))
        today = fields.Date.context_today(self)
        now = fields.Datetime.now()
        steps = next_steps(today, now, **self._load_facts(now))
        titles = self._titles()
        return [self._render(step, titles, audience, today) for step in steps]

    # ------------------------------------------------------------
    # Loading the facts (the reader's own records, with their rights)
    # ------------------------------------------------------------

    def _load_facts(self, now):
        user = self.env.user
        enrollments = self.env["mentorship.enrollment"].search(
            [("user_id", "=", user.id), ("state", "in", ("draft", "submitted", "approved"))]
        )
        pairs = self.env["mentorship.pair"].search(
            [
                "|",
                ("mentor_user_id", "=", user.id),
                ("mentee_user_id", "=", user.id),
                ("state", "in", ("pending", "active")),
            ]
        )
        active = pairs.filtered(lambda pair: pair.state == "active")
        sessions = self.env["mentorship.session"].search(
            [
                ("pair_id", "in", active.ids),
                "|",
                "&",
                ("state", "=", "planned"),
                ("date_start", "<=", now),
                "&",
                ("state", "=", "done"),
                ("date_start", ">=", now - timedelta(days=RATING_WINDOW_DAYS)),
            ]
        )
        session_counts = dict(
            self.env["mentorship.session"]._read_group(
                [("pair_id", "in", active.ids), ("state", "in", ("planned", "done"))],
                ["pair_id"],
                ["__count"],
            )
        )
        rated_ids = set(
            self.env["mentorship.session.rating"]
            .search([("session_id", "in", sessions.ids), ("rater_user_id", "=", user.id)])
            .session_id.ids
        )
        return {
            "enrollments": self._enrollment_facts(enrollments),
            "pairs": [self._pair_facts(pair, session_counts) for pair in pairs],
            "sessions": [
                SessionFacts(
                    id=session.id,
                    pair_id=session.pair_id.id,
                    other_name=self._other_name(session.pair_id),
                    state=session.state,
                    start=session.date_start,
                    rated_by_reader=session.id in rated_ids,
                )
                for session in sessions
            ],
            "surveys": self._survey_facts(pairs),
            "requests": [
                RequestFacts(id=req.id, mentee_name=req.mentee_name, sent=req.date_sent)
                for req in self.env["mentorship.request"].search(
                    [("mentor_user_id", "=", user.id), ("state", "=", "open")]
                )
            ],
            "approvals": [
                ApprovalFacts(
                    id=intake.id,
                    employee_name=intake.employee_id.name,
                    program=intake.program_id.name,
                )
                for intake in self.env["mentorship.enrollment"]
                .search([("state", "=", "manager_review"), ("user_id", "!=", user.id)])
                .filtered("can_manager_approve")
            ],
        }

    def _other_name(self, pair):
        return pair.mentee_name if pair.mentor_user_id == self.env.user else pair.mentor_name

    def _pair_facts(self, pair, session_counts):
        side = "mentor" if pair.mentor_user_id == self.env.user else "mentee"
        plan = pair.plan_ids[:1]
        return PairFacts(
            id=pair.id,
            state=pair.state,
            side=side,
            other_name=self._other_name(pair),
            accepted=pair[f"{side}_accepted"],
            deadline=pair.date_deadline or None,
            plan_confirmed=bool(plan[f"{side}_confirmed"]) if plan else None,
            session_count=session_counts.get(pair, 0),
        )

    def _enrollment_facts(self, enrollments):
        mentors = enrollments.filtered(lambda e: e.role == "mentor")
        courses = mentors.program_id.onboarding_channel_id
        # The reader's own progress in the onboarding courses, which portal
        # users may not read through slide.channel.partner themselves.
        progress = {
            membership.channel_id.id: membership.completion
            for membership in self.env["slide.channel.partner"]
            .sudo()
            .search(
                [
                    ("channel_id", "in", courses.ids),
                    ("partner_id", "=", self.env.user.partner_id.id),
                ]
            )
        }
        return [
            EnrollmentFacts(
                id=enrollment.id,
                role=enrollment.role,
                state=enrollment.state,
                program=enrollment.program_id.name,
                charter_accepted=enrollment.role != "mentor" or enrollment.charter_accepted,
                onboarding_course=enrollment.program_id.onboarding_channel_id.name or None,
                onboarding_completed=enrollment.onboarding_completed,
                onboarding_percent=int(
                    progress.get(enrollment.program_id.onboarding_channel_id.id, 0)
                ),
            )
            for enrollment in enrollments
        ]

    def _survey_facts(self, pairs):
        # The reader's own invitations to the pairs' pulse and closure
        # surveys; their answers stay theirs (survey.user_input rules).
        invitations_sudo = (
            self.env["survey.user_input"]
            .sudo()
            .search(
                [
                    ("mentorship_pair_id", "in", pairs.ids),
                    ("partner_id", "=", self.env.user.partner_id.id),
                    ("state", "!=", "done"),
                ]
            )
        )
        return [
            SurveyFacts(
                id=invitation.id,
                pair_id=invitation.mentorship_pair_id.id,
                kind=invitation.mentorship_survey_kind,
                survey=invitation.survey_id.title,
                sent=invitation.mentorship_sent_date or None,
            )
            for invitation in invitations_sudo
            if invitation.mentorship_survey_kind
        ]

    # ------------------------------------------------------------
    # Rendering one step for the reader
    # ------------------------------------------------------------

    def _titles(self):
        """{step code: its title, with the step's data to fill in}, in the
        reader's language."""
        env = self.env
        return {
            "complete_intake": env._("Complete your intake for %(program)s and submit it"),
            "accept_charter": env._("Accept the charter of %(program)s"),
            "finish_onboarding": env._("Finish the onboarding course %(course)s"),
            "approve_intake": env._("Approve or decline %(employee)s's intake for %(program)s"),
            "answer_request": env._("Answer %(other)s's request for mentoring"),
            "answer_match": env._("Answer your match with %(other)s"),
            "confirm_plan": env._("Confirm your 90-day plan with %(other)s"),
            "schedule_first_session": env._("Schedule your first session with %(other)s"),
            "log_session": env._("Log your session of %(start)s with %(other)s"),
            "rate_session": env._("Rate your session of %(start)s with %(other)s"),
            "answer_survey": env._("Answer the survey %(survey)s"),
        }

    def _render(self, step, titles, audience, today):
        env = self.env
        data = dict(step.data)
        if "start" in data:
            data["start"] = format_datetime(
                env, data["start"], tz=env.user.tz or "UTC", dt_format="short"
            )
        details = {
            "finish_onboarding": env._("%(percent)s%% done", percent=data.get("percent", 0)),
            "complete_intake": env._(
                "Tell the program what you want to learn, when you are free and "
                "which languages you speak: the matching reads it."
            ),
            "accept_charter": env._("Read and accept it before you can be matched."),
        }
        due = ""
        if step.due and step.code == "answer_match":
            due = env._("by %(date)s", date=format_date(env, step.due))
        return {
            "code": step.code,
            "title": titles[step.code] % data,
            "detail": details.get(step.code, ""),
            "url": self._url(step, audience),
            "due": due,
            "overdue": bool(step.due and step.due < today and step.code == "log_session"),
        }

    def _url(self, step, audience):
        if step.code == "finish_onboarding":
            enrollment = self.env["mentorship.enrollment"].browse(step.record_id)
            return enrollment.program_id.onboarding_channel_id.sudo().website_url
        if step.code == "answer_survey":
            return self.env["survey.user_input"].sudo().browse(step.record_id).get_start_url()
        if step.code == "approve_intake" or audience == "backend":
            return f"/odoo/{step.model}/{step.record_id}"
        if step.model == "mentorship.session":
            session = self.env["mentorship.session"].browse(step.record_id)
            return f"{session.pair_id.access_url}#session-{session.id}"
        record = self.env[step.model].browse(step.record_id)
        anchors = {"confirm_plan": "#plan", "schedule_first_session": "#sessions"}
        return record.access_url + anchors.get(step.code, "")
