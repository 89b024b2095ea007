"""The MySQL store: Django ORM rows converted to domain snapshots at this edge.

Locking discipline: every mutation first bumps the meeting's ``version`` with a conditional
UPDATE (``MeetingQuerySet.version_bump``), which takes the meeting row's lock. Mutations of one
meeting therefore queue on one row in one order, and cannot deadlock each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q

from meetings import clock, models
from meetings.domain import (
    DEFAULT_MAX_PARTICIPANTS,
    AccessChanged,
    AccessSeen,
    DateAction,
    DateRangeAlreadySet,
    DateRangeNotSet,
    DateRow,
    DeadlinePassed,
    Editing,
    FinalDecision,
    Mark,
    Meeting,
    MeetingAccess,
    MeetingClosed,
    MeetingNotFound,
    Participant,
    ParticipantDateId,
    ParticipantDateNotFound,
    ParticipantId,
    ParticipantNameTaken,
    ParticipantNotFound,
    TimeWindow,
    UrlCodeTaken,
    access_hold,
    access_target_require,
    deadline_as_utc,
    marks_apply,
    meeting_days,
    open_require,
    participant_add_check,
    participant_find,
    slots_apply,
    slots_new,
    slots_summary,
    url_code_digest,
    url_code_is_well_formed,
    weekdays_bits,
    weekdays_from_bits,
)
from meetings.repositories.mysql.guards import guarded, password_hold, unmatched
from meetings.repositories.mysql.locks import meeting_lock
from meetings.repositories.mysql.reads import (
    MEETING_ROW,
    PARTICIPANT_ROWS,
    access_read,
    version_read,
)
from meetings.repositories.mysql.removal import expired_filter, meetings_delete, tombstones_add
from meetings.repositories.mysql.rows import (
    DateRangeRow,
    StoredDateRow,
    access_from_row,
    final_columns,
    meeting_from_row,
    participants_from_columns,
    row_id,
    window_columns,
    window_from_row,
)
from meetings.repositories.mysql.schedule import ScheduleChange


class DjangoMeetingRepository(ScheduleChange):
    id_kind = "int"

    # --- reads ----------------------------------------------------------------------------

    def meeting_get(self, *, url_code: str) -> Meeting:
        """Two queries whatever the size: the meeting row, then participants joined to dates."""
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        row = MEETING_ROW.fetch(url_code)
        if row is None:
            raise MeetingNotFound(url_code)
        return meeting_from_row(row, participants_from_columns(PARTICIPANT_ROWS.fetch(row.id)))

    def meeting_access(
        self,
        *,
        url_code: str,
        participant_id: ParticipantId | None = None,
        participant_date_id: ParticipantDateId | None = None,
    ) -> MeetingAccess:
        """One query: the meeting row, left-joined to the participant (or the date's owner)."""
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        target: tuple[str, list[Any]] = ("none", [url_code])
        if participant_date_id is not None:
            target = ("date", [row_id(participant_date_id), url_code])
        elif participant_id is not None:
            target = ("participant", [row_id(participant_id), url_code])
        row = access_read(*target)
        if row is None:
            raise MeetingNotFound(url_code)
        access_target_require(
            row.participant_id is not None,
            participant_id=participant_id,
            participant_date_id=participant_date_id,
        )
        return access_from_row(row)

    def meeting_version(self, *, url_code: str) -> int:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        row = version_read(url_code)
        if row is None:
            raise MeetingNotFound(url_code)
        return row.version

    # --- meeting mutations ----------------------------------------------------------------

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
        try:
            with transaction.atomic():
                row = models.Meeting.objects.create(
                    url_code=url_code,
                    title=title,
                    location=location,
                    start_date=start_date,
                    end_date=end_date,
                    editing=editing.value,
                    organizer_key_digest=organizer_key_digest,
                    weekdays=None if weekdays is None else weekdays_bits(weekdays),
                    **window_columns(window),
                )
        except IntegrityError as error:
            raise UrlCodeTaken(url_code) from error
        return Meeting(
            url_code=row.url_code,
            title=row.title,
            location=row.location,
            start_date=row.start_date,
            end_date=row.end_date,
            version=row.version,
            editing=editing,
            organizer_key_digest=organizer_key_digest,
            window=window,
            weekdays=weekdays,
        )

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
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        changed = guarded(
            models.Meeting.objects.filter(url_code=url_code, start_date__isnull=True), seen
        ).version_bump(
            start_date=start_date,
            end_date=end_date,
            weekdays=None if weekdays is None else weekdays_bits(weekdays),
            **window_columns(window),
        )
        if not changed:
            stored = (
                models.Meeting.objects.filter(url_code=url_code)
                .values_list(*DateRangeRow._fields, "editing", "organizer_key_digest")
                .first()
            )
            if stored is None:
                raise MeetingNotFound(url_code)
            stored_range = DateRangeRow._make(stored[:3])
            access_hold(seen, editing=stored[3], organizer_key_digest=stored[4])
            if stored_range.start_date is None:  # unset again meanwhile: judged again
                raise AccessChanged()
            raise DateRangeAlreadySet(
                url_code,
                stored_range.start_date,
                stored_range.end_date,
                weekdays_from_bits(stored_range.weekdays),
            )
        return self.meeting_get(url_code=url_code)

    def meeting_set_title(
        self, *, url_code: str, title: str, seen: AccessSeen | None = None
    ) -> Meeting:
        return self._meeting_update(url_code, seen, title=title)

    def meeting_set_location(
        self, *, url_code: str, location: str, seen: AccessSeen | None = None
    ) -> Meeting:
        return self._meeting_update(url_code, seen, location=location)

    def meeting_set_editing(
        self, *, url_code: str, editing: Editing, seen: AccessSeen | None = None
    ) -> Meeting:
        return self._meeting_update(url_code, seen, editing=editing.value)

    def meeting_set_organizer_key(self, *, url_code: str, organizer_key_digest: str) -> Meeting:
        return self._meeting_update(url_code, None, organizer_key_digest=organizer_key_digest)

    def _meeting_update(self, url_code: str, seen: AccessSeen | None, **changes: Any) -> Meeting:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        # Django asks MySQL for matched rather than changed rows, so an unchanged value counts.
        meeting = models.Meeting.objects.filter(url_code=url_code)
        if not guarded(meeting, seen).version_bump(**changes):
            unmatched(url_code)
        return self.meeting_get(url_code=url_code)

    def meeting_set_final(
        self, *, url_code: str, final: FinalDecision | None, seen: AccessSeen | None = None
    ) -> Meeting:
        counted = {} if final is None else {"decisions": F("decisions") + 1}
        return self._meeting_update(url_code, seen, **final_columns(final), **counted)

    def meeting_set_deadline(
        self, *, url_code: str, deadline: datetime | None, seen: AccessSeen | None = None
    ) -> Meeting:
        return self._meeting_update(url_code, seen, deadline=deadline)

    def meeting_delete(self, *, url_code: str, seen: AccessSeen | None = None) -> None:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        with transaction.atomic():
            # The version bump takes the row lock: changes queued behind it find no meeting.
            meeting = models.Meeting.objects.filter(url_code=url_code)
            if not guarded(meeting, seen).version_bump(note_change=False):
                unmatched(url_code)
            ids = list(
                models.Meeting.objects.filter(url_code=url_code).values_list("id", flat=True)
            )
            meetings_delete(ids)
            tombstones_add([url_code])

    def meeting_deleted(self, *, url_code: str) -> bool:
        if not url_code_is_well_formed(url_code):
            return False
        return models.DeletedMeeting.objects.filter(digest=url_code_digest(url_code)).exists()

    def tombstones_forget(self, *, deleted_before: datetime) -> int:
        deleted, _ = models.DeletedMeeting.objects.filter(deleted_at__lt=deleted_before).delete()
        return deleted

    # --- forgetting -----------------------------------------------------------------------

    def meetings_expired_count(self, *, dated_before: date, changed_before: datetime) -> int:
        return models.Meeting.objects.filter(expired_filter(dated_before, changed_before)).count()

    def meetings_expired_delete(
        self,
        *,
        dated_before: date,
        changed_before: datetime,
        limit: int,
        url_codes: Sequence[str] | None = None,
    ) -> int:
        expired = models.Meeting.objects.filter(expired_filter(dated_before, changed_before))
        if url_codes is not None:
            expired = expired.filter(url_code__in=list(url_codes))
        with transaction.atomic():
            # Locked in id order, and checked again under the lock: a meeting changed since it
            # was picked stays (its dates, or its last change, may be recent now).
            ids = list(
                expired.order_by("id").select_for_update().values_list("id", flat=True)[:limit]
            )
            if not ids:
                return 0
            return meetings_delete(ids)

    # --- participants ---------------------------------------------------------------------

    def participant_create(
        self,
        *,
        url_code: str,
        name: str,
        key_digest: str | None = None,
        max_participants: int = DEFAULT_MAX_PARTICIPANTS,
    ) -> tuple[Participant, Meeting]:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        with transaction.atomic():
            # Counted with the meeting's lock held: joins of one meeting queue on it.
            locked = meeting_lock(url_code, count_participants=True)
            participant_add_check(
                closed=locked.final_date is not None,
                participants=locked.participant_count or 0,
                max_participants=max_participants,
                deadline=deadline_as_utc(locked.deadline),
                now=clock.now(),
            )
            start_date, end_date = locked.start_date, locked.end_date
            if start_date is None or end_date is None:
                raise DateRangeNotSet()
            window = window_from_row(locked)
            slots = None if window is None else slots_new(window)
            try:
                # save() fills name_key, the column the unique constraint covers.
                participant = models.Participant.objects.create(
                    meeting_id=locked.id, name=name, key_digest=key_digest
                )
            except IntegrityError as error:
                raise ParticipantNameTaken(name) from error
            models.ParticipantDate.objects.bulk_create(
                models.ParticipantDate(
                    participant=participant, meeting_id=locked.id, date=day, slots=slots
                )
                for day in meeting_days(start_date, end_date, weekdays_from_bits(locked.weekdays))
            )
        meeting = self.meeting_get(url_code=url_code)
        # Someone may have removed the participant right after the commit: then it is gone.
        found = participant_find(meeting, participant.pk) or Participant(
            participant.pk, name, answered=False
        )
        return found, meeting

    def participant_set_password(
        self,
        *,
        url_code: str,
        participant_id: ParticipantId,
        password_hash: str | None,
        seen: AccessSeen | None = None,
    ) -> None:
        """One UPDATE of the participant's row, matched with its meeting's url code (and the
        password ``seen``: the row lock it takes decides between two changes of it)."""
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        participant = models.Participant.objects.filter(
            pk=row_id(participant_id), meeting__url_code=url_code
        )
        held = participant if seen is None else participant.filter(password_hash=seen.password_hash)
        if not held.update(password_hash=password_hash):
            self.meeting_version(url_code=url_code)  # a missing meeting is reported first
            if participant.exists():
                raise AccessChanged()
            raise ParticipantNotFound(participant_id)

    def participant_delete(
        self, *, url_code: str, participant_id: ParticipantId, seen: AccessSeen | None = None
    ) -> Meeting:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        with transaction.atomic():
            locked = meeting_lock(url_code, seen=seen)
            leaving = models.Participant.objects.filter(pk=participant_id, meeting_id=locked.id)
            held = leaving if seen is None else leaving.filter(password_hash=seen.password_hash)
            deleted, _ = held.delete()
            if not deleted:  # not this meeting's, removed meanwhile, or a new password
                if leaving.exists():
                    raise AccessChanged()
                raise ParticipantNotFound(participant_id)
        return self.meeting_get(url_code=url_code)

    def participant_date_mark(
        self,
        *,
        url_code: str,
        participant_date_id: ParticipantDateId,
        action: DateAction,
        seen: AccessSeen | None = None,
    ) -> Meeting:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        with transaction.atomic():
            locked = meeting_lock(url_code, date_id=row_id(participant_date_id), seen=seen)
            open_require(
                closed=locked.final_date is not None,
                deadline=deadline_as_utc(locked.deadline),
                now=clock.now(),
            )
            if locked.date_participant_id is not None:
                password_hold(seen, locked.date_password_hash)
            dates = models.ParticipantDate.objects.filter(
                pk=row_id(participant_date_id), meeting_id=locked.id
            )
            if locked.date_participant_id is not None:
                _answered_set(locked.date_participant_id, answered=bool(locked.date_answered))
            if window_from_row(locked) is None:
                if not dates.update(**action.changes()):
                    raise ParticipantDateNotFound(participant_date_id)
            else:  # the whole day: every slot, read and written under the meeting's lock
                stored = dates.values_list("slots", flat=True).first()
                if stored is None:
                    raise ParticipantDateNotFound(participant_date_id)
                marked = slots_apply(stored, action)
                enabled, starred, maybe = slots_summary(marked)
                dates.update(slots=marked, enabled=enabled, starred=starred, if_need_be=maybe)
        return self.meeting_get(url_code=url_code)

    def participant_marks(
        self,
        *,
        url_code: str,
        participant_id: ParticipantId,
        marks: Sequence[Mark],
        seen: AccessSeen | None = None,
    ) -> Meeting:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        with transaction.atomic():
            # The version bump takes the meeting's lock, and only of a meeting still open (not
            # decided, not past its deadline at ``now``) and as ``seen``; the dates are read
            # through the meeting's url_code (no second read of the meeting while the lock is
            # held), and whether the meeting is timed shows in them, as does the password.
            meeting, now = models.Meeting.objects.filter(url_code=url_code), clock.now()
            due = Q(deadline__isnull=True) | Q(deadline__gt=now)
            open_meeting = guarded(meeting.filter(due, final_date__isnull=True), seen)
            if not open_meeting.version_bump(note_change=False):
                if meeting.filter(final_date__isnull=False).exists():  # decided meanwhile
                    raise MeetingClosed()
                if meeting.exclude(due).exists():  # its deadline came meanwhile
                    raise DeadlinePassed()
                unmatched(url_code)
            stored = [
                StoredDateRow._make(values)
                for values in models.ParticipantDate.objects.filter(
                    participant_id=row_id(participant_id), meeting__url_code=url_code
                ).values_list(*StoredDateRow._fields)
            ]
            rows: dict[date, DateRow] = {
                row.date: (row.id, row.enabled, row.starred, row.if_need_be, row.slots)
                for row in stored
            }
            timed = any(row.slots is not None for row in stored)
            if not rows:
                raise ParticipantNotFound(participant_id)
            password_hold(seen, stored[0].participant__password_hash)
            _answered_set(row_id(participant_id), answered=stored[0].participant__answered)
            changed = marks_apply(rows, marks, timed=timed)
            for date_id, (enabled, starred, if_need_be, slots) in changed.items():
                models.ParticipantDate.objects.filter(pk=date_id).update(
                    enabled=enabled, starred=starred, if_need_be=if_need_be, slots=slots
                )
        return self.meeting_get(url_code=url_code)


def _answered_set(participant_id: int, *, answered: bool) -> None:
    """A change of the participant's own marks answers for it: one UPDATE the first time (in
    the change's transaction), none after (``answered`` was read with what the change reads)."""
    if not answered:
        models.Participant.objects.filter(pk=participant_id).update(answered=True)
