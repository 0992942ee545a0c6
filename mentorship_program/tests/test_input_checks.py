"""Bad input is refused with a message naming the field, and nothing stored
changes: numbers that are not finite or are negative, absurd dates, texts
far beyond any sane size; sent as RPC clients send them (floats, but also
strings, which Odoo converts with float() and int()), on several models,
by the people who may otherwise write them."""

from datetime import date, datetime

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common_roles import RolesCase

NAN, INF = float("nan"), float("inf")
NOT_FINITE = (NAN, INF, -INF, "nan", "NaN", "inf", "-Infinity", "1e999")
NEGATIVE = (-1, -0.5, "-1", " -3 ")
THREE_MB = "<p>" + "x" * (3 * 1024 * 1024) + "</p>"


class InputCase(RolesCase):
    def _stored(self, record):
        """Everything the database holds for ``record``, read afresh."""
        self.env.invalidate_all()
        names = [
            name
            for name, field in record._fields.items()
            if field.store and field.type not in ("binary", "one2many")
        ]
        return record.sudo().with_context(active_test=False).read(names)[0]

    def assertRefusedUnchanged(self, record, user, values, field_name):
        before = self._stored(record)
        for value in values:
            with self.subTest(model=record._name, field=field_name, value=repr(value)[:40]):
                with self.assertRefused(ValidationError, rf"\({field_name}\).*Nothing was saved"):
                    record.with_user(user).write({field_name: value})
                self.assertEqual(self._stored(record), before)


@tagged("post_install", "-at_install")
class TestBadInput(InputCase):
    def test_numbers_must_be_finite_and_not_negative(self):
        cases = (
            (self.mentee_alice, self.user_alice, "hours_per_month"),
            (self.program, self.user_hr, "budget_amount"),
            (self.program, self.user_hr, "match_weight_skills"),
            (self.program, self.user_hr, "target_retention_rate"),
            (self.program.milestone_ids, self.user_hr, "target_active_pairs"),
            (self.program.cadence_ids[:1], self.user_hr, "duration_hours"),
            (self.main["session"], self.user_alice, "duration"),
            (self.main["goal"], self.user_mona, "progress"),
            (self.portal["plan"].milestone_ids[:1], self.user_bob, "sequence"),
        )
        for record, user, field_name in cases:
            values = NOT_FINITE if field_name != "sequence" else ("nan", INF)
            if field_name != "sequence":
                values += NEGATIVE
            self.assertRefusedUnchanged(record, user, values, field_name)

    def test_integers_fit_their_column(self):
        self.assertRefusedUnchanged(
            self.program, self.user_hr, (2**40, "99999999999"), "pair_duration_days"
        )
        self.assertRefusedUnchanged(self.main["goal"], self.user_alice, (10**12,), "progress")

    def test_signed_fields_take_negative_numbers(self):
        milestone = self.main["milestone"].with_user(self.user_alice)
        milestone.write({"sequence": "-4"})
        self.assertEqual(milestone.sequence, -4)

    def test_dates_within_sane_years(self):
        absurd = ("0201-05-01", "20266-01-01", date(201, 5, 1), date(2300, 1, 1))
        self.assertRefusedUnchanged(self.program, self.user_hr, absurd, "date_start")
        self.assertRefusedUnchanged(self.program, self.user_hr, absurd, "enrollment_date_end")
        self.assertRefusedUnchanged(self.main["milestone"], self.user_alice, absurd, "date_due")
        self.assertRefusedUnchanged(self.main["goal"], self.user_mona, absurd, "date_due")
        self.assertRefusedUnchanged(self.main["note"], self.user_alice, absurd, "date")
        self.assertRefusedUnchanged(
            self.main["session"],
            self.user_alice,
            ("0201-05-01 10:00:00", "20266-01-01 10:00:00", datetime(201, 5, 1, 10)),
            "date_start",
        )

    def test_texts_within_their_limits(self):
        self.assertRefusedUnchanged(self.main["note"], self.user_alice, (THREE_MB,), "body")
        self.assertRefusedUnchanged(self.portal["note"], self.user_bob, (THREE_MB,), "body")
        self.assertRefusedUnchanged(self.main["session"], self.user_mona, (THREE_MB,), "agenda")
        self.assertRefusedUnchanged(self.main["plan"], self.user_mona, (THREE_MB,), "boundaries")
        self.assertRefusedUnchanged(self.mentee_alice, self.user_alice, ("x" * 20_001,), "goals")
        self.assertRefusedUnchanged(self.program, self.user_hr, ("x" * 501,), "name")
        # A long but sane note is kept.
        self.main["note"].with_user(self.user_alice).write({"body": "<p>" + "y" * 50_000 + "</p>"})
        self.assertIn("y" * 50_000, self.main["note"].body)

    def test_creation_with_bad_input_creates_nothing(self):
        Note = self.env["mentorship.note"].with_user(self.user_alice)
        notes = Note.search_count([])
        with self.assertRefused(ValidationError, r"\(body\).*Nothing was saved"):
            Note.create({"pair_id": self.pair.id, "name": "Dump", "body": THREE_MB})
        self.assertEqual(Note.search_count([]), notes)
        Milestone = self.env["mentorship.plan.milestone"].with_user(self.user_alice)
        milestones = Milestone.search_count([])
        with self.assertRefused(ValidationError, r"\(date_due\)"):
            Milestone.create(
                {"plan_id": self.main["plan"].id, "name": "Typo", "date_due": "20266-01-01"}
            )
        self.assertEqual(Milestone.search_count([]), milestones)

    def test_lines_given_through_their_parent_are_checked_too(self):
        plan, program = self.main["plan"], self.program
        before = (self._stored(plan), plan.milestone_ids.ids)
        with self.assertRefused(ValidationError, r"\(date_due\)"):
            plan.with_user(self.user_alice).write(
                {"milestone_ids": [Command.create({"name": "Typo", "date_due": "0201-01-01"})]}
            )
        self.assertEqual((self._stored(plan), plan.milestone_ids.ids), before)
        cadences = program.cadence_ids.ids
        with self.assertRefused(ValidationError, r"\(duration_hours\)"):
            program.with_user(self.user_hr).write(
                {"cadence_ids": [Command.create({"duration_hours": "nan"})]}
            )
        self.assertEqual(program.cadence_ids.ids, cadences)


@tagged("post_install", "-at_install")
class TestBadInputOverRpc(InputCase, HttpCase):
    """The same, through /web/dataset/call_kw as a logged-in employee: JSON
    carries NaN and Infinity literals, which Python's json reads."""

    def _call(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_rpc_write_of_bad_numbers_and_texts(self):
        self.authenticate(self.user_alice.login, self.user_alice.login)
        enrollment, note = self.mentee_alice, self.main["note"]
        before = (self._stored(enrollment), self._stored(note))
        for vals in ({"hours_per_month": NAN}, {"hours_per_month": INF}, {"hours_per_month": "-1"}):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(JsonRpcException, "ValidationError"),
            ):
                self._call(enrollment._name, "write", [enrollment.ids, vals])
        with self.assertRaisesRegex(JsonRpcException, "ValidationError"):
            self._call(note._name, "write", [note.ids, {"body": THREE_MB}])
        with self.assertRaisesRegex(JsonRpcException, "ValidationError"):
            self._call(note._name, "write", [note.ids, {"date": "20266-01-01"}])
        self.assertEqual((self._stored(enrollment), self._stored(note)), before)
        # A sane value goes through the same way.
        self._call(enrollment._name, "write", [enrollment.ids, {"hours_per_month": 6.5}])
        self.assertEqual(enrollment.hours_per_month, 6.5)
