"""One contract, every store (memory, MySQL, Gel): changing a meeting's days or window after
it was shared, keeping the answers (``PUT .../schedule``; the rules: ``domain.schedule``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from meetings import domain, services
from meetings.domain import DateAction, Mark, Meeting, TimeWindow
from meetings.repositories import MeetingRepository

MON = date(2027, 3, 1)
ORG = "o" * 43
SEOUL = services.time_window(
    start_time="09:00", end_time="11:00", slot_minutes=30, time_zone="Asia/Seoul"
)


def _day(offset: int) -> date:
    return MON + timedelta(days=offset)


def _answered(repo: MeetingRepository, *, window: TimeWindow | None = None) -> Meeting:
    """Mon-Wed, Ann busy on Monday and preferring Tuesday (on a timed meeting: 9:00-9:30
    busy and 10:00-11:00 preferred on Tuesday), Bo joined and never answered."""
    meeting = services.meeting_create(
        repo=repo, title="Retro", start_date=MON, end_date=_day(2), window=window, organizer_key=ORG
    )
    code = meeting.url_code
    ann = services.participant_create(repo=repo, url_code=code, name="Ann")[0]
    services.participant_create(repo=repo, url_code=code, name="Bo")
    tuesday = [Mark(_day(1), DateAction.STAR, None if window is None else range(2, 4))]
    if window is not None:
        tuesday.append(Mark(_day(1), DateAction.OFF, range(0, 1)))
    marks = [Mark(MON, DateAction.OFF, None), *tuesday]
    repo.participant_marks(url_code=code, participant_id=ann.id, marks=marks)
    return repo.meeting_get(url_code=code)


def _rows(meeting: Meeting, name: str) -> dict[date, tuple[bool, bool, str | None]]:
    who = next(p for p in meeting.participants if p.name == name)
    return {row.date: (row.enabled, row.starred, row.slots) for row in who.dates}


def _change(repo: MeetingRepository, meeting: Meeting, **values: Any) -> Meeting:
    return services.meeting_change_schedule(repo=repo, url_code=meeting.url_code, key=ORG, **values)


def test_a_shifted_range_keeps_the_answers_on_the_days_that_stay(
    repo: MeetingRepository,
) -> None:
    meeting = _answered(repo)
    changed = _change(repo, meeting, start_date=_day(1), end_date=_day(3))
    assert (changed.start_date, changed.end_date) == (_day(1), _day(3))
    assert changed.version == meeting.version + 1
    assert _rows(changed, "Ann") == {
        _day(1): (True, True, None),  # kept exactly
        _day(2): (True, False, None),
        _day(3): (True, False, None),  # new: free, as a join
    }
    assert _rows(changed, "Bo") == dict.fromkeys((_day(1), _day(2), _day(3)), (True, False, None))
    ann, bo = changed.participants
    assert ann.answered
    assert not bo.answered
    assert repo.meeting_get(url_code=meeting.url_code) == changed
    # Every row has an id the stores know: marking a new day works.
    new_row = next(row for row in ann.dates if row.date == _day(3))
    marked = repo.participant_date_mark(
        url_code=meeting.url_code, participant_date_id=new_row.id, action=DateAction.OFF
    )
    assert _rows(marked, "Ann")[_day(3)] == (False, False, None)


def test_a_window_change_keeps_the_marks_of_the_slots_that_still_exist(
    repo: MeetingRepository,
) -> None:
    meeting = _answered(repo, window=SEOUL)
    assert _rows(meeting, "Ann")[_day(1)] == (True, True, "0122")
    later = services.time_window(
        start_time="09:30", end_time="11:30", slot_minutes=30, time_zone="Asia/Seoul"
    )
    changed = _change(repo, meeting, start_date=MON, end_date=_day(1), window=later)
    assert changed.window == later
    assert changed.version == meeting.version + 1
    assert _rows(changed, "Ann") == {
        MON: (True, False, "0001"),  # 11:00-11:30 is new: free
        _day(1): (True, True, "1221"),
    }
    assert _rows(changed, "Bo") == {MON: (True, False, "1111"), _day(1): (True, False, "1111")}
    assert changed.best_times is not None


def test_giving_a_dated_meeting_a_window_spreads_each_days_answer(
    repo: MeetingRepository,
) -> None:
    meeting = _answered(repo)
    ann = meeting.participants[0]
    meeting = repo.participant_marks(
        url_code=meeting.url_code,
        participant_id=ann.id,
        marks=[Mark(_day(2), DateAction.IFNEEDBE, None)],
    )
    changed = _change(repo, meeting, start_date=MON, end_date=_day(2), window=SEOUL)
    assert _rows(changed, "Ann") == {
        MON: (False, False, "0000"),
        _day(1): (True, True, "2222"),
        _day(2): (True, False, "3333"),  # free if need be on every slot
    }
    wednesday = next(row for row in changed.participants[0].dates if row.date == _day(2))
    assert wednesday.if_need_be
    dropped = _change(repo, changed, start_date=MON, end_date=_day(2))
    assert dropped.window is None
    assert _rows(dropped, "Ann")[MON] == (False, False, None)
    back = next(row for row in dropped.participants[0].dates if row.date == _day(2))
    assert (back.enabled, back.starred, back.if_need_be, back.slots) == (True, False, True, None)
    assert dropped.version == meeting.version + 2


def test_weekdays_and_switching_kind(repo: MeetingRepository) -> None:
    meeting = _answered(repo)
    weekly = _change(repo, meeting, weekdays=[2, 4])
    assert weekly.weekdays == (2, 4)
    assert weekly.dates() == [domain.weekday_day(2), domain.weekday_day(4)]
    # A new kind removes every answer: everyone is unanswered again.
    assert not any(p.answered for p in weekly.participants)
    assert _rows(weekly, "Ann") == dict.fromkeys(weekly.dates(), (True, False, None))
    ann = weekly.participants[0]
    repo.participant_marks(
        url_code=meeting.url_code,
        participant_id=ann.id,
        marks=[Mark(domain.weekday_day(4), DateAction.OFF, None)],
    )
    fewer = _change(repo, weekly, weekdays=[4, 5])
    assert _rows(fewer, "Ann") == {
        domain.weekday_day(4): (False, False, None),
        domain.weekday_day(5): (True, False, None),
    }
    assert fewer.participants[0].answered
    back = _change(repo, fewer, start_date=MON, end_date=MON)
    assert back.weekdays is None
    assert back.dates() == [MON]


def test_a_decided_meeting_is_reopened_first(repo: MeetingRepository) -> None:
    meeting = _answered(repo)
    services.meeting_set_final(repo=repo, url_code=meeting.url_code, day=_day(1), key=ORG)
    decided = repo.meeting_get(url_code=meeting.url_code)
    with pytest.raises(domain.ScheduleDecided):
        _change(repo, meeting, start_date=MON, end_date=_day(5))
    # The store's own check: a decision that came after the services' check.
    with pytest.raises(domain.ScheduleDecided):
        repo.meeting_set_schedule(url_code=meeting.url_code, schedule=domain.Schedule(MON, MON))
    assert repo.meeting_get(url_code=meeting.url_code) == decided


def test_who_may_and_bad_input_change_nothing(repo: MeetingRepository) -> None:
    meeting = _answered(repo)
    code = meeting.url_code
    with pytest.raises(domain.KeyRequired):
        services.meeting_change_schedule(repo=repo, url_code=code, start_date=MON, end_date=MON)
    with pytest.raises(domain.KeyRefused):
        services.meeting_change_schedule(
            repo=repo, url_code=code, start_date=MON, end_date=MON, key="x" * 43
        )
    with pytest.raises(domain.DateRangeTooLong):
        _change(repo, meeting, start_date=MON, end_date=MON + timedelta(days=400))
    with pytest.raises(domain.InvalidWeekdays):
        _change(repo, meeting, weekdays=[0, 8])
    with pytest.raises(domain.MeetingNotFound):
        repo.meeting_set_schedule(url_code="nope", schedule=domain.Schedule(MON, MON))
    assert repo.meeting_get(url_code=code) == meeting


def test_a_meeting_without_days_gets_them(repo: MeetingRepository) -> None:
    meeting = services.meeting_create(repo=repo, title="Later", organizer_key=ORG)
    changed = _change(repo, meeting, start_date=MON, end_date=_day(1))
    assert changed.dates() == [MON, _day(1)]
    assert changed.version == meeting.version + 1


def test_the_largest_change_fits(repo: MeetingRepository) -> None:
    """63 dates of 96 slots, a few participants, moved to another 63 dates: fine."""
    whole_day = services.time_window(
        start_time="00:00", end_time="24:00", slot_minutes=15, time_zone="UTC"
    )
    end = MON + timedelta(days=domain.MAX_RANGE_DAYS)
    meeting = services.meeting_create(
        repo=repo, start_date=MON, end_date=end, window=whole_day, organizer_key=ORG
    )
    for name in ("A", "B", "C"):
        services.participant_create(repo=repo, url_code=meeting.url_code, name=name)
    later = end + timedelta(days=30)
    changed = _change(repo, meeting, start_date=later - timedelta(days=62), end_date=later)
    assert all(len(p.dates) == 63 for p in changed.participants)
    assert changed.version == repo.meeting_version(url_code=meeting.url_code)
