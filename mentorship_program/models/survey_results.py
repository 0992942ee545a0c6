"""Pulse and closure survey results of programs, as aggregates only.

The answers of a survey sent for a pair are read by their respondent only
(a global rule on ``survey.user_input`` and its lines). HR reads what is
computed here, as superuser: per program, per kind (pulse or closure) and
per question, the average of numerical and scale answers and the count of
each choice, shown only over at least the program's minimum group size of
respondents (analytics.privacy); free-text answers are counted, never shown.
Two queries whatever the number of programs.
"""

from collections import defaultdict

from markupsafe import Markup, escape

from ..analytics import question_figures

SURVEY_KINDS = ("pulse", "closure")
NUMBER_TYPES = {"numerical_box": "value_numerical_box", "scale": "value_scale"}
TEXT_TYPES = ("text_box", "char_box", "date", "datetime")


def load_survey_figures(env, programs, start=None, end=None):
    """{(program id, kind): {question id: QuestionFigures}} over the answers
    completed for the pairs of ``programs`` (sent between ``start`` and
    ``end`` when given)."""
    domain = [
        ("mentorship_program_id", "in", programs.ids),
        ("mentorship_survey_kind", "in", SURVEY_KINDS),
        ("state", "=", "done"),
        ("test_entry", "=", False),
    ]
    if start:
        domain.append(("mentorship_sent_date", ">=", start))
    if end:
        domain.append(("mentorship_sent_date", "<=", end))
    answers = {
        row["id"]: row
        for row in env["survey.user_input"]
        .sudo()
        .search_read(
            domain,
            ["mentorship_program_id", "mentorship_survey_kind", "partner_id"],
            load=None,
        )
    }
    lines = (
        env["survey.user_input.line"]
        .sudo()
        .search_read(
            [("user_input_id", "in", list(answers)), ("skipped", "=", False)],
            [
                "user_input_id",
                "question_id",
                "answer_type",
                "value_numerical_box",
                "value_scale",
                "suggested_answer_id",
                "matrix_row_id",
            ],
            load=None,
        )
    )
    rows = defaultdict(list)
    for line in lines:
        answer = answers[line["user_input_id"]]
        answer_type = line["answer_type"]
        if answer_type in NUMBER_TYPES:
            kind, value = "number", line[NUMBER_TYPES[answer_type]]
        elif answer_type == "suggestion":
            kind, value = "choice", (line["matrix_row_id"] or None, line["suggested_answer_id"])
        elif answer_type in TEXT_TYPES:
            kind, value = "text", None
        else:
            continue
        rows[(answer["mentorship_program_id"], answer["mentorship_survey_kind"])].append(
            {
                "question_id": line["question_id"],
                # An answer without a contact counts as its own person.
                "person": answer["partner_id"] or ("answer", answer["id"]),
                "kind": kind,
                "value": value,
            }
        )
    minimums = {program.id: program.min_group_size for program in programs.sudo()}
    return {
        key: question_figures(program_rows, minimums[key[0]]) for key, program_rows in rows.items()
    }


def render_survey_results(env, figures, minimum):
    """The figures of one program and kind as an HTML table, in words."""
    if not figures:
        return Markup("<p>%s</p>") % env._(
            "Fewer than %(minimum)s people answered: nothing is shown.", minimum=minimum
        )
    questions = env["survey.question"].sudo().browse(list(figures)).exists()
    # A choice is (matrix row or None, suggested answer).
    choice_ids = {part for item in figures.values() for key in item.choices for part in key if part}
    choice_labels = {
        choice.id: choice.value
        for choice in env["survey.question.answer"].sudo().browse(list(choice_ids)).exists()
    }
    body = Markup()
    for question in questions.sorted(lambda q: (q.survey_id.id, q.sequence, q.id)):
        item = figures[question.id]
        if item.withheld:
            text = escape(env._("Fewer than %(minimum)s people answered.", minimum=item.minimum))
        else:
            parts = []
            if item.average is not None:
                parts.append(env._("Average %(average)s", average=item.average))
            if item.choices:
                counts = []
                for key, count in sorted(item.choices.items(), key=lambda kv: -kv[1]):
                    label = " / ".join(choice_labels.get(part, "?") for part in key if part)
                    counts.append(f"{label}: {count}")
                parts.append(" · ".join(counts))
            if item.texts:
                parts.append(
                    env._(
                        "%(count)s written answers, not shown: they are individual.",
                        count=item.texts,
                    )
                )
            parts.append(env._("%(count)s people answered.", count=item.respondents))
            text = escape(" · ".join(parts))
        body += Markup("<tr><td>%s</td><td>%s</td></tr>") % (question.title, text)
    return Markup(
        '<table class="table table-sm o_mentorship_survey_results">'
        "<thead><tr><th>%s</th><th>%s</th></tr></thead><tbody>%s</tbody></table>"
    ) % (env._("Question"), env._("Answers"), body)
