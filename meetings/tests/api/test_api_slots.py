"""Timed meetings through the API on every store: the daily window, a mark per slot, painting
in batches, best times, and every new 4xx with its exact message and nothing changed."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from meetings import domain, services
from meetings.repositories import MeetingRepository, repository_for

pytestmark = pytest.mark.django_db

WINDOW = {"start_time": "09:00", "end_time": "12:00", "slot_minutes": 30, "time_zone": "Asia/Seoul"}
RANGE = {"start_date": "2026-12-01", "end_date": "2026-12-03"}


@pytest.fixture
def repo(store: str) -> MeetingRepository:
    return repository_for(store)


def _organizer(store: str, repo: MeetingRepository) -> tuple[APIClient, str]:
    """An API client holding a new protected meeting's organizer key, and its url_code."""
    key = domain.key_new()
    code = services.meeting_create(repo=repo, title="Timed", organizer_key=key).url_code
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return api, code


def _timed(store: str, repo: MeetingRepository) -> tuple[APIClient, str, dict[str, Any]]:
    api, code = _organizer(store, repo)
    response = api.patch(
        f"/v1/{store}/meetings/{code}/date_range", {**RANGE, **WINDOW}, format="json"
    )
    assert response.status_code == 200, response.content
    joined = APIClient().post(
        f"/v1/{store}/participants", {"meeting_url_code": code, "name": "Ann"}, format="json"
    )
    assert joined.status_code == 201, joined.content
    return api, code, joined.json()


def _paint(api: APIClient, store: str, code: str, participant_id: Any, marks: list[Any]) -> Any:
    return api.patch(
        f"/v1/{store}/meetings/{code}/participants/{participant_id}/marks",
        {"marks": marks},
        format="json",
    )


def test_a_timed_meeting_reads_back(store: str, repo: MeetingRepository) -> None:
    _api, code, ann = _timed(store, repo)
    body = APIClient().get(f"/v1/{store}/meetings/{code}").json()
    assert (body["start_time"], body["end_time"]) == ("09:00", "12:00")
    assert (body["slot_minutes"], body["time_zone"]) == (30, "Asia/Seoul")
    dates = body["participants"][0]["dates"]
    assert [row["slots"] for row in dates] == ["111111"] * 3
    assert all(row["enabled"] and not row["starred"] for row in dates)
    assert ann["participant_dates"][0]["slots"] == "111111"
    assert body["participants"][0]["answered"] is False
    assert body["best_times"] == []  # nobody answered yet
    # "Free on all of these" through the API: every date on, in one paint.
    marks = [{"date": day, "action": "on"} for day in ("2026-12-01", "2026-12-02", "2026-12-03")]
    body = _paint(_api, store, code, ann["participant_id"], marks).json()
    assert body["participants"][0]["answered"] is True
    assert body["best_times"] == [
        {
            "date": "2026-12-01",
            "weekday": None,
            "start": "09:00",
            "end": "12:00",
            "free": 1,
            "of": 1,
        },
        {
            "date": "2026-12-02",
            "weekday": None,
            "start": "09:00",
            "end": "12:00",
            "free": 1,
            "of": 1,
        },
        {
            "date": "2026-12-03",
            "weekday": None,
            "start": "09:00",
            "end": "12:00",
            "free": 1,
            "of": 1,
        },
    ]


def test_a_dates_only_meeting_has_null_window_fields(store: str, repo: MeetingRepository) -> None:
    api, code = _organizer(store, repo)
    api.patch(f"/v1/{store}/meetings/{code}/date_range", RANGE, format="json")
    APIClient().post(
        f"/v1/{store}/participants", {"meeting_url_code": code, "name": "Ann"}, format="json"
    )
    body = APIClient().get(f"/v1/{store}/meetings/{code}").json()
    assert [body[k] for k in ("start_time", "end_time", "slot_minutes", "time_zone")] == [None] * 4
    assert body["best_times"] is None
    assert body["best_dates"] == ["2026-12-01", "2026-12-02", "2026-12-03"]
    assert {row["slots"] for row in body["participants"][0]["dates"]} == {None}


@pytest.mark.parametrize(
    ("window", "message"),
    [
        ({"start_time": "09:00"}, "start_time, end_time, slot_minutes and time_zone go together"),
        ({**WINDOW, "time_zone": "Mars/Base"}, "time_zone Mars/Base is not a known IANA time zone"),
        ({**WINDOW, "start_time": "09:10"}, "start_time 09:10 is not on a 30-minute slot boundary"),
        ({**WINDOW, "end_time": "09:00"}, "end_time 09:00 should be after start_time 09:00"),
        (
            {**WINDOW, "end_time": "25:00"},
            'end_time should be a time from "00:00" to "24:00" written as HH:MM',
        ),
        (
            {**WINDOW, "start_time": "9am"},
            'start_time should be a time from "00:00" to "23:59" written as HH:MM',
        ),
    ],
)
def test_bad_windows_are_422_and_change_nothing(
    store: str, repo: MeetingRepository, window: dict[str, Any], message: str
) -> None:
    api, code = _organizer(store, repo)
    before = repo.meeting_get(url_code=code)
    response = api.patch(
        f"/v1/{store}/meetings/{code}/date_range", {**RANGE, **window}, format="json"
    )
    assert response.status_code == 422, response.content
    assert response.json() == {"detail": message}
    assert repo.meeting_get(url_code=code) == before


@pytest.mark.parametrize(
    ("window", "field"),
    [
        ({**WINDOW, "slot_minutes": 20}, "slot_minutes"),
        ({**WINDOW, "slot_minutes": "thirty"}, "slot_minutes"),
        ({**WINDOW, "start_time": 900}, "start_time"),
        ({**WINDOW, "time_zone": ["Asia/Seoul"]}, "time_zone"),
        ({**WINDOW, "end_time": "12:00:00"}, "end_time"),
    ],
)
def test_malformed_window_fields_are_400(
    store: str, repo: MeetingRepository, window: dict[str, Any], field: str
) -> None:
    api, code = _organizer(store, repo)
    before = repo.meeting_get(url_code=code)
    response = api.patch(
        f"/v1/{store}/meetings/{code}/date_range", {**RANGE, **window}, format="json"
    )
    assert response.status_code == 400, response.content
    assert set(response.json()) == {field}
    assert repo.meeting_get(url_code=code) == before


def test_painting_a_stroke_is_one_change(store: str, repo: MeetingRepository) -> None:
    api, code, ann = _timed(store, repo)
    before = repo.meeting_get(url_code=code)
    response = _paint(
        api,
        store,
        code,
        ann["participant_id"],
        [
            {"date": "2026-12-01", "from": "09:00", "to": "10:30", "action": "off"},
            {"date": "2026-12-01", "from": "11:00", "to": "12:00", "action": "star"},
            {"date": "2026-12-02", "action": "off"},  # the whole day
        ],
    )
    assert response.status_code == 200, response.content
    dates = response.json()["participants"][0]["dates"]
    assert [row["slots"] for row in dates] == ["000122", "000000", "111111"]
    assert [(row["enabled"], row["starred"]) for row in dates] == [
        (True, True),
        (False, False),
        (True, False),
    ]
    after = repo.meeting_get(url_code=code)
    assert after.version == before.version + 1
    # Equally many free: the preferred marks decide, before the longer run of 12-03.
    assert response.json()["best_times"][:2] == [
        {
            "date": "2026-12-01",
            "weekday": None,
            "start": "10:30",
            "end": "12:00",
            "free": 1,
            "of": 1,
        },
        {
            "date": "2026-12-03",
            "weekday": None,
            "start": "09:00",
            "end": "12:00",
            "free": 1,
            "of": 1,
        },
    ]


@pytest.mark.parametrize(
    ("mark", "message"),
    [
        ({"date": "2026-12-09", "action": "off"}, "date 2026-12-09 is not in the meeting's range"),
        (
            {"date": "2026-12-01", "from": "08:30", "to": "10:00", "action": "off"},
            "from 08:30 is outside the window 09:00-12:00",
        ),
        (
            {"date": "2026-12-01", "from": "09:00", "to": "12:30", "action": "off"},
            "to 12:30 is outside the window 09:00-12:00",
        ),
        (
            {"date": "2026-12-01", "from": "09:15", "to": "10:00", "action": "off"},
            "from 09:15 is not on a 30-minute slot boundary",
        ),
        (
            {"date": "2026-12-01", "from": "10:00", "to": "10:00", "action": "off"},
            "to 10:00 should be after from 10:00",
        ),
        ({"date": "2026-12-01", "from": "10:00", "action": "off"}, "from and to go together"),
    ],
)
def test_a_bad_mark_applies_nothing_of_the_request(
    store: str, repo: MeetingRepository, mark: dict[str, Any], message: str
) -> None:
    api, code, ann = _timed(store, repo)
    before = repo.meeting_get(url_code=code)
    good = {"date": "2026-12-02", "action": "off"}
    response = _paint(api, store, code, ann["participant_id"], [good, mark])
    assert response.status_code == 422, response.content
    assert response.json() == {"detail": message}
    assert repo.meeting_get(url_code=code) == before


@pytest.mark.parametrize(
    ("body", "messages"),
    [
        ({"marks": []}, ["This list may not be empty."]),
        (
            {
                "marks": [
                    {"date": "2026-12-01", "action": "off"},
                    {"date": "2026-12-01", "action": "paint"},
                ]
            },
            ['marks[1].action: "paint" is not a valid choice.'],
        ),
        ({"marks": [{"action": "off"}]}, ["marks[0].date: This field is required."]),
        (
            {"marks": [{"date": "2026-12-01", "action": "off"}] * 501},
            ["Ensure this field has no more than 500 elements."],
        ),
        ({"marks": "all"}, ['Expected a list of items but got type "str".']),
        ({}, ["This field is required."]),
    ],
)
def test_malformed_marks_are_400(
    store: str, repo: MeetingRepository, body: dict[str, Any], messages: list[str]
) -> None:
    api, code, ann = _timed(store, repo)
    before = repo.meeting_get(url_code=code)
    response = api.patch(
        f"/v1/{store}/meetings/{code}/participants/{ann['participant_id']}/marks",
        body,
        format="json",
    )
    assert response.status_code == 400, response.content
    assert response.json() == {"marks": messages}
    assert repo.meeting_get(url_code=code) == before


def test_500_marks_are_fine(store: str, repo: MeetingRepository) -> None:
    api, code, ann = _timed(store, repo)
    marks = [
        {"date": "2026-12-01", "from": "09:00", "to": "09:30", "action": a}
        for a in ["off", "on"] * 250
    ]
    response = _paint(api, store, code, ann["participant_id"], marks)
    assert response.status_code == 200, response.content
    assert response.json()["participants"][0]["dates"][0]["slots"] == "111111"


def test_per_date_endpoints_mark_the_whole_day_on_timed_meetings(
    store: str, repo: MeetingRepository
) -> None:
    api, code, ann = _timed(store, repo)
    first = ann["participant_dates"][0]["id"]
    body = {"participant_date_id": first, "meeting_url_code": code}
    _paint(
        api,
        store,
        code,
        ann["participant_id"],
        [{"date": "2026-12-01", "from": "09:00", "to": "09:30", "action": "off"}],
    )
    expected = {"star": "222222", "unstar": "111111", "off": "000000", "on": "111111"}
    for action, slots in expected.items():
        response = api.patch(f"/v1/{store}/participant_dates/{action}", body, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["participants"][0]["dates"][0]["slots"] == slots


def test_dates_only_meetings_paint_whole_dates(store: str, repo: MeetingRepository) -> None:
    api, code = _organizer(store, repo)
    api.patch(f"/v1/{store}/meetings/{code}/date_range", RANGE, format="json")
    ann = (
        APIClient()
        .post(f"/v1/{store}/participants", {"meeting_url_code": code, "name": "Ann"}, format="json")
        .json()
    )
    response = _paint(
        api,
        store,
        code,
        ann["participant_id"],
        [{"date": "2026-12-01", "action": "off"}, {"date": "2026-12-02", "action": "star"}],
    )
    assert response.status_code == 200, response.content
    dates = response.json()["participants"][0]["dates"]
    assert [(r["enabled"], r["starred"], r["slots"]) for r in dates] == [
        (False, False, None),
        (True, True, None),
        (True, False, None),
    ]
    before = repo.meeting_get(url_code=code)
    timed = _paint(
        api,
        store,
        code,
        ann["participant_id"],
        [{"date": "2026-12-01", "from": "09:00", "to": "10:00", "action": "on"}],
    )
    assert timed.status_code == 422
    assert timed.json() == {"detail": "from and to are only for meetings with time slots"}
    assert repo.meeting_get(url_code=code) == before


def test_painting_needs_the_row_key_on_protected_meetings(
    store: str, repo: MeetingRepository
) -> None:
    _api, code, ann = _timed(store, repo)
    bob = (
        APIClient()
        .post(f"/v1/{store}/participants", {"meeting_url_code": code, "name": "Bob"}, format="json")
        .json()
    )
    before = repo.meeting_get(url_code=code)
    mark = [{"date": "2026-12-01", "action": "off"}]
    stranger = APIClient()
    answer = _paint(stranger, store, code, ann["participant_id"], mark)
    assert answer.status_code == 401
    assert answer.json() == {"detail": domain.ROW_KEY_REQUIRED}
    stranger.credentials(HTTP_AUTHORIZATION=f"Bearer {bob['participant_key']}")
    answer = _paint(stranger, store, code, ann["participant_id"], mark)
    assert answer.status_code == 403
    assert answer.json() == {"detail": domain.ROW_KEY_REFUSED}
    assert repo.meeting_get(url_code=code) == before
    own = APIClient()
    own.credentials(HTTP_AUTHORIZATION=f"Bearer {ann['participant_key']}")
    assert _paint(own, store, code, ann["participant_id"], mark).status_code == 200


def test_painting_another_meetings_participant_is_404(store: str, repo: MeetingRepository) -> None:
    api, code, _ann = _timed(store, repo)
    _other_api, other_code, other = _timed(store, repo)
    before = repo.meeting_get(url_code=other_code)
    answer = _paint(
        api, store, code, other["participant_id"], [{"date": "2026-12-01", "action": "off"}]
    )
    assert answer.status_code == 404
    assert answer.json() == {"detail": f"participant with id: {other['participant_id']} not found"}
    assert other_code.encode() not in answer.content
    assert repo.meeting_get(url_code=other_code) == before


def test_a_timed_get_runs_the_dates_only_number_of_queries(
    django_assert_num_queries: Any,
) -> None:
    """However many slots, a timed meeting loads in the same two queries on MySQL."""
    from django.core.cache import caches

    repo = repository_for("mysql")
    api, code, _ann = _timed("mysql", repo)
    for name in ("Bob", "Cy"):
        APIClient().post(
            "/v1/mysql/participants", {"meeting_url_code": code, "name": name}, format="json"
        )
    caches["meetings"].clear()  # a GET that reads and renders
    with django_assert_num_queries(2):
        body = api.get(f"/v1/mysql/meetings/{code}").json()
    assert len(body["participants"]) == 3
    assert all(row["slots"] == "111111" for p in body["participants"] for row in p["dates"])
