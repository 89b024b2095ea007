"""An in-memory store with the same contract as the real ones, for fast unit tests."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from meetings import clock
from meetings.domain import (
    DEFAULT_MAX_PARTICIPANTS,
    AccessSeen,
    DateAction,
    DateRangeAlreadySet,
    DateRangeNotSet,
    DateRow,
    Editing,
    FinalDecision,
    Mark,
    Meeting,
    MeetingAccess,
    MeetingNotFound,
    Participant,
    ParticipantDate,
    ParticipantDateId,
    ParticipantDateNotFound,
    ParticipantId,
    ParticipantNameTaken,
    ParticipantNotFound,
    Schedule,
    ScheduleDecided,
    TimeWindow,
    UrlCodeTaken,
    access_hold,
    access_target_require,
    day_remap,
    final_sequence,
    marks_apply,
    meeting_days,
    open_require,
    participant_add_check,
    participant_name_key,
    schedule_plan,
    slots_new,
    url_code_digest,
)


@dataclass
class _Stored:
    meeting: Meeting
    participants: list[Participant] = field(default_factory=list)
    key_digests: dict[ParticipantId, str | None] = field(default_factory=dict)
    password_hashes: dict[ParticipantId, str] = field(default_factory=dict)
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    changed_at: datetime | None = None
    decisions: int = 0


class InMemoryMeetingRepository:
    id_kind = "int"

    def __init__(self) -> None:
        self._meetings: dict[str, _Stored] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._tombstones: dict[str, datetime] = {}  # url_code_digest -> deleted at

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
        with self._lock:
            if url_code in self._meetings:
                raise UrlCodeTaken(url_code)
            meeting = Meeting(
                url_code,
                title,
                location,
                start_date,
                end_date,
                editing=editing,
                organizer_key_digest=organizer_key_digest,
                window=window,
                weekdays=weekdays,
            )
            self._meetings[url_code] = _Stored(meeting)
            return meeting

    def meeting_get(self, *, url_code: str) -> Meeting:
        with self._lock:
            return self._snapshot(self._stored(url_code))

    def meeting_access(
        self,
        *,
        url_code: str,
        participant_id: ParticipantId | None = None,
        participant_date_id: ParticipantDateId | None = None,
    ) -> MeetingAccess:
        with self._lock:
            stored = self._stored(url_code)
            owner: Participant | None = None
            if participant_date_id is not None:
                owner = next(
                    (
                        p
                        for p in stored.participants
                        if any(row.id == participant_date_id for row in p.dates)
                    ),
                    None,
                )
            elif participant_id is not None:
                owner = next((p for p in stored.participants if p.id == participant_id), None)
            access_target_require(
                owner is not None,
                participant_id=participant_id,
                participant_date_id=participant_date_id,
            )
            return MeetingAccess(
                editing=stored.meeting.editing,
                organizer_key_digest=stored.meeting.organizer_key_digest,
                participant_id=owner.id if owner else None,
                participant_key_digest=stored.key_digests.get(owner.id) if owner else None,
                start_date=stored.meeting.start_date,
                end_date=stored.meeting.end_date,
                window=stored.meeting.window,
                closed=stored.meeting.final is not None,
                weekdays=stored.meeting.weekdays,
                deadline=stored.meeting.deadline,
                participant_password_hash=stored.password_hashes.get(owner.id) if owner else None,
            )

    def meeting_version(self, *, url_code: str) -> int:
        with self._lock:
            return self._stored(url_code).meeting.version

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
        with self._lock:
            stored = self._held(url_code, seen)
            if stored.meeting.start_date is not None:
                raise DateRangeAlreadySet(
                    url_code,
                    stored.meeting.start_date,
                    stored.meeting.end_date,
                    stored.meeting.weekdays,
                )
            return self._change(
                stored, start_date=start_date, end_date=end_date, window=window, weekdays=weekdays
            )

    def meeting_set_schedule(
        self, *, url_code: str, schedule: Schedule, seen: AccessSeen | None = None
    ) -> Meeting:
        with self._lock:
            stored = self._held(url_code, seen)
            old = stored.meeting
            if old.final is not None:
                raise ScheduleDecided()
            before = Schedule(old.start_date, old.end_date, old.weekdays, old.window)
            plan = schedule_plan(before, schedule)
            kept = set(plan.kept)
            for index, participant in enumerate(stored.participants):
                rows = {row.date: row for row in participant.dates if row.date in kept}
                dates = []
                for day in schedule.days():
                    if day in rows:
                        row = rows[day]
                        enabled, starred, if_need_be, slots = day_remap(
                            (row.enabled, row.starred, row.if_need_be, row.slots),
                            before.window,
                            schedule.window,
                        )
                        dates.append(
                            replace(
                                row,
                                enabled=enabled,
                                starred=starred,
                                if_need_be=if_need_be,
                                slots=slots,
                            )
                        )
                    else:
                        dates.append(
                            ParticipantDate(next(self._ids), day, True, False, plan.new_slots)
                        )
                stored.participants[index] = replace(
                    participant,
                    dates=tuple(dates),
                    answered=participant.answered and plan.answers_kept,
                )
            return self._change(
                stored,
                start_date=schedule.start_date,
                end_date=schedule.end_date,
                weekdays=schedule.weekdays,
                window=schedule.window,
            )

    def meeting_set_title(
        self, *, url_code: str, title: str, seen: AccessSeen | None = None
    ) -> Meeting:
        with self._lock:
            return self._change(self._held(url_code, seen), title=title)

    def meeting_set_location(
        self, *, url_code: str, location: str, seen: AccessSeen | None = None
    ) -> Meeting:
        with self._lock:
            return self._change(self._held(url_code, seen), location=location)

    def meeting_set_editing(
        self, *, url_code: str, editing: Editing, seen: AccessSeen | None = None
    ) -> Meeting:
        with self._lock:
            return self._change(self._held(url_code, seen), editing=editing)

    def meeting_set_organizer_key(self, *, url_code: str, organizer_key_digest: str) -> Meeting:
        with self._lock:
            return self._change(self._stored(url_code), organizer_key_digest=organizer_key_digest)

    def meeting_set_final(
        self, *, url_code: str, final: FinalDecision | None, seen: AccessSeen | None = None
    ) -> Meeting:
        with self._lock:
            stored = self._held(url_code, seen)
            if final is not None:
                stored.decisions += 1
                final = replace(final, sequence=final_sequence(stored.decisions))
            return self._change(stored, final=final)

    def meeting_set_deadline(
        self, *, url_code: str, deadline: datetime | None, seen: AccessSeen | None = None
    ) -> Meeting:
        with self._lock:
            return self._change(self._held(url_code, seen), deadline=deadline)

    def meeting_delete(self, *, url_code: str, seen: AccessSeen | None = None) -> None:
        with self._lock:
            self._held(url_code, seen)
            del self._meetings[url_code]
            self._tombstones[url_code_digest(url_code)] = datetime.now(UTC)

    def meeting_deleted(self, *, url_code: str) -> bool:
        with self._lock:
            return url_code_digest(url_code) in self._tombstones

    def tombstones_forget(self, *, deleted_before: datetime) -> int:
        with self._lock:
            old = [key for key, at in self._tombstones.items() if at < deleted_before]
            for key in old:
                del self._tombstones[key]
            return len(old)

    def _expired(self, dated_before: date, changed_before: datetime) -> list[str]:
        def expired(stored: _Stored) -> bool:
            end = stored.meeting.end_date
            if end is not None and end >= dated_before:
                return False
            return (stored.changed_at or stored.created_at) < changed_before

        return [code for code, stored in self._meetings.items() if expired(stored)]

    def meetings_expired_count(self, *, dated_before: date, changed_before: datetime) -> int:
        with self._lock:
            return len(self._expired(dated_before, changed_before))

    def meetings_expired_delete(
        self,
        *,
        dated_before: date,
        changed_before: datetime,
        limit: int,
        url_codes: Sequence[str] | None = None,
    ) -> int:
        with self._lock:
            codes = self._expired(dated_before, changed_before)
            if url_codes is not None:
                chosen = set(url_codes)
                codes = [code for code in codes if code in chosen]
            for code in codes[:limit]:
                del self._meetings[code]
            return len(codes[:limit])

    def participant_create(
        self,
        *,
        url_code: str,
        name: str,
        key_digest: str | None = None,
        max_participants: int = DEFAULT_MAX_PARTICIPANTS,
    ) -> tuple[Participant, Meeting]:
        with self._lock:
            stored = self._stored(url_code)
            participant_add_check(
                closed=stored.meeting.final is not None,
                participants=len(stored.participants),
                max_participants=max_participants,
                deadline=stored.meeting.deadline,
                now=clock.now(),
            )
            start, end = stored.meeting.start_date, stored.meeting.end_date
            if start is None or end is None:
                raise DateRangeNotSet()
            window = stored.meeting.window
            slots = None if window is None else slots_new(window)
            key = participant_name_key(name)
            if any(participant_name_key(p.name) == key for p in stored.participants):
                raise ParticipantNameTaken(name)
            participant = Participant(
                next(self._ids),
                name,
                tuple(
                    ParticipantDate(next(self._ids), day, True, False, slots)
                    for day in meeting_days(start, end, stored.meeting.weekdays)
                ),
                answered=False,
            )
            stored.participants.append(participant)
            stored.key_digests[participant.id] = key_digest
            return participant, self._change(stored, settings=False)

    def participant_set_password(
        self,
        *,
        url_code: str,
        participant_id: ParticipantId,
        password_hash: str | None,
        seen: AccessSeen | None = None,
    ) -> None:
        with self._lock:
            stored = self._stored(url_code)
            if not any(p.id == participant_id for p in stored.participants):
                raise ParticipantNotFound(participant_id)
            self._held(url_code, seen, participant_id=participant_id)
            if password_hash is None:
                stored.password_hashes.pop(participant_id, None)
            else:
                stored.password_hashes[participant_id] = password_hash

    def participant_delete(
        self, *, url_code: str, participant_id: ParticipantId, seen: AccessSeen | None = None
    ) -> Meeting:
        with self._lock:
            stored = self._stored(url_code)
            for index, participant in enumerate(stored.participants):
                if participant.id == participant_id:
                    self._held(url_code, seen, participant_id=participant_id)
                    del stored.participants[index]
                    stored.key_digests.pop(participant_id, None)
                    stored.password_hashes.pop(participant_id, None)
                    return self._change(stored, settings=False)
            raise ParticipantNotFound(participant_id)

    def participant_date_mark(
        self,
        *,
        url_code: str,
        participant_date_id: ParticipantDateId,
        action: DateAction,
        seen: AccessSeen | None = None,
    ) -> Meeting:
        with self._lock:
            stored = self._stored(url_code)
            open_require(
                closed=stored.meeting.final is not None,
                deadline=stored.meeting.deadline,
                now=clock.now(),
            )
            for index, participant in enumerate(stored.participants):
                for row in participant.dates:
                    if row.id == participant_date_id:
                        self._held(url_code, seen, participant_id=participant.id)
                        changed = marks_apply(
                            {row.date: _date_row(row)},
                            [Mark(row.date, action, None)],
                            timed=stored.meeting.window is not None,
                        )
                        enabled, starred, if_need_be, slots = changed.get(
                            row.id, _date_row(row)[1:]
                        )
                        marked = replace(
                            row,
                            enabled=enabled,
                            starred=starred,
                            if_need_be=if_need_be,
                            slots=slots,
                        )
                        dates = tuple(marked if d is row else d for d in participant.dates)
                        stored.participants[index] = replace(
                            participant, dates=dates, answered=True
                        )
                        return self._change(stored, settings=False)
            raise ParticipantDateNotFound(participant_date_id)

    def participant_marks(
        self,
        *,
        url_code: str,
        participant_id: ParticipantId,
        marks: Sequence[Mark],
        seen: AccessSeen | None = None,
    ) -> Meeting:
        with self._lock:
            stored = self._stored(url_code)
            open_require(
                closed=stored.meeting.final is not None,
                deadline=stored.meeting.deadline,
                now=clock.now(),
            )
            for index, participant in enumerate(stored.participants):
                if participant.id != participant_id:
                    continue
                self._held(url_code, seen, participant_id=participant_id)
                changed = marks_apply(
                    {row.date: _date_row(row) for row in participant.dates},
                    marks,
                    timed=stored.meeting.window is not None,
                )
                dates = tuple(
                    replace(row, enabled=new[0], starred=new[1], if_need_be=new[2], slots=new[3])
                    if (new := changed.get(row.id))
                    else row
                    for row in participant.dates
                )
                stored.participants[index] = replace(participant, dates=dates, answered=True)
                return self._change(stored, settings=False)
            raise ParticipantNotFound(participant_id)

    def _stored(self, url_code: str) -> _Stored:
        try:
            return self._meetings[url_code]
        except KeyError:
            raise MeetingNotFound(url_code) from None

    def _held(
        self, url_code: str, seen: AccessSeen | None, *, participant_id: ParticipantId | None = None
    ) -> _Stored:
        """The stored meeting, if what ``seen`` recorded still holds (with the lock held): the
        editing mode and organizer key, and ``participant_id``'s password when given."""
        stored = self._stored(url_code)
        access_hold(
            seen,
            editing=stored.meeting.editing,
            organizer_key_digest=stored.meeting.organizer_key_digest,
            password_hash=None
            if participant_id is None
            else stored.password_hashes.get(participant_id),
            row=participant_id is not None,
        )
        return stored

    def _change(self, stored: _Stored, *, settings: bool = True, **changes: object) -> Meeting:
        """Bump the version; a change of the meeting's own settings or decision (``settings``)
        also notes when it changed (``changed_at``, what the purge reads), a participant's
        row does not."""
        if settings:
            stored.changed_at = datetime.now(UTC)
        stored.meeting = replace(stored.meeting, version=stored.meeting.version + 1, **changes)  # type: ignore[arg-type]
        return self._snapshot(stored)

    @staticmethod
    def _snapshot(stored: _Stored) -> Meeting:
        return replace(stored.meeting, participants=tuple(stored.participants))


def _date_row(row: ParticipantDate) -> DateRow:
    return (row.id, row.enabled, row.starred, row.if_need_be, row.slots)
