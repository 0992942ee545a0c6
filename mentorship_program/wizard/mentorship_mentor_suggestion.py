from odoo import Command, api, fields, models


class MentorshipMentorSuggestion(models.TransientModel):
    """The mentors the engine suggests to one mentee, to ask one of them."""

    _name = "mentorship.mentor.suggestion"
    _description = "Suggested Mentors"
    _inherit = ["mentorship.guarded.mixin"]
    # The mentee writes a message; the suggestions are the engine's.
    _client_create_fields = frozenset({"mentee_enrollment_id"})
    _client_write_fields = frozenset({"message"})

    mentee_enrollment_id = fields.Many2one("mentorship.enrollment", required=True, readonly=True)
    message = fields.Text(
        string="Message to the Mentor",
        help="Sent with your request: what you hope to learn from them.",
    )
    line_ids = fields.One2many("mentorship.mentor.suggestion.line", "wizard_id", readonly=True)
    # When the list is empty: why, and what happens next (the engine's reasons).
    empty_explanation = fields.Text(string="Why No Mentor Is Suggested", readonly=True)
    request_limit = fields.Integer(related="mentee_enrollment_id.program_id.request_limit")
    open_request_count = fields.Integer(related="mentee_enrollment_id.open_request_count")
    # With create_uid, what the record rule keeps the wizard to: its creator,
    # in the company they worked in.
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        if not self.env.su:
            # Suggestions for the mentee's own enrollment (or HR's): nobody
            # opens them on a colleague's.
            wizards.mentee_enrollment_id.check_access("read")
        return wizards

    def _load_suggestions(self):
        """(Re)fill the lines from the engine; names are copied as superuser
        because employees cannot read other people's enrollments."""
        self.ensure_one()
        mentee = self.mentee_enrollment_id
        suggestions = mentee._get_mentor_suggestions()
        requested = (
            mentee.sudo()
            .mentee_request_ids.filtered(lambda r: r.state == "open")
            .mentor_enrollment_id
        )
        lines = [Command.clear()]
        for rank, suggestion in enumerate(suggestions, start=1):
            employee = suggestion.mentor.employee_id
            lines.append(
                Command.create(
                    {
                        "rank": rank,
                        "mentor_enrollment_ref": suggestion.mentor.id,
                        "mentor_name": employee.name,
                        "mentor_job": employee.job_title or employee.job_id.name,
                        "mentor_department": employee.department_id.name,
                        "score": suggestion.score,
                        "match_reasons": suggestion.reasons,
                        "requested": suggestion.mentor in requested,
                    }
                )
            )
        why = [] if suggestions else mentee._explain_no_suggestion()
        self._system_write({"line_ids": lines, "empty_explanation": "\n".join(why) or False})

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Suggested Mentors"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
