from odoo import api, fields, models

from .window_action import window_action


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    mentorship_enrollment_ids = fields.One2many(
        "mentorship.enrollment",
        "employee_id",
        string="Mentorship Enrollments",
        groups="mentorship_program.group_mentorship_manager",
    )
    mentorship_enrollment_count = fields.Integer(
        compute="_compute_mentorship_enrollment_count",
        groups="mentorship_program.group_mentorship_manager",
    )

    @api.depends("mentorship_enrollment_ids")
    def _compute_mentorship_enrollment_count(self):
        counts = dict(
            self.env["mentorship.enrollment"]._read_group(
                [("employee_id", "in", self.ids)], ["employee_id"], ["__count"]
            )
        )
        for employee in self:
            employee.mentorship_enrollment_count = counts.get(employee, 0)

    def action_view_mentorship_enrollments(self):
        self.ensure_one()
        return window_action(
            self.env,
            "mentorship_program.mentorship_enrollment_action",
            [("employee_id", "=", self.id)],
            {"default_employee_id": self.id},
        )
