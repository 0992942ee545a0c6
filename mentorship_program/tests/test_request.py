from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import MatchingCase

REQUEST_ACTIVITY = "mentorship_program.mail_activity_type_request_answer"


class RequestCase(MatchingCase):
    """MatchingCase's program, switched to self-request mode.

    Alice wants Coaching (Mona, capacity 1, masters it); Bob wants Strategic
    Thinking (Max, capacity 2).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program.write({"matching_mode": "self_request", "request_limit": 2})

    def _ask(self, mentee, mentor, user, message="Hello"):
        return mentee.with_user(user).action_request_mentor(mentor.id, message)

    def _notified(self, record, partner):
        """Messages on ``record`` that notified ``partner``."""
        return self.env["mail.message"].search(
            [
                ("model", "=", record._name),
                ("res_id", "=", record.id),
                ("partner_ids", "in", partner.ids),
            ]
        )


@tagged("post_install", "-at_install")
class TestSuggestions(RequestCase):
    def test_suggestions_rank_mentors_with_reasons_the_mentee_may_read(self):
        self.employee_alice.gender = "female"
        self.employee_mona.gender = "male"
        suggestions = self.mentee_alice.with_user(self.user_alice)._get_mentor_suggestions()
        self.assertEqual([s.mentor for s in suggestions], [self.mentor_mona, self.mentor_max])
        best = suggestions[0]
        self.assertGreater(best.score, suggestions[1].score)
        self.assertIn("Coaching", best.explanation)
        self.assertNotIn("background", best.explanation, "gender stays with HR")

    def test_suggestion_count_and_full_mentors(self):
        self.program.suggestion_count = 1
        suggestions = self.mentee_alice.with_user(self.user_alice)._get_mentor_suggestions()
        self.assertEqual([s.mentor for s in suggestions], [self.mentor_mona])
        self.program.suggestion_count = 5
        # Mona's only seat goes to Bob: she is no longer suggested to Alice.
        self._ask(self.mentee_bob, self.mentor_mona, self.user_bob).with_user(
            self.user_mona
        ).action_accept()
        suggestions = self.mentee_alice.with_user(self.user_alice)._get_mentor_suggestions()
        self.assertEqual([s.mentor for s in suggestions], [self.mentor_max])

    def test_hard_rules_hold(self):
        self.employee_alice.parent_id = self.employee_mona
        suggestions = self.mentee_alice.with_user(self.user_alice)._get_mentor_suggestions()
        self.assertEqual([s.mentor for s in suggestions], [self.mentor_max])
        with self.assertRefused(UserError, "cannot be asked by Alice Mentee"):
            self._ask(self.mentee_alice, self.mentor_mona, self.user_alice)
        self.assertFalse(self.mentee_alice.sudo().mentee_request_ids)

    def test_only_the_mentee_sees_their_suggestions(self):
        for user in (self.user_bob, self.user_carl, self.user_mona):
            with self.assertRefused(AccessError):
                self.mentee_alice.with_user(user)._get_mentor_suggestions()
            with self.assertRefused(AccessError):
                self._ask(self.mentee_alice, self.mentor_mona, user)
        self.assertFalse(self.mentee_alice.sudo().mentee_request_ids)
        # HR may look, to help a mentee; only the mentee asks.
        self.assertTrue(self.mentee_alice.with_user(self.user_hr)._get_mentor_suggestions())
        with self.assertRefused(AccessError):
            self._ask(self.mentee_alice, self.mentor_mona, self.user_hr)

    def test_wizard_lists_suggestions_and_sends_a_request(self):
        action = self.mentee_alice.with_user(self.user_alice).action_find_mentor()
        wizard = self.env[action["res_model"]].with_user(self.user_alice).browse(action["res_id"])
        self.assertEqual(wizard.line_ids.mapped("mentor_name"), ["Mona Mentor", "Max Mentor"])
        self.assertEqual(wizard.line_ids.mapped("rank"), [1, 2])
        wizard.message = "I would love to learn coaching from you."
        wizard.line_ids[0].action_request()
        request = self.mentee_alice.sudo().mentee_request_ids
        self.assertEqual(request.mentor_enrollment_id, self.mentor_mona)
        self.assertEqual(request.message, "I would love to learn coaching from you.")
        self.assertEqual(wizard.line_ids.mapped("requested"), [True, False])

    def test_hr_mode_has_no_requests(self):
        self.program.matching_mode = "hr"
        with self.assertRefused(UserError, "HR matches mentors and mentees"):
            self._ask(self.mentee_alice, self.mentor_mona, self.user_alice)

    def test_limits_must_be_positive(self):
        for field_name in ("request_limit", "suggestion_count"):
            with self.assertRefused(ValidationError, r"must be between 1 and \d+ \(got 0\)"):
                self.program.write({field_name: 0})
        self.assertEqual(self.program.request_limit, 2)


@tagged("post_install", "-at_install")
class TestRequests(RequestCase):
    def test_request_reaches_the_mentor_only(self):
        request = self._ask(self.mentee_alice, self.mentor_mona, self.user_alice, "Coaching?")
        self.assertEqual(request.state, "open")
        self.assertEqual(
            request.date_deadline, fields.Date.context_today(request) + timedelta(days=7)
        )
        self.assertIn("Coaching", request.explanation)
        activity = request.sudo().activity_ids
        self.assertEqual(activity.activity_type_id, self.env.ref(REQUEST_ACTIVITY))
        self.assertEqual(activity.user_id, self.user_mona)
        self.assertTrue(self._notified(request, self.user_mona.partner_id))
        Request = self.env["mentorship.request"]
        self.assertEqual(Request.with_user(self.user_mona).search([]), request)
        self.assertEqual(Request.with_user(self.user_alice).search([]), request)
        self.assertFalse(Request.with_user(self.user_bob).search([]))
        with self.assertRefused(AccessError):
            request.with_user(self.user_bob).read(["message"])

    def test_request_limit_and_duplicates(self):
        self._ask(self.mentee_alice, self.mentor_mona, self.user_alice)
        with self.assertRefused(UserError, "already asked Mona Mentor"):
            self._ask(self.mentee_alice, self.mentor_mona, self.user_alice)
        self.program.request_limit = 1
        with self.assertRefused(UserError, "already has 1 open requests"):
            self._ask(self.mentee_alice, self.mentor_max, self.user_alice)
        self.assertEqual(len(self.mentee_alice.sudo().mentee_request_ids), 1)

    def test_only_the_mentor_answers_and_only_the_sender_withdraws(self):
        request = self._ask(self.mentee_alice, self.mentor_mona, self.user_alice)
        for user in (self.user_alice, self.user_max, self.user_hr, self.user_bob):
            with self.assertRefused(AccessError):
                request.with_user(user).action_accept()
            with self.assertRefused(AccessError):
                request.with_user(user).action_decline()
        for user in (self.user_mona, self.user_hr, self.user_bob):
            with self.assertRefused(AccessError):
                request.with_user(user).action_withdraw()
        self.assertEqual(request.state, "open")
        self.assertFalse(self.mentee_alice.sudo().mentee_pair_ids)

        request.with_user(self.user_alice).action_withdraw()
        self.assertEqual(request.state, "withdrawn")
        self.assertFalse(request.sudo().activity_ids)
        self.assertTrue(self._notified(request, self.user_mona.partner_id))
        with self.assertRefused(UserError, "cannot be answered or withdrawn: it is withdrawn"):
            request.with_user(self.user_mona).action_accept()

    def test_first_acceptance_wins_and_withdraws_the_others(self):
        to_mona = self._ask(self.mentee_alice, self.mentor_mona, self.user_alice)
        to_max = self._ask(self.mentee_alice, self.mentor_max, self.user_alice)
        to_max.with_user(self.user_max).action_accept()

        self.assertEqual(to_max.state, "accepted")
        pair = to_max.sudo().pair_id
        self.assertEqual(pair.state, "active")
        self.assertEqual(pair.kind, "core")
        self.assertEqual(pair.mentor_enrollment_id, self.mentor_max)
        self.assertEqual(pair.date_start, fields.Date.context_today(pair))
        self.assertEqual(
            pair.activity_ids.activity_type_id,
            self.env.ref("mentorship_program.mail_activity_type_pair_calibration"),
        )
        self.assertTrue(self._notified(to_max, self.user_alice.partner_id))

        self.assertEqual(to_mona.state, "withdrawn")
        self.assertIn("found a mentor", to_mona.closing_note)
        self.assertFalse(to_mona.sudo().activity_ids, "Mona has nothing left to answer")
        self.assertTrue(self._notified(to_mona, self.user_mona.partner_id))
        with self.assertRefused(UserError, "cannot be answered or withdrawn: it is withdrawn"):
            to_mona.with_user(self.user_mona).action_accept()
        with self.assertRefused(UserError, "already has a mentor"):
            self._ask(self.mentee_alice, self.mentor_mona, self.user_alice)

    def test_last_seat_taken_declines_the_mentors_other_requests(self):
        from_alice = self._ask(self.mentee_alice, self.mentor_mona, self.user_alice)
        from_bob = self._ask(self.mentee_bob, self.mentor_mona, self.user_bob)
        from_alice.with_user(self.user_mona).action_accept()
        self.assertEqual(from_bob.state, "declined")
        self.assertIn("no seat left", from_bob.closing_note)
        self.assertTrue(self._notified(from_bob, self.user_bob.partner_id))
        self.assertEqual(len(self.mentor_mona.sudo().mentor_pair_ids), 1)

    def test_seat_taken_by_a_published_run_is_refused_on_accept(self):
        request = self._ask(self.mentee_bob, self.mentor_mona, self.user_bob)
        # HR raised nothing: Mona's seat goes to another mentee through a run
        # while Bob's request is still open in a form on her screen.
        self.env["mentorship.pair"].create(
            {
                "program_id": self.program.id,
                "mentor_enrollment_id": self.mentor_mona.id,
                "mentee_enrollment_id": self.mentee_alice.id,
                "state": "active",
            }
        )
        with self.assertRefused(UserError, "Mona Mentor has no seat left"):
            request.with_user(self.user_mona).action_accept()
        self.assertEqual(request.state, "open")
        self.assertEqual(len(self.mentor_mona.sudo().mentor_pair_ids), 1)

    def test_decline_keeps_the_mentor_out_of_the_suggestions(self):
        request = self._ask(self.mentee_alice, self.mentor_mona, self.user_alice)
        request.with_user(self.user_mona).action_decline()
        self.assertEqual(request.state, "declined")
        self.assertTrue(self._notified(request, self.user_alice.partner_id))
        suggestions = self.mentee_alice.with_user(self.user_alice)._get_mentor_suggestions()
        self.assertEqual([s.mentor for s in suggestions], [self.mentor_max])
        with self.assertRefused(UserError, "already declined"):
            self._ask(self.mentee_alice, self.mentor_mona, self.user_alice)

    def test_answer_after_the_deadline_is_refused(self):
        request = self._ask(self.mentee_alice, self.mentor_mona, self.user_alice)
        with freeze_time(date.today() + timedelta(days=8)):
            with self.assertRefused(UserError, "was to be answered by"):
                request.with_user(self.user_mona).action_accept()
        self.assertEqual(request.state, "open")

    def test_publishing_a_run_withdraws_the_mentees_open_requests(self):
        request = self._ask(self.mentee_alice, self.mentor_max, self.user_alice)
        run = self._run()
        run.action_publish()
        self.assertTrue(self.mentee_alice.mentee_pair_ids)
        self.assertEqual(request.state, "withdrawn")
        self.assertTrue(self._notified(request, self.user_max.partner_id))
