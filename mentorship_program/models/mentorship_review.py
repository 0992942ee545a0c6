from datetime import datetime, time, timedelta

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..analytics import (
    TARGETS,
    guard,
    quarter_label,
    quarter_start,
    review_figures,
    review_period,
    target_colour,
    target_status,
    window_indicators,
)
from ..automation import create_activities, process_in_batches
from ..pair_states import ENDED_PAIR_STATES, RUNNING_PAIR_STATES
from .mentorship_pair import HEALTH_SELECTION
from .mentorship_pair_report import CADENCE_UNIT_DAYS
from .outcome_results import programs_outcomes, render_outcome_comparison
from .survey_results import load_survey_figures, render_survey_results

MANAGER_GROUP = "mentorship_program.group_mentorship_manager"
REVIEW_ACTIVITY = "mail.mail_activity_data_todo"
# The figures of the snapshot, as review_figures returns them.
FIGURE_FIELDS = (
    "pair_active_count",
    "pair_completed_count",
    "pair_completed_early_count",
    "pair_cancelled_count",
    "pair_expired_count",
    "session_done_count",
    "avg_mentor_rating",
    "avg_mentee_rating",
    "avg_time_to_skill_days",
    "goal_count",
    "goal_done_count",
    "goal_completion_rate",
    "pulse_sent_count",
    "pulse_answered_count",
    "pulse_response_rate",
)
# The sections rendered at "take figures" time, stored as HTML beside the counts.
SECTION_FIELDS = (
    "target_results",
    "previous_quarter_results",
    "outcome_results",
    "indicator_results",
)


class MentorshipReview(models.Model):
    """A program's quarterly review: the figures of the quarter just ended,
    taken as a snapshot, and what HR found and decides to do about them.

    The cron drafts one per program and quarter on the first day of the next
    quarter; HR managers write the findings and actions, then mark it done.
    """

    _name = "mentorship.review"
    _description = "Mentorship Quarterly Review"
    _inherit = [
        "mentorship.thread.guard",
        # Before mail.thread, whose message_subscribe it short-cuts.
        "mentorship.followers.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "mentorship.guarded.mixin",
    ]
    _order = "date_start desc, program_id"
    _check_company_auto = True
    # HR writes what the figures mean; the figures are taken by the review
    # itself (at creation, or Refresh Figures), never typed in.
    # A client gives the program only: the server dates HR's review from the
    # first day of the quarter to today (the defaults below), so a review
    # cannot be backdated or stretched to cover another period.
    _client_create_fields = frozenset({"program_id"})
    _client_write_fields = frozenset({"findings", "actions"})

    name = fields.Char(compute="_compute_name", store=True)
    program_id = fields.Many2one(
        "mentorship.program",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    company_id = fields.Many2one(related="program_id.company_id", store=True, index=True)
    date_start = fields.Date(
        string="Quarter Start",
        required=True,
        readonly=True,
        default=lambda self: quarter_start(fields.Date.context_today(self)),
    )
    date_end = fields.Date(
        string="Quarter End",
        required=True,
        readonly=True,
        default=lambda self: fields.Date.context_today(self),
        help="The quarter's last day, or the day the figures were taken for a review of "
        "the quarter to date.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    findings = fields.Html(help="What the figures and the surveys tell about the quarter.")
    actions = fields.Html(help="What the program changes next quarter, and who does it.")
    figures_date = fields.Datetime(string="Figures Taken On", readonly=True)
    # -- Snapshot of the figures (see analytics.review for the definitions) --------------
    pair_active_count = fields.Integer(string="Active Pairs", readonly=True)
    pair_completed_count = fields.Integer(string="Completed", readonly=True)
    pair_completed_early_count = fields.Integer(string="Completed Early", readonly=True)
    pair_cancelled_count = fields.Integer(string="Cancelled", readonly=True)
    pair_expired_count = fields.Integer(string="Expired", readonly=True)
    session_done_count = fields.Integer(string="Sessions Done", readonly=True)
    # Averages over at least the program's minimum group size of raters;
    # empty below it, and the label says so (analytics.privacy).
    avg_mentor_rating = fields.Float(
        string="Mentor Rating (number)",
        digits=(16, 2),
        readonly=True,
        help="Average rating (1-5) the mentors gave the sessions of the quarter; empty "
        "when fewer people than the program's minimum group size rated.",
    )
    avg_mentee_rating = fields.Float(
        string="Mentee Rating (number)",
        digits=(16, 2),
        readonly=True,
        help="Average rating (1-5) the mentees gave the sessions of the quarter; empty "
        "when fewer people than the program's minimum group size rated.",
    )
    avg_mentor_rating_label = fields.Char(
        string="Mentor Rating",
        readonly=True,
        help="Average rating (1-5) the mentors gave, or 'fewer than N raters' when fewer "
        "people than the program's minimum group size rated.",
    )
    avg_mentee_rating_label = fields.Char(
        string="Mentee Rating",
        readonly=True,
        help="Average rating (1-5) the mentees gave, or 'fewer than N raters' when fewer "
        "people than the program's minimum group size rated.",
    )
    survey_results = fields.Html(
        readonly=True,
        sanitize=False,
        help="Pulse and closure survey answers of the quarter per question, over at least "
        "the program's minimum group size of people; written answers are never shown.",
    )
    # -- Sections taken with the figures ------------------------------------------------
    # Stored, not computed when read: a review is the record of what the
    # steering group was shown. The outcomes and the program's actuals move
    # every day; a review marked done (and its PDF) keeps the quarter's.
    # Figures only, each over at least the program's minimum group size.
    target_results = fields.Html(
        string="Targets against Actuals",
        readonly=True,
        sanitize=False,
        help="The program's targets against their actual values when the figures were taken.",
    )
    previous_quarter_results = fields.Html(
        string="Previous Quarter",
        readonly=True,
        sanitize=False,
        help="The previous quarter's figures beside this one's: those of its review, or "
        "computed for that quarter when it has none.",
    )
    outcome_results = fields.Html(
        string="Participants against Comparison Group",
        readonly=True,
        sanitize=False,
        help="Outcomes of the participants against comparable non-participants on the "
        "quarter's last day.",
    )
    indicator_results = fields.Html(
        string="Leading Indicators",
        readonly=True,
        sanitize=False,
        help="Cadence adherence, days to the first session and to the match, acceptance and "
        "session rating over the quarter, beside the previous quarter's; the health of the "
        "running pairs when the figures were taken. Each over at least the program's "
        "minimum group size of mentees (raters for the rating).",
    )
    avg_time_to_skill_days = fields.Float(
        string="Time-to-Skill (days)", digits=(16, 1), readonly=True
    )
    goal_count = fields.Integer(string="Objectives of Ended Pairs", readonly=True)
    goal_done_count = fields.Integer(string="Objectives Done", readonly=True)
    goal_completion_rate = fields.Float(string="Goal Completion (%)", digits=(16, 1), readonly=True)
    pulse_sent_count = fields.Integer(string="Pulse Surveys Sent", readonly=True)
    pulse_answered_count = fields.Integer(string="Pulse Surveys Answered", readonly=True)
    pulse_response_rate = fields.Float(
        string="Pulse Response Rate (%)", digits=(16, 1), readonly=True
    )

    _sql_constraints = [
        (
            "program_quarter_unique",
            "UNIQUE(program_id, date_start)",
            "A program has one review per quarter.",
        ),
    ]

    @api.depends("program_id.name", "date_start")
    def _compute_name(self):
        for review in self:
            review.name = self.env._(
                "%(quarter)s review: %(program)s",
                quarter=quarter_label(review.date_start) if review.date_start else "",
                program=review.program_id.name or "",
            )

    @api.model_create_multi
    def create(self, vals_list):
        reviews = super().create(vals_list)
        if not self.env.su:
            # HR's own review (the cron's come with their figures): taken now.
            reviews.action_refresh_figures()
        return reviews

    # -- Buttons -------------------------------------------------------------------------
    def _check_manager(self):
        if not (self.env.su or self.env.user.has_group(MANAGER_GROUP)):
            raise AccessError(self.env._("Only a Mentorship Manager can do this on a review."))
        self.check_access("write")

    def action_done(self):
        self._check_manager()
        self._check_state(("draft",), self.env._("marked done"))
        self._system_write({"state": "done"})
        self.activity_feedback([REVIEW_ACTIVITY])
        return True

    def action_draft(self):
        self._check_manager()
        self._system_write({"state": "draft"})
        return True

    def action_refresh_figures(self):
        """Take the figures again (late logged sessions, answers since)."""
        self._check_manager()
        self._check_state(("draft",), self.env._("refreshed"))
        today = fields.Date.context_today(self)
        for review in self:
            # A review of the quarter to date runs on to today (never past
            # the quarter's last day) each time its figures are taken again.
            quarter_end = review_period(quarter_start(review.date_start) + timedelta(days=100))[1]
            if review.date_end < quarter_end and review.date_end < today:
                review._system_write({"date_end": min(today, quarter_end)})
        for (start, end), reviews in self.grouped(lambda r: (r.date_start, r.date_end)).items():
            figures = self._load_figures(reviews.program_id, start, end)
            for review in reviews:
                review._system_write(self._figure_values(figures[review.program_id.id]))
        return True

    # -- Figures ---------------------------------------------------------------------------
    @api.model
    def _figure_values(self, figures):
        values = {name: figures.get(name) or 0 for name in FIGURE_FIELDS}
        for side in ("mentor", "mentee"):
            average = figures.get(f"avg_{side}_rating")
            # Withheld: stored empty, and the label says why.
            values[f"avg_{side}_rating"] = average if average is not None else False
            values[f"avg_{side}_rating_label"] = (
                f"{average:.2f}"
                if average is not None
                else self.env._(
                    "fewer than %(minimum)s raters", minimum=figures.get("min_group_size")
                )
            )
        values["survey_results"] = figures.get("survey_results") or False
        for name in SECTION_FIELDS:
            if name in figures:
                values[name] = figures[name] or False
        values["figures_date"] = fields.Datetime.now()
        return values

    @api.model
    def _load_figures(self, programs, start, end, sections=True):
        """{program id: figures} over [start, end]: a fixed number of queries
        whatever the number of programs, then plain Python (analytics.review,
        analytics.privacy). As superuser: ratings and survey answers are
        their authors' alone, and come out only as aggregates over at least
        the program's minimum group size of people."""
        programs = programs.sudo()
        program_ids = programs.ids
        pair_rows = (
            self.env["mentorship.pair"]
            .sudo()
            .search_read(
                [
                    ("program_id", "in", program_ids),
                    ("date_start", "!=", False),
                    ("date_start", "<=", end),
                    "|",
                    ("date_end", "=", False),
                    ("date_end", ">=", start),
                ],
                ["program_id", "state", "date_start", "date_end"],
                load=None,
            )
        )
        ended_pair_ids = [
            row["id"]
            for row in pair_rows
            if row["state"] in ENDED_PAIR_STATES and row["date_end"] and row["date_end"] <= end
        ]
        first_moment = datetime.combine(start, time.min)
        after_end = datetime.combine(end + timedelta(days=1), time.min)
        session_rows = (
            self.env["mentorship.session"]
            .sudo()
            .search_read(
                [
                    ("program_id", "in", program_ids),
                    ("state", "=", "done"),
                    ("date_start", ">=", first_moment),
                    ("date_start", "<", after_end),
                ],
                ["program_id", "state", "date_start"],
                load=None,
            )
        )
        rating_rows = (
            self.env["mentorship.session.rating"]
            .sudo()
            .search_read(
                [("session_id", "in", [row["id"] for row in session_rows])],
                ["program_id", "side", "rating", "rater_user_id", "session_id"],
                load=None,
            )
        )
        session_days = {row["id"]: row["date_start"].date() for row in session_rows}
        goal_rows = (
            self.env["mentorship.goal"]
            .sudo()
            .search_read(
                [
                    ("program_id", "in", program_ids),
                    "|",
                    ("pair_id", "in", ended_pair_ids),
                    "&",
                    ("date_reached", ">=", start),
                    ("date_reached", "<=", end),
                ],
                [
                    "program_id",
                    "pair_id",
                    "state",
                    "date_reached",
                    "time_to_skill_days",
                    "skill_id",
                ],
                load=None,
            )
        )
        answer_rows = (
            self.env["survey.user_input"]
            .sudo()
            .search_read(
                [
                    ("mentorship_program_id", "in", program_ids),
                    ("mentorship_survey_kind", "=", "pulse"),
                    ("mentorship_sent_date", ">=", start),
                    ("mentorship_sent_date", "<=", end),
                ],
                ["mentorship_program_id", "state", "mentorship_sent_date"],
                load=None,
            )
        )
        rows = {
            pid: {"pairs": [], "sessions": [], "goals": [], "answers": [], "ratings": []}
            for pid in program_ids
        }
        for row in pair_rows:
            rows[row["program_id"]]["pairs"].append(
                {
                    "id": row["id"],
                    "state": row["state"],
                    "date_start": row["date_start"] or None,
                    "date_end": row["date_end"] or None,
                }
            )
        for row in session_rows:
            rows[row["program_id"]]["sessions"].append(
                {
                    "state": row["state"],
                    # The day in UTC, as stored: close enough for a quarter.
                    "date": row["date_start"].date(),
                }
            )
        for row in rating_rows:
            rows[row["program_id"]]["ratings"].append(
                {
                    "side": row["side"],
                    "rater": row["rater_user_id"],
                    "rating": row["rating"],
                    "state": "done",
                    "date": session_days.get(row["session_id"]),
                }
            )
        for row in goal_rows:
            rows[row["program_id"]]["goals"].append(
                {
                    "pair_id": row["pair_id"],
                    "state": row["state"],
                    "date_reached": row["date_reached"] or None,
                    "time_to_skill_days": row["time_to_skill_days"],
                    "is_skill": bool(row["skill_id"]),
                }
            )
        for row in answer_rows:
            rows[row["mentorship_program_id"]]["answers"].append(
                {"state": row["state"], "sent_date": row["mentorship_sent_date"] or None}
            )
        minimums = {program.id: program.min_group_size for program in programs}
        surveys = load_survey_figures(self.env, programs, start, end)
        figures = {}
        for pid, program_rows in rows.items():
            figures[pid] = review_figures(start, end, **program_rows, min_group_size=minimums[pid])
            figures[pid]["min_group_size"] = minimums[pid]
            figures[pid]["survey_results"] = Markup().join(
                Markup("<h5>%s</h5>") % title
                + render_survey_results(self.env, surveys.get((pid, kind), {}), minimums[pid])
                for kind, title in (
                    ("pulse", self.env._("Pulse surveys")),
                    ("closure", self.env._("Closure surveys")),
                )
            )
        if sections:
            self._add_sections(programs, start, end, figures)
        return figures

    # -- Sections --------------------------------------------------------------------------
    @api.model
    def _add_sections(self, programs, start, end, figures):
        """Render the targets, the previous quarter, the outcomes and the
        leading indicators of each program into ``figures``. As superuser,
        like the counts: every figure is an aggregate over at least the
        program's minimum group size of people, and reads "fewer than N"
        below it."""
        actuals = programs._mentorship_target_actuals()
        previous = self._previous_quarter_values(programs, start)
        previous_end = start - timedelta(days=1)
        previous_window = (quarter_start(previous_end), previous_end)
        indicators = self._indicator_figures(programs, [(start, end), previous_window])
        outcomes = programs_outcomes(self.env, programs, end)
        for program in programs:
            program_figures = figures[program.id]
            program_figures["target_results"] = self._render_targets(
                program, actuals.get(program.id, {})
            )
            program_figures["previous_quarter_results"] = self._render_previous_quarter(
                previous[program.id], self._figure_values(program_figures)
            )
            program_figures["outcome_results"] = render_outcome_comparison(
                self.env, outcomes[program.id]
            )
            current, before = indicators[program.id]
            program_figures["indicator_results"] = self._render_indicators(
                current, before, quarter_label(previous_window[0]), program.min_group_size
            )

    @api.model
    def _render_targets(self, program, actuals):
        labels = {
            "time_to_competence": self.env._("Time to competence (days)"),
            "retention": self.env._("Retention (%)"),
            "promotion": self.env._("Promotion (%)"),
        }
        statuses = dict(self.env["mentorship.program"]._fields["target_retention_status"].selection)
        rows = []
        for key, (target_field, higher_is_better) in TARGETS.items():
            figure = actuals.get(key)
            target = program[target_field]
            status = target_status(target, figure.value if figure else None, higher_is_better)
            rows.append(
                Markup(
                    "<tr><td>%s</td><td class='text-end'>%s</td><td class='text-end'>%s</td>"
                    "<td><span class='badge text-bg-%s'>%s</span></td></tr>"
                )
                % (
                    labels[key],
                    target or "",
                    program._target_actual_text(key, figure),
                    target_colour(status),
                    statuses.get(status, status),
                )
            )
        return self._html_table(
            (self.env._("Target"), self.env._("Set"), self.env._("Actual"), self.env._("Status")),
            rows,
        )

    @api.model
    def _html_table(self, headers, rows):
        head = Markup("").join(Markup("<th>%s</th>") % header for header in headers)
        return Markup(
            "<table class='table table-sm o_mentorship_review_table'><thead><tr>%s</tr></thead>"
            "<tbody>%s</tbody></table>"
        ) % (head, Markup("").join(rows))

    # Figures of the quarter shown beside the previous one's: (field, label).
    def _comparable_figures(self):
        return (
            ("pair_active_count", self.env._("Active pairs")),
            ("pair_completed_count", self.env._("Completed")),
            ("pair_cancelled_count", self.env._("Cancelled")),
            ("session_done_count", self.env._("Sessions done")),
            ("avg_mentor_rating_label", self.env._("Mentor rating")),
            ("avg_mentee_rating_label", self.env._("Mentee rating")),
            ("avg_time_to_skill_days", self.env._("Time-to-skill (days)")),
            ("goal_completion_rate", self.env._("Goal completion (%)")),
            ("pulse_response_rate", self.env._("Pulse response rate (%)")),
        )

    @api.model
    def _previous_quarter_values(self, programs, start):
        """{program id: (label of the previous quarter, its figure values)}:
        those of the previous quarter's review where there is one (what
        was shown then), else computed for that quarter now."""
        previous_end = start - timedelta(days=1)
        previous_start = quarter_start(previous_end)
        names = [name for name, _label in self._comparable_figures()]
        stored = {
            review.program_id.id: {name: review[name] for name in names}
            for review in self.sudo().search(
                [("program_id", "in", programs.ids), ("date_start", "=", previous_start)]
            )
        }
        missing = programs.filtered(lambda p: p.id not in stored)
        if missing:
            computed = self._load_figures(missing, previous_start, previous_end, sections=False)
            for program in missing:
                stored[program.id] = self._figure_values(computed[program.id])
        label = quarter_label(previous_start)
        return {program.id: (label, stored[program.id]) for program in programs}

    @api.model
    def _render_previous_quarter(self, previous, current):
        label, before = previous

        def shown(value):
            return "" if value is False or value is None else value

        rows = [
            Markup("<tr><td>%s</td><td class='text-end'>%s</td><td class='text-end'>%s</td></tr>")
            % (title, shown(before.get(name)), shown(current.get(name)))
            for name, title in self._comparable_figures()
        ]
        return self._html_table((self.env._("Figure"), label, self.env._("This quarter")), rows)

    @api.model
    def _indicator_figures(self, programs, windows):
        """{program id: [{indicator: GuardedFigure} per window]} for the
        ``windows`` ((first day, last day) pairs, e.g. this quarter and the
        previous one), from rows read once over all of them: the pairs, the
        sessions done and their ratings (``_indicator_rows``), then plain
        Python per window (``analytics.window_indicators``). As superuser,
        guarded like the report guards a user's read: a figure over fewer
        distinct mentees (raters) than the minimum reads "fewer than N".

        The running pairs' health is a state of today, cumulative by nature
        (no window can be asked of it): it is read from the pairs' report,
        each count guarded on its own, in the first window's figures only."""
        programs = programs.sudo()
        first = min(window[0] for window in windows)
        last = max(window[1] for window in windows)
        rows = self._indicator_rows(programs, first, last)
        result = {}
        for program in programs:
            pairs, sessions, ratings = rows[program.id]
            result[program.id] = [
                window_indicators(start, end, pairs, sessions, ratings, program.min_group_size)
                for start, end in windows
            ]
        for program, health, count, people in (
            self.env["mentorship.pair.report"]
            .sudo()
            ._read_group(
                [("program_id", "in", programs.ids), ("state", "in", RUNNING_PAIR_STATES)],
                ["program_id", "health"],
                ["__count", "mentee_employee_id:count_distinct"],
            )
        ):
            if health:
                result[program.id][0][health] = guard(count, people, program.min_group_size)
        return result

    @api.model
    def _indicator_rows(self, programs, first, last):
        """{program id: (pairs, sessions, ratings)} as ``window_indicators``
        takes them, for the pairs that ran or were proposed in [first, last],
        in a fixed number of queries whatever the number of programs (the
        pairs, their mentees' enrollments, the cadences, the sessions done,
        their ratings)."""
        pairs = (
            self.env["mentorship.pair"]
            .sudo()
            .search_fetch(
                [
                    ("program_id", "in", programs.ids),
                    "|",
                    "&",
                    ("date_proposed", ">=", first),
                    ("date_proposed", "<=", last),
                    "&",
                    ("date_start", "<=", last),
                    "|",
                    ("date_end", "=", False),
                    ("date_end", ">=", first),
                ],
                [
                    "program_id",
                    "mentee_enrollment_id",
                    "mentee_employee_id",
                    "state",
                    "end_cause",
                    "date_proposed",
                    "date_start",
                    "date_end",
                ],
            )
        )
        enrollment_days = {
            enrollment.id: enrollment.create_date.date()
            for enrollment in pairs.mentee_enrollment_id
        }
        cadence_days = {program.id: self._cadence_days(program.cadence_ids) for program in programs}
        session_rows = (
            self.env["mentorship.session"]
            .sudo()
            .search_read(
                [
                    ("pair_id", "in", pairs.ids),
                    ("state", "=", "done"),
                    ("date_start", ">=", datetime.combine(first, time.min)),
                    ("date_start", "<", datetime.combine(last + timedelta(days=1), time.min)),
                ],
                ["program_id", "pair_id", "state", "date_start"],
                load=None,
            )
        )
        rating_rows = (
            self.env["mentorship.session.rating"]
            .sudo()
            .search_read(
                [("session_id", "in", [row["id"] for row in session_rows])],
                ["program_id", "rater_user_id", "rating", "session_id"],
                load=None,
            )
        )
        rows = {program.id: ([], [], []) for program in programs}
        for pair in pairs:
            rows[pair.program_id.id][0].append(
                {
                    "pair_id": pair.id,
                    "mentee": pair.mentee_employee_id.id,
                    "state": pair.state,
                    "end_cause": pair.end_cause or None,
                    "date_proposed": pair.date_proposed or None,
                    "date_start": pair.date_start or None,
                    "date_end": pair.date_end or None,
                    "enrollment_date": enrollment_days.get(pair.mentee_enrollment_id.id),
                    "cadence_days": cadence_days[pair.program_id.id],
                }
            )
        session_days = {}
        for row in session_rows:
            # The day in UTC, as stored: close enough for a quarter.
            session_days[row["id"]] = row["date_start"].date()
            rows[row["program_id"]][1].append(
                {"pair_id": row["pair_id"], "state": row["state"], "date": row["date_start"]}
            )
        for row in rating_rows:
            rows[row["program_id"]][2].append(
                {
                    "rater": row["rater_user_id"],
                    "rating": row["rating"],
                    "date": session_days[row["session_id"]],
                }
            )
        return rows

    @api.model
    def _cadence_days(self, cadences):
        """Days between two sessions the program's cadences ask for together
        (a monthly check-in and a shadowing day every three months: about 23
        days), as the pairs' report counts them; None without a cadence."""
        per_day = sum(
            1.0 / (max(cadence.interval_number, 1) * CADENCE_UNIT_DAYS[cadence.interval_unit])
            for cadence in cadences
            if cadence.interval_unit in CADENCE_UNIT_DAYS
        )
        return 1.0 / per_day if per_day else None

    @api.model
    def _render_indicators(self, current, previous, previous_label, minimum):
        def shown(figures, key, unit=""):
            figure = figures.get(key)
            if figure is None or figure.people == 0:
                return self.env._("No data")
            if figure.value is None and key == "rating":
                return self.env._("fewer than %(minimum)s raters", minimum=minimum)
            if figure.value is None:
                return self.env._("fewer than %(minimum)s mentees", minimum=minimum)
            return f"{figure.value}{unit}"

        rows = [
            ("cadence", self.env._("Cadence adherence (sessions done / expected)"), " %"),
            ("first_session", self.env._("Days from the start to the first session (average)"), ""),
            ("time_to_match", self.env._("Days from enrollment to the proposal (average)"), ""),
            ("acceptance", self.env._("Acceptance (accepted / answered proposals)"), " %"),
            ("rating", self.env._("Session rating (average, 1-5)"), ""),
        ]
        lines = [
            Markup("<tr><td>%s</td><td class='text-end'>%s</td><td class='text-end'>%s</td></tr>")
            % (escape(title), shown(previous, key, unit), shown(current, key, unit))
            for key, title, unit in rows
        ]
        # Health is today's state of the running pairs: no previous quarter's.
        lines += [
            Markup("<tr><td>%s</td><td class='text-end'></td><td class='text-end'>%s</td></tr>")
            % (
                escape(self.env._("Running pairs %(health)s (today)", health=label)),
                shown(current, health),
            )
            for health, label in HEALTH_SELECTION
        ]
        return self._html_table(
            (self.env._("Indicator"), previous_label, self.env._("This quarter")), lines
        )

    # -- Cron ------------------------------------------------------------------------------
    @api.model
    def _cron_create_quarterly_reviews(self):
        """Draft the review of the quarter just ended for every program that
        ran in it and has none yet: runs daily, creates on the first day of a
        quarter (or the first run after, if the server was down)."""
        today = fields.Date.context_today(self)
        start, end = review_period(today)
        this_quarter = quarter_start(today)
        programs = self.env["mentorship.program"].search(
            [
                ("create_date", "<", datetime.combine(this_quarter, time.min)),
                "|",
                ("state", "in", ("open", "running")),
                "&",
                ("state", "=", "closed"),
                ("date_end", ">=", start),
            ],
            order="id",
        )
        programs -= self._reviewed_programs(programs, start)
        return process_in_batches(
            programs,
            lambda batch: self._create_reviews(batch, start, end),
            batch_size=100,
            label="Mentorship quarterly reviews",
            # The work is new reviews, not a mark on the programs.
            touch=True,
        )

    @api.model
    def _reviewed_programs(self, programs, start):
        return self.search(
            [("program_id", "in", programs.ids), ("date_start", "=", start)]
        ).program_id

    @api.model
    def _create_reviews(self, programs, start, end):
        # Asked again in the batch's own transaction: another run may have
        # drafted some of them since the cron's search.
        programs -= self._reviewed_programs(programs, start)
        if not programs:
            return self.browse()
        figures = self._load_figures(programs, start, end)
        reviews = self.create(
            [
                {
                    "program_id": program.id,
                    "date_start": start,
                    "date_end": end,
                    **self._figure_values(figures[program.id]),
                }
                for program in programs
            ]
        )
        activity_type = self.env.ref(REVIEW_ACTIVITY)
        model_id = self.env["ir.model"]._get_id(self._name)
        deadline = fields.Date.add(fields.Date.context_today(self), days=14)
        # A to-do for each review's program manager, without Odoo's "assigned
        # to you" e-mail per review: like every notice of the crons.
        create_activities(
            self,
            [
                {
                    "activity_type_id": activity_type.id,
                    "summary": self.env._("Write the findings and actions of the review"),
                    "automated": True,
                    "res_model_id": model_id,
                    "res_id": review.id,
                    "user_id": (
                        review.program_id.manager_user_ids[:1] or review.program_id.create_uid
                    ).id,
                    "date_deadline": deadline,
                }
                for review in reviews
            ],
        )
        return reviews
