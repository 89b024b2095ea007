"""The checks a meeting's plain values pass: titles, locations, names and notes (cleaned or
refused), and date ranges."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import TypeVar

import icu  # type: ignore[import-untyped]  # PyICU ships no type hints

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


# Characters that show nothing: Unicode's default-ignorable code points (zero-width spaces and
# joiners, variation selectors, the Hangul fillers U+3164 and U+FFA0, ...) and the blank braille
# pattern U+2800. A name with one looks like the same name without it.
_INVISIBLE = icu.UnicodeSet(r"[[:Default_Ignorable_Code_Point:]\u2800]")
_INVISIBLE.freeze()  # read-only from now on: safe to share between threads
# Unicode TS #39's confusable detection (ICU's spoof checker): two strings look alike when their
# skeletons are equal ("\u0410lice", with a Cyrillic capital A, and "Alice").
_SPOOF_CHECKER = icu.SpoofChecker()
T = TypeVar("T")
INVISIBLE_CHARACTERS = "name should not contain invisible characters"


def participant_name_clean(name: str) -> str:
    name = name.strip()
    if not name:
        raise InvalidName("name should not be blank")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidName(f"name should be at most {MAX_NAME_LENGTH} characters")
    if any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in name):
        raise InvalidName("name should not contain control characters")
    if any(_INVISIBLE.contains(char) for char in name):
        raise InvalidName(INVISIBLE_CHARACTERS)
    return name


def participant_name_key(name: str) -> str:
    """What two names must not share within one meeting: the TS #39 skeleton of the name's
    NFKC case fold, so names that differ only in case, width or look-alike letters collide
    ("ALICE", its full-width letters and "\u0410lice" with a Cyrillic A all take "alice")."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return str(_SPOOF_CHECKER.getSkeleton(0, folded))


def name_keys_renewed(
    rows: Iterable[tuple[T, str, str]], key: Callable[[str], str]
) -> dict[T, str]:
    """The name keys of one meeting's participants after the rule changed (``rows``: id, name
    and stored key, in joining order; ``key``: the store's key of a name): only the keys that
    change. A name that now collides with an earlier participant's keeps its stored key, so
    nobody already in a meeting is refused or renamed; the next join is checked the new way."""
    rows = list(rows)
    taken = {stored for _id, _name, stored in rows}
    renewed: dict[T, str] = {}
    for row_id, name, stored in rows:
        new = key(name)
        if new != stored and new not in taken:
            taken.discard(stored)
            taken.add(new)
            renewed[row_id] = new
    return renewed


def date_range_past(start: date, today: date) -> bool:
    """Whether a range starts before ``today`` (the zone's date the caller goes by): allowed
    (a meeting may look back), but worth a warning, as it is usually a typo."""
    return start < today
