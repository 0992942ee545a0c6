"""Make sure a PostgreSQL server and a suitable login role are available.

Policy:

* If any of PGHOST/PGPORT/PGUSER/PGPASSWORD is set, that server is used as is
  (it must be running and the role must have CREATEDB).
* Otherwise the local server is used over its unix socket with peer
  authentication.  When nothing answers on the socket, the machine's cluster
  (``pg_lsclusters``) is started with ``pg_ctlcluster VER NAME start``.  A login
  role named after the current OS user is created with CREATEDB when missing
  (as root, through ``runuser -u postgres -- psql``).
"""

import getpass
import os
import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from . import system_packages
from .errors import DevEnvError

ENV_VARS = ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD")
DEFAULT_PORT = 5432
DEFAULT_SOCKET_DIRS = ("/var/run/postgresql", "/run/postgresql", "/tmp")

NOT_FOUND_MESSAGE = (
    "PostgreSQL server not found: nothing answers on the local unix socket "
    "({sockets}) and no cluster was found with pg_lsclusters. Install PostgreSQL "
    "(Debian/Ubuntu: `apt-get install postgresql`), or set PGHOST/PGPORT/PGUSER/"
    "PGPASSWORD to a running server whose role has CREATEDB."
)


class ServerNotFound(DevEnvError):
    """No local PostgreSQL server, running or not."""


@dataclass
class PgSettings:
    """How Odoo and the tooling connect to PostgreSQL."""

    host: str = ""  # socket directory or host name; "" = libpq default
    port: int = DEFAULT_PORT
    user: str = ""
    password: str = ""
    source: str = "local"  # "local" or "env"
    started: bool = False  # True if this run started the cluster

    def connect_kwargs(self, dbname="postgres"):
        kwargs = {"dbname": dbname, "connect_timeout": 10}
        for key in ("host", "port", "user", "password"):
            value = getattr(self, key)
            if value:
                kwargs[key] = value
        return kwargs

    def odoo_options(self):
        """db_* options for an Odoo configuration file."""
        return {
            "db_host": self.host or False,
            "db_port": self.port or False,
            "db_user": self.user or False,
            "db_password": self.password or False,
        }

    def describe(self):
        where = (
            f"socket {self.host}" if self.host.startswith("/") else (self.host or "libpq default")
        )
        return f"{where} port {self.port}, role {self.user}"

    def to_dict(self):
        return {k: getattr(self, k) for k in ("host", "port", "user", "password", "source")}


def _can_create_databases(conn):
    """Whether the connected role may create databases; closes ``conn``."""
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user")
            row = cr.fetchone()
    finally:
        conn.close()
    return bool(row and row[0])


def _psycopg2():
    try:
        import psycopg2  # pylint: disable=import-outside-toplevel
    except ImportError as exc:
        raise DevEnvError(
            "Python module 'psycopg2' is missing (it is one of Odoo's dependencies): "
            "`.venv/bin/pip install -r $ODOO_PATH/requirements.txt`."
        ) from exc
    return psycopg2


def os_user():
    try:
        import pwd  # pylint: disable=import-outside-toplevel

        return pwd.getpwuid(os.geteuid()).pw_name
    except (ImportError, KeyError):
        return getpass.getuser()


def socket_answers(socket_dir, port):
    """True if a server accepts connections on ``socket_dir/.s.PGSQL.port``."""
    path = os.path.join(socket_dir, f".s.PGSQL.{port}")
    if not os.path.exists(path):
        return False
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(3)
    try:
        sock.connect(path)
        return True
    except OSError:
        return False
    finally:
        sock.close()


@dataclass
class Cluster:
    version: str
    name: str
    port: int
    status: str
    owner: str

    @property
    def online(self):
        return self.status.startswith("online")


def list_clusters(run=subprocess.run):
    """Clusters from Debian's ``pg_lsclusters`` ([] if the tool is missing)."""
    exe = shutil.which("pg_lsclusters")
    if not exe:
        return []
    proc = run([exe, "--no-header"], capture_output=True, text=True, check=False)
    clusters = []
    for line in proc.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 5 and parts[2].isdigit():
            clusters.append(Cluster(parts[0], parts[1], int(parts[2]), parts[3], parts[4]))
    return clusters


def cluster_socket_dir(cluster):
    """unix_socket_directories of a Debian cluster (first entry)."""
    conf = Path(f"/etc/postgresql/{cluster.version}/{cluster.name}/postgresql.conf")
    try:
        text = conf.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return DEFAULT_SOCKET_DIRS[0]
    match = re.search(r"^\s*unix_socket_directories\s*=\s*'([^']*)'", text, re.MULTILINE)
    if match and match.group(1).strip():
        return match.group(1).split(",")[0].strip()
    return DEFAULT_SOCKET_DIRS[0]


def _version_key(cluster):
    try:
        return float(cluster.version)
    except ValueError:
        return 0.0


def _start_cluster(cluster, run=subprocess.run):
    exe = shutil.which("pg_ctlcluster")
    cmd_text = f"pg_ctlcluster {cluster.version} {cluster.name} start"
    if not exe:
        raise DevEnvError(
            f"PostgreSQL cluster {cluster.version}/{cluster.name} is down and pg_ctlcluster is not available: start it (`{cmd_text}`)."
        )
    print(
        f"==> starting PostgreSQL cluster {cluster.version}/{cluster.name} ({cmd_text})",
        flush=True,
    )
    proc = run(
        [exe, cluster.version, cluster.name, "start"],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        hint = (
            ""
            if os.geteuid() == 0
            else f" Run `sudo {cmd_text}` (needs root or the postgres user)."
        )
        raise DevEnvError(
            f"could not start PostgreSQL cluster {cluster.version}/{cluster.name} "
            f"(`{cmd_text}` exited {proc.returncode}): {(proc.stderr or proc.stdout).strip()}.{hint}"
        )


def _wait_for_socket(socket_dir, port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if socket_answers(socket_dir, port):
            return True
        time.sleep(0.5)
    return False


def find_local_server(socket_dirs=DEFAULT_SOCKET_DIRS, run=subprocess.run):
    """Return (socket_dir, port, started) of a running local server, starting one if needed."""
    for directory in socket_dirs:
        if socket_answers(directory, DEFAULT_PORT):
            return directory, DEFAULT_PORT, False
    clusters = list_clusters(run)
    for cluster in clusters:
        directory = cluster_socket_dir(cluster)
        if cluster.online and socket_answers(directory, cluster.port):
            return directory, cluster.port, False
    if not clusters:
        raise ServerNotFound(
            NOT_FOUND_MESSAGE.format(
                sockets=", ".join(f"{d}/.s.PGSQL.{DEFAULT_PORT}" for d in socket_dirs)
            )
        )
    cluster = max(clusters, key=_version_key)
    directory = cluster_socket_dir(cluster)
    if not cluster.online:
        _start_cluster(cluster, run)
    if not _wait_for_socket(directory, cluster.port):
        raise DevEnvError(
            f"PostgreSQL cluster {cluster.version}/{cluster.name} does not answer on "
            f"{directory}/.s.PGSQL.{cluster.port}; see its log "
            f"(/var/log/postgresql/postgresql-{cluster.version}-{cluster.name}.log)."
        )
    return directory, cluster.port, not cluster.online


def _psql_as_postgres(settings, sql, run=subprocess.run):
    runuser = shutil.which("runuser")
    psql = shutil.which("psql")
    if not runuser or not psql:
        raise DevEnvError(
            f"cannot run psql as the postgres user (runuser/psql missing); run as postgres: {sql}"
        )
    cmd = [
        runuser,
        "-u",
        "postgres",
        "--",
        psql,
        "-X",
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
        "-h",
        settings.host,
        "-p",
        str(settings.port),
        "-d",
        "postgres",
        "-c",
        sql,
    ]
    proc = run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise DevEnvError(f"`{' '.join(cmd)}` failed: {(proc.stderr or proc.stdout).strip()}")


def _ensure_role(settings, run=subprocess.run):
    """Make sure role ``settings.user`` can log in (peer auth) and has CREATEDB."""
    psycopg2 = _psycopg2()
    user = settings.user
    quoted = '"' + user.replace('"', '""') + '"'
    is_root = os.geteuid() == 0
    try:
        conn = psycopg2.connect(**settings.connect_kwargs())
    except psycopg2.OperationalError as exc:
        text = str(exc).strip()
        if f'role "{user}" does not exist' not in text:
            raise DevEnvError(
                f"cannot connect to PostgreSQL ({settings.describe()}): {text}. The local "
                f"server must accept peer authentication for role {user} on its unix socket "
                f"(pg_hba.conf: `local all all peer`)."
            ) from exc
        if not is_root:
            raise DevEnvError(
                f"PostgreSQL role '{user}' does not exist. Create it once with "
                f"`sudo -u postgres createuser --createdb {user}` and run again."
            ) from exc
        print(f"==> creating PostgreSQL role {user} (LOGIN CREATEDB)", flush=True)
        _psql_as_postgres(settings, f"CREATE ROLE {quoted} LOGIN CREATEDB", run)
        conn = psycopg2.connect(**settings.connect_kwargs())
    can_create_db = _can_create_databases(conn)
    if can_create_db:
        return
    if not is_root:
        raise DevEnvError(
            f"PostgreSQL role '{user}' lacks CREATEDB: run "
            f"`sudo -u postgres psql -c 'ALTER ROLE {quoted} CREATEDB'`."
        )
    print(f"==> granting CREATEDB to PostgreSQL role {user}", flush=True)
    _psql_as_postgres(settings, f"ALTER ROLE {quoted} CREATEDB", run)


def _from_env(environ):
    psycopg2 = _psycopg2()
    settings = PgSettings(
        host=environ.get("PGHOST", ""),
        port=int(environ.get("PGPORT") or DEFAULT_PORT),
        user=environ.get("PGUSER") or os_user(),
        password=environ.get("PGPASSWORD", ""),
        source="env",
    )
    shown = ", ".join(
        f"{k}={environ[k] if k != 'PGPASSWORD' else '***'}" for k in ENV_VARS if environ.get(k)
    )
    if settings.user == "postgres":
        raise DevEnvError(
            f"Odoo refuses to connect as the 'postgres' superuser ({shown}): set PGUSER "
            f"to another role that has CREATEDB."
        )
    try:
        conn = psycopg2.connect(**settings.connect_kwargs())
    except psycopg2.OperationalError as exc:
        raise DevEnvError(
            f"cannot connect to the PostgreSQL server configured by {shown}: {str(exc).strip()}. "
            f"Start that server or fix/unset these variables (unset them all to use the local server)."
        ) from exc
    can_create_db = _can_create_databases(conn)
    if not can_create_db:
        raise DevEnvError(
            f"PostgreSQL role '{settings.user}' ({shown}) lacks CREATEDB: run "
            f'`ALTER ROLE "{settings.user}" CREATEDB` as a superuser.'
        )
    return settings


def ensure_postgres(
    environ=None,
    socket_dirs=DEFAULT_SOCKET_DIRS,
    run=subprocess.run,
    provide=system_packages.provide,
):
    """Return PgSettings for a reachable server, starting/configuring it if
    needed, installing it first where ./dev may (``system_packages``)."""
    environ = os.environ if environ is None else environ
    if any(environ.get(k) for k in ENV_VARS):
        return _from_env(environ)
    user = os_user()
    if user == "postgres":
        raise DevEnvError(
            "Odoo refuses to connect as the 'postgres' role: run ./dev as a normal user "
            "(or root), not as the postgres OS user."
        )
    try:
        directory, port, started = find_local_server(socket_dirs, run)
    except ServerNotFound as not_found:
        try:
            provide("PostgreSQL", ["postgresql"], environ=environ)
        except DevEnvError as why_not:
            raise DevEnvError(f"{not_found.message} {why_not.message}") from None
        directory, port, started = find_local_server(socket_dirs, run)
    settings = PgSettings(host=directory, port=port, user=user, source="local", started=started)
    _ensure_role(settings, run)
    return settings


def database_exists(settings, name):
    psycopg2 = _psycopg2()
    conn = psycopg2.connect(**settings.connect_kwargs())
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            return cr.fetchone() is not None
    finally:
        conn.close()


def drop_database(settings, name, data_dir=None):
    """Drop database ``name`` (if it exists) and its Odoo filestore."""
    psycopg2 = _psycopg2()
    from psycopg2 import sql  # pylint: disable=import-outside-toplevel

    conn = psycopg2.connect(**settings.connect_kwargs())
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            cr.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
    except psycopg2.Error as exc:
        raise DevEnvError(f"cannot drop database {name}: {str(exc).strip()}") from exc
    finally:
        conn.close()
    if data_dir:
        shutil.rmtree(Path(data_dir) / "filestore" / name, ignore_errors=True)


def query(settings, dbname, sql_text, params=None):
    """Run one query on ``dbname`` and return all rows."""
    psycopg2 = _psycopg2()
    conn = psycopg2.connect(**settings.connect_kwargs(dbname))
    try:
        with conn.cursor() as cr:
            cr.execute(sql_text, params)
            return cr.fetchall()
    finally:
        conn.close()
