"""``POST /v1/{store}/meetings/{url_code}/participants/{id}/calendar``: a participant's own
calendar file read into its dates, on both stores; what strangers and garbage get."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from meetings import domain, services
from meetings.repositories import repository_for
from meetings.tests.support.api import join
from meetings.tests.support.calendars import DENTIST, ics

pytestmark = pytest.mark.django_db

START, END = date(2027, 3, 1), date(2027, 3, 3)


def _ics() -> bytes:
    return ics(DENTIST)


def _meeting(store: str) -> tuple[str, str, dict[str, Any]]:
    organizer_key = domain.key_new()
    meeting = services.meeting_create(
        repo=repository_for(store), start_date=START, end_date=END, organizer_key=organizer_key
    )
    ann = join(APIClient(), store, meeting.url_code, "Ann")
    return meeting.url_code, organizer_key, ann


def _post(
    store: str,
    code: str,
    participant_id: Any,
    body: bytes = b"",
    *,
    key: str | None,
    query: str = "",
    content_type: str = "text/calendar",
) -> Any:
    client = APIClient()
    if key is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client.generic(
        "POST",
        f"/v1/{store}/meetings/{code}/participants/{participant_id}/calendar{query}",
        body,  # type: ignore[arg-type]  # bytes go as they are
        content_type=content_type,
    )


def test_a_preview_answers_the_busy_times_and_changes_nothing(store: str) -> None:
    code, _, ann = _meeting(store)
    before = APIClient().get(f"/v1/{store}/meetings/{code}").json()
    answer = _post(
        store, code, ann["participant_id"], _ics(), key=ann["participant_key"],
        query="?time_zone=Asia/Seoul",
    )  # fmt: skip
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["busy"] == [
        {"date": "2027-03-02", "weekday": None, "from": "10:00", "to": "11:30", "tentative": False}
    ]
    assert body["marks"] == []
    assert body["meeting"] == before
    assert b"Dentist" not in answer.content  # only start and end come back
    assert answer["Cache-Control"] == "no-store"


def test_apply_busy_marks_the_busy_date(store: str) -> None:
    code, _, ann = _meeting(store)
    answer = _post(
        store, code, ann["participant_id"], _ics(), key=ann["participant_key"],
        query="?apply=busy&time_zone=Asia/Seoul",
    )  # fmt: skip
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["marks"] == [
        {"date": "2027-03-02", "weekday": None, "action": "off", "from": None, "to": None}
    ]
    dates = body["meeting"]["participants"][0]["dates"]
    assert [row["enabled"] for row in dates] == [True, False, True]
    assert body["meeting"]["participants"][0]["answered"] is True


@pytest.mark.parametrize(
    ("query", "body", "content_type", "status"),
    [
        ("?apply=everything", None, "text/calendar", 400),
        ("?time_zone=Mars/Olympus", None, "text/calendar", 400),
        ("", b"hello", "text/calendar", 400),
        ("", b"", "text/calendar", 400),
        ("", b'{"url": "https://calendar.example/x.ics"}', "application/json", 400),
        ("", b'{"url": 7}', "application/json", 400),
        ("", b"BEGIN:VCALENDAR", "text/plain", 415),
    ],
)
def test_garbage_is_refused_with_the_reason_and_changes_nothing(
    store: str, query: str, body: bytes | None, content_type: str, status: int
) -> None:
    code, _, ann = _meeting(store)
    before = APIClient().get(f"/v1/{store}/meetings/{code}").json()
    answer = _post(
        store, code, ann["participant_id"], _ics() if body is None else body,
        key=ann["participant_key"], query=query, content_type=content_type,
    )  # fmt: skip
    assert answer.status_code == status, answer.content
    assert "detail" in answer.json() or status == 400
    assert APIClient().get(f"/v1/{store}/meetings/{code}").json() == before


def test_strangers_and_other_meetings_keys_are_refused(store: str) -> None:
    code, _, ann = _meeting(store)
    other_code, other_key, other_ann = _meeting(store)
    no_key = _post(store, code, ann["participant_id"], _ics(), key=None, query="?apply=busy")
    assert no_key.status_code == 401
    replayed = _post(  # another meeting's organizer key
        store, code, ann["participant_id"], _ics(), key=other_key, query="?apply=busy"
    )
    assert replayed.status_code == 403
    elsewhere = _post(  # another meeting's participant through this meeting's link
        store, code, other_ann["participant_id"], _ics(), key=other_ann["participant_key"]
    )
    assert elsewhere.status_code == 404
    missing = _post(store, "x" * 22, ann["participant_id"], _ics(), key=ann["participant_key"])
    assert missing.status_code == 404
    dates = APIClient().get(f"/v1/{store}/meetings/{code}").json()["participants"][0]["dates"]
    assert all(row["enabled"] for row in dates)
    assert other_code != code


@override_settings(MEETINGS_RATE_CALENDAR="2/h")
def test_reading_calendars_is_limited_per_address(store: str) -> None:
    code, _, ann = _meeting(store)
    statuses = [
        _post(store, code, ann["participant_id"], _ics(), key=ann["participant_key"]).status_code
        for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
