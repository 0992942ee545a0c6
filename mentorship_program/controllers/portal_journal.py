from odoo import fields, http
from odoo.exceptions import ValidationError
from odoo.http import request
from odoo.tools import html2plaintext

from .portal import MentorshipPortal
from .portal_input import PortalForm


class MentorshipJournalPortal(MentorshipPortal):
    """The private journal: one's own notes on one's own pairs.

    Notes are read and written through the user's environment only: the
    global "author only" rule then hides everybody else's notes, whatever
    id is typed in the URL.
    """

    def _journal_pairs(self):
        return request.env["mentorship.pair"].search(self._own_pairs_domain(), order="id desc")

    def _render_journal(self, note=None, pair=None, page=1, sortby=None):
        Note = request.env["mentorship.note"]
        # The global "author only" rule leaves the user's own notes.
        notes, list_values = self._portal_list(
            "mentorship.note",
            [],
            {
                "newest": {"label": request.env._("Newest"), "order": "date desc, id desc"},
                "title": {"label": request.env._("Title"), "order": "name, id desc"},
                "mentorship": {"label": request.env._("Mentorship"), "order": "pair_id, date desc"},
            },
            sortby,
            page,
            "/my/mentorship/journal",
        )
        values = self._page_values(
            "mentorship_journal",
            notes=notes,
            **list_values,
            pairs_sudo=self._journal_pairs().sudo(),
            edited_note=note or Note,
            preselected_pair=pair or (note.pair_id if note else self._own_pair(None)),
            edited_body=html2plaintext(note.body) if note and note.body else "",
            today=fields.Date.context_today(Note),
        )
        if values["form"].get("pair_id") and not note:
            values["preselected_pair"] = self._own_pair(values["form"]["pair_id"])
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

    @http.route(
        ["/my/mentorship/journal", "/my/mentorship/journal/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_mentorship_journal(self, pair_id=None, page=1, sortby=None, **kwargs):
        pair = self._own_pair(pair_id)
        if pair_id and not pair:
            return request.redirect("/my/mentorship/journal")
        return self._render_journal(pair=pair, page=page, sortby=sortby)

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
        form = PortalForm(request.env["mentorship.note"], request.httprequest.form)

        def save():
            vals = self._parse_note(form, creating=not note)
            if note:
                note.write(vals)
                return request.env._("Your note is saved.")
            created = request.env["mentorship.note"].create(vals)
            return request.env._("Your note is added to your journal."), created.access_url

        return self._portal_operation(
            note.access_url if note else "/my/mentorship/journal", save, form=form
        )

    @http.route(
        "/my/mentorship/journal/<int:note_id>/delete",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_mentorship_journal_delete(self, note_id, **kwargs):
        note = self._own_note(note_id)

        def delete():
            if note:
                note.unlink()
                return request.env._("The note is deleted.")
            return None

        return self._portal_operation("/my/mentorship/journal", delete)

    def _parse_note(self, form, creating):
        Note = request.env["mentorship.note"]
        vals = {"name": form.text("name"), "body": form.html("body")}
        if not vals["name"]:
            raise ValidationError(
                request.env._("%(field)s: give the note a title.", field=form.label("name"))
            )
        vals["kind"] = form.choice("kind", dict(Note._fields["kind"].selection)) or "note"
        note_date = form.date("date")
        if note_date:
            vals["date"] = note_date
        if creating:
            pair = self._own_pair(form.record_id("pair_id"))
            if not pair:
                raise ValidationError(
                    request.env._(
                        "%(field)s: choose one of your own mentorships.",
                        field=form.label("pair_id"),
                    )
                )
            vals["pair_id"] = pair.id
        return vals
