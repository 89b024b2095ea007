"""Weekly meetings: "which day of the week?" instead of "which date?".

A weekly meeting asks about a set of ISO weekdays (Monday = 1 .. Sunday = 7). Every rule that
works on a meeting's dates (marks, slots, totals, best dates and times) works on a weekly one
unchanged, because each weekday stands for one date of a fixed *reference week*, Monday
2001-01-01 to Sunday 2001-01-07: a participant's entry for Wednesday is kept on 2001-01-03.
Those dates never leave the server: the faces show and take weekdays (``weekday_of``,
``weekday_day``), and everything that needs a real date (showing slots in another zone, the
decision's first occurrence, calendars) takes the weekday's date in the week it is about
(``weekday_on_or_after``).

The stores keep the weekdays as a bit set (``weekdays_bits``: bit ``w - 1`` for weekday ``w``)
beside the reference week's first and last chosen day as the meeting's start and end date, so
"set once", joining (one entry per weekday, ``meeting_days``) and the purge (a weekly meeting
has no last date: only its last change counts) work as for dated meetings.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from meetings.domain.errors import InvalidMark, InvalidWeekdays
from meetings.domain.values import date_range_check

# Monday of the reference week (2001-01-01 was a Monday).
REFERENCE_MONDAY = date(2001, 1, 1)
REFERENCE_SUNDAY = REFERENCE_MONDAY + timedelta(days=6)
WEEKDAYS = (1, 2, 3, 4, 5, 6, 7)
WEEKDAYS_AND_DATES = "give either start_date and end_date or weekdays, not both"
WEEKDAYS_SHAPE = "weekdays should be a list of distinct ISO weekdays from 1 (Monday) to 7 (Sunday)"
WEEKDAYS_EMPTY = "weekdays should name at least one day"
MARK_WEEKDAY_ON_DATED = "weekday is only for weekly meetings; send date"
MARK_DATE_ON_WEEKLY = "this meeting is weekly: send weekday instead of date"
MARK_DAY_MISSING = "send date or weekday"


def weekdays_check(values: object) -> tuple[int, ...]:
    """The chosen weekdays, sorted, or ``InvalidWeekdays``: a list of distinct integers 1-7
    (Monday = 1, as ISO 8601 and Python's ``isoweekday``), at least one."""
    if not isinstance(values, list | tuple):
        raise InvalidWeekdays(WEEKDAYS_SHAPE)
    if not values:
        raise InvalidWeekdays(WEEKDAYS_EMPTY)
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int) or value not in WEEKDAYS:
            raise InvalidWeekdays(WEEKDAYS_SHAPE)
    if len(set(values)) != len(values):
        raise InvalidWeekdays(WEEKDAYS_SHAPE)
    return tuple(sorted(values))


def days_check(
    start: date | None, end: date | None, weekdays: object
) -> tuple[date, date, tuple[int, ...] | None]:
    """What a meeting's days are set to: a date range (checked as ``date_range_check`` does),
    or weekdays (``weekdays_check``) with the reference week's span; never both. A caller
    passes ``start``/``end`` together (their forms and serializers see to it)."""
    if weekdays is not None:
        if start is not None or end is not None:
            raise InvalidWeekdays(WEEKDAYS_AND_DATES)
        chosen = weekdays_check(weekdays)
        first, last = weekly_span(chosen)
        return first, last, chosen
    if start is None or end is None:
        raise ValueError("start_date and end_date go together")
    date_range_check(start, end)
    return start, end, None


def weekday_day(weekday: int) -> date:
    """The reference week's date that stands for ``weekday`` (1-7)."""
    if weekday not in WEEKDAYS:
        raise InvalidWeekdays(WEEKDAYS_SHAPE)
    return REFERENCE_MONDAY + timedelta(days=weekday - 1)


def weekday_of(day: date) -> int:
    """The ISO weekday of a date (of the reference week or any other)."""
    return day.isoweekday()


def weekly_span(weekdays: Iterable[int]) -> tuple[date, date]:
    """The start and end date a store keeps for a weekly meeting: the reference week's dates of
    its first and last weekday."""
    chosen = sorted(weekdays)
    return weekday_day(chosen[0]), weekday_day(chosen[-1])


def weekdays_bits(weekdays: Iterable[int]) -> int:
    """The weekdays as the stores keep them: bit ``w - 1`` set for weekday ``w``."""
    bits = 0
    for weekday in weekdays:
        bits |= 1 << (weekday - 1)
    return bits


def weekdays_from_bits(bits: int | None) -> tuple[int, ...] | None:
    """The weekdays of a stored bit set; ``None`` (a dated meeting) for ``None`` or 0."""
    if not bits:
        return None
    return tuple(weekday for weekday in WEEKDAYS if bits & (1 << (weekday - 1)))


def meeting_days(start: date, end: date, weekdays: Iterable[int] | None) -> list[date]:
    """The days a meeting asks about: every date from ``start`` to ``end``, or on a weekly
    meeting the reference week's dates of its weekdays."""
    if weekdays is not None:
        return [weekday_day(weekday) for weekday in sorted(weekdays)]
    return [start + timedelta(days=offset) for offset in range((end - start).days + 1)]


def mark_day(*, day: date | None, weekday: int | None, weekdays: tuple[int, ...] | None) -> date:
    """The day a mark is on, as the rules take it (``mark_check``): a date on a dated meeting;
    on a weekly one (``weekdays``), a weekday, or a reference date (the pages' own forms carry
    those); ``InvalidMark`` when the kind does not match the meeting's."""
    if weekdays is None:
        if weekday is not None:
            raise InvalidMark(MARK_WEEKDAY_ON_DATED)
        if day is None:
            raise InvalidMark(MARK_DAY_MISSING)
        return day
    if day is not None:
        if weekday is not None or not is_reference_day(day):
            raise InvalidMark(MARK_DATE_ON_WEEKLY)
        return day
    if weekday is None:
        raise InvalidMark(MARK_DAY_MISSING)
    if weekday not in weekdays:
        raise InvalidMark(f"weekday {weekday} is not one of the meeting's weekdays")
    return weekday_day(weekday)


def weekday_on_or_after(weekday: int, day: date) -> date:
    """The first date on or after ``day`` that falls on ``weekday``: where the faces put a
    weekday's slots to show them in another zone (``day`` is today in the meeting's zone, so
    this is the coming week, today included), and the first date a decision may start on."""
    return day + timedelta(days=(weekday - day.isoweekday()) % 7)


def week_monday(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.isoweekday() - 1)


def week_days(days: Iterable[date], week: date) -> dict[date, date]:
    """Each of a weekly meeting's days (reference dates) on its date in the ISO week of
    ``week`` (any date of it): where a calendar's busy times are read for that week."""
    monday = week_monday(week)
    return {day: monday + timedelta(days=day.isoweekday() - 1) for day in days}


def is_reference_day(day: date) -> bool:
    """Whether ``day`` is one of the reference week's dates (a weekly meeting's entry)."""
    return REFERENCE_MONDAY <= day <= REFERENCE_SUNDAY
