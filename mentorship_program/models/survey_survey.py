from odoo import api, models
from odoo.exceptions import UserError


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_mentorship_survey(self):
        """Deleting a program's pulse or closure survey would also delete every
        answer collected with it; say which programs use it instead of
        failing on the database's foreign key."""
        programs = (
            self.env["mentorship.program"]
            .sudo()
            .with_context(active_test=False)
            .search(
                ["|", ("pulse_survey_id", "in", self.ids), ("closure_survey_id", "in", self.ids)]
            )
        )
        if programs:
            raise UserError(
                self.env._(
                    "These surveys are the pulse or closure survey of the mentorship "
                    "programs %(programs)s: choose another survey on those programs "
                    "first, or archive the survey instead of deleting it.",
                    programs=", ".join(programs.mapped("display_name")),
                )
            )
