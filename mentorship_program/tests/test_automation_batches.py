from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from ..automation import process_in_batches


@tagged("post_install", "-at_install")
class TestProcessInBatches(TransactionCase):
    def test_one_failing_record_does_not_stop_the_others(self):
        partners = self.env["res.partner"].create([{"name": f"P{i}"} for i in range(7)])
        bad = partners[4]

        def mark(batch):
            batch.write({"ref": "done"})
            if bad in batch:
                raise ValueError("broken record")

        with mute_logger("odoo.addons.mentorship_program.automation.batches"):
            outcome = process_in_batches(partners, mark, batch_size=3, label="test")
        self.assertEqual(outcome.done, 6)
        self.assertEqual(outcome.failed, [bad.id])
        self.assertEqual((partners - bad).mapped("ref"), ["done"] * 6)
        self.assertFalse(bad.ref, "the failing record's own write is rolled back")

    def test_nothing_to_do(self):
        outcome = process_in_batches(self.env["res.partner"], lambda batch: None)
        self.assertEqual((outcome.done, outcome.failed), (0, []))

    def test_records_deleted_meanwhile_are_left_out(self):
        """Another run may delete records between the cron's search and their
        batch: the batch gets only the rows it could take."""
        partners = self.env["res.partner"].create([{"name": f"P{i}"} for i in range(3)])
        gone = partners[1]
        self.env.flush_all()
        self.env.cr.execute("DELETE FROM res_partner WHERE id = %s", [gone.id])
        seen = []
        outcome = process_in_batches(partners, lambda batch: seen.extend(batch.ids))
        self.assertEqual(seen, (partners - gone).ids)
        self.assertEqual(outcome.done, 2)
