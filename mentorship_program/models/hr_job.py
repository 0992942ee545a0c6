from odoo import fields, models


class HrJob(models.Model):
    """Critical roles and the trajectory paths that lead out of them."""

    _inherit = "hr.job"
    # Whoever may edit job positions (Employees officers) decides these
    # (see mentorship.guarded.mixin for the module's own models).
    _mentorship_client_write_fields = frozenset(
        {"is_critical_role", "mentorship_required_skill_ids", "next_job_ids"}
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
