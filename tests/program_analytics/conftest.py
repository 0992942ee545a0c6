"""The analytics are plain Python: import them as ``mentorship_program.analytics``
without running the add-on's ``__init__`` (which loads the Odoo models).

The package is registered with its folder as its only path, so its plain
Python subpackages (``analytics``, ``pair_states``) import as they do inside
Odoo, relative imports included.
"""

import sys
import types
from pathlib import Path

MODULE_DIR = Path(__file__).resolve().parents[2] / "mentorship_program"
if "mentorship_program" not in sys.modules:
    package = types.ModuleType("mentorship_program")
    package.__path__ = [str(MODULE_DIR)]
    sys.modules["mentorship_program"] = package
