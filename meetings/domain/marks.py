"""How participants mark dates and slots: the date actions, one character per slot (busy,
free, preferred, if need be), a request's marks checked against the range and window, and
applied."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum

from meetings.domain.constants import ParticipantDateId
from meetings.domain.errors import InvalidMark
from meetings.domain.window import TimeWindow, minutes_label, slot_boundary_check

BUSY, FREE, PREFERRED = "0", "1", "2"
# Free, but one would rather not: counts as free, ranks below plain free (issue 23, item 1).
IF_NEED_BE = "3"


class DateAction(Enum):
    """How a participant marks one date. Each maps to fixed column values, so a store applies it
    as one conditional UPDATE with no read-modify-write."""

    ON = "on"
    OFF = "off"
    STAR = "star"
    UNSTAR = "unstar"
    IFNEEDBE = "ifneedbe"

    def changes(self) -> dict[str, bool]:
        return _DATE_ACTION_CHANGES[self]


# A free date is plainly free, preferred (starred) or free if need be, never both of the last.
_DATE_ACTION_CHANGES: dict[DateAction, dict[str, bool]] = {
    DateAction.ON: {"enabled": True},  # the star (or the if need be) stays as it is
    # Busy dates are neither preferred nor free if need be.
    DateAction.OFF: {"enabled": False, "starred": False, "if_need_be": False},
    # Preferring a date makes it free (and no longer if need be).
    DateAction.STAR: {"enabled": True, "starred": True, "if_need_be": False},
    DateAction.UNSTAR: {"starred": False, "if_need_be": False},  # stays free, plainly
    DateAction.IFNEEDBE: {"enabled": True, "starred": False, "if_need_be": True},
}

DateState = tuple[bool, bool, bool]  # enabled, starred, if need be


def date_action_apply(
    action: DateAction, *, enabled: bool, starred: bool, if_need_be: bool = False
) -> DateState:
    """The state of a date after ``action``: the reference for stores' conditional updates."""
    changes = action.changes()
    return (
        changes.get("enabled", enabled),
        changes.get("starred", starred),
        changes.get("if_need_be", if_need_be),
    )


def slots_new(window: TimeWindow) -> str:
    """A new participant's marks for one date: free on every slot."""
    return FREE * window.slot_count


def slots_summary(slots: str) -> DateState:
    """``(enabled, starred, if_need_be)`` of a date: free (of any kind) on some slot,
    preferred on some slot, free if need be on some slot."""
    return (
        FREE in slots or PREFERRED in slots or IF_NEED_BE in slots,
        PREFERRED in slots,
        IF_NEED_BE in slots,
    )


_ACTION_TABLES = {
    DateAction.ON: str.maketrans({BUSY: FREE}),  # preferred and if need be stay as they are
    DateAction.OFF: str.maketrans({FREE: BUSY, PREFERRED: BUSY, IF_NEED_BE: BUSY}),
    DateAction.STAR: str.maketrans({BUSY: PREFERRED, FREE: PREFERRED, IF_NEED_BE: PREFERRED}),
    DateAction.UNSTAR: str.maketrans({PREFERRED: FREE, IF_NEED_BE: FREE}),
    DateAction.IFNEEDBE: str.maketrans({BUSY: IF_NEED_BE, FREE: IF_NEED_BE, PREFERRED: IF_NEED_BE}),
}


def slots_apply(slots: str, action: DateAction, indexes: range | None = None) -> str:
    """``slots`` after ``action`` on the slots ``indexes`` (all when ``None``), with the
    meanings the date actions have: ``off`` also drops the star, ``star`` and ``ifneedbe``
    also free, ``unstar`` makes preferred and if need be plainly free."""
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


# id, enabled, starred, if need be, slots
DateRow = tuple[ParticipantDateId, bool, bool, bool, str | None]
DateWrite = tuple[bool, bool, bool, str | None]  # enabled, starred, if need be, slots


def marks_apply(
    rows: dict[date, DateRow], marks: Iterable[Mark], *, timed: bool
) -> dict[ParticipantDateId, DateWrite]:
    """One participant's dates after ``marks`` (in order): only the dates that changed, as
    ``{date id: (enabled, starred, if_need_be, slots)}``. What stores write in one
    transaction."""
    current = dict(rows)
    changed: dict[ParticipantDateId, DateWrite] = {}
    for mark in marks:
        if mark.day not in current:
            raise InvalidMark(f"date {mark.day} is not in the meeting's range")
        date_id, enabled, starred, if_need_be, slots = current[mark.day]
        if timed and slots is not None:
            slots = slots_apply(slots, mark.action, mark.slots)
            enabled, starred, if_need_be = slots_summary(slots)
        else:
            enabled, starred, if_need_be = date_action_apply(
                mark.action, enabled=enabled, starred=starred, if_need_be=if_need_be
            )
        current[mark.day] = (date_id, enabled, starred, if_need_be, slots)
        if (enabled, starred, if_need_be, slots) != rows[mark.day][1:]:
            changed[date_id] = (enabled, starred, if_need_be, slots)
        else:
            changed.pop(date_id, None)
    return changed
