"""Minimum group size: figures about people only over enough people."""

from mentorship_program.analytics import guard, guarded_average, guarded_groups, question_figures


def test_guard_withholds_below_the_minimum():
    assert guard(4.2, 5, 5).value == 4.2
    assert guard(4.2, 4, 5).value is None
    assert guard(4.2, 4, 5).withheld
    # Nobody and one person read the same.
    assert guard(None, 0, 5).withheld and guard(3, 1, 5).value is None


def test_average_counts_people_not_values():
    # One person rating ten times is still one person.
    rows = [("alice", 5)] * 10 + [("bob", 1), ("carl", 3), ("dora", 3)]
    assert guarded_average(rows, 5).value is None
    assert guarded_average(rows, 5).people == 4
    figure = guarded_average([*rows, ("eli", 2)], 5)
    assert figure.people == 5
    assert figure.value == round((50 + 1 + 3 + 3 + 2) / 14, 2)
    assert guarded_average([], 5).value is None


def test_every_cell_is_checked_on_its_own():
    cells = guarded_groups({"sales": (4.0, 5), "it": (2.0, 1), "hr": (None, 0)}, 5)
    assert cells["sales"].value == 4.0
    assert cells["it"].value is None
    assert cells["hr"].value is None


def _rows(question, answers, kind="number"):
    return [
        {"question_id": question, "person": person, "kind": kind, "value": value}
        for person, value in answers
    ]


def test_question_figures():
    four = [("p1", 5), ("p2", 4), ("p3", 4), ("p4", 3)]
    rows = _rows(1, four) + _rows(2, [*four, ("p5", 1)])
    rows += _rows(3, [("p1", 10), ("p2", 10), ("p3", 11), ("p4", 11), ("p5", 11)], "choice")
    rows += _rows(4, [(f"p{n}", "free text") for n in range(1, 6)], "text")
    figures = question_figures(rows, 5)
    assert figures[1].withheld and figures[1].average is None and figures[1].respondents == 4
    assert figures[2].average == 3.4
    assert figures[3].choices == {10: 2, 11: 3}
    assert figures[3].average is None
    assert figures[4].texts == 5
    # Below the minimum a choice question shows no counts either.
    small = question_figures(_rows(3, [("p1", 10), ("p2", 11)], "choice"), 5)
    assert small[3].choices == {} and small[3].withheld
