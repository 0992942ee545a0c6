"""Where the client's connection comes from: flags, the environment, or a prompt.

A secret typed on the command line stays in the shell's history, so the
password or API key is best given through ``MENTORSHIP_PASSWORD`` /
``MENTORSHIP_API_KEY`` or typed at the prompt (``getpass``).
"""

import getpass
import os
import sys
from dataclasses import dataclass
from urllib.parse import urlsplit

ENV_URL = "MENTORSHIP_URL"
ENV_DB = "MENTORSHIP_DB"
ENV_LOGIN = "MENTORSHIP_LOGIN"
ENV_PASSWORD = "MENTORSHIP_PASSWORD"
ENV_API_KEY = "MENTORSHIP_API_KEY"


class SettingsError(ValueError):
    """A connection setting is missing or malformed (the message names it)."""


@dataclass(frozen=True)
class ConnectionSettings:
    url: str
    db: str
    login: str
    secret: str

    @classmethod
    def resolve(
        cls,
        *,
        url=None,
        db=None,
        login=None,
        password=None,
        api_key=None,
        ask_password=False,
        environ=None,
        prompt=getpass.getpass,
        interactive=None,
    ):
        """Flags first, then the environment; the secret last of all from a
        prompt, when the terminal is interactive (or ``ask_password``)."""
        environ = os.environ if environ is None else environ
        url = url or environ.get(ENV_URL)
        db = db or environ.get(ENV_DB)
        login = login or environ.get(ENV_LOGIN)
        missing = [
            f"{flag} (or ${env})"
            for value, flag, env in (
                (url, "--url", ENV_URL),
                (db, "--db", ENV_DB),
                (login, "--login", ENV_LOGIN),
            )
            if not value
        ]
        if missing:
            raise SettingsError(f"missing connection settings: {', '.join(missing)}")
        secret = (
            None
            if ask_password
            else (password or api_key or environ.get(ENV_PASSWORD) or environ.get(ENV_API_KEY))
        )
        if not secret:
            if interactive is None:
                interactive = sys.stdin.isatty()
            if not (interactive or ask_password):
                raise SettingsError(
                    f"no password: set ${ENV_PASSWORD} or ${ENV_API_KEY}, or run in a "
                    "terminal to be asked for it"
                )
            secret = prompt(f"Password or API key for {login} on {url} ({db}): ")
            if not secret:
                raise SettingsError("no password given")
        split_url(url)  # refuse a bad URL before anything connects
        return cls(url=url, db=db, login=login, secret=secret)


def split_url(url):
    """(host, port, odoorpc protocol) of an ``http(s)://host[:port]`` URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingsError(f"--url must look like https://odoo.example.com (got {url!r})")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise SettingsError(f"--url is the server's root URL, without a path (got {url!r})")
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    return parts.hostname, port, "jsonrpc+ssl" if secure else "jsonrpc"
