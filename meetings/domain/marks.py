"""How participants mark dates and slots: the date actions, one character per slot (busy,
free, preferred), a request's marks checked against the range and window, and applied."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum

from meetings.domain.constants import ParticipantDateId
from meetings.domain.errors import InvalidMark
from meetings.domain.window import TimeWindow, minutes_label, slot_boundary_check

BUSY, FREE, PREFERRED = "0", "1", "2"


class DateAction(Enum):
    """How a participant marks one date. Each maps to fixed column values, so a store applies it
    as one conditional UPDATE with no read-modify-write."""

    ON = "on"
    OFF = "off"
    STAR = "star"
    UNSTAR = "unstar"

    def changes(self) -> dict[str, bool]:
        return _DATE_ACTION_CHANGES[self]


_DATE_ACTION_CHANGES: dict[DateAction, dict[str, bool]] = {
    DateAction.ON: {"enabled": True},  # the star stays as it is
    DateAction.OFF: {"enabled": False, "starred": False},  # busy dates cannot be preferred
    DateAction.STAR: {"enabled": True, "starred": True},  # preferring a date makes it free
    DateAction.UNSTAR: {"starred": False},  # stays free
}


def date_action_apply(action: DateAction, *, enabled: bool, starred: bool) -> tuple[bool, bool]:
    """The state of a date after ``action``: the reference for stores' conditional updates."""
    changes = action.changes()
    return changes.get("enabled", enabled), changes.get("starred", starred)


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
    first = slot_boundary_check(begin, what="from", window=window)
    last = slot_boundary_check(end, what="to", window=window, end_of_day=True)
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
