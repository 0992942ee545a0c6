"""Ownership cannot be moved: records stay on the pair, plan, enrollment and
company they were made in; a seat is not handed to someone else; expertise
is one's own skills.

Re-linking an employee to another user (an Employees administrator's
business) hands nothing over: the enrollment keeps the user it was made
for, so the new user sees nothing of that person's mentorship until a
Mentorship Administrator transfers it with
``action_transfer_to_employee_user``; private notes never move."""

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common_roles import RolesCase

MENTORSHIP_MODELS = (
    "mentorship.enrollment",
    "mentorship.pair",
    "mentorship.session",
    "mentorship.plan",
    "mentorship.plan.milestone",
    "mentorship.goal",
    "mentorship.note",
)


@tagged("post_install", "-at_install")
class TestRecordsStayWhereTheyWereMade(RolesCase):
    def test_nothing_moves_to_another_pair_or_plan(self):
        main, other = self.main, self.portal
        moves = (
            (main["milestone"], "plan_id", other["plan"]),
            (main["goal"], "plan_id", other["plan"]),
            (main["session"], "pair_id", other["pair"]),
            (main["target_skill"], "enrollment_id", other["mentee_enrollment"]),
        )
        for role in ("mentorship_manager", "mentorship_admin", "odoo_admin"):
            user = self.roles[role]
            for record, field_name, target in moves:
                with self.subTest(role=role, model=record._name):
                    with self.assertRefused(AccessError, rf"\({field_name}\)"):
                        record.with_user(user).write({field_name: target.id})
                    self.assertNotEqual(record[field_name], target)
            # Nor by linking them from the other side.
            plan = other["plan"].with_user(user)
            for field_name, line in (
                ("milestone_ids", main["milestone"]),
                ("goal_ids", main["goal"]),
            ):
                with self.subTest(role=role, link=field_name):
                    with self.assertRefused(AccessError, r"\(plan_id\)"):
                        plan.write({field_name: [Command.link(line.id)]})
                    self.assertEqual(line.plan_id, main["plan"])
            with self.subTest(role=role, link="session_ids"):
                with self.assertRefused(AccessError):
                    other["pair"].with_user(user).write(
                        {"session_ids": [Command.link(main["session"].id)]}
                    )
            self.assertEqual(main["session"].pair_id, self.pair)

    def test_a_note_stays_on_its_pair_and_with_its_author(self):
        # Mona mentors Alice in two pairs: her note still cannot change pair.
        second = self.env["mentorship.pair"].create(
            {
                "program_id": self.program.id,
                "mentee_enrollment_id": self.mentee_alice.id,
                "mentor_enrollment_id": self.mentor_mona.id,
                "kind": "topic",
                "state": "active",
                "date_start": self.pair.date_start,
            }
        )
        note = self.main["note"].with_user(self.user_alice)
        with self.assertRefused(AccessError, r"\(pair_id\)"):
            note.write({"pair_id": second.id})
        with self.assertRefused(AccessError, r"\(author_id\)"):
            note.write({"author_id": self.user_mona.id})
        self.assertEqual((note.pair_id, note.author_id), (self.pair, self.user_alice))

    def test_an_enrollment_seat_is_never_handed_to_someone_else(self):
        enrollment = self.mentee_alice
        for role in ("mentee", "mentorship_manager", "mentorship_admin", "odoo_admin"):
            for vals in (
                {"employee_id": self.employee_carl.id},
                {"user_id": self.user_carl.id},
                {"program_id": self.program_b.id},
                {"role": "mentor"},
            ):
                with self.subTest(role=role, vals=vals):
                    with self.assertRefused(AccessError, rf"\({next(iter(vals))}\)"):
                        enrollment.with_user(self.roles[role]).write(vals)
        self.assertEqual(
            (enrollment.employee_id, enrollment.user_id, enrollment.program_id, enrollment.role),
            (self.employee_alice, self.user_alice, self.program, "mentee"),
        )
        self.assertEqual(self.pair.mentee_user_id, self.user_alice)

    def test_expertise_is_the_mentors_own_skills(self):
        mentor = self.mentor_mona
        for user in (self.user_mona, self.user_hr, self.user_ada):
            with self.subTest(user=user.login):
                with self.assertRefused(ValidationError, r"\(expertise_skill_ids\)"):
                    mentor.with_user(user).write(
                        {"expertise_skill_ids": [Command.link(self.employee_max_strategy.id)]}
                    )
        self.assertNotIn(self.employee_max_strategy, mentor.expertise_skill_ids)
        mentor.with_user(self.user_mona).write(
            {"expertise_skill_ids": [Command.link(self.employee_mona_strategy.id)]}
        )
        self.assertIn(self.employee_mona_strategy, mentor.expertise_skill_ids)
        with self.assertRefused(ValidationError, r"\(expertise_skill_ids\)"):
            self.env["mentorship.enrollment"].with_user(self.user_hr).create(
                {
                    "program_id": self.program_b.id,
                    "employee_id": self.employee_carl.id,
                    "role": "mentor",
                    "expertise_skill_ids": [Command.set(self.employee_mona_coaching.ids)],
                }
            )

    def test_nothing_crosses_companies(self):
        self.user_ada.company_ids = [Command.link(self.company_2.id)]
        program_2 = self.env["mentorship.program"].create(
            self._program_values(name="Subsidiary Program", company_id=self.company_2.id)
        )
        ada = self.user_ada
        with self.assertRefused(AccessError, r"\(company_id\)"):
            self.program.with_user(ada).write({"company_id": self.company_2.id})
        with self.assertRefused(AccessError, r"\(program_id\)"):
            self.env["mentorship.circle"].with_user(self.user_hr).create(
                {"program_id": self.program.id, "name": "Circle"}
            ).with_user(ada).write({"program_id": program_2.id})
        with self.assertRefused(AccessError, r"\(program_id\)"):
            self.run_proposed.with_user(ada).write({"program_id": program_2.id})
        with self.assertRefused(Exception, "(?i)compan"):
            self.env["mentorship.enrollment"].with_user(ada).create(
                {"program_id": program_2.id, "employee_id": self.employee_carl.id}
            )
        self.assertEqual(self.program.company_id, self.company)
        self.assertEqual(self.run_proposed.program_id, self.program)


@tagged("post_install", "-at_install")
class TestRelinkingAnEmployeesUser(RolesCase):
    """Emil (Employees administrator) links Alice's employee to a new account."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_alicia = mail_new_test_user(
            cls.env, login="mentorship_alicia", name="Alice's new account", groups="base.group_user"
        )

    def _visible(self, user):
        return {
            model: self.env[model].with_user(user).search([]).ids for model in MENTORSHIP_MODELS
        }

    def test_the_new_user_sees_nothing_until_the_transfer(self):
        alice_sees = self._visible(self.user_alice)
        self.assertIn(self.main["note"].id, alice_sees["mentorship.note"])
        self.employee_alice.with_user(self.user_emil).write({"user_id": self.user_alicia.id})
        self.assertEqual(self.employee_alice.user_id, self.user_alicia)
        # Nothing moved: Alice keeps it all, the new account sees nothing.
        self.assertEqual(self.mentee_alice.user_id, self.user_alice)
        self.assertEqual(self.pair.mentee_user_id, self.user_alice)
        self.assertEqual(self._visible(self.user_alice), alice_sees)
        self.assertEqual(self._visible(self.user_alicia), dict.fromkeys(MENTORSHIP_MODELS, []))
        for record in (self.mentee_alice, self.pair, self.main["session"], self.main["note"]):
            with self.assertRefused(AccessError):
                record.with_user(self.user_alicia).read(["display_name"])

        # Only a Mentorship Administrator hands it over; their form offers it.
        self.assertTrue(self.mentee_alice.with_user(self.user_ada).user_relinked)
        for user in (self.user_emil, self.user_hr, self.user_alice, self.user_alicia):
            with self.subTest(user=user.login), self.assertRefused(AccessError):
                self.mentee_alice.with_user(user).action_transfer_to_employee_user()
        self.assertEqual(self.mentee_alice.user_id, self.user_alice)
        self.mentee_alice.with_user(self.user_ada).action_transfer_to_employee_user()

        self.assertEqual(self.mentee_alice.user_id, self.user_alicia)
        self.assertFalse(self.mentee_alice.with_user(self.user_ada).user_relinked)
        for record in (self.pair, self.main["session"], self.main["plan"]):
            self.assertEqual(record.mentee_user_id, self.user_alicia, record._name)
        seen = self._visible(self.user_alicia)
        self.assertEqual(seen["mentorship.enrollment"], self.mentee_alice.ids)
        self.assertEqual(seen["mentorship.pair"], self.pair.ids)
        self.assertIn(self.main["session"].id, seen["mentorship.session"])
        self.assertEqual(seen["mentorship.plan"], self.main["plan"].ids)
        # The old account's private notes stay its own, and nobody else's.
        self.assertEqual(seen["mentorship.note"], [])
        self.assertEqual(self.main["note"].author_id, self.user_alice)
        self.assertEqual(self._visible(self.user_alice)["mentorship.note"], [self.main["note"].id])
        self.assertEqual(self._visible(self.user_alice)["mentorship.pair"], [])
        self.assertIn("Handed over", self.mentee_alice.message_ids[:1].body)
