"""/v1/<store> meeting endpoints through DRF's test client, for every store in API_STORES."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from django.db import connection
from rest_framework.test import APIClient

from meetings import models, services
from meetings.repositories import repository_for
from meetings.repositories.mysql import DjangoMeetingRepository
from meetings.tests.support import gel_support

pytestmark = pytest.mark.django_db


@pytest.fixture
def base(store: str) -> str:
    return f"/v1/{store}/meetings"


def _create(api: APIClient, base: str, **body: Any) -> dict[str, Any]:
    """Create a meeting; ``api`` then sends its organizer key with every request."""
    response = api.post(base, body, format="json")
    assert response.status_code == 201, response.content
    data: dict[str, Any] = response.json()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {data['organizer_key']}")
    return data


def _meeting_count(store: str) -> int:
    """How many meetings the test created (MySQL: each test starts with an empty database)."""
    if store == "mysql":
        return models.Meeting.objects.count()
    if store == "edgedb":  # the meetings this test created (see gel_support)
        return gel_support.meeting_count()
    raise NotImplementedError(f"no meeting count for store {store}")


def _stored(store: str, url_code: str) -> tuple[Any, ...]:
    """What the store holds, read past the API."""
    meeting = repository_for(store).meeting_get(url_code=url_code)
    return (meeting.title, meeting.location, meeting.start_date, meeting.end_date, meeting.version)


def test_create_without_body(api: APIClient, store: str, base: str) -> None:
    response = api.post(base)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {
        "url_code",
        "title",
        "location",
        "start_date",
        "end_date",
        "weekdays",
        "participants",
        "best_dates",
        "best_weekdays",
        "editing",
        "organizer_key",
        "start_time",
        "end_time",
        "slot_minutes",
        "time_zone",
        "best_times",
        "final",
        "deadline",
    }
    assert body["final"] is None
    assert body["deadline"] is None
    assert [body[k] for k in ("start_time", "end_time", "slot_minutes", "time_zone")] == [None] * 4
    assert body["best_times"] is None
    assert body["editing"] == "protected"
    key = body["organizer_key"]
    assert len(key) >= 22  # at least 128 random bits in URL-safe base64
    assert set(key) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert response["Cache-Control"] == "no-store"
    assert body["title"] == ""
    assert body["location"] == ""
    assert body["start_date"] is None
    assert body["end_date"] is None
    assert body["participants"] == []
    assert body["best_dates"] == []
    assert len(body["url_code"]) == 22
    assert response["Location"] == f"{base}/{body['url_code']}"
    assert _stored(store, body["url_code"])[4] == 1


def test_create_with_title_and_location(api: APIClient, store: str, base: str) -> None:
    body = _create(api, base, title="  Team dinner ", location="Seoul")
    assert (body["title"], body["location"]) == ("Team dinner", "Seoul")
    got = api.get(f"{base}/{body['url_code']}")
    assert got.status_code == 200
    key = body.pop("organizer_key")
    assert got.json() == body
    assert key.encode() not in got.content  # the key is in the create answer only


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "x" * 256}, "title"),
        ({"location": "x" * 256}, "location"),
        ({"title": "\x1e" + "x" * 255}, "title"),  # the limit holds for the text as sent
        ({"location": " " * 256}, "location"),  # blank text too
        ({"title": 12}, "title"),  # the schema says string: numbers are not turned into text
        ({"title": None}, "title"),
        ({"title": ["a"]}, "title"),
    ],
)
def test_create_rejects_bad_fields(
    api: APIClient, store: str, base: str, body: dict[str, Any], field: str
) -> None:
    response = api.post(base, body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert _meeting_count(store) == 0


def test_create_rejects_non_json(api: APIClient, store: str, base: str) -> None:
    response = api.post(base, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")
    assert _meeting_count(store) == 0


def test_create_rejects_array(api: APIClient, store: str, base: str) -> None:
    response = api.post(base, [1, 2], format="json")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Invalid data. Expected a dictionary, but got list."]
    }


@pytest.mark.parametrize("body", ["null", "[]", '"title"', "0"])
def test_create_rejects_non_object_json(api: APIClient, store: str, base: str, body: str) -> None:
    response = api.generic("POST", base, body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert _meeting_count(store) == 0


def test_create_rejects_control_characters(api: APIClient, store: str, base: str) -> None:
    response = api.post(base, {"title": "a\x07b"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"detail": "title should not contain control characters"}


@pytest.mark.parametrize(
    "code", ["nope", "0000000000000000000000", "x" * 3000, "%E2%98%83", "a.b", "..", "' OR 1=1"]
)
def test_get_unknown_is_404(api: APIClient, store: str, base: str, code: str) -> None:
    response = api.get(f"{base}/{code}")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("meeting with url_code: ")
    assert response.json()["detail"].endswith(" not found")


def test_get_unknown_exact_message(api: APIClient, store: str, base: str) -> None:
    response = api.get(f"{base}/abc")
    assert response.json() == {"detail": "meeting with url_code: abc not found"}


def test_etag_round_trip(
    api: APIClient, store: str, base: str, django_assert_num_queries: Any
) -> None:
    code = _create(api, base)["url_code"]
    first = api.get(f"{base}/{code}")
    etag = first["ETag"]
    assert etag
    with django_assert_num_queries(1 if store == "mysql" else 0):  # other stores: no SQL at all
        cached = api.get(f"{base}/{code}", HTTP_IF_NONE_MATCH=etag)
    assert cached.status_code == 304
    assert cached["ETag"] == etag
    assert cached.content == b""
    api.patch(f"{base}/{code}/title", {"title": "changed"}, format="json")
    fresh = api.get(f"{base}/{code}", HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200
    assert fresh.json()["title"] == "changed"
    assert fresh["ETag"] != etag
    assert api.get(f"{base}/{code}", HTTP_IF_NONE_MATCH=f'"x", {fresh["ETag"]}').status_code == 304


def test_if_none_match_on_unknown_meeting_is_404(api: APIClient, store: str, base: str) -> None:
    response = api.get(f"{base}/abc", HTTP_IF_NONE_MATCH='"m1"')
    assert response.status_code == 404


def test_set_date_range(api: APIClient, store: str, base: str) -> None:
    code = _create(api, base)["url_code"]
    response = api.patch(
        f"{base}/{code}/date_range",
        {"start_date": "2026-12-01", "end_date": "2027-01-31"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["start_date"] == "2026-12-01"
    assert response.json()["end_date"] == "2027-01-31"
    assert _stored(store, code)[2:4] == (date(2026, 12, 1), date(2027, 1, 31))


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (
            "2026-01-01",
            "2026-03-05",
            "start 2026-01-01 and end 2026-03-05 should be within 62 days",
        ),
        ("2026-01-02", "2026-01-01", "start 2026-01-02 should not be after end 2026-01-01"),
    ],
)
def test_bad_date_range_is_422(
    api: APIClient, store: str, base: str, start: str, end: str, message: str
) -> None:
    code = _create(api, base)["url_code"]
    before = _stored(store, code)
    response = api.patch(
        f"{base}/{code}/date_range", {"start_date": start, "end_date": end}, format="json"
    )
    assert response.status_code == 422
    assert response.json() == {"detail": message}
    assert _stored(store, code) == before


def test_date_range_of_62_days_is_fine(api: APIClient, store: str, base: str) -> None:
    code = _create(api, base)["url_code"]
    response = api.patch(
        f"{base}/{code}/date_range",
        {"start_date": "2026-01-01", "end_date": "2026-03-04"},
        format="json",
    )
    assert response.status_code == 200


def test_date_range_already_set(api: APIClient, store: str, base: str) -> None:
    code = _create(api, base)["url_code"]
    body = {"start_date": "2026-05-01", "end_date": "2026-05-10"}
    assert api.patch(f"{base}/{code}/date_range", body, format="json").status_code == 200
    before = _stored(store, code)
    again = api.patch(
        f"{base}/{code}/date_range",
        {"start_date": "2026-06-01", "end_date": "2026-06-02"},
        format="json",
    )
    assert again.status_code == 422
    assert again.json() == {
        "detail": f"meeting: {code} start: 2026-05-01 end: 2026-05-10 are already set"
    }
    assert _stored(store, code) == before


def test_date_range_unknown_meeting(api: APIClient, store: str, base: str) -> None:
    response = api.patch(
        f"{base}/zzz/date_range",
        {"start_date": "2026-05-01", "end_date": "2026-05-02"},
        format="json",
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "meeting with url_code: zzz not found"}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"start_date": "2026-05-01"},
        {"end_date": "2026-05-01"},
        {"start_date": "2025-02-30", "end_date": "2025-03-01"},
        {"start_date": "01/05/2026", "end_date": "2026-05-02"},
        {"start_date": 20260501, "end_date": "2026-05-02"},
        {"start_date": None, "end_date": "2026-05-02"},
        {"start_date": "2026-05-01T10:00:00", "end_date": "2026-05-02"},
    ],
)
def test_date_range_malformed_is_400(
    api: APIClient, store: str, base: str, body: dict[str, Any]
) -> None:
    code = _create(api, base)["url_code"]
    response = api.patch(f"{base}/{code}/date_range", body, format="json")
    assert response.status_code == 400
    assert set(response.json()) <= {"start_date", "end_date"}
    assert _stored(store, code)[2:4] == (None, None)


@pytest.mark.parametrize("raw", ["[]", "null", "{bad", '"text"', "42"])
def test_date_range_non_object_bodies_are_400(
    api: APIClient, store: str, base: str, raw: str
) -> None:
    code = _create(api, base)["url_code"]
    response = api.patch(f"{base}/{code}/date_range", raw, content_type="application/json")
    assert response.status_code == 400
    assert response.json()


def test_concurrent_first_date_ranges_exactly_one_wins(transactional_db: Any) -> None:
    base, store = "/v1/mysql/meetings", "mysql"
    repo = DjangoMeetingRepository()
    code = services.meeting_create(repo=repo).url_code
    barrier = threading.Barrier(2)
    results: list[int] = []

    def attempt(start: str, end: str) -> None:
        client = APIClient()
        barrier.wait()
        response = client.patch(
            f"{base}/{code}/date_range", {"start_date": start, "end_date": end}, format="json"
        )
        results.append(response.status_code)
        if response.status_code == 422:
            assert response.json()["detail"].endswith("are already set")
        connection.close()

    threads = [
        threading.Thread(target=attempt, args=("2026-05-01", "2026-05-10")),
        threading.Thread(target=attempt, args=("2026-06-01", "2026-06-03")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [200, 422]
    stored = _stored(store, code)[2:4]
    assert stored in [(date(2026, 5, 1), date(2026, 5, 10)), (date(2026, 6, 1), date(2026, 6, 3))]


@pytest.mark.parametrize("field", ["title", "location"])
def test_set_text(api: APIClient, store: str, base: str, field: str) -> None:
    code = _create(api, base)["url_code"]
    response = api.patch(f"{base}/{code}/{field}", {field: "New value"}, format="json")
    assert response.status_code == 200
    assert response.json()[field] == "New value"
    same = api.patch(f"{base}/{code}/{field}", {field: "New value"}, format="json")
    assert same.status_code == 200
    assert same.json()[field] == "New value"


@pytest.mark.parametrize("field", ["title", "location"])
@pytest.mark.parametrize(
    "body", [{}, {"title": "x" * 256, "location": "x" * 256}, {"title": None, "location": None}]
)
def test_set_text_bad_body(
    api: APIClient, store: str, base: str, field: str, body: dict[str, Any]
) -> None:
    code = _create(api, base, title="Keep", location="Keep")["url_code"]
    response = api.patch(f"{base}/{code}/{field}", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert _stored(store, code)[:2] == ("Keep", "Keep")


@pytest.mark.parametrize("field", ["title", "location"])
def test_set_text_unknown_meeting(api: APIClient, store: str, base: str, field: str) -> None:
    response = api.patch(f"{base}/nope/{field}", {field: "x"}, format="json")
    assert response.status_code == 404
    assert response.json() == {"detail": "meeting with url_code: nope not found"}


def test_every_change_answers_with_the_latest_meeting(
    api: APIClient, store: str, base: str
) -> None:
    created = _create(api, base)
    code = created["url_code"]
    # Someone else changes the location behind our back...
    services.meeting_set_location(
        repo=repository_for(store),
        url_code=code,
        location="Elsewhere",
        key=created["organizer_key"],
    )
    # ...and our title change answers with it too.
    response = api.patch(f"{base}/{code}/title", {"title": "Mine"}, format="json")
    assert response.json()["location"] == "Elsewhere"
    assert response.json() == api.get(f"{base}/{code}").json()


def test_unknown_methods(api: APIClient, store: str, base: str) -> None:
    code = _create(api, base)["url_code"]
    assert api.put(f"{base}/{code}", {"title": "x"}, format="json").status_code == 405
    assert api.post(f"{base}/{code}/final", {"final": None}, format="json").status_code == 405
    assert api.get(base).status_code == 405
    assert api.put(f"{base}/{code}/title", {"title": "x"}, format="json").status_code == 405
