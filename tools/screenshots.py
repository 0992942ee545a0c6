"""Screenshots of the main screens, for README.md (``./dev screenshots``).

Starts Odoo on the demo database on a free port, logs in as the demo users
in headless Chromium and saves docs/screenshots/<name>.png. The screens are
the SHOTS list below: add a line to add a screen. A screen whose page or
view does not exist (yet) is reported as unavailable, never faked.
"""

from dataclasses import dataclass
from pathlib import Path

import requests

from . import paths
from .chromium import Chromium, ensure_chromium
from .errors import DevEnvError
from .odoo_server import OdooServer, login

OUTPUT_DIR = paths.REPO_ROOT / "docs" / "screenshots"
DEMO_PASSWORD = "mentorship"  # every demo user (demo/mentorship_employee_demo.xml)
ADMIN = ("admin", "admin")
HR = "grace.okafor"
MENTEE = "samuel.adeyemi"  # active pair with Victoria Adams
PENDING_MENTEE = "zara.ahmed"  # pair proposed, awaiting her answer
MENTOR = "victoria.adams"

PORTAL = "main, #wrap"
BACKEND = ".o_action_manager .o_view_controller"

# Ids the URLs need, found as admin: {name: (model, domain)}.
LOOKUPS = {
    "active_pair": (
        "mentorship.pair",
        [("mentee_user_id.login", "=", MENTEE), ("state", "=", "active")],
    ),
    "pending_pair": (
        "mentorship.pair",
        [("mentee_user_id.login", "=", PENDING_MENTEE), ("state", "=", "pending")],
    ),
    "mentee_enrollment": (
        "mentorship.enrollment",
        [("employee_id.user_id.login", "=", MENTEE), ("role", "=", "mentee")],
    ),
    "published_run": ("mentorship.match.run", [("state", "=", "published")]),
    "program": ("mentorship.program", [("program_format", "=", "cohort")]),
    "proposal": ("mentorship.match.proposal", [("run_id.state", "=", "published")]),
}


def _action(xmlid, suffix=""):
    return f"/odoo/action-mentorship_program.{xmlid}{suffix}"


@dataclass
class Shot:
    name: str
    user: str  # login; ADMIN[0] for the settings
    path: str  # may hold {lookup} fields
    selector: str  # shown once the screen is drawn; missing means unavailable
    full_page: bool = False


SHOTS = [
    Shot("portal-home", MENTEE, "/my/mentorship", PORTAL, True),
    Shot(
        "portal-enrollment", MENTEE, "/my/mentorship/enrollment/{mentee_enrollment}", PORTAL, True
    ),
    Shot("portal-pair", MENTEE, "/my/mentorship/pair/{active_pair}", PORTAL, True),
    Shot("portal-pair-mentor", MENTOR, "/my/mentorship/pair/{active_pair}", PORTAL, True),
    Shot("portal-pair-pending", PENDING_MENTEE, "/my/mentorship/pair/{pending_pair}", PORTAL, True),
    Shot("portal-journal", MENTEE, "/my/mentorship/journal", PORTAL, True),
    Shot("portal-profile", MENTEE, "/my/mentorship/profile", PORTAL, True),
    Shot(
        "backend-next-steps",
        PENDING_MENTEE,
        _action("mentorship_next_steps_action"),
        ".o_mentorship_next_steps_action .list-group, .o_mentorship_no_next_step",
    ),
    Shot("portal-circles", MENTEE, "/my/mentorship/circles", PORTAL, True),
    Shot(
        "backend-pairs-kanban",
        HR,
        _action("mentorship_pair_action", "?view_type=kanban"),
        ".o_kanban_renderer",
    ),
    Shot(
        "backend-pairs-pivot", HR, _action("mentorship_pair_action", "?view_type=pivot"), ".o_pivot"
    ),
    Shot(
        "backend-pairs-graph",
        HR,
        _action("mentorship_pair_action", "?view_type=graph"),
        ".o_graph_renderer canvas",
    ),
    Shot(
        "backend-match-run",
        HR,
        _action("mentorship_match_run_action", "/{published_run}"),
        ".o_form_view",
    ),
    Shot("backend-proposals", HR, _action("mentorship_match_proposal_action"), BACKEND),
    Shot(
        "backend-match-review",
        HR,
        _action("mentorship_match_proposal_action", "/{proposal}"),
        ".o_form_view",
        True,
    ),
    Shot(
        "backend-program-form",
        HR,
        _action("mentorship_program_action", "/{program}"),
        ".o_form_view",
    ),
    Shot("backend-sessions", HR, _action("mentorship_session_action"), BACKEND),
    Shot(
        "backend-settings",
        ADMIN[0],
        "/odoo/settings#mentorship_program",
        '.app_settings_block[data-key="mentorship_program"], '
        '.settings [data-key="mentorship_program"]',
    ),
]


class Shooter:
    def __init__(self, url, db_name, browser):
        self.url, self.db_name, self.browser = url, db_name, browser
        self.sessions = {}
        self.admin = self._session(ADMIN[0])
        self.ids = {name: self._lookup(*query) for name, query in LOOKUPS.items()}

    def _session(self, user):
        if user not in self.sessions:
            password = ADMIN[1] if user == ADMIN[0] else DEMO_PASSWORD
            self.sessions[user] = login(self.url, self.db_name, user, password)
        return self.sessions[user]

    def _lookup(self, model, domain):
        answer = self.admin.post(
            f"{self.url}/web/dataset/call_kw",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "model": model,
                    "method": "search",
                    "args": [domain],
                    "kwargs": {"limit": 1},
                },
            },
            timeout=60,
        ).json()
        if "error" in answer:
            raise DevEnvError(f"looking up {model} {domain}: {answer['error']['data']['message']}")
        return answer["result"][0] if answer["result"] else None

    def take(self, shot, output_dir):
        """Save the PNG; return None, or why the screen is unavailable."""
        missing = [
            name for name in self.ids if "{" + name + "}" in shot.path and not self.ids[name]
        ]
        if missing:
            return f"no record for {', '.join(missing)} in the database"
        path = shot.path.format(**self.ids)
        session = self._session(shot.user)
        if path.startswith("/my/"):
            status = session.get(self.url + path, timeout=60, allow_redirects=False).status_code
            if status != 200:
                return f"GET {path} answers HTTP {status}"
        self.browser.set_cookies(self.url, {"session_id": session.cookies["session_id"]})
        if not self.browser.open(self.url + path, shot.selector):
            return f"{path} shows no '{shot.selector}' (page or view not there)"
        self.browser.screenshot(output_dir / f"{shot.name}.png", full_page=shot.full_page)
        return None


def take_screenshots(ctx, db_name, *, port=None, chromium=None, output_dir=OUTPUT_DIR, only=()):
    """Take SHOTS (or those named in ``only``); return {name: None | reason}."""
    binary = ensure_chromium(chromium)
    unknown = set(only) - {shot.name for shot in SHOTS}
    if unknown:
        raise DevEnvError(f"unknown screenshot(s): {', '.join(sorted(unknown))}")
    shots = [shot for shot in SHOTS if not only or shot.name in only]
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    results = {}
    with OdooServer(ctx, db_name, port=port, log_name="screenshots") as server:
        print(f"==> Odoo on {server.url} (log {server.log_path}); Chromium {binary}", flush=True)
        with Chromium(binary) as browser:
            shooter = Shooter(server.url, db_name, browser)
            for shot in shots:
                try:
                    results[shot.name] = shooter.take(shot, output_dir)
                except (DevEnvError, requests.RequestException) as exc:
                    results[shot.name] = f"failed: {exc}"
                status = results[shot.name] or f"saved {output_dir / (shot.name + '.png')}"
                print(f"    {shot.name:24} {shot.user:16} {status}", flush=True)
    return results
