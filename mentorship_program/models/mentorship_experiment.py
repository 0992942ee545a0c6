import random
import secrets

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html2plaintext

from ..analytics import compare_arms
from ..analytics.experiments import (
    INSUFFICIENT_DATA,
    MEASURE_BINARY,
    MEASURE_CONTINUOUS,
    MEASURE_RATING,
    NOT_SIGNIFICANT,
    REASON_ARM_BELOW_MINIMUM,
    REASON_NO_VARIATION,
    REASON_ONE_ARM,
    SIGNIFICANT,
)
from ..pair_states import LIVE_PAIR_STATES, NOT_STARTED_PAIR_STATES

MANAGER_GROUP = "mentorship_program.group_mentorship_manager"

# Each measure and the kind of test that fits it (analytics.experiments).
MEASURE_KINDS = {
    "cadence_adherence": MEASURE_CONTINUOUS,
    "sessions_done": MEASURE_CONTINUOUS,
    "goal_completion": MEASURE_CONTINUOUS,
    "average_rating": MEASURE_RATING,
    "promotion": MEASURE_BINARY,
    "retention": MEASURE_BINARY,
}
MEASURES = [
    ("cadence_adherence", "Cadence Adherence"),
    ("sessions_done", "Sessions Done"),
    ("goal_completion", "Goal Completion"),
    ("average_rating", "Average Rating"),
    ("promotion", "Promotion"),
    ("retention", "Retention"),
]
CONCLUSIONS = [
    (SIGNIFICANT, "Significant Difference"),
    (NOT_SIGNIFICANT, "No Significant Difference"),
    (INSUFFICIENT_DATA, "Insufficient Data"),
]
TESTS = [
    ("two_proportion_z", "Two-Proportion z-Test"),
    ("fisher_exact", "Fisher's Exact Test"),
    ("welch_t", "Welch's t-Test"),
    ("mann_whitney_u", "Mann-Whitney U Test"),
]


class MentorshipExperiment(models.Model):
    """A program experiment: a variation of cadence, format or topic track,
    tried in arms and compared on one measure.

    The arms are cohorts (each arm a set of programs) or randomised within
    the program (its live pairs drawn into the arms from a stored seed, by
    :meth:`action_assign_arms`). While it runs, :meth:`action_compute_results`
    measures every pair of every arm from the module's data in bulk and
    compares the arms with the test that fits the measure
    (``analytics.experiments.compare_arms``); arms smaller than the
    program's minimum group size are not compared. HR writes the
    conclusion; concluding publishes the experiment's summary, never a
    person's figures, as a case study in the program's library course.

    HR (Mentorship Managers) of the company only: employees, leaders and
    portal users have no access at all.
    """

    _name = "mentorship.experiment"
    _description = "Mentorship Program Experiment"
    _inherit = [
        "mentorship.thread.guard",
        "mail.thread",
        "mentorship.guarded.mixin",
    ]
    _order = "create_date desc, id desc"
    _check_company_auto = True
    _client_create_fields = frozenset({"program_id", "assignment"})
    _client_write_fields = frozenset(
        {"name", "variation", "description", "measure", "arm_ids", "conclusion"}
    )
    # A difference between arms, and its interval, may be below zero.
    _signed_fields = frozenset({"result_difference", "result_ci_low", "result_ci_high"})

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, tracking=True)
    program_id = fields.Many2one(
        "mentorship.program",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
        help="The program the experiment belongs to: its pairs are randomised, its library "
        "receives the case study.",
    )
    company_id = fields.Many2one(related="program_id.company_id", store=True, index=True)
    variation = fields.Selection(
        [("cadence", "Cadence"), ("format", "Format"), ("topic_track", "Topic Track")],
        required=True,
        default="cadence",
        tracking=True,
    )
    description = fields.Html(help="What is varied, why, and what HR expects.")
    assignment = fields.Selection(
        [("cohorts", "Cohorts (programs)"), ("randomised", "Randomised Pairs")],
        required=True,
        default="randomised",
        readonly=True,
        help="Cohorts: each arm is a set of programs. Randomised: the program's live pairs "
        "are drawn into the arms at random, from the stored seed.",
    )
    measure = fields.Selection(MEASURES, required=True, default="sessions_done", tracking=True)
    arm_ids = fields.One2many("mentorship.experiment.arm", "experiment_id", string="Arms")
    arm_count = fields.Integer(compute="_compute_arm_count")
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("concluded", "Concluded")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    seed = fields.Integer(
        readonly=True,
        copy=False,
        default=lambda self: secrets.randbelow(2**31 - 1),
        help="Seed of the random draw of the pairs: the same seed over the same pairs "
        "draws the same arms.",
    )
    # -- Results (system fields, set by Compute Results) ---------------------------------
    result_date = fields.Datetime(string="Results Computed On", readonly=True, copy=False)
    result_test = fields.Selection(TESTS, string="Test Used", readonly=True, copy=False)
    result_p_value = fields.Float(string="p-Value", digits=(16, 4), readonly=True, copy=False)
    result_difference = fields.Float(digits=(16, 3), readonly=True, copy=False)
    result_ci_low = fields.Float(string="95% CI Low", digits=(16, 3), readonly=True, copy=False)
    result_ci_high = fields.Float(string="95% CI High", digits=(16, 3), readonly=True, copy=False)
    result_conclusion = fields.Selection(
        CONCLUSIONS, string="Statistical Conclusion", readonly=True, copy=False
    )
    result_summary = fields.Html(
        readonly=True,
        sanitize=False,
        copy=False,
        help="Arm sizes and each arm against the reference, groups below the program's "
        "minimum size shown as 'fewer than N'.",
    )
    conclusion = fields.Html(
        string="Written Conclusion", help="What HR concludes and decides from the results."
    )
    case_study_slide_id = fields.Many2one(
        "slide.slide", string="Case Study", readonly=True, copy=False, ondelete="set null"
    )

    @api.depends("arm_ids")
    def _compute_arm_count(self):
        for experiment in self:
            experiment.arm_count = len(experiment.arm_ids)

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        # The design is settled before the experiment runs; the written
        # conclusion stays HR's until it is concluded.
        if not self.env.su:
            design = set(vals) - {"conclusion"}
            if design:
                self._check_state(("draft",), self.env._("changed"))
            if "conclusion" in vals:
                self._check_state(("draft", "running"), self.env._("given another conclusion"))
        return super().write(vals)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def _check_manager(self):
        if not (self.env.su or self.env.user.has_group(MANAGER_GROUP)):
            raise AccessError(self.env._("Only a Mentorship Manager can run an experiment."))
        self.check_access("write")

    def _check_two_arms(self):
        for experiment in self:
            if len(experiment.arm_ids) < 2:
                raise ValidationError(
                    self.env._(
                        "Experiment %(experiment)s: %(field)s has %(count)s arm(s); an "
                        "experiment compares at least two.",
                        experiment=experiment.display_name,
                        field=experiment._field_label("arm_ids"),
                        count=len(experiment.arm_ids),
                    )
                )

    def action_assign_arms(self):
        """Draw the program's live pairs into the arms at random, from the
        stored seed: the pairs sorted by id, shuffled by the seed, dealt to
        the arms in turn, so that arms differ by one pair at most and the
        same seed over the same pairs gives the same arms."""
        self._check_manager()
        self._check_state(("draft",), self.env._("assigned to arms"))
        self._check_two_arms()
        for experiment in self:
            if experiment.assignment != "randomised":
                raise UserError(
                    self.env._(
                        "Experiment %(experiment)s: its arms are cohorts of programs "
                        "(%(field)s); there are no pairs to draw.",
                        experiment=experiment.display_name,
                        field=experiment._field_label("assignment"),
                    )
                )
            pairs_sudo = (
                self.env["mentorship.pair"]
                .sudo()
                .search(
                    [
                        ("program_id", "=", experiment.program_id.id),
                        ("state", "in", LIVE_PAIR_STATES),
                    ],
                    order="id",
                )
            )
            pair_ids = list(pairs_sudo.ids)
            random.Random(experiment.seed).shuffle(pair_ids)
            arms = experiment.arm_ids.sorted(lambda arm: (arm.sequence, arm.id))
            arms.sudo().write({"pair_ids": [fields.Command.clear()]})
            for index, arm in enumerate(arms):
                arm.sudo().write({"pair_ids": [fields.Command.set(pair_ids[index :: len(arms)])]})
        return True

    def action_start(self):
        self._check_manager()
        self._check_state(("draft",), self.env._("started"))
        self._check_two_arms()
        for experiment in self:
            field = "pair_ids" if experiment.assignment == "randomised" else "program_ids"
            empty = experiment.arm_ids.filtered(lambda arm, f=field: not arm[f])
            if empty:
                raise UserError(
                    self.env._(
                        "Experiment %(experiment)s, arm %(arm)s: %(field)s is empty. %(hint)s",
                        experiment=experiment.display_name,
                        arm=empty[0].name,
                        field=empty[0]._field_label(field),
                        hint=self.env._("Assign the arms first.")
                        if field == "pair_ids"
                        else self.env._("Choose the arm's programs."),
                    )
                )
        self._system_write({"state": "running"})
        return True

    def action_compute_results(self):
        """Measure every pair of every arm and compare the arms; store the
        test, p-value, interval and conclusion key of the first comparison
        (the second arm against the first), and a summary of every arm."""
        self._check_manager()
        self._check_state(("running",), self.env._("computed"))
        self._check_two_arms()
        for experiment in self:
            rows = experiment._measure_rows()
            minimum = experiment.program_id.min_group_size
            arms = experiment.arm_ids.sorted(lambda arm: (arm.sequence, arm.id))
            result = compare_arms(
                rows, MEASURE_KINDS[experiment.measure], minimum, reference=arms[0].id
            )
            first = result.comparisons[0] if result.comparisons else None
            experiment._system_write(
                {
                    "result_date": fields.Datetime.now(),
                    "result_test": first.test if first else False,
                    "result_p_value": first.p_value if first and first.p_value is not None else 0,
                    "result_difference": first.difference
                    if first and first.difference is not None
                    else 0,
                    "result_ci_low": first.ci_low if first and first.ci_low is not None else 0,
                    "result_ci_high": first.ci_high if first and first.ci_high is not None else 0,
                    "result_conclusion": first.conclusion if first else INSUFFICIENT_DATA,
                    "result_summary": experiment._render_results(result, arms),
                }
            )
        return True

    def action_conclude(self):
        """Conclude with HR's written conclusion and publish the experiment
        as a case study in the program's library course."""
        self._check_manager()
        self._check_state(("running",), self.env._("concluded"))
        for experiment in self:
            if not experiment.result_date:
                raise UserError(
                    self.env._(
                        "Experiment %(experiment)s: compute the results before concluding.",
                        experiment=experiment.display_name,
                    )
                )
            if not experiment._has_text(experiment.conclusion):
                raise ValidationError(
                    self.env._(
                        "Experiment %(experiment)s: %(field)s is empty; write what the results "
                        "mean before concluding.",
                        experiment=experiment.display_name,
                        field=experiment._field_label("conclusion"),
                    )
                )
            library = experiment.program_id.library_channel_id
            if not library:
                raise UserError(
                    self.env._(
                        "Experiment %(experiment)s cannot be concluded: program %(program)s "
                        "has no %(field)s to keep its case study in.",
                        experiment=experiment.display_name,
                        program=experiment.program_id.display_name,
                        field=experiment.program_id._field_label("library_channel_id"),
                    )
                )
            # The library is an eLearning course HR may not administer: the
            # case study is written by the system, from the summary only. It
            # is left unpublished: publishing stays with whoever may publish
            # in the course (eLearning's own rule).
            slide_sudo = (
                self.env["slide.slide"]
                .sudo()
                .create(
                    {
                        "name": self.env._(
                            "Case study: %(experiment)s", experiment=experiment.name
                        ),
                        "channel_id": library.id,
                        "slide_category": "article",
                        "html_content": experiment._case_study_html(),
                    }
                )
            )
            experiment._system_write({"state": "concluded", "case_study_slide_id": slide_sudo.id})
        return True

    def action_draft(self):
        """Back to draft from running (a design to correct); the results go."""
        self._check_manager()
        self._check_state(("running",), self.env._("reset to draft"))
        self._system_write(
            {
                "state": "draft",
                "result_date": False,
                "result_test": False,
                "result_conclusion": False,
                "result_summary": False,
            }
        )
        return True

    # ------------------------------------------------------------
    # MEASURES
    # ------------------------------------------------------------

    def _arm_pairs_sudo(self):
        """{arm id: pairs (sudo)} of the experiment: drawn pairs, or the
        started pairs of the arm's programs."""
        self.ensure_one()
        Pair = self.env["mentorship.pair"].sudo()
        if self.assignment == "randomised":
            return {arm.id: arm.sudo().pair_ids for arm in self.arm_ids}
        pairs = Pair.search(
            [
                ("program_id", "in", self.arm_ids.program_ids.ids),
                ("state", "not in", NOT_STARTED_PAIR_STATES),
            ]
        )
        by_program = pairs.grouped("program_id")
        return {
            arm.id: Pair.union(*(by_program.get(p, Pair) for p in arm.program_ids))
            for arm in self.arm_ids
        }

    def _measure_rows(self):
        """``[{"arm": arm id, "value": number}]``, one row per pair measured,
        in a few queries whatever the number of pairs."""
        self.ensure_one()
        arm_pairs = self._arm_pairs_sudo()
        all_pairs = self.env["mentorship.pair"].sudo().union(*arm_pairs.values())
        values = self._pair_values(all_pairs)
        return [
            {"arm": arm_id, "value": values.get(pair.id)}
            for arm_id, pairs in arm_pairs.items()
            for pair in pairs
            if values.get(pair.id) is not None
        ]

    def _pair_values(self, pairs_sudo):
        """{pair id: value of the experiment's measure} (None: not measurable,
        e.g. no session due yet for cadence adherence)."""
        measure = self.measure
        if measure in ("cadence_adherence", "sessions_done", "goal_completion"):
            # The pairs' report, read as the system: the experiment's own
            # access (HR of the company) was checked by the action.
            report = (
                self.env["mentorship.pair.report"]
                .sudo()
                .search_read(
                    [("id", "in", pairs_sudo.ids)],
                    [
                        "session_done_count",
                        "session_expected_count",
                        "goal_count",
                        "goal_done_count",
                    ],
                )
            )
            values = {}
            for row in report:
                if measure == "sessions_done":
                    values[row["id"]] = row["session_done_count"]
                elif measure == "cadence_adherence" and row["session_expected_count"]:
                    values[row["id"]] = row["session_done_count"] / row["session_expected_count"]
                elif measure == "goal_completion" and row["goal_count"]:
                    values[row["id"]] = row["goal_done_count"] / row["goal_count"]
            return values
        if measure == "average_rating":
            groups = (
                self.env["mentorship.session.rating"]
                .sudo()
                ._read_group(
                    [("pair_id", "in", pairs_sudo.ids), ("side", "=", "mentee")],
                    ["pair_id"],
                    ["rating:avg"],
                )
            )
            return {pair.id: average for pair, average in groups}
        # Promotion and retention: the mentee's career events since the pair started.
        events = self.env["mentorship.career.event"]._outcome_rows(pairs_sudo.company_id)
        by_employee = {}
        for event in events:
            by_employee.setdefault(event["employee_id"], []).append(event)
        values = {}
        for pair in pairs_sudo:
            if not pair.date_start:
                continue
            since = [
                event
                for event in by_employee.get(pair.mentee_employee_id.id, ())
                if event["date"] >= pair.date_start
            ]
            key = "promoted" if measure == "promotion" else "departed"
            happened = any(event[key] for event in since)
            values[pair.id] = int(happened if measure == "promotion" else not happened)
        return values

    # ------------------------------------------------------------
    # RENDERING
    # ------------------------------------------------------------

    @staticmethod
    def _has_text(html):
        return bool(html and html2plaintext(html).strip())

    def _reason_message(self, reason, minimum):
        return {
            REASON_ONE_ARM: self.env._("Fewer than two arms have results: nothing to compare."),
            REASON_ARM_BELOW_MINIMUM: self.env._(
                "An arm has fewer than %(minimum)s pairs measured: no test, figures withheld.",
                minimum=minimum,
            ),
            REASON_NO_VARIATION: self.env._(
                "Every value is the same in both arms: no test can be computed."
            ),
        }.get(reason, "")

    def _render_results(self, result, arms):
        """The arms' sizes ("fewer than N" below the minimum) and each arm
        against the reference: aggregates only."""
        minimum = result.minimum
        names = {arm.id: arm.name for arm in arms}
        tests = dict(TESTS)
        conclusions = dict(CONCLUSIONS)
        rows = Markup()
        for arm in arms:
            size = result.sizes.get(arm.id, 0)
            shown = (
                str(size)
                if size >= minimum
                else self.env._("fewer than %(minimum)s", minimum=minimum)
            )
            rows += Markup("<tr><td>%s</td><td>%s</td></tr>") % (arm.name, shown)
        html = Markup(
            "<table class='table table-sm'><thead><tr><th>%s</th><th>%s</th></tr></thead>"
            "<tbody>%s</tbody></table>"
        ) % (self.env._("Arm"), self.env._("Pairs Measured"), rows)
        if result.reason:
            return html + Markup("<p>%s</p>") % self._reason_message(result.reason, minimum)
        for comparison in result.comparisons:
            heading = self.env._(
                "%(arm)s against %(reference)s",
                arm=names.get(comparison.arm, ""),
                reference=names.get(comparison.reference, ""),
            )
            if comparison.reason:
                text = self._reason_message(comparison.reason, minimum)
            else:
                text = self.env._(
                    "%(test)s: difference %(difference).3f (95%% CI %(low).3f to %(high).3f), "
                    "p = %(p).4f. %(conclusion)s.",
                    test=tests.get(comparison.test, comparison.test),
                    difference=comparison.difference or 0.0,
                    low=comparison.ci_low if comparison.ci_low is not None else float("nan"),
                    high=comparison.ci_high if comparison.ci_high is not None else float("nan"),
                    p=comparison.p_value if comparison.p_value is not None else float("nan"),
                    conclusion=conclusions[comparison.conclusion],
                )
            html += Markup("<p><strong>%s</strong>: %s</p>") % (heading, text)
        return html

    def _case_study_html(self):
        """The case study: the design, the arms' descriptions, the results'
        summary (aggregates) and HR's conclusion; no names, no pairs."""
        self.ensure_one()
        labels = {
            name: dict(self._fields[name]._description_selection(self.env))
            for name in ("variation", "measure", "assignment")
        }
        html = Markup("<h2>%s</h2>") % self.name
        html += Markup("<p>%s</p>") % self.env._(
            "Variation: %(variation)s. Assignment: %(assignment)s. Measure: %(measure)s.",
            variation=labels["variation"][self.variation],
            assignment=labels["assignment"][self.assignment],
            measure=labels["measure"][self.measure],
        )
        if self._has_text(self.description):
            html += self.description
        html += Markup("<h3>%s</h3><ul>") % self.env._("Arms")
        for arm in self.arm_ids:
            html += Markup("<li><strong>%s</strong>%s</li>") % (
                arm.name,
                Markup(": ") + arm.description if self._has_text(arm.description) else "",
            )
        html += Markup("</ul><h3>%s</h3>") % self.env._("Results")
        html += self.result_summary or Markup()
        html += Markup("<h3>%s</h3>") % self.env._("Conclusion")
        html += self.conclusion
        return html
