"""The ``./dev`` commands: up, test, lint, pot, screenshots."""

import os
import shutil
import socket
import subprocess
import sys

from . import paths
from .chromium import ensure_chromium
from .context import CONTEXT_ENV, build_context
from .errors import DevEnvError
from .lint import run_linters
from .odoo_run import install_module
from .postgres import database_exists, drop_database
from .system_packages import ensure_program

PYTEST_NO_TESTS = 5
# Odoo modules the add-on uses when present without depending on them,
# installed into the test databases so that their code paths are tested:
# hr_hourly_cost gives the cost of mentoring time. The clean installs of
# tests/test_install.py install the add-on alone. The bridge modules
# (paths.BRIDGE_MODULES) come on top, with the app each one bridges to.
TEST_EXTRA_MODULES = ("hr_hourly_cost",)


def tested_bridge_dirs(ctx, demo=False):
    """The bridge modules ./dev test installs and tests on a database (name ->
    folder): all of them without demo data, those not in
    paths.BRIDGES_WITHOUT_DEMO with it."""
    return {
        name: folder
        for name, folder in ctx.bridge_dirs.items()
        if not (demo and name in paths.BRIDGES_WITHOUT_DEMO)
    }


def extra_test_modules(ctx, demo=False):
    """What ./dev test installs along with the add-on: TEST_EXTRA_MODULES,
    then each bridge module tested on that database and the app it bridges to."""
    modules = list(TEST_EXTRA_MODULES)
    for name in tested_bridge_dirs(ctx, demo):
        modules += [paths.BRIDGE_MODULES[name], name]
    return tuple(modules)


def _install_or_fail(ctx, db_name, *, demo, config_path, extra_modules=()):
    kind = "with demo data" if demo else "without demo data"
    extra = f" with {', '.join(extra_modules)}" if extra_modules else ""
    print(
        f"==> installing {paths.MODULE_NAME}{extra} into a new database {db_name} ({kind})",
        flush=True,
    )
    result = install_module(
        ctx, db_name, demo=demo, config_path=config_path, echo=True, extra_modules=extra_modules
    )
    if not result.ok:
        errors = "\n".join(result.error_lines[:20])
        raise DevEnvError(
            f"installing {paths.MODULE_NAME} into {db_name} failed ({result.problem}). "
            f"Last lines of {result.log_path}:\n{result.tail()}"
            + (f"\nError lines:\n{errors}" if errors else "")
        )
    warnings = f", {len(result.warning_lines)} warning(s)" if result.warning_lines else ""
    print(
        f"    installed in {result.seconds:.0f}s{warnings} (log: {result.log_path})",
        flush=True,
    )
    return result


# --------------------------------------------------------------------- lint
def cmd_lint(args):
    root = paths.addons_root()
    run_linters(root / paths.MODULE_NAME, *paths.bridge_module_dirs(root).values())
    return 0


# --------------------------------------------------------------------- test
def _names_test_paths(args):
    """True if pytest ``args`` select test files/dirs (then they replace the defaults)."""
    for arg in args:
        if arg.startswith("-"):
            continue
        target = arg.split("::", 1)[0]
        if target and (paths.REPO_ROOT / target).exists():
            return True
    return False


def pytest_command(ctx, config_path, db_name, extra_args=(), module_only=False):
    """On the database with demo data (``module_only``) the module's tests and
    those of the bridges installed there; without, the repository's tests too,
    and the RPC client's tests last, against a server on that database."""
    targets = [] if module_only else [str(paths.REPO_ROOT / "tests")]
    bridges = tested_bridge_dirs(ctx, demo=module_only)
    for module_dir in (ctx.module_dir, *bridges.values()):
        if (module_dir / "tests").is_dir():
            targets.append(str(module_dir / "tests"))
    if not module_only:
        # The RPC client's tests come last: they start odoo-bin on this
        # database once the module's tests are done with it.
        targets.append(str(paths.REPO_ROOT / paths.CLIENT_PACKAGE / "tests"))
    if _names_test_paths(extra_args):
        targets = []
    return [
        ctx.odoo.python,
        "-m",
        "pytest",
        "-c",
        str(paths.REPO_ROOT / "pytest.ini"),
        "--rootdir",
        str(paths.REPO_ROOT),
        "-p",
        "no:cacheprovider",
        f"--odoo-config={config_path}",
        f"--odoo-database={db_name}",
        f"--odoo-addons-path={ctx.addons_path}",
        "--odoo-http",
        *targets,
        *extra_args,
    ]


def cmd_test(args):
    """Lint, then the tests on a fresh database without demo data (tooling,
    installs and the module's tests), then the module's tests again on a
    fresh database with demo data: they must hold on any database."""
    ctx = build_context()
    # The tours and the accessibility checks drive a headless Chromium; the
    # reports' tests print real PDFs.
    ensure_chromium()
    ensure_wkhtmltopdf()
    if args.lint:
        run_linters(ctx.module_dir, *ctx.bridge_dirs.values())
    runs = []
    if args.data in ("both", "empty"):
        runs.append((args.db, False))
    if args.data in ("both", "demo"):
        runs.append((f"{args.db}_demo", True))
    failures = []
    for db_name, demo in runs:
        returncode = _test_on(ctx, args, db_name, demo)
        if returncode:
            failures.append(f"{db_name} (exit {returncode})")
    if failures:
        print(f"==> tests failed on: {', '.join(failures)}", flush=True)
        return 1
    return 0


def _test_on(ctx, args, db_name, demo):
    kind = "with demo data" if demo else "without demo data"
    config_path = ctx.write_config(
        f"odoo-test{'-demo' if demo else ''}.conf",
        db_name=db_name,
        http_port=args.http_port,
        extra={"max_cron_threads": 0},
    )
    if args.install:
        _install_or_fail(
            ctx,
            db_name,
            demo=demo,
            config_path=config_path,
            extra_modules=extra_test_modules(ctx, demo),
        )
    elif not database_exists(ctx.pg, db_name):
        raise DevEnvError(f"database {db_name} does not exist: run without --no-install first.")
    env = ctx.env()
    env[CONTEXT_ENV] = str(ctx.save(ctx.state_dir / "context.json"))
    # The tooling and install tests do not depend on the database: once is enough.
    cmd = pytest_command(ctx, config_path, db_name, args.pytest_args, module_only=demo)
    print(
        f"==> pytest (pytest-odoo, database {db_name}, {kind}): {' '.join(cmd[1:])}",
        flush=True,
    )
    returncode = subprocess.run(cmd, env=env, cwd=str(paths.REPO_ROOT), check=False).returncode
    if returncode == PYTEST_NO_TESTS:
        raise DevEnvError(
            f"no tests collected on {db_name}: pytest found no tests (pytest exit 5); "
            "that is a failure.",
            exit_code=PYTEST_NO_TESTS,
        )
    return returncode


# ----------------------------------------------------------------------- up
def _port_in_use(interface, port):
    host = "127.0.0.1" if interface in ("", "0.0.0.0") else interface
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex((host, port)) == 0


def ensure_wkhtmltopdf():
    """Odoo prints its PDF reports (the quarterly review, a pair's summary)
    with wkhtmltopdf, which it finds on PATH."""
    return ensure_program(
        "wkhtmltopdf (Odoo prints PDF reports with it)", "wkhtmltopdf", ["wkhtmltopdf"]
    )


def cmd_up(args):
    db_name = args.db
    ctx = build_context()
    ensure_wkhtmltopdf()
    config_path = ctx.write_config(
        "odoo-dev.conf",
        db_name=db_name,
        http_interface=args.interface,
        http_port=args.port,
    )
    if args.reset:
        print(f"==> --reset: dropping database {db_name}", flush=True)
        drop_database(ctx.pg, db_name, ctx.data_dir)
    existing = database_exists(ctx.pg, db_name)
    if existing:
        print(
            f"==> database {db_name} exists; keeping it and updating {paths.MODULE_NAME} "
            "to this checkout (use --reset to recreate it)",
            flush=True,
        )
    else:
        try:
            _install_or_fail(ctx, db_name, demo=True, config_path=config_path)
        except DevEnvError:
            # Do not leave a half-installed database that the next run would reuse.
            drop_database(ctx.pg, db_name, ctx.data_dir)
            raise
    if args.no_serve:
        print(
            f"==> database {db_name} is ready (--no-serve: not starting the server)",
            flush=True,
        )
        return 0
    if _port_in_use(args.interface, args.port):
        raise DevEnvError(
            f"port {args.port} on {args.interface} is already in use (another Odoo running?): "
            f"stop it or use `./dev up --port <other>`."
        )
    host = "localhost" if args.interface in ("127.0.0.1", "0.0.0.0", "") else args.interface
    cmd = ctx.odoo.command() + [
        f"--config={config_path}",
        "-d",
        db_name,
        f"--addons-path={ctx.addons_path}",
    ]
    if existing:
        # Code pulled since the database was made must be loaded into it.
        cmd += ["-u", paths.MODULE_NAME]
    print(flush=True)
    print(f"    Odoo is starting on http://{host}:{args.port}", flush=True)
    print("    log in as admin / admin", flush=True)
    print(f"    (database {db_name}; stop with Ctrl-C)", flush=True)
    print(flush=True)
    sys.stdout.flush()
    os.chdir(ctx.state_dir)
    os.execve(cmd[0], cmd, ctx.env())
    return 0  # not reached


# ---------------------------------------------------------------------- pot
def cmd_pot(args):
    """Regenerate i18n/<module>.pot with odoo-bin's exporter from a database
    without demo data (the test database, updated to this checkout first),
    then merge every .po of the folder with gettext's msgmerge."""
    ctx = build_context()
    if not database_exists(ctx.pg, args.db):
        raise DevEnvError(f"database {args.db} does not exist: run `./dev test` first.")
    config_path = ctx.write_config("odoo-pot.conf", db_name=args.db)
    base = ctx.odoo.command() + [
        f"--config={config_path}",
        "-d",
        args.db,
        f"--addons-path={ctx.addons_path}",
        "--log-level=warn",
        "--no-http",
        "--stop-after-init",
    ]
    i18n = ctx.module_dir / "i18n"
    pot = i18n / f"{paths.MODULE_NAME}.pot"
    for extra in (
        ["-u", paths.MODULE_NAME],
        [f"--i18n-export={pot}", f"--modules={paths.MODULE_NAME}"],
    ):
        if subprocess.run(base + extra, env=ctx.env(), check=False).returncode:
            raise DevEnvError(f"odoo-bin {' '.join(extra)} failed")
    print(f"==> wrote {pot}", flush=True)
    if not shutil.which("msgmerge"):
        print("    msgmerge not found (apt-get install gettext): .po files not merged")
        return 0
    for po in sorted(i18n.glob("*.po")):
        for cmd in (
            ["msgmerge", "-q", "--no-fuzzy-matching", "--no-wrap", "--backup=none", "-U", po, pot],
            ["msgattrib", "--no-obsolete", "--no-wrap", "-o", po, po],
        ):
            subprocess.run([str(part) for part in cmd], check=True)
        untranslated = subprocess.run(
            ["msgattrib", "--untranslated", "--no-wrap", str(po)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        # msgattrib prints the header entry first, when it prints anything.
        left = max(untranslated.count("\nmsgid ") - 1, 0)
        print(f"==> merged {po.name}: {left} entr(y/ies) to translate", flush=True)
    return 0


# -------------------------------------------------------------- screenshots
def cmd_screenshots(args):
    from .screenshots import take_screenshots  # pylint: disable=import-outside-toplevel

    ctx = build_context()
    if not database_exists(ctx.pg, args.db):
        raise DevEnvError(
            f"database {args.db} does not exist: create it with `./dev up --no-serve` first."
        )
    results = take_screenshots(ctx, args.db, port=args.port, chromium=args.chromium, only=args.only)
    unavailable = {name: why for name, why in results.items() if why}
    print(
        f"==> {len(results) - len(unavailable)} screenshot(s) saved, "
        f"{len(unavailable)} unavailable",
        flush=True,
    )
    return 0 if not unavailable else 1
