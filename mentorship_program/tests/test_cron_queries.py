"""Every scheduled action of the module costs the same queries for 5 records
as for 25.

Each record has people of its own (a user, a partner, an employee each), who
do not follow it yet: whatever Odoo does per person (subscribing the assignee
of an activity, a bus notification, a survey invitation) is counted, as in a
real company, where no two pairs share both people. A warm-up run first fills
Odoo's caches (xmlids, subtypes, templates); then the same cron runs on 5
fresh records, then on 25, each time within one budget of queries, and the
two counts must be equal: ``assertQueryCount`` alone accepts fewer queries.
When they differ, the message lists the statements whose count grew.
"""

import re
import traceback
from collections import Counter
from contextlib import contextmanager
from datetime import date, timedelta
from unittest.mock import patch

from odoo import Command, sql_db
from odoo.tests import tagged
from odoo.tools import SQL

from .common_cron import CronCase

PAIR = "mentorship.pair"
REQUEST = "mentorship.request"
SESSION = "mentorship.session"
EMPLOYEE = "hr.employee"
REVIEW = "mentorship.review"
SIZES = (5, 25)
# The recognition crons: the badges' six reading queries, the awarded ones,
# then per batch the ledger's insert, the badges granted and their e-mails
# (gamification's template, rendered in one batch); the credits' three
# searches and one insert per kind of source.
BADGE_BUDGET = 39
CREDIT_BUDGET = 15
# People of each side: the warm-up and both sizes, for two kinds of records
# at once (reminded and expired, nudged and expired).
POOL = 2 * (1 + sum(SIZES))
# Files left out of a statement's origin: the ORM's and the cursor's own.
LOW_LEVEL = ("sql_db.py", "models.py", "fields.py", "api.py", "contextlib.py", "query.py")


@contextmanager
def query_shapes():
    """Count the statements run inside the block by their SQL text (numbers,
    savepoint names and lists of placeholders left out) and the Python lines
    they come from, to tell which ones grew with the records."""
    shapes = Counter()
    execute = sql_db.Cursor.execute

    def counting(cr, query, params=None, log_exceptions=True):
        text = " ".join((query.code if isinstance(query, SQL) else str(query)).split())
        text = re.sub(r'SAVEPOINT "[^"]+"', "SAVEPOINT x", text)
        text = re.sub(r"(%s, )+%s", "%s...", re.sub(r"\d+", "N", text))
        where = [
            f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}"
            for frame in traceback.extract_stack(limit=30)[:-1]
            if not frame.filename.endswith(LOW_LEVEL)
        ]
        shapes[(text[:160], " < ".join(reversed(where[-3:])))] += 1
        return execute(cr, query, params, log_exceptions)

    with patch.object(sql_db.Cursor, "execute", counting):
        yield shapes


@tagged("post_install", "-at_install", "is_query_count")
class TestCronQueryCounts(CronCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        group_user = cls.env.ref("base.group_user")
        users = cls._internal_users("Cron q", (("mentee", POOL), ("mentor", POOL)))
        employees = cls.env[EMPLOYEE].create(
            [{"name": user.name, "user_id": user.id} for user in users]
        )
        enrollments = cls.env["mentorship.enrollment"].create(
            [
                {
                    "program_id": cls.program.id,
                    "employee_id": employee.id,
                    "role": "mentee" if i < POOL else "mentor",
                    "capacity": 4,
                }
                for i, employee in enumerate(employees)
            ]
        )
        enrollments.sudo().write({"state": "approved"})
        cls.mentees, cls.mentors = enrollments[:POOL], enrollments[POOL:]
        # HR of the quarterly reviews, one per program.
        manager_groups = group_user | cls.env.ref("mentorship_program.group_mentorship_manager")
        cls.managers = (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                [
                    {
                        "name": f"Cron HR {i}",
                        "login": f"cron_q_hr_{i}",
                        "email": f"cron.hr.{i}@example.com",
                        "groups_id": [Command.set(manager_groups.ids)],
                    }
                    for i in range(1 + sum(SIZES))
                ]
            )
        )

    def setUp(self):
        super().setUp()
        self.pair.sudo().write({"state": "cancelled"})  # Alice and Mona's, shared by other tests
        self.taken = 0

    # -- Helpers ------------------------------------------------------------------------
    def people(self, count):
        """``count`` (mentee, mentor) enrollments nobody used in this test yet."""
        start, self.taken = self.taken, self.taken + count
        self.assertLessEqual(self.taken, POOL)
        return list(zip(self.mentees[start : self.taken], self.mentors[start : self.taken]))

    def pairs(self, count, **values):
        """``count`` pairs of new people, who do not follow them."""
        return self.env[PAIR].create(
            [
                {
                    "program_id": self.program.id,
                    "mentee_enrollment_id": mentee.id,
                    "mentor_enrollment_id": mentor.id,
                    "state": "active",
                    "date_start": self.today,
                    **values,
                }
                for mentee, mentor in self.people(count)
            ]
        )

    def assertFlat(self, budget, prepare, run, check):
        """``prepare(size)`` makes the records, ``run()`` runs the cron,
        ``check(records, size)`` tells it did its work: equal queries at both
        sizes, within ``budget``."""
        run(prepare(1))
        counts, shapes = [], []
        for size in SIZES:
            records = prepare(size)
            self.env.flush_all()
            self.env.cr.flush()
            self.env.invalidate_all()
            # The shapes count what assertQueryCount counts, its flushes included.
            with query_shapes() as statements, self.assertQueryCount(budget):
                run(records)
            counts.append(statements.total())
            shapes.append(statements)
            check(records, size)
        grew = "".join(
            f"\n  {shapes[0][key]} -> {shapes[1][key]}  {key[0]}\n      from {key[1]}"
            for key in sorted(shapes[0] | shapes[1])
            if shapes[0][key] != shapes[1][key]
        )
        self.assertEqual(
            counts[0], counts[1], f"queries for {SIZES[0]} and {SIZES[1]} records:{grew}"
        )

    def cron(self, model, method, day=None):
        return lambda _records: self.run_cron(model, method, day or self.today)

    def told(self, records, per_record):
        self.assertEqual(len(self.notices(records)), per_record * len(records))

    # -- The daily crons ----------------------------------------------------------------
    def test_departures(self):
        def prepare(size):
            pairs = self.pairs(size)
            self.env.flush_all()
            self.env.cr.execute(
                "UPDATE hr_employee SET active = false WHERE id = ANY(%s)",
                [pairs.mentee_employee_id.ids],
            )
            self.env.invalidate_all()
            return pairs

        def check(pairs, size):
            self.assertEqual(set(pairs.mapped("state")), {"cancelled"})
            self.told(pairs, 1)  # the mentor; the mentee left

        self.assertFlat(37, prepare, self.cron(EMPLOYEE, "_cron_mentorship_departures"), check)

    def test_end_of_term(self):
        def check(pairs, size):
            self.assertEqual(set(pairs.mapped("state")), {"completed"})
            self.told(pairs, 2)

        self.assertFlat(
            32,
            lambda size: self.pairs(size, date_start=self.today - timedelta(days=95)),
            self.cron(PAIR, "_cron_end_of_term"),
            check,
        )

    def test_pair_acceptance(self):
        def prepare(size):
            remind = self.pairs(
                size,
                state="pending",
                date_start=False,
                date_proposed=self.today - timedelta(days=4),
                date_deadline=self.today + timedelta(days=3),
            )
            expire = self.pairs(
                size,
                state="pending",
                date_start=False,
                date_proposed=self.today - timedelta(days=8),
                date_deadline=self.today - timedelta(days=1),
            )
            return remind | expire

        def check(pairs, size):
            self.assertEqual(sorted(pairs.mapped("state")), ["expired"] * size + ["pending"] * size)
            self.told(pairs, 2)

        self.assertFlat(30, prepare, self.cron(PAIR, "_cron_acceptance_window"), check)

    def test_request_acceptance(self):
        def prepare(size):
            return self.env[REQUEST].create(
                [
                    {
                        "program_id": self.program.id,
                        "mentee_enrollment_id": mentee.id,
                        "mentor_enrollment_id": mentor.id,
                        "date_sent": self.now - timedelta(days=age),
                        "date_deadline": self.today - timedelta(days=age) + timedelta(days=7),
                    }
                    for age in (4, 8)  # reminded, expired
                    for mentee, mentor in self.people(size)
                ]
            )

        def check(requests, size):
            self.assertEqual(sorted(requests.mapped("state")), ["expired"] * size + ["open"] * size)
            self.told(requests, 1)

        self.assertFlat(24, prepare, self.cron(REQUEST, "_cron_acceptance_window"), check)

    def test_inactivity(self):
        def prepare(size):
            nudge = self.pairs(size, date_start=self.today - timedelta(days=31))
            expire = self.pairs(
                size,
                date_start=self.today - timedelta(days=60),
                inactivity_nudge_date=self.today - timedelta(days=15),
            )
            return nudge | expire

        def check(pairs, size):
            self.assertEqual(sorted(pairs.mapped("state")), ["active"] * size + ["expired"] * size)
            self.told(pairs, 2)

        self.assertFlat(36, prepare, self.cron(PAIR, "_cron_inactivity"), check)

    def test_cadence(self):
        def check(pairs, size):
            self.assertEqual(set(pairs.mapped("cadence_nudge_date")), {self.today})
            self.told(pairs, 2)

        self.assertFlat(
            25,
            lambda size: self.pairs(size, date_start=self.today - timedelta(days=40)),
            self.cron(PAIR, "_cron_cadence_nudges"),
            check,
        )

    def test_session_reminders(self):
        def prepare(size):
            return self.env[SESSION].create(
                [
                    {"pair_id": pair.id, "date_start": self.now + timedelta(days=2)}
                    for pair in self.pairs(size)
                ]
            )

        def check(sessions, size):
            self.assertEqual(set(sessions.mapped("reminder_sent")), {True})
            self.told(sessions, 2)

        self.assertFlat(
            24,
            prepare,
            lambda _sessions: self.run_cron(SESSION, "_cron_session_reminders", self.now),
            check,
        )

    def test_health(self):
        def prepare(size):
            pairs = self.pairs(size, date_start=self.today - timedelta(days=40))
            self.env.flush_all()
            # Yesterday's band, stored: the cron has to write today's.
            self.env.cr.execute(
                "UPDATE mentorship_pair SET health = 'on_track' WHERE id = ANY(%s)", [pairs.ids]
            )
            self.env.invalidate_all()
            return pairs

        self.assertFlat(
            11,
            prepare,
            self.cron(PAIR, "_cron_refresh_health"),
            lambda pairs, size: self.assertNotIn("on_track", pairs.mapped("health")),
        )

    # -- Surveys, reviews, e-mails ------------------------------------------------------
    def invitations(self, pairs):
        return self.env["survey.user_input"].search([("mentorship_pair_id", "in", pairs.ids)])

    def test_pulse_surveys(self):
        self.assertTrue(self.program.pulse_survey_id)

        def check(pairs, size):
            self.assertEqual(len(self.invitations(pairs)), 2 * size)
            self.assertEqual(set(pairs.mapped("last_pulse_index")), {1})

        self.assertFlat(
            38,
            lambda size: self.pairs(size, date_start=self.today - timedelta(days=30)),
            self.cron(PAIR, "_cron_send_pulse_surveys"),
            check,
        )

    def test_closure_surveys(self):
        self.assertTrue(self.program.closure_survey_id)

        def check(pairs, size):
            self.assertEqual(len(self.invitations(pairs)), 2 * size)
            self.assertEqual(set(pairs.mapped("closure_survey_date")), {self.today})

        self.assertFlat(
            38,
            lambda size: self.pairs(
                size,
                state="completed",
                end_cause="term",
                date_start=self.today - timedelta(days=95),
                date_end=self.today,
            ),
            self.cron(PAIR, "_cron_send_closure_surveys"),
            check,
        )

    def test_quarterly_reviews(self):
        """One review and one to-do per program, each program with its own manager."""
        managers = iter(self.managers)
        first_of_quarter = date(2031, 1, 1)  # the programs were created in an earlier quarter

        def prepare(size):
            programs = self.env["mentorship.program"].create(
                [
                    self._program_values(
                        name=f"Quarterly {size} {n}",
                        manager_user_ids=[Command.set(next(managers).ids)],
                    )
                    for n in range(size)
                ]
            )
            programs._system_write({"state": "running"})
            return programs

        def run(_programs):
            self.run_cron(REVIEW, "_cron_create_quarterly_reviews", first_of_quarter)

        def check(programs, size):
            reviews = self.env[REVIEW].search([("program_id", "in", programs.ids)])
            self.assertEqual(len(reviews), size)
            self.assertEqual(
                reviews.activity_ids.user_id, programs.manager_user_ids, "one to-do per manager"
            )

        # The leading indicators of two quarters (this one and the previous) read
        # the pairs, their enrollments, the cadences, the sessions done and their
        # ratings once for every program of the batch.
        self.assertFlat(45, prepare, run, check)

    def test_scaling_milestones(self):
        """Programs with a milestone of one active pair, which they have."""

        def prepare(size):
            people = self.people(size)
            programs = self.env["mentorship.program"].create(
                [
                    self._program_values(
                        name=f"Milestones {size} {n}",
                        milestone_ids=[
                            Command.create({"name": "First pair", "target_active_pairs": 1})
                        ],
                    )
                    for n in range(size)
                ]
            )
            enrollments = self.env["mentorship.enrollment"].create(
                [
                    {
                        "program_id": program.id,
                        "employee_id": enrollment.employee_id.id,
                        "role": role,
                    }
                    for program, (mentee, mentor) in zip(programs, people)
                    for enrollment, role in ((mentee, "mentee"), (mentor, "mentor"))
                ]
            )
            enrollments.sudo().write({"state": "approved"})
            self.env[PAIR].create(
                [
                    {
                        "program_id": program.id,
                        "mentee_enrollment_id": enrollments[2 * n].id,
                        "mentor_enrollment_id": enrollments[2 * n + 1].id,
                        "state": "active",
                        "date_start": self.today,
                    }
                    for n, program in enumerate(programs)
                ]
            )
            return programs.milestone_ids

        self.assertFlat(
            10,
            prepare,
            self.cron("mentorship.program", "_cron_reach_milestones"),
            lambda milestones, size: self.assertEqual(
                set(milestones.mapped("reached_date")), {self.today}
            ),
        )

    def test_data_quality(self):
        """New Mentorship Managers, each one activity on the company's row."""
        Quality = self.env["mentorship.data.quality"]
        manager_group = self.env.ref("mentorship_program.group_mentorship_manager")

        def prepare(size):
            users = self.env["res.users"].concat(
                *(mentee.employee_id.user_id for mentee, _mentor in self.people(size))
            )
            manager_group.sudo().write({"users": [Command.link(user.id) for user in users]})
            return users

        def check(users, size):
            rows = Quality.search([])  # pylint: disable=no-search-all
            activities = self.env["mail.activity"].search(
                [("res_model", "=", Quality._name), ("res_id", "in", rows.ids)]
            )
            self.assertEqual(len(activities.filtered(lambda a: a.user_id in users)), size)
            self.assertLessEqual(users.partner_id, rows.message_partner_ids)

        self.assertFlat(
            47, prepare, self.cron("mentorship.data.quality", "_cron_notify_gaps"), check
        )

    def test_proposal_mails(self):
        def check(pairs, size):
            self.assertEqual(set(pairs.mapped("proposal_mail_sent")), {True})
            mails = self.env["mail.mail"].search(
                [("model", "=", PAIR), ("res_id", "in", pairs.ids)]
            )
            self.assertEqual(len(mails), size)

        # 32: the two cards of each pair (mentorship.profile) cost two queries per batch.
        self.assertFlat(
            32,
            lambda size: self.pairs(
                size,
                state="pending",
                date_start=False,
                date_proposed=self.today,
                date_deadline=self.today + timedelta(days=7),
                kind="core",
                match_reasons=[],
            ),
            self.cron(PAIR, "_cron_send_proposal_mails"),
            check,
        )

    # -- Recognition ----------------------------------------------------------------------
    def completed_pairs(self, size):
        return self.pairs(
            size,
            state="completed",
            end_cause="term",
            date_start=self.today - timedelta(days=95),
            date_end=self.today,
        )

    def test_award_badges(self):
        """Mentors of a first completed pair: a badge and its e-mail each."""

        def check(pairs, size):
            awards = self.env["mentorship.achievement"].search(
                [("employee_id", "in", pairs.mentor_employee_id.ids)]
            )
            self.assertEqual(len(awards), size)
            granted = self.env["gamification.badge.user"].search(
                [("employee_id", "in", pairs.mentor_employee_id.ids)]
            )
            self.assertEqual(len(granted), size)

        self.assertFlat(
            BADGE_BUDGET,
            self.completed_pairs,
            self.cron("mentorship.achievement", "_cron_award_badges"),
            check,
        )

    def test_earn_credits(self):
        """Completed pairs with a session done and a circle facilitated by
        their mentor: three credits each."""
        self.program.sudo().write({"credit_per_circle": 3.0})

        def prepare(size):
            pairs = self.completed_pairs(size)
            self.env[SESSION].create(
                [
                    {
                        "pair_id": pair.id,
                        "date_start": self.now - timedelta(days=3),
                        "hours_spent": 1.5,
                        "state": "done",
                    }
                    for pair in pairs
                ]
            )
            self.env["mentorship.circle"].create(
                [
                    {
                        "program_id": self.program.id,
                        "name": f"Circle of {pair.mentor_name}",
                        "facilitator_id": pair.mentor_employee_id.id,
                    }
                    for pair in pairs
                ]
            )
            return pairs

        def check(pairs, size):
            credits = self.env["mentorship.credit"].search(
                [("employee_id", "in", pairs.mentor_employee_id.ids)]
            )
            self.assertEqual(len(credits), 3 * size)

        self.assertFlat(
            CREDIT_BUDGET, prepare, self.cron("mentorship.credit", "_cron_earn_credits"), check
        )
