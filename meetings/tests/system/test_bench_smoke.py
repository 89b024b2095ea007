"""The benchmark's smoke check, so ``make bench`` cannot silently break again: the bare baseline
(``bench/baseline_app.py``) serves the API's bytes with the MySQL store's SQL, its bare toggle
changes on each store what the API's toggle changes, and the quick bench (``bench/run.py
--quick``) gets an answer from every point, on both stores when a Gel server is there. Timings
are never asserted."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from bench import bare_read, bare_sql, bare_write
from meetings import services
from meetings.domain import DateAction, Meeting, key_new
from meetings.models import Meeting as MeetingRow
from meetings.repositories import repository_for
from meetings.tests.support import gel_server

BASE_DIR = Path(__file__).resolve().parents[3]


@pytest.fixture
def baseline(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The baseline's functions reading the test database, on a connection of their own."""
    settings = connection.settings_dict
    monkeypatch.setenv("BENCH_DB_HOST", settings["HOST"] or "127.0.0.1")
    monkeypatch.setenv("BENCH_DB_PORT", str(settings["PORT"] or 3306))
    monkeypatch.setenv("BENCH_DB_USER", settings["USER"] or "root")
    monkeypatch.setenv("BENCH_DB_PASSWORD", settings["PASSWORD"] or "")
    monkeypatch.setenv("BENCH_DB_NAME", settings["NAME"])
    yield
    conn = getattr(bare_read._local, "conn", None)
    if conn is not None:
        conn.close()
        del bare_read._local.conn
    client, bare_write._gel_client = bare_write._gel_client, None
    if client is not None:
        client.close()


def _meetings() -> list[str]:
    """Dates-only meetings as the baseline serves them: marks and stars, text to escape, a
    decided one, one without dates and one with dates but nobody yet."""
    repo = repository_for("mysql")
    key = key_new()
    decided = services.meeting_create(
        repo=repo, title='Dîner "chez" \\ 서울', location="Seoul / 강남", organizer_key=key
    )
    services.meeting_set_date_range(
        repo=repo,
        url_code=decided.url_code,
        start_date=date(2026, 3, 2),
        end_date=date(2026, 3, 8),
        key=key,
    )
    for number, name in enumerate(("Ann", "Bo 보", 'Cé "x" \\')):
        participant, _ = services.participant_create(
            repo=repo, url_code=decided.url_code, name=name, participant_key=key_new()
        )
        for row in participant.dates[number::2]:
            services.participant_date_mark(
                repo=repo,
                url_code=decided.url_code,
                participant_date_id=row.id,
                action=DateAction.OFF if number % 2 else DateAction.STAR,
                key=key,
            )
    services.meeting_set_final(
        repo=repo, url_code=decided.url_code, day=date(2026, 3, 4), note="Bring\n꽃", key=key
    )
    undated = services.meeting_create(repo=repo, title="No dates yet")
    empty = services.meeting_create(repo=repo)
    services.meeting_set_date_range(
        repo=repo, url_code=empty.url_code, start_date=date(2026, 5, 1), end_date=date(2026, 5, 2)
    )
    return [decided.url_code, undated.url_code, empty.url_code]


@pytest.mark.django_db(transaction=True)  # the baseline reads on its own connection
@pytest.mark.usefixtures("baseline")
def test_the_baseline_serves_the_apis_bytes_with_the_stores_sql() -> None:
    client = APIClient()
    for url_code in _meetings():
        caches["meetings"].clear()  # the API reads the meeting, as the baseline always does
        with CaptureQueriesContext(connection) as captured:
            api = client.get(f"/v1/mysql/meetings/{url_code}")
        assert api.status_code == 200
        assert bare_read.meeting_body(url_code) == api.content
        meeting_id = MeetingRow.objects.get(url_code=url_code).id
        assert [query["sql"] for query in captured.captured_queries] == [
            bare_sql.MEETING_SQL % f"'{url_code}'",
            bare_sql.PARTICIPANTS_SQL % meeting_id,
        ]
    assert bare_read.meeting_body("0" * 22) is None


def _marks(meeting: Meeting) -> dict[str, tuple[bool, list[tuple[bool, bool]]]]:
    """Each participant's answered flag and dates' (enabled, starred), by name."""
    return {
        p.name: (p.answered, [(row.enabled, row.starred) for row in p.dates])
        for p in meeting.participants
    }


def test_the_bare_write_sets_what_the_toggle_sets() -> None:
    assert {action.value: action.changes() for action in DateAction} == bare_sql.DATE_CHANGES


# The bare toggle writes on a connection (MySQL) or client (Gel) of its own: committed data.
@pytest.mark.usefixtures("transactional_db", "baseline")
def test_the_bare_toggle_changes_what_the_apis_toggle_changes(store: str) -> None:
    """Two newcomers, the same toggles: one through the API, one through the bare app. Each
    moves the version by one, answers for its participant and changes its date alike; the bare
    app answers the meeting as it stands, and refuses a change without the key."""
    repo = repository_for(store)
    key = key_new()
    code = services.meeting_create(repo=repo, title="Bare", organizer_key=key).url_code
    services.meeting_set_date_range(
        repo=repo, url_code=code, start_date=date(2026, 3, 2), end_date=date(2026, 3, 4), key=key
    )
    api_one, _ = services.participant_create(repo=repo, url_code=code, name="Api")
    bare_one, before = services.participant_create(repo=repo, url_code=code, name="Bare")
    client = APIClient(headers={"Authorization": f"Bearer {key}"})

    def toggle(row_id: object, action: str, key: str | None) -> tuple[str, bytes]:
        if store == "mysql":
            return bare_write.mysql_toggle(code, int(str(row_id)), action, key)
        return bare_write.gel_toggle(code, uuid.UUID(str(row_id)), action, key)

    expected = {"off": (False, False), "star": (True, True), "on": (True, True)}  # star stays
    for action in expected:
        response = client.patch(
            f"/v1/{store}/participant_dates/{action}",
            {"participant_date_id": api_one.dates[1].id, "meeting_url_code": code},
            format="json",
        )
        assert response.status_code == 200, response.content
        status, body = toggle(bare_one.dates[1].id, action, key)
        assert status == "200 OK", body
        after = repo.meeting_get(url_code=code)
        assert after.version == before.version + 2
        marks = _marks(after)
        assert marks["Bare"] == marks["Api"], action
        assert marks["Bare"][0] is True  # answered
        assert marks["Bare"][1][1] == expected[action]
        assert (
            json.loads(body)["participants"]
            == json.loads(APIClient().get(f"/v1/{store}/meetings/{code}").content)["participants"]
        )
        before = after
    assert toggle(bare_one.dates[0].id, "off", None)[0] == "403 Forbidden"
    assert toggle(bare_one.dates[0].id, "off", key_new())[0] == "403 Forbidden"
    assert repo.meeting_get(url_code=code).version == before.version


def _bench_database() -> str:
    """The quick bench's own database, named after the run's (several runs share a server)."""
    url = os.environ.get("DATABASE_URL", "mysql://root@127.0.0.1:3306/meetifyr")
    return f"{urlsplit(url).path.strip('/') or 'meetifyr'}_bench"[:64]


# Outside CI a machine without wrk skips this (make test installs it); in CI it fails.
@pytest.mark.skipif(
    shutil.which("wrk") is None and not os.environ.get("CI"),
    reason="the quick bench drives the app with wrk, which is not installed (apt-get install wrk)",
)
def test_the_quick_bench_gets_an_answer_from_every_point() -> None:
    done = subprocess.run(  # noqa: S603 - fixed command line
        [sys.executable, "bench/run.py", "--quick", "--database", _bench_database()],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-5000:]
    assert "the baseline's JSON is the API's, byte for byte" in done.stdout, output[-5000:]
    assert "quick: every point answered" in done.stdout, output[-5000:]
    # The 304 poll from a replica (a private primary and replica; in CI mariadb-server is there).
    assert "sync    mysql  poll_304_replica" in done.stdout, output[-5000:]
    assert "sync poll_304_replica: the replica answered 0 SELECTs" not in done.stdout
    for store in ("mysql", "edgedb"):  # the bare toggle's statements, compared with the API's
        assert f"{store}: the bare toggle" in done.stdout or not _gel_expected(), output[-5000:]
    if _gel_expected():
        assert "points on edgedb, mysql" in done.stdout, output[-5000:]
        assert "sync    edgedb bare_toggle" in done.stdout, output[-5000:]


def _gel_expected() -> bool:
    """Whether the quick bench can reach a Gel server, as ``bench/gel_store.py`` looks for one:
    ``GEL_DSN``, or the team's shared server (always, in CI)."""
    has_server = os.environ.get("GEL_DSN") or gel_server.shared_server_missing() is None
    return bool(has_server or os.environ.get("CI"))
