"""Meetifyr's use cases, named ``<entity>_<action>``. The API and the pages call these and
nothing below them. Keyword arguments only; input is checked against the domain rules before the
store is asked for anything; every mutation answers with the latest stored meeting. Who may
change what is decided here (see docs/architecture.md, "Use cases and who may change what")."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from meetings import clock
from meetings.calendar_busy import CalendarBusy as CalendarBusy
from meetings.calendar_busy import busy_shown as busy_shown
from meetings.calendar_busy import participant_busy_apply as participant_busy_apply
from meetings.calendar_busy import participant_calendar_busy as participant_calendar_busy
from meetings.decisions import meeting_final_judge as meeting_final_judge
from meetings.decisions import meeting_set_final as meeting_set_final
from meetings.domain import (
    DEFAULT_MAX_PARTICIPANTS,
    ENGLISH_ANSWER_WORDS,
    MAX_MARKS,
    WINDOW_ALL_OR_NONE,
    AnswersTable,
    AnswerWords,
    DateAction,
    Editing,
    InvalidMark,
    InvalidName,
    InvalidTimeWindow,
    Meeting,
    Participant,
    ParticipantDateId,
    ParticipantId,
    TimeWindow,
    UrlCodeTaken,
    all_free_marks,
    answers_table,
    days_check,
    deadline_instant,
    deadline_wall_parse,
    deadline_zone,
    editing_change_check,
    is_organizer,
    is_row_owner,
    key_digest,
    mark_check,
    mark_day,
    meeting_change_check,
    meeting_delete_check,
    meeting_open_check,
    participant_change_check,
    participant_name_clean,
    purge_cutoffs,
    text_clean,
    time_window_check,
    url_code_new,
)
from meetings.guarded import access_retried
from meetings.passwords import participant_password_set as participant_password_set
from meetings.passwords import participant_sign_in as participant_sign_in
from meetings.passwords import row_access
from meetings.repositories import MeetingRepository
from meetings.schedule import meeting_change_schedule as meeting_change_schedule
from meetings.schedule import meeting_schedule_preview as meeting_schedule_preview

URL_CODE_ATTEMPTS = 5
PURGE_BATCH = 500  # meetings deleted per transaction by meetings_purge


def meeting_create(
    *,
    repo: MeetingRepository,
    title: str = "",
    location: str = "",
    start_date: date | None = None,
    end_date: date | None = None,
    weekdays: Sequence[int] | None = None,
    window: TimeWindow | None = None,
    organizer_key: str | None = None,
) -> Meeting:
    """A new meeting. With ``organizer_key`` (``domain.key_new()``; the API and the pages
    always pass one, and show it once) it is protected and that key is its organizer's;
    without, it is open and has no organizer, as meetings stored before keys existed.
    ``weekdays`` (ISO, Monday = 1) instead of dates: a weekly meeting."""
    title = text_clean(title, what="title")
    location = text_clean(location, what="location")
    days: tuple[int, ...] | None = None
    if start_date is not None or end_date is not None or weekdays is not None:
        start_date, end_date, days = days_check(start_date, end_date, weekdays)
    if window is not None and start_date is None:
        raise ValueError("a time window goes with dates")
    for attempt in range(URL_CODE_ATTEMPTS):
        try:
            return repo.meeting_create(
                url_code=url_code_new(),
                title=title,
                location=location,
                start_date=start_date,
                end_date=end_date,
                weekdays=days,
                window=window,
                editing=Editing.OPEN if organizer_key is None else Editing.PROTECTED,
                organizer_key_digest=None if organizer_key is None else key_digest(organizer_key),
            )
        except UrlCodeTaken:
            # 128 random bits: a collision is all but impossible, but never the client's problem.
            if attempt == URL_CODE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def meeting_get(*, repo: MeetingRepository, url_code: str) -> Meeting:
    return repo.meeting_get(url_code=url_code)


def meeting_answers_table(
    *, repo: MeetingRepository, url_code: str, words: AnswerWords = ENGLISH_ANSWER_WORDS
) -> AnswersTable:
    """The meeting's answers as the export's table; whoever may read the meeting may export it
    (no key)."""
    return answers_table(meeting_get(repo=repo, url_code=url_code), words=words)


def meeting_version(*, repo: MeetingRepository, url_code: str) -> int:
    return repo.meeting_version(url_code=url_code)


def time_window(
    *,
    start_time: object = None,
    end_time: object = None,
    slot_minutes: object = None,
    time_zone: object = None,
) -> TimeWindow | None:
    """The daily window of a timed meeting from its four values, all or none."""
    values = (start_time, end_time, slot_minutes, time_zone)
    if all(value is None for value in values):
        return None
    if any(value is None for value in values):
        raise InvalidTimeWindow(WINDOW_ALL_OR_NONE)
    return time_window_check(start_time, end_time, slot_minutes, time_zone)


@access_retried
def meeting_set_date_range(
    *,
    repo: MeetingRepository,
    url_code: str,
    start_date: date | None = None,
    end_date: date | None = None,
    weekdays: Sequence[int] | None = None,
    window: TimeWindow | None = None,
    key: str | None = None,
) -> Meeting:
    """Set the days once: a date range or (a weekly meeting) ``weekdays``, with the daily window
    (``time_window``) of a timed meeting."""
    start, end, days = days_check(start_date, end_date, weekdays)
    access = repo.meeting_access(url_code=url_code)
    meeting_change_check(access, key)
    return repo.meeting_set_date_range(
        url_code=url_code,
        start_date=start,
        end_date=end,
        weekdays=days,
        window=window,
        seen=access.seen(),
    )


@access_retried
def meeting_set_title(
    *, repo: MeetingRepository, url_code: str, title: str, key: str | None = None
) -> Meeting:
    title = text_clean(title, what="title")
    access = repo.meeting_access(url_code=url_code)
    meeting_change_check(access, key)
    return repo.meeting_set_title(url_code=url_code, title=title, seen=access.seen())


@access_retried
def meeting_set_location(
    *, repo: MeetingRepository, url_code: str, location: str, key: str | None = None
) -> Meeting:
    location = text_clean(location, what="location")
    access = repo.meeting_access(url_code=url_code)
    meeting_change_check(access, key)
    return repo.meeting_set_location(url_code=url_code, location=location, seen=access.seen())


@access_retried
def meeting_set_editing(
    *, repo: MeetingRepository, url_code: str, editing: Editing, key: str | None
) -> Meeting:
    """Open the meeting to everyone with the link, or protect it again: the organizer only."""
    access = repo.meeting_access(url_code=url_code)
    editing_change_check(access, key)
    return repo.meeting_set_editing(url_code=url_code, editing=editing, seen=access.seen())


@access_retried
def meeting_set_deadline(
    *, repo: MeetingRepository, url_code: str, deadline: object, key: str | None = None
) -> Meeting:
    """Set the deadline for answers, ``"YYYY-MM-DDTHH:MM"`` in the meeting's zone (UTC without
    a window; ``domain.deadline``), or clear it (``None``); who may: as for the title. One
    already past closes answers at once; the organizer may still decide, extend or clear it."""
    wall = deadline_wall_parse(deadline)
    access = repo.meeting_access(url_code=url_code)
    meeting_change_check(access, key)
    instant = None if wall is None else deadline_instant(wall, deadline_zone(access.window))
    return repo.meeting_set_deadline(url_code=url_code, deadline=instant, seen=access.seen())


@access_retried
def meeting_delete(*, repo: MeetingRepository, url_code: str, key: str | None) -> None:
    """The organizer deletes the meeting with everyone's answers, at once (the organizer key,
    always: it cannot be undone). The store keeps its tombstone: the pages then say it was
    deleted (410); the API's link answers 404 as before."""
    access = repo.meeting_access(url_code=url_code)
    meeting_delete_check(access, key)
    repo.meeting_delete(url_code=url_code, seen=access.seen())


def meeting_deleted(*, repo: MeetingRepository, url_code: str) -> bool:
    """Whether the meeting at ``url_code`` was deleted (by its organizer or by staff), rather
    than never there; known for ``MEETINGS_RETENTION_DAYS`` after (``meetings_purge``)."""
    return repo.meeting_deleted(url_code=url_code)


def meetings_purge(
    *,
    repo: MeetingRepository,
    retention_days: int,
    now: datetime | None = None,
    dry_run: bool = False,
    batch_size: int = PURGE_BATCH,
    url_codes: Sequence[str] | None = None,
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Forget meetings nobody changed for ``retention_days`` that are as long past their last
    date, or have no dates (``domain.purge_cutoffs``): in batches of ``batch_size``, one
    transaction each, only among ``url_codes`` when given. Answers how many went (with
    ``dry_run``, how many would, changing nothing). A whole purge (no ``url_codes``) also
    forgets the tombstones of meetings deleted more than ``retention_days`` ago."""
    if batch_size < 1:
        raise ValueError("batch_size should be at least 1")
    dated_before, changed_before = purge_cutoffs(now or datetime.now(UTC), retention_days)
    if dry_run:
        if url_codes is not None:
            raise ValueError("a dry run counts every meeting")
        return repo.meetings_expired_count(dated_before=dated_before, changed_before=changed_before)
    total = 0
    while True:
        deleted = repo.meetings_expired_delete(
            dated_before=dated_before,
            changed_before=changed_before,
            limit=batch_size,
            url_codes=url_codes,
        )
        total += deleted
        if deleted and on_batch is not None:
            on_batch(deleted)
        if deleted < batch_size:
            if url_codes is None:
                repo.tombstones_forget(deleted_before=changed_before)
            return total


def meeting_organizer_key_issue(
    *, repo: MeetingRepository, url_code: str, organizer_key: str
) -> Meeting:
    """Staff only (the admin checks who asks): make ``organizer_key`` the meeting's organizer
    key, for an organizer who lost the manage link or a meeting stored before keys existed.
    The old key stops working; the editing mode stays as it is."""
    return repo.meeting_set_organizer_key(
        url_code=url_code, organizer_key_digest=key_digest(organizer_key)
    )


def meeting_key_holder(
    *,
    repo: MeetingRepository,
    url_code: str,
    key: str,
    participant_id: ParticipantId | None = None,
) -> bool:
    """Whether ``key`` is the meeting's organizer key or, given ``participant_id``, that
    participant's key (what opening a manage or personal link checks). Raises
    ``MeetingNotFound``, ``ParticipantNotFound``."""
    access = row_access(repo, url_code=url_code, participant_id=participant_id)
    if participant_id is None:
        return is_organizer(access, key)
    return is_row_owner(access, key)


def participant_create(
    *,
    repo: MeetingRepository,
    url_code: str,
    name: str,
    participant_key: str | None = None,
    max_participants: int = DEFAULT_MAX_PARTICIPANTS,
) -> tuple[Participant, Meeting]:
    """Join (anyone with the link). ``participant_key`` (``domain.key_new()``, which the faces
    show once) lets the participant change its own row of a protected meeting. A meeting with
    ``max_participants`` already (``settings.MEETINGS_MAX_PARTICIPANTS``) is full."""
    try:
        name = participant_name_clean(name)
    except InvalidName:
        repo.meeting_version(url_code=url_code)  # a missing meeting is reported first
        raise
    meeting_open_check(repo.meeting_access(url_code=url_code), now=clock.now())
    return repo.participant_create(
        url_code=url_code,
        name=name,
        key_digest=None if participant_key is None else key_digest(participant_key),
        max_participants=max_participants,
    )


def participant_change_allowed(
    *, repo: MeetingRepository, url_code: str, participant_id: ParticipantId, key: str | None
) -> None:
    """Raise ``KeyRequired`` / ``KeyRefused`` unless ``key`` may change this participant's row
    (the pages ask before letting a browser act as someone)."""
    access = row_access(repo, url_code=url_code, participant_id=participant_id)
    participant_change_check(access, key)


@access_retried
def participant_delete(
    *,
    repo: MeetingRepository,
    url_code: str,
    participant_id: ParticipantId,
    key: str | None = None,
) -> Meeting:
    access = row_access(repo, url_code=url_code, participant_id=participant_id)
    participant_change_check(access, key)
    return repo.participant_delete(
        url_code=url_code, participant_id=participant_id, seen=access.seen()
    )


@dataclass(frozen=True, slots=True)
class MarkRequest:
    """One mark as a client sends it: a date, an action, and optionally ``"HH:MM"`` bounds."""

    day: date | None
    action: DateAction
    begin: object = None
    end: object = None
    # On a weekly meeting, the weekday (ISO) instead of ``day``.
    weekday: int | None = None


@access_retried
def participant_marks(
    *,
    repo: MeetingRepository,
    url_code: str,
    participant_id: ParticipantId,
    marks: Sequence[MarkRequest],
    key: str | None = None,
) -> Meeting:
    """Paint: up to ``MAX_MARKS`` marks on one participant's dates, all or none of them, in one
    change. Same key rules as every change to a row. Like every change of one's own marks, it
    answers for the participant (``Participant.answered``), even when no mark changes."""
    if not 1 <= len(marks) <= MAX_MARKS:
        raise InvalidMark(f"send between 1 and {MAX_MARKS} marks")
    access = row_access(repo, url_code=url_code, participant_id=participant_id)
    dates = access.dates()
    checked = [
        mark_check(
            day=mark_day(day=mark.day, weekday=mark.weekday, weekdays=access.weekdays),
            action=mark.action,
            begin=mark.begin,
            end=mark.end,
            dates=dates,
            window=access.window,
        )
        for mark in marks
    ]
    meeting_open_check(access, now=clock.now())
    participant_change_check(access, key)  # marks are judged first, against the stored range
    return repo.participant_marks(
        url_code=url_code, participant_id=participant_id, marks=checked, seen=access.seen()
    )


@access_retried
def participant_date_mark(
    *,
    repo: MeetingRepository,
    url_code: str,
    participant_date_id: ParticipantDateId,
    action: DateAction,
    key: str | None = None,
) -> Meeting:
    access = row_access(repo, url_code=url_code, participant_date_id=participant_date_id)
    meeting_open_check(access, now=clock.now())
    participant_change_check(access, key)
    return repo.participant_date_mark(
        url_code=url_code,
        participant_date_id=participant_date_id,
        action=action,
        seen=access.seen(),
    )


@access_retried
def participant_all_free(
    *,
    repo: MeetingRepository,
    url_code: str,
    participant_id: ParticipantId,
    key: str | None = None,
) -> Meeting:
    """ "I'm free on all of these": every date of the range (every slot of it) free, stars
    kept, in one change that answers for the participant: the same change as painting every
    date ``on`` (what an API client sends to do the same)."""
    access = row_access(repo, url_code=url_code, participant_id=participant_id)
    meeting_open_check(access, now=clock.now())
    participant_change_check(access, key)
    return repo.participant_marks(
        url_code=url_code,
        participant_id=participant_id,
        marks=all_free_marks(access.dates()),
        seen=access.seen(),
    )
