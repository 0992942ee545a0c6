"""Two accepts for a mentor's last seat, in two real transactions at once.

This test commits its fixtures (other transactions cannot see a test's
uncommitted data) and removes them afterwards.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.service.model import (
    MAX_TRIES_ON_CONCURRENCY_FAILURE,
    PG_CONCURRENCY_EXCEPTIONS_TO_RETRY,
)
from odoo.tests.common import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger

from .common import CHARTER_HTML


@tagged("post_install", "-at_install")
class TestLastSeatRace(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        cls.ids = {}
        cls.addClassCleanup(cls._remove_fixtures)
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            course = env["slide.channel"].create({"name": "Race Onboarding", "is_published": True})
            program = env["mentorship.program"].create(
                {
                    "name": "Race Program",
                    "program_format": "evergreen",
                    "matching_mode": "self_request",
                    "charter_code_of_conduct": CHARTER_HTML,
                    "charter_confidentiality": CHARTER_HTML,
                    "charter_escalation_path": CHARTER_HTML,
                    "onboarding_channel_id": course.id,
                    "cadence_ids": [Command.create({"session_type": "check_in"})],
                }
            )
            program.action_open_enrollment()
            mentor_user = env["res.users"].create(
                {
                    "name": "Race Mentor",
                    "login": "mentorship_race_mentor",
                    "groups_id": [Command.set(env.ref("base.group_user").ids)],
                }
            )
            Employee = env["hr.employee"]
            mentor_employee = Employee.create({"name": "Race Mentor", "user_id": mentor_user.id})
            mentee_employees = Employee.create(
                [{"name": "Race Mentee A"}, {"name": "Race Mentee B"}]
            )
            Enrollment = env["mentorship.enrollment"]
            mentor = Enrollment.create(
                {
                    "program_id": program.id,
                    "employee_id": mentor_employee.id,
                    "role": "mentor",
                    "capacity": 1,
                    "state": "approved",
                }
            )
            mentees = Enrollment.create(
                [
                    {
                        "program_id": program.id,
                        "employee_id": employee.id,
                        "role": "mentee",
                        "state": "approved",
                    }
                    for employee in mentee_employees
                ]
            )
            # Both requests are open when the mentor opens them in two tabs.
            requests = env["mentorship.request"].create(
                [
                    {
                        "program_id": program.id,
                        "mentee_enrollment_id": mentee.id,
                        "mentor_enrollment_id": mentor.id,
                    }
                    for mentee in mentees
                ]
            )
            cls.ids = {
                "course": course.id,
                "program": program.id,
                "user": mentor_user.id,
                "employees": (mentor_employee | mentee_employees).ids,
                "mentor": mentor.id,
                "requests": requests.ids,
            }

    @classmethod
    def _remove_fixtures(cls):
        if not cls.ids:
            return
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            records = [
                env["mentorship.pair"].search([("program_id", "=", cls.ids["program"])]),
                env["mentorship.request"].browse(cls.ids["requests"]),
                env["mentorship.enrollment"].search([("program_id", "=", cls.ids["program"])]),
            ]
            for record in records:
                env["mail.message"].search(
                    [("model", "=", record._name), ("res_id", "in", record.ids)]
                ).unlink()
                env["mail.activity"].search(
                    [("res_model", "=", record._name), ("res_id", "in", record.ids)]
                ).unlink()
            # History is never deleted through the ORM (pairs that started,
            # enrollments with pairs): these committed fixtures go by SQL, the
            # database's cascades taking their plans and sessions.
            cr.execute("DELETE FROM mentorship_pair WHERE program_id = %s", [cls.ids["program"]])
            env.invalidate_all()
            records[1].unlink()
            records[2].unlink()
            env["mentorship.program"].browse(cls.ids["program"]).unlink()
            env["hr.employee"].browse(cls.ids["employees"]).unlink()
            env["res.users"].browse(cls.ids["user"]).unlink()
            env["slide.channel"].browse(cls.ids["course"]).unlink()

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_two_accepts_for_the_last_seat_give_one_pair(self):
        barrier = threading.Barrier(2)

        def accept(request_id):
            """What one browser tab's request does. A serialization failure
            or a deadlock is retried on a fresh snapshot, as
            odoo.service.model.retrying does for every request (not called here: its env.reset() looks
            the registry up under the lock Odoo's test runner holds)."""
            with self.registry.cursor() as cr:
                cr.transaction = api.Transaction(self.registry)
                env = api.Environment(cr, self.ids["user"], {"mail_notify_force_send": False})
                request = env["mentorship.request"].browse(request_id)
                self.assertEqual(request.state, "open")  # both snapshots: seat free
                barrier.wait(timeout=10)
                for _attempt in range(MAX_TRIES_ON_CONCURRENCY_FAILURE):
                    try:
                        request.action_accept()
                        cr.flush()
                        return "accepted"
                    except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                        cr.rollback()
                    except UserError as error:
                        return str(error)
                return "gave up after repeated serialization failures"

        with ThreadPoolExecutor(max_workers=2) as executor:
            futures = [executor.submit(accept, rid) for rid in self.ids["requests"]]
            outcomes = [future.result(timeout=60) for future in futures]

        self.assertEqual(outcomes.count("accepted"), 1, outcomes)
        refusal = next(outcome for outcome in outcomes if outcome != "accepted")
        self.assertIn("cannot be answered or withdrawn", refusal)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            pairs = env["mentorship.pair"].search([("program_id", "=", self.ids["program"])])
            self.assertEqual(len(pairs), 1)
            self.assertEqual(pairs.state, "active")
            requests = env["mentorship.request"].browse(self.ids["requests"])
            self.assertEqual(sorted(requests.mapped("state")), ["accepted", "declined"])
