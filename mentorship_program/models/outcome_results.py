"""Outcomes of a program against its comparison group: the Odoo side.

``load_outcome_inputs`` reads, in a few bulk queries and as the system, what
``analytics.outcomes.compare_outcomes`` needs for one program (and
``load_outcome_inputs_by_program`` for many at once): where every
employee of its company stands now, the career events, the program's
participants (mentees of pairs that started), the skill history (the time
to skill of both groups) and the participants of the other programs (never
comparison people).
``render_outcome_comparison`` turns the result into the HTML table of the
program's Outcomes tab, the leaders' organisation page and the quarterly
review: figures over fewer people than the minimum group size read "fewer
than N", never a number.

Who may see the table is the caller's decision (fields with ``groups=``,
the leader's scope); this module only reads and renders.
"""

from markupsafe import Markup, escape

from ..analytics import compare_outcomes
from ..analytics.outcomes import (
    METRIC_MOBILITY,
    METRIC_PROMOTION,
    METRIC_RETENTION_6M,
    METRIC_RETENTION_12M,
    METRIC_RETENTION_HIGH_POTENTIAL,
    METRIC_TIME_TO_SKILL,
    REASON_FEWER_THAN_MINIMUM,
    REASON_NO_COMPARISON,
    REASON_NO_ELIGIBLE,
    REASON_NO_MATCH,
    REASON_NO_PARTICIPANTS,
    REASON_NO_VARIATION,
    REASON_NOT_STARTED,
)


def _event_kind(row):
    """The analytics' one kind per event: a promotion first (it may also
    cross functions: the department before and after tell the mobility),
    then a departure, a cross-functional move, a plain job change."""
    if row["promoted"]:
        return "promotion"
    if row["departed"]:
        return "departure"
    if row["cross_functional"]:
        return "move"
    return "job_change"


def load_outcome_inputs(env, program, mentee_employee_ids=None):
    """The inputs of ``compare_outcomes`` for ``program`` (one record), as
    keyword arguments; ``mentee_employee_ids`` narrows the participants (a
    leader's organisation), the comparison candidates stay the company's."""
    return load_outcome_inputs_by_program(env, program, mentee_employee_ids)[program.id]


def load_outcome_inputs_by_program(env, programs, mentee_employee_ids=None):
    """{program id: inputs of ``compare_outcomes``} for ``programs``: what
    belongs to a company (its employees, their career events and skill
    history, who took part in which program) is read once per company, so
    that the quarterly review of many programs costs the queries of
    one per company."""
    env = env(su=True)
    programs = programs.with_env(env)
    inputs = {}
    for company, company_programs in programs.grouped("company_id").items():
        employees = [
            {
                "employee_id": row["employee_id"],
                "hire_date": row["hire_date"],
                "departure_date": row["departure_date"],
                "high_potential": row["high_potential"],
                "department_id": row["department_id"],
                "job_id": row["job_id"],
                "grade": row["grade"] or None,
            }
            for row in env["hr.employee"]._mentorship_position_rows(company)
        ]
        events = [
            {
                "employee_id": row["employee_id"],
                "date": row["date"],
                "kind": _event_kind(row),
                "department_id_before": row["from_department_id"],
                "department_id_after": row["to_department_id"],
                "job_id_before": row["from_job_id"],
                "job_id_after": row["to_job_id"],
                "grade_before": row["from_grade"] or None,
                "grade_after": row["to_grade"] or None,
            }
            for row in env["mentorship.career.event"]._outcome_rows(company)
        ]
        # The skill history of the company's people, archived ones included:
        # the time to skill of participants and comparison people alike.
        skill_history = (
            env["hr.employee.skill.log"]
            .with_context(active_test=False)
            .search_read(
                [("employee_id.company_id", "=", company.id)],
                ["employee_id", "skill_id", "date", "level_progress"],
                load=None,
            )
        )
        started = env["mentorship.pair"]._read_group(
            [("company_id", "=", company.id), ("date_start", "!=", False)],
            ["program_id", "mentee_employee_id"],
            ["date_start:min"],
        )
        for program in company_programs:
            participants, others = [], set()
            for pair_program, employee, start in started:
                if pair_program != program:
                    others.add(employee.id)
                elif mentee_employee_ids is None or employee.id in mentee_employee_ids:
                    participants.append({"employee_id": employee.id, "start_date": start})
            inputs[program.id] = {
                "employees": employees,
                "events": events,
                "participants": participants,
                "excluded_ids": others,
                "skill_history": skill_history,
                "min_group_size": program.min_group_size,
            }
    return inputs


def program_outcomes(env, program, as_of, mentee_employee_ids=None):
    """``compare_outcomes`` for ``program`` on ``as_of``."""
    return compare_outcomes(as_of=as_of, **load_outcome_inputs(env, program, mentee_employee_ids))


def programs_outcomes(env, programs, as_of):
    """{program id: ``compare_outcomes``} for ``programs`` on ``as_of``, their
    inputs loaded together (``load_outcome_inputs_by_program``)."""
    return {
        program_id: compare_outcomes(as_of=as_of, **inputs)
        for program_id, inputs in load_outcome_inputs_by_program(env, programs).items()
    }


def _metric_labels(env):
    return {
        METRIC_PROMOTION: env._("Promotion rate"),
        METRIC_RETENTION_6M: env._("Retention at 6 months"),
        METRIC_RETENTION_12M: env._("Retention at 12 months"),
        METRIC_RETENTION_HIGH_POTENTIAL: env._("Retention of high potentials (12 months)"),
        METRIC_MOBILITY: env._("Cross-functional mobility"),
        METRIC_TIME_TO_SKILL: env._("Time to skill (days)"),
    }


def _reason_message(env, reason, minimum):
    return {
        REASON_NO_PARTICIPANTS: env._("The program has no participants yet."),
        REASON_NOT_STARTED: env._("No participant has started yet."),
        REASON_NO_COMPARISON: env._(
            "No non-participant was employed when the participants started: there is "
            "nobody to compare with."
        ),
        REASON_NO_MATCH: env._(
            "No participant has a comparable non-participant (same department, job, grade "
            "and tenure band at the start)."
        ),
        REASON_FEWER_THAN_MINIMUM: env._("fewer than %(minimum)s", minimum=minimum),
        REASON_NO_ELIGIBLE: env._("nobody eligible yet"),
        REASON_NO_VARIATION: env._("same outcome for everyone"),
    }[reason]


def _figure(value, unit):
    if value is None:
        return ""
    return f"{value * 100:.1f} %" if unit == "share" else f"{value:.1f}"


def _difference(measure):
    """The difference and, where there is one, its 95 % interval."""
    if measure["difference"] is None:
        return ""
    scale, unit = (100, " pts") if measure["unit"] == "share" else (1, "")
    text = f"{measure['difference'] * scale:+.1f}{unit}"
    if measure["ci_low"] is None or measure["ci_high"] is None:
        return text
    return f"{text} [{measure['ci_low'] * scale:+.1f}, {measure['ci_high'] * scale:+.1f}]"


def _number(value):
    """A JSON-able float (the analytics may hand numpy scalars), or None."""
    return None if value is None else float(value)


# What a measure shows only over enough people: all None when withheld.
MEASURE_FIGURES = (
    "participants_count",
    "comparison_count",
    "participants_value",
    "comparison_value",
    "difference",
    "ci_low",
    "ci_high",
    "p_value",
)


def outcome_comparison_figures(env, comparison):
    """The comparison as plain values, for the table below and for RPC
    clients: ``summary`` (the sentence above the table), the group sizes,
    and one dict per measure. This is the one place that withholds: a
    figure over fewer people than the minimum is None beside its ``note``
    ("fewer than N"), never a number."""
    if comparison.reason and not comparison.metrics:
        return {
            "summary": _reason_message(env, comparison.reason, comparison.minimum),
            "participants_matched": None,
            "participants_unmatched": None,
            "comparison_size": None,
            "measures": [],
        }
    withheld = comparison.reason == REASON_FEWER_THAN_MINIMUM
    if withheld:
        summary = env._(
            "Groups of fewer than %(minimum)s people: figures withheld.",
            minimum=comparison.minimum,
        )
    else:
        summary = env._(
            "%(matched)s participants matched (%(unmatched)s without a comparable colleague), "
            "%(comparison)s in the comparison group.",
            matched=comparison.participants_matched,
            unmatched=comparison.participants_unmatched,
            comparison=comparison.comparison_size,
        )
    labels = _metric_labels(env)
    measures = []
    for name, metric in comparison.metrics.items():
        measure = {"measure": name, "label": labels[name], "unit": metric.unit}
        if withheld or metric.reason in (REASON_FEWER_THAN_MINIMUM, REASON_NO_ELIGIBLE):
            reason = REASON_FEWER_THAN_MINIMUM if withheld else metric.reason
            measure.update(dict.fromkeys(MEASURE_FIGURES), significant=None, withheld=True)
            measure["note"] = _reason_message(env, reason, metric.minimum)
        else:
            measure.update(
                {key: _number(getattr(metric, key)) for key in MEASURE_FIGURES},
                significant=metric.significant,
                withheld=False,
                note=_reason_message(env, metric.reason, metric.minimum) if metric.reason else "",
            )
            measure["participants_count"] = metric.participants_count
            measure["comparison_count"] = metric.comparison_count
        measures.append(measure)
    return {
        "summary": summary,
        "participants_matched": None if withheld else comparison.participants_matched,
        "participants_unmatched": None if withheld else comparison.participants_unmatched,
        "comparison_size": None if withheld else comparison.comparison_size,
        "measures": measures,
    }


def render_outcome_comparison(env, comparison):
    """The comparison as an HTML table (Markup), or the reason there is none."""
    figures = outcome_comparison_figures(env, comparison)
    if not figures["measures"]:
        return Markup("<p class='text-muted'>%s</p>") % figures["summary"]
    header = Markup(
        "<thead><tr><th>%s</th><th class='text-end'>%s</th><th class='text-end'>%s</th>"
        "<th class='text-end'>%s</th></tr></thead>"
    ) % (
        env._("Measure"),
        env._("Participants"),
        env._("Comparison group"),
        env._("Difference [95 % interval]"),
    )
    rows = []
    for measure in figures["measures"]:
        if measure["withheld"]:
            cells = Markup("<td colspan='3' class='text-end text-muted'>%s</td>") % measure["note"]
        else:
            significant = " fw-bold" if measure["significant"] else ""
            cells = Markup(
                "<td class='text-end'>%s</td><td class='text-end'>%s</td>"
                "<td class='text-end%s'>%s</td>"
            ) % (
                _figure(measure["participants_value"], measure["unit"]),
                _figure(measure["comparison_value"], measure["unit"]),
                significant,
                _difference(measure) or measure["note"],
            )
        rows.append(Markup("<tr><td>%s</td>%s</tr>") % (measure["label"], cells))
    return Markup(
        "<p>%s</p><table class='table table-sm o_mentorship_outcomes'>%s<tbody>%s</tbody></table>"
    ) % (escape(figures["summary"]), header, Markup("").join(rows))
