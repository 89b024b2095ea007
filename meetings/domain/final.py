"""The organizer's decision: the final date (and times, on a timed meeting) with a note, and
the checks a decision passes before a store keeps it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from meetings.domain.constants import EARLIEST_DATE, LATEST_DATE
from meetings.domain.errors import InvalidFinal
from meetings.domain.values import note_clean
from meetings.domain.window import TimeWindow, minutes_label, slot_boundary_check

FINAL_NO_DATES = "the meeting has no dates to pick from yet"
FINAL_STARTS_ON_DATED = "starts_on is only for weekly meetings; send date"
FINAL_DATE_WEEKLY = "this meeting is weekly: send weekday and starts_on instead of date"


@dataclass(frozen=True, slots=True)
class FinalDecision:
    """What the organizer decided: a date and, on a timed meeting, ``start``..``end`` (minutes
    after midnight in the meeting's zone, on slot boundaries inside the window), with a note.
    While a meeting has one it is closed: nobody joins or changes marks."""

    day: date
    start: int | None = None
    end: int | None = None
    note: str = ""
    # When it was decided (UTC, whole seconds): the calendar file's DTSTAMP.
    decided_at: datetime | None = None
    # The calendar file's SEQUENCE: 0 for the meeting's first decision, one more for each
    # decision after it (reopening and deciding again included), so calendar apps update the
    # event they imported. Stores count decisions; services and pages never set it.
    sequence: int = 0

    @property
    def timed(self) -> bool:
        return self.start is not None and self.end is not None


def final_sequence(decisions: int) -> int:
    """The SEQUENCE of the current decision of a meeting decided ``decisions`` times (a meeting
    decided before stores counted reads 0)."""
    return max(decisions - 1, 0)


def final_check(
    *,
    day: date,
    start: object,
    end: object,
    note: str,
    dates: list[date],
    window: TimeWindow | None,
    weekdays: tuple[int, ...] | None = None,
    weekday: int | None = None,
    recurring: bool | None = None,
) -> FinalDecision:
    """The organizer's decision as stored (without ``decided_at``), or ``InvalidFinal`` with
    the reason: a date of the range and, on a timed meeting, ``start``..``end`` ("HH:MM") on
    slot boundaries inside the window; a dates-only meeting takes no times.

    On a weekly meeting (``weekdays``) the decision recurs: ``day`` is the first date it
    happens on, which falls on one of the meeting's weekdays (and on ``weekday``, when the
    caller named one). ``recurring``: the kind of decision the caller named (the API's
    ``starts_on``: true, ``date``: false), refused when it is not the meeting's."""
    if not dates:
        raise InvalidFinal(FINAL_NO_DATES)
    if recurring is True and weekdays is None:
        raise InvalidFinal(FINAL_STARTS_ON_DATED)
    if recurring is False and weekdays is not None:
        raise InvalidFinal(FINAL_DATE_WEEKLY)
    if weekdays is not None:
        weekly_start_check(day, weekdays=weekdays, weekday=weekday)
    elif weekday is not None:
        raise InvalidFinal("weekday is only for weekly meetings; give the date")
    elif day not in dates:
        raise InvalidFinal(f"date {day} is not in the meeting's range")
    note = note_clean(note)
    if window is None:
        if start is not None or end is not None:
            raise InvalidFinal("start and end are only for meetings with time slots")
        return FinalDecision(day, note=note)
    if start is None or end is None:
        raise InvalidFinal("a meeting with time slots needs start and end")
    first = slot_boundary_check(start, what="start", window=window, error=InvalidFinal)
    last = slot_boundary_check(end, what="end", window=window, end_of_day=True, error=InvalidFinal)
    if last <= first:
        raise InvalidFinal(
            f"end {minutes_label(last)} should be after start {minutes_label(first)}"
        )
    return FinalDecision(day, first, last, note)


WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def weekly_start_check(day: date, *, weekdays: tuple[int, ...], weekday: int | None) -> None:
    """A weekly decision's first date: a real date on the named weekday, one of the meeting's."""
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise InvalidFinal(f"starts_on should be between {EARLIEST_DATE} and {LATEST_DATE}")
    if weekday is not None and day.isoweekday() != weekday:
        raise InvalidFinal(
            f"starts_on {day} is a {WEEKDAY_NAMES[day.isoweekday() - 1]}, not weekday {weekday}"
        )
    if day.isoweekday() not in weekdays:
        raise InvalidFinal(
            f"weekday {day.isoweekday()} is not one of the meeting's weekdays"
            f" ({', '.join(str(each) for each in weekdays)})"
        )
