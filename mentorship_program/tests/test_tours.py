from odoo.tests import HttpCase, tagged

from .common import MatchingCase


@tagged("post_install", "-at_install", "is_tour")
class TestMatchingTour(MatchingCase, HttpCase):
    def test_hr_runs_the_matching_and_publishes(self):
        self.env.flush_all()  # the browser's requests read the database, not this cache
        self.start_tour("/odoo", "mentorship_match_publish", login="mentorship_hr")
        run = self.env["mentorship.match.run"].search([("program_id", "=", self.program.id)])
        self.assertEqual(run.state, "published")
        pairs = self.env["mentorship.pair"].search([("run_id", "=", run.id)])
        self.assertEqual(
            pairs.mentee_enrollment_id, self.mentee_alice | self.mentee_bob, "one pair per mentee"
        )
        self.assertEqual(set(pairs.mapped("state")), {"pending"})
