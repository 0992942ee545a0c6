from odoo import api, fields, models
from odoo.exceptions import ValidationError

RATING_SIDES = [("mentor", "Mentor"), ("mentee", "Mentee")]


class MentorshipSessionRating(models.Model):
    """One person's rating (1-5) of a session they took part in.

    Read by its rater only: a global record rule hides it from everyone else,
    the person rated, HR and administrators included. HR reads ratings as
    aggregates over at least the program's minimum group size of raters
    (the quarterly review, *Reporting > Session Ratings*), computed on the
    server. The rater gives it from the session (``my_rating``) once the
    session is logged as done, for their own side only.
    """

    _name = "mentorship.session.rating"
    _description = "Mentorship Session Rating"
    _inherit = ["mentorship.guarded.mixin"]
    _order = "id"
    _client_create_fields = frozenset({"session_id"})
    _client_write_fields = frozenset({"rating"})

    session_id = fields.Many2one(
        "mentorship.session", required=True, index=True, ondelete="cascade", readonly=True
    )
    rater_user_id = fields.Many2one(
        "res.users",
        string="Rater",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
        default=lambda self: self.env.user,
    )
    side = fields.Selection(
        RATING_SIDES,
        compute="_compute_side",
        store=True,
        precompute=True,
        readonly=True,
        help="The rater's side in the pair.",
    )
    rating = fields.Integer(required=True, help="How useful the session was, from 1 to 5.")
    pair_id = fields.Many2one(related="session_id.pair_id", store=True, index=True)
    program_id = fields.Many2one(related="session_id.program_id", store=True, index=True)
    company_id = fields.Many2one(related="session_id.company_id", store=True, index=True)

    _sql_constraints = [
        ("session_side_unique", "UNIQUE(session_id, side)", "Each side rates a session once."),
    ]

    @api.depends("session_id", "rater_user_id")
    def _compute_side(self):
        for rating in self:
            session = rating.session_id.sudo()
            if rating.rater_user_id and rating.rater_user_id == session.mentor_user_id:
                rating.side = "mentor"
            elif rating.rater_user_id and rating.rater_user_id == session.mentee_user_id:
                rating.side = "mentee"
            else:
                rating.side = False

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # Only the pair's own people rate; anyone else learns nothing of
            # the session, not even that it exists.
            Session = self.env["mentorship.session"]
            for vals in vals_list:
                session = Session.browse(vals.get("session_id") or 0)
                session_sudo = session.sudo().exists()
                members = session_sudo.mentor_user_id | session_sudo.mentee_user_id
                if not session_sudo or self.env.user not in members:
                    raise Session._not_found_error(session)
        ratings = super().create(vals_list)
        self.env["mentorship.session"].invalidate_model(["my_rating"])
        return ratings

    def write(self, vals):
        result = super().write(vals)
        self.env["mentorship.session"].invalidate_model(["my_rating"])
        return result

    @api.constrains("rating", "session_id", "side", "rater_user_id")
    def _check_rating(self):
        for rating in self:
            session = rating.session_id.sudo()
            if not 1 <= rating.rating <= 5:
                raise ValidationError(
                    self.env._(
                        "Session %(session)s: a rating must be between 1 and 5 (got %(value)s).",
                        session=session.display_name,
                        value=rating.rating,
                    )
                )
            if session.state != "done":
                raise ValidationError(
                    self.env._(
                        "Session %(session)s can only be rated once it is logged as done.",
                        session=session.display_name,
                    )
                )
            if not rating.side or session[f"{rating.side}_user_id"] != rating.rater_user_id:
                raise ValidationError(
                    self.env._(
                        "Session %(session)s: only its mentor and its mentee rate it, each "
                        "for themselves.",
                        session=session.display_name,
                    )
                )
