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

import time
from datetime import UTC, date, datetime
from datetime import time as clock
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
import x_wr_timezone

from meetings.domain.busy import BusyInterval
from meetings.domain.errors import InvalidCalendar

MAX_CALENDAR_BYTES = 10 * 1024 * 1024  # a year of a busy person's Google export is ~2 MB
MAX_OCCURRENCES = 20_000  # in the span read: far more than anyone's weeks hold
# Before expanding, a repeating event's occurrences from its start to the span's end are
# estimated from its rule (an overestimate): more than this in all, and the file is refused.
# Expanding walks every occurrence from the event's start, so the span alone bounds nothing.
MAX_EXPANSION = 20_000  # a daily event since 1972; walking them takes a few seconds
EXPANSION_SECONDS = 3.0  # and the expansion in the span stops after this long
TOO_REPETITIVE = "the calendar repeats an event too often to be read"
PERIOD_SECONDS = {
    "SECONDLY": 1,
    "MINUTELY": 60,
    "HOURLY": 3600,
    "DAILY": 86400,
    "WEEKLY": 7 * 86400,
    "MONTHLY": 28 * 86400,
    "YEARLY": 365 * 86400,
}
MULTIPLYING_PARTS = ("BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY", "BYMONTHDAY", "BYYEARDAY")


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
        _expansion_check(calendar, end)
        deadline = time.monotonic() + EXPANSION_SECONDS
        # after() expands lazily, in order of start: stopped at the span's end, the cap or
        # the deadline, whichever comes first.
        for count, event in enumerate(
            recurring_ical_events.of(calendar, components=["VEVENT"]).after(start)
        ):
            if count >= MAX_OCCURRENCES:
                raise InvalidCalendar(
                    f"the calendar has more than {MAX_OCCURRENCES} events in these dates"
                )
            if time.monotonic() > deadline:
                raise InvalidCalendar(TOO_REPETITIVE)
            if _instant(event.start, zone) >= end:  # type: ignore[attr-defined]
                break
            interval = _busy(event, zone)
            if interval is not None and interval.overlaps(start, end):
                intervals.append(interval)
    except InvalidCalendar:
        raise
    except Exception as error:  # the libraries' many ways to say a rule or a date is broken
        raise InvalidCalendar("the calendar file could not be read: a broken event") from error
    return sorted(intervals)


def _expansion_check(calendar: icalendar.Calendar, end: datetime) -> None:
    """Refuse, before expanding anything, rules whose occurrences from their event's start to
    ``end`` would be too many (estimated from FREQ, INTERVAL, COUNT and the BY* lists)."""
    total = 0
    for event in calendar.walk("VEVENT"):
        total += 1
        for rule in _rules(event.get("RRULE")):
            period = PERIOD_SECONDS.get(str((rule.get("FREQ") or [""])[0]).upper(), 1)
            interval = max(1, int((rule.get("INTERVAL") or [1])[0]))
            first = _instant(event.decoded("DTSTART"), ZoneInfo("UTC"))
            seconds = max(0.0, (end - first).total_seconds())
            estimate = seconds / (period * interval) + 1
            for part in MULTIPLYING_PARTS:
                estimate *= max(1, len(rule.get(part) or []))
            count = rule.get("COUNT")
            if count:
                estimate = min(estimate, float(count[0]))
            total += int(estimate)
            if total > MAX_EXPANSION:
                raise InvalidCalendar(TOO_REPETITIVE)


def _rules(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


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
        value = datetime.combine(value, clock(0))
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)
