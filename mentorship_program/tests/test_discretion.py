"""Point 8: diversity attributes never leave HR.

The program below weighs the diversity blend so heavily that it is one of
the three reasons of every pair of different people. HR's proposals say so,
in words; nothing the mentor or the mentee reads does: their pair, its
e-mail, its answer activity, the portal pages, requests and suggestions.
"""

import re
from pathlib import Path

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.mentorship_program.matching import (
    PRIVATE_REASON_CODES,
    SHARED_REASON_CODES,
    ReasonRenderer,
    is_shared,
    shared_reasons,
)
from odoo.addons.mentorship_program.matching.loader import ATTRIBUTE_NAMES

from .common import MatchingCase

MODULE_DIR = Path(__file__).resolve().parent.parent
DIVERSITY_SENTENCE = "brings a different background (gender, nationality)"
# Words (English and French) and values no participant may read.
FORBIDDEN = re.compile(
    r"gender|nationalit|background|diversity|genre|parcours|belgi|\bfrance\b|\bmale\b|female",
    re.IGNORECASE,
)


class DiscretionCase(MatchingCase):
    """Alice (a Belgian woman) and Mona (a French man): different in both
    attributes; Max (a French man) too. Diversity outweighs everything."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program.sudo().match_weight_diversity = 50.0
        belgium, france = cls.env.ref("base.be"), cls.env.ref("base.fr")
        cls.employee_alice.write({"gender": "female", "country_id": belgium.id})
        cls.employee_bob.write({"gender": "male", "country_id": france.id})
        cls.employee_mona.write({"gender": "male", "country_id": france.id})
        cls.employee_max.write({"gender": "male", "country_id": france.id})

    def assertDiscreet(self, value, where):
        """No forbidden word in the text of ``value`` (tags, their attributes,
        scripts and styles left out: a page's CSS says "background")."""
        text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", str(value))
        text = re.sub(r"(?s)<[^>]*>", " ", text)
        match = FORBIDDEN.search(text)
        self.assertFalse(match, f"{where} says {match and match.group(0)!r}: {text[:2000]}")

    def _participant_surfaces(self, pair):
        """What the mentor and the mentee of ``pair`` read of it in Odoo."""
        surfaces = []
        for user in pair.mentor_user_id | pair.mentee_user_id:
            as_user = pair.with_user(user)
            surfaces.append((f"pair read by {user.login}", as_user.read()))
            surfaces.append((f"pair explanation for {user.login}", as_user.explanation))
            surfaces.append(
                (
                    f"activities read by {user.login}",
                    self.env["mail.activity"]
                    .with_user(user)
                    .search_read(
                        [("res_model", "=", pair._name), ("res_id", "=", pair.id)],
                        ["summary", "note", "res_name", "activity_type_id"],
                    ),
                )
            )
            surfaces.append(
                (
                    f"messages read by {user.login}",
                    self.env["mail.message"]
                    .with_user(user)
                    .search_read(
                        [("model", "=", pair._name), ("res_id", "=", pair.id)],
                        ["body", "subject", "preview"],
                    ),
                )
            )
        mails = self.env["mail.mail"].search([("model", "=", pair._name), ("res_id", "=", pair.id)])
        surfaces.append(("the e-mails", mails.mapped(lambda m: (m.subject, m.body_html))))
        surfaces.append(("the e-mails' messages", mails.mail_message_id.mapped("body")))
        return surfaces


@tagged("post_install", "-at_install")
class TestDiversityStaysWithHR(DiscretionCase):
    def test_hr_proposal_names_the_attributes_in_words(self):
        run = self._run()
        proposal = self._proposal_of(run, self.mentee_alice).with_user(self.user_hr)
        codes = [reason["code"] for reason in proposal.match_reasons]
        self.assertIn("diversity", codes, "the diversity reason is among the top three")
        diversity = proposal.match_reasons[codes.index("diversity")]
        self.assertEqual(diversity["data"]["attributes"], ["gender", "nationality"])
        self.assertIn(DIVERSITY_SENTENCE, proposal.explanation.lower())

    def test_pair_mail_and_activity_never_name_them(self):
        _run, pairs = self._published_pairs()
        pair = self._pair_of(pairs, self.mentee_alice)
        self.assertTrue(pair.activity_ids, "the answer activities exist")
        self.assertTrue(
            self.env["mail.mail"].search([("model", "=", pair._name), ("res_id", "=", pair.id)]),
            "the proposal e-mail exists",
        )
        self.assertNotIn(
            "diversity", [reason["code"] for reason in pair.sudo().match_reasons or ()]
        )
        self.assertIn("Coaching", pair.with_user(self.user_alice).explanation)
        for where, text in self._participant_surfaces(pair):
            with self.subTest(where=where):
                self.assertDiscreet(text, where)

    def test_mentor_changed_by_hand_then_published(self):
        run = self._run()
        proposal = self._proposal_of(run, self.mentee_alice).with_user(self.user_hr)
        proposal.write({"mentor_enrollment_id": self.mentor_max.id})
        self.assertTrue(proposal.is_manual)
        self.assertIn(DIVERSITY_SENTENCE, proposal.explanation.lower(), "HR's rescored reasons")
        run.with_user(self.user_hr).action_publish()
        pair = self._pair_of(run.pair_ids, self.mentee_alice)
        self.assertEqual(pair.mentor_enrollment_id, self.mentor_max)
        for where, text in self._participant_surfaces(pair):
            with self.subTest(where=where):
                self.assertDiscreet(text, where)

    def test_self_request_suggestions_request_and_pair(self):
        self.program.write({"matching_mode": "self_request", "request_limit": 2})
        suggestions = self.mentee_alice.with_user(self.user_alice)._get_mentor_suggestions()
        self.assertTrue(suggestions)
        for suggestion in suggestions:
            self.assertDiscreet(suggestion.explanation, "a suggestion")
            self.assertDiscreet(suggestion.reasons, "a suggestion's reasons")
        wizard_action = self.mentee_alice.with_user(self.user_alice).action_find_mentor()
        wizard = (
            self.env[wizard_action["res_model"]]
            .with_user(self.user_alice)
            .browse(wizard_action["res_id"])
        )
        self.assertTrue(wizard.line_ids)
        self.assertDiscreet(wizard.read(), "the suggestion wizard")
        self.assertDiscreet(wizard.line_ids.read(), "the suggestion wizard's lines")
        request = self.mentee_alice.with_user(self.user_alice).action_request_mentor(
            self.mentor_mona.id, "Hello"
        )
        for user in (self.user_alice, self.user_mona):
            as_user = request.with_user(user)
            self.assertDiscreet(as_user.read(), f"request read by {user.login}")
            self.assertDiscreet(
                self.env["mail.message"]
                .with_user(user)
                .search_read(
                    [("model", "=", request._name), ("res_id", "=", request.id)], ["body"]
                ),
                f"request messages read by {user.login}",
            )
            self.assertDiscreet(
                self.env["mail.activity"]
                .with_user(user)
                .search_read(
                    [("res_model", "=", request._name), ("res_id", "=", request.id)],
                    ["summary", "note"],
                ),
                f"request activities read by {user.login}",
            )
        request.with_user(self.user_mona).action_accept()
        for where, text in self._participant_surfaces(request.pair_id):
            with self.subTest(where=where):
                self.assertDiscreet(text, where)


@tagged("post_install", "-at_install")
class TestReasonsInTranslation(DiscretionCase):
    """The sentences come from env._ in the reader's language: the module's
    French terms (i18n/fr.po) once French is installed."""

    def test_hr_and_participants_read_their_reasons_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        run = self._run()
        proposal = (
            self._proposal_of(run, self.mentee_alice)
            .with_user(self.user_hr)
            .with_context(lang="fr_FR")
        )
        french = proposal.explanation
        self.assertIn("apporte un autre parcours (genre, nationalité)", french.lower())
        self.assertIn(
            "couvre 2 des 2 niveaux de compétence visés par le mentoré (Coaching)", french
        )
        english = proposal.with_context(lang="en_US").explanation
        self.assertIn(DIVERSITY_SENTENCE, english.lower())
        run.with_user(self.user_hr).action_publish()
        pair = (
            self._pair_of(run.pair_ids, self.mentee_alice)
            .with_user(self.user_alice)
            .with_context(lang="fr_FR")
        )
        self.assertIn(
            "Le mentor couvre 2 des 2 niveaux de compétence visés par le mentoré (Coaching)",
            pair.explanation,
        )
        self.assertDiscreet(pair.explanation, "the French pair")


@tagged("post_install", "-at_install")
class TestPrivateByConstruction(DiscretionCase):
    """The audience decision is made on codes and data, in one place."""

    def test_codes_and_data_decide(self):
        self.assertEqual(PRIVATE_REASON_CODES, {"diversity"})
        self.assertNotIn("diversity", SHARED_REASON_CODES)
        self.assertTrue(is_shared({"code": "skills", "share": 0.5, "data": {"covered": 1}}))
        self.assertFalse(is_shared({"code": "diversity", "share": 0.5, "data": {}}))
        # Attribute data is private under any code, and so is an unknown code.
        self.assertFalse(is_shared({"code": "skills", "share": 0.5, "data": {"attributes": []}}))
        self.assertFalse(is_shared({"code": "religion_blend", "share": 0.5, "data": {}}))

    def test_a_third_attribute_is_private_by_construction(self):
        stored = [
            {"code": "diversity", "share": 0.6, "data": {"attributes": ["gender", "religion"]}},
            {"code": "career", "share": 0.2, "data": {}},
            {"code": "religion_blend", "share": 0.1, "data": {"attributes": ["religion"]}},
        ]
        self.assertEqual([r["code"] for r in shared_reasons(stored)], ["career"])
        participant = ReasonRenderer(self.env, "participant").render(stored)
        self.assertEqual(
            participant, "The mentor holds or has held the mentee's target role or its next step."
        )
        hr = ReasonRenderer(self.env, "hr").render(stored)
        self.assertIn("brings a different background (gender, religion)", hr.lower())

    def test_every_attribute_of_the_loader_is_compared_in_the_private_reason(self):
        run = self._run()
        proposal = self._proposal_of(run, self.mentee_alice)
        diversity = next(r for r in proposal.match_reasons if r["code"] == "diversity")
        self.assertEqual(diversity["data"]["attributes"], ATTRIBUTE_NAMES)
        self.assertFalse(is_shared(diversity))

    def test_only_hr_proposals_render_for_hr(self):
        """No other file renders reasons for the "hr" audience, and no other
        file builds a sentence of attributes: participants' surfaces (pairs,
        requests, suggestions, mails, portal) all render for participants."""
        renders_for_hr = sorted(
            str(path.relative_to(MODULE_DIR))
            for path in MODULE_DIR.rglob("*.py")
            if "tests" not in path.parts
            and re.search(r"""["']hr["']\)""", path.read_text())
            and "ReasonRenderer" in path.read_text()
        )
        self.assertEqual(renders_for_hr, ["models/mentorship_match_proposal.py"])
        texts = {
            path: path.read_text()
            for pattern in ("*.py", "*.xml")
            for path in MODULE_DIR.rglob(pattern)
            if "tests" not in path.parts
        }
        for path, text in texts.items():
            if path.suffix == ".xml":
                with self.subTest(path=path.name):
                    self.assertNotRegex(
                        text.replace("match_weight_diversity", "").replace("diversity_score", ""),
                        r"(?i)gender|nationalit|diversity|country_id",
                        "no view, template or mail template shows the attributes",
                    )

    def test_proposal_reasons_never_reach_a_pair_whole(self):
        """A pair published from a proposal keeps only the shared reasons,
        even when its stored reasons would carry attribute data."""
        run = self._run()
        proposal = self._proposal_of(run, self.mentee_alice)
        proposal.sudo().match_reasons = [
            *proposal.match_reasons,
            {"code": "skills", "share": 0.1, "data": {"attributes": ["gender"]}},
        ]
        run.with_user(self.user_hr).action_publish()
        pair = self._pair_of(run.pair_ids, self.mentee_alice)
        self.assertTrue(all(is_shared(reason) for reason in pair.sudo().match_reasons))


@tagged("post_install", "-at_install")
class TestPortalDiscretion(DiscretionCase, HttpCase):
    def test_portal_pair_page_and_suggestions(self):
        self.user_alice.groups_id = [Command.set([self.env.ref("base.group_portal").id])]
        _run, pairs = self._published_pairs()
        pair = self._pair_of(pairs, self.mentee_alice)
        for login in ("mentorship_alice", "mentorship_mona"):
            self.authenticate(login, login)
            for url in ("/my/mentorship", f"/my/mentorship/pair/{pair.id}"):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
                self.assertDiscreet(response.text, f"{url} for {login}")

    def test_portal_suggestions_and_requests(self):
        self.program.write({"matching_mode": "self_request", "request_limit": 2})
        self.authenticate("mentorship_alice", "mentorship_alice")
        url = f"/my/mentorship/enrollment/{self.mentee_alice.id}/suggestions"
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Mona Mentor", response.text)
        self.assertDiscreet(response.text, "the suggestions page")
        self.mentee_alice.with_user(self.user_alice).action_request_mentor(self.mentor_mona.id)
        for login in ("mentorship_alice", "mentorship_mona"):
            self.authenticate(login, login)
            response = self.url_open("/my/mentorship/requests")
            self.assertEqual(response.status_code, 200)
            self.assertDiscreet(response.text, f"the requests page for {login}")
