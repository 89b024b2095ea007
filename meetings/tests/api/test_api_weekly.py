"""Weekly meetings through the API on every store: weekdays set with the range's endpoint,
entries per weekday, marks by weekday, best weekdays and times, the recurring decision, and every
4xx with its exact message and nothing changed. The reference week never shows."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pytest_django import DjangoAssertNumQueries
from rest_framework.test import APIClient

from meetings import domain, services
from meetings.api import serializers
from meetings.domain import weekly
from meetings.repositories import MeetingRepository, repository_for
from meetings.tests.support.api import join

pytestmark = pytest.mark.django_db

WINDOW = {"start_time": "18:00", "end_time": "20:00", "slot_minutes": 30, "time_zone": "Asia/Seoul"}


@pytest.fixture
def repo(store: str) -> MeetingRepository:
    return repository_for(store)


def _organizer(repo: MeetingRepository) -> tuple[APIClient, str]:
    key = domain.key_new()
    code = services.meeting_create(repo=repo, title="Game night", organizer_key=key).url_code
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return api, code


def _weekly(
    store: str, repo: MeetingRepository, body: dict[str, Any] | None = None
) -> tuple[APIClient, str, dict[str, Any]]:
    api, code = _organizer(repo)
    response = api.patch(
        f"/v1/{store}/meetings/{code}/date_range",
        body if body is not None else {"weekdays": [5, 1, 3]},
        format="json",
    )
    assert response.status_code == 200, response.content
    return api, code, response.json()


def _no_reference_week(body: Any) -> None:
    assert "2001-01" not in json.dumps(body)


def test_weekdays_set_and_read_back(store: str, repo: MeetingRepository) -> None:
    _api, code, set_body = _weekly(store, repo)
    body = APIClient().get(f"/v1/{store}/meetings/{code}").json()
    assert body == set_body
    assert body["weekdays"] == [1, 3, 5]
    assert (body["start_date"], body["end_date"]) == (None, None)
    assert body["best_dates"] == []
    assert body["best_weekdays"] == []
    assert body["best_times"] is None
    _no_reference_week(body)


def test_a_dated_meeting_shows_no_weekdays(store: str, repo: MeetingRepository) -> None:
    api, code = _organizer(repo)
    body = api.patch(
        f"/v1/{store}/meetings/{code}/date_range",
        {"start_date": "2027-01-04", "end_date": "2027-01-05"},
        format="json",
    ).json()
    assert body["weekdays"] is None
    assert body["best_weekdays"] is None
    join(api, store, code, "Ann")
    body = APIClient().get(f"/v1/{store}/meetings/{code}").json()
    assert [(row["date"], row["weekday"]) for row in body["participants"][0]["dates"]] == [
        ("2027-01-04", None),
        ("2027-01-05", None),
    ]


def test_each_participant_has_one_entry_per_weekday(store: str, repo: MeetingRepository) -> None:
    api, code, _ = _weekly(store, repo, {"weekdays": [2, 4], **WINDOW})
    joined = join(api, store, code, "Ann")
    entries = joined["participant_dates"]
    assert [(row["date"], row["weekday"]) for row in entries] == [(None, 2), (None, 4)]
    assert [row["slots"] for row in entries] == ["1111", "1111"]
    assert joined["meeting"]["participants"][0]["dates"] == entries
    _no_reference_week(joined)


def test_marks_name_weekdays_and_best_follows(store: str, repo: MeetingRepository) -> None:
    api, code, _ = _weekly(store, repo, {"weekdays": [1, 3, 5], **WINDOW})
    ann = join(api, store, code, "Ann")
    bo = join(api, store, code, "Bo")
    marks_url = f"/v1/{store}/meetings/{code}/participants/{{}}/marks"
    first = api.patch(
        marks_url.format(ann["participant_id"]),
        {
            "marks": [
                {"weekday": 1, "action": "off"},
                {"weekday": 5, "action": "off"},
                {"weekday": 3, "from": "18:00", "to": "19:00", "action": "off"},
            ]
        },
        format="json",
    )
    assert first.status_code == 200, first.content
    second = api.patch(
        marks_url.format(bo["participant_id"]),
        {"marks": [{"weekday": 3, "from": "19:00", "to": "20:00", "action": "star"}]},
        format="json",
    )
    assert second.status_code == 200, second.content
    body = second.json()
    assert body["best_weekdays"][0] == 3
    assert body["best_times"][0] == {
        "date": None,
        "weekday": 3,
        "start": "19:00",
        "end": "20:00",
        "free": 2,
        "of": 2,
    }
    assert [row["enabled"] for row in body["participants"][0]["dates"]] == [False, True, False]
    _no_reference_week(body)


def test_a_participant_date_endpoint_works_on_a_weekday_entry(
    store: str, repo: MeetingRepository
) -> None:
    api, code, _ = _weekly(store, repo)
    ann = join(api, store, code, "Ann")
    wednesday = ann["participant_dates"][1]
    assert wednesday["weekday"] == 3
    response = APIClient().patch(
        f"/v1/{store}/participant_dates/off",
        {"participant_date_id": wednesday["id"], "meeting_url_code": code},
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {ann['participant_key']}",
    )
    assert response.status_code == 200, response.content
    rows = response.json()["participants"][0]["dates"]
    assert [(row["weekday"], row["enabled"]) for row in rows] == [(1, True), (3, False), (5, True)]


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (
            {"weekdays": [1], "start_date": "2027-01-04", "end_date": "2027-01-05"},
            422,
            domain.WEEKDAYS_AND_DATES,
        ),
        ({"weekdays": [1], "start_date": "2027-01-04"}, 422, domain.WEEKDAYS_AND_DATES),
        ({"weekdays": []}, 422, weekly.WEEKDAYS_EMPTY),
        ({"weekdays": [0, 8]}, 422, weekly.WEEKDAYS_SHAPE),
        ({"weekdays": [3, 3]}, 422, weekly.WEEKDAYS_SHAPE),
        ({"weekdays": ["1"]}, 422, weekly.WEEKDAYS_SHAPE),
        ({"weekdays": "1,3"}, 422, weekly.WEEKDAYS_SHAPE),
        ({"weekdays": {"1": True}}, 422, weekly.WEEKDAYS_SHAPE),
        ({"weekdays": [1], "start_time": "18:00"}, 422, domain.WINDOW_ALL_OR_NONE),
    ],
)
def test_bad_weekdays_are_refused_and_nothing_is_set(
    store: str, repo: MeetingRepository, body: dict[str, Any], status: int, message: str
) -> None:
    api, code = _organizer(repo)
    before = APIClient().get(f"/v1/{store}/meetings/{code}").json()
    response = api.patch(f"/v1/{store}/meetings/{code}/date_range", body, format="json")
    assert response.status_code == status, response.content
    assert response.json() == {"detail": message}
    assert APIClient().get(f"/v1/{store}/meetings/{code}").json() == before


def test_no_days_at_all_is_the_400_it_always_was(store: str, repo: MeetingRepository) -> None:
    api, code = _organizer(repo)
    for body in ({}, {"weekdays": None}, {"end_date": "2027-01-05"}):
        response = api.patch(f"/v1/{store}/meetings/{code}/date_range", body, format="json")
        assert response.status_code == 400, response.content
        assert response.json()["start_date" if "end_date" in body else "end_date"] == [
            serializers.DAYS_REQUIRED
        ]


def test_weekdays_are_set_once(store: str, repo: MeetingRepository) -> None:
    api, code, _ = _weekly(store, repo)
    for body in ({"weekdays": [2]}, {"start_date": "2027-01-04", "end_date": "2027-01-05"}):
        response = api.patch(f"/v1/{store}/meetings/{code}/date_range", body, format="json")
        assert response.status_code == 422, response.content
        assert response.json() == {"detail": f"meeting: {code} weekdays: 1, 3, 5 are already set"}


def test_weekdays_need_the_organizer_key_on_a_protected_meeting(
    store: str, repo: MeetingRepository
) -> None:
    _api, code = _organizer(repo)
    response = APIClient().patch(
        f"/v1/{store}/meetings/{code}/date_range", {"weekdays": [1]}, format="json"
    )
    assert response.status_code == 401, response.content
    other_key = domain.key_new()
    services.meeting_create(repo=repo, organizer_key=other_key)  # another meeting's key
    response = APIClient().patch(
        f"/v1/{store}/meetings/{code}/date_range",
        {"weekdays": [1]},
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {other_key}",
    )
    assert response.status_code == 403, response.content
    assert APIClient().get(f"/v1/{store}/meetings/{code}").json()["weekdays"] is None


@pytest.mark.parametrize(
    ("mark", "weekly_meeting", "status", "message"),
    [
        ({"date": "2027-01-04", "action": "off"}, True, 422, weekly.MARK_DATE_ON_WEEKLY),
        ({"weekday": 1, "action": "off"}, False, 422, weekly.MARK_WEEKDAY_ON_DATED),
        (
            {"weekday": 2, "action": "off"},
            True,
            422,
            "weekday 2 is not one of the meeting's weekdays",
        ),
    ],
)
def test_a_mark_of_the_wrong_kind_is_a_422(
    store: str,
    repo: MeetingRepository,
    mark: dict[str, Any],
    weekly_meeting: bool,
    status: int,
    message: str,
) -> None:
    if weekly_meeting:
        api, code, _ = _weekly(store, repo)
    else:
        api, code = _organizer(repo)
        api.patch(
            f"/v1/{store}/meetings/{code}/date_range",
            {"start_date": "2027-01-04", "end_date": "2027-01-05"},
            format="json",
        )
    ann = join(api, store, code, "Ann")
    before = APIClient().get(f"/v1/{store}/meetings/{code}").json()
    response = api.patch(
        f"/v1/{store}/meetings/{code}/participants/{ann['participant_id']}/marks",
        {"marks": [mark]},
        format="json",
    )
    assert response.status_code == status, response.content
    assert response.json() == {"detail": message}
    assert APIClient().get(f"/v1/{store}/meetings/{code}").json() == before


@pytest.mark.parametrize(
    ("mark", "message"),
    [
        ({"action": "off"}, serializers.MARK_DAY),
        ({"date": "2027-01-04", "weekday": 1, "action": "off"}, serializers.MARK_DAY_ONE),
        ({"weekday": 8, "action": "off"}, "Ensure this value is less than or equal to 7."),
        ({"weekday": "3", "action": "off"}, "A valid integer is required."),
        ({"weekday": True, "action": "off"}, "A valid integer is required."),
    ],
)
def test_a_mark_without_one_day_is_a_400(
    store: str, repo: MeetingRepository, mark: dict[str, Any], message: str
) -> None:
    api, code, _ = _weekly(store, repo)
    ann = join(api, store, code, "Ann")
    response = api.patch(
        f"/v1/{store}/meetings/{code}/participants/{ann['participant_id']}/marks",
        {"marks": [mark]},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert message in json.dumps(response.json())


def test_the_decision_recurs_from_its_first_date(store: str, repo: MeetingRepository) -> None:
    api, code, _ = _weekly(store, repo, {"weekdays": [3], **WINDOW})
    response = api.patch(
        f"/v1/{store}/meetings/{code}/final",
        {"weekday": 3, "start": "18:00", "end": "19:00", "starts_on": "2027-01-06", "note": "Hi"},
        format="json",
    )
    assert response.status_code == 200, response.content
    final = response.json()["final"]
    assert {key: final[key] for key in ("date", "weekday", "starts_on", "start", "end")} == {
        "date": None,
        "weekday": 3,
        "starts_on": "2027-01-06",
        "start": "18:00",
        "end": "19:00",
    }
    assert APIClient().get(f"/v1/{store}/meetings/{code}").json()["final"] == final
    # Closed: no joins; reopened: joins again.
    assert (
        APIClient()
        .post(f"/v1/{store}/participants", {"meeting_url_code": code, "name": "Z"}, format="json")
        .status_code
        == 409
    )
    reopened = api.patch(f"/v1/{store}/meetings/{code}/final", {"final": None}, format="json")
    assert reopened.json()["final"] is None


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (
            {"weekday": 3, "starts_on": "2027-01-07", "start": "18:00", "end": "19:00"},
            422,
            "starts_on 2027-01-07 is a Thursday, not weekday 3",
        ),
        (
            {"starts_on": "2027-01-05", "start": "18:00", "end": "19:00"},
            422,
            "weekday 2 is not one of the meeting's weekdays (3)",
        ),
        (
            {"date": "2027-01-06", "start": "18:00", "end": "19:00"},
            422,
            domain.final.FINAL_DATE_WEEKLY,
        ),
        (
            {"weekday": 3, "start": "18:00", "end": "19:00"},
            400,
            serializers.FINAL_STARTS_ON,
        ),
        (
            {"date": "2027-01-06", "starts_on": "2027-01-06", "start": "18:00", "end": "19:00"},
            400,
            serializers.FINAL_ONE_DAY,
        ),
        ({"weekday": 3, "starts_on": "2027-01-06"}, 422, "a meeting with time slots needs start"),
    ],
)
def test_a_bad_weekly_decision_is_refused(
    store: str, repo: MeetingRepository, body: dict[str, Any], status: int, message: str
) -> None:
    api, code, _ = _weekly(store, repo, {"weekdays": [3], **WINDOW})
    response = api.patch(f"/v1/{store}/meetings/{code}/final", body, format="json")
    assert response.status_code == status, response.content
    assert message in json.dumps(response.json())
    assert APIClient().get(f"/v1/{store}/meetings/{code}").json()["final"] is None


def test_a_dated_meeting_refuses_starts_on(store: str, repo: MeetingRepository) -> None:
    api, code = _organizer(repo)
    api.patch(
        f"/v1/{store}/meetings/{code}/date_range",
        {"start_date": "2027-01-04", "end_date": "2027-01-08"},
        format="json",
    )
    response = api.patch(
        f"/v1/{store}/meetings/{code}/final", {"starts_on": "2027-01-06"}, format="json"
    )
    assert response.status_code == 422, response.content
    assert response.json() == {"detail": domain.final.FINAL_STARTS_ON_DATED}
    decided = api.patch(f"/v1/{store}/meetings/{code}/final", {"date": "2027-01-06"}, format="json")
    assert decided.json()["final"]["date"] == "2027-01-06"
    assert decided.json()["final"]["weekday"] is None
    assert decided.json()["final"]["starts_on"] is None


def test_a_weekly_meeting_reads_in_the_same_queries_as_a_dated_one(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    repo = repository_for("mysql")
    code = services.meeting_create(repo=repo, weekdays=[1, 2, 3, 4, 5]).url_code
    for name in ("Ann", "Bo", "Cy"):
        services.participant_create(repo=repo, url_code=code, name=name)
    with django_assert_num_queries(2):  # the meeting, then its participants with their entries
        response = APIClient().get(f"/v1/mysql/meetings/{code}")
    assert response.status_code == 200
    assert [len(p["dates"]) for p in response.json()["participants"]] == [5, 5, 5]
