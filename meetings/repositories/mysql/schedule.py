"""The MySQL store's change of a meeting's schedule (days and window), keeping the answers:
under the meeting's lock, the stored schedule is read, ``domain.schedule_plan`` and
``domain.day_remap`` say what every participant's rows become, and they are written in the
same transaction as the meeting's one version bump."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from meetings import models
from meetings.domain import (
    AccessSeen,
    Meeting,
    MeetingNotFound,
    Schedule,
    ScheduleDecided,
    day_remap,
    schedule_plan,
    url_code_is_well_formed,
    weekdays_bits,
    weekdays_from_bits,
)
from meetings.repositories.mysql.locks import meeting_lock
from meetings.repositories.mysql.rows import window_columns, window_from_row

BATCH = 1000  # rows per INSERT or UPDATE


class ScheduleChange:
    """``meeting_set_schedule`` of ``DjangoMeetingRepository``, which inherits it."""

    def meeting_get(self, *, url_code: str) -> Meeting:
        raise NotImplementedError

    def meeting_set_schedule(
        self, *, url_code: str, schedule: Schedule, seen: AccessSeen | None = None
    ) -> Meeting:
        schedule_set(url_code=url_code, schedule=schedule, seen=seen)
        return self.meeting_get(url_code=url_code)


def schedule_set(*, url_code: str, schedule: Schedule, seen: AccessSeen | None) -> None:
    """Change the schedule (see the module's description); raises ``ScheduleDecided``,
    ``MeetingNotFound`` or ``AccessChanged``, and then nothing is written."""
    if not url_code_is_well_formed(url_code):
        raise MeetingNotFound(url_code)
    with transaction.atomic():
        # The version bump takes the meeting's lock (the one bump of this change); what the
        # key check saw must still hold, and the meeting must still be undecided, under it.
        locked = meeting_lock(url_code, seen=seen)
        if locked.final_date is not None:
            raise ScheduleDecided()
        before = Schedule(
            locked.start_date,
            locked.end_date,
            weekdays_from_bits(locked.weekdays),
            window_from_row(locked),
        )
        plan = schedule_plan(before, schedule)
        models.Meeting.objects.filter(pk=locked.id).update(
            start_date=schedule.start_date,
            end_date=schedule.end_date,
            weekdays=None if schedule.weekdays is None else weekdays_bits(schedule.weekdays),
            changed_at=timezone.now(),
            **window_columns(schedule.window),
        )
        dates = models.ParticipantDate.objects.filter(meeting_id=locked.id)
        if plan.removed:
            dates.filter(date__in=plan.removed).delete()
        if plan.recut and plan.kept:
            recut = []
            columns = ["enabled", "starred", "if_need_be", "slots"]
            for row in dates.filter(date__in=plan.kept).only("id", *columns):
                (row.enabled, row.starred, row.if_need_be, row.slots) = day_remap(
                    (row.enabled, row.starred, row.if_need_be, row.slots),
                    before.window,
                    schedule.window,
                )
                recut.append(row)
            models.ParticipantDate.objects.bulk_update(recut, columns, batch_size=BATCH)
        participants = models.Participant.objects.filter(meeting_id=locked.id)
        if plan.added:
            models.ParticipantDate.objects.bulk_create(
                (
                    models.ParticipantDate(
                        participant_id=participant_id,
                        meeting_id=locked.id,
                        date=day,
                        slots=plan.new_slots,
                    )
                    for participant_id in participants.values_list("id", flat=True)
                    for day in plan.added
                ),
                batch_size=BATCH,
            )
        if not plan.answers_kept:
            participants.update(answered=False)
