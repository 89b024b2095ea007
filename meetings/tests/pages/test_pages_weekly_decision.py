"""A weekly meeting's decision on the pages (MySQL): said as a weekly series ("Every Wednesday,
18:00–19:00, from 6 January 2027"), in the zone the page shows (where the weekday may change),
in English and Korean; its Google link recurs, Outlook's cannot (the card says to use the
calendar file); the page's ``event.ics`` is the series, gone when reopened.

The decision's card is rendered as the meeting page includes it (``decision_build`` and
``meetings/_decision.html``, for a request with the viewer's cookies and language): a weekly
meeting's grids are built separately (issue 20, item 6)."""

from __future__ import annotations

import html
import re
from datetime import date, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import translation

from meetings import domain, services
from meetings.repositories import repository_for
from meetings.tests.support.pages import page_url
from meetings.web import zones
from meetings.web.decision import decision_build

pytestmark = pytest.mark.django_db

MON, WED, FRI = 1, 3, 5
OUTLOOK_HINT = (
    "For Outlook, download the .ics file and open it in Outlook: its own “add” link cannot "
    "repeat an event every week."
)


def _weekly(*, times: tuple[str, str] | None = ("17:00", "21:00"), key: str | None = None) -> str:
    window = None
    if times is not None:
        window = services.time_window(
            start_time=times[0], end_time=times[1], slot_minutes=30, time_zone="Asia/Seoul"
        )
    meeting = services.meeting_create(
        repo=repository_for("mysql"),
        title="Game night",
        weekdays=[MON, WED, FRI],
        window=window,
        organizer_key=key,
    )
    return meeting.url_code


def _decide(code: str, day: date | None, **times: Any) -> None:
    services.meeting_set_final(
        repo=repository_for("mysql"), url_code=code, day=day, key=times.pop("key", None), **times
    )


def _card(code: str, *, zone: str | None = None, language: str = "en") -> str:
    """The decision's card as the meeting page shows it to a viewer in ``zone``."""
    factory = RequestFactory()
    if zone is not None:
        factory.cookies[zones.ZONE_COOKIE] = zone
    request = factory.get(page_url(code))
    meeting = services.meeting_get(repo=repository_for("mysql"), url_code=code)
    with translation.override(language):
        decision = decision_build(request, meeting)
        assert decision is not None
        context = {"decision": decision, "meeting": meeting, "can_edit_settings": False}
        return html.unescape(render_to_string("meetings/_decision.html", context, request))


def _heading(card: str) -> str:
    found = re.search(r'<h2 id="decision-heading" class="decision-when">(.*?)</h2>', card, re.S)
    assert found is not None
    return found.group(1)


def _link(card: str, name: str) -> str | None:
    found = re.search(rf'<a class="button[^"]*" href="([^"]+)"[^>]*id="{name}-link"', card)
    return found.group(1) if found else None


def test_a_timed_weekly_decision_reads_as_a_weekly_series() -> None:
    code = _weekly()
    _decide(code, date(2027, 1, 6), weekday=WED, start="18:00", end="19:30")
    card = _card(code)
    assert _heading(card) == "Every Wednesday, 18:00–19:30, from 6 January 2027 (Asia/Seoul)"
    assert "2001" not in card  # the reference week never shows


def test_a_weekly_decision_without_times() -> None:
    code = _weekly(times=None)
    _decide(code, date(2027, 1, 8), weekday=FRI)
    assert _heading(_card(code)) == "Every Friday, from 8 January 2027"


def test_in_another_zone_the_weekday_and_first_date_are_that_zones() -> None:
    """Monday 09:00 in Seoul is Sunday 16:00 in Los Angeles: the series is said on the clock
    the page shows, from the first occurrence's date there."""
    code = _weekly(times=("08:00", "12:00"))
    _decide(code, date(2027, 1, 11), weekday=MON, start="09:00", end="10:00")
    assert _heading(_card(code, zone="America/Los_Angeles")) == (
        "Every Sunday, 16:00–17:00, from 10 January 2027 (America/Los Angeles)"
    )


def test_across_midnight_in_another_zone_both_weekdays_are_said() -> None:
    code = _weekly(times=("15:00", "19:00"))
    _decide(code, date(2027, 1, 6), weekday=WED, start="16:00", end="18:00")
    assert _heading(_card(code, zone="America/Los_Angeles")) == (
        "Every Tuesday, 23:00 – Wednesday, 01:00, from 5 January 2027 (America/Los Angeles)"
    )


def test_the_weekly_decision_in_korean() -> None:
    timed, all_day = _weekly(), _weekly(times=None)
    _decide(timed, date(2027, 1, 6), weekday=WED, start="18:00", end="19:00")
    _decide(all_day, date(2027, 1, 8), weekday=FRI)
    card = _card(timed, language="ko")
    assert _heading(card) == "2027년 1월 6일부터 매주 수요일 18:00–19:00 (Asia/Seoul)"
    assert "Outlook에서는 .ics 파일을 내려받아" in card
    assert _heading(_card(all_day, language="ko")) == "2027년 1월 8일부터 매주 금요일"


def test_the_google_link_recurs_and_outlook_is_pointed_to_the_file() -> None:
    code = _weekly()
    _decide(code, date(2027, 1, 6), weekday=WED, start="18:00", end="19:00")
    card = _card(code)
    google = _link(card, "google")
    assert google is not None
    assert google.startswith("https://calendar.google.com/calendar/render?")
    query = parse_qs(urlsplit(google).query)
    assert query["recur"] == ["RRULE:FREQ=WEEKLY;BYDAY=WE"]
    assert query["dates"] == ["20270106T180000/20270106T190000"]  # the first occurrence
    assert query["ctz"] == ["Asia/Seoul"]
    # Outlook's link cannot repeat an event: none, and the page says what to do instead.
    assert _link(card, "outlook") is None
    assert OUTLOOK_HINT in card
    assert '<p class="decision-kicker">The weekly time</p>' in card
    assert f'href="{page_url(code)}event.ics" download id="ics-link"' in card


def test_a_dated_decision_keeps_its_outlook_link_and_no_hint() -> None:
    day = date(2027, 1, 6)
    meeting = services.meeting_create(
        repo=repository_for("mysql"), title="Dinner", start_date=day, end_date=day
    )
    _decide(meeting.url_code, day)
    card = _card(meeting.url_code)
    assert _link(card, "outlook") is not None
    assert "recur" not in parse_qs(urlsplit(_link(card, "google") or "").query)
    assert OUTLOOK_HINT not in card
    assert '<p class="decision-kicker">The final date</p>' in card
    assert _heading(card) == "Meeting on Wed Jan 6"


def test_the_pages_calendar_file_is_the_series_and_goes_when_reopened() -> None:
    key = domain.key_new()
    code = _weekly(key=key)
    _decide(code, date(2027, 1, 6), weekday=WED, start="18:00", end="19:00", key=key)
    response = Client().get(f"{page_url(code)}event.ics")
    assert response.status_code == 200
    [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=WE"
    assert event.decoded("DTSTART") == datetime(2027, 1, 6, 18, 0, tzinfo=ZoneInfo("Asia/Seoul"))
    assert str(event["URL"]) == f"http://testserver{page_url(code)}"
    _decide(code, None, key=key)
    assert Client().get(f"{page_url(code)}event.ics").status_code == 404
    reopened = services.meeting_get(repo=repository_for("mysql"), url_code=code)
    assert decision_build(RequestFactory().get(page_url(code)), reopened) is None
