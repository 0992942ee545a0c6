"""Run an Odoo HTTP server in the background for scripts that talk to it
(screenshots, the portal load test), then stop it."""

import socket
import subprocess
import time
from pathlib import Path

import requests

from .errors import DevEnvError

READY_TIMEOUT = 120  # seconds; loading the registry takes about 10


def free_port(preferred=None):
    """``preferred`` when nobody listens on it, else a port the kernel picks."""
    if preferred:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            if sock.connect_ex(("127.0.0.1", preferred)) != 0:
                return preferred
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OdooServer:
    """``with OdooServer(ctx, db_name, ...) as server:`` - Odoo on
    ``server.url`` until the block ends. Only the process it started is
    stopped. ``workers`` > 0 runs the prefork server, as in production;
    ``cron_threads`` > 0 runs the scheduled actions too (none by default)."""

    def __init__(
        self,
        ctx,
        db_name,
        *,
        port=None,
        workers=0,
        cron_threads=0,
        log_level="warn",
        log_name="odoo-server",
    ):
        self.ctx = ctx
        self.db_name = db_name
        self.port = free_port(port)
        self.workers = workers
        # The prefork server also opens the websocket (gevent) port: keep it
        # away from another Odoo's default 8072.
        self.gevent_port = free_port()
        self.cron_threads = cron_threads
        self.log_level = log_level
        self.log_path = Path(ctx.state_dir) / "logs" / f"{log_name}-{db_name}.log"
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = None

    def command(self):
        config_path = self.ctx.write_config(
            f"odoo-{self.db_name}-{self.port}.conf",
            db_name=self.db_name,
            http_port=self.port,
            extra={
                "max_cron_threads": self.cron_threads,
                "workers": self.workers,
                "gevent_port": self.gevent_port,
                "limit_time_real": 600,
            },
        )
        return self.ctx.odoo.command() + [
            f"--config={config_path}",
            f"--addons-path={self.ctx.addons_path}",
            f"--log-level={self.log_level}",
        ]

    def __enter__(self):
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("w", encoding="utf-8") as log:
            self.proc = subprocess.Popen(  # pylint: disable=consider-using-with
                self.command(),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=self.ctx.env(),
                cwd=str(self.ctx.state_dir),
            )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def _wait_ready(self):
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise DevEnvError(
                    f"Odoo exited {self.proc.returncode} before answering on {self.url}; "
                    f"see {self.log_path}"
                )
            try:
                if requests.get(f"{self.url}/web/login", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise DevEnvError(
            f"Odoo did not answer on {self.url}/web/login within {READY_TIMEOUT}s; "
            f"see {self.log_path}"
        )

    def websocket_healthy(self, timeout=30):
        """Whether the prefork server's websocket (gevent) process answers on
        its own port within ``timeout`` seconds (it serves /web/health too)."""
        url = f"http://127.0.0.1:{self.gevent_port}/web/health"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if requests.get(url, timeout=5).status_code == 200:
                    return True
            except requests.RequestException:
                pass
            time.sleep(0.5)
        return False

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def login(url, db_name, login_name, password):
    """A requests.Session logged in through /web/login (with its CSRF token).

    One request per connection, as behind a reverse proxy: a prefork worker
    serves one connection at a time and would otherwise sit on an idle
    keep-alive connection until its 2-second socket timeout."""
    session = requests.Session()
    session.headers["Connection"] = "close"
    page = session.get(f"{url}/web/login", params={"db": db_name}, timeout=120)
    token = _csrf_token(page.text)
    answer = session.post(
        f"{url}/web/login",
        data={"login": login_name, "password": password, "csrf_token": token, "db": db_name},
        timeout=120,
    )
    if answer.status_code != 200 or "/web/login" in answer.url:
        raise DevEnvError(f"cannot log in as {login_name} on {url} (HTTP {answer.status_code})")
    return session


def _csrf_token(html):
    marker = 'name="csrf_token" value="'
    start = html.find(marker)
    if start < 0:
        raise DevEnvError("no csrf_token in the /web/login page")
    start += len(marker)
    return html[start : html.index('"', start)]
