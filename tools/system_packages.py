"""What ./dev needs from the machine itself (PostgreSQL, Chromium, wkhtmltopdf).

On Debian or Ubuntu, run as root, ./dev installs a missing one with apt-get
after saying so; ``--no-system-packages`` (or
MENTORSHIP_NO_SYSTEM_PACKAGES=1) turns that off. Anywhere else it stops with
the exact command to run.
"""

import os
import shutil
import subprocess
from pathlib import Path

from .errors import DevEnvError

NO_SYSTEM_PACKAGES_ENV = "MENTORSHIP_NO_SYSTEM_PACKAGES"
OS_RELEASE = Path("/etc/os-release")
APT_FAMILIES = frozenset({"debian", "ubuntu"})


def is_debian_like(os_release=OS_RELEASE):
    """Debian, Ubuntu or a derivative (``ID``/``ID_LIKE`` of os-release)."""
    try:
        text = os_release.read_text(encoding="utf-8")
    except OSError:
        return False
    names = set()
    for line in text.splitlines():
        key, _sep, value = line.partition("=")
        if key in ("ID", "ID_LIKE"):
            names.update(value.strip().strip('"').split())
    return bool(names & APT_FAMILIES)


def install_command(packages):
    return ["apt-get", "install", "-y", "--no-install-recommends", *packages]


def provide(
    what,
    packages,
    *,
    environ=None,
    announce=print,
    run=subprocess.run,
    euid=None,
    os_release=OS_RELEASE,
):
    """Install ``packages`` (which give ``what``) or raise the reason why not,
    with the exact command. Returns once apt-get succeeded."""
    environ = os.environ if environ is None else environ
    euid = os.geteuid() if euid is None else euid
    command = " ".join(install_command(packages))
    if not is_debian_like(os_release) or not shutil.which("apt-get", path=environ.get("PATH")):
        raise DevEnvError(
            f"{what} is missing: install it with your system's package manager "
            f"(Debian/Ubuntu: `{command}`) and run ./dev again."
        )
    if environ.get(NO_SYSTEM_PACKAGES_ENV):
        raise DevEnvError(
            f"{what} is missing and installing system packages is turned off "
            f"({NO_SYSTEM_PACKAGES_ENV} or --no-system-packages): run `{command}` as root, "
            "then ./dev again."
        )
    if euid != 0:
        raise DevEnvError(f"{what} is missing: run `sudo {command}`, then ./dev again.")
    announce(f"==> {what} is missing: installing it from the system's packages ({command})")
    apt_env = dict(environ, DEBIAN_FRONTEND="noninteractive")
    for step in (["apt-get", "update"], install_command(packages)):
        result = run(step, env=apt_env, check=False)
        if result.returncode:
            raise DevEnvError(
                f"`{' '.join(step)}` failed (exit {result.returncode}, see above): "
                f"install {what} yourself (`{command}`) and run ./dev again."
            )


def ensure_program(what, program, packages, *, provide=provide):
    """The path of ``program``, installed first from ``packages`` where ./dev
    may (``provide``); else the reason it is missing, with the command."""
    path = shutil.which(program)
    if path:
        return path
    provide(what, packages)
    path = shutil.which(program)
    if not path:
        raise DevEnvError(f"{what}: `{program}` is still not on PATH after installing {packages}.")
    return path
