"""What the meeting page shows: the availability grid, the free counts and the best dates.

Built from a domain snapshot for one viewer ("me", or nobody), with every label in the active
language. Templates only lay this out; no rule is decided there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy

from meetings.domain import DateAction, Meeting, Participant, free_counts

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


def date_long(day: date) -> str:
    """E.g. "Tuesday, December 1" / "12월 1일 화요일"."""
    return date_format(day, pgettext("date format: weekday, month and day", "l, F j"))


def date_with_year(day: date) -> str:
    """E.g. "December 1, 2026" / "2026년 12월 1일"."""
    return date_format(day, "DATE_FORMAT")


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
    weekend: bool
    count_label: str


@dataclass(frozen=True)
class Cell:
    day: date
    iso: str
    enabled: bool
    starred: bool
    state: str  # "free", "busy" or "starred"
    label: str
    toggle_action: str  # what a click on the cell does
    star_action: str  # what a click on the star does
    star_label: str


@dataclass(frozen=True)
class Row:
    participant: Participant
    is_me: bool
    cells: list[Cell]


@dataclass(frozen=True)
class BestDate:
    day: date
    label: str
    free: int
    starred: int


@dataclass(frozen=True)
class Grid:
    columns: list[Column]
    rows: list[Row]
    best: list[BestDate]
    total: int


def heat_level(free: int, total: int) -> int:
    """0 when nobody is free, else 1..HEAT_LEVELS by the share of participants free."""
    if free <= 0 or total <= 0:
        return 0
    return max(1, min(HEAT_LEVELS, math.ceil(free / total * HEAT_LEVELS)))


def cell_state(enabled: bool, starred: bool) -> str:
    if not enabled:
        return "busy"
    return "starred" if starred else "free"


def state_label(state: str) -> str:
    return {
        "free": gettext("free"),
        "busy": gettext("busy"),
        "starred": gettext("free, preferred"),
    }[state]


def grid_build(meeting: Meeting, *, me: Participant | None) -> Grid:
    counts = free_counts(meeting)
    total = len(meeting.participants)
    starred: dict[date, int] = dict.fromkeys(counts, 0)
    for participant in meeting.participants:
        for row in participant.dates:
            if row.enabled and row.starred and row.date in starred:
                starred[row.date] += 1
    # Only dates somebody is free on are worth recommending.
    best_days = [day for day in meeting.best_dates if counts.get(day, 0) > 0]
    day_labels = {day: date_long(day) for day in counts}
    month_day_format = pgettext("date format: month/day in a column head", "n/j")
    columns = [
        Column(
            day=day,
            iso=day.isoformat(),
            weekday=str(WEEKDAYS_SHORT[day.weekday()]),
            month_day=date_format(day, month_day_format),
            label=day_labels[day],
            free=free,
            heat=heat_level(free, total),
            best=day in best_days,
            weekend=day.weekday() >= 5,
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
    rows = [
        Row(
            participant=participant,
            is_me=me is not None and str(participant.id) == str(me.id),
            cells=_cells(participant, day_labels),
        )
        for participant in ordered
    ]
    best = [
        BestDate(day=day, label=day_labels[day], free=counts[day], starred=starred[day])
        for day in best_days
    ]
    return Grid(columns=columns, rows=rows, best=best, total=total)


def _cells(participant: Participant, day_labels: dict[date, str]) -> list[Cell]:
    # Dates are formatted once per grid (``day_labels``) and translations looked up once per
    # row, not per cell: a 50 x 63 meeting has 3,150 cells, and formatting each date twice per
    # cell took most of the page's time.
    label_format = gettext("%(name)s, %(date)s: %(state)s")
    star_format = gettext("%(name)s, %(date)s: preferred")
    state_labels = {state: state_label(state) for state in ("free", "busy", "starred")}
    cells = []
    for row in participant.dates:
        state = cell_state(row.enabled, row.starred)
        day_label = day_labels.get(row.date) or date_long(row.date)
        cells.append(
            Cell(
                day=row.date,
                iso=row.date.isoformat(),
                enabled=row.enabled,
                starred=row.starred,
                state=state,
                label=label_format
                % {"name": participant.name, "date": day_label, "state": state_labels[state]},
                toggle_action=(DateAction.OFF if row.enabled else DateAction.ON).value,
                star_action=(DateAction.UNSTAR if row.starred else DateAction.STAR).value,
                star_label=star_format % {"name": participant.name, "date": day_label},
            )
        )
    return cells
