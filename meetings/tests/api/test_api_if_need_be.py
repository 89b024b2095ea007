"""The fourth mark, free *if need be* (issue 23, item 1), through the API on every store:
``PATCH participant_dates/ifneedbe``, ``ifneedbe`` in painted marks, the slot character "3",
and ``if_need_be`` on every participant date read."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from rest_framework.test import APIClient

from meetings import services
from meetings.repositories import MeetingRepository, repository_for
from meetings.tests.support.api import join

pytestmark = pytest.mark.django_db

START, END = date(2026, 12, 1), date(2026, 12, 3)


@pytest.fixture
def repo(store: str) -> MeetingRepository:
    return repository_for(store)


def _meeting(store: str, *, timed: bool = False) -> str:
    window = None
    if timed:
        window = services.time_window(
            start_time="09:00", end_time="11:00", slot_minutes=30, time_zone="Asia/Seoul"
        )
    meeting = services.meeting_create(
        repo=repository_for(store), title="Retro", start_date=START, end_date=END, window=window
    )
    return meeting.url_code


def _mark(api: APIClient, store: str, action: str, code: str, date_id: Any) -> Any:
    return api.patch(
        f"/v1/{store}/participant_dates/{action}",
        {"participant_date_id": date_id, "meeting_url_code": code},
        format="json",
    )


def _paint(api: APIClient, store: str, code: str, participant_id: Any, marks: list[Any]) -> Any:
    return api.patch(
        f"/v1/{store}/meetings/{code}/participants/{participant_id}/marks",
        {"marks": marks},
        format="json",
    )


def _dates(body: dict[str, Any], index: int = 0) -> list[dict[str, Any]]:
    dates: list[dict[str, Any]] = body["participants"][index]["dates"]
    return dates


def test_the_date_action_on_a_dates_only_meeting(
    api: APIClient, store: str, repo: MeetingRepository
) -> None:
    code = _meeting(store)
    ann, _bob = join(api, store, code, "Ann"), join(api, store, code, "Bob")
    target = ann["participant_dates"][1]["id"]
    response = _mark(api, store, "ifneedbe", code, target)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body == api.get(f"/v1/{store}/meetings/{code}").json()
    row = _dates(body)[1]
    assert (row["enabled"], row["starred"], row["if_need_be"]) == (True, False, True)
    others = [r for p in body["participants"] for r in p["dates"] if r["id"] != target]
    assert all(r["if_need_be"] is False for r in others)
    # Starring it makes it preferred, no longer if need be; unstar makes it plainly free.
    row = _dates(_mark(api, store, "star", code, target).json())[1]
    assert (row["enabled"], row["starred"], row["if_need_be"]) == (True, True, False)
    _mark(api, store, "ifneedbe", code, target)
    row = _dates(_mark(api, store, "unstar", code, target).json())[1]
    assert (row["enabled"], row["starred"], row["if_need_be"]) == (True, False, False)
    stored = repo.meeting_get(url_code=code)
    assert stored.participants[0].answered


def test_best_dates_rank_if_need_be_below_plain_free(api: APIClient, store: str) -> None:
    code = _meeting(store)
    ann, bob = join(api, store, code, "Ann"), join(api, store, code, "Bob")
    marks = [
        {"date": "2026-12-01", "action": "ifneedbe"},
        {"date": "2026-12-02", "action": "on"},
        {"date": "2026-12-03", "action": "off"},
    ]
    _paint(api, store, code, ann["participant_id"], marks)
    body = _paint(api, store, code, bob["participant_id"], marks[:2]).json()
    assert [row["if_need_be"] for row in _dates(body)] == [True, False, False]
    assert body["best_dates"] == ["2026-12-02", "2026-12-01", "2026-12-03"]


def test_slots_if_need_be_through_marks_and_the_date_action(api: APIClient, store: str) -> None:
    code = _meeting(store, timed=True)
    ann = join(api, store, code, "Ann")
    marks = [
        {"date": "2026-12-01", "action": "ifneedbe", "from": "09:30", "to": "10:30"},
        {"date": "2026-12-02", "action": "star", "from": "09:00", "to": "09:30"},
    ]
    response = _paint(api, store, code, ann["participant_id"], marks)
    assert response.status_code == 200, response.content
    dates = _dates(response.json())
    assert [row["slots"] for row in dates] == ["1331", "2111", "1111"]
    assert [row["if_need_be"] for row in dates] == [True, False, False]
    third = ann["participant_dates"][2]["id"]
    dates = _dates(_mark(api, store, "ifneedbe", code, third).json())
    assert (dates[2]["slots"], dates[2]["if_need_be"]) == ("3333", True)
    best = api.get(f"/v1/{store}/meetings/{code}").json()["best_times"]
    assert best[0] == {
        "date": "2026-12-02",
        "weekday": None,
        "start": "09:00",
        "end": "11:00",
        "free": 1,
        "of": 1,
    }


def test_an_unknown_action_is_still_refused(api: APIClient, store: str) -> None:
    code = _meeting(store)
    ann = join(api, store, code, "Ann")
    response = _paint(
        api, store, code, ann["participant_id"], [{"date": "2026-12-01", "action": "maybe"}]
    )
    assert response.status_code == 400
    assert response.json()["marks"] == ['marks[0].action: "maybe" is not a valid choice.']
    before = services.meeting_get(repo=repository_for(store), url_code=code)
    assert not any(row.if_need_be for p in before.participants for row in p.dates)
