"""The client's Python API: ``Client(url, db, login, password)``.

Every call goes through Odoo's external JSON-RPC API (``/jsonrpc``,
``object.execute_kw``) as the person who logged in, with a password or an
API key alike, so the server decides what comes back:

* records (pairs, sessions, enrollments) are read with ``search_read``: the
  record rules choose the rows, and only the fields the person's groups may
  read are asked for (``fields_get`` answers for them);
* figures (indicators) come from ``read_group`` on the module's reporting
  models, which withhold every cell over fewer people than the program's
  minimum group size; outcomes are the program's own comparison, read as
  the person (``organisation_outcome_results``: HR and the program's sponsor
  and steering group get the whole program, a leader their organisation).

Nothing here computes a figure over people from rows: a withheld cell stays
empty (NaN) in the DataFrame.
"""

import numbers

import odoorpc
import pandas as pd

from .connection import split_url
from .files import read_import_rows

PAGE_SIZE = 500

PAIR_FIELDS = (
    "program_id",
    "kind",
    "state",
    "health",
    "mentor_name",
    "mentee_name",
    "mentor_department_id",
    "mentee_department_id",
    "date_proposed",
    "date_deadline",
    "date_start",
    "date_term_end",
    "date_end",
    "end_cause",
    "score",
    "session_done_count",
    "session_done_hours",
    "last_session_date",
    "next_session_date",
)
# A session's metadata: its agenda and notes are the pair's own, never exported.
SESSION_FIELDS = (
    "pair_id",
    "program_id",
    "kind",
    "state",
    "date_start",
    "duration",
    "hours_spent",
    "mentor_name",
    "mentee_name",
    "mentee_department_id",
)
ENROLLMENT_FIELDS = (
    "program_id",
    "employee_id",
    "role",
    "state",
    "department_id",
    "job_id",
    "capacity",
    "hours_per_month",
    "tz",
    "learning_style",
    "target_job_id",
    "charter_accepted",
    "onboarding_completed",
    "rubric_passed",
    "is_ready",
    # HR's readiness rubric: left out for anyone whose groups may not read it.
    "readiness_coaching_aptitude",
    "readiness_time_availability",
    "readiness_domain_credibility",
)
RECORD_EXPORTS = {
    "pairs": ("mentorship.pair", PAIR_FIELDS),
    "sessions": ("mentorship.session", SESSION_FIELDS),
    "enrollments": ("mentorship.enrollment", ENROLLMENT_FIELDS),
}

PAIR_REPORT = "mentorship.pair.report"
SESSION_REPORT = "mentorship.session.report"
# The pairs report's figures per program, as the guarded report allows them
# (sums and averages only); the column name is the measure's.
PAIR_INDICATORS = (
    "running:sum",
    "answered:sum",
    "accepted:sum",
    "session_done_count:sum",
    "session_expected_count:sum",
    "session_hours:sum",
    "days_to_match:avg",
    "days_to_first_session:avg",
    "goal_count:sum",
    "goal_done_count:sum",
    "at_risk:sum",
    "stalled:sum",
)
SESSION_INDICATORS = ("done:sum", "duration:sum")
# HR's overview counts of a program (field groups keep them from others).
OVERVIEW_FIELDS = (
    "overview_enrollments_to_review",
    "overview_mentors_blocked",
    "overview_runs_to_publish",
    "overview_pairs_on_track",
    "overview_pairs_at_risk",
    "overview_pairs_stalled",
    "overview_sessions_to_log",
    "overview_reviews_due",
    "overview_free_seats",
    "overview_waiting_mentees",
)

EXPORT_KINDS = ("pairs", "sessions", "enrollments", "indicators", "outcomes")


class ClientError(Exception):
    """The server refused or failed a call; the message is the server's."""


def _server_message(exc):
    info = getattr(exc, "info", None) or {}
    data = info.get("data") or {}
    return data.get("message") or info.get("message") or str(exc)


class Client:
    """A connection to one Odoo database as one person.

    ``progress``, if given, is called as ``progress(label, done, total)``
    while a long export or import runs (the CLI draws a rich progress bar).
    """

    def __init__(self, url, db, login, password, *, timeout=120, progress=None):
        host, port, protocol = split_url(url)
        self.url, self.db, self.login = url, db, login
        self._secret = password
        self._progress = progress
        self._fields = {}
        try:
            self._odoo = odoorpc.ODOO(host, protocol=protocol, port=port, timeout=timeout)
            self.uid = self._rpc("common", "authenticate", db, login, password, {})
        except odoorpc.error.RPCError as exc:
            raise ClientError(f"cannot log in to {url} ({db}): {_server_message(exc)}") from exc
        except OSError as exc:
            raise ClientError(f"cannot reach {url}: {exc}") from exc
        if not self.uid:
            raise ClientError(f"{url} ({db}) refused the login {login!r} with that password")

    @classmethod
    def from_settings(cls, settings, **kwargs):
        return cls(settings.url, settings.db, settings.login, settings.secret, **kwargs)

    # ------------------------------------------------------------ RPC
    def _rpc(self, service, method, *args):
        answer = self._odoo.json("/jsonrpc", {"service": service, "method": method, "args": args})
        return answer["result"]

    def call(self, model, method, *args, **kwargs):
        """``model.method(*args, **kwargs)`` on the server, as this person."""
        try:
            return self._rpc(
                "object", "execute_kw", self.db, self.uid, self._secret, model, method, args, kwargs
            )
        except odoorpc.error.RPCError as exc:
            raise ClientError(_server_message(exc)) from exc

    def _report_progress(self, label, done, total):
        if self._progress:
            self._progress(label, done, total)

    def readable_fields(self, model):
        """{field: its description} of the fields of ``model`` this person may
        read (Odoo leaves out those of groups they are not in)."""
        if model not in self._fields:
            self._fields[model] = self.call(
                model, "fields_get", attributes=["type", "string", "selection"]
            )
        return self._fields[model]

    # ------------------------------------------------------------ programs
    def program_id(self, program):
        """The id of ``program`` (an id or an exact name) among the programs
        this person may read."""
        # numbers.Integral: an id taken from a DataFrame is a NumPy integer.
        if isinstance(program, numbers.Integral) or (
            isinstance(program, str) and program.isdigit()
        ):
            domain = [("id", "=", int(program))]
        else:
            domain = [("name", "=", program)]
        ids = self.call("mentorship.program", "search", domain)
        if not ids:
            raise ClientError(f"no program {program!r} that {self.login} may read")
        if len(ids) > 1:
            raise ClientError(f"several programs are named {program!r}: use an id ({ids})")
        return ids[0]

    def programs(self):
        """[(id, name)] of the programs this person may read."""
        rows = self.call("mentorship.program", "search_read", [], ["name"], order="name, id")
        return [(row["id"], row["name"]) for row in rows]

    def _program_domain(self, program, field="program_id"):
        return [] if program is None else [(field, "=", self.program_id(program))]

    # ------------------------------------------------------------ records
    def _export_records(self, kind, program):
        model, wanted = RECORD_EXPORTS[kind]
        described = self.readable_fields(model)
        names = ["id", *(name for name in wanted if name in described)]
        domain = self._program_domain(program)
        total = self.call(model, "search_count", domain)
        rows = []
        self._report_progress(kind, 0, total)
        while len(rows) < total:
            page = self.call(
                model, "search_read", domain, names, offset=len(rows), limit=PAGE_SIZE, order="id"
            )
            if not page:
                break
            rows += page
            self._report_progress(kind, len(rows), total)
        return _records_frame(rows, names, described)

    def export_pairs(self, program=None):
        """The pairs this person may read (all programs, or ``program``)."""
        return self._export_records("pairs", program)

    def export_sessions(self, program=None):
        """The sessions this person may read: their metadata, never their agenda
        or notes."""
        return self._export_records("sessions", program)

    def export_enrollments(self, program=None):
        """The enrollments this person may read, with the fields they may read."""
        return self._export_records("enrollments", program)

    # ------------------------------------------------------------ figures
    def read_figures(self, model, domain, groupby, aggregates):
        """``read_group`` on a guarded reporting model: one dict per group,
        with ``__count``; a withheld figure is None."""
        return self.call(model, "read_group", domain, list(aggregates), list(groupby), lazy=False)

    def export_indicators(self, program=None):
        """The leading indicators per program, as the server computes them for
        this person: pairs and sessions figures over at least the program's
        minimum group size of mentees (else empty), and HR's overview counts
        when this person may read them."""
        program_ids = None if program is None else [self.program_id(program)]
        domain = [] if program_ids is None else [("program_id", "in", program_ids)]
        self._report_progress("indicators", 0, 3)
        pairs = self.read_figures(PAIR_REPORT, domain, ["program_id"], PAIR_INDICATORS)
        self._report_progress("indicators", 1, 3)
        sessions = self.read_figures(SESSION_REPORT, domain, ["program_id"], SESSION_INDICATORS)
        self._report_progress("indicators", 2, 3)
        by_program = {}
        for row in pairs:
            entry = _program_entry(by_program, row["program_id"])
            entry["pairs"] = row["__count"]
            for spec in PAIR_INDICATORS:
                entry[spec.split(":")[0]] = row.get(spec.split(":")[0])
        for row in sessions:
            entry = _program_entry(by_program, row["program_id"])
            entry["sessions"] = row["__count"]
            entry["sessions_done"] = row.get("done")
            entry["session_planned_hours"] = row.get("duration")
        readable = self.readable_fields("mentorship.program")
        overview = [name for name in OVERVIEW_FIELDS if name in readable]
        if overview:
            # Every program in view, those without pairs yet too.
            ids = program_ids or self.call("mentorship.program", "search", [])
            for row in self.call("mentorship.program", "read", ids, ["name", *overview]):
                entry = _program_entry(by_program, [row["id"], row["name"]])
                entry.update({name: row[name] for name in overview})
        self._report_progress("indicators", 3, 3)
        columns = [
            "program_id",
            "program",
            "pairs",
            *(spec.split(":")[0] for spec in PAIR_INDICATORS),
            "sessions",
            "sessions_done",
            "session_planned_hours",
            *overview,
        ]
        frame = pd.DataFrame(list(by_program.values()), columns=columns)
        return _numeric(frame, columns[2:])

    def export_outcomes(self, program=None):
        """Participants against their matched comparison group, per program
        and measure, as the server computes them for this person
        (``mentorship.program.get_organisation_outcomes``): shares from 0 to 1,
        days for the time to skill. A figure over fewer people than the
        minimum group size is empty, with the server's ``note``
        ("fewer than N"): the server withheld it. A program without figures
        yet gives one row, its reason in ``note``."""
        ids = (
            [self.program_id(program)]
            if program is not None
            else [pid for pid, _name in self.programs()]
        )
        rows = []
        self._report_progress("outcomes", 0, len(ids))
        for done, program_id in enumerate(ids, start=1):
            [result] = self.call("mentorship.program", "get_organisation_outcomes", [program_id])
            base = {"program_id": result["program_id"], "program": result["program"]}
            if not result["measures"]:
                rows.append({**base, "note": result["summary"]})
            rows += [
                {
                    **base,
                    **measure,
                    "participants": measure["participants_value"],
                    "comparison_group": measure["comparison_value"],
                    "summary": result["summary"],
                }
                for measure in result["measures"]
            ]
            self._report_progress("outcomes", done, len(ids))
        frame = pd.DataFrame(rows, columns=OUTCOME_COLUMNS)
        return _numeric(frame, OUTCOME_NUMBERS)

    def export(self, kind, program=None):
        """``export_<kind>(program)`` for one of ``EXPORT_KINDS``."""
        if kind not in EXPORT_KINDS:
            raise ClientError(f"unknown export {kind!r}: one of {', '.join(EXPORT_KINDS)}")
        return getattr(self, f"export_{kind}")(program)

    # ------------------------------------------------------------ import
    def import_enrollments(self, path, program, dry_run=False):
        """Enroll the people of a CSV or XLSX file from an HR system in
        ``program``, all or nothing, in one server call
        (``mentorship.enrollment.import_rows``). Returns the server's answer:
        ``{"errors": [{"row", "column", "reason"}], "created": n, "dry_run": bool}``
        (the file's first data row is row 2)."""
        rows = read_import_rows(path)
        program_id = self.program_id(program)
        self._report_progress("import", 0, len(rows))
        answer = self.call(
            "mentorship.enrollment", "import_rows", program_id, rows, dry_run=bool(dry_run)
        )
        self._report_progress("import", len(rows), len(rows))
        return answer


OUTCOME_NUMBERS = (
    "participants_count",
    "comparison_count",
    "participants",
    "comparison_group",
    "difference",
    "ci_low",
    "ci_high",
    "p_value",
)
OUTCOME_COLUMNS = (
    "program_id",
    "program",
    "measure",
    "label",
    "unit",
    *OUTCOME_NUMBERS,
    "significant",
    "withheld",
    "note",
    "summary",
)


def _program_entry(by_program, value):
    program_id, name = (value[0], value[1]) if value else (None, None)
    entry = by_program.setdefault(program_id, {"program_id": program_id, "program": name})
    if name and not entry["program"]:
        entry["program"] = name
    return entry


def _numeric(frame, columns):
    for column in columns:
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    return frame


def _records_frame(rows, names, described):
    """``search_read`` rows as a DataFrame: a many2one gives its id and its
    name (``program_id`` and ``program``), dates are dates, and Odoo's False
    for an empty value is None (except in boolean fields)."""
    columns, data = [], {}
    for name in names:
        kind = "integer" if name == "id" else described[name]["type"]
        values = [row.get(name) for row in rows]
        if kind == "many2one":
            label = name[:-3] if name.endswith("_id") else f"{name}_name"
            data[name] = pd.array([v[0] if v else None for v in values], dtype="Int64")
            data[label] = [v[1] if v else None for v in values]
            columns += [name, label]
            continue
        if kind == "boolean":
            data[name] = pd.array(values, dtype="boolean")
        elif kind in ("date", "datetime"):
            data[name] = pd.to_datetime([v or None for v in values])
        elif kind == "integer":
            data[name] = pd.array([None if v is False else v for v in values], dtype="Int64")
        elif kind in ("float", "monetary"):
            data[name] = pd.array([None if v is False else v for v in values], dtype="Float64")
        else:
            data[name] = [None if v is False else v for v in values]
        columns.append(name)
    return pd.DataFrame(data, columns=columns)
