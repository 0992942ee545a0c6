from odoo import fields, http
from odoo.exceptions import ValidationError
from odoo.http import request
from odoo.tools import html2plaintext, plaintext2html

from .portal import PORTAL_USER_ERRORS, MentorshipPortal

NOTE_KINDS = ("note", "journal")


class MentorshipJournalPortal(MentorshipPortal):
    """The private journal: one's own notes on one's own pairs.

    Notes are read and written through the user's environment only: the
    global "author only" rule then hides everybody else's notes, whatever
    id is typed in the URL.
    """

    def _journal_pairs(self):
        return request.env["mentorship.pair"].search(self._own_pairs_domain(), order="id desc")

    def _render_journal(self, note=None, pair=None, values_in=None, error=None, success=None):
        Note = request.env["mentorship.note"]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "mentorship_journal",
                "notes": Note.search([]),
                "pairs_sudo": self._journal_pairs().sudo(),
                "edited_note": note or Note,
                "preselected_pair": pair or (note.pair_id if note else self._own_pair(None)),
                "form": values_in or {},
                "edited_body": html2plaintext(note.body) if note and note.body else "",
                "today": fields.Date.context_today(Note),
                "error": error,
                "success": success,
            }
        )
        return request.render("mentorship_program.portal_mentorship_journal", values)

    def _own_record(self, model_name, record_id, domain=()):
        """The record if the user's own rules show it, else an empty recordset."""
        Model = request.env[model_name]
        try:
            record_id = int(record_id or 0)
        except ValueError:
            return Model
        return Model.search([("id", "=", record_id), *domain]) if record_id else Model

    def _own_pair(self, pair_id):
        return self._own_record("mentorship.pair", pair_id, self._own_pairs_domain())

    def _own_note(self, note_id):
        return self._own_record("mentorship.note", note_id)

    @http.route("/my/mentorship/journal", type="http", auth="user", website=True)
    def portal_mentorship_journal(self, pair_id=None, **kwargs):
        pair = self._own_pair(pair_id)
        if pair_id and not pair:
            return request.redirect("/my/mentorship/journal")
        return self._render_journal(pair=pair)

    @http.route("/my/mentorship/journal/<int:note_id>", type="http", auth="user", website=True)
    def portal_mentorship_journal_note(self, note_id, **kwargs):
        note = self._own_note(note_id)
        if not note:
            return request.redirect("/my/mentorship/journal")
        return self._render_journal(note=note)

    @http.route(
        "/my/mentorship/journal/save", type="http", auth="user", website=True, methods=["POST"]
    )
    def portal_mentorship_journal_save(self, note_id=None, **post):
        note = self._own_note(note_id)
        if note_id and not note:
            return request.redirect("/my/mentorship/journal")
        try:
            vals = self._parse_note(post, creating=not note)
            if note:
                note.write(vals)
                message = request.env._("Your note is saved.")
            else:
                note = request.env["mentorship.note"].create(vals)
                message = request.env._("Your note is added to your journal.")
        except PORTAL_USER_ERRORS as exc:
            request.env.cr.rollback()
            return self._render_journal(
                note=note or None,
                pair=self._own_pair(post.get("pair_id")),
                values_in=post,
                error=str(exc),
            )
        return self._render_journal(note=note, success=message)

    @http.route(
        "/my/mentorship/journal/<int:note_id>/delete",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_mentorship_journal_delete(self, note_id, **kwargs):
        note = self._own_note(note_id)
        if note:
            note.unlink()
        return request.redirect("/my/mentorship/journal")

    def _parse_note(self, post, creating):
        Note = request.env["mentorship.note"]
        vals = {
            "name": (post.get("name") or "").strip(),
            "body": plaintext2html(post["body"]) if (post.get("body") or "").strip() else False,
            "kind": post.get("kind") or "note",
        }
        if not vals["name"]:
            raise ValidationError(
                request.env._(
                    "%(field)s: give the note a title.", field=Note._fields["name"].string
                )
            )
        if vals["kind"] not in NOTE_KINDS:
            raise ValidationError(
                request.env._(
                    "%(field)s: %(value)r is not a kind of note.",
                    field=Note._fields["kind"].string,
                    value=vals["kind"],
                )
            )
        if post.get("date"):
            try:
                vals["date"] = fields.Date.to_date(post["date"])
            except ValueError as exc:
                raise ValidationError(
                    request.env._(
                        "%(field)s: %(value)r is not a date.",
                        field=Note._fields["date"].string,
                        value=post["date"],
                    )
                ) from exc
        if creating:
            pair = self._own_pair(post.get("pair_id"))
            if not pair:
                raise ValidationError(
                    request.env._(
                        "%(field)s: choose one of your own mentorships.",
                        field=Note._fields["pair_id"].string,
                    )
                )
            vals["pair_id"] = pair.id
        return vals
