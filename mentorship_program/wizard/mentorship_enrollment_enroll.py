from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.window_action import window_action


class MentorshipEnrollmentEnroll(models.TransientModel):
    """Enroll many employees in a program at once, from the employee list."""

    _name = "mentorship.enrollment.enroll"
    _description = "Enroll Employees in a Mentorship Program"
    _inherit = ["mentorship.guarded.mixin"]
    # The wizard's choices.
    _client_write_fields = frozenset({"program_id", "role", "capacity", "employee_ids"})

    program_id = fields.Many2one(
        "mentorship.program",
        required=True,
        domain="[('state', 'in', ('draft', 'open', 'running'))]",
    )
    role = fields.Selection(
        [("mentee", "Mentee"), ("mentor", "Mentor")], required=True, default="mentee"
    )
    capacity = fields.Integer(
        compute="_compute_capacity",
        store=True,
        readonly=False,
        help="Mentees each new mentor takes on; defaults to the program's default.",
    )
    employee_ids = fields.Many2many(
        "hr.employee",
        string="Employees",
        default=lambda self: self._default_employee_ids(),
    )
    # With create_uid, what the record rule keeps the wizard to: its creator,
    # in the company they worked in.
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )

    @api.model
    def _default_employee_ids(self):
        if self.env.context.get("active_model") == "hr.employee":
            return self.env["hr.employee"].browse(self.env.context.get("active_ids", []))
        return self.env["hr.employee"]

    @api.depends("program_id", "role")
    def _compute_capacity(self):
        for wizard in self:
            wizard.capacity = (
                wizard.program_id.default_mentor_capacity if wizard.role == "mentor" else 0
            )

    def action_enroll(self):
        self.ensure_one()
        if not self.env.user.has_group("mentorship_program.group_mentorship_manager"):
            raise UserError(self.env._("Only a Mentorship Manager can enroll other employees."))
        if not self.employee_ids:
            raise UserError(self.env._("Select at least one employee to enroll."))
        if self.program_id.state == "closed":
            raise UserError(
                self.env._(
                    "Program %(program)s is closed; it takes no new enrollments.",
                    program=self.program_id.display_name,
                )
            )
        vals_list = []
        for employee in self.employee_ids:
            vals = {
                "program_id": self.program_id.id,
                "employee_id": employee.id,
                "role": self.role,
            }
            if self.role == "mentor":
                vals["capacity"] = self.capacity
            vals_list.append(vals)
        # One create for the whole batch: any invalid employee stops it all,
        # so HR never ends up with half of a selection enrolled.
        enrollments = self.env["mentorship.enrollment"].create(vals_list)
        return window_action(
            self.env,
            "mentorship_program.mentorship_enrollment_action",
            [("id", "in", enrollments.ids)],
        )
