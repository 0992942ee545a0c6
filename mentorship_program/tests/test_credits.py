"""Development credits: earned by the program's rules (once per source and
person), reversed by HR with a reason (once, the original unchanged), never
edited nor deleted, and read as the roles may: the person their entries, a
manager their report's yearly total only, HR everything."""

import io
import json
import zipfile
from datetime import date, datetime, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .test_recognition import TODAY, RecognitionCase

CREDIT = "mentorship.credit"


class CreditCase(RecognitionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program.sudo().write(
            {
                "credit_per_session_hour": 2.0,
                "credit_per_completed_pair": 10.0,
                "credit_per_circle": 4.0,
            }
        )
        cls.mentor = cls.pool_mentors[0]
        cls.mentor_employee = cls.mentor.employee_id
        cls.mentor_user = cls.mentor_employee.user_id
        cls.other_mentor = cls.pool_mentors[1]
        # The mentor's line manager, an employee without HR rights.
        cls.user_boss = mail_new_test_user(
            cls.env, login="recognition_boss", name="Bea Boss", groups="base.group_user"
        )
        cls.employee_boss = cls.env["hr.employee"].create(
            {"name": "Bea Boss", "user_id": cls.user_boss.id}
        )
        cls.mentor_employee.parent_id = cls.employee_boss

    def earn(self, day=TODAY):
        self.run_cron(CREDIT, "_cron_earn_credits", day)

    def credits(self, enrollment=None):
        employee = (enrollment or self.mentor).employee_id
        return self.env[CREDIT].search([("employee_id", "=", employee.id)], order="id")


@tagged("post_install", "-at_install")
class TestCreditRules(CreditCase):
    def test_each_rule_once_per_source(self):
        pair = self.new_pairs(self.mentor, self.pool_mentees[:1])
        session = self.done_session(pair, 1.5, datetime(2031, 3, 3, 10, 0))
        self.done_session(pair, 2).write({"state": "no_show"})  # earns nothing
        circle = self.env["mentorship.circle"].create(
            {
                "program_id": self.program.id,
                "name": "Circle",
                "facilitator_id": self.mentor_employee.id,
            }
        )
        self.env["mentorship.circle"].create({"program_id": self.program.id, "name": "No lead"})
        self.earn()
        by_source = {credit.source: credit for credit in self.credits()}
        self.assertEqual(set(by_source), {"session_hours", "circle_facilitated"})
        hours = by_source["session_hours"]
        self.assertEqual(
            (hours.amount, hours.session_id, hours.date, hours.year, hours.department_id),
            (3.0, session, date(2031, 3, 3), 2031, self.department),
        )
        self.assertEqual(hours.program_id, self.program)
        self.assertEqual(by_source["circle_facilitated"].circle_id, circle)
        self.assertEqual(by_source["circle_facilitated"].amount, 4.0)
        self.assertEqual(by_source["circle_facilitated"].date, TODAY)

        pair.write({"state": "completed", "end_cause": "term", "date_end": TODAY})
        self.earn()
        self.earn(TODAY + timedelta(days=1))
        credits = self.credits()
        self.assertEqual(
            sorted(credits.mapped("source")),
            ["circle_facilitated", "pair_completed", "session_hours"],
            "each source once, whatever the reruns",
        )
        self.assertEqual(credits.filtered(lambda c: c.source == "pair_completed").amount, 10.0)
        # The mentee earns nothing: credits reward mentoring.
        self.assertFalse(self.credits(self.pool_mentees[0]))

    def test_a_rule_at_zero_earns_nothing(self):
        self.program.sudo().write({"credit_per_session_hour": 0.0})
        pair = self.new_pairs(self.mentor, self.pool_mentees[:1])
        self.done_session(pair, 3)
        self.earn()
        self.assertFalse(self.credits())

    def test_the_yearly_total_deducts_reversals(self):
        pair = self.new_pairs(self.mentor, self.pool_mentees[:1])
        self.done_session(pair, 2, datetime(2031, 3, 3, 10, 0))
        self.done_session(pair, 4, datetime(2030, 12, 3, 10, 0))  # last year
        self.earn()
        with self.on(TODAY):
            self.assertEqual(self.mentor_employee.mentorship_credit_total, 4.0)
            this_year = self.credits().filtered(lambda c: c.year == 2031)
            this_year.with_user(self.user_hr).action_reverse("Logged twice")
            self.env.invalidate_all()
            self.assertEqual(self.mentor_employee.mentorship_credit_total, 0.0)


@tagged("post_install", "-at_install")
class TestCreditReversal(CreditCase):
    def setUp(self):
        super().setUp()
        pair = self.new_pairs(self.mentor, self.pool_mentees[:1])
        self.done_session(pair, 2, datetime(2031, 3, 3, 10, 0))
        self.earn()
        self.credit = self.credits()

    def test_hr_reverses_once_with_a_reason(self):
        before = self.credit.read(["amount", "date", "year", "reason", "write_date"])[0]
        credit_hr = self.credit.with_user(self.user_hr)
        with self.assertRefused(UserError, "reason"):
            credit_hr.action_reverse("  ")
        with self.on(TODAY + timedelta(days=300)):  # the next year
            reversal = credit_hr.action_reverse("The session never took place")
        self.assertEqual(
            (reversal.amount, reversal.source, reversal.reversed_credit_id, reversal.reason),
            (-4.0, "reversal", self.credit, "The session never took place"),
        )
        self.assertEqual(reversal.year, 2031, "a reversal counts in its entry's year")
        self.assertEqual(reversal.date, TODAY + timedelta(days=300))
        self.assertEqual(
            self.credit.read(["amount", "date", "year", "reason", "write_date"])[0], before
        )
        self.assertTrue(self.credit.is_reversed)
        with self.assertRefused(UserError, "reversed already"):
            credit_hr.action_reverse("Again")
        with self.assertRefused(UserError, "itself a reversal"):
            reversal.with_user(self.user_hr).action_reverse("Undo the undo")
        self.assertEqual(len(self.credits()), 2)

    def test_the_database_refuses_a_second_reversal(self):
        self.credit.with_user(self.user_hr).action_reverse("Wrong")
        with self.assertRefused(Exception, "reversal_unique|unique"):
            self.env[CREDIT].create(
                {
                    "employee_id": self.mentor_employee.id,
                    "company_id": self.company.id,
                    "source": "reversal",
                    "amount": -4.0,
                    "date": TODAY,
                    "year": 2031,
                    "reversed_credit_id": self.credit.id,
                    "reason": "Concurrent",
                }
            )
            self.env.flush_all()

    def test_only_hr_reverses(self):
        for user in (self.mentor_user, self.user_boss, self.user_carl):
            with self.subTest(user=user.login), self.assertRefused(AccessError):
                self.credit.with_user(user).action_reverse("Mine to undo")
        self.assertFalse(self.credit.is_reversed)

    def test_hr_reverses_through_the_wizard(self):
        action = self.credit.with_user(self.user_hr).action_open_reverse()
        wizard = (
            self.env["mentorship.credit.reverse"]
            .with_user(self.user_hr)
            .with_context(**action["context"])
            .create({"reason": "Duplicate"})
        )
        self.assertEqual(wizard.credit_id, self.credit)
        wizard.action_confirm()
        self.assertEqual(self.credit.reversal_ids.reason, "Duplicate")


@tagged("post_install", "-at_install")
class TestCreditAccess(CreditCase):
    """What each role gets through the calls an RPC client makes."""

    def setUp(self):
        super().setUp()
        for mentor, mentee in zip(self.pool_mentors[:2], self.pool_mentees[:2], strict=True):
            pair = self.new_pairs(mentor, mentee)
            self.done_session(pair, 2, datetime(2031, 3, 3, 10, 0))
        self.earn()
        self.mine = self.credits()
        self.theirs = self.credits(self.other_mentor)
        self.assertTrue(self.mine and self.theirs)

    def test_the_person_reads_their_own_entries_only(self):
        Credit = self.env[CREDIT].with_user(self.mentor_user)
        self.assertEqual(Credit.search([]), self.mine)
        # The domain of *My Credits*, through the employee, which they do not read.
        self.assertEqual(
            Credit.search([("employee_id.user_id", "=", self.mentor_user.id)]), self.mine
        )
        rows = Credit.search_read([], ["amount", "source"])
        self.assertEqual([row["id"] for row in rows], self.mine.ids)
        with self.assertRefused(AccessError):
            self.theirs.with_user(self.mentor_user).read(["amount"])
        groups = Credit.read_group([], ["amount:sum"], ["employee_id"])
        self.assertEqual([g["employee_id"][0] for g in groups], [self.mentor_employee.id])
        with self.on(TODAY):
            self.assertEqual(
                self.mentor_employee.with_user(self.mentor_user).mentorship_credit_total, 4.0
            )

    def test_a_manager_reads_the_total_not_the_entries(self):
        Credit = self.env[CREDIT].with_user(self.user_boss)
        self.assertFalse(Credit.search([]))
        with self.assertRefused(AccessError):
            self.mine.with_user(self.user_boss).read(["amount"])
        public = self.env["hr.employee.public"].with_user(self.user_boss)
        with self.on(TODAY):
            self.assertEqual(public.browse(self.mentor_employee.id).mentorship_credit_total, 4.0)
            # Not their report: nothing.
            self.assertEqual(
                public.browse(self.other_mentor.employee_id.id).mentorship_credit_total, 0.0
            )
            # A colleague reads no total.
            colleague = self.env["hr.employee.public"].with_user(self.user_carl)
            self.assertEqual(colleague.browse(self.mentor_employee.id).mentorship_credit_total, 0.0)

    def test_hr_reads_everything_by_department(self):
        Credit = self.env[CREDIT].with_user(self.user_hr)
        self.assertEqual(
            Credit.search([("id", "in", (self.mine | self.theirs).ids)]), self.mine | self.theirs
        )
        groups = Credit.read_group(
            [("id", "in", (self.mine | self.theirs).ids)],
            ["amount:sum"],
            ["department_id", "year"],
            lazy=False,
        )
        self.assertEqual(
            [(g["department_id"][0], g["year"], g["amount"]) for g in groups],
            [(self.department.id, 2031, 8.0)],
        )
        with self.on(TODAY):
            self.assertEqual(
                self.mentor_employee.with_user(self.user_hr).mentorship_credit_total, 4.0
            )

    def test_nobody_writes_or_deletes_an_entry(self):
        admin = self.env.ref("base.user_admin")
        for user in (self.mentor_user, self.user_boss, self.user_hr, admin):
            with self.subTest(user=user.login):
                credit = self.mine.with_user(user)
                with self.assertRefused(AccessError):
                    credit.write({"amount": 100.0})
                with self.assertRefused(AccessError):
                    credit.write({"reason": "Edited"})
                with self.assertRefused(AccessError):
                    credit.unlink()
                with self.assertRefused(AccessError):
                    self.env[CREDIT].with_user(user).create(
                        {
                            "employee_id": self.mentor_employee.id,
                            "company_id": self.company.id,
                            "source": "session_hours",
                            "amount": 100.0,
                            "date": TODAY,
                            "year": 2031,
                        }
                    )
        self.assertEqual(self.mine.amount, 4.0)
        self.assertEqual(self.credits(), self.mine)

    def test_the_group_of_hr_alone_does_not_widen_to_other_companies(self):
        company_2 = self.env["res.company"].create({"name": "Credit Subsidiary"})
        user_hr_2 = mail_new_test_user(
            self.env,
            login="recognition_hr_2",
            name="Hugo HR",
            groups="base.group_user,mentorship_program.group_mentorship_manager",
            company_id=company_2.id,
            company_ids=[Command.set(company_2.ids)],
        )
        self.assertFalse(self.env[CREDIT].with_user(user_hr_2).search([]))
        with self.assertRefused(AccessError):
            self.mine.with_user(user_hr_2).read(["amount"])


@tagged("post_install", "-at_install")
class TestRecognitionPersonalData(CreditCase):
    def test_the_persons_export_holds_their_credits_and_badges(self):
        pair = self.new_pairs(self.mentor, self.pool_mentees[:1])
        self.done_session(pair, 2, datetime(2031, 3, 3, 10, 0))
        pair.write({"state": "completed", "end_cause": "term", "date_end": TODAY})
        self.earn()
        self.award()
        self.credits().filtered(lambda c: c.source == "pair_completed").with_user(
            self.user_hr
        ).action_reverse("Ended by mistake")
        PersonalData = self.env["mentorship.personal.data"].with_user(self.mentor_user)
        _name, content = PersonalData._export_zip(self.mentor_employee.id)
        archive = zipfile.ZipFile(io.BytesIO(content))
        credits = json.loads(archive.read("development_credits.json"))
        self.assertEqual(
            sorted((row["source"], row["amount"]) for row in credits),
            [("Completed Pair", 10.0), ("Mentoring Hours", 4.0), ("Reversal", -10.0)],
        )
        self.assertIn("Ended by mistake", json.dumps(credits))
        badges = json.loads(archive.read("badges.json"))
        self.assertEqual([row["achievement"] for row in badges], ["First Pair Completed"])
        # The mentee's export has none of the mentor's.
        mentee = self.pool_mentees[0].employee_id
        _name, content = (
            self.env["mentorship.personal.data"].with_user(mentee.user_id)._export_zip(mentee.id)
        )
        archive = zipfile.ZipFile(io.BytesIO(content))
        self.assertEqual(json.loads(archive.read("development_credits.json")), [])
        self.assertEqual(json.loads(archive.read("badges.json")), [])
