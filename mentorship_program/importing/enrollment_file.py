"""The file HR exports from its HR system to enroll people: its columns, the
grammar of its cells, and how a CSV or XLSX file becomes rows.

Plain Python, no ORM: ``mentorship.enrollment.import_rows`` (the one
server-side import, called by the *Import Enrollments* wizard and by RPC
clients) and any client that reads the file itself share these rules.

A file has a header row (row 1) naming its columns, then one row per
enrollment (row 2 is the first, as in a spreadsheet). :func:`read_file`
returns the rows as dicts {column: text}; blank rows are kept in the middle
(so that row numbers stay those of the file) and dropped at the end. A file
that cannot be read raises :class:`ImportFileError` with a code and its
data; the caller words the message.

Cells holding several values separate them with ``;`` (``LIST_SEPARATOR``);
a skill and its level are ``Skill:Level`` (``LEVEL_SEPARATOR``), the level
after the last colon.
"""

import csv
import io
import zipfile
from datetime import date, datetime

# Columns, in the template's order. ``employee`` is a work e-mail (any value
# with an "@") or else an employee's name; ``role`` is "mentee" or "mentor".
COLUMN_EMPLOYEE = "employee"
COLUMN_ROLE = "role"
COLUMNS = (
    COLUMN_EMPLOYEE,
    COLUMN_ROLE,
    "goals",
    "target_role",
    "target_skills",
    "learning_style",
    "career_drivers",
    "availability",
    "hours_per_month",
    "languages",
    "time_zone",
    "capacity",
    "expertise",
)
REQUIRED_COLUMNS = (COLUMN_EMPLOYEE, COLUMN_ROLE)
# What only one role's intake holds.
MENTEE_COLUMNS = ("goals", "target_role", "target_skills", "learning_style", "career_drivers")
MENTOR_COLUMNS = ("capacity", "expertise")
LIST_SEPARATOR = ";"
LEVEL_SEPARATOR = ":"
CSV_DELIMITERS = (",", ";", "\t")

# An example row of the template: a mentee, with every column a mentee uses.
TEMPLATE_EXAMPLE = {
    COLUMN_EMPLOYEE: "jane.doe@example.com",
    COLUMN_ROLE: "mentee",
    "goals": "Lead a cross-functional project within a year",
    "target_role": "Team Lead",
    "target_skills": "Coaching:Advanced; Strategic Thinking:Intermediate",
    "learning_style": "experiential",
    "career_drivers": "Leadership",
    "availability": "Monday morning; Thursday afternoon",
    "hours_per_month": "4",
    "languages": "en_US; fr_FR",
    "time_zone": "Europe/Brussels",
    "capacity": "",
    "expertise": "",
}

# Codes of ImportFileError.
FILE_EMPTY = "empty"
FILE_ENCODING = "encoding"
FILE_NOT_XLSX = "not_xlsx"
FILE_UNSUPPORTED = "unsupported"
FILE_DUPLICATE_COLUMN = "duplicate_column"


class ImportFileError(ValueError):
    """A file that cannot be read: ``code`` (one of ``FILE_*``), the file's
    name and the details the message needs (``data``)."""

    def __init__(self, code, filename, **data):
        super().__init__(code, filename, data)
        self.code = code
        self.filename = filename
        self.data = data


def normalise_column(name):
    """A header as the import knows it: trimmed, lower case, spaces and
    hyphens as underscores ("Target Skills" is ``target_skills``)."""
    return "_".join(str(name or "").strip().lower().replace("-", " ").split())


def cell_text(value):
    """A cell as text: None is '', a whole number has no decimals, a date is
    ISO; everything stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value).strip()


def split_list(text):
    """The values of a ``;``-separated cell, stripped, blanks left out."""
    return [part.strip() for part in (text or "").split(LIST_SEPARATOR) if part.strip()]


def split_skill_levels(text):
    """``[(skill, level)]`` of a ``Skill:Level; Skill:Level`` cell; the level
    is '' when a value has no colon (the caller decides whether it may)."""
    pairs = []
    for part in split_list(text):
        skill, separator, level = part.rpartition(LEVEL_SEPARATOR)
        if not separator:
            skill, level = part, ""
        pairs.append((skill.strip(), level.strip()))
    return pairs


def is_blank(row):
    return not any(cell_text(value) for value in row.values())


def rows_from_table(filename, table):
    """Rows as dicts from a header and its lines (lists of cells); columns
    named twice are refused, trailing blank lines dropped."""
    table = [list(line) for line in table]
    if not table or not any(cell_text(cell) for cell in table[0]):
        raise ImportFileError(FILE_EMPTY, filename)
    header = [normalise_column(cell_text(cell)) for cell in table[0]]
    seen = set()
    for name in header:
        if name and name in seen:
            raise ImportFileError(FILE_DUPLICATE_COLUMN, filename, column=name)
        seen.add(name)
    rows = []
    for line in table[1:]:
        row = {
            name: cell_text(line[index] if index < len(line) else None)
            for index, name in enumerate(header)
            if name
        }
        # A value under no header is kept: the import refuses it by row.
        extra = [cell_text(cell) for cell in line[len(header) :] if cell_text(cell)]
        if extra:
            row[""] = LIST_SEPARATOR.join(extra)
        rows.append(row)
    while rows and is_blank(rows[-1]):
        rows.pop()
    return rows


def read_csv(filename, content):
    """Rows of a UTF-8 CSV file (with or without a byte order mark),
    delimited by commas, semicolons or tabs (the header's most frequent)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(FILE_ENCODING, filename, position=error.start) from error
    first_line = text.split("\n", 1)[0]
    delimiter = max(CSV_DELIMITERS, key=first_line.count)
    return rows_from_table(filename, csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def read_xlsx(filename, content):
    """Rows of the first sheet of an XLSX workbook (values, not formulas)."""
    import openpyxl  # noqa: PLC0415 - an Odoo requirement, needed for XLSX only

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError(FILE_NOT_XLSX, filename) from error
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise ImportFileError(FILE_EMPTY, filename)
        return rows_from_table(filename, sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def read_file(filename, content):
    """Rows of a ``.csv`` or ``.xlsx`` file, chosen by its name."""
    name = (filename or "").lower()
    if not content:
        raise ImportFileError(FILE_EMPTY, filename)
    if name.endswith(".csv"):
        return read_csv(filename, content)
    if name.endswith(".xlsx"):
        return read_xlsx(filename, content)
    raise ImportFileError(FILE_UNSUPPORTED, filename)


def template_csv():
    """The template: the header row and one example row, as UTF-8 CSV bytes."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow([TEMPLATE_EXAMPLE[column] for column in COLUMNS])
    return buffer.getvalue().encode("utf-8")
