import dataclasses

import numpy as np
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import match
from ..matching import (
    MatchInputLoader,
    MentorReview,
    ReasonRenderer,
    choice_problem,
    exclusion_sentences,
    format_score,
    stored_reasons,
)
from ..pair_states import LIVE_PAIR_STATES, PAIR_KINDS

HR_GROUP = "mentorship_program.group_mentorship_manager"
ALTERNATIVES_SHOWN = 5  # the next best mentors HR sees on a proposal

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
        # Not-ready mentors too: HR's ranked list marks them (and why) at its end.
        domain="[('program_id', '=', program_id), ('role', '=', 'mentor'), "
        "('state', '=', 'approved')]",
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
    # HR's review, computed when the form opens (never stored per run): the
    # next best mentors for this mentee and the mentee's and mentor's profiles.
    alternatives_html = fields.Html(
        string="Other Mentors",
        compute="_compute_alternatives_html",
        sanitize=False,
        groups=HR_GROUP,
        help="The next best mentors for this mentee, with their score and free seats, "
        "and the better-scoring mentors the program's rules leave out, with the rule.",
    )
    profiles_html = fields.Html(
        string="Profiles",
        compute="_compute_profiles_html",
        sanitize=False,
        groups=HR_GROUP,
    )
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

    @api.depends("run_id", "mentee_enrollment_id", "mentor_enrollment_id")
    @api.depends_context("lang")
    def _compute_alternatives_html(self):
        for proposal in self:
            if not (proposal.run_id and proposal.mentee_enrollment_id):
                proposal.alternatives_html = False
                continue
            review = MentorReview(
                proposal.run_id, proposal.mentee_enrollment_id, proposal._origin or None
            )
            proposal.alternatives_html = proposal._render_alternatives(
                review.alternatives(ALTERNATIVES_SHOWN)
            )

    def _render_alternatives(self, alternatives):
        if not alternatives:
            return Markup("<p class='text-muted'>%s</p>") % self.env._(
                "No other ready mentor in this program."
            )
        texts = ReasonRenderer(self.env, "hr").render_many([a.reasons for a in alternatives])
        rows = Markup()
        for alternative, reasons in zip(alternatives, texts):
            why = (
                reasons
                if alternative.allowed
                else self.env._(
                    "Left out: %(why)s.",
                    why=self.env._("; ").join(
                        exclusion_sentences(self.env, alternative.exclusions)
                    ),
                )
            )
            rows += Markup(
                "<tr%s><td class='text-nowrap'>%s</td><td class='text-nowrap text-end'>%s</td>"
                "<td class='text-end'>%s</td><td>%s</td></tr>"
            ) % (
                Markup("") if alternative.allowed else Markup(" class='text-muted'"),
                alternative.mentor.employee_id.name,
                format_score(self.env, alternative.score),
                alternative.free_seats,
                why,
            )
        return Markup(
            "<table class='table table-sm o_mentorship_alternatives'><thead><tr>"
            "<th>%s</th><th class='text-end'>%s</th><th class='text-end'>%s</th><th>%s</th>"
            "</tr></thead><tbody>%s</tbody></table>"
        ) % (
            self.env._("Mentor"),
            self.env._("Score"),
            self.env._("Free Seats"),
            self.env._("Why"),
            rows,
        )

    @api.depends("mentee_enrollment_id", "mentor_enrollment_id")
    @api.depends_context("lang")
    def _compute_profiles_html(self):
        for proposal in self:
            mentee, mentor = proposal.mentee_enrollment_id, proposal.mentor_enrollment_id
            if not (mentee and mentor):
                proposal.profiles_html = False
                continue
            mentee_rows = mentee._match_profile_rows()
            mentor_rows = mentor._match_profile_rows()
            body = Markup()
            for key in dict.fromkeys([*mentee_rows, *mentor_rows]):
                mentee_label, mentee_value = mentee_rows.get(key, ("", ""))
                mentor_label, mentor_value = mentor_rows.get(key, ("", ""))
                label = (
                    mentee_label
                    if mentee_label == mentor_label or not mentor_label
                    else Markup("%s<br/>%s") % (mentee_label, mentor_label)
                )
                body += Markup("<tr><th class='text-nowrap'>%s</th><td>%s</td><td>%s</td></tr>") % (
                    label,
                    mentee_value or "—",
                    mentor_value or "—",
                )
            proposal.profiles_html = Markup(
                "<table class='table table-sm o_mentorship_profiles'><thead><tr><th/>"
                "<th>%s</th><th>%s</th></tr></thead><tbody>%s</tbody></table>"
            ) % (
                self.env._("Mentee: %(name)s", name=mentee.sudo().employee_id.name),
                self.env._("Mentor: %(name)s", name=mentor.sudo().employee_id.name),
                body,
            )

    @api.onchange("mentor_enrollment_id")
    def _onchange_mentor_enrollment_id(self):
        """Warn HR before saving when the chosen mentor is full or ruled out."""
        problem = self._mentor_choice_problem(self.mentee_enrollment_id, self.mentor_enrollment_id)
        if problem:
            return {
                "warning": {
                    "title": self.env._("This mentor cannot be chosen"),
                    "message": self.env._(
                        "%(problem)s Saving will be refused; pick a mentor marked with a "
                        "score and free seats.",
                        problem=problem,
                    ),
                }
            }
        return None

    def _mentor_choice_problem(self, mentee, mentor, seat_held=False):
        """Why ``mentor`` cannot be this proposal's mentor for ``mentee`` (a
        sentence), or None. ``seat_held``: the mentor stays the same, so the
        seat is this proposal's already and only the rules matter. A mentor
        of another program or role is _check_participants's business."""
        self.ensure_one()
        # In the form's onchange the records may be new-record wrappers.
        run, mentee, mentor = (record._origin for record in (self.run_id, mentee, mentor))
        if not (run and mentee and mentor):
            return None
        review = MentorReview(run, mentee, self._origin or None)
        reviewed = review.of(mentor)
        if reviewed and seat_held:
            reviewed = dataclasses.replace(
                reviewed, exclusions=tuple(e for e in reviewed.exclusions if e.code != "full")
            )
        return choice_problem(self.env, reviewed) if reviewed else None

    def _check_mentor_choice(self, mentee=None, mentor=None, created=False):
        """Refuse HR's choice of a full or excluded mentor, naming the
        proposal and the field, before anything is written (``created``: the
        proposals are new, their seats are not theirs yet)."""
        for proposal in self:
            chosen = mentor or proposal.mentor_enrollment_id
            problem = proposal._mentor_choice_problem(
                mentee or proposal.mentee_enrollment_id,
                chosen,
                seat_held=not created and chosen == proposal.mentor_enrollment_id,
            )
            if problem:
                raise ValidationError(
                    self.env._(
                        "%(record)s: %(field)s cannot be %(mentor)s: %(problem)s "
                        "Nothing was saved.",
                        record=proposal._record_label(),
                        field=proposal._field_label("mentor_enrollment_id"),
                        mentor=chosen.sudo().employee_id.name,
                        problem=problem,
                    )
                )

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
            # checked, scored now, and kept when the run runs again.
            proposals._check_mentor_choice(created=True)
            proposals.write({"locked": True})
            proposals._rescore()
        return proposals

    def write(self, vals):
        self.run_id._check_editable()
        participants_changed = not self.env.su and (
            "mentor_enrollment_id" in vals or "mentee_enrollment_id" in vals
        )
        if participants_changed:
            # Whoever may not write the proposal, or read the people named,
            # learns nothing about any mentor's seats or rules.
            self.check_access("write")
            self._check_links([vals])
            Enrollment = self.env["mentorship.enrollment"]
            self._check_mentor_choice(
                mentee=Enrollment.browse(vals.get("mentee_enrollment_id") or ()),
                mentor=Enrollment.browse(vals.get("mentor_enrollment_id") or ()),
            )
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
