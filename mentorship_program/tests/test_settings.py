from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import MentorshipCase

SETTINGS = {
    "mentorship_pair_duration_days": 120,
    "mentorship_default_mentor_capacity": 3,
    "mentorship_max_mentor_capacity": 6,
    "mentorship_acceptance_days": 10,
    "mentorship_calibration_days": 0,
    "mentorship_session_reminder_days": 1,
    "mentorship_inactivity_days": 21,
    "mentorship_inactivity_grace_days": 5,
    "mentorship_matching_mode": "self_request",
}


@tagged("post_install", "-at_install")
class TestMentorshipSettings(MentorshipCase):
    def _save_settings(self, values, company=None):
        settings = self.env["res.config.settings"]
        if company:
            settings = settings.with_company(company)
        settings.create(values).execute()

    def _new_program(self, company=None):
        Program = self.env["mentorship.program"].with_user(self.user_hr)
        if company:
            Program = Program.with_company(company)
        return Program.create({"name": "Graduate Buddies"})

    def test_settings_drive_new_programs_only(self):
        before = {name: self.program[name.removeprefix("mentorship_")] for name in SETTINGS}
        self._save_settings(SETTINGS)
        program = self._new_program()
        self.assertEqual(
            {name: program[name.removeprefix("mentorship_")] for name in SETTINGS}, SETTINGS
        )
        self.assertEqual(
            {name: self.program[name.removeprefix("mentorship_")] for name in SETTINGS},
            before,
            "existing programs keep their values",
        )
        self.assertEqual(program.default_get(["pair_duration_days"]), {"pair_duration_days": 120})

    def test_each_company_has_its_own_defaults(self):
        other = self.env["res.company"].create({"name": "Mentorship Subsidiary"})
        self.user_hr.write({"company_ids": [Command.link(other.id)]})
        self._save_settings({"mentorship_pair_duration_days": 60}, company=other)
        self.assertEqual(self._new_program(company=other).pair_duration_days, 60)
        self.assertEqual(self._new_program().pair_duration_days, 90)

    def test_settings_form_loads_the_mentorship_app(self):
        arch = self.env["res.config.settings"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="mentorship_program"', arch)
        self.assertIn('name="mentorship_inactivity_grace_days"', arch)
        action = self.env.ref("mentorship_program.mentorship_config_settings_action")
        self.assertEqual(action.context, "{'module': 'mentorship_program', 'bin_size': False}")

    def test_bad_settings_are_refused_and_nothing_changes(self):
        company = self.env.company
        with self.assertRefused(ValidationError, "Default Mentor Capacity.*Maximum"):
            self._save_settings(
                {"mentorship_default_mentor_capacity": 6, "mentorship_max_mentor_capacity": 5}
            )
        with self.assertRefused(
            ValidationError, f"{company.name}.*Pair Duration.*must be between 1 and 730"
        ):
            self._save_settings({"mentorship_pair_duration_days": 0})
        self.assertEqual(
            (company.mentorship_default_mentor_capacity, company.mentorship_pair_duration_days),
            (2, 90),
        )

    def test_mentorship_users_cannot_change_settings(self):
        company = self.env.company
        for user in (self.user_hr, self.user_alice):
            with self.assertRefused(AccessError):
                self.env["res.config.settings"].with_user(user).create(
                    {"mentorship_pair_duration_days": 1}
                ).execute()
            with self.assertRefused(AccessError):
                company.with_user(user).write({"mentorship_pair_duration_days": 1})
            with self.assertRefused(AccessError):
                self.env["ir.config_parameter"].with_user(user).set_param(
                    "mentorship_program.pair_duration_days", "1"
                )
            menu = self.env.ref("mentorship_program.mentorship_config_settings_menu")
            visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
            self.assertNotIn(menu.id, visible)
        self.assertEqual(company.mentorship_pair_duration_days, 90)


@tagged("post_install", "-at_install")
class TestMentorshipBackendViews(MentorshipCase):
    def test_actions_expose_the_views_hr_uses(self):
        expected = {
            "mentorship_pair_action": "kanban,list,form,pivot,graph",
            "mentorship_pair_action_report": "pivot,graph,list,form",
            "mentorship_session_action": "list,calendar,form,pivot,graph",
            "mentorship_session_action_report": "graph,pivot,calendar,list,form",
        }
        for xmlid, view_mode in expected.items():
            action = self.env.ref(f"mentorship_program.{xmlid}")
            self.assertEqual(action.view_mode, view_mode, xmlid)
            views = (
                self.env[action.res_model]
                .with_user(self.user_hr)
                .get_views([(False, mode) for mode in view_mode.split(",")] + [(False, "search")])[
                    "views"
                ]
            )
            self.assertEqual(set(views), {*view_mode.split(","), "search"})

    def test_pair_views_show_health_and_group_by_it(self):
        views = self.env["mentorship.pair"].get_views(
            [(False, "kanban"), (False, "list"), (False, "search")]
        )["views"]
        self.assertIn('default_group_by="state"', views["kanban"]["arch"])
        self.assertIn('name="health"', views["kanban"]["arch"])
        self.assertIn("decoration-danger=\"health == 'stalled'\"", views["list"]["arch"])
        for group_by in (
            "program_id",
            "mentee_department_id",
            "mentor_employee_id",
            "state",
            "health",
        ):
            self.assertIn(f"'group_by': '{group_by}'", views["search"]["arch"])

    def test_reporting_groups_pairs_by_department_and_health(self):
        department = self.env["hr.department"].create({"name": "Engineering"})
        self.employee_alice.department_id = department
        mentee = self._enroll(self.employee_alice)
        mentor = self._enroll(self.employee_mona, role="mentor")
        pair = self.env["mentorship.pair"].create(
            {
                "program_id": self.program.id,
                "mentee_enrollment_id": mentee.id,
                "mentor_enrollment_id": mentor.id,
                "state": "active",
                "date_start": "2020-01-01",
            }
        )
        self.assertEqual(pair.mentee_department_id, department)
        groups = (
            self.env["mentorship.pair"]
            .with_user(self.user_hr)
            .read_group(
                [("program_id", "=", self.program.id)],
                ["session_done_count:sum"],
                ["mentee_department_id", "health"],
                lazy=False,
            )
        )
        self.assertEqual(
            [(g["mentee_department_id"][0], g["health"], g["__count"]) for g in groups],
            [(department.id, "stalled", 1)],
        )

    def test_main_forms_have_chatter_and_lists_activities(self):
        for model in (
            "mentorship.program",
            "mentorship.enrollment",
            "mentorship.pair",
            "mentorship.session",
            "mentorship.plan",
            "mentorship.request",
            "mentorship.review",
        ):
            views = self.env[model].get_views([(False, "form"), (False, "list")])["views"]
            self.assertIn("<chatter", views["form"]["arch"], model)
            self.assertIn('name="activity_ids"', views["list"]["arch"], model)
