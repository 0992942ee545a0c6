"""A pair's completion summary: who prints it, what each reader's print holds,
and its download from the portal."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import printed_pdf_pages
from .privacy_common import PrivacyCase

REPORT = "mentorship_program.report_mentorship_pair_summary"
NOTES = "We rehearsed the board pitch twice"
CLOSURE = "Goals met ahead of plan"


@tagged("post_install", "-at_install")
class TestPairSummaryReport(PrivacyCase, HttpCase):
    """Alice (mentee) and Mona (mentor) completed their pair early, after one
    session whose shared notes only they read."""

    def setUp(self):
        super().setUp()
        self.env["mentorship.plan"]._create_for_pairs(self.pair)
        self.env["mentorship.goal"].create(
            {"plan_id": self.pair.plan_ids.id, "name": "Run the quarterly business review"}
        )
        self.goals = self.pair.plan_ids.goal_ids
        self.goals[:1].with_user(self.user_alice).action_done()
        self.milestones = self.pair.plan_ids.milestone_ids
        self.milestones[:1].with_user(self.user_alice).write({"done": True})
        session = self._done_session()
        session.with_user(self.user_alice).write({"notes": f"<p>{NOTES}</p>"})
        self.pair.with_user(self.user_alice).action_complete_early(reason=CLOSURE)
        self.assertEqual(self.pair.state, "completed_early")

    def _html(self, user, pair=None):
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(REPORT, (pair or self.pair).ids)
        )
        return html.decode()

    def test_the_mentee_prints_the_pdf(self):
        pages = printed_pdf_pages(self.env, self.user_alice, REPORT, self.pair.ids)
        self.assertGreaterEqual(pages, 1)
        # The mentor prints it too; a colleague outside the pair does not.
        self.assertEqual(printed_pdf_pages(self.env, self.user_mona, REPORT, self.pair.ids), pages)
        with self.assertRaises(AccessError):
            printed_pdf_pages(self.env, self.user_carl, REPORT, self.pair.ids)

    def test_the_report_is_offered_on_pairs(self):
        report = self.env.ref("mentorship_program.mentorship_pair_summary_report")
        self.assertEqual(report.report_name, REPORT)
        self.assertEqual(report.report_type, "qweb-pdf")
        self.assertEqual(report.binding_model_id.model, "mentorship.pair")
        # Offered to every reader of pairs: the report model decides who prints.
        self.assertFalse(report.groups_id)

    def test_the_pair_prints_its_summary_with_its_notes(self):
        for user in (self.user_alice, self.user_mona):
            with self.subTest(user=user.name):
                html = self._html(user)
                for text in (
                    "Mentorship summary",
                    "Alice Mentee",
                    "Mona Mentor",
                    self.program.name,
                    "Goals Met Early",
                    CLOSURE,
                    "Run the quarterly business review",
                    *self.goals.mapped("name"),
                    *self.milestones.mapped("name"),
                    NOTES,
                    # Next steps: the objective not reached and the milestones not done.
                    "Keep working on Run the quarterly business review (0 % done).",
                    "Finish the milestone",
                ):
                    self.assertIn(text, html)
                self.assertIn('<td class="o_mentorship_pair_summary_notes"><p>', html)

    def test_hr_prints_the_summary_without_session_content(self):
        html = self._html(self.user_hr)
        self.assertIn(CLOSURE, html)
        self.assertIn("Run the quarterly business review", html)
        self.assertIn("Sessions held", html)
        self.assertNotIn(NOTES, html)
        self.assertNotIn("Shared notes", html)
        # Not even when HR asks for the notes column through the report's values.
        values = (
            self.env["report.mentorship_program.report_mentorship_pair_summary"]
            .with_user(self.user_hr)
            ._get_report_values(self.pair.ids)
        )
        session = values["summaries"][self.pair.id]["sessions"]
        self.assertEqual(len(session), 1)
        self.assertFalse(session.notes, "HR reads the session's content empty")

    def test_anyone_else_is_refused(self):
        outsiders = self._outsiders()
        for role in ("mentorship manager", "mentorship admin", "odoo admin"):
            outsiders.pop(role)  # HR prints it (test above); administrators read as HR
        for role, user in outsiders.items():
            with self.subTest(role=role), self.assertRaises(AccessError):
                self._html(user)
        with self.assertRaises(AccessError):
            self._html(self.user_carl, self.env["mentorship.pair"].browse(987654321))

    def test_a_pair_that_has_not_ended_has_no_summary(self):
        with self.assertRaises(UserError):
            self._html(self.user_hr, self.pair_paul)

    def test_the_mentee_downloads_it_from_the_portal(self):
        self.authenticate(self.user_alice.login, self.user_alice.login)
        page = self.url_open(f"/my/mentorship/pair/{self.pair.id}")
        self.assertIn(f"/my/mentorship/pair/{self.pair.id}/summary", page.text)
        self.assertIn("Download your completion summary", page.text)
        response = self.url_open(f"/my/mentorship/pair/{self.pair.id}/summary?report_type=html")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Run the quarterly business review", response.text)
        self.assertIn(NOTES, response.text)
        # A pair still running offers no summary (Paul's, read as Paul).
        self.authenticate(self.user_paul.login, self.user_paul.login)
        page = self.url_open(f"/my/mentorship/pair/{self.pair_paul.id}")
        self.assertNotIn("/summary", page.text)

    def test_others_get_the_answer_of_an_unknown_id_from_the_portal(self):
        def answer(pair_id):
            response = self.url_open(
                f"/my/mentorship/pair/{pair_id}/summary?report_type=html", allow_redirects=False
            )
            return response.status_code, response.headers.get("Location")

        for user in (self.user_carl, self.user_paul, self.user_lena):
            with self.subTest(user=user.name):
                self.authenticate(user.login, user.login)
                refused = answer(self.pair.id)
                self.assertEqual(refused, answer(987654321))
                self.assertEqual(refused[0], 303)
