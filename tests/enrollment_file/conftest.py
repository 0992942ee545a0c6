"""The enrollment file's rules are plain Python: import them as
``mentorship_program.importing`` without running the add-on's ``__init__``
(which loads the Odoo models), as an external client does."""

import sys
import types
from pathlib import Path

MODULE_DIR = Path(__file__).resolve().parents[2] / "mentorship_program"
if "mentorship_program" not in sys.modules:
    package = types.ModuleType("mentorship_program")
    package.__path__ = [str(MODULE_DIR)]
    sys.modules["mentorship_program"] = package
