"""The MySQL store: Django ORM rows converted to domain snapshots at this edge.

Locking discipline: every mutation first bumps the meeting's ``version`` with a conditional
UPDATE, which takes the meeting row's lock. Mutations of one meeting therefore queue on one row
in one order, and cannot deadlock each other.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import CharField, F, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from meetings import models
from meetings.domain import (
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
    TimeWindow,
    UrlCodeTaken,
    access_target_require,
    dates_between,
    marks_apply,
    participant_find,
    slots_apply,
    slots_new,
    slots_summary,
    url_code_is_well_formed,
)

_MEETING_COLUMNS = (
    "id",
    "url_code",
    "title",
    "location",
    "start_date",
    "end_date",
    "version",
    "editing",
    "organizer_key_digest",
    "start_minute",
    "end_minute",
    "slot_minutes",
    "time_zone",
    "final_date",
    "final_start_minute",
    "final_end_minute",
    "final_note",
    "final_at",
)
_PARTICIPANT_COLUMNS = (
    "id",
    "name",
    "dates__id",
    "day",  # the date as ISO text (see _PARTICIPANT_ROWS)
    "dates__enabled",
    "dates__starred",
    "dates__slots",
)


class DjangoMeetingRepository:
    id_kind = "int"

    # --- reads ----------------------------------------------------------------------------

    def meeting_get(self, *, url_code: str) -> Meeting:
        """Two queries whatever the size: the meeting row, then participants joined to dates."""
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        rows = _MEETING_ROW.fetch(url_code)
        if not rows:
            raise MeetingNotFound(url_code)
        (meeting_id, code, title, location, start_date, end_date, version, editing, digest) = rows[
            0
        ][:9]
        final_values = rows[0][13:]
        return Meeting(
            url_code=code,
            title=title,
            location=location,
            start_date=_as_date(start_date),
            end_date=_as_date(end_date),
            participants=_participants_from_rows(_PARTICIPANT_ROWS.fetch(meeting_id)),
            version=version,
            editing=Editing(editing),
            organizer_key_digest=digest,
            window=_window(*rows[0][9:13]),
            final=_final(*final_values),
        )

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
            target = ("date", [_row_id(participant_date_id), url_code])
        elif participant_id is not None:
            target = ("participant", [_row_id(participant_id), url_code])
        with connection.cursor() as cursor:
            cursor.execute(_access_sql(connection.vendor, target[0]), target[1])
            row = cursor.fetchone()
        if row is None:
            raise MeetingNotFound(url_code)
        editing, organizer_digest, owner_id, owner_digest, start_date, end_date = row[:6]
        final_date = row[10]
        access_target_require(
            owner_id is not None,
            participant_id=participant_id,
            participant_date_id=participant_date_id,
        )
        return MeetingAccess(
            editing=Editing(editing),
            organizer_key_digest=organizer_digest,
            participant_id=owner_id,
            participant_key_digest=owner_digest,
            start_date=_as_date(start_date),
            end_date=_as_date(end_date),
            window=_window(*row[6:10]),
            closed=final_date is not None,
        )

    def meeting_version(self, *, url_code: str) -> int:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        rows = _MEETING_VERSION.fetch(url_code)
        if not rows:
            raise MeetingNotFound(url_code)
        version: int = rows[0][0]
        return version

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
                    **_window_columns(window),
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
        )

    def meeting_set_date_range(
        self,
        *,
        url_code: str,
        start_date: date,
        end_date: date,
        window: TimeWindow | None = None,
    ) -> Meeting:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        changed = models.Meeting.objects.filter(url_code=url_code, start_date__isnull=True).update(
            start_date=start_date,
            end_date=end_date,
            version=F("version") + 1,
            changed_at=timezone.now(),
            **_window_columns(window),
        )
        if not changed:
            stored = (
                models.Meeting.objects.filter(url_code=url_code)
                .values_list("start_date", "end_date")
                .first()
            )
            if stored is None:
                raise MeetingNotFound(url_code)
            raise DateRangeAlreadySet(url_code, stored[0], stored[1])
        return self.meeting_get(url_code=url_code)

    def meeting_set_title(self, *, url_code: str, title: str) -> Meeting:
        return self._meeting_update(url_code, title=title)

    def meeting_set_location(self, *, url_code: str, location: str) -> Meeting:
        return self._meeting_update(url_code, location=location)

    def meeting_set_editing(self, *, url_code: str, editing: Editing) -> Meeting:
        return self._meeting_update(url_code, editing=editing.value)

    def meeting_set_organizer_key(self, *, url_code: str, organizer_key_digest: str) -> Meeting:
        return self._meeting_update(url_code, organizer_key_digest=organizer_key_digest)

    def _meeting_update(self, url_code: str, **changes: Any) -> Meeting:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        # Django asks MySQL for matched rather than changed rows, so an unchanged value counts.
        if not models.Meeting.objects.filter(url_code=url_code).update(
            version=F("version") + 1, changed_at=timezone.now(), **changes
        ):
            raise MeetingNotFound(url_code)
        return self.meeting_get(url_code=url_code)

    def meeting_set_final(self, *, url_code: str, final: FinalDecision | None) -> Meeting:
        return self._meeting_update(url_code, **_final_columns(final))

    def meeting_delete(self, *, url_code: str) -> None:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        with transaction.atomic():
            # The version bump takes the row lock: changes queued behind it find no meeting.
            if not models.Meeting.objects.filter(url_code=url_code).update(
                version=F("version") + 1
            ):
                raise MeetingNotFound(url_code)
            _meetings_delete(models.Meeting.objects.filter(url_code=url_code))

    # --- forgetting -----------------------------------------------------------------------

    def meetings_expired_count(self, *, dated_before: date, changed_before: datetime) -> int:
        return models.Meeting.objects.filter(_expired(dated_before, changed_before)).count()

    def meetings_expired_delete(
        self,
        *,
        dated_before: date,
        changed_before: datetime,
        limit: int,
        url_codes: Sequence[str] | None = None,
    ) -> int:
        expired = models.Meeting.objects.filter(_expired(dated_before, changed_before))
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
            return _meetings_delete(models.Meeting.objects.filter(pk__in=ids))

    # --- participants ---------------------------------------------------------------------

    def participant_create(
        self, *, url_code: str, name: str, key_digest: str | None = None
    ) -> tuple[Participant, Meeting]:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        with transaction.atomic():
            meeting_id, start_date, end_date, window = self._meeting_lock(url_code)
            if start_date is None or end_date is None:
                raise DateRangeNotSet()
            slots = None if window is None else slots_new(window)
            try:
                # save() fills name_key, the column the unique constraint covers.
                participant = models.Participant.objects.create(
                    meeting_id=meeting_id, name=name, key_digest=key_digest
                )
            except IntegrityError as error:
                raise ParticipantNameTaken(name) from error
            models.ParticipantDate.objects.bulk_create(
                models.ParticipantDate(
                    participant=participant, meeting_id=meeting_id, date=day, slots=slots
                )
                for day in dates_between(start_date, end_date)
            )
        meeting = self.meeting_get(url_code=url_code)
        # Someone may have removed the participant right after the commit: then it is gone.
        found = participant_find(meeting, participant.pk) or Participant(participant.pk, name)
        return found, meeting

    def participant_delete(self, *, url_code: str, participant_id: ParticipantId) -> Meeting:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        with transaction.atomic():
            meeting_id, _, _, _ = self._meeting_lock(url_code)
            deleted, _ = models.Participant.objects.filter(
                pk=participant_id, meeting_id=meeting_id
            ).delete()
            if not deleted:  # not this meeting's, or removed by someone else meanwhile
                raise ParticipantNotFound(participant_id)
        return self.meeting_get(url_code=url_code)

    def participant_date_mark(
        self, *, url_code: str, participant_date_id: ParticipantDateId, action: DateAction
    ) -> Meeting:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        with transaction.atomic():
            meeting_id, _, _, window = self._meeting_lock(url_code)
            dates = models.ParticipantDate.objects.filter(
                pk=_row_id(participant_date_id), meeting_id=meeting_id
            )
            if window is None:
                if not dates.update(**action.changes()):
                    raise ParticipantDateNotFound(participant_date_id)
            else:  # the whole day: every slot, read and written under the meeting's lock
                stored = dates.values_list("slots", flat=True).first()
                if stored is None:
                    raise ParticipantDateNotFound(participant_date_id)
                marked = slots_apply(stored, action)
                enabled, starred = slots_summary(marked)
                dates.update(slots=marked, enabled=enabled, starred=starred)
        return self.meeting_get(url_code=url_code)

    def participant_marks(
        self, *, url_code: str, participant_id: ParticipantId, marks: Sequence[Mark]
    ) -> Meeting:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        with transaction.atomic():
            # The version bump takes the meeting's lock; the dates are read through the
            # meeting's url_code (no second read of the meeting while the lock is held), and
            # whether the meeting is timed shows in them.
            if not models.Meeting.objects.filter(url_code=url_code).update(
                version=F("version") + 1, changed_at=timezone.now()
            ):
                raise MeetingNotFound(url_code)
            rows: dict[date, DateRow] = {
                day: (date_id, enabled, starred, slots)
                for date_id, day, enabled, starred, slots in models.ParticipantDate.objects.filter(
                    participant_id=_row_id(participant_id), meeting__url_code=url_code
                ).values_list("id", "date", "enabled", "starred", "slots")
            }
            window = any(row[3] is not None for row in rows.values())
            if not rows:
                raise ParticipantNotFound(participant_id)
            changed = marks_apply(rows, marks, timed=window)
            for date_id, (enabled, starred, slots) in changed.items():
                models.ParticipantDate.objects.filter(pk=date_id).update(
                    enabled=enabled, starred=starred, slots=slots
                )
        return self.meeting_get(url_code=url_code)

    def _meeting_lock(
        self, url_code: str
    ) -> tuple[int, date | None, date | None, TimeWindow | None]:
        """Bump the version (taking the row lock) and read what the mutation needs.

        Call inside a transaction: an exception raised later rolls the bump back."""
        if not models.Meeting.objects.filter(url_code=url_code).update(
            version=F("version") + 1, changed_at=timezone.now()
        ):
            raise MeetingNotFound(url_code)
        meeting_id, start, end, start_minute, end_minute, slot_minutes, zone = (
            models.Meeting.objects.filter(url_code=url_code)
            .values_list(
                "id",
                "start_date",
                "end_date",
                "start_minute",
                "end_minute",
                "slot_minutes",
                "time_zone",
            )
            .get()
        )
        return meeting_id, start, end, _window(start_minute, end_minute, slot_minutes, zone)


class _CompiledRead:
    """A read the ORM builds once; later calls only execute its SQL with a new parameter.

    The reads on every GET (and every change, which answers with the meeting) cost more CPU to
    build and compile as querysets, and to pass row by row through the ORM's converters, than
    the database needs to answer them. The SQL is still the ORM's own, compiled for the
    connection in use (per vendor) the first time, and runs through Django's cursor, so query
    counting and error translation work as before.
    """

    def __init__(self, build: Callable[[Any], QuerySet[Any, Any]]) -> None:
        self._build = build
        self._sql: dict[str, str] = {}

    def fetch(self, value: Any) -> list[tuple[Any, ...]]:
        sql = self._sql.get(connection.vendor)
        if sql is None:
            sql, params = self._build(value).query.sql_with_params()
            if tuple(params) != (value,):
                raise AssertionError(f"expected one parameter, got {params!r}")
            self._sql[connection.vendor] = sql
        with connection.cursor() as cursor:
            cursor.execute(sql, (value,))
            return list(cursor.fetchall())


_MEETING_ROW = _CompiledRead(
    lambda url_code: (
        models.Meeting.objects.filter(url_code=url_code)
        .order_by("id")
        .values_list(*_MEETING_COLUMNS)[:1]
    )
)
_MEETING_VERSION = _CompiledRead(
    lambda url_code: (
        models.Meeting.objects.filter(url_code=url_code).order_by("id").values_list("version")[:1]
    )
)
# Dates come as ISO text: a large meeting repeats the same 63 dates on thousands of rows, and
# the driver's conversion of each DATE costs more than parsing each distinct text once.
_PARTICIPANT_ROWS = _CompiledRead(
    lambda meeting_id: (
        models.Participant.objects.filter(meeting_id=meeting_id)
        .annotate(day=Cast("dates__date", output_field=CharField()))
        .order_by("id", "dates__date")
        .values_list(*_PARTICIPANT_COLUMNS)
    )
)


_RANGE_COLUMNS = (
    "start_date",
    "end_date",
    "start_minute",
    "end_minute",
    "slot_minutes",
    "time_zone",
    "final_date",
)


def _expired(dated_before: date, changed_before: datetime) -> Q:
    """Meetings last changed (or, never changed, created) before ``changed_before`` whose last
    date is before ``dated_before`` or which have no dates. Both, for a meeting with dates: one
    set up today with past dates (by anyone, on an open meeting) is not forgotten tonight."""
    quiet = Q(changed_at__lt=changed_before) | Q(
        changed_at__isnull=True, created_at__lt=changed_before
    )
    return (Q(end_date__lt=dated_before) | Q(start_date__isnull=True)) & quiet


def _meetings_delete(meetings: QuerySet[models.Meeting]) -> int:
    """Delete ``meetings`` with their participants and dates; how many meetings went."""
    _, counts = meetings.delete()
    return counts.get(models.Meeting._meta.label, 0)


def _final(
    day: Any, start: int | None, end: int | None, note: str | None, decided_at: Any
) -> FinalDecision | None:
    """The decision columns as a ``FinalDecision`` (raw driver values: a date or ISO text, a
    naive UTC datetime or ISO text)."""
    parsed = _as_date(day)
    if parsed is None:
        return None
    if isinstance(decided_at, str):
        decided_at = datetime.fromisoformat(decided_at)
    if isinstance(decided_at, datetime) and decided_at.tzinfo is None:
        decided_at = decided_at.replace(tzinfo=UTC)
    return FinalDecision(parsed, start, end, note or "", decided_at)


def _final_columns(final: FinalDecision | None) -> dict[str, Any]:
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


def _window(
    start: int | None, end: int | None, slot_minutes: int | None, zone: str | None
) -> TimeWindow | None:
    if start is None or end is None or slot_minutes is None or not zone:
        return None
    return TimeWindow(start, end, slot_minutes, zone)


def _window_columns(window: TimeWindow | None) -> dict[str, Any]:
    if window is None:
        return {"start_minute": None, "end_minute": None, "slot_minutes": None, "time_zone": ""}
    return {
        "start_minute": window.start,
        "end_minute": window.end,
        "slot_minutes": window.slot_minutes,
        "time_zone": window.time_zone,
    }


def _row_id(value: object) -> int:
    """An id from a caller as this store's integer; anything else names no row (-1)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isascii() and value.lstrip("-").isdigit():
        return int(value)
    return -1


@functools.cache
def _access_sql(vendor: str, target: str) -> str:
    """The permission read: the meeting's editing columns and one participant's id and key
    digest, NULLs when ``target`` ("participant", "date" or "none") matches nothing. Built
    once per database vendor, from the models' table and column names."""
    quote = connection.ops.quote_name
    meeting = quote(models.Meeting._meta.db_table)
    participant = quote(models.Participant._meta.db_table)
    day = quote(models.ParticipantDate._meta.db_table)
    joins = {
        "none": f"LEFT JOIN {participant} p ON 1 = 0",
        "participant": (
            f"LEFT JOIN {participant} p ON p.{quote('meeting_id')} = m.{quote('id')} "
            f"AND p.{quote('id')} = %s"
        ),
        "date": (
            f"LEFT JOIN {day} d ON d.{quote('meeting_id')} = m.{quote('id')} "
            f"AND d.{quote('id')} = %s "
            f"LEFT JOIN {participant} p ON p.{quote('id')} = d.{quote('participant_id')}"
        ),
    }
    return (
        f"SELECT m.{quote('editing')}, m.{quote('organizer_key_digest')}, "  # noqa: S608
        f"p.{quote('id')}, p.{quote('key_digest')}, "
        + ", ".join(f"m.{quote(column)}" for column in _RANGE_COLUMNS)
        + f" FROM {meeting} m {joins[target]} "
        f"WHERE m.{quote('url_code')} = %s"
    )


def _as_date(value: Any) -> date | None:
    """A DATE column as the driver returns it: a date (MySQL) or ISO text (SQLite)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _participants_from_rows(
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
