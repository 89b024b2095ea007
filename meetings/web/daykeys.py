"""A meeting's day as the pages write it in their HTML (ids, form values, the grid's data) and
read it back from what a form or the script posts: a date as ``2026-12-01``; a weekly
meeting's weekday as ``mon`` .. ``sun``, never as the reference week's date it stands for
(``domain.weekly``), which no page shows."""

from __future__ import annotations

from datetime import date

from meetings.domain import is_reference_day, weekday_day

WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def day_key(day: date) -> str:
    """``mon`` .. ``sun`` for a weekly meeting's day (a reference date), else the ISO date."""
    if is_reference_day(day):
        return WEEKDAY_KEYS[day.weekday()]
    return day.isoformat()


def day_from_key(text: str) -> date:
    """The day ``day_key`` wrote (``ValueError`` for anything else): a weekday key stands for
    its reference date, which the services take on weekly meetings (``domain.mark_day``)."""
    if text in WEEKDAY_KEYS:
        return weekday_day(WEEKDAY_KEYS.index(text) + 1)
    day = date.fromisoformat(text)
    if is_reference_day(day):  # only ever written as a weekday
        raise ValueError(f"{text} is not a day the pages write")
    return day
