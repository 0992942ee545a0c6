import re
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import MatchingCase


class PortalPairCase(MatchingCase, HttpCase):
    """Alice is a portal user (an employee without a backend account) matched
    with Mona, an internal user; Bob and Max are the other pair of the run."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_alice.groups_id = [Command.set([cls.env.ref("base.group_portal").id])]
        cls.user_paul = mail_new_test_user(
            cls.env, login="mentorship_paul", name="Paul Portal", groups="base.group_portal"
        )
        cls.match_run = cls._run_matching()
        cls.match_run.action_publish()
        pairs = cls.match_run.pair_ids
        cls.pair = pairs.filtered(lambda p: p.mentee_enrollment_id == cls.mentee_alice)
        cls.pair_bob = pairs - cls.pair

    @classmethod
    def _run_matching(cls):
        run = cls.env["mentorship.match.run"].create({"program_id": cls.program.id})
        run.action_run()
        return run

    def _url(self, pair=None, operation=""):
        url = f"/my/mentorship/pair/{(pair or self.pair).id}"
        return f"{url}/{operation}" if operation else url

    def _csrf(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)

    def _post(self, operation, pair=None, **data):
        token = self._csrf(self._url(pair))
        return self.url_open(self._url(pair, operation), data={"csrf_token": token, **data})

    def _activate(self):
        self.pair.with_user(self.user_alice).action_accept()
        self.pair.with_user(self.user_mona).action_accept()
        self.assertEqual(self.pair.state, "active")

    def _ratings(self, session):
        """{side: rating} of a session, as the system reads them."""
        ratings = self.env["mentorship.session.rating"].search([("session_id", "=", session.id)])
        return {rating.side: rating.rating for rating in ratings}

    def _past_session(self, hours_ago=2):
        session = self.env["mentorship.session"].create(
            {"pair_id": self.pair.id, "date_start": fields.Datetime.now() + timedelta(days=1)}
        )
        # As if the meeting time had come: planned sessions start in the future.
        session.sudo().write({"date_start": fields.Datetime.now() - timedelta(hours=hours_ago)})
        return session


@tagged("post_install", "-at_install")
class TestPortalPairJourney(PortalPairCase):
    def test_portal_mentee_answers_plans_logs_and_rates(self):
        self.authenticate("mentorship_alice", "mentorship_alice")
        home = self.url_open("/my/mentorship")
        self.assertIn(self._url(), home.text, "the home page links to the pair")
        self.assertIn("Mona Mentor", home.text)

        page = self.url_open(self._url())
        self.assertIn("Accept the match", page.text)
        response = self._post("accept")
        self.assertIn("You accepted", response.text)
        self.assertTrue(self.pair.mentee_accepted)
        self.assertEqual(self.pair.state, "pending", "the mentor has not answered yet")

        self.pair.with_user(self.user_mona).action_accept()
        plan = self.pair.plan_ids
        self.assertTrue(plan.milestone_ids, "the active pair has its 90-day plan")
        page = self.url_open(self._url())
        self.assertIn(plan.milestone_ids[0].name, page.text)

        response = self._post("confirm_plan")
        self.assertIn("You confirmed the plan", response.text)
        self.assertTrue(plan.mentee_confirmed)
        self.assertFalse(plan.mentor_confirmed, "nobody confirms for the other side")

        milestone = plan.milestone_ids[0]
        self._post("milestone", milestone_id=milestone.id, done="1")
        self.assertTrue(milestone.done)

        start_local = (fields.Datetime.now() + timedelta(days=3)).replace(second=0, microsecond=0)
        response = self._post(
            "schedule",
            date_start=start_local.strftime("%Y-%m-%dT%H:%M"),
            duration="1.5",
            agenda="My first 30 days",
        )
        self.assertIn("The session is planned", response.text)
        session = self.pair.session_ids
        self.assertEqual(session.state, "planned")
        self.assertEqual(session.date_start, start_local, "Alice's time zone is UTC")
        self.assertEqual(session.duration, 1.5)
        self.assertIn("My first 30 days", session.agenda)
        self.assertTrue(session.event_id, "in both calendars")

        past = self._past_session()
        response = self._post(
            "log", session_id=past.id, outcome="done", notes="We met", hours_spent="1"
        )
        self.assertIn("logged as done", response.text)
        self.assertEqual(past.state, "done")
        self.assertIn("We met", past.notes)
        self.assertEqual(past.hours_spent, 1.0)

        response = self._post("rate", session_id=past.id, rating="4")
        self.assertIn("Thank you for rating", response.text)
        self.assertEqual(self._ratings(past), {"mentee": 4}, "her rating, for herself only")
        self.assertIn("Your rating: 4/5", response.text)

        response = self._post("cancel_session", session_id=session.id)
        self.assertEqual(session.state, "cancelled")

    def test_internal_mentor_uses_the_same_page(self):
        self._activate()
        past = self._past_session()
        past.with_user(self.user_mona).action_done()
        self.authenticate("mentorship_mona", "mentorship_mona")
        page = self.url_open(self._url())
        self.assertIn("Mentoring", page.text)
        self.assertIn("Alice Mentee", page.text)
        self._post("rate", session_id=past.id, rating="5")
        self.assertEqual(self._ratings(past), {"mentor": 5})

    def test_decline_from_the_portal(self):
        self.authenticate("mentorship_alice", "mentorship_alice")
        response = self._post("decline")
        self.assertIn("You declined", response.text)
        self.assertEqual(self.pair.state, "declined")
        self.assertEqual(self.pair.declined_by, "mentee")


@tagged("post_install", "-at_install")
class TestPortalPairAccess(PortalPairCase):
    def _assert_shows_nothing(self, response):
        self.assertTrue(response.url.endswith("/my"), response.url)
        self.assertNotIn("Mona Mentor", response.text)
        self.assertNotIn("Accept the match", response.text)

    def test_other_people_see_nothing_of_the_pair(self):
        self._activate()
        self.env["mentorship.session"].with_user(self.user_mona).create(
            {
                "pair_id": self.pair.id,
                "date_start": fields.Datetime.now() + timedelta(days=2),
                "agenda": "<p>Confidential agenda</p>",
            }
        )
        for login in ("mentorship_bob", "mentorship_paul", "mentorship_carl"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                response = self.url_open(self._url())
                self._assert_shows_nothing(response)
                self.assertNotIn("Confidential agenda", response.text)
                # A token in the URL changes nothing: pairs are never shared by link.
                response = self.url_open(self._url() + "?access_token=guessed")
                self._assert_shows_nothing(response)

    def test_tampered_urls(self):
        self.authenticate("mentorship_alice", "mentorship_alice")
        self._assert_shows_nothing(self.url_open("/my/mentorship/pair/999999"))
        self.assertEqual(self.url_open("/my/mentorship/pair/abc").status_code, 404)
        # Alice's own page with another pair's session: refused, nothing changes.
        self._activate()
        self.pair_bob.with_user(self.user_bob).action_accept()
        self.pair_bob.with_user(self.user_max).action_accept()
        other = self.env["mentorship.session"].create(
            {"pair_id": self.pair_bob.id, "date_start": fields.Datetime.now() + timedelta(days=1)}
        )
        response = self._post("cancel_session", session_id=other.id)
        self.assertIn("has no such record", response.text)
        self.assertEqual(other.state, "planned")
        # Nor rate it, nor write its notes.
        other.sudo().write({"state": "done"})
        response = self._post("rate", session_id=other.id, rating="1")
        self.assertIn("has no such record", response.text)
        self.assertFalse(self._ratings(other))
        other.sudo().write({"state": "planned"})
        response = self._post("log", session_id=other.id, outcome="done", notes="Planted")
        self.assertIn("has no such record", response.text)
        self.assertFalse(other.with_env(self.env).notes)
        response = self._post(
            "milestone", milestone_id=self.pair_bob.plan_ids.milestone_ids[0].id, done="1"
        )
        self.assertIn("has no such record", response.text)
        self.assertFalse(self.pair_bob.plan_ids.milestone_ids[0].done)

    def test_someone_elses_post_changes_nothing(self):
        self.authenticate("mentorship_bob", "mentorship_bob")
        token = self._csrf("/my/mentorship")
        response = self.url_open(self._url(operation="accept"), data={"csrf_token": token})
        self._assert_shows_nothing(response)
        self.assertFalse(self.pair.mentee_accepted)
        self.assertEqual(self.pair.state, "pending")

    def test_post_without_csrf_token_is_refused(self):
        self._activate()
        self.authenticate("mentorship_alice", "mentorship_alice")
        start = (fields.Datetime.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
        response = self.url_open(self._url(operation="schedule"), data={"date_start": start})
        self.assertEqual(response.status_code, 400)
        response = self.url_open(
            self._url(operation="schedule"), data={"date_start": start, "csrf_token": "forged"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.pair.session_ids)

    def test_bad_input_names_the_field_and_stores_nothing(self):
        self._activate()
        self.authenticate("mentorship_alice", "mentorship_alice")
        response = self._post("schedule", date_start="next tuesday")
        self.assertIn("Start: &#39;next tuesday&#39; is not a date and time", response.text)
        tomorrow = (fields.Datetime.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
        response = self._post("schedule", date_start=tomorrow, duration="abc")
        self.assertIn("Duration (hours): &#39;abc&#39; is not a number", response.text)
        yesterday = (fields.Datetime.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
        response = self._post("schedule", date_start=yesterday)
        self.assertIn("is in the past", response.text)
        self.assertFalse(self.pair.session_ids)

        past = self._past_session()
        past.with_user(self.user_mona).action_done()
        response = self._post("rate", session_id=past.id, rating="7")
        self.assertIn("must be between 1 and 5", response.text)
        self.assertFalse(self._ratings(past))
        response = self._post("log", session_id=past.id, outcome="done")
        self.assertIn("cannot be logged as done: it is done", response.text)


@tagged("post_install", "-at_install", "is_query_count")
class TestPortalPairQueries(PortalPairCase):
    """The pages cost the same number of queries whatever the number of pairs,
    sessions, milestones and objectives."""

    def _count_queries(self, url):
        self.url_open(url)  # warm-up: caches, assets, session
        self.env.flush_all()
        before = self.cr.sql_log_count
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return self.cr.sql_log_count - before

    def _add_sessions(self, count):
        for _ in range(count):
            session = self._past_session()
            session.sudo().write({"state": "done", "notes": "<p>n</p>"})
            session.with_user(self.user_alice).write({"my_rating": 4})
        self.env["mentorship.session"].create(
            {"pair_id": self.pair.id, "date_start": fields.Datetime.now() + timedelta(days=2)}
        )

    def test_pair_page_queries_do_not_grow(self):
        self._activate()
        self._add_sessions(1)
        self.authenticate("mentorship_alice", "mentorship_alice")
        baseline = self._count_queries(self._url())
        self._add_sessions(6)
        plan = self.pair.plan_ids
        plan.sudo().write(
            {
                "milestone_ids": [
                    Command.create({"name": f"Step {i}", "date_due": plan.date_end})
                    for i in range(5)
                ],
                "goal_ids": [Command.create({"name": f"Objective {i}"}) for i in range(5)],
            }
        )
        self.url_open(self._url())  # warm-up with the new records
        with self.assertQueryCount(baseline):
            response = self.url_open(self._url())
        self.assertEqual(response.text.count('o_mentorship_session"'), 9)

    def test_home_queries_do_not_grow_with_pairs(self):
        # An active pair from the start: the home's next steps read the
        # sessions of active pairs, a query that has nothing to do without.
        self._activate()
        self.authenticate("mentorship_mona", "mentorship_mona")
        baseline = self._count_queries("/my/mentorship")
        # Mona mentors four more mentees.
        self.mentor_mona.sudo().capacity = 4
        for name in ("Dora", "Eli", "Finn", "Gus"):
            employee = self.env["hr.employee"].create({"name": f"{name} Mentee"})
            mentee = self._approved_mentee(employee, self.skill_coaching)
            self.env["mentorship.pair"].create(
                {
                    "program_id": self.program.id,
                    "mentee_enrollment_id": mentee.id,
                    "mentor_enrollment_id": self.mentor_mona.id,
                    "state": "active",
                    "date_start": fields.Date.today(),
                }
            )
        self.url_open("/my/mentorship")
        with self.assertQueryCount(baseline):
            response = self.url_open("/my/mentorship")
        self.assertEqual(response.text.count("o_mentorship_pair_row"), 5)
