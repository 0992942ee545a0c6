"""pylint + pylint-odoo with the OCA mandatory checks (see .pylintrc)."""

import subprocess
import sys

from . import paths
from .errors import DevEnvError


def run_pylint(module_dir, python=None, rcfile=None):
    """Lint ``module_dir``; raise DevEnvError when pylint reports anything."""
    python = python or sys.executable
    rcfile = rcfile or paths.REPO_ROOT / ".pylintrc"
    cmd = [python, "-m", "pylint", f"--rcfile={rcfile}", str(module_dir)]
    print(
        f"==> pylint-odoo (OCA mandatory checks, {rcfile.name}) on {module_dir}",
        flush=True,
    )
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
    print("    lint OK", flush=True)
