"""Times of day: a meeting's daily window cut into slots, one mark per slot, and the best times.

Pure Python like ``meetings.domain`` (no Django): every store and both faces use these rules.

A timed meeting's range carries a window (``start``..``end`` minutes after midnight, ``end`` up
to 1440 for "24:00"), a slot length (15, 30 or 60 minutes) and an IANA time zone. Each
participant date holds one character per slot from ``start`` on: ``"0"`` busy, ``"1"`` free,
``"2"`` preferred (preferred implies free). A date is "free" when at least one slot is free, and
"starred" when at least one is preferred, so clients that only know dates read something true.

Slots are wall-clock times in the meeting's zone. On the day the clocks go forward, the slots
of the skipped hour name times that do not occur (``slot_instant`` answers ``None`` for them);
on the day they go back, a slot of the repeated hour covers both occurrences (its instant is
the first). The grid is the same on every day, so "09:00-09:30" always means what the clock on
the wall shows.
"""

from __future__ import annotations

import heapq
import re
import sys
import zoneinfo
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache
from itertools import accumulate, groupby

from meetings.domain import (
    DateAction,
    DomainError,
    FinalDecision,
    InvalidFinal,
    Participant,
    ParticipantDateId,
    date_action_apply,
    note_clean,
)

SLOT_LENGTHS = (15, 30, 60)
MINUTES_PER_DAY = 24 * 60
BUSY, FREE, PREFERRED = "0", "1", "2"
MAX_MARKS = 500
BEST_TIMES_COUNT = 3

WINDOW_ALL_OR_NONE = "start_time, end_time, slot_minutes and time_zone go together"

_HH_MM = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")


class InvalidTimeWindow(DomainError):
    """The window, slot length or zone of a date range breaks a rule (422 / 400)."""


class InvalidMark(DomainError):
    """A mark outside the range or window, or off a slot boundary (422)."""


def minutes_label(minutes: int) -> str:
    """``"HH:MM"`` of minutes after midnight; 1440 is ``"24:00"``."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def time_parse(text: object, *, what: str, end_of_day: bool = False) -> int:
    """Minutes after midnight of ``"HH:MM"`` (and ``"24:00"`` when ``end_of_day``)."""
    if isinstance(text, str):
        if end_of_day and text == "24:00":
            return MINUTES_PER_DAY
        found = _HH_MM.fullmatch(text)
        if found:
            return int(found.group(1)) * 60 + int(found.group(2))
    allowed = '"00:00" to "24:00"' if end_of_day else '"00:00" to "23:59"'
    raise InvalidTimeWindow(f"{what} should be a time from {allowed} written as HH:MM")


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def time_zone_check(name: object) -> str:
    if not isinstance(name, str) or name not in _known_zones():
        raise InvalidTimeWindow(f"time_zone {name} is not a known IANA time zone")
    return name


@dataclass(frozen=True, slots=True)
class TimeWindow:
    """The daily window of a timed meeting: ``start``..``end`` in minutes after midnight."""

    start: int
    end: int
    slot_minutes: int
    time_zone: str

    @property
    def slot_count(self) -> int:
        return (self.end - self.start) // self.slot_minutes

    def slot_start(self, index: int) -> int:
        return self.start + index * self.slot_minutes

    def slot_label(self, index: int) -> str:
        """``"09:00–09:30"`` of slot ``index``."""
        begin = self.slot_start(index)
        return f"{minutes_label(begin)}–{minutes_label(begin + self.slot_minutes)}"

    def slots_between(self, begin: int, end: int) -> range:
        """The indexes of the slots from ``begin`` to ``end`` (minutes, checked already)."""
        return range(
            (begin - self.start) // self.slot_minutes, (end - self.start) // self.slot_minutes
        )

    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


def time_window_check(
    start_time: object, end_time: object, slot_minutes: object, time_zone: object
) -> TimeWindow:
    """The window the four values describe, or ``InvalidTimeWindow`` with the exact reason."""
    if isinstance(slot_minutes, bool) or slot_minutes not in SLOT_LENGTHS:
        raise InvalidTimeWindow("slot_minutes should be 15, 30 or 60")
    assert isinstance(slot_minutes, int)
    start = time_parse(start_time, what="start_time")
    end = time_parse(end_time, what="end_time", end_of_day=True)
    for what, value in (("start_time", start), ("end_time", end)):
        if value % slot_minutes:
            raise InvalidTimeWindow(
                f"{what} {minutes_label(value)} is not on a {slot_minutes}-minute slot boundary"
            )
    if end <= start:
        raise InvalidTimeWindow(
            f"end_time {minutes_label(end)} should be after start_time {minutes_label(start)}"
        )
    return TimeWindow(start, end, slot_minutes, time_zone_check(time_zone))


# --- marks --------------------------------------------------------------------------------------


def slots_new(window: TimeWindow) -> str:
    """A new participant's marks for one date: free on every slot."""
    return FREE * window.slot_count


def slots_summary(slots: str) -> tuple[bool, bool]:
    """``(enabled, starred)`` of a date: free on some slot, preferred on some slot."""
    return (FREE in slots or PREFERRED in slots), PREFERRED in slots


_ACTION_TABLES = {
    DateAction.ON: str.maketrans({BUSY: FREE}),  # preferred stays preferred
    DateAction.OFF: str.maketrans({FREE: BUSY, PREFERRED: BUSY}),
    DateAction.STAR: str.maketrans({BUSY: PREFERRED, FREE: PREFERRED}),
    DateAction.UNSTAR: str.maketrans({PREFERRED: FREE}),
}


def slots_apply(slots: str, action: DateAction, indexes: range | None = None) -> str:
    """``slots`` after ``action`` on the slots ``indexes`` (all when ``None``), with the
    meanings the date actions have: ``off`` also drops the star, ``star`` also frees."""
    table = _ACTION_TABLES[action]
    if indexes is None:
        return slots.translate(table)
    begin, end = indexes.start, indexes.stop
    return slots[:begin] + slots[begin:end].translate(table) + slots[end:]


@dataclass(frozen=True, slots=True)
class Mark:
    """One painted stretch: ``action`` on ``day`` from slot ``first`` to before ``last``."""

    day: date
    action: DateAction
    slots: range | None  # None: the whole day (dates-only meetings, or from/to omitted)


def mark_check(
    *,
    day: date,
    action: DateAction,
    begin: object,
    end: object,
    dates: list[date],
    window: TimeWindow | None,
) -> Mark:
    """A mark of the request as the store applies it, or ``InvalidMark`` with the reason."""
    if not dates or day not in dates:
        raise InvalidMark(f"date {day} is not in the meeting's range")
    if window is None:
        if begin is not None or end is not None:
            raise InvalidMark("from and to are only for meetings with time slots")
        return Mark(day, action, None)
    if begin is None and end is None:
        return Mark(day, action, None)
    if begin is None or end is None:
        raise InvalidMark("from and to go together")
    first = _mark_time(begin, what="from", window=window)
    last = _mark_time(end, what="to", window=window, end_of_day=True)
    if last <= first:
        raise InvalidMark(f"to {minutes_label(last)} should be after from {minutes_label(first)}")
    return Mark(day, action, window.slots_between(first, last))


DateRow = tuple[ParticipantDateId, bool, bool, str | None]  # id, enabled, starred, slots


def marks_apply(
    rows: dict[date, DateRow], marks: Iterable[Mark], *, timed: bool
) -> dict[ParticipantDateId, tuple[bool, bool, str | None]]:
    """One participant's dates after ``marks`` (in order): only the dates that changed, as
    ``{date id: (enabled, starred, slots)}``. What stores write in one transaction."""
    current = dict(rows)
    changed: dict[ParticipantDateId, tuple[bool, bool, str | None]] = {}
    for mark in marks:
        if mark.day not in current:
            raise InvalidMark(f"date {mark.day} is not in the meeting's range")
        date_id, enabled, starred, slots = current[mark.day]
        if timed and slots is not None:
            slots = slots_apply(slots, mark.action, mark.slots)
            enabled, starred = slots_summary(slots)
        else:
            enabled, starred = date_action_apply(mark.action, enabled=enabled, starred=starred)
        current[mark.day] = (date_id, enabled, starred, slots)
        if (enabled, starred, slots) != rows[mark.day][1:]:
            changed[date_id] = (enabled, starred, slots)
        else:
            changed.pop(date_id, None)
    return changed


def _mark_time(
    value: object,
    *,
    what: str,
    window: TimeWindow,
    end_of_day: bool = False,
    error: type[DomainError] = InvalidMark,
) -> int:
    """Minutes of a time inside ``window`` on a slot boundary, else ``error`` with the reason."""
    try:
        minutes = time_parse(value, what=what, end_of_day=end_of_day)
    except InvalidTimeWindow as invalid:
        raise error(invalid.message) from None
    if not window.start <= minutes <= window.end:
        raise error(
            f"{what} {minutes_label(minutes)} is outside the window "
            f"{minutes_label(window.start)}-{minutes_label(window.end)}"
        )
    if (minutes - window.start) % window.slot_minutes:
        raise error(
            f"{what} {minutes_label(minutes)} is not on a {window.slot_minutes}-minute slot "
            "boundary"
        )
    return minutes


# --- the final date -----------------------------------------------------------------------------

FINAL_NO_DATES = "the meeting has no dates to pick from yet"


def final_check(
    *,
    day: date,
    start: object,
    end: object,
    note: str,
    dates: list[date],
    window: TimeWindow | None,
) -> FinalDecision:
    """The organizer's decision as stored (without ``decided_at``), or ``InvalidFinal`` with
    the reason: a date of the range and, on a timed meeting, ``start``..``end`` ("HH:MM") on
    slot boundaries inside the window; a dates-only meeting takes no times."""
    if not dates:
        raise InvalidFinal(FINAL_NO_DATES)
    if day not in dates:
        raise InvalidFinal(f"date {day} is not in the meeting's range")
    note = note_clean(note)
    if window is None:
        if start is not None or end is not None:
            raise InvalidFinal("start and end are only for meetings with time slots")
        return FinalDecision(day, note=note)
    if start is None or end is None:
        raise InvalidFinal("a meeting with time slots needs start and end")
    first = _mark_time(start, what="start", window=window, error=InvalidFinal)
    last = _mark_time(end, what="end", window=window, end_of_day=True, error=InvalidFinal)
    if last <= first:
        raise InvalidFinal(
            f"end {minutes_label(last)} should be after start {minutes_label(first)}"
        )
    return FinalDecision(day, first, last, note)


# --- time zones ---------------------------------------------------------------------------------


def slot_instant(day: date, minutes: int, zone: zoneinfo.ZoneInfo) -> datetime | None:
    """The moment (UTC) the wall clock in ``zone`` shows ``minutes`` on ``day``; ``None`` when
    that wall time does not occur (the hour skipped when the clocks go forward). A repeated
    wall time (the clocks go back) is its first occurrence."""
    local = datetime.combine(day, time()) + timedelta(minutes=minutes)
    aware = local.replace(tzinfo=zone, fold=0)
    back = aware.astimezone(UTC).astimezone(zone)
    if back.replace(tzinfo=None) != local:
        return None
    return aware.astimezone(UTC)


# --- best times ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BestTime:
    """A run: consecutive slots of one date with the same number of free participants."""

    day: date
    start: int  # minutes
    end: int
    free: int
    of: int
    preferred: int

    @property
    def length(self) -> int:
        return self.end - self.start


# Counting marks per slot across participants without a Python loop over every mark: each
# slot string becomes two numbers with one 16-bit field per slot (1 where free, 1 where
# preferred), the numbers of all participants are added, and the fields of the sums are the
# counts. People's marks repeat (whole free days, the same office hours), so the numbers of a
# string are kept once made.
_FREE_FIELDS = str.maketrans({BUSY: "\x00\x00", FREE: "\x01\x00", PREFERRED: "\x01\x00"})
_PREFERRED_FIELDS = str.maketrans({BUSY: "\x00\x00", FREE: "\x00\x00", PREFERRED: "\x01\x00"})


@lru_cache(maxsize=4096)
def _fields(slots: str) -> tuple[int, int]:
    free = int.from_bytes(slots.translate(_FREE_FIELDS).encode("latin-1"), "little")
    preferred = int.from_bytes(slots.translate(_PREFERRED_FIELDS).encode("latin-1"), "little")
    return free, preferred


def _counts(total: int, width: int) -> array[int]:
    counts = array("H", total.to_bytes(2 * width, "little"))
    if sys.byteorder == "big":
        counts.byteswap()
    return counts


def best_times_of(window: TimeWindow, participants: Iterable[Participant]) -> tuple[BestTime, ...]:
    """The best times of a timed meeting's participants."""
    by_date: dict[date, list[str]] = {}
    people = 0
    width = window.slot_count
    for participant in participants:
        people += 1
        for row in participant.dates:
            slots = row.slots
            if slots is not None and len(slots) == width:
                found = by_date.get(row.date)
                if found is None:
                    by_date[row.date] = [slots]
                else:
                    found.append(slots)
    return best_times_pick(window, sorted(by_date.items()), people)


def best_times_pick(
    window: TimeWindow,
    marks: list[tuple[date, list[str]]],
    participants: int,
    *,
    count: int = BEST_TIMES_COUNT,
) -> tuple[BestTime, ...]:
    """The top runs: most free, then most preferred marks, then longest, then earliest.

    ``marks``: for each date, every participant's slot string of that date. Nobody joined
    yet: no best times (as no best dates)."""
    if participants == 0:
        return ()
    # Each run as its sort key: (-free, -preferred, -slots, date, first slot). A GET of a timed
    # meeting computes this, so runs are found with groupby over the counts (C loops) and only
    # the top ones become BestTime objects.
    keys: list[tuple[int, int, int, date, int]] = []
    for day, rows in marks:
        free, preferred = slot_counts(window, rows)
        stars = [0, *accumulate(preferred)]
        index = 0
        for value, run in groupby(free):
            length = len(list(run))
            keys.append((-value, stars[index] - stars[index + length], -length, day, index))
            index += length
    step = window.slot_minutes
    return tuple(
        BestTime(
            day,
            window.start + first * step,
            window.start + (first - length) * step,
            -free,
            participants,
            -stars_of_run,
        )
        for free, stars_of_run, length, day, first in heapq.nsmallest(count, keys)
    )


# --- pages: slots laid out in a zone, counts per slot, a date's checkboxes as marks -----------


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


def slot_counts(window: TimeWindow, marks: list[str]) -> tuple[array[int], array[int]]:
    """How many of ``marks`` (every participant's slot string of one date) are free, and how
    many preferred, on each slot."""
    free_total = preferred_total = 0
    for slots in marks:
        free_fields, preferred_fields = _fields(slots)
        free_total += free_fields
        preferred_total += preferred_fields
    return _counts(free_total, window.slot_count), _counts(preferred_total, window.slot_count)


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
