"""A participant's calendar on a weekly meeting, on both stores: read for the week asked for
(this week by default, on the meeting's clock), answered and marked by weekday."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from rest_framework.test import APIClient

from meetings import domain, services
from meetings.repositories import repository_for
from meetings.tests.support.api import join

pytestmark = pytest.mark.django_db

# Every Wednesday 19:00-20:00 in Seoul since 2020-01-01, and once on Monday 2027-01-11 18:00-19:00.
CALENDAR = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Meetifyr tests//EN\r
BEGIN:VEVENT\r
UID:weekly-1\r
DTSTAMP:20270101T000000Z\r
SUMMARY:Choir\r
DTSTART;TZID=Asia/Seoul:20200101T190000\r
DTEND;TZID=Asia/Seoul:20200101T200000\r
RRULE:FREQ=WEEKLY\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:once-1\r
DTSTAMP:20270101T000000Z\r
SUMMARY:Dentist\r
DTSTART;TZID=Asia/Seoul:20270111T180000\r
DTEND;TZID=Asia/Seoul:20270111T190000\r
END:VEVENT\r
END:VCALENDAR\r
"""


def _weekly(store: str) -> tuple[str, dict[str, Any]]:
    meeting = services.meeting_create(
        repo=repository_for(store),
        weekdays=[1, 3],
        window=services.time_window(
            start_time="18:00", end_time="21:00", slot_minutes=60, time_zone="Asia/Seoul"
        ),
        organizer_key=domain.key_new(),
    )
    return meeting.url_code, join(APIClient(), store, meeting.url_code, "Ann")


def _post(store: str, code: str, ann: dict[str, Any], query: str) -> Any:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {ann['participant_key']}")
    return client.generic(
        "POST",
        f"/v1/{store}/meetings/{code}/participants/{ann['participant_id']}/calendar{query}",
        CALENDAR,  # type: ignore[arg-type]  # bytes go as they are
        content_type="text/calendar",
    )


def test_the_week_asked_for_is_read_and_answered_by_weekday(store: str) -> None:
    code, ann = _weekly(store)
    first = _post(store, code, ann, "?week=2027-01-06")
    assert first.status_code == 200, first.content
    body = first.json()
    assert body["week"] == "2027-01-04"
    assert body["busy"] == [
        {"date": None, "weekday": 3, "from": "19:00", "to": "20:00", "tentative": False}
    ]
    second = _post(store, code, ann, "?week=2027-01-17").json()  # a Sunday: Jan 11-17
    assert second["week"] == "2027-01-11"
    assert second["busy"] == [
        {"date": None, "weekday": 1, "from": "18:00", "to": "19:00", "tentative": False},
        {"date": None, "weekday": 3, "from": "19:00", "to": "20:00", "tentative": False},
    ]
    assert "2001-01" not in first.content.decode() + str(second)


def test_applying_marks_the_weekdays_slots(store: str) -> None:
    code, ann = _weekly(store)
    answer = _post(store, code, ann, "?week=2027-01-11&apply=busy_and_free")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["marks"] == [
        {"date": None, "weekday": 1, "action": "off", "from": "18:00", "to": "19:00"},
        {"date": None, "weekday": 1, "action": "on", "from": "19:00", "to": "21:00"},
        {"date": None, "weekday": 3, "action": "on", "from": "18:00", "to": "19:00"},
        {"date": None, "weekday": 3, "action": "off", "from": "19:00", "to": "20:00"},
        {"date": None, "weekday": 3, "action": "on", "from": "20:00", "to": "21:00"},
    ]
    rows = body["meeting"]["participants"][0]["dates"]
    assert [(row["weekday"], row["slots"]) for row in rows] == [(1, "011"), (3, "101")]
    assert APIClient().get(f"/v1/{store}/meetings/{code}").json() == body["meeting"]


def test_this_week_on_the_meetings_clock_by_default(store: str) -> None:
    code, ann = _weekly(store)
    body = _post(store, code, ann, "").json()
    today = datetime.now(ZoneInfo("Asia/Seoul")).date()
    assert body["week"] == (today - timedelta(days=today.isoweekday() - 1)).isoformat()
    # The Wednesday choir recurs every week: busy this week too.
    assert [(span["weekday"], span["from"]) for span in body["busy"]] == [(3, "19:00")]


def test_a_bad_week_is_a_400(store: str) -> None:
    code, ann = _weekly(store)
    answer = _post(store, code, ann, "?week=next")
    assert answer.status_code == 400, answer.content
    assert "week" in answer.json()
