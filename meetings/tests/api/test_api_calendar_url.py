"""A calendar's secret address (``{"url": ...}``) read for a participant: a local test server
reached through ``MEETINGS_CALENDAR_TEST_ORIGIN`` only, and everything an attacker would point
the server at refused (server-side request forgery)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from meetings import busy_fetch, domain, services
from meetings.busy_fetch import (
    NOT_HTTPS,
    NOT_PUBLIC,
    TOO_MANY_REDIRECTS,
    UNREACHABLE,
    address_is_public,
    calendar_fetch,
)
from meetings.busy_import import busy_from_ics
from meetings.repositories import repository_for
from meetings.tests.support.api import join
from meetings.tests.support.calendar_server import Served, calendar_served
from meetings.tests.support.calendars import DENTIST, ics

pytestmark = pytest.mark.django_db

START, END = date(2027, 3, 1), date(2027, 3, 3)


def _ics() -> bytes:
    return ics(DENTIST)


@pytest.fixture
def served() -> Iterator[tuple[str, Served]]:
    with calendar_served(_ics()) as found:
        yield found


def _meeting(store: str) -> tuple[str, dict[str, Any]]:
    meeting = services.meeting_create(
        repo=repository_for(store), start_date=START, end_date=END, organizer_key=domain.key_new()
    )
    return meeting.url_code, join(APIClient(), store, meeting.url_code, "Ann")


def _post(store: str, code: str, who: dict[str, Any], url: str, key: str | None) -> Any:
    client = APIClient()
    if key is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client.post(
        f"/v1/{store}/meetings/{code}/participants/{who['participant_id']}/calendar"
        "?apply=busy&time_zone=Asia/Seoul",
        {"url": url},
        format="json",
    )


def test_a_calendar_address_is_read_and_applied(store: str, served: tuple[str, Served]) -> None:
    origin, state = served
    code, ann = _meeting(store)
    answer = _post(store, code, ann, f"{origin}/relative", ann["participant_key"])
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["busy"] == [
        {"date": "2027-03-02", "weekday": None, "from": "10:00", "to": "11:30", "tentative": False}
    ]
    assert [row["enabled"] for row in body["meeting"]["participants"][0]["dates"]] == [
        True,
        False,
        True,
    ]
    assert state.seen == ["/relative", "/cal.ics"]  # a redirect on the same server is followed


def test_nothing_is_fetched_for_a_request_without_the_key(
    store: str, served: tuple[str, Served]
) -> None:
    origin, state = served
    code, ann = _meeting(store)
    answer = _post(store, code, ann, f"{origin}/cal.ics", None)
    assert answer.status_code == 401
    assert state.seen == []


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/to-metadata", NOT_PUBLIC),  # a redirect to the cloud's metadata address
        ("/to-loopback", NOT_HTTPS),  # a redirect to another local port
        ("/loop", TOO_MANY_REDIRECTS),
        ("/missing.ics", "answered 404"),
    ],
)
def test_redirects_and_answers_that_lead_nowhere_good(
    store: str, served: tuple[str, Served], path: str, reason: str
) -> None:
    origin, _ = served
    code, ann = _meeting(store)
    answer = _post(store, code, ann, origin + path, ann["participant_key"])
    assert answer.status_code == 400
    assert reason in answer.json()["detail"]
    dates = APIClient().get(f"/v1/{store}/meetings/{code}").json()["participants"][0]["dates"]
    assert all(row["enabled"] for row in dates)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://127.0.0.1/cal.ics", NOT_PUBLIC),
        ("https://10.0.0.8/cal.ics", NOT_PUBLIC),
        ("https://192.168.1.1/cal.ics", NOT_PUBLIC),
        ("https://169.254.169.254/latest/meta-data", NOT_PUBLIC),
        ("https://[::1]/cal.ics", NOT_PUBLIC),
        ("https://[::ffff:127.0.0.1]/cal.ics", NOT_PUBLIC),
        ("https://[::ffff:a9fe:a9fe]/cal.ics", NOT_PUBLIC),  # 169.254.169.254, mapped
        ("https://localhost/cal.ics", NOT_PUBLIC),
        ("webcal://127.0.0.1/cal.ics", NOT_PUBLIC),
        ("http://calendar.example/cal.ics", NOT_HTTPS),
        ("ftp://calendar.example/cal.ics", NOT_HTTPS),
        ("file:///etc/passwd", NOT_HTTPS),
        ("https://calendar.example:8443/cal.ics", NOT_HTTPS),
        ("https://user:secret@calendar.example/cal.ics", NOT_HTTPS),
        ("https://calendar.example:99999/cal.ics", NOT_HTTPS),
        ("https:///cal.ics", NOT_HTTPS),
        ("x" * 3000, NOT_HTTPS),
    ],
)
def test_addresses_only_the_server_can_reach_are_refused(url: str, reason: str) -> None:
    with pytest.raises(domain.InvalidCalendar, match=reason):
        calendar_fetch(url)


def test_the_test_origin_is_the_only_way_to_a_local_server(served: tuple[str, Served]) -> None:
    origin, state = served
    assert calendar_fetch(f"{origin}/cal.ics") == _ics()
    with (
        override_settings(MEETINGS_CALENDAR_TEST_ORIGIN=None),
        pytest.raises(domain.InvalidCalendar, match=NOT_HTTPS),
    ):
        calendar_fetch(f"{origin}/cal.ics")
    assert state.seen == ["/cal.ics"]


def test_a_server_that_trickles_is_cut_off_at_the_deadline(
    served: tuple[str, Served], monkeypatch: pytest.MonkeyPatch
) -> None:
    origin, state = served
    monkeypatch.setattr(busy_fetch, "CONNECT_SECONDS", 0.5)
    monkeypatch.setattr(busy_fetch, "TOTAL_SECONDS", 1.0)
    with pytest.raises(domain.InvalidCalendar, match=UNREACHABLE):
        calendar_fetch(f"{origin}/drip")
    assert not state.dripping_done  # cut off, not waited out


def test_a_path_no_request_line_can_carry_is_refused_not_a_server_error(
    served: tuple[str, Served],
) -> None:
    origin, _ = served
    for url in (f"{origin}/caf\u00e9.ics", f"{origin}/to-unicode"):
        with pytest.raises(domain.InvalidCalendar, match=UNREACHABLE):
            calendar_fetch(url)


def test_a_repeating_event_that_would_take_long_to_expand_is_refused() -> None:
    every_second = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\n"
        b"DTSTART:20261201T000000Z\r\nDTEND:20261201T000001Z\r\nRRULE:FREQ=SECONDLY\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    start = datetime(2027, 1, 1, tzinfo=UTC)
    with pytest.raises(domain.InvalidCalendar, match="too often"):
        busy_from_ics(
            every_second, start=start, end=start + timedelta(days=1), zone=ZoneInfo("UTC")
        )


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
        ("64:ff9b::a9fe:a9fe", False),  # NAT64 of 169.254.169.254
        ("64:ff9b:1::a00:1", False),
        ("::127.0.0.1", False),  # IPv4-compatible
        ("::ffff:0:7f00:1", False),  # IPv4-translated
        ("2002:7f00:1::", False),  # 6to4 of 127.0.0.1
        ("2001:0:4136:e378::1", False),  # Teredo
        ("fec0::1", False),  # site-local
        ("2001:db8::1", False),
        ("127.0.0.1", False),
        ("100.64.0.1", False),  # shared address space
        ("::ffff:10.0.0.1", False),
        ("fe80::1%eth0", False),
        ("224.0.0.1", False),
    ],
)
def test_which_addresses_are_public(address: str, public: bool) -> None:
    assert address_is_public(address) is public


def test_an_address_whose_calendar_is_over_two_megabytes_is_refused(
    served: tuple[str, Served],
) -> None:
    origin, state = served
    assert busy_fetch.MAX_FETCH_BYTES == 2 * 1024 * 1024  # the bound for a fetch
    big = b"X" * (busy_fetch.MAX_FETCH_BYTES + 1)  # an uploaded file may be this large
    state.routes["/big.ics"] = (200, {"Content-Type": "text/calendar"}, big)
    with pytest.raises(domain.InvalidCalendar, match="larger than 2 MB"):
        calendar_fetch(f"{origin}/big.ics")
    state.routes["/fits.ics"] = (200, {}, big[:-1])
    assert len(calendar_fetch(f"{origin}/fits.ics")) == busy_fetch.MAX_FETCH_BYTES
