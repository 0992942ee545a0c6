from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


class MentorshipNote(models.Model):
    """A private note or reflective-journal entry on a pair.

    Visible to its author only: a global record rule hides it from everyone
    else, the other person of the pair, HR and administrators included. For
    that reason it has no chatter, no followers and no tracking, and no other
    model relates or computes anything from its content.
    """

    _name = "mentorship.note"
    _description = "Mentorship Private Note"
    _order = "date desc, id desc"
    _check_company_auto = True

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
                raise ValidationError(
                    self.env._(
                        "Only the mentor or the mentee of %(pair)s can write notes on it "
                        "(%(author)s is neither).",
                        pair=pair_sudo.display_name,
                        author=note.author_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if vals.get("author_id", self.env.uid) != self.env.uid:
                    raise AccessError(
                        self.env._("A private note can only be written by its own author.")
                    )
        return super().create(vals_list)

    def write(self, vals):
        for field_name in ("author_id", "pair_id"):
            if field_name not in vals:
                continue
            moved = self.filtered(lambda n, f=field_name: n[f].id != vals[f])
            if moved:
                raise UserError(
                    self.env._(
                        "The %(field)s of the note %(note)s cannot be changed; write a "
                        "new note instead.",
                        field=self._fields[field_name].string,
                        note=moved[0].name,
                    )
                )
        return super().write(vals)
