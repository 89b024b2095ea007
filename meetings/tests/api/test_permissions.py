"""Who may change what, through the API on every store: the whole permission table.

Every change (a participant's date, removing the participant, title, location, date range,
the final date, editing mode, deleting the meeting) is tried with every kind of key - none,
another participant's, another meeting's organizer key, a malformed one, the participant's own,
the organizer's - on a protected meeting, an open one and one stored before keys existed. Each
cell asserts the status, the exact message and, when refused, that nothing stored changed; when
allowed, that the change was made.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from rest_framework.test import APIClient

from meetings import domain, services
from meetings.domain import Meeting
from meetings.repositories import MeetingRepository, repository_for
from meetings.tests.support.api import join

pytestmark = pytest.mark.django_db

START, END = date(2026, 12, 1), date(2026, 12, 7)

PROTECTED, OPEN, LEGACY = "protected", "open", "stored before keys"
KINDS = [PROTECTED, OPEN, LEGACY]
NO_KEY, OTHER_PARTICIPANT, OTHER_MEETING, MALFORMED, OWN, ORGANIZER = (
    "no key",
    "another participant's key",
    "another meeting's organizer key",
    "a malformed key",
    "the participant's key",
    "the organizer key",
)
KEYS = [NO_KEY, OTHER_PARTICIPANT, OTHER_MEETING, MALFORMED, OWN, ORGANIZER]
ROW_ACTIONS = ["mark", "delete"]
SETTINGS_ACTIONS = ["title", "location", "date_range", "schedule", "final"]
ORGANIZER_ACTIONS = ["editing", "delete_meeting"]  # the organizer key, whatever the mode
ACTIONS = [*ROW_ACTIONS, *SETTINGS_ACTIONS, *ORGANIZER_ACTIONS]


@dataclass
class World:
    """The meeting under test (Alice and Bob in it) and another, protected meeting."""

    store: str
    repo: MeetingRepository
    meeting: Meeting
    keys: dict[str, str | None] = field(default_factory=dict)
    alice_id: Any = None
    alice_date_id: Any = None


def _world(store: str, kind: str, *, with_range: bool) -> World:
    """The meeting of ``kind``; without a range (for the date range cells) nobody can join."""
    repo = repository_for(store)
    api = APIClient()
    organizer_key = None if kind == LEGACY else domain.key_new()
    meeting = services.meeting_create(
        repo=repo,
        title="Dinner",
        location="Seoul",
        start_date=START if with_range else None,
        end_date=END if with_range else None,
        organizer_key=organizer_key,
    )
    if kind == OPEN:
        services.meeting_set_editing(
            repo=repo, url_code=meeting.url_code, editing=domain.Editing.OPEN, key=organizer_key
        )
    other_key = domain.key_new()
    services.meeting_create(repo=repo, title="Elsewhere", organizer_key=other_key)
    world = World(store, repo, meeting)
    world.keys = {
        NO_KEY: None,
        OTHER_MEETING: other_key,
        MALFORMED: "not a key!\u00e9" * 3,
        ORGANIZER: organizer_key,
    }
    if with_range:
        alice = join(api, store, meeting.url_code, "Alice")
        bob = join(api, store, meeting.url_code, "Bob")
        world.alice_id = alice["participant_id"]
        world.alice_date_id = alice["participant_dates"][0]["id"]
        world.keys[OWN] = alice["participant_key"]
        world.keys[OTHER_PARTICIPANT] = bob["participant_key"]
    world.meeting = repo.meeting_get(url_code=meeting.url_code)
    return world


def _request(world: World, action: str, key: str | None) -> Any:
    api = APIClient()
    if key is not None:
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    base = f"/v1/{world.store}"
    code = world.meeting.url_code
    if action == "mark":
        body = {"participant_date_id": world.alice_date_id, "meeting_url_code": code}
        return api.patch(f"{base}/participant_dates/off", body, format="json")
    if action == "delete":
        return api.delete(f"{base}/meetings/{code}/participants/{world.alice_id}")
    if action == "title":
        return api.patch(f"{base}/meetings/{code}/title", {"title": "Changed"}, format="json")
    if action == "location":
        return api.patch(f"{base}/meetings/{code}/location", {"location": "Busan"}, format="json")
    if action == "date_range":
        body = {"start_date": "2027-01-04", "end_date": "2027-01-08"}
        return api.patch(f"{base}/meetings/{code}/date_range", body, format="json")
    if action == "schedule":
        body = {"start_date": "2026-12-03", "end_date": "2026-12-09"}
        return api.put(f"{base}/meetings/{code}/schedule", body, format="json")
    if action == "final":
        body = {"date": "2026-12-03", "note": "Bring snacks"}
        return api.patch(f"{base}/meetings/{code}/final", body, format="json")
    if action == "delete_meeting":
        return api.delete(f"{base}/meetings/{code}")
    if action == "editing":
        flipped = "protected" if world.meeting.editing is domain.Editing.OPEN else "open"
        return api.patch(f"{base}/meetings/{code}/editing", {"editing": flipped}, format="json")
    raise AssertionError(action)


def _changed(world: World, action: str) -> Callable[[Meeting | None], bool]:
    """Whether ``action`` was applied to the stored meeting (``None``: it is gone)."""
    if action == "delete_meeting":
        return lambda m: m is None
    checks: dict[str, Callable[[Meeting], bool]] = {
        "mark": lambda m: (
            not next(
                row
                for p in m.participants
                for row in p.dates
                if str(row.id) == str(world.alice_date_id)
            ).enabled
        ),
        "delete": lambda m: [p.name for p in m.participants] == ["Bob"],
        "title": lambda m: m.title == "Changed",
        "location": lambda m: m.location == "Busan",
        "date_range": lambda m: m.start_date == date(2027, 1, 4),
        "schedule": lambda m: m.end_date == date(2026, 12, 9),
        "final": lambda m: (
            m.final is not None
            and (m.final.day, m.final.note) == (date(2026, 12, 3), "Bring snacks")
        ),
        "editing": lambda m: m.editing is not world.meeting.editing,
    }
    return lambda m: m is not None and checks[action](m)


def expected(kind: str, action: str, key: str) -> tuple[int, str | None]:
    """The permission table: the status and exact ``detail`` of each cell."""
    organizer_only = action in ORGANIZER_ACTIONS or (
        action in SETTINGS_ACTIONS and kind == PROTECTED
    )
    if organizer_only:
        if key == NO_KEY:
            return 401, domain.ORGANIZER_KEY_REQUIRED
        if key == ORGANIZER and kind != LEGACY:
            return 200, None
        return 403, domain.ORGANIZER_KEY_REFUSED
    if kind != PROTECTED:  # open, and meetings stored before keys: anyone with the link
        return 200, None
    if key == NO_KEY:
        return 401, domain.ROW_KEY_REQUIRED
    if key in (OWN, ORGANIZER):
        return 200, None
    return 403, domain.ROW_KEY_REFUSED


def _cells() -> list[Any]:
    cells = []
    for kind in KINDS:
        for action in ACTIONS:
            for key in KEYS:
                if action == "date_range" and key in (OWN, OTHER_PARTICIPANT):
                    continue  # nobody can join before the range is set: no participant keys
                if kind == LEGACY and key == ORGANIZER:
                    continue  # meetings stored before keys have no organizer key
                cells.append(pytest.param(kind, action, key, id=f"{kind}-{action}-{key}"))
    return cells


@pytest.mark.parametrize(("kind", "action", "key"), _cells())
def test_permission_table(store: str, kind: str, action: str, key: str) -> None:
    world = _world(store, kind, with_range=action != "date_range")
    before = world.repo.meeting_get(url_code=world.meeting.url_code)
    response = _request(world, action, world.keys[key])
    status, message = expected(kind, action, key)
    if action == "delete_meeting" and status == 200:
        status = 204
    assert response.status_code == status, response.content
    try:
        after: Meeting | None = world.repo.meeting_get(url_code=world.meeting.url_code)
    except domain.MeetingNotFound:
        after = None
    if message is None:
        assert _changed(world, action)(after)
        if after is None:
            assert response.content == b""
            get = APIClient().get(f"/v1/{store}/meetings/{world.meeting.url_code}")
            assert get.status_code == 404
            return
        assert after.version > before.version
        assert response.json()["url_code"] == world.meeting.url_code
        assert response.json()["editing"] == after.editing.value
    else:
        assert response.json() == {"detail": message}
        assert after == before
        if status == 401:
            assert response["WWW-Authenticate"] == "Bearer"


def test_the_table_has_every_outcome() -> None:
    """The table above is not all-allowed or all-refused: each outcome occurs."""
    outcomes = {expected(*cell.values) for cell in _cells()}
    assert outcomes == {
        (200, None),
        (401, domain.ORGANIZER_KEY_REQUIRED),
        (403, domain.ORGANIZER_KEY_REFUSED),
        (401, domain.ROW_KEY_REQUIRED),
        (403, domain.ROW_KEY_REFUSED),
    }


# --- the scheme itself --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "authorization",
    ["Basic YWxpY2U6c2VjcmV0", "Token abc", "Bearer", "bearer   ", ""],
)
def test_no_bearer_key_is_401(store: str, authorization: str) -> None:
    """Any Authorization that is not a bearer key (an empty one included) counts as no key."""
    world = _world(store, PROTECTED, with_range=True)
    api = APIClient()
    response = api.patch(
        f"/v1/{store}/meetings/{world.meeting.url_code}/title",
        {"title": "Changed"},
        format="json",
        HTTP_AUTHORIZATION=authorization,
    )
    assert response.status_code == 401
    assert response.json() == {"detail": domain.ORGANIZER_KEY_REQUIRED}
    assert response["WWW-Authenticate"] == "Bearer"
    assert world.repo.meeting_get(url_code=world.meeting.url_code) == world.meeting


def test_the_lowercase_scheme_and_spaces_are_fine(store: str) -> None:
    world = _world(store, PROTECTED, with_range=True)
    response = APIClient().patch(
        f"/v1/{store}/meetings/{world.meeting.url_code}/title",
        {"title": "Changed"},
        format="json",
        HTTP_AUTHORIZATION=f"bearer  {world.keys[ORGANIZER]} ",
    )
    assert response.status_code == 200, response.content


def test_a_digest_is_not_a_key(store: str) -> None:
    """What the store holds cannot be replayed as the key."""
    world = _world(store, PROTECTED, with_range=True)
    digest = world.meeting.organizer_key_digest
    assert digest is not None
    assert digest == domain.key_digest(str(world.keys[ORGANIZER]))
    response = APIClient().patch(
        f"/v1/{store}/meetings/{world.meeting.url_code}/title",
        {"title": "Changed"},
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {digest}",
    )
    assert response.status_code == 403
    assert world.repo.meeting_get(url_code=world.meeting.url_code) == world.meeting


def test_keys_appear_only_in_the_answer_that_made_them(store: str) -> None:
    """Never in a GET, an error, or another change's answer."""
    world = _world(store, PROTECTED, with_range=True)
    code = world.meeting.url_code
    api = APIClient()
    keys = [k for k in world.keys.values() if k and k != world.keys[MALFORMED]]
    answers = [
        api.get(f"/v1/{store}/meetings/{code}"),
        _request(world, "mark", world.keys[OWN]),
        _request(world, "title", world.keys[ORGANIZER]),
        _request(world, "title", world.keys[OTHER_PARTICIPANT]),
        _request(world, "mark", None),
    ]
    digests = [domain.key_digest(str(k)) for k in keys]
    for answer in answers:
        for secret in [*keys, *digests]:
            assert secret.encode() not in answer.content


# --- walking ids from outside -------------------------------------------------------------------


def test_walking_ids_finds_no_url_code_and_changes_nothing(store: str) -> None:
    """A stranger with a meeting of their own tries every participant route on ids around the
    victim's: without a url_code, with their own and with a made-up one, with their own
    organizer key or none. No answer names the victim's meeting, and nothing of it changes."""
    repo = repository_for(store)
    api = APIClient()
    victim_key = domain.key_new()
    victim = services.meeting_create(
        repo=repo, title="Victim", start_date=START, end_date=END, organizer_key=victim_key
    )
    people = [join(api, store, victim.url_code, name) for name in ("Ann", "Ben")]
    mine_key = domain.key_new()
    mine = services.meeting_create(
        repo=repo, title="Mine", start_date=START, end_date=END, organizer_key=mine_key
    )
    join(api, store, mine.url_code, "Me")
    before = repo.meeting_get(url_code=victim.url_code)

    participant_ids: list[Any] = [p["participant_id"] for p in people]
    date_ids: list[Any] = [row["id"] for p in people for row in p["participant_dates"]]
    if repo.id_kind == "int":  # ids that count up: every neighbour too
        participant_ids = list(range(min(participant_ids) - 3, max(participant_ids) + 4))
        date_ids = list(range(min(date_ids) - 3, max(date_ids) + 4))
    else:
        participant_ids.append(str(uuid.uuid4()))
        date_ids.append(str(uuid.uuid4()))
    made_up = "Z" * 22
    answers = []
    for key in (None, mine_key):
        stranger = APIClient()
        if key:
            stranger.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        for pid in participant_ids:
            answers.append(stranger.delete(f"/v1/{store}/participants/{pid}"))  # id-only: gone
            answers.append(stranger.delete(f"/v1/{store}/meetings//participants/{pid}"))
            for code in (mine.url_code, made_up):
                answers.append(stranger.delete(f"/v1/{store}/meetings/{code}/participants/{pid}"))
        for date_id in date_ids:
            for action in ("off", "star"):
                url = f"/v1/{store}/participant_dates/{action}"
                answers.append(stranger.patch(url, {"participant_date_id": date_id}, format="json"))
                for code in (mine.url_code, made_up):
                    body = {"participant_date_id": date_id, "meeting_url_code": code}
                    answers.append(stranger.patch(url, body, format="json"))
    assert len(answers) > 50
    for answer in answers:
        assert victim.url_code.encode() not in answer.content, answer.content
        assert answer.status_code in (200, 400, 401, 403, 404), answer.content
    assert repo.meeting_get(url_code=victim.url_code) == before


# --- the schema -----------------------------------------------------------------------------------

KEYED = {
    ("patch", "/meetings/{url_code}/date_range"),
    ("patch", "/meetings/{url_code}/title"),
    ("patch", "/meetings/{url_code}/location"),
    ("patch", "/meetings/{url_code}/final"),
    ("patch", "/meetings/{url_code}/deadline"),
    ("put", "/meetings/{url_code}/schedule"),
    ("delete", "/meetings/{url_code}/participants/{participant_id}"),
    ("patch", "/meetings/{url_code}/participants/{participant_id}/marks"),
    ("post", "/meetings/{url_code}/participants/{participant_id}/calendar"),
    *{
        ("patch", f"/participant_dates/{action}")
        for action in ("on", "off", "star", "unstar", "ifneedbe")
    },
}


def test_openapi_declares_the_bearer_key_per_operation(store: str) -> None:
    schema = APIClient().get("/openapi.json").json()
    assert schema["components"]["securitySchemes"]["meetingKey"]["type"] == "http"
    assert schema["components"]["securitySchemes"]["meetingKey"]["scheme"] == "bearer"
    seen = set()
    for path, operations in schema["paths"].items():
        prefix = f"/v1/{store}"
        if not path.startswith(prefix + "/"):
            continue
        for method, operation in operations.items():
            route = (method, path.removeprefix(prefix))
            seen.add(route)
            security = operation.get("security", [{}])
            if route in {
                ("patch", "/meetings/{url_code}/editing"),
                ("delete", "/meetings/{url_code}"),
            }:
                assert security == [{"meetingKey": []}]  # always the organizer key
                assert {"401", "403", "429"} <= set(operation["responses"])
            elif route[1].endswith("/password"):  # the participant's own key, always
                assert security == [{"meetingKey": []}]
                assert {"401", "403", "429"} <= set(operation["responses"])
            elif route in KEYED:
                assert security == [{"meetingKey": []}, {}]  # a key on protected meetings
                assert {"401", "403", "429"} <= set(operation["responses"])
            else:
                assert security == [{}], route  # reading, creating, joining: no key
                assert "401" not in operation["responses"]
    assert seen >= KEYED | {("delete", "/meetings/{url_code}")}
