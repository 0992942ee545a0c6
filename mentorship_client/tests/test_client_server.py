"""The client against a real Odoo server (the ``site`` fixture): what each
person gets, the figures the server withholds, the files and the report."""

import base64
import os
import re
import subprocess
import sys

import pandas as pd
import pytest

from mentorship_client import Client, ClientError
from mentorship_client.client import OUTCOME_NUMBERS, PAIR_REPORT
from mentorship_client.files import read_frame, write_frame
from mentorship_client.report import build_report

from .conftest import BIG, REPO_ROOT, REPORTS_IN_BIG, SMALL


@pytest.fixture(scope="module")
def hr(site):
    return Client(site.url, site.db, site.fixtures["hr"], site.password)


@pytest.fixture(scope="module")
def leader(site):
    return Client(site.url, site.db, site.fixtures["leader"], site.password)


@pytest.fixture(scope="module")
def mentee(site):
    return Client(site.url, site.db, site.fixtures["mentee"], site.password)


def _ours(frame, site):
    """The rows of the programs the fixture made (the database may hold others)."""
    return frame[frame["program_id"].isin(site.fixtures["programs"].values())]


def _by_program(frame, site):
    return {
        name: frame[frame["program_id"] == program_id]
        for name, program_id in site.fixtures["programs"].items()
    }


# ---------------------------------------------------------------- logging in
def test_wrong_password_is_refused(site):
    with pytest.raises(ClientError, match="refused the login"):
        Client(site.url, site.db, site.fixtures["hr"], "not the password")


def test_api_key_logs_in_like_a_password(site):
    client = Client(site.url, site.db, site.fixtures["hr"], site.fixtures["hr_api_key"])
    assert len(client.export_pairs(site.fixtures["programs"]["big"])) == BIG


# ---------------------------------------------------------------- records
def test_hr_exports_every_pair_of_the_programs(site, hr):
    pairs = _ours(hr.export_pairs(), site)
    assert sorted(pairs["id"]) == sorted(
        site.fixtures["pairs"]["big"] + site.fixtures["pairs"]["small"]
    )
    big = hr.export_pairs(program="client_test big")
    assert sorted(big["id"]) == sorted(site.fixtures["pairs"]["big"])
    assert set(big["state"]) == {"active"}
    assert big["mentee_name"].str.startswith("client_test big_mentee").all()
    assert str(big["date_start"].dtype).startswith("datetime64")
    sessions = hr.export_sessions(program=site.fixtures["programs"]["big"])
    assert len(sessions) == 2 * BIG
    assert set(sessions["state"]) == {"done"}
    # A session's content is never exported, whoever asks.
    assert not {"agenda", "notes"} & set(sessions.columns)
    enrollments = hr.export_enrollments(program=site.fixtures["programs"]["small"])
    assert sorted(enrollments["role"]) == ["mentee"] * SMALL + ["mentor"] * SMALL
    assert "readiness_coaching_aptitude" in enrollments.columns


def test_employee_exports_only_their_own_rows(site, mentee):
    pairs = mentee.export_pairs()
    assert list(pairs["id"]) == [site.fixtures["mentee_pair"]]
    sessions = mentee.export_sessions()
    assert len(sessions) == 2
    assert set(sessions["pair_id"]) == {site.fixtures["mentee_pair"]}
    enrollments = mentee.export_enrollments()
    assert len(enrollments) == 1
    assert enrollments["employee"].iloc[0] == "client_test big_mentee 0"
    # HR's readiness scores and overview counts are not theirs to read.
    assert "readiness_coaching_aptitude" not in enrollments.columns
    assert "overview_pairs_at_risk" not in mentee.export_indicators().columns


def test_unknown_and_unreadable_programs_are_refused_alike(site, mentee):
    with pytest.raises(ClientError, match="no program 'nothing like this'"):
        mentee.export_pairs(program="nothing like this")
    with pytest.raises(ClientError, match="no program 999999"):
        mentee.export_pairs(program=999999)


# ---------------------------------------------------------------- figures
def test_hr_figures_under_the_minimum_group_size_are_withheld(site, hr):
    indicators = _by_program(hr.export_indicators(), site)
    big, small = indicators["big"].iloc[0], indicators["small"].iloc[0]
    assert big["pairs"] == BIG
    assert big["running"] == BIG
    assert big["session_done_count"] == 2 * BIG
    assert big["sessions_done"] == 2 * BIG
    # Two mentees only: the server returns no figure, and neither does the client.
    assert small[["pairs", "running", "session_done_count", "sessions_done"]].isna().all()
    # HR's own overview counts come along (pairs, not people's answers).
    assert (
        big["overview_pairs_on_track"]
        + big["overview_pairs_at_risk"]
        + big["overview_pairs_stalled"]
        <= BIG
    )


def test_leader_figures_cover_their_organisation_over_enough_people(site, leader):
    indicators = _by_program(leader.export_indicators(), site)
    assert indicators["big"]["pairs"].iloc[0] == REPORTS_IN_BIG
    assert indicators["small"]["pairs"].isna().all()
    outcomes = _by_program(leader.export_outcomes(), site)
    small = outcomes["small"]
    assert (small["note"] == "fewer than 5").all()
    assert small["withheld"].all()
    # Nothing over too few people comes as a number, not even a count.
    assert small[list(OUTCOME_NUMBERS)].isna().all().all()
    shown = outcomes["big"].set_index("measure")
    assert shown.loc["retention_6m", "label"] == "Retention at 6 months"
    assert shown.loc["retention_6m", "participants"] == 1.0
    assert shown.loc["retention_6m", "participants_count"] == REPORTS_IN_BIG
    assert shown.loc["retention_6m", "unit"] == "share"
    assert not shown.loc["retention_6m", "withheld"]
    assert shown["summary"].iloc[0].startswith(f"{REPORTS_IN_BIG} participants matched")


def test_an_employee_who_manages_nobody_gets_no_figures(site, mentee):
    indicators = _ours(mentee.export_indicators(), site)
    assert indicators[["pairs", "running", "sessions"]].isna().all().all()


def test_the_reports_are_read_as_figures_only(site, hr):
    with pytest.raises(ClientError, match="no one reads them one by one"):
        hr.call(PAIR_REPORT, "search_read", [], ["mentee_employee_id"])
    with pytest.raises(ClientError, match="cannot be grouped by mentee_employee_id"):
        hr.read_figures(PAIR_REPORT, [], ["mentee_employee_id"], ["running:sum"])


# ---------------------------------------------------------------- files
@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_exports_read_back_with_pandas(site, hr, tmp_path, suffix):
    pairs = hr.export_pairs(program=site.fixtures["programs"]["big"])
    indicators = _ours(hr.export_indicators(), site)
    for name, frame in (("pairs", pairs), ("indicators", indicators)):
        path = tmp_path / f"{name}{suffix}"
        write_frame(frame, path)
        back = read_frame(path)
        assert list(back.columns) == list(frame.columns)
        assert len(back) == len(frame)
        assert list(back["program_id"]) == list(frame["program_id"])
    back = read_frame(tmp_path / f"pairs{suffix}")
    assert list(back["mentee_name"]) == list(pairs["mentee_name"])
    assert list(pd.to_datetime(back["date_start"]).dt.date) == list(pairs["date_start"].dt.date)
    withheld = read_frame(tmp_path / f"indicators{suffix}")
    assert (
        withheld[withheld["program_id"] == site.fixtures["programs"]["small"]]["pairs"].isna().all()
    )


# ---------------------------------------------------------------- report
def _pngs(page):
    return [
        base64.b64decode(data)
        for data in re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    ]


def test_report_is_one_page_with_its_charts(site, hr):
    page = build_report(hr, "client_test big")
    assert page.startswith("<!DOCTYPE html>")
    assert "<h1>client_test big</h1>" in page
    images = _pngs(page)
    # Health, sessions by month, outcomes.
    assert len(images) == 3
    assert all(image.startswith(b"\x89PNG\r\n\x1a\n") for image in images)
    assert "Retention at 6 months" in page
    assert "100.0 %" in page  # a share the server sent as 1.0
    assert 'src="http' not in page  # self-contained


def test_report_shows_withheld_figures_as_withheld(site, leader):
    page = build_report(leader, site.fixtures["programs"]["small"])
    assert "withheld" in page
    assert "fewer than 5" in page
    # No chart of figures that are all withheld.
    assert not _pngs(page)
    assert "Every figure here is withheld by the server" in page
    assert not re.search(r"<th>Running pairs</th><td class=\"num\">\d", page)


# ---------------------------------------------------------------- CLI
def _cli(site, login, *args, secret=None, cwd=None):
    env = {key: value for key, value in os.environ.items() if not key.startswith("MENTORSHIP_")}
    env.update(site.env(login))
    if secret is not None:
        env["MENTORSHIP_PASSWORD"] = secret
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "mentorship_client", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
        check=False,
    )


def test_cli_exports_with_the_environment(site, tmp_path):
    output = tmp_path / "pairs.parquet"
    run = _cli(
        site,
        site.fixtures["hr"],
        "export",
        "pairs",
        "--program",
        "client_test big",
        "-o",
        str(output),
    )
    assert run.returncode == 0, run.stderr
    assert f"{BIG} row(s) of pairs written to {output} (parquet)" in run.stdout
    assert sorted(read_frame(output)["id"]) == sorted(site.fixtures["pairs"]["big"])
    run = _cli(
        site, site.fixtures["mentee"], "export", "outcomes", "--format", "xlsx", cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "outcomes.xlsx").exists()


def test_cli_report_writes_the_page(site, tmp_path):
    output = tmp_path / "big.html"
    run = _cli(
        site, site.fixtures["hr"], "report", "--program", "client_test big", "-o", str(output)
    )
    assert run.returncode == 0, run.stderr
    assert len(_pngs(output.read_text(encoding="utf-8"))) == 3


def test_cli_says_why_it_cannot_connect(site, tmp_path):
    run = _cli(site, site.fixtures["hr"], "export", "pairs", secret="wrong", cwd=tmp_path)
    assert run.returncode == 1
    assert "refused the login" in run.stderr
    env_less = _cli(site, site.fixtures["hr"], "export", "pairs", secret="", cwd=tmp_path)
    assert env_less.returncode == 2
    assert "no password" in env_less.stderr


# ---------------------------------------------------------------- import
def _write_people(path, rows):
    frame = pd.DataFrame(rows, columns=["employee", "role", "goals"])
    if path.suffix == ".csv":
        frame.to_csv(path, index=False)
    else:
        frame.to_excel(path, index=False, engine="openpyxl")
    return path


def test_cli_import_dry_run_lists_every_bad_row(site, hr, tmp_path):
    program = site.fixtures["programs"]["import"]
    path = _write_people(
        tmp_path / "people.csv",
        [
            ("client_test colleague 0", "mentee", "Lead a team"),
            ("nobody of that name", "mentee", ""),
            ("client_test colleague 1", "chef", ""),
        ],
    )
    run = _cli(
        site, site.fixtures["hr"], "import", str(path), "--program", str(program), "--dry-run"
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "problem(s) in" in run.stdout
    lines = [line for line in run.stdout.splitlines() if "│" in line]
    # The file's rows 3 and 4, by number and column; row 2 is good.
    assert any(line.split("│")[1].strip() == "3" and "employee" in line for line in lines), lines
    assert any(line.split("│")[1].strip() == "4" and "role" in line for line in lines), lines
    assert not any(line.split("│")[1].strip() == "2" for line in lines), lines
    assert "Nothing was enrolled" in run.stdout
    assert hr.export_enrollments(program=program).empty


def test_import_enrolls_every_row_or_none(site, hr, tmp_path):
    program = site.fixtures["programs"]["import"]
    people = [(f"client_test colleague {i}", "mentee", "Lead a team") for i in range(3)]
    path = _write_people(tmp_path / "people.xlsx", people)
    dry = hr.import_enrollments(path, program, dry_run=True)
    assert dry == {"errors": [], "created": 0, "dry_run": True}
    assert hr.export_enrollments(program=program).empty
    answer = hr.import_enrollments(path, program)
    assert answer == {"errors": [], "created": 3, "dry_run": False}
    enrolled = hr.export_enrollments(program=program)
    assert sorted(enrolled["employee"]) == [name for name, _role, _goals in people]
    assert set(enrolled["role"]) == {"mentee"}
    # The same people again, with one newcomer: all or nothing, nobody enrolled.
    again = _write_people(
        tmp_path / "again.csv", [*people, ("client_test colleague 3", "mentee", "")]
    )
    run = _cli(site, site.fixtures["hr"], "import", str(again), "--program", str(program))
    assert run.returncode == 1, run.stdout + run.stderr
    assert len(hr.export_enrollments(program=program)) == 3


def test_import_is_for_hr_only(site, leader, tmp_path):
    path = _write_people(tmp_path / "people.csv", [("client_test colleague 4", "mentee", "")])
    with pytest.raises(ClientError, match="Only a Mentorship Manager can import enrollments"):
        leader.import_enrollments(path, site.fixtures["programs"]["import"], dry_run=True)
