"""A weekly meeting's decision in calendars, on every store: ``event.ics`` is one weekly series
(``RRULE:FREQ=WEEKLY;BYDAY=..``) from the first date it happens on, in the meeting's zone with
its VTIMEZONE, or all-day without times; parsed back with ``icalendar`` and expanded with
``recurring_ical_events`` as a calendar app would. Deciding again, reopening and deleting
behave as for dated meetings."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import icalendar
import pytest
import recurring_ical_events
from rest_framework.test import APIClient

from meetings import domain, services
from meetings.repositories import repository_for

pytestmark = pytest.mark.django_db

MON, WED, FRI = 1, 3, 5
SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def _weekly(store: str, *, zone: str | None = "Asia/Seoul", key: str | None = None) -> str:
    window = None
    if zone is not None:
        window = services.time_window(
            start_time="17:00", end_time="21:00", slot_minutes=30, time_zone=zone
        )
    meeting = services.meeting_create(
        repo=repository_for(store),
        title="Game night",
        location="Hongdae",
        weekdays=[MON, WED, FRI],
        window=window,
        organizer_key=key,
    )
    return meeting.url_code


def _decide(store: str, code: str, day: dt.date | None, **times: Any) -> domain.Meeting:
    return services.meeting_set_final(
        repo=repository_for(store), url_code=code, day=day, key=times.pop("key", None), **times
    )


def _ics(store: str, code: str) -> icalendar.Calendar:
    answer = APIClient().get(f"/v1/{store}/meetings/{code}/event.ics")
    assert answer.status_code == 200, answer.content
    assert answer["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(answer.content)
    assert isinstance(calendar, icalendar.Calendar)
    return calendar


def _event(calendar: icalendar.Calendar) -> icalendar.Event:
    [event] = calendar.walk("VEVENT")
    assert isinstance(event, icalendar.Event)
    return event


def _starts(calendar: icalendar.Calendar, first: dt.date, last: dt.date) -> list[Any]:
    """The occurrences' starts from ``first`` to ``last``, as a calendar app expands them."""
    occurrences = recurring_ical_events.of(calendar).between(first, last)
    return sorted(occurrence.decoded("DTSTART") for occurrence in occurrences)


def test_a_timed_weekly_decision_is_a_weekly_series_in_the_meetings_zone(store: str) -> None:
    code = _weekly(store)
    decided = _decide(store, code, dt.date(2027, 1, 6), weekday=WED, start="18:00", end="19:30")
    assert decided.final is not None
    calendar = _ics(store, code)
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Asia/Seoul"]
    event = _event(calendar)
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=WE"  # no UNTIL, no COUNT: no end
    assert event["DTSTART"].params["TZID"] == "Asia/Seoul"
    assert event["DTEND"].params["TZID"] == "Asia/Seoul"
    assert event.decoded("DTSTART") == dt.datetime(2027, 1, 6, 18, 0, tzinfo=SEOUL)
    assert event.decoded("DTEND") == dt.datetime(2027, 1, 6, 19, 30, tzinfo=SEOUL)
    assert str(event["UID"]) == f"meeting-{code}@meetifyr"
    assert event.decoded("DTSTAMP") == decided.final.decided_at
    assert int(event.decoded("SEQUENCE")) == 0
    assert str(event["SUMMARY"]) == "Game night"
    assert str(event["LOCATION"]) == "Hongdae"
    # Every Wednesday from the first date, never before it.
    assert _starts(calendar, dt.date(2026, 12, 1), dt.date(2027, 1, 28)) == [
        dt.datetime(2027, 1, day, 18, 0, tzinfo=SEOUL) for day in (6, 13, 20, 27)
    ]


def test_the_series_keeps_its_wall_time_across_clock_changes_for_years(store: str) -> None:
    """The meeting's clock decides: 18:00 in New York in winter and in summer. The VTIMEZONE
    describes the zone for the series' years, not only the first one's (a calendar reading it
    instead of its own zone data would otherwise shift every summer meeting by an hour)."""
    code = _weekly(store, zone="America/New_York")
    _decide(store, code, dt.date(2027, 3, 1), weekday=MON, start="18:00", end="19:00")
    calendar = _ics(store, code)
    event = _event(calendar)
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=MO"
    starts = _starts(calendar, dt.date(2027, 3, 1), dt.date(2027, 3, 23))
    assert starts == [dt.datetime(2027, 3, day, 18, 0, tzinfo=NEW_YORK) for day in (1, 8, 15, 22)]
    assert [start.utcoffset() for start in starts] == [
        dt.timedelta(hours=h) for h in (-5, -5, -4, -4)
    ]
    [zone] = calendar.walk("VTIMEZONE")
    assert isinstance(zone, icalendar.Timezone)
    described = zone.to_tz(lookup_tzid=False)  # the VTIMEZONE alone, not the TZID's zone
    for year in (2027, 2035, 2045):
        summer = dt.datetime(year, 7, 2, 18, 0, tzinfo=described)
        winter = dt.datetime(year, 12, 3, 18, 0, tzinfo=described)
        assert (summer.utcoffset(), winter.utcoffset()) == (
            dt.timedelta(hours=-4),
            dt.timedelta(hours=-5),
        ), year


def test_a_weekly_decision_without_times_is_an_all_day_series(store: str) -> None:
    code = _weekly(store, zone=None)
    _decide(store, code, dt.date(2027, 1, 8), weekday=FRI)
    calendar = _ics(store, code)
    assert calendar.walk("VTIMEZONE") == []
    event = _event(calendar)
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=FR"
    assert event["DTSTART"].params.get("VALUE") == "DATE"
    assert event.decoded("DTSTART") == dt.date(2027, 1, 8)
    assert event.decoded("DTEND") == dt.date(2027, 1, 9)
    assert _starts(calendar, dt.date(2027, 1, 1), dt.date(2027, 1, 23)) == [
        dt.date(2027, 1, 8),
        dt.date(2027, 1, 15),
        dt.date(2027, 1, 22),
    ]


def test_deciding_again_reopening_and_deleting_as_for_dated_meetings(store: str) -> None:
    key = domain.key_new()
    code = _weekly(store, key=key)
    ics = f"/v1/{store}/meetings/{code}/event.ics"
    assert APIClient().get(ics).status_code == 404  # no decision yet
    _decide(store, code, dt.date(2027, 1, 6), weekday=WED, start="18:00", end="19:00", key=key)
    assert int(_event(_ics(store, code)).decoded("SEQUENCE")) == 0
    # Another weekday: the same event (UID) replaced, its rule too.
    _decide(store, code, dt.date(2027, 1, 11), weekday=MON, start="19:00", end="20:00", key=key)
    event = _event(_ics(store, code))
    assert int(event.decoded("SEQUENCE")) == 1
    assert str(event["UID"]) == f"meeting-{code}@meetifyr"
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=MO"
    assert event.decoded("DTSTART") == dt.datetime(2027, 1, 11, 19, 0, tzinfo=SEOUL)
    _decide(store, code, None, key=key)  # reopened: no file
    answer = APIClient().get(ics)
    assert answer.status_code == 404
    assert answer.json() == {"detail": f"meeting with url_code: {code} has no final date yet"}
    _decide(store, code, dt.date(2027, 1, 8), weekday=FRI, start="17:00", end="18:00", key=key)
    assert int(_event(_ics(store, code)).decoded("SEQUENCE")) == 2
    services.meeting_delete(repo=repository_for(store), url_code=code, key=key)
    assert APIClient().get(ics).status_code == 404


def test_through_the_api_end_to_end(store: str) -> None:
    """Made and decided over HTTP as a client would: the weekdays, then the recurring decision
    (``weekday`` and ``starts_on``); the file is the series, and gone once reopened."""
    created = APIClient().post(f"/v1/{store}/meetings", {"title": "Study group"}, format="json")
    assert created.status_code == 201, created.content
    code = created.json()["url_code"]
    organizer = APIClient()
    organizer.credentials(HTTP_AUTHORIZATION=f"Bearer {created.json()['organizer_key']}")
    url = f"/v1/{store}/meetings/{code}"
    days: dict[str, Any] = {"weekdays": [2, 4], "start_time": "19:00", "end_time": "21:00"}
    days |= {"slot_minutes": 30, "time_zone": "Europe/Berlin"}
    assert organizer.patch(f"{url}/date_range", days, format="json").status_code == 200
    pick = {"weekday": 4, "starts_on": "2027-03-25", "start": "19:30", "end": "21:00"}
    assert organizer.patch(f"{url}/final", pick, format="json").status_code == 200
    calendar = _ics(store, code)
    event = _event(calendar)
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=TH"
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    assert event.decoded("DTSTART") == dt.datetime(2027, 3, 25, 19, 30, tzinfo=berlin)
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    # Berlin moves its clocks on 28 March 2027: still 19:30 there, an hour less after in UTC.
    starts = _starts(calendar, dt.date(2027, 3, 20), dt.date(2027, 4, 2))
    assert starts == [
        dt.datetime(2027, 3, 25, 19, 30, tzinfo=berlin),
        dt.datetime(2027, 4, 1, 19, 30, tzinfo=berlin),
    ]
    assert [s.utcoffset() for s in starts] == [dt.timedelta(hours=1), dt.timedelta(hours=2)]
    assert organizer.patch(f"{url}/final", {"final": None}, format="json").status_code == 200
    assert APIClient().get(f"{url}/event.ics").status_code == 404
