"""``GET /v1/<store>/meetings/<url_code>/answers.csv`` on every store: the answers as a CSV
file (UTF-8 with a BOM, a row per participant, a column per date or slot, English words, a
totals row counting answered participants), named after the title; read like the meeting
(no key), 404 as JSON for an unknown meeting whatever the client accepts."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from rest_framework.test import APIClient

from meetings import services
from meetings.domain import Meeting, TimeWindow, key_new
from meetings.repositories import repository_for
from meetings.tests.support.api import join

pytestmark = pytest.mark.django_db

START, END = date(2027, 1, 5), date(2027, 1, 7)
TOTAL = "free (answered participants)"


def _csv(api: APIClient, store: str, code: str, **extra: Any) -> Any:
    response = api.get(f"/v1/{store}/meetings/{code}/answers.csv", **extra)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    return response


def _rows(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def _mark(api: APIClient, store: str, code: str, who: dict[str, Any], marks: list[Any]) -> None:
    response = api.patch(
        f"/v1/{store}/meetings/{code}/participants/{who['participant_id']}/marks",
        {"marks": marks},
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {who['participant_key']}",
    )
    assert response.status_code == 200, response.content


def test_a_dates_only_meeting_exports_its_answers(api: APIClient, store: str) -> None:
    meeting = services.meeting_create(
        repo=repository_for(store),
        title="팀 회식",
        start_date=START,
        end_date=END,
        organizer_key=key_new(),
    )
    code = meeting.url_code
    ann = join(api, store, code, "김민준")
    bob = join(api, store, code, "=Bob")
    join(api, store, code, "Cy")  # never answers
    _mark(
        api,
        store,
        code,
        ann,
        [{"date": "2027-01-05", "action": "off"}, {"date": "2027-01-06", "action": "star"}],
    )
    _mark(api, store, code, bob, [{"date": "2027-01-07", "action": "off"}])
    # No key: whoever has the link reads the meeting, and its answers.
    response = _csv(APIClient(), store, code)
    assert response["Content-Disposition"] == (
        'attachment; filename="meetifyr-answers.csv"; '
        "filename*=UTF-8''%ED%8C%80%20%ED%9A%8C%EC%8B%9D.csv"
    )
    assert _rows(response) == [
        ["participant", "answered", "2027-01-05", "2027-01-06", "2027-01-07"],
        ["김민준", "yes", "busy", "preferred", "free"],
        ["'=Bob", "yes", "free", "free", "busy"],
        ["Cy", "no", "", "", ""],
        [TOTAL, "2", "1", "2", "1"],
    ]
    # The ETag is the meeting's.
    etag = api.get(f"/v1/{store}/meetings/{code}")["ETag"]
    assert response["ETag"] == etag


def test_a_timed_meeting_has_a_column_per_slot(api: APIClient, store: str) -> None:
    repo = repository_for(store)
    window = TimeWindow(540, 600, 30, "Asia/Seoul")
    meeting = services.meeting_create(
        repo=repo, title="Standup", start_date=START, end_date=START, window=window
    )
    ann = join(api, store, meeting.url_code, "Ann")
    _mark(
        api,
        store,
        meeting.url_code,
        ann,
        [{"date": "2027-01-05", "action": "star", "from": "09:30", "to": "10:00"}],
    )
    response = _csv(api, store, meeting.url_code, HTTP_ACCEPT="text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="Standup.csv";')
    assert _rows(response) == [
        ["participant", "answered", "2027-01-05 09:00", "2027-01-05 09:30"],
        ["Ann", "yes", "free", "preferred"],
        [TOTAL, "1", "1", "1"],
    ]


def test_a_meeting_without_dates_exports_the_participants_only(api: APIClient, store: str) -> None:
    meeting: Meeting = services.meeting_create(repo=repository_for(store), title="")
    response = _csv(api, store, meeting.url_code)
    assert response["Content-Disposition"] == (
        "attachment; filename=\"meetifyr-answers.csv\"; filename*=UTF-8''meetifyr-answers.csv"
    )
    assert _rows(response) == [["participant", "answered"], [TOTAL, "0"]]


def test_an_unknown_meeting_is_a_json_404(api: APIClient, store: str) -> None:
    code = "x" * 22
    response = api.get(f"/v1/{store}/meetings/{code}/answers.csv", HTTP_ACCEPT="text/csv")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": f"meeting with url_code: {code} not found"}


def test_a_weekly_meeting_exports_weekday_columns(api: APIClient, store: str) -> None:
    meeting = services.meeting_create(
        repo=repository_for(store),
        title="Choir",
        weekdays=[1, 3],
        window=TimeWindow(18 * 60, 19 * 60, 30, "Asia/Seoul"),
        organizer_key=key_new(),
    )
    code = meeting.url_code
    ann = join(api, store, code, "Ann")
    _mark(api, store, code, ann, [{"weekday": 3, "from": "18:30", "to": "19:00", "action": "off"}])
    rows = _rows(_csv(APIClient(), store, code))
    assert rows[0] == [
        "participant",
        "answered",
        "Monday 18:00",
        "Monday 18:30",
        "Wednesday 18:00",
        "Wednesday 18:30",
    ]
    assert rows[1] == ["Ann", "yes", "free", "free", "free", "busy"]
    assert "2001" not in str(rows)
