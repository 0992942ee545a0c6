"""Shared fixtures for the repository-level tests (tests/).

These tests run in the same pytest session as the module's Odoo tests
(pytest-odoo imports Odoo and loads the test database's registry first), so
everything here talks to Odoo only through subprocesses (odoo-bin) and to
PostgreSQL through psycopg2 on other databases: the in-process Odoo registry
and configuration are never touched.

Fixtures:

* ``devenv`` - the resolved :class:`tools.context.DevContext` (Odoo, PostgreSQL,
  paths); reuses the one saved by ``./dev test`` when present.
* ``install_config`` - path of an Odoo config file for subprocess installs.
* ``demo_database`` - installs mentorship_program WITH demo data into a fresh
  database ``mentorship_install_demo`` once per session and yields an
  :class:`InstalledDatabase`; call it (or its ``run_odoo_shell``) with a script
  that prints one ``RESULT:<json>`` line to get that dict back::

      def test_two_programs(demo_database):
          result = demo_database('''
      import json
      print("RESULT:" + json.dumps({"n": env["mentorship.program"].search_count([])}))
      ''')
          assert result["n"] == 2

* ``nodemo_database`` - the same without demo data (``mentorship_install_nodemo``).

Both databases are dropped at the end of the session. $MENTORSHIP_DB_SUFFIX,
when set, is appended to their names (and to ./dev's default database names).
"""

import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

# pylint: disable=wrong-import-position
from tools import paths
from tools.context import context_for_tests
from tools.odoo_run import install_module, run_shell
from tools.postgres import drop_database, query


class InstalledDatabase:
    """A database into which mentorship_program was installed by odoo-bin."""

    def __init__(self, ctx, config_path, db_name, demo, install_result):
        self.ctx = ctx
        self.config_path = config_path
        self.db_name = db_name
        self.demo = demo
        self.install_result = install_result

    def _check_installed(self):
        result = self.install_result
        if not result.ok:
            raise AssertionError(
                f"installing {paths.MODULE_NAME} into {self.db_name} failed "
                f"({result.problem}); log {result.log_path}:\n{result.tail()}"
            )

    def run_odoo_shell(self, script_text):
        """Run ``script_text`` in ``odoo-bin shell`` on this database.

        ``env`` is available in the script; it must print exactly one line
        ``RESULT:<json>``. Returns the parsed JSON. Changes are rolled back.
        """
        self._check_installed()
        return run_shell(self.ctx, self.db_name, script_text, config_path=self.config_path)

    __call__ = run_odoo_shell

    def query(self, sql_text, params=None):
        """Rows of one SQL query on this database (psycopg2)."""
        return query(self.ctx.pg, self.db_name, sql_text, params)


@pytest.fixture(scope="session")
def devenv():
    return context_for_tests()


@pytest.fixture(scope="session")
def install_config(devenv):  # pylint: disable=redefined-outer-name
    return devenv.write_config("odoo-install-tests.conf", extra={"max_cron_threads": 0})


def _installed_database(ctx, config_path, db_name, demo):
    result = install_module(ctx, db_name, demo=demo, config_path=config_path)
    return InstalledDatabase(ctx, config_path, db_name, demo, result)


@pytest.fixture(scope="session")
def demo_database(devenv, install_config):  # pylint: disable=redefined-outer-name
    database = _installed_database(
        devenv, install_config, paths.db_name(paths.INSTALL_DEMO_DB), demo=True
    )
    yield database
    drop_database(devenv.pg, database.db_name, devenv.data_dir)


@pytest.fixture(scope="session")
def nodemo_database(devenv, install_config):  # pylint: disable=redefined-outer-name
    database = _installed_database(
        devenv, install_config, paths.db_name(paths.INSTALL_NODEMO_DB), demo=False
    )
    yield database
    drop_database(devenv.pg, database.db_name, devenv.data_dir)
