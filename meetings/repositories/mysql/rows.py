"""The MySQL store's rows as named structures, and the named mappers between them and the
domain: ``*_from_row`` turn rows into domain values, ``*_columns`` domain values into column
values. Each read selects its columns in the order of its row's fields, so a row is read by
name, never by position.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any, NamedTuple, Protocol

from meetings.domain import (
    Editing,
    FinalDecision,
    Meeting,
    MeetingAccess,
    Participant,
    ParticipantDate,
    TimeWindow,
    deadline_as_utc,
    final_sequence,
    weekdays_from_bits,
)

# Rows of the compiled reads and the permission read hold raw driver values: a DATE is a date
# (MySQL) or ISO text (SQLite), a DATETIME a naive UTC datetime or ISO text, a boolean may
# come as 0/1.
RawDate = date | str | None


class MeetingRow(NamedTuple):
    """One meeting, as the meeting read (``reads.MEETING_ROW``) selects it: model fields."""

    id: int
    url_code: str
    title: str
    location: str
    start_date: RawDate
    end_date: RawDate
    version: int
    editing: str
    organizer_key_digest: str | None
    start_minute: int | None
    end_minute: int | None
    slot_minutes: int | None
    time_zone: str | None
    weekdays: int | None
    final_date: RawDate
    final_start_minute: int | None
    final_end_minute: int | None
    final_note: str | None
    final_at: datetime | str | None
    decisions: int
    deadline: datetime | str | None


class VersionRow(NamedTuple):
    """A meeting's version (``reads.MEETING_VERSION``)."""

    version: int


class ParticipantColumns(NamedTuple):
    """The participants read (``reads.PARTICIPANT_ROWS``) column by column: each participant
    joined to each of its dates, ordered by participant then date, the date as ISO text; a
    participant without dates has one row whose date columns are ``None``.

    Named columns rather than a named tuple per row: on a large meeting (3,150 rows) that
    costs a quarter of what building and reading a tuple per row does.
    """

    participant_id: tuple[int, ...]
    name: tuple[str, ...]
    answered: tuple[bool | int, ...]
    date_id: tuple[int | None, ...]
    day: tuple[str | None, ...]
    enabled: tuple[bool | int | None, ...]
    starred: tuple[bool | int | None, ...]
    slots: tuple[str | None, ...]
    if_need_be: tuple[bool | int | None, ...]

    @classmethod
    def of(cls, rows: Sequence[tuple[Any, ...]]) -> ParticipantColumns:
        """The read's rows (columns in the order of the fields) as named columns."""
        if not rows:
            return cls._make(() for _ in cls._fields)
        return cls._make(zip(*rows, strict=True))


class AccessRow(NamedTuple):
    """The permission read (``reads.access_read``): the meeting's editing and range columns and
    the participant concerned (``None`` when there is none)."""

    editing: str
    organizer_key_digest: str | None
    participant_id: int | None
    participant_key_digest: str | None
    start_date: RawDate
    end_date: RawDate
    start_minute: int | None
    end_minute: int | None
    slot_minutes: int | None
    time_zone: str | None
    weekdays: int | None
    final_date: RawDate
    participant_password_hash: str | None
    deadline: datetime | str | None


class LockedRow(NamedTuple):
    """What a mutation reads of the meeting once it holds its lock (ORM values)."""

    id: int
    start_date: date | None
    end_date: date | None
    start_minute: int | None
    end_minute: int | None
    slot_minutes: int | None
    time_zone: str
    weekdays: int | None
    final_date: date | None
    deadline: datetime | str | None  # as the driver gives it (``deadline_as_utc``)
    participant_count: int | None = None  # read only for a join
    # Read only for a date mark: the date's participant, and whether it answered already.
    date_participant_id: int | None = None
    date_answered: bool | None = None
    date_password_hash: str | None = None  # and its password (``AccessSeen``)


class DateRangeRow(NamedTuple):
    """A meeting's stored date range (ORM values)."""

    start_date: date | None
    end_date: date | None
    weekdays: int | None


class StoredDateRow(NamedTuple):
    """One participant date as stored, with whether its participant answered and its password
    hash (ORM values)."""

    id: int
    date: date
    enabled: bool
    starred: bool
    if_need_be: bool
    slots: str | None
    participant__answered: bool
    participant__password_hash: str | None


class WindowColumns(Protocol):
    """The window columns, in any row that has them."""

    @property
    def start_minute(self) -> int | None: ...
    @property
    def end_minute(self) -> int | None: ...
    @property
    def slot_minutes(self) -> int | None: ...
    @property
    def time_zone(self) -> str | None: ...


def meeting_from_row(row: MeetingRow, participants: tuple[Participant, ...]) -> Meeting:
    return Meeting(
        url_code=row.url_code,
        title=row.title,
        location=row.location,
        start_date=as_date(row.start_date),
        end_date=as_date(row.end_date),
        participants=participants,
        version=row.version,
        editing=Editing(row.editing),
        organizer_key_digest=row.organizer_key_digest,
        window=window_from_row(row),
        final=final_from_row(row),
        weekdays=weekdays_from_bits(row.weekdays),
        deadline=deadline_as_utc(row.deadline),
    )


def access_from_row(row: AccessRow) -> MeetingAccess:
    return MeetingAccess(
        editing=Editing(row.editing),
        organizer_key_digest=row.organizer_key_digest,
        participant_id=row.participant_id,
        participant_key_digest=row.participant_key_digest,
        start_date=as_date(row.start_date),
        end_date=as_date(row.end_date),
        window=window_from_row(row),
        closed=row.final_date is not None,
        weekdays=weekdays_from_bits(row.weekdays),
        deadline=deadline_as_utc(row.deadline),
        participant_password_hash=row.participant_password_hash,
    )


def final_from_row(row: MeetingRow) -> FinalDecision | None:
    """The decision columns as a ``FinalDecision``."""
    parsed = as_date(row.final_date)
    if parsed is None:
        return None
    decided_at = row.final_at
    if isinstance(decided_at, str):
        decided_at = datetime.fromisoformat(decided_at)
    if isinstance(decided_at, datetime) and decided_at.tzinfo is None:
        decided_at = decided_at.replace(tzinfo=UTC)
    return FinalDecision(
        parsed,
        row.final_start_minute,
        row.final_end_minute,
        row.final_note or "",
        decided_at,
        final_sequence(row.decisions),
    )


def final_columns(final: FinalDecision | None) -> dict[str, Any]:
    if final is None:
        return {
            "final_date": None,
            "final_start_minute": None,
            "final_end_minute": None,
            "final_note": "",
            "final_at": None,
        }
    return {
        "final_date": final.day,
        "final_start_minute": final.start,
        "final_end_minute": final.end,
        "final_note": final.note,
        "final_at": final.decided_at,
    }


def window_from_row(row: WindowColumns) -> TimeWindow | None:
    """The window columns as a ``TimeWindow`` (``None`` on dates-only meetings)."""
    start, end, slot_minutes = row.start_minute, row.end_minute, row.slot_minutes
    zone = row.time_zone
    if start is None or end is None or slot_minutes is None or not zone:
        return None
    return TimeWindow(start, end, slot_minutes, zone)


def window_columns(window: TimeWindow | None) -> dict[str, Any]:
    if window is None:
        return {"start_minute": None, "end_minute": None, "slot_minutes": None, "time_zone": ""}
    return {
        "start_minute": window.start,
        "end_minute": window.end,
        "slot_minutes": window.slot_minutes,
        "time_zone": window.time_zone,
    }


def row_id(value: object) -> int:
    """An id from a caller as this store's integer; anything else names no row (-1)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isascii() and value.lstrip("-").isdigit():
        return int(value)
    return -1


def as_date(value: Any) -> date | None:
    """A DATE column as the driver returns it: a date (MySQL) or ISO text (SQLite)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def participants_from_columns(columns: ParticipantColumns) -> tuple[Participant, ...]:
    """The participants read folded into participants, each with its dates."""
    participants: list[Participant] = []
    current_id: int | None = None
    current_name = ""
    current_answered: Any = False
    dates: list[ParticipantDate] = []
    parsed: dict[str, date] = {}
    text: Any  # the ISO date: set whenever date_id is
    each_row = zip(
        columns.participant_id,
        columns.name,
        columns.answered,
        columns.date_id,
        columns.day,
        columns.enabled,
        columns.starred,
        columns.slots,
        columns.if_need_be,
        strict=True,
    )
    for participant_id, name, answered, date_id, text, enabled, starred, slots, maybe in each_row:
        if participant_id != current_id:
            if current_id is not None:
                participants.append(
                    Participant(current_id, current_name, tuple(dates), bool(current_answered))
                )
            current_id, current_name, current_answered, dates = participant_id, name, answered, []
        if date_id is not None:
            day = parsed.get(text)
            if day is None:
                day = parsed[text] = date.fromisoformat(text)
            dates.append(
                ParticipantDate(date_id, day, bool(enabled), bool(starred), slots, bool(maybe))
            )
    if current_id is not None:
        participants.append(
            Participant(current_id, current_name, tuple(dates), bool(current_answered))
        )
    return tuple(participants)
