"""Calendar files the tests write: one VEVENT per (start, end, status), start and end dates
(all day) or aware datetimes, status "" for none; summary "Dentist" (a title nothing should ever
show)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import icalendar

DENTIST = (
    datetime(2027, 3, 2, 1, tzinfo=UTC),  # 10:00-11:30 in Seoul
    datetime(2027, 3, 2, 2, 30, tzinfo=UTC),
    "CONFIRMED",
)


def ics(*events: tuple[date | datetime, date | datetime, str]) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Meetifyr tests//EN")
    calendar.add("version", "2.0")
    for index, (start, end, status) in enumerate(events):
        event = icalendar.Event()
        event.add("uid", f"e{index}")
        event.add("dtstamp", datetime(2027, 1, 1, tzinfo=UTC))
        event.add("summary", "Dentist")
        event.add("dtstart", start)
        event.add("dtend", end)
        if status:
            event.add("status", status)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
