"""Busy intervals from a calendar file (``meetings/busy_import.py``) and which dates and slots
they overlap (``meetings/domain/busy.py``), with real iCalendar files the tests write."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from meetings import domain, services
from meetings.busy_import import MAX_CALENDAR_BYTES, busy_from_ics
from meetings.domain import (
    Busy,
    BusyInterval,
    InvalidCalendar,
    busy_dates,
    busy_slots,
    meeting_span,
)

SEOUL = ZoneInfo("Asia/Seoul")
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
SPAN = (datetime(2027, 3, 1, tzinfo=UTC), datetime(2027, 4, 30, tzinfo=UTC))


def _calendar(*events: icalendar.Event, wr_timezone: str | None = None) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Meetifyr tests//EN")
    calendar.add("version", "2.0")
    if wr_timezone is not None:
        calendar.add("x-wr-timezone", wr_timezone)
    for event in events:
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def _event(uid: str, start: object, end: object | None = None, **props: object) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("summary", f"Secret meeting {uid}")
    event.add("dtstamp", datetime(2027, 1, 1, tzinfo=UTC))
    event.add("dtstart", start)
    if end is not None:
        event.add("dtend", end)
    for name, value in props.items():
        event.add(name.replace("_", "-"), value)
    return event


def _busy(data: bytes, zone: ZoneInfo = SEOUL) -> list[BusyInterval]:
    return busy_from_ics(data, start=SPAN[0], end=SPAN[1], zone=zone)


def test_a_weekly_event_with_an_exdate_and_a_moved_instance() -> None:
    first = datetime(2027, 3, 1, 10, tzinfo=BERLIN)  # a Monday
    weekly = _event(
        "standup",
        first,
        first + timedelta(hours=1),
        rrule={"FREQ": "WEEKLY", "COUNT": 4},
        exdate=first + timedelta(weeks=1),
    )
    moved = _event(
        "standup",
        datetime(2027, 3, 17, 15, tzinfo=BERLIN),
        datetime(2027, 3, 17, 16, tzinfo=BERLIN),
        recurrence_id=first + timedelta(weeks=2),
    )
    starts = [interval.start for interval in _busy(_calendar(weekly, moved))]
    assert starts == [
        datetime(2027, 3, 1, 9, tzinfo=UTC),  # 10:00 CET
        datetime(2027, 3, 17, 14, tzinfo=UTC),  # the moved one, not Monday the 15th
        datetime(2027, 3, 22, 9, tzinfo=UTC),
    ]


def test_a_weekly_event_across_the_clock_change_keeps_its_wall_time() -> None:
    first = datetime(2027, 3, 22, 9, tzinfo=BERLIN)  # CET; the clocks go forward on the 28th
    weekly = _event("w", first, first + timedelta(hours=1), rrule={"FREQ": "WEEKLY", "COUNT": 2})
    starts = [interval.start for interval in _busy(_calendar(weekly))]
    assert starts == [datetime(2027, 3, 22, 8, tzinfo=UTC), datetime(2027, 3, 29, 7, tzinfo=UTC)]


def test_all_day_events_are_whole_days_on_the_viewers_clock() -> None:
    holiday = _event("holiday", date(2027, 3, 3), date(2027, 3, 5))  # two days
    (interval,) = _busy(_calendar(holiday), zone=SEOUL)
    assert (interval.start, interval.end) == (
        datetime(2027, 3, 2, 15, tzinfo=UTC),
        datetime(2027, 3, 4, 15, tzinfo=UTC),
    )


def test_an_event_in_another_zone_and_a_floating_one() -> None:
    in_new_york = _event(
        "ny", datetime(2027, 3, 3, 20, tzinfo=NEW_YORK), datetime(2027, 3, 3, 21, tzinfo=NEW_YORK)
    )
    floating = _event("floating", datetime(2027, 3, 4, 9), datetime(2027, 3, 4, 10))
    starts = [interval.start for interval in _busy(_calendar(in_new_york, floating), SEOUL)]
    assert starts == [
        datetime(2027, 3, 4, 0, tzinfo=UTC),  # 09:00 on the viewer's (Seoul) clock
        datetime(2027, 3, 4, 1, tzinfo=UTC),  # 20:00 EST
    ]


def test_free_and_cancelled_events_are_not_busy_and_tentative_ones_are_maybe() -> None:
    at = datetime(2027, 3, 5, 12, tzinfo=UTC)
    free = _event("free", at, at + timedelta(hours=1), transp="TRANSPARENT")
    cancelled = _event("cancelled", at, at + timedelta(hours=1), status="CANCELLED")
    tentative = _event("maybe", at, at + timedelta(hours=2), status="TENTATIVE")
    assert _busy(_calendar(free, cancelled, tentative)) == [
        BusyInterval(at, at + timedelta(hours=2), tentative=True)
    ]


def test_a_google_file_with_x_wr_timezone() -> None:
    # Google writes UTC times and names the calendar's zone apart: a weekly 09:00 in Berlin
    # stays at 09:00 across the clock change only when the file is made standard.
    first = datetime(2027, 3, 22, 8, tzinfo=UTC)  # 09:00 CET
    weekly = _event("g", first, first + timedelta(hours=1), rrule={"FREQ": "WEEKLY", "COUNT": 2})
    starts = [interval.start for interval in _busy(_calendar(weekly, wr_timezone="Europe/Berlin"))]
    assert starts == [datetime(2027, 3, 22, 8, tzinfo=UTC), datetime(2027, 3, 29, 7, tzinfo=UTC)]


def test_only_start_and_end_come_out() -> None:
    at = datetime(2027, 3, 5, 12, tzinfo=UTC)
    event = _event("x", at, at + timedelta(hours=1), location="Room 7", description="Payroll")
    (interval,) = _busy(_calendar(event))
    assert set(BusyInterval.__dataclass_fields__) == {"start", "end", "tentative"}
    assert "Secret" not in repr(interval)
    assert "Room" not in repr(interval)


def test_events_outside_the_span_and_of_no_length_are_left_out() -> None:
    before = _event(
        "old", datetime(2026, 1, 5, 9, tzinfo=UTC), datetime(2026, 1, 5, 10, tzinfo=UTC)
    )
    moment = _event("moment", datetime(2027, 3, 5, 9, tzinfo=UTC))  # no end, no duration
    assert _busy(_calendar(before, moment)) == []


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not an iCalendar"),
        (b"hello, world", "not an iCalendar"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:garbage\r\n", "not an iCalendar"),
        (b"x" * (MAX_CALENDAR_BYTES + 1), "larger than"),
    ],
)
def test_what_is_no_calendar_is_refused_with_the_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InvalidCalendar, match=reason):
        _busy(data)


def test_a_broken_rule_is_refused_not_a_server_error() -> None:
    at = datetime(2027, 3, 5, 12, tzinfo=UTC)
    broken = _event("r", at, at + timedelta(hours=1))
    broken.add("rrule", {"FREQ": "WEEKLY"})
    data = _calendar(broken).replace(b"FREQ=WEEKLY", b"FREQ=SOMETIMES")
    with pytest.raises(InvalidCalendar, match="could not be read"):
        _busy(data)


# --- which dates and slots ---------------------------------------------------------------


def test_dates_are_whole_days_on_the_viewers_clock() -> None:
    dates = [date(2027, 3, 3), date(2027, 3, 4)]
    late = BusyInterval(
        datetime(2027, 3, 3, 14, 30, tzinfo=UTC), datetime(2027, 3, 3, 15, 30, tzinfo=UTC)
    )
    # 23:30-00:30 in Seoul: both days; 15:30-16:30 in Berlin: only the 3rd.
    assert busy_dates(dates, [late], zone=SEOUL) == {dates[0]: Busy(True), dates[1]: Busy(True)}
    assert busy_dates(dates, [late], zone=BERLIN) == {dates[0]: Busy(True), dates[1]: Busy()}


def test_slots_touching_an_interval_are_free_and_tentative_only_when_all_are() -> None:
    window = services.time_window(
        start_time="09:00", end_time="11:00", slot_minutes=30, time_zone="Europe/Berlin"
    )
    assert window is not None
    day = date(2027, 3, 3)
    meeting = BusyInterval(
        datetime(2027, 3, 3, 8, 30, tzinfo=UTC), datetime(2027, 3, 3, 9, tzinfo=UTC)
    )
    maybe = BusyInterval(
        datetime(2027, 3, 3, 9, 15, tzinfo=UTC), datetime(2027, 3, 3, 9, 45, tzinfo=UTC), True
    )
    # Slots 09:00, 09:30, 10:00, 10:30 CET = 08:00, 08:30, 09:00, 09:30 UTC.
    assert busy_slots(window, [day], [meeting, maybe])[day] == [
        Busy(),  # 08:00-08:30 touches the meeting's start only
        Busy(True),
        Busy(True, tentative=True),
        Busy(True, tentative=True),
    ]


def test_slots_on_the_day_the_clocks_go_forward() -> None:
    window = services.time_window(
        start_time="01:00", end_time="04:00", slot_minutes=60, time_zone="Europe/Berlin"
    )
    assert window is not None
    day = date(2027, 3, 28)  # at 02:00 CET the clocks go to 03:00 CEST: 02:00-03:00 never is
    at_three = BusyInterval(
        datetime(2027, 3, 28, 1, tzinfo=UTC), datetime(2027, 3, 28, 2, tzinfo=UTC)
    )  # 03:00-04:00 CEST
    assert busy_slots(window, [day], [at_three])[day] == [Busy(), Busy(), Busy(True)]


def test_the_span_read_covers_every_zones_day() -> None:
    start, end = meeting_span([date(2027, 3, 3), date(2027, 3, 9)], zone=SEOUL)
    assert start <= datetime(2027, 3, 2, 10, tzinfo=UTC)  # the 3rd starts first in Kiritimati
    assert end >= datetime(2027, 3, 10, 12, tzinfo=UTC)  # and ends last in Baker Island
    with pytest.raises(ValueError, match="without dates"):
        meeting_span([], zone=SEOUL)


def test_overlapping_busy_times_of_one_kind_are_joined() -> None:
    def at(hour: int, minute: int = 0) -> datetime:
        return datetime(2027, 1, 4, hour, minute, tzinfo=UTC)

    merged = domain.busy_merged(
        [
            BusyInterval(at(9), at(10)),
            BusyInterval(at(9, 30), at(11)),  # overlaps: joined
            BusyInterval(at(11), at(12)),  # touches: joined
            BusyInterval(at(10), at(13), tentative=True),  # another kind: apart
            BusyInterval(at(12, 30), at(14), tentative=True),  # joined with the tentative one
            BusyInterval(at(15), at(16)),  # a gap: apart
            BusyInterval(at(15, 15), at(15, 45)),  # inside: swallowed
        ]
    )
    assert merged == [
        BusyInterval(at(9), at(12)),
        BusyInterval(at(10), at(14), tentative=True),
        BusyInterval(at(15), at(16)),
    ]
    assert domain.busy_merged([]) == []
