"""A timed meeting on the clock of another zone: where each slot falls, in reading order; a run
of slots as that clock shows it (across midnight, if it goes there); and a time read on that
clock taken back to the meeting's own zone.

The model a page reads: one column per meeting date, headed by the date that column's first
slots fall on in the zone shown; rows are that zone's wall times in the order its clock passes
them, and ``row_days`` says on which day after the head each row falls, so a row past midnight
is marked "next day" rather than jumping to the top. A date the shown zone reaches only because
of the shift (a Saturday morning in Seoul of a New York Friday) gets no column of its own."""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from meetings.domain.errors import InvalidFinal, InvalidTimeWindow
from meetings.domain.weekly import weekday_on_or_after
from meetings.domain.window import (
    MINUTES_PER_DAY,
    TimeWindow,
    minutes_label,
    slot_instant,
    time_parse,
    time_zone_check,
)

MAX_DAYS_AFTER = 2  # a time posted as "HH:MM+N": N days after the date it goes with


@dataclass(frozen=True, slots=True)
class SlotPlace:
    """One cell of a slot grid: slot ``index`` of meeting date ``day``, or no slot of the
    meeting (``day`` is ``None``) where the shown zone's clock passes none. ``occurs`` is false
    when the cell's wall time does not occur on that day (the hour the clocks go forward)."""

    day: date | None
    index: int = -1
    occurs: bool = True


@dataclass(frozen=True, slots=True)
class SlotLayout:
    """A timed meeting's slots as a grid in one zone: the meeting's dates as columns, the zone's
    wall times as rows, in reading order."""

    zone: str
    columns: tuple[date, ...]  # the meeting's dates, one column each
    heads: tuple[date, ...]  # each column's date on the shown zone's calendar (its first rows)
    rows: tuple[tuple[int, int], ...]  # (minutes after midnight, fold) on the shown clock
    row_days: tuple[int, ...]  # the days after its column's head each row falls on
    places: tuple[tuple[SlotPlace, ...], ...]  # [row][column]

    def cell_day(self, row: int, column: int) -> date:
        """The shown zone's date of a cell."""
        return self.heads[column] + timedelta(days=self.row_days[row])

    def day_breaks(self) -> tuple[int, ...]:
        """The rows where the shown clock has passed midnight since the row above."""
        days = self.row_days
        return tuple(row for row in range(1, len(days)) if days[row] != days[row - 1])


def day_offsets_differ(day: date, zone: zoneinfo.ZoneInfo) -> bool:
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


def _own_zone_layout(window: TimeWindow, dates: list[date], *, check: bool = True) -> SlotLayout:
    zone = window.zone()
    count = window.slot_count
    columns = []
    for day in dates:
        differ = check and day_offsets_differ(day, zone)
        columns.append(
            [
                SlotPlace(
                    day,
                    index,
                    not differ or slot_instant(day, window.slot_start(index), zone) is not None,
                )
                for index in range(count)
            ]
        )
    return SlotLayout(
        window.time_zone,
        tuple(dates),
        tuple(dates),
        tuple((window.slot_start(index), 0) for index in range(count)),
        (0,) * count,
        tuple(tuple(column[index] for column in columns) for index in range(count)),
    )


def _shifted_layout(
    window: TimeWindow, dates: list[date], on: list[date], zone_name: str
) -> SlotLayout:
    """The slots of ``dates`` on another zone's clock, each date's slots taken at the instants
    they have on its date in ``on`` (the same dates, or a weekly meeting's coming week)."""
    meeting_zone = window.zone()
    shown = zoneinfo.ZoneInfo(zone_name)
    spots: dict[tuple[int, tuple[int, int, int]], SlotPlace] = {}
    for column, (day, real) in enumerate(zip(dates, on, strict=True)):
        for index in range(window.slot_count):
            instant = slot_instant(real, window.slot_start(index), meeting_zone)
            if instant is None:
                continue  # does not occur: nowhere on any clock
            local = instant.astimezone(shown)
            key = ((local.date() - real).days, local.hour * 60 + local.minute, local.fold)
            spots.setdefault((column, key), SlotPlace(day, index))
    keys = sorted({key for _column, key in spots})
    base = keys[0][0] if keys else 0
    heads = tuple(real + timedelta(days=base) for real in on)
    places = tuple(
        tuple(
            spots.get((column, key))
            or SlotPlace(
                None,
                occurs=wall_time_occurs(
                    heads[column] + timedelta(days=key[0] - base), key[1], key[2], shown
                ),
            )
            for column in range(len(dates))
        )
        for key in keys
    )
    return SlotLayout(
        zone_name,
        tuple(dates),
        heads,
        tuple((minutes, fold) for _days, minutes, fold in keys),
        tuple(days - base for days, _minutes, _fold in keys),
        places,
    )


@lru_cache(maxsize=256)
def slot_layout(window: TimeWindow, first: date, last: date, zone_name: str) -> SlotLayout:
    """The slots of the dates ``first``..``last`` as the clock in ``zone_name`` shows them.

    In the meeting's own zone: one row per slot, and the slots of an hour the clocks skip that
    day marked as not occurring. In another zone each slot moves to the wall time its instant
    (``slot_instant``) has there, in its date's column; a row is a wall time on a day relative
    to the column's head, sorted the way the clock passes them; a slot that does not occur has
    no instant and so no cell, and cells no slot falls on are empty. A wall time the shown zone
    passes twice (its clocks go back) gets a second row (fold 1). Cached: a page asks for the
    same layout on every render."""
    dates = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    if zone_name == window.time_zone:
        return _own_zone_layout(window, dates)
    return _shifted_layout(window, dates, dates, zone_name)


def coming_date(day: date, today: date) -> date:
    """Where a weekly meeting's day (a reference date, or any date of that weekday) falls in
    the week that starts ``today`` (the meeting's zone's today): today, or one of the next six
    days (``weekday_on_or_after``)."""
    return weekday_on_or_after(day.isoweekday(), today)


@lru_cache(maxsize=256)
def weekly_slot_layout(
    window: TimeWindow, dates: tuple[date, ...], zone_name: str, today: date
) -> SlotLayout:
    """A weekly meeting's slots (``dates``: its weekdays' reference dates, the columns) as the
    clock in ``zone_name`` shows them.

    In the meeting's own zone every slot occurs (a weekday, every week, has no clock change of
    its own). In another zone the slots are wall times in the meeting's zone on its weekdays'
    dates of the coming week (``coming_date``: the week starting ``today`` in the meeting's
    zone), moved to the shown clock as on those dates; each column's head is then a real date
    of the shown zone, possibly the day before or after (Monday 01:00 in Seoul is Sunday 11:00
    in New York), of which the pages show only the weekday. Where a zone's offset changes
    during the coming week, the slots after the change are shown with the new offset, as they
    will happen that week."""
    if zone_name == window.time_zone:
        return _own_zone_layout(window, list(dates), check=False)
    return _shifted_layout(
        window, list(dates), [coming_date(day, today) for day in dates], zone_name
    )


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


@dataclass(frozen=True, slots=True)
class ShownSpan:
    """A stretch of time on one zone's clock: from ``start`` on ``start_day`` to ``end`` on
    ``end_day``. An end at midnight is 24:00 (1440) of the day before, so a span ending there
    stays on one day."""

    start_day: date
    start: int
    end_day: date
    end: int

    @property
    def crosses_midnight(self) -> bool:
        return self.end_day != self.start_day


def _local(instant: datetime, zone: zoneinfo.ZoneInfo, *, end: bool) -> tuple[date, int]:
    local = instant.astimezone(zone)
    day, minutes = local.date(), local.hour * 60 + local.minute
    if end and minutes == 0:
        return day - timedelta(days=1), MINUTES_PER_DAY
    return day, minutes


def shown_span(
    window: TimeWindow, day: date, start: int, end: int, zone_name: str
) -> ShownSpan | None:
    """The meeting's slots ``start``..``end`` (minutes, on ``day`` in its zone) on the clock of
    ``zone_name``: from the first of them that occurs to the end of the last; ``None`` when
    none occurs. In the meeting's own zone it is the wall times as they are."""
    if zone_name == window.time_zone:
        return ShownSpan(day, start, day, end)
    zone = window.zone()
    instants = [
        instant
        for minutes in range(start, end, window.slot_minutes)
        if (instant := slot_instant(day, minutes, zone)) is not None
    ]
    if not instants:
        return None
    shown = zoneinfo.ZoneInfo(zone_name)
    start_day, first = _local(instants[0], shown, end=False)
    end_day, last = _local(instants[-1] + timedelta(minutes=window.slot_minutes), shown, end=True)
    return ShownSpan(start_day, first, end_day, last)


# --- a time read on the shown clock, back in the meeting's zone --------------------------------

_DAYS_AFTER = re.compile(r"(.*)\+([0-9])")


def shown_time_label(days: int, minutes: int) -> str:
    """A time on the shown clock as a form posts it: ``"HH:MM"``, or ``"HH:MM+N"`` ``days``
    after the date it goes with (``"24:00"``: the end of that day)."""
    return minutes_label(minutes) + (f"+{days}" if days else "")


def shown_time_parse(text: object, *, what: str, end_of_day: bool = False) -> tuple[int, int]:
    """``(days, minutes)`` of ``"HH:MM"`` or ``"HH:MM+N"`` (``shown_time_label``), else
    ``InvalidFinal`` about ``what``."""
    days = 0
    if isinstance(text, str) and (found := _DAYS_AFTER.fullmatch(text)):
        text, days = found.group(1), int(found.group(2))
    if not 0 <= days <= MAX_DAYS_AFTER:
        raise InvalidFinal(f"{what} {text} is more than {MAX_DAYS_AFTER} days after the date")
    try:
        return days, time_parse(text, what=what, end_of_day=end_of_day)
    except InvalidTimeWindow as invalid:
        raise InvalidFinal(invalid.message) from None


def _instant(day: date, minutes: int, zone: zoneinfo.ZoneInfo, what: str) -> datetime:
    days, minutes_of_day = divmod(minutes, MINUTES_PER_DAY)
    instant = slot_instant(day + timedelta(days=days), minutes_of_day, zone)
    if instant is None:
        raise InvalidFinal(
            f"{what} {minutes_label(minutes)} does not occur on {day} in {zone.key} "
            "(the clocks go forward)"
        )
    return instant


def final_times_in_meeting_zone(
    *, day: date, start: object, end: object, zone: object, window: TimeWindow
) -> tuple[date, str, str]:
    """A decision read on the clock of ``zone`` (``day`` and "HH:MM[+N]" times, as
    ``shown_time_label`` writes them) as the meeting's zone has it: its date and "HH:MM"
    start and end (end "24:00" at its midnight). ``InvalidFinal`` when a time is malformed or
    does not occur, the end is not after the start, or the two fall on different dates of the
    meeting's zone; whether they are inside the window is ``final_check``'s to say."""
    shown = zoneinfo.ZoneInfo(time_zone_check(zone))
    start_days, start_minutes = shown_time_parse(start, what="start")
    end_days, end_minutes = shown_time_parse(end, what="end", end_of_day=True)
    begin = _instant(day + timedelta(days=start_days), start_minutes, shown, "start")
    finish = _instant(day + timedelta(days=end_days), end_minutes, shown, "end")
    if finish <= begin:
        raise InvalidFinal(
            f"end {shown_time_label(end_days, end_minutes)} should be after start "
            f"{shown_time_label(start_days, start_minutes)}"
        )
    meeting_zone = window.zone()
    first_day, first = _local(begin, meeting_zone, end=False)
    last_day, last = _local(finish, meeting_zone, end=True)
    meeting_times = (
        f"the meeting's times ({minutes_label(window.start)}-{minutes_label(window.end)} "
        f"in {window.time_zone})"
    )
    if last_day != first_day:
        raise InvalidFinal(
            f"end {shown_time_label(end_days, end_minutes)} is outside {meeting_times}: "
            "it falls on another date than the start there"
        )
    for what, value, text in (
        ("start", first, shown_time_label(start_days, start_minutes)),
        ("end", last, shown_time_label(end_days, end_minutes)),
    ):
        if not window.start <= value <= window.end:
            raise InvalidFinal(f"{what} {text} is outside {meeting_times}")
    return first_day, minutes_label(first), minutes_label(last)
