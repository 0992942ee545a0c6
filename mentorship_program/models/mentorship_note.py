from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MentorshipNote(models.Model):
    """A private note or reflective-journal entry on a pair.

    Visible to its author only: a global record rule hides it from everyone
    else, the other person of the pair, HR and administrators included. For
    that reason it has no chatter, no followers and no tracking, and no other
    model relates or computes anything from its content.
    """

    _name = "mentorship.note"
    _description = "Mentorship Private Note"
    _inherit = ["mentorship.guarded.mixin", "mentorship.portal.mixin"]
    _mentorship_portal_path = "/my/mentorship/journal/{id}"
    _order = "date desc, id desc"
    _check_company_auto = True
    # Written on one pair by its author, for good: a note never moves to
    # another pair or another author.
    _client_create_fields = frozenset({"pair_id"})
    _client_write_fields = frozenset({"kind", "name", "body", "date"})
    _text_limits = {"body": 100_000}

    pair_id = fields.Many2one("mentorship.pair", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="pair_id.company_id", store=True, index=True)
    author_id = fields.Many2one(
        "res.users",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
        default=lambda self: self.env.user,
    )
    kind = fields.Selection(
        [("note", "Private Note"), ("journal", "Reflective Journal")],
        required=True,
        default="note",
    )
    name = fields.Char(string="Title", required=True)
    body = fields.Html(sanitize_style=True)
    date = fields.Date(required=True, default=fields.Date.context_today)

    @api.constrains("pair_id", "author_id")
    def _check_author_in_pair(self):
        for note in self:
            pair_sudo = note.pair_id.sudo()
            if note.author_id not in (pair_sudo.mentor_user_id | pair_sudo.mentee_user_id):
                # The pair is named by its id only: whoever tries this on a pair
                # that is not theirs must learn nothing about who is in it.
                raise ValidationError(
                    self.env._(
                        "Only the mentor or the mentee of pair %(pair)s can write private "
                        "notes on it.",
                        pair=pair_sudo.id,
                    )
                )
