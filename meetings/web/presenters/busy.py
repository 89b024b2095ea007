"""What a calendar preview shows (issue 21): the busy spans in words, and which of my cells get
the hatched layer (dates on a dates-only meeting, slot keys on a timed one)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from django.utils.translation import gettext

from meetings.domain import (
    Busy,
    BusySpan,
    Meeting,
    TimeWindow,
    busy_spans,
    minutes_label,
    slot_instant,
    week_days,
)
from meetings.services import CalendarBusy
from meetings.web.presenters.labels import date_short, zone_label

DAY_MINUTES = 24 * 60


@dataclass(frozen=True)
class BusyPreview:
    """``spans``: "Busy: Tue Dec 1 10:00–11:30" lines; ``dates``/``slots``: my busy cells by
    date or by slot key; ``busy_count``: how many dates or times "Mark these busy" marks."""

    spans: list[str]
    zone_label: str
    dates: dict[date, Busy] = field(default_factory=dict)
    slots: dict[int, Busy] = field(default_factory=dict)
    busy_count: int = 0


def busy_preview(read: CalendarBusy, meeting: Meeting, zone: str | None = None) -> BusyPreview:
    """``zone``: the zone the page shows a timed meeting's times in; the busy times are listed
    on its clock (they are the meeting's zone's in ``read``)."""
    window = meeting.window
    busy: list[BusySpan] = list(read.busy)
    if window is not None and zone is not None and zone != window.time_zone:
        busy = shown_spans(read, window, ZoneInfo(zone))
    else:
        zone = window.time_zone if window is not None else None
    spans = []
    for span in busy:
        if span.start == 0 and span.end == DAY_MINUTES:
            when = gettext("%(date)s, all day") % {"date": date_short(span.day)}
        else:
            when = f"{date_short(span.day)} {minutes_label(span.start)}–{minutes_label(span.end)}"
        word = gettext("Maybe busy: %(when)s") if span.tentative else gettext("Busy: %(when)s")
        spans.append(word % {"when": when})
    if window is None:
        dates = {day: cell for day, cell in read.cells.items() if isinstance(cell, Busy)}
        found = [cell for cell in dates.values() if cell.busy]
        return BusyPreview(
            spans,
            "",
            dates={day: cell for day, cell in dates.items() if cell.busy},
            busy_count=sum(not cell.tentative for cell in found),
        )
    slots: dict[int, Busy] = {}
    for position, day in enumerate(meeting.dates()):
        cells = read.cells.get(day)
        if not isinstance(cells, list):
            continue
        for index, cell in enumerate(cells):
            if cell.busy:
                slots[position * window.slot_count + index] = cell
    return BusyPreview(
        spans,
        zone_label(zone or window.time_zone),
        slots=slots,
        busy_count=sum(not cell.tentative for cell in slots.values()),
    )


def shown_spans(read: CalendarBusy, window: TimeWindow, zone: ZoneInfo) -> list[BusySpan]:
    """The busy times of a timed meeting's preview cut to the days they fall on in ``zone``:
    the days its window's slots fall on there (a weekly meeting's, in the week read)."""
    days = read.meeting.dates()
    if read.week is not None:
        days = list(week_days(days, read.week).values())
    shown: set[date] = set()
    for day in days:
        for minutes in (window.start, window.end):
            moment = slot_instant(day, minutes, window.zone())
            if moment is not None:
                shown.add(moment.astimezone(zone).date())
    return busy_spans(sorted(shown), list(read.intervals), zone=zone)
