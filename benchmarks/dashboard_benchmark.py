"""Benchmark of the dashboards' tiles and of one program's outcomes.

Run it with ``odoo-bin shell`` against a database where mentorship_program is
installed without demo data (see README.md, "Benchmarks")::

    python3 /opt/odoo18/odoo-bin shell -d m_dash_bench --addons-path=... \\
        --no-http < benchmarks/dashboard_benchmark.py

Seeding (not timed) is bulk, as in cron_benchmark.py: 50,000 employees
inserted in SQL (with their resources), 5 programs of 4,000 mentees each
(20,000 pairs, created through the ORM with their enrollments), a leader
with 300 reports among the mentees (ten team leads of 30), and 100,000
sessions inserted in one SQL statement (five a pair, 80 % done, over the
pairs' time; the pairs' stored session figures and health then follow as
the ORM keeps them), 10,000 promotions among the employees (SQL), 75,000
entries of skill history (SQL: a first level for everyone, a higher one
later for one in two), and the
seeded tables are analysed as autovacuum would. Then it times, as an HR
user (Mentorship Manager) and as the leader: the overview counts of the programs (``overview_*``), a read_group
of each reporting model, the digest's KPIs (target 200 ms each), and the
outcomes and comparison of one program (target 10 s). Everything is rolled
back at the end.
"""

import random
import time
from datetime import timedelta

from odoo import Command, fields
from odoo.tools import SQL

from odoo.addons.mentorship_program.models.outcome_results import program_outcomes

N_EMPLOYEES = 50000
N_PROGRAMS = 5
N_MENTEES = 4000  # per program: 20,000 pairs
N_MENTORS = 500
SESSIONS_PER_PAIR = 5
CHARTER = "<p>Be kind, be candid, keep confidences.</p>"
QUIET = {"mail_create_nolog": True, "tracking_disable": True, "mail_notrack": True}

env = globals()["env"]  # noqa: F821 - provided by odoo-bin shell
rng = random.Random(0)


def seed():
    started = time.perf_counter()
    cr = env.cr
    today = fields.Date.context_today(env["mentorship.pair"])
    company = env.company
    departments = env["hr.department"].create([{"name": f"Dash Dept {i}"} for i in range(20)])
    jobs = env["hr.job"].create([{"name": f"Dash Job {i}"} for i in range(30)])
    # Employees in SQL: the ORM's create of 50,000 would take most of the run.
    cr.execute(
        """
        WITH r AS (
            INSERT INTO resource_resource (name, resource_type, tz, time_efficiency, active,
                                           company_id, calendar_id, create_date, write_date)
            SELECT 'Dash Employee ' || g, 'user', 'UTC', 100, true, %(company)s,
                   %(calendar)s, now(), now()
              FROM generate_series(1, %(n)s) g
            RETURNING id
        )
        INSERT INTO hr_employee (resource_id, company_id, employee_type, marital,
                                 distance_home_work_unit, active, department_id, job_id,
                                 create_date, write_date)
        SELECT r.id, %(company)s, 'employee', 'single', 'kilometers', true,
               (%(departments)s::int[])[1 + r.id %% 20], (%(jobs)s::int[])[1 + r.id %% 30],
               now() - (random() * 1500)::int * interval '1 day', now()
          FROM r
        RETURNING id
        """,
        {
            "n": N_EMPLOYEES,
            "company": company.id,
            "calendar": company.resource_calendar_id.id,
            "departments": departments.ids,
            "jobs": jobs.ids,
        },
    )
    employee_ids = sorted(row[0] for row in cr.fetchall())
    env.invalidate_all()
    Employee = env["hr.employee"].with_context(**QUIET)
    mentors = Employee.browse(employee_ids[:N_MENTORS])
    mentees = Employee.browse(employee_ids[N_MENTORS : N_MENTORS + N_MENTEES * N_PROGRAMS])
    print(f"    {len(employee_ids)} employees: {time.perf_counter() - started:.1f} s", flush=True)
    hr_user, leader_user = (
        env["res.users"]
        .with_context(no_reset_password=True, **QUIET)
        .create(
            [
                {
                    "name": "Dash HR",
                    "login": "dash_bench_hr",
                    "groups_id": [
                        Command.set(
                            [
                                env.ref("base.group_user").id,
                                env.ref("mentorship_program.group_mentorship_manager").id,
                            ]
                        )
                    ],
                },
                {
                    "name": "Dash Leader",
                    "login": "dash_bench_leader",
                    "groups_id": [Command.set(env.ref("base.group_user").ids)],
                },
            ]
        )
    )
    leader = Employee.create({"name": "Dash Leader", "user_id": leader_user.id})
    leads = mentees[:10]
    leads.write({"parent_id": leader.id})
    for index, lead in enumerate(leads):
        mentees[10 + 30 * index : 40 + 30 * index].write({"parent_id": lead.id})
    programs = env["mentorship.program"].create(
        [
            {
                "name": f"Dash Bench Program {p}",
                "program_format": "evergreen",
                "charter_code_of_conduct": CHARTER,
                "charter_confidentiality": CHARTER,
                "charter_escalation_path": CHARTER,
                "cadence_ids": [Command.create({"session_type": "check_in"})],
                "default_mentor_capacity": 10,
                "max_mentor_capacity": 20,
            }
            for p in range(N_PROGRAMS)
        ]
    )
    Enrollment = env["mentorship.enrollment"].with_context(**QUIET)
    pair_vals = []
    for number, program in enumerate(programs):
        program_mentees = mentees[N_MENTEES * number : N_MENTEES * (number + 1)]
        mentor_enrollments = Enrollment.create(
            [
                {
                    "program_id": program.id,
                    "employee_id": e.id,
                    "role": "mentor",
                    "state": "approved",
                    "capacity": 20,
                }
                for e in mentors
            ]
        )
        mentee_enrollments = Enrollment.create(
            [
                {
                    "program_id": program.id,
                    "employee_id": e.id,
                    "role": "mentee",
                    "state": "approved",
                }
                for e in program_mentees
            ]
        )
        for index, mentee in enumerate(mentee_enrollments):
            start = today - timedelta(days=rng.randint(0, 400))
            pair_vals.append(
                {
                    "program_id": program.id,
                    "mentee_enrollment_id": mentee.id,
                    "mentor_enrollment_id": mentor_enrollments[index % N_MENTORS].id,
                    "state": "active",
                    "date_proposed": start - timedelta(days=7),
                    "date_start": start,
                }
            )
    # The leader's organisation is spread over the programs: its people are
    # the first mentees, so of the first program; enough for every cell.
    pairs = env["mentorship.pair"].with_context(**QUIET).create(pair_vals)
    print(f"    {len(pairs)} pairs: {time.perf_counter() - started:.1f} s", flush=True)
    env.flush_all()
    cr.execute(
        """
        INSERT INTO mentorship_session (pair_id, program_id, company_id, mentor_user_id,
               mentee_user_id, mentee_employee_id, mentee_department_id, kind, duration,
               hours_spent, date_start, state, reminder_sent, create_uid, write_uid,
               create_date, write_date)
        SELECT p.id, p.program_id, p.company_id, p.mentor_user_id, p.mentee_user_id,
               p.mentee_employee_id, p.mentee_department_id, 'check_in', 1, 1,
               p.date_start + (random() * GREATEST(%(today)s::date - p.date_start, 1))::int
                   * interval '1 day' + interval '10 hours',
               CASE WHEN random() < 0.8 THEN 'done' ELSE 'planned' END,
               false, 1, 1, now(), now()
          FROM mentorship_pair p, generate_series(1, %(per_pair)s)
         WHERE p.id = ANY(%(ids)s)
        RETURNING id
        """,
        {"ids": pairs.ids, "today": today, "per_pair": SESSIONS_PER_PAIR},
    )
    session_ids = [row[0] for row in cr.fetchall()]
    env.invalidate_all()
    print(f"    {len(session_ids)} sessions: {time.perf_counter() - started:.1f} s", flush=True)
    # What the ORM does when sessions are logged: the pairs' stored session
    # figures (count, hours, first and last session) and their health follow.
    sessions = env["mentorship.session"].browse(session_ids)
    sessions.modified(["pair_id", "state", "date_start", "duration"])
    env.flush_all()
    print(f"    pairs' session figures: {time.perf_counter() - started:.1f} s", flush=True)
    # Career events: one employee in five promoted on a day of the last 400,
    # which the digest's promotions KPI counts.
    cr.execute(
        """
        INSERT INTO mentorship_career_event (employee_id, company_id, date, kind, detected_kind,
               is_promotion, is_cross_functional, is_departure, source, change_key,
               is_corrected, create_uid, write_uid, create_date, write_date)
        SELECT e.id, e.company_id, %(today)s::date - (random() * 400)::int,
               'promotion', 'promotion', true, false, false, 'tracking', 'bench-' || e.id,
               false, 1, 1, now(), now()
          FROM hr_employee e
         WHERE e.id = ANY(%(ids)s) AND e.id %% 5 = 0
        """,
        {"ids": employee_ids, "today": today},
    )
    print(f"    {cr.rowcount} promotions: {time.perf_counter() - started:.1f} s", flush=True)
    # Skill history, which the outcomes' time-to-skill reads for participants
    # and comparison people alike: every employee's first entry of a skill,
    # and for one in two a higher level later.
    skill_type = env["hr.skill.type"].create(
        {
            "name": "Dash Skills",
            "skill_ids": [Command.create({"name": "Dash Skill"})],
            "skill_level_ids": [
                Command.create({"name": f"Dash Level {i}", "level_progress": 25 * (i + 1)})
                for i in range(4)
            ],
        }
    )
    low, high = skill_type.skill_level_ids.sorted("level_progress")[0:3:2]
    cr.execute(
        """
        INSERT INTO hr_employee_skill_log (employee_id, skill_id, skill_level_id, skill_type_id,
               level_progress, date, create_uid, write_uid, create_date, write_date)
        SELECT e.id, %(skill)s, %(low)s, %(type)s, %(low_progress)s,
               %(today)s::date - 700 + (e.id %% 300), 1, 1, now(), now()
          FROM hr_employee e WHERE e.id = ANY(%(ids)s)
        UNION ALL
        SELECT e.id, %(skill)s, %(high)s, %(type)s, %(high_progress)s,
               %(today)s::date - 300 + (e.id %% 290), 1, 1, now(), now()
          FROM hr_employee e WHERE e.id = ANY(%(ids)s) AND e.id %% 2 = 0
        """,
        {
            "ids": employee_ids,
            "today": today,
            "skill": skill_type.skill_ids.id,
            "type": skill_type.id,
            "low": low.id,
            "high": high.id,
            "low_progress": low.level_progress,
            "high_progress": high.level_progress,
        },
    )
    print(f"    {cr.rowcount} skill log entries: {time.perf_counter() - started:.1f} s", flush=True)
    # A live database has statistics (autovacuum analyses what changed);
    # rows inserted in this uncommitted transaction have none, and the
    # planner would take the tables for empty.
    for table in (
        "resource_resource",
        "hr_employee",
        "mentorship_enrollment",
        "mentorship_pair",
        "mentorship_session",
        "mentorship_career_event",
        "hr_employee_skill_log",
    ):
        cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    return hr_user, leader_user, programs


def measure(label, function, target):
    env.flush_all()
    env.invalidate_all()
    queries = env.cr.sql_log_count
    started = time.perf_counter()
    function()
    seconds = time.perf_counter() - started
    return label, seconds * 1000, env.cr.sql_log_count - queries, target


def tiles(user, programs, label):
    uenv = env(user=user)
    Pairs = uenv["mentorship.pair.report"]
    Sessions = uenv["mentorship.session.report"]
    overview_fields = [f for f in uenv["mentorship.program"]._fields if f.startswith("overview_")]
    now = fields.Datetime.now()
    digest = uenv["digest.digest"].with_context(
        start_datetime=now - timedelta(days=7), end_datetime=now
    )
    # Every Mentorship KPI of the digest (the average rating is HR's: a leader's
    # digest leaves it out).
    kpis = [
        "kpi_mentorship_active_pairs_value",
        "kpi_mentorship_sessions_held_value",
        "kpi_mentorship_average_rating_value",
        "kpi_mentorship_pairs_at_risk_value",
        "kpi_mentorship_promotions_value",
    ]

    def read_digest():
        record = digest.sudo().search([], limit=1).with_user(user)
        for kpi in kpis:
            try:
                record[kpi]  # noqa: B018 - computing the KPI is what is timed
            except Exception as error:  # noqa: BLE001 - a withheld figure is an answer
                print(f"      {kpi}: {error}")

    rows = [
        measure(
            f"{label}: pairs report by program",
            lambda: Pairs.read_group(
                [],
                ["running:sum", "session_done_count:sum", "days_to_first_session:avg"],
                ["program_id"],
                lazy=False,
            ),
            200,
        ),
        measure(
            f"{label}: pairs report by start month",
            lambda: Pairs.read_group(
                [], ["accepted:sum", "session_expected_count:sum"], ["date_start:month"], lazy=False
            ),
            200,
        ),
        measure(
            f"{label}: sessions report by month",
            lambda: Sessions.read_group([], ["done:sum"], ["date:month"], lazy=False),
            200,
        ),
        measure(f"{label}: digest KPIs", read_digest, 200),
    ]
    if user.has_group("mentorship_program.group_mentorship_manager"):
        rows.insert(
            0,
            measure(
                f"{label}: overview counts",
                lambda: uenv["mentorship.program"].browse(programs.ids).read(overview_fields),
                200,
            ),
        )
    return rows


def main():
    hr_user, leader_user, programs = seed()
    rows = tiles(hr_user, programs, "HR") + tiles(leader_user, programs, "leader")
    today = fields.Date.today()
    rows.append(
        measure(
            "HR: outcomes of one program",
            lambda: program_outcomes(env(user=hr_user), programs[0].with_user(hr_user), today),
            10000,
        )
    )
    print(f"{'tile':45} {'ms':>9} {'queries':>8} {'target ms':>10}")
    for label, ms, queries, target in rows:
        print(f"{label:45} {ms:9.0f} {queries:8} {target:10}")
    worst_tile = max(ms for label, ms, _q, target in rows if target == 200)
    outcomes = rows[-1][1]
    over = [label for label, ms, _q, target in rows if ms > target]
    print(
        f"RESULT slowest_tile={worst_tile:.0f}ms (target 200) outcomes={outcomes / 1000:.1f}s "
        f"(target 10) over_target={over or 'none'}"
    )
    env.cr.rollback()


main()
