"""A participant's own calendar file read into busy intervals (issue 21): iCalendar parsed by
``icalendar``, recurrences expanded (RRULE, RDATE, EXDATE and overridden instances) by
``recurring-ical-events``, Google's ``X-WR-TIMEZONE`` files made standard by
``x-wr-timezone``. Only each busy event's start and end come out: titles, descriptions,
attendees and places are never read into anything kept.

Free (``TRANSP:TRANSPARENT``) and cancelled events are not busy; ``STATUS:TENTATIVE`` ones are,
tentatively. All-day events and floating times are on ``zone``'s clock (the viewer's). A file
too large, too many occurrences in the span, or text that is no calendar: ``InvalidCalendar``
with the reason, never a server error.

No Django here: the faces pass the bytes (an upload or a fetched URL) and the span to read.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
import x_wr_timezone

from meetings.domain.busy import BusyInterval
from meetings.domain.errors import InvalidCalendar

MAX_CALENDAR_BYTES = 10 * 1024 * 1024  # a year of a busy person's Google export is ~2 MB
MAX_OCCURRENCES = 20_000  # in the span read: far more than anyone's weeks hold


def busy_from_ics(
    data: bytes, *, start: datetime, end: datetime, zone: ZoneInfo
) -> list[BusyInterval]:
    """The busy intervals of the calendar ``data`` that overlap [start, end), in order."""
    if len(data) > MAX_CALENDAR_BYTES:
        raise InvalidCalendar(
            f"the calendar file is larger than {MAX_CALENDAR_BYTES // (1024 * 1024)} MB"
        )
    calendar = _parsed(data)
    intervals: list[BusyInterval] = []
    try:
        occurrences = recurring_ical_events.of(calendar, components=["VEVENT"]).between(start, end)
        for count, event in enumerate(occurrences):
            if count >= MAX_OCCURRENCES:
                raise InvalidCalendar(
                    f"the calendar has more than {MAX_OCCURRENCES} events in these dates"
                )
            interval = _busy(event, zone)
            if interval is not None and interval.overlaps(start, end):
                intervals.append(interval)
    except InvalidCalendar:
        raise
    except Exception as error:  # the libraries' many ways to say a rule or a date is broken
        raise InvalidCalendar("the calendar file could not be read: a broken event") from error
    return sorted(intervals)


def _parsed(data: bytes) -> icalendar.Calendar:
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception as error:  # ValueError, and worse, for text that is no iCalendar
        raise InvalidCalendar("this is not an iCalendar (.ics) file") from error
    if not isinstance(calendar, icalendar.Calendar):
        raise InvalidCalendar("this is not an iCalendar (.ics) file")
    standard: icalendar.Calendar = x_wr_timezone.to_standard(calendar)
    return standard


def _busy(event: Any, zone: ZoneInfo) -> BusyInterval | None:
    """One occurrence as a busy interval, or ``None`` when it keeps no one busy."""
    if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
        return None
    status = str(event.get("STATUS", "CONFIRMED")).upper()
    if status == "CANCELLED":
        return None
    begin = _instant(event.start, zone)
    finish = _instant(event.end, zone)
    if not begin < finish:  # an event of no length (a reminder at one moment)
        return None
    return BusyInterval(begin, finish, tentative=status == "TENTATIVE")


def _instant(value: date | datetime, zone: ZoneInfo) -> datetime:
    """A DTSTART/DTEND value as an aware UTC instant: dates and floating times on ``zone``."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(0))
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)
