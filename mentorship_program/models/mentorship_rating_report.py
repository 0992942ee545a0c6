from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

from ..analytics import guard

# What a client may filter and group the report by: never the rater, nor a
# row's id (either singles a person out).
REPORT_DIMENSIONS = frozenset(
    {
        "program_id",
        "company_id",
        "mentee_department_id",
        "mentor_department_id",
        "date",
        "side",
        "rating",
    }
)
# What a client may aggregate: averages and counts, never a list of values,
# a minimum or a maximum (each the value of one person).
REPORT_AGGREGATES = frozenset({"__count", "rating:avg", "rating:sum", "rating:count"})
# Added to every grouping, to withhold the cells over too few raters.
GUARD_AGGREGATES = ("rater_user_id:count_distinct", "min_group_size:max")


class MentorshipRatingReport(models.Model):
    """Session ratings, for HR, as aggregates only.

    One row per rating (``mentorship.session.rating``) with what it may be
    grouped by: program, company, the pair's mentee and mentor departments,
    the day of the session, the side that rated and the rating. A client
    reads it through ``read_group`` (pivot and graph views) only: in every
    group returned, whatever the filters and group-bys, the aggregates over
    fewer distinct raters than the program's minimum group size are withheld
    (None), the count of rows included. Reading rows (``search_read``,
    ``read``, ``export_data``...) is refused to everyone but the superuser,
    and so are filters and group-bys on the rater.

    A limit worth knowing: suppression holds cell by cell. Someone who
    compares a figure with the same figure over a slightly smaller group
    (two programs, then one) may still learn about the difference; the
    minimum group size makes that harder, not impossible.
    """

    _name = "mentorship.rating.report"
    _description = "Mentorship Session Ratings Analysis"
    _inherit = ["mentorship.guarded.mixin"]
    _auto = False
    _order = "date desc"
    _rec_name = "program_id"
    # Flushed before the view is read.
    _depends = {
        "mentorship.session.rating": [
            "session_id",
            "pair_id",
            "program_id",
            "company_id",
            "side",
            "rating",
            "rater_user_id",
        ],
        "mentorship.session": ["date_start"],
        "mentorship.pair": ["mentee_department_id", "mentor_department_id"],
        "mentorship.program": ["min_group_size"],
    }

    program_id = fields.Many2one("mentorship.program", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    mentee_department_id = fields.Many2one("hr.department", readonly=True)
    mentor_department_id = fields.Many2one("hr.department", readonly=True)
    date = fields.Date(string="Session Date", readonly=True)
    side = fields.Selection(
        [("mentor", "Mentor"), ("mentee", "Mentee")], string="Rated By", readonly=True
    )
    rating = fields.Float(aggregator="avg", readonly=True, digits=(16, 2))
    rater_user_id = fields.Many2one("res.users", string="Rater", readonly=True)
    min_group_size = fields.Integer(readonly=True, aggregator=None)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT r.id AS id,
                       r.program_id AS program_id,
                       r.company_id AS company_id,
                       p.mentee_department_id AS mentee_department_id,
                       p.mentor_department_id AS mentor_department_id,
                       s.date_start::date AS date,
                       r.side AS side,
                       r.rating AS rating,
                       r.rater_user_id AS rater_user_id,
                       prog.min_group_size AS min_group_size
                  FROM mentorship_session_rating r
                  JOIN mentorship_session s ON s.id = r.session_id
                  JOIN mentorship_pair p ON p.id = r.pair_id
                  JOIN mentorship_program prog ON prog.id = r.program_id
            )
            """
        )

    # ------------------------------------------------------------
    # AGGREGATES ONLY
    # ------------------------------------------------------------

    def _refuse_rows(self):
        raise AccessError(
            self.env._(
                "Session ratings are read as figures over several people only (pivot or "
                "graph): no one reads them one by one."
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
            if fname not in REPORT_DIMENSIONS:
                raise UserError(
                    self.env._("Session ratings cannot be filtered by %(field)s.", field=fname)
                )
        for spec in groupby:
            fname = spec.split(":")[0].split(".")[0]
            if fname not in REPORT_DIMENSIONS:
                raise UserError(
                    self.env._("Session ratings cannot be grouped by %(field)s.", field=fname)
                )
        for spec in aggregates:
            if spec not in REPORT_AGGREGATES:
                raise UserError(
                    self.env._(
                        "Session ratings can be averaged and counted only (not %(spec)s).",
                        spec=spec,
                    )
                )

    @api.model
    def _guarded_order(self, order, groupby):
        """Groups are ordered by what they are grouped by, never by a figure:
        the order of withheld cells would tell their values."""
        allowed = {spec.split(":")[0] for spec in groupby} | set(groupby)
        terms = [
            term.strip()
            for term in (order or "").split(",")
            if term.strip() and term.strip().split()[0] in allowed
        ]
        return ", ".join(terms) or ", ".join(groupby) or None

    @api.model
    def _read_group(
        self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None
    ):
        if self.env.su:
            return super()._read_group(domain, groupby, aggregates, having, offset, limit, order)
        groupby, aggregates = tuple(groupby), tuple(aggregates)
        self._check_report_request(domain, groupby, aggregates)
        if having:
            raise UserError(self.env._("Session ratings cannot be filtered by their figures."))
        rows = super()._read_group(
            domain,
            groupby,
            aggregates + GUARD_AGGREGATES,
            offset=offset,
            limit=limit,
            order=self._guarded_order(order, groupby),
        )
        default_minimum = self.env.company.mentorship_min_group_size
        width = len(groupby) + len(aggregates)
        guarded = []
        for row in rows:
            raters, minimum = row[width], row[width + 1]
            keys, values = row[: len(groupby)], row[len(groupby) : width]
            if guard(values, raters or 0, minimum or default_minimum).withheld:
                values = (None,) * len(values)
            guarded.append((*keys, *values))
        return guarded

    # Rows, one by one: nobody but the superuser.
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
