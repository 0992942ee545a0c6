import gc

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .privacy_common import PrivacyCase


class OrganisationCase(PrivacyCase):
    """An organisation under Leo (leader), around the program's pairs.

    Leo manages Nina (a team lead) and, directly, Dora; Nina manages five
    mentees, four in Sales and one in IT. All six of Leo's people are mentees
    of Max with one session done each. Alice (the base case's mentee) reports
    to Lena, outside Leo's organisation. Minimum group size: 5.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.program.min_group_size = 5
        Department = env["hr.department"]
        cls.sales = Department.create({"name": "Org Sales"})
        cls.it = Department.create({"name": "Org IT"})
        cls.user_leo, cls.employee_leo = cls._person("org_leo", "Leo Leader")
        cls.user_nina, cls.employee_nina = cls._person("org_nina", "Nina Lead", cls.employee_leo)
        cls.user_dora, cls.employee_dora = cls._person("org_dora", "Dora Direct", cls.employee_leo)
        cls.team = env["hr.employee"]
        cls.org_pairs = env["mentorship.pair"]
        for index in range(5):
            department = cls.sales if index < 4 else cls.it
            _user, employee = cls._person(
                f"org_mentee_{index}", f"Org Mentee {index}", cls.employee_nina, department
            )
            cls.team |= employee
        for employee in cls.team | cls.employee_dora:
            pair = cls._active_pair(cls._approved_mentee(employee), cls.mentor_max)
            session = env["mentorship.session"].create(
                {"pair_id": pair.id, "date_start": fields.Datetime.now() + relativedelta(days=1)}
            )
            session.write(
                {
                    "date_start": fields.Datetime.now() - relativedelta(days=1),
                    "state": "done",
                    "duration": 1.5,
                }
            )
            cls.org_pairs |= pair
        cls.PairReport = env["mentorship.pair.report"]
        cls.SessionReport = env["mentorship.session.report"]

    @classmethod
    def _person(cls, login, name, manager=None, department=None):
        user = cls.env["res.users"].create(
            {
                "name": name,
                "login": login,
                "password": login,
                "groups_id": [Command.set(cls.env.ref("base.group_user").ids)],
            }
        )
        employee = cls.env["hr.employee"].create(
            {
                "name": name,
                "user_id": user.id,
                "parent_id": manager.id if manager else False,
                "department_id": department.id if department else False,
            }
        )
        return user, employee

    def _promote(self, employee, day):
        """A promotion of ``employee`` on ``day``, as the career events record
        it (the system's record)."""
        return self.env["mentorship.career.event"].create(
            {
                "employee_id": employee.id,
                "company_id": employee.company_id.id,
                "date": day,
                "is_promotion": True,
                "detected_kind": "promotion",
                "source": "live",
                "change_key": f"test-promotion-{employee.id}-{day}",
            }
        )

    def _grow_organisation(self, now):
        """Five more participants, one level deeper (under a team lead who
        reports to Nina), with a session done and a promotion each, and one
        more session done for each of Leo's six; every pair started 70 days
        ago, so that each period of the digest covers them."""
        Session = self.env["mentorship.session"]
        pairs = self.org_pairs
        _user, sub_lead = self._person("org_sub_lead", "Org Sub Lead", self.employee_nina)
        for index in range(5):
            _user, employee = self._person(
                f"org_more_{index}", f"Org More {index}", sub_lead, self.sales
            )
            pairs |= self._active_pair(self._approved_mentee(employee), self.mentor_max)
            self._promote(employee, fields.Date.today() - relativedelta(days=1))
        for pair in pairs:
            Session.create({"pair_id": pair.id, "date_start": now + relativedelta(days=1)}).write(
                {"date_start": now - relativedelta(days=1), "state": "done"}
            )
        self.env.flush_all()
        self._start_pairs_long_ago()

    def _start_pairs_long_ago(self):
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE mentorship_pair SET date_start = %s WHERE program_id = %s",
            (fields.Date.today() - relativedelta(days=70), self.program.id),
        )
        self.env.invalidate_all()

    def _cold(self):
        """Empty the registry's caches (record rules, access rights, groups,
        companies) and the records' cache, so that each count starts from the
        same state: the caches' own queries do not depend on the data. Odoo
        keeps environments in a weak set, and a new one reads its user's
        companies again: collect the unreferenced ones now, or whether a
        derived environment (``sudo()``...) is rebuilt would depend on when
        Python collects them; the callers keep one per user for the test."""
        self.env.flush_all()
        self.env.registry.clear_all_caches()
        self.env.invalidate_all()
        gc.collect()

    def _count_queries(self, call):
        self._cold()
        before = self.env.cr.sql_log_count
        call()
        return self.env.cr.sql_log_count - before

    def _cell(self, report, user, aggregates, domain=()):
        # The test's own program: a database with demo data has pairs too.
        domain = [("program_id", "=", self.program.id), *domain]
        [row] = report.with_user(user)._read_group(domain, (), aggregates)
        return row


@tagged("post_install", "-at_install")
class TestLeaderScope(OrganisationCase):
    def test_a_leader_sees_the_figures_of_their_whole_organisation_only(self):
        # Six pairs under Leo (five through Nina, Dora directly); Alice's is not his.
        count, running, sessions, hours = self._cell(
            self.PairReport,
            self.user_leo,
            ("__count", "running:sum", "session_done_count:sum", "session_hours:sum"),
        )
        self.assertEqual((count, running, sessions, hours), (6, 6, 6, 9.0))

    def test_a_team_lead_sees_their_reports_at_the_minimum_group_size(self):
        count, done = self._cell(self.PairReport, self.user_nina, ("__count", "running:sum"))
        self.assertEqual((count, done), (5, 5))

    def test_a_move_in_the_organisation_counts_at_once(self):
        # Dora now reports to Lena: Leo's organisation is Nina's five.
        self.employee_dora.parent_id = self.employee_lena
        count, _running = self._cell(self.PairReport, self.user_leo, ("__count", "running:sum"))
        self.assertEqual(count, 5)
        # Nina and her team follow Dora: Leo's organisation is empty, Lena's
        # is Alice, Dora and Nina's five, two levels down.
        self.employee_nina.parent_id = self.employee_dora
        self.assertEqual(
            self._cell(self.SessionReport, self.user_leo, ("__count", "done:sum")), (None, None)
        )
        count, _running = self._cell(self.PairReport, self.user_lena, ("__count", "running:sum"))
        self.assertEqual(count, 7)

    def test_fewer_reports_than_the_minimum_shows_nothing(self):
        # Lena manages Alice only; Carl manages nobody; a mentee manages nobody.
        for user in (self.user_lena, self.user_carl, self.user_alice):
            with self.subTest(user=user.login):
                self.assertEqual(
                    self._cell(self.PairReport, user, ("__count", "running:sum")), (None, None)
                )
                self.assertEqual(
                    self._cell(self.SessionReport, user, ("__count", "done:sum")), (None, None)
                )

    def test_narrowing_filters_until_one_person_withholds_the_cell(self):
        Report = self.PairReport.with_user(self.user_leo)
        base = [("program_id", "=", self.program.id)]
        # By department: four in Sales is below five, one in IT too, the
        # rest (Nina's direct report Dora, no department) is one.
        groups = Report._read_group(base, ["mentee_department_id"], ["__count", "running:sum"])
        self.assertTrue(groups)
        for _department, count, running in groups:
            self.assertEqual((count, running), (None, None))
        # Filtering down to the one person in IT.
        cell = Report._read_group(
            [*base, ("mentee_department_id", "=", self.it.id)], (), ["__count"]
        )
        self.assertEqual(cell, [(None,)])
        # Whatever the grouping, no cell holds fewer than five mentees.
        for groupby in (["health"], ["date_start:day"], ["state", "mentee_department_id"]):
            with self.subTest(groupby=groupby):
                for row in Report._read_group(base, groupby, ["__count"]):
                    self.assertIn(row[-1], (None, 5, 6))

    def test_the_people_and_the_rows_are_not_reachable(self):
        Report = self.PairReport.with_user(self.user_leo)
        for domain in (
            [("mentee_employee_id", "=", self.employee_dora.id)],
            [("mentor_employee_id", "=", self.employee_max.id)],
            [("id", "=", self.org_pairs[0].id)],
        ):
            with self.subTest(domain=domain), self.assertRaises(UserError):
                Report._read_group(domain, (), ["__count"])
        with self.assertRaises(UserError):
            Report._read_group([], ["mentee_employee_id"], ["__count"])
        with self.assertRaises(UserError):
            Report._read_group([], ["program_id"], ["days_to_first_session:max"])
        with self.assertRaises(UserError):
            Report._read_group([], ["program_id"], ["__count"], having=[("__count", "=", 1)])
        for call in (
            lambda: Report.search_read([], ["program_id"]),
            lambda: Report.search_count([]),
            lambda: Report.browse(self.org_pairs[0].id).read(["session_done_count"]),
            lambda: Report.browse(self.org_pairs[0].id).export_data(["session_done_count"]),
            lambda: Report.name_search(""),
        ):
            with self.assertRaises(AccessError):
                call()

    def test_the_sponsor_and_the_steering_group_see_their_program(self):
        self.program.sponsor_id = self.employee_carl
        self.program.steering_member_ids = [Command.set(self.employee_lena.ids)]
        for user in (self.user_carl, self.user_lena):
            with self.subTest(user=user.login):
                # Every pair of the program: Leo's six, Alice's and Paul's.
                count, _running = self._cell(self.PairReport, user, ("__count", "running:sum"))
                self.assertEqual(count, len(self.org_pairs) + 2)

    def test_hr_sees_their_companies_and_no_one_else_does(self):
        count, _running = self._cell(self.PairReport, self.user_hr, ("__count", "running:sum"))
        self.assertEqual(count, len(self.org_pairs) + 2)
        self.assertEqual(
            self._cell(self.PairReport, self.user_hr_2, ("__count", "running:sum")), (None, None)
        )
        with self.assertRaises(AccessError):
            self.PairReport.with_user(self.user_paul)._read_group([], (), ["__count"])

    def test_a_session_logged_counts_at_once(self):
        pair = self.org_pairs[0]
        session = self.env["mentorship.session"].create(
            {"pair_id": pair.id, "date_start": fields.Datetime.now() + relativedelta(days=1)}
        )
        session.write({"date_start": fields.Datetime.now(), "state": "done", "duration": 1.0})
        [(sessions,)] = self.PairReport.with_user(self.user_leo)._read_group(
            [("program_id", "=", self.program.id)], (), ["session_done_count:sum"]
        )
        self.assertEqual(sessions, 7)
        [(done, hours)] = self.SessionReport.with_user(self.user_leo)._read_group(
            [("program_id", "=", self.program.id)], (), ["done:sum", "duration:sum"]
        )
        self.assertEqual((done, hours), (7, 10.0))

    def test_cadence_adherence_counts_the_sessions_due_since_the_start(self):
        # A monthly cadence and pairs that started 61 days ago: two sessions due.
        self.program.cadence_ids = [
            Command.clear(),
            Command.create({"interval_number": 1, "interval_unit": "months"}),
        ]
        start = fields.Date.today() - relativedelta(days=61)
        self.env.cr.execute(
            "UPDATE mentorship_pair SET date_start = %s, held_days = 0 WHERE id IN %s",
            (start, tuple(self.org_pairs.ids)),
        )
        expected, done = self._cell(
            self.PairReport,
            self.user_leo,
            ("session_expected_count:sum", "session_done_count:sum"),
        )
        self.assertEqual((expected, done), (12, 6))


@tagged("post_install", "-at_install")
class TestHrOverview(OrganisationCase):
    def test_the_overview_counts_what_needs_doing(self):
        # One session whose time passed without being logged, two pairs at risk.
        pair = self.org_pairs[0]
        self.env["mentorship.session"].create(
            {"pair_id": pair.id, "date_start": fields.Datetime.now() + relativedelta(days=1)}
        ).write({"date_start": fields.Datetime.now() - relativedelta(hours=2)})
        self.env.cr.execute(
            "UPDATE mentorship_pair SET health = 'at_risk' WHERE id IN %s",
            (tuple(self.org_pairs[:2].ids),),
        )
        self.env["mentorship.pair"].invalidate_model(["health"])
        program = self.program.with_user(self.user_hr)
        self.assertEqual(program.overview_sessions_to_log, 1)
        self.assertEqual(program.overview_pairs_at_risk, 2)
        running = self.env["mentorship.pair"].search_count(
            [("program_id", "=", self.program.id), ("state", "in", ("active", "on_hold"))]
        )
        self.assertEqual(
            program.overview_pairs_on_track
            + program.overview_pairs_at_risk
            + program.overview_pairs_stalled,
            running,
        )
        action = program.with_context(overview_item="pairs_at_risk").action_open_overview_item()
        self.assertEqual(
            set(self.env["mentorship.pair"].search(action["domain"]).ids),
            set(self.org_pairs[:2].ids),
        )
        action = program.with_context(overview_item="sessions_to_log").action_open_overview_item()
        self.assertEqual(self.env["mentorship.session"].search_count(action["domain"]), 1)

    def test_mentor_supply_against_demand(self):
        program = self.program.with_user(self.user_hr)
        seats, waiting = program.overview_free_seats, program.overview_waiting_mentees
        # Bob is approved and waits; a pair for him takes one of Max's seats
        # (Max's are all taken already: his seats stay at none free).
        self.assertGreaterEqual(waiting, 1)
        self._active_pair(self.mentee_bob, self.mentor_max)
        program.invalidate_recordset()
        self.assertEqual(program.overview_waiting_mentees, waiting - 1)
        self.assertEqual(program.overview_free_seats, seats)
        # A new ready mentor with three seats.
        skill = self.env["hr.employee.skill"].create(
            {
                "employee_id": self.employee_carl.id,
                "skill_type_id": self.skill_type.id,
                "skill_id": self.skill_strategy.id,
                "skill_level_id": self.level_advanced.id,
            }
        )
        self._ready_mentor(self.employee_carl, self.user_carl, skill, capacity=3)
        program.invalidate_recordset()
        self.assertEqual(program.overview_free_seats, seats + 3)

    def test_an_unknown_item_is_refused(self):
        with self.assertRaises(UserError):
            self.program.with_user(self.user_hr).with_context(
                overview_item="everything"
            ).action_open_overview_item()

    def test_the_counts_are_hr_only(self):
        with self.assertRaises(AccessError):
            self.program.with_user(self.user_leo).read(["overview_pairs_at_risk"])

    def test_the_overview_queries_do_not_grow_with_the_programs(self):
        programs = self.program
        for index in range(4):
            programs |= self.program.copy({"name": f"Overview copy {index}"})
        Program = self.env["mentorship.program"].with_user(self.user_hr)
        names = [name for name in Program._fields if name.startswith("overview_")]
        queries = {}
        for records in (self.program, programs, self.program):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            Program.browse(records.ids).read(names)
            queries[len(records)] = self.env.cr.sql_log_count - before
        self.assertEqual(queries[1], queries[5])


@tagged("post_install", "-at_install")
class TestDigestKpis(OrganisationCase):
    def _kpis(self, user):
        digest = self.env["digest.digest"].create(
            {
                "name": "Mentorship digest",
                "kpi_mentorship_active_pairs": True,
                "kpi_mentorship_sessions_held": True,
                "kpi_mentorship_average_rating": True,
                "kpi_mentorship_pairs_at_risk": True,
                "kpi_mentorship_promotions": True,
                "company_id": self.env.company.id,
            }
        )
        kpis = digest._compute_kpis(self.env.company, user)
        return {kpi["kpi_name"]: kpi["kpi_col1"].get("value") for kpi in kpis}

    def test_each_recipient_gets_the_figures_of_their_rights(self):
        # Other programs of the database (demo data) are set aside.
        self.env.cr.execute(
            "UPDATE mentorship_pair SET company_id = %s WHERE program_id != %s",
            (self.company_2.id, self.program.id),
        )
        # The digest compares the last 24 hours, 7 and 30 days with the
        # periods before them: the pairs ran through all of them. A period
        # with fewer people than the minimum would leave the KPI out.
        self.env.cr.execute(
            "UPDATE mentorship_pair SET date_start = %s WHERE program_id = %s",
            (fields.Date.today() - relativedelta(days=70), self.program.id),
        )
        hr = self._kpis(self.user_hr)
        # Every running pair of the company (Leo's six, Alice's, Paul's).
        self.assertEqual(hr["kpi_mentorship_active_pairs"], len(self.org_pairs) + 2)
        leo = self._kpis(self.user_leo)
        self.assertEqual(leo["kpi_mentorship_active_pairs"], len(self.org_pairs))
        # The ratings report is HR's, and nobody rated: no rating KPI for Leo.
        self.assertNotIn("kpi_mentorship_average_rating", leo)
        # Too few people under Lena: no figure rather than a wrong one.
        lena = self._kpis(self.user_lena)
        self.assertNotIn("kpi_mentorship_active_pairs", lena)
        self.assertNotIn("kpi_mentorship_pairs_at_risk", lena)

    def test_promotions_of_participants_within_each_recipients_rights(self):
        self.env.cr.execute(
            "UPDATE mentorship_pair SET company_id = %s WHERE program_id != %s",
            (self.company_2.id, self.program.id),
        )
        self.env.cr.execute(
            "UPDATE mentorship_pair SET date_start = %s WHERE program_id = %s",
            (fields.Date.today() - relativedelta(days=70), self.program.id),
        )
        hr_before = self._kpis(self.user_hr)["kpi_mentorship_promotions"]
        # The digest's first column is the last 24 hours: yesterday's events.
        yesterday = fields.Date.today() - relativedelta(days=1)
        promoted = self.team[:3]
        for employee in promoted:
            self._promote(employee, yesterday)
        # Alice takes part outside Leo's organisation; Ola takes part in no
        # pair; Dora's promotion is older than any period of the digest.
        self._promote(self.employee_alice, yesterday)
        _user, outsider = self._person("org_outsider", "Ola Outsider", self.employee_leo)
        self._promote(outsider, yesterday)
        self._promote(self.employee_dora, fields.Date.today() - relativedelta(days=90))
        self.env.flush_all()

        # HR: every participant of their company (Leo's three and Alice).
        hr = self._kpis(self.user_hr)
        self.assertEqual(hr["kpi_mentorship_promotions"], hr_before + len(promoted) + 1)
        # Leo: the participants of his organisation only.
        leo = self._kpis(self.user_leo)
        self.assertEqual(leo["kpi_mentorship_promotions"], len(promoted))
        # Lena manages one participant (fewer than the minimum of five), Dora
        # a colleague who manages nobody, Paul a portal user: no figure.
        for user in (self.user_lena, self.user_dora, self.user_paul):
            with self.subTest(user=user.login):
                self.assertNotIn("kpi_mentorship_promotions", self._kpis(user))

    def test_the_kpis_queries_do_not_grow_with_the_data(self):
        """The digest's KPIs cost a leader as many queries over six
        participants two levels down as over eleven three levels down, with
        more sessions and promotions, and so for HR: the organisation is
        resolved inside each KPI's query, not one query per level."""
        digest = self.env["digest.digest"].create(
            {"name": "Query count digest", "company_id": self.env.company.id}
        )
        now = fields.Datetime.now()
        kpis = [
            name
            for name in digest._fields
            if name.startswith("kpi_mentorship_") and name.endswith("_value")
        ]

        users = (self.user_leo, self.user_hr)
        # One environment per user for the whole test (see _count_queries).
        records = {
            user: digest.with_user(user).with_context(
                start_datetime=now - relativedelta(days=7), end_datetime=now
            )
            for user in users
        }

        def compute_kpis(user):
            record = records[user]
            withheld = set()
            for kpi in kpis:
                try:
                    record[kpi]  # noqa: B018 - computing the KPI is what is counted
                except AccessError:
                    # Withheld (the ratings are HR's): its queries count all the same.
                    withheld.add(kpi)
            return withheld

        self._start_pairs_long_ago()
        small = {user: self._count_queries(lambda u=user: compute_kpis(u)) for user in users}
        self._grow_organisation(now)
        for user in users:
            with self.subTest(user=user.login):
                self._cold()
                with self.assertQueryCount(small[user]):
                    compute_kpis(user)


@tagged("post_install", "-at_install")
class TestReportQueries(OrganisationCase):
    """Each tile of the pairs' and sessions' reports is one read_group whose
    queries do not grow with the pairs, the sessions or the depth of the
    organisation."""

    def test_the_report_tiles_queries_do_not_grow_with_the_data(self):
        users = (self.user_leo, self.user_nina, self.user_hr)
        # One environment per user for the whole test (see _count_queries).
        pair_reports = {user: self.PairReport.with_user(user) for user in users}
        session_reports = {user: self.SessionReport.with_user(user) for user in users}
        tiles = {
            "pairs by program": lambda user: pair_reports[user].read_group(
                [],
                ["running:sum", "session_done_count:sum", "days_to_first_session:avg"],
                ["program_id"],
                lazy=False,
            ),
            "pairs by start month": lambda user: pair_reports[user].read_group(
                [], ["accepted:sum", "session_expected_count:sum"], ["date_start:month"], lazy=False
            ),
            "sessions by month": lambda user: session_reports[user].read_group(
                [], ["done:sum"], ["date:month"], lazy=False
            ),
        }
        small = {
            (name, user): self._count_queries(lambda t=tile, u=user: t(u))
            for name, tile in tiles.items()
            for user in users
        }
        self._grow_organisation(fields.Datetime.now())
        for name, tile in tiles.items():
            for user in users:
                with self.subTest(tile=name, user=user.login):
                    self._cold()
                    with self.assertQueryCount(small[name, user]):
                        tile(user)
        # The figures did grow: Nina's ten mentees, ten sessions more.
        [(count, sessions)] = self.PairReport.with_user(self.user_nina)._read_group(
            [("program_id", "=", self.program.id)], (), ["__count", "session_done_count:sum"]
        )
        self.assertEqual((count, sessions), (10, 15))
