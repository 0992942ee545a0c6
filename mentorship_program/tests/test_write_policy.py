"""Who may write which field, for every field of every model of the module.

The models come from the database (``ir.model``, through the module's
external ids; see ``common_roles.module_models``): those the module defines,
with all their fields, and those it extends, with the fields it adds. For
each field the test finds a fixture record, makes up a plausible new value
from the field's type, and writes it as each of the ten roles of
``common_roles``, each attempt in a savepoint that is rolled back. What is
accepted (no exception, and the value stored) must be exactly what the model
declares next to its fields:

* a model of the module: ``_client_write_fields`` (and, at creation,
  ``_client_create_fields`` too);
* a model it extends: ``_mentorship_client_write_fields``, the module's
  fields a client may write there (the others are in
  ``_mentorship_system_fields``);

intersected with what the role may write: ``has_access('write')`` on the
record (access rights and record rules) and the field's ``groups=``, and
with the few rules of the business that depend on who writes (``BUSINESS``,
each with its reason). Every other write must be refused with an
AccessError, naming the field whenever the role may write the record.

Every mismatch is reported at once. A new field therefore fails this test
until someone decides who may write it; a new model fails it until it has a
fixture (``FIXTURES``) and a creation baseline (``CREATE_BASE``).

Skipped: one2many fields (their lines are records of their comodel, which
has its own rows here), the ORM's log columns (``create_uid``... the ORM
ignores them from clients) and non-stored fields nobody can write (computed
without inverse).
"""

import base64
import math
from datetime import datetime, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_roles import MODULE, RolesCase, module_fields, module_models

SKIPPED_FIELDS = {"id", "display_name", "create_uid", "create_date", "write_uid", "write_date"}
PROBE_TEXT = "Probe"

# The record each model is probed on; ``fx`` is the role's pair and its records
# (``RolesCase.main``, or ``RolesCase.portal`` for the portal member).
FIXTURES = {
    "mentorship.program": lambda case, fx: case.program,
    "mentorship.program.cadence": lambda case, fx: case.program.cadence_ids[:1],
    "mentorship.program.milestone": lambda case, fx: case.program.milestone_ids[:1],
    "mentorship.program.plan.step": lambda case, fx: case.program.plan_step_ids[:1],
    "mentorship.enrollment": lambda case, fx: fx["mentee_enrollment"],
    "mentorship.enrollment.skill": lambda case, fx: fx["target_skill"],
    "mentorship.job.skill": lambda case, fx: case.job.mentorship_required_skill_ids[:1],
    "mentorship.career.driver": lambda case, fx: case.env["mentorship.career.driver"].search(
        [], limit=1
    ),
    "mentorship.availability.slot": lambda case, fx: case.slot_saturday,
    "mentorship.match.run": lambda case, fx: case.run_proposed,
    "mentorship.match.proposal": lambda case, fx: case.proposal,
    "mentorship.pair": lambda case, fx: fx["pair"],
    "mentorship.request": lambda case, fx: case.request,
    "mentorship.session": lambda case, fx: fx["session"],
    "mentorship.plan": lambda case, fx: fx["plan"],
    "mentorship.plan.milestone": lambda case, fx: fx["milestone"],
    "mentorship.goal": lambda case, fx: fx["goal"],
    "mentorship.goal.resource": lambda case, fx: fx["goal_resource"],
    "mentorship.note": lambda case, fx: fx["note"],
    "mentorship.review": lambda case, fx: case.review,
    "mentorship.circle": lambda case, fx: case.circle,
    # The mentee's profile: the mentee's own, someone else's for everyone else.
    "mentorship.profile": lambda case, fx: case.env["mentorship.profile"].search(
        [("employee_id", "=", fx["mentee_enrollment"].employee_id.id)]
    ),
    "mentorship.pair.close": lambda case, fx: case.wizard_close,
    "mentorship.enrollment.enroll": lambda case, fx: case.wizard_enroll,
    "mentorship.enrollment.import": lambda case, fx: case.wizard_import,
    "mentorship.participant.erase": lambda case, fx: case.wizard_erase,
    "mentorship.mentor.suggestion": lambda case, fx: case.wizard_suggestion,
    "mentorship.mentor.suggestion.line": lambda case, fx: case.wizard_suggestion.line_ids[:1],
    "mentorship.career.event": lambda case, fx: _career_event(case),
    "mentorship.achievement": lambda case, fx: case.achievement,
    "mentorship.credit": lambda case, fx: case.credit,
    "mentorship.credit.reverse": lambda case, fx: case.wizard_reverse,
    "mentorship.experiment": lambda case, fx: _experiment(case),
    "mentorship.experiment.arm": lambda case, fx: _experiment(case).arm_ids[:1],
    # Models the module extends.
    "hr.employee": lambda case, fx: case.employee_alice,
    "hr.employee.public": lambda case, fx: case.env["hr.employee.public"].browse(
        case.employee_alice.id
    ),
    "hr.job": lambda case, fx: case.job,
    "slide.channel": lambda case, fx: case.resource_course,
    "survey.user_input": lambda case, fx: case.survey_answer,
    "res.company": lambda case, fx: case.company,
    "res.config.settings": lambda case, fx: case.settings,
    "mail.followers": lambda case, fx: case.pair_follower,
    "mail.notification": lambda case, fx: case.pair_notification,
    "mail.message": lambda case, fx: case.pair_notification.mail_message_id,
    "mail.mail": lambda case, fx: case.pair_mail,
    "mentorship.session.content": lambda case, fx: case.env["mentorship.session.content"].search(
        [("session_id", "=", fx["session"].id)]
    ),
    "mentorship.session.rating": lambda case, fx: case.env["mentorship.session.rating"].search(
        [("session_id", "=", fx["session_done"].id)], limit=1
    ),
    "mentorship.rating.report": lambda case, fx: (
        case.env["mentorship.rating.report"].sudo().search([], limit=1)
    ),
    "mentorship.concern": lambda case, fx: case.env["mentorship.concern"].search(
        [("pair_id", "=", fx["pair"].id)], limit=1
    ),
    "mentorship.pair.report": lambda case, fx: (
        case.env["mentorship.pair.report"].sudo().search([], limit=1)
    ),
    "mentorship.session.report": lambda case, fx: (
        case.env["mentorship.session.report"].sudo().search([], limit=1)
    ),
    "digest.digest": lambda case, fx: case.env.ref("digest.digest_digest_default"),
    "mentorship.data.quality": lambda case, fx: (
        case.env["mentorship.data.quality"].sudo().search([("company_id", "=", case.company.id)])
    ),
}


def _career_event(case):
    """A cross-functional move of an employee of the main company, recorded
    as hr.employee's write records it."""
    Event = case.env["mentorship.career.event"]
    event = Event.search([("employee_id.name", "=", "Probe Career Mover")], limit=1)
    if not event:
        Department = case.env["hr.department"]
        first, second = Department.create([{"name": "Probe From"}, {"name": "Probe To"}])
        mover = case.env["hr.employee"].create(
            {"name": "Probe Career Mover", "department_id": first.id}
        )
        mover.write({"department_id": second.id})
        event = Event.search([("employee_id", "=", mover.id)])
    return event


def _experiment(case):
    """A draft experiment of the main program with two arms (its design is
    HR's to change while it is a draft)."""
    Experiment = case.env["mentorship.experiment"]
    experiment = Experiment.search([("name", "=", "Probe Experiment")], limit=1)
    if not experiment:
        experiment = Experiment.create(
            {
                "name": "Probe Experiment",
                "program_id": case.program.id,
                "arm_ids": [
                    Command.create({"name": "Probe arm A", "sequence": 1}),
                    Command.create({"name": "Probe arm B", "sequence": 2}),
                ],
            }
        )
    return experiment


def _other_experiment(case):
    Experiment = case.env["mentorship.experiment"]
    return Experiment.search(
        [("name", "=", "Probe Experiment Other")], limit=1
    ) or Experiment.create({"name": "Probe Experiment Other", "program_id": case.program.id})


def _high_potential_tag(case, snapshot, user):
    """An employee tag other than the one set (the database may have none)."""
    Tag = case.env["hr.employee.category"].sudo()
    current = snapshot.get("mentorship_high_potential_tag_id")
    tag = Tag.search([("id", "!=", current or 0)], limit=1) or Tag.create(
        {"name": "Probe High Potential"}
    )
    return {"mentorship_high_potential_tag_id": tag.id}


# Fields probed on another record than their model's fixture.
FIELD_FIXTURES = {
    # Mentor fields, on a mentor's enrollment.
    ("mentorship.enrollment", "capacity"): lambda case, fx: fx["mentor_enrollment"],
    ("mentorship.enrollment", "expertise_skill_ids"): lambda case, fx: fx["mentor_enrollment"],
    # A rating is given once the session is logged as done.
    ("mentorship.session", "my_rating"): lambda case, fx: fx["session_done"],
}


def _base_enrollment(case, fx, user):
    employee = user.employee_id or case.employee_carl
    return {"program_id": case.program_b.id, "employee_id": employee.id, "role": "mentee"}


# What each role sends to create a record of the model: only fields the model
# lets clients give (checked), so that a role whose baseline is refused has
# no right to create there at all.
CREATE_BASE = {
    "mentorship.program": lambda case, fx, user: {"name": "Probe Program"},
    "mentorship.program.cadence": lambda case, fx, user: {"program_id": case.program.id},
    "mentorship.program.milestone": lambda case, fx, user: {
        "program_id": case.program.id,
        "name": "Probe milestone",
    },
    "mentorship.program.plan.step": lambda case, fx, user: {
        "program_id": case.program.id,
        "name": "Probe step",
        "day_offset": 10,
    },
    "mentorship.enrollment": _base_enrollment,
    "mentorship.enrollment.skill": lambda case, fx, user: {
        "enrollment_id": fx["mentee_enrollment"].id,
        "skill_type_id": case.skill_type.id,
        "skill_id": case.skill_strategy.id,
        "target_level_id": case.level_advanced.id,
    },
    "mentorship.job.skill": lambda case, fx, user: {
        "job_id": case.job.id,
        "skill_type_id": case.skill_type.id,
        "skill_id": case.skill_strategy.id,
        "skill_level_id": case.level_beginner.id,
    },
    "mentorship.career.driver": lambda case, fx, user: {"name": "Probe driver"},
    "mentorship.availability.slot": lambda case, fx, user: {
        "name": "Sunday afternoon",
        "weekday": "6",
        "day_period": "afternoon",
    },
    "mentorship.match.run": lambda case, fx, user: {"program_id": case.program.id},
    "mentorship.match.proposal": lambda case, fx, user: {
        "run_id": case.run_proposed.id,
        "mentee_enrollment_id": case.mentee_alice.id,
        "mentor_enrollment_id": case.mentor_max.id,
        "kind": "topic",
    },
    "mentorship.pair": lambda case, fx, user: {},
    "mentorship.request": lambda case, fx, user: {},
    "mentorship.session": lambda case, fx, user: {
        "pair_id": fx["pair"].id,
        "date_start": fields.Datetime.now().replace(microsecond=0) + timedelta(days=4),
    },
    "mentorship.plan": lambda case, fx, user: {},
    "mentorship.plan.milestone": lambda case, fx, user: {
        "plan_id": fx["plan"].id,
        "name": "Probe milestone",
        "date_due": fields.Date.today() + timedelta(days=5),
    },
    "mentorship.goal": lambda case, fx, user: {"plan_id": fx["plan"].id, "name": "Probe objective"},
    "mentorship.goal.resource": lambda case, fx, user: {},
    "mentorship.note": lambda case, fx, user: {"pair_id": fx["pair"].id, "name": "Probe note"},
    # The server dates it (the quarter to date): a client gives the program only.
    "mentorship.review": lambda case, fx, user: {"program_id": case.program_b.id},
    "mentorship.circle": lambda case, fx, user: {
        "program_id": case.program.id,
        "name": "Probe circle",
    },
    # Made by the system with the first enrollment, never by a client.
    "mentorship.profile": lambda case, fx, user: {},
    "mentorship.pair.close": lambda case, fx, user: {},
    "mentorship.enrollment.enroll": lambda case, fx, user: {"program_id": case.program_b.id},
    "mentorship.enrollment.import": lambda case, fx, user: {"program_id": case.program_b.id},
    "mentorship.participant.erase": lambda case, fx, user: {"employee_id": case.employee_carl.id},
    "mentorship.mentor.suggestion": lambda case, fx, user: {
        "mentee_enrollment_id": fx["mentee_enrollment"].id
    },
    "mentorship.mentor.suggestion.line": lambda case, fx, user: {},
    # Career events are read from the history, never created by a client.
    "mentorship.career.event": lambda case, fx, user: {},
    # Ledgers of the recognition crons: never created by a client.
    "mentorship.achievement": lambda case, fx, user: {},
    "mentorship.credit": lambda case, fx, user: {},
    "mentorship.credit.reverse": lambda case, fx, user: {
        "credit_id": case.credit.id,
        "reason": "Probe",
    },
    "mentorship.experiment": lambda case, fx, user: {
        "program_id": case.program.id,
        "name": "Probe Experiment 2",
    },
    "mentorship.experiment.arm": lambda case, fx, user: {
        "experiment_id": _experiment(case).id,
        "name": "Probe arm C",
    },
    "hr.employee": lambda case, fx, user: {"name": "Probe Employee"},
    "hr.employee.public": lambda case, fx, user: {"name": "Probe Employee"},
    "hr.job": lambda case, fx, user: {"name": "Probe Job"},
    "slide.channel": lambda case, fx, user: {"name": "Probe Course"},
    "survey.user_input": lambda case, fx, user: {"survey_id": case.survey.id},
    "res.company": lambda case, fx, user: {"name": "Probe Company"},
    "res.config.settings": lambda case, fx, user: {},
    "mail.followers": lambda case, fx, user: {
        "res_model": "res.partner",
        "res_id": case.company.partner_id.id,
        "partner_id": user.partner_id.id,
    },
    "mail.mail": lambda case, fx, user: {"body_html": "Probe", "email_to": "probe@example.com"},
    "mail.message": lambda case, fx, user: {
        "model": "res.partner",
        "res_id": user.partner_id.id,
        "body": "Probe",
    },
    "mail.notification": lambda case, fx, user: {
        "mail_message_id": case.pair_notification.mail_message_id.id,
        "res_partner_id": case.company.partner_id.id,
    },
    # The done session has no content yet (the planned one has).
    "mentorship.session.content": lambda case, fx, user: {"session_id": fx["session_done"].id},
    "mentorship.session.rating": lambda case, fx, user: {
        "session_id": fx["session_done"].id,
        "rating": 4,
    },
    "mentorship.rating.report": lambda case, fx, user: {},
    "mentorship.data.quality": lambda case, fx, user: {},
    "mentorship.concern": lambda case, fx, user: {
        "pair_id": fx["pair"].id,
        "subject": "Probe concern",
    },
    "mentorship.pair.report": lambda case, fx, user: {},
    "mentorship.session.report": lambda case, fx, user: {},
    "digest.digest": lambda case, fx, user: {"name": "Probe Digest"},
}


def _skill_trio(level_field):
    """A skill type with its skill and level: one alone breaks their consistency."""

    def values(case, snapshot, user):
        return {
            "skill_type_id": case.skill_type_2.id,
            "skill_id": case.skill_type_2.skill_ids[:1].id,
            level_field: case.skill_type_2.skill_level_ids[:1].id,
        }

    return values


def _own_other_skill(case, snapshot, user):
    """Expertise is the mentor's own skills: one of theirs not listed yet."""
    employee = case.env["hr.employee"].browse(snapshot["employee_id"])
    skill = employee.sudo().employee_skill_ids.filtered(
        lambda s: s.id not in snapshot["expertise_skill_ids"]
    )[:1]
    if not skill:
        skill = (
            case.env["hr.employee.skill"]
            .sudo()
            .create(
                {
                    "employee_id": employee.id,
                    "skill_type_id": case.skill_type_2.id,
                    "skill_id": case.skill_type_2.skill_ids[:1].id,
                    "skill_level_id": case.skill_type_2.skill_level_ids[:1].id,
                }
            )
        )
    return {"expertise_skill_ids": [Command.link(skill.id)]}


# Values the type alone cannot guess: {(model, field, mode): values(case, snapshot, user)}
# with mode "write", "create" or None for both.
VALUES = {
    # A file to import: bytes, base64-encoded as a client sends them.
    ("mentorship.enrollment.import", "import_file", None): lambda c, s, u: {
        "import_file": base64.b64encode(b"employee,role\n")
    },
    # The wizard is given the main pair (a link to it is checked against the
    # creator's access to it).
    ("mentorship.pair.close", "pair_ids", "create"): lambda c, s, u: {
        "pair_ids": [Command.link(c.pair.id)]
    },
    # Each half-day exists once: move to one that is free.
    ("mentorship.availability.slot", "weekday", "write"): lambda c, s, u: {"weekday": "6"},
    ("mentorship.availability.slot", "day_period", "write"): lambda c, s, u: {
        "day_period": "afternoon"
    },
    ("mentorship.availability.slot", "weekday", "create"): lambda c, s, u: {"weekday": "5"},
    ("mentorship.availability.slot", "day_period", "create"): lambda c, s, u: {
        "day_period": "morning"
    },
    ("mentorship.enrollment.skill", "skill_type_id", None): _skill_trio("target_level_id"),
    ("mentorship.job.skill", "skill_type_id", None): _skill_trio("skill_level_id"),
    ("mentorship.goal", "skill_type_id", None): _skill_trio("target_level_id"),
    # A new objective's skill and level come together.
    ("mentorship.goal", "skill_id", "create"): _skill_trio("target_level_id"),
    ("mentorship.goal", "target_level_id", "create"): _skill_trio("target_level_id"),
    ("mentorship.enrollment", "expertise_skill_ids", None): _own_other_skill,
    # An arm moved to (or created in) another draft experiment of the program.
    ("mentorship.experiment.arm", "experiment_id", None): lambda c, s, u: {
        "experiment_id": _other_experiment(c).id
    },
    ("res.company", "mentorship_high_potential_tag_id", None): _high_potential_tag,
    ("res.config.settings", "mentorship_high_potential_tag_id", None): _high_potential_tag,
    # A departure is neither a promotion nor a move: the probe's event is a move.
    ("mentorship.career.event", "is_departure", "write"): lambda c, s, u: {
        "is_departure": not s.get("is_departure"),
        "is_cross_functional": False,
        "is_promotion": False,
    },
    # The proposal's people: another approved mentee (as a topic mentor, one
    # core mentor each), another ready mentor with a seat.
    ("mentorship.match.proposal", "mentee_enrollment_id", "write"): lambda c, s, u: {
        "mentee_enrollment_id": c.mentee_bob.id,
        "kind": "topic",
    },
    ("mentorship.match.proposal", "mentor_enrollment_id", "write"): lambda c, s, u: {
        "mentor_enrollment_id": c.mentor_max.id
    },
    ("mentorship.match.proposal", "mentee_enrollment_id", "create"): lambda c, s, u: {
        "mentee_enrollment_id": c.mentee_bob.id
    },
    ("mentorship.match.proposal", "mentor_enrollment_id", "create"): lambda c, s, u: {
        "mentor_enrollment_id": c.mentor_mona.id
    },
}


def _member(case, record, user):
    """The mentor or the mentee of the record's pair."""
    record = record.sudo()
    return user in record.mentor_user_id | record.mentee_user_id


# Rules that depend on who writes, beyond access rights, record rules and
# groups=: {(model, field, mode): (predicate(case, record, user), why)}.
BUSINESS = {
    ("mentorship.session", "agenda", "write"): (
        _member,
        "a session's content is its pair's: the mentor's and the mentee's only",
    ),
    ("mentorship.session", "notes", "write"): (
        _member,
        "a session's content is its pair's: the mentor's and the mentee's only",
    ),
    ("mentorship.session", "agenda", "create"): (
        _member,
        "a session's content is its pair's: the mentor's and the mentee's only",
    ),
    ("mentorship.session", "notes", "create"): (
        _member,
        "a session's content is its pair's: the mentor's and the mentee's only",
    ),
    ("mentorship.session", "my_rating", "write"): (
        _member,
        "each side rates for itself, on a session logged as done",
    ),
    ("mentorship.session", "my_rating", "create"): (
        lambda case, record, user: False,
        "a new session is planned, and only a session logged as done is rated",
    ),
    ("mentorship.pair.close", "pair_ids", "create"): (
        lambda case, record, user: case.pair.with_user(user).has_access("read"),
        "a wizard links only pairs its creator may read (the guard's link check)",
    ),
    ("mentorship.match.proposal", "locked", "create"): (
        lambda case, record, user: False,
        "a proposal HR adds by hand is always locked (create() locks it)",
    ),
}


@tagged("post_install", "-at_install")
class TestWritePolicy(RolesCase):
    _probing = None  # the model under probe

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.slot_saturday = env["mentorship.availability.slot"].create(
            {"name": "Saturday morning", "weekday": "5", "day_period": "morning"}
        )
        cls.proposal = cls.run_proposed.proposal_ids.filtered(
            lambda p: p.mentee_enrollment_id == cls.mentee_alice
        )
        cls.request = env["mentorship.request"].create(
            {
                "program_id": cls.program.id,
                "mentee_enrollment_id": cls.mentee_alice.id,
                "mentor_enrollment_id": cls.mentor_max.id,
                "date_deadline": fields.Date.today() + timedelta(days=7),
            }
        )
        cls.review = (
            env["mentorship.review"].with_user(cls.user_hr).create({"program_id": cls.program.id})
        )
        cls.circle = (
            env["mentorship.circle"]
            .with_user(cls.user_hr)
            .create(
                {
                    "program_id": cls.program.id,
                    "name": "Coaching circle",
                    "member_ids": [Command.set(cls.employee_alice.ids)],
                }
            )
        )
        # A follower row and a notification about the pair (mail tables the
        # module extends with its visibility flag).
        cls.pair_follower = env["mail.followers"].search(
            [("res_model", "=", "mentorship.pair"), ("res_id", "=", cls.pair.id)], limit=1
        )
        message = cls.pair.message_post(
            body="Probe", partner_ids=cls.pair.mentee_user_id.partner_id.ids
        )
        cls.pair_notification = message.notification_ids[:1]
        cls.pair_mail = env["mail.mail"].create(
            {"body_html": "Probe", "model": "mentorship.pair", "res_id": cls.pair.id}
        )
        # A session's content, a rating and a concern, for both pairs: given
        # by their own people, as only they may.
        for fx in (cls.main, cls.portal):
            mentee = fx["pair"].mentee_user_id
            env["mentorship.session.content"].create(
                {"session_id": fx["session"].id, "agenda": "<p>Probe agenda</p>"}
            )
            fx["session_done"].with_user(mentee).write({"my_rating": 4})
            env["mentorship.concern"].with_user(mentee).create(
                {"pair_id": fx["pair"].id, "subject": "Worried", "description": "<p>Worried</p>"}
            )
        cls.wizard_close = (
            env["mentorship.pair.close"]
            .with_user(cls.user_hr)
            .create({"pair_ids": [Command.set(cls.pair.ids)], "reason": "Goals met"})
        )
        cls.wizard_enroll = (
            env["mentorship.enrollment.enroll"]
            .with_user(cls.user_hr)
            .create({"program_id": cls.program_b.id})
        )
        cls.wizard_import = (
            env["mentorship.enrollment.import"]
            .with_user(cls.user_hr)
            .create({"program_id": cls.program_b.id})
        )
        cls.wizard_erase = (
            env["mentorship.participant.erase"]
            .with_user(cls.user_hr)
            .create({"employee_id": cls.employee_carl.id})
        )
        cls.wizard_suggestion = (
            env["mentorship.mentor.suggestion"]
            .with_user(cls.user_alice)
            .create({"mentee_enrollment_id": cls.mentee_alice.id})
        )
        cls.wizard_suggestion._system_write(
            {"line_ids": [Command.create({"rank": 1, "mentor_enrollment_ref": cls.mentor_max.id})]}
        )
        cls.survey_answer = (
            env["survey.user_input"]
            .sudo()
            .create(
                {
                    "survey_id": cls.survey.id,
                    "partner_id": cls.user_alice.partner_id.id,
                    "mentorship_pair_id": cls.pair.id,
                    "mentorship_survey_kind": "pulse",
                    "mentorship_pulse_index": 1,
                    "mentorship_sent_date": fields.Date.today(),
                }
            )
        )
        # Recognition: Mona's badge and credit, as the crons record them, and
        # HR's reversal wizard of the credit.
        cls.achievement = env["mentorship.achievement"].create(
            {
                "employee_id": cls.employee_mona.id,
                "user_id": cls.user_mona.id,
                "company_id": cls.company.id,
                "achievement": "circle_facilitator",
                "date": fields.Date.today(),
            }
        )
        cls.credit = env["mentorship.credit"].create(
            {
                "employee_id": cls.employee_mona.id,
                "company_id": cls.company.id,
                "program_id": cls.program.id,
                "source": "circle_facilitated",
                "circle_id": cls.circle.id,
                "amount": 3.0,
                "date": fields.Date.today(),
                "year": fields.Date.today().year,
            }
        )
        cls.wizard_reverse = (
            env["mentorship.credit.reverse"]
            .with_user(cls.user_hr)
            .create({"credit_id": cls.credit.id, "reason": "Probe"})
        )
        cls.settings = env["res.config.settings"].create({})
        # Second records, for the fields probed by moving to another one.
        env["hr.department"].create({"name": "Probe Department"})
        other_circle = env["mentorship.circle"].create(
            {"program_id": cls.program.id, "name": "Probe circle 2"}
        )
        env["mentorship.credit"].create(
            {
                "employee_id": cls.employee_max.id,
                "company_id": cls.company.id,
                "source": "circle_facilitated",
                "circle_id": other_circle.id,
                "amount": 3.0,
                "date": fields.Date.today(),
                "year": fields.Date.today().year,
            }
        )
        env["hr.job"].create({"name": "Probe Role"})
        env["mentorship.mentor.suggestion"].with_user(cls.user_alice).create(
            {"mentee_enrollment_id": cls.mentee_alice.id}
        )

    # ------------------------------------------------------------------
    # What the module declares
    # ------------------------------------------------------------------

    def _models(self):
        own, extended = module_models(self.env)
        return [(m.model, True) for m in own] + [(m.model, False) for m in extended]

    def _allowed(self, model_name, own, mode):
        Model = self.env[model_name]
        if own:
            allowed = Model._client_write_fields
            if mode == "create":
                allowed = allowed | Model._client_create_fields
            return allowed
        return Model._mentorship_client_write_fields

    def _probed_fields(self, model_name, own):
        Model = self.env[model_name]
        if own:
            names = self.env["ir.model"]._get(model_name).field_id.mapped("name")
        else:
            names = module_fields(self.env, model_name).mapped("name")
        # A bridge module's system fields on the module's models (declared
        # in the model's _mentorship_system_fields) point to records of the
        # app it bridges to, which these fixtures do not have: the bridge
        # tests them. Undeclared, they are probed here and fail.
        bridged = getattr(Model, "_mentorship_system_fields", frozenset()) if own else frozenset()
        probed = []
        for name in sorted(names):
            field = Model._fields.get(name)
            if field is None or name in SKIPPED_FIELDS or field.type == "one2many":
                continue
            if name in bridged and MODULE not in field._modules:
                continue
            if not field.store and field.readonly:
                continue
            probed.append(name)
        return probed

    # ------------------------------------------------------------------
    # Values
    # ------------------------------------------------------------------

    def _snapshot(self, record, names=None, user=None):
        """The record's values, read as superuser; a field whose value is
        the reader's own (``my_rating``) is read as ``user``."""
        mine = record.with_user(user).with_context(active_test=False) if user else None
        record = record.sudo().with_context(active_test=False)
        values = {}
        for name in names or record._fields:
            field = record._fields[name]
            if field.type == "one2many" or (not field.store and field.type == "many2many"):
                continue
            per_user = mine is not None and "uid" in record.pool.field_depends_context[field]
            value = mine[name] if per_user else record[name]
            if field.type == "many2one":
                value = value.id
            elif field.type == "many2many":
                value = tuple(sorted(value.ids))
            values[name] = value
        return values

    @staticmethod
    def _context_fields(record, probed):
        """The probed fields and those their values depend on."""
        helpers = ("company_id", "skill_type_id", "employee_id", "expertise_skill_ids")
        return [
            *probed,
            *(name for name in helpers if name in record._fields and name not in probed),
        ]

    @staticmethod
    def _company_of(record):
        if (
            "company_id" in record._fields
            and record._fields["company_id"].comodel_name == "res.company"
        ):
            return record.sudo().company_id
        return record.browse()

    def _other_record(self, field, snapshot, company, user, mode):
        Comodel = self.env[field.comodel_name].sudo()
        current = snapshot.get(field.name)
        exclude = list(current) if isinstance(current, tuple) else [current or 0]
        if field.comodel_name == "res.company" and mode == "create":
            # A company the role works in: another one if they have one.
            companies = user.company_ids
            return (companies.filtered(lambda c: c.id not in exclude) or companies)[:1]
        domain = [("id", "not in", exclude)]
        if field.comodel_name == "slide.channel":
            domain.append(("is_published", "=", True))
        elif field.comodel_name == "res.users":
            domain.append(("share", "=", False))
        elif field.comodel_name in ("hr.skill", "hr.skill.level") and snapshot.get("skill_type_id"):
            domain.append(("skill_type_id", "=", snapshot["skill_type_id"]))
        elif field.comodel_name == "res.lang":
            domain.append(("active", "=", True))
        company_field = Comodel._fields.get("company_id")
        if company_field is not None and company_field.store:
            # Of the record's company if there is one, else of any.
            same_company = ["|", ("company_id", "=", False), ("company_id", "=", company.id)]
            other = Comodel.search(domain + same_company, limit=1, order="id")
            if other:
                return other
        return Comodel.search(domain, limit=1, order="id")

    def _values(self, model_name, name, mode, snapshot, company, user):
        """{field: value}, as a client would send them, to change ``name``."""
        override = VALUES.get((model_name, name, mode)) or VALUES.get((model_name, name, None))
        if override:
            return override(self, snapshot, user)
        field = self.env[model_name]._fields[name]
        current = snapshot.get(name)
        kind = field.type
        if kind == "boolean":
            value = not current
        elif kind in ("integer", "many2one_reference"):
            value = (current or 0) + 1
        elif kind in ("float", "monetary"):
            value = float(current or 0) + 1.0
        elif kind == "char":
            value = PROBE_TEXT if current != PROBE_TEXT else PROBE_TEXT + " 2"
        elif kind == "text":
            value = PROBE_TEXT + " text"
        elif kind == "html":
            value = f"<p>{PROBE_TEXT}</p>"
        elif kind == "json":
            value = {"probe": 1}
        elif kind == "selection":
            options = [key for key, _label in field._description_selection(self.env)]
            value = next((key for key in options if key != current), None)
        elif kind == "date":
            value = current - timedelta(days=1) if current else fields.Date.today()
        elif kind == "datetime":
            value = (
                current + timedelta(hours=1)
                if current
                else fields.Datetime.now().replace(microsecond=0) + timedelta(days=2)
            )
        elif kind == "many2one":
            other = self._other_record(field, snapshot, company, user, mode)
            value = other.id or None
        elif kind == "many2many":
            other = self._other_record(field, snapshot, company, user, mode)
            value = [Command.link(other.id)] if other else None
        else:
            self.fail(f"{model_name}.{name}: no value for a {kind} field; add one to VALUES")
        if value is None:
            return None
        return {name: value}

    def _stored_as(self, record, name, vals, user=None):
        """Whether ``record`` holds what ``vals`` asked for ``name``."""
        field = record._fields[name]
        stored = self._snapshot(record, [name], user).get(name)
        wanted = vals[name]
        if field.type == "many2many":
            return {command[1] for command in wanted} <= set(stored)
        if field.type == "html":
            return PROBE_TEXT in (stored or "")
        if field.type in ("float", "monetary"):
            return stored is not None and math.isclose(stored, wanted)
        if field.type == "datetime" and isinstance(wanted, datetime):
            return stored == wanted
        return stored == wanted

    # ------------------------------------------------------------------
    # Attempts
    # ------------------------------------------------------------------

    def _attempt(self, action, *args):
        """Run ``action(*args)`` in a savepoint that is always rolled back;
        return (its result, None) or (None, the exception it raised)."""
        savepoint = self.env.cr.savepoint()
        try:
            with mute_logger("odoo.sql_db", "odoo.models", "odoo.models.unlink"):
                result = action(*args)
                self.env.flush_all()
            return result, None
        except Exception as error:  # noqa: BLE001 - every refusal is an outcome here
            return None, error
        finally:
            savepoint.close(rollback=True)
            self.env.invalidate_all()
            if self._probing == "res.company":
                # A company created and rolled back stays in Odoo's caches.
                self.env.registry.clear_cache()

    def _write_as(self, record, user, vals, name):
        before = self._snapshot(record, [name], user)
        record.with_user(user).write(vals)
        self.env.flush_all()
        self.env.invalidate_all()
        # Accepted: the value asked for is stored, and it is a change.
        return self._snapshot(record, [name], user) != before and self._stored_as(
            record, name, vals, user
        )

    def _create_baseline(self, model_name, user, base, names):
        record = self.env[model_name].with_user(user).create(dict(base))
        self.env.flush_all()
        company = self._company_of(record) or user.company_id
        return self._snapshot(record, self._context_fields(record, names)) | {
            "__company": company.id
        }

    def _create_with(self, model_name, user, base, name, reference, company):
        vals = self._values(model_name, name, "create", reference, company, user)
        if vals is None:
            return "no value"
        record = self.env[model_name].with_user(user).create(dict(base, **vals))
        self.env.flush_all()
        self.env.invalidate_all()
        return self._stored_as(record, name, vals)

    def _fixtures_of(self, role):
        return self.portal if role == "portal_member" else self.main

    def _record_for(self, model_name, name, fx):
        getter = FIELD_FIXTURES.get((model_name, name)) or FIXTURES.get(model_name)
        return getter(self, fx) if getter else None

    def _may(self, record, user, mode, model_name, name):
        """What the role may do with the field, without the allow-list."""
        field = self.env[model_name]._fields[name]
        if not field.is_accessible(self.env(user=user)):
            return False
        rule = BUSINESS.get((model_name, name, mode))
        return not rule or rule[0](self, record, user)

    @staticmethod
    def _describe(error, stored):
        if error is None:
            return "accepted" if stored else "no error, but nothing stored"
        text = str(error.args[0] if error.args else error).splitlines()[0][:160]
        return f"{type(error).__name__}: {text}"

    def _check(self, mismatches, label, name, expected, stored, error, must_name):
        """Record a mismatch; ``must_name``: a refusal must be an AccessError
        naming the field (the role may write the record, not the field)."""
        accepted = error is None and bool(stored)
        if accepted != expected:
            mismatches.append(
                f"{label}: expected {'accepted' if expected else 'refused'}, got "
                f"{self._describe(error, stored)}"
            )
        elif must_name and (not isinstance(error, AccessError) or f"({name})" not in str(error)):
            mismatches.append(
                f"{label}: refused without an AccessError naming the field: "
                f"{self._describe(error, stored)}"
            )

    # ------------------------------------------------------------------
    # The tests
    # ------------------------------------------------------------------

    def test_every_field_of_the_module_is_decided(self):
        """A field of the module's own models is a client's to give or change
        (``_client_create_fields``, ``_client_write_fields``) or the system's,
        which its definition says (``readonly=True``, computed or related):
        then the forms never offer to edit what the server refuses. A new
        editable field in neither list fails here until someone decides."""
        problems = []
        for model_name, own in self._models():
            if not own:
                continue
            Model = self.env[model_name]
            clients = Model._client_create_fields | Model._client_write_fields
            for name in self._probed_fields(model_name, own):
                field = Model._fields[name]
                if field._module != "mentorship_program":
                    continue  # an Odoo mixin's field (mail.thread...): refused, as declared
                if name not in clients and not field.readonly:
                    problems.append(
                        f"{model_name}.{name}: editable, yet no client may give or write it: "
                        "add it to _client_create_fields/_client_write_fields, or make it "
                        "readonly=True"
                    )
                if name in Model._client_write_fields and field.readonly:
                    problems.append(f"{model_name}.{name}: writable by clients, yet readonly")
        self.assertFalse(problems, "\n".join(problems))

    def test_extensions_declare_every_field_they_add(self):
        problems = []
        for model_name, own in self._models():
            if own:
                continue
            Model = self.env[model_name]
            client = getattr(Model, "_mentorship_client_write_fields", None)
            system = getattr(Model, "_mentorship_system_fields", None)
            if client is None or system is None:
                problems.append(
                    f"{model_name}: declare _mentorship_client_write_fields and "
                    "_mentorship_system_fields for the fields the module adds"
                )
                continue
            added = set(module_fields(self.env, model_name).mapped("name"))
            if client & system:
                problems.append(f"{model_name}: both client and system: {sorted(client & system)}")
            if added - client - system:
                problems.append(f"{model_name}: undeclared: {sorted(added - client - system)}")
            if (client | system) - added:
                problems.append(
                    f"{model_name}: declared, not the module's: {sorted((client | system) - added)}"
                )
        self.assertFalse(problems, "\n".join(problems))

    def test_every_field_is_written_exactly_as_declared(self):
        mismatches = []
        may_write, snapshots = {}, {}
        for model_name, own in self._models():
            self._probing = model_name
            if model_name not in FIXTURES:
                mismatches.append(f"{model_name}: no fixture record; add one to FIXTURES")
                continue
            allowed = self._allowed(model_name, own, "write")
            probed = self._probed_fields(model_name, own)
            for name in probed:
                for role, user in self.roles.items():
                    record = self._record_for(model_name, name, self._fixtures_of(role))
                    if not record:
                        mismatches.append(f"{model_name}.{name}: the fixture is empty for {role}")
                        break
                    if record not in snapshots:
                        snapshots[record] = self._snapshot(
                            record, self._context_fields(record, probed)
                        )
                    company = self._company_of(record) or self.company
                    vals = self._values(model_name, name, "write", snapshots[record], company, user)
                    if vals is None:
                        mismatches.append(f"{model_name}.{name}: no other value; add one to VALUES")
                        break
                    if (record, user) not in may_write:
                        may_write[record, user] = record.with_user(user).has_access("write")
                    expected = (
                        name in allowed
                        and may_write[record, user]
                        and self._may(record, user, "write", model_name, name)
                    )
                    stored, error = self._attempt(self._write_as, record, user, vals, name)
                    self._check(
                        mismatches,
                        f"{model_name}.{name} [write] {role}",
                        name,
                        expected,
                        stored,
                        error,
                        must_name=name not in allowed and may_write[record, user],
                    )
        self.assertFalse(mismatches, "\n" + "\n".join(mismatches))

    def test_every_field_is_given_at_creation_exactly_as_declared(self):
        mismatches = []
        for model_name, own in self._models():
            self._probing = model_name
            if model_name not in CREATE_BASE:
                mismatches.append(f"{model_name}: no creation baseline; add one to CREATE_BASE")
                continue
            allowed = self._allowed(model_name, own, "create")
            probed = self._probed_fields(model_name, own)
            baselines = {}
            for role, user in self.roles.items():
                base = CREATE_BASE[model_name](self, self._fixtures_of(role), user)
                if own and set(base) - allowed:
                    mismatches.append(
                        f"{model_name}: CREATE_BASE gives {sorted(set(base) - allowed)}, "
                        "which no client may give"
                    )
                    break
                snapshot, _error = self._attempt(
                    self._create_baseline, model_name, user, base, probed
                )
                baselines[role] = (base, snapshot)
            if (
                own
                and baselines
                and baselines["mentorship_manager"][0]
                and not any(snapshot for _base, snapshot in baselines.values())
            ):
                mismatches.append(
                    f"{model_name}: clients may create it, but its creation baseline is "
                    "refused for every role: fix CREATE_BASE"
                )
            for name in probed:
                for role, (base, snapshot) in baselines.items():
                    if name in base or (snapshot is None and name in allowed):
                        continue  # given already, or no creating here at all
                    user = self.roles[role]
                    fixture = FIXTURES[model_name](self, self._fixtures_of(role))
                    reference = snapshot or self._snapshot(
                        fixture, self._context_fields(fixture, probed)
                    )
                    company = self.env["res.company"].browse(
                        (snapshot or {}).get("__company") or user.company_id.id
                    )
                    expected = (
                        snapshot is not None
                        and name in allowed
                        and self._may(fixture, user, "create", model_name, name)
                    )
                    stored, error = self._attempt(
                        self._create_with, model_name, user, base, name, reference, company
                    )
                    if stored == "no value":
                        mismatches.append(
                            f"{model_name}.{name}: no value to give; add one to VALUES"
                        )
                        continue
                    self._check(
                        mismatches,
                        f"{model_name}.{name} [create] {role}",
                        name,
                        expected,
                        stored,
                        error,
                        must_name=name not in allowed and snapshot is not None,
                    )
        self.assertFalse(mismatches, "\n" + "\n".join(mismatches))
