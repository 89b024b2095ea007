"""``PATCH /v1/{store}/meetings/{url_code}/deadline`` on every store: set in the meeting's zone,
read back, cleared; from it on every join and mark is refused with 409 (the clock is set, never
waited for) while the organizer still decides, extends and clears it; who may; bad input with
its exact message and nothing changed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from pytest_django import DjangoAssertNumQueries
from rest_framework.test import APIClient

from meetings import clock, domain, services
from meetings.repositories import repository_for
from meetings.tests.support.api import join
from meetings.tests.support.calendars import DENTIST, ics

pytestmark = pytest.mark.django_db

START, END = date(2027, 3, 1), date(2027, 3, 3)
WINDOW = {"start_time": "09:00", "end_time": "12:00", "slot_minutes": 30, "time_zone": "Asia/Seoul"}
DUE = datetime(2027, 2, 26, 9, 0, tzinfo=UTC)  # 2027-02-26T18:00 in Seoul
PASSED = "the deadline for answers has passed"


@pytest.fixture(autouse=True)
def before_due(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: DUE - timedelta(hours=1))


def _after_due(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: DUE)


def _meeting(store: str, *, timed: bool = True) -> tuple[APIClient, str]:
    key = domain.key_new()
    code = services.meeting_create(repo=repository_for(store), organizer_key=key).url_code
    organizer = APIClient()
    organizer.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    body = {"start_date": str(START), "end_date": str(END), **(WINDOW if timed else {})}
    response = organizer.patch(f"/v1/{store}/meetings/{code}/date_range", body, format="json")
    assert response.status_code == 200, response.content
    return organizer, code


def _deadline(api: APIClient, store: str, code: str, value: Any) -> Any:
    return api.patch(f"/v1/{store}/meetings/{code}/deadline", {"deadline": value}, format="json")


def test_set_read_back_and_clear(store: str) -> None:
    organizer, code = _meeting(store)
    before = APIClient().get(f"/v1/{store}/meetings/{code}")
    assert before.json()["deadline"] is None
    response = _deadline(organizer, store, code, "2027-02-26T18:00")
    assert response.status_code == 200, response.content
    assert response.json()["deadline"] == "2027-02-26T18:00"  # the wall time in Asia/Seoul
    assert response["ETag"] != before["ETag"]
    read = APIClient().get(f"/v1/{store}/meetings/{code}")
    assert read.json() == response.json()
    cleared = _deadline(organizer, store, code, None)
    assert cleared.status_code == 200
    assert cleared.json()["deadline"] is None
    assert APIClient().get(f"/v1/{store}/meetings/{code}").json()["deadline"] is None


def test_a_meeting_without_a_window_takes_it_in_utc(store: str) -> None:
    organizer, code = _meeting(store, timed=False)
    assert _deadline(organizer, store, code, "2027-02-26T18:00").json()["deadline"] == (
        "2027-02-26T18:00"
    )
    stored = services.meeting_get(repo=repository_for(store), url_code=code)
    assert stored.deadline == datetime(2027, 2, 26, 18, 0, tzinfo=UTC)


def test_after_the_deadline_joins_and_marks_are_refused(
    store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    organizer, code = _meeting(store)
    ann = join(APIClient(), store, code, "Ann")
    assert _deadline(organizer, store, code, "2027-02-26T18:00").status_code == 200
    _after_due(monkeypatch)
    before = APIClient().get(f"/v1/{store}/meetings/{code}").json()
    own = APIClient()
    own.credentials(HTTP_AUTHORIZATION=f"Bearer {ann['participant_key']}")
    refused = [
        APIClient().post(
            f"/v1/{store}/participants", {"meeting_url_code": code, "name": "Bo"}, format="json"
        ),
        own.patch(
            f"/v1/{store}/participant_dates/off",
            {"meeting_url_code": code, "participant_date_id": ann["participant_dates"][0]["id"]},
            format="json",
        ),
        own.patch(
            f"/v1/{store}/meetings/{code}/participants/{ann['participant_id']}/marks",
            {"marks": [{"date": str(START), "action": "off"}]},
            format="json",
        ),
        own.generic(
            "POST",
            f"/v1/{store}/meetings/{code}/participants/{ann['participant_id']}/calendar"
            "?apply=busy&time_zone=Asia/Seoul",
            ics(DENTIST),  # type: ignore[arg-type]  # bytes go as they are
            content_type="text/calendar",
        ),
    ]
    for response in refused:
        assert (response.status_code, response.json()) == (409, {"detail": PASSED})
    assert APIClient().get(f"/v1/{store}/meetings/{code}").json() == before


def test_a_time_already_past_closes_answers_at_once(store: str) -> None:
    organizer, code = _meeting(store)
    assert _deadline(organizer, store, code, "2027-02-26T16:00").status_code == 200
    response = APIClient().post(
        f"/v1/{store}/participants", {"meeting_url_code": code, "name": "Bo"}, format="json"
    )
    assert (response.status_code, response.json()) == (409, {"detail": PASSED})


def test_after_the_deadline_the_organizer_decides_extends_and_clears(
    store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    organizer, code = _meeting(store)
    _deadline(organizer, store, code, "2027-02-26T18:00")
    _after_due(monkeypatch)
    decided = organizer.patch(
        f"/v1/{store}/meetings/{code}/final",
        {"date": str(START), "start": "09:00", "end": "10:00"},
        format="json",
    )
    assert decided.status_code == 200, decided.content
    assert (
        organizer.patch(
            f"/v1/{store}/meetings/{code}/final", {"final": None}, format="json"
        ).status_code
        == 200
    )
    extended = _deadline(organizer, store, code, "2027-02-27T18:00")
    assert extended.json()["deadline"] == "2027-02-27T18:00"
    join(APIClient(), store, code, "Ann")
    _deadline(organizer, store, code, "2027-02-26T18:00")
    assert _deadline(organizer, store, code, None).status_code == 200
    join(APIClient(), store, code, "Bo")


def test_only_the_organizer_on_a_protected_meeting(store: str) -> None:
    _organizer, code = _meeting(store)
    ann = join(APIClient(), store, code, "Ann")
    nobody = _deadline(APIClient(), store, code, "2027-02-26T18:00")
    assert (nobody.status_code, nobody.json()) == (
        401,
        {"detail": "this change needs the organizer key"},
    )
    own = APIClient()
    own.credentials(HTTP_AUTHORIZATION=f"Bearer {ann['participant_key']}")
    refused = _deadline(own, store, code, "2027-02-26T18:00")
    assert (refused.status_code, refused.json()) == (
        403,
        {"detail": "the key does not allow this change: it needs the organizer key"},
    )
    assert APIClient().get(f"/v1/{store}/meetings/{code}").json()["deadline"] is None


def test_anyone_on_an_open_meeting(store: str) -> None:
    code = services.meeting_create(repo=repository_for(store)).url_code
    response = _deadline(APIClient(), store, code, "2027-02-26T18:00")
    assert (response.status_code, response.json()["deadline"]) == (200, "2027-02-26T18:00")


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        ({}, 400, {"deadline": ["This field is required."]}),
        ({"deadline": 20270226}, 400, {"deadline": ["Not a valid string."]}),
        (
            {"deadline": "2027-02-26T18:00:00Z"},
            400,
            {"deadline": ["Ensure this field has no more than 16 characters."]},
        ),
        (
            {"deadline": "2027-02-26 18:00"},
            422,
            {"detail": "deadline should be a date and time written as YYYY-MM-DDTHH:MM, or null"},
        ),
        (
            {"deadline": "2027-02-30T18:00"},
            422,
            {"detail": "deadline should be a date and time written as YYYY-MM-DDTHH:MM, or null"},
        ),
        (
            {"deadline": "1899-12-31T18:00"},
            422,
            {"detail": "deadline should be between 1900-01-01 and 9000-12-31"},
        ),
    ],
)
def test_bad_input(store: str, body: dict[str, Any], status: int, detail: Any) -> None:
    organizer, code = _meeting(store)
    before = APIClient().get(f"/v1/{store}/meetings/{code}").json()
    response = organizer.patch(f"/v1/{store}/meetings/{code}/deadline", body, format="json")
    assert (response.status_code, response.json()) == (status, detail)
    assert APIClient().get(f"/v1/{store}/meetings/{code}").json() == before


def test_a_wall_time_the_zone_skips_is_refused(store: str) -> None:
    key = domain.key_new()
    code = services.meeting_create(repo=repository_for(store), organizer_key=key).url_code
    organizer = APIClient()
    organizer.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    window = {**WINDOW, "time_zone": "Europe/Berlin"}
    organizer.patch(
        f"/v1/{store}/meetings/{code}/date_range",
        {"start_date": "2027-03-26", "end_date": "2027-03-29", **window},
        format="json",
    )
    response = _deadline(organizer, store, code, "2027-03-28T02:30")
    assert (response.status_code, response.json()) == (
        422,
        {
            "detail": "deadline 2027-03-28T02:30 does not occur in Europe/Berlin: "
            "the clocks go forward over it"
        },
    )


def test_a_missing_meeting(store: str) -> None:
    code = domain.url_code_new()
    response = _deadline(APIClient(), store, code, "2027-02-26T18:00")
    assert (response.status_code, response.json()) == (
        404,
        {"detail": f"meeting with url_code: {code} not found"},
    )


def test_a_meeting_with_a_deadline_reads_in_the_same_two_queries(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    repo = repository_for("mysql")
    code = services.meeting_create(repo=repo, start_date=START, end_date=END).url_code
    services.meeting_set_deadline(repo=repo, url_code=code, deadline="2027-02-26T18:00")
    for name in ("Ann", "Bo"):
        services.participant_create(repo=repo, url_code=code, name=name)
    with django_assert_num_queries(2):  # the meeting, then its participants with their dates
        response = APIClient().get(f"/v1/mysql/meetings/{code}")
    assert response.json()["deadline"] == "2027-02-26T18:00"
