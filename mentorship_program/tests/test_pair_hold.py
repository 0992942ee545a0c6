"""On hold: a pair pauses for a reason (leave, a project peak); its nudges,
pulse surveys and end of term wait; resuming moves the term by the days on
hold, never beyond the program's end. The mentor, the mentee and HR hold and
resume it; nobody else, and nobody by writing its fields."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_roles import RolesCase


@tagged("post_install", "-at_install")
class TestPairHold(RolesCase):
    def setUp(self):
        super().setUp()
        self.start = self.pair.date_start
        self.today = fields.Date.context_today(self.pair)

    def test_holding_needs_a_reason(self):
        for reason in (False, "", "   "):
            with self.subTest(reason=reason), self.assertRefused(UserError, "Give a reason"):
                self.pair.with_user(self.user_alice).action_hold(reason)
        self.assertEqual(self.pair.state, "active")
        self.pair.with_user(self.user_alice).action_hold("  Parental leave  ")
        self.assertEqual(self.pair.state, "on_hold")
        self.assertEqual(self.pair.hold_reason, "Parental leave")
        self.assertEqual(self.pair.date_hold, self.today)
        self.assertIn("Parental leave", self.pair.message_ids[:1].body)

    def test_members_and_hr_hold_and_resume_nobody_else(self):
        allowed = ("mentee", "mentor", "mentorship_manager", "mentorship_admin", "odoo_admin")
        for role, user in self.roles.items():
            pair = self.pair.with_user(user)
            with self.subTest(role=role):
                if role in allowed:
                    with self.env.cr.savepoint(flush=False) as savepoint:
                        pair.action_hold("Project peak")
                        self.assertEqual(self.pair.state, "on_hold")
                        pair.action_resume()
                        self.assertEqual(self.pair.state, "active")
                        savepoint.rollback()
                    self.env.invalidate_all()
                else:
                    with self.assertRefused(AccessError):
                        pair.action_hold("Project peak")
        self.pair.with_user(self.user_mona).action_hold("Project peak")
        for role, user in self.roles.items():
            if role not in allowed:
                with self.subTest(role=role), self.assertRefused(AccessError):
                    self.pair.with_user(user).action_resume()
        self.assertEqual(self.pair.state, "on_hold")

    def test_hold_and_resume_only_through_the_buttons(self):
        for role in ("mentee", "mentorship_manager", "odoo_admin"):
            for vals in (
                {"state": "on_hold"},
                {"hold_reason": "Leave"},
                {"date_hold": self.today},
                {"held_days": 40},
            ):
                # Members may not write pairs at all; HR may, but not these.
                pattern = "" if role == "mentee" else rf"\({next(iter(vals))}\)"
                with self.subTest(role=role, vals=vals), self.assertRefused(AccessError, pattern):
                    self.pair.with_user(self.roles[role]).write(vals)
        self.assertEqual(self.pair.state, "active")

    def test_only_an_active_pair_is_held_and_only_a_held_one_resumed(self):
        with self.assertRefused(UserError, "cannot be resumed"):
            self.pair.with_user(self.user_alice).action_resume()
        self.pair.with_user(self.user_alice).action_hold("Leave")
        with self.assertRefused(UserError, "cannot be put on hold"):
            self.pair.with_user(self.user_alice).action_hold("Again")
        self.pair.with_user(self.user_hr).action_cancel("Mona moved on")
        with self.assertRefused(UserError, "cannot be resumed"):
            self.pair.with_user(self.user_hr).action_resume()

    def test_resuming_moves_the_term_by_the_days_on_hold(self):
        term = self.pair.date_term_end
        self.assertEqual(term, self.start + timedelta(days=90))
        with freeze_time(self.today + timedelta(days=5)):
            self.pair.with_user(self.user_alice).action_hold("Leave")
        with freeze_time(self.today + timedelta(days=15)):
            self.pair.with_user(self.user_mona).action_resume()
        self.assertEqual(self.pair.held_days, 10)
        self.assertEqual(self.pair.date_term_end, term + timedelta(days=10))
        self.assertEqual(self.pair.date_resumed, self.today + timedelta(days=15))
        self.assertFalse(self.pair.date_hold)
        # A second hold adds up.
        with freeze_time(self.today + timedelta(days=20)):
            self.pair.with_user(self.user_hr).action_hold("Project peak")
        with freeze_time(self.today + timedelta(days=24)):
            self.pair.with_user(self.user_hr).action_resume()
        self.assertEqual(self.pair.held_days, 14)
        self.assertEqual(self.pair.date_term_end, term + timedelta(days=14))

    def test_the_program_end_caps_the_shifted_term(self):
        self.program.write(
            {"program_format": "cohort", "date_end": self.start + timedelta(days=95)}
        )
        self.assertEqual(self.pair.date_term_end, self.start + timedelta(days=90))
        with freeze_time(self.today + timedelta(days=10)):
            self.pair.with_user(self.user_alice).action_hold("Leave")
        with freeze_time(self.today + timedelta(days=40)):
            self.pair.with_user(self.user_alice).action_resume()
        self.assertEqual(self.pair.held_days, 30)
        self.assertEqual(self.pair.date_term_end, self.start + timedelta(days=95))

    def test_nudges_pulse_surveys_and_the_end_of_term_wait_while_on_hold(self):
        survey = self.env["survey.survey"].create(
            {
                "title": "Mentorship pulse",
                "access_mode": "token",
                "question_and_page_ids": [
                    Command.create({"title": "How is it going?", "question_type": "text_box"})
                ],
            }
        )
        self.program.pulse_survey_id = survey
        # Both pairs started long ago and had no session since: the portal
        # pair, still active, is the control.
        long_ago = self.today - timedelta(days=100)
        pairs = self.pair | self.pair_portal
        pairs.write({"date_start": long_ago})
        self.env["mentorship.session"].search([("pair_id", "in", pairs.ids)]).write(
            {"state": "cancelled"}
        )
        self.pair.with_user(self.user_alice).action_hold("Long leave")
        Pair = self.env["mentorship.pair"]
        Pair._cron_cadence_nudges()
        Pair._cron_inactivity()
        Pair._cron_send_pulse_surveys()
        self.assertTrue(self.pair_portal.cadence_nudge_date, "the control pair is nudged")
        self.assertTrue(self.pair_portal.inactivity_nudge_date)
        self.assertTrue(self.pair_portal.last_pulse_index)
        self.assertFalse(self.pair.cadence_nudge_date)
        self.assertFalse(self.pair.inactivity_nudge_date)
        self.assertFalse(self.pair.last_pulse_index)
        self.assertFalse(
            self.env["survey.user_input"].search([("mentorship_pair_id", "=", self.pair.id)])
        )
        Pair._cron_end_of_term()
        self.assertEqual(self.pair_portal.state, "completed", "its term is over")
        self.assertEqual(self.pair.state, "on_hold", "its term waits")
        self.assertFalse(self.pair.health, "no health band while on hold")
