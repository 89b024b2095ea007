"""Changing a meeting's days or window after it was shared, keeping the answers, as use cases
(re-exported by ``meetings.services``): the change itself, and its preview (what it would
remove). The rules are ``domain.schedule``'s; who may: as for the title and dates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from meetings.domain import (
    Meeting,
    Schedule,
    ScheduleDecided,
    SchedulePreview,
    TimeWindow,
    days_check,
    meeting_change_check,
    schedule_preview,
)
from meetings.guarded import access_retried
from meetings.repositories import MeetingRepository


def schedule_check(
    start_date: date | None,
    end_date: date | None,
    weekdays: Sequence[int] | None,
    window: TimeWindow | None,
) -> Schedule:
    """The schedule the values describe, judged as setting the days once is
    (``domain.days_check``: the range's size and bounds, the weekdays)."""
    start, end, days = days_check(start_date, end_date, weekdays)
    return Schedule(start, end, days, window)


@access_retried
def meeting_change_schedule(
    *,
    repo: MeetingRepository,
    url_code: str,
    start_date: date | None = None,
    end_date: date | None = None,
    weekdays: Sequence[int] | None = None,
    window: TimeWindow | None = None,
    key: str | None = None,
) -> Meeting:
    """Change the days (a date range, or weekdays) and the window, set before or not: answers
    on the days and slots that stay are kept, new ones start free, removed ones go
    (``domain.schedule``). Who may: as for the title and dates. A decided meeting is reopened
    first (``ScheduleDecided``); a deadline does not stop it (only answers close)."""
    schedule = schedule_check(start_date, end_date, weekdays, window)
    access = repo.meeting_access(url_code=url_code)
    meeting_change_check(access, key)
    if access.closed:
        raise ScheduleDecided()
    return repo.meeting_set_schedule(url_code=url_code, schedule=schedule, seen=access.seen())


def meeting_schedule_preview(
    *,
    meeting: Meeting,
    start_date: date | None = None,
    end_date: date | None = None,
    weekdays: Sequence[int] | None = None,
    window: TimeWindow | None = None,
) -> SchedulePreview:
    """What changing ``meeting``'s schedule so would remove (nothing is changed; reading the
    meeting needs no key, so neither does this)."""
    new = schedule_check(start_date, end_date, weekdays, window)
    old = Schedule(meeting.start_date, meeting.end_date, meeting.weekdays, meeting.window)
    return schedule_preview(
        old,
        new,
        [
            (
                participant.name,
                participant.answered,
                [
                    (row.date, (row.enabled, row.starred, row.if_need_be, row.slots))
                    for row in participant.dates
                ],
            )
            for participant in meeting.participants
        ],
    )
