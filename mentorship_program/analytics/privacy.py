"""Figures about people, shown only over enough people.

One person's rating of the other, one person's survey answers: nobody reads
them individually except their author. What HR reads are aggregates, and an
aggregate is shown only when it is taken over at least ``minimum`` distinct
people (the program's *Minimum Group Size*, 5 by default). Below that, the
figure is withheld on the server and reads "fewer than N".

Plain Python, no ORM: the models load the rows as superuser, hand them over
as plain values, and show what comes back (``GuardedFigure.value`` is None
when withheld). A group with no one in it is withheld too: "no one" and
"one person" must not be told apart.
"""

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass(frozen=True)
class GuardedFigure:
    """A figure taken over ``people`` distinct people, shown when they are at
    least ``minimum``; ``value`` is None otherwise."""

    value: float | int | None
    people: int
    minimum: int

    @property
    def shown(self):
        return self.value is not None

    @property
    def withheld(self):
        return self.people < self.minimum


def guard(value, people, minimum):
    """``value`` if it was taken over at least ``minimum`` people, else None."""
    return GuardedFigure(value if people >= minimum else None, people, minimum)


def guarded_average(rows, minimum, digits=2):
    """Average of ``(person, value)`` rows, shown over at least ``minimum``
    distinct people (a person may give several values: each counts, the
    person once)."""
    values = []
    people = set()
    for person, value in rows:
        if value is None:
            continue
        values.append(value)
        people.add(person)
    average = round(sum(values) / len(values), digits) if values else None
    return guard(average, len(people), minimum)


def guarded_groups(groups, minimum):
    """{key: GuardedFigure} for ``groups`` = {key: (value, distinct people)}:
    every cell checked on its own."""
    return {key: guard(value, people, minimum) for key, (value, people) in groups.items()}


@dataclass
class QuestionFigures:
    """What may be shown of one question's answers."""

    question_id: int
    respondents: int
    minimum: int
    average: float | None = None
    choices: dict = field(default_factory=dict)  # {choice id: count}
    texts: int = 0  # free-text answers: counted, never shown

    @property
    def withheld(self):
        return self.respondents < self.minimum


def question_figures(rows, minimum):
    """Per question, the figures of survey answers that may be shown.

    :param rows: dicts with ``question_id``, ``person`` (the respondent),
        ``kind`` ('number', 'choice' or 'text') and ``value`` (a number, a
        choice id, or anything for a text)
    :return: {question id: QuestionFigures}; below ``minimum`` respondents to
        a question its average, choice counts and text count are all empty
    """
    people = defaultdict(set)
    numbers = defaultdict(list)
    choices = defaultdict(lambda: defaultdict(int))
    texts = defaultdict(int)
    for row in rows:
        question = row["question_id"]
        people[question].add(row["person"])
        if row["kind"] == "number" and row["value"] is not None:
            numbers[question].append(row["value"])
        elif row["kind"] == "choice" and row["value"]:
            choices[question][row["value"]] += 1
        elif row["kind"] == "text":
            texts[question] += 1
    result = {}
    for question, respondents in people.items():
        figures = QuestionFigures(question, len(respondents), minimum)
        if not figures.withheld:
            values = numbers.get(question)
            figures.average = round(sum(values) / len(values), 2) if values else None
            figures.choices = dict(choices.get(question, {}))
            figures.texts = texts.get(question, 0)
        result[question] = figures
    return result


def fewer_than_label(minimum, noun=""):
    """The words a withheld figure reads instead of its value: "fewer than 5"
    (or "fewer than 5 raters" with ``noun``). The Odoo layer translates the
    same wording; plain-Python results carry it for logs and tests."""
    return f"fewer than {minimum} {noun}".rstrip()
