"""Two Odoo servers on one database run the daily crons at the same moment,
beside two manual runs of the same methods: every record is notified once.

This is how a large company scales out: several Odoo processes on one
PostgreSQL, each with its cron threads. Odoo itself never runs one job in two
cron threads at once (``ir_cron._acquire_one_job`` locks the job's row
``FOR NO KEY UPDATE SKIP LOCKED``), but two different jobs touching the same
pairs do run at once (the second server takes the next job of the list), and
a manual run (*Run Manually*, a shell, a server action) calls the method
beside the scheduled one. Each batch of ``automation.process_in_batches``
takes its rows first and is tried again on a fresh snapshot when another run
committed them meanwhile (see ``automation/batches.py``), so none of that may
send a notice twice or lose an update.

The test commits its fixtures into the session's database without demo data
(the ``nodemo_database`` fixture), starts two real Odoo servers
(``tools.odoo_server.OdooServer``: threaded, one cron thread each, free ports
on loopback) and two ``odoo-bin shell`` processes that call every cron method
in batches of 5, wakes them all at once (``NOTIFY cron_trigger``, a go file),
waits until every mentorship cron has finished, checks each record's
notices, invitations, states and marks, and removes its fixtures.
"""

import json
import re
import subprocess
import time
from contextlib import ExitStack

import psycopg2

from tools.odoo_run import RESULT_PREFIX, shell_command, shell_result
from tools.odoo_server import OdooServer

TAG = "two_servers"
SIZE = 24  # records per case
WAIT = 420  # seconds for everything to finish (a loaded 2-core machine)

SETUP = r"""
import json
from datetime import datetime, time, timedelta
from odoo import Command, fields

TAG, SIZE = %(tag)r, %(size)d
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, no_reset_password=True))
today = fields.Date.context_today(env.user)
now = fields.Datetime.now()
cases = ("ending", "idle", "reminded", "expired", "session", "departed")
users = env["res.users"].create([
    {"name": f"{TAG} user {i}", "login": f"{TAG}_{i}", "email": f"{TAG}{i}@example.com",
     "groups_id": [Command.set(env.ref("base.group_user").ids)]}
    for i in range(SIZE * (len(cases) + 1))
])
Employee = env["hr.employee"]
employees = Employee.create([{"name": user.name, "user_id": user.id} for user in users])
program = env["mentorship.program"].create({
    "name": f"{TAG} program",
    "program_format": "evergreen",
    "charter_code_of_conduct": "<p>Be kind.</p>",
    "charter_confidentiality": "<p>Be kind.</p>",
    "charter_escalation_path": "<p>Be kind.</p>",
    "cadence_ids": [Command.create({"session_type": "check_in"})],
    "default_mentor_capacity": 10,
    "max_mentor_capacity": 20,
})
program._system_write({"state": "running"})
Enrollment = env["mentorship.enrollment"]
enrollments = Enrollment.create([
    {"program_id": program.id, "employee_id": e.id,
     "role": "mentor" if i < SIZE else "mentee", "capacity": 10}
    for i, e in enumerate(employees)
])
enrollments._system_write({"state": "approved"})
mentors, mentees = enrollments[:SIZE], enrollments[SIZE:]
values = {
    "ending": {"state": "active", "date_start": today - timedelta(days=100)},
    "idle": {"state": "active", "date_start": today - timedelta(days=40)},
    "reminded": {"state": "pending", "date_proposed": today - timedelta(days=4),
                 "date_deadline": today + timedelta(days=3)},
    "expired": {"state": "pending", "date_proposed": today - timedelta(days=10),
                "date_deadline": today - timedelta(days=1)},
    "session": {"state": "active", "date_start": today - timedelta(days=5)},
    "departed": {"state": "active", "date_start": today - timedelta(days=5)},
}
Pair = env["mentorship.pair"]
pairs = {}
for c, case in enumerate(cases):
    pairs[case] = Pair.create([
        {"program_id": program.id, "mentor_enrollment_id": mentors[i].id,
         "mentee_enrollment_id": mentees[c * SIZE + i].id, **values[case]}
        for i in range(SIZE)
    ])
Session = env["mentorship.session"]
# The pairs at their term had a session lately: only the end of term is due for them.
Session.create([{"pair_id": p.id, "date_start": now - timedelta(days=5), "state": "done"}
                for p in pairs["ending"]])
sessions = Session.create([
    {"pair_id": p.id, "date_start": datetime.combine(today + timedelta(days=1), time(10))}
    for p in pairs["session"]
])
env.flush_all()
env.cr.execute("UPDATE hr_employee SET active = false WHERE id = ANY(%%s)",
               [pairs["departed"].mentee_employee_id.ids])
# Health as it was yesterday: the health cron has to write today's band.
env.cr.execute("UPDATE mentorship_pair SET health = NULL WHERE program_id = %%s", [program.id])
crons = env["ir.cron"].search([("cron_name", "=like", "Mentorship:%%")])
crons.write({"nextcall": now - timedelta(minutes=1)})
# Odoo's own jobs wait: both servers go straight to the mentorship ones.
env["ir.cron"].search([("id", "not in", crons.ids)]).write({"nextcall": now + timedelta(days=1)})
env.cr.commit()
print(RESULT + json.dumps({
    "program": program.id,
    "pairs": {case: records.ids for case, records in pairs.items()},
    "sessions": sessions.ids,
    "users": users.ids,
    "employees": employees.ids,
    "crons": crons.ids,
    "cron_names": crons.mapped("cron_name"),
    "today": str(today),
}))
"""

CRON_METHODS = [
    ("hr.employee", "_cron_mentorship_departures"),
    ("mentorship.pair", "_cron_end_of_term"),
    ("mentorship.pair", "_cron_acceptance_window"),
    ("mentorship.request", "_cron_acceptance_window"),
    ("mentorship.pair", "_cron_inactivity"),
    ("mentorship.pair", "_cron_cadence_nudges"),
    ("mentorship.session", "_cron_session_reminders"),
    ("mentorship.pair", "_cron_refresh_health"),
    ("mentorship.pair", "_cron_send_pulse_surveys"),
    ("mentorship.pair", "_cron_send_closure_surveys"),
    ("mentorship.program", "_cron_reach_milestones"),
    ("mentorship.data.quality", "_cron_notify_gaps"),
]

MANUAL_RUN = r"""
import json, os, pathlib, time
# Small batches, so that this run and the others meet on the same rows.
for name in ("mentorship.pair", "mentorship.request"):
    type(env[name])._cron_batch_size = 5
type(env["mentorship.pair"])._survey_batch_size = 5
pathlib.Path(os.environ["TWO_SERVERS_READY"]).touch()
go = pathlib.Path(os.environ["TWO_SERVERS_GO"])
while not go.exists():
    time.sleep(0.005)
skipped = {}
for model, method in %(methods)r:
    outcome = getattr(env[model], method)()
    env.cr.commit()
    if outcome and (outcome.failed or outcome.remaining):
        skipped[f"{model}.{method}"] = [outcome.failed, outcome.remaining]
print(RESULT + json.dumps({"skipped": skipped}))
"""

CHECK = r"""
import json
from odoo import fields
fixtures = %(fixtures)s
pair_ids = [i for ids in fixtures["pairs"].values() for i in ids]
notice = env.ref("mentorship_program.mail_activity_type_mentorship_notice")
env.cr.execute(
    '''SELECT res_model, res_id, user_id, summary, count(*) FROM mail_activity
        WHERE activity_type_id = %%s
          AND ((res_model = 'mentorship.pair' AND res_id = ANY(%%s))
            OR (res_model = 'mentorship.session' AND res_id = ANY(%%s)))
        GROUP BY 1, 2, 3, 4''',
    [notice.id, pair_ids, fixtures["sessions"]],
)
notices = [list(row) for row in env.cr.fetchall()]
env.cr.execute(
    '''SELECT mentorship_pair_id, partner_id, mentorship_survey_kind, mentorship_pulse_index,
              count(*)
         FROM survey_user_input WHERE mentorship_pair_id = ANY(%%s) GROUP BY 1, 2, 3, 4''',
    [pair_ids],
)
invitations = [list(row) for row in env.cr.fetchall()]
env.cr.execute(
    "SELECT res_id, user_id, count(*) FROM mail_activity"
    " WHERE res_model = 'mentorship.data.quality' GROUP BY 1, 2"
)
data_quality = [list(row) for row in env.cr.fetchall()]
Pair = env["mentorship.pair"]
pairs = {case: Pair.browse(ids) for case, ids in fixtures["pairs"].items()}
today = fields.Date.from_string(fixtures["today"])
active = Pair.browse(pair_ids).filtered(lambda p: p.state == "active")
bands = active._health_on(today)
print(RESULT + json.dumps({
    "notices": notices,
    "invitations": invitations,
    "data_quality": data_quality,
    "states": {case: sorted(set(p.mapped("state"))) for case, p in pairs.items()},
    "markers": {
        "reminded": sorted({str(d) for d in pairs["reminded"].mapped("answer_reminder_date")}),
        "idle": sorted({str(d) for d in pairs["idle"].mapped("inactivity_nudge_date")}),
        "session": sorted(set(env["mentorship.session"].browse(fixtures["sessions"]).mapped("reminder_sent"))),
    },
    "stale_health": [p.id for p in active if p.health != bands.get(p, False)],
    "users": {str(p.id): [p.mentor_user_id.id, p.mentee_user_id.id] for p in Pair.browse(pair_ids)},
    "session_pairs": {str(s.id): s.pair_id.id for s in env["mentorship.session"].browse(fixtures["sessions"])},
}))
"""

CLEANUP = r"""
import json
fixtures = %(fixtures)s
cr = env.cr
pair_ids = [i for ids in fixtures["pairs"].values() for i in ids]
cr.execute("SELECT id FROM mentorship_session WHERE pair_id = ANY(%%s)", [pair_ids])
session_ids = [row[0] for row in cr.fetchall()]
cr.execute("SELECT id FROM survey_user_input WHERE mentorship_pair_id = ANY(%%s)", [pair_ids])
answer_ids = [row[0] for row in cr.fetchall()]
cr.execute(
    "DELETE FROM mail_mail WHERE mail_message_id IN (SELECT id FROM mail_message"
    " WHERE model = 'survey.user_input' AND res_id = ANY(%%s))",
    [answer_ids],
)
# The weekly data-quality activities the runs gave (the database has gaps).
cr.execute("SELECT DISTINCT res_id FROM mail_activity WHERE res_model = 'mentorship.data.quality'")
rows = [row[0] for row in cr.fetchall()]
documents = [("mentorship.data.quality", rows), ("mentorship.pair", pair_ids), ("mentorship.session", session_ids),
             ("survey.user_input", answer_ids), ("mentorship.program", [fixtures["program"]])]
for model, ids in documents:
    cr.execute("DELETE FROM mail_activity WHERE res_model = %%s AND res_id = ANY(%%s)", [model, ids])
    cr.execute("DELETE FROM mail_followers WHERE res_model = %%s AND res_id = ANY(%%s)", [model, ids])
    cr.execute("DELETE FROM mail_message WHERE model = %%s AND res_id = ANY(%%s)", [model, ids])
cr.execute("DELETE FROM survey_user_input WHERE id = ANY(%%s)", [answer_ids])
cr.execute("SELECT event_id FROM mentorship_session WHERE id = ANY(%%s) AND event_id IS NOT NULL", [session_ids])
event_ids = [row[0] for row in cr.fetchall()]
cr.execute("DELETE FROM mentorship_session WHERE id = ANY(%%s)", [session_ids])
cr.execute("DELETE FROM calendar_event WHERE id = ANY(%%s)", [event_ids])
cr.execute("DELETE FROM mentorship_plan WHERE pair_id = ANY(%%s)", [pair_ids])
cr.execute("DELETE FROM mentorship_pair WHERE id = ANY(%%s)", [pair_ids])
cr.execute("DELETE FROM mentorship_enrollment WHERE program_id = %%s", [fixtures["program"]])
cr.execute("DELETE FROM mentorship_review WHERE program_id = %%s", [fixtures["program"]])
cr.execute("DELETE FROM mentorship_program WHERE id = %%s", [fixtures["program"]])
cr.execute("SELECT work_contact_id FROM hr_employee WHERE id = ANY(%%s)", [fixtures["employees"]])
contacts = [row[0] for row in cr.fetchall() if row[0]]
cr.execute("DELETE FROM hr_employee WHERE id = ANY(%%s)", [fixtures["employees"]])
cr.execute("SELECT partner_id FROM res_users WHERE id = ANY(%%s)", [fixtures["users"]])
partners = [row[0] for row in cr.fetchall()]
cr.execute("DELETE FROM mail_followers WHERE partner_id = ANY(%%s)", [partners + contacts])
cr.execute("DELETE FROM mail_activity WHERE user_id = ANY(%%s)", [fixtures["users"]])
cr.execute("DELETE FROM res_users WHERE id = ANY(%%s)", [fixtures["users"]])
cr.execute("DELETE FROM res_partner WHERE id = ANY(%%s)", [partners + contacts])
cr.execute("SELECT count(*) FROM res_users WHERE login LIKE %%s", [fixtures["tag"] + "%%"])
left = cr.fetchone()[0]
cr.commit()
print(RESULT + json.dumps({"users_left": left}))
"""


def _script(template, **values):
    return f"RESULT = {RESULT_PREFIX!r}\n" + template % values


def _wake_cron_threads(db):
    """What Odoo does when a job is triggered: NOTIFY the cron threads."""
    conn = psycopg2.connect(**db.ctx.pg.connect_kwargs("postgres"))
    try:
        conn.autocommit = True
        with conn.cursor() as cr:
            cr.execute("SELECT pg_notify('cron_trigger', %s)", [db.db_name])
    finally:
        conn.close()


def _crons_finished(db, cron_ids):
    """Every mentorship cron has run: rescheduled to a later day, no trigger
    waiting, no run in progress (its row is not locked)."""
    rows = db.query(
        """SELECT count(*) FROM ir_cron
            WHERE id = ANY(%s)
              AND (nextcall <= now() at time zone 'UTC'
                   OR id IN (SELECT cron_id FROM ir_cron_trigger
                              WHERE call_at <= now() at time zone 'UTC'))""",
        [cron_ids],
    )
    if rows[0][0]:
        return False
    free = db.query(
        "SELECT count(*) FROM (SELECT id FROM ir_cron WHERE id = ANY(%s) "
        "FOR NO KEY UPDATE SKIP LOCKED) free",
        [cron_ids],
    )
    return free[0][0] == len(cron_ids)


def _jobs_run(log_text):
    """Names of the jobs a server's log says it ran."""
    return set(re.findall(r"Job '([^']+)' \(\d+\) processed", log_text))


def _records_skipped(log_text):
    """What ``process_in_batches`` logs when a record is not processed in this
    run: it raised, or its rows stayed held by another transaction."""
    return re.findall(r".*(?:failed and was skipped|left for the next run).*", log_text)


def _start_manual_runs(db, tmp_path):
    """Two ``odoo-bin shell`` processes that load the registry, say they are
    ready and wait for the go file to call every cron method."""
    ready = [tmp_path / f"ready{i}" for i in range(2)]
    go = tmp_path / "go"
    shells = []
    for i in range(2):
        script = tmp_path / f"manual{i}.py"
        script.write_text(_script(MANUAL_RUN, methods=CRON_METHODS))
        env = dict(db.ctx.env(), TWO_SERVERS_READY=str(ready[i]), TWO_SERVERS_GO=str(go))
        with script.open() as stdin:
            shells.append(
                subprocess.Popen(  # pylint: disable=consider-using-with
                    shell_command(db.ctx, db.db_name, config_path=db.config_path),
                    stdin=stdin,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                    errors="replace",
                    env=env,
                    cwd=str(db.ctx.state_dir),
                )
            )
    return shells, ready, go


def _stop(procs):
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()


def test_two_servers_and_two_manual_runs_notify_each_record_once(nodemo_database, tmp_path):
    db = nodemo_database
    fixtures = db(_script(SETUP, tag=TAG, size=SIZE))
    fixtures["tag"] = TAG
    shells = []
    try:
        deadline = time.monotonic() + WAIT
        shells, ready, go = _start_manual_runs(db, tmp_path)
        with ExitStack() as stack:
            # Threaded servers, one cron thread each, as two machines would run
            # them; each answers /web/login once its registry is loaded, so its
            # cron thread is listening by then.
            servers = [
                stack.enter_context(
                    OdooServer(
                        db.ctx,
                        db.db_name,
                        cron_threads=1,
                        log_level="info",
                        log_name=f"two-servers-{i}",
                    )
                )
                for i in range(2)
            ]
            while not all(path.exists() for path in ready):
                assert time.monotonic() < deadline, "the manual runs did not start in time"
                assert all(s.poll() is None for s in shells), "a manual run exited early"
                time.sleep(0.2)
            # All at once: both servers' cron threads and both manual runs.
            go.touch()
            _wake_cron_threads(db)
            manual = []
            for shell in shells:
                stdout, stderr = shell.communicate(timeout=max(deadline - time.monotonic(), 1))
                manual.append(shell_result(db.db_name, shell.returncode, stdout, stderr))
            while not _crons_finished(db, fixtures["crons"]):
                assert time.monotonic() < deadline, "the servers' crons did not finish in time"
                time.sleep(1)
        logs = [server.log_path.read_text(errors="replace") for server in servers]
        jobs = [_jobs_run(log) for log in logs]
        result = db(_script(CHECK, fixtures=json.dumps(fixtures)))
    finally:
        _stop(shells)
        cleanup = db(_script(CLEANUP, fixtures=json.dumps(fixtures)))
        assert cleanup["users_left"] == 0

    # The premise: both servers ran mentorship jobs, and every one ran in a
    # server (not only in the manual runs).
    assert all(names & set(fixtures["cron_names"]) for names in jobs), jobs
    assert set(fixtures["cron_names"]) <= jobs[0] | jobs[1], jobs

    # No run skipped a record because another one held or changed it: a
    # record a cron skips waits for the next day (and hides from the checks
    # below when another run of the same cron did it).
    assert [run["skipped"] for run in manual] == [{}, {}]
    skipped = [line for log in logs for line in _records_skipped(log)]
    assert not skipped, skipped[:5]

    duplicates = [row for row in result["notices"] if row[4] != 1]
    assert not duplicates, f"notices sent more than once: {duplicates}"
    twice = [row for row in result["invitations"] if row[4] != 1]
    assert not twice, f"survey invitations sent more than once: {twice}"
    assert result["data_quality"], "the data-quality audit gave nobody its activity"
    assert all(row[2] == 1 for row in result["data_quality"]), result["data_quality"]

    users = {int(k): v for k, v in result["users"].items()}
    got = {(row[0], row[1], row[2], row[3]) for row in result["notices"]}
    expected = {
        "ending": ("Mentorship completed", (0, 1)),
        "idle": ("Your mentorship is idle", (0, 1)),
        "reminded": ("Answer your mentorship match", (0, 1)),
        "expired": ("Mentorship match expired", (0, 1)),
        "departed": ("Mentorship ended", (0,)),  # the mentor; the mentee left
    }
    missing = [
        (case, pair_id, summary)
        for case, (summary, sides) in expected.items()
        for pair_id in fixtures["pairs"][case]
        for side in sides
        if ("mentorship.pair", pair_id, users[pair_id][side], summary) not in got
    ]
    missing += [
        ("session", int(session_id), user_id)
        for session_id, pair_id in result["session_pairs"].items()
        for user_id in users[pair_id]
        if ("mentorship.session", int(session_id), user_id, "Mentorship session soon") not in got
    ]
    assert not missing, f"notices lost: {missing[:10]} ({len(missing)})"
    assert result["states"] == {
        "ending": ["completed"],
        "idle": ["active"],
        "reminded": ["pending"],
        "expired": ["expired"],
        "session": ["active"],
        "departed": ["cancelled"],
    }
    assert result["markers"] == {
        "reminded": [fixtures["today"]],
        "idle": [fixtures["today"]],
        "session": [True],
    }
    assert not result["stale_health"], "health updates lost"
    # Each pulse survey went once to each person of the idle pairs.
    pulses = {(row[0], row[1]) for row in result["invitations"] if row[2] == "pulse"}
    assert len([p for p in pulses if p[0] in fixtures["pairs"]["idle"]]) == 2 * SIZE
