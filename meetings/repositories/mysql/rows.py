"""The MySQL store's rows as domain values, and domain values as column values."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from meetings.domain import FinalDecision, Participant, ParticipantDate
from meetings.slots import TimeWindow


def final_from_columns(
    day: Any, start: int | None, end: int | None, note: str | None, decided_at: Any
) -> FinalDecision | None:
    """The decision columns as a ``FinalDecision`` (raw driver values: a date or ISO text, a
    naive UTC datetime or ISO text)."""
    parsed = as_date(day)
    if parsed is None:
        return None
    if isinstance(decided_at, str):
        decided_at = datetime.fromisoformat(decided_at)
    if isinstance(decided_at, datetime) and decided_at.tzinfo is None:
        decided_at = decided_at.replace(tzinfo=UTC)
    return FinalDecision(parsed, start, end, note or "", decided_at)


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


def window_from_columns(
    start: int | None, end: int | None, slot_minutes: int | None, zone: str | None
) -> TimeWindow | None:
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


def participants_from_rows(
    rows: Any,
) -> tuple[Participant, ...]:
    """Rows of (participant id, name, date id, ISO date, enabled, starred, slots), ordered by
    participant then date, folded into participants; a participant without dates has one row of
    Nones. Raw driver values: booleans may come as 0/1."""
    participants: list[Participant] = []
    current_id: int | None = None
    current_name = ""
    dates: list[ParticipantDate] = []
    parsed: dict[str, date] = {}
    for participant_id, name, date_id, text, enabled, starred, slots in rows:
        if participant_id != current_id:
            if current_id is not None:
                participants.append(Participant(current_id, current_name, tuple(dates)))
            current_id, current_name, dates = participant_id, name, []
        if date_id is not None:
            day = parsed.get(text)
            if day is None:
                day = parsed[text] = date.fromisoformat(text)
            dates.append(ParticipantDate(date_id, day, bool(enabled), bool(starred), slots))
    if current_id is not None:
        participants.append(Participant(current_id, current_name, tuple(dates)))
    return tuple(participants)
