from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged
from odoo.tests import common as odoo_tests_common

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import MatchingCase, MentorshipCase
from .test_rating_report import RatedSessionsCase

# Odoo waits 10 s (100 checks of 0.1 s) for Chromium's DevTools port and then
# *skips* the tour. Chromium's first start on a busy two-core CI machine can
# take longer than that; a skipped tour proves nothing, so wait up to 60 s.
CHROMIUM_START_CHECKS = 600


class TourCase(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.classPatch(odoo_tests_common, "CHECK_BROWSER_ITERATIONS", CHROMIUM_START_CHECKS)


@tagged("post_install", "-at_install", "is_tour")
class TestPortalEnrollTour(MentorshipCase, TourCase):
    def test_mentee_enrolls_and_completes_the_intake(self):
        # A name of its own: a database with demo data has a Leadership Accelerator too.
        self.program.name = "Tour Accelerator"
        self.program.action_open_enrollment()
        user = mail_new_test_user(
            self.env, login="mentorship_pia", name="Pia Portal", groups="base.group_portal"
        )
        employee = self.env["hr.employee"].create({"name": "Pia Portal", "user_id": user.id})
        self.env.flush_all()
        self.start_tour("/my", "mentorship_portal_enroll_intake", login="mentorship_pia")
        enrollment = self.env["mentorship.enrollment"].search([("employee_id", "=", employee.id)])
        self.assertEqual(enrollment.role, "mentee")
        self.assertEqual(enrollment.state, "submitted")
        self.assertEqual(enrollment.goals, "Lead my first cross-team project")
        self.assertEqual(enrollment.hours_per_month, 4)
        self.assertTrue(enrollment.learning_style)
        self.assertEqual(len(enrollment.availability_slot_ids), 1)
        self.assertEqual(enrollment.target_skill_ids.skill_id, self.skill_coaching)
        self.assertEqual(enrollment.target_skill_ids.target_level_id, self.level_advanced)


@tagged("post_install", "-at_install", "is_tour")
class TestMatchingTour(MatchingCase, TourCase):
    def test_hr_runs_the_matching_and_publishes(self):
        # A name of its own: a database with demo data has a Leadership Accelerator too.
        self.program.name = "Tour Accelerator"
        self.env.flush_all()  # the browser's requests read the database, not this cache
        self.start_tour("/odoo", "mentorship_match_publish", login="mentorship_hr")
        run = self.env["mentorship.match.run"].search([("program_id", "=", self.program.id)])
        self.assertEqual(run.state, "published")
        pairs = self.env["mentorship.pair"].search([("run_id", "=", run.id)])
        self.assertEqual(
            pairs.mentee_enrollment_id, self.mentee_alice | self.mentee_bob, "one pair per mentee"
        )
        self.assertEqual(set(pairs.mapped("state")), {"pending"})


@tagged("post_install", "-at_install", "is_tour")
class TestPortalPairTour(MatchingCase, TourCase):
    def test_mentee_accepts_and_logs_a_session(self):
        self.user_alice.groups_id = [Command.set([self.env.ref("base.group_portal").id])]
        _run, pairs = self._published_pairs()
        pair = self._pair_of(pairs, self.mentee_alice)
        pair.with_user(self.user_mona).action_accept()
        self.env.flush_all()
        self.start_tour(
            "/my/mentorship", "mentorship_portal_accept_match", login="mentorship_alice"
        )
        self.assertEqual(pair.state, "active")
        session = pair.session_ids
        self.assertEqual(session.state, "planned")
        # ``pairs`` are HR's records: HR reads no agenda; the system does.
        self.assertFalse(session.agenda)
        self.assertIn("Where I want to be in 90 days", session.with_env(self.env).agenda)

        # The meeting time comes.
        session.sudo().write({"date_start": fields.Datetime.now() - timedelta(hours=1)})
        self.env.flush_all()
        self.start_tour("/my/mentorship", "mentorship_portal_log_session", login="mentorship_alice")
        self.assertEqual(session.state, "done")
        self.assertIn("Mapped my stakeholders", session.with_env(self.env).notes)
        ratings = self.env["mentorship.session.rating"].search([("session_id", "=", session.id)])
        self.assertEqual(
            (ratings.side, ratings.rater_user_id, ratings.rating), ("mentee", self.user_alice, 4)
        )
        # HR reads the session, not what the pair wrote in it.
        self.env.invalidate_all()
        self.assertFalse(session.with_user(self.user_hr).notes)

    def test_mentor_rates_and_writes_a_private_note_the_mentee_cannot_see(self):
        self.user_alice.groups_id = [Command.set([self.env.ref("base.group_portal").id])]
        _run, pairs = self._published_pairs()
        pair = self._pair_of(pairs, self.mentee_alice)
        pair.with_user(self.user_mona).action_accept()
        pair.with_user(self.user_alice).action_accept()
        session = self.env["mentorship.session"].create(
            {"pair_id": pair.id, "date_start": fields.Datetime.now() + timedelta(days=1)}
        )
        session.sudo().write({"date_start": fields.Datetime.now() - timedelta(hours=2)})
        session.with_user(self.user_alice).action_done()
        self.env.flush_all()
        self.start_tour(
            "/my/mentorship", "mentorship_portal_rate_private_note", login="mentorship_mona"
        )
        ratings = self.env["mentorship.session.rating"].search([("session_id", "=", session.id)])
        self.assertEqual((ratings.side, ratings.rating), ("mentor", 5))
        self.assertFalse(session.with_user(self.user_alice).my_rating, "not hers to read")
        note = self.env["mentorship.note"].search([("pair_id", "=", pair.id)])
        self.assertEqual(note.author_id, self.user_mona)
        self.assertIn("push on delegation", note.body)
        # The mentee sees nothing of it: not through the ORM, not on her pages.
        self.env.invalidate_all()
        self.assertFalse(self.env["mentorship.note"].with_user(self.user_alice).search([]))
        self.authenticate("mentorship_alice", "mentorship_alice")
        for url in ("/my/mentorship/journal", f"/my/mentorship/pair/{pair.id}"):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200)
            self.assertNotIn("push on delegation", response.text)
            self.assertNotIn("After our first session", response.text)
        response = self.url_open(f"/my/mentorship/journal/{note.id}")
        self.assertNotIn("push on delegation", response.text)


@tagged("post_install", "-at_install", "is_tour")
class TestRatingReportTour(RatedSessionsCase, TourCase):
    def test_hr_reads_ratings_as_figures_over_enough_people(self):
        # A second program, rated once by Bob: its cell is withheld.
        quiet = self.env["mentorship.program"].create(self._program_values(name="Quiet Program"))
        quiet.action_open_enrollment()
        mentee = self._approved_mentee(self.employee_bob, program=quiet)
        mentor = self.env["mentorship.enrollment"].create(
            {"program_id": quiet.id, "employee_id": self.employee_mona.id, "role": "mentor"}
        )
        mentor.sudo().write({"state": "approved"})
        session = self._done_session(pair=self._active_pair(mentee, mentor))
        session.with_user(self.user_bob).write({"my_rating": 2})
        self.env.flush_all()
        self.start_tour("/odoo", "mentorship_rating_report", login="mentorship_hr")


@tagged("post_install", "-at_install", "is_tour")
class TestPortalMentorOnboardingTour(MentorshipCase, TourCase):
    def test_blocked_mentor_clears_the_onboarding_blocker_from_the_portal_link(self):
        # Names of their own: a database with demo data has similar ones.
        self.program.name = "Tour Onboarding Program"
        self.onboarding_course.name = "Tour Onboarding"
        self.program.action_open_enrollment()
        user = mail_new_test_user(
            self.env, login="mentorship_otto", name="Otto Portal", groups="base.group_portal"
        )
        employee = self.env["hr.employee"].create({"name": "Otto Portal", "user_id": user.id})
        mentor = self._enroll(employee, role="mentor")
        mentor.with_user(self.user_hr).write(
            {
                "readiness_coaching_aptitude": 4,
                "readiness_time_availability": 4,
                "readiness_domain_credibility": 4,
            }
        )
        mentor.with_user(user).with_context(
            charter_version=self.program.charter_version
        ).action_accept_charter()
        self.assertFalse(mentor.is_ready)
        self.env.flush_all()
        self.start_tour(
            "/my/mentorship", "mentorship_portal_mentor_onboarding", login="mentorship_otto"
        )
        self.assertTrue(mentor.onboarding_completed)
        self.assertTrue(mentor.is_ready)
        self.assertTrue(mentor.ready_notice_sent, "the mentor is told they are ready")


@tagged("post_install", "-at_install", "is_tour")
class TestNextStepsTour(MatchingCase, TourCase):
    def test_a_new_mentee_follows_the_next_steps_to_the_first_session(self):
        # A name of its own: a database with demo data has a Leadership Accelerator too.
        self.program.name = "Tour Accelerator"
        self.user_alice.groups_id = [Command.set([self.env.ref("base.group_portal").id])]
        # Alice's intake is filled in but not submitted yet.
        self.mentee_alice.sudo()._system_write({"state": "draft"})
        self.env.flush_all()
        self.start_tour("/my/mentorship", "mentorship_next_steps_intake", login="mentorship_alice")
        self.assertEqual(self.mentee_alice.state, "submitted")
        self.mentee_alice.with_user(self.user_hr).action_approve()
        _run, pairs = self._published_pairs()
        pair = self._pair_of(pairs, self.mentee_alice)
        self.env.flush_all()
        # The mentor finds the same step in the backend's My Mentorship.
        self.start_tour(
            "/odoo/action-mentorship_program.mentorship_next_steps_action",
            "mentorship_next_steps_backend",
            login="mentorship_mona",
        )
        pair.with_user(self.user_mona).action_accept()
        self.env.flush_all()
        self.start_tour("/my/mentorship", "mentorship_next_steps_match", login="mentorship_alice")
        self.assertEqual(pair.state, "active")
        self.assertEqual(pair.session_ids.mapped("state"), ["planned"])


class TestMatchSwapTour(MatchingCase, TourCase):
    def test_hr_swaps_a_proposal_mentor_from_the_ranked_list(self):
        lina = self.env["hr.employee"].create({"name": "Lina Lead"})
        lina_user = mail_new_test_user(self.env, login="mentorship_lina_tour", name="Lina Lead")
        lina.user_id = lina_user
        lina_skill = self.env["hr.employee.skill"].create(
            {
                "employee_id": lina.id,
                "skill_type_id": self.skill_type.id,
                "skill_id": self.skill_strategy.id,
                "skill_level_id": self.level_beginner.id,
            }
        )
        mentor_lina = self._ready_mentor(lina, lina_user, lina_skill)
        run = self._run()
        bob = self._proposal_of(run, self.mentee_bob)
        self.assertEqual(bob.mentor_enrollment_id, self.mentor_max)
        self.env.flush_all()
        action = self.env.ref("mentorship_program.mentorship_match_proposal_action")
        self.start_tour(
            f"/odoo/action-{action.id}/{bob.id}",
            "mentorship_match_swap_mentor",
            login="mentorship_hr",
        )
        bob.invalidate_recordset()
        self.assertEqual(bob.mentor_enrollment_id, mentor_lina)
        self.assertTrue(bob.is_manual)
        self.assertTrue(bob.locked)


class TestPortalPairMessageTour(MatchingCase, TourCase):
    def test_mentor_and_mentee_exchange_a_message_on_the_pair_page(self):
        self.user_alice.groups_id = [Command.set([self.env.ref("base.group_portal").id])]
        _run, pairs = self._published_pairs()
        pair = self._pair_of(pairs, self.mentee_alice).sudo()
        pair.with_user(self.user_alice).action_accept()
        pair.with_user(self.user_mona).action_accept()
        self.env["mentorship.profile"].search([("employee_id", "=", self.employee_mona.id)]).write(
            {"about_me": "Coach for ten years."}
        )
        self.env.flush_all()
        self.start_tour(
            pair.access_url, "mentorship_portal_pair_message_mentee", login="mentorship_alice"
        )
        self.start_tour(
            pair.access_url, "mentorship_portal_pair_message_mentor", login="mentorship_mona"
        )
        comments = (
            self.env["mail.message"]
            .search([("model", "=", "mentorship.pair"), ("res_id", "=", pair.id)], order="id")
            .filtered(lambda m: m.message_type == "comment")
        )
        self.assertEqual(comments.author_id, self.user_alice.partner_id | self.user_mona.partner_id)
        first = comments.filtered(lambda m: m.author_id == self.user_alice.partner_id)
        self.assertIn(self.user_mona.partner_id, first.notification_ids.res_partner_id)
