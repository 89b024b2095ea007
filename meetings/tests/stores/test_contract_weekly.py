"""One contract, every store (memory, MySQL, Gel): weekly meetings, whose days are weekdays.

Each weekday stands for one date of the reference week (``domain.weekly``); these tests check
what the stores keep and give back of them, through the services as the faces call them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from meetings import domain, services
from meetings.domain import DateAction, Meeting
from meetings.repositories import MeetingRepository

MON, WED, FRI = 1, 3, 5


def _weekly(
    repo: MeetingRepository, *, window: bool = False, weekdays: list[int] | None = None
) -> Meeting:
    return services.meeting_create(
        repo=repo,
        title="Game night",
        weekdays=[FRI, MON, WED] if weekdays is None else weekdays,
        window=services.time_window(
            start_time="18:00", end_time="20:00", slot_minutes=30, time_zone="Asia/Seoul"
        )
        if window
        else None,
    )


def _weekdays_of(meeting: Meeting) -> list[int]:
    return [day.isoweekday() for day in meeting.dates()]


def test_a_weekly_meeting_keeps_its_weekdays(repo: MeetingRepository) -> None:
    meeting = _weekly(repo)
    assert meeting.weekly
    assert meeting.weekdays == (MON, WED, FRI)
    assert _weekdays_of(meeting) == [MON, WED, FRI]
    assert all(domain.is_reference_day(day) for day in meeting.dates())
    stored = repo.meeting_get(url_code=meeting.url_code)
    assert stored.weekdays == (MON, WED, FRI)
    assert stored.dates() == meeting.dates()
    access = repo.meeting_access(url_code=meeting.url_code)
    assert access.weekdays == (MON, WED, FRI)
    assert access.dates() == meeting.dates()


def test_a_dated_meeting_has_no_weekdays(repo: MeetingRepository) -> None:
    day = date(2027, 3, 1)
    meeting = services.meeting_create(repo=repo, start_date=day, end_date=day + timedelta(days=9))
    stored = repo.meeting_get(url_code=meeting.url_code)
    assert stored.weekdays is None
    assert not stored.weekly
    assert len(stored.dates()) == 10
    assert repo.meeting_access(url_code=meeting.url_code).weekdays is None


def test_weekdays_are_set_once_like_a_range(repo: MeetingRepository) -> None:
    meeting = services.meeting_create(repo=repo, title="Office hours")
    assert not meeting.has_date_range
    version = meeting.version
    changed = services.meeting_set_date_range(repo=repo, url_code=meeting.url_code, weekdays=[7, 2])
    assert changed.weekdays == (2, 7)
    assert changed.version == version + 1
    with pytest.raises(domain.DateRangeAlreadySet) as raised:
        services.meeting_set_date_range(repo=repo, url_code=meeting.url_code, weekdays=[1])
    # The message names the weekdays, never the reference week's dates.
    assert str(raised.value) == f"meeting: {meeting.url_code} weekdays: 2, 7 are already set"
    with pytest.raises(domain.DateRangeAlreadySet):
        services.meeting_set_date_range(
            repo=repo,
            url_code=meeting.url_code,
            start_date=date(2027, 1, 1),
            end_date=date(2027, 1, 2),
        )
    assert repo.meeting_get(url_code=meeting.url_code).weekdays == (2, 7)


def test_a_range_set_first_refuses_weekdays(repo: MeetingRepository) -> None:
    meeting = services.meeting_create(repo=repo)
    services.meeting_set_date_range(
        repo=repo, url_code=meeting.url_code, start_date=date(2027, 1, 4), end_date=date(2027, 1, 8)
    )
    with pytest.raises(domain.DateRangeAlreadySet) as raised:
        services.meeting_set_date_range(repo=repo, url_code=meeting.url_code, weekdays=[1])
    assert "start: 2027-01-04 end: 2027-01-08" in str(raised.value)
    assert repo.meeting_get(url_code=meeting.url_code).weekdays is None


@pytest.mark.parametrize(
    ("weekdays", "start", "message"),
    [
        ([], None, domain.weekly.WEEKDAYS_EMPTY),
        ([0], None, domain.weekly.WEEKDAYS_SHAPE),
        ([8], None, domain.weekly.WEEKDAYS_SHAPE),
        ([1, 1], None, domain.weekly.WEEKDAYS_SHAPE),
        ([True], None, domain.weekly.WEEKDAYS_SHAPE),
        (["1"], None, domain.weekly.WEEKDAYS_SHAPE),
        ([1], date(2027, 1, 4), domain.WEEKDAYS_AND_DATES),
    ],
)
def test_bad_weekdays_are_refused_and_nothing_is_set(
    repo: MeetingRepository, weekdays: list[object], start: date | None, message: str
) -> None:
    meeting = services.meeting_create(repo=repo)
    with pytest.raises(domain.InvalidWeekdays) as raised:
        services.meeting_set_date_range(
            repo=repo,
            url_code=meeting.url_code,
            start_date=start,
            end_date=start,
            weekdays=weekdays,  # type: ignore[arg-type]
        )
    assert str(raised.value) == message
    stored = repo.meeting_get(url_code=meeting.url_code)
    assert not stored.has_date_range
    assert stored.version == meeting.version


def test_joining_adds_one_entry_per_weekday(repo: MeetingRepository) -> None:
    meeting = _weekly(repo, window=True)
    participant, after = services.participant_create(
        repo=repo, url_code=meeting.url_code, name="Ana"
    )
    assert [row.date.isoweekday() for row in participant.dates] == [MON, WED, FRI]
    assert all(row.enabled and row.slots == "1111" for row in participant.dates)
    assert after.weekdays == (MON, WED, FRI)


def test_marks_and_best_work_on_weekdays(repo: MeetingRepository) -> None:
    meeting = _weekly(repo)
    code = meeting.url_code
    ana, _ = services.participant_create(repo=repo, url_code=code, name="Ana")
    bo, _ = services.participant_create(repo=repo, url_code=code, name="Bo")
    monday, wednesday, friday = meeting.dates()
    services.participant_marks(
        repo=repo,
        url_code=code,
        participant_id=ana.id,
        marks=[services.MarkRequest(day=monday, action=DateAction.OFF)],
    )
    after = services.participant_marks(
        repo=repo,
        url_code=code,
        participant_id=bo.id,
        marks=[
            services.MarkRequest(day=monday, action=DateAction.OFF),
            services.MarkRequest(day=friday, action=DateAction.OFF),
        ],
    )
    assert after.best_dates[0] == wednesday
    assert [row.enabled for row in after.participants[1].dates] == [False, True, False]
    # A date outside the weekdays (Tuesday's reference date, or a real date) is no entry.
    for day in (monday + timedelta(days=1), date(2027, 1, 4)):
        with pytest.raises(domain.InvalidMark):
            services.participant_marks(
                repo=repo,
                url_code=code,
                participant_id=ana.id,
                marks=[services.MarkRequest(day=day, action=DateAction.OFF)],
            )


def test_a_weekly_decision_starts_on_a_real_date_of_its_weekday(repo: MeetingRepository) -> None:
    meeting = _weekly(repo, window=True)
    code = meeting.url_code
    starts_on = date(2027, 1, 6)  # a Wednesday
    decided = services.meeting_set_final(
        repo=repo, url_code=code, day=starts_on, weekday=WED, start="18:30", end="19:30"
    )
    assert decided.final is not None
    assert decided.final.day == starts_on
    assert (decided.final.start, decided.final.end) == (18 * 60 + 30, 19 * 60 + 30)
    assert repo.meeting_get(url_code=code).final == decided.final
    services.meeting_set_final(repo=repo, url_code=code, day=None)  # reopen
    refused = {
        "starts_on 2027-01-07 is a Thursday, not weekday 3": {
            "day": date(2027, 1, 7),
            "weekday": WED,
        },
        "weekday 2 is not one of the meeting's weekdays (1, 3, 5)": {
            "day": date(2027, 1, 5),
            "weekday": None,
        },
        "weekday 4 is not one of the meeting's weekdays (1, 3, 5)": {
            "day": date(2027, 1, 7),
            "weekday": 4,
        },
    }
    for message, pick in refused.items():
        with pytest.raises(domain.InvalidFinal) as raised:
            services.meeting_set_final(
                repo=repo,
                url_code=code,
                start="18:00",
                end="19:00",
                **pick,  # type: ignore[arg-type]
            )
        assert str(raised.value) == message
    assert repo.meeting_get(url_code=code).final is None


def test_a_dated_meeting_takes_no_weekday_in_its_decision(repo: MeetingRepository) -> None:
    day = date(2027, 1, 6)
    meeting = services.meeting_create(repo=repo, start_date=day, end_date=day)
    with pytest.raises(domain.InvalidFinal) as raised:
        services.meeting_set_final(repo=repo, url_code=meeting.url_code, day=day, weekday=3)
    assert str(raised.value) == "weekday is only for weekly meetings; give the date"


def test_a_weekly_meeting_is_forgotten_when_nobody_changed_it(repo: MeetingRepository) -> None:
    weekly = _weekly(repo)
    future = date.today() + timedelta(days=400)
    dated = services.meeting_create(repo=repo, start_date=future, end_date=future)
    codes = [weekly.url_code, dated.url_code]
    # Changed moments ago: both stay.
    assert services.meetings_purge(repo=repo, retention_days=90, url_codes=codes) == 0
    later = datetime.now(UTC) + timedelta(days=91)
    # Unchanged for the retention period: the weekly meeting, with no last date, goes; the dated
    # one, whose last date is still ahead, stays.
    assert services.meetings_purge(repo=repo, retention_days=90, now=later, url_codes=codes) == 1
    with pytest.raises(domain.MeetingNotFound):
        repo.meeting_get(url_code=weekly.url_code)
    assert repo.meeting_get(url_code=dated.url_code).url_code == dated.url_code
