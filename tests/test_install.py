"""mentorship_program installs cleanly into fresh databases, with and without demo data.

Each install runs odoo-bin in a subprocess (see the fixtures in conftest.py)
and takes a minute or two.
"""

from tools.paths import MODULE_NAME

STATE_SCRIPT = f"""
import json
module = env["ir.module.module"].search([("name", "=", {MODULE_NAME!r})])
print("RESULT:" + json.dumps({{"state": module.state, "demo": module.demo}}))
"""


def _assert_clean_install(database):
    result = database.install_result
    assert result.returncode == 0, (
        f"odoo-bin -i {MODULE_NAME} on {database.db_name} exited {result.returncode}; "
        f"log {result.log_path}:\n{result.tail()}"
    )
    assert not result.error_lines, (
        f"ERROR/CRITICAL lines while installing {MODULE_NAME} into {database.db_name} "
        f"(log {result.log_path}):\n" + "\n".join(result.error_lines)
    )


def _module_row(database):
    rows = database.query(
        "SELECT state, demo FROM ir_module_module WHERE name = %s", (MODULE_NAME,)
    )
    assert rows, f"{MODULE_NAME} is not known in {database.db_name}"
    return rows[0]


def _program_count(database):
    (table,) = database.query("SELECT to_regclass('public.mentorship_program')")[0]
    assert table is not None, f"table mentorship_program missing in {database.db_name}"
    return database.query("SELECT count(*) FROM mentorship_program")[0][0]


def test_install_with_demo_data(demo_database):
    _assert_clean_install(demo_database)
    state, demo = _module_row(demo_database)
    assert state == "installed"
    assert demo is True, "demo column of ir_module_module should be true with demo data"
    assert _program_count(demo_database) > 0, "demo data should create mentorship programs"
    # The same facts seen from inside Odoo (exercises the odoo-bin shell helper).
    assert demo_database.run_odoo_shell(STATE_SCRIPT) == {
        "state": "installed",
        "demo": True,
    }


def test_install_without_demo_data(nodemo_database):
    _assert_clean_install(nodemo_database)
    state, demo = _module_row(nodemo_database)
    assert state == "installed"
    assert demo is False, "demo column of ir_module_module should be false with --without-demo=all"
    assert _program_count(nodemo_database) == 0, "no program may exist without demo data"
    (base_demo,) = nodemo_database.query("SELECT demo FROM ir_module_module WHERE name = 'base'")[0]
    assert base_demo is False


def test_shell_helper_returns_json(demo_database):
    result = demo_database(
        "import json\n"
        "print('noise before the result')\n"
        "print('RESULT:' + json.dumps({'users': env['res.users'].search_count([('login', '=', 'admin')])}))\n"
    )
    assert result == {"users": 1}


COST_WITHOUT_HOURLY_COST_SCRIPT = """
import json
program = env["mentorship.program"].search([], limit=1)
print("RESULT:" + json.dumps({
    "hourly_cost_installed": "hourly_cost" in env["hr.employee"]._fields,
    "available": program.mentoring_cost_available,
    "cost": program.mentoring_cost,
    "hours": program.mentoring_hours,
    "note": program.mentoring_cost_note,
}))
"""


def test_cost_of_mentoring_time_without_hourly_cost(demo_database):
    """The add-on alone (no Employee Hourly Wage): the program says how to see
    the cost, still counts the hours, and nothing breaks. The module's tests
    run with hr_hourly_cost installed (./dev test) for the cost itself."""
    result = demo_database.run_odoo_shell(COST_WITHOUT_HOURLY_COST_SCRIPT)
    assert result["hourly_cost_installed"] is False
    assert result["available"] is False
    assert result["cost"] == 0
    assert result["hours"] > 0, "the demo pairs have done sessions"
    assert "hr_hourly_cost" in result["note"]
