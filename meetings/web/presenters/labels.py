"""The words the grids are made of, in the active language: dates, zones, cell states, heat."""

from __future__ import annotations

import math
from datetime import date

from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy

from meetings.domain import AnswerWords, ShownSpan, is_reference_day, minutes_label

HEAT_LEVELS = 4  # heat-0 (nobody free) .. heat-4 (everybody free)

# Column heads are narrow: Korean needs one syllable here, not Django's "월요일".
WEEKDAYS_SHORT = (
    pgettext_lazy("weekday in a column head", "Mon"),
    pgettext_lazy("weekday in a column head", "Tue"),
    pgettext_lazy("weekday in a column head", "Wed"),
    pgettext_lazy("weekday in a column head", "Thu"),
    pgettext_lazy("weekday in a column head", "Fri"),
    pgettext_lazy("weekday in a column head", "Sat"),
    pgettext_lazy("weekday in a column head", "Sun"),
)


def weekday_long(day: date) -> str:
    """A day's weekday alone: "Tuesday" / "화요일" (a weekly meeting's days, on any date)."""
    return str(WEEKDAYS[day.weekday()])


def weekday_short(day: date) -> str:
    """ "Tue" / "화", as a column head says it."""
    return str(WEEKDAYS_SHORT[day.weekday()])


def date_long(day: date) -> str:
    """E.g. "Tuesday, December 1" / "12월 1일 화요일"; a weekly meeting's day (a reference
    date, ``domain.weekly``): its weekday, "Tuesday" / "화요일"."""
    if is_reference_day(day):
        return weekday_long(day)
    return date_format(day, pgettext("date format: weekday, month and day", "l, F j"))


def date_with_year(day: date) -> str:
    """E.g. "December 1, 2026" / "2026년 12월 1일" (a weekly meeting's day: its weekday)."""
    if is_reference_day(day):
        return weekday_long(day)
    return date_format(day, "DATE_FORMAT")


def date_short(day: date) -> str:
    """E.g. "Tue Dec 1", for the label of every slot cell (a weekly meeting's day: "Tue")."""
    if is_reference_day(day):
        return weekday_short(day)
    return date_format(day, pgettext("date format: short weekday, month and day", "D M j"))


MAX_TIES_NAMED = 3


def tied_label(others: list[str]) -> str:
    """ "tied with Thu Dec 3, Fri Dec 4" ("" with no tie): best dates or times ranked exactly
    alike, of which the earlier came first; past ``MAX_TIES_NAMED``, how many more."""
    if not others:
        return ""
    if len(others) > MAX_TIES_NAMED:
        more = len(others) - MAX_TIES_NAMED
        return ngettext(
            "tied with %(names)s and %(count)d more",
            "tied with %(names)s and %(count)d more",
            more,
        ) % {"names": ", ".join(others[:MAX_TIES_NAMED]), "count": more}
    return gettext("tied with %(names)s") % {"names": ", ".join(others)}


def weekend_name(day: date) -> str:
    """ "saturday" or "sunday" (a CSS class: Korean calendars colour Saturday blue and Sunday
    red, others both alike), "" on weekdays."""
    return {5: "saturday", 6: "sunday"}.get(day.weekday(), "")


def zone_label(name: str) -> str:
    """An IANA zone as people read it: "America/New York"."""
    return name.replace("_", " ")


def span_label(span: ShownSpan, *, weekly: bool = False) -> str:
    """A stretch of time in words: "Monday, December 7, 09:00–17:00" on one day; across
    midnight both days, short: "Mon Dec 7, 23:00 – Tue Dec 8, 07:00". ``weekly``: the days'
    weekdays only ("Monday, 09:00–17:00"), whatever dates the span is on."""
    long, short = (weekday_long, weekday_short) if weekly else (date_long, date_short)
    if not span.crosses_midnight:
        return pgettext("a best time: date, start and end", "%(date)s, %(start)s–%(end)s") % {
            "date": long(span.start_day),
            "start": minutes_label(span.start),
            "end": minutes_label(span.end),
        }
    return pgettext(
        "a time span across midnight: start date and time, end date and time",
        "%(start_date)s, %(start)s – %(end_date)s, %(end)s",
    ) % {
        "start_date": short(span.start_day),
        "start": minutes_label(span.start),
        "end_date": short(span.end_day),
        "end": minutes_label(span.end),
    }


def days_after_label(days: int) -> str:
    """A row or a time past midnight of its date: "next day", "+2 days"."""
    if days == 1:
        return pgettext("a time past midnight of its column's date", "next day")
    return ngettext("+%(days)d day", "+%(days)d days", days) % {"days": days}


def heat_level(free: int, total: int) -> int:
    """0 when nobody is free, else 1..HEAT_LEVELS by the share of participants free."""
    if free <= 0 or total <= 0:
        return 0
    return max(1, min(HEAT_LEVELS, math.ceil(free / total * HEAT_LEVELS)))


def cell_state(enabled: bool, starred: bool, if_need_be: bool = False) -> str:
    """A date's state as the grids name it (and style it): busy, starred, ifneedbe or free."""
    if not enabled:
        return "busy"
    return "starred" if starred else "ifneedbe" if if_need_be else "free"


def state_label(state: str) -> str:
    return {
        "free": gettext("free"),
        "busy": gettext("busy"),
        "starred": gettext("free, preferred"),
        "ifneedbe": gettext("free, if need be"),
    }[state]


def answer_words() -> AnswerWords:
    """The answers file's words in the active language: in English, the API file's own."""
    return AnswerWords(
        participant=pgettext("answers file: column head", "participant"),
        answered=pgettext("answers file: column head", "answered"),
        yes=pgettext("answers file: answered", "yes"),
        no=pgettext("answers file: answered", "no"),
        free=gettext("free"),
        busy=gettext("busy"),
        preferred=gettext("preferred"),
        if_need_be=gettext("if need be"),
        total=pgettext("answers file: the totals row", "free (answered participants)"),
        weekdays=tuple(str(name) for name in WEEKDAYS.values()),
    )
