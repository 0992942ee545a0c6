import io
from contextlib import contextmanager
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import TransactionCase
from odoo.tools.pdf import PdfReader

from odoo.addons.mail.tests.common import mail_new_test_user

CHARTER_HTML = "<p>Be kind, be candid, keep confidences.</p>"


def printed_pdf_pages(env, user, report, record_ids):
    """The number of pages of the PDF ``user`` prints of ``report``, rendered
    by wkhtmltopdf as in production (in a test run Odoo otherwise renders
    the HTML only; ``./dev`` installs wkhtmltopdf). What the pages say is
    tested on that HTML: with the web fonts loaded, wkhtmltopdf draws the
    text as shapes that no PDF reader can extract."""
    pdf, kind = (
        env["ir.actions.report"]
        .with_user(user)
        .with_context(force_report_rendering=True)
        ._render_qweb_pdf(report, record_ids)
    )
    assert kind == "pdf" and pdf.startswith(b"%PDF-"), (kind, pdf[:20])
    return len(PdfReader(io.BytesIO(pdf)).pages)


class MentorshipCase(TransactionCase):
    """Fixtures shared by the mentorship tests: no demo data is needed.

    One user per role: an HR program manager, two employees who enroll as
    mentees and one experienced employee who enrolls as a mentor.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # One time zone, UTC, for the test, the users it creates (a new
        # user's time zone defaults to the context's) and every with_user:
        # "today" is the acting user's day, and a database's own users may
        # be elsewhere (on the demo database, in Brussels, whose day begins
        # at 23:00 UTC). A frozen date then is that day everywhere.
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, tz="UTC"))
        cls.company = cls.env.company

        cls.skill_type = cls.env["hr.skill.type"].create(
            {
                "name": "Mentorship Leadership",
                "skill_ids": [
                    Command.create({"name": "Coaching"}),
                    Command.create({"name": "Strategic Thinking"}),
                ],
                "skill_level_ids": [
                    Command.create({"name": "Beginner", "level_progress": 25}),
                    Command.create({"name": "Advanced", "level_progress": 75}),
                ],
            }
        )
        cls.skill_coaching, cls.skill_strategy = cls.skill_type.skill_ids
        cls.level_beginner, cls.level_advanced = cls.skill_type.skill_level_ids.sorted(
            "level_progress"
        )

        employee_groups = "base.group_user"
        cls.user_hr = mail_new_test_user(
            cls.env,
            login="mentorship_hr",
            name="Hana HR",
            groups=employee_groups + ",mentorship_program.group_mentorship_manager",
        )
        cls.user_alice = mail_new_test_user(
            cls.env, login="mentorship_alice", name="Alice Mentee", groups=employee_groups
        )
        cls.user_bob = mail_new_test_user(
            cls.env, login="mentorship_bob", name="Bob Mentee", groups=employee_groups
        )
        cls.user_mona = mail_new_test_user(
            cls.env, login="mentorship_mona", name="Mona Mentor", groups=employee_groups
        )
        Employee = cls.env["hr.employee"]
        cls.employee_alice = Employee.create({"name": "Alice Mentee", "user_id": cls.user_alice.id})
        cls.employee_bob = Employee.create({"name": "Bob Mentee", "user_id": cls.user_bob.id})
        cls.employee_mona = Employee.create({"name": "Mona Mentor", "user_id": cls.user_mona.id})
        cls.employee_mona_coaching = cls.env["hr.employee.skill"].create(
            {
                "employee_id": cls.employee_mona.id,
                "skill_type_id": cls.skill_type.id,
                "skill_id": cls.skill_coaching.id,
                "skill_level_id": cls.level_advanced.id,
            }
        )

        cls.onboarding_course = cls.env["slide.channel"].create(
            {"name": "Mentor Onboarding", "is_published": True, "enroll": "public"}
        )
        cls.onboarding_slide = cls.env["slide.slide"].create(
            {
                "name": "Coaching primer",
                "channel_id": cls.onboarding_course.id,
                "slide_category": "article",
                "html_content": "<p>Listen first.</p>",
                "is_published": True,
            }
        )
        cls.slots = cls.env["mentorship.availability.slot"].search([], limit=2)
        cls.program = cls.env["mentorship.program"].create(cls._program_values())

    @classmethod
    def _program_values(cls, **overrides):
        values = {
            "name": "Leadership Accelerator",
            "program_format": "evergreen",
            "charter_code_of_conduct": CHARTER_HTML,
            "charter_confidentiality": CHARTER_HTML,
            "charter_escalation_path": CHARTER_HTML,
            "onboarding_channel_id": cls.onboarding_course.id,
            "cadence_ids": [Command.create({"session_type": "check_in"})],
            "default_mentor_capacity": 2,
            "max_mentor_capacity": 4,
            "readiness_threshold": 3,
        }
        values.update(overrides)
        return values

    # -- Helpers --------------------------------------------------------------------
    @contextmanager
    def assertRefused(self, exception, pattern=""):
        """The call raises and, as in a real request, its writes roll back."""
        with self.assertRaisesRegex(exception, pattern), self.env.cr.savepoint():
            yield

    def _enroll(self, employee, role="mentee", program=None, **values):
        return (
            self.env["mentorship.enrollment"]
            .with_user(self.user_hr)
            .create(
                {
                    "program_id": (program or self.program).id,
                    "employee_id": employee.id,
                    "role": role,
                    **values,
                }
            )
        )

    def _complete_onboarding(self, user):
        """Complete the onboarding course the way eLearning does."""
        self.onboarding_course.sudo()._action_add_members(user.partner_id)
        self.onboarding_slide.with_user(user).action_mark_completed()

    def _make_ready_mentor(self, employee=None, user=None):
        employee = employee or self.employee_mona
        user = user or self.user_mona
        mentor = self._enroll(employee, role="mentor")
        mentor.with_user(self.user_hr).write(
            {
                "readiness_coaching_aptitude": 4,
                "readiness_time_availability": 3,
                "readiness_domain_credibility": 5,
            }
        )
        mentor.with_user(user).with_context(
            charter_version=self.program.charter_version
        ).action_accept_charter()
        self._complete_onboarding(user)
        return mentor


class MatchingCase(MentorshipCase):
    """Two mentees, two ready mentors and a third employee, in an open program.

    Alice wants to grow in Coaching, which Mona (capacity 1) masters; Bob wants
    Strategic Thinking, which Max (capacity 2) masters. Carl is an employee
    with no enrollment: he must never see their pairs.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_max = mail_new_test_user(
            cls.env, login="mentorship_max", name="Max Mentor", groups="base.group_user"
        )
        cls.user_carl = mail_new_test_user(
            cls.env, login="mentorship_carl", name="Carl Colleague", groups="base.group_user"
        )
        Employee = cls.env["hr.employee"]
        cls.employee_max = Employee.create({"name": "Max Mentor", "user_id": cls.user_max.id})
        cls.employee_carl = Employee.create({"name": "Carl Colleague", "user_id": cls.user_carl.id})
        cls.employee_max_strategy = cls.env["hr.employee.skill"].create(
            {
                "employee_id": cls.employee_max.id,
                "skill_type_id": cls.skill_type.id,
                "skill_id": cls.skill_strategy.id,
                "skill_level_id": cls.level_advanced.id,
            }
        )
        cls.program.write({"manager_user_ids": [Command.set(cls.user_hr.ids)]})
        cls.program.action_open_enrollment()
        cls.mentor_mona = cls._ready_mentor(
            cls.employee_mona, cls.user_mona, cls.employee_mona_coaching, capacity=1
        )
        cls.mentor_max = cls._ready_mentor(
            cls.employee_max, cls.user_max, cls.employee_max_strategy, capacity=2
        )
        cls.mentee_alice = cls._approved_mentee(cls.employee_alice, cls.skill_coaching)
        cls.mentee_bob = cls._approved_mentee(cls.employee_bob, cls.skill_strategy)

    @classmethod
    def _approved_mentee(cls, employee, skill=None, program=None):
        values = {
            "program_id": (program or cls.program).id,
            "employee_id": employee.id,
            "role": "mentee",
            "goals": "Grow",
            "availability_slot_ids": [Command.set(cls.slots.ids)],
        }
        if skill:
            values["target_skill_ids"] = [
                Command.create(
                    {
                        "skill_type_id": cls.skill_type.id,
                        "skill_id": skill.id,
                        "target_level_id": cls.level_advanced.id,
                    }
                )
            ]
        enrollment = cls.env["mentorship.enrollment"].with_user(cls.user_hr).create(values)
        # Without a target skill the intake cannot be submitted: HR's approval
        # is recorded as the system would.
        if skill:
            enrollment.with_user(cls.user_hr).action_submit()
            enrollment.with_user(cls.user_hr).action_approve()
        else:
            enrollment.sudo().write({"state": "approved"})
        return enrollment

    @classmethod
    def _ready_mentor(cls, employee, user, employee_skill, capacity=2, program=None):
        program = program or cls.program
        mentor = (
            cls.env["mentorship.enrollment"]
            .with_user(cls.user_hr)
            .create(
                {
                    "program_id": program.id,
                    "employee_id": employee.id,
                    "role": "mentor",
                    "capacity": capacity,
                    "expertise_skill_ids": [Command.set(employee_skill.ids)],
                    "availability_slot_ids": [Command.set(cls.slots.ids)],
                }
            )
        )
        mentor.with_user(cls.user_hr).write(
            {
                "readiness_coaching_aptitude": 4,
                "readiness_time_availability": 4,
                "readiness_domain_credibility": 4,
            }
        )
        mentor.with_user(cls.user_hr).action_submit()
        mentor.with_user(cls.user_hr).action_approve()
        mentor.with_user(user).with_context(
            charter_version=program.charter_version
        ).action_accept_charter()
        cls.onboarding_course.sudo()._action_add_members(user.partner_id)
        cls.onboarding_slide.with_user(user).action_mark_completed()
        return mentor

    def _new_run(self, program=None):
        return (
            self.env["mentorship.match.run"]
            .with_user(self.user_hr)
            .create({"program_id": (program or self.program).id})
        )

    def _run(self, program=None):
        run = self._new_run(program)
        run.action_run()
        return run

    def _proposal_of(self, run, mentee, kind="core"):
        return run.proposal_ids.filtered(
            lambda p: p.mentee_enrollment_id == mentee and p.kind == kind
        )

    def _published_pairs(self):
        run = self._run()
        run.action_publish()
        return run, run.pair_ids.with_user(self.user_hr)

    def _pair_of(self, pairs, mentee):
        return pairs.filtered(lambda p: p.mentee_enrollment_id == mentee)


class ActivePairCase(MatchingCase):
    """Alice (mentee) and Mona (mentor) in an active core pair that started today."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pair = cls._active_pair(cls.mentee_alice, cls.mentor_mona)

    @classmethod
    def _active_pair(cls, mentee, mentor):
        pair = cls.env["mentorship.pair"].create(
            {
                "program_id": mentee.program_id.id,
                "mentee_enrollment_id": mentee.id,
                "mentor_enrollment_id": mentor.id,
                "state": "active",
                "date_start": fields.Date.context_today(mentee),
            }
        )
        # Both follow their pair, as publication or an accepted request makes them.
        pair.message_subscribe(partner_ids=pair._people_partners().ids)
        return pair

    def setUp(self):
        super().setUp()
        self.now = fields.Datetime.now()

    def _plan(self, user=None, pair=None, start=None, **values):
        """A session planned by ``user`` (Alice), tomorrow unless told."""
        return (
            self.env["mentorship.session"]
            .with_user(user or self.user_alice)
            .create(
                {
                    "pair_id": (pair or self.pair).id,
                    "date_start": start or self.now + timedelta(days=1),
                    **values,
                }
            )
        )
