"""How the admin names a meeting's days: dates, or on a weekly meeting weekday names (its
reference week's dates, ``meetings.domain.weekly``, are never shown), in the staff's language."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils.formats import date_format

from meetings.domain import weekday_day, weekdays_from_bits


def weekday_name(weekday: int) -> str:
    """The weekday's name ("Wednesday", "수요일") in the active language."""
    return date_format(weekday_day(weekday), "l")


def weekdays_text(bits: int | None) -> str | None:
    """A weekly meeting's weekdays as names ("Monday, Wednesday"); ``None`` on dated ones."""
    weekdays = weekdays_from_bits(bits)
    if weekdays is None:
        return None
    return ", ".join(weekday_name(weekday) for weekday in weekdays)


def day_text(day: date, *, weekly: bool) -> str:
    """One participant date: "Dec. 8", or its weekday's name on a weekly meeting."""
    if weekly:
        return weekday_name(day.isoweekday())
    return date_format(day, "MONTH_DAY_FORMAT")


def days_text(days: Iterable[date], *, weekly: bool) -> str:
    return ", ".join(day_text(day, weekly=weekly) for day in days)
