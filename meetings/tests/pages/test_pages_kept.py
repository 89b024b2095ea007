"""The meeting fragment kept per version and viewer (views.meeting_grid): one indexed read per
refetch, never stale, never someone else's, with a working CSRF token, and no key kept."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from meetings import domain, services
from meetings.domain import Meeting
from meetings.repositories import repository_for

pytestmark = pytest.mark.django_db

FRAGMENT = {"Meetifyr-Fragment": "1"}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def organizer_key() -> str:
    return domain.key_new()


@pytest.fixture
def meeting(organizer_key: str) -> Meeting:
    repo = repository_for("mysql")
    created = services.meeting_create(
        repo=repo,
        title="Kept dinner",
        start_date=date(2026, 12, 1),
        end_date=date(2026, 12, 7),
        organizer_key=organizer_key,
    )
    services.participant_create(repo=repo, url_code=created.url_code, name="Ann")
    return created


def _grid(client: Client, meeting: Meeting) -> Any:
    response = client.get(f"/meetings/{meeting.url_code}/grid", headers=FRAGMENT)
    assert response.status_code == 200
    return response


def _without_token(html: str) -> str:
    return TOKEN.sub("TOKEN", html)


def test_a_nobody_refetch_costs_one_read_and_is_the_same_fragment(
    meeting: Meeting, django_assert_num_queries: Any
) -> None:
    first = _grid(Client(), meeting)
    client = Client()
    with django_assert_num_queries(1):
        kept = _grid(client, meeting)
    assert _without_token(kept.content.decode()) == _without_token(first.content.decode())
    assert kept["ETag"] == first["ETag"]
    assert kept["Cache-Control"] == "no-store, private"
    # The token put in is this browser's: joining with it works.
    token = TOKEN.search(kept.content.decode())
    assert token is not None
    assert token.group(1) not in first.content.decode()
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = client.cookies
    joined = strict.post(
        f"/meetings/{meeting.url_code}/join",
        {"name": "Bo", "csrfmiddlewaretoken": token.group(1)},
    )
    assert joined.status_code == 303


def test_a_change_is_seen_at_once(meeting: Meeting) -> None:
    _grid(Client(), meeting)
    repo = repository_for("mysql")
    services.participant_create(repo=repo, url_code=meeting.url_code, name="Newcomer")
    assert "Newcomer" in _grid(Client(), meeting).content.decode()


def test_someones_fragment_is_never_kept_for_nobody(meeting: Meeting, organizer_key: str) -> None:
    organizer = Client()
    opened = organizer.get(f"/meetings/{meeting.url_code}/", {"key": organizer_key})
    assert opened.status_code == 303
    own = _grid(organizer, meeting).content.decode()
    assert organizer_key in own  # the organizer's manage link
    joined = Client()
    joined.post(f"/meetings/{meeting.url_code}/join", {"name": "Cy"})
    assert "You are Cy" in _grid(joined, meeting).content.decode()
    nobody = _grid(Client(), meeting).content.decode()
    assert organizer_key not in nobody
    assert "You are Cy" not in nobody
    assert "Join this meeting" in nobody
    # And the other way round: what nobody was sent is not given to those who are someone.
    assert organizer_key in _grid(organizer, meeting).content.decode()
    assert "You are Cy" in _grid(joined, meeting).content.decode()


def test_each_language_gets_its_own(meeting: Meeting) -> None:
    assert "Join this meeting" in _grid(Client(), meeting).content.decode()
    korean = Client(headers={"Accept-Language": "ko"})
    for _ in range(2):  # rendered, then kept
        html = _grid(korean, meeting).content.decode()
        assert "모임에 참여하기" in html
        assert "Join this meeting" not in html
    assert "Join this meeting" in _grid(Client(), meeting).content.decode()


def test_someones_refetch_costs_one_read_and_keeps_no_key(
    meeting: Meeting, organizer_key: str, django_assert_num_queries: Any
) -> None:
    from django.core.cache import caches

    organizer = Client()
    organizer.get(f"/meetings/{meeting.url_code}/", {"key": organizer_key})
    joined = Client()
    joined.post(f"/meetings/{meeting.url_code}/join", {"name": "Cy"})
    first_own = _grid(organizer, meeting).content.decode()
    first_cy = _grid(joined, meeting).content.decode()
    personal = re.search(r'id="personal-url"[^>]*value="([^"]+)"', first_cy)
    assert personal is not None
    cy_key = personal.group(1).rsplit("key=", 1)[1]
    with django_assert_num_queries(1):  # the organizer's key is in a cookie: the version only
        own = _grid(organizer, meeting).content.decode()
    with django_assert_num_queries(2):  # who Cy is sits in the session: its read, the version
        cy = _grid(joined, meeting).content.decode()
    assert _without_token(own) == _without_token(first_own)
    assert organizer_key in own
    assert _without_token(cy) == _without_token(first_cy)
    assert cy_key in cy
    assert "You are Cy" in cy
    # What the cache holds names neither key.
    store = caches["meetings"]
    kept = b"".join(
        value[1]
        for value in (store.get(k.split(":", 2)[-1]) for k in list(store._cache))  # type: ignore[attr-defined]
        if isinstance(value, tuple)
    )
    assert kept
    assert organizer_key.encode() not in kept
    assert cy_key.encode() not in kept


def test_a_wrong_key_gets_its_own_fragment(meeting: Meeting, organizer_key: str) -> None:
    organizer = Client()
    organizer.get(f"/meetings/{meeting.url_code}/", {"key": organizer_key})
    assert organizer_key in _grid(organizer, meeting).content.decode()
    impostor = Client()
    impostor.get(f"/meetings/{meeting.url_code}/", {"key": domain.key_new()})
    html = _grid(impostor, meeting).content.decode()
    assert organizer_key not in html
    assert 'id="manage-url"' not in html


def test_a_zone_cookie_that_names_no_zone_shares_the_fragment_of_none(
    meeting: Meeting, django_assert_num_queries: Any
) -> None:
    """Junk ``meetifyr_tz`` values are ignored, not a fragment each (issue 19, item 11): after
    one render for a browser without a zone, every junk value is served the kept fragment."""
    _grid(Client(), meeting)
    for junk in ("Not/AZone", "x" * 200, "Asia/Seoul/../../etc", "UTC%E2%80%8B"):
        browser = Client()
        browser.cookies["meetifyr_tz"] = junk
        with django_assert_num_queries(1):  # the version read only: nothing rendered
            _grid(browser, meeting)
    seoul = Client()
    seoul.cookies["meetifyr_tz"] = "Asia/Seoul"
    with CaptureQueriesContext(connection) as rendered:  # a real zone is a viewer of its own
        _grid(seoul, meeting)
    assert len(rendered) > 1
