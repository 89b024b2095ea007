"""What the Gel queries return, and the named mappers between it and the domain: ``*_from_row``
turn results (``gel.Object`` values) into the frozen domain dataclasses, UUIDs as strings;
``*_values`` turn domain values into query parameters.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from typing import Any, Protocol

from meetings.domain import (
    AccessSeen,
    Editing,
    FinalDecision,
    Meeting,
    MeetingAccess,
    Participant,
    ParticipantDate,
    TimeWindow,
    deadline_as_utc,
    final_sequence,
    meeting_days,
    weekdays_bits,
    weekdays_from_bits,
)

# The shapes the queries return (``gel.Object`` attributes), as far as this store reads them.


class DateRow(Protocol):
    @property
    def id(self) -> uuid.UUID: ...
    @property
    def date(self) -> datetime.date: ...
    @property
    def enabled(self) -> bool: ...
    @property
    def starred(self) -> bool: ...
    @property
    def if_need_be(self) -> bool: ...
    @property
    def slots(self) -> str | None: ...


class ParticipantRow(Protocol):
    @property
    def id(self) -> uuid.UUID: ...
    @property
    def name(self) -> str: ...
    @property
    def answered(self) -> bool: ...
    @property
    def dates(self) -> Sequence[DateRow]: ...


class MeetingRow(Protocol):
    @property
    def url_code(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def location(self) -> str: ...
    @property
    def start_date(self) -> datetime.date | None: ...
    @property
    def weekdays(self) -> int | None: ...
    @property
    def end_date(self) -> datetime.date | None: ...
    @property
    def version(self) -> int: ...
    @property
    def editing(self) -> str: ...
    @property
    def organizer_key_digest(self) -> str | None: ...
    @property
    def start_minute(self) -> int | None: ...
    @property
    def end_minute(self) -> int | None: ...
    @property
    def slot_minutes(self) -> int | None: ...
    @property
    def time_zone(self) -> str | None: ...
    @property
    def final_date(self) -> datetime.date | None: ...
    @property
    def final_start_minute(self) -> int | None: ...
    @property
    def final_end_minute(self) -> int | None: ...
    @property
    def final_note(self) -> str | None: ...
    @property
    def final_at(self) -> datetime.datetime | None: ...
    @property
    def decisions(self) -> int: ...
    @property
    def deadline(self) -> datetime.datetime | None: ...
    @property
    def participants(self) -> Sequence[ParticipantRow]: ...


def date_from_row(row: DateRow) -> ParticipantDate:
    return ParticipantDate(
        str(row.id), row.date, row.enabled, row.starred, row.slots, row.if_need_be
    )


def window_from_row(row: Any) -> TimeWindow | None:
    """The window columns of a Meeting row (``None`` on dates-only meetings)."""
    if row.start_minute is None or row.end_minute is None or row.slot_minutes is None:
        return None
    return TimeWindow(row.start_minute, row.end_minute, row.slot_minutes, row.time_zone or "")


def window_values(window: TimeWindow | None) -> dict[str, Any]:
    """The query parameters of WINDOW_SET."""
    if window is None:
        return {"start_minute": None, "end_minute": None, "slot_minutes": None, "time_zone": None}
    return {
        "start_minute": window.start,
        "end_minute": window.end,
        "slot_minutes": window.slot_minutes,
        "time_zone": window.time_zone,
    }


def final_from_row(row: MeetingRow) -> FinalDecision | None:
    if row.final_date is None:
        return None
    return FinalDecision(
        row.final_date,
        row.final_start_minute,
        row.final_end_minute,
        row.final_note or "",
        row.final_at,
        final_sequence(row.decisions),
    )


def final_values(final: FinalDecision | None) -> dict[str, Any]:
    """The query parameters of MEETING_SET_FINAL."""
    if final is None:
        return {
            "final_date": None,
            "final_start_minute": None,
            "final_end_minute": None,
            "final_note": None,
            "final_at": None,
        }
    return {
        "final_date": final.day,
        "final_start_minute": final.start,
        "final_end_minute": final.end,
        "final_note": final.note,
        "final_at": final.decided_at,
    }


def participant_from_row(row: ParticipantRow) -> Participant:
    return Participant(
        str(row.id),
        row.name,
        tuple(date_from_row(day) for day in row.dates),
        answered=row.answered,
    )


class NewParticipantRow(Protocol):
    """What ``PARTICIPANT_CREATE`` answers with."""

    @property
    def id(self) -> uuid.UUID: ...
    @property
    def name(self) -> str: ...
    @property
    def new_dates(self) -> Sequence[DateRow]: ...


def new_participant_from_row(row: NewParticipantRow) -> Participant:
    return Participant(
        str(row.id),
        row.name,
        tuple(date_from_row(day) for day in row.new_dates),
        answered=False,  # nobody has answered on joining
    )


def meeting_from_row(row: MeetingRow) -> Meeting:
    return Meeting(
        url_code=row.url_code,
        title=row.title,
        location=row.location,
        start_date=row.start_date,
        end_date=row.end_date,
        participants=tuple(participant_from_row(p) for p in row.participants),
        version=row.version,
        editing=Editing(row.editing),
        organizer_key_digest=row.organizer_key_digest,
        window=window_from_row(row),
        final=final_from_row(row),
        weekdays=weekdays_from_bits(row.weekdays),
        deadline=deadline_as_utc(row.deadline),
    )


def access_from_row(row: Any) -> MeetingAccess:
    """``MEETING_ACCESS``'s row: the meeting's editing and range, and its ``target``
    participant (``None`` when the read named none)."""
    target = row.target
    return MeetingAccess(
        editing=Editing(row.editing),
        organizer_key_digest=row.organizer_key_digest,
        participant_id=None if target is None else str(target.id),
        participant_key_digest=None if target is None else target.key_digest,
        start_date=row.start_date,
        end_date=row.end_date,
        window=window_from_row(row),
        closed=row.final_date is not None,
        weekdays=weekdays_from_bits(row.weekdays),
        deadline=deadline_as_utc(row.deadline),
        participant_password_hash=None if target is None else target.password_hash,
    )


def days_from_row(row: Any) -> list[datetime.date]:
    """The days a join adds an entry for, from ``MEETING_RANGE``'s row (its days are set)."""
    return meeting_days(row.start_date, row.end_date, weekdays_from_bits(row.weekdays))


def weekdays_value(weekdays: tuple[int, ...] | None) -> int | None:
    """A weekly meeting's weekdays as the ``weekdays`` property keeps them."""
    return None if weekdays is None else weekdays_bits(weekdays)


def uuid_or_none(value: object) -> uuid.UUID | None:
    """An id from a caller as a UUID; anything else can name no row of this store."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def seen_values(
    seen: AccessSeen | None, *, meeting: bool = True, row: bool = False
) -> dict[str, Any]:
    """The query parameters of ``MEETING_HELD`` (``meeting``) and ``ROW_HELD`` (``row``)."""
    values: dict[str, Any] = {"guarded": seen is not None}
    if meeting:
        values["seen_editing"] = "" if seen is None else seen.editing.value
        values["seen_organizer_key_digest"] = None if seen is None else seen.organizer_key_digest
    if row:
        values["seen_password_hash"] = None if seen is None else seen.password_hash
    return values
