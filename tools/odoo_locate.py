"""Find the Odoo 18 installation the tooling runs against.

Odoo is found, in this order, through:

1. the ``ODOO_PATH`` environment variable: a directory that contains
   ``odoo-bin`` and the ``odoo`` package (an Odoo source checkout);
2. an ``odoo`` package importable by the current Python; the Odoo root is the
   parent of the package directory.

Odoo is never downloaded or built here. Checks run in a subprocess so that this
process (possibly a pytest session that already imported Odoo) is untouched.
"""

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DevEnvError

REQUIRED_MAJOR = 18

# Runs in a child interpreter: argv[1] is the Odoo root to put first on
# sys.path, or "" to use whatever ``import odoo`` finds.  Prints one JSON line.
_PROBE = r"""
import json, os, sys
root = sys.argv[1]
if root:
    sys.path.insert(0, root)
out = {}
try:
    import odoo.release
except ModuleNotFoundError as exc:
    out["import_error"] = exc.name or str(exc)
    out["import_error_is_odoo"] = (exc.name or "").split(".")[0] == "odoo"
except Exception as exc:
    out["import_error"] = "%s: %s" % (type(exc).__name__, exc)
    out["import_error_is_odoo"] = False
else:
    out["package"] = os.path.dirname(os.path.abspath(odoo.__file__))
    out["version_info"] = list(odoo.release.version_info[:2])
    out["version"] = odoo.release.version
    try:
        # Imports (nearly) all of Odoo's Python dependencies, as odoo-bin does.
        import odoo.cli, odoo.service.server, odoo.tests.common
    except ModuleNotFoundError as exc:
        out["missing_dependency"] = exc.name or str(exc)
    except Exception as exc:
        out["dependency_error"] = "%s: %s" % (type(exc).__name__, exc)
print("PROBE:" + json.dumps(out))
"""

_INSTALL_HINT = (
    "set ODOO_PATH to an Odoo 18 source checkout (the directory that contains "
    "odoo-bin and the odoo/ package), e.g. `export ODOO_PATH=$HOME/src/odoo` "
    "(`git clone -b 18.0 --depth 1 https://github.com/odoo/odoo`), or install "
    "Odoo 18 into the Python that runs ./dev"
)


@dataclass
class OdooInstall:
    """A usable Odoo 18: where it is and how to run it."""

    root: Path
    version: str
    python: str
    source: str  # "ODOO_PATH" or "python"
    addons_paths: list = field(default_factory=list)

    @property
    def odoo_bin(self):
        return self.root / "odoo-bin"

    def command(self):
        """argv prefix that runs Odoo's command line (odoo-bin)."""
        if self.odoo_bin.is_file():
            return [self.python, str(self.odoo_bin)]
        return [self.python, "-m", "odoo"]

    def pythonpath_env(self, environ=None):
        """A copy of the environment in which ``import odoo`` finds this Odoo.

        For ODOO_PATH the Odoo root goes first on PYTHONPATH; an importable
        odoo package is already found as is.
        """
        env = dict(os.environ if environ is None else environ)
        if self.source != "ODOO_PATH":
            return env
        parts = [str(self.root)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
        env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(parts))
        return env


def _dependency_hint(root):
    req = Path(root) / "requirements.txt"
    req_txt = str(req) if req.is_file() else "$ODOO_PATH/requirements.txt"
    return (
        f"install Odoo's Python dependencies into the environment that runs ./dev: "
        f"`.venv/bin/pip install -r {req_txt}` (skip python-ldap if it fails to build: "
        f"`grep -v python-ldap {req_txt} > /tmp/odoo-req.txt` and install that; some "
        f"source-only packages need `PIP_CONSTRAINT=<file containing setuptools<70>`)"
    )


def probe(python, root=""):
    """Run the import probe with ``python``; return its dict (raises DevEnvError)."""
    try:
        proc = subprocess.run(
            [python, "-c", _PROBE, str(root)],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    except OSError as exc:
        raise DevEnvError(f"cannot run Python interpreter {python}: {exc}") from exc
    for line in proc.stdout.splitlines():
        if line.startswith("PROBE:"):
            return json.loads(line[len("PROBE:") :])
    raise DevEnvError(
        f"checking Odoo with {python} failed (exit {proc.returncode}):\n{proc.stderr.strip()[-2000:]}"
    )


def _check_version(info, where):
    major = info["version_info"][0]
    if major != REQUIRED_MAJOR:
        raise DevEnvError(
            f"{where} is Odoo {info['version']}, but this repository needs Odoo "
            f"{REQUIRED_MAJOR}.0: {_INSTALL_HINT}."
        )


def _check_dependencies(info, root, where):
    if info.get("missing_dependency"):
        raise DevEnvError(
            f"Odoo at {root} ({where}) cannot be imported: Python module "
            f"'{info['missing_dependency']}' (an Odoo dependency) is missing; "
            f"{_dependency_hint(root)}."
        )
    if info.get("dependency_error"):
        raise DevEnvError(
            f"Odoo at {root} ({where}) fails to import: {info['dependency_error']}; "
            f"{_dependency_hint(root)}."
        )


def addons_paths_for(root):
    """Odoo's own addons directories under an Odoo root, in addons_path order."""
    root = Path(root)
    paths = [p for p in (root / "odoo" / "addons", root / "addons") if p.is_dir()]
    if not any((p / "base" / "__manifest__.py").is_file() for p in paths):
        raise DevEnvError(
            f"Odoo at {root} has no 'base' module in odoo/addons or addons: "
            f"it is not a complete Odoo checkout; {_INSTALL_HINT}."
        )
    return paths


def _from_odoo_path(odoo_path, python):
    where = f"ODOO_PATH={odoo_path}"
    root = Path(odoo_path).expanduser()
    if not root.is_dir():
        raise DevEnvError(
            f"ODOO_PATH={odoo_path} does not exist or is not a directory: "
            f"point ODOO_PATH at an Odoo 18 checkout (the directory with odoo-bin), "
            f"or unset it to use an `odoo` package importable by python3."
        )
    root = root.resolve()
    missing = [
        n for n in ("odoo-bin", "odoo/__init__.py", "odoo/release.py") if not (root / n).is_file()
    ]
    if missing:
        raise DevEnvError(
            f"ODOO_PATH={odoo_path} is not an Odoo source checkout: missing "
            f"{', '.join(missing)}. Set ODOO_PATH to the directory that contains "
            f"odoo-bin and the odoo/ package."
        )
    info = probe(python, root)
    if "import_error" in info:
        if info.get("import_error_is_odoo"):
            raise DevEnvError(
                f"ODOO_PATH={odoo_path}: the odoo package cannot be imported ({info['import_error']})."
            )
        raise DevEnvError(
            f"Odoo at {root} ({where}) cannot be imported: Python module "
            f"'{info['import_error']}' is missing; {_dependency_hint(root)}."
        )
    if Path(info["package"]).resolve() != root / "odoo":
        raise DevEnvError(
            f"ODOO_PATH={odoo_path}: Python imported odoo from {info['package']} instead of {root / 'odoo'}."
        )
    _check_version(info, f"ODOO_PATH={odoo_path}")
    _check_dependencies(info, root, where)
    return OdooInstall(root, info["version"], python, "ODOO_PATH", addons_paths_for(root))


def _venv_note(python):
    """Where a venv interpreter comes from, and how to pick another one."""
    if python != sys.executable or sys.prefix == sys.base_prefix:
        return ""
    base = getattr(sys, "_base_executable", "") or sys.base_prefix
    return (
        f" (this venv was created from {base}; if another python3 has Odoo, recreate it: "
        f"`rm -rf {sys.prefix} && PYTHON=/path/to/that/python3 ./dev ...`)"
    )


def _from_import(python):
    info = probe(python, "")
    if "import_error" in info:
        if info.get("import_error_is_odoo"):
            raise DevEnvError(
                f"Odoo 18 not found: ODOO_PATH is not set and `import odoo` fails with "
                f"{python}{_venv_note(python)}. Fix: {_INSTALL_HINT}."
            )
        raise DevEnvError(
            f"Odoo found by {python} cannot be imported: Python module "
            f"'{info['import_error']}' is missing; {_dependency_hint('$ODOO_PATH')}."
        )
    package = Path(info["package"]).resolve()
    root = package.parent
    _check_version(info, f"the odoo package importable by {python} ({package})")
    _check_dependencies(info, root, f"importable by {python}")
    return OdooInstall(root, info["version"], python, "python", addons_paths_for(root))


def locate_odoo(environ=None, python=None):
    """Return the OdooInstall to use, or raise DevEnvError saying what to fix."""
    environ = os.environ if environ is None else environ
    python = python or sys.executable
    odoo_path = environ.get("ODOO_PATH", "").strip()
    if odoo_path:
        return _from_odoo_path(odoo_path, python)
    return _from_import(python)
