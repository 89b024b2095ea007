"""Request logs (meetifyr/request_log.py): with ``MEETINGS_LOG_FORMAT=json`` one JSON line per
request with its method, route template, status, duration and request id, and nothing of the
url code, keys or names; the request id taken from ``X-Request-ID`` when usable and returned."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings

BASE_DIR = Path(__file__).resolve().parents[3]
NAME = "Zelda Lognamecheck"


def _lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "meetings.requests"]


@pytest.fixture
def json_logs(caplog: pytest.LogCaptureFixture) -> Any:
    with override_settings(MEETINGS_LOG_FORMAT="json"), caplog.at_level(logging.INFO):
        yield caplog


@pytest.mark.django_db
def test_one_line_per_request_without_codes_keys_or_names(
    json_logs: pytest.LogCaptureFixture,
) -> None:
    client = Client()
    created = client.post(
        "/v1/mysql/meetings", {"title": "Secret plans"}, content_type="application/json"
    ).json()
    code, key = created["url_code"], created["organizer_key"]
    auth = {"Authorization": f"Bearer {key}"}
    ranged = client.patch(
        f"/v1/mysql/meetings/{code}/date_range",
        {"start_date": "2026-12-01", "end_date": "2026-12-03"},
        content_type="application/json",
        headers=auth,
    )
    assert ranged.status_code == 200, ranged.content
    joined = client.post(
        "/v1/mysql/participants",
        {"meeting_url_code": code, "name": NAME},
        content_type="application/json",
        headers=auth,
    )
    assert joined.status_code == 201, joined.content
    json_logs.clear()
    page = client.get(f"/meetings/{code}/?key={key}", headers={"X-Request-ID": "probe-42"})
    assert page.status_code in (200, 302, 303)
    [line] = _lines(json_logs)
    assert set(line) == {"method", "route", "status", "ms", "request_id"}
    assert line["method"] == "GET"
    assert line["route"] == "meetings/<str:url_code>/"
    assert line["status"] == page.status_code
    assert isinstance(line["ms"], float)
    assert line["ms"] >= 0
    assert line["request_id"] == "probe-42"
    api = client.get(f"/v1/mysql/meetings/{code}", headers=auth)
    assert api.status_code == 200
    everything = "\n".join(r.getMessage() for r in json_logs.records)
    for secret in (code, key, NAME, "Secret plans"):
        assert secret not in everything
    assert len(_lines(json_logs)) == 2
    assert _lines(json_logs)[1]["route"].startswith("v1/mysql/")


@pytest.mark.django_db
def test_unmatched_paths_log_no_route(json_logs: pytest.LogCaptureFixture) -> None:
    assert Client().get("/no/such/ABCDEFGHIJKLMNOPQRSTUV").status_code == 404
    [line] = _lines(json_logs)
    assert (line["route"], line["status"]) == (None, 404)


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("0b8e3f1c-6a2d-4f7e-9c1a-2b3c4d5e6f70", True),
        ("req.1:2_3", True),
        ("x" * 65, False),
        ("evil\nid", False),
        ('"},{"status":500', False),
        ("", False),
    ],
)
def test_the_request_id_round_trips_when_usable(sent: str, kept: bool) -> None:
    response = Client().get("/openapi.json", headers={"X-Request-ID": sent} if sent else {})
    returned = response["X-Request-ID"]
    if kept:
        assert returned == sent
    else:
        assert returned != sent
        assert len(returned) == 32
        assert all(c in "0123456789abcdef" for c in returned)


def test_text_logs_write_no_request_lines(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        response = Client().get("/openapi.json")
    assert response.has_header("X-Request-ID")
    assert _lines(caplog) == []


def test_the_json_setting_writes_the_line_to_stderr() -> None:
    """The real logging configuration: the line reaches stderr alone on its line."""
    code = (
        "import django; django.setup(); from django.test.utils import setup_test_environment; "
        "setup_test_environment(); from django.test import Client; "
        "Client().get('/openapi.json', headers={'X-Request-ID': 'from-stderr'})"
    )
    env = {**os.environ, "MEETINGS_LOG_FORMAT": "json"}
    env.setdefault("DJANGO_SETTINGS_MODULE", "meetifyr.settings_test")
    done = subprocess.run(  # noqa: S603 - our own interpreter with fixed code
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = [json.loads(x) for x in done.stderr.splitlines() if x.startswith("{")]
    assert lines == [
        {
            "method": "GET",
            "route": "openapi.json",
            "status": 200,
            "ms": lines[0]["ms"],
            "request_id": "from-stderr",
        }
    ]
