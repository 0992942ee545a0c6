"""The analytics are plain Python: import them straight from the module
folder, without going through Odoo's addons namespace."""

import sys
from pathlib import Path

MODULE_DIR = Path(__file__).resolve().parents[2] / "mentorship_program"
if str(MODULE_DIR) not in sys.path:
    sys.path.insert(0, str(MODULE_DIR))
