"""The keys cookie (meetings.web.identity) stays within what a browser keeps: one browser that
created meetings and joined ten people to each never gets a cookie past 4096 bytes, loses the
oldest meetings' keys first, and always keeps the organizer key of the meeting it just made."""

from __future__ import annotations

import pytest
from django.test import Client

from meetings.tests.support.pages import join, page_url, text
from meetings.web import identity

pytestmark = pytest.mark.django_db

BROWSER_LIMIT = 4096  # bytes of "name=value" a browser keeps of one cookie


def _create(client: Client, title: str) -> str:
    response = client.post(
        "/", {"title": title, "start_date": "2026-12-01", "end_date": "2026-12-07"}
    )
    assert response.status_code == 303
    return str(response["Location"].split("/")[2])


def _cookie_size(client: Client) -> int:
    return len(client.cookies[identity.KEYS_COOKIE].OutputString().split(";")[0].encode())


def test_the_keys_cookie_never_outgrows_a_browser_and_keeps_the_newest_meeting() -> None:
    client = Client()
    codes: list[str] = []
    sizes: list[int] = []
    for number in range(8):
        codes.append(_create(client, f"Meeting {number}"))
        sizes.append(_cookie_size(client))
        for person in range(10):
            assert join(client, codes[-1], f"Person {number}-{person}").status_code == 303
            sizes.append(_cookie_size(client))
    assert max(sizes) <= BROWSER_LIMIT
    # Without the bound the cookie would hold all 88 keys: far past what a browser keeps.
    newest = _create(client, "The newest")
    assert _cookie_size(client) <= BROWSER_LIMIT
    # Its creator has its manage link, and so do the most recent meetings; the oldest went.
    assert "manage-url" in text(client.get(page_url(newest)))
    assert "manage-url" in text(client.get(page_url(codes[-1])))
    assert "manage-url" not in text(client.get(page_url(codes[0])))


def test_one_meeting_with_many_keys_keeps_its_organizer_key_and_the_newest_person() -> None:
    client = Client()
    code = _create(client, "Big")
    for person in range(120):
        assert join(client, code, f"Person number {person}").status_code == 303
    assert _cookie_size(client) <= BROWSER_LIMIT
    page = text(client.get(page_url(code)))
    assert "manage-url" in page
    assert "You are Person number 119" in page
