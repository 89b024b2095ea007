"""The contract every meeting store fulfils (MySQL through the ORM, Gel, the in-memory fake).

Stores trust their callers (the services) to have validated input against the domain rules; they
own atomicity: each mutation is applied as one conditional change, bumps the meeting's
``version`` and answers with the meeting as stored afterwards.

Every mutation a key check comes before takes ``seen`` (``MeetingAccess.seen()``: the editing
mode, the organizer key's digest and, for a participant's row, its password hash, as the check
read them) and writes only while they still hold, judged where it writes (under the meeting's
lock, in the statement or in the transaction); else it writes nothing and raises
``AccessChanged``, which the services answer by judging again. ``seen=None``: no check came
before (staff, the admin, tests of the store alone).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from meetings.domain import (
    DEFAULT_MAX_PARTICIPANTS,
    AccessSeen,
    DateAction,
    Editing,
    FinalDecision,
    Mark,
    Meeting,
    MeetingAccess,
    Participant,
    ParticipantDateId,
    ParticipantId,
    Schedule,
    TimeWindow,
)


class MeetingRepository(Protocol):
    #: "int" for stores with integer ids, "uuid" for stores with UUID ids; the API parses ids
    #: from URLs and bodies accordingly.
    id_kind: str

    def meeting_create(
        self,
        *,
        url_code: str,
        title: str,
        location: str,
        start_date: date | None = None,
        end_date: date | None = None,
        editing: Editing = Editing.OPEN,
        organizer_key_digest: str | None = None,
        window: TimeWindow | None = None,
        weekdays: tuple[int, ...] | None = None,
    ) -> Meeting:
        """Store a new meeting. Raises ``UrlCodeTaken`` if the code exists already. A weekly
        meeting comes with its ``weekdays`` and their reference week's span as start and end
        (``domain.weekly``): the store keeps both (the weekdays as ``weekdays_bits``)."""
        ...

    def meeting_access(
        self,
        *,
        url_code: str,
        participant_id: ParticipantId | None = None,
        participant_date_id: ParticipantDateId | None = None,
    ) -> MeetingAccess:
        """What a permission check needs, in one query: the editing mode, the organizer key
        digest and, given a participant or one of its dates, that participant's id and key
        digest. Raises ``MeetingNotFound``, then ``ParticipantNotFound`` /
        ``ParticipantDateNotFound`` when the participant or date is not this meeting's."""
        ...

    def meeting_get(self, *, url_code: str) -> Meeting:
        """The whole meeting in a fixed number of queries. Raises ``MeetingNotFound``."""
        ...

    def meeting_version(self, *, url_code: str) -> int:
        """Only the version (one indexed read), for conditional requests."""
        ...

    def meeting_set_date_range(
        self,
        *,
        url_code: str,
        start_date: date,
        end_date: date,
        window: TimeWindow | None = None,
        weekdays: tuple[int, ...] | None = None,
        seen: AccessSeen | None = None,
    ) -> Meeting:
        """Set the range, or a weekly meeting's weekdays with their reference span (with the
        daily window of a timed meeting) once. Raises ``DateRangeAlreadySet`` (with the stored
        dates or weekdays) when it was set before, also by a concurrent caller;
        ``MeetingNotFound``. Joining adds one entry per ``domain.meeting_days``."""
        ...

    def meeting_set_schedule(
        self, *, url_code: str, schedule: Schedule, seen: AccessSeen | None = None
    ) -> Meeting:
        """Change the days (a range or weekdays) and window, set or not, keeping the answers:
        read the stored schedule where the change is written (under the meeting's lock, in its
        transaction), and apply ``domain.schedule_plan`` and ``domain.day_remap`` to every
        participant's rows; one version bump. Raises ``ScheduleDecided`` when the meeting is
        decided (also by a concurrent caller), ``MeetingNotFound``, ``AccessChanged``."""
        ...

    def meeting_set_title(
        self, *, url_code: str, title: str, seen: AccessSeen | None = None
    ) -> Meeting: ...

    def meeting_set_location(
        self, *, url_code: str, location: str, seen: AccessSeen | None = None
    ) -> Meeting: ...

    def meeting_set_editing(
        self, *, url_code: str, editing: Editing, seen: AccessSeen | None = None
    ) -> Meeting: ...

    def meeting_set_organizer_key(self, *, url_code: str, organizer_key_digest: str) -> Meeting:
        """Replace the organizer key (the old one stops working at once)."""
        ...

    def meeting_set_final(
        self, *, url_code: str, final: FinalDecision | None, seen: AccessSeen | None = None
    ) -> Meeting:
        """Record the organizer's decision (checked by the caller), which closes the meeting,
        or with ``None`` reopen it. Each decision counts: the stored one's ``sequence`` is how
        many came before it (``final_sequence``). Raises ``MeetingNotFound``."""
        ...

    def meeting_set_deadline(
        self, *, url_code: str, deadline: datetime | None, seen: AccessSeen | None = None
    ) -> Meeting:
        """Set the deadline for answers (an aware UTC moment, checked by the caller; past ones
        too: answers close at once), or with ``None`` clear it. Joins and marks then check it,
        with ``meetings.clock.now()``, where they write (``domain.open_require``), and raise
        ``DeadlinePassed`` from it on. Raises ``MeetingNotFound``."""
        ...

    def meeting_delete(self, *, url_code: str, seen: AccessSeen | None = None) -> None:
        """Remove the meeting with every participant and mark, at once, leaving its tombstone
        (``url_code_digest(url_code)`` and the moment) in the same transaction. Raises
        ``MeetingNotFound``."""
        ...

    def meeting_deleted(self, *, url_code: str) -> bool:
        """Whether a meeting with this code was deleted (its tombstone is kept): the pages
        answer 410 instead of 404. Reads only the tombstones, never a meeting."""
        ...

    def tombstones_forget(self, *, deleted_before: datetime) -> int:
        """Forget the tombstones of meetings deleted before ``deleted_before``; how many went."""
        ...

    def meetings_expired_count(self, *, dated_before: date, changed_before: datetime) -> int:
        """How many meetings ``meetings_expired_delete`` would remove: those last changed
        (never changed: created) before ``changed_before`` whose last date is before
        ``dated_before`` or which have no dates."""
        ...

    def meetings_expired_delete(
        self,
        *,
        dated_before: date,
        changed_before: datetime,
        limit: int,
        url_codes: Sequence[str] | None = None,
    ) -> int:
        """Remove up to ``limit`` of those meetings (only among ``url_codes`` when given), with
        their participants and marks, in one transaction; answers how many went. A meeting
        changed meanwhile so that it no longer qualifies stays."""
        ...

    def participant_create(
        self,
        *,
        url_code: str,
        name: str,
        key_digest: str | None = None,
        max_participants: int = DEFAULT_MAX_PARTICIPANTS,
    ) -> tuple[Participant, Meeting]:
        """Add a participant free on every date of the range and not answered yet
        (``Participant.answered`` false), in one transaction. Raises
        ``MeetingNotFound``, ``MeetingClosed`` (``DeadlinePassed`` past the deadline),
        ``MeetingFull`` (``max_participants`` there already: counted under the same lock or
        transaction as the insert), ``DateRangeNotSet``, ``ParticipantNameTaken``."""
        ...

    def participant_set_password(
        self,
        *,
        url_code: str,
        participant_id: ParticipantId,
        password_hash: str | None,
        seen: AccessSeen | None = None,
    ) -> None:
        """Keep ``password_hash`` (made by the services with Django's hashers; ``None``: no
        password) for one of this meeting's participants; ``meeting_access`` reads it back.
        Nothing any answer shows changes, so the version stays. Raises ``MeetingNotFound``, then
        ``ParticipantNotFound`` (also for another meeting's participant)."""
        ...

    def participant_delete(
        self, *, url_code: str, participant_id: ParticipantId, seen: AccessSeen | None = None
    ) -> Meeting:
        """Remove one of this meeting's participants and its dates. Raises ``MeetingNotFound``,
        then ``ParticipantNotFound`` (also for another meeting's participant)."""
        ...

    def participant_marks(
        self,
        *,
        url_code: str,
        participant_id: ParticipantId,
        marks: Sequence[Mark],
        seen: AccessSeen | None = None,
    ) -> Meeting:
        """Apply ``marks`` (checked against the range and window by the caller) to one
        participant's dates, in order, in one transaction and one version bump, and mark the
        participant answered in the same transaction (also when no mark changes). Raises
        ``MeetingNotFound``, then ``ParticipantNotFound`` (also for another meeting's)."""
        ...

    def participant_date_mark(
        self,
        *,
        url_code: str,
        participant_date_id: ParticipantDateId,
        action: DateAction,
        seen: AccessSeen | None = None,
    ) -> Meeting:
        """Apply ``action`` to one date of one of this meeting's participants (every slot of it
        on a timed meeting), and mark its participant answered in the same change. Raises
        ``MeetingNotFound``, then ``ParticipantDateNotFound`` (also for another meeting's date)."""
        ...
