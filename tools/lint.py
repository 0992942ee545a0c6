"""The repository's linters, the same for ``./dev lint``, ``./dev test`` and
pre-commit (.pre-commit-config.yaml): ruff (ruff.toml) on every Python file,
ruff's formatter in check mode, then pylint with the pylint-odoo plugin
(.pylintrc: OCA's mandatory checks and pylint-odoo's optional ones) on the
module."""

import subprocess
import sys

from . import paths
from .errors import DevEnvError


def _run(label, cmd, fix_hint):
    print(f"==> {label}", flush=True)
    proc = subprocess.run(cmd, cwd=str(paths.REPO_ROOT), check=False)
    if proc.returncode != 0:
        raise DevEnvError(
            f"lint failed: {label} reported the problems above (exit {proc.returncode}). "
            f"{fix_hint} Re-run only the lint with `./dev lint`."
        )


def run_ruff(python=None):
    """ruff check and ruff format --check over the repository."""
    python = python or sys.executable
    _run(
        "ruff check (ruff.toml)",
        [python, "-m", "ruff", "check", "."],
        "Fix them (`.venv/bin/ruff check --fix .` fixes the mechanical ones).",
    )
    _run(
        "ruff format --check",
        [python, "-m", "ruff", "format", "--check", "."],
        "Format the files with `.venv/bin/ruff format .`.",
    )


def run_pylint(module_dir, python=None, rcfile=None):
    """Lint ``module_dir``; raise DevEnvError when pylint reports anything."""
    python = python or sys.executable
    rcfile = rcfile or paths.REPO_ROOT / ".pylintrc"
    cmd = [python, "-m", "pylint", f"--rcfile={rcfile}", str(module_dir)]
    print(f"==> pylint-odoo ({rcfile.name}) on {module_dir}", flush=True)
    proc = subprocess.run(cmd, cwd=str(paths.REPO_ROOT), check=False)
    if proc.returncode & 32:
        raise DevEnvError(
            f"pylint could not run (exit {proc.returncode}); see the output above (`{' '.join(cmd)}`)."
        )
    if proc.returncode != 0:
        raise DevEnvError(
            f"lint failed: pylint-odoo reported the problems above in {module_dir} "
            f"(exit {proc.returncode}). Fix them, or silence a deliberate case with "
            f"`# pylint: disable=<symbol>` on that line. Re-run only the lint with `./dev lint`."
        )


def run_linters(*module_dirs, python=None):
    """Every linter, stopping at the first that reports something: ruff over
    the repository, pylint-odoo on each of ``module_dirs``."""
    run_ruff(python)
    for module_dir in module_dirs:
        run_pylint(module_dir, python)
    print("    lint OK", flush=True)
