"""The grids' cells as HTML, written in Python rather than as template loops (every value
escaped here): the dates grid's rows (``DateCells``) and the slot grids' rows (``slot_cells``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from meetings.domain import (
    BUSY,
    FREE,
    IF_NEED_BE,
    PREFERRED,
    Busy,
    DateAction,
    Participant,
    SlotPlace,
)
from meetings.web.daykeys import day_key
from meetings.web.presenters.labels import cell_state, date_long, state_label

# "(✓)": free if need be, as the other tools write it.
_OTHERS_MARKS = {"free": "✓", "busy": "✕", "starred": "★", "ifneedbe": "(✓)"}
_STATES = tuple(_OTHERS_MARKS)
_ON, _OFF, _STAR, _UNSTAR, _IFNEEDBE = (
    DateAction.ON.value,
    DateAction.OFF.value,
    DateAction.STAR.value,
    DateAction.UNSTAR.value,
    DateAction.IFNEEDBE.value,
)


class DateCells:
    """The cells of the dates grid's rows as HTML, written in Python rather than as template
    loops.

    Every open page refetches this grid after each change, and a 50 x 63 meeting has 3,150
    cells: the template engine spent about 18 us on each. Values are escaped once per grid
    (dates, states, the label formats) or once per row (the name): a format escaped with its
    values escaped is the escaped whole, since escaping only touches ``&<>"'``."""

    def __init__(self, day_labels: dict[date, str]) -> None:
        self.days = {day: escape(label) for day, label in day_labels.items()}
        self.isos = {day: day_key(day) for day in day_labels}
        self.label_format = escape(gettext("%(name)s, %(date)s: %(state)s"))
        self.star_format = escape(gettext("%(name)s, %(date)s: preferred"))
        self.maybe_format = escape(gettext("%(name)s, %(date)s: if need be"))
        self.states = {state: escape(state_label(state)) for state in _STATES}

    def _day(self, day: date) -> tuple[str, str]:
        if day not in self.days:  # a date outside the range: labelled all the same
            self.days[day] = escape(date_long(day))
            self.isos[day] = day_key(day)
        return self.days[day], self.isos[day]

    def others(self, participant: Participant) -> SafeString:
        name = escape(participant.name)
        parts = []
        for row in participant.dates:
            state = cell_state(row.enabled, row.starred, row.if_need_be)
            day, _ = self._day(row.date)
            label = self.label_format % {"name": name, "date": day, "state": self.states[state]}
            parts.append(
                f'<td class="cell {state}"><span class="mark" role="img" aria-label="{label}" '
                f'title="{label}">{_OTHERS_MARKS[state]}</span></td>'
            )
        return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped

    def mine(self, participant: Participant, busy: dict[date, Busy] | None = None) -> SafeString:
        """My row's buttons; ``busy``: the dates my calendar says I am busy on (a preview),
        hatched and said so in their labels."""
        name = escape(participant.name)
        parts = []
        layers = busy_layers()
        for row in participant.dates:
            state = cell_state(row.enabled, row.starred, row.if_need_be)
            day, iso = self._day(row.date)
            label = self.label_format % {"name": name, "date": day, "state": self.states[state]}
            layer, said = layers.get(_layer_of(busy, row.date), ("", ""))
            label += said
            star_label = self.star_format % {"name": name, "date": day}
            maybe_label = self.maybe_format % {"name": name, "date": day}
            toggle = _OFF if row.enabled else _ON
            star = _UNSTAR if row.starred else _STAR
            maybe = _UNSTAR if row.if_need_be else _IFNEEDBE
            pressed = "true" if row.enabled else "false"
            star_pressed = "true" if row.starred else "false"
            maybe_pressed = "true" if row.if_need_be else "false"
            parts.append(
                f'<td class="cell {state}{layer}"><div class="cell-controls">'
                f'<button type="submit" form="mark-form" name="mark" value="{iso}:{toggle}" '
                f'id="toggle-{iso}" class="toggle" aria-pressed="{pressed}" '
                f'aria-label="{label}" title="{label}"><span aria-hidden="true">'
                f"{'✓' if row.enabled else '✕'}</span></button>"
                f'<button type="submit" form="mark-form" name="mark" value="{iso}:{star}" '
                f'id="star-{iso}" class="star" aria-pressed="{star_pressed}" '
                f'aria-label="{star_label}" title="{star_label}"><span aria-hidden="true">'
                f"{'★' if row.starred else '☆'}</span></button>"
                f'<button type="submit" form="mark-form" name="mark" value="{iso}:{maybe}" '
                f'id="maybe-{iso}" class="maybe" aria-pressed="{maybe_pressed}" '
                f'aria-label="{maybe_label}" title="{maybe_label}"><span aria-hidden="true">'
                f"(✓)</span></button></div></td>"
            )
        return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def busy_layers() -> dict[str, tuple[str, str]]:
    """The hatched layer of a calendar preview: a cell's classes and what its label adds."""
    return {
        "busy": (" busy-layer", escape(gettext(" (busy in your calendar)"))),
        "maybe": (" busy-layer maybe", escape(gettext(" (maybe busy in your calendar)"))),
    }


def _layer_of(busy: Mapping[Any, Busy] | None, at: date | int) -> str:
    cell = busy.get(at) if busy else None
    if cell is None or not cell.busy:
        return ""
    return "maybe" if cell.tentative else "busy"


# --- timed meetings: the viewer's slots and everyone's -----------------------------------------

MARK_CLASSES = {BUSY: "b", FREE: "f", PREFERRED: "p", IF_NEED_BE: "n"}


def slot_cells(
    places: tuple[tuple[SlotPlace, ...], ...],
    prefixes: tuple[tuple[str, ...], ...],
    *,
    date_index: dict[date, int],
    count: int,
    free: list[int],
    heat: list[int],
    total: int,
    mine: str,
    forms: bool,
    busy: dict[int, Busy] | None = None,
) -> list[tuple[SafeString, SafeString]]:
    """Each row's cells of the two slot grids: mine (empty when I have no row) and everyone's.

    ``places`` and ``prefixes`` (the escaped "date, time" of each cell): [row][column];
    ``free``: how many are free at each key (date index x ``count`` + slot); ``heat``: the heat
    level of each free count; ``mine``: my marks at each key; ``forms``: my cells carry the
    checkboxes of the grid's form without JavaScript, valued by their key; ``busy``: my keys
    a calendar preview says are busy (hatched)."""
    layers = busy_layers()
    # Translations looked up (and escaped) once per grid, not per cell.
    words = {
        BUSY: escape(state_label("busy")),
        FREE: escape(state_label("free")),
        PREFERRED: escape(state_label("starred")),
        IF_NEED_BE: escape(state_label("ifneedbe")),
    }
    gone = escape(gettext("does not occur that day (the clocks change)"))
    outside = escape(gettext("outside the meeting's times"))
    free_word = escape(gettext("free"))
    preferred_word = escape(gettext("preferred"))
    if_need_be_word = escape(gettext("if need be"))
    count_format = ngettext("%(free)d of %(total)d free", "%(free)d of %(total)d free", total)
    rows = []
    for row_index, row_places in enumerate(places):
        mine_cells = []
        heat_cells = []
        row_prefixes = prefixes[row_index]
        for column, place in enumerate(row_places):
            prefix = row_prefixes[column]
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
                target = f'form="slots-form" value="{k}"'
                inputs = (
                    f'<input type="checkbox" name="free" {target} aria-label="{prefix}: '
                    f'{free_word}"{" checked" if mark != BUSY else ""}>'
                    f'<input type="checkbox" name="preferred" {target} aria-label="{prefix}: '
                    f'{preferred_word}"{" checked" if mark == PREFERRED else ""}>'
                    f'<input type="checkbox" name="ifneedbe" {target} aria-label="{prefix}: '
                    f'{if_need_be_word}"{" checked" if mark == IF_NEED_BE else ""}>'
                )
            layer, said = layers.get(_layer_of(busy, k), ("", "")) if busy else ("", "")
            mine_cells.append(
                f'<td class="s {MARK_CLASSES[mark]}{layer}" data-k="{k}" '
                f'aria-label="{prefix}, {words[mark]}{said}"{focus}>{inputs}</td>'
            )
        # Every value above is escaped (labels in ``slot_grid._labels``, words here; keys and
        # classes are numbers and fixed letters): written as is, the template spends nothing
        # per cell.
        rows.append(
            (
                mark_safe("".join(mine_cells)),  # noqa: S308
                mark_safe("".join(heat_cells)),  # noqa: S308
            )
        )
    return rows
