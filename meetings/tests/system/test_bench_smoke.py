"""The benchmark's smoke check, so ``make bench`` cannot silently break again: the bare baseline
(``bench/baseline_app.py``) serves the API's bytes with the MySQL store's SQL, and the quick
bench (``bench/run.py --quick``) gets an answer from every point. Timings are never asserted."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from bench import baseline_app
from meetings import services
from meetings.domain import DateAction, key_new
from meetings.models import Meeting as MeetingRow
from meetings.repositories import repository_for

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
    conn = getattr(baseline_app._local, "conn", None)
    if conn is not None:
        conn.close()
        del baseline_app._local.conn


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
        assert baseline_app.meeting_body(url_code) == api.content
        meeting_id = MeetingRow.objects.get(url_code=url_code).id
        assert [query["sql"] for query in captured.captured_queries] == [
            baseline_app.MEETING_SQL % f"'{url_code}'",
            baseline_app.PARTICIPANTS_SQL % meeting_id,
        ]
    assert baseline_app.meeting_body("0" * 22) is None


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
