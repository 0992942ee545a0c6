"""What a client may write on the module's records, and what no input may be.

Every model of the module inherits ``mentorship.guarded.mixin`` and declares,
next to its fields, which of them a client may give when it creates a record
(``_client_create_fields``) and which it may change afterwards
(``_client_write_fields``). A client is anyone but the superuser: employees,
HR, Mentorship and Odoo administrators alike, through the web client, RPC,
import or the portal. Every other field (states, acceptance flags, the dates
that drive states, stored computed and related fields, counters, markers of
the crons) changes only through the model's own methods: they check the
caller's rights and the record's state, then write with
:meth:`_system_write`. Who may write which records is the business of the
access rights and record rules; who may write which field, of ``groups=`` on
the field; this mixin decides which fields are writable at all.

The mixin also refuses bad input, whoever writes it: a number that is not
finite or is negative, a date outside 1900-2199, a text beyond its size
limit. Nothing is stored when it refuses.

Finally, it gives one answer to "that record does not exist" and "that
record is not yours to see": the same :class:`AccessError`, naming only the
model and the ids the caller sent, so an id says nothing about who mentors
whom. The same holds for the records a client links to (a session's pair, an
objective's plan...): a client may only link to records of the module it may
read, checked before anything (a constraint, an onchange) could read them.
"""

import math
from collections import defaultdict
from datetime import date, datetime

from odoo import api, models
from odoo.exceptions import AccessError, UserError, ValidationError

# The dates any record of the module may carry: years that can be typed by
# mistake (0201, 20266) are refused, real planning horizons are not.
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2199, 12, 31)
# Characters a text field takes unless its model says otherwise
# (``_text_limits``): a title is not a page, a note is not 3 MB.
TEXT_LIMITS = {"char": 500, "text": 20_000, "html": 100_000}
NUMERIC_TYPES = ("integer", "float", "monetary")
# What PostgreSQL's integer columns hold.
INTEGER_MAX = 2**31 - 1


class MentorshipGuardedMixin(models.AbstractModel):
    _name = "mentorship.guarded.mixin"
    _description = "Mentorship: client-writable fields and input checks"

    # Fields a client may give at creation, besides the writable ones.
    _client_create_fields = frozenset()
    # Fields a client may change on an existing record.
    _client_write_fields = frozenset()
    # Numeric fields that may be negative (none by default).
    _signed_fields = frozenset({"sequence"})
    # {field name: characters}, for fields whose limit differs from TEXT_LIMITS.
    _text_limits = {}

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        records = self
        if not self.env.su:
            allowed = self._client_create_fields | self._client_write_fields
            for vals in vals_list:
                refused = {
                    name for name in set(vals) - allowed if not self._is_no_op(name, vals[name])
                }
                if refused:
                    self.browse()._refuse_fields(refused, operation="create")
                # Odoo checks a field's groups= when it is written, not when
                # it is given at creation: a mentor would score their own
                # readiness by enrolling with it.
                hidden = {
                    name
                    for name in vals
                    if name in self._fields and not self._fields[name].is_accessible(self.env)
                }
                if hidden:
                    self.browse()._refuse_fields(hidden, hidden=True, operation="create")
            # Context defaults (``default_state``...) fill fields too; those a
            # client may not set are dropped rather than applied.
            dropped = {
                key
                for key in self.env.context
                if key.startswith("default_") and key[8:] in self._fields and key[8:] not in allowed
            }
            if dropped:
                context = {k: v for k, v in self.env.context.items() if k not in dropped}
                records = self.with_context(context)  # pylint: disable=context-overridden
        for vals in vals_list:
            records.browse()._check_input(vals)
        if not self.env.su:
            self._check_links(vals_list)
        return super(MentorshipGuardedMixin, records).create(vals_list)

    def write(self, vals):
        if not self.env.su:
            refused = set(vals) - self._client_write_fields
            if refused:
                self.check_access("write")
                # A client sending back a value unchanged (an import of the
                # same rows, a form) changes nothing: that is no write.
                unchanged = {name for name in refused if self._is_unchanged(name, vals[name])}
                if refused - unchanged:
                    self._refuse_fields(refused - unchanged)
                vals = {name: value for name, value in vals.items() if name not in unchanged}
        self._check_input(vals)
        if not self.env.su:
            self._check_links([vals])
        return super().write(vals)

    def read(self, fields=None, load="_classic_read"):
        self._check_found()
        return super().read(fields, load)

    def export_data(self, fields_to_export):
        # Odoo refuses first who may not export at all, whatever the ids.
        if self.env.is_admin() or self.env.user.has_group("base.group_allow_export"):
            self._check_found()
        return super().export_data(fields_to_export)

    def fetch(self, field_names):
        super().fetch(field_names)
        # Odoo leaves records that do not exist out of the cache, and reading
        # one then raises MissingError, where somebody else's record raises
        # AccessError: when none of the records asked for exists (a client's
        # unknown id), answer as for somebody else's. Records deleted among
        # others (a prefetch) keep Odoo's behaviour.
        if self.env.su or not field_names:
            return
        ids = [record_id for record_id in self._ids if isinstance(record_id, int)]
        if not ids:
            return
        column = next(
            (field for field in self._determine_fields_to_fetch(field_names) if field.column_type),
            None,
        )
        if column is None:
            return
        records = self.browse(ids)
        if set(self.env.cache.get_missing_ids(records, column)) == set(ids):
            raise self._not_found_error(records)

    def copy(self, default=None):
        if not self.env.su:
            self.check_access("read")
        return super().copy(default)

    def onchange(self, values, field_names, fields_spec):
        # The web client's form, with any ids in ``values``: a record or a
        # parent the caller may not read is refused before its related and
        # computed fields (read as superuser) are sent back.
        if not self.env.su:
            if self._ids:
                self.check_access("read")
            self._check_links([values])
        return super().onchange(values, field_names, fields_spec)

    def _system_write(self, vals):
        """Write what no client may write directly (a state, a flag, a date
        that drives a state), for the model's own methods once they have
        checked the caller's rights and the record's state."""
        return self.sudo().write(vals)

    # ------------------------------------------------------------
    # CHECKS
    # ------------------------------------------------------------

    def _check_state(self, allowed_states, action):
        """Raise unless every record is in one of ``allowed_states``.

        ``action`` is what the caller tried, as a past participle
        ("approved", "completed early").
        """
        labels = dict(self._fields["state"]._description_selection(self.env))
        for record in self:
            if record.state not in allowed_states:
                raise UserError(
                    self.env._(
                        "%(record)s cannot be %(action)s: it is %(state)s.",
                        record=record.display_name,
                        action=action,
                        state=labels.get(record.state, record.state).lower(),
                    )
                )

    def _record_label(self):
        """How an error names the records (or the new record) it is about."""
        if not self:
            return self.env._("New %(model)s", model=self._description)
        label = self[:1].display_name or self._description
        if len(self) > 1:
            return self.env._("%(record)s (and %(count)s more)", record=label, count=len(self) - 1)
        return label

    def _field_label(self, field_name):
        field = self._fields[field_name]
        return f"'{field._description_string(self.env)}' ({field_name})"

    def _is_no_op(self, field_name, value):
        """An empty list of commands on a relation (a form's untouched lines)."""
        field = self._fields.get(field_name)
        return field is not None and field.type in ("one2many", "many2many") and not value

    def _is_unchanged(self, field_name, value):
        field = self._fields.get(field_name)
        if self._is_no_op(field_name, value):
            return True
        if field is None or field.type in ("one2many", "many2many") or not self:
            return False
        try:
            new = field.convert_to_cache(value, self[:1], validate=False)
            return all(
                field.convert_to_cache(record[field_name], record, validate=False) == new
                for record in self
            )
        except (AccessError, TypeError, ValueError):
            return False

    def _refuse_fields(self, field_names, hidden=False, operation="write"):
        # Someone who may not write (or create) these records learns nothing about them.
        self.check_access(operation)
        unknown = [name for name in field_names if name not in self._fields]
        if unknown:
            raise ValueError(f"Invalid field {unknown[0]!r} on model {self._name!r}")
        if hidden:
            raise AccessError(
                self.env._(
                    "%(record)s: %(fields)s cannot be given: only some groups of users may set it.",
                    record=self._record_label(),
                    fields=", ".join(self._field_label(name) for name in sorted(field_names)),
                )
            )
        raise AccessError(
            self.env._(
                "%(record)s: %(fields)s cannot be written directly; it is set by the "
                "record's own actions and computations.",
                record=self._record_label(),
                fields=", ".join(self._field_label(name) for name in sorted(field_names)),
            )
        )

    def _check_input(self, vals):
        """Refuse numbers, dates and texts no record should hold."""
        for field_name, value in vals.items():
            field = self._fields.get(field_name)
            if field is None or value is None or value is False:
                continue
            problem = self._input_problem(field, value)
            if problem:
                self.check_access("write" if self else "create")
                raise ValidationError(
                    self.env._(
                        "%(record)s: %(field)s %(problem)s Nothing was saved.",
                        record=self._record_label(),
                        field=self._field_label(field_name),
                        problem=problem,
                    )
                )

    def _input_problem(self, field, value):
        """Why ``value`` cannot go into ``field``, or None."""
        if field.type in NUMERIC_TYPES and isinstance(value, (int, float, str)):
            number = value
            if isinstance(value, str):
                # RPC clients send numbers as text too, which Odoo converts
                # with float() or int(): "nan", "inf" and "-1" included.
                try:
                    number = float(value.strip())
                except ValueError:
                    return self.env._("must be a number (got %(value)r).", value=value)
            if isinstance(number, float) and not math.isfinite(number):
                return self.env._("must be a finite number (got %(value)s).", value=value)
            if number < 0 and field.name not in self._signed_fields:
                return self.env._("cannot be negative (got %(value)s).", value=value)
            if field.type == "integer" and abs(number) > INTEGER_MAX:
                return self.env._(
                    "must be at most %(max)s (got %(value)s).", max=INTEGER_MAX, value=value
                )
        elif field.type in ("date", "datetime") and isinstance(value, (str, date)):
            try:
                day = field.to_date(value) if field.type == "date" else field.to_datetime(value)
            except ValueError:
                return self.env._("is not a valid date (got %(value)r).", value=value)
            if isinstance(day, datetime):
                day = day.date()
            if day and not DATE_MIN <= day <= DATE_MAX:
                return self.env._(
                    "must be a date between %(min)s and %(max)s (got %(value)s).",
                    min=DATE_MIN,
                    max=DATE_MAX,
                    value=day,
                )
        elif field.type in TEXT_LIMITS and isinstance(value, str):
            limit = self._text_limits.get(field.name, TEXT_LIMITS[field.type])
            if len(value) > limit:
                return self.env._(
                    "is %(size)s characters long; at most %(limit)s are accepted.",
                    size=len(value),
                    limit=limit,
                )
        return None

    # ------------------------------------------------------------
    # ACCESS: one answer for "missing" and "not yours"
    # ------------------------------------------------------------

    def _not_found_error(self, records):
        """The one refusal for records missing or not the caller's to see,
        naming only their model and ids (used for Odoo's tables too)."""
        return AccessError(
            self.env._(
                "%(model)s %(ids)s: no such record, or not one you may see.",
                model=records._description,
                ids=", ".join(str(record_id) for record_id in records._ids[:6]),
            )
        )

    def _check_links(self, vals_list):
        """Refuse values linking to records of the module the caller may not
        read (many2one ids, x2many commands, nested lines), with the answer
        an unknown id gets."""
        Guarded = self.pool["mentorship.guarded.mixin"]
        wanted = defaultdict(set)
        nested = defaultdict(list)
        for vals in vals_list:
            for name, value in vals.items():
                field = self._fields.get(name)
                if not value or field is None or not field.relational:
                    continue
                comodel = self.env[field.comodel_name]
                if not isinstance(comodel, Guarded):
                    continue
                if field.type == "many2one":
                    record_id = value.get("id") if isinstance(value, dict) else value
                    if isinstance(record_id, int):
                        wanted[comodel._name].add(record_id)
                    continue
                for command in value if isinstance(value, (list, tuple)) else ():
                    if isinstance(command, int):
                        wanted[comodel._name].add(command)
                        continue
                    if not isinstance(command, (list, tuple)) or len(command) < 2:
                        continue
                    if command[0] in (1, 2, 3, 4) and isinstance(command[1], int):
                        wanted[comodel._name].add(command[1])
                    elif command[0] == 6 and len(command) > 2:
                        wanted[comodel._name].update(
                            i for i in command[2] or () if isinstance(i, int)
                        )
                    if command[0] in (0, 1) and len(command) > 2 and isinstance(command[2], dict):
                        nested[comodel._name].append(command[2])
        for model, ids in wanted.items():
            self.env[model].browse(sorted(ids)).check_access("read")
        for model, lines in nested.items():
            self.env[model]._check_links(lines)

    def _check_found(self):
        if self._ids and not self.env.su:
            missing = self - self.exists()
            if missing:
                raise self._not_found_error(missing)

    def _check_access(self, operation):
        if self.env.su or not self._ids:
            return super()._check_access(operation)
        if not self.env["ir.model.access"].check(self._name, operation, raise_exception=False):
            # Not allowed on the model at all: Odoo's answer names no record,
            # and is the same whether the ids exist or not.
            return super()._check_access(operation)
        existing = self.exists()
        result = super(MentorshipGuardedMixin, existing)._check_access(operation)
        missing = self - existing
        if result is None and not missing:
            return None
        forbidden = missing | (result[0] if result else self.browse())
        if not missing and operation != "read" and forbidden.has_access("read"):
            return result  # the caller reads these records: Odoo's message says why not this
        return forbidden, lambda: self._not_found_error(forbidden)


def refuse_module_fields(records, vals, system_fields):
    """For Odoo's models the module extends (employees, jobs, survey answers):
    refuse a client's write of the module's ``system_fields`` there, as the
    mixin does on the module's own models."""
    refused = set(vals) & system_fields
    if refused and not records.env.su:
        records.check_access("write")
        names = ", ".join(
            f"'{records._fields[name]._description_string(records.env)}' ({name})"
            for name in sorted(refused)
        )
        label = records[:1].display_name if records else records._description
        raise AccessError(
            records.env._(
                "%(record)s: %(fields)s cannot be written directly; it is set by the "
                "mentorship program itself.",
                record=label,
                fields=names,
            )
        )


class MentorshipSystemFieldsMixin(models.AbstractModel):
    """For Odoo's models the module extends with fields only it sets (mail,
    survey and digest rows): a client's create or write of one of the
    model's ``_mentorship_system_fields`` is refused, naming the field."""

    _name = "mentorship.system.fields.mixin"
    _description = "Mentorship: fields of Odoo's models that only the module sets"

    _mentorship_system_fields = frozenset()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            refuse_module_fields(self.browse(), vals, self._mentorship_system_fields)
        return super().create(vals_list)

    def write(self, vals):
        refuse_module_fields(self, vals, self._mentorship_system_fields)
        return super().write(vals)
