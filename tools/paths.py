"""Well-known paths and names of this repository."""

import os
from pathlib import Path

from .errors import DevEnvError

REPO_ROOT = Path(__file__).resolve().parent.parent
MODULE_NAME = "mentorship_program"
# The RPC client, a plain Python package beside the module (not an add-on).
CLIENT_PACKAGE = "mentorship_client"
# Small modules next to it that bridge it to another Odoo app; each installs
# itself when both are present. ./dev test installs them with that app and
# runs their tests, ./dev lint lints them.
BRIDGE_MODULES = {
    "mentorship_program_spreadsheet_dashboard": "spreadsheet_dashboard",
    # OCA's hr_appraisal_oca comes from PyPI (requirements-addons.txt).
    "mentorship_program_appraisal": "hr_appraisal_oca",
}
# Bridges ./dev test installs (and tests) on the database without demo data
# only: the run on the demo database then proves that the add-on works, and
# its tests pass, without the app they bridge to.
BRIDGES_WITHOUT_DEMO = frozenset({"mentorship_program_appraisal"})

DEFAULT_TEST_DB = "mentorship_test"
DEFAULT_DEMO_DB = "mentorship_demo"
INSTALL_DEMO_DB = "mentorship_install_demo"
INSTALL_NODEMO_DB = "mentorship_install_nodemo"

# Appended to every default database name (mentorship_test, mentorship_demo,
# mentorship_install_*), so that two checkouts can run tests at the same time
# on one PostgreSQL server without dropping each other's databases.
DB_SUFFIX_ENV = "MENTORSHIP_DB_SUFFIX"

# Developer override: run the tooling against another folder that contains a
# ``mentorship_program`` module (used to test the tooling itself).
ADDONS_ROOT_ENV = "MENTORSHIP_ADDONS_ROOT"


def db_name(base, environ=None):
    """Default database name ``base`` plus $MENTORSHIP_DB_SUFFIX (if set)."""
    environ = os.environ if environ is None else environ
    return base + environ.get(DB_SUFFIX_ENV, "")


def state_dir(environ=None):
    """Directory for generated, git-ignored state (configs, logs, filestore)."""
    environ = os.environ if environ is None else environ
    path = Path(environ.get("DEVENV_STATE_DIR") or REPO_ROOT / ".dev")
    path.mkdir(parents=True, exist_ok=True)
    return path


def addons_root(environ=None):
    """Folder that holds the ``mentorship_program`` module (the repo root)."""
    environ = os.environ if environ is None else environ
    override = environ.get(ADDONS_ROOT_ENV)
    root = Path(override).expanduser().resolve() if override else REPO_ROOT
    manifest = root / MODULE_NAME / "__manifest__.py"
    if not manifest.is_file():
        where = f"{ADDONS_ROOT_ENV}={override}" if override else "the repository root"
        raise DevEnvError(
            f"module not found: {manifest} does not exist ({MODULE_NAME}/ is expected in {where})."
        )
    return root


def bridge_module_dirs(root):
    """The bridge modules found in ``root`` (an addons root), by name."""
    return {
        name: root / name for name in BRIDGE_MODULES if (root / name / "__manifest__.py").is_file()
    }
