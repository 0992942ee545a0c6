"""A headless Chromium driven over the DevTools protocol (websocket-client).

Just enough for screenshots: open a page, set cookies, wait for a CSS
selector, capture a PNG.
"""

import base64
import itertools
import json
import shutil
import subprocess
import tempfile
import time

import requests
import websocket

from . import system_packages
from .errors import DevEnvError
from .odoo_server import free_port

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")


def find_chromium(explicit=None):
    for candidate in (explicit,) if explicit else CHROMIUM_CANDIDATES:
        path = shutil.which(candidate)
        if path:
            return path
    raise DevEnvError(
        "Chromium not found (looked for "
        + (explicit or ", ".join(CHROMIUM_CANDIDATES))
        + "): install it (Debian/Ubuntu: apt-get install chromium) or pass --chromium PATH."
    )


def ensure_chromium(explicit=None, provide=system_packages.provide):
    """The Chromium binary, installed first where ./dev may (``system_packages``);
    an explicit path is never replaced by an installed one."""
    try:
        return find_chromium(explicit)
    except DevEnvError as not_found:
        if explicit:
            raise
        try:
            provide("Chromium", ["chromium"])
        except DevEnvError as why_not:
            raise DevEnvError(f"{not_found.message} {why_not.message}") from None
        return find_chromium()


class Chromium:
    """``with Chromium(binary) as browser:`` - one headless tab."""

    def __init__(self, binary, width=1440, height=900):
        self.binary = binary
        self.width, self.height = width, height
        self.port = free_port()
        self.profile = tempfile.TemporaryDirectory(prefix="mentorship-chromium-")
        self.proc = None
        self.socket = None
        self._ids = itertools.count(1)

    def __enter__(self):
        self.proc = subprocess.Popen(  # pylint: disable=consider-using-with
            [
                self.binary,
                "--headless=new",
                "--no-sandbox",  # root in containers
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--no-first-run",
                "--no-default-browser-check",
                "--remote-allow-origins=*",
                f"--remote-debugging-port={self.port}",
                f"--user-data-dir={self.profile.name}",
                f"--window-size={self.width},{self.height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
        )
        try:
            self.socket = websocket.create_connection(self._page_socket_url(), timeout=60)
            self.call("Page.enable")
            self.call("Network.enable")
            self.call(
                "Emulation.setDeviceMetricsOverride",
                width=self.width,
                height=self.height,
                deviceScaleFactor=1,
                mobile=False,
            )
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc_info):
        self.close()

    def close(self):
        if self.socket:
            self.socket.close()
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.profile.cleanup()

    def _page_socket_url(self):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise DevEnvError(f"{self.binary} exited {self.proc.returncode} at start")
            try:
                targets = requests.get(f"http://127.0.0.1:{self.port}/json/list", timeout=2).json()
                pages = [t for t in targets if t.get("type") == "page"]
                if pages:
                    return pages[0]["webSocketDebuggerUrl"]
            except (requests.RequestException, ValueError):
                pass
            time.sleep(0.2)
        raise DevEnvError(f"{self.binary} opened no DevTools page within 30 s")

    def call(self, method, **params):
        """Send one DevTools command and return its result (events are dropped)."""
        message_id = next(self._ids)
        self.socket.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") != message_id:
                continue
            if "error" in message:
                raise DevEnvError(f"Chromium {method}: {message['error'].get('message')}")
            return message.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def set_cookies(self, url, cookies):
        self.call("Network.clearBrowserCookies")
        for name, value in cookies.items():
            self.call("Network.setCookie", name=name, value=value, url=url)

    def open(self, url, selector, timeout=30):
        """Load ``url`` and wait until ``selector`` is shown and Odoo is idle.
        Returns False when the selector never appears."""
        self.call("Page.navigate", url=url)
        deadline = time.monotonic() + timeout
        check = (
            "document.readyState === 'complete' && !!document.querySelector("
            + json.dumps(selector)
            + ") && !document.querySelector('.o_loading_indicator, .o_blockUI')"
        )
        while time.monotonic() < deadline:
            if self.evaluate(check):
                # Fonts, images and charts finish drawing after the DOM is there.
                time.sleep(1.5)
                return True
            time.sleep(0.3)
        return False

    def current_url(self):
        return self.evaluate("location.href")

    def screenshot(self, path, full_page=False, max_height=2400):
        params = {"format": "png"}
        if full_page:
            metrics = self.call("Page.getLayoutMetrics")
            height = min(int(metrics["cssContentSize"]["height"]), max_height)
            params["clip"] = {
                "x": 0,
                "y": 0,
                "width": self.width,
                "height": max(height, self.height),
                "scale": 1,
            }
            params["captureBeyondViewport"] = True
        data = self.call("Page.captureScreenshot", **params)["data"]
        path.write_bytes(base64.b64decode(data))
