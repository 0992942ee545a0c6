import dataclasses

import numpy as np

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import match
from ..matching import MatchInputLoader, ReasonRenderer, stored_reasons
from ..pair_states import LIVE_PAIR_STATES, PAIR_KINDS

# Engine score component -> proposal field (0-100).
COMPONENT_FIELDS = {
    "skills": "skills_score",
    "career": "career_score",
    "cross_functional": "cross_functional_score",
    "diversity": "diversity_score",
    "language": "language_score",
    "timezone": "timezone_score",
    "availability": "availability_score",
}


class MentorshipMatchProposal(models.Model):
    """One mentor proposed for one mentee by a match run, with its reasons."""

    _name = "mentorship.match.proposal"
    _description = "Mentorship Match Proposal"
    _inherit = ["mentorship.guarded.mixin"]
    _order = "run_id desc, kind, score desc, id"
    _check_company_auto = True
    # HR adds a proposal by hand, changes its mentor or locks it; the engine
    # sets the scores and the reasons (and rescores a pair HR chose).
    _client_create_fields = frozenset({"run_id"})
    _client_write_fields = frozenset(
        {"mentee_enrollment_id", "mentor_enrollment_id", "kind", "locked"}
    )

    run_id = fields.Many2one("mentorship.match.run", required=True, index=True, ondelete="cascade")
    run_state = fields.Selection(related="run_id.state", string="Run Status")
    program_id = fields.Many2one(related="run_id.program_id", store=True, index=True)
    company_id = fields.Many2one(related="run_id.company_id", store=True, index=True)
    mentee_enrollment_id = fields.Many2one(
        "mentorship.enrollment",
        string="Mentee",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain="[('program_id', '=', program_id), ('role', '=', 'mentee'), ('state', '=', 'approved')]",
    )
    mentor_enrollment_id = fields.Many2one(
        "mentorship.enrollment",
        string="Mentor",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain="[('program_id', '=', program_id), ('role', '=', 'mentor'), "
        "('state', '=', 'approved'), ('is_ready', '=', True)]",
    )
    mentee_employee_id = fields.Many2one(
        related="mentee_enrollment_id.employee_id", string="Mentee Employee", store=True
    )
    mentor_employee_id = fields.Many2one(
        related="mentor_enrollment_id.employee_id", string="Mentor Employee", store=True
    )
    mentee_department_id = fields.Many2one(
        related="mentee_enrollment_id.department_id", string="Mentee Department"
    )
    mentor_department_id = fields.Many2one(
        related="mentor_enrollment_id.department_id", string="Mentor Department"
    )
    kind = fields.Selection(
        PAIR_KINDS,
        required=True,
        default="core",
        help="A core mentor guides the whole plan; a topic mentor covers skill "
        "gaps the core mentor does not.",
    )
    score = fields.Float(
        digits=(16, 1), aggregator="avg", readonly=True, help="Weighted score, 0-100."
    )
    skills_score = fields.Float(string="Skill Gap", digits=(16, 1), aggregator="avg", readonly=True)
    career_score = fields.Float(
        string="Career Path", digits=(16, 1), aggregator="avg", readonly=True
    )
    cross_functional_score = fields.Float(
        string="Cross-Functional", digits=(16, 1), aggregator="avg", readonly=True
    )
    diversity_score = fields.Float(
        string="Diversity", digits=(16, 1), aggregator="avg", readonly=True
    )
    language_score = fields.Float(
        string="Language", digits=(16, 1), aggregator="avg", readonly=True
    )
    timezone_score = fields.Float(
        string="Time Zone", digits=(16, 1), aggregator="avg", readonly=True
    )
    availability_score = fields.Float(
        string="Availability", digits=(16, 1), aggregator="avg", readonly=True
    )
    # The engine's reasons as codes and numbers (matching/explanation.py).
    match_reasons = fields.Json(readonly=True)
    explanation = fields.Text(
        compute="_compute_explanation", help="Why this mentor, in plain words (for HR)."
    )
    locked = fields.Boolean(
        help="Kept as is when the matching runs again; its mentor's seat stays taken."
    )
    priority = fields.Boolean(
        readonly=True, help="The mentee's last match was declined or re-matched: they go first."
    )
    is_manual = fields.Boolean(string="Chosen by HR", readonly=True)
    color = fields.Integer(compute="_compute_color")

    _sql_constraints = [
        (
            "run_mentee_mentor_unique",
            "unique(run_id, mentee_enrollment_id, mentor_enrollment_id)",
            "A mentor is proposed only once to the same mentee in a match run.",
        ),
    ]

    @api.depends("mentee_enrollment_id", "mentor_enrollment_id")
    def _compute_display_name(self):
        for proposal in self:
            proposal.display_name = self.env._(
                "%(mentee)s ← %(mentor)s",
                mentee=proposal.mentee_employee_id.name or "",
                mentor=proposal.mentor_employee_id.name or "",
            )

    @api.depends("match_reasons", "is_manual")
    @api.depends_context("lang")
    def _compute_explanation(self):
        texts = ReasonRenderer(self.env, "hr").render_many(self.mapped("match_reasons"))
        for proposal, text in zip(self, texts):
            proposal.explanation = (
                self.env._("Chosen by HR. %(reasons)s", reasons=text)
                if proposal.is_manual
                else text
            )

    @api.depends("locked", "is_manual")
    def _compute_color(self):
        for proposal in self:
            proposal.color = 10 if proposal.locked else (2 if proposal.is_manual else 0)

    # -- Constraints -------------------------------------------------------------------
    @api.constrains("run_id", "mentee_enrollment_id", "mentor_enrollment_id")
    def _check_participants(self):
        ready_mentors = self.mentor_enrollment_id.filtered("is_ready")
        for proposal in self:
            program = proposal.run_id.program_id
            mentee, mentor = proposal.mentee_enrollment_id, proposal.mentor_enrollment_id
            if mentee.role != "mentee" or mentee.program_id != program:
                raise ValidationError(
                    self.env._(
                        "Proposal %(proposal)s: %(mentee)s is not a mentee of program %(program)s.",
                        proposal=proposal.display_name,
                        mentee=mentee.display_name,
                        program=program.display_name,
                    )
                )
            if (
                mentor.role != "mentor"
                or mentor.program_id != program
                or mentor.state != "approved"
                or mentor not in ready_mentors
            ):
                raise ValidationError(
                    self.env._(
                        "Proposal %(proposal)s: %(mentor)s is not an approved mentor of "
                        "program %(program)s who is ready to mentor.",
                        proposal=proposal.display_name,
                        mentor=mentor.display_name,
                        program=program.display_name,
                    )
                )
            if mentor.employee_id == mentee.employee_id:
                raise ValidationError(
                    self.env._(
                        "Proposal %(proposal)s: nobody can mentor themselves.",
                        proposal=proposal.display_name,
                    )
                )

    @api.constrains("run_id", "mentee_enrollment_id", "kind")
    def _check_one_core_mentor(self):
        duplicates = self._read_group(
            [
                ("run_id", "in", self.run_id.ids),
                ("mentee_enrollment_id", "in", self.mentee_enrollment_id.ids),
                ("kind", "=", "core"),
            ],
            ["run_id", "mentee_enrollment_id"],
            having=[("__count", ">", 1)],
        )
        if duplicates:
            run, mentee = duplicates[0]
            raise ValidationError(
                self.env._(
                    "Match run %(run)s proposes more than one core mentor to %(mentee)s; "
                    "make the others topic mentors or remove them.",
                    run=run.display_name,
                    mentee=mentee.employee_id.name,
                )
            )

    @api.constrains("run_id", "mentor_enrollment_id")
    def _check_mentor_capacity(self):
        mentors = self.mentor_enrollment_id
        proposed = self._read_group(
            [("run_id", "in", self.run_id.ids), ("mentor_enrollment_id", "in", mentors.ids)],
            ["run_id", "mentor_enrollment_id"],
            ["__count"],
        )
        used = dict(
            self.env["mentorship.pair"]
            .sudo()
            ._read_group(
                [("mentor_enrollment_id", "in", mentors.ids), ("state", "in", LIVE_PAIR_STATES)],
                ["mentor_enrollment_id"],
                ["__count"],
            )
        )
        for run, mentor, count in proposed:
            if mentor.role != "mentor" or run.state == "published":
                continue  # not a mentor at all: _check_participants says so
            if count + used.get(mentor, 0) > mentor.capacity:
                raise ValidationError(
                    self.env._(
                        "%(mentor)s would get %(count)s mentees in match run %(run)s, "
                        "beyond their capacity of %(capacity)s (%(used)s pending or "
                        "active pairs already).",
                        mentor=mentor.employee_id.name,
                        count=count + used.get(mentor, 0),
                        run=run.display_name,
                        capacity=mentor.capacity,
                        used=used.get(mentor, 0),
                    )
                )

    # -- ORM -------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        proposals = super().create(vals_list)
        proposals.run_id._check_editable()
        if not self.env.su:
            # Added by HR by hand (the engine's run creates as superuser):
            # scored now, and kept when the run runs again.
            proposals.write({"locked": True})
            proposals._rescore()
        return proposals

    def write(self, vals):
        self.run_id._check_editable()
        participants_changed = not self.env.su and (
            "mentor_enrollment_id" in vals or "mentee_enrollment_id" in vals
        )
        if participants_changed:
            vals = dict(vals, locked=True)
        result = super().write(vals)
        if participants_changed:
            self._rescore()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_published(self):
        self.run_id._check_editable()

    def _rescore(self):
        """Score pairs chosen by HR with the engine, under the program's rules."""
        for proposal in self:
            loader = MatchInputLoader(proposal.run_id.program_id)
            inputs = loader.build(
                proposal.mentee_enrollment_id,
                proposal.mentor_enrollment_id,
                np.ones(1, dtype=np.int64),
                use_history=False,
            )
            result = match(
                inputs.mentee_profiles,
                inputs.mentor_profiles,
                dataclasses.replace(inputs.settings, topic_mentors_per_mentee=0),
            )
            if not result.proposals:
                raise ValidationError(
                    self.env._(
                        "%(mentor)s cannot mentor %(mentee)s in program %(program)s: the "
                        "pair breaks one of its hard rules (management chain, same "
                        "department, shared language or common availability).",
                        mentor=proposal.mentor_employee_id.name,
                        mentee=proposal.mentee_employee_id.name,
                        program=proposal.program_id.display_name,
                    )
                )
            scored = result.proposals[0]
            vals = {
                "score": 100.0 * scored.score,
                "match_reasons": stored_reasons(scored.reasons, inputs),
                "is_manual": True,
            }
            for component, field_name in COMPONENT_FIELDS.items():
                vals[field_name] = 100.0 * scored.components.get(component, 0.0)
            proposal._system_write(vals)

    # -- Actions ---------------------------------------------------------------------------
    def action_lock(self):
        self.run_id._check_manager()
        self.write({"locked": True})
        return True

    def action_unlock(self):
        self.run_id._check_manager()
        self.write({"locked": False})
        return True
