"""Run Odoo as a subprocess: install the module, run shell scripts."""

import json
import re
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .errors import DevEnvError
from .postgres import drop_database, query

# Odoo's log format: "<date> <time>,<ms> <pid> <LEVEL> <db> <logger>: <message>"
ERROR_LINE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d+ \d+ (ERROR|CRITICAL) ")
WARNING_LINE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d+ \d+ WARNING ")
RESULT_PREFIX = "RESULT:"
INSTALL_TIMEOUT = 30 * 60  # seconds; a clean install takes 1-2 minutes
FATAL_WARNINGS = (
    "demo data failed to install",
    "invalid module names, ignored",
    "not installable, skipped",
)


@dataclass
class InstallResult:
    db_name: str
    returncode: int
    log_path: Path
    log: str
    seconds: float
    error_lines: list = field(default_factory=list)
    warning_lines: list = field(default_factory=list)
    demo: bool = False
    # (state, demo) of the module in ir_module_module after the run, or None.
    module_row: tuple = None

    @property
    def problem(self):
        """Why the install is not clean, or "" when it is."""
        if self.returncode != 0:
            return f"odoo-bin exited {self.returncode}"
        if self.error_lines:
            return (
                f"{len(self.error_lines)} error line(s) in the log: ERROR/CRITICAL, "
                "or a demo data/module load failure"
            )
        if self.module_row is None:
            return f"{paths.MODULE_NAME} is not in ir_module_module of {self.db_name}"
        state, demo = self.module_row
        if state != "installed":
            return f"{paths.MODULE_NAME} is in state '{state}', not 'installed'"
        if bool(demo) != self.demo:
            return (
                f"{paths.MODULE_NAME} demo flag is {bool(demo)}, expected {self.demo}"
                " (demo data failed to load?)"
            )
        return ""

    @property
    def ok(self):
        return not self.problem

    def tail(self, lines=60):
        return "\n".join(self.log.splitlines()[-lines:])


def _module_row(ctx, db_name):
    try:
        rows = query(
            ctx.pg,
            db_name,
            "SELECT state, demo FROM ir_module_module WHERE name = %s",
            (paths.MODULE_NAME,),
        )
    except Exception:  # noqa: BLE001 - no database/table: reported as not installed
        return None
    return tuple(rows[0]) if rows else None


def _is_error(line):
    return bool(
        ERROR_LINE.match(line)
        or line.startswith("CRITICAL (./dev)")
        # Odoo 18 only warns (and exits 0) when demo data fails to load, or
        # when the module is not found in the addons path.
        or (WARNING_LINE.match(line) and any(t in line for t in FATAL_WARNINGS))
    )


def install_command(ctx, config_path, db_name, demo, module=paths.MODULE_NAME, log_level="warn"):
    cmd = ctx.odoo.command() + [
        f"--config={config_path}",
        "-d",
        db_name,
        "-i",
        module,
        "--stop-after-init",
        f"--addons-path={ctx.addons_path}",
        f"--log-level={log_level}",
        "--no-http",
    ]
    if not demo:
        cmd.append("--without-demo=all")
    return cmd


def install_module(
    ctx,
    db_name,
    *,
    demo,
    config_path,
    log_path=None,
    echo=False,
    drop_first=True,
    timeout=INSTALL_TIMEOUT,
    extra_modules=(),
):
    """Install the module into a new database ``db_name``; return an InstallResult.

    The database (and its filestore) is dropped first unless ``drop_first`` is
    False. ``extra_modules`` are installed along with it (Odoo modules the
    module works with when present, for its tests). Output goes to ``log_path`` (and to stdout when ``echo``). Odoo is
    killed after ``timeout`` seconds (the result then has a CRITICAL line).
    """
    if drop_first:
        drop_database(ctx.pg, db_name, ctx.data_dir)
    log_path = Path(log_path or ctx.state_dir / "logs" / f"install-{db_name}.log")
    log_path.parent.mkdir(parents=True, exist_ok=True)
    cmd = install_command(
        ctx, config_path, db_name, demo, module=",".join((paths.MODULE_NAME, *extra_modules))
    )
    start = time.monotonic()
    lines = []
    with log_path.open("w", encoding="utf-8") as log:
        log.write("$ " + " ".join(cmd) + "\n")
        try:
            proc = subprocess.Popen(  # pylint: disable=consider-using-with
                cmd,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                text=True,
                errors="replace",
                env=ctx.env(),
                cwd=str(ctx.state_dir),
            )
        except OSError as exc:
            raise DevEnvError(f"cannot run Odoo ({cmd[0]} {cmd[1]}): {exc}") from exc
        watchdog = threading.Timer(timeout, proc.kill)
        watchdog.start()
        for line in proc.stdout:
            log.write(line)
            lines.append(line.rstrip("\n"))
            if echo:
                print("    " + line, end="", flush=True)
        returncode = proc.wait()
        watchdog.cancel()
        if time.monotonic() - start >= timeout:
            line = f"CRITICAL (./dev): odoo-bin killed after {timeout}s without finishing"
            log.write(line + "\n")
            lines.append(line)
    result = InstallResult(
        db_name=db_name,
        returncode=returncode,
        log_path=log_path,
        log="\n".join(lines),
        seconds=time.monotonic() - start,
        error_lines=[line for line in lines if _is_error(line)],
        warning_lines=[line for line in lines if WARNING_LINE.match(line)],
        demo=demo,
    )
    if returncode == 0 and not result.error_lines:
        result.module_row = _module_row(ctx, db_name)
    return result


def shell_command(ctx, db_name, *, config_path):
    """``odoo-bin shell`` on ``db_name``, reading its script from stdin."""
    return ctx.odoo.command() + [
        "shell",
        f"--config={config_path}",
        "-d",
        db_name,
        f"--addons-path={ctx.addons_path}",
        "--no-http",
        "--log-level=warn",
    ]


def run_shell(ctx, db_name, script, *, config_path, timeout=600):
    """Run ``script`` in ``odoo-bin shell`` on ``db_name``; return its RESULT dict.

    The script has ``env`` in scope and must print exactly one line
    ``RESULT:<json>``, e.g. ``print("RESULT:" + json.dumps({...}))``.
    """
    cmd = shell_command(ctx, db_name, config_path=config_path)
    proc = subprocess.run(
        cmd,
        input=script,
        capture_output=True,
        text=True,
        errors="replace",
        env=ctx.env(),
        cwd=str(ctx.state_dir),
        timeout=timeout,
        check=False,
    )
    return shell_result(db_name, proc.returncode, proc.stdout, proc.stderr)


def shell_result(db_name, returncode, stdout, stderr):
    """The RESULT dict a shell script printed; raise unless it exited 0 with
    exactly one."""
    results = [
        line[len(RESULT_PREFIX) :] for line in stdout.splitlines() if line.startswith(RESULT_PREFIX)
    ]
    if returncode != 0 or len(results) != 1:
        raise RuntimeError(
            f"odoo-bin shell on {db_name} exited {returncode} with {len(results)} "
            f"'{RESULT_PREFIX}' line(s) (expected exactly one).\n--- stdout ---\n"
            f"{stdout[-3000:]}\n--- stderr ---\n{stderr[-5000:]}"
        )
    return json.loads(results[0])
