"""A meeting as stored at one moment (with its best dates and times, computed as it is built),
what deciding about one change needs to know of it, and lookups in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from meetings.domain.best import BestTime, best_dates_pick, best_times_of
from meetings.domain.constants import ParticipantId
from meetings.domain.deadline import deadline_passed
from meetings.domain.errors import AccessChanged, ParticipantDateNotFound, ParticipantNotFound
from meetings.domain.final import FinalDecision
from meetings.domain.keys import Editing
from meetings.domain.participants import Participant, answered_only, unanswered
from meetings.domain.weekly import meeting_days
from meetings.domain.window import TimeWindow


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
    # A weekly meeting's ISO weekdays (sorted); None: a dated meeting. Its start and end date
    # are then the reference week's (``domain.weekly``): never shown.
    weekdays: tuple[int, ...] | None = None
    # The deadline for answers (aware, UTC; ``domain.deadline``); None: answers stay open.
    deadline: datetime | None = None
    best_dates: tuple[date, ...] = field(init=False)
    best_times: tuple[BestTime, ...] | None = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "best_dates", best_dates_pick(self.participants))
        best_times = None
        if self.window is not None:
            best_times = best_times_of(self.window, self.participants)
        object.__setattr__(self, "best_times", best_times)

    @property
    def has_date_range(self) -> bool:
        """Whether the days are set (a date range or, on a weekly meeting, the weekdays)."""
        return self.start_date is not None and self.end_date is not None

    @property
    def weekly(self) -> bool:
        return self.weekdays is not None

    def dates(self) -> list[date]:
        """The days asked about: the range's dates, or the reference dates of the weekdays."""
        if self.start_date is None or self.end_date is None:
            return []
        return meeting_days(self.start_date, self.end_date, self.weekdays)

    @property
    def closed(self) -> bool:
        return self.final is not None

    def answers_closed(self, now: datetime) -> bool:
        """Whether joins and marks are refused at ``now``: decided, or past the deadline."""
        return self.closed or deadline_passed(self.deadline, now)

    @property
    def answered(self) -> list[Participant]:
        """The participants whose marks count (totals, heat, who is free, best dates)."""
        return answered_only(self.participants)

    @property
    def unanswered(self) -> list[Participant]:
        """The participants who have not answered yet, in join order."""
        return unanswered(self.participants)


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
    # A weekly meeting's weekdays; None: a dated meeting.
    weekdays: tuple[int, ...] | None = None
    # The deadline for answers (aware, UTC); None: none.
    deadline: datetime | None = None
    # The participant's password hash (Django's format), if it set one; and the digest of the
    # key signing in with it gives (``password_key``), which the services fill in: the stores
    # do not know the server's secret it is derived with.
    participant_password_hash: str | None = field(default=None, repr=False)
    participant_password_key_digest: str | None = field(default=None, repr=False)

    def dates(self) -> list[date]:
        if self.start_date is None or self.end_date is None:
            return []
        return meeting_days(self.start_date, self.end_date, self.weekdays)

    def seen(self) -> AccessSeen:
        """What a key check of this access relied on, for the store to hold it to."""
        return AccessSeen(
            editing=self.editing,
            organizer_key_digest=self.organizer_key_digest,
            password_hash=self.participant_password_hash,
            participant_id=self.participant_id,
        )


@dataclass(frozen=True, slots=True)
class AccessSeen:
    """What a key check relied on that another request may change before the store writes:
    the editing mode, the organizer key's digest (staff re-issue it) and, for a change to one
    participant's row, that row's password hash (a new password ends the keys the old one
    gave). A store's keyed write takes it as ``seen`` and writes only while it all still holds
    (under the meeting's row lock, or in the same statement or transaction); else it writes
    nothing and raises ``AccessChanged``, and the services judge the change again.

    ``participant_id`` names the participant whose row the check was about (if any): not held
    to, but a store may line up the changes of one row by it (Gel's ``conflicts_retried``)."""

    editing: Editing
    organizer_key_digest: str | None = field(repr=False)
    password_hash: str | None = field(default=None, repr=False)
    participant_id: ParticipantId | None = None

    def holds(
        self,
        *,
        editing: Editing | str,
        organizer_key_digest: str | None,
        password_hash: str | None = None,
        row: bool = False,
    ) -> bool:
        """Whether the stored values are still the ones seen (``row``: the password's too)."""
        return (
            Editing(editing) is self.editing
            and organizer_key_digest == self.organizer_key_digest
            and (not row or password_hash == self.password_hash)
        )


def access_hold(
    seen: AccessSeen | None,
    *,
    editing: Editing | str,
    organizer_key_digest: str | None,
    password_hash: str | None = None,
    row: bool = False,
) -> None:
    """Raise ``AccessChanged`` unless what ``seen`` recorded still holds (no ``seen``: a write
    no key check came before, such as staff's)."""
    if seen is not None and not seen.holds(
        editing=editing,
        organizer_key_digest=organizer_key_digest,
        password_hash=password_hash,
        row=row,
    ):
        raise AccessChanged()


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


def free_counts(meeting: Meeting) -> dict[date, int]:
    """How many answered participants are free on each date of the range."""
    counts = dict.fromkeys(meeting.dates(), 0)
    for participant in answered_only(meeting.participants):
        for row in participant.dates:
            if row.enabled and row.date in counts:
                counts[row.date] += 1
    return counts


def participant_find(meeting: Meeting, participant_id: ParticipantId) -> Participant | None:
    for participant in meeting.participants:
        if str(participant.id) == str(participant_id):
            return participant
    return None
