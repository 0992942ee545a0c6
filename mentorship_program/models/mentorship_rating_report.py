from odoo import fields, models, tools

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


class MentorshipRatingReport(models.Model):
    """Session ratings, for HR, as aggregates only.

    One row per rating (``mentorship.session.rating``) with what it may be
    grouped by: program, company, the pair's mentee and mentor departments,
    the day of the session, the side that rated and the rating. It is read as
    figures over at least the minimum group size of distinct raters only
    (``mentorship.guarded.report``); filters and group-bys on the rater are
    refused.
    """

    _name = "mentorship.rating.report"
    _description = "Mentorship Session Ratings Analysis"
    _inherit = ["mentorship.guarded.report"]
    _auto = False
    _report_dimensions = REPORT_DIMENSIONS
    _report_aggregates = REPORT_AGGREGATES
    _report_person_field = "rater_user_id"
    _report_subject = "Session ratings"
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
