from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MentorshipJobSkill(models.Model):
    """A skill, at a level, that a (critical) job position requires."""

    _name = "mentorship.job.skill"
    _description = "Skill Required by a Job Position"
    _order = "job_id, skill_type_id, skill_id"
    _inherit = ["mentorship.guarded.mixin"]
    # A requirement of one job, for good.
    _client_create_fields = frozenset({"job_id"})
    _client_write_fields = frozenset({"skill_type_id", "skill_id", "skill_level_id"})

    job_id = fields.Many2one("hr.job", required=True, ondelete="cascade", index=True)
    skill_type_id = fields.Many2one("hr.skill.type", required=True, ondelete="cascade")
    skill_id = fields.Many2one(
        "hr.skill",
        required=True,
        ondelete="cascade",
        domain="[('skill_type_id', '=', skill_type_id)]",
    )
    skill_level_id = fields.Many2one(
        "hr.skill.level",
        string="Required Level",
        required=True,
        ondelete="cascade",
        domain="[('skill_type_id', '=', skill_type_id)]",
    )

    _sql_constraints = [
        (
            "job_skill_unique",
            "unique(job_id, skill_id)",
            "A job position requires each skill only once.",
        ),
    ]

    @api.constrains("skill_type_id", "skill_id", "skill_level_id")
    def _check_skill_type(self):
        for line in self:
            if line.skill_id.skill_type_id != line.skill_type_id:
                raise ValidationError(
                    self.env._(
                        "Job %(job)s: skill %(skill)s is not of type %(type)s.",
                        job=line.job_id.display_name,
                        skill=line.skill_id.name,
                        type=line.skill_type_id.name,
                    )
                )
            if line.skill_level_id.skill_type_id != line.skill_type_id:
                raise ValidationError(
                    self.env._(
                        "Job %(job)s: level %(level)s does not belong to skill type %(type)s.",
                        job=line.job_id.display_name,
                        level=line.skill_level_id.name,
                        type=line.skill_type_id.name,
                    )
                )
