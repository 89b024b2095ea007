"""A row's password in the domain and the services (the in-memory store): its bounds, the key
it gives, who may set it, and that refusals all look and cost alike."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest
from django.contrib.auth import hashers
from django.test import override_settings

from meetings import domain, passwords, services
from meetings.domain import ParticipantId
from meetings.repositories.memory import InMemoryMeetingRepository

START, END = date(2026, 12, 1), date(2026, 12, 2)


def _setup() -> tuple[InMemoryMeetingRepository, str, str, dict[str, tuple[ParticipantId, str]]]:
    repo = InMemoryMeetingRepository()
    organizer = domain.key_new()
    code = services.meeting_create(
        repo=repo, start_date=START, end_date=END, organizer_key=organizer
    ).url_code
    people: dict[str, tuple[ParticipantId, str]] = {}
    for name in ("Ann", "Bob"):
        key = domain.key_new()
        participant, _ = services.participant_create(
            repo=repo, url_code=code, name=name, participant_key=key
        )
        people[name] = (participant.id, key)
    return repo, code, organizer, people


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("12345678", "12345678"),
        ("  spaces  ", "  spaces  "),
        ("".join(chr(ord(c) + 0xFEE0) for c in "password"), "password"),  # full-width Latin
        ("\u1100\u1161\u11a8" * 3, "\uac01" * 3),  # decomposed Hangul is 3, not 9, characters
        ("x" * 128, "x" * 128),
    ],
)
def test_password_clean_normalizes(raw: str, cleaned: str) -> None:
    if len(cleaned) < domain.MIN_PASSWORD_LENGTH:
        with pytest.raises(domain.InvalidPassword):
            domain.password_clean(raw)
        return
    assert domain.password_clean(raw) == cleaned


@pytest.mark.parametrize("raw", ["", "1234567", "x" * 129, "x" * 10_000])
def test_password_clean_refuses(raw: str) -> None:
    with pytest.raises(domain.InvalidPassword):
        domain.password_clean(raw)
    assert domain.password_candidate(raw) is None


def test_password_key_depends_on_every_part() -> None:
    base = {"url_code": "c" * 22, "participant_id": 1, "password_hash": "h1"}
    key = domain.password_key("secret", **base)  # type: ignore[arg-type]
    assert len(key) == 32
    assert key == domain.password_key(b"secret", **base)  # type: ignore[arg-type]
    for change in (
        {"url_code": "d" * 22},
        {"participant_id": 2},
        {"password_hash": "h2"},
    ):
        assert domain.password_key("secret", **{**base, **change}) != key  # type: ignore[arg-type]
    assert domain.password_key("other secret", **base) != key  # type: ignore[arg-type]


def test_set_and_sign_in_through_the_services() -> None:
    repo, code, organizer, people = _setup()
    ann_id, ann_key = people["Ann"]
    bob_id, bob_key = people["Bob"]
    kept = services.participant_password_set(
        repo=repo, url_code=code, participant_id=ann_id, password="correct horse", key=ann_key
    )
    assert kept == ann_key  # the own key is still the one to hold
    stored = repo.meeting_access(url_code=code, participant_id=ann_id).participant_password_hash
    assert stored is not None
    assert stored.startswith("md5$")  # the test settings' hasher: Django's, salted
    assert "correct horse" not in stored
    key = services.participant_sign_in(
        repo=repo, url_code=code, participant_id=ann_id, password="correct horse"
    )
    assert services.meeting_key_holder(repo=repo, url_code=code, key=key, participant_id=ann_id)
    assert not services.meeting_key_holder(repo=repo, url_code=code, key=key, participant_id=bob_id)
    services.participant_change_allowed(repo=repo, url_code=code, participant_id=ann_id, key=key)
    with pytest.raises(domain.KeyRefused):
        services.participant_change_allowed(
            repo=repo, url_code=code, participant_id=bob_id, key=key
        )
    # The organizer may change every row, but not set anyone's password.
    for other in (organizer, bob_key):
        with pytest.raises(domain.KeyRefused):
            services.participant_password_set(
                repo=repo, url_code=code, participant_id=ann_id, password="mine now!", key=other
            )
    # Changing it with the key it gave answers the new password's key.
    newer = services.participant_password_set(
        repo=repo, url_code=code, participant_id=ann_id, password="battery staple", key=key
    )
    assert newer is not None
    assert newer != key
    assert services.meeting_key_holder(repo=repo, url_code=code, key=newer, participant_id=ann_id)
    assert not services.meeting_key_holder(repo=repo, url_code=code, key=key, participant_id=ann_id)
    # Removing it with that key: nothing left to hold.
    assert (
        services.participant_password_set(
            repo=repo, url_code=code, participant_id=ann_id, password=None, key=newer
        )
        is None
    )
    assert (
        repo.meeting_access(url_code=code, participant_id=ann_id).participant_password_hash is None
    )


def test_no_password_costs_the_same_hashing_as_a_wrong_one() -> None:
    repo, code, _, people = _setup()
    ann_id, ann_key = people["Ann"]
    bob_id, _ = people["Bob"]
    services.participant_password_set(
        repo=repo, url_code=code, participant_id=ann_id, password="correct horse", key=ann_key
    )
    with mock.patch.object(passwords, "check_password", wraps=hashers.check_password) as check:
        for participant_id in (ann_id, bob_id):
            with pytest.raises(domain.PasswordRefused) as refused:
                services.participant_sign_in(
                    repo=repo, url_code=code, participant_id=participant_id, password="wrong one"
                )
            assert refused.value.message == domain.PASSWORD_REFUSED
    assert check.call_count == 2
    hashed = [call.args[1] for call in check.call_args_list]
    assert all(h.split("$")[0] == "md5" for h in hashed)  # the same hasher, the same work


@override_settings(
    PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"],
)
def test_production_hasher_is_pbkdf2() -> None:
    repo, code, _, people = _setup()
    ann_id, ann_key = people["Ann"]
    services.participant_password_set(
        repo=repo, url_code=code, participant_id=ann_id, password="correct horse", key=ann_key
    )
    stored = repo.meeting_access(url_code=code, participant_id=ann_id).participant_password_hash
    assert stored is not None
    assert stored.startswith("pbkdf2_sha256$")
