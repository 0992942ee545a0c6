"""What one person has to do next in their mentorships (plain data in, steps out).

The home pages (portal ``/my/mentorship`` and the backend *My Mentorship*)
open on this list. The models load the person's own records with their own
rights and hand them over as the plain facts below; this module decides,
without the ORM, which steps are due and in which order. Each step names the
record it is done on, so the Odoo layer can render it in the reader's
language and link it to the page where it is done.

A step is due only while the person can do it: an intake while it is a
draft, a match answer while the pair is pending and before its deadline, a
log once the session has started... Nothing is shown when nothing is due.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

# The steps, in the order they are shown when no date tells them apart: what
# blocks the others first (a match to answer before a plan to confirm).
STEP_CODES = (
    "answer_match",
    "complete_intake",
    "accept_charter",
    "finish_onboarding",
    "approve_intake",
    "answer_request",
    "confirm_plan",
    "schedule_first_session",
    "log_session",
    "rate_session",
    "answer_survey",
)
# A done session is offered for rating during this many days, then no more:
# an old session forgotten is not a to-do for ever.
RATING_WINDOW_DAYS = 30
LIVE_ENROLLMENT_STATES = ("draft", "manager_review", "submitted", "approved")


@dataclass(frozen=True)
class EnrollmentFacts:
    id: int
    role: str  # "mentor" or "mentee"
    state: str
    program: str
    charter_accepted: bool = True
    # The onboarding course a mentor must finish, when the program has one.
    onboarding_course: str | None = None
    onboarding_completed: bool = True
    onboarding_percent: int = 0


@dataclass(frozen=True)
class PairFacts:
    id: int
    state: str
    side: str  # the reader's side: "mentor" or "mentee"
    other_name: str
    accepted: bool  # the reader's side accepted
    deadline: date | None = None
    # The plan's confirmation by the reader's side (None: no plan yet).
    plan_confirmed: bool | None = None
    # Sessions planned or done, whatever their date.
    session_count: int = 0


@dataclass(frozen=True)
class SessionFacts:
    id: int
    pair_id: int
    other_name: str
    state: str
    start: datetime
    rated_by_reader: bool = False


@dataclass(frozen=True)
class SurveyFacts:
    id: int
    pair_id: int
    kind: str  # "pulse" or "closure"
    survey: str
    sent: date | None = None


@dataclass(frozen=True)
class RequestFacts:
    """A request a mentee sent to the reader, still open."""

    id: int
    mentee_name: str
    sent: date | None = None


@dataclass(frozen=True)
class ApprovalFacts:
    """An intake of one of the reader's reports, waiting for the reader."""

    id: int
    employee_name: str
    program: str


@dataclass(frozen=True)
class NextStep:
    code: str
    model: str
    record_id: int
    # The day it is due by (a deadline) or since (a session to log).
    due: date | None = None
    data: dict = field(default_factory=dict)

    @property
    def rank(self):
        return STEP_CODES.index(self.code)


def _enrollment_steps(enrollment):
    if enrollment.state == "draft":
        yield NextStep(
            "complete_intake",
            "mentorship.enrollment",
            enrollment.id,
            data={"program": enrollment.program, "role": enrollment.role},
        )
    if enrollment.role != "mentor" or enrollment.state not in LIVE_ENROLLMENT_STATES:
        return
    if not enrollment.charter_accepted:
        yield NextStep(
            "accept_charter",
            "mentorship.enrollment",
            enrollment.id,
            data={"program": enrollment.program},
        )
    if enrollment.onboarding_course and not enrollment.onboarding_completed:
        yield NextStep(
            "finish_onboarding",
            "mentorship.enrollment",
            enrollment.id,
            data={
                "program": enrollment.program,
                "course": enrollment.onboarding_course,
                "percent": enrollment.onboarding_percent,
            },
        )


def _pair_steps(pair, today):
    if pair.state == "pending":
        if not pair.accepted and (pair.deadline is None or pair.deadline >= today):
            yield NextStep(
                "answer_match",
                "mentorship.pair",
                pair.id,
                due=pair.deadline,
                data={"other": pair.other_name, "side": pair.side},
            )
        return
    if pair.state != "active":
        return
    if pair.plan_confirmed is False:
        yield NextStep("confirm_plan", "mentorship.pair", pair.id, data={"other": pair.other_name})
    if not pair.session_count:
        yield NextStep(
            "schedule_first_session", "mentorship.pair", pair.id, data={"other": pair.other_name}
        )


def _session_steps(session, now, active_pairs):
    if session.pair_id not in active_pairs:
        return
    data = {"other": session.other_name, "start": session.start}
    if session.state == "planned" and session.start <= now:
        yield NextStep(
            "log_session", "mentorship.session", session.id, due=session.start.date(), data=data
        )
    elif (
        session.state == "done"
        and not session.rated_by_reader
        and session.start >= now - timedelta(days=RATING_WINDOW_DAYS)
    ):
        yield NextStep("rate_session", "mentorship.session", session.id, data=data)


def next_steps(
    today,
    now,
    enrollments=(),
    pairs=(),
    sessions=(),
    surveys=(),
    requests=(),
    approvals=(),
):
    """The steps due for one person on ``today`` (``now`` for sessions), in
    the order to show them: dated steps first, soonest first, then by
    :data:`STEP_CODES`."""
    steps = []
    for enrollment in enrollments:
        steps.extend(_enrollment_steps(enrollment))
    for pair in pairs:
        steps.extend(_pair_steps(pair, today))
    active_pairs = {pair.id for pair in pairs if pair.state == "active"}
    for session in sessions:
        steps.extend(_session_steps(session, now, active_pairs))
    for survey in surveys:
        steps.append(
            NextStep(
                "answer_survey",
                "survey.user_input",
                survey.id,
                data={"kind": survey.kind, "survey": survey.survey, "pair_id": survey.pair_id},
            )
        )
    for mentor_request in requests:
        steps.append(
            NextStep(
                "answer_request",
                "mentorship.request",
                mentor_request.id,
                data={"other": mentor_request.mentee_name},
            )
        )
    for approval in approvals:
        steps.append(
            NextStep(
                "approve_intake",
                "mentorship.enrollment",
                approval.id,
                data={"employee": approval.employee_name, "program": approval.program},
            )
        )
    return sorted(
        steps,
        key=lambda step: (step.due is None, step.due or today, step.rank, step.record_id),
    )
