"""Support for the tests that talk to a real Gel server (marked ``gel``).

Where the server comes from, once per test run, when the run selected any ``gel`` test:

- ``GEL_DSN`` names one: the run uses that server;
- otherwise the team's shared server (``../shared/gel/start``) is started on a free loopback
  port with a data directory of its own, and stopped when the run ends.

Either way the run works in a fresh branch of its own (``test_<random>``) with
``dbschema/default.gel`` applied, and drops it at the end, so runs never see each other's data;
``GEL_DSN`` points at that branch while the run lasts (subprocesses such as the fault tests'
gunicorn inherit it). Without either server the ``gel`` tests skip with the reason, except under
``CI=true``, where that is a failure. Within a run each test deletes, when it ends, the meetings
created while it ran (its participants and dates go with them); the branch starts with
``BALLAST`` meetings that no test made.
"""

from __future__ import annotations

import datetime
import os
import shutil
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from meetings.tests.support import gel_server

GEL_MARKS = [pytest.mark.gel]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

# Meetings the run's branch holds before any test, as a store in use holds some: in tables the
# tests have emptied again, PostgreSQL under Gel may plan a lookup by id as a scan of the whole
# table, and its serializable checks then count every row as read, so writers of different
# participants conflict (docs/performance.md, test_gel_writers.py). No test's window includes
# them (they are older), so none deletes them.
BALLAST = 200

_MEETINGS_SINCE = "select count((select Meeting filter .created_at >= <datetime>$since))"
_DELETE_SINCE = "delete Meeting filter .created_at >= <datetime>$since"


@dataclass
class GelSession:
    """The Gel server of this test run, or why there is none."""

    reason: str | None = None
    base_dsn: str = ""
    branch: str = ""
    source: str = ""  # where the server came from, for the summary
    version: str = ""
    started_in: float | None = None
    schema_in: float = 0.0
    server: gel_server.SharedGelServer | None = None
    previous_dsn: str | None = None
    outcomes: Counter[str] = field(default_factory=Counter)

    def summary(self) -> list[str]:
        counts = ", ".join(f"{n} {what}" for what, n in sorted(self.outcomes.items()))
        tests = f"{sum(self.outcomes.values())} gel-marked tests: {counts or 'none ran'}"
        if self.reason is not None:
            return [f"Gel: no server ({self.reason}); {tests}"]
        started = f", started in {self.started_in:.1f} s" if self.started_in is not None else ""
        return [
            f"Gel: EdgeDB/Gel {self.version} ({self.source}{started}), branch {self.branch}"
            f" (schema applied in {self.schema_in:.1f} s); {tests}"
        ]


_session: GelSession | None = None


def session_start() -> GelSession:
    """Find or start the run's server and make its branch (once per run)."""
    global _session
    if _session is not None:
        return _session
    session = _session = GelSession()
    dsn = os.environ.get("GEL_DSN", "").strip()
    try:
        if dsn:
            session.source = "the server GEL_DSN names"
        else:
            missing = gel_server.shared_server_missing()
            if missing is not None:
                session.reason = missing
                return session
            began = time.monotonic()
            session.server = gel_server.SharedGelServer(_run_directory() / "data")
            dsn = session.server.start()
            session.started_in = time.monotonic() - began
            session.source = f"shared server on 127.0.0.1:{session.server.port}"
        session.base_dsn = dsn
        session.version = gel_server.server_version(dsn)
        session.branch, branch_dsn, session.schema_in = gel_server.branch_create(dsn)
        gel_server.ballast_store(branch_dsn, BALLAST)
    except Exception as error:  # any failure: reported on every gel test, never a crash
        session.reason = f"{type(error).__name__}: {error}"
        if session.server is not None:
            tail = session.server.log_tail()
            session.reason += f"\n--- server.log ---\n{tail}" if tail else ""
        return session
    session.previous_dsn = os.environ.get("GEL_DSN")
    os.environ["GEL_DSN"] = branch_dsn
    return session


def _run_directory() -> Path:
    directory = Path(tempfile.mkdtemp(prefix="meetifyr-gel-test-"))
    directory.chmod(0o755)  # mkdtemp makes it 0700: the server's user must reach inside
    return directory


def session_end() -> None:
    """Drop the run's branch and stop the server the run started."""
    session = _session
    if session is None or session.reason is not None:
        return
    from meetings.repositories.gel.client import close_client

    close_client()
    if session.previous_dsn is None:
        os.environ.pop("GEL_DSN", None)
    else:
        os.environ["GEL_DSN"] = session.previous_dsn
    if session.server is not None:
        session.server.stop()
        shutil.rmtree(session.server.data_dir.parent, ignore_errors=True)
    else:
        gel_server.branch_drop(session.base_dsn, session.branch)


def require() -> GelSession:
    """For a ``gel`` test: the run's server, or skip (fail under CI) with the reason."""
    session = session_start()
    if session.reason is not None:
        if IN_CI:
            pytest.fail(f"CI needs a Gel server: {session.reason}", pytrace=False)
        pytest.skip(f"needs a Gel server: {session.reason}")
    return session


def outcome_record(report: pytest.TestReport) -> None:
    if _session is None or "gel" not in report.keywords:
        return
    if report.when == "call" or (report.when == "setup" and not report.passed):
        _session.outcomes[report.outcome] += 1


def summary() -> list[str]:
    return _session.summary() if _session is not None else []


class GelTestWindow:
    """The meetings created in the Gel store since a test started, by the server's clock."""

    def __init__(self) -> None:
        from meetings.repositories.gel.client import gel_client

        started: datetime.datetime = gel_client().query_required_single(
            "select datetime_of_statement()"
        )
        self.since = started

    def meeting_count(self) -> int:
        from meetings.repositories.gel.client import gel_client

        count: int = gel_client().query_required_single(_MEETINGS_SINCE, since=self.since)
        return count

    def close(self) -> None:
        from meetings.repositories.gel.client import gel_client

        gel_client().query(_DELETE_SINCE, since=self.since)


_current: GelTestWindow | None = None


def window_open(request: pytest.FixtureRequest) -> GelTestWindow:
    """Start a window for the running test; what it created is deleted when it ends."""
    global _current
    require()
    window = GelTestWindow()
    _current = window
    request.addfinalizer(window.close)
    return window


def meeting_count() -> int:
    """How many meetings the running test created in the Gel store."""
    if _current is None:
        raise RuntimeError("no Gel test window is open: use the `store` or `repo` fixture")
    return _current.meeting_count()
