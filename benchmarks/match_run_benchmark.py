"""End-to-end benchmark of a match run inside Odoo: load + solve + write, then publish.

Run it with ``odoo-bin shell`` against a database where mentorship_program is
installed without demo data (see README.md, "Benchmarks")::

    python3 /opt/odoo18/odoo-bin -d mentorship_bench --addons-path=... \\
        -i mentorship_program --without-demo=all --stop-after-init
    python3 /opt/odoo18/odoo-bin shell -d mentorship_bench --addons-path=... \\
        --no-http < benchmarks/match_run_benchmark.py

It seeds a synthetic organisation (default 4,000 mentees and 1,000 ready
mentors, each with a user, skills, a manager, a department, a job, languages,
half-days and a time zone), then times, as the administrator:

(a) ``action_run`` of a new match run: bulk load, engine, batch write of the
    proposals (targets: at most 60 s for 5,000 enrollments); above the
    company's *Background Runs above* setting (default 10,000 mentees) the
    request only queues the run, and (a') times the background job
    (``_cron_background_jobs``, called again while it reports work left, as
    Odoo's cron worker does);
(b) ``action_publish`` of its proposals: pending pairs, followers, one
    activity per person, and the e-mails queued (target: at most 10 s for
    5,000); above the setting, (b') times the background job likewise;
(c) the cron that then composes one e-mail per pair from one batched render
    of the template, in committed batches (publications of more than 500
    pairs leave the e-mails to it; it runs in the background, not in the
    user's request; target: at most 15 s for 5,000).

``BENCH_THRESHOLD`` sets the company's background threshold for the run
(0: everything in the background). A 50,000-mentee program::

    BENCH_MENTEES=50000 BENCH_MENTORS=12500 BENCH_SEED_ONLY=1 odoo-bin shell ...
    BENCH_MENTEES=50000 BENCH_MENTORS=12500 odoo-bin shell ...

Seeding is not timed. Everything is rolled back at the end unless
``BENCH_KEEP=1``; ``BENCH_MENTEES``, ``BENCH_MENTORS`` and ``BENCH_SEED``
change the size and the random seed. ``BENCH_SEED_ONLY=1`` seeds and commits
the organisation only; later runs of the same size and seed find it and time
(a)-(c) on it, rolled back, so that the timing can be repeated without
seeding again.
"""

import os
import random
import threading
import time

from odoo import Command

from odoo.addons.mentorship_program.engine import match
from odoo.addons.mentorship_program.matching import MatchInputLoader

N_MENTEES = int(os.environ.get("BENCH_MENTEES", 4000))
N_MENTORS = int(os.environ.get("BENCH_MENTORS", 1000))
SEED = int(os.environ.get("BENCH_SEED", 0))
KEEP = os.environ.get("BENCH_KEEP") == "1"
PROFILE = os.environ.get("BENCH_PROFILE") == "1"
N_SKILLS, N_DEPARTMENTS, N_JOBS = 30, 25, 40
TIMEZONES = ["Europe/Brussels", "Europe/London", "America/New_York", "Asia/Kolkata", "UTC"]
CHARTER = "<p>Be kind, be candid, keep confidences.</p>"
SEED_ONLY = os.environ.get("BENCH_SEED_ONLY") == "1"
PROGRAM_NAME = f"Benchmark Program {N_MENTEES}x{N_MENTORS} seed {SEED}"

env = globals()["env"]  # noqa: F821 - provided by odoo-bin shell
rng = random.Random(SEED)


def step(label, started):
    print(f"    {label}: {time.perf_counter() - started:.1f} s", flush=True)


def seed():
    """Create the organisation and the program; return the program."""
    started = time.perf_counter()
    print(f"==> seeding {N_MENTEES} mentees and {N_MENTORS} mentors", flush=True)
    company = env.company
    skill_type = env["hr.skill.type"].create(
        {
            "name": "Benchmark Skills",
            "skill_ids": [Command.create({"name": f"Skill {i:02d}"}) for i in range(N_SKILLS)],
            "skill_level_ids": [
                Command.create({"name": f"Level {i}", "level_progress": 25 * i})
                for i in range(1, 5)
            ],
        }
    )
    skills = skill_type.skill_ids
    levels = skill_type.skill_level_ids.sorted("level_progress")
    departments = env["hr.department"].create(
        [{"name": f"Bench Department {i}"} for i in range(N_DEPARTMENTS)]
    )
    jobs = env["hr.job"].create([{"name": f"Bench Role {i}"} for i in range(N_JOBS)])
    for index, job in enumerate(jobs[:-1]):
        job.next_job_ids = [Command.set(jobs[index + 1 : index + 3].ids)]
    languages = env["res.lang"].with_context(active_test=False).search([], limit=6)
    languages.active = True
    slots = env["mentorship.availability.slot"].search([])

    n_people = N_MENTEES + N_MENTORS
    users = (
        env["res.users"]
        .with_context(no_reset_password=True, mail_create_nolog=True, mail_notrack=True)
        .create(
            [
                {
                    "name": f"Bench Person {i}",
                    "login": f"bench_{N_MENTEES}x{N_MENTORS}_{SEED}_{i}",
                    "email": f"bench{i}@example.com",
                    "groups_id": [Command.set(env.ref("base.group_user").ids)],
                }
                for i in range(n_people)
            ]
        )
    )
    step("users", started)
    Employee = env["hr.employee"].with_context(mail_create_nolog=True, tracking_disable=True)
    mentor_employees = Employee.create(
        [
            {
                "name": f"Bench Mentor {i}",
                "user_id": users[N_MENTEES + i].id,
                "department_id": rng.choice(departments).id,
                "job_id": rng.choice(jobs).id,
                "gender": rng.choice(["male", "female", "other"]),
            }
            for i in range(N_MENTORS)
        ]
    )
    # Mentors report to mentors (a shallow tree); mentees to a mentor.
    for index, employee in enumerate(mentor_employees[1:], start=1):
        employee.parent_id = mentor_employees[(index - 1) // 8]
    mentee_employees = Employee.create(
        [
            {
                "name": f"Bench Mentee {i}",
                "user_id": users[i].id,
                "department_id": rng.choice(departments).id,
                "job_id": rng.choice(jobs).id,
                "parent_id": rng.choice(mentor_employees).id,
                "gender": rng.choice(["male", "female", "other"]),
            }
            for i in range(N_MENTEES)
        ]
    )
    step("employees", started)
    EmployeeSkill = env["hr.employee.skill"]
    mentor_skill_vals = []
    for employee in mentor_employees:
        for skill in rng.sample(list(skills), rng.randint(4, 8)):
            mentor_skill_vals.append(
                {
                    "employee_id": employee.id,
                    "skill_type_id": skill_type.id,
                    "skill_id": skill.id,
                    "skill_level_id": levels[rng.randint(2, 3)].id,
                }
            )
    mentor_skills = EmployeeSkill.create(mentor_skill_vals)
    mentee_skill_vals, mentee_targets = [], {}
    for employee in mentee_employees:
        chosen = rng.sample(list(skills), 3)
        mentee_targets[employee.id] = chosen
        mentee_skill_vals.append(
            {
                "employee_id": employee.id,
                "skill_type_id": skill_type.id,
                "skill_id": chosen[0].id,
                "skill_level_id": levels[0].id,
            }
        )
    EmployeeSkill.create(mentee_skill_vals)
    env["hr.resume.line"].create(
        [
            {
                "employee_id": employee.id,
                "name": rng.choice(jobs).name,
                "date_start": "2020-01-01",
                "date_end": "2022-12-31",
            }
            for employee in mentor_employees
        ]
    )
    step("skills and resumes", started)

    course = env["slide.channel"].create(
        {"name": "Bench Onboarding", "is_published": True, "enroll": "public"}
    )
    program = env["mentorship.program"].create(
        {
            "name": PROGRAM_NAME,
            "program_format": "evergreen",
            "company_id": company.id,
            "charter_code_of_conduct": CHARTER,
            "charter_confidentiality": CHARTER,
            "charter_escalation_path": CHARTER,
            "onboarding_channel_id": course.id,
            "cadence_ids": [Command.create({"session_type": "check_in"})],
            "default_mentor_capacity": 4,
            "max_mentor_capacity": 6,
            "manager_user_ids": [Command.set(env.ref("base.user_admin").ids)],
        }
    )
    program.action_open_enrollment()
    skills_of = {}
    for employee_skill in mentor_skills:
        skills_of.setdefault(employee_skill.employee_id.id, []).append(employee_skill.id)

    def common():
        return {
            "program_id": program.id,
            "state": "approved",
            "availability_slot_ids": [Command.set(rng.sample(slots.ids, 3))],
            "language_ids": [Command.set(rng.sample(languages.ids, 2))],
            "tz": rng.choice(TIMEZONES),
        }

    Enrollment = env["mentorship.enrollment"].with_context(
        mail_create_nolog=True, tracking_disable=True
    )
    Enrollment.create(
        [
            {
                **common(),
                "employee_id": employee.id,
                "role": "mentee",
                "goals": "Grow",
                "target_job_id": rng.choice(jobs).id,
                "target_skill_ids": [
                    Command.create(
                        {
                            "skill_type_id": skill_type.id,
                            "skill_id": skill.id,
                            "target_level_id": levels[rng.randint(1, 3)].id,
                        }
                    )
                    for skill in mentee_targets[employee.id]
                ],
            }
            for employee in mentee_employees
        ]
    )
    mentors = Enrollment.create(
        [
            {
                **common(),
                "employee_id": employee.id,
                "role": "mentor",
                "capacity": rng.randint(3, 6),
                "expertise_skill_ids": [Command.set(skills_of[employee.id])],
                "readiness_coaching_aptitude": 4,
                "readiness_time_availability": 4,
                "readiness_domain_credibility": 4,
                "charter_accepted_version": program.charter_version,
            }
            for employee in mentor_employees
        ]
    )
    env["slide.channel.partner"].create(
        [
            {"channel_id": course.id, "partner_id": partner.id, "member_status": "completed"}
            for partner in mentors.user_id.partner_id
        ]
    )
    env.flush_all()
    step("program and enrollments", started)
    return program


def measure(label, function):
    env.flush_all()
    env.invalidate_all()
    queries = env.cr.sql_log_count
    started = time.perf_counter()
    if PROFILE:
        import cProfile  # pylint: disable=import-outside-toplevel
        import pstats  # pylint: disable=import-outside-toplevel

        profiler = cProfile.Profile()
        result = profiler.runcall(lambda: (function(), env.flush_all())[0])
        pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(
            os.environ.get("BENCH_FILTER", ""), 40
        )
    else:
        result = function()
        env.flush_all()
    seconds = time.perf_counter() - started
    print(
        f"{label}: {seconds:.1f} s, {env.cr.sql_log_count - queries} queries",
        flush=True,
    )
    return result, seconds


def drain(model, method="_cron_background_jobs"):
    """Call a cron method as Odoo's cron worker does: again while it reports
    work remaining (each call stops after its time budget)."""
    passes = 0
    while True:
        passes += 1
        outcome = getattr(model, method)()
        if outcome is True or outcome is None or not getattr(outcome, "remaining", 0):
            break
    print(f"    {passes} pass(es)", flush=True)


def main():
    # The mail cron commits its batches unless it runs in a test; the
    # benchmark must roll everything back, so it runs as one.
    threading.current_thread().testing = not KEEP
    program = env["mentorship.program"].search([("name", "=", PROGRAM_NAME)], limit=1)
    if program:
        print(f"==> reusing {PROGRAM_NAME} (seeded by BENCH_SEED_ONLY=1)", flush=True)
    else:
        program = seed()
    if SEED_ONLY:
        env.cr.commit()
        print(f"==> committed {PROGRAM_NAME}", flush=True)
        return
    hr = env.ref("base.user_admin")
    inputs, _s = measure("load inputs alone", lambda: MatchInputLoader(program).load())
    print(f"    {len(inputs.mentees)} mentees, {len(inputs.mentors)} ready mentors")
    result, _s = measure(
        "engine alone",
        lambda: match(inputs.mentee_profiles, inputs.mentor_profiles, inputs.settings),
    )
    print(f"    {len(result.proposals)} proposals, coverage {100 * result.coverage:.1f} %")
    if os.environ.get("BENCH_THRESHOLD"):
        env.company.mentorship_background_threshold = int(os.environ["BENCH_THRESHOLD"])
    threshold = env.company.mentorship_background_threshold
    print(f"    background threshold (Settings > Mentorship): {threshold}")
    Run = env["mentorship.match.run"]
    run = Run.with_user(hr).create({"program_id": program.id})
    _r, run_seconds = measure("(a) action_run: load + solve + write", run.action_run)
    _r, run_job_seconds = measure("(a') background job of the run", lambda: drain(Run))
    print(
        f"    {run.state}: {run.proposal_count} proposals, coverage {run.coverage:.1f} %, "
        f"average score {run.average_score:.1f}"
    )
    _r, publish_seconds = measure("(b) action_publish", run.action_publish)
    _r, publish_job_seconds = measure("(b') background job of the publication", lambda: drain(Run))
    # Publications above the inline limit leave the e-mails to the cron.
    _r, cron_seconds = measure(
        "(c) mail cron: compose the queued e-mails",
        lambda: drain(env["mentorship.pair"], "_cron_send_proposal_mails"),
    )
    pairs = run.pair_ids
    mails = env["mail.mail"].search_count(
        [("model", "=", "mentorship.pair"), ("res_id", "in", pairs.ids)]
    )
    activities = env["mail.activity"].search_count(
        [("res_model", "=", "mentorship.pair"), ("res_id", "in", pairs.ids)]
    )
    print(
        f"    {run.state}: {len(pairs)} pending pairs, {mails} e-mails queued, {activities} activities"
    )
    print(
        f"RESULT action_run={run_seconds:.1f}s run_job={run_job_seconds:.1f}s "
        f"action_publish={publish_seconds:.1f}s publish_job={publish_job_seconds:.1f}s "
        f"mail_cron={cron_seconds:.1f}s (target: publish 10 s, e-mails 15 s for 5,000)"
    )
    if KEEP:
        env.cr.commit()
    else:
        env.cr.rollback()


main()
