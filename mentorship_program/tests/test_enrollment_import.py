"""Enrollments imported from an HR system's file: ``import_rows`` (the one
server-side import, for the wizard and RPC clients alike), the *Import
Enrollments* wizard and its template."""

import base64
import io

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from ..importing import COLUMNS, read_file
from .common import MentorshipCase

TEMPLATE_URL = "/mentorship/enrollment/import/template.csv"


@tagged("post_install", "-at_install")
class TestEnrollmentImport(MentorshipCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee_alice.work_email = "alice@example.com"
        cls.employee_bob.work_email = "bob@example.com"
        cls.employee_mona.work_email = "Mona.Mentor@example.com"
        # Names of their own: the demo database has a Coaching skill too, and
        # a name shared by two skill types needs its level to tell which.
        cls.skill_coaching.name = "Import Coaching"
        cls.skill_strategy.name = "Import Strategy"
        cls.job_lead = cls.env["hr.job"].create({"name": "Import Team Lead"})
        cls.other_type = cls.env["hr.skill.type"].create(
            {
                "name": "Import Languages",
                "skill_ids": [Command.create({"name": "Dutch"})],
                "skill_level_ids": [Command.create({"name": "Fluent", "level_progress": 100})],
            }
        )
        cls.driver = cls.env.ref("mentorship_program.career_driver_leadership")
        cls.slot = cls.slots[0]
        cls.Enrollment = cls.env["mentorship.enrollment"]

    # -- Helpers --------------------------------------------------------------------
    def _import(self, rows, dry_run=False, user=None):
        return self.Enrollment.with_user(user or self.user_hr).import_rows(
            self.program.id, rows, dry_run=dry_run
        )

    def _enrollments(self):
        return self.Enrollment.search([("program_id", "=", self.program.id)])

    def _mentee_row(self, **values):
        return {"employee": "alice@example.com", "role": "mentee", **values}

    def assertRefusedRow(self, rows, row, column, pattern):
        """Both the dry run and the real run report the error at ``row`` and
        ``column``, and nothing is created."""
        before = self._enrollments()
        results = [self._import(rows, dry_run=True), self._import(rows)]
        self.assertEqual(results[0]["errors"], results[1]["errors"])
        for result in results:
            self.assertEqual(result["created"], 0)
            matching = [
                error
                for error in result["errors"]
                if error["row"] == row and error["column"] == column
            ]
            self.assertTrue(matching, f"no error at row {row}, {column}: {result['errors']}")
            self.assertRegex(matching[0]["reason"], pattern)
        self.assertEqual(self._enrollments(), before, "nothing is created")
        return results[1]["errors"]

    # -- A clean import -------------------------------------------------------------
    def test_clean_import_creates_enrollments_with_intake_and_skills(self):
        rows = [
            self._mentee_row(
                goals="Lead a team",
                target_role="import team lead",
                target_skills="Import Coaching:Advanced; Import Strategy:beginner",
                learning_style="Observing and shadowing",
                career_drivers=self.driver.name,
                availability=self.slot.name,
                hours_per_month="4.5",
                languages="en_US",
                time_zone="Europe/Brussels",
            ),
            {
                "Employee": "mona.mentor@example.com",
                "Role": "Mentor",
                "Capacity": "3",
                "Expertise": "Import Coaching; Import Strategy:Beginner",
                "Time Zone": "europe/paris",
            },
            {"employee": "", "role": ""},
            {"employee": "Bob Mentee", "role": "mentee"},
        ]
        result = self._import(rows)
        self.assertEqual(result, {"errors": [], "created": 3, "dry_run": False})
        enrollments = self._enrollments()
        alice = enrollments.filtered(lambda e: e.employee_id == self.employee_alice)
        self.assertEqual(alice.role, "mentee")
        self.assertEqual(alice.state, "draft")
        self.assertEqual(alice.goals, "Lead a team")
        self.assertEqual(alice.target_job_id, self.job_lead)
        self.assertEqual(alice.learning_style, "observational")
        self.assertEqual(alice.career_driver_ids, self.driver)
        self.assertEqual(alice.availability_slot_ids, self.slot)
        self.assertEqual(alice.hours_per_month, 4.5)
        self.assertEqual(alice.language_ids.code, "en_US")
        self.assertEqual(alice.tz, "Europe/Brussels")
        self.assertEqual(
            {(line.skill_id, line.target_level_id) for line in alice.target_skill_ids},
            {
                (self.skill_coaching, self.level_advanced),
                (self.skill_strategy, self.level_beginner),
            },
        )
        mona = enrollments.filtered(lambda e: e.employee_id == self.employee_mona)
        self.assertEqual((mona.role, mona.capacity, mona.tz), ("mentor", 3, "Europe/Paris"))
        expertise = mona.sudo().expertise_skill_ids
        self.assertIn(self.employee_mona_coaching, expertise)
        new_skill = expertise - self.employee_mona_coaching
        self.assertEqual(
            (new_skill.employee_id, new_skill.skill_id, new_skill.skill_level_id),
            (self.employee_mona, self.skill_strategy, self.level_beginner),
            "a skill the mentor did not hold becomes one of their employee skills",
        )
        bob = enrollments.filtered(lambda e: e.employee_id == self.employee_bob)
        self.assertEqual(bob.role, "mentee")

    def test_dry_run_creates_nothing(self):
        rows = [self._mentee_row(target_skills="Import Coaching:Advanced")]
        skills_before = self.env["hr.employee.skill"].search_count([])
        result = self._import(rows, dry_run=True)
        self.assertEqual(result, {"errors": [], "created": 0, "dry_run": True})
        self.assertFalse(self._enrollments())
        self.assertEqual(self.env["hr.employee.skill"].search_count([]), skills_before)

    # -- Bad input: each names its row and column, nothing is created ---------------
    def test_missing_required_columns_are_named(self):
        errors = self.assertRefusedRow(
            [{"employee": "alice@example.com", "goals": "Grow"}], 1, "role", "role"
        )
        self.assertEqual([error["column"] for error in errors], ["role"])

    def test_unknown_column(self):
        self.assertRefusedRow(
            [self._mentee_row(target_skill="Import Coaching:Advanced")],
            1,
            "target_skill",
            "Unknown column target_skill",
        )

    def test_duplicate_rows(self):
        rows = [self._mentee_row(), {"employee": "Bob Mentee", "role": "mentee"}]
        rows.append(self._mentee_row(goals="Again"))
        self.assertRefusedRow(rows, 4, "employee", "by row 2 already")

    def test_unknown_employee(self):
        self.assertRefusedRow(
            [self._mentee_row(employee="nobody@example.com")],
            2,
            "employee",
            "work e-mail nobody@example.com",
        )
        self.assertRefusedRow(
            [self._mentee_row(employee="Nobody Known")], 2, "employee", "named Nobody Known"
        )

    def test_a_name_two_employees_share_needs_the_email(self):
        self.env["hr.employee"].create({"name": "Alice Mentee", "work_email": "alice2@example.com"})
        self.assertRefusedRow(
            [self._mentee_row(employee="alice mentee")], 2, "employee", "give the work e-mail"
        )

    def test_employee_of_another_company(self):
        company_2 = self.env["res.company"].create({"name": "Import Subsidiary"})
        self.user_hr.company_ids = [Command.link(company_2.id)]
        self.env["hr.employee"].create(
            {
                "name": "Sven Subsidiary",
                "work_email": "sven@example.com",
                "company_id": company_2.id,
            }
        )
        self.assertRefusedRow(
            [self._mentee_row(), self._mentee_row(employee="sven@example.com")],
            3,
            "employee",
            "employee of Import Subsidiary",
        )

    def test_unknown_skill_or_level_of_another_skill(self):
        self.assertRefusedRow(
            [self._mentee_row(target_skills="Juggling:Advanced")],
            2,
            "target_skills",
            "Juggling is not a known skill",
        )
        self.assertRefusedRow(
            [self._mentee_row(target_skills="Import Coaching:Fluent")],
            2,
            "target_skills",
            "Fluent is not a level of Import Coaching",
        )
        self.assertRefusedRow(
            [self._mentee_row(target_skills="Import Coaching")], 2, "target_skills", "Skill:Level"
        )
        self.assertRefusedRow(
            [{"employee": "mona.mentor@example.com", "role": "mentor", "expertise": "Juggling"}],
            2,
            "expertise",
            "Juggling is not a known skill",
        )

    def test_a_skill_name_two_types_share_needs_its_level(self):
        self.env["hr.skill.type"].create(
            {
                "name": "Import Sports",
                "skill_ids": [Command.create({"name": "Import Coaching"})],
                "skill_level_ids": [Command.create({"name": "Pro", "level_progress": 90})],
            }
        )
        # The level tells which skill: Advanced is a level of one type only.
        result = self._import([self._mentee_row(target_skills="import coaching:advanced")])
        self.assertEqual(result["created"], 1, result["errors"])
        self.assertEqual(self._enrollments().target_skill_ids.skill_id, self.skill_coaching)
        self.assertRefusedRow(
            [{"employee": "Bob Mentee", "role": "mentee", "target_skills": "Import Coaching"}],
            2,
            "target_skills",
            "skill of several types",
        )

    def test_already_enrolled_with_that_role(self):
        self._enroll(self.employee_alice)
        self.assertRefusedRow([self._mentee_row()], 2, "employee", "already enrolled")
        # The other role is another enrollment.
        result = self._import([self._mentee_row(role="mentor")])
        self.assertEqual(result["created"], 1)

    def test_bad_time_zone_and_language(self):
        errors = self.assertRefusedRow(
            [self._mentee_row(time_zone="Mars/Olympus", languages="en_US; Klingon")],
            2,
            "time_zone",
            "Mars/Olympus is not a time zone",
        )
        self.assertIn("languages", [error["column"] for error in errors])

    def test_text_beyond_the_size_limit_and_bad_numbers(self):
        errors = self.assertRefusedRow(
            [self._mentee_row(goals="x" * 20_001, hours_per_month="-2")],
            2,
            "goals",
            "20001 characters long; at most 20000",
        )
        self.assertIn(("hours_per_month", 2), [(e["column"], e["row"]) for e in errors])
        self.assertRefusedRow(
            [{"employee": "mona.mentor@example.com", "role": "mentor", "capacity": "99"}],
            2,
            "capacity",
            "between 1 and the program maximum of 4",
        )

    def test_a_column_of_the_other_role(self):
        self.assertRefusedRow(
            [self._mentee_row(capacity="2")], 2, "capacity", "Only a mentor's enrollment"
        )

    def test_every_error_of_every_row_is_reported(self):
        rows = [
            self._mentee_row(employee="nobody@example.com"),
            self._mentee_row(),
            {"employee": "Bob Mentee", "role": "boss"},
        ]
        result = self._import(rows)
        self.assertEqual(
            [(error["row"], error["column"]) for error in result["errors"]],
            [(2, "employee"), (4, "role")],
        )
        self.assertFalse(self._enrollments(), "the good row 3 is not imported either")

    # -- Who may import -------------------------------------------------------------
    def test_only_hr_may_import(self):
        portal_user = mail_new_test_user(
            self.env, login="mentorship_import_portal", groups="base.group_portal"
        )
        for user in (self.user_alice, portal_user):
            for dry_run in (True, False):
                with self.subTest(user=user.login, dry_run=dry_run):
                    with self.assertRaises(AccessError):
                        self._import([self._mentee_row()], dry_run=dry_run, user=user)
        self.assertFalse(self._enrollments())

    def test_hr_of_another_company_cannot_import_into_the_program(self):
        company_2 = self.env["res.company"].create({"name": "Import Other HR"})
        hr_2 = mail_new_test_user(
            self.env,
            login="mentorship_import_hr_2",
            groups="base.group_user,mentorship_program.group_mentorship_manager",
            company_id=company_2.id,
            company_ids=[Command.set(company_2.ids)],
        )
        with self.assertRaises(AccessError):
            self._import([self._mentee_row()], user=hr_2)

    # -- Speed -----------------------------------------------------------------------
    def test_queries_do_not_grow_with_the_rows(self):
        employees = self.env["hr.employee"].create(
            [
                {"name": f"Importee {i}", "work_email": f"importee{i}@example.com"}
                for i in range(250)
            ]
        )

        def cost(batch):
            rows = [
                {
                    "employee": employee.work_email,
                    "role": "mentee",
                    "goals": "Grow",
                    "target_skills": "Import Coaching:Advanced; Import Strategy:Beginner",
                    "availability": self.slot.name,
                    "languages": "en_US",
                    "time_zone": "Europe/Brussels",
                }
                for employee in batch
            ]
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            result = self._import(rows)
            self.env.flush_all()
            self.assertEqual(result["created"], len(batch), result["errors"][:3])
            return self.env.cr.sql_log_count - before

        # What grows is Odoo's own batching (the invitations are rendered 50
        # at a time, rows inserted in chunks): a few queries per 50 rows, not
        # one per row (measured: 78 for 50 rows, 123 for 200).
        small = cost(employees[:50])
        large = cost(employees[50:250])
        self.assertLessEqual(
            large,
            small + 60,
            f"200 rows cost {large} queries, 50 rows {small}: the import must not query per row",
        )


@tagged("post_install", "-at_install")
class TestEnrollmentImportWizard(MentorshipCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee_alice.work_email = "alice@example.com"
        cls.employee_bob.work_email = "bob@example.com"
        cls.skill_coaching.name = "Import Coaching"
        cls.skill_strategy.name = "Import Strategy"

    def _wizard(self, filename, content):
        return (
            self.env["mentorship.enrollment.import"]
            .with_user(self.user_hr)
            .with_context(active_model="mentorship.program", active_id=self.program.id)
            .create({"import_filename": filename, "import_file": base64.b64encode(content)})
        )

    def _enrollments(self):
        return self.env["mentorship.enrollment"].search([("program_id", "=", self.program.id)])

    def test_csv_with_bom_checked_then_imported(self):
        content = (
            "\ufeffEmployee;Role;Target Skills\r\n"
            'alice@example.com;mentee;"Import Coaching:Advanced; Import Strategy:Beginner"\r\n'
            "bob@example.com;mentee;Import Coaching:Beginner\r\n"
        ).encode()
        wizard = self._wizard("hr_export.csv", content)
        self.assertEqual(wizard.program_id, self.program)
        wizard.action_check()
        self.assertEqual((wizard.state, wizard.error_count, wizard.row_count), ("checked", 0, 2))
        self.assertFalse(self._enrollments(), "a check creates nothing")
        action = wizard.action_import()
        self.assertEqual(wizard.state, "done")
        enrollments = self._enrollments()
        self.assertEqual(enrollments.employee_id, self.employee_alice | self.employee_bob)
        self.assertEqual(action["domain"], [("id", "in", enrollments.ids)])
        self.assertEqual(len(enrollments.target_skill_ids), 3)

    def test_xlsx_is_read_like_csv(self):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(["employee", "role", "hours_per_month"])
        sheet.append(["alice@example.com", "mentee", 6])
        buffer = io.BytesIO()
        workbook.save(buffer)
        wizard = self._wizard("hr_export.xlsx", buffer.getvalue())
        wizard.action_import()
        self.assertEqual(self._enrollments().hours_per_month, 6.0)

    def test_errors_listed_per_row_and_nothing_imported(self):
        content = b"employee,role\nalice@example.com,mentee\nnobody@example.com,mentee\n"
        wizard = self._wizard("hr_export.csv", content)
        wizard.action_import()
        self.assertEqual((wizard.state, wizard.error_count), ("upload", 1))
        self.assertIn("nobody@example.com", wizard.result_html)
        self.assertIn("<td>3</td><td>employee</td>", wizard.result_html)
        self.assertFalse(self._enrollments())

    def test_wrong_encoding_names_the_file(self):
        content = "employee,role\nZoë Müller,mentee\n".encode("latin-1")
        wizard = self._wizard("hr_export_latin1.csv", content)
        wizard.action_import()
        self.assertEqual(wizard.error_count, 1)
        self.assertIn("hr_export_latin1.csv is not UTF-8", wizard.result_html)
        self.assertFalse(self._enrollments())

    def test_an_employee_cannot_use_the_wizard(self):
        with self.assertRaises(AccessError):
            self.env["mentorship.enrollment.import"].with_user(self.user_alice).create(
                {"program_id": self.program.id}
            )

    def test_the_menu_and_the_program_button_are_hrs(self):
        menu = self.env.ref("mentorship_program.mentorship_enrollment_import_menu")
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.user_hr)._visible_menu_ids())
        self.assertNotIn(
            menu.id, self.env["ir.ui.menu"].with_user(self.user_alice)._visible_menu_ids()
        )
        form = (
            self.env["mentorship.program"].with_user(self.user_alice).get_views([(False, "form")])
        )
        self.assertNotIn("Import Enrollments", form["views"]["form"]["arch"])
        form = self.env["mentorship.program"].with_user(self.user_hr).get_views([(False, "form")])
        self.assertIn("Import Enrollments", form["views"]["form"]["arch"])

    def test_template_download_is_hrs(self):
        self.authenticate("mentorship_hr", "mentorship_hr")
        response = self.url_open(TEMPLATE_URL)
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        rows = read_file("template.csv", response.content)
        self.assertEqual(len(rows), 1, "the header row and one example row")
        self.assertEqual(tuple(rows[0]), COLUMNS)
        self.authenticate("mentorship_alice", "mentorship_alice")
        response = self.url_open(TEMPLATE_URL)
        self.assertEqual(response.status_code, 403)
        self.assertNotIn(b"employee,role", response.content)
