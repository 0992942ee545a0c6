"""18.0.1.3.0: mentors are told once when they become ready; every
participant has a mentorship profile.

A mentor already ready before this version was never sent the new "ready
to mentor" e-mail, and must not get it now on their next readiness change:
mark them as told. Participants enrolled before profiles existed get their
(empty, share-nothing) profile, as a new enrollment makes one.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    Enrollment = env["mentorship.enrollment"].with_context(active_test=False)
    ready = Enrollment.search([("role", "=", "mentor"), ("is_ready", "=", True)])
    ready._system_write({"ready_notice_sent": True})
    env["mentorship.profile"]._ensure_for_employees(Enrollment.search([]).employee_id)
