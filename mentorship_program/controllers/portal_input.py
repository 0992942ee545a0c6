"""The one reader of what people type into the module's portal forms.

Every portal page reads its form through :class:`PortalForm`, so that a
value typed wrong is refused the same way everywhere: a ``ValueError`` that
names the field as the model labels it and repeats the value, raised before
anything is written. What a value means (a skill's level, a pair's session)
is the model's to check; this module only turns text into Python values.
"""

from datetime import datetime

import pytz

from odoo import fields
from odoo.tools import plaintext2html

# Characters kept of each submitted value when a refused form is shown again:
# enough for any field the models accept, never a whole upload in the session.
REFILL_LIMIT = 20_000


class PortalForm:
    """A submitted form (``request.httprequest.form``), read for ``model``.

    ``model`` is a record or an empty recordset of the model the form feeds:
    refusals use its fields' labels, in the reader's language.
    """

    def __init__(self, model, form):
        self._model = model
        self._form = form

    def __contains__(self, name):
        return name in self._form

    def label(self, fname):
        return self._model._fields[fname]._description_string(self._model.env)

    def refuse(self, fname, raw, expected):
        """The ValueError for ``raw`` typed into ``fname``, which is not ``expected``."""
        env = self._model.env
        return ValueError(
            env._(
                "%(field)s: %(value)s is not %(expected)s.",
                field=self.label(fname),
                value=repr(raw),
                expected=expected,
            )
        )

    def refill(self):
        """The submitted values to show again in the form after a refusal."""
        return {
            key: value[:REFILL_LIMIT]
            for key, value in self._form.items()
            if key != "csrf_token" and isinstance(value, str)
        }

    # ------------------------------------------------------------
    # Values
    # ------------------------------------------------------------

    def text(self, name):
        """The stripped text of ``name``; '' when absent or blank."""
        return (self._form.get(name) or "").strip()

    def html(self, name):
        """The plain text of ``name`` as HTML paragraphs; False when blank."""
        value = self.text(name)
        return plaintext2html(value) if value else False

    def number(self, name, fname=None, integer=False):
        """A number typed into ``name`` (for field ``fname``); None when blank."""
        raw = self.text(name)
        if not raw:
            return None
        try:
            return int(raw) if integer else float(raw)
        except ValueError as exc:
            env = self._model.env
            expected = env._("a whole number") if integer else env._("a number")
            raise self.refuse(fname or name, raw, expected) from exc

    def date(self, name, fname=None):
        """A date typed into ``name`` (for field ``fname``); None when blank."""
        raw = self.text(name)
        if not raw:
            return None
        try:
            return fields.Date.to_date(raw)
        except ValueError as exc:
            raise self.refuse(fname or name, raw, self._model.env._("a date")) from exc

    def local_datetime(self, name, fname=None):
        """A ``datetime-local`` value in the reader's time zone, as naive UTC;
        None when blank."""
        raw = self.text(name)
        if not raw:
            return None
        try:
            local = datetime.fromisoformat(raw)
        except ValueError as exc:
            raise self.refuse(fname or name, raw, self._model.env._("a date and time")) from exc
        tz = pytz.timezone(self._model.env.user.tz or "UTC")
        return tz.localize(local.replace(tzinfo=None)).astimezone(pytz.utc).replace(tzinfo=None)

    def choice(self, name, choices, fname=None):
        """One of ``choices`` (a selection's keys); None when blank."""
        raw = self.text(name)
        if not raw:
            return None
        if raw not in choices:
            raise self.refuse(fname or name, raw, self._model.env._("one of the choices offered"))
        return raw

    def record_id(self, name):
        """The id in ``name``; 0 when absent or not an id, which the caller
        answers like any id it cannot find."""
        try:
            return max(int(self.text(name) or 0), 0)
        except ValueError:
            return 0

    def record_ids(self, name):
        """The ids in every value of ``name`` (a group of checkboxes)."""
        ids = []
        for raw in self._form.getlist(name):
            try:
                ids.append(int(raw))
            except ValueError:
                continue
        return [record_id for record_id in ids if record_id > 0]
