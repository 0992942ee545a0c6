"""Command line of ``./dev`` (run as ``python -m tools.devenv``).

./dev up [--db NAME] [--reset] [--no-serve] [--port N] [--interface IP]
./dev test [--db NAME] [--no-lint] [--no-install] [-- PYTEST ARGS...]
./dev lint
./dev pot [--db NAME]
./dev screenshots [--db NAME] [--port N] [--chromium PATH] [--only NAME ...]

up, test and screenshots install a missing PostgreSQL or Chromium with
apt-get when run as root on Debian/Ubuntu (``--no-system-packages`` not to).
"""

import argparse
import os
import sys

from . import paths
from .errors import DevEnvError
from .system_packages import NO_SYSTEM_PACKAGES_ENV


def build_parser():
    parser = argparse.ArgumentParser(
        prog="./dev",
        description="Development helper for the mentorship_program Odoo 18 add-on.",
        epilog="Odoo is found through $ODOO_PATH or an importable `odoo` package; "
        "PostgreSQL through PGHOST/PGPORT/PGUSER/PGPASSWORD or the local server.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    machine = argparse.ArgumentParser(add_help=False)
    machine.add_argument(
        "--no-system-packages",
        action="store_true",
        help="never install a missing PostgreSQL or Chromium with apt-get (as root on "
        f"Debian/Ubuntu it does by default; env {NO_SYSTEM_PACKAGES_ENV}=1)",
    )

    up = sub.add_parser(
        "up",
        parents=[machine],
        help="create the demo database (if needed) and run Odoo on http://localhost:8069",
    )
    up.add_argument(
        "--db",
        default=os.environ.get("MENTORSHIP_DEMO_DB") or paths.db_name(paths.DEFAULT_DEMO_DB),
        help="database name (default: %(default)s; env MENTORSHIP_DEMO_DB)",
    )
    up.add_argument("--reset", action="store_true", help="drop and recreate the database first")
    up.add_argument(
        "--no-serve",
        action="store_true",
        help="only create/install the database, do not start the server",
    )
    up.add_argument("--port", type=int, default=8069, help="HTTP port (default: %(default)s)")
    up.add_argument(
        "--interface",
        default="127.0.0.1",
        help="HTTP interface to bind (default: %(default)s)",
    )

    test = sub.add_parser(
        "test",
        parents=[machine],
        help="lint, install into a fresh database, run pytest (args after -- go to pytest)",
    )
    test.add_argument(
        "--db",
        default=os.environ.get("MENTORSHIP_TEST_DB") or paths.db_name(paths.DEFAULT_TEST_DB),
        help="test database name, dropped and recreated (default: %(default)s; env MENTORSHIP_TEST_DB)",
    )
    test.add_argument(
        "--http-port",
        type=int,
        default=int(os.environ.get("MENTORSHIP_TEST_HTTP_PORT") or 8069),
        help="port of the HTTP server browser and portal tests talk to, so two "
        "suites can run side by side (default: %(default)s; env MENTORSHIP_TEST_HTTP_PORT)",
    )
    test.add_argument(
        "--no-lint", dest="lint", action="store_false", help="skip the linters (ruff, pylint-odoo)"
    )
    test.add_argument(
        "--no-install",
        dest="install",
        action="store_false",
        help="reuse the existing test databases instead of recreating them",
    )
    test.add_argument(
        "--data",
        choices=("both", "empty", "demo"),
        default="both",
        help="which databases the module's tests run on: one without demo data (with the "
        "tooling and install tests), one with demo data (the module's tests again, as "
        "Odoo's and OCA's CI run them), or both (default: %(default)s)",
    )

    sub.add_parser(
        "lint", help="run ruff (check and format) and pylint-odoo, as CI and pre-commit do"
    )

    pot = sub.add_parser(
        "pot",
        help="regenerate the module's .pot with odoo-bin from the test database and "
        "merge the .po files (msgmerge)",
    )
    pot.add_argument(
        "--db",
        default=os.environ.get("MENTORSHIP_TEST_DB") or paths.db_name(paths.DEFAULT_TEST_DB),
        help="database without demo data where the module is installed, updated first "
        "(default: %(default)s, made by ./dev test)",
    )

    shots = sub.add_parser(
        "screenshots",
        parents=[machine],
        help="start Odoo on the demo database and save docs/screenshots/*.png (headless Chromium)",
    )
    shots.add_argument(
        "--db",
        default=os.environ.get("MENTORSHIP_DEMO_DB") or paths.db_name(paths.DEFAULT_DEMO_DB),
        help="demo database, made by `./dev up --no-serve` (default: %(default)s)",
    )
    shots.add_argument("--port", type=int, default=None, help="HTTP port (default: a free one)")
    shots.add_argument(
        "--chromium", default=None, help="Chromium binary (default: /usr/bin/chromium or PATH)"
    )
    shots.add_argument(
        "--only", nargs="+", default=(), metavar="NAME", help="only these screenshots"
    )
    return parser


def parse_args(argv):
    argv = list(argv)
    extra = []
    if "--" in argv:
        cut = argv.index("--")
        argv, extra = argv[:cut], argv[cut + 1 :]
    args = build_parser().parse_args(argv)
    if extra and args.command != "test":
        raise DevEnvError(
            f"arguments after -- are only accepted by `./dev test` (got: {' '.join(extra)})"
        )
    args.pytest_args = extra
    if getattr(args, "no_system_packages", False):
        # Read where a package would be installed (system_packages.provide).
        os.environ[NO_SYSTEM_PACKAGES_ENV] = "1"
    return args


def main(argv=None):
    from . import commands  # pylint: disable=import-outside-toplevel

    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
        handler = {
            "up": commands.cmd_up,
            "test": commands.cmd_test,
            "lint": commands.cmd_lint,
            "pot": commands.cmd_pot,
            "screenshots": commands.cmd_screenshots,
        }[args.command]
        return handler(args)
    except DevEnvError as exc:
        sys.stdout.flush()
        print(f"error: {exc.message}", file=sys.stderr, flush=True)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
