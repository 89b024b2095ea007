"""The checks a meeting's plain values pass: titles, locations, names and notes (cleaned or
refused), and date ranges."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

from meetings.domain.constants import (
    EARLIEST_DATE,
    LATEST_DATE,
    MAX_NAME_LENGTH,
    MAX_NOTE_LENGTH,
    MAX_RANGE_DAYS,
    MAX_TEXT_LENGTH,
)
from meetings.domain.errors import (
    DateRangeInverted,
    DateRangeOutOfBounds,
    DateRangeTooLong,
    InvalidFinal,
    InvalidName,
    InvalidText,
)


def date_range_check(start: date, end: date) -> None:
    if start > end:
        raise DateRangeInverted(start, end)
    if (end - start).days > MAX_RANGE_DAYS:
        raise DateRangeTooLong(start, end)
    # Calendars (and the day after the last date) need room on both sides of the range.
    if start < EARLIEST_DATE or end > LATEST_DATE:
        raise DateRangeOutOfBounds()


def dates_between(start: date, end: date) -> list[date]:
    return [start + timedelta(days=offset) for offset in range((end - start).days + 1)]


def text_clean(value: str, *, what: str) -> str:
    """Titles and locations: surrounding white space dropped, at most 255 characters."""
    value = value.strip()
    if len(value) > MAX_TEXT_LENGTH:
        raise InvalidText(f"{what} should be at most {MAX_TEXT_LENGTH} characters")
    if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in value):
        raise InvalidText(f"{what} should not contain control characters")
    return value


def note_clean(note: str) -> str:
    """The note on a final date: surrounding white space dropped, line breaks kept (as
    ``\n``), no other control characters, at most 500 characters."""
    note = note.replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise InvalidFinal(f"note should be at most {MAX_NOTE_LENGTH} characters")
    if any(
        unicodedata.category(char) in ("Cc", "Zl", "Zp") and char not in "\n\t" for char in note
    ):
        raise InvalidFinal("note should not contain control characters")
    return note


def participant_name_clean(name: str) -> str:
    name = name.strip()
    if not name:
        raise InvalidName("name should not be blank")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidName(f"name should be at most {MAX_NAME_LENGTH} characters")
    if any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in name):
        raise InvalidName("name should not contain control characters")
    return name


def participant_name_key(name: str) -> str:
    """What two names must not share within one meeting: case-insensitive, Unicode-aware."""
    return unicodedata.normalize("NFKC", name).casefold()
