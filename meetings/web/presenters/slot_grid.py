"""The slot grids of a timed meeting: the viewer's own slots and everyone's (a heat map), the
meeting's dates as columns and the shown zone's times as rows in reading order, laid out by
``domain.slot_layout``, with the best times in that zone. What does not change between renders
(the layout, every cell's date and time label) is built once per layout and language and kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from html import escape

from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import get_language, pgettext

from meetings.domain import (
    BUSY,
    MINUTES_PER_DAY,
    BestTime,
    Busy,
    Meeting,
    Participant,
    SlotLayout,
    TimeWindow,
    best_time_key,
    coming_date,
    minutes_label,
    shown_span,
    slot_counts,
    slot_layout,
    ties_of,
    weekly_slot_layout,
)
from meetings.web.daykeys import day_key
from meetings.web.presenters.cells import slot_cells
from meetings.web.presenters.labels import (
    WEEKDAYS_SHORT,
    date_long,
    date_short,
    days_after_label,
    heat_level,
    span_label,
    tied_label,
    weekday_long,
    weekday_short,
    weekend_name,
    zone_label,
)


@dataclass(frozen=True)
class SlotColumn:
    iso: str
    weekday: str
    month_day: str
    label: str
    weekend: str  # "saturday", "sunday" or ""


@dataclass(frozen=True)
class SlotRow:
    time: str  # the row head, "09:00"
    label: str  # "09:00–09:30" ("00:00–00:30 (next day)" past its column's date)
    day_break: str  # "next day" on the first row past midnight of its column's date, else ""
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
    tied: str = ""  # "tied with ..." the other best times ranked exactly alike
    if_need_be: int = 0  # of ``free``, those free only if need be


@dataclass(frozen=True)
class SlotGrid:
    zone: str  # the zone the times are shown in
    zone_label: str
    meeting_zone_label: str
    viewer_zone_label: str  # the browser's zone when it differs from the meeting's, else ""
    in_meeting_zone: bool
    columns: list[SlotColumn]  # the meeting's dates, headed by their dates in the zone shown
    rows: list[SlotRow]  # the zone's wall times in the order its clock passes them
    day_breaks: bool  # whether some rows are past midnight of their column's date
    mine: bool  # whether there is a grid of my own to paint
    forms: bool  # whether my cells carry the checkboxes of the form without JavaScript
    was: str  # my marks of every date as the page shows them, when ``forms`` (the form sends them)
    # (name, every slot of every date) for "who is free": those who answered only.
    people: list[tuple[str, str]]
    best: list[BestTimeLabel]
    total: int
    joined: int  # every participant, answered or not
    waiting: list[str]  # the names of those who have not answered yet
    dates: str  # the meeting's dates, space-separated: a cell's data-k is date x slot
    start: int
    slot_minutes: int
    slot_count: int


@dataclass(frozen=True)
class _Labels:
    columns: tuple[tuple[str, str, str, str, str], ...]  # iso, weekday, month/day, long, weekend
    rows: tuple[tuple[str, str, str], ...]  # row head, "09:00–09:30", "next day" where it starts
    cells: tuple[tuple[str, ...], ...]  # "Tue Dec 1, 09:00–09:30", escaped, [row][column]


@lru_cache(maxsize=256)
def _labels(layout: SlotLayout, slot_minutes: int, language: str | None, weekly: bool) -> _Labels:
    """The labels of a layout in the active language (``language`` is part of the key): a
    column is a meeting date (``iso``: ``daykeys``) headed by its date in the zone shown; a row
    past that date's midnight says so. ``weekly``: the heads and cells name weekdays only (in
    another zone the heads are dates of the coming week: ``domain.weekly_slot_layout``)."""
    month_day_format = pgettext("date format: month/day in a column head", "n/j")
    long, short = (weekday_long, weekday_short) if weekly else (date_long, date_short)
    columns = tuple(
        (
            day_key(day),
            str(WEEKDAYS_SHORT[head.weekday()]),
            "" if weekly else date_format(head, month_day_format),
            long(head),
            weekend_name(head),
        )
        for day, head in zip(layout.columns, layout.heads, strict=True)
    )
    again = pgettext(
        "a wall time the clocks pass a second time as they go back", "%(time)s (again)"
    )
    later = pgettext("a row's time on a later day than its column's date", "%(time)s (%(day)s)")
    breaks = set(layout.day_breaks())
    rows = []
    spans = []  # each row's "09:00–09:30", for its cells' labels (which name the day)
    for row, (minutes, fold) in enumerate(layout.rows):
        head = minutes_label(minutes)
        span = f"{head}–{minutes_label(min(minutes + slot_minutes, MINUTES_PER_DAY))}"
        if fold:
            head, span = again % {"time": head}, again % {"time": span}
        spans.append(span)
        days = layout.row_days[row]
        if days:
            span = later % {"time": span, "day": days_after_label(days)}
        rows.append((head, span, days_after_label(days) if row in breaks else ""))
    cell_format = pgettext("a slot cell: date and time", "%(date)s, %(time)s")
    shorts = {
        days: [short(head + timedelta(days=days)) for head in layout.heads]
        for days in set(layout.row_days)
    }
    cells = tuple(
        tuple(
            escape(cell_format % {"date": day, "time": span})
            for day in shorts[layout.row_days[row]]
        )
        for row, span in enumerate(spans)
    )
    return _Labels(columns, tuple(rows), cells)


def slot_grid_build(
    meeting: Meeting,
    *,
    me: Participant | None,
    zone: str,
    viewer_zone: str | None,
    forms: bool,
    busy: dict[int, Busy] | None = None,
) -> SlotGrid:
    """The two grids of a timed meeting, in ``zone`` (the meeting's or the viewer's).

    ``me``: whose slots are painted (only when this browser may change them); ``forms``: give
    my cells the checkboxes of the grid's form without JavaScript (only in the meeting's zone,
    where a column is one date)."""
    window = meeting.window
    assert window is not None
    layout = meeting_slot_layout(meeting, zone)
    labels = _labels(layout, window.slot_minutes, get_language(), meeting.weekly)
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
        is_me = me is not None and str(participant.id) == str(me.id)
        if not (participant.answered or is_me):
            continue  # counted nowhere, listed as not answered yet
        marks = {
            row.date: row.slots
            for row in participant.dates
            if row.slots is not None and len(row.slots) == count and row.date in by_date
        }
        every = "".join(marks.get(day, empty) for day in dates)
        if is_me:
            mine = every
        if participant.answered:
            for day, slots in marks.items():
                by_date[day].append(slots)
            people.append((participant.name, every))
    total = len(people)  # those who answered: the heat, the counts and "who is free"
    free: list[int] = []
    for day in dates:
        free.extend(slot_counts(window, by_date[day])[0])
    heat = [heat_level(n, total) for n in range(total + 1)]

    rows = [
        SlotRow(head, span, day_break, mine_cells, heat_cells)
        for (head, span, day_break), (mine_cells, heat_cells) in zip(
            labels.rows,
            slot_cells(
                layout.places,
                labels.cells,
                date_index=date_index,
                count=count,
                free=free,
                heat=heat,
                total=total,
                mine=mine,
                forms=forms,
                busy=busy,
            ),
            strict=True,
        )
    ]

    columns = [
        SlotColumn(
            iso=iso,
            weekday=weekday,
            month_day=month_day,
            label=long_label,
            weekend=weekend,
        )
        for (iso, weekday, month_day, long_label, weekend) in labels.columns
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
        day_breaks=bool(layout.day_breaks()),
        mine=bool(mine),
        forms=forms,
        was=mine if forms else "",
        people=people,
        best=_best_times(meeting, window, zone),
        total=total,
        joined=len(meeting.participants),
        waiting=[participant.name for participant in meeting.unanswered],
        dates=" ".join(day_key(day) for day in dates),
        start=window.start,
        slot_minutes=window.slot_minutes,
        slot_count=count,
    )


def meeting_slot_layout(meeting: Meeting, zone: str) -> SlotLayout:
    """A timed meeting's slots laid out in ``zone``: its range of dates, or its weekdays
    (shown in another zone as they fall in the coming week: ``domain.weekly_slot_layout``)."""
    window = meeting.window
    assert window is not None
    assert meeting.start_date is not None
    assert meeting.end_date is not None
    if meeting.weekly:
        today = meeting_today(window)
        return weekly_slot_layout(window, tuple(meeting.dates()), zone, today)
    return slot_layout(window, meeting.start_date, meeting.end_date, zone)


def meeting_today(window: TimeWindow) -> date:
    """Today in the meeting's zone: where a weekly meeting's coming week starts."""
    return datetime.now(window.zone()).date()


def _best_times(meeting: Meeting, window: TimeWindow, zone: str) -> list[BestTimeLabel]:
    runs = [run for run in meeting.best_times or () if run.free > 0]  # worth recommending
    labels: dict[BestTime, str] = {}
    today = meeting_today(window) if meeting.weekly else None
    for run in runs:
        # A weekly meeting's run, shown in another zone, as it happens in the coming week.
        day = run.day if today is None or zone == window.time_zone else coming_date(run.day, today)
        span = shown_span(window, day, run.start, run.end, zone) or shown_span(
            window, day, run.start, run.end, window.time_zone
        )
        assert span is not None  # in the meeting's own zone there always is one
        labels[run] = span_label(span, weekly=meeting.weekly)
    # Ties among the best times shown (those ranked below them are not counted here).
    ties = ties_of({run: best_time_key(run) for run in runs}, runs)
    return [
        BestTimeLabel(
            label=labels[run],
            free=run.free,
            of=run.of,
            iso=day_key(run.day),
            start=minutes_label(run.start),
            end=minutes_label(run.end),
            tied=tied_label([labels[other] for other in ties[run]]),
            if_need_be=run.if_need_be,
        )
        for run in runs
    ]
