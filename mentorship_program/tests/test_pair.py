from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import MatchingCase


@tagged("post_install", "-at_install")
class TestPublish(MatchingCase):
    def test_publish_creates_pending_pairs_mails_and_activities(self):
        run, pairs = self._published_pairs()
        self.assertEqual(run.state, "published")
        self.assertEqual(len(pairs), 2)
        self.assertEqual(set(pairs.mapped("state")), {"pending"})
        today = fields.Date.context_today(pairs)
        self.assertEqual(set(pairs.mapped("date_proposed")), {today})
        self.assertEqual(set(pairs.mapped("date_deadline")), {today + timedelta(days=7)})
        alice_pair = self._pair_of(pairs, self.mentee_alice)
        self.assertEqual(alice_pair.mentor_enrollment_id, self.mentor_mona)
        self.assertEqual(alice_pair.kind, "core")
        self.assertEqual(
            alice_pair.explanation, self._proposal_of(run, self.mentee_alice).explanation
        )

        # One e-mail per pair, to both people, from the template.
        mails = self.env["mail.mail"].search(
            [("model", "=", "mentorship.pair"), ("res_id", "in", pairs.ids)]
        )
        self.assertEqual(len(mails), 2)
        self.assertTrue(all(pairs.mapped("proposal_mail_sent")))
        alice_mail = mails.filtered(lambda m: m.res_id == alice_pair.id)
        self.assertEqual(
            alice_mail.recipient_ids,
            self.user_alice.partner_id | self.user_mona.partner_id,
        )
        self.assertIn("Leadership Accelerator", alice_mail.subject)
        self.assertIn("Coaching", alice_mail.body_html)

        # One "answer" activity per person, due on the deadline.
        answer_type = self.env.ref("mentorship_program.mail_activity_type_pair_answer")
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "mentorship.pair"), ("res_id", "in", pairs.ids)]
        )
        self.assertEqual(len(activities), 4)
        self.assertEqual(activities.activity_type_id, answer_type)
        self.assertEqual(
            activities.filtered(lambda a: a.res_id == alice_pair.id).user_id,
            self.user_alice | self.user_mona,
        )
        self.assertEqual(set(activities.mapped("date_deadline")), {today + timedelta(days=7)})
        # Both people follow their pair.
        self.assertIn(self.user_alice.partner_id, alice_pair.message_partner_ids)
        self.assertIn(self.user_mona.partner_id, alice_pair.message_partner_ids)

    def test_pair_explanation_leaves_out_private_attributes(self):
        self.employee_alice.gender = "female"
        self.employee_mona.gender = "male"
        run, pairs = self._published_pairs()
        proposal = self._proposal_of(run, self.mentee_alice)
        pair = self._pair_of(pairs, self.mentee_alice)
        self.assertIn("different background (gender)", proposal.explanation)
        self.assertNotIn("background", pair.explanation)
        self.assertIn("Coaching", pair.explanation)
        self.assertTrue(pair.explanation.endswith("."))

    def test_large_publication_leaves_mails_to_the_cron(self):
        Pair = self.env["mentorship.pair"]
        with patch.object(type(Pair), "_proposal_mail_inline_limit", 1):
            _run, pairs = self._published_pairs()
        mail_domain = [("model", "=", "mentorship.pair"), ("res_id", "in", pairs.ids)]
        self.assertFalse(self.env["mail.mail"].search(mail_domain))
        self.assertEqual(len(pairs.activity_ids), 4, "activities do not wait")
        self.assertFalse(any(pairs.mapped("proposal_mail_sent")))
        self.assertEqual(Pair._cron_send_proposal_mails().done, 2)
        self.assertEqual(len(self.env["mail.mail"].search(mail_domain)), 2)
        self.assertTrue(all(pairs.mapped("proposal_mail_sent")))
        # Idempotent: a second run mails nobody again.
        self.assertEqual(Pair._cron_send_proposal_mails().done, 0)
        self.assertEqual(len(self.env["mail.mail"].search(mail_domain)), 2)

    def test_employee_cannot_run_or_publish(self):
        run = self._run()
        with self.assertRefused(AccessError):
            run.with_user(self.user_alice).action_publish()
        with self.assertRefused(AccessError):
            run.with_user(self.user_alice).action_run()


@tagged("post_install", "-at_install")
class TestPairAnswers(MatchingCase):
    def setUp(self):
        super().setUp()
        self.run, pairs = self._published_pairs()
        self.pair = self._pair_of(pairs, self.mentee_alice)

    def test_accept_by_both_sides_activates_and_schedules_calibration(self):
        self.pair.with_user(self.user_alice).action_accept()
        self.assertTrue(self.pair.mentee_accepted)
        self.assertEqual(self.pair.state, "pending")
        self.assertEqual(self.pair.activity_ids.user_id, self.user_mona, "Alice's activity is done")
        self.pair.with_user(self.user_mona).action_accept()
        self.assertEqual(self.pair.state, "active")
        today = fields.Date.context_today(self.pair)
        self.assertEqual(self.pair.date_start, today)
        calibration = self.pair.activity_ids
        self.assertEqual(
            calibration.activity_type_id,
            self.env.ref("mentorship_program.mail_activity_type_pair_calibration"),
        )
        self.assertEqual(calibration.user_id, self.user_hr)
        self.assertEqual(calibration.date_deadline, today + timedelta(days=30))
        self.assertEqual(self.pair.calibration_date, today + timedelta(days=30))

    def test_no_calibration_call_when_disabled(self):
        self.program.calibration_days = 0
        self.pair.with_user(self.user_alice).action_accept()
        self.pair.with_user(self.user_mona).action_accept()
        self.assertEqual(self.pair.state, "active")
        self.assertFalse(self.pair.activity_ids)
        self.assertFalse(self.pair.calibration_date)

    def test_only_the_pair_can_answer(self):
        with self.assertRefused(AccessError):
            self.pair.with_user(self.user_carl).action_accept()
        with self.assertRefused(AccessError):
            self.pair.with_user(self.user_bob).action_decline()
        with self.assertRefused(AccessError, "Only the mentor or the mentee"):
            self.pair.with_user(self.user_hr).action_accept()
        self.assertFalse(self.pair.mentor_accepted or self.pair.mentee_accepted)
        self.assertEqual(self.pair.state, "pending")

    def test_deadline_passed_is_refused(self):
        with freeze_time(date.today() + timedelta(days=8)):
            with self.assertRefused(UserError, "was due by"):
                self.pair.with_user(self.user_alice).action_accept()
            with self.assertRefused(UserError, "was due by"):
                self.pair.with_user(self.user_mona).action_decline()
        self.assertEqual(self.pair.state, "pending")

    def test_answer_only_while_pending(self):
        self.pair.with_user(self.user_mona).action_decline()
        with self.assertRefused(UserError, "cannot be accepted or declined: it is declined"):
            self.pair.with_user(self.user_alice).action_accept()

    def test_decline_returns_mentee_with_priority(self):
        self.pair.with_user(self.user_mona).action_decline()
        self.assertEqual(self.pair.state, "declined")
        self.assertEqual(self.pair.declined_by, "mentor")
        self.assertFalse(self.pair.activity_ids, "nobody has to answer any more")
        run = self._run()
        self.assertEqual(run.mentee_count, 1, "Bob is still in a pending pair")
        proposal = self._proposal_of(run, self.mentee_alice)
        self.assertTrue(proposal.priority)
        self.assertEqual(
            proposal.mentor_enrollment_id, self.mentor_max, "never the mentor who declined"
        )

    def test_rematch_gives_priority(self):
        self.pair.with_user(self.user_alice).action_accept()
        self.pair.with_user(self.user_mona).action_accept()
        with self.assertRefused(AccessError):
            self.pair.with_user(self.user_alice).action_rematch()
        self.pair.with_user(self.user_hr).action_rematch()
        self.assertEqual(self.pair.state, "rematched")
        self.assertEqual(self.pair.date_end, fields.Date.context_today(self.pair))
        proposal = self._proposal_of(self._run(), self.mentee_alice)
        self.assertTrue(proposal.priority)
        self.assertNotEqual(proposal.mentor_enrollment_id, self.mentor_mona)

    def test_cancel(self):
        with self.assertRefused(UserError, "Give a reason"):
            self.pair.with_user(self.user_hr).action_cancel()
        self.assertEqual(self.pair.state, "pending")
        self.pair.with_user(self.user_hr).action_cancel(reason="Mona leaves the company")
        self.assertEqual(self.pair.state, "cancelled")
        self.assertEqual(self.pair.closure_reason, "Mona leaves the company")
        with self.assertRefused(UserError, "cannot be cancelled"):
            self.pair.with_user(self.user_hr).action_cancel(reason="Twice")


@tagged("post_install", "-at_install")
class TestMatchingAccess(MatchingCase):
    def test_manager_forms_open(self):
        run = self._run()
        Form(run.with_user(self.user_hr))
        Form(run.proposal_ids[0].with_user(self.user_hr))
        Form(self.program.with_user(self.user_hr))
        run.action_publish()
        Form(run.pair_ids[0].with_user(self.user_hr))

    def test_employees_never_see_runs_or_proposals(self):
        run = self._run()
        for user in (self.user_alice, self.user_mona):
            with self.assertRefused(AccessError):
                self.env["mentorship.match.proposal"].with_user(user).search([])
            with self.assertRefused(AccessError):
                run.proposal_ids.with_user(user).read(["explanation"])
            with self.assertRefused(AccessError):
                run.with_user(user).read(["warnings"])

    def test_employees_see_only_their_pairs(self):
        _run, pairs = self._published_pairs()
        alice_pair = self._pair_of(pairs, self.mentee_alice)
        bob_pair = self._pair_of(pairs, self.mentee_bob)
        Pair = self.env["mentorship.pair"]
        self.assertEqual(Pair.with_user(self.user_alice).search([]), alice_pair)
        self.assertEqual(Pair.with_user(self.user_mona).search([]), alice_pair)
        self.assertEqual(Pair.with_user(self.user_max).search([]), bob_pair)
        self.assertFalse(Pair.with_user(self.user_carl).search([]))
        alice_pair.with_user(self.user_alice).read(["explanation", "mentor_employee_id"])
        # The form opens for them, with Accept and Decline.
        form = Form(alice_pair.with_user(self.user_alice))
        self.assertTrue(form.can_answer)
        self.assertEqual(form.display_name, "Mona Mentor mentors Alice Mentee")
        with self.assertRefused(AccessError):
            bob_pair.with_user(self.user_alice).read(["explanation"])
        with self.assertRefused(AccessError):
            alice_pair.with_user(self.user_alice).write({"score": 100})
        self.assertEqual(
            Pair.with_user(self.user_hr).search([("program_id", "=", self.program.id)]), pairs
        )

    def test_multi_company(self):
        _run, pairs = self._published_pairs()
        company_2 = self.env["res.company"].create({"name": "Matching Subsidiary"})
        user_hr_2 = mail_new_test_user(
            self.env,
            login="mentorship_matching_hr_2",
            name="Hugo HR Subsidiary",
            groups="base.group_user,mentorship_program.group_mentorship_manager",
            company_id=company_2.id,
            company_ids=[(6, 0, company_2.ids)],
        )
        self.assertFalse(self.env["mentorship.pair"].with_user(user_hr_2).search([]))
        self.assertFalse(self.env["mentorship.match.run"].with_user(user_hr_2).search([]))
        self.assertFalse(self.env["mentorship.match.proposal"].with_user(user_hr_2).search([]))
        with self.assertRefused(AccessError):
            pairs[0].with_user(user_hr_2).read(["state"])
        with self.assertRefused(AccessError):
            pairs[0].with_user(user_hr_2).action_rematch()


@tagged("post_install", "-at_install")
class TestTopicPairsFollowTheirCore(MatchingCase):
    def _topic_pair_for(self, core):
        return (
            self.env["mentorship.pair"]
            .sudo()
            .create(
                {
                    "program_id": core.program_id.id,
                    "mentee_enrollment_id": core.mentee_enrollment_id.id,
                    "mentor_enrollment_id": self.mentor_max.id,
                    "kind": "topic",
                    "state": "pending",
                }
            )
        )

    def test_declining_the_core_pair_cancels_its_topic_pairs(self):
        _run, pairs = self._published_pairs()
        core = self._pair_of(pairs, self.mentee_alice)
        topic = self._topic_pair_for(core)
        other_core = self._pair_of(pairs, self.mentee_bob)
        core.with_user(self.user_alice).action_decline()
        self.assertEqual(core.state, "declined")
        self.assertEqual(topic.state, "cancelled")
        self.assertEqual(other_core.state, "pending")

    def test_rematching_the_core_pair_cancels_its_topic_pairs(self):
        _run, pairs = self._published_pairs()
        core = self._pair_of(pairs, self.mentee_alice)
        topic = self._topic_pair_for(core)
        core.with_user(self.user_hr).action_rematch()
        self.assertEqual(topic.state, "cancelled")
