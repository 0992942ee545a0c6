"""The client's files and connection settings, without a server."""

import pandas as pd
import pytest
from rich.console import Console

from mentorship_client.cli import print_import_answer
from mentorship_client.connection import ConnectionSettings, SettingsError, split_url
from mentorship_client.files import FileError, format_of, read_import_rows

ENV = {
    "MENTORSHIP_URL": "https://odoo.example.com",
    "MENTORSHIP_DB": "prod",
    "MENTORSHIP_LOGIN": "grace.okafor",
}


def test_import_rows_keep_the_files_row_numbers(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(
        "employee;role;capacity\nada@example.com;mentor;02\n;;\nGrace Hopper;mentee;\n;;\n\n",
        encoding="utf-8",
    )
    rows = read_import_rows(path)
    # Row 2 is the first; the blank row 3 stays so that row 4 is still row 4.
    assert rows == [
        {"employee": "ada@example.com", "role": "mentor", "capacity": "02"},
        {"employee": "", "role": "", "capacity": ""},
        {"employee": "Grace Hopper", "role": "mentee", "capacity": ""},
    ]


def test_import_rows_from_xlsx_are_text(tmp_path):
    path = tmp_path / "people.xlsx"
    pd.DataFrame({"employee": ["ada@example.com"], "role": ["mentor"], "capacity": [3]}).to_excel(
        path, index=False, engine="openpyxl"
    )
    assert read_import_rows(path) == [
        {"employee": "ada@example.com", "role": "mentor", "capacity": "3"}
    ]


def test_import_file_problems_name_the_file(tmp_path):
    latin = tmp_path / "latin.csv"
    latin.write_bytes("employee,role\nJosé,mentee\n".encode("latin-1"))
    with pytest.raises(FileError, match="latin.csv: not UTF-8"):
        read_import_rows(latin)
    with pytest.raises(FileError, match="reads .csv or .xlsx"):
        read_import_rows(tmp_path / "people.ods")
    with pytest.raises(FileError, match="no such file"):
        read_import_rows(tmp_path / "missing.csv")


def test_export_format_from_the_name_or_the_flag():
    assert format_of("pairs.PARQUET") == "parquet"
    assert format_of("pairs.out", "xlsx") == "xlsx"
    with pytest.raises(FileError, match="--format"):
        format_of("pairs.json")


def test_settings_from_the_environment_and_the_flags():
    settings = ConnectionSettings.resolve(
        environ={**ENV, "MENTORSHIP_API_KEY": "key"}, login="rahul.mehta", interactive=False
    )
    assert settings == ConnectionSettings("https://odoo.example.com", "prod", "rahul.mehta", "key")


def test_password_is_asked_when_not_given():
    asked = []

    def prompt(text):
        asked.append(text)
        return "typed"

    settings = ConnectionSettings.resolve(environ=ENV, prompt=prompt, interactive=True)
    assert settings.secret == "typed"
    assert asked == ["Password or API key for grace.okafor on https://odoo.example.com (prod): "]
    with pytest.raises(SettingsError, match="no password: set"):
        ConnectionSettings.resolve(environ=ENV, interactive=False)


def test_missing_and_malformed_settings_are_named():
    with pytest.raises(SettingsError, match=r"--db \(or \$MENTORSHIP_DB\), --login"):
        ConnectionSettings.resolve(environ={"MENTORSHIP_URL": "http://x"}, interactive=False)
    with pytest.raises(SettingsError, match="without a path"):
        split_url("https://odoo.example.com/web")
    assert split_url("https://odoo.example.com") == ("odoo.example.com", 443, "jsonrpc+ssl")
    assert split_url("http://127.0.0.1:8069/") == ("127.0.0.1", 8069, "jsonrpc")


def _printed(answer):
    console = Console(record=True, width=120)
    status = print_import_answer(answer, "people.csv", console)
    return status, console.export_text()


def test_import_answer_lists_every_bad_row():
    status, text = _printed(
        {
            "errors": [
                {"row": 2, "column": "target_skills", "reason": "unknown skill [Cobol]"},
                {"row": 5, "column": "employee", "reason": "works for another company"},
            ],
            "created": 0,
            "dry_run": True,
        }
    )
    assert status == 1
    assert "2 problem(s) in people.csv" in text
    lines = [line for line in text.splitlines() if "│" in line]
    assert any("2" in line and "target_skills" in line and "[Cobol]" in line for line in lines)
    assert any("5" in line and "employee" in line and "another company" in line for line in lines)
    assert "Nothing was enrolled" in text


def test_import_answer_without_errors():
    assert _printed({"errors": [], "created": 0, "dry_run": True}) == (
        0,
        "Dry run: every row of people.csv is good; nothing was enrolled.\n",
    )
    assert _printed({"errors": [], "created": 3, "dry_run": False}) == (
        0,
        "3 enrollment(s) created from people.csv.\n",
    )
