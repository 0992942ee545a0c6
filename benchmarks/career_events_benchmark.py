"""Benchmark of the career-event backfill from the employees' history.

Run it with ``odoo-bin shell`` against a database where mentorship_program is
installed without demo data (see README.md, "Benchmarks")::

    python3 /opt/odoo18/odoo-bin -d m_events_bench --addons-path=... \\
        -i mentorship_program --without-demo=all --stop-after-init
    python3 /opt/odoo18/odoo-bin shell -d m_events_bench --addons-path=... \\
        --no-http < benchmarks/career_events_benchmark.py

Seeding (not timed) is bulk SQL: 20 departments and 40 jobs (graded 1-5,
each with one next role), ``BENCH_EMPLOYEES`` (50,000) employees, and for
each of them the tracking history the chatter would hold: a job change 300
days ago and a department change 100 days ago (two messages, each with its
tracking value); one employee in ten changed job again 50 days ago (into the
next role). One employee in twenty is archived with a departure date and
reason.

Then it times ``mentorship.career.event._backfill_from_history()`` with its
query count, and again (the rerun must create nothing). Everything is rolled
back unless ``BENCH_KEEP=1``.
"""

import os
import time

from odoo.tools import SQL

N_EMPLOYEES = int(os.environ.get("BENCH_EMPLOYEES", 50000))
KEEP = os.environ.get("BENCH_KEEP") == "1"
N_DEPARTMENTS = 20
N_JOBS = 40

env = globals()["env"]  # noqa: F821 - provided by odoo-bin shell


def seed():
    started = time.perf_counter()
    print(f"==> seeding {N_EMPLOYEES} employees and their tracking history", flush=True)
    company = env.company
    departments = env["hr.department"].create(
        [{"name": f"Events Bench Dept {i}"} for i in range(N_DEPARTMENTS)]
    )
    jobs = env["hr.job"].create(
        [{"name": f"Events Bench Job {i}", "mentorship_grade": 1 + i % 5} for i in range(N_JOBS)]
    )
    for index, job in enumerate(jobs):
        job.next_job_ids = jobs[(index + 1) % N_JOBS]
    reason = env["hr.departure.reason"].search([], limit=1)
    env.flush_all()
    cr = env.cr
    cr.execute("SELECT setseed(0)")
    # Employees, with their resources, in two statements.
    cr.execute(
        SQL(
            """
            WITH resources AS (
                INSERT INTO resource_resource (name, time_efficiency, tz, resource_type, active,
                                               company_id, calendar_id)
                SELECT 'Events Bench ' || n, 100, 'UTC', 'user', true, %(company)s, %(calendar)s
                  FROM generate_series(1, %(count)s) n
             RETURNING id, name
            )
            INSERT INTO hr_employee (resource_id, name, company_id, employee_type,
                                     distance_home_work_unit, marital, active, job_id,
                                     department_id, departure_date, departure_reason_id,
                                     create_date, write_date)
            SELECT r.id, r.name, %(company)s, 'employee', 'kilometers', 'single',
                   mod(r.id, 20) != 0,
                   (%(jobs)s::int4[])[1 + mod(r.id, %(n_jobs)s)],
                   (%(departments)s::int4[])[1 + mod(r.id, %(n_departments)s)],
                   CASE WHEN mod(r.id, 20) = 0 THEN current_date - 30 END,
                   CASE WHEN mod(r.id, 20) = 0 THEN %(reason)s END,
                   now() - interval '2 years', now() - interval '30 days'
              FROM resources r
            """,
            company=company.id,
            calendar=company.resource_calendar_id.id,
            count=N_EMPLOYEES,
            jobs=jobs.ids,
            n_jobs=N_JOBS,
            departments=departments.ids,
            n_departments=N_DEPARTMENTS,
            reason=reason.id or None,
        )
    )
    cr.execute("SELECT id, job_id, department_id FROM hr_employee WHERE name LIKE 'Events Bench %'")
    employees = cr.fetchall()
    job_index = {job_id: index for index, job_id in enumerate(jobs.ids)}
    department_index = {dept_id: index for index, dept_id in enumerate(departments.ids)}
    field = {
        name: env["ir.model.fields"]._get("hr.employee", name).id
        for name in ("job_id", "department_id")
    }
    # (employee, days ago, [(field, old, new)]): the history that leads to today.
    history = []
    for employee_id, job_id, department_id in employees:
        previous_job = jobs.ids[(job_index[job_id] - 1) % N_JOBS]  # a promotion by next role
        older_job = jobs.ids[(job_index[job_id] - 3) % N_JOBS]
        previous_department = departments.ids[(department_index[department_id] + 1) % N_DEPARTMENTS]
        history.append((employee_id, 300, [("job_id", older_job, previous_job)]))
        history.append((employee_id, 100, [("department_id", previous_department, department_id)]))
        if employee_id % 10 == 0:
            history.append((employee_id, 50, [("job_id", previous_job, job_id)]))
        else:
            # The job reached 300 days ago stays: make today's job match it.
            history[-2] = (employee_id, 300, [("job_id", older_job, job_id)])
    cr.execute(
        SQL(
            """
            INSERT INTO mail_message (model, res_id, message_type, date, body)
            SELECT 'hr.employee', e, 'notification', now() - make_interval(days => d), ''
              FROM unnest(%s::int4[], %s::int4[]) AS h(e, d)
            RETURNING id
            """,
            [h[0] for h in history],
            [h[1] for h in history],
        )
    )
    message_ids = [row[0] for row in cr.fetchall()]
    tracking = [
        (message_id, field[name], old, new)
        for message_id, (_e, _d, changes) in zip(message_ids, history, strict=True)
        for name, old, new in changes
    ]
    cr.execute(
        SQL(
            """
            INSERT INTO mail_tracking_value (mail_message_id, field_id, old_value_integer,
                                             new_value_integer)
            SELECT * FROM unnest(%s::int4[], %s::int4[], %s::int4[], %s::int4[])
            """,
            [t[0] for t in tracking],
            [t[1] for t in tracking],
            [t[2] for t in tracking],
            [t[3] for t in tracking],
        )
    )
    env.invalidate_all()
    print(
        f"    {len(employees)} employees, {len(message_ids)} messages, "
        f"{len(tracking)} tracking values: {time.perf_counter() - started:.1f} s",
        flush=True,
    )


def measure(label):
    env.invalidate_all()
    queries = env.cr.sql_log_count
    started = time.perf_counter()
    created = env["mentorship.career.event"]._backfill_from_history()
    env.flush_all()
    seconds = time.perf_counter() - started
    queries = env.cr.sql_log_count - queries
    print(f"==> {label}: {created} events, {seconds:.1f} s, {queries} queries", flush=True)
    return created, seconds, queries


def main():
    seed()
    created, seconds, queries = measure("backfill")
    kinds = dict(env["mentorship.career.event"]._read_group([], ["kind"], ["__count"]))
    print(f"    events by kind {kinds}")
    rerun_created, rerun_seconds, rerun_queries = measure("second run (nothing new)")
    print(
        f"RESULT employees={N_EMPLOYEES} backfill={seconds:.1f}s/{queries} queries/"
        f"{created} events rerun={rerun_seconds:.1f}s/{rerun_queries} queries/"
        f"{rerun_created} events (target 60 s)"
    )
    if KEEP:
        env.cr.commit()
    else:
        env.cr.rollback()


main()
