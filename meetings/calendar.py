"""The decided meeting in people's calendars: an iCalendar file (RFC 5545, written by the
``icalendar`` library) and "add to" links for Google Calendar and Outlook, from the same data.

A weekly meeting's decision recurs: one VEVENT with ``RRULE:FREQ=WEEKLY;BYDAY=<its weekday>``
from its first date, and Google's link carries the same rule (``recur``). Outlook's compose
link takes no recurrence (no such parameter is known), so a recurring event has no Outlook link:
the faces offer the calendar file instead, which Outlook imports with its series.

No Django here: the faces pass in the meeting's link and the title to use for an untitled
meeting (translated), and serve the results.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlencode

import icalendar

from meetings import downloads
from meetings.domain import Meeting, NoFinalDate

PRODID = "-//Meetifyr//Meetifyr//EN"
MEDIA_TYPE = "text/calendar; charset=utf-8"
GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"
OUTLOOK_CALENDAR = "https://outlook.live.com/calendar/0/action/compose"
# RFC 5545 weekday codes, by ISO weekday - 1.
ICAL_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# The VTIMEZONE lists the zone's transitions from the year before the (first) event: two years
# after it for one event; for a series with no end, this many years, since a calendar that reads
# the VTIMEZONE rather than its own zone data keeps the last offset listed after the last one.
ZONE_YEARS = 2
RECURRING_ZONE_YEARS = 20


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """The decision as one event. ``start``/``end`` are dates (an all-day event, ``end`` the
    day after) or aware datetimes in the meeting's zone. A ``weekly`` event recurs every week
    from ``start``, on its weekday, with no end."""

    uid: str
    title: str
    location: str
    link: str
    note: str
    start: date | datetime
    end: date | datetime
    stamp: datetime
    # RFC 5545 SEQUENCE: grows with each new decision, so calendar apps replace the event.
    sequence: int = 0
    weekly: bool = False

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def description(self) -> str:
        return f"{self.note}\n\n{self.link}" if self.note else self.link

    @property
    def zone(self) -> str | None:
        if isinstance(self.start, datetime) and isinstance(self.start.tzinfo, zoneinfo.ZoneInfo):
            return self.start.tzinfo.key
        return None

    @property
    def recurrence(self) -> icalendar.vRecur | None:
        """The RRULE's value ("FREQ=WEEKLY;BYDAY=WE"), ``None`` for a single event."""
        if not self.weekly:
            return None
        weekday = ICAL_WEEKDAYS[self.start.isoweekday() - 1]
        return icalendar.vRecur(freq="WEEKLY", byday=weekday)


def calendar_event(meeting: Meeting, *, link: str, untitled: str) -> CalendarEvent:
    """The meeting's decision as an event; ``NoFinalDate`` while it has none. The UID depends
    only on the meeting, so every download (and every new decision) names the same event. On a
    weekly meeting it recurs from ``final.day``, the first date it happens on (its weekday)."""
    final = meeting.final
    if final is None:
        raise NoFinalDate(meeting.url_code)
    start: date | datetime = final.day
    end: date | datetime = final.day + timedelta(days=1)
    if final.start is not None and final.end is not None and meeting.window is not None:
        zone = meeting.window.zone()
        midnight = datetime.combine(final.day, time())
        start = (midnight + timedelta(minutes=final.start)).replace(tzinfo=zone)
        end = (midnight + timedelta(minutes=final.end)).replace(tzinfo=zone)  # 24:00: next day
    return CalendarEvent(
        uid=f"meeting-{meeting.url_code}@meetifyr",
        title=meeting.title or untitled,
        location=meeting.location,
        link=link,
        note=final.note,
        start=start,
        end=end,
        stamp=final.decided_at or datetime.now(UTC).replace(microsecond=0),
        sequence=final.sequence,
        weekly=meeting.weekly,
    )


def ics_filename(url_code: str) -> str:
    """The name the API gives the downloaded file (``Content-Disposition``, its contract)."""
    return f"meeting-{url_code}.ics"


def title_filename(title: str) -> str:
    """The calendar file's name made of the title (``downloads``); "meeting.ics" untitled."""
    return downloads.title_filename(title, extension=".ics", default="meeting")


def title_disposition(title: str) -> str:
    """``Content-Disposition`` naming the calendar file after the title (``downloads``)."""
    return downloads.title_disposition(title, extension=".ics", default="meeting")


def ics_render(event: CalendarEvent) -> bytes:
    """One VCALENDAR with one VEVENT (and the VTIMEZONE its times refer to); a weekly event
    with its RRULE."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", event.stamp.astimezone(UTC))
    vevent.add("sequence", event.sequence)
    vevent.add("dtstart", event.start)
    vevent.add("dtend", event.end)
    recurrence = event.recurrence
    if recurrence is not None:
        vevent.add("rrule", recurrence)
    vevent.add("summary", event.title)
    if event.location:
        vevent.add("location", event.location)
    vevent.add("description", event.description)
    vevent.add("url", event.link)
    calendar.add_component(vevent)
    if not event.all_day:
        year = event.start.year
        # Only the transitions around the event (or the series), not every one since 1970.
        years = ZONE_YEARS if recurrence is None else RECURRING_ZONE_YEARS
        calendar.add_missing_timezones(
            first_date=date(year - 1, 1, 1), last_date=date(year + years, 1, 1)
        )
    body: bytes = calendar.to_ical()
    return body


def _google_time(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y%m%dT%H%M%S")
    return value.strftime("%Y%m%d")


def google_link(event: CalendarEvent) -> str:
    """Google Calendar's "create event" page, filled in (times as wall times in the zone); a
    weekly event with its rule (``recur``, which Google takes as "RRULE:...")."""
    query = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{_google_time(event.start)}/{_google_time(event.end)}",
        "details": event.description,
        "location": event.location,
    }
    if event.zone:
        query["ctz"] = event.zone
    recurrence = event.recurrence
    if recurrence is not None:
        rule: bytes = recurrence.to_ical()  # type: ignore[no-untyped-call]  # untyped upstream
        query["recur"] = f"RRULE:{rule.decode()}"
    return f"{GOOGLE_CALENDAR}?{urlencode(query)}"


def outlook_link(event: CalendarEvent) -> str | None:
    """Outlook on the web's "new event" page, filled in (times with their UTC offset). ``None``
    for a weekly event: the page takes no recurrence, and a link adding only the first of the
    series would look right and be wrong; the calendar file carries the series."""
    if event.weekly:
        return None
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": event.start.isoformat(),
        "enddt": event.end.isoformat(),
        "allday": "true" if event.all_day else "false",
        "body": event.description,
        "location": event.location,
    }
    return f"{OUTLOOK_CALENDAR}?{urlencode(query)}"
