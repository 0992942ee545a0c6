"""Repository-wide pytest rules for ``./dev test``.

A skipped test counts as a failure: Odoo skips its browser tests when
Chromium or websocket-client is missing, and a suite that passes by skipping
what it cannot run would hide exactly that.
"""

import pytest

_skipped = []


def pytest_runtest_logreport(report):
    if report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        _skipped.append((report.nodeid, reason))


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    if _skipped and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    if not _skipped:
        return
    terminalreporter.section("skipped tests are failures here", red=True)
    for nodeid, reason in _skipped:
        terminalreporter.write_line(f"SKIPPED (counts as failed): {nodeid}: {reason}")
