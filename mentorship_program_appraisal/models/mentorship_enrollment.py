from odoo import api, models


class MentorshipEnrollment(models.Model):
    """A new mentee intake starts with the development areas of the
    employee's latest done appraisal as suggested target skills."""

    _inherit = "mentorship.enrollment"

    @api.model_create_multi
    def create(self, vals_list):
        enrollments = super().create(vals_list)
        intakes = enrollments.filtered(lambda e: e.role == "mentee" and e.state == "draft")
        if intakes:
            areas = self.env["hr.appraisal"]._mentorship_latest_development_areas(
                intakes.sudo().employee_id
            )
            values = []
            for enrollment in intakes.sudo():
                employee_areas = areas.get(enrollment.employee_id.id)
                if employee_areas:
                    values += employee_areas._target_skill_values(enrollment)
            if values:
                self.env["mentorship.enrollment.skill"].sudo().create(values)
        return enrollments
