from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HrJob(models.Model):
    """Critical roles and the trajectory paths that lead out of them."""

    _inherit = "hr.job"
    # Whoever may edit job positions (Employees officers) decides these
    # (see mentorship.guarded.mixin for the module's own models).
    _mentorship_client_write_fields = frozenset(
        {"is_critical_role", "mentorship_required_skill_ids", "next_job_ids", "mentorship_grade"}
    )
    _mentorship_system_fields = frozenset()

    is_critical_role = fields.Boolean(
        string="Critical Role",
        help="A role the business depends on; the mentorship program builds a "
        "pipeline of people ready for it.",
    )
    mentorship_required_skill_ids = fields.One2many(
        "mentorship.job.skill", "job_id", string="Required Skills"
    )
    next_job_ids = fields.Many2many(
        "hr.job",
        "mentorship_job_next_job_rel",
        "job_id",
        "next_job_id",
        string="Next Roles",
        help="Roles people in this position typically grow into.",
    )
    mentorship_grade = fields.Integer(
        string="Grade",
        help="The job's rank in the company's ladder (1 = entry level; 0 = not graded). A move "
        "to a job of a higher grade counts as a promotion, as does a move into one of the "
        "job's Next Roles; jobs without a grade are classified by their next roles only.",
    )

    @api.constrains("mentorship_grade")
    def _check_mentorship_grade(self):
        for job in self:
            if job.mentorship_grade < 0:
                raise ValidationError(
                    self.env._(
                        "Job %(job)s: 'Grade' (mentorship_grade) cannot be negative (got "
                        "%(grade)s); use 0 for a job without a grade.",
                        job=job.display_name,
                        grade=job.mentorship_grade,
                    )
                )
