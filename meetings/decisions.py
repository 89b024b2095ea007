"""The organizer's decision, as use cases (re-exported by ``meetings.services``): deciding the
final date (and times), which closes the meeting, reopening it, and judging a pick before it is
confirmed. Who may: as for the title and dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from meetings.domain import (
    FinalDecision,
    Meeting,
    MeetingAccess,
    final_check,
    final_times_in_meeting_zone,
    meeting_change_check,
)
from meetings.guarded import access_retried
from meetings.repositories import MeetingRepository


@access_retried
def meeting_set_final(
    *,
    repo: MeetingRepository,
    url_code: str,
    day: date | None,
    start: object = None,
    end: object = None,
    zone: object = None,
    note: str = "",
    weekday: int | None = None,
    recurring: bool | None = None,
    key: str | None = None,
) -> Meeting:
    """The organizer decides: ``day`` (and on a timed meeting ``start``/``end``, "HH:MM" on
    slot boundaries inside the window) with an optional note, which closes the meeting to
    joins and marks; ``day=None`` reopens it. Who may: as for the title and dates. On a weekly
    meeting the decision recurs every week from ``day`` (its ``weekday``, when named, must be
    ``day``'s). ``recurring``: the kind of decision the caller named (``final_check``).

    ``zone``: the times were read on that zone's clock (the page's form, in the zone it shows;
    "+N" after a time for N days after ``day``); they are taken to the meeting's zone first."""
    access = repo.meeting_access(url_code=url_code)
    if day is None:
        meeting_change_check(access, key)
        return repo.meeting_set_final(url_code=url_code, final=None, seen=access.seen())
    final = _final_judged(
        access,
        day=day,
        start=start,
        end=end,
        note=note,
        zone=zone,
        weekday=weekday,
        recurring=recurring,
        key=key,
    )
    decided_at = datetime.now(UTC).replace(microsecond=0)
    return repo.meeting_set_final(
        url_code=url_code, final=replace(final, decided_at=decided_at), seen=access.seen()
    )


def meeting_final_judge(
    *,
    repo: MeetingRepository,
    url_code: str,
    day: date,
    start: object = None,
    end: object = None,
    note: str = "",
    zone: object = None,
    weekday: int | None = None,
    key: str | None = None,
) -> FinalDecision:
    """What ``meeting_set_final`` would decide, judged (the rule, then the key) but not kept:
    a pick asks for confirmation only about a decision that would be taken."""
    access = repo.meeting_access(url_code=url_code)
    return _final_judged(
        access,
        day=day,
        start=start,
        end=end,
        note=note,
        zone=zone,
        weekday=weekday,
        recurring=None,
        key=key,
    )


def _final_judged(
    access: MeetingAccess,
    *,
    day: date,
    start: object,
    end: object,
    note: str,
    zone: object,
    weekday: int | None,
    recurring: bool | None,
    key: str | None,
) -> FinalDecision:
    """The decision the rules make of the organizer's pick (then the key's check)."""
    if zone is not None and access.window is not None and start is not None and end is not None:
        day, start, end = final_times_in_meeting_zone(
            day=day, start=start, end=end, zone=zone, window=access.window
        )
    final = final_check(
        day=day,
        start=start,
        end=end,
        note=note,
        dates=access.dates(),
        window=access.window,
        weekdays=access.weekdays,
        weekday=weekday,
        recurring=recurring,
    )
    meeting_change_check(access, key)
    return final
