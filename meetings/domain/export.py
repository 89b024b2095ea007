"""The answers as a table, the rows of the CSV export: a header, one row per participant in
join order (whether they answered, then their mark on each date, or on each slot of a timed
meeting, as a word) and a totals row.

Unanswered participants are listed (their "answered" cell says no) but their mark cells are
empty: the free rows they joined with are not an answer, and nothing counts them
(``participants.answered_only``), the totals row included. The totals row says how many
participants answered, then for each column how many of them are free there (free or
preferred or free if need be), as the grid's "Free" row and the best dates count.

Words are plain values passed in (``AnswerWords``): English by default, as the API gives the
file; the pages may pass the viewer's language. A meeting without dates has no mark columns:
the table is the header, the participants and the totals row all the same."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from meetings.domain.marks import BUSY, FREE, IF_NEED_BE, PREFERRED
from meetings.domain.meeting import Meeting
from meetings.domain.participants import Participant, ParticipantDate
from meetings.domain.window import TimeWindow, minutes_label


@dataclass(frozen=True, slots=True)
class AnswerWords:
    """The words of the table: its first two column heads, the answered column's values, the
    marks and the totals row's label."""

    participant: str = "participant"
    answered: str = "answered"
    yes: str = "yes"
    no: str = "no"
    free: str = "free"
    busy: str = "busy"
    preferred: str = "preferred"
    if_need_be: str = "if need be"
    total: str = "free (answered participants)"
    # A weekly meeting's columns, Monday first (its days are weekdays, never dates).
    weekdays: tuple[str, ...] = (
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    )

    def mark(self, mark: str) -> str:
        return {
            BUSY: self.busy,
            FREE: self.free,
            PREFERRED: self.preferred,
            IF_NEED_BE: self.if_need_be,
        }[mark]


ENGLISH_ANSWER_WORDS = AnswerWords()


@dataclass(frozen=True, slots=True)
class AnswersTable:
    """The table of a meeting's answers, and what a download names it and tags it with."""

    title: str
    version: int
    rows: tuple[tuple[str, ...], ...]


def answer_columns(meeting: Meeting, words: AnswerWords = ENGLISH_ANSWER_WORDS) -> list[str]:
    """The mark columns' heads: each date (``2027-01-05``), or on a timed meeting each slot
    of each date as its wall time in the meeting's zone (``2027-01-05 09:00``). A weekly
    meeting's days are its weekdays' names (``Wednesday``, ``Wednesday 09:00``)."""
    window = meeting.window

    def head(day: date) -> str:
        return words.weekdays[day.weekday()] if meeting.weekly else day.isoformat()

    if window is None:
        return [head(day) for day in meeting.dates()]
    return [
        f"{head(day)} {minutes_label(window.slot_start(index))}"
        for day in meeting.dates()
        for index in range(window.slot_count)
    ]


_NO_ROW = " "  # a date the store has no row of: an empty cell (only hand-made snapshots)


def _width(window: TimeWindow | None) -> int:
    return 1 if window is None else window.slot_count


def _date_marks(row: ParticipantDate | None, window: TimeWindow | None) -> str:
    """The marks of one date, one character per column it has."""
    width = _width(window)
    if row is None:
        return _NO_ROW * width
    if window is not None and row.slots is not None and len(row.slots) == width:
        return row.slots
    if not row.enabled:
        mark = BUSY
    else:
        mark = PREFERRED if row.starred else IF_NEED_BE if row.if_need_be else FREE
    return mark * width


def answer_marks(participant: Participant, days: list[date], window: TimeWindow | None) -> str:
    """The participant's marks, one character per column of ``answer_columns``."""
    rows = {row.date: row for row in participant.dates}
    return "".join(_date_marks(rows.get(day), window) for day in days)


def answers_table(meeting: Meeting, *, words: AnswerWords = ENGLISH_ANSWER_WORDS) -> AnswersTable:
    """The meeting's answers as rows of strings (see the module's docstring)."""
    columns = answer_columns(meeting, words)
    days = meeting.dates()
    rows: list[tuple[str, ...]] = [(words.participant, words.answered, *columns)]
    free = [0] * len(columns)
    answered = 0
    for participant in meeting.participants:
        if not participant.answered:
            rows.append((participant.name, words.no, *([""] * len(columns))))
            continue
        answered += 1
        marks = answer_marks(participant, days, meeting.window)
        for index, mark in enumerate(marks):
            if mark in (FREE, PREFERRED, IF_NEED_BE):
                free[index] += 1
        cells = (words.mark(mark) if mark != _NO_ROW else "" for mark in marks)
        rows.append((participant.name, words.yes, *cells))
    rows.append((words.total, str(answered), *(str(count) for count in free)))
    return AnswersTable(title=meeting.title, version=meeting.version, rows=tuple(rows))
