"""Unanswered is its own state, through the API on every store: ``answered`` in every
participant, false from joining until the participant's first change of their own marks; only
those who answered count in ``best_dates`` and ``best_times``; the existing fields read as
before (a newcomer's dates are still ``enabled: true``)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from rest_framework.test import APIClient

from meetings import services
from meetings.domain import Meeting
from meetings.repositories import MeetingRepository, repository_for
from meetings.tests.support.api import join

pytestmark = pytest.mark.django_db

START, END = date(2026, 12, 1), date(2026, 12, 4)
DAYS = ["2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"]


@pytest.fixture
def ranged(store: str) -> Meeting:
    return services.meeting_create(
        repo=repository_for(store), title="Dinner", start_date=START, end_date=END
    )


def _get(api: APIClient, store: str, url_code: str) -> Any:
    response = api.get(f"/v1/{store}/meetings/{url_code}")
    assert response.status_code == 200
    return response


def _paint(api: APIClient, store: str, code: str, participant_id: Any, marks: list[Any]) -> Any:
    response = api.patch(
        f"/v1/{store}/meetings/{code}/participants/{participant_id}/marks",
        {"marks": marks},
        format="json",
    )
    assert response.status_code == 200, response.content
    return response


def test_a_newcomer_has_not_answered_and_counts_nowhere(
    api: APIClient, store: str, ranged: Meeting
) -> None:
    ann = join(api, store, ranged.url_code, "Ann")
    bob = join(api, store, ranged.url_code, "Bob")
    body = _get(api, store, ranged.url_code).json()
    assert [(p["name"], p["answered"]) for p in body["participants"]] == [
        ("Ann", False),
        ("Bob", False),
    ]
    # The wire contract of the existing fields: a newcomer's dates still read free.
    assert all(row["enabled"] and not row["starred"] for row in ann["participant_dates"])
    assert body["best_dates"] == DAYS[:3]  # nobody answered: date order
    # Ann marks the first date busy: she answered; Bob, free everywhere, still counts nowhere.
    response = api.patch(
        f"/v1/{store}/participant_dates/off",
        {
            "participant_date_id": ann["participant_dates"][0]["id"],
            "meeting_url_code": ranged.url_code,
        },
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert [p["answered"] for p in body["participants"]] == [True, False]
    assert body["best_dates"] == DAYS[1:4]
    assert _get(api, store, ranged.url_code).json() == body
    assert bob["participant_id"] == body["participants"][1]["id"]


def test_free_on_all_of_these_is_every_date_on(api: APIClient, store: str, ranged: Meeting) -> None:
    ann = join(api, store, ranged.url_code, "Ann")
    before = _get(api, store, ranged.url_code)
    marks = [{"date": day, "action": "on"} for day in DAYS]
    after = _paint(api, store, ranged.url_code, ann["participant_id"], marks)
    body = after.json()
    assert body["participants"][0]["answered"] is True
    # Nothing in the marks changed, yet the meeting did: a poller sees it.
    assert body["participants"][0]["dates"] == before.json()["participants"][0]["dates"]
    assert after["ETag"] != before["ETag"]
    assert (
        api.get(
            f"/v1/{store}/meetings/{ranged.url_code}", HTTP_IF_NONE_MATCH=before["ETag"]
        ).status_code
        == 200
    )
    assert body["best_dates"] == DAYS[:3]


def test_best_times_count_those_who_answered(api: APIClient, store: str) -> None:
    repo: MeetingRepository = repository_for(store)
    code = services.meeting_create(repo=repo, title="Timed").url_code
    services.meeting_set_date_range(
        repo=repo,
        url_code=code,
        start_date=START,
        end_date=date(2026, 12, 2),
        window=services.time_window(
            start_time="09:00", end_time="11:00", slot_minutes=60, time_zone="Asia/Seoul"
        ),
    )
    ann = join(api, store, code, "Ann")
    join(api, store, code, "Bob")
    assert _get(api, store, code).json()["best_times"] == []
    marks = [{"date": "2026-12-01", "from": "10:00", "to": "11:00", "action": "off"}]
    body = _paint(api, store, code, ann["participant_id"], marks).json()
    assert body["best_times"][0] == {
        "date": "2026-12-02",
        "weekday": None,
        "start": "09:00",
        "end": "11:00",
        "free": 1,
        "of": 1,  # Bob has not answered: not one of those counted
    }
    assert body["best_times"][1]["date"] == "2026-12-01"


def test_the_schema_declares_answered() -> None:
    schema = APIClient().get("/openapi.json").json()
    participant = schema["components"]["schemas"]["ParticipantOutput"]
    assert participant["properties"]["answered"]["type"] == "boolean"
    assert "answered" in participant["required"]
