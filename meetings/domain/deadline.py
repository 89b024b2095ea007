"""A deadline for answers ("answers due"): after it a meeting takes no joins and no marks.

The organizer gives it as a wall time in the meeting's zone (``"YYYY-MM-DDTHH:MM"``; UTC on a
meeting without a window, and so without a zone). It is kept as the moment it names, in UTC:
the check every write makes compares two instants, and a meeting's zone cannot make it move.
A wall time the zone skips (the clocks go forward over it) names no moment and is refused; one
the zone repeats (the clocks go back) is its first occurrence, as for a slot
(``window.slot_instant``). There is no background job: every join and mark checks the deadline
against "now" where the services judge it and again where the store writes
(``rules.open_require``).
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import UTC, date, datetime

from meetings.domain.constants import EARLIEST_DATE, LATEST_DATE
from meetings.domain.errors import InvalidDeadline
from meetings.domain.window import TimeWindow, slot_instant

DEADLINE_SHAPE = "deadline should be a date and time written as YYYY-MM-DDTHH:MM, or null"
DEADLINE_BOUNDS = f"deadline should be between {EARLIEST_DATE} and {LATEST_DATE}"
DEADLINE_ZONE = "UTC"  # the zone of a meeting without a window

_WALL = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([01][0-9]|2[0-3]):([0-5][0-9])")


def deadline_zone(window: TimeWindow | None) -> str:
    """The zone a meeting's deadline is written in: its window's, else UTC."""
    return DEADLINE_ZONE if window is None else window.time_zone


def deadline_wall_parse(text: object) -> datetime | None:
    """The wall time of ``"YYYY-MM-DDTHH:MM"`` (naive), ``None`` for ``None`` (no deadline);
    else ``InvalidDeadline``."""
    if text is None:
        return None
    found = _WALL.fullmatch(text) if isinstance(text, str) else None
    if found is None:
        raise InvalidDeadline(DEADLINE_SHAPE)
    year, month, day, hour, minute = (int(part) for part in found.groups())
    try:
        day_of = date(year, month, day)
    except ValueError:
        raise InvalidDeadline(DEADLINE_SHAPE) from None
    if not EARLIEST_DATE <= day_of <= LATEST_DATE:
        raise InvalidDeadline(DEADLINE_BOUNDS)
    return datetime(year, month, day, hour, minute)


def deadline_instant(wall: datetime, zone: str) -> datetime:
    """The moment (UTC) the wall clock in ``zone`` shows ``wall``; ``InvalidDeadline`` when it
    never does (the hour skipped when the clocks go forward); a repeated one is the first."""
    minutes = wall.hour * 60 + wall.minute
    instant = slot_instant(wall.date(), minutes, zoneinfo.ZoneInfo(zone))
    if instant is None:
        raise InvalidDeadline(
            f"deadline {deadline_text(wall)} does not occur in {zone}: "
            "the clocks go forward over it",
            skipped_in=zone,
        )
    return instant


def deadline_check(text: object, window: TimeWindow | None) -> datetime | None:
    """The moment (UTC) a deadline as sent names on a meeting with ``window``; ``None``: none."""
    wall = deadline_wall_parse(text)
    return None if wall is None else deadline_instant(wall, deadline_zone(window))


def deadline_wall(deadline: datetime, window: TimeWindow | None) -> datetime:
    """A stored deadline (aware) as the wall time (naive) of the meeting's zone."""
    return deadline.astimezone(zoneinfo.ZoneInfo(deadline_zone(window))).replace(tzinfo=None)


def deadline_text(wall: datetime) -> str:
    """``"YYYY-MM-DDTHH:MM"`` of a wall time: how answers show a deadline."""
    return wall.isoformat(timespec="minutes")


def deadline_passed(deadline: datetime | None, now: datetime) -> bool:
    """Whether answers are closed by ``deadline`` at ``now`` (at the deadline itself: closed)."""
    return deadline is not None and deadline <= now


def deadline_as_utc(value: datetime | str | None) -> datetime | None:
    """A stored deadline as a store's driver gives it (aware, naive UTC, or ISO text) as an
    aware UTC datetime."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
