"""Development areas of an appraisal: written by the appraisal's managers and
HR officers while it is open, read by its readers, refused when the skill or
level is not of the type; once the appraisal is done, suggested target
skills of the employee's intake, which the matching engine scores."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from odoo.addons.mentorship_program.tests.common import MatchingCase

from .common import AppraisalRolesMixin

AREA = "mentorship.appraisal.development.area"


@tagged("post_install", "-at_install")
class TestDevelopmentAreas(AppraisalRolesMixin, MatchingCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_appraisal_roles()
        cls.employee_carl.parent_id = cls.employee_lina
        cls.today = fields.Date.context_today(cls.program)
        cls.appraisal = cls._appraisal(cls.employee_carl, cls.today + timedelta(days=10))
        cls.skill_type_languages = cls.env["hr.skill.type"].create(
            {
                "name": "Appraisal Languages",
                "skill_ids": [Command.create({"name": "Italian"})],
                "skill_level_ids": [Command.create({"name": "C1", "level_progress": 80})],
            }
        )

    def _area_values(self, skill=None, level=None, **values):
        return {
            "appraisal_id": self.appraisal.id,
            "skill_type_id": self.skill_type.id,
            "skill_id": (skill or self.skill_strategy).id,
            "target_level_id": (level or self.level_advanced).id,
            **values,
        }

    def _add_area(self, user=None, **values):
        return self.env[AREA].with_user(user or self.user_lina).create(self._area_values(**values))

    def _close(self, user=None):
        self.appraisal.with_user(user or self.user_lina).action_done()

    def _carl_intake(self, **values):
        return (
            self.env["mentorship.enrollment"]
            .with_user(self.user_carl)
            .create(
                {
                    "program_id": self.program.id,
                    "employee_id": self.employee_carl.id,
                    "role": "mentee",
                    "goals": "Lead a team",
                    "availability_slot_ids": [Command.set(self.slots.ids)],
                    **values,
                }
            )
        )

    # -- bad input ------------------------------------------------------------------------
    def test_a_level_outside_the_skill_types_levels_is_refused_and_nothing_stored(self):
        foreign_level = self.skill_type_languages.skill_level_ids
        with self.assertRaises(ValidationError) as caught:
            self._add_area(level=foreign_level, note="Aim high")
        message = str(caught.exception)
        self.assertIn(self.appraisal.sudo().display_name, message)
        self.assertIn("(target_level_id)", message)
        self.assertIn("C1", message)
        self.assertFalse(self.env[AREA].search([("appraisal_id", "=", self.appraisal.id)]))
        area = self._add_area()
        with self.assertRaises(ValidationError):
            area.with_user(self.user_lina).write({"target_level_id": foreign_level.id})
        area.invalidate_recordset()
        self.assertEqual(area.target_level_id, self.level_advanced)

    def test_a_skill_outside_its_type_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self._add_area(skill=self.skill_type_languages.skill_ids)
        self.assertIn("(skill_id)", str(caught.exception))
        self.assertFalse(self.env[AREA].search([("appraisal_id", "=", self.appraisal.id)]))

    # -- who writes and reads -------------------------------------------------------------
    def test_managers_and_officers_write_while_open_the_employee_and_colleagues_do_not(self):
        area = self._add_area()
        self._add_area(user=self.user_olga, skill=self.skill_coaching)
        area.with_user(self.user_olga).write({"note": "Lead the quarterly plan"})
        for user in (self.user_carl, self.user_alice, self.user_dora):
            with self.assertRaises(AccessError, msg=user.name):
                self._add_area(user=user, note="self-made")
            with self.assertRaises(AccessError, msg=user.name):
                area.with_user(user).write({"note": "changed"})
        # The employee reads the areas of their appraisal; colleagues do not.
        self.assertEqual(area.with_user(self.user_carl).read(["note"])[0]["note"], area.note)
        for user in (self.user_alice, self.user_dora):
            with self.assertRaises(AccessError, msg=user.name):
                area.with_user(user).read(["note"])
            self.assertFalse(
                self.env[AREA].with_user(user).search([("id", "=", area.id)]), user.name
            )
        with self.assertRaises(AccessError):
            area.with_user(self.user_pat).read(["note"])
        # An area never moves to another appraisal.
        other = self._appraisal(self.employee_rex, self.today)
        with self.assertRaises(AccessError):
            area.with_user(self.user_olga).write({"appraisal_id": other.id})

    def test_a_done_appraisals_areas_no_longer_change(self):
        area = self._add_area()
        self._close()
        for user in (self.user_lina, self.user_olga):
            with self.assertRaisesRegex(UserError, "is done"):
                area.with_user(user).write({"note": "late"})
            with self.assertRaisesRegex(UserError, "is done"):
                self._add_area(user=user, skill=self.skill_coaching)
            with self.assertRaisesRegex(UserError, "is done"):
                area.with_user(user).unlink()

    # -- into the intake ------------------------------------------------------------------
    def test_closing_the_appraisal_suggests_its_areas_in_the_draft_intake(self):
        intake = self._carl_intake(
            target_skill_ids=[
                Command.create(
                    {
                        "skill_type_id": self.skill_type.id,
                        "skill_id": self.skill_coaching.id,
                        "target_level_id": self.level_beginner.id,
                    }
                )
            ]
        )
        strategy = self._add_area()
        self._add_area(skill=self.skill_coaching)
        self.assertEqual(intake.target_skill_ids.skill_id, self.skill_coaching, "not before")
        self._close()
        targets = intake.sudo().target_skill_ids
        self.assertEqual(targets.skill_id, self.skill_coaching | self.skill_strategy)
        coaching = targets.filtered(lambda t: t.skill_id == self.skill_coaching)
        self.assertEqual(coaching.target_level_id, self.level_beginner, "already targeted")
        self.assertFalse(coaching.appraisal_area_id)
        from_appraisal = targets - coaching
        self.assertEqual(from_appraisal.appraisal_area_id, strategy)
        self.assertEqual(from_appraisal.target_level_id, self.level_advanced)
        month = self.appraisal.sudo().date_close.strftime("%Y-%m")
        self.assertEqual(
            from_appraisal.with_user(self.user_carl).mentorship_origin,
            f"from your appraisal of {month}",
        )

    def test_a_later_intake_gets_the_latest_done_appraisals_areas(self):
        self._add_area(skill=self.skill_coaching)
        self._close()
        newer = self._appraisal(self.employee_carl, self.today + timedelta(days=20))
        self.env[AREA].with_user(self.user_lina).create(
            {**self._area_values(), "appraisal_id": newer.id}
        )
        newer.with_user(self.user_lina).action_done()
        intake = self._carl_intake()
        self.assertEqual(intake.sudo().target_skill_ids.skill_id, self.skill_strategy)
        self.assertEqual(intake.sudo().target_skill_ids.appraisal_area_id.appraisal_id, newer)

    def test_an_appraisal_visible_to_managers_only_feeds_no_intake(self):
        self.appraisal.sudo().visibility = "manager"
        self._add_area()
        intake = self._carl_intake()
        self._close()
        self.assertFalse(intake.sudo().target_skill_ids)
        # Nor one created later.
        program_2 = self.env["mentorship.program"].create(self._program_values(name="Second"))
        program_2.action_open_enrollment()
        self.assertFalse(self._carl_intake(program_id=program_2.id).sudo().target_skill_ids)

    def test_no_client_writes_where_a_target_skill_came_from(self):
        area = self._add_area()
        intake = self._carl_intake(
            target_skill_ids=[
                Command.create(
                    {
                        "skill_type_id": self.skill_type.id,
                        "skill_id": self.skill_coaching.id,
                        "target_level_id": self.level_beginner.id,
                    }
                )
            ]
        )
        target = intake.target_skill_ids
        for user in (self.user_carl, self.user_hr):
            with self.assertRaisesRegex(AccessError, "appraisal_area_id", msg=user.name):
                target.with_user(user).write({"appraisal_area_id": area.id})
        with self.assertRaisesRegex(AccessError, "appraisal_area_id"):
            self.env["mentorship.enrollment.skill"].with_user(self.user_carl).create(
                {
                    "enrollment_id": intake.id,
                    "skill_type_id": self.skill_type.id,
                    "skill_id": self.skill_strategy.id,
                    "target_level_id": self.level_advanced.id,
                    "appraisal_area_id": area.id,
                }
            )
        self.assertFalse(target.sudo().appraisal_area_id)

    def test_the_portal_and_backend_intake_show_where_a_skill_came_from(self):
        self._add_area()
        self._close()
        intake = self._carl_intake()
        month = self.appraisal.sudo().date_close.strftime("%Y-%m")
        self.authenticate("mentorship_carl", "mentorship_carl")
        response = self.url_open(f"/my/mentorship/enrollment/{intake.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(f"from your appraisal of {month}", response.text)
        arch = (
            self.env["mentorship.enrollment"]
            .with_user(self.user_carl)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn('name="mentorship_origin"', arch)

    # -- matching -------------------------------------------------------------------------
    def test_a_run_proposes_the_mentor_who_covers_an_appraisals_development_area(self):
        # Carl's only target skill comes from his appraisal: Strategic Thinking,
        # which Max masters (Mona masters Coaching).
        self._add_area()
        self._close()
        intake = self._carl_intake()
        intake.with_user(self.user_carl).action_submit()
        intake.with_user(self.user_hr).action_approve()
        run = self._run()
        proposal = self._proposal_of(run, intake)
        self.assertEqual(proposal.mentor_enrollment_id, self.mentor_max)
