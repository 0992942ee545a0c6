"""The program's outcome comparison, as the server rendered it for the reader.

The server computes participants against their comparison group and
withholds every figure over fewer people than the minimum group size; it
sends the result as the program's ``organisation_outcome_results`` table.
This module only turns that table into rows: the figures stay the text the
server wrote ("12.5 %", "+3.0 pts [-1.2, +7.2]"), and a withheld figure is
the server's note ("fewer than 5"), never a number.
"""

import re

import lxml.html

NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")


def _text(element):
    return " ".join(element.text_content().split())


def outcome_rows(program_id, program_name, html):
    """One dict per measure of the server's table, or a single row with the
    server's reason when it shows no table (no participants yet...)."""
    base = {"program_id": program_id, "program": program_name}
    if not html.strip():
        return [{**base, "note": "no outcomes readable"}]
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    summary = " ".join(_text(p) for p in root.iter("p"))
    table = root.find(".//table")
    if table is None:
        return [{**base, "note": summary}]
    rows = []
    for tr in table.iter("tr"):
        cells = tr.findall("td")
        if not cells:
            continue  # the header
        measure = _text(cells[0])
        if len(cells) == 2:  # one cell spanning the figures: the server's note
            rows.append({**base, "measure": measure, "note": _text(cells[1]), "summary": summary})
            continue
        participants, comparison, difference = (_text(cell) for cell in cells[1:4])
        rows.append(
            {
                **base,
                "measure": measure,
                "participants": participants,
                "comparison_group": comparison,
                "difference": difference,
                "summary": summary,
            }
        )
    return rows


def shown_number(text):
    """The first number of a figure as the server wrote it ("12.5 %" -> 12.5),
    None when it shows none (withheld, empty)."""
    match = NUMBER.search(text or "")
    return float(match.group()) if match else None
