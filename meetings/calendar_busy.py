"""The use case of a participant's own calendar (issue 21), with ``meetings/services.py`` (which
re-exports it) the only way in for both faces: read the busy times it holds over the meeting's
dates, say which dates and slots they overlap, and, if asked, mark them in one change.

The calendar itself is never kept: only the busy spans (start and end) go back to the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from meetings import clock
from meetings.busy_fetch import calendar_fetch
from meetings.busy_import import busy_from_ics
from meetings.domain import (
    Busy,
    BusyInterval,
    BusySpan,
    CalendarApply,
    DateRangeNotSet,
    InvalidCalendar,
    Mark,
    Meeting,
    MeetingAccess,
    ParticipantId,
    TimeWindow,
    busy_dates,
    busy_marks,
    busy_slots,
    busy_spans,
    meeting_open_check,
    meeting_span,
    participant_change_check,
    week_days,
    week_monday,
)
from meetings.guarded import access_retried
from meetings.passwords import row_access
from meetings.repositories import MeetingRepository

NO_CALENDAR = "send the calendar file, or its address"


@dataclass(frozen=True, slots=True)
class CalendarBusy:
    """What a calendar says of a meeting: the busy spans on its dates, the marks applying them
    makes (or made), and the meeting as stored afterwards; ``intervals``: the busy intervals
    read (start and end only), ``cells``: each date (dates-only) or each date's slots (timed)
    busy or not, for a page to show them over the participant's grid."""

    busy: tuple[BusySpan, ...]
    marks: tuple[Mark, ...]
    meeting: Meeting
    intervals: tuple[BusyInterval, ...] = ()
    cells: dict[date, Busy] | dict[date, list[Busy]] = field(default_factory=dict)
    # On a weekly meeting, the Monday of the week the calendar was read for (its dates and
    # slots then stand for that week's); None on a dated meeting.
    week: date | None = None


Reader = Callable[[datetime, datetime, ZoneInfo], Sequence[BusyInterval]]


def participant_calendar_busy(
    *,
    repo: MeetingRepository,
    url_code: str,
    participant_id: ParticipantId,
    calendar: bytes | None = None,
    calendar_url: str | None = None,
    zone: ZoneInfo | None = None,
    apply: CalendarApply | None = None,
    week: date | None = None,
    key: str | None = None,
) -> CalendarBusy:
    """Read ``calendar`` (an iCalendar file), or the one at ``calendar_url`` (fetched only
    once the key is judged: ``busy_fetch``), for the participant's row, with the same key rules
    as marking it, on an open meeting. ``zone``: the viewer's, for all-day events, floating
    times and a dates-only meeting's days (default: the meeting's zone, else UTC). Without
    ``apply`` nothing changes; with it the marks are one change of the row (one version).
    On a weekly meeting the calendar is read for the ISO week of ``week`` (any date of it;
    default: this week, on the meeting's clock) and says which weekdays and slots are busy then.

    The calendar is fetched and read once; only the judgement and the write are made again
    when the access changes meanwhile."""

    def read(start: datetime, end: datetime, viewer: ZoneInfo) -> list[BusyInterval]:
        data = calendar
        if data is None:
            if calendar_url is None:
                raise InvalidCalendar(NO_CALENDAR)
            data = calendar_fetch(calendar_url)
        return busy_from_ics(data, start=start, end=end, zone=viewer)

    return _busy_read(
        repo, url_code, participant_id, read, zone=zone, apply=apply, week=week, key=key
    )


def participant_busy_apply(
    *,
    repo: MeetingRepository,
    url_code: str,
    participant_id: ParticipantId,
    intervals: Sequence[BusyInterval],
    zone: ZoneInfo | None = None,
    apply: CalendarApply | None = None,
    week: date | None = None,
    key: str | None = None,
) -> CalendarBusy:
    """As ``participant_calendar_busy``, from busy intervals read before (a page keeps them
    for its viewer between the preview and the apply) instead of the calendar file."""
    return _busy_read(
        repo,
        url_code,
        participant_id,
        lambda _start, _end, _viewer: intervals,
        zone=zone,
        apply=apply,
        week=week,
        key=key,
    )


def _busy_read(
    repo: MeetingRepository,
    url_code: str,
    participant_id: ParticipantId,
    read: Reader,
    *,
    zone: ZoneInfo | None,
    apply: CalendarApply | None,
    week: date | None,
    key: str | None,
) -> CalendarBusy:
    """Judge the key, then ``read`` the intervals over the meeting's span (once), then write
    the marks (judged again when the access changes meanwhile: ``_marked``). A weekly
    meeting's days are read on their dates in the chosen week, and answered as its days."""
    access = _judged(repo, url_code, participant_id, key)
    days = _Days(access.dates(), access.window, access.weekdays, zone, week)
    intervals = sorted(read(days.start, days.end, days.viewer))
    spans, cells = days.busy(intervals)
    marks = busy_marks(cells, apply) if apply is not None else []
    meeting = _marked(repo, url_code, participant_id, key, marks)
    return CalendarBusy(tuple(spans), tuple(marks), meeting, tuple(intervals), cells, days.monday)


def busy_shown(
    meeting: Meeting,
    intervals: Sequence[BusyInterval],
    *,
    zone: ZoneInfo | None = None,
    week: date | None = None,
) -> CalendarBusy:
    """What busy intervals read before say of ``meeting`` as it is now (no key, no store, no
    change): a page shows a kept preview again with it, on every refresh, until it is applied.
    ``zone`` and ``week`` as the preview was read with."""
    days = _Days(meeting.dates(), meeting.window, meeting.weekdays, zone, week)
    spans, cells = days.busy(sorted(intervals))
    return CalendarBusy(tuple(spans), (), meeting, tuple(intervals), cells, days.monday)


class _Days:
    """A meeting's days as a calendar is read on them: each on its own date, or a weekly
    meeting's on their dates in the chosen week (``monday``); the span to read, and the zone
    of all-day events and of a dates-only meeting's days (``viewer``)."""

    def __init__(
        self,
        days: list[date],
        window: TimeWindow | None,
        weekdays: tuple[int, ...] | None,
        zone: ZoneInfo | None,
        week: date | None,
    ) -> None:
        self.window = window
        self.viewer = zone or (window.zone() if window is not None else ZoneInfo("UTC"))
        on: dict[date, date] = {day: day for day in days}  # each day of the meeting: read on
        self.monday: date | None = None
        if weekdays is not None:
            clock = window.zone() if window is not None else self.viewer
            self.monday = week_monday(week or datetime.now(clock).date())
            on = week_days(days, self.monday)
        self.back = {real: day for day, real in on.items()}
        self.dates = list(on.values())
        self.start, self.end = meeting_span(self.dates, zone=self.viewer, window=window)

    def busy(
        self, intervals: Sequence[BusyInterval]
    ) -> tuple[list[BusySpan], dict[date, Busy] | dict[date, list[Busy]]]:
        """The busy spans, and each day's (or each slot's) busy or not, named by the meeting's
        own days."""
        window, back = self.window, self.back
        spans = [
            replace(span, day=back[span.day])
            for span in busy_spans(
                self.dates, intervals, zone=window.zone() if window else self.viewer
            )
        ]
        cells: dict[date, Busy] | dict[date, list[Busy]]
        if window is not None:
            cells = {back[d]: c for d, c in busy_slots(window, self.dates, intervals).items()}
        else:
            cells = {
                back[d]: c for d, c in busy_dates(self.dates, intervals, zone=self.viewer).items()
            }
        return spans, cells


def _judged(
    repo: MeetingRepository, url_code: str, participant_id: ParticipantId, key: str | None
) -> MeetingAccess:
    access = row_access(repo, url_code=url_code, participant_id=participant_id)
    meeting_open_check(access, now=clock.now())
    participant_change_check(access, key)
    if not access.dates():
        raise DateRangeNotSet()
    return access


@access_retried
def _marked(
    repo: MeetingRepository,
    url_code: str,
    participant_id: ParticipantId,
    key: str | None,
    marks: list[Mark],
) -> Meeting:
    """The marks written (judged again, on what the store holds then), or the meeting as is."""
    if not marks:
        return repo.meeting_get(url_code=url_code)
    access = _judged(repo, url_code, participant_id, key)
    return repo.participant_marks(
        url_code=url_code, participant_id=participant_id, marks=marks, seen=access.seen()
    )


__all__ = ["CalendarBusy", "busy_shown", "participant_busy_apply", "participant_calendar_busy"]
