from odoo import api, fields, models


class MentorshipSessionContent(models.Model):
    """What a session is about: its agenda and its shared notes.

    Read and written by the pair's mentor and mentee only. A global record
    rule (security/mentorship_security.xml) hides it from everyone else, HR
    and administrators included: group rules add up, so a manager's rule on
    sessions must not reach it. HR reads the session itself, which holds the
    metadata (date, kind, duration, done or no-show).

    For that reason this model has no chatter, no followers and no tracking,
    and nothing relates to, computes from or copies its text: the session's
    ``agenda`` and ``notes`` are non-stored fields read from here as the
    current user, and the stored fields below are ids, never content.
    """

    _name = "mentorship.session.content"
    _description = "Mentorship Session Agenda and Notes"
    _inherit = ["mentorship.guarded.mixin"]
    _order = "id"
    # Written through the session's agenda and notes; it never moves to
    # another session.
    _client_create_fields = frozenset({"session_id"})
    _client_write_fields = frozenset({"agenda", "notes"})
    _text_limits = {"agenda": 50_000, "notes": 50_000}

    session_id = fields.Many2one(
        "mentorship.session", required=True, index=True, ondelete="cascade", readonly=True
    )
    pair_id = fields.Many2one(related="session_id.pair_id", store=True, index=True)
    company_id = fields.Many2one(related="session_id.company_id", store=True, index=True)
    mentor_user_id = fields.Many2one(
        related="session_id.mentor_user_id", string="Mentor User", store=True, index=True
    )
    mentee_user_id = fields.Many2one(
        related="session_id.mentee_user_id", string="Mentee User", store=True, index=True
    )
    agenda = fields.Html(help="What the pair wants to cover.")
    notes = fields.Html(help="What the pair noted together.")

    _sql_constraints = [
        ("session_unique", "UNIQUE(session_id)", "A session has one agenda and one set of notes."),
    ]

    # The session's agenda and notes are read from here, per user: whoever
    # read them before a change reads them again.
    @api.model_create_multi
    def create(self, vals_list):
        contents = super().create(vals_list)
        self.env["mentorship.session"].invalidate_model(["agenda", "notes"])
        return contents

    def write(self, vals):
        result = super().write(vals)
        self.env["mentorship.session"].invalidate_model(["agenda", "notes"])
        return result
