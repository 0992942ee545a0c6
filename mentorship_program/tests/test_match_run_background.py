"""Large match runs and publications: the background job, its batches and
its marks, who may start and watch it, and the queries of a publication.

A background job commits each batch outside tests; here everything stays in
the test's transaction, so "a crash half-way" is a job stopped after its
first batch (time budget spent, as a killed worker leaves it after its last
commit) or a batch that raises (rolled back to its savepoint), then the job
run again.
"""

from contextlib import nullcontext
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import MatchingCase
from .test_cron_queries import query_shapes

RUN = "mentorship.match.run"
CRON = "mentorship_program.ir_cron_mentorship_match_run_background"


@tagged("post_install", "-at_install")
class TestBackgroundRuns(MatchingCase):
    def setUp(self):
        super().setUp()
        self.Run = self.env[RUN]

    def set_threshold(self, size):
        self.env.company.mentorship_background_threshold = size

    def job(self, batch_size=1, time_budget=0):
        """One pass of the background job: with the default arguments it
        writes one batch and stops, as if killed after its first commit."""
        return self.Run._cron_background_jobs(batch_size=batch_size, time_budget=time_budget)

    def triggered(self):
        return self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.env.ref(CRON).id)])

    def told(self, run, user, text):
        """The messages on ``run`` that notify ``user`` and contain ``text``."""
        return run.message_ids.filtered(
            lambda m: user.partner_id in m.partner_ids and text in str(m.body)
        )

    def pairs_of(self, run):
        return self.env["mentorship.pair"].sudo().search([("run_id", "=", run.id)])

    # -- Matching ----------------------------------------------------------------------
    def test_below_the_threshold_the_run_is_done_in_the_request(self):
        self.set_threshold(2)  # two mentees: not more than the threshold
        run = self._run()
        self.assertEqual(run.state, "proposed")
        self.assertEqual(len(run.proposal_ids), 2)
        self.assertEqual(run.job_total, 0)

    def test_above_the_threshold_the_run_goes_to_the_background(self):
        self.set_threshold(1)
        triggers = self.triggered()
        run = self._run()
        self.assertEqual(run.state, "matching")
        self.assertFalse(run.proposal_ids, "nothing is matched in the request")
        self.assertEqual((run.job_done, run.job_total), (0, 2))
        self.assertEqual(run.user_id, self.user_hr)
        self.assertEqual(self.triggered(), triggers + 1, "the job starts at once")
        self.assertIn("started in the background", str(run.message_ids[0].body))
        # Nobody runs it again or publishes it meanwhile, nor edits it.
        with self.assertRefused(UserError, "cannot be run"):
            run.action_run()
        with self.assertRefused(UserError, "cannot be published"):
            run.action_publish()

    def test_background_matching_resumes_without_duplicates(self):
        inline = self._run()
        expected = {
            (p.mentee_enrollment_id, p.mentor_enrollment_id, p.kind) for p in inline.proposal_ids
        }
        inline.sudo().unlink()
        self.set_threshold(0)
        run = self._run()
        # First pass: one batch, then the job stops (its progress committed).
        self.assertFalse(self.job())
        self.assertEqual(run.state, "matching")
        self.assertEqual(len(run.proposal_ids), 1)
        self.assertEqual((run.job_done, run.job_total), (1, 2))
        self.assertEqual(run.job_progress, 50.0)
        # Run again: only the missing proposal is written.
        first = run.proposal_ids
        self.assertTrue(self.job())
        self.assertEqual(run.state, "proposed")
        self.assertIn(first, run.proposal_ids, "the first batch's proposal is kept")
        self.assertEqual(
            {(p.mentee_enrollment_id, p.mentor_enrollment_id, p.kind) for p in run.proposal_ids},
            expected,
            "the same proposals as a run in the request",
        )
        self.assertEqual((run.mentee_count, run.core_count, run.coverage), (2, 2, 100.0))
        self.assertEqual(run.job_done, 2)
        self.assertTrue(self.told(run, self.user_hr, "background matching is done"))
        # Nothing left: another pass changes nothing.
        self.assertTrue(self.job())
        self.assertEqual(len(run.proposal_ids), 2)

    def test_background_matching_keeps_locked_proposals_and_replaces_stale_ones(self):
        run = self._run()
        alice = self._proposal_of(run, self.mentee_alice)
        alice.action_lock()
        bob = self._proposal_of(run, self.mentee_bob)
        # An unlocked proposal the engine would not make again (a stale one).
        bob.sudo().write({"kind": "topic"})
        self.set_threshold(0)
        run.action_run()
        self.assertEqual(run.state, "matching")
        self.assertTrue(self.job(batch_size=10))
        self.assertEqual(run.state, "proposed")
        self.assertIn(alice, run.proposal_ids)
        self.assertFalse(bob.exists(), "the stale proposal is gone")
        self.assertEqual(
            run.proposal_ids.filtered(lambda p: p.kind == "core").mentee_enrollment_id,
            self.mentee_alice | self.mentee_bob,
        )

    def test_background_matching_that_cannot_match_goes_back_and_says_why(self):
        self.mentor_mona.sudo().write({"state": "withdrawn"})
        self.mentor_max.sudo().write({"state": "withdrawn"})
        self.set_threshold(0)
        run = self._run()
        self.assertEqual(run.state, "matching")
        self.assertTrue(self.job())
        self.assertEqual(run.state, "draft")
        self.assertTrue(self.told(run, self.user_hr, "background matching stopped"))

    # -- Publishing ----------------------------------------------------------------------
    def test_publication_above_the_threshold_goes_to_the_background(self):
        run = self._run()
        self.set_threshold(1)
        run.action_publish()
        self.assertEqual(run.state, "publishing")
        self.assertFalse(self.pairs_of(run))
        self.assertEqual((run.job_done, run.job_total), (0, 2))
        self.assertEqual(run.published_by_id, self.user_hr)
        with self.assertRefused(UserError, "in the background"):
            self._proposal_of(run, self.mentee_alice).with_user(self.user_hr).action_lock()
        with self.assertRefused(UserError, "in the background"):
            self._proposal_of(run, self.mentee_alice).with_user(self.user_hr).unlink()
        # Another run of the program waits for this one.
        other = self._new_run()
        other.sudo()._system_write({"state": "proposed"})
        self.env["mentorship.match.proposal"].sudo().create(
            {
                "run_id": other.id,
                "mentee_enrollment_id": self.mentee_alice.id,
                "mentor_enrollment_id": self.mentor_mona.id,
                "kind": "core",
            }
        )
        with self.assertRefused(UserError, "being published in the background"):
            other.action_publish()

    def test_background_publication_resumes_without_duplicates(self):
        run = self._run()
        self.set_threshold(0)
        run.action_publish()
        # First pass: one pair, then the job stops.
        self.assertFalse(self.job())
        self.assertEqual(run.state, "publishing")
        self.assertEqual(len(self.pairs_of(run)), 1)
        self.assertEqual((run.job_done, run.job_total), (1, 2))
        # Run again: the other pair only.
        self.assertTrue(self.job())
        self.assertEqual(run.state, "published")
        pairs = self.pairs_of(run)
        self.assertEqual(len(pairs), 2)
        self.assertEqual(pairs.mentee_enrollment_id, self.mentee_alice | self.mentee_bob)
        self.assertEqual(run.job_done, 2)
        self.assertTrue(self.told(run, self.user_hr, "background publication is done"))
        # Another pass changes nothing.
        self.assertTrue(self.job())
        self.assertEqual(len(self.pairs_of(run)), 2)
        self.assertEqual(len(pairs.activity_ids), 4, "one answer activity per person")
        # The e-mails go once per pair, whatever the passes of the mail cron.
        Pair = self.env["mentorship.pair"]
        Pair._cron_send_proposal_mails()
        Pair._cron_send_proposal_mails()
        mails = self.env["mail.mail"].search(
            [("model", "=", "mentorship.pair"), ("res_id", "in", pairs.ids)]
        )
        self.assertEqual(len(mails), 2)
        self.assertEqual(
            mails.filtered(
                lambda m: m.res_id == self._pair_of(pairs, self.mentee_alice).id
            ).recipient_ids,
            self.user_alice.partner_id | self.user_mona.partner_id,
        )

    def test_a_batch_that_crashes_is_undone_and_done_again(self):
        run = self._run()
        self.set_threshold(0)
        run.action_publish()
        publish = type(run)._publish_proposals
        calls = []

        def crash_on_second_batch(self_run, proposals):
            pairs = publish(self_run, proposals)
            calls.append(proposals)
            if len(calls) == 2:
                raise RuntimeError("worker killed")
            return pairs

        # Not assertRaises: Odoo's rolls back everything inside it, the first
        # batch too, where a crashed worker keeps what it committed.
        crashed = False
        with patch.object(type(run), "_publish_proposals", crash_on_second_batch):
            try:
                self.job(time_budget=60)
            except RuntimeError:
                crashed = True
        self.assertTrue(crashed)
        self.assertEqual(len(calls), 2, "the second batch ran and crashed")
        self.assertEqual(len(self.pairs_of(run)), 1, "the crashed batch left nothing")
        self.assertEqual(run.state, "publishing")
        self.assertTrue(self.job(time_budget=60))
        pairs = self.pairs_of(run)
        self.assertEqual(len(pairs), 2)
        self.assertEqual(len(pairs.activity_ids), 4)
        followers = self.env["mail.followers"].search(
            [("res_model", "=", "mentorship.pair"), ("res_id", "in", pairs.ids)]
        )
        self.assertEqual(len(followers), 4, "each person follows their pair once")

    # -- Access ----------------------------------------------------------------------------
    def test_only_hr_starts_and_watches_a_background_run(self):
        self.set_threshold(0)
        run = self._new_run()
        for user in (self.user_alice, self.user_mona, self.user_carl):
            with self.assertRefused(AccessError):
                run.with_user(user).action_run()
        run.action_run()
        self.assertEqual(run.state, "matching")
        for user in (self.user_alice, self.user_mona, self.user_carl):
            with self.assertRefused(AccessError):
                run.with_user(user).read(["state", "job_done", "job_total", "job_progress"])
            with self.assertRefused(AccessError):
                run.with_user(user).action_refresh_progress()
        self.assertEqual(run.with_user(self.user_hr).action_refresh_progress(), True)
        self.assertEqual(run.with_user(self.user_hr).read(["job_total"])[0]["job_total"], 2)
        # The progress is the job's: no client writes it.
        with self.assertRefused(AccessError):
            run.with_user(self.user_hr).write({"job_done": 2})
        with self.assertRefused(AccessError):
            run.with_user(self.user_hr).write({"state": "proposed"})
        self.assertTrue(self.job(batch_size=10))
        self.assertEqual(run.state, "proposed")
        self.set_threshold(0)
        for user in (self.user_alice, self.user_carl):
            with self.assertRefused(AccessError):
                run.with_user(user).action_publish()
        self.assertEqual(run.state, "proposed")
        self.assertFalse(self.pairs_of(run))


@tagged("post_install", "-at_install", "is_query_count")
class TestPublishQueries(MatchingCase):
    """A publication costs the same queries for 5 proposals as for 25: pairs,
    followers, activities and e-mails are made in bulk."""

    SIZES = (5, 25)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        pool = 2 + sum(cls.SIZES)
        users = (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                [
                    {
                        "name": f"Publish {side} {i}",
                        "login": f"publish_q_{side}_{i}",
                        "email": f"publish.{side}.{i}@example.com",
                        "groups_id": [Command.set(cls.env.ref("base.group_user").ids)],
                    }
                    for side in ("mentee", "mentor")
                    for i in range(pool)
                ]
            )
        )
        employees = cls.env["hr.employee"].create(
            [{"name": user.name, "user_id": user.id} for user in users]
        )
        program = cls.program
        enrollments = (
            cls.env["mentorship.enrollment"]
            .sudo()
            .create(
                [
                    {
                        "program_id": program.id,
                        "employee_id": employee.id,
                        "role": "mentee" if i < pool else "mentor",
                        "capacity": 1,
                        "readiness_coaching_aptitude": 4,
                        "readiness_time_availability": 4,
                        "readiness_domain_credibility": 4,
                        "charter_accepted_version": program.charter_version,
                    }
                    for i, employee in enumerate(employees)
                ]
            )
        )
        enrollments.write({"state": "approved"})
        cls.mentees, cls.mentors = enrollments[:pool], enrollments[pool:]
        cls.env["slide.channel.partner"].sudo().create(
            [
                {
                    "channel_id": cls.onboarding_course.id,
                    "partner_id": partner.id,
                    "member_status": "completed",
                }
                for partner in cls.mentors.user_id.partner_id
            ]
        )

    def run_of(self, people):
        """A proposed run with one core proposal per (mentee, mentor)."""
        run = self._new_run()
        self.env["mentorship.match.proposal"].sudo().create(
            [
                {
                    "run_id": run.id,
                    "mentee_enrollment_id": mentee.id,
                    "mentor_enrollment_id": mentor.id,
                    "kind": "core",
                    "score": 50.0,
                    "match_reasons": [],
                }
                for mentee, mentor in people
            ]
        )
        run.sudo()._system_write({"state": "proposed"})
        return run

    def test_publish_queries_do_not_grow_with_the_proposals(self):
        people = list(zip(self.mentees, self.mentors))
        taken = 0
        counts, shapes = [], []
        # Two warm-ups of one proposal, the same way: Odoo's caches (rules,
        # defaults, templates) filled.
        for size in (1, 1, *self.SIZES):
            run = self.run_of(people[taken : taken + size])
            taken += size
            self.env.flush_all()
            self.env.cr.flush()  # the earlier runs' pending bus notifications
            self.env.invalidate_all()
            budget = self.assertQueryCount(56) if size > 1 else nullcontext()
            with query_shapes() as statements, budget:
                run.action_publish()
                self.env.flush_all()
            if size > 1:
                counts.append(statements.total())
                shapes.append(statements)
            pairs = run.pair_ids
            self.assertEqual(run.state, "published")
            self.assertEqual(len(pairs), size)
            self.assertEqual(len(pairs.activity_ids), 2 * size)
            mails = self.env["mail.mail"].search(
                [("model", "=", "mentorship.pair"), ("res_id", "in", pairs.ids)]
            )
            self.assertEqual(len(mails), size)
            self.assertEqual(set(pairs.mapped("proposal_mail_sent")), {True})
        grew = "".join(
            f"\n  {shapes[0][key]} -> {shapes[1][key]}  {key[0]}\n      from {key[1]}"
            for key in sorted(shapes[0] | shapes[1])
            if shapes[0][key] != shapes[1][key]
        )
        self.assertEqual(counts[0], counts[1], f"queries for {self.SIZES}:{grew}")
