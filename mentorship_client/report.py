"""One program's health and outcomes as one self-contained HTML page.

Every figure on the page is one the server computed for the reader
(``read_group`` on the guarded reports, the program's outcome comparison):
a figure the server withheld (too few people) reads "withheld" and gets no
bar. The charts are drawn with matplotlib and embedded as base64 PNG, so
the page is a single file to mail or archive.
"""

import base64
import html
import io
from datetime import datetime, timezone

import pandas as pd

# Figures, not pyplot: no display, no global state between reports.
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .client import PAIR_REPORT, SESSION_REPORT

WITHHELD = "withheld"
ALL_WITHHELD = (
    "<p class='withheld'>Every figure here is withheld by the server: fewer people than "
    "the program's minimum group size.</p>"
)
RUNNING_STATES = ["active", "on_hold"]
HEALTH_LABELS = {"on_track": "On track", "at_risk": "At risk", "stalled": "Stalled"}
HEALTH_COLOURS = {"on_track": "#2e7d32", "at_risk": "#f9a825", "stalled": "#c62828"}
KEY_FIGURES = (
    ("pairs", "Pairs proposed"),
    ("running", "Running pairs"),
    ("accepted", "Pairs started"),
    ("session_done_count", "Sessions done"),
    ("session_expected_count", "Sessions due by the cadence"),
    ("session_hours", "Hours of sessions done"),
    ("days_to_match", "Days from enrollment to match (average)"),
    ("days_to_first_session", "Days from start to first session (average)"),
    ("goal_done_count", "Objectives done"),
    ("goal_count", "Objectives"),
    ("at_risk", "Pairs at risk"),
    ("stalled", "Pairs stalled"),
)

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; color: #222; }
h1 { margin-bottom: 0; } .meta { color: #666; margin-top: .25rem; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; }
th, td { border-bottom: 1px solid #ddd; padding: .3rem .8rem; text-align: left; }
td.num { text-align: right; } .withheld { color: #888; font-style: italic; }
figure { margin: 1rem 0; } figcaption { color: #555; font-size: .9rem; }
"""


def _png(fig):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _figure(fig, caption):
    return (
        f'<figure><img alt="{html.escape(caption)}" src="data:image/png;base64,{_png(fig)}">'
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
    )


def _cell(value):
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return f'<td class="num withheld">{WITHHELD}</td>'
    if isinstance(value, float):
        value = f"{value:.1f}" if not value.is_integer() else f"{int(value)}"
    return f'<td class="num">{html.escape(str(value))}</td>'


def health_figures(client, program_id):
    """{health: running pairs} as the server gives them (None: withheld)."""
    rows = client.read_figures(
        PAIR_REPORT,
        [("program_id", "=", program_id), ("state", "in", RUNNING_STATES)],
        ["health"],
        ["running:sum"],
    )
    return {row["health"] or "unknown": row["running"] for row in rows}


def monthly_sessions(client, program_id):
    """[(first day of the month, sessions done or None)] for the program."""
    rows = client.read_figures(
        SESSION_REPORT,
        [("program_id", "=", program_id), ("state", "=", "done")],
        ["date:month"],
        ["done:sum"],
    )
    months = []
    for row in rows:
        start = (row.get("__range") or {}).get("date:month", {}).get("from")
        months.append((start or row["date:month"], row["done"]))
    return months


def _bars(labels, values, colours, title, ylabel):
    fig = Figure(figsize=(7, 3))
    ax = fig.subplots()
    heights = [0 if value is None else value for value in values]
    bars = ax.bar(labels, heights, color=colours)
    for bar, value in zip(bars, values):
        ax.annotate(
            WITHHELD if value is None else f"{value:g}",
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize=8,
        )
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def health_chart(health):
    keys = [key for key in HEALTH_LABELS if key in health] + [
        key for key in health if key not in HEALTH_LABELS
    ]
    return _bars(
        [HEALTH_LABELS.get(key, key) for key in keys],
        [health[key] for key in keys],
        [HEALTH_COLOURS.get(key, "#607d8b") for key in keys],
        "Running pairs by health",
        "pairs",
    )


def sessions_chart(months):
    return _bars(
        [str(month)[:7] for month, _done in months],
        [done for _month, done in months],
        "#1565c0",
        "Sessions done by month",
        "sessions",
    )


def _shown(outcomes):
    """The measures the server gave figures for (not withheld)."""
    return outcomes[outcomes["measure"].notna() & outcomes["withheld"].eq(False)]


def outcomes_chart(outcomes):
    """Participants against the comparison group, for the measures that are
    shares, in percent."""
    shown = _shown(outcomes)
    shown = shown[(shown["unit"] == "share") & shown["participants"].notna()]
    if shown.empty:
        return None
    labels = list(shown["label"])
    fig = Figure(figsize=(7, 0.5 + 0.6 * len(labels)))
    ax = fig.subplots()
    positions = range(len(labels))
    ax.barh(
        [p + 0.2 for p in positions],
        list(shown["participants"] * 100),
        height=0.4,
        label="Participants",
        color="#1565c0",
    )
    ax.barh(
        [p - 0.2 for p in positions],
        list(shown["comparison_group"].fillna(0) * 100),
        height=0.4,
        label="Comparison group",
        color="#9e9e9e",
    )
    ax.set_yticks(list(positions), labels)
    ax.set_xlabel("%")
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title("Participants against their comparison group")
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def _outcome_value(value, unit):
    if pd.isna(value):
        return ""
    return f"{value * 100:.1f} %" if unit == "share" else f"{value:.1f}"


def _outcome_difference(row):
    if pd.isna(row.difference):
        return ""
    scale, suffix = (100, " pts") if row.unit == "share" else (1, "")
    text = f"{row.difference * scale:+.1f}{suffix}"
    if pd.isna(row.ci_low) or pd.isna(row.ci_high):
        return text
    return f"{text} [{row.ci_low * scale:+.1f}, {row.ci_high * scale:+.1f}]"


def _outcomes_table(outcomes):
    if outcomes.empty:
        return "<p>No outcomes.</p>"
    if outcomes["measure"].isna().all():
        return f"<p>{html.escape(str(outcomes['note'].iloc[0] or ''))}</p>"
    summary = outcomes["summary"].dropna()
    lines = [f"<p>{html.escape(summary.iloc[0])}</p>" if len(summary) else ""]
    lines.append(
        "<table><tr><th>Measure</th><th>Participants</th><th>Comparison group</th>"
        "<th>Difference [95 % interval]</th></tr>"
    )
    for row in outcomes.itertuples():
        if row.withheld:
            figures = f'<td colspan="3" class="withheld">{html.escape(str(row.note))}</td>'
        else:
            cells = (
                _outcome_value(row.participants, row.unit),
                _outcome_value(row.comparison_group, row.unit),
                _outcome_difference(row) or (row.note or ""),
            )
            figures = "".join(f'<td class="num">{html.escape(text)}</td>' for text in cells)
        lines.append(f"<tr><td>{html.escape(str(row.label))}</td>{figures}</tr>")
    lines.append("</table>")
    return "".join(lines)


def build_report(client, program):
    """The HTML page (a str) of ``program`` (an id or a name), as this client's
    person may see it."""
    program_id = client.program_id(program)
    [record] = client.call("mentorship.program", "read", [program_id], ["name"])
    indicators = client.export_indicators(program_id)
    figures = indicators.iloc[0].to_dict() if len(indicators) else {}
    health = health_figures(client, program_id)
    months = monthly_sessions(client, program_id)
    outcomes = client.export_outcomes(program_id)

    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{html.escape(record['name'])}: mentorship report</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{html.escape(record['name'])}</h1>",
        f"<p class='meta'>Health and outcomes as {html.escape(client.login)} sees them on "
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC. A figure over fewer people than "
        "the program's minimum group size is withheld by the server.</p>",
        "<h2>Key figures</h2><table>",
    ]
    parts += [
        f"<tr><th>{html.escape(label)}</th>{_cell(figures.get(key))}</tr>"
        for key, label in KEY_FIGURES
    ]
    parts.append("</table><h2>Health</h2>")
    if not health:
        parts.append("<p>No running pairs to show.</p>")
    elif all(value is None for value in health.values()):
        parts.append(ALL_WITHHELD)
    else:
        parts.append(_figure(health_chart(health), "Running pairs by health band"))
    parts.append("<h2>Activity</h2>")
    if not months:
        parts.append("<p>No sessions done yet.</p>")
    elif all(done is None for _month, done in months):
        parts.append(ALL_WITHHELD)
    else:
        parts.append(_figure(sessions_chart(months), "Sessions done per month"))
    parts.append("<h2>Outcomes</h2>")
    chart = outcomes_chart(outcomes) if outcomes["measure"].notna().any() else None
    if chart is not None:
        parts.append(_figure(chart, "Outcome rates: participants and comparison group"))
    parts.append(_outcomes_table(outcomes))
    parts.append("</body></html>")
    return "\n".join(parts)
