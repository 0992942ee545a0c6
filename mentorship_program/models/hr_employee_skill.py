from odoo import api, models

from ..pair_states import RUNNING_PAIR_STATES


class HrEmployeeSkill(models.Model):
    _inherit = "hr.employee.skill"

    @api.model_create_multi
    def create(self, vals_list):
        employee_skills = super().create(vals_list)
        employee_skills._complete_mentorship_goals()
        return employee_skills

    def write(self, vals):
        result = super().write(vals)
        if {"employee_id", "skill_id", "skill_level_id"}.intersection(vals):
            self._complete_mentorship_goals()
        return result

    def _complete_mentorship_goals(self):
        """Complete the mentorship objectives these levels reach, in one batch
        (the skill history was written by super())."""
        if not self:
            return
        goals = (
            self.env["mentorship.goal"]
            .sudo()
            .search(
                [
                    ("state", "=", "open"),
                    ("mentee_employee_id", "in", self.employee_id.ids),
                    ("skill_id", "in", self.skill_id.ids),
                    ("pair_id.state", "in", RUNNING_PAIR_STATES),
                ]
            )
        )
        goals._complete_reached_skills()
