"""A timed meeting's slots laid out for a page: dates as columns and wall times as rows in the
zone a browser shows, and a date's checkboxes turned into the marks that give what they ask."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from meetings.domain import BUSY, FREE, PREFERRED, DateAction, TimeWindow, slot_instant


@dataclass(frozen=True, slots=True)
class SlotPlace:
    """One cell of a page's slot grid: slot ``index`` of meeting date ``day``, or no slot of the
    meeting (``day`` is ``None``) where the shown zone's clock passes none. ``occurs`` is false
    when the cell's wall time does not occur on that day (the hour the clocks go forward)."""

    day: date | None
    index: int = -1
    occurs: bool = True


@dataclass(frozen=True, slots=True)
class SlotLayout:
    """A timed meeting's slots as a grid in one zone: dates as columns, wall times as rows."""

    zone: str
    columns: tuple[date, ...]  # dates as the shown zone's calendar has them
    rows: tuple[tuple[int, int], ...]  # (minutes after midnight, fold) of the shown zone
    places: tuple[tuple[SlotPlace, ...], ...]  # [row][column]


def _day_offsets_differ(day: date, zone: zoneinfo.ZoneInfo) -> bool:
    """Whether the zone's UTC offset changes during ``day`` (a clock change that day)."""
    start = datetime.combine(day, time(), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=zone)
    return start.utcoffset() != end.utcoffset()


def wall_time_occurs(day: date, minutes: int, fold: int, zone: zoneinfo.ZoneInfo) -> bool:
    """Whether the zone's clock shows ``minutes`` on ``day`` (for ``fold`` 1: a second time)."""
    if fold == 0:
        return slot_instant(day, minutes, zone) is not None
    local = datetime.combine(day, time()) + timedelta(minutes=minutes)
    first = local.replace(tzinfo=zone, fold=0).utcoffset()
    return first != local.replace(tzinfo=zone, fold=1).utcoffset()


@lru_cache(maxsize=256)
def slot_layout(window: TimeWindow, first: date, last: date, zone_name: str) -> SlotLayout:
    """The slots of the dates ``first``..``last`` as the clock in ``zone_name`` shows them.

    In the meeting's own zone: one column per date, one row per slot, and the slots of an hour
    the clocks skip that day marked as not occurring. In another zone each slot moves to the
    date and wall time its instant (``slot_instant``) has there, so columns are that zone's
    dates and rows the wall times any slot starts at; a slot that does not occur has no
    instant and so no cell, and cells no slot falls on are empty. A wall time the shown zone
    passes twice (its clocks go back) gets a second row (fold 1). Cached: a page asks for the
    same layout on every render."""
    meeting_zone = window.zone()
    dates = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    count = window.slot_count
    if zone_name == window.time_zone:
        columns = []
        for day in dates:
            if _day_offsets_differ(day, meeting_zone):
                columns.append(
                    [
                        SlotPlace(
                            day,
                            index,
                            slot_instant(day, window.slot_start(index), meeting_zone) is not None,
                        )
                        for index in range(count)
                    ]
                )
            else:
                columns.append([SlotPlace(day, index) for index in range(count)])
        return SlotLayout(
            zone_name,
            tuple(dates),
            tuple((window.slot_start(index), 0) for index in range(count)),
            tuple(tuple(column[index] for column in columns) for index in range(count)),
        )
    shown = zoneinfo.ZoneInfo(zone_name)
    spots: dict[tuple[date, int, int], SlotPlace] = {}
    for day in dates:
        for index in range(count):
            instant = slot_instant(day, window.slot_start(index), meeting_zone)
            if instant is None:
                continue  # does not occur: nowhere on any clock
            local = instant.astimezone(shown)
            key = (local.date(), local.hour * 60 + local.minute, local.fold)
            spots.setdefault(key, SlotPlace(day, index))
    days = sorted({key[0] for key in spots})
    shown_columns = tuple(
        days[0] + timedelta(days=offset) for offset in range((days[-1] - days[0]).days + 1)
    )
    rows = tuple(sorted({(key[1], key[2]) for key in spots}))
    places = tuple(
        tuple(
            spots.get((day, minutes, fold))
            or SlotPlace(None, occurs=wall_time_occurs(day, minutes, fold, shown))
            for day in shown_columns
        )
        for minutes, fold in rows
    )
    return SlotLayout(zone_name, shown_columns, rows, places)


def wall_time_in(
    day: date, minutes: int, window: TimeWindow, zone_name: str
) -> tuple[date, int] | None:
    """The date and wall time (minutes) another zone's clock shows at the meeting's wall time
    ``minutes`` on ``day``; ``None`` when that time does not occur in the meeting's zone."""
    instant = slot_instant(day, minutes, window.zone())
    if instant is None:
        return None
    local = instant.astimezone(zoneinfo.ZoneInfo(zone_name))
    return local.date(), local.hour * 60 + local.minute


def slots_target(
    window: TimeWindow, day: date, was: str, *, free: set[int], preferred: set[int]
) -> str:
    """A date's slots as a form of checkboxes asks for them: preferred where ``preferred`` is
    checked, else free where ``free`` is, else busy. A slot that does not occur that day has no
    checkbox and keeps what it was (``was``)."""
    zone = window.zone()
    check = _day_offsets_differ(day, zone)
    target = []
    for index in range(window.slot_count):
        if check and slot_instant(day, window.slot_start(index), zone) is None:
            target.append(was[index])
        elif index in preferred:
            target.append(PREFERRED)
        elif index in free:
            target.append(FREE)
        else:
            target.append(BUSY)
    return "".join(target)


# What turns any mark into the wanted one: busy and preferred in one action, free in two.
_TO_MARK = {
    BUSY: (DateAction.OFF,),
    FREE: (DateAction.ON, DateAction.UNSTAR),
    PREFERRED: (DateAction.STAR,),
}


def slots_marks_to(window: TimeWindow, was: str, target: str) -> list[tuple[DateAction, int, int]]:
    """The marks ``(action, from, to)`` (minutes) that turn a date's slots from ``was`` into
    ``target``: one stretch per run of changed slots wanting the same mark. Slots the same in
    both get no mark, so what someone else changed there meanwhile stays."""
    marks: list[tuple[DateAction, int, int]] = []
    index = 0
    while index < window.slot_count:
        if was[index] == target[index]:
            index += 1
            continue
        begin = index
        while (
            index < window.slot_count
            and was[index] != target[index]
            and target[index] == target[begin]
        ):
            index += 1
        marks.extend(
            (action, window.slot_start(begin), window.slot_start(index))
            for action in _TO_MARK[target[begin]]
        )
    return marks
