"""The Gel store's change of a meeting's schedule (days and window), keeping the answers: one
transaction reads the meeting and every participant's rows, asks ``domain.schedule_plan`` and
``domain.day_remap`` what they become, deletes the removed days, then writes the new schedule,
the re-cut rows, the new days (one per participant) and the answered flags with the meeting's
one version bump. The transaction may run again after a conflict: its body touches nothing
but the database."""

from __future__ import annotations

from typing import Any

from meetings.domain import (
    AccessSeen,
    Meeting,
    MeetingNotFound,
    Schedule,
    ScheduleDecided,
    access_hold,
    day_remap,
    schedule_plan,
    url_code_is_well_formed,
    weekdays_from_bits,
)
from meetings.repositories.gel.client import conflicts_retried, gel_client
from meetings.repositories.gel.errors import store_errors
from meetings.repositories.gel.queries import VERSION_BUMP, WINDOW_SET
from meetings.repositories.gel.rows import weekdays_value, window_from_row, window_values

SCHEDULE_READ = """
    select Meeting {
        id, start_date, end_date, weekdays, start_minute, end_minute, slot_minutes, time_zone,
        final_date, editing, organizer_key_digest,
        rows := .participants.dates { id, date, enabled, starred, if_need_be, slots }
    }
    filter .url_code = <str>$url_code
"""
SCHEDULE_REMOVE = """
    with this_meeting := (select Meeting filter .id = <uuid>$meeting_id)
    select count((
        delete ParticipantDate
        filter .participant.meeting = this_meeting
            and .date in array_unpack(<array<cal::local_date>>$removed)
    ))
"""
SCHEDULE_WRITE = f"""
    with
        this_meeting := (select Meeting filter .id = <uuid>$meeting_id),
        changed := (
            update this_meeting
            set {{
                start_date := <cal::local_date>$start_date,
                end_date := <cal::local_date>$end_date,
                weekdays := <optional int16>$weekdays,
                {VERSION_BUMP},{WINDOW_SET}
            }}
        ),
        recut := (
            for row in array_unpack(<array<tuple<uuid, bool, bool, bool, str>>>$rows) union (
                update ParticipantDate
                filter .id = row.0 and .participant.meeting = this_meeting
                set {{
                    enabled := row.1,
                    starred := row.2,
                    if_need_be := row.3,
                    slots := (row.4 if row.4 != '' else <str>{{}})
                }}
            )
        ),
        added := (
            for joined in this_meeting.participants union (
                for day in array_unpack(<array<cal::local_date>>$added) union (
                    insert ParticipantDate {{
                        participant := joined,
                        date := day,
                        slots := <optional str>$new_slots
                    }}
                )
            )
        ),
        unanswered := (
            update Participant
            filter .meeting = this_meeting and not <bool>$answers_kept
            set {{ answered := false }}
        )
    select count(changed) + 0 * count(recut) + 0 * count(added) + 0 * count(unanswered)
"""  # noqa: S608 (splices in the constant version bump and window only)


class GelScheduleChange:
    """``meeting_set_schedule`` of ``GelMeetingRepository``, which inherits it."""

    def meeting_get(self, *, url_code: str) -> Meeting:
        raise NotImplementedError

    def meeting_set_schedule(
        self, *, url_code: str, schedule: Schedule, seen: AccessSeen | None = None
    ) -> Meeting:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        with store_errors():
            conflicts_retried(lambda: _schedule_write(url_code, schedule, seen))
        return self.meeting_get(url_code=url_code)


def _schedule_write(url_code: str, schedule: Schedule, seen: AccessSeen | None) -> None:
    for tx in gel_client().transaction():
        with tx:
            stored: Any = tx.query_single(SCHEDULE_READ, url_code=url_code)
            if stored is None:
                raise MeetingNotFound(url_code)
            access_hold(  # read in this (serializable) transaction
                seen, editing=stored.editing, organizer_key_digest=stored.organizer_key_digest
            )
            if stored.final_date is not None:
                raise ScheduleDecided()
            before = Schedule(
                stored.start_date,
                stored.end_date,
                weekdays_from_bits(stored.weekdays),
                window_from_row(stored),
            )
            plan = schedule_plan(before, schedule)
            kept = set(plan.kept)
            recut = []
            if plan.recut:
                for row in stored.rows:
                    if row.date in kept:
                        enabled, starred, if_need_be, slots = day_remap(
                            (row.enabled, row.starred, row.if_need_be, row.slots),
                            before.window,
                            schedule.window,
                        )
                        recut.append((row.id, enabled, starred, if_need_be, slots or ""))
            if plan.removed:
                tx.query(SCHEDULE_REMOVE, meeting_id=stored.id, removed=list(plan.removed))
            tx.query(
                SCHEDULE_WRITE,
                meeting_id=stored.id,
                start_date=schedule.start_date,
                end_date=schedule.end_date,
                weekdays=weekdays_value(schedule.weekdays),
                rows=recut,
                added=list(plan.added),
                new_slots=plan.new_slots,
                answers_kept=plan.answers_kept,
                **window_values(schedule.window),
            )
