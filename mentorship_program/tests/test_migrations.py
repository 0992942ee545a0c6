import importlib.util
from pathlib import Path

from odoo.tests import TransactionCase, tagged

from .common import MatchingCase

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


def _migration(version):
    path = MIGRATIONS / version / "post-migrate.py"
    spec = importlib.util.spec_from_file_location(f"mentorship_migration_{version}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestMigrationTo1830(MatchingCase, TransactionCase):
    """A database from before: ready mentors never told, participants without
    a profile."""

    def test_ready_mentors_are_marked_told_and_everyone_gets_a_profile(self):
        self.assertTrue(self.mentor_mona.is_ready)
        self.mentor_mona._system_write({"ready_notice_sent": False})
        Profile = self.env["mentorship.profile"]
        Profile.search([("employee_id", "=", self.employee_alice.id)]).unlink()
        _migration("18.0.1.3.0").migrate(self.env.cr, "18.0.1.2.0")
        self.env.invalidate_all()
        self.assertTrue(self.mentor_mona.ready_notice_sent)
        self.assertEqual(Profile.search_count([("employee_id", "=", self.employee_alice.id)]), 1)
