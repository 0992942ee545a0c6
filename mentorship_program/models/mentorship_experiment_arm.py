from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MentorshipExperimentArm(models.Model):
    """One arm of a program experiment: the variation it tries, described
    by HR, and who is in it.

    In a cohort experiment HR chooses the arm's programs (each program in
    one arm only). In a randomised experiment the arm's pairs are drawn by
    the experiment's ``action_assign_arms``, never written by a client: the
    draw is stored here so that it can be read back and reproduced.
    """

    _name = "mentorship.experiment.arm"
    _description = "Mentorship Experiment Arm"
    _inherit = ["mentorship.guarded.mixin"]
    _order = "experiment_id, sequence, id"
    _check_company_auto = True
    _client_create_fields = frozenset({"experiment_id"})
    _client_write_fields = frozenset({"name", "sequence", "description", "program_ids"})

    experiment_id = fields.Many2one(
        "mentorship.experiment", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(related="experiment_id.company_id", store=True, index=True)
    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    description = fields.Html(help="What this arm does differently (cadence, format, track).")
    program_ids = fields.Many2many(
        "mentorship.program",
        "mentorship_experiment_arm_program_rel",
        "arm_id",
        "program_id",
        string="Programs",
        check_company=True,
        help="Cohort experiments: the programs whose pairs make up this arm.",
    )
    pair_ids = fields.Many2many(
        "mentorship.pair",
        "mentorship_experiment_arm_pair_rel",
        "arm_id",
        "pair_id",
        string="Pairs",
        readonly=True,
        copy=False,
        help="Randomised experiments: the pairs drawn into this arm by Assign Arms.",
    )
    pair_count = fields.Integer(compute="_compute_pair_count", store=True)

    @api.depends("pair_ids")
    def _compute_pair_count(self):
        for arm in self:
            arm.pair_count = len(arm.pair_ids)

    @api.constrains("program_ids", "pair_ids", "experiment_id")
    def _check_exclusive(self):
        """A program (cohorts) or a pair (randomised) belongs to one arm of
        an experiment: otherwise its people would count in both arms."""
        for experiment in self.experiment_id:
            for field_name in ("program_ids", "pair_ids"):
                seen = set()
                for arm in experiment.sudo().arm_ids:
                    shared = seen & set(arm[field_name].ids)
                    if shared:
                        raise ValidationError(
                            self.env._(
                                "Experiment %(experiment)s, arm %(arm)s: %(field)s are already "
                                "in another arm; each belongs to one arm only.",
                                experiment=experiment.display_name,
                                arm=arm.name,
                                field=arm._field_label(field_name),
                            )
                        )
                    seen |= set(arm[field_name].ids)

    def write(self, vals):
        # HR shapes the arms while the experiment is a draft; once it runs,
        # the arms are what is measured.
        if not self.env.su and vals:
            self.experiment_id._check_state(("draft",), self.env._("changed"))
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        arms = super().create(vals_list)
        if not self.env.su:
            arms.experiment_id._check_state(("draft",), self.env._("given another arm"))
        return arms

    def unlink(self):
        if not self.env.su:
            self.experiment_id._check_state(("draft",), self.env._("changed"))
        return super().unlink()
