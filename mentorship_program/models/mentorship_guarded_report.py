"""Reporting models that answer in figures over groups of people only.

A reporting model of the module (a SQL view) inherits this mixin and
declares what it may be filtered and grouped by, what may be aggregated, and
which column names the person each row is about. A client then reads it
through ``read_group`` (pivot, graph, dashboards) only:

* in every group returned, whatever the filters and group-bys, the figures
  over fewer distinct people than the program's minimum group size are
  withheld (None), the row count included;
* rows one by one (``search_read``, ``read``, ``export_data``, ``name_search``,
  ``search_count``...) are refused to everyone but the superuser;
* filters and group-bys on anything that singles a person out (the person,
  a row's id) are refused, and so are ``having`` clauses, min, max and lists
  of values (each the value of one person), and ordering by a figure (the
  order of withheld cells would tell their values).

Record rules say whose rows each user's figures are computed over (HR: their
companies; a leader: their part of the organisation); the mixin guarantees
that whatever the rules let in comes out as figures over enough people.

A limit worth knowing: suppression holds cell by cell. Someone who compares a
figure with the same figure over a slightly smaller group may still learn
about the difference; the minimum group size makes that harder, not
impossible.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

from ..analytics import guard


class MentorshipGuardedReport(models.AbstractModel):
    _name = "mentorship.guarded.report"
    _inherit = ["mentorship.guarded.mixin"]
    _description = "Mentorship: reporting model read as guarded figures only"

    # What a client may filter and group by (field names).
    _report_dimensions = frozenset()
    # What a client may aggregate ("field:aggregator" specs, and "__count").
    _report_aggregates = frozenset({"__count"})
    # The column naming the person each row is about: every cell needs at
    # least the minimum group size of distinct values of it.
    _report_person_field = None
    # How the figures are named in refusals ("Session ratings", ...).
    _report_subject = "These figures"

    # Each row's program minimum group size, read with the figures.
    min_group_size = fields.Integer(readonly=True, aggregator=None)

    # ------------------------------------------------------------
    # WHAT A CLIENT MAY ASK
    # ------------------------------------------------------------

    def _refuse_rows(self):
        raise AccessError(
            self.env._(
                "%(subject)s are read as figures over several people only (pivot, graph or "
                "dashboard): no one reads them one by one.",
                subject=self._report_subject,
            )
        )

    @api.model
    def _check_report_request(self, domain, groupby, aggregates):
        """Filters, group-bys and aggregates on what may be shown only."""
        for leaf in domain or ():
            if not expression.is_leaf(leaf):
                continue  # '&', '|', '!'
            leaf = tuple(leaf)
            if leaf in (expression.TRUE_LEAF, expression.FALSE_LEAF):
                continue
            fname = str(leaf[0]).split(".")[0]
            if fname not in self._report_dimensions:
                raise UserError(
                    self.env._(
                        "%(subject)s cannot be filtered by %(field)s.",
                        subject=self._report_subject,
                        field=fname,
                    )
                )
        for spec in groupby:
            fname = spec.split(":")[0].split(".")[0]
            if fname not in self._report_dimensions:
                raise UserError(
                    self.env._(
                        "%(subject)s cannot be grouped by %(field)s.",
                        subject=self._report_subject,
                        field=fname,
                    )
                )
        for spec in aggregates:
            if spec not in self._report_aggregates:
                raise UserError(
                    self.env._(
                        "%(subject)s can be summed, averaged and counted only (not %(spec)s).",
                        subject=self._report_subject,
                        spec=spec,
                    )
                )

    @api.model
    def _guarded_order(self, order, groupby):
        """Groups are ordered by what they are grouped by, never by a figure."""
        allowed = {spec.split(":")[0] for spec in groupby} | set(groupby)
        terms = [
            term.strip()
            for term in (order or "").split(",")
            if term.strip() and term.strip().split()[0] in allowed
        ]
        return ", ".join(terms) or ", ".join(groupby) or None

    # ------------------------------------------------------------
    # FIGURES OVER ENOUGH PEOPLE
    # ------------------------------------------------------------

    @api.model
    def _read_group(
        self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None
    ):
        if self.env.su:
            return super()._read_group(domain, groupby, aggregates, having, offset, limit, order)
        groupby, aggregates = tuple(groupby), tuple(aggregates)
        self._check_report_request(domain, groupby, aggregates)
        if having:
            raise UserError(
                self.env._(
                    "%(subject)s cannot be filtered by their figures.",
                    subject=self._report_subject,
                )
            )
        guard_aggregates = (f"{self._report_person_field}:count_distinct", "min_group_size:max")
        rows = super()._read_group(
            domain,
            groupby,
            aggregates + guard_aggregates,
            offset=offset,
            limit=limit,
            order=self._guarded_order(order, groupby),
        )
        default_minimum = self.env.company.mentorship_min_group_size
        width = len(groupby) + len(aggregates)
        guarded = []
        for row in rows:
            people, minimum = row[width], row[width + 1]
            keys, values = row[: len(groupby)], row[len(groupby) : width]
            if guard(values, people or 0, minimum or default_minimum).withheld:
                values = (None,) * len(values)
            guarded.append((*keys, *values))
        return guarded

    @api.model
    def _guarded_figures(self, domain, aggregates):
        """One cell over ``domain``: a dict of the aggregates (None when
        withheld), for the dashboards' tiles."""
        [row] = self._read_group(domain, (), aggregates)
        return dict(zip(aggregates, row, strict=True))

    # ------------------------------------------------------------
    # ROWS, ONE BY ONE: NOBODY BUT THE SUPERUSER
    # ------------------------------------------------------------

    @api.model
    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        if not self.env.su:
            self._refuse_rows()
        return super().search_fetch(domain, field_names, offset, limit, order)

    @api.model
    def search_count(self, domain, limit=None):
        if not self.env.su:
            self._refuse_rows()
        return super().search_count(domain, limit)

    @api.model
    def name_search(self, name="", args=None, operator="ilike", limit=100):
        if not self.env.su:
            self._refuse_rows()
        return super().name_search(name, args, operator, limit)

    def read(self, fields=None, load="_classic_read"):
        if not self.env.su:
            self._refuse_rows()
        return super().read(fields, load)

    def fetch(self, field_names):
        if not self.env.su:
            self._refuse_rows()
        return super().fetch(field_names)

    def export_data(self, fields_to_export):
        if not self.env.su:
            self._refuse_rows()
        return super().export_data(fields_to_export)
