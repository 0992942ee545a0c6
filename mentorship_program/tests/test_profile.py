"""Mentorship profiles: the owner writes theirs, HR reads it, the other side
of a pair (a request, a suggestion, the proposal e-mail) reads the card with
what the owner shares, nobody else reads anything."""

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models.mentorship_profile import ABOUT_ME_LIMIT
from .common_roles import RolesCase

ABOUT_ALICE = "Curious engineer, learning to lead a team."


class ProfileCase(RolesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Profile = cls.env["mentorship.profile"]
        cls.profile_alice = Profile.search([("employee_id", "=", cls.employee_alice.id)])
        cls.profile_mona = Profile.search([("employee_id", "=", cls.employee_mona.id)])
        cls.profile_bob = Profile.search([("employee_id", "=", cls.employee_bob.id)])
        cls.lang_en = cls.env.ref("base.lang_en")
        cls.mentee_alice.sudo().write(
            {"language_ids": [Command.set(cls.lang_en.ids)], "tz": "Europe/Brussels"}
        )

    def _mona_reads_alice(self):
        """Alice's card on her pair, as her mentor reads it."""
        self.env.invalidate_all()
        return str(self.pair.with_user(self.user_mona).mentee_profile_card)


@tagged("post_install", "-at_install")
class TestProfileAccess(ProfileCase):
    def test_made_with_the_first_enrollment_for_its_owner(self):
        self.assertEqual(len(self.profile_alice), 1)
        self.assertEqual(self.profile_alice.user_id, self.user_alice)
        self.assertEqual(self.profile_bob.user_id, self.user_bob)
        # A second enrollment makes no second profile.
        self._enroll(self.employee_alice, program=self.program_b)
        count = self.env["mentorship.profile"].search_count(
            [("employee_id", "=", self.employee_alice.id)]
        )
        self.assertEqual(count, 1)

    def test_the_owner_writes_it_over_rpc(self):
        self.profile_alice.with_user(self.user_alice).write(
            {"about_me": ABOUT_ALICE, "share_languages": True}
        )
        self.assertEqual(self.profile_alice.about_me, ABOUT_ALICE)
        # Portal owners too.
        self.profile_bob.with_user(self.user_bob).write({"about_me": "Bob here"})
        self.assertEqual(self.profile_bob.about_me, "Bob here")

    def test_my_profile_opens_the_owners_own(self):
        action = self.env["mentorship.profile"].with_user(self.user_alice).action_open_my_profile()
        self.assertEqual(action["res_id"], self.profile_alice.id)
        # Carl has no enrollment: his profile is made on first opening.
        action = self.env["mentorship.profile"].with_user(self.user_carl).action_open_my_profile()
        carl = self.env["mentorship.profile"].browse(action["res_id"])
        self.assertEqual(carl.employee_id, self.employee_carl)
        self.assertEqual(carl.user_id, self.user_carl)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_hr_reads_and_nobody_else_reads_or_writes(self):
        self.profile_alice.write({"about_me": ABOUT_ALICE})
        hr_view = self.profile_alice.with_user(self.user_hr)
        self.assertEqual(hr_view.read(["about_me"])[0]["about_me"], ABOUT_ALICE)
        with self.assertRefused(AccessError):
            hr_view.write({"about_me": "HR wrote this"})
        for role in ("mentor", "colleague", "line_manager", "portal_member"):
            user = self.roles[role]
            Profile = self.env["mentorship.profile"].with_user(user)
            with self.subTest(role=role):
                with self.assertRefused(AccessError):
                    self.profile_alice.with_user(user).read(["about_me"])
                with self.assertRefused(AccessError):
                    self.profile_alice.with_user(user).write({"about_me": "Not mine"})
                self.assertFalse(Profile.search([("id", "=", self.profile_alice.id)]))
                self.assertFalse(
                    Profile.search_read([("about_me", "!=", False)], ["about_me"]),
                    "searching finds nobody else's profile",
                )
        other_company = self.roles["other_company_manager"]
        with self.assertRefused(AccessError):
            self.profile_alice.with_user(other_company).read(["about_me"])
        self.assertEqual(self.profile_alice.about_me, ABOUT_ALICE)

    def test_nobody_creates_or_deletes_one(self):
        for role in ("mentee", "mentorship_manager", "mentorship_admin"):
            user = self.roles[role]
            with self.subTest(role=role):
                with self.assertRefused(AccessError):
                    self.env["mentorship.profile"].with_user(user).create(
                        {"employee_id": self.employee_carl.id}
                    )
                with self.assertRefused(AccessError):
                    self.profile_alice.with_user(user).unlink()

    def test_the_owner_cannot_move_it_or_take_another(self):
        with self.assertRefused(AccessError, r"employee_id"):
            self.profile_alice.with_user(self.user_alice).write(
                {"employee_id": self.employee_carl.id}
            )
        with self.assertRefused(AccessError, r"user_id"):
            self.profile_alice.with_user(self.user_alice).write({"user_id": self.user_carl.id})

    def test_about_me_has_a_size_limit(self):
        with self.assertRefused(ValidationError, r"About Me.*about_me"):
            self.profile_alice.with_user(self.user_alice).write(
                {"about_me": "x" * (ABOUT_ME_LIMIT + 1), "share_tz": True}
            )
        self.assertFalse(self.profile_alice.share_tz, "nothing half-written")


@tagged("post_install", "-at_install")
class TestProfileCards(ProfileCase):
    def test_the_pair_reads_only_what_the_owner_shares(self):
        self.profile_alice.with_user(self.user_alice).write({"about_me": ABOUT_ALICE})
        card = self._mona_reads_alice()
        for always in ("Alice Mentee", ABOUT_ALICE):
            self.assertIn(always, card)
        for unshared in (self.lang_en.name, "Europe/Brussels", self.skill_coaching.name):
            self.assertNotIn(unshared, card)
        self.profile_alice.with_user(self.user_alice).write(
            {"share_languages": True, "share_tz": True, "share_skills": True}
        )
        card = self._mona_reads_alice()
        for shared in (self.lang_en.name, "Europe/Brussels", self.skill_coaching.name):
            self.assertIn(shared, card)
        self.assertNotIn(
            self.slots[0].display_name, card, "availability stays unshared until ticked"
        )
        # The mentee reads her mentor's expertise once Mona shares it.
        self.assertNotIn(
            self.skill_coaching.name, str(self.pair.with_user(self.user_alice).mentor_profile_card)
        )
        self.profile_mona.with_user(self.user_mona).write({"share_skills": True})
        self.env.invalidate_all()
        self.assertIn(
            self.skill_coaching.name, str(self.pair.with_user(self.user_alice).mentor_profile_card)
        )

    def test_the_card_never_carries_the_intake_goals_or_hr_data(self):
        self.profile_alice.with_user(self.user_alice).write(
            {"share_languages": True, "share_tz": True, "share_skills": True}
        )
        self.mentee_alice.sudo().goals = "Secret ambition: replace my manager"
        values = self.env["mentorship.profile"]._card_values(self.profile_alice, self.mentee_alice)
        self.assertEqual(
            set(values),
            {
                "name",
                "job",
                "department",
                "image",
                "about_me",
                "role",
                "languages",
                "tz",
                "availability",
                "skills",
            },
        )
        self.assertNotIn("Secret ambition", self._mona_reads_alice())

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_a_colleague_reads_no_card(self):
        with self.assertRefused(AccessError):
            self.pair.with_user(self.user_carl).read(["mentee_profile_card"])
        with self.assertRefused(AccessError):
            self.pair.with_user(self.user_max).read(["mentee_profile_card"])

    def test_a_request_shows_each_side_the_others_card(self):
        self.profile_alice.with_user(self.user_alice).write({"about_me": ABOUT_ALICE})
        self.profile_mona.with_user(self.user_mona).write({"about_me": "Coach for ten years."})
        request = self.env["mentorship.request"].create(
            {
                "program_id": self.program.id,
                "mentee_enrollment_id": self.mentee_alice.id,
                "mentor_enrollment_id": self.mentor_mona.id,
            }
        )
        self.assertIn(ABOUT_ALICE, str(request.with_user(self.user_mona).mentee_profile_card))
        self.assertIn(
            "Coach for ten years.", str(request.with_user(self.user_alice).mentor_profile_card)
        )

    def test_a_suggested_mentor_shows_their_card(self):
        self.profile_mona.with_user(self.user_mona).write(
            {"about_me": "Coach for ten years.", "share_skills": True}
        )
        wizard = (
            self.env["mentorship.mentor.suggestion"]
            .with_user(self.user_alice)
            .create({"mentee_enrollment_id": self.mentee_alice.id})
        )
        wizard._system_write(
            {
                "line_ids": [
                    Command.create({"rank": 1, "mentor_enrollment_ref": self.mentor_mona.id})
                ]
            }
        )
        card = str(wizard.with_user(self.user_alice).line_ids.mentor_profile_card)
        self.assertIn("Coach for ten years.", card)
        self.assertIn(self.skill_coaching.name, card)

    def test_the_proposal_email_carries_both_shared_cards(self):
        self.profile_alice.write({"about_me": ABOUT_ALICE, "share_tz": False})
        self.profile_mona.write({"about_me": "Coach for ten years.", "share_skills": True})
        template = self.env.ref("mentorship_program.mail_template_pair_proposed")
        body = str(template._render_field("body_html", self.pair.ids)[self.pair.id])
        self.assertIn(ABOUT_ALICE, body)
        self.assertIn("Coach for ten years.", body)
        self.assertIn(self.skill_coaching.name, body, "Mona shares her expertise")
        self.assertNotIn("Europe/Brussels", body, "Alice did not share her time zone")
