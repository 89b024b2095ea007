"""What the meeting page shows: the availability grid, the free counts and the best dates.

Built from a domain snapshot for one viewer ("me", or nobody), with every label in the active
language. Templates only lay this out; no rule is decided there.

A timed meeting (``Meeting.window``) gets a ``SlotGrid`` instead: the viewer's own slots and
everyone's (a heat map), dates as columns and slots as rows, laid out in the zone shown
(``meetings.slots.slot_layout``). What does not change between renders (the layout, every
cell's date and time label) is built once per layout and language and kept.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from html import escape

from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext, pgettext, pgettext_lazy

from meetings.domain import (
    BUSY,
    FREE,
    PREFERRED,
    DateAction,
    Meeting,
    Participant,
    TimeWindow,
    free_counts,
    minutes_label,
    slot_counts,
)
from meetings.web.presenters.layout import SlotLayout, slot_layout, wall_time_in

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
class Row:
    participant: Participant
    is_me: bool
    html: SafeString  # the row's cells, every value escaped


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
    cells = _CellWriter(day_labels)
    rows = []
    for participant in ordered:
        is_me = me is not None and str(participant.id) == str(me.id)
        rows.append(
            Row(participant, is_me, cells.mine(participant) if is_me else cells.others(participant))
        )
    best = [
        BestDate(day=day, label=day_labels[day], free=counts[day], starred=starred[day])
        for day in best_days
    ]
    return Grid(columns=columns, rows=rows, best=best, total=total)


_OTHERS_MARKS = {"free": "✓", "busy": "✕", "starred": "★"}
_ON, _OFF, _STAR, _UNSTAR = (
    DateAction.ON.value,
    DateAction.OFF.value,
    DateAction.STAR.value,
    DateAction.UNSTAR.value,
)


class _CellWriter:
    """The cells of the grid's rows as HTML, written in Python rather than as template loops.

    Every open page refetches this grid after each change, and a 50 x 63 meeting has 3,150
    cells: the template engine spent about 18 us on each. Values are escaped once per grid
    (dates, states, the label formats) or once per row (the name): a format escaped with its
    values escaped is the escaped whole, since escaping only touches ``&<>"'``."""

    def __init__(self, day_labels: dict[date, str]) -> None:
        self.days = {day: escape(label) for day, label in day_labels.items()}
        self.isos = {day: day.isoformat() for day in day_labels}
        self.label_format = escape(gettext("%(name)s, %(date)s: %(state)s"))
        self.star_format = escape(gettext("%(name)s, %(date)s: preferred"))
        self.states = {state: escape(state_label(state)) for state in ("free", "busy", "starred")}

    def _day(self, day: date) -> tuple[str, str]:
        if day not in self.days:  # a date outside the range: labelled all the same
            self.days[day] = escape(date_long(day))
            self.isos[day] = day.isoformat()
        return self.days[day], self.isos[day]

    def others(self, participant: Participant) -> SafeString:
        name = escape(participant.name)
        parts = []
        for row in participant.dates:
            state = "busy" if not row.enabled else ("starred" if row.starred else "free")
            day, _ = self._day(row.date)
            label = self.label_format % {"name": name, "date": day, "state": self.states[state]}
            parts.append(
                f'<td class="cell {state}"><span class="mark" role="img" aria-label="{label}" '
                f'title="{label}">{_OTHERS_MARKS[state]}</span></td>'
            )
        return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped

    def mine(self, participant: Participant) -> SafeString:
        name = escape(participant.name)
        parts = []
        for row in participant.dates:
            state = "busy" if not row.enabled else ("starred" if row.starred else "free")
            day, iso = self._day(row.date)
            label = self.label_format % {"name": name, "date": day, "state": self.states[state]}
            star_label = self.star_format % {"name": name, "date": day}
            toggle = _OFF if row.enabled else _ON
            star = _UNSTAR if row.starred else _STAR
            pressed = "true" if row.enabled else "false"
            star_pressed = "true" if row.starred else "false"
            parts.append(
                f'<td class="cell {state}"><div class="cell-controls">'
                f'<button type="submit" form="mark-form" name="mark" value="{iso}:{toggle}" '
                f'id="toggle-{iso}" class="toggle" aria-pressed="{pressed}" '
                f'aria-label="{label}" title="{label}"><span aria-hidden="true">'
                f"{'✓' if row.enabled else '✕'}</span></button>"
                f'<button type="submit" form="mark-form" name="mark" value="{iso}:{star}" '
                f'id="star-{iso}" class="star" aria-pressed="{star_pressed}" '
                f'aria-label="{star_label}" title="{star_label}"><span aria-hidden="true">'
                f"{'★' if row.starred else '☆'}</span></button></div></td>"
            )
        return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


# --- timed meetings: the viewer's slots and everyone's -----------------------------------------

MARK_CLASSES = {BUSY: "b", FREE: "f", PREFERRED: "p"}


def zone_label(name: str) -> str:
    """An IANA zone as people read it: "America/New York"."""
    return name.replace("_", " ")


def date_short(day: date) -> str:
    """E.g. "Tue Dec 1", for the label of every slot cell."""
    return date_format(day, pgettext("date format: short weekday, month and day", "D M j"))


@dataclass(frozen=True)
class SlotColumn:
    iso: str
    weekday: str
    month_day: str
    label: str
    weekend: bool
    save_id: str  # the id of this date's form of checkboxes ("" when there is none)
    was: str  # my marks of this date as the page shows them (the form sends them back)


@dataclass(frozen=True)
class SlotRow:
    time: str  # the row head, "09:00"
    label: str  # "09:00–09:30"
    mine: SafeString  # my cells (HTML, every value escaped)
    heat: SafeString  # everyone's cells (HTML, every value escaped)


@dataclass(frozen=True)
class BestTimeLabel:
    label: str  # in the zone shown
    free: int
    of: int
    # The run in the meeting's own zone, as the organizer's "Pick" posts it.
    iso: str
    start: str  # "HH:MM"
    end: str  # "HH:MM" ("24:00" at the end of the day)


@dataclass(frozen=True)
class SlotGrid:
    zone: str  # the zone the times are shown in
    zone_label: str
    meeting_zone_label: str
    viewer_zone_label: str  # the browser's zone when it differs from the meeting's, else ""
    in_meeting_zone: bool
    columns: list[SlotColumn]
    rows: list[SlotRow]
    mine: bool  # whether there is a grid of my own to paint
    forms: bool  # whether my cells carry the checkboxes of the forms without JavaScript
    people: list[tuple[str, str]]  # (name, every slot of every date) for "who is free"
    best: list[BestTimeLabel]
    total: int
    dates: str  # the meeting's dates, space-separated: a cell's data-k is date x slot
    start: int
    slot_minutes: int
    slot_count: int


@dataclass(frozen=True)
class _Labels:
    columns: tuple[tuple[str, str, str, str, bool], ...]  # iso, weekday, month/day, long, weekend
    rows: tuple[tuple[str, str], ...]  # row head, "09:00–09:30"
    cells: tuple[tuple[str, ...], ...]  # "Tue Dec 1, 09:00–09:30", escaped, [row][column]


@lru_cache(maxsize=256)
def _labels(layout: SlotLayout, slot_minutes: int, language: str | None) -> _Labels:
    """The labels of a layout in the active language (``language`` is part of the key)."""
    month_day_format = pgettext("date format: month/day in a column head", "n/j")
    columns = tuple(
        (
            day.isoformat(),
            str(WEEKDAYS_SHORT[day.weekday()]),
            date_format(day, month_day_format),
            date_long(day),
            day.weekday() >= 5,
        )
        for day in layout.columns
    )
    again = pgettext(
        "a wall time the clocks pass a second time as they go back", "%(time)s (again)"
    )
    rows = []
    for minutes, fold in layout.rows:
        head = minutes_label(minutes)
        span = f"{head}–{minutes_label(min(minutes + slot_minutes, 24 * 60))}"
        if fold:
            head, span = again % {"time": head}, again % {"time": span}
        rows.append((head, span))
    short = [date_short(day) for day in layout.columns]
    cell_format = pgettext("a slot cell: date and time", "%(date)s, %(time)s")
    cells = tuple(
        tuple(escape(cell_format % {"date": day, "time": span}) for day in short)
        for _head, span in rows
    )
    return _Labels(columns, tuple(rows), cells)


def slot_grid_build(
    meeting: Meeting,
    *,
    me: Participant | None,
    zone: str,
    viewer_zone: str | None,
    forms: bool,
) -> SlotGrid:
    """The two grids of a timed meeting, in ``zone`` (the meeting's or the viewer's).

    ``me``: whose slots are painted (only when this browser may change them); ``forms``: give
    my cells the checkboxes of the per-date forms without JavaScript (only in the meeting's
    zone, where a column is one date)."""
    window = meeting.window
    assert window is not None
    assert meeting.start_date is not None
    assert meeting.end_date is not None
    layout = slot_layout(window, meeting.start_date, meeting.end_date, zone)
    labels = _labels(layout, window.slot_minutes, get_language())
    in_meeting_zone = zone == window.time_zone
    forms = forms and me is not None and in_meeting_zone
    dates = meeting.dates()
    count = window.slot_count
    date_index = {day: index for index, day in enumerate(dates)}
    empty = BUSY * count
    by_date: dict[date, list[str]] = {day: [] for day in dates}
    people = []
    mine = ""
    for participant in meeting.participants:
        marks = {
            row.date: row.slots
            for row in participant.dates
            if row.slots is not None and len(row.slots) == count and row.date in by_date
        }
        for day, slots in marks.items():
            by_date[day].append(slots)
        every = "".join(marks.get(day, empty) for day in dates)
        people.append((participant.name, every))
        if me is not None and str(participant.id) == str(me.id):
            mine = every
    total = len(meeting.participants)
    free: list[int] = []
    for day in dates:
        free.extend(slot_counts(window, by_date[day])[0])
    heat = [heat_level(n, total) for n in range(total + 1)]

    # Translations looked up (and escaped) once per grid, not per cell.
    words = {
        BUSY: escape(state_label("busy")),
        FREE: escape(state_label("free")),
        PREFERRED: escape(state_label("starred")),
    }
    gone = escape(gettext("does not occur that day (the clocks change)"))
    outside = escape(gettext("outside the meeting's times"))
    free_word = escape(gettext("free"))
    preferred_word = escape(gettext("preferred"))
    count_format = ngettext("%(free)d of %(total)d free", "%(free)d of %(total)d free", total)
    rows = []
    for row_index, places in enumerate(layout.places):
        mine_cells = []
        heat_cells = []
        prefixes = labels.cells[row_index]
        for column, place in enumerate(places):
            prefix = prefixes[column]
            focus = ' tabindex="0"' if row_index == 0 and column == 0 else ""
            if place.day is None or not place.occurs:
                word = outside if place.day is None and place.occurs else gone
                blank = f'aria-label="{prefix}, {word}" aria-disabled="true"{focus}></td>'
                mine_cells.append(f'<td class="s x" {blank}')
                heat_cells.append(f'<td class="h x" {blank}')
                continue
            k = date_index[place.day] * count + place.index
            n = free[k]
            heat_cells.append(
                f'<td class="h h{heat[n]}" data-k="{k}" aria-label="{prefix}: '
                f'{count_format % {"free": n, "total": total}}"{focus}>{n}</td>'
            )
            if not mine:
                continue
            mark = mine[k]
            inputs = ""
            if forms:
                target = f'form="save-{place.day.isoformat()}" value="{place.index}"'
                inputs = (
                    f'<input type="checkbox" name="free" {target} aria-label="{prefix}: '
                    f'{free_word}"{" checked" if mark != BUSY else ""}>'
                    f'<input type="checkbox" name="preferred" {target} aria-label="{prefix}: '
                    f'{preferred_word}"{" checked" if mark == PREFERRED else ""}>'
                )
            mine_cells.append(
                f'<td class="s {MARK_CLASSES[mark]}" data-k="{k}" '
                f'aria-label="{prefix}, {words[mark]}"{focus}>{inputs}</td>'
            )
        head, span = labels.rows[row_index]
        # Every value above is escaped (labels in ``_labels``, words here; keys and classes are
        # numbers and fixed letters): written as is, the template spends nothing per cell.
        rows.append(
            SlotRow(
                head,
                span,
                mark_safe("".join(mine_cells)),  # noqa: S308
                mark_safe("".join(heat_cells)),  # noqa: S308
            )
        )

    columns = [
        SlotColumn(
            iso=iso,
            weekday=weekday,
            month_day=month_day,
            label=long_label,
            weekend=weekend,
            save_id=f"save-{iso}" if forms else "",
            was=mine[date_index[day] * count : (date_index[day] + 1) * count] if forms else "",
        )
        for (iso, weekday, month_day, long_label, weekend), day in zip(
            labels.columns, layout.columns, strict=True
        )
    ]
    return SlotGrid(
        zone=zone,
        zone_label=zone_label(zone),
        meeting_zone_label=zone_label(window.time_zone),
        viewer_zone_label=zone_label(viewer_zone)
        if viewer_zone and viewer_zone != window.time_zone
        else "",
        in_meeting_zone=in_meeting_zone,
        columns=columns,
        rows=rows,
        mine=bool(mine),
        forms=forms,
        people=people,
        best=_best_times(meeting, window, zone),
        total=total,
        dates=" ".join(day.isoformat() for day in dates),
        start=window.start,
        slot_minutes=window.slot_minutes,
        slot_count=count,
    )


def _best_times(meeting: Meeting, window: TimeWindow, zone: str) -> list[BestTimeLabel]:
    label_format = pgettext("a best time: date, start and end", "%(date)s, %(start)s–%(end)s")
    best = []
    for run in meeting.best_times or ():
        if run.free <= 0:
            continue  # only times somebody is free at are worth recommending
        day, start = run.day, run.start
        if zone != window.time_zone:
            shown = wall_time_in(run.day, run.start, window, zone)
            if shown is not None:
                day, start = shown
        end = start + run.length
        label = label_format % {
            "date": date_long(day),
            "start": minutes_label(start),
            "end": minutes_label(end if end <= 24 * 60 else end - 24 * 60),
        }
        best.append(
            BestTimeLabel(
                label=label,
                free=run.free,
                of=run.of,
                iso=run.day.isoformat(),
                start=minutes_label(run.start),
                end=minutes_label(run.end),
            )
        )
    return best
