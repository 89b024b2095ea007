"""The password of a row on the pages (Django's test client, MySQL): set under "You are ...",
given under "Already joined? Choose your name" on another browser, which may then change the
row; and every way it is refused."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client, override_settings

from meetings import domain, services
from meetings.domain import Meeting
from meetings.repositories import repository_for
from meetings.tests.support.pages import field_errors, join, page_url, text
from meetings.tests.support.stored import stored

pytestmark = pytest.mark.django_db

START, END = date(2026, 12, 1), date(2026, 12, 3)
PASSWORD = "correct horse"
REFUSED = "That name and password do not match."


@pytest.fixture
def protected() -> Meeting:
    return services.meeting_create(
        repo=repository_for("mysql"),
        start_date=START,
        end_date=END,
        organizer_key=domain.key_new(),
    )


def _joined(meeting: Meeting, name: str = "Alice") -> tuple[Client, Any]:
    client = Client()
    assert join(client, meeting, name).status_code == 303
    [participant] = [p for p in stored(meeting).participants if p.name == name]
    return client, participant


def _set(
    client: Client, meeting: Meeting, password: str, *, remove: bool = False, **headers: Any
) -> Any:
    data = {"password": password, **({"remove": "on"} if remove else {})}
    return client.post(f"{page_url(meeting)}password", data, **headers)


def _choose(client: Client, meeting: Meeting, participant: Any, password: str = "") -> Any:
    return client.post(
        f"{page_url(meeting)}switch", {"participant": str(participant.id), "password": password}
    )


def _mark_off(client: Client, meeting: Meeting) -> Any:
    return client.post(f"{page_url(meeting)}mark", {"mark": f"{START.isoformat()}:off"})


def _free_on_start(meeting: Meeting, name: str) -> bool:
    [row] = [p for p in stored(meeting).participants if p.name == name]
    return row.dates[0].enabled


def test_a_password_set_here_lets_another_browser_edit_the_row(protected: Meeting) -> None:
    alice_here, alice = _joined(protected)
    page = text(alice_here.get(page_url(protected)))
    assert "Password for other devices" in page
    assert 'autocomplete="new-password"' in page
    response = _set(alice_here, protected, PASSWORD)
    assert response.status_code == 303
    assert "Your password is saved." in text(alice_here.get(page_url(protected)))

    there = Client()
    page = text(there.get(page_url(protected)))
    assert "enter their password if they set one" in page
    assert 'autocomplete="current-password"' in page
    response = _choose(there, protected, alice, PASSWORD)
    assert response.status_code == 303
    page = text(there.get(page_url(protected)))
    assert "You are Alice" in page
    assert PASSWORD not in page
    assert _mark_off(there, protected).status_code == 303
    assert _free_on_start(protected, "Alice") is False
    # The first browser (its personal link's key) still works, and its link is unchanged.
    assert (
        alice_here.post(
            f"{page_url(protected)}mark", {"mark": f"{START.isoformat()}:on"}
        ).status_code
        == 303
    )
    assert _free_on_start(protected, "Alice") is True


def test_a_wrong_password_is_refused_like_no_password_set(protected: Meeting) -> None:
    alice_here, alice = _joined(protected)
    _, bob = _joined(protected, "Bob")
    _set(alice_here, protected, PASSWORD)
    answers = []
    for who, password in ((alice, "wrong password"), (bob, PASSWORD), (alice, "x" * 500)):
        there = Client()
        response = _choose(there, protected, who, password)
        assert response.status_code == 403
        assert REFUSED in field_errors(response, "id_password")
        answers.append(field_errors(response, "id_password"))
        assert "Join this meeting" in text(there.get(page_url(protected)))
        assert _mark_off(there, protected).status_code == 400
    assert len(set(answers)) == 1
    assert _free_on_start(protected, "Alice") is True
    # Without a password the refusal is the one about keys, as before.
    response = _choose(Client(), protected, alice)
    assert response.status_code == 403
    assert "Only Alice or the organizer" in text(response)


def test_korean_pages_say_it_in_korean(protected: Meeting) -> None:
    alice_here, alice = _joined(protected)
    page = text(alice_here.get(page_url(protected), HTTP_ACCEPT_LANGUAGE="ko"))
    assert "다른 기기용 비밀번호" in page
    response = _set(alice_here, protected, "short", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 400
    assert "8자 이상 입력하세요." in field_errors(response, "id_row_password")
    _set(alice_here, protected, PASSWORD)
    response = Client().post(
        f"{page_url(protected)}switch",
        {"participant": str(alice.id), "password": "nope nope"},
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    assert response.status_code == 403
    assert "이름과 비밀번호가 맞지 않습니다." in field_errors(response, "id_password")


@override_settings(MEETINGS_RATE_KEY_FAILURES="2/h")
def test_refused_passwords_are_limited_and_past_it_none_is_tried(protected: Meeting) -> None:
    alice_here, alice = _joined(protected)
    _set(alice_here, protected, PASSWORD)
    guesser = Client()
    for _ in range(2):
        assert _choose(guesser, protected, alice, "guess guess").status_code == 403
    for guess in ("guess again", PASSWORD):
        over = _choose(guesser, protected, alice, guess)
        assert over.status_code == 429
        assert int(over["Retry-After"]) > 0
    assert "You are Alice" not in text(guesser.get(page_url(protected)))
    # Whoever holds the key is not held up.
    assert _mark_off(alice_here, protected).status_code == 303


@pytest.mark.parametrize(
    ("password", "message"),
    [("short", "Use at least 8 characters."), ("x" * 129, "Use at most 128 characters.")],
)
def test_bad_passwords_are_said_next_to_the_field(
    protected: Meeting, password: str, message: str
) -> None:
    alice_here, alice = _joined(protected)
    response = _set(alice_here, protected, password)
    assert response.status_code == 400
    assert message in field_errors(response, "id_row_password")
    assert (
        repository_for("mysql")
        .meeting_access(url_code=protected.url_code, participant_id=alice.id)
        .participant_password_hash
        is None
    )


def test_only_the_rows_own_key_sets_its_password(protected: Meeting) -> None:
    _, alice = _joined(protected)
    # A browser that is Alice without her key (an organizer acting on her row, say).
    organizer = Client()
    key = domain.key_new()
    services.meeting_organizer_key_issue(
        repo=repository_for("mysql"), url_code=protected.url_code, organizer_key=key
    )
    organizer.get(page_url(protected), {"key": key})
    assert _choose(organizer, protected, alice).status_code == 303
    page = text(organizer.get(page_url(protected)))
    assert "You are Alice" in page
    assert "Password for other devices" not in page
    response = _set(organizer, protected, PASSWORD)
    assert response.status_code == 403
    # Nobody joined: nothing to set.
    assert _set(Client(), protected, PASSWORD).status_code == 400
    assert (
        repository_for("mysql")
        .meeting_access(url_code=protected.url_code, participant_id=alice.id)
        .participant_password_hash
        is None
    )


def test_changing_and_removing_the_password_on_a_signed_in_browser(protected: Meeting) -> None:
    alice_here, alice = _joined(protected)
    _set(alice_here, protected, PASSWORD)
    there = Client()
    _choose(there, protected, alice, PASSWORD)
    # Changed from the browser that signed in with it: that browser keeps working.
    assert _set(there, protected, "battery staple").status_code == 303
    assert _mark_off(there, protected).status_code == 303
    assert _choose(Client(), protected, alice, PASSWORD).status_code == 403
    assert _choose(Client(), protected, alice, "battery staple").status_code == 303
    # Removed there: that browser is signed out of the row (its key ended with it).
    response = _set(there, protected, "", remove=True)
    assert response.status_code == 303
    page = text(there.get(page_url(protected)))
    assert "Your password is removed. This device had used it" in page
    assert _mark_off(there, protected).status_code == 403
    assert _choose(Client(), protected, alice, "battery staple").status_code == 403
    # The first browser never lost its key.
    assert _mark_off(alice_here, protected).status_code == 303


def test_the_hash_is_on_no_page(protected: Meeting) -> None:
    alice_here, alice = _joined(protected)
    _set(alice_here, protected, PASSWORD)
    stored_hash = (
        repository_for("mysql")
        .meeting_access(url_code=protected.url_code, participant_id=alice.id)
        .participant_password_hash
    )
    assert stored_hash
    for client in (alice_here, Client()):
        for url in (page_url(protected), f"{page_url(protected)}grid"):
            body = text(client.get(url, HTTP_MEETIFYR_FRAGMENT="1"))
            assert stored_hash not in body
            assert PASSWORD not in body


def test_passwords_are_hidden_from_error_reports(protected: Meeting) -> None:
    """Django's error reports (mailed to ADMINS, or DEBUG's page) show no password sent."""
    from django.test import RequestFactory
    from django.views.debug import SafeExceptionReporterFilter

    from meetings.web.views.participants import participant_switch_submit
    from meetings.web.views.passwords import participant_password_submit

    for view, path in (
        (participant_switch_submit, "switch"),
        (participant_password_submit, "password"),
    ):
        request = RequestFactory().post(
            f"{page_url(protected)}{path}", {"participant": "", "password": PASSWORD}
        )
        request.session = {}  # type: ignore[assignment]
        request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
        view(request, protected.url_code)
        cleaned = SafeExceptionReporterFilter().get_post_parameters(request)
        assert cleaned["password"] != PASSWORD
        assert set(cleaned["password"]) == {"*"}
