"""Benchmark of the daily mentorship crons, run in sequence as the scheduler does.

Run it with ``odoo-bin shell`` against a database where mentorship_program is
installed without demo data (see README.md, "Benchmarks")::

    python3 /opt/odoo18/odoo-bin -d m_cron_bench --addons-path=... \\
        -i mentorship_program --without-demo=all --stop-after-init
    python3 /opt/odoo18/odoo-bin shell -d m_cron_bench --addons-path=... \\
        --no-http < benchmarks/cron_benchmark.py

Seeding (not timed) is bulk: 5 programs, 4,000 mentee and 500 mentor
employees (1,000 mentees and every mentor with a user), their enrollments,
20,000 active pairs started over the last 100 days (so a tenth are past their
90-day term), 1,000 pending pairs around their answer date, 500 open mentor
requests, and sessions inserted in one SQL statement each: a done session for
70 % of the pairs (within the last 40 days), a planned one in the next five
days for 20 %. 5 % of the pairs were nudged for inactivity 15 days ago, 5
mentors have a past departure date and 50 mentees are archived behind the
ORM's back. It is a heavy first day: thousands of reminders, nudges and
completions.

Then it times each cron, and their sum, with query counts, twice: on the
first day (the backlog above) and on the next day under freezegun, when only
what became due overnight is left (the usual daily load). Everything is
rolled back at the end unless ``BENCH_KEEP=1``; ``BENCH_PAIRS`` and
``BENCH_SEED`` change the size and the random seed.
"""

import cProfile
import os
import pstats
import random
import threading
import time
import traceback
from collections import Counter
from contextlib import contextmanager
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields, sql_db
from odoo.tools import SQL

N_PAIRS = int(os.environ.get("BENCH_PAIRS", 20000))
SEED = int(os.environ.get("BENCH_SEED", 0))
KEEP = os.environ.get("BENCH_KEEP") == "1"
PROFILE_SQL = os.environ.get("BENCH_SQL") == "1"
PROFILE_CRON = os.environ.get("BENCH_PROFILE")  # a cron's label: cProfile it (day 1)
N_PROGRAMS = 5
N_MENTEES = max(N_PAIRS // N_PROGRAMS, 1)
N_MENTORS = max(N_MENTEES // 8, 1)
N_MENTEE_USERS = N_MENTEES // 4
CHARTER = "<p>Be kind, be candid, keep confidences.</p>"

env = globals()["env"]  # noqa: F821 - provided by odoo-bin shell
rng = random.Random(SEED)


def step(label, started):
    print(f"    {label}: {time.perf_counter() - started:.1f} s", flush=True)


def seed():
    started = time.perf_counter()
    today = fields.Date.context_today(env["mentorship.pair"])
    now = fields.Datetime.now()
    print(f"==> seeding {N_PAIRS} active pairs", flush=True)
    quiet = {"mail_create_nolog": True, "tracking_disable": True, "mail_notrack": True}
    users = (
        env["res.users"]
        .with_context(no_reset_password=True, **quiet)
        .create(
            [
                {
                    "name": f"Cron Bench {i}",
                    "login": f"cron_bench_{SEED}_{i}",
                    "email": f"cronbench{i}@example.com",
                    "groups_id": [Command.set(env.ref("base.group_user").ids)],
                }
                for i in range(N_MENTORS + N_MENTEE_USERS)
            ]
        )
    )
    step("users", started)
    Employee = env["hr.employee"].with_context(**quiet)
    mentors = Employee.create(
        [{"name": f"Bench Mentor {i}", "user_id": users[i].id} for i in range(N_MENTORS)]
    )
    mentees = Employee.create(
        [
            {
                "name": f"Bench Mentee {i}",
                "user_id": users[N_MENTORS + i].id if i < N_MENTEE_USERS else False,
            }
            for i in range(N_MENTEES)
        ]
    )
    step("employees", started)
    programs = env["mentorship.program"].create(
        [
            {
                "name": f"Cron Bench Program {p}",
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
    # Running, as the programs of live pairs are (the inactivity cron skips drafts).
    programs._system_write({"state": "running"})
    Enrollment = env["mentorship.enrollment"].with_context(**quiet)
    pair_vals = []
    for program in programs:
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
                for e in mentees
            ]
        )
        for index, mentee in enumerate(mentee_enrollments):
            pair_vals.append(
                {
                    "program_id": program.id,
                    "mentee_enrollment_id": mentee.id,
                    "mentor_enrollment_id": mentor_enrollments[index % N_MENTORS].id,
                    "state": "active",
                    "date_proposed": today - timedelta(days=110),
                    "date_start": today - timedelta(days=rng.randint(0, 100)),
                }
            )
    step("programs and enrollments", started)
    Pair = env["mentorship.pair"].with_context(**quiet)
    pairs = Pair.create(pair_vals[:N_PAIRS])
    pending_vals = []
    for index in range(N_PAIRS // 20):
        proposed = today - timedelta(days=rng.randint(0, 10))
        pending_vals.append(
            dict(
                pair_vals[index],
                kind="topic",
                state="pending",
                date_start=False,
                date_proposed=proposed,
                date_deadline=proposed + timedelta(days=7),
            )
        )
    pending = Pair.create(pending_vals)
    requests = (
        env["mentorship.request"]
        .with_context(**quiet)
        .create(
            [
                {
                    "program_id": vals["program_id"],
                    "mentee_enrollment_id": vals["mentee_enrollment_id"],
                    "mentor_enrollment_id": vals["mentor_enrollment_id"],
                    "date_sent": now - timedelta(days=(age := rng.randint(0, 10))),
                    "date_deadline": today - timedelta(days=age) + timedelta(days=7),
                }
                for vals in pair_vals[-(N_PAIRS // 40) :]
            ]
        )
    )
    step(f"{len(pairs)} active + {len(pending)} pending pairs, {len(requests)} requests", started)
    env.flush_all()
    cr = env.cr
    # Sessions, in bulk: a done one for 70 % of the pairs, a planned one soon for 20 %.
    cr.execute(
        """
        INSERT INTO mentorship_session (pair_id, program_id, company_id, mentor_user_id,
               mentee_user_id, kind, duration, hours_spent, date_start, state,
               reminder_sent, create_uid, write_uid, create_date, write_date)
        SELECT p.id, p.program_id, p.company_id, p.mentor_user_id, p.mentee_user_id,
               'check_in', 1, 1,
               GREATEST(p.date_start, %(today)s::date - (random() * 40)::int) + interval '10 hours',
               'done', false, 1, 1, now(), now()
          FROM mentorship_pair p
         WHERE p.id = ANY(%(ids)s) AND random() < 0.7;
        INSERT INTO mentorship_session (pair_id, program_id, company_id, mentor_user_id,
               mentee_user_id, kind, duration, hours_spent, date_start, state,
               reminder_sent, create_uid, write_uid, create_date, write_date)
        SELECT p.id, p.program_id, p.company_id, p.mentor_user_id, p.mentee_user_id,
               'check_in', 1, 0, %(now)s::timestamp + (random() * 5) * interval '1 day',
               'planned', false, 1, 1, now(), now()
          FROM mentorship_pair p
         WHERE p.id = ANY(%(ids)s) AND random() < 0.2;
        UPDATE mentorship_pair p
           SET last_session_date = s.last_done, next_session_date = s.next_planned,
               session_done_count = s.done_count
          FROM (SELECT pair_id,
                       max(date_start) FILTER (WHERE state = 'done') AS last_done,
                       min(date_start) FILTER (WHERE state = 'planned') AS next_planned,
                       count(*) FILTER (WHERE state = 'done') AS done_count
                  FROM mentorship_session WHERE pair_id = ANY(%(ids)s) GROUP BY pair_id) s
         WHERE s.pair_id = p.id;
        UPDATE mentorship_pair SET inactivity_nudge_date = %(today)s::date - 15
         WHERE id = ANY(%(ids)s) AND random() < 0.05;
        UPDATE hr_employee SET active = false WHERE id = ANY(%(leavers)s);
        UPDATE hr_employee SET departure_date = %(today)s::date - 1 WHERE id = ANY(%(departing)s);
        """,
        {
            "ids": pairs.ids,
            "today": today,
            "now": now,
            "leavers": mentees[:50].ids,
            "departing": mentors[:5].ids,
        },
    )
    env.invalidate_all()
    sessions = env["mentorship.session"].search_count([("pair_id", "in", pairs.ids)])
    step(f"{sessions} sessions, departures", started)


@contextmanager
def query_shapes(label):
    """With BENCH_SQL=1: the most frequent queries of ``label`` (their SQL
    text with placeholders, so one shape per statement) and where in Python
    they come from, to find what runs once per record."""
    if not PROFILE_SQL:
        yield
        return
    shapes = Counter()
    execute = sql_db.Cursor.execute

    def counting(cr, query, params=None, log_exceptions=True):
        code = query.code if isinstance(query, SQL) else query
        frames = [
            f"{os.path.basename(f.filename)}:{f.lineno} {f.name}"
            for f in traceback.extract_stack(limit=40)[:-1]
            if "/odoo/sql_db.py" not in f.filename
            and "/odoo/models.py" not in f.filename
            and "/odoo/fields.py" not in f.filename
            and "/odoo/api.py" not in f.filename
        ]
        shapes[(" ".join(str(code).split())[:160], " < ".join(reversed(frames[-4:])))] += 1
        return execute(cr, query, params, log_exceptions)

    sql_db.Cursor.execute = counting
    try:
        yield
    finally:
        sql_db.Cursor.execute = execute
        for (code, where), count in shapes.most_common(12):
            print(f"      {count:6d}  {code}\n              from {where}")


def measure(label, function):
    env.flush_all()
    env.invalidate_all()
    queries = env.cr.sql_log_count
    started = time.perf_counter()
    profiler = cProfile.Profile() if label == PROFILE_CRON else None
    with query_shapes(label):
        if profiler:
            profiler.enable()
        outcome = function()
        env.flush_all()
        if profiler:
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
    seconds = time.perf_counter() - started
    count = env.cr.sql_log_count - queries
    done = getattr(outcome, "done", "?")
    failed = len(getattr(outcome, "failed", []))
    print(
        f"{label}: {seconds:.1f} s, {count} queries, {done} records, {failed} failed",
        flush=True,
    )
    return seconds, count


CRONS = [
    ("departures", "hr.employee", "_cron_mentorship_departures"),
    ("end of term", "mentorship.pair", "_cron_end_of_term"),
    ("pair acceptance", "mentorship.pair", "_cron_acceptance_window"),
    ("request acceptance", "mentorship.request", "_cron_acceptance_window"),
    ("inactivity", "mentorship.pair", "_cron_inactivity"),
    ("cadence", "mentorship.pair", "_cron_cadence_nudges"),
    ("session reminders", "mentorship.session", "_cron_session_reminders"),
    ("health", "mentorship.pair", "_cron_refresh_health"),
    ("scaling milestones", "mentorship.program", "_cron_reach_milestones"),
    ("data quality (weekly)", "mentorship.data.quality", "_cron_notify_gaps"),
    ("pulse surveys", "mentorship.pair", "_cron_send_pulse_surveys"),
    ("closure surveys", "mentorship.pair", "_cron_send_closure_surveys"),
    ("quarterly reviews", "mentorship.review", "_cron_create_quarterly_reviews"),
]


def run_batch(title):
    """Every cron once, in the scheduler's order; (seconds, queries, notices)."""
    notice = env.ref("mentorship_program.mail_activity_type_mentorship_notice")
    activities_before = env["mail.activity"].search_count([("activity_type_id", "=", notice.id)])
    total_seconds = total_queries = 0
    print(f"==> {title}", flush=True)
    for label, model, method in CRONS:
        seconds, queries = measure(label, getattr(env[model], method))
        total_seconds += seconds
        total_queries += queries
    notices = (
        env["mail.activity"].search_count([("activity_type_id", "=", notice.id)])
        - activities_before
    )
    print(f"    total {total_seconds:.1f} s, {total_queries} queries, {notices} notices")
    return total_seconds, total_queries, notices


def main():
    # The crons commit their batches unless they run in a test; the benchmark
    # must roll everything back, so it runs as one.
    threading.current_thread().testing = not KEEP
    seed()
    total_seconds, total_queries, _notices = run_batch("day 1: the first daily batch (backlog)")
    states = dict(
        env["mentorship.pair"]._read_group(
            [("program_id.name", "=like", "Cron Bench Program %")], ["state"], ["__count"]
        )
    )
    print(f"    pairs by state {states}")
    seconds, queries = measure(
        "second run of the whole batch (nothing left to do)",
        lambda: [getattr(env[model], method)() for _label, model, method in CRONS],
    )
    # The next day only what became due overnight is left: the usual daily load.
    # tick=True: the frozen clock still runs, so perf_counter measures real time.
    with freeze_time(fields.Datetime.now() + timedelta(days=1), tick=True):
        day2_seconds, day2_queries, _notices = run_batch("day 2: the next daily batch")
    print(
        f"RESULT day1_batch={total_seconds:.1f}s/{total_queries} queries "
        f"rerun={seconds:.1f}s/{queries} queries "
        f"day2_batch={day2_seconds:.1f}s/{day2_queries} queries (target 30)"
    )
    if KEEP:
        env.cr.commit()
    else:
        env.cr.rollback()


main()
