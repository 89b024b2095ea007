"""Reading one's calendar into a meeting (``services.participant_calendar_busy``), every store:
a preview changes nothing, applying is one change, the key and closed rules are the marks'."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from meetings import domain, services
from meetings.domain import BusySpan, CalendarApply, DateAction, Editing, Meeting
from meetings.repositories import MeetingRepository
from meetings.tests.support.calendars import DENTIST, ics

START = date(2027, 3, 1)
ORGANIZER_KEY = "organizer-key-" + "o" * 30
ANN_KEY = "participant-key-" + "a" * 30
SEOUL = ZoneInfo("Asia/Seoul")


def _meeting(repo: MeetingRepository, *, timed: bool = False) -> tuple[Meeting, domain.Participant]:
    window = (
        services.time_window(
            start_time="09:00", end_time="12:00", slot_minutes=60, time_zone="Asia/Seoul"
        )
        if timed
        else None
    )
    meeting = services.meeting_create(
        repo=repo,
        title="Retro",
        start_date=START,
        end_date=START + timedelta(days=2),
        window=window,
        organizer_key=ORGANIZER_KEY,
    )
    ann, _ = services.participant_create(
        repo=repo, url_code=meeting.url_code, name="Ann", participant_key=ANN_KEY
    )
    return repo.meeting_get(url_code=meeting.url_code), ann


def _read(
    repo: MeetingRepository,
    meeting: Meeting,
    who: domain.Participant,
    calendar: bytes,
    apply: CalendarApply | None = None,
    key: str | None = ANN_KEY,
) -> services.CalendarBusy:
    return services.participant_calendar_busy(
        repo=repo,
        url_code=meeting.url_code,
        participant_id=who.id,
        calendar=calendar,
        zone=SEOUL,
        apply=apply,
        key=key,
    )


# The 2nd, 10:00-11:30 in Seoul (busy), and the 3rd, 09:00-10:00 (maybe).
MAYBE = (datetime(2027, 3, 3, 0, tzinfo=UTC), datetime(2027, 3, 3, 1, tzinfo=UTC), "TENTATIVE")


def test_a_preview_says_what_is_busy_and_changes_nothing(repo: MeetingRepository) -> None:
    meeting, ann = _meeting(repo)
    read = _read(repo, meeting, ann, ics(DENTIST, MAYBE))
    assert read.busy == (
        BusySpan(date(2027, 3, 2), 600, 690),
        BusySpan(date(2027, 3, 3), 540, 600, tentative=True),
    )
    assert read.marks == ()
    assert read.meeting == meeting  # the same version, nobody answered


def test_applying_busy_marks_the_busy_dates_in_one_change(repo: MeetingRepository) -> None:
    meeting, ann = _meeting(repo)
    read = _read(repo, meeting, ann, ics(DENTIST, MAYBE), CalendarApply.BUSY)
    assert [(mark.day, mark.action) for mark in read.marks] == [(date(2027, 3, 2), DateAction.OFF)]
    after = read.meeting
    assert after.version == meeting.version + 1
    assert [row.enabled for row in after.participants[0].dates] == [True, False, True]
    assert after.participants[0].answered  # applying answers, as painting does


def test_busy_and_free_frees_the_rest_and_keeps_preferred(repo: MeetingRepository) -> None:
    meeting, ann = _meeting(repo, timed=True)
    code = meeting.url_code
    services.participant_marks(
        repo=repo,
        url_code=code,
        participant_id=ann.id,
        marks=[
            services.MarkRequest(START, DateAction.OFF),
            services.MarkRequest(START, DateAction.STAR, "11:00", "12:00"),
        ],
        key=ANN_KEY,
    )  # the 1st: busy, busy, preferred
    read = _read(repo, meeting, ann, ics(DENTIST, MAYBE), CalendarApply.BUSY_AND_FREE)
    slots = [row.slots for row in read.meeting.participants[0].dates]
    assert slots == [
        "112",  # freed, preferred kept
        "100",  # 10:00-11:30 busy: the 10:00 and 11:00 slots
        "111",  # 09:00 maybe busy: left as it was (free)
    ]


def test_busy_and_free_keeps_if_need_be_where_the_calendar_is_free(
    repo: MeetingRepository,
) -> None:
    """The calendar says when one can, not whether one would rather not: a time or date free
    if need be stays so where the calendar is free, and goes busy where it is busy."""
    meeting, ann = _meeting(repo, timed=True)
    services.participant_marks(
        repo=repo,
        url_code=meeting.url_code,
        participant_id=ann.id,
        marks=[services.MarkRequest(day, DateAction.IFNEEDBE) for day in meeting.dates()],
        key=ANN_KEY,
    )
    read = _read(repo, meeting, ann, ics(DENTIST, MAYBE), CalendarApply.BUSY_AND_FREE)
    rows = read.meeting.participants[0].dates
    assert [row.slots for row in rows] == ["333", "300", "333"]
    assert all(row.if_need_be for row in rows)
    dated, bob = _meeting(repo)
    services.participant_date_mark(
        repo=repo,
        url_code=dated.url_code,
        participant_date_id=bob.dates[0].id,
        action=DateAction.IFNEEDBE,
        key=ANN_KEY,
    )
    read = _read(repo, dated, bob, ics(DENTIST), CalendarApply.BUSY_AND_FREE)
    rows = read.meeting.participants[0].dates
    assert [(row.enabled, row.if_need_be) for row in rows] == [
        (True, True),  # free in the calendar: still if need be
        (False, False),  # busy
        (True, False),
    ]


def test_the_key_and_closed_rules_are_the_marks(repo: MeetingRepository) -> None:
    meeting, ann = _meeting(repo)
    calendar = ics(DENTIST)
    with pytest.raises(domain.KeyRequired):
        _read(repo, meeting, ann, calendar, CalendarApply.BUSY, key=None)
    services.participant_create(
        repo=repo, url_code=meeting.url_code, name="Bob", participant_key="b" * 43
    )
    with pytest.raises(domain.KeyRefused):  # Bob's key on Ann's row
        _read(repo, meeting, ann, calendar, CalendarApply.BUSY, key="b" * 43)
    services.meeting_set_final(repo=repo, url_code=meeting.url_code, day=START, key=ORGANIZER_KEY)
    with pytest.raises(domain.MeetingClosed):
        _read(repo, meeting, ann, calendar, CalendarApply.BUSY)
    assert all(
        row.enabled for row in repo.meeting_get(url_code=meeting.url_code).participants[0].dates
    )


def test_an_open_meeting_needs_no_key(repo: MeetingRepository) -> None:
    meeting, ann = _meeting(repo)
    services.meeting_set_editing(
        repo=repo, url_code=meeting.url_code, editing=Editing.OPEN, key=ORGANIZER_KEY
    )
    read = _read(repo, meeting, ann, ics(DENTIST), CalendarApply.BUSY, key=None)
    assert not read.meeting.participants[0].dates[1].enabled


def test_a_file_that_is_no_calendar_changes_nothing(repo: MeetingRepository) -> None:
    meeting, ann = _meeting(repo)
    with pytest.raises(domain.InvalidCalendar):
        _read(repo, meeting, ann, b"BEGIN:VCARD\r\nFN:Ann\r\nEND:VCARD\r\n", CalendarApply.BUSY)
    assert repo.meeting_get(url_code=meeting.url_code) == meeting


def test_intervals_read_before_apply_as_the_file_would(repo: MeetingRepository) -> None:
    meeting, ann = _meeting(repo)
    preview = _read(repo, meeting, ann, ics(DENTIST, MAYBE))
    assert [i.tentative for i in preview.intervals] == [False, True]
    assert preview.cells[date(2027, 3, 2)] == domain.Busy(busy=True)
    read = services.participant_busy_apply(
        repo=repo,
        url_code=meeting.url_code,
        participant_id=ann.id,
        intervals=preview.intervals,
        zone=SEOUL,
        apply=CalendarApply.BUSY,
        key=ANN_KEY,
    )
    assert read.meeting.version == meeting.version + 1
    assert [row.enabled for row in read.meeting.participants[0].dates] == [True, False, True]
    with pytest.raises(domain.KeyRequired):  # the same key rules
        services.participant_busy_apply(
            repo=repo,
            url_code=meeting.url_code,
            participant_id=ann.id,
            intervals=preview.intervals,
            apply=CalendarApply.BUSY,
        )
