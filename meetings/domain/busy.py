"""Busy intervals from a participant's own calendar, and which of a meeting's dates and slots
they overlap (issue 21). Only the start and end of each interval are ever kept: never a title,
a description, attendees or a place.

Instants are aware datetimes. A dates-only meeting's date is the whole day on the viewer's
clock (``zone``: the zone the participant's page shows); a timed meeting's slot is its wall
time in the meeting's zone on that date, as everywhere else (``TimeWindow``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from meetings.domain.marks import DateAction, Mark
from meetings.domain.window import TimeWindow


@dataclass(frozen=True, slots=True, order=True)
class BusyInterval:
    """One busy stretch of a calendar: ``start`` < ``end``, aware; ``tentative`` for an event
    marked ``STATUS:TENTATIVE`` (shown as "maybe busy")."""

    start: datetime
    end: datetime
    tentative: bool = False

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("busy intervals are aware datetimes")
        if not self.start < self.end:
            raise ValueError("a busy interval ends after it starts")

    def overlaps(self, start: datetime, end: datetime) -> bool:
        """Whether it shares any moment with [start, end) (touching ends do not)."""
        return self.start < end and start < self.end


@dataclass(frozen=True, slots=True)
class Busy:
    """What the intervals say of one date or slot: busy, and whether only tentatively."""

    busy: bool = False
    tentative: bool = False


FREE = Busy()


def busy_merged(intervals: Iterable[BusyInterval]) -> list[BusyInterval]:
    """The same busy time in fewer intervals: overlapping or touching ones of the same kind
    (busy, or only tentatively) joined, in order. Whatever a date or slot is judged from them
    (busy, tentative) stays as it was: a busy interval never swallows a tentative one."""
    merged: list[BusyInterval] = []
    last: dict[bool, int] = {}  # the index in ``merged`` of the last interval of each kind
    for interval in sorted(intervals):
        index = last.get(interval.tentative)
        if index is not None and interval.start <= merged[index].end:
            if interval.end > merged[index].end:
                merged[index] = BusyInterval(merged[index].start, interval.end, interval.tentative)
            continue
        last[interval.tentative] = len(merged)
        merged.append(interval)
    return merged


def _judged(intervals: Iterable[BusyInterval], start: datetime, end: datetime) -> Busy:
    """Busy if any interval overlaps; tentative only if every overlapping one is tentative."""
    found = [interval for interval in intervals if interval.overlaps(start, end)]
    if not found:
        return FREE
    return Busy(busy=True, tentative=all(interval.tentative for interval in found))


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The instants a date starts and ends on ``zone``'s clock (23 or 25 hours long on the
    days the clocks change)."""
    return _wall(day, 0, zone), _wall(day, 24 * 60, zone)


def busy_dates(
    dates: Sequence[date], intervals: Sequence[BusyInterval], *, zone: ZoneInfo
) -> dict[date, Busy]:
    """Each date of a dates-only meeting, busy when an interval overlaps that day on
    ``zone``'s clock."""
    return {day: _judged(intervals, *day_bounds(day, zone)) for day in dates}


def _wall(day: date, minutes: int, zone: ZoneInfo) -> datetime:
    """``minutes`` after midnight of ``day`` on ``zone``'s wall clock (1440: the next day's
    midnight) as a UTC instant."""
    if minutes >= 24 * 60:
        return datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    wall = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=zone)
    return wall.astimezone(UTC)


def slot_bounds(window: TimeWindow, day: date, index: int) -> tuple[datetime, datetime]:
    """The instants slot ``index`` of ``day`` starts and ends: wall times in the meeting's
    zone (on the day the clocks change a slot is as long as the clock on the wall says)."""
    begin = window.slot_start(index)
    zone = window.zone()
    return _wall(day, begin, zone), _wall(day, begin + window.slot_minutes, zone)


def busy_slots(
    window: TimeWindow, dates: Sequence[date], intervals: Sequence[BusyInterval]
) -> dict[date, list[Busy]]:
    """Each slot of each date of a timed meeting, busy when an interval overlaps it."""
    return {
        day: [
            _judged(intervals, *slot_bounds(window, day, index))
            for index in range(window.slot_count)
        ]
        for day in dates
    }


def meeting_span(
    dates: Sequence[date], *, zone: ZoneInfo, window: TimeWindow | None = None
) -> tuple[datetime, datetime]:
    """The instants a calendar is read between for a meeting: from the first date's start to
    the last date's end, a day wider on each side (any zone's day fits inside)."""
    if not dates:
        raise ValueError("a meeting without dates has nothing to be busy on")
    clock = window.zone() if window is not None else zone
    start, _ = day_bounds(min(dates), clock)
    _, end = day_bounds(max(dates), clock)
    return start - timedelta(days=1), end + timedelta(days=1)


class CalendarApply(Enum):
    """What reading one's calendar changes: nothing (a preview), the busy dates and slots made
    busy, or also every other one made free (preferred ones stay preferred, and free if need be
    ones free if need be)."""

    BUSY = "busy"
    BUSY_AND_FREE = "busy_and_free"


@dataclass(frozen=True, slots=True)
class BusySpan:
    """Busy time on one of the meeting's dates, from ``start`` to ``end`` minutes after that
    day's midnight (1440: its end) on the clock the dates are read on."""

    day: date
    start: int
    end: int
    tentative: bool = False


def _minutes(moment: datetime, day: date, zone: ZoneInfo) -> int:
    """``moment`` as minutes after ``day``'s midnight on ``zone``'s clock, within the day."""
    start, end = day_bounds(day, zone)
    if moment <= start:
        return 0
    if moment >= end:
        return 24 * 60
    local = moment.astimezone(zone)
    return local.hour * 60 + local.minute + (1 if local.second or local.microsecond else 0)


def busy_spans(
    dates: Sequence[date], intervals: Sequence[BusyInterval], *, zone: ZoneInfo
) -> list[BusySpan]:
    """Each interval cut to the meeting's dates on ``zone``'s clock (the meeting's zone on a
    timed meeting, the viewer's on a dates-only one), in date order."""
    spans: list[BusySpan] = []
    for day in sorted(dates):
        start, end = day_bounds(day, zone)
        for interval in intervals:
            if interval.overlaps(start, end):
                spans.append(
                    BusySpan(
                        day,
                        _minutes(interval.start, day, zone),
                        _minutes(interval.end, day, zone),
                        interval.tentative,
                    )
                )
    return spans


def busy_marks(busy: dict[date, Busy] | dict[date, list[Busy]], apply: CalendarApply) -> list[Mark]:
    """The marks ``apply`` makes of what the calendar says: busy dates or runs of slots
    ``off``; with ``BUSY_AND_FREE`` the others ``on`` (which keeps a preferred mark preferred,
    and an if-need-be mark if need be).
    What is only tentatively busy ("maybe busy") is left as the participant marked it."""
    marks: list[Mark] = []
    for day in sorted(busy):
        cells = busy[day]
        if isinstance(cells, Busy):
            action = _action(cells, apply)
            if action is not None:
                marks.append(Mark(day, action, None))
            continue
        first = 0
        for index in range(1, len(cells) + 1):
            if index < len(cells) and _action(cells[index], apply) == _action(cells[first], apply):
                continue
            action = _action(cells[first], apply)
            if action is not None:
                marks.append(Mark(day, action, range(first, index)))
            first = index
    return marks


def _action(cell: Busy, apply: CalendarApply) -> DateAction | None:
    if cell.busy:
        return None if cell.tentative else DateAction.OFF
    return DateAction.ON if apply is CalendarApply.BUSY_AND_FREE else None
