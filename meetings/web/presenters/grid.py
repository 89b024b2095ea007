"""The dates grid of the meeting page: a column per date with its free count and heat, a row
per participant (the viewer's first, with its buttons), and the best dates. A weekly meeting's
columns are its weekdays ("Mon"), labelled by their names ("Monday"), never by a date.

Built from a domain snapshot for one viewer ("me", or nobody), with every label in the active
language. Templates only lay this out; no rule is decided there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import ngettext, pgettext

from meetings.domain import Busy, Meeting, Participant, free_counts, ties_of
from meetings.web.daykeys import day_key
from meetings.web.presenters.cells import DateCells
from meetings.web.presenters.labels import (
    WEEKDAYS_SHORT,
    date_long,
    date_short,
    heat_level,
    tied_label,
    weekend_name,
)


@dataclass(frozen=True)
class Column:
    day: date
    iso: str
    weekday: str
    month_day: str
    label: str
    free: int
    heat: int
    best: bool
    weekend: str  # "saturday", "sunday" or ""
    count_label: str


@dataclass(frozen=True)
class Row:
    participant: Participant
    is_me: bool
    html: SafeString  # the row's cells, every value escaped


@dataclass(frozen=True)
class BestDate:
    day: date
    key: str  # as a "Pick" posts it (``day_key``)
    label: str
    free: int
    starred: int
    if_need_be: int = 0  # of ``free``, those free only if need be
    tied: str = ""  # "tied with Thu Dec 3, Fri Dec 4": ranked alike, the earlier date first


@dataclass(frozen=True)
class Grid:
    columns: list[Column]
    rows: list[Row]
    best: list[BestDate]
    total: int  # the participants who answered: the only ones counted
    waiting: list[str]  # the names of those who have not answered yet


def grid_build(
    meeting: Meeting, *, me: Participant | None, busy: dict[date, Busy] | None = None
) -> Grid:
    """The dates grid; ``busy``: my dates a calendar preview hatches."""
    counts = free_counts(meeting)
    answered = meeting.answered
    total = len(answered)
    starred: dict[date, int] = dict.fromkeys(counts, 0)
    if_need_be: dict[date, int] = dict.fromkeys(counts, 0)
    for participant in answered:
        for row in participant.dates:
            if row.enabled and row.starred and row.date in starred:
                starred[row.date] += 1
            if row.enabled and row.if_need_be and row.date in if_need_be:
                if_need_be[row.date] += 1
    # Only dates somebody is free on are worth recommending.
    best_days = [day for day in meeting.best_dates if counts.get(day, 0) > 0]
    day_labels = {day: date_long(day) for day in counts}
    month_day_format = pgettext("date format: month/day in a column head", "n/j")
    columns = [
        Column(
            day=day,
            iso=day_key(day),
            weekday=str(WEEKDAYS_SHORT[day.weekday()]),
            # A weekly meeting's column is a weekday: no date under it.
            month_day="" if meeting.weekly else date_format(day, month_day_format),
            label=day_labels[day],
            free=free,
            heat=heat_level(free, total),
            best=day in best_days,
            weekend=weekend_name(day),
            count_label=ngettext(
                "%(date)s: %(free)d of %(total)d free",
                "%(date)s: %(free)d of %(total)d free",
                total,
            )
            % {"date": day_labels[day], "free": free, "total": total},
        )
        for day, free in counts.items()
    ]
    ordered = sorted(meeting.participants, key=lambda p: me is None or str(p.id) != str(me.id))
    cells = DateCells(day_labels)
    rows = []
    for participant in ordered:
        is_me = me is not None and str(participant.id) == str(me.id)
        rows.append(
            Row(
                participant,
                is_me,
                cells.mine(participant, busy) if is_me else cells.others(participant),
            )
        )
    keys = {day: (free, -if_need_be[day], starred[day]) for day, free in counts.items() if free > 0}
    ties = ties_of(keys, best_days)
    best = [
        BestDate(
            day=day,
            key=day_key(day),
            label=day_labels[day],
            free=counts[day],
            starred=starred[day],
            if_need_be=if_need_be[day],
            tied=tied_label([date_short(other) for other in ties[day]]),
        )
        for day in best_days
    ]
    waiting = [participant.name for participant in meeting.unanswered]
    return Grid(columns=columns, rows=rows, best=best, total=total, waiting=waiting)
