"""The enrollment file read into rows, without a database."""

import io

import openpyxl
import pytest

from mentorship_program.importing import (
    COLUMNS,
    FILE_DUPLICATE_COLUMN,
    FILE_EMPTY,
    FILE_ENCODING,
    FILE_NOT_XLSX,
    FILE_UNSUPPORTED,
    ImportFileError,
    read_file,
    split_skill_levels,
    template_csv,
)


def test_csv_with_or_without_bom_and_any_common_delimiter():
    for prefix in ("", "\ufeff"):
        for delimiter in (",", ";", "\t"):
            text = f"{prefix}Employee{delimiter}Role{delimiter}Target Skills\r\n"
            text += f'a@example.com{delimiter}mentee{delimiter}"Coaching:Advanced; C:D"\r\n'
            assert read_file("hr.csv", text.encode()) == [
                {
                    "employee": "a@example.com",
                    "role": "mentee",
                    "target_skills": "Coaching:Advanced; C:D",
                }
            ]


def test_blank_rows_keep_the_numbering_and_trailing_ones_go():
    rows = read_file("hr.csv", b"employee,role\n,\nb@example.com,mentor\n,\n\n")
    assert rows == [{"employee": "", "role": ""}, {"employee": "b@example.com", "role": "mentor"}]


def test_values_beyond_the_header_are_kept_for_the_import_to_refuse():
    rows = read_file("hr.csv", b"employee,role\na@example.com,mentee,surprise\n")
    assert rows[0][""] == "surprise"


@pytest.mark.parametrize(
    ("filename", "content", "code"),
    [
        ("hr.csv", "employee,role\nZoë,mentee\n".encode("latin-1"), FILE_ENCODING),
        ("hr.csv", b"", FILE_EMPTY),
        ("hr.csv", b"\n\n", FILE_EMPTY),
        ("hr.csv", b"employee,Employee\n", FILE_DUPLICATE_COLUMN),
        ("hr.xlsx", b"not a workbook", FILE_NOT_XLSX),
        ("hr.ods", b"employee,role\n", FILE_UNSUPPORTED),
    ],
)
def test_files_that_cannot_be_read_name_the_file(filename, content, code):
    with pytest.raises(ImportFileError) as raised:
        read_file(filename, content)
    assert (raised.value.code, raised.value.filename) == (code, filename)


def test_xlsx_cells_read_as_text():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Employee", "Role", "Hours per Month", "Capacity"])
    sheet.append(["a@example.com", "mentor", 4.5, 2.0])
    sheet.append([None, None, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert read_file("hr.xlsx", buffer.getvalue()) == [
        {"employee": "a@example.com", "role": "mentor", "hours_per_month": "4.5", "capacity": "2"}
    ]


def test_skill_levels_split_at_the_last_colon():
    assert split_skill_levels("Coaching:Advanced; C++ ;Odoo: Sales:Expert;") == [
        ("Coaching", "Advanced"),
        ("C++", ""),
        ("Odoo: Sales", "Expert"),
    ]


def test_the_template_reads_back_as_one_example_row():
    rows = read_file("template.csv", template_csv())
    assert len(rows) == 1
    assert tuple(rows[0]) == COLUMNS
    assert rows[0]["role"] == "mentee"
