"""Plain-Python rules of the enrollment file: no ORM in here.

The Odoo side (``mentorship.enrollment.import_rows``, the *Import
Enrollments* wizard) and external clients read files and cells the same way.
"""

from .enrollment_file import (
    COLUMN_EMPLOYEE,
    COLUMN_ROLE,
    COLUMNS,
    FILE_DUPLICATE_COLUMN,
    FILE_EMPTY,
    FILE_ENCODING,
    FILE_NOT_XLSX,
    FILE_UNSUPPORTED,
    MENTEE_COLUMNS,
    MENTOR_COLUMNS,
    REQUIRED_COLUMNS,
    ImportFileError,
    cell_text,
    is_blank,
    normalise_column,
    read_file,
    split_list,
    split_skill_levels,
    template_csv,
)

__all__ = [
    "COLUMNS",
    "COLUMN_EMPLOYEE",
    "COLUMN_ROLE",
    "FILE_DUPLICATE_COLUMN",
    "FILE_EMPTY",
    "FILE_ENCODING",
    "FILE_NOT_XLSX",
    "FILE_UNSUPPORTED",
    "MENTEE_COLUMNS",
    "MENTOR_COLUMNS",
    "REQUIRED_COLUMNS",
    "ImportFileError",
    "cell_text",
    "is_blank",
    "normalise_column",
    "read_file",
    "split_list",
    "split_skill_levels",
    "template_csv",
]
