"""Load test of the mentorship portal: 50 people browsing at once.

    .venv/bin/python benchmarks/portal_load.py [--db mentorship_demo] [--users 50]
        [--duration 60] [--think 0] [--workers 2xCPU+1] [--port N]

1. Setup (idempotent, committed) on the demo database made by ``./dev up
   --no-serve``: ``--users`` portal users ``load.mentee.NN`` (password
   ``mentorship``), each the user of an employee enrolled as mentee in the
   demo Engineering Growth program, and ready mentors ``load.mentor.NN`` (four
   mentees each);
   a match run is run and published and every side accepts, through the
   model methods, so each load user has an active pair.
2. Odoo is started as in production: the prefork server with ``--workers``
   (2 on a 2-core machine), no cron thread, on a free port on loopback.
3. This process (a second one) runs one thread per user: each logs in once
   through /web/login (with its CSRF token), then GETs the pages of PAGES in
   turn until ``--duration`` seconds have passed. With ``--think S`` each
   user waits S seconds on average (0.5 S to 1.5 S, drawn per page) between
   two pages, as a person reading does, and the users start spread over the
   first S seconds; without it they ask again at once (a worst case).
4. Per page: requests, errors, p50/p95/p99 and max latency (rich table),
   and each of our pages against Odoo's own portal home ``/my/home``,
   measured in the same run, as ratios of their p50 and p95. A page that
   answers 404 to everybody is reported as unavailable (its route is not
   there yet), not as errors.
"""

import argparse
import os
import random
import statistics
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

# pylint: disable=wrong-import-position
import requests
from rich.console import Console
from rich.table import Table

from tools import paths
from tools.context import build_context
from tools.odoo_run import run_shell
from tools.odoo_server import OdooServer, login

PASSWORD = "mentorship"
# name -> URL; {pair_id} is the user's own active pair. Odoo's own portal
# home first: the reference our pages are measured against.
REFERENCE_PAGE = "/my/home"
# Our pages stay within this factor of Odoo's own home (issue 16).
REFERENCE_FACTOR = 1.5
PAGES = {
    REFERENCE_PAGE: "/my/home",
    "/my/mentorship": "/my/mentorship",
    "/my/mentorship/pair/<id>": "/my/mentorship/pair/{pair_id}",
}

SETUP_SCRIPT = r"""
import json
from odoo import Command

N_USERS = %(users)d
CAPACITY = 4  # the demo program's maximum
N_MENTORS = -(-N_USERS // CAPACITY)
PASSWORD = %(password)r
program = env.ref("mentorship_program.program_engineering_growth_demo")
Users = env["res.users"].with_context(no_reset_password=True)
Employee = env["hr.employee"]
Enrollment = env["mentorship.enrollment"]
english = env.ref("base.lang_en")
slots = env["mentorship.availability.slot"].search([])
# A skill a demo mentor of the program masters: the load mentors master it
# too, the load mentees want it.
model_skill = env.ref("mentorship_program.employee_ingrid_johansson_demo").employee_skill_ids[:1]


def person(login, name):
    user = Users.search([("login", "=", login)])
    if not user:
        user = Users.create({"login": login, "name": name, "password": PASSWORD,
                             "groups_id": [Command.set([env.ref("base.group_portal").id])]})
    employee = Employee.search([("user_id", "=", user.id)])
    if not employee:
        employee = Employee.create({"name": name, "user_id": user.id,
                                    "work_email": login + "@example.com"})
    return user, employee


def approved_enrollment(employee, role, **values):
    found = Enrollment.search([("employee_id", "=", employee.id), ("program_id", "=", program.id),
                               ("role", "=", role)])
    if not found:
        found = Enrollment.create({
            "program_id": program.id, "employee_id": employee.id, "role": role,
            "language_ids": [Command.set(english.ids)],
            "availability_slot_ids": [Command.set(slots.ids)], "tz": "Europe/London",
            **values,
        })
    if found.state == "draft":
        found.action_submit()
    if found.state == "submitted":
        found.action_approve()
    return found


for n in range(1, N_MENTORS + 1):
    user, employee = person("load.mentor.%%02d" %% n, "Load Mentor %%02d" %% n)
    if not employee.employee_skill_ids:
        model_skill.copy({"employee_id": employee.id})
    mentor = approved_enrollment(
        employee, "mentor", capacity=CAPACITY,
        expertise_skill_ids=[Command.set(employee.employee_skill_ids.ids)],
        readiness_coaching_aptitude=4, readiness_time_availability=4,
        readiness_domain_credibility=4,
    )
    if not mentor.charter_accepted:
        mentor.with_user(user).with_context(
            charter_version=program.charter_version).action_accept_charter()
    if not mentor.onboarding_completed:
        channel = program.onboarding_channel_id
        channel.sudo()._action_add_members(user.partner_id)
        channel.slide_ids.filtered("is_published").with_user(user).action_mark_completed()

mentees = Enrollment
for n in range(1, N_USERS + 1):
    user, employee = person("load.mentee.%%02d" %% n, "Load Mentee %%02d" %% n)
    mentees |= approved_enrollment(
        employee, "mentee", goals="Grow as an engineer.", hours_per_month=2,
        target_skill_ids=[Command.create({
            "skill_type_id": model_skill.skill_type_id.id, "skill_id": model_skill.skill_id.id,
            "target_level_id": model_skill.skill_level_id.id})],
    )

Pair = env["mentorship.pair"]
unpaired = mentees.filtered(lambda m: not Pair.search_count(
    [("mentee_enrollment_id", "=", m.id), ("state", "in", ("pending", "active"))]))
if unpaired:
    run = env["mentorship.match.run"].create({"program_id": program.id})
    run.action_run()
    run.action_publish()
for pair in Pair.search([("mentee_enrollment_id", "in", mentees.ids), ("state", "=", "pending")]):
    for user in pair.mentor_user_id | pair.mentee_user_id:
        if pair.state == "pending":
            pair.with_user(user).action_accept()
    if pair.state == "pending":  # a demo mentor without a login
        pair.write({"mentor_accepted": True, "mentee_accepted": True})
        pair._activate()
env.cr.commit()
pairs = {p.mentee_user_id.login: p.id for p in Pair.search(
    [("mentee_enrollment_id", "in", mentees.ids), ("state", "=", "active")])}
print("RESULT:" + json.dumps({"pairs": pairs, "mentees": len(mentees)}))
"""


@dataclass
class PageStats:
    latencies: list = field(default_factory=list)
    errors: int = 0
    not_found: int = 0
    error_samples: list = field(default_factory=list)


def percentile(values, pct):
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def browse(url, db_name, login_name, pair_id, clock, stats, lock, start_barrier, login_gate, think):
    """One user: log in, wait for the others, then browse until
    clock['deadline'], thinking ``think`` seconds on average between pages."""
    pause = random.Random(login_name)
    try:
        # Logging in is the warm-up, not what is measured: a few at a time,
        # so that 50 simultaneous password checks do not overflow the
        # prefork server's listen backlog (8 per worker).
        with login_gate:
            session = login(url, db_name, login_name, PASSWORD)
    except Exception as exc:  # noqa: BLE001 - counted as a failed login
        with lock:
            stats["login"].errors += 1
            stats["login"].error_samples.append(f"{login_name}: {exc}")
        start_barrier.wait()
        return
    start_barrier.wait()
    deadline = clock["deadline"]
    if think:
        time.sleep(pause.uniform(0, think))  # people do not all click at once
    while time.monotonic() < deadline:
        for name, template in PAGES.items():
            if time.monotonic() >= deadline:
                return
            started = time.perf_counter()
            try:
                answer = session.get(
                    url + template.format(pair_id=pair_id), timeout=60, allow_redirects=False
                )
                status = answer.status_code
            except requests.RequestException as exc:
                status = f"{type(exc).__name__}"
            elapsed = time.perf_counter() - started
            with lock:
                page = stats[name]
                if status == 200:
                    page.latencies.append(elapsed)
                elif status == 404:
                    page.not_found += 1
                else:
                    page.errors += 1
                    if len(page.error_samples) < 3:
                        page.error_samples.append(f"{login_name}: {status}")
            if think:
                time.sleep(pause.uniform(0.5 * think, 1.5 * think))


def run_load(url, db_name, pairs, duration, workers, think=0.0):
    stats = defaultdict(PageStats)
    lock = threading.Lock()
    login_gate = threading.Semaphore(max(1, 2 * workers))
    clock = {}
    # Everybody logs in first; the clock starts when all are in (the
    # barrier's action runs before any thread is released).
    barrier = threading.Barrier(
        len(pairs) + 1, action=lambda: clock.update(deadline=time.monotonic() + duration)
    )
    threads = [
        threading.Thread(
            target=browse,
            args=(
                url,
                db_name,
                login_name,
                pair_id,
                clock,
                stats,
                lock,
                barrier,
                login_gate,
                think,
            ),
            daemon=True,
        )
        for login_name, pair_id in sorted(pairs.items())
    ]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.monotonic()
    for thread in threads:
        thread.join()
    return stats, time.monotonic() - started


def report(console, stats, wall, users, workers, think):
    table = Table(
        title=f"Portal load: {users} users, {wall:.0f} s, think {think:g} s, "
        f"Odoo prefork --workers={workers}"
    )
    for column in ("page", "requests", "req/s", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms"):
        table.add_column(column, justify="left" if column == "page" else "right")
    unavailable = []
    for name in PAGES:
        page = stats[name]
        done = page.latencies
        if not done and page.not_found:
            unavailable.append(name)
            table.add_row(
                name,
                str(page.not_found),
                "-",
                str(page.errors),
                "unavailable",
                "(HTTP 404:",
                "route not",
                "there yet)",
            )
            continue
        ms = [1000 * value for value in done]
        table.add_row(
            name,
            str(len(done) + page.errors + page.not_found),
            f"{len(done) / wall:.1f}",
            str(page.errors + page.not_found),
            f"{statistics.median(ms) if ms else 0:.0f}",
            f"{percentile(ms, 95):.0f}",
            f"{percentile(ms, 99):.0f}",
            f"{max(ms) if ms else 0:.0f}",
        )
    console.print(table)
    reference = [1000 * value for value in stats[REFERENCE_PAGE].latencies]
    for name in PAGES:
        ours = [1000 * value for value in stats[name].latencies]
        if name == REFERENCE_PAGE or not ours or not reference:
            continue
        p50 = statistics.median(ours) / statistics.median(reference)
        p95 = percentile(ours, 95) / percentile(reference, 95)
        verdict = "within" if max(p50, p95) <= REFERENCE_FACTOR else "[red]over[/red]"
        console.print(
            f"{name} against {REFERENCE_PAGE}: p50 x {p50:.2f}, p95 x {p95:.2f} "
            f"({verdict} {REFERENCE_FACTOR} x)"
        )
    for name, page in stats.items():
        for sample in page.error_samples:
            console.print(f"[red]{name} error[/red] {sample}")
    return unavailable


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--db", default=paths.db_name(paths.DEFAULT_DEMO_DB))
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconds of load")
    parser.add_argument(
        "--workers",
        type=int,
        # Odoo's own sizing rule for a dedicated server: 2 x cores + 1.
        default=2 * (os.cpu_count() or 1) + 1,
        help="Odoo prefork workers (default: 2 x CPU + 1, as Odoo's deployment guide advises)",
    )
    parser.add_argument("--port", type=int, default=None, help="HTTP port (default: free)")
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="seconds a user reads a page before the next, on average (default 0: at once)",
    )
    args = parser.parse_args(argv)
    console = Console(width=max(Console().width, 110))
    ctx = build_context()
    config_path = ctx.write_config("odoo-portal-load-setup.conf", db_name=args.db)
    console.print(f"==> setup: {args.users} load users with an active pair in {args.db}")
    setup = run_shell(
        ctx,
        args.db,
        SETUP_SCRIPT % {"users": args.users, "password": PASSWORD},
        config_path=config_path,
        timeout=1800,
    )
    pairs = setup["pairs"]
    if len(pairs) < args.users:
        console.print(
            f"[red]only {len(pairs)} of {setup['mentees']} load mentees have an active pair[/red]"
        )
        return 1
    with OdooServer(
        ctx, args.db, port=args.port, workers=args.workers, log_name="portal-load"
    ) as server:
        console.print(
            f"==> Odoo prefork on {server.url} (log {server.log_path}); load for "
            f"{args.duration:.0f} s, think {args.think:g} s"
        )
        stats, wall = run_load(
            server.url, args.db, pairs, args.duration, args.workers, think=args.think
        )
    unavailable = report(console, stats, wall, len(pairs), args.workers, args.think)
    failed = stats["login"].errors or any(
        stats[name].errors for name in PAGES if name not in unavailable
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
