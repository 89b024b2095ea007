"""``PUT /v1/{store}/meetings/{url_code}/schedule`` on every store: the days and window change
later with the answers on what stays kept; ``date_range`` keeps its set-once 422; a decided
meeting answers 409; who may; garbage, huge ranges and wrong keys answer 4xx and change
nothing."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from meetings import domain, services
from meetings.repositories import repository_for
from meetings.tests.support.api import join

pytestmark = pytest.mark.django_db

WINDOW = {"start_time": "09:00", "end_time": "11:00", "slot_minutes": 30, "time_zone": "Asia/Seoul"}


def _meeting(store: str, *, window: dict[str, Any] | None = None) -> tuple[APIClient, str, Any]:
    """A meeting of 2027-03-01..03 (with ``window``), Ann busy on 03-01 and preferring 03-02
    (9:30-10:30 on a timed one): the organizer's client, the code and Ann's id."""
    key = domain.key_new()
    code = services.meeting_create(repo=repository_for(store), organizer_key=key).url_code
    organizer = APIClient()
    organizer.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    body = {"start_date": "2027-03-01", "end_date": "2027-03-03", **(window or {})}
    ranged = organizer.patch(f"/v1/{store}/meetings/{code}/date_range", body, format="json")
    assert ranged.status_code == 200, ranged.content
    ann = join(APIClient(), store, code, "Ann")
    star: dict[str, Any] = {"date": "2027-03-02", "action": "star"}
    if window:
        star.update({"from": "09:30", "to": "10:30"})
    marks = [{"date": "2027-03-01", "action": "off"}, star]
    marked = organizer.patch(
        f"/v1/{store}/meetings/{code}/participants/{ann['participant_id']}/marks",
        {"marks": marks},
        format="json",
    )
    assert marked.status_code == 200, marked.content
    return organizer, code, ann["participant_id"]


def _put(api: APIClient, store: str, code: str, body: Any) -> Any:
    return api.put(f"/v1/{store}/meetings/{code}/schedule", body, format="json")


def _dates(body: dict[str, Any]) -> dict[str, tuple[bool, bool, str | None]]:
    return {
        row["date"]: (row["enabled"], row["starred"], row["slots"])
        for row in body["participants"][0]["dates"]
    }


def test_changing_the_dates_keeps_the_answers_on_the_dates_that_stay(store: str) -> None:
    organizer, code, _ann = _meeting(store)
    before = APIClient().get(f"/v1/{store}/meetings/{code}")
    response = _put(organizer, store, code, {"start_date": "2027-03-02", "end_date": "2027-03-04"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["start_date"], body["end_date"]) == ("2027-03-02", "2027-03-04")
    assert _dates(body) == {
        "2027-03-02": (True, True, None),
        "2027-03-03": (True, False, None),
        "2027-03-04": (True, False, None),
    }
    assert response["ETag"] != before["ETag"]
    read = APIClient().get(f"/v1/{store}/meetings/{code}")
    assert read.json() == body
    assert read["ETag"] == response["ETag"]
    # The set-once contract of date_range stands.
    again = organizer.patch(
        f"/v1/{store}/meetings/{code}/date_range",
        {"start_date": "2027-04-01", "end_date": "2027-04-02"},
        format="json",
    )
    assert again.status_code == 422
    assert again.json() == {
        "detail": f"meeting: {code} start: 2027-03-02 end: 2027-03-04 are already set"
    }


def test_a_window_change_keeps_the_slots_that_still_exist(store: str) -> None:
    organizer, code, _ann = _meeting(store, window=WINDOW)
    later = {**WINDOW, "start_time": "10:00", "end_time": "12:00"}
    response = _put(
        organizer,
        store,
        code,
        {"weekdays": None, **later, "start_date": "2027-03-02", "end_date": "2027-03-02"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["start_time"], body["end_time"]) == ("10:00", "12:00")
    assert _dates(body) == {"2027-03-02": (True, True, "2111")}


def test_weekdays_replace_dates(store: str) -> None:
    organizer, code, _ann = _meeting(store)
    response = _put(organizer, store, code, {"weekdays": [1, 5]})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["weekdays"] == [1, 5]
    assert body["start_date"] is None
    assert [row["weekday"] for row in body["participants"][0]["dates"]] == [1, 5]
    assert body["participants"][0]["answered"] is False


def test_a_decided_meeting_answers_409_until_reopened(store: str) -> None:
    organizer, code, _ann = _meeting(store)
    final = organizer.patch(
        f"/v1/{store}/meetings/{code}/final", {"date": "2027-03-02"}, format="json"
    )
    assert final.status_code == 200, final.content
    body = {"start_date": "2027-03-02", "end_date": "2027-03-05"}
    refused = _put(organizer, store, code, body)
    assert refused.status_code == 409
    assert refused.json() == {"detail": domain.SCHEDULE_DECIDED}
    reopened = organizer.patch(f"/v1/{store}/meetings/{code}/final", {"final": None}, format="json")
    assert reopened.status_code == 200, reopened.content
    assert _put(organizer, store, code, body).status_code == 200


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({}, 400),
        ([], 400),
        ("garbage", 400),
        ({"start_date": "2027-03-01"}, 400),
        ({"start_date": "nope", "end_date": "2027-03-02"}, 400),
        ({"start_date": "2027-03-05", "end_date": "2027-03-01"}, 422),
        ({"start_date": "2027-01-01", "end_date": "2027-12-31"}, 422),
        ({"start_date": "0001-01-01", "end_date": "0001-01-02"}, 422),
        ({"weekdays": [0, 9]}, 422),
        ({"weekdays": "1,2"}, 422),
        ({"weekdays": [1], "start_date": "2027-03-01", "end_date": "2027-03-02"}, 422),
        ({"start_date": "2027-03-01", "end_date": "2027-03-02", "start_time": "09:00"}, 422),
        (
            {
                "start_date": "2027-03-01",
                "end_date": "2027-03-02",
                **WINDOW,
                "time_zone": "Mars/Base",
            },
            422,
        ),
        ({"start_date": "2027-03-01", "end_date": "2027-03-02", **WINDOW, "slot_minutes": 7}, 400),
    ],
)
def test_bad_bodies_are_refused_and_change_nothing(store: str, body: Any, status: int) -> None:
    organizer, code, _ann = _meeting(store)
    before = APIClient().get(f"/v1/{store}/meetings/{code}").json()
    response = _put(organizer, store, code, body)
    assert response.status_code == status, response.content
    assert isinstance(response.json(), dict)
    assert APIClient().get(f"/v1/{store}/meetings/{code}").json() == before


def test_wrong_keys_and_unknown_meetings(store: str) -> None:
    _organizer, code, _ann = _meeting(store)
    body = {"start_date": "2027-03-02", "end_date": "2027-03-04"}
    assert _put(APIClient(), store, code, body).status_code == 401
    other = APIClient()
    other_key = domain.key_new()
    services.meeting_create(repo=repository_for(store), organizer_key=other_key)
    other.credentials(HTTP_AUTHORIZATION=f"Bearer {other_key}")
    refused = _put(other, store, code, body)
    assert refused.status_code == 403
    assert refused.json() == {"detail": domain.ORGANIZER_KEY_REFUSED}
    assert _put(other, store, "does-not-exist", body).status_code == 404
    assert APIClient().get(f"/v1/{store}/meetings/{code}").json()["end_date"] == "2027-03-03"
