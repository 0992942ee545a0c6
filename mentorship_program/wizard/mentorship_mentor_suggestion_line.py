from odoo import api, fields, models

from ..matching import ReasonRenderer


class MentorshipMentorSuggestionLine(models.TransientModel):
    """One suggested mentor, with the score and the reasons behind it."""

    _name = "mentorship.mentor.suggestion.line"
    _description = "Suggested Mentor"
    _order = "rank"
    _inherit = ["mentorship.guarded.mixin"]
    # Filled by the engine's suggestions only.

    wizard_id = fields.Many2one(
        "mentorship.mentor.suggestion", required=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(related="wizard_id.company_id", store=True)
    rank = fields.Integer(readonly=True)
    # An id, not a Many2one: the mentee may not read the mentor's enrollment.
    mentor_enrollment_ref = fields.Integer(required=True, readonly=True)
    mentor_name = fields.Char(string="Mentor", readonly=True)
    mentor_job = fields.Char(string="Job", readonly=True)
    mentor_department = fields.Char(string="Department", readonly=True)
    score = fields.Float(digits=(16, 1), readonly=True)
    match_reasons = fields.Json(readonly=True)  # what the mentee may read (matching/explanation.py)
    explanation = fields.Text(string="Why", compute="_compute_explanation")
    requested = fields.Boolean(string="Asked", readonly=True)
    mentor_profile_card = fields.Html(
        compute="_compute_mentor_profile_card",
        sanitize=False,
        string="Mentor's Profile",
        help="The mentor's profile as they share it (mentorship.profile).",
    )

    @api.depends("match_reasons")
    @api.depends_context("lang")
    def _compute_explanation(self):
        texts = ReasonRenderer(self.env, "participant").render_many(self.mapped("match_reasons"))
        for line, text in zip(self, texts):
            line.explanation = text

    @api.depends("mentor_enrollment_ref")
    @api.depends_context("uid", "lang")
    def _compute_mentor_profile_card(self):
        # The lines are their creator's (the wizard's rules): the suggested
        # mentors' cards are read as the system for the lines the reader may read.
        readable = self if self.env.su else self._filtered_access("read")
        mentors = (
            self.env["mentorship.enrollment"]
            .sudo()
            .browse(readable.mapped("mentor_enrollment_ref"))
        )
        cards = self.env["mentorship.profile"]._cards_for(mentors.exists())
        for line in self:
            line.mentor_profile_card = line in readable and cards.get(line.mentor_enrollment_ref)

    def action_request(self):
        """Ask this mentor, with the wizard's message, then show the list again."""
        self.ensure_one()
        wizard = self.wizard_id
        wizard.mentee_enrollment_id.action_request_mentor(
            self.mentor_enrollment_ref, wizard.message or ""
        )
        wizard.message = False
        wizard._load_suggestions()
        return wizard._reopen()
