from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .test_portal_pair import PortalPairCase


@tagged("post_install", "-at_install")
class TestNextSteps(PortalPairCase):
    """The home pages open on what the reader has to do next, each step a
    link to where it is done; nothing of anybody else's records."""

    def _steps(self, user, audience="portal"):
        return self.env["mentorship.next.step"].with_user(user).get_next_steps(audience)

    def _codes(self, user, audience="portal"):
        return [step["code"] for step in self._steps(user, audience)]

    def test_a_published_match_asks_both_people_for_an_answer(self):
        (step,) = self._steps(self.user_alice)
        self.assertEqual(step["code"], "answer_match")
        self.assertEqual(step["url"], self.pair.access_url)
        self.assertIn("Mona Mentor", step["title"])
        self.assertTrue(step["due"], "the deadline is shown")
        self.assertEqual(self._codes(self.user_mona), ["answer_match"])
        # Once answered, the step is gone for that side only.
        self.pair.with_user(self.user_alice).action_accept()
        self.assertEqual(self._codes(self.user_alice), [])
        self.assertEqual(self._codes(self.user_mona), ["answer_match"])
        # Carl is in no pair: nothing, and never the others' steps.
        self.assertEqual(self._codes(self.user_carl), [])

    def test_an_active_pair_plans_meets_logs_and_rates(self):
        self._activate()
        codes = self._codes(self.user_alice)
        self.assertIn("schedule_first_session", codes)
        steps = {step["code"]: step for step in self._steps(self.user_alice)}
        self.assertEqual(steps["schedule_first_session"]["url"], f"{self.pair.access_url}#sessions")
        if self.pair.plan_ids:
            self.assertIn("confirm_plan", codes)
            self.pair.plan_ids.with_user(self.user_alice).action_confirm()
            self.assertNotIn("confirm_plan", self._codes(self.user_alice))
        past = self._past_session(hours_ago=20)
        steps = {step["code"]: step for step in self._steps(self.user_alice)}
        self.assertNotIn("schedule_first_session", steps)
        self.assertEqual(steps["log_session"]["url"], f"{self.pair.access_url}#session-{past.id}")
        self.assertNotRegex(steps["log_session"]["title"], r"\d:\d\d:\d\d", "no seconds")
        past.with_user(self.user_alice).action_done()
        self.assertEqual(
            [c for c in self._codes(self.user_alice) if c.endswith("_session")], ["rate_session"]
        )
        past.with_user(self.user_alice).write({"my_rating": 4})
        self.assertNotIn("rate_session", self._codes(self.user_alice))
        # Mona has not rated yet: her step stays.
        self.assertIn("rate_session", self._codes(self.user_mona))
        # A session still to come asks for nothing.
        self.env["mentorship.session"].create(
            {"pair_id": self.pair.id, "date_start": fields.Datetime.now() + timedelta(days=2)}
        )
        self.assertNotIn("log_session", self._codes(self.user_alice))

    def test_a_new_mentor_sees_each_blocker_with_its_link(self):
        enrollment = self.env["mentorship.enrollment"].create(
            {"program_id": self.program.id, "employee_id": self.employee_carl.id, "role": "mentor"}
        )
        steps = {step["code"]: step for step in self._steps(self.user_carl)}
        self.assertEqual(
            list(steps), ["complete_intake", "accept_charter", "finish_onboarding"], steps
        )
        self.assertEqual(steps["complete_intake"]["url"], enrollment.access_url)
        self.assertEqual(steps["finish_onboarding"]["url"], self.onboarding_course.website_url)
        self.assertIn("0% done", steps["finish_onboarding"]["detail"])
        enrollment.with_user(self.user_carl).with_context(
            charter_version=self.program.charter_version
        ).action_accept_charter()
        self._complete_onboarding(self.user_carl)
        self.env.invalidate_all()  # as the next request would
        self.assertEqual(self._codes(self.user_carl), ["complete_intake"])
        # In the backend, the same step opens the enrollment's form.
        (step,) = self._steps(self.user_carl, "backend")
        self.assertEqual(step["url"], f"/odoo/mentorship.enrollment/{enrollment.id}")

    def test_the_portal_home_lists_the_steps_and_says_when_none_is_due(self):
        self.authenticate("mentorship_alice", "mentorship_alice")
        page = self.url_open("/my/mentorship")
        self.assertIn("Your next steps", page.text)
        self.assertIn("o_mentorship_next_step_answer_match", page.text)
        self.assertIn(f'href="{self.pair.access_url}"', page.text)
        self.authenticate("mentorship_carl", "mentorship_carl")
        page = self.url_open("/my/mentorship")
        self.assertIn("o_mentorship_no_next_step", page.text)
        self.assertNotIn("o_mentorship_next_step_answer_match", page.text)

    def test_the_home_card_has_its_icon_and_the_pairs_list_pages_and_sorts(self):
        self.authenticate("mentorship_alice", "mentorship_alice")
        home = self.url_open("/my")
        self.assertIn("/mentorship_program/static/img/mentorship.svg", home.text)
        self.assertEqual(
            self.url_open("/mentorship_program/static/img/mentorship.svg").status_code, 200
        )
        page = self.url_open("/my/mentorship?sortby=program")
        self.assertIn("portal_searchbar_sortby", page.text)
        self.assertIn(self.pair.access_url, page.text)
        # A page beyond the last one shows the last one, not an error.
        self.assertEqual(self.url_open("/my/mentorship?page=99").status_code, 200)
        self.assertEqual(self.url_open("/my/mentorship?page=abc&sortby=nonsense").status_code, 200)

    def test_the_home_links_the_profile_and_shows_times_without_seconds(self):
        self._activate()
        self.env["mentorship.session"].create(
            {"pair_id": self.pair.id, "date_start": fields.Datetime.now() + timedelta(days=2)}
        )
        self.authenticate("mentorship_alice", "mentorship_alice")
        page = self.url_open("/my/mentorship")
        self.assertIn('href="/my/mentorship/profile"', page.text)
        row = page.text[page.text.index("o_mentorship_pair_row") :]
        self.assertRegex(row[:2000], r"\d{1,2}:\d{2}(?!:\d)")
        self.assertNotRegex(row[:2000], r"\d{1,2}:\d{2}:\d{2}")
