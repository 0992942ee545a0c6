"""Reading and writing the client's files: exports to CSV, XLSX or Parquet,
and the HR system's CSV or XLSX file to import."""

from pathlib import Path

import pandas as pd

FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".parquet": "parquet"}


class FileError(ValueError):
    """A file cannot be read or written as asked (the message names it)."""


def format_of(path, explicit=None):
    """The format of ``path``: ``explicit``, else its extension's."""
    if explicit:
        if explicit not in FORMATS.values():
            raise FileError(f"unknown format {explicit!r}: csv, xlsx or parquet")
        return explicit
    try:
        return FORMATS[Path(path).suffix.lower()]
    except KeyError:
        raise FileError(
            f"{path}: say --format csv, xlsx or parquet, or name the file .csv, .xlsx or .parquet"
        ) from None


def write_frame(frame, path, fmt=None):
    """Write ``frame`` to ``path`` as CSV (UTF-8), XLSX or Parquet."""
    fmt = format_of(path, fmt)
    if fmt == "csv":
        frame.to_csv(path, index=False, encoding="utf-8")
    elif fmt == "xlsx":
        frame.to_excel(path, index=False, engine="openpyxl")
    else:
        frame.to_parquet(path, index=False, engine="pyarrow")
    return fmt


def read_frame(path, fmt=None):
    """Read back a file written by ``write_frame``."""
    fmt = format_of(path, fmt)
    if fmt == "csv":
        return pd.read_csv(path)
    if fmt == "xlsx":
        return pd.read_excel(path, engine="openpyxl")
    return pd.read_parquet(path, engine="pyarrow")


def read_import_rows(path):
    """The data rows of an HR system's CSV or XLSX file, as the server's import
    takes them: one dict {column: text} per row, in the file's order (row 2
    first), every cell as written (an empty cell is ""). Blank rows in the
    middle are kept, so that the server's row numbers are the file's; blank
    rows at the end are dropped."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise FileError(f"{path}: the import reads .csv or .xlsx files")
    try:
        if suffix == ".csv":
            frame = pd.read_csv(
                path,
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                skip_blank_lines=False,
                sep=None,
                engine="python",
                encoding="utf-8-sig",
            )
        else:
            frame = pd.read_excel(path, dtype=str, keep_default_na=False, na_filter=False)
    except FileNotFoundError:
        raise FileError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise FileError(
            f"{path}: not UTF-8 text (byte {exc.start}); save the file as CSV UTF-8"
        ) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise FileError(f"{path}: cannot be read ({exc})") from None
    frame.columns = [str(column).strip() for column in frame.columns]
    rows = [
        {column: ("" if value is None else str(value)) for column, value in row.items()}
        for row in frame.to_dict(orient="records")
    ]
    while rows and not any(value.strip() for value in rows[-1].values()):
        rows.pop()
    return rows
