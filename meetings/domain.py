"""Meetifyr's domain: immutable meeting snapshots and the rules that govern them.

Pure Python on purpose: no Django imports, so the rules can be tested (and reused by every
store) without a database. Stores build these objects at their edge; services enforce the rules
before asking a store to change anything.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # meetings.slots builds on this module
    from meetings.slots import BestTime, TimeWindow

URL_CODE_LENGTH = 22
URL_CODE_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
MAX_RANGE_DAYS = 62  # end - start may be at most this many days: 63 dates in all
MAX_TEXT_LENGTH = 255  # title and location
MAX_NAME_LENGTH = 50
BEST_DATES_COUNT = 3
KEY_BYTES = 24  # organizer and participant keys: 192 random bits, 32 URL-safe characters
MAX_KEY_LENGTH = 128  # longer "keys" are refused without being hashed
MAX_NOTE_LENGTH = 500  # the organizer's note on the final date
DEFAULT_RETENTION_DAYS = 90  # meetings_purge forgets meetings this long past (or quiet)

# A participant id is an integer on MySQL and a UUID string on Gel.
ParticipantId = int | str
ParticipantDateId = int | str


# --- errors -------------------------------------------------------------------------------------


class DomainError(Exception):
    """Base of every rule violation; ``message`` is the exact text clients see."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class MeetingNotFound(DomainError):
    def __init__(self, url_code: str) -> None:
        super().__init__(f"meeting with url_code: {url_code} not found")
        self.url_code = url_code


class DateRangeTooLong(DomainError):
    def __init__(self, start: date, end: date) -> None:
        super().__init__(f"start {start} and end {end} should be within {MAX_RANGE_DAYS} days")


class DateRangeInverted(DomainError):
    def __init__(self, start: date, end: date) -> None:
        super().__init__(f"start {start} should not be after end {end}")


EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(9000, 12, 31)


class DateRangeOutOfBounds(DomainError):
    def __init__(self) -> None:
        super().__init__(f"dates should be between {EARLIEST_DATE} and {LATEST_DATE}")


class DateRangeAlreadySet(DomainError):
    def __init__(self, url_code: str, start: date | None, end: date | None) -> None:
        super().__init__(f"meeting: {url_code} start: {start} end: {end} are already set")


class DateRangeNotSet(DomainError):
    def __init__(self) -> None:
        super().__init__("start and end should be set.")


class ParticipantNotFound(DomainError):
    def __init__(self, participant_id: object) -> None:
        super().__init__(f"participant with id: {participant_id} not found")


class ParticipantDateNotFound(DomainError):
    def __init__(self, participant_date_id: object) -> None:
        super().__init__(f"participant_date with id: {participant_date_id} not found")


class ParticipantNameTaken(DomainError):
    def __init__(self, name: str) -> None:
        super().__init__(f"participant with name: {name} already exists")


class InvalidName(DomainError):
    pass


class InvalidText(DomainError):
    pass


MEETING_CLOSED = "this meeting is closed: the organizer has picked the final date"


class MeetingClosed(DomainError):
    """Joins and marks on a meeting whose final date is decided (409)."""

    def __init__(self) -> None:
        super().__init__(MEETING_CLOSED)


class NoFinalDate(DomainError):
    """The calendar file of a meeting whose date is not decided yet (404)."""

    def __init__(self, url_code: str) -> None:
        super().__init__(f"meeting with url_code: {url_code} has no final date yet")


class InvalidFinal(DomainError):
    """A final date outside the range, off the slots, or with a note too long (422)."""


class KeyRequired(DomainError):
    """The change needs a key and the request carried none (401)."""


class KeyRefused(DomainError):
    """The request's key does not allow the change: another participant's, another meeting's,
    or no key at all (403)."""


class StoreUnavailable(DomainError):
    """The store behind a repository cannot be reached (connection refused, timed out...)."""


class UrlCodeTaken(Exception):
    """Internal: a freshly drawn url_code collided; services retry, clients never see it."""


# --- editing modes and keys -------------------------------------------------------------------


class Editing(Enum):
    """Who may change a meeting. ``PROTECTED``: each participant's row needs that participant's
    key or the organizer key; the settings need the organizer key. ``OPEN``: anyone with the
    link may change everything (trusted groups; and every meeting stored before keys existed,
    which has no organizer key)."""

    OPEN = "open"
    PROTECTED = "protected"


def key_new() -> str:
    """A fresh organizer or participant key: 192 random bits, URL-safe. Shown once, stored only
    as ``key_digest(key)``."""
    return secrets.token_urlsafe(KEY_BYTES)


def key_digest(key: str) -> str:
    """What a store keeps of a key: its SHA-256 as 64 hex digits. Keys are random, so a plain
    digest cannot be reversed by guessing; no salt or slow hash is needed."""
    return hashlib.sha256(key.encode()).hexdigest()


def key_matches(key: str | None, digest: str | None) -> bool:
    """Whether ``key`` is the one ``digest`` was made of, compared in constant time."""
    if key is None or digest is None or len(key) > MAX_KEY_LENGTH or not key.isascii():
        return False
    return hmac.compare_digest(key_digest(key), digest)


# --- snapshots ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParticipantDate:
    id: ParticipantDateId
    date: date
    enabled: bool  # timed meetings: free on at least one slot
    starred: bool  # timed meetings: preferred on at least one slot
    # Timed meetings: one mark per slot ("0" busy, "1" free, "2" preferred); None otherwise.
    slots: str | None = None


@dataclass(frozen=True, slots=True)
class Participant:
    id: ParticipantId
    name: str
    dates: tuple[ParticipantDate, ...] = ()


@dataclass(frozen=True, slots=True)
class FinalDecision:
    """What the organizer decided: a date and, on a timed meeting, ``start``..``end`` (minutes
    after midnight in the meeting's zone, on slot boundaries inside the window), with a note.
    While a meeting has one it is closed: nobody joins or changes marks."""

    day: date
    start: int | None = None
    end: int | None = None
    note: str = ""
    # When it was decided (UTC, whole seconds): the calendar file's DTSTAMP.
    decided_at: datetime | None = None

    @property
    def timed(self) -> bool:
        return self.start is not None and self.end is not None


@dataclass(frozen=True, slots=True)
class Meeting:
    """A meeting as stored at one moment: what every read and every change answers with."""

    url_code: str
    title: str
    location: str
    start_date: date | None
    end_date: date | None
    participants: tuple[Participant, ...] = ()
    version: int = 1
    editing: Editing = Editing.OPEN
    # Of the organizer key, if the meeting has one (meetings stored before keys existed do not).
    organizer_key_digest: str | None = field(default=None, repr=False)
    # The daily time window of a timed meeting (set with the range); None: dates only.
    window: TimeWindow | None = None
    # The organizer's decision; None while the meeting is open.
    final: FinalDecision | None = None
    best_dates: tuple[date, ...] = field(init=False)
    best_times: tuple[BestTime, ...] | None = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "best_dates", best_dates_pick(self.participants))
        best_times = None
        if self.window is not None:
            from meetings.slots import best_times_of

            best_times = best_times_of(self.window, self.participants)
        object.__setattr__(self, "best_times", best_times)

    @property
    def has_date_range(self) -> bool:
        return self.start_date is not None and self.end_date is not None

    def dates(self) -> list[date]:
        if self.start_date is None or self.end_date is None:
            return []
        return dates_between(self.start_date, self.end_date)

    @property
    def closed(self) -> bool:
        return self.final is not None


@dataclass(frozen=True, slots=True)
class MeetingAccess:
    """What deciding about one change needs, read in one small query: the meeting's editing
    mode and organizer key digest, and when the change is to one participant's row, that
    participant and the digest of its key (``None`` for participants who joined before keys
    existed)."""

    editing: Editing
    organizer_key_digest: str | None = field(repr=False)
    participant_id: ParticipantId | None = None
    participant_key_digest: str | None = field(default=None, repr=False)
    # The range and window, for the changes that check marks against them.
    start_date: date | None = None
    end_date: date | None = None
    window: TimeWindow | None = None
    # Whether the organizer decided the final date (the meeting is closed).
    closed: bool = False

    def dates(self) -> list[date]:
        if self.start_date is None or self.end_date is None:
            return []
        return dates_between(self.start_date, self.end_date)


def access_target_require(
    found: bool, *, participant_id: object = None, participant_date_id: object = None
) -> None:
    """What a store's ``meeting_access`` raises when the participant or date it was asked
    about is not one of the meeting's (``found`` is false)."""
    if found:
        return
    if participant_date_id is not None:
        raise ParticipantDateNotFound(participant_date_id)
    if participant_id is not None:
        raise ParticipantNotFound(participant_id)


# --- rules --------------------------------------------------------------------------------------


def url_code_new() -> str:
    """22 base62 characters carrying 128 random bits (62**22 > 2**128)."""
    number = secrets.randbits(128)
    chars = []
    for _ in range(URL_CODE_LENGTH):
        number, digit = divmod(number, 62)
        chars.append(URL_CODE_ALPHABET[digit])
    return "".join(reversed(chars))


def url_code_is_well_formed(url_code: str) -> bool:
    return len(url_code) == URL_CODE_LENGTH and all(c in URL_CODE_ALPHABET for c in url_code)


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


def purge_cutoffs(now: datetime, retention_days: int) -> tuple[date, datetime]:
    """What ``meetings_purge`` forgets, ``retention_days`` before ``now``: meetings nobody
    changed since the second cutoff whose last date is before the first one, or which have no
    dates."""
    if retention_days < 0:
        raise ValueError("retention_days should not be negative")
    changed_before = now - timedelta(days=retention_days)
    return changed_before.date(), changed_before


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


class DateAction(Enum):
    """How a participant marks one date. Each maps to fixed column values, so a store applies it
    as one conditional UPDATE with no read-modify-write."""

    ON = "on"
    OFF = "off"
    STAR = "star"
    UNSTAR = "unstar"

    def changes(self) -> dict[str, bool]:
        return _DATE_ACTION_CHANGES[self]


_DATE_ACTION_CHANGES: dict[DateAction, dict[str, bool]] = {
    DateAction.ON: {"enabled": True},  # the star stays as it is
    DateAction.OFF: {"enabled": False, "starred": False},  # busy dates cannot be preferred
    DateAction.STAR: {"enabled": True, "starred": True},  # preferring a date makes it free
    DateAction.UNSTAR: {"starred": False},  # stays free
}


def date_action_apply(action: DateAction, *, enabled: bool, starred: bool) -> tuple[bool, bool]:
    """The state of a date after ``action``: the reference for stores' conditional updates."""
    changes = action.changes()
    return changes.get("enabled", enabled), changes.get("starred", starred)


def best_dates_pick(
    participants: Iterable[Participant], *, count: int = BEST_DATES_COUNT
) -> tuple[date, ...]:
    """Dates most people are free on; ties go to more stars, then the earlier date."""
    free: dict[date, int] = {}
    starred: dict[date, int] = {}
    for participant in participants:
        for row in participant.dates:
            free.setdefault(row.date, 0)
            starred.setdefault(row.date, 0)
            if row.enabled:
                free[row.date] += 1
                if row.starred:
                    starred[row.date] += 1
    ranked = sorted(free, key=lambda day: (-free[day], -starred[day], day))
    return tuple(ranked[:count])


def free_counts(meeting: Meeting) -> dict[date, int]:
    """How many participants are free on each date of the range."""
    counts = dict.fromkeys(meeting.dates(), 0)
    for participant in meeting.participants:
        for row in participant.dates:
            if row.enabled and row.date in counts:
                counts[row.date] += 1
    return counts


def participant_find(meeting: Meeting, participant_id: ParticipantId) -> Participant | None:
    for participant in meeting.participants:
        if str(participant.id) == str(participant_id):
            return participant
    return None


# --- who may change what ------------------------------------------------------------------------

ORGANIZER_KEY_REQUIRED = "this change needs the organizer key"
ROW_KEY_REQUIRED = "this change needs the participant's key or the organizer key"
ORGANIZER_KEY_REFUSED = "the key does not allow this change: it needs the organizer key"
ROW_KEY_REFUSED = (
    "the key does not allow this change: it needs the participant's key or the organizer key"
)


def is_organizer(access: MeetingAccess | Meeting, key: str | None) -> bool:
    return key_matches(key, access.organizer_key_digest)


def meeting_change_check(access: MeetingAccess, key: str | None) -> None:
    """Title, location, date range: anyone on an open meeting, else the organizer key."""
    if access.editing is Editing.OPEN:
        return
    editing_change_check(access, key)


def editing_change_check(access: MeetingAccess, key: str | None) -> None:
    """The editing mode (and so who may change everything else): the organizer key, always."""
    if key is None:
        raise KeyRequired(ORGANIZER_KEY_REQUIRED)
    if not is_organizer(access, key):
        raise KeyRefused(ORGANIZER_KEY_REFUSED)


def meeting_open_check(access: MeetingAccess) -> None:
    """Joins and marks: refused while the final date is decided."""
    if access.closed:
        raise MeetingClosed()


def meeting_delete_check(access: MeetingAccess, key: str | None) -> None:
    """Deleting a meeting cannot be undone: the organizer key, always, even on an open
    meeting (a meeting stored before keys existed is deleted by staff or by the purge)."""
    editing_change_check(access, key)


def participant_change_check(access: MeetingAccess, key: str | None) -> None:
    """A participant's dates and the participant itself: anyone on an open meeting, else that
    participant's key or the organizer key."""
    if access.editing is Editing.OPEN:
        return
    if key is None:
        raise KeyRequired(ROW_KEY_REQUIRED)
    if not (is_organizer(access, key) or key_matches(key, access.participant_key_digest)):
        raise KeyRefused(ROW_KEY_REFUSED)
