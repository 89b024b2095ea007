"""The daily time window of a timed meeting: its slots, "HH:MM" times, IANA zones, and the
moment a wall time in the meeting's zone is (or does not occur)."""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from meetings.domain.errors import DomainError, InvalidMark, InvalidTimeWindow

SLOT_LENGTHS = (15, 30, 60)
MINUTES_PER_DAY = 24 * 60

WINDOW_ALL_OR_NONE = "start_time, end_time, slot_minutes and time_zone go together"

_HH_MM = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")


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


def slot_boundary_check(
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
