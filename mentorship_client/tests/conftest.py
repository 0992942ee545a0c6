"""A real Odoo server for the client's tests, once per session.

``./dev test`` runs these tests after the module's Odoo tests, in the same
pytest session, on the database those tests used (``--odoo-database``).
The ``site`` fixture commits a small, tagged set of people, programs, pairs
and sessions into it with ``odoo-bin shell`` (as the system: sessions done
in the past cannot be made through the public API, which plans sessions in
the future only), starts ``odoo-bin`` on a free port, and at the end stops
the server and deletes everything tagged. The client then talks to that
server over RPC, as HR, a leader and an employee: nothing of Odoo is mocked.

Without Odoo or PostgreSQL the fixture fails, and so do the tests.
"""

import configparser
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

# pylint: disable=wrong-import-position
from tools import paths
from tools.context import context_for_tests
from tools.odoo_run import RESULT_PREFIX, run_shell
from tools.odoo_server import OdooServer

TAG = "client_test"
PASSWORD = "client-test-password"
BIG, SMALL = 6, 2  # pairs of each program: above and below the minimum group size (5)
REPORTS_IN_BIG = 5  # of BIG's mentees, those who report to the leader

SETUP = r"""
import json
from datetime import timedelta
from odoo import Command, fields

TAG, PASSWORD, BIG, SMALL, REPORTS_IN_BIG = %(tag)r, %(password)r, %(big)d, %(small)d, %(reports)d
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True,
                       mail_notrack=True, no_reset_password=True))
today = fields.Date.context_today(env.user)
now = fields.Datetime.now()
employee_group = env.ref("base.group_user")
hr_group = env.ref("mentorship_program.group_mentorship_manager")
department = env["hr.department"].create({"name": f"{TAG} department"})
job = env["hr.job"].create({"name": f"{TAG} job"})

def people(prefix, count, groups=employee_group):
    users = env["res.users"].create([
        {"name": f"{TAG} {prefix} {i}", "login": f"{TAG}_{prefix}{i}", "password": PASSWORD,
         "email": f"{TAG}_{prefix}{i}@example.com", "groups_id": [Command.set(groups.ids)]}
        for i in range(count)
    ])
    return env["hr.employee"].create([
        {"name": user.name, "user_id": user.id, "department_id": department.id, "job_id": job.id}
        for user in users
    ])

hr = people("hr", 1, employee_group | hr_group)
leader = people("leader", 1)
programs, pairs = {}, {}
# "import": nobody yet, the import tests enroll colleagues there.
for name, size in (("big", BIG), ("small", SMALL), ("import", 0)):
    program = env["mentorship.program"].create({
        "name": f"{TAG} {name}",
        "program_format": "evergreen",
        "charter_code_of_conduct": "<p>Be kind.</p>",
        "charter_confidentiality": "<p>Be kind.</p>",
        "charter_escalation_path": "<p>Be kind.</p>",
        "cadence_ids": [Command.create({"session_type": "check_in"})],
        "min_group_size": 5,
    })
    program._system_write({"state": "running"})
    mentors, mentees = people(f"{name}_mentor", size), people(f"{name}_mentee", size)
    reporting = mentees if name == "small" else mentees[:REPORTS_IN_BIG]
    reporting.write({"parent_id": leader.id})
    enrollments = env["mentorship.enrollment"].create(
        [{"program_id": program.id, "employee_id": e.id, "role": "mentor", "capacity": 2}
         for e in mentors]
        + [{"program_id": program.id, "employee_id": e.id, "role": "mentee"} for e in mentees]
    )
    enrollments._system_write({"state": "approved"})
    pairs[name] = env["mentorship.pair"].create([
        {"program_id": program.id, "mentor_enrollment_id": enrollments[i].id,
         "mentee_enrollment_id": enrollments[size + i].id, "state": "active",
         "date_proposed": today - timedelta(days=210), "date_start": today - timedelta(days=200)}
        for i in range(size)
    ])
    env["mentorship.session"].create([
        {"pair_id": pair.id, "date_start": now - timedelta(days=days), "duration": 1.0,
         "state": "done"}
        for pair in pairs[name] for days in (45, 15)
    ])
    programs[name] = program
# Colleagues who took part in nothing: the outcomes' comparison group.
people("colleague", BIG)
env.flush_all()
# Everyone was hired long before the pairs started (Odoo Community's hiring
# date is the employee record's creation without hr_contract).
env.cr.execute(
    "UPDATE hr_employee SET create_date = now() - interval '800 days' WHERE name LIKE %%s",
    [TAG + " %%"],
)
env.cr.commit()
# A scripts' login: an API key of HR's (RPC takes it where a password goes).
api_key = env["res.users.apikeys"].with_user(hr.user_id).sudo()._generate(None, f"{TAG} key", None)
env.cr.commit()
big_mentee = pairs["big"][0].mentee_user_id
print(RESULT + json.dumps({
    "programs": {name: program.id for name, program in programs.items()},
    "pairs": {name: records.ids for name, records in pairs.items()},
    "hr": hr.user_id.login,
    "hr_api_key": api_key,
    "leader": leader.user_id.login,
    "mentee": big_mentee.login,
    "mentee_pair": pairs["big"][0].id,
}))
"""

# Everything tagged, by name or login: what SETUP made, and what a run that
# died half-way left behind.
CLEANUP = r"""
import json
TAG = %(tag)r
like = TAG + "%%"
cr = env.cr
def ids(sql, *params):
    cr.execute(sql, list(params))
    return [row[0] for row in cr.fetchall()]
programs = ids("SELECT id FROM mentorship_program WHERE name::text LIKE %%s", "%%" + like)
pairs = ids("SELECT id FROM mentorship_pair WHERE program_id = ANY(%%s)", programs)
sessions = ids("SELECT id FROM mentorship_session WHERE pair_id = ANY(%%s)", pairs)
events = ids("SELECT event_id FROM mentorship_session WHERE id = ANY(%%s) AND event_id IS NOT NULL", sessions)
enrollments = ids("SELECT id FROM mentorship_enrollment WHERE program_id = ANY(%%s)", programs)
employees = ids("SELECT id FROM hr_employee WHERE name LIKE %%s", like)
users = ids("SELECT id FROM res_users WHERE login LIKE %%s", like)
partners = ids("SELECT partner_id FROM res_users WHERE id = ANY(%%s)", users) + ids(
    "SELECT work_contact_id FROM hr_employee WHERE id = ANY(%%s) AND work_contact_id IS NOT NULL", employees)
documents = [("mentorship.program", programs), ("mentorship.pair", pairs),
             ("mentorship.session", sessions), ("mentorship.enrollment", enrollments),
             ("hr.employee", employees), ("res.users", users), ("res.partner", partners),
             ("calendar.event", events)]
for model, record_ids in documents:
    cr.execute("DELETE FROM mail_activity WHERE res_model = %%s AND res_id = ANY(%%s)", [model, record_ids])
    cr.execute("DELETE FROM mail_followers WHERE res_model = %%s AND res_id = ANY(%%s)", [model, record_ids])
    cr.execute("DELETE FROM mail_message WHERE model = %%s AND res_id = ANY(%%s)", [model, record_ids])
cr.execute("DELETE FROM mail_followers WHERE partner_id = ANY(%%s)", [partners])
cr.execute("DELETE FROM mail_activity WHERE user_id = ANY(%%s)", [users])
cr.execute("DELETE FROM mentorship_session WHERE id = ANY(%%s)", [sessions])
cr.execute("DELETE FROM calendar_event WHERE id = ANY(%%s)", [events])
cr.execute("DELETE FROM mentorship_plan WHERE pair_id = ANY(%%s)", [pairs])
cr.execute("DELETE FROM mentorship_pair WHERE id = ANY(%%s)", [pairs])
cr.execute("DELETE FROM mentorship_enrollment WHERE id = ANY(%%s)", [enrollments])
cr.execute("DELETE FROM mentorship_review WHERE program_id = ANY(%%s)", [programs])
cr.execute("DELETE FROM mentorship_profile WHERE employee_id = ANY(%%s)", [employees])
cr.execute("DELETE FROM mentorship_program WHERE id = ANY(%%s)", [programs])
cr.execute("UPDATE hr_employee SET parent_id = NULL, coach_id = NULL WHERE parent_id = ANY(%%s) OR coach_id = ANY(%%s)", [employees, employees])
cr.execute("DELETE FROM hr_employee WHERE id = ANY(%%s)", [employees])
cr.execute("DELETE FROM res_users WHERE id = ANY(%%s)", [users])
cr.execute("DELETE FROM res_partner WHERE id = ANY(%%s)", [partners])
cr.execute("DELETE FROM hr_job WHERE name::text LIKE %%s", ["%%" + like])
cr.execute("DELETE FROM hr_department WHERE name::text LIKE %%s", ["%%" + like])
left = ids("SELECT count(*) FROM res_users WHERE login LIKE %%s", like)[0]
cr.commit()
print(RESULT + json.dumps({"users_left": left, "programs_removed": len(programs)}))
"""


@dataclass
class Site:
    """The running server and what SETUP made on it."""

    url: str
    db: str
    fixtures: dict
    password: str = PASSWORD

    def env(self, login):
        """The client's environment variables to log in as ``login``."""
        return {
            "MENTORSHIP_URL": self.url,
            "MENTORSHIP_DB": self.db,
            "MENTORSHIP_LOGIN": login,
            "MENTORSHIP_PASSWORD": self.password,
        }


def _script(template):
    values = {
        "tag": TAG,
        "password": PASSWORD,
        "big": BIG,
        "small": SMALL,
        "reports": REPORTS_IN_BIG,
    }
    return f"RESULT = {RESULT_PREFIX!r}\n" + template % values


def _preferred_port(config):
    """The port after the one of the suite's own HTTP server (./dev test
    --http-port), so that parallel suites on their own ports stay apart."""
    path = config.getoption("odoo_config", default=None)
    parser = configparser.ConfigParser()
    if path and parser.read(path) and parser.has_option("options", "http_port"):
        return int(parser.get("options", "http_port")) + 1
    return None


@pytest.fixture(scope="session")
def site(request):
    ctx = context_for_tests()
    db_name = (
        request.config.getoption("odoo_database", default=None)
        or os.environ.get("MENTORSHIP_TEST_DB")
        or paths.db_name(paths.DEFAULT_TEST_DB)
    )
    config_path = ctx.write_config(
        "odoo-client-tests.conf", db_name=db_name, extra={"max_cron_threads": 0}
    )
    run_shell(ctx, db_name, _script(CLEANUP), config_path=config_path)
    try:
        fixtures = run_shell(ctx, db_name, _script(SETUP), config_path=config_path)
        with OdooServer(
            ctx, db_name, port=_preferred_port(request.config), log_name="client-tests"
        ) as server:
            yield Site(url=server.url, db=db_name, fixtures=fixtures)
    finally:
        cleanup = run_shell(ctx, db_name, _script(CLEANUP), config_path=config_path)
        assert cleanup["users_left"] == 0, json.dumps(cleanup)
