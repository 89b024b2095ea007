"""The Gel (EdgeDB) store: the same contract as the MySQL one, through the official ``gel``
client. Each mutation is one statement, or one ``client.transaction()`` block that touches
nothing but the database (it may run again after a conflict); an EdgeQL statement does not see
its own changes, so a mutation answers with a fresh read afterwards, as the MySQL store does.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, NoReturn

import gel

from meetings import clock
from meetings.domain import (
    DEFAULT_MAX_PARTICIPANTS,
    AccessChanged,
    AccessSeen,
    DateAction,
    DateRangeAlreadySet,
    DateRangeNotSet,
    Editing,
    FinalDecision,
    Mark,
    Meeting,
    MeetingAccess,
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
    open_require,
    participant_add_check,
    participant_find,
    participant_name_key,
    slots_new,
    url_code_digest,
    url_code_is_well_formed,
    weekdays_from_bits,
)
from meetings.repositories.gel.client import conflicts_retried, gel_client, gel_reader, write_queue
from meetings.repositories.gel.errors import NAME_TAKEN, URL_CODE_TAKEN, store_errors, violated
from meetings.repositories.gel.marking import dates_mark
from meetings.repositories.gel.queries import (
    MEETING_ACCESS,
    MEETING_CREATE,
    MEETING_DELETE,
    MEETING_GET,
    MEETING_HELD_READ,
    MEETING_RANGE,
    MEETING_SET_DATE_RANGE,
    MEETING_SET_DEADLINE,
    MEETING_SET_EDITING,
    MEETING_SET_FINAL,
    MEETING_SET_LOCATION,
    MEETING_SET_ORGANIZER_KEY,
    MEETING_SET_TITLE,
    MEETING_VERSION,
    PARTICIPANT_CREATE,
    PARTICIPANT_DATE_AS_STORED,
    PARTICIPANT_DATE_MARK,
    PARTICIPANT_DELETE,
    PARTICIPANT_SET_PASSWORD,
)
from meetings.repositories.gel.removal import GelRemoval
from meetings.repositories.gel.rows import (
    access_from_row,
    days_from_row,
    final_values,
    meeting_from_row,
    new_participant_from_row,
    seen_values,
    uuid_or_none,
    weekdays_value,
    window_from_row,
    window_values,
)
from meetings.repositories.gel.schedule import GelScheduleChange


def _first(rows: Sequence[Any]) -> Any | None:
    return rows[0] if rows else None


class GelMeetingRepository(GelRemoval, GelScheduleChange):
    id_kind = "uuid"

    # --- reads ----------------------------------------------------------------------------

    def meeting_get(self, *, url_code: str) -> Meeting:
        """One query: the meeting with its participants and their dates."""
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        with store_errors():
            row = _first(gel_reader().query(MEETING_GET, url_code=url_code))
        if row is None:
            raise MeetingNotFound(url_code)
        return meeting_from_row(row)

    def meeting_access(
        self,
        *,
        url_code: str,
        participant_id: ParticipantId | None = None,
        participant_date_id: ParticipantDateId | None = None,
    ) -> MeetingAccess:
        """One query: the meeting's editing columns and the participant concerned, if any."""
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        with store_errors():
            row = _first(
                gel_reader().query(
                    MEETING_ACCESS,
                    url_code=url_code,
                    participant_id=None if participant_id is None else uuid_or_none(participant_id),
                    participant_date_id=(
                        None if participant_date_id is None else uuid_or_none(participant_date_id)
                    ),
                )
            )
        if row is None:
            raise MeetingNotFound(url_code)
        access_target_require(
            row.target is not None,
            participant_id=participant_id,
            participant_date_id=participant_date_id,
        )
        return access_from_row(row)

    def meeting_version(self, *, url_code: str) -> int:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        with store_errors():
            row = _first(gel_reader().query(MEETING_VERSION, url_code=url_code))
        if row is None:
            raise MeetingNotFound(url_code)
        version: int = row.version
        return version

    # --- meeting mutations ----------------------------------------------------------------

    def meeting_create(
        self,
        *,
        url_code: str,
        title: str,
        location: str,
        start_date: datetime.date | None = None,
        end_date: datetime.date | None = None,
        editing: Editing = Editing.OPEN,
        organizer_key_digest: str | None = None,
        window: TimeWindow | None = None,
        weekdays: tuple[int, ...] | None = None,
    ) -> Meeting:
        with store_errors():
            try:
                rows = conflicts_retried(
                    lambda: gel_client().query(
                        MEETING_CREATE,
                        url_code=url_code,
                        title=title,
                        location=location,
                        start_date=start_date,
                        end_date=end_date,
                        weekdays=weekdays_value(weekdays),
                        editing=editing.value,
                        organizer_key_digest=organizer_key_digest,
                        **window_values(window),
                    )
                )
            except gel.ConstraintViolationError as error:
                if violated(error, URL_CODE_TAKEN):
                    raise UrlCodeTaken(url_code) from error
                raise
        return meeting_from_row(rows[0])

    def meeting_set_date_range(
        self,
        *,
        url_code: str,
        start_date: datetime.date,
        end_date: datetime.date,
        window: TimeWindow | None = None,
        weekdays: tuple[int, ...] | None = None,
        seen: AccessSeen | None = None,
    ) -> Meeting:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        with store_errors():
            client = gel_client()
            row = _first(
                conflicts_retried(
                    lambda: client.query(
                        MEETING_SET_DATE_RANGE,
                        url_code=url_code,
                        start_date=start_date,
                        end_date=end_date,
                        weekdays=weekdays_value(weekdays),
                        **window_values(window),
                        **seen_values(seen),
                    )
                )
            )
            if row is not None:
                return meeting_from_row(row)
            # Nothing matched: no such meeting, what the key check saw changed, or its range
            # was set before (the stored range cannot change any more: reading it is exact).
            stored = _first(gel_reader().query(MEETING_HELD_READ, url_code=url_code))
        if stored is None:
            raise MeetingNotFound(url_code)
        access_hold(seen, editing=stored.editing, organizer_key_digest=stored.organizer_key_digest)
        if stored.start_date is None:
            raise AccessChanged()  # held again by now: judged again
        raise DateRangeAlreadySet(
            url_code, stored.start_date, stored.end_date, weekdays_from_bits(stored.weekdays)
        )

    def meeting_set_title(
        self, *, url_code: str, title: str, seen: AccessSeen | None = None
    ) -> Meeting:
        return self._meeting_update(url_code, MEETING_SET_TITLE, seen, title=title)

    def meeting_set_location(
        self, *, url_code: str, location: str, seen: AccessSeen | None = None
    ) -> Meeting:
        return self._meeting_update(url_code, MEETING_SET_LOCATION, seen, location=location)

    def meeting_set_editing(
        self, *, url_code: str, editing: Editing, seen: AccessSeen | None = None
    ) -> Meeting:
        return self._meeting_update(url_code, MEETING_SET_EDITING, seen, editing=editing.value)

    def meeting_set_organizer_key(self, *, url_code: str, organizer_key_digest: str) -> Meeting:
        return self._meeting_update(
            url_code, MEETING_SET_ORGANIZER_KEY, None, organizer_key_digest=organizer_key_digest
        )

    def meeting_set_final(
        self, *, url_code: str, final: FinalDecision | None, seen: AccessSeen | None = None
    ) -> Meeting:
        return self._meeting_update(url_code, MEETING_SET_FINAL, seen, **final_values(final))

    def meeting_set_deadline(
        self, *, url_code: str, deadline: datetime.datetime | None, seen: AccessSeen | None = None
    ) -> Meeting:
        return self._meeting_update(url_code, MEETING_SET_DEADLINE, seen, deadline=deadline)

    def meeting_delete(self, *, url_code: str, seen: AccessSeen | None = None) -> None:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        with store_errors():
            deleted = conflicts_retried(
                lambda: gel_client().query_required_single(
                    MEETING_DELETE,
                    url_code=url_code,
                    digest=url_code_digest(url_code),
                    **seen_values(seen),
                )
            )
        if not deleted:
            self._unmatched(url_code)

    def _meeting_update(
        self, url_code: str, query: str, seen: AccessSeen | None, **values: Any
    ) -> Meeting:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        held = seen_values(seen)
        with store_errors():
            row = _first(
                conflicts_retried(
                    lambda: gel_client().query(query, url_code=url_code, **values, **held)
                )
            )
        if row is None:
            self._unmatched(url_code)
        return meeting_from_row(row)

    def _unmatched(self, url_code: str) -> NoReturn:
        """Why a guarded change matched nothing: no meeting, or what its check saw changed."""
        self.meeting_version(url_code=url_code)
        raise AccessChanged()

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

        def join() -> Any:
            created: Any = None
            for tx in gel_client().transaction():
                with tx:
                    found = _first(tx.query(MEETING_RANGE, url_code=url_code))
                    if found is None:
                        raise MeetingNotFound(url_code)
                    participant_add_check(
                        closed=found.final_date is not None,
                        participants=found.participant_count,
                        max_participants=max_participants,
                        deadline=found.deadline,
                        now=clock.now(),
                    )
                    if found.start_date is None or found.end_date is None:
                        raise DateRangeNotSet()
                    window = window_from_row(found)
                    created = _first(
                        tx.query(
                            PARTICIPANT_CREATE,
                            meeting_id=found.id,
                            name=name,
                            name_key=participant_name_key(name),
                            key_digest=key_digest,
                            dates=days_from_row(found),
                            slots=None if window is None else slots_new(window),
                        )
                    )
            return created

        with store_errors():
            try:
                created = conflicts_retried(join)
            except gel.ConstraintViolationError as error:
                if violated(error, NAME_TAKEN):
                    raise ParticipantNameTaken(name) from error
                raise
        participant = new_participant_from_row(created)
        meeting = self.meeting_get(url_code=url_code)
        # Someone may have removed the participant right after the commit: then it is gone.
        return participant_find(meeting, participant.id) or participant, meeting

    def participant_set_password(
        self,
        *,
        url_code: str,
        participant_id: ParticipantId,
        password_hash: str | None,
        seen: AccessSeen | None = None,
    ) -> None:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        with store_errors():
            result = conflicts_retried(
                lambda: gel_client().query_required_single(
                    PARTICIPANT_SET_PASSWORD,
                    url_code=url_code,
                    participant_id=uuid_or_none(participant_id),
                    password_hash=password_hash,
                    **seen_values(seen, meeting=False, row=True),
                )
            )
        if not result.meeting_found:
            raise MeetingNotFound(url_code)
        if not result.target_found:
            raise ParticipantNotFound(participant_id)
        if not result.changed_count:
            raise AccessChanged()

    def participant_delete(
        self, *, url_code: str, participant_id: ParticipantId, seen: AccessSeen | None = None
    ) -> Meeting:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        parsed = uuid_or_none(participant_id)
        with store_errors():
            result = conflicts_retried(
                lambda: gel_client().query_required_single(
                    PARTICIPANT_DELETE,
                    url_code=url_code,
                    participant_id=parsed,
                    **seen_values(seen, row=True),
                )
            )
        if not result.meeting_found:
            raise MeetingNotFound(url_code)
        if not result.target_found:
            raise ParticipantNotFound(participant_id)
        if not result.removed_count:
            raise AccessChanged()
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
        changes, now = action.changes(), clock.now()
        with store_errors():
            result = conflicts_retried(
                lambda: gel_client().query_required_single(
                    PARTICIPANT_DATE_MARK,
                    now=now,
                    url_code=url_code,
                    participant_date_id=uuid_or_none(participant_date_id),
                    enabled=changes.get("enabled"),
                    starred=changes.get("starred"),
                    if_need_be=changes.get("if_need_be"),
                    **seen_values(seen, row=True),
                ),
                queue=write_queue(url_code, seen),
            )
            stored = (  # why not, on the rare path: not a date of this meeting, or a timed one
                None
                if result.marked_count
                else gel_reader().query_single(
                    PARTICIPANT_DATE_AS_STORED,
                    participant_date_id=uuid_or_none(participant_date_id),
                )
            )
        if not result.marked_count:
            self._unmarked_why(
                stored,
                url_code=url_code,
                participant_date_id=participant_date_id,
                seen=seen,
                now=now,
            )
            dates_mark(  # a date of a timed meeting: every slot of it
                url_code=url_code,
                participant_date_id=uuid_or_none(participant_date_id),
                marks=None,
                action=action,
                missing=ParticipantDateNotFound(participant_date_id),
                seen=seen,
            )
        return self.meeting_get(url_code=url_code)

    def _unmarked_why(
        self,
        date: Any,
        *,
        url_code: str,
        participant_date_id: ParticipantDateId,
        seen: AccessSeen | None,
        now: datetime.datetime,
    ) -> None:
        """Why ``PARTICIPANT_DATE_MARK`` marked nothing, from the date as stored: raise what
        stops the change, or return for a date of a timed meeting (marked slot by slot)."""
        if date is None or date.url_code != url_code:  # no such date of this meeting
            self.meeting_access(url_code=url_code, participant_date_id=participant_date_id)
            raise AccessChanged()  # it is one now: judge again
        access_hold(
            seen,
            editing=date.editing,
            organizer_key_digest=date.organizer_key_digest,
            password_hash=date.password_hash,
            row=True,
        )
        open_require(closed=date.closed, deadline=date.deadline, now=now)
        if not date.has_slots:
            raise AccessChanged()  # changed since the statement: judge again

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
        dates_mark(
            url_code=url_code,
            participant_id=uuid_or_none(participant_id),
            marks=marks,
            missing=ParticipantNotFound(participant_id),
            seen=seen,
        )
        return self.meeting_get(url_code=url_code)
