"""The resolved development environment: Odoo, PostgreSQL and paths."""

import json
import os
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .odoo_config import write_config
from .odoo_locate import OdooInstall, locate_odoo
from .postgres import PgSettings, ensure_postgres

# `./dev test` writes the resolved context here and exports this variable so
# that tests (tests/conftest.py) reuse it instead of resolving it again.
CONTEXT_ENV = "DEVENV_CONTEXT"


@dataclass
class DevContext:
    odoo: OdooInstall
    pg: PgSettings
    addons_root: Path
    state_dir: Path

    @property
    def data_dir(self):
        return self.state_dir / "data"

    @property
    def addons_paths(self):
        return [*self.odoo.addons_paths, self.addons_root]

    @property
    def addons_path(self):
        return ",".join(str(p) for p in self.addons_paths)

    @property
    def module_dir(self):
        return self.addons_root / paths.MODULE_NAME

    @property
    def bridge_dirs(self):
        """The bridge modules next to the module (name -> folder)."""
        return paths.bridge_module_dirs(self.addons_root)

    def env(self, environ=None):
        """Environment for Odoo subprocesses."""
        return self.odoo.pythonpath_env(environ)

    def write_config(self, name, db_name=None, **kwargs):
        return write_config(
            self.state_dir / name,
            pg=self.pg,
            addons_paths=self.addons_paths,
            data_dir=self.data_dir,
            db_name=db_name,
            **kwargs,
        )

    def to_dict(self):
        return {
            "odoo": {
                "root": str(self.odoo.root),
                "version": self.odoo.version,
                "python": self.odoo.python,
                "source": self.odoo.source,
                "addons_paths": [str(p) for p in self.odoo.addons_paths],
            },
            "pg": self.pg.to_dict(),
            "addons_root": str(self.addons_root),
            "state_dir": str(self.state_dir),
        }

    def save(self, path):
        path = Path(path)
        path.write_text(json.dumps(self.to_dict(), indent=2), encoding="utf-8")
        path.chmod(0o600)
        return path

    @classmethod
    def from_dict(cls, data):
        odoo = data["odoo"]
        return cls(
            odoo=OdooInstall(
                Path(odoo["root"]),
                odoo["version"],
                odoo["python"],
                odoo["source"],
                [Path(p) for p in odoo["addons_paths"]],
            ),
            pg=PgSettings(**data["pg"]),
            addons_root=Path(data["addons_root"]),
            state_dir=Path(data["state_dir"]),
        )

    @classmethod
    def load(cls, path):
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def build_context(environ=None, announce=print):
    """Locate Odoo and PostgreSQL (in that order) and return a DevContext."""
    environ = os.environ if environ is None else environ
    odoo = locate_odoo(environ)
    announce(f"==> Odoo {odoo.version} at {odoo.root} (via {odoo.source})")
    addons_root = paths.addons_root(environ)
    pg = ensure_postgres(environ)
    announce(f"==> PostgreSQL: {pg.describe()}" + (" (started by ./dev)" if pg.started else ""))
    return DevContext(odoo=odoo, pg=pg, addons_root=addons_root, state_dir=paths.state_dir(environ))


def context_for_tests(environ=None):
    """Context for tests: the one saved by ``./dev test`` or a freshly built one."""
    environ = os.environ if environ is None else environ
    saved = environ.get(CONTEXT_ENV)
    if saved and Path(saved).is_file():
        return DevContext.load(saved)
    return build_context(environ, announce=lambda _msg: None)
