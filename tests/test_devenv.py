"""Tests of the ./dev tooling itself (tools/): no database, no Odoo registry.

Odoo is only probed in subprocesses, so the Odoo already loaded in this pytest
session (by pytest-odoo) is left alone.
"""

import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tools import chromium, devenv, postgres, system_packages
from tools.commands import TEST_EXTRA_MODULES, extra_test_modules, pytest_command
from tools.context import DevContext
from tools.errors import DevEnvError
from tools.odoo_config import read_config, write_config
from tools.odoo_locate import locate_odoo
from tools.odoo_run import ERROR_LINE, install_command, install_module
from tools.paths import REPO_ROOT
from tools.postgres import PgSettings


def real_odoo_root():
    """Root of the Odoo this session runs (pytest-odoo imported it already)."""
    import odoo  # pylint: disable=import-outside-toplevel

    return Path(odoo.__file__).resolve().parent.parent


def make_fake_odoo(root, version=(18, 0), cli_body=""):
    """A minimal Odoo-shaped tree: odoo-bin, odoo/release.py, base module."""
    files = {
        "odoo-bin": "#!/usr/bin/env python3\nimport odoo\n",
        "odoo/__init__.py": "",
        "odoo/release.py": (
            f"version_info = ({version[0]}, {version[1]}, 0, 'final', 0, '')\n"
            f"version = '{version[0]}.{version[1]}'\n"
        ),
        "odoo/cli/__init__.py": cli_body,
        "odoo/service/__init__.py": "",
        "odoo/service/server.py": "",
        "odoo/tests/__init__.py": "",
        "odoo/tests/common.py": "",
        "odoo/addons/__init__.py": "",
        "odoo/addons/base/__manifest__.py": "{'name': 'Base'}\n",
        "addons/web/__manifest__.py": "{'name': 'Web'}\n",
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


# ---------------------------------------------------------------- Odoo locating
def test_locate_real_odoo_via_odoo_path():
    root = real_odoo_root()
    found = locate_odoo({"ODOO_PATH": str(root)})
    assert found.source == "ODOO_PATH"
    assert found.root == root
    assert found.version.startswith("18.")
    assert root / "odoo" / "addons" in found.addons_paths
    assert found.command() == [sys.executable, str(root / "odoo-bin")]
    assert found.pythonpath_env({"PYTHONPATH": "/x"})["PYTHONPATH"].split(os.pathsep) == [
        str(root),
        "/x",
    ]


def test_locate_fake_odoo_18_via_odoo_path(tmp_path):
    root = make_fake_odoo(tmp_path / "odoo18")
    found = locate_odoo({"ODOO_PATH": str(root)})
    assert found.root == root.resolve()
    assert found.version == "18.0"
    assert found.addons_paths == [
        root.resolve() / "odoo" / "addons",
        root.resolve() / "addons",
    ]


def test_nonexistent_odoo_path_names_variable_and_path(tmp_path):
    missing = tmp_path / "no-such-odoo"
    with pytest.raises(DevEnvError) as err:
        locate_odoo({"ODOO_PATH": str(missing)})
    assert "ODOO_PATH" in err.value.message
    assert str(missing) in err.value.message
    assert "does not exist" in err.value.message


def test_odoo_path_without_odoo_bin(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(DevEnvError) as err:
        locate_odoo({"ODOO_PATH": str(tmp_path / "empty")})
    message = err.value.message
    assert f"ODOO_PATH={tmp_path / 'empty'}" in message
    assert "odoo-bin" in message and "odoo/__init__.py" in message


def test_wrong_odoo_version_is_refused(tmp_path):
    root = make_fake_odoo(tmp_path / "odoo17", version=(17, 0))
    with pytest.raises(DevEnvError) as err:
        locate_odoo({"ODOO_PATH": str(root)})
    assert "Odoo 17.0" in err.value.message
    assert "needs Odoo 18.0" in err.value.message


def test_missing_odoo_dependency_is_named(tmp_path):
    root = make_fake_odoo(tmp_path / "odoo", cli_body="import devenv_missing_dependency_xyz\n")
    with pytest.raises(DevEnvError) as err:
        locate_odoo({"ODOO_PATH": str(root)})
    message = err.value.message
    assert "'devenv_missing_dependency_xyz'" in message
    assert (
        f"pip install -r {root.resolve() / 'requirements.txt'}" not in message
    )  # no such file here
    assert "pip install -r" in message and "python-ldap" in message and "setuptools<70" in message


def test_no_odoo_path_and_no_importable_odoo(tmp_path):
    # A python that cannot import odoo: the real one without site-packages
    # (-S) and isolated (-I: no PYTHONPATH, no user site, no current folder),
    # whatever points at an Odoo tree on the developer's machine.
    fake_python = tmp_path / "python-without-odoo"
    fake_python.write_text(f'#!/bin/sh\nexec "{sys.executable}" -S -I "$@"\n', encoding="utf-8")
    fake_python.chmod(0o755)
    with pytest.raises(DevEnvError) as err:
        locate_odoo({}, python=str(fake_python))
    message = err.value.message
    assert message.startswith("Odoo 18 not found: ODOO_PATH is not set")
    assert "ODOO_PATH" in message and "odoo-bin" in message


def test_importable_odoo_is_found_without_odoo_path():
    found = locate_odoo({})
    assert found.source == "python"
    assert found.root == real_odoo_root()
    assert found.version.startswith("18.")


# ------------------------------------------------------------------ PostgreSQL
def test_missing_postgres_gives_clear_message(tmp_path, monkeypatch):
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    monkeypatch.setenv("PATH", str(empty_bin))  # no pg_lsclusters / pg_ctlcluster
    with pytest.raises(DevEnvError) as err:
        postgres.ensure_postgres(environ={}, socket_dirs=[str(tmp_path / "sockets")])
    message = err.value.message
    assert message.startswith("PostgreSQL server not found")
    assert "install" in message and "PGHOST" in message
    assert str(tmp_path / "sockets") in message


# ------------------------------------------------------------ system packages
DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n'
UBUNTU = 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n'
FEDORA = 'NAME="Fedora Linux"\nID=fedora\n'


def _machine(tmp_path, os_release):
    """An os-release file and a PATH whose apt-get only records its calls."""
    release = tmp_path / "os-release"
    release.write_text(os_release, encoding="utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    apt = bin_dir / "apt-get"
    apt.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    apt.chmod(0o755)
    return release, {"PATH": str(bin_dir)}


class _Recorder:
    def __init__(self, returncode=0):
        self.calls = []
        self.returncode = returncode

    def __call__(self, command, env=None, check=False):
        self.calls.append((command, env.get("DEBIAN_FRONTEND")))
        return subprocess.CompletedProcess(command, self.returncode)


def test_debian_and_ubuntu_are_recognised(tmp_path):
    for text, expected in ((DEBIAN, True), (UBUNTU, True), (FEDORA, False)):
        path = tmp_path / "os-release"
        path.write_text(text, encoding="utf-8")
        assert system_packages.is_debian_like(path) is expected
    assert system_packages.is_debian_like(tmp_path / "missing") is False


def test_root_on_debian_installs_after_saying_so(tmp_path):
    release, environ = _machine(tmp_path, DEBIAN)
    run, said = _Recorder(), []
    system_packages.provide(
        "PostgreSQL",
        ["postgresql"],
        environ=environ,
        announce=said.append,
        run=run,
        euid=0,
        os_release=release,
    )
    assert said and "PostgreSQL is missing: installing it" in said[0]
    assert run.calls == [
        (["apt-get", "update"], "noninteractive"),
        (["apt-get", "install", "-y", "--no-install-recommends", "postgresql"], "noninteractive"),
    ]


def test_no_install_without_root_or_with_the_flag_or_elsewhere(tmp_path):
    release, environ = _machine(tmp_path, UBUNTU)
    command = "apt-get install -y --no-install-recommends chromium"
    cases = (
        (dict(environ), 1000, release, f"run `sudo {command}`"),
        (dict(environ, MENTORSHIP_NO_SYSTEM_PACKAGES="1"), 0, release, "is turned off"),
    )
    fedora = tmp_path / "fedora-release"
    fedora.write_text(FEDORA, encoding="utf-8")
    cases += ((dict(environ), 0, fedora, "system's package manager"),)
    for env, euid, os_release, expected in cases:
        run = _Recorder()
        with pytest.raises(DevEnvError) as err:
            system_packages.provide(
                "Chromium", ["chromium"], environ=env, run=run, euid=euid, os_release=os_release
            )
        assert expected in err.value.message
        assert command in err.value.message
        assert not run.calls, "nothing is installed"


def test_failed_apt_get_names_the_step(tmp_path):
    release, environ = _machine(tmp_path, DEBIAN)
    with pytest.raises(DevEnvError, match=r"`apt-get update` failed \(exit 100"):
        system_packages.provide(
            "Chromium",
            ["chromium"],
            environ=environ,
            announce=lambda _m: None,
            run=_Recorder(returncode=100),
            euid=0,
            os_release=release,
        )


def test_missing_postgres_is_installed_then_found(tmp_path, monkeypatch):
    monkeypatch.setattr(postgres, "os_user", lambda: "someone")
    found = iter([postgres.ServerNotFound("none"), ("/run/postgresql", 5432, True)])

    def find_local_server(_socket_dirs, _run):
        result = next(found)
        if isinstance(result, Exception):
            raise result
        return result

    monkeypatch.setattr(postgres, "find_local_server", find_local_server)
    monkeypatch.setattr(postgres, "_ensure_role", lambda _settings, _run: None)
    provided = []
    settings = postgres.ensure_postgres(
        environ={}, provide=lambda what, packages, environ: provided.append((what, packages))
    )
    assert provided == [("PostgreSQL", ["postgresql"])]
    assert (settings.host, settings.started) == ("/run/postgresql", True)


def test_missing_chromium_is_installed_unless_a_path_was_given(monkeypatch):
    installed = []
    monkeypatch.setattr(chromium, "CHROMIUM_CANDIDATES", ("devenv-no-such-browser",))
    with pytest.raises(DevEnvError, match="Chromium not found"):
        chromium.ensure_chromium(provide=lambda *a, **k: installed.append(a))
    assert installed == [("Chromium", ["chromium"])]  # installed, still not on PATH here
    with pytest.raises(DevEnvError, match="devenv-explicit-browser"):
        chromium.ensure_chromium("devenv-explicit-browser", provide=lambda *a, **k: 1 / 0)


def test_a_missing_program_is_provided_then_found_on_path(monkeypatch, tmp_path):
    """wkhtmltopdf and the like: found on PATH as is, else installed first
    (``provide``) and looked up again; still missing, the error says so."""
    monkeypatch.setenv("PATH", str(tmp_path))
    provided = []

    def provide(what, packages):
        provided.append((what, packages))
        program = tmp_path / "devenv-pdf-printer"
        program.write_text("#!/bin/sh\n")
        program.chmod(0o755)

    path = system_packages.ensure_program(
        "A printer", "devenv-pdf-printer", ["printer-pkg"], provide=provide
    )
    assert path == str(tmp_path / "devenv-pdf-printer")
    assert provided == [("A printer", ["printer-pkg"])]
    # Now on PATH: nothing is installed again.
    system_packages.ensure_program("A printer", "devenv-pdf-printer", ["x"], provide=1 / 1)
    with pytest.raises(DevEnvError, match="still not on PATH after installing"):
        system_packages.ensure_program(
            "A scanner", "devenv-no-scanner", ["scanner-pkg"], provide=lambda *a: None
        )


def test_configured_server_unreachable(tmp_path):
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    environ = {
        "PGHOST": "127.0.0.1",
        "PGPORT": str(port),
        "PGUSER": "someone",
        "PGPASSWORD": "secret",
    }
    with pytest.raises(DevEnvError) as err:
        postgres.ensure_postgres(environ=environ, socket_dirs=[str(tmp_path)])
    message = err.value.message
    assert "cannot connect to the PostgreSQL server configured by" in message
    assert f"PGPORT={port}" in message and "PGHOST=127.0.0.1" in message
    assert "secret" not in message


def test_postgres_role_is_refused():
    with pytest.raises(DevEnvError, match="refuses to connect as the 'postgres'"):
        postgres.ensure_postgres(environ={"PGUSER": "postgres"})


def _listen_unix(path):
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)
    return server


def test_socket_answers(tmp_path):
    assert not postgres.socket_answers(str(tmp_path), 5432)
    server = _listen_unix(tmp_path / ".s.PGSQL.5432")
    try:
        assert postgres.socket_answers(str(tmp_path), 5432)
    finally:
        server.close()
    assert not postgres.socket_answers(str(tmp_path), 5432)  # stale socket file


def test_list_clusters_parses_pg_lsclusters(monkeypatch):
    monkeypatch.setattr(postgres.shutil, "which", lambda name: f"/usr/bin/{name}")
    out = (
        "15 main 5432 down   postgres /var/lib/postgresql/15/main /var/log/x.log\n"
        "16 other 5433 online postgres /var/lib/postgresql/16/other /var/log/y.log\n"
    )

    def fake_run(cmd, **_kw):
        assert cmd == ["/usr/bin/pg_lsclusters", "--no-header"]
        return subprocess.CompletedProcess(cmd, 0, out, "")

    clusters = postgres.list_clusters(fake_run)
    assert [(c.version, c.name, c.port, c.online) for c in clusters] == [
        ("15", "main", 5432, False),
        ("16", "other", 5433, True),
    ]


def test_down_cluster_is_started(tmp_path, monkeypatch):
    cluster = postgres.Cluster("15", "main", 5439, "down", "postgres")
    started = []

    def fake_start(cl, run):
        started.append((cl.version, cl.name))
        servers.append(_listen_unix(tmp_path / ".s.PGSQL.5439"))

    servers = []
    monkeypatch.setattr(postgres, "list_clusters", lambda run: [cluster])
    monkeypatch.setattr(postgres, "cluster_socket_dir", lambda cl: str(tmp_path))
    monkeypatch.setattr(postgres, "_start_cluster", fake_start)
    try:
        result = postgres.find_local_server(socket_dirs=[str(tmp_path / "none")])
    finally:
        for server in servers:
            server.close()
    assert started == [("15", "main")]
    assert result == (str(tmp_path), 5439, True)


def test_pg_settings_odoo_options():
    local = PgSettings(host="/var/run/postgresql", port=5432, user="alice")
    assert local.odoo_options() == {
        "db_host": "/var/run/postgresql",
        "db_port": 5432,
        "db_user": "alice",
        "db_password": False,
    }
    assert local.connect_kwargs("x") == {
        "dbname": "x",
        "connect_timeout": 10,
        "host": "/var/run/postgresql",
        "port": 5432,
        "user": "alice",
    }


# ----------------------------------------------------------------- Odoo config
def test_config_file_generation(tmp_path):
    pg = PgSettings(host="/run/pg", port=5433, user="alice", password="pw")
    path = write_config(
        tmp_path / "conf" / "odoo.conf",
        pg=pg,
        addons_paths=[tmp_path / "odoo" / "addons", tmp_path / "repo"],
        data_dir=tmp_path / "data",
        db_name="mentorship_test",
        extra={"max_cron_threads": 0},
    )
    assert (tmp_path / "data").is_dir()
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    options = read_config(path)
    assert options["db_host"] == "/run/pg"
    assert options["db_port"] == "5433"
    assert options["db_user"] == "alice"
    assert options["db_password"] == "pw"
    assert options["addons_path"] == f"{tmp_path / 'odoo' / 'addons'},{tmp_path / 'repo'}"
    assert options["data_dir"] == str(tmp_path / "data")
    assert options["http_interface"] == "127.0.0.1"
    assert options["http_port"] == "8069"
    assert options["db_name"] == "mentorship_test"
    assert options["dbfilter"] == "^mentorship_test$"
    assert options["list_db"] == "False"
    assert options["max_cron_threads"] == "0"


def test_config_without_database(tmp_path):
    pg = PgSettings(host="", port=5432, user="bob")
    options = read_config(
        write_config(
            tmp_path / "o.conf",
            pg=pg,
            addons_paths=[tmp_path],
            data_dir=tmp_path / "d",
            http_interface="0.0.0.0",
            http_port=9000,
        )
    )
    assert options["db_host"] == "False"
    assert options["db_password"] == "False"
    assert options["db_name"] == "False"
    assert options["list_db"] == "True"
    assert options["http_interface"] == "0.0.0.0"
    assert options["http_port"] == "9000"


# ------------------------------------------------------------- commands / CLI
def _fake_context(tmp_path):
    (tmp_path / "o").mkdir(exist_ok=True)
    (tmp_path / "o" / "odoo-bin").write_text("", encoding="utf-8")
    return DevContext.from_dict(
        {
            "odoo": {
                "root": str(tmp_path / "o"),
                "version": "18.0",
                "python": "/venv/bin/python",
                "source": "ODOO_PATH",
                "addons_paths": ["/o/odoo/addons", "/o/addons"],
            },
            "pg": {
                "host": "/run/pg",
                "port": 5432,
                "user": "alice",
                "password": "",
                "source": "local",
            },
            "addons_root": str(tmp_path),
            "state_dir": str(tmp_path / ".dev"),
        }
    )


def test_context_roundtrip(tmp_path):
    ctx = _fake_context(tmp_path)
    (tmp_path / ".dev").mkdir()
    loaded = DevContext.load(ctx.save(tmp_path / ".dev" / "context.json"))
    assert loaded.to_dict() == ctx.to_dict()
    assert loaded.addons_path == f"/o/odoo/addons,/o/addons,{tmp_path}"
    assert loaded.odoo.command() == [
        "/venv/bin/python",
        str(tmp_path / "o" / "odoo-bin"),
    ]


def test_install_command(tmp_path):
    ctx = _fake_context(tmp_path)
    cmd = install_command(ctx, "/c.conf", "db1", demo=False)
    assert cmd[:2] == ["/venv/bin/python", str(tmp_path / "o" / "odoo-bin")]
    for arg in (
        "-i",
        "mentorship_program",
        "--stop-after-init",
        "--without-demo=all",
        "--log-level=warn",
        f"--addons-path={ctx.addons_path}",
    ):
        assert arg in cmd
    assert cmd[cmd.index("-d") + 1] == "db1"
    assert "--without-demo=all" not in install_command(ctx, "/c.conf", "db1", demo=True)


def test_pytest_command(tmp_path):
    ctx = _fake_context(tmp_path)
    (tmp_path / "mentorship_program" / "tests").mkdir(parents=True)
    cmd = pytest_command(ctx, "/t.conf", "tdb", ["-k", "foo"])
    assert cmd[:3] == ["/venv/bin/python", "-m", "pytest"]
    for arg in (
        "--odoo-config=/t.conf",
        "--odoo-database=tdb",
        "--odoo-http",
        f"--odoo-addons-path={ctx.addons_path}",
        str(REPO_ROOT / "tests"),
        str(tmp_path / "mentorship_program" / "tests"),
    ):
        assert arg in cmd
    assert cmd[cmd.index("-p") + 1] == "no:cacheprovider"
    assert cmd[-2:] == ["-k", "foo"]
    # Paths given after -- replace the default test directories.
    cmd = pytest_command(ctx, "/t.conf", "tdb", ["tests/test_devenv.py::test_pytest_command", "-x"])
    assert str(REPO_ROOT / "tests") not in cmd
    assert cmd[-2:] == ["tests/test_devenv.py::test_pytest_command", "-x"]
    # On the database with demo data only the module's tests run again.
    cmd = pytest_command(ctx, "/t.conf", "tdb_demo", [], module_only=True)
    assert str(REPO_ROOT / "tests") not in cmd
    assert str(tmp_path / "mentorship_program" / "tests") in cmd
    assert str(REPO_ROOT / "mentorship_client" / "tests") not in cmd


def test_client_tests_run_after_the_module_tests(tmp_path):
    """The client's tests start a server on the test database: after the
    module's tests, on the database without demo data."""
    ctx = _fake_context(tmp_path)
    (tmp_path / "mentorship_program" / "tests").mkdir(parents=True)
    cmd = pytest_command(ctx, "/t.conf", "tdb", [])
    client = cmd.index(str(REPO_ROOT / "mentorship_client" / "tests"))
    assert client > cmd.index(str(tmp_path / "mentorship_program" / "tests"))
    assert client > cmd.index(str(REPO_ROOT / "tests"))


def test_bridge_modules_are_installed_tested_and_linted_when_present(tmp_path):
    ctx = _fake_context(tmp_path)
    (tmp_path / "mentorship_program" / "tests").mkdir(parents=True)
    assert extra_test_modules(ctx) == TEST_EXTRA_MODULES
    bridge = tmp_path / "mentorship_program_spreadsheet_dashboard"
    (bridge / "tests").mkdir(parents=True)
    (bridge / "__manifest__.py").write_text("{}", encoding="utf-8")
    assert ctx.bridge_dirs == {bridge.name: bridge}
    assert extra_test_modules(ctx) == (
        *TEST_EXTRA_MODULES,
        "spreadsheet_dashboard",
        "mentorship_program_spreadsheet_dashboard",
    )
    cmd = pytest_command(ctx, "/t.conf", "tdb_demo", [], module_only=True)
    assert str(bridge / "tests") in cmd


def test_the_appraisal_bridge_is_tested_without_demo_data_only(tmp_path):
    """The demo database goes without hr_appraisal_oca and the appraisal
    bridge: the add-on's tests pass there without them."""
    ctx = _fake_context(tmp_path)
    (tmp_path / "mentorship_program" / "tests").mkdir(parents=True)
    bridge = tmp_path / "mentorship_program_appraisal"
    (bridge / "tests").mkdir(parents=True)
    (bridge / "__manifest__.py").write_text("{}", encoding="utf-8")
    assert extra_test_modules(ctx) == (
        *TEST_EXTRA_MODULES,
        "hr_appraisal_oca",
        "mentorship_program_appraisal",
    )
    assert extra_test_modules(ctx, demo=True) == TEST_EXTRA_MODULES
    assert str(bridge / "tests") in pytest_command(ctx, "/t.conf", "tdb", [])
    assert str(bridge / "tests") not in pytest_command(
        ctx, "/t.conf", "tdb_demo", [], module_only=True
    )


def test_error_line_detection():
    assert ERROR_LINE.match("2024-11-21 12:00:00,123 4567 ERROR db odoo.modules.loading: boom")
    assert ERROR_LINE.match("2024-11-21 12:00:00,123 4567 CRITICAL db odoo.service.server: Failed")
    assert not ERROR_LINE.match(
        "2024-11-21 12:00:00,123 4567 WARNING db odoo.models: ERROR in text"
    )
    assert not ERROR_LINE.match("Traceback (most recent call last):")


def test_parse_args_passes_pytest_args():
    args = devenv.parse_args(["test", "--db", "x", "--", "-k", "enroll", "-x"])
    assert (args.command, args.db, args.pytest_args, args.lint, args.install) == (
        "test",
        "x",
        ["-k", "enroll", "-x"],
        True,
        True,
    )
    args = devenv.parse_args(["up", "--reset", "--no-serve"])
    assert (args.command, args.reset, args.no_serve, args.port, args.interface) == (
        "up",
        True,
        True,
        8069,
        "127.0.0.1",
    )


def test_main_reports_errors_and_exits_2(capsys):
    assert devenv.main(["up", "--", "-k", "x"]) == 2
    assert capsys.readouterr().err.startswith(
        "error: arguments after -- are only accepted by `./dev test`"
    )


def test_dev_test_with_bad_odoo_path_fails_clearly(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    env["ODOO_PATH"] = str(tmp_path / "nonexistent")
    env["DEVENV_STATE_DIR"] = str(tmp_path / "state")
    proc = subprocess.run(
        [sys.executable, "-m", "tools.devenv", "test"],
        cwd=str(REPO_ROOT),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.startswith(f"error: ODOO_PATH={tmp_path / 'nonexistent'} does not exist"), (
        proc.stderr
    )


def test_ci_script_execs_dev_test():
    text = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "set -euo pipefail" in text
    assert textwrap.dedent(text).rstrip().endswith("exec ./dev test")
    assert os.access(REPO_ROOT / "dev", os.X_OK)


def _context_with_fake_odoo_bin(tmp_path, script):
    ctx = _fake_context(tmp_path)
    ctx.odoo.python = sys.executable
    (tmp_path / "o" / "odoo-bin").write_text(script, encoding="utf-8")
    ctx.state_dir.mkdir(exist_ok=True)
    return ctx


def test_install_module_captures_log_and_errors(tmp_path):
    ctx = _context_with_fake_odoo_bin(
        tmp_path,
        "import sys\n"
        "print('Running as user root')\n"
        "print('2024-11-21 12:00:00,001 42 WARNING db odoo.models: careful')\n"
        "print('2024-11-21 12:00:00,002 42 ERROR db odoo.modules.loading: boom')\n"
        "print('args=' + ' '.join(sys.argv[1:]))\n",
    )
    result = install_module(ctx, "db1", demo=True, config_path="/c.conf", drop_first=False)
    assert result.returncode == 0
    assert not result.ok
    assert result.error_lines == ["2024-11-21 12:00:00,002 42 ERROR db odoo.modules.loading: boom"]
    assert len(result.warning_lines) == 1
    assert "-i mentorship_program" in result.log and "--without-demo" not in result.log
    assert result.log_path == ctx.state_dir / "logs" / "install-db1.log"
    assert "ERROR db odoo.modules.loading: boom" in result.log_path.read_text(encoding="utf-8")


def test_install_module_reports_exit_code_and_timeout(tmp_path):
    ctx = _context_with_fake_odoo_bin(tmp_path, "import sys\nprint('bye')\nsys.exit(3)\n")
    result = install_module(ctx, "db2", demo=False, config_path="/c.conf", drop_first=False)
    assert (result.returncode, result.ok, result.tail()) == (3, False, "bye")

    ctx = _context_with_fake_odoo_bin(
        tmp_path, "import time\nprint('hang', flush=True)\ntime.sleep(60)\n"
    )
    result = install_module(
        ctx, "db3", demo=False, config_path="/c.conf", drop_first=False, timeout=1
    )
    assert result.returncode != 0
    assert result.seconds < 30
    assert result.error_lines == ["CRITICAL (./dev): odoo-bin killed after 1s without finishing"]


def test_install_module_fails_on_demo_failure_warning(tmp_path):
    warning = (
        "2024-11-21 12:00:00,003 42 WARNING db odoo.modules.loading: Module "
        "mentorship_program demo data failed to install, installed without demo data"
    )
    ctx = _context_with_fake_odoo_bin(tmp_path, f"print({warning!r})\n")
    result = install_module(ctx, "db4", demo=True, config_path="/c.conf", drop_first=False)
    assert result.returncode == 0
    assert result.error_lines == [warning]
    assert "1 error line(s) in the log" in result.problem


def test_install_module_checks_module_state_in_database(tmp_path):
    # odoo-bin "succeeds" silently, but the database has no installed module.
    ctx = _context_with_fake_odoo_bin(tmp_path, "print('nothing to do')\n")
    ctx.pg.host = str(tmp_path / "no-server")
    result = install_module(ctx, "db5", demo=False, config_path="/c.conf", drop_first=False)
    assert (result.returncode, result.error_lines, result.module_row) == (0, [], None)
    assert not result.ok
    assert "mentorship_program is not in ir_module_module of db5" in result.problem


def test_a_skipped_test_fails_the_suite(tmp_path):
    """Odoo skips browser tests without Chromium or websocket-client: the
    repository's conftest.py turns any skip into a failed run."""
    probe = tmp_path / "test_probe.py"
    probe.write_text(
        textwrap.dedent(
            """
            import unittest

            class Probe(unittest.TestCase):
                def test_needs_a_browser(self):
                    raise unittest.SkipTest("Chromium not found")
            """
        )
    )
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "conftest",
            "-p",
            "no:odoo",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(tmp_path),
            str(probe),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "SKIPPED (counts as failed)" in result.stdout
    assert "Chromium not found" in result.stdout


def test_screenshots_without_chromium_names_what_to_install(tmp_path):
    from tools.chromium import find_chromium  # pylint: disable=import-outside-toplevel

    with pytest.raises(DevEnvError) as error:
        find_chromium(str(tmp_path / "no-chromium-here"))
    assert "Chromium not found" in error.value.message
    assert "apt-get install chromium" in error.value.message


def test_screenshots_command_line():
    args = devenv.parse_args(["screenshots", "--db", "demo_x", "--only", "portal-home"])
    assert (args.command, args.db, args.only, args.port) == (
        "screenshots",
        "demo_x",
        ["portal-home"],
        None,
    )


def test_pot_command_line():
    args = devenv.parse_args(["pot", "--db", "test_x"])
    assert (args.command, args.db) == ("pot", "test_x")


def test_pot_needs_a_database_with_the_module(capsys):
    # The template is exported from an installed module: without the
    # database, nothing is written and ./dev says what to run first.
    assert devenv.main(["pot", "--db", "mentorship_no_such_database"]) == 2
    assert "run `./dev test` first" in capsys.readouterr().err


def test_screenshots_refuses_unknown_names():
    from tools.screenshots import take_screenshots  # pylint: disable=import-outside-toplevel

    with pytest.raises(DevEnvError) as error:
        take_screenshots(None, "demo_x", chromium=sys.executable, only=["no-such-screen"])
    assert "unknown screenshot(s): no-such-screen" in error.value.message
