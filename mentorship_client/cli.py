"""``python -m mentorship_client export|import|report ...``

The connection comes from flags or the environment (MENTORSHIP_URL,
MENTORSHIP_DB, MENTORSHIP_LOGIN, MENTORSHIP_PASSWORD or MENTORSHIP_API_KEY);
without a password or key, the client asks for it in the terminal.
"""

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from .client import EXPORT_KINDS, Client, ClientError
from .connection import (
    ENV_API_KEY,
    ENV_DB,
    ENV_LOGIN,
    ENV_PASSWORD,
    ENV_URL,
    ConnectionSettings,
    SettingsError,
)
from .files import FileError, format_of, write_frame

EXIT_REFUSED = 1  # the server refused, or the import has bad rows
EXIT_USAGE = 2


def _connection_flags():
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("connection")
    group.add_argument("--url", help=f"the Odoo server, e.g. https://odoo.example.com (${ENV_URL})")
    group.add_argument("--db", help=f"the database (${ENV_DB})")
    group.add_argument("--login", help=f"your login (${ENV_LOGIN})")
    group.add_argument(
        "--password",
        help=f"your password (${ENV_PASSWORD}; better left out: you are asked for it)",
    )
    group.add_argument("--api-key", help=f"an API key instead of the password (${ENV_API_KEY})")
    group.add_argument(
        "--ask-password", action="store_true", help="ask for the password even if it is set"
    )
    return parent


def build_parser():
    connection = _connection_flags()
    parser = argparse.ArgumentParser(
        prog="python -m mentorship_client",
        description="Export, import and report on mentorship programs over Odoo's RPC, "
        "as the person who logs in: the server decides what they may read.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    export = sub.add_parser(
        "export", parents=[connection], help="export records or figures to CSV, XLSX or Parquet"
    )
    export.add_argument("kind", choices=EXPORT_KINDS)
    export.add_argument("--program", help="a program's id or exact name (default: all programs)")
    export.add_argument(
        "-o", "--output", type=Path, help="the file to write (default: KIND.FORMAT here)"
    )
    export.add_argument(
        "--format", choices=("csv", "xlsx", "parquet"), help="default: the output's extension"
    )

    imp = sub.add_parser(
        "import",
        parents=[connection],
        help="enroll the people of an HR system's CSV or XLSX file (all or nothing)",
    )
    imp.add_argument("file", type=Path)
    imp.add_argument("--program", required=True, help="the program's id or exact name")
    imp.add_argument(
        "--dry-run", action="store_true", help="check every row, report the bad ones, enroll nobody"
    )

    report = sub.add_parser(
        "report", parents=[connection], help="one program's health and outcomes as an HTML page"
    )
    report.add_argument("--program", required=True, help="the program's id or exact name")
    report.add_argument(
        "-o", "--output", type=Path, default=None, help="default: mentorship-report.html"
    )
    return parser


class _RichProgress:
    """The client's ``progress(label, done, total)`` drawn as rich bars."""

    def __init__(self, progress):
        self.progress = progress
        self.tasks = {}

    def __call__(self, label, done, total):
        if label not in self.tasks:
            self.tasks[label] = self.progress.add_task(label, total=total or None)
        self.progress.update(self.tasks[label], completed=done, total=total or None)


def _progress(console):
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def _settings(args):
    return ConnectionSettings.resolve(
        url=args.url,
        db=args.db,
        login=args.login,
        password=args.password,
        api_key=args.api_key,
        ask_password=args.ask_password,
    )


def _run_export(args, client, console):
    output = args.output or Path(f"{args.kind}.{args.format or 'csv'}")
    fmt = format_of(output, args.format)
    frame = client.export(args.kind, args.program)
    write_frame(frame, output, fmt)
    console.print(f"{len(frame)} row(s) of {args.kind} written to {output} ({fmt})")
    return 0


def _run_import(args, client, console):
    answer = client.import_enrollments(args.file, args.program, dry_run=args.dry_run)
    return print_import_answer(answer, args.file, console)


def print_import_answer(answer, path, console):
    """Print the server's answer to an import (``import_rows``): every bad row
    with its row number, column and reason, or what was enrolled. Returns the
    exit status: 1 when any row is bad (then nothing was enrolled)."""
    errors = answer.get("errors") or []
    if errors:
        table = Table(title=f"{len(errors)} problem(s) in {path}")
        table.add_column("row", justify="right")
        table.add_column("column")
        table.add_column("reason")
        for error in errors:
            table.add_row(*(Text(str(error.get(key) or "")) for key in ("row", "column", "reason")))
        console.print(table)
        console.print("Nothing was enrolled: fix these rows and run again.")
        return EXIT_REFUSED
    if answer.get("dry_run"):
        console.print(f"Dry run: every row of {path} is good; nothing was enrolled.")
    else:
        console.print(f"{answer.get('created', 0)} enrollment(s) created from {path}.")
    return 0


def _run_report(args, client, console):
    from .report import build_report  # pylint: disable=import-outside-toplevel  (matplotlib)

    output = args.output or Path("mentorship-report.html")
    output.write_text(build_report(client, args.program), encoding="utf-8")
    console.print(f"Report written to {output}")
    return 0


def main(argv=None):
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    # Paths and server messages stay on one line, whatever the terminal's width.
    console = Console(stderr=False, soft_wrap=True)
    errors = Console(stderr=True, soft_wrap=True)
    runner = {"export": _run_export, "import": _run_import, "report": _run_report}
    try:
        settings = _settings(args)  # before the bars: a password prompt needs the terminal
        with _progress(errors) as progress:
            client = Client.from_settings(settings, progress=_RichProgress(progress))
            return runner[args.command](args, client, console)
    except (SettingsError, FileError) as exc:
        errors.print(f"error: {exc}", style="red", markup=False, highlight=False)
        return EXIT_USAGE
    except ClientError as exc:
        errors.print(f"refused: {exc}", style="red", markup=False, highlight=False)
        return EXIT_REFUSED
