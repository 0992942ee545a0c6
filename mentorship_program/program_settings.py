"""The settings of a mentorship program, declared once: name, label, default
and bounds.

Each setting becomes a field of ``mentorship.program`` (unless marked
``program=False``: a company-wide setting only, such as the data-quality
audit's thresholds). Those marked ``company`` also get a company-wide default (``res.company``, named
``mentorship_<name>``) shown on *Settings > Mentorship*; a new program starts
from its company's values, and the table's default is the company's until
HR changes it. One constraint per model checks the bounds, naming the record
and the field. The matching engine has no defaults of its own: the loader
passes the program's values.
"""

from dataclasses import dataclass

from odoo import fields

COMPANY_PREFIX = "mentorship_"
HR_GROUP = "mentorship_program.group_mentorship_manager"


@dataclass(frozen=True)
class ProgramSetting:
    name: str
    label: str
    kind: str  # "integer", "float", "boolean" or "selection"
    default: object
    minimum: float | None = None
    maximum: float | None = None
    company: bool = False  # has a company default on Settings > Mentorship
    selection: tuple = ()
    help: str = ""
    hr_only: bool = False  # how HR matches: never shown to participants
    program: bool = True  # False: a company setting only, no field on the program

    def _field(self, **attrs):
        attrs.setdefault("string", self.label)
        if self.help:
            attrs.setdefault("help", self.help)
        if self.kind == "integer":
            return fields.Integer(**attrs)
        if self.kind == "float":
            return fields.Float(**attrs)
        if self.kind == "boolean":
            return fields.Boolean(**attrs)
        return fields.Selection(list(self.selection), **attrs)

    def program_field(self):
        attrs = {"required": self.kind != "boolean"}
        if self.hr_only:
            attrs["groups"] = HR_GROUP
        if self.company:
            attrs["default"] = lambda model, name=self.name: model.env.company[
                COMPANY_PREFIX + name
            ]
        else:
            attrs["default"] = self.default
        return self._field(**attrs)

    def company_field(self):
        return self._field(default=self.default, required=self.kind != "boolean")

    def config_field(self):
        return self._field(related=f"company_id.{COMPANY_PREFIX}{self.name}", readonly=False)

    def problem(self, value):
        """Why ``value`` is out of bounds, as (minimum, maximum), or None."""
        if self.minimum is not None and value < self.minimum:
            return self.minimum, self.maximum
        if self.maximum is not None and value > self.maximum:
            return self.minimum, self.maximum
        return None


MATCHING_MODES = (
    ("hr", "HR Match Runs"),
    ("self_request", "Mentees Request Mentors"),
)

PROGRAM_SETTINGS = (
    # -- Rhythm and capacity ----------------------------------------------------------
    ProgramSetting("pair_duration_days", "Pair Duration (days)", "integer", 90, 1, 730, True),
    ProgramSetting(
        "default_mentor_capacity",
        "Default Mentor Capacity",
        "integer",
        2,
        1,
        50,
        True,
        help="Mentees a mentor takes on unless they say otherwise.",
    ),
    ProgramSetting("max_mentor_capacity", "Maximum Mentor Capacity", "integer", 5, 1, 50, True),
    ProgramSetting(
        "readiness_threshold",
        "Readiness Threshold",
        "integer",
        3,
        1,
        5,
        help="Minimum score (1-5) a mentor needs on each readiness criterion.",
    ),
    # -- Privacy ------------------------------------------------------------------------
    ProgramSetting(
        "min_group_size",
        "Minimum Group Size",
        "integer",
        5,
        3,
        1000,
        True,
        help="Averages of people's ratings and survey answers are shown only over at least "
        "this many people; below it, a figure reads 'fewer than N'.",
    ),
    # -- Matching ----------------------------------------------------------------------
    ProgramSetting(
        "matching_mode",
        "Matching Mode",
        "selection",
        "hr",
        company=True,
        selection=MATCHING_MODES,
        help="HR Match Runs: HR runs the matching engine, reviews and publishes pairs. "
        "Mentees Request Mentors: each mentee sees the engine's best suggestions and "
        "asks mentors directly; the mentor accepts or declines. HR can still run "
        "match runs for mentees left without a mentor.",
    ),
    ProgramSetting(
        "match_weight_skills",
        "Skill-Gap Coverage",
        "float",
        4.0,
        0,
        100,
        help="How much the mentor covers the levels the mentee wants to reach.",
        hr_only=True,
    ),
    ProgramSetting(
        "match_weight_career",
        "Career-Path Fit",
        "float",
        2.0,
        0,
        100,
        help="The mentor holds or held the mentee's target role or its next step.",
        hr_only=True,
    ),
    ProgramSetting(
        "match_weight_cross_functional",
        "Cross-Functional",
        "float",
        1.0,
        0,
        100,
        help="Mentor and mentee work in different departments.",
        hr_only=True,
    ),
    ProgramSetting(
        "match_weight_diversity",
        "Diversity Blend",
        "float",
        1.0,
        0,
        100,
        help="Mentor and mentee differ in gender or nationality.",
        hr_only=True,
    ),
    ProgramSetting("match_weight_language", "Shared Language", "float", 1.0, 0, 100, hr_only=True),
    ProgramSetting(
        "match_weight_timezone", "Time-Zone Proximity", "float", 0.5, 0, 100, hr_only=True
    ),
    ProgramSetting(
        "match_weight_availability", "Common Availability", "float", 1.0, 0, 100, hr_only=True
    ),
    ProgramSetting(
        "match_block_reporting_line",
        "Block Reporting Line",
        "boolean",
        True,
        help="Never match a mentee with someone in their management chain.",
        hr_only=True,
    ),
    ProgramSetting(
        "match_chain_depth",
        "Management Levels Blocked",
        "integer",
        2,
        0,
        20,
        help="How many levels above the mentee are excluded (1 = the direct manager).",
        hr_only=True,
    ),
    ProgramSetting(
        "match_allow_same_department",
        "Allow Same Department",
        "boolean",
        True,
        hr_only=True,
    ),
    ProgramSetting(
        "match_require_shared_language",
        "Require a Shared Language",
        "boolean",
        False,
        hr_only=True,
    ),
    ProgramSetting(
        "match_require_availability_overlap",
        "Require Common Availability",
        "boolean",
        False,
        hr_only=True,
    ),
    ProgramSetting(
        "match_topic_mentors_per_mentee",
        "Topic Mentors per Mentee",
        "integer",
        0,
        0,
        5,
        help="Extra mentors proposed for the skill gaps the core mentor does not cover.",
        hr_only=True,
    ),
    ProgramSetting(
        "suggestion_count",
        "Suggestions Shown",
        "integer",
        5,
        1,
        20,
        help="How many suggested mentors a mentee sees in self-request mode.",
    ),
    ProgramSetting(
        "request_limit",
        "Open Requests per Mentee",
        "integer",
        3,
        1,
        10,
        help="How many mentors a mentee may ask at the same time in self-request mode.",
    ),
    # -- After publication -------------------------------------------------------------
    ProgramSetting(
        "acceptance_days",
        "Days to Accept a Match",
        "integer",
        7,
        1,
        90,
        True,
        help="Mentor and mentee must accept or decline a published match within this many days.",
    ),
    ProgramSetting(
        "calibration_days",
        "Calibration Call after (days)",
        "integer",
        30,
        0,
        365,
        True,
        help="HR gets a calibration-call activity this many days after a pair starts; "
        "0 = no calibration call.",
    ),
    ProgramSetting(
        "session_reminder_days",
        "Session Reminder (days before)",
        "integer",
        3,
        0,
        30,
        True,
        help="Mentor and mentee are reminded of a planned session this many days before it; "
        "0 = no reminder.",
    ),
    ProgramSetting(
        "inactivity_days",
        "Inactive after (days)",
        "integer",
        30,
        1,
        365,
        True,
        help="An active pair with no session done for this many days (since its start or its "
        "last session) is nudged, once per inactive spell.",
    ),
    ProgramSetting(
        "inactivity_grace_days",
        "Grace after the Nudge (days)",
        "integer",
        14,
        0,
        365,
        True,
        help="A nudged pair still inactive this many days after the nudge expires as inactive.",
    ),
    # -- Line managers ------------------------------------------------------------------
    ProgramSetting(
        "inform_managers",
        "Inform Managers",
        "boolean",
        False,
        company=True,
        help="The mentee's and the mentor's managers get a message when their report's "
        "pair starts and when it ends (names and jobs only).",
    ),
    ProgramSetting(
        "manager_approval",
        "Manager Approval of Mentees",
        "boolean",
        False,
        company=True,
        help="A mentee's submitted intake goes to their manager, who approves it before HR "
        "sees it. A mentee without a manager who has a user goes to HR directly.",
    ),
    # -- Recognition: development credits -----------------------------------------------
    ProgramSetting(
        "credit_per_session_hour",
        "Credits per Mentoring Hour",
        "float",
        1.0,
        0,
        1000,
        True,
        help="Development credits a mentor earns for each hour of a session logged as done; "
        "0 = none.",
        hr_only=True,
    ),
    ProgramSetting(
        "credit_per_completed_pair",
        "Credits per Completed Pair",
        "float",
        5.0,
        0,
        1000,
        True,
        help="Development credits a mentor earns when a pair completes (at the end of its "
        "term or early, goals met); 0 = none.",
        hr_only=True,
    ),
    ProgramSetting(
        "credit_per_circle",
        "Credits per Circle Facilitated",
        "float",
        3.0,
        0,
        1000,
        True,
        help="Development credits the facilitator of a circle earns, once per circle; 0 = none.",
        hr_only=True,
    ),
    # -- Line managers' view (company only: Settings > Mentorship) -----------------------------
    ProgramSetting(
        "manager_depth",
        "Manager Visibility Depth",
        "integer",
        0,
        0,
        50,
        True,
        help="How many levels up the chain of managers see a report's mentorship summary: "
        "1 for direct managers only, 0 for the whole chain.",
        program=False,
    ),
    ProgramSetting(
        "summary_months",
        "Summary Period (months)",
        "integer",
        12,
        1,
        60,
        True,
        help="The months up to today that the mentorship summary of an employee covers "
        "for their managers.",
        program=False,
    ),
    # -- Large runs (company only: Settings > Mentorship) -----------------------------------
    ProgramSetting(
        "background_threshold",
        "Background Runs above",
        "integer",
        10000,
        0,
        1000000,
        True,
        help="A match run with more mentees than this, or a publication of more proposals, "
        "runs in the background in committed batches: the run shows its progress and its "
        "author is told when it is done. 0: always in the background.",
        program=False,
    ),
    # -- Data-quality audit (company only: Mentorship > Reporting > Data Quality) --------
    ProgramSetting(
        "dq_intake_stale_days",
        "Intake Stale after (days)",
        "integer",
        30,
        1,
        365,
        True,
        help="An enrollment still in intake that nobody updated for this many days is a "
        "data-quality gap.",
        program=False,
    ),
    ProgramSetting(
        "dq_first_session_days",
        "First Session within (days)",
        "integer",
        30,
        1,
        365,
        True,
        help="An active pair with no session done this many days after its start is a "
        "data-quality gap.",
        program=False,
    ),
    ProgramSetting(
        "dq_survey_unanswered_days",
        "Survey Unanswered after (days)",
        "integer",
        14,
        1,
        365,
        True,
        help="A pulse or closure survey sent this many days ago and still not answered is a "
        "data-quality gap.",
        program=False,
    ),
)
# The settings that are fields of the program (most of them).
SETTINGS = {setting.name: setting for setting in PROGRAM_SETTINGS if setting.program}
COMPANY_SETTINGS = tuple(setting for setting in PROGRAM_SETTINGS if setting.company)
MATCH_WEIGHT_FIELDS = tuple(s.name for s in PROGRAM_SETTINGS if s.name.startswith("match_weight_"))


def program_fields():
    """The program's setting fields, for the class body of mentorship.program."""
    return {setting.name: setting.program_field() for setting in SETTINGS.values()}


def company_fields():
    """The company defaults, for the class body of res.company."""
    return {COMPANY_PREFIX + s.name: s.company_field() for s in COMPANY_SETTINGS}


def config_fields():
    """The Settings page's fields, for the class body of res.config.settings."""
    return {COMPANY_PREFIX + s.name: s.config_field() for s in COMPANY_SETTINGS}


def bound_problems(record, names):
    """[(field name, minimum, maximum)] of the settings of ``record`` (named
    ``names`` on it, in table order) that are out of bounds."""
    problems = []
    for setting in PROGRAM_SETTINGS:
        field_name = names.get(setting.name)
        if field_name is None or setting.kind not in ("integer", "float"):
            continue
        bounds = setting.problem(record[field_name])
        if bounds:
            problems.append((field_name, *bounds))
    return problems
