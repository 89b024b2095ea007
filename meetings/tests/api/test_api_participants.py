"""/v1/<store> participant and participant_date endpoints through DRF's test client, for every
store in API_STORES. What is stored is read back past the API, through ``repository_for``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from rest_framework.test import APIClient

from meetings import services
from meetings.domain import DateAction, Meeting, dates_between
from meetings.repositories import MeetingRepository, repository_for
from meetings.tests.support.api import join
from meetings.tests.support.stored import stored as _stored

pytestmark = pytest.mark.django_db

START, END = date(2026, 12, 1), date(2026, 12, 7)
DAYS = dates_between(START, END)
ACTIONS = [action.value for action in DateAction]
NOT_AN_OBJECT = [
    ("null", {"non_field_errors": ["No data provided"]}),
    ("[]", {"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}),
    ('["a"]', {"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}),
    ('"text"', {"non_field_errors": ["Invalid data. Expected a dictionary, but got str."]}),
    ("42", {"non_field_errors": ["Invalid data. Expected a dictionary, but got int."]}),
]
NOT_JSON = ["{bad", "{'single': 'quotes'}", "\x00", '{"name": "Ann",}']


@pytest.fixture
def store_repo(store: str) -> MeetingRepository:
    return repository_for(store)


@pytest.fixture
def ranged(store_repo: MeetingRepository) -> Meeting:
    return services.meeting_create(
        repo=store_repo, title="Team dinner", location="Seoul", start_date=START, end_date=END
    )


def _mark(api: APIClient, store: str, action: str, url_code: str, date_id: Any) -> Any:
    return api.patch(
        f"/v1/{store}/participant_dates/{action}",
        {"participant_date_id": date_id, "meeting_url_code": url_code},
        format="json",
    )


def _get(api: APIClient, store: str, url_code: str) -> Any:
    response = api.get(f"/v1/{store}/meetings/{url_code}")
    assert response.status_code == 200
    return response


def _id_error(repo: MeetingRepository) -> list[str]:
    """DRF's message for an id that is not an id of this store's kind."""
    return ["Must be a valid UUID."] if repo.id_kind == "uuid" else ["A valid integer is required."]


# --- join --------------------------------------------------------------------------------------


def test_join_answers_201_with_dates_and_latest_meeting(
    api: APIClient, store: str, store_repo: MeetingRepository, ranged: Meeting
) -> None:
    response = api.post(
        f"/v1/{store}/participants",
        {"meeting_url_code": ranged.url_code, "name": "  Ann "},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"participant_id", "participant_key", "participant_dates", "meeting"}
    assert len(body["participant_key"]) >= 22
    assert response["Cache-Control"] == "no-store"
    dates = body["participant_dates"]
    assert [row["date"] for row in dates] == [day.isoformat() for day in DAYS]
    assert all(
        set(row) == {"id", "date", "weekday", "enabled", "starred", "slots", "if_need_be"}
        for row in dates
    )
    assert all(row["weekday"] is None for row in dates)  # a dated meeting
    assert {row["slots"] for row in dates} == {None}  # a dates-only meeting
    assert all(row["enabled"] is True and row["starred"] is False for row in dates)
    assert all(row["if_need_be"] is False for row in dates)
    assert len({row["id"] for row in dates}) == len(DAYS)
    meeting = body["meeting"]
    assert meeting["participants"] == [
        {"id": body["participant_id"], "name": "Ann", "answered": False, "dates": dates}
    ]
    assert meeting["best_dates"] == ["2026-12-01", "2026-12-02", "2026-12-03"]
    got = _get(api, store, ranged.url_code)
    assert meeting == got.json()
    assert response["ETag"] == got["ETag"]
    stored = _stored(ranged.url_code, store_repo)
    assert [(p.id, p.name, len(p.dates)) for p in stored.participants] == [
        (body["participant_id"], "Ann", 7)
    ]
    assert stored.version == ranged.version + 1


def test_participants_in_join_order_and_best_dates_follow_marks(
    api: APIClient, store: str, ranged: Meeting
) -> None:
    for name in ["Zed", "amy", "Bob"]:
        latest = join(api, store, ranged.url_code, name)["meeting"]
    assert [p["name"] for p in latest["participants"]] == ["Zed", "amy", "Bob"]
    zed, amy, bob = latest["participants"]
    _mark(api, store, "off", ranged.url_code, zed["dates"][0]["id"])
    _mark(api, store, "off", ranged.url_code, amy["dates"][1]["id"])
    response = _mark(api, store, "star", ranged.url_code, bob["dates"][6]["id"])
    # Dates 3 to 7: 3 free each, date 7 starred; dates 1 and 2: 2 free each.
    assert response.json()["best_dates"] == ["2026-12-07", "2026-12-03", "2026-12-04"]


@pytest.mark.parametrize(
    "name",
    [
        "x" * 50,
        "김" * 50,
        "\U0001f600" * 50,  # characters outside the BMP count once each
        "\ufdfa" * 50,  # NFKC makes 18 characters of each one: its key is 900 characters long
        "ǅ" * 50,
    ],
    ids=["ascii", "hangul", "emoji", "ligature-fdfa", "titlecase-dz"],
)
def test_join_with_the_longest_names(
    api: APIClient, store: str, store_repo: MeetingRepository, ranged: Meeting, name: str
) -> None:
    body = join(api, store, ranged.url_code, name)
    assert body["meeting"]["participants"][0]["name"] == name
    assert _stored(ranged.url_code, store_repo).participants[0].name == name
    again = api.post(
        f"/v1/{store}/participants",
        {"meeting_url_code": ranged.url_code, "name": name.upper()},
        format="json",
    )
    assert again.status_code == 409


def test_join_with_a_number_as_name_is_400(
    api: APIClient, store: str, store_repo: MeetingRepository, ranged: Meeting
) -> None:
    # The schema says a string; a JSON number is a malformed body, as for titles.
    response = api.post(
        f"/v1/{store}/participants",
        {"meeting_url_code": ranged.url_code, "name": 42},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"name": ["Not a valid string."]}
    assert store_repo.meeting_get(url_code=ranged.url_code).participants == ()


def test_join_needs_the_date_range(
    api: APIClient, store: str, store_repo: MeetingRepository
) -> None:
    meeting = services.meeting_create(repo=store_repo, title="No dates yet")
    response = api.post(
        f"/v1/{store}/participants",
        {"meeting_url_code": meeting.url_code, "name": "Ann"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "start and end should be set."}
    assert _stored(meeting.url_code, store_repo) == meeting


@pytest.mark.parametrize("url_code", ["0" * 22, "nope", "x" * 300, " " * 22])
@pytest.mark.parametrize("name", ["Ann", "", "   ", "x" * 51, "A\x00nn", "A\nnn", "A\u202enn"])
def test_join_missing_meeting_is_reported_first(
    api: APIClient, store: str, url_code: str, name: str
) -> None:
    response = api.post(
        f"/v1/{store}/participants", {"meeting_url_code": url_code, "name": name}, format="json"
    )
    assert response.status_code == 404
    assert response.json() == {"detail": f"meeting with url_code: {url_code} not found"}


@pytest.mark.parametrize(
    ("taken", "shown"),
    [
        ("Ann", "Ann"),
        ("ANN", "ANN"),
        (" aNn  ", "aNn"),
        # Look-alikes (Unicode TS #39 skeletons): a Cyrillic A, full-width letters.
        ("\u0410nn", "\u0410nn"),
        ("\uff21\uff4e\uff4e", "\uff21\uff4e\uff4e"),
    ],
)
def test_join_with_a_taken_name_is_409(
    api: APIClient,
    store: str,
    store_repo: MeetingRepository,
    ranged: Meeting,
    taken: str,
    shown: str,
) -> None:
    join(api, store, ranged.url_code, "ann")
    before = _stored(ranged.url_code, store_repo)
    response = api.post(
        f"/v1/{store}/participants",
        {"meeting_url_code": ranged.url_code, "name": taken},
        format="json",
    )
    assert response.status_code == 409
    assert response.json() == {"detail": f"participant with name: {shown} already exists"}
    assert _stored(ranged.url_code, store_repo) == before


def test_same_name_in_another_meeting_is_fine(
    api: APIClient, store: str, store_repo: MeetingRepository, ranged: Meeting
) -> None:
    other = services.meeting_create(repo=store_repo, start_date=START, end_date=START)
    join(api, store, ranged.url_code, "Ann")
    body = join(api, store, other.url_code, "ANN")
    assert [p["name"] for p in body["meeting"]["participants"]] == ["ANN"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "name should not be blank"),
        ("   ", "name should not be blank"),
        ("\t\n ", "name should not be blank"),
        ("x" * 51, "name should be at most 50 characters"),
        (" " + "x" * 51, "name should be at most 50 characters"),
        ("A\x00nn", "name should not contain control characters"),
        ("A\tnn", "name should not contain control characters"),
        ("A\x7fnn", "name should not contain control characters"),
        ("A\u200enn", "name should not contain control characters"),
        ("A\u2028nn", "name should not contain control characters"),
        # Invisible characters: a name with one looks like the name without it.
        ("Ann\u034f", "name should not contain invisible characters"),
        ("Ann\ufe00", "name should not contain invisible characters"),
        ("Ann\u3164", "name should not contain invisible characters"),
        ("Ann\u2800", "name should not contain invisible characters"),
        ("\u115fAnn", "name should not contain invisible characters"),
    ],
)
def test_join_with_a_bad_name_is_400(
    api: APIClient,
    store: str,
    store_repo: MeetingRepository,
    ranged: Meeting,
    name: str,
    message: str,
) -> None:
    response = api.post(
        f"/v1/{store}/participants",
        {"meeting_url_code": ranged.url_code, "name": name},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"detail": message}
    assert _stored(ranged.url_code, store_repo) == ranged


CODE = "<the meeting's url_code>"


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (
            {},
            {"meeting_url_code": ["This field is required."], "name": ["This field is required."]},
        ),
        ({"name": "Ann"}, {"meeting_url_code": ["This field is required."]}),
        ({"meeting_url_code": CODE}, {"name": ["This field is required."]}),
        (
            {"meeting_url_code": None, "name": "Ann"},
            {"meeting_url_code": ["This field may not be null."]},
        ),
        (
            {"meeting_url_code": "", "name": "Ann"},
            {"meeting_url_code": ["This field may not be blank."]},
        ),
        ({"meeting_url_code": CODE, "name": None}, {"name": ["This field may not be null."]}),
        ({"meeting_url_code": CODE, "name": ["Ann"]}, {"name": ["Not a valid string."]}),
        ({"meeting_url_code": CODE, "name": {"first": "Ann"}}, {"name": ["Not a valid string."]}),
        ({"meeting_url_code": CODE, "name": True}, {"name": ["Not a valid string."]}),
    ],
)
def test_join_with_a_malformed_body_is_400(
    api: APIClient,
    store: str,
    store_repo: MeetingRepository,
    ranged: Meeting,
    body: dict[str, Any],
    errors: dict[str, list[str]],
) -> None:
    body = {key: ranged.url_code if value == CODE else value for key, value in body.items()}
    response = api.post(f"/v1/{store}/participants", body, format="json")
    assert response.status_code == 400
    assert response.json() == errors
    assert _stored(ranged.url_code, store_repo) == ranged


def test_join_with_a_lone_surrogate_is_400(
    api: APIClient, store: str, store_repo: MeetingRepository, ranged: Meeting
) -> None:
    # Valid JSON, but not text any store can hold.
    raw = '{"meeting_url_code": "' + ranged.url_code + '", "name": "A\\ud800"}'
    response = api.post(f"/v1/{store}/participants", raw, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"name": ["Surrogate characters are not allowed: U+D800."]}
    assert _stored(ranged.url_code, store_repo) == ranged


@pytest.mark.parametrize(("raw", "errors"), NOT_AN_OBJECT)
def test_join_with_a_body_that_is_not_an_object_is_400(
    api: APIClient,
    store: str,
    store_repo: MeetingRepository,
    ranged: Meeting,
    raw: str,
    errors: dict[str, Any],
) -> None:
    response = api.post(f"/v1/{store}/participants", raw, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == errors
    assert _stored(ranged.url_code, store_repo) == ranged


@pytest.mark.parametrize("raw", NOT_JSON)
def test_join_with_a_body_that_is_not_json_is_400(
    api: APIClient, store: str, store_repo: MeetingRepository, ranged: Meeting, raw: str
) -> None:
    response = api.post(f"/v1/{store}/participants", raw, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")
    assert _stored(ranged.url_code, store_repo) == ranged


def test_join_with_a_form_body_is_415(
    api: APIClient, store: str, store_repo: MeetingRepository, ranged: Meeting
) -> None:
    response = api.post(
        f"/v1/{store}/participants",
        f"meeting_url_code={ranged.url_code}&name=Ann",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 415
    assert response.json() == {
        "detail": 'Unsupported media type "application/x-www-form-urlencoded" in request.'
    }
    assert _stored(ranged.url_code, store_repo) == ranged


# --- leave -------------------------------------------------------------------------------------


def test_delete_answers_with_the_latest_meeting_and_removes_the_dates(
    api: APIClient, store: str, store_repo: MeetingRepository, ranged: Meeting
) -> None:
    ann = join(api, store, ranged.url_code, "Ann")
    bob = join(api, store, ranged.url_code, "Bob")
    _mark(api, store, "star", ranged.url_code, ann["participant_dates"][2]["id"])
    before = _get(api, store, ranged.url_code)
    response = api.delete(
        f"/v1/{store}/meetings/{ranged.url_code}/participants/{ann['participant_id']}"
    )
    assert response.status_code == 200
    body = response.json()
    assert [p["name"] for p in body["participants"]] == ["Bob"]
    assert body["participants"][0]["dates"] == bob["participant_dates"]
    got = _get(api, store, ranged.url_code)
    assert body == got.json()
    assert response["ETag"] == got["ETag"] != before["ETag"]
    stored = _stored(ranged.url_code, store_repo)
    assert [p.name for p in stored.participants] == ["Bob"]
    # Ann's dates are gone: none of them can be marked any more.
    for row in ann["participant_dates"]:
        gone = _mark(api, store, "on", ranged.url_code, row["id"])
        assert gone.status_code == 404
        assert gone.json() == {"detail": f"participant_date with id: {row['id']} not found"}
    assert _stored(ranged.url_code, store_repo) == stored


def test_delete_answers_with_others_changes_too(
    api: APIClient, store: str, store_repo: MeetingRepository, ranged: Meeting
) -> None:
    ann = join(api, store, ranged.url_code, "Ann")
    services.meeting_set_title(repo=store_repo, url_code=ranged.url_code, title="Moved")
    services.participant_create(repo=store_repo, url_code=ranged.url_code, name="Eve")
    body = api.delete(
        f"/v1/{store}/meetings/{ranged.url_code}/participants/{ann['participant_id']}"
    ).json()
    assert body["title"] == "Moved"
    assert [p["name"] for p in body["participants"]] == ["Eve"]


def test_delete_twice_is_404(
    api: APIClient, store: str, store_repo: MeetingRepository, ranged: Meeting
) -> None:
    ann = join(api, store, ranged.url_code, "Ann")
    join(api, store, ranged.url_code, "Bob")
    assert (
        api.delete(
            f"/v1/{store}/meetings/{ranged.url_code}/participants/{ann['participant_id']}"
        ).status_code
        == 200
    )
    before = _stored(ranged.url_code, store_repo)
    again = api.delete(
        f"/v1/{store}/meetings/{ranged.url_code}/participants/{ann['participant_id']}"
    )
    assert again.status_code == 404
    assert again.json() == {"detail": f"participant with id: {ann['participant_id']} not found"}
    assert _stored(ranged.url_code, store_repo) == before


@pytest.mark.parametrize(
    "participant_id",
    ["abc", "1.5", "1e3", "0x10", "9" * 30, "1;DROP", "%20", "1.0", "%201", "1%20", "+1"],
)
def test_delete_with_a_malformed_id_is_400(
    api: APIClient,
    store: str,
    store_repo: MeetingRepository,
    ranged: Meeting,
    participant_id: str,
) -> None:
    join(api, store, ranged.url_code, "Ann")
    before = _stored(ranged.url_code, store_repo)
    response = api.delete(f"/v1/{store}/meetings/{ranged.url_code}/participants/{participant_id}")
    assert response.status_code == 400
    assert set(response.json()) == {"participant_id"}
    if participant_id != "9" * 30:
        assert response.json() == {"participant_id": _id_error(store_repo)}
    assert _stored(ranged.url_code, store_repo) == before


def _mysql_ranged() -> Meeting:
    return services.meeting_create(
        repo=repository_for("mysql"), title="Team dinner", start_date=START, end_date=END
    )


def test_delete_unknown_int_id_is_404(api: APIClient) -> None:
    code = _mysql_ranged().url_code
    response = api.delete(f"/v1/mysql/meetings/{code}/participants/987654321")
    assert response.status_code == 404
    assert response.json() == {"detail": "participant with id: 987654321 not found"}
    huge = api.delete(f"/v1/mysql/meetings/{code}/participants/{2**63}")
    assert huge.status_code == 400
    assert huge.json() == {
        "participant_id": ["Ensure this value is less than or equal to 9223372036854775807."]
    }


# --- marking dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actions", "expected"),
    [
        (["on"], (True, False)),
        (["off"], (False, False)),
        (["star"], (True, True)),
        (["unstar"], (True, False)),
        (["off", "on"], (True, False)),
        (["off", "star"], (True, True)),
        (["off", "unstar"], (False, False)),
        (["off", "off"], (False, False)),
        (["star", "on"], (True, True)),
        (["star", "off"], (False, False)),
        (["star", "unstar"], (True, False)),
        (["star", "star"], (True, True)),
        (["star", "off", "on"], (True, False)),
        (["unstar", "unstar"], (True, False)),
    ],
)
def test_date_actions_through_the_api(
    api: APIClient,
    store: str,
    store_repo: MeetingRepository,
    ranged: Meeting,
    actions: list[str],
    expected: tuple[bool, bool],
) -> None:
    ann = join(api, store, ranged.url_code, "Ann")
    bob = join(api, store, ranged.url_code, "Bob")
    target = ann["participant_dates"][3]
    for action in actions:
        response = _mark(api, store, action, ranged.url_code, target["id"])
        assert response.status_code == 200, response.content
        assert response.json() == _get(api, store, ranged.url_code).json()
    body = response.json()
    rows = {row["id"]: row for p in body["participants"] for row in p["dates"]}
    assert (rows[target["id"]]["enabled"], rows[target["id"]]["starred"]) == expected
    untouched = [row for row_id, row in rows.items() if row_id != target["id"]]
    assert len(untouched) == 2 * len(DAYS) - 1
    assert all(row["enabled"] and not row["starred"] for row in untouched)
    assert body["participants"][1]["dates"] == bob["participant_dates"]
    stored = _stored(ranged.url_code, store_repo)
    row = next(r for r in stored.participants[0].dates if r.id == target["id"])
    assert (row.enabled, row.starred) == expected
    assert stored.version == ranged.version + 2 + len(actions)


@pytest.mark.parametrize("action", ACTIONS)
def test_marking_answers_with_others_changes(
    api: APIClient, store: str, store_repo: MeetingRepository, ranged: Meeting, action: str
) -> None:
    ann = join(api, store, ranged.url_code, "Ann")
    # Behind our back: a new title, and Eve joins and marks a date busy.
    services.meeting_set_title(repo=store_repo, url_code=ranged.url_code, title="Moved")
    eve, _ = services.participant_create(repo=store_repo, url_code=ranged.url_code, name="Eve")
    services.participant_date_mark(
        repo=store_repo,
        url_code=ranged.url_code,
        participant_date_id=eve.dates[0].id,
        action=DateAction.OFF,
    )
    response = _mark(api, store, action, ranged.url_code, ann["participant_dates"][0]["id"])
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Moved"
    assert [p["name"] for p in body["participants"]] == ["Ann", "Eve"]
    assert body["participants"][1]["dates"][0]["enabled"] is False
    assert body == _get(api, store, ranged.url_code).json()


@pytest.mark.parametrize("action", ACTIONS)
def test_a_date_of_another_meeting_is_404_and_untouched(
    api: APIClient, store: str, store_repo: MeetingRepository, ranged: Meeting, action: str
) -> None:
    theirs = services.meeting_create(repo=store_repo, start_date=START, end_date=END)
    join(api, store, ranged.url_code, "Ann")
    eve = join(api, store, theirs.url_code, "Eve")
    # Make their date differ from what every action would set, so a change would show.
    their_date = eve["participant_dates"][0]["id"]
    first = "off" if action in ("on", "star") else "star"
    assert _mark(api, store, first, theirs.url_code, their_date).status_code == 200
    mine_before = _stored(ranged.url_code, store_repo)
    theirs_before = _stored(theirs.url_code, store_repo)
    response = _mark(api, store, action, ranged.url_code, their_date)
    assert response.status_code == 404
    assert response.json() == {"detail": f"participant_date with id: {their_date} not found"}
    assert _stored(theirs.url_code, store_repo) == theirs_before
    assert _stored(ranged.url_code, store_repo) == mine_before


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("url_code", ["0" * 22, "nope"])
def test_marking_in_a_missing_meeting_is_404_first(
    api: APIClient,
    store: str,
    store_repo: MeetingRepository,
    ranged: Meeting,
    action: str,
    url_code: str,
) -> None:
    ann = join(api, store, ranged.url_code, "Ann")
    before = _stored(ranged.url_code, store_repo)
    for date_id in [ann["participant_dates"][0]["id"], before.participants[0].dates[1].id]:
        response = _mark(api, store, action, url_code, date_id)
        assert response.status_code == 404
        assert response.json() == {"detail": f"meeting with url_code: {url_code} not found"}
    assert _stored(ranged.url_code, store_repo) == before


@pytest.mark.parametrize("action", ACTIONS)
def test_marking_an_unknown_date_is_404(
    api: APIClient, store: str, store_repo: MeetingRepository, ranged: Meeting, action: str
) -> None:
    ann = join(api, store, ranged.url_code, "Ann")
    gone = ann["participant_dates"][0]["id"]
    api.delete(f"/v1/{store}/meetings/{ranged.url_code}/participants/{ann['participant_id']}")
    join(api, store, ranged.url_code, "Bob")
    before = _stored(ranged.url_code, store_repo)
    response = _mark(api, store, action, ranged.url_code, gone)
    assert response.status_code == 404
    assert response.json() == {"detail": f"participant_date with id: {gone} not found"}
    assert _stored(ranged.url_code, store_repo) == before


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize(
    "date_id",
    ["abc", "1.5", 1.5, "", None, True, [], {}, "0x10", "1e3", "1.0", 1.0, " 1", "1 ", "+1"],
)
def test_marking_with_a_malformed_id_is_400(
    api: APIClient,
    store: str,
    store_repo: MeetingRepository,
    ranged: Meeting,
    action: str,
    date_id: Any,
) -> None:
    join(api, store, ranged.url_code, "Ann")
    before = _stored(ranged.url_code, store_repo)
    response = _mark(api, store, action, ranged.url_code, date_id)
    assert response.status_code == 400
    assert set(response.json()) == {"participant_date_id"}
    assert _stored(ranged.url_code, store_repo) == before


def test_edgedb_ids_must_be_uuid_strings_even_without_a_server(api: APIClient) -> None:
    """Judged before the store is asked, so this holds whether or not Gel is up: an integer is
    not a UUID (DRF's UUIDField would read 12 as UUID(int=12))."""
    body = {"participant_date_id": 12, "meeting_url_code": "A" * 22}
    response = api.patch("/v1/edgedb/participant_dates/on", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"participant_date_id": ["Must be a valid UUID."]}


def test_marking_with_a_malformed_int_id_exact_messages(api: APIClient) -> None:
    ranged = _mysql_ranged()
    cases = [
        ("abc", "A valid integer is required."),
        (None, "This field may not be null."),
        ("", "A valid integer is required."),
        ("1.0", "A valid integer is required."),
        (1.0, "A valid integer is required."),
        (" 1", "A valid integer is required."),
        (True, "A valid integer is required."),
        (2**63, "Ensure this value is less than or equal to 9223372036854775807."),
    ]
    for date_id, message in cases:
        response = _mark(api, "mysql", "on", ranged.url_code, date_id)
        assert response.status_code == 400
        assert response.json() == {"participant_date_id": [message]}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"participant_date_id", "meeting_url_code"}),
        ({"participant_date_id": 1}, {"meeting_url_code"}),
        ({"meeting_url_code": "x"}, {"participant_date_id"}),
        ({"participant_date_id": 1, "meeting_url_code": None}, {"meeting_url_code"}),
        ({"participant_date_id": 1, "meeting_url_code": ["x"]}, {"meeting_url_code"}),
    ],
)
def test_marking_with_missing_fields_is_400(
    api: APIClient,
    store: str,
    store_repo: MeetingRepository,
    ranged: Meeting,
    action: str,
    body: dict[str, Any],
    fields: set[str],
) -> None:
    ann = join(api, store, ranged.url_code, "Ann")
    if "participant_date_id" in body:
        body = {**body, "participant_date_id": ann["participant_dates"][0]["id"]}
    before = _stored(ranged.url_code, store_repo)
    response = api.patch(f"/v1/{store}/participant_dates/{action}", body, format="json")
    assert response.status_code == 400
    assert set(response.json()) == fields
    assert _stored(ranged.url_code, store_repo) == before


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize(("raw", "errors"), NOT_AN_OBJECT)
def test_marking_with_a_body_that_is_not_an_object_is_400(
    api: APIClient,
    store: str,
    store_repo: MeetingRepository,
    ranged: Meeting,
    action: str,
    raw: str,
    errors: dict[str, Any],
) -> None:
    join(api, store, ranged.url_code, "Ann")
    before = _stored(ranged.url_code, store_repo)
    response = api.patch(
        f"/v1/{store}/participant_dates/{action}", raw, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == errors
    assert _stored(ranged.url_code, store_repo) == before


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("raw", NOT_JSON)
def test_marking_with_a_body_that_is_not_json_is_400(
    api: APIClient,
    store: str,
    store_repo: MeetingRepository,
    ranged: Meeting,
    action: str,
    raw: str,
) -> None:
    join(api, store, ranged.url_code, "Ann")
    before = _stored(ranged.url_code, store_repo)
    response = api.patch(
        f"/v1/{store}/participant_dates/{action}", raw, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")
    assert _stored(ranged.url_code, store_repo) == before


# --- versions and methods ----------------------------------------------------------------------


def test_etag_changes_after_every_participant_and_date_change(
    api: APIClient, store: str, store_repo: MeetingRepository, ranged: Meeting
) -> None:
    url = f"/v1/{store}/meetings/{ranged.url_code}"
    etags = [_get(api, store, ranged.url_code)["ETag"]]

    def check(response: Any) -> None:
        assert response.status_code in (200, 201), response.content
        etag = response["ETag"]
        assert etag not in etags
        assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
        assert api.get(url, HTTP_IF_NONE_MATCH=etags[-1]).status_code == 200
        etags.append(etag)

    ann = api.post(
        f"/v1/{store}/participants",
        {"meeting_url_code": ranged.url_code, "name": "Ann"},
        format="json",
    )
    check(ann)
    date_id = ann.json()["participant_dates"][0]["id"]
    # Every action, including ones that leave the date as it was, counts as a change.
    for action in ["on", "off", "off", "star", "unstar", "unstar", "on"]:
        check(_mark(api, store, action, ranged.url_code, date_id))
    check(
        api.delete(
            f"/v1/{store}/meetings/{ranged.url_code}/participants/{ann.json()['participant_id']}"
        )
    )
    assert len(etags) == 10
    assert _stored(ranged.url_code, store_repo).version == ranged.version + 9


def test_failed_changes_keep_the_etag(
    api: APIClient, store: str, store_repo: MeetingRepository, ranged: Meeting
) -> None:
    join(api, store, ranged.url_code, "Ann")
    etag = _get(api, store, ranged.url_code)["ETag"]
    assert (
        api.post(
            f"/v1/{store}/participants",
            {"meeting_url_code": ranged.url_code, "name": "ANN"},
            format="json",
        ).status_code
        == 409
    )
    assert (
        api.post(
            f"/v1/{store}/participants",
            {"meeting_url_code": ranged.url_code, "name": ""},
            format="json",
        ).status_code
        == 400
    )
    assert api.delete(f"/v1/{store}/meetings/{ranged.url_code}/participants/abc").status_code == 400
    assert _mark(api, store, "off", ranged.url_code, "abc").status_code == 400
    cached = api.get(f"/v1/{store}/meetings/{ranged.url_code}", HTTP_IF_NONE_MATCH=etag)
    assert cached.status_code == 304


def test_unknown_methods(api: APIClient, store: str, ranged: Meeting) -> None:
    ann = join(api, store, ranged.url_code, "Ann")
    assert api.get(f"/v1/{store}/participants").status_code == 405
    row = f"/v1/{store}/meetings/{ranged.url_code}/participants/{ann['participant_id']}"
    assert api.get(row).status_code == 405
    assert api.patch(row, {}).status_code == 405
    # The id-only route is gone: it named no meeting.
    before = _stored(ranged.url_code, repository_for(store))
    assert api.delete(f"/v1/{store}/participants/{ann['participant_id']}").status_code == 404
    assert _stored(ranged.url_code, repository_for(store)) == before
    for action in ACTIONS:
        url = f"/v1/{store}/participant_dates/{action}"
        assert api.get(url).status_code == 405
        assert api.post(url, {}, format="json").status_code == 405
        assert api.put(url, {}, format="json").status_code == 405
    assert api.patch(f"/v1/{store}/participant_dates/toggle", {}).status_code == 404


# --- query counts (MySQL) ----------------------------------------------------------------------


def _big_meeting(participants: int) -> Meeting:
    repo = repository_for("mysql")
    start = date(2026, 1, 1)
    meeting = services.meeting_create(
        repo=repo, title="Big", start_date=start, end_date=start + timedelta(days=62)
    )
    for number in range(participants):
        person, _ = services.participant_create(
            repo=repo, url_code=meeting.url_code, name=f"Person {number}"
        )
        services.participant_date_mark(
            repo=repo,
            url_code=meeting.url_code,
            participant_date_id=person.dates[number].id,
            action=DateAction.STAR,
        )
    return repo.meeting_get(url_code=meeting.url_code)


GET_MEETING_QUERIES = 2


def test_get_meeting_with_10_participants_by_63_dates_in_fixed_queries(
    api: APIClient, django_assert_num_queries: Any
) -> None:
    meeting = _big_meeting(10)
    assert sum(len(p.dates) for p in meeting.participants) == 10 * 63
    with django_assert_num_queries(GET_MEETING_QUERIES):
        response = api.get(f"/v1/mysql/meetings/{meeting.url_code}")
    body = response.json()
    assert [len(p["dates"]) for p in body["participants"]] == [63] * 10
    assert body["best_dates"] == ["2026-01-01", "2026-01-02", "2026-01-03"]


def test_get_empty_meeting_in_the_same_number_of_queries(
    api: APIClient, django_assert_num_queries: Any
) -> None:
    meeting = _big_meeting(0)
    with django_assert_num_queries(GET_MEETING_QUERIES):
        response = api.get(f"/v1/mysql/meetings/{meeting.url_code}")
    assert response.json()["participants"] == []


def test_joining_a_full_meeting_is_409_and_adds_nobody(
    api: APIClient, store: str, store_repo: MeetingRepository, ranged: Meeting, settings: Any
) -> None:
    """MEETINGS_MAX_PARTICIPANTS caps a meeting (issue 19, item 11), on every store."""
    settings.MEETINGS_MAX_PARTICIPANTS = 2
    join(api, store, ranged.url_code, "Ann")
    join(api, store, ranged.url_code, "Bob")
    full = _stored(ranged.url_code, store_repo)
    response = api.post(
        f"/v1/{store}/participants",
        {"meeting_url_code": ranged.url_code, "name": "Cy"},
        format="json",
    )
    assert response.status_code == 409
    assert response.json() == {
        "detail": "this meeting is full: it has 2 participants, the most allowed"
    }
    assert _stored(ranged.url_code, store_repo) == full
    settings.MEETINGS_MAX_PARTICIPANTS = 3
    join(api, store, ranged.url_code, "Cy")
