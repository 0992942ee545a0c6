"""A cron run stopped half-way (the cron worker's time limit kills it) keeps
the progress of the batches it committed.

Odoo counts a run that timed out without any progress as a failure, and
after three of them in a row gives up on the job until its next call: the
progress must be committed with each batch, not only at the end. This runs
``process_in_batches`` outside a test transaction (``odoo-bin shell``, which
commits), interrupts it in its third batch and reads the cron's progress.
"""

from tools.odoo_run import RESULT_PREFIX

SCRIPT = f"""
import json
from odoo.addons.mentorship_program.automation import process_in_batches

class Killed(BaseException):
    "What the worker's time limit does to a run: nothing catches it."

cron = env.ref("mentorship_program.ir_cron_mentorship_pair_health")
progress = env["ir.cron.progress"].create({{"cron_id": cron.id}})
partners = env["res.partner"].create([{{"name": f"progress test {{i}}"}} for i in range(5)])
env.cr.commit()

def process(batch):
    if partners[4] in batch:
        raise Killed()
    batch.write({{"ref": "done"}})

try:
    process_in_batches(
        partners.with_context(ir_cron_progress_id=progress.id), process, batch_size=2
    )
except Killed:
    env.cr.rollback()
env.invalidate_all()
result = {{
    "done": progress.done,
    "remaining": progress.remaining,
    "refs": partners.mapped("ref"),
}}
partners.unlink()
progress.unlink()
env.cr.commit()
print({RESULT_PREFIX!r} + json.dumps(result))
"""


def test_a_run_stopped_half_way_keeps_its_progress(nodemo_database):
    result = nodemo_database(SCRIPT)
    assert result["refs"] == ["done"] * 4 + [False], "the two first batches are committed"
    assert (result["done"], result["remaining"]) == (4, 1)
