"""A participant's optional password through the API, on both stores: setting it with the own
key only, signing in with it, and what an attacker gets (nothing but the same refusal)."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from meetings import domain, services
from meetings.repositories import repository_for
from meetings.tests.support.api import join

pytestmark = pytest.mark.django_db

START, END = date(2026, 12, 1), date(2026, 12, 3)
PASSWORD = "correct horse"


def _meeting(store: str) -> tuple[str, str]:
    organizer_key = domain.key_new()
    meeting = services.meeting_create(
        repo=repository_for(store), start_date=START, end_date=END, organizer_key=organizer_key
    )
    return meeting.url_code, organizer_key


def _client(key: str | None = None) -> APIClient:
    client = APIClient()
    if key is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def _base(store: str, code: str, participant_id: Any) -> str:
    return f"/v1/{store}/meetings/{code}/participants/{participant_id}"


def _set(store: str, code: str, who: dict[str, Any], password: Any, key: str | None = "own") -> Any:
    sent = who["participant_key"] if key == "own" else key
    return _client(sent).put(
        _base(store, code, who["participant_id"]) + "/password",
        {"password": password},
        format="json",
    )


def _sign_in(store: str, code: str, participant_id: Any, password: Any) -> Any:
    return _client().post(
        _base(store, code, participant_id) + "/session", {"password": password}, format="json"
    )


def _mark(store: str, code: str, participant_id: Any, key: str) -> Any:
    return _client(key).patch(
        _base(store, code, participant_id) + "/marks",
        {"marks": [{"date": START.isoformat(), "action": "off"}]},
        format="json",
    )


def test_set_then_sign_in_then_edit_the_row(store: str, api: APIClient) -> None:
    code, _ = _meeting(store)
    ann = join(api, store, code, "Ann")
    response = _set(store, code, ann, PASSWORD)
    assert response.status_code == 204, response.content
    assert response["Cache-Control"] == "no-store"

    signed_in = _sign_in(store, code, ann["participant_id"], PASSWORD)
    assert signed_in.status_code == 200, signed_in.content
    assert signed_in["Cache-Control"] == "no-store"
    body = signed_in.json()
    assert body["participant_id"] == ann["participant_id"]
    new_key = body["participant_key"]
    assert new_key != ann["participant_key"]
    assert len(new_key) == 32
    # The same key for every sign-in while the password stands; both keys work.
    assert (
        _sign_in(store, code, ann["participant_id"], PASSWORD).json()["participant_key"] == new_key
    )
    assert _mark(store, code, ann["participant_id"], new_key).status_code == 200
    assert _mark(store, code, ann["participant_id"], ann["participant_key"]).status_code == 200
    # It changes nobody else's row.
    bob = join(api, store, code, "Bob")
    assert _mark(store, code, bob["participant_id"], new_key).status_code == 403


def test_changing_or_removing_the_password_ends_the_old_ones_keys(
    store: str, api: APIClient
) -> None:
    code, _ = _meeting(store)
    ann = join(api, store, code, "Ann")
    _set(store, code, ann, PASSWORD)
    old_key = _sign_in(store, code, ann["participant_id"], PASSWORD).json()["participant_key"]
    assert _set(store, code, ann, "another secret").status_code == 204
    assert _mark(store, code, ann["participant_id"], old_key).status_code == 403
    assert _sign_in(store, code, ann["participant_id"], PASSWORD).status_code == 403
    newer = _sign_in(store, code, ann["participant_id"], "another secret").json()["participant_key"]
    assert newer != old_key
    # A key the password gave may change the password too (the owner proved it), then stops.
    assert _set(store, code, ann, "third secret", key=newer).status_code == 204
    assert _mark(store, code, ann["participant_id"], newer).status_code == 403

    removed = _client(ann["participant_key"]).delete(
        _base(store, code, ann["participant_id"]) + "/password"
    )
    assert removed.status_code == 204
    assert _sign_in(store, code, ann["participant_id"], "third secret").status_code == 403
    # The key from joining (the personal link) never stopped working.
    assert _mark(store, code, ann["participant_id"], ann["participant_key"]).status_code == 200


def test_only_the_participants_own_key_sets_its_password(store: str, api: APIClient) -> None:
    code, organizer_key = _meeting(store)
    ann = join(api, store, code, "Ann")
    bob = join(api, store, code, "Bob")
    other_code, _ = _meeting(store)
    stranger = join(api, store, other_code, "Cy")
    no_key = _set(store, code, ann, PASSWORD, key=None)
    assert no_key.status_code == 401
    assert no_key["WWW-Authenticate"] == "Bearer"
    assert no_key.json() == {"detail": domain.OWN_KEY_REQUIRED}
    for key in (bob["participant_key"], organizer_key, stranger["participant_key"], "garbage"):
        refused = _set(store, code, ann, PASSWORD, key=key)
        assert refused.status_code == 403, key
        assert refused.json() == {"detail": domain.OWN_KEY_REFUSED}
    # Nothing was set: signing in is refused.
    assert _sign_in(store, code, ann["participant_id"], PASSWORD).status_code == 403
    # Even on an open meeting a password is the person's own.
    _client(organizer_key).patch(f"/v1/{store}/meetings/{code}/editing", {"editing": "open"})
    assert _set(store, code, ann, PASSWORD, key=None).status_code == 401
    assert _set(store, code, ann, PASSWORD, key=bob["participant_key"]).status_code == 403


@pytest.mark.parametrize(
    ("password", "status", "detail"),
    [
        ("short", 400, {"detail": domain.PASSWORD_TOO_SHORT}),
        ("", 400, {"detail": domain.PASSWORD_TOO_SHORT}),
        ("x" * 129, 400, {"detail": domain.PASSWORD_TOO_LONG}),
        ("x" * 100_000, 400, {"detail": domain.PASSWORD_TOO_LONG}),
        (12345678, 400, None),
        (None, 400, None),
        (["a" * 8], 400, None),
    ],
)
def test_bad_passwords_are_refused_before_the_keys_check(
    store: str, api: APIClient, password: Any, status: int, detail: Any
) -> None:
    code, _ = _meeting(store)
    ann = join(api, store, code, "Ann")
    for key in ("own", "another key"):  # the same answer with a wrong key: input comes first
        response = _set(store, code, ann, password, key=key)
        assert response.status_code == status, response.content
        if detail is not None:
            assert response.json() == detail
    # Without any key the request is refused before its input is judged.
    assert _set(store, code, ann, password, key=None).status_code == 401


def test_where_the_participant_is_not_found(store: str, api: APIClient) -> None:
    code, _ = _meeting(store)
    other_code, _ = _meeting(store)
    ann = join(api, store, code, "Ann")
    theirs = join(api, store, other_code, "Cy")
    _set(store, other_code, theirs, PASSWORD)
    # Another meeting's participant, by its own key or password: not found here.
    wrong = dict(theirs)
    assert _set(store, code, wrong, PASSWORD).status_code == 404
    assert _sign_in(store, code, theirs["participant_id"], PASSWORD).status_code == 404
    assert _sign_in(store, "0" * 22, ann["participant_id"], PASSWORD).status_code == 404
    assert _sign_in(store, code, "not-an-id!", PASSWORD).status_code in (400, 404)
    garbage = _client().post(
        _base(store, code, ann["participant_id"]) + "/session", "{", content_type="application/json"
    )
    assert garbage.status_code == 400
    assert (
        _client()
        .post(_base(store, code, ann["participant_id"]) + "/session", {}, format="json")
        .status_code
        == 400
    )


def test_a_wrong_password_and_no_password_answer_alike(store: str, api: APIClient) -> None:
    code, _ = _meeting(store)
    ann = join(api, store, code, "Ann")
    bob = join(api, store, code, "Bob")
    _set(store, code, ann, PASSWORD)
    answers = [
        _sign_in(store, code, ann["participant_id"], "wrong password"),
        _sign_in(store, code, ann["participant_id"], PASSWORD.upper()),
        _sign_in(store, code, ann["participant_id"], "x" * 129),
        _sign_in(store, code, ann["participant_id"], ""),
        _sign_in(store, code, bob["participant_id"], PASSWORD),  # Bob has none
        _sign_in(store, code, bob["participant_id"], "wrong password"),
    ]
    for answer in answers:
        assert answer.status_code == 403
        assert answer.json() == {"detail": domain.PASSWORD_REFUSED}
        assert "WWW-Authenticate" not in answer
    assert len({a.content for a in answers}) == 1


@override_settings(MEETINGS_RATE_KEY_FAILURES="3/h")
def test_refused_passwords_are_limited_and_past_the_limit_none_is_tried(
    store: str, api: APIClient
) -> None:
    code, _ = _meeting(store)
    ann = join(api, store, code, "Ann")
    _set(store, code, ann, PASSWORD)
    for _ in range(2):
        assert _sign_in(store, code, ann["participant_id"], "guess guess").status_code == 403
    # A wrong key counts against the same limit.
    assert _mark(store, code, ann["participant_id"], domain.key_new()).status_code == 403
    for guess in ("guess again", PASSWORD):  # past it, even the right one: no oracle
        over = _sign_in(store, code, ann["participant_id"], guess)
        assert over.status_code == 429
        assert int(over["Retry-After"]) > 0
    # Whoever holds a key is not held up.
    assert _mark(store, code, ann["participant_id"], ann["participant_key"]).status_code == 200


@override_settings(MEETINGS_RATE_KEY_FAILURES="3/h")
def test_right_passwords_do_not_count(store: str, api: APIClient) -> None:
    code, _ = _meeting(store)
    ann = join(api, store, code, "Ann")
    _set(store, code, ann, PASSWORD)
    for _ in range(5):
        assert _sign_in(store, code, ann["participant_id"], PASSWORD).status_code == 200


def test_the_password_and_its_hash_appear_in_no_answer_or_log(
    store: str, api: APIClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    code, _ = _meeting(store)
    ann = join(api, store, code, "Ann")
    _set(store, code, ann, PASSWORD)
    stored = (
        repository_for(store)
        .meeting_access(url_code=code, participant_id=ann["participant_id"])
        .participant_password_hash
    )
    assert stored is not None
    assert PASSWORD not in stored
    answers = [
        api.get(f"/v1/{store}/meetings/{code}").content,
        _sign_in(store, code, ann["participant_id"], "wrong password").content,
        _mark(store, code, ann["participant_id"], ann["participant_key"]).content,
        api.get("/openapi.json").content,
    ]
    for text in [*answers, caplog.text.encode()]:
        assert PASSWORD.encode() not in text
        assert stored.encode() not in text
        assert b"password_hash" not in text
        assert b"has_password" not in text


def test_openapi_declares_the_password_operations(store: str) -> None:
    schema = APIClient().get("/openapi.json").json()
    path = f"/v1/{store}/meetings/{{url_code}}/participants/{{participant_id}}"
    password = schema["paths"][path + "/password"]
    assert password["put"]["operationId"].endswith("participant_password_set")
    assert password["delete"]["operationId"].endswith("participant_password_remove")
    for operation in (password["put"], password["delete"]):
        assert operation["security"] == [{"meetingKey": []}]
        assert {"204", "401", "403", "404", "429"} <= set(operation["responses"])
    session = schema["paths"][path + "/session"]["post"]
    assert session["operationId"].endswith("participant_session")
    assert session.get("security", [{}]) == [{}]
    assert {"200", "403", "404", "429"} <= set(session["responses"])
