"""The portal pages pass axe-core with no serious or critical violation.

axe-core (npm, pinned in the repository's package-lock.json, installed by
``./dev``) is injected into each page in headless Chromium and run on the
page's own content, the ``main`` element Odoo's portal layout gives every
page; Odoo's header and footer are the website's.
"""

import json
import os
from pathlib import Path

from odoo.tests import tagged

from .test_portal_pair import PortalPairCase
from .test_request import RequestCase
from .test_tours import TourCase

AXE_PATH = Path(
    os.environ.get("MENTORSHIP_AXE_JS")
    or Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
)
FAILING_IMPACTS = ("serious", "critical")
AXE_RUN = """
axe.run(document.querySelector("main") || document, {resultTypes: ["violations"]}).then((results) => {
    const failing = results.violations.filter((v) => %(impacts)s.includes(v.impact));
    if (failing.length) {
        console.error("axe-core: " + JSON.stringify(failing.map((v) => ({
            rule: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map((node) => node.target.join(" ")),
        }))));
    } else {
        console.log("test successful");
    }
});
"""


class AxeCase(TourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not AXE_PATH.is_file():
            raise FileNotFoundError(
                f"axe-core is not installed at {AXE_PATH}: run ./dev (it runs npm ci) "
                "or set MENTORSHIP_AXE_JS to an axe.min.js"
            )
        cls.axe_code = AXE_PATH.read_text() + AXE_RUN % {"impacts": json.dumps(FAILING_IMPACTS)}

    def _check(self, url, login):
        with self.subTest(url=url, login=login):
            try:
                self.browser_js(
                    url, self.axe_code, ready="document.readyState === 'complete'", login=login
                )
            except AssertionError as exc:
                # Odoo's message repeats the whole injected script: keep what
                # axe-core found.
                found = str(exc).rpartition('" failed')[2].strip()
                raise AssertionError(f"{url} as {login}: {found}") from None


@tagged("post_install", "-at_install", "is_tour")
class TestPortalAccessibility(PortalPairCase, AxeCase):
    def test_every_portal_page_of_a_mentee_and_a_mentor(self):
        self._activate()
        past = self._past_session()
        past.with_user(self.user_alice).action_done()
        note = self.env["mentorship.note"].create(
            {"pair_id": self.pair.id, "name": "Board fears", "author_id": self.user_alice.id}
        )
        self.env.flush_all()
        pages = [
            "/my",
            "/my/mentorship",
            self.pair.access_url,
            self.pair.mentee_enrollment_id.access_url,
            "/my/mentorship/journal",
            note.access_url,
            "/my/mentorship/circles",
            "/my/mentorship/requests",
            "/my/mentorship/profile",
            self.program.access_url,
        ]
        for url in pages:
            self._check(url, "mentorship_alice")
        self._check(self.pair.access_url, "mentorship_mona")
        self._check(self.pair.mentor_enrollment_id.access_url, "mentorship_mona")

    def test_a_match_to_answer(self):
        self.env.flush_all()
        self._check(self.pair.access_url, "mentorship_alice")


@tagged("post_install", "-at_install", "is_tour")
class TestSelfRequestAccessibility(RequestCase, AxeCase):
    def test_suggestions_and_requests_pages(self):
        self.env.flush_all()
        suggestions = f"{self.mentee_alice.access_url}/suggestions"
        self._check(suggestions, "mentorship_alice")
        self.mentee_alice.with_user(self.user_alice).action_request_mentor(
            self.mentor_mona.id, "Could you help me with coaching?"
        )
        self.env.flush_all()
        self._check(suggestions, "mentorship_alice")
        self._check("/my/mentorship/requests", "mentorship_alice")
        self._check("/my/mentorship/requests", "mentorship_mona")
