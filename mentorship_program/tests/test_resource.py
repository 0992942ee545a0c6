from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_plan import PlanCase


@tagged("post_install", "-at_install")
class TestSuggestedCourses(PlanCase):
    """The program's resources: a coaching course (invite-only), a strategy
    course and an untagged one; plus a library of case studies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Channel = cls.env["slide.channel"]
        cls.course_coaching = Channel.create(
            {
                "name": "Coaching Conversations",
                "is_published": True,
                "enroll": "invite",
                "mentorship_skill_ids": [Command.set(cls.skill_coaching.ids)],
            }
        )
        cls.slide_coaching = cls.env["slide.slide"].create(
            {
                "name": "The GROW model",
                "channel_id": cls.course_coaching.id,
                "slide_category": "article",
                "html_content": "<p>Goal, Reality, Options, Will.</p>",
                "is_published": True,
            }
        )
        cls.course_strategy = Channel.create(
            {
                "name": "Strategy Basics",
                "is_published": True,
                "mentorship_skill_ids": [Command.set(cls.skill_strategy.ids)],
            }
        )
        cls.course_untagged = Channel.create({"name": "Time Management", "is_published": True})
        cls.library = Channel.create({"name": "Mentorship Library", "is_published": True})
        cls.program.write(
            {
                "resource_channel_ids": [
                    Command.set(
                        (cls.course_coaching | cls.course_strategy | cls.course_untagged).ids
                    )
                ],
                "library_channel_id": cls.library.id,
            }
        )

    def setUp(self):
        super().setUp()
        self.goal = self.plan.goal_ids.filtered("skill_id")
        # The ORM caches an empty resource_ids when it creates an objective;
        # the suggestions (an SQL view) are read in a later request in real
        # use, as here after the cache is dropped.
        self.env.invalidate_all()

    def test_objective_suggests_the_courses_teaching_its_skill(self):
        row = self.goal.with_user(self.user_alice).resource_ids
        self.assertEqual(row.channel_id, self.course_coaching)
        self.assertFalse(row.is_member)
        self.assertEqual(row.completion, 0)
        self.assertEqual(row.partner_id, self.user_alice.partner_id)
        text_goal = self.plan.goal_ids - self.goal
        self.assertFalse(text_goal.resource_ids)
        # A course that is not a resource of the program is never suggested.
        self.program.write({"resource_channel_ids": [Command.unlink(self.course_coaching.id)]})
        self.goal.invalidate_recordset(["resource_ids"])
        self.assertFalse(self.goal.resource_ids)

    def test_mentor_enrolls_the_mentee_in_one_click_and_sees_progress(self):
        row = self.goal.with_user(self.user_mona).resource_ids
        row.action_enroll_mentee()
        membership = self.env["slide.channel.partner"].search(
            [
                ("channel_id", "=", self.course_coaching.id),
                ("partner_id", "=", self.user_alice.partner_id.id),
            ]
        )
        self.assertEqual(membership.member_status, "joined")
        self.env.invalidate_all()
        row = self.goal.with_user(self.user_mona).resource_ids
        self.assertTrue(row.is_member)
        self.assertEqual(row.member_status, "joined")

        self.slide_coaching.with_user(self.user_alice).action_mark_completed()
        self.env.flush_all()
        self.env.invalidate_all()
        row = self.goal.with_user(self.user_mona).resource_ids
        self.assertEqual(row.completion, 100)
        self.assertEqual(row.member_status, "completed")

    def test_outsiders_neither_see_nor_enroll(self):
        Resource = self.env["mentorship.goal.resource"]
        self.assertFalse(Resource.with_user(self.user_carl).search([]))
        self.assertTrue(Resource.with_user(self.user_hr).search([("goal_id", "=", self.goal.id)]))
        row = self.goal.resource_ids
        with self.assertRefused(AccessError):
            row.with_user(self.user_carl).action_enroll_mentee()
        self.assertFalse(
            self.env["slide.channel.partner"].search(
                [
                    ("channel_id", "=", self.course_coaching.id),
                    ("partner_id", "=", self.user_alice.partner_id.id),
                ]
            )
        )

    def test_plan_links_the_library(self):
        self.assertEqual(self.plan.library_channel_id, self.library)
        action = self.plan.with_user(self.user_alice).action_open_library()
        self.assertEqual(action["url"], self.library.website_url)
