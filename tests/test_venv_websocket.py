"""The virtualenv ``./dev`` builds runs a healthy prefork server, websocket
process included.

Odoo's prefork server starts its websocket process as ``odoo-bin gevent``,
which first calls ``gevent.monkey.patch_all()``; gevent resolves its plugins'
requirements through ``pkg_resources``. With the pkg_resources of setuptools
< 75.8.2 (the 65.5 that Python 3.11's venv puts in .venv), zope.interface 8,
installed as ``zope_interface-8.x.dist-info``, is not found under its name
``zope.interface``: the process dies with DistributionNotFound and the master
respawns it every few seconds. requirements-dev.txt pins a setuptools that has
the fix and still ships pkg_resources.
"""

import re
import subprocess
import sys
import time

from tools.odoo_server import OdooServer
from tools.paths import REPO_ROOT


def _pinned_version(name):
    for line in (REPO_ROOT / "requirements-dev.txt").read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"\s*([A-Za-z0-9_.-]+)\s*==\s*([0-9.]+)\s*(#.*)?", line)
        if match and match.group(1).lower() == name:
            return tuple(int(part) for part in match.group(2).split("."))
    return None


def test_requirements_pin_a_setuptools_whose_pkg_resources_sees_zope_interface():
    version = _pinned_version("setuptools")
    assert version, "requirements-dev.txt must pin setuptools (see its comment)"
    assert (75, 8, 2) <= version < (81,), (
        f"setuptools {version}: 75.8.2 is the first whose pkg_resources finds normalised "
        "dist-info names; from 81 on pkg_resources is going away"
    )


def test_gevent_patches_in_the_venv():
    """What the websocket process does first, in the interpreter of ./dev's
    virtualenv (the one running these tests)."""
    result = subprocess.run(
        [
            sys.executable,
            "-W",
            "ignore",
            "-c",
            "import gevent.monkey; gevent.monkey.patch_all(); "
            "import pkg_resources; pkg_resources.require('gevent'); print('patched')",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "patched"


def test_prefork_server_keeps_its_websocket_process(devenv, nodemo_database):
    nodemo_database._check_installed()  # pylint: disable=protected-access
    with OdooServer(devenv, nodemo_database.db_name, workers=2, log_name="websocket") as server:
        assert server.websocket_healthy(timeout=60), (
            f"the websocket process does not answer on port {server.gevent_port}; "
            f"see {server.log_path}"
        )
        time.sleep(6)  # the master respawns a dead websocket process within seconds
        assert server.websocket_healthy(timeout=5)
        log = server.log_path.read_text(encoding="utf-8", errors="replace")
    assert "DistributionNotFound" not in log, log[-3000:]
