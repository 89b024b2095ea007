"""One contract, every store (memory, MySQL, Gel): the fourth mark, free *if need be* (issue
23, item 1).

A date (dates-only meetings: a stored flag; timed: a slot character "3") marked so counts as
free, ranks below plain free in the best dates and times, and is read back as marked: the
per-date action, painting, and a whole timed day by the per-date action alike. Stored meetings
read as before: nobody is free if need be until they say so.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from meetings import services
from meetings.domain import DateAction, Meeting, Participant, ParticipantDate
from meetings.repositories import MeetingRepository
from meetings.services import MarkRequest

DAY = date(2027, 1, 4)
DAYS = [DAY + timedelta(days=offset) for offset in range(3)]


def _meeting(repo: MeetingRepository, *, timed: bool = False) -> Meeting:
    window = None
    if timed:
        window = services.time_window(
            start_time="09:00", end_time="11:00", slot_minutes=30, time_zone="Asia/Seoul"
        )
    return services.meeting_create(
        repo=repo, title="Retro", start_date=DAYS[0], end_date=DAYS[-1], window=window
    )


def _join(repo: MeetingRepository, meeting: Meeting, name: str) -> Participant:
    participant, _ = services.participant_create(repo=repo, url_code=meeting.url_code, name=name)
    return participant


def _row(meeting: Meeting, name: str, day: date) -> ParticipantDate:
    participant = next(p for p in meeting.participants if p.name == name)
    return next(row for row in participant.dates if row.date == day)


def _state(row: ParticipantDate) -> tuple[bool, bool, bool]:
    return row.enabled, row.starred, row.if_need_be


def test_newcomers_and_stored_rows_are_not_if_need_be(repo: MeetingRepository) -> None:
    for timed in (False, True):
        meeting = _meeting(repo, timed=timed)
        ann = _join(repo, meeting, "Ann")
        assert not any(row.if_need_be for row in ann.dates)
        read = repo.meeting_get(url_code=meeting.url_code)
        assert not any(row.if_need_be for p in read.participants for row in p.dates)


@pytest.mark.parametrize(
    ("actions", "expected"),
    [
        ([DateAction.IFNEEDBE], (True, False, True)),
        ([DateAction.OFF, DateAction.IFNEEDBE], (True, False, True)),
        ([DateAction.STAR, DateAction.IFNEEDBE], (True, False, True)),
        ([DateAction.IFNEEDBE, DateAction.ON], (True, False, True)),
        ([DateAction.IFNEEDBE, DateAction.STAR], (True, True, False)),
        ([DateAction.IFNEEDBE, DateAction.UNSTAR], (True, False, False)),
        ([DateAction.IFNEEDBE, DateAction.OFF], (False, False, False)),
        ([DateAction.IFNEEDBE, DateAction.OFF, DateAction.ON], (True, False, False)),
    ],
)
def test_the_date_action_on_a_dates_only_meeting(
    repo: MeetingRepository, actions: list[DateAction], expected: tuple[bool, bool, bool]
) -> None:
    meeting = _meeting(repo)
    ann = _join(repo, meeting, "Ann")
    _join(repo, meeting, "Bob")
    for action in actions:
        latest = services.participant_date_mark(
            repo=repo, url_code=meeting.url_code, participant_date_id=ann.dates[1].id, action=action
        )
        assert latest == repo.meeting_get(url_code=meeting.url_code)
    read = repo.meeting_get(url_code=meeting.url_code)
    assert _state(_row(read, "Ann", DAYS[1])) == expected
    others = [_row(read, name, day) for name in ("Ann", "Bob") for day in DAYS]
    assert [_state(row) for row in others if row.id != ann.dates[1].id] == [
        (True, False, False)
    ] * 5


def test_painting_a_dates_only_meeting(repo: MeetingRepository) -> None:
    meeting = _meeting(repo)
    ann = _join(repo, meeting, "Ann")
    marks = [
        MarkRequest(DAYS[0], DateAction.IFNEEDBE),
        MarkRequest(DAYS[1], DateAction.STAR),
        MarkRequest(DAYS[1], DateAction.IFNEEDBE),
        MarkRequest(DAYS[2], DateAction.IFNEEDBE),
        MarkRequest(DAYS[2], DateAction.UNSTAR),
    ]
    latest = services.participant_marks(
        repo=repo, url_code=meeting.url_code, participant_id=ann.id, marks=marks
    )
    assert [_state(_row(latest, "Ann", day)) for day in DAYS] == [
        (True, False, True),
        (True, False, True),
        (True, False, False),
    ]
    assert latest == repo.meeting_get(url_code=meeting.url_code)


def test_slots_if_need_be_on_a_timed_meeting(repo: MeetingRepository) -> None:
    meeting = _meeting(repo, timed=True)
    ann = _join(repo, meeting, "Ann")
    marks = [
        MarkRequest(DAYS[0], DateAction.IFNEEDBE, "09:30", "10:30"),
        MarkRequest(DAYS[1], DateAction.STAR, "09:00", "09:30"),
        MarkRequest(DAYS[1], DateAction.IFNEEDBE, "10:30", "11:00"),
        MarkRequest(DAYS[2], DateAction.IFNEEDBE),
        MarkRequest(DAYS[2], DateAction.OFF, "09:00", "10:00"),
    ]
    latest = services.participant_marks(
        repo=repo, url_code=meeting.url_code, participant_id=ann.id, marks=marks
    )
    rows = [_row(latest, "Ann", day) for day in DAYS]
    assert [row.slots for row in rows] == ["1331", "2113", "0033"]
    assert [_state(row) for row in rows] == [
        (True, False, True),
        (True, True, True),  # preferred on one slot, free if need be on another
        (True, False, True),
    ]
    assert latest == repo.meeting_get(url_code=meeting.url_code)
    # The per-date action on a timed meeting: every slot of the day.
    day_id = rows[2].id
    latest = services.participant_date_mark(
        repo=repo, url_code=meeting.url_code, participant_date_id=day_id, action=DateAction.UNSTAR
    )
    assert _row(latest, "Ann", DAYS[2]).slots == "0011"
    assert not _row(latest, "Ann", DAYS[2]).if_need_be
    latest = services.participant_date_mark(
        repo=repo,
        url_code=meeting.url_code,
        participant_date_id=day_id,
        action=DateAction.IFNEEDBE,
    )
    assert _state(_row(latest, "Ann", DAYS[2])) == (True, False, True)
    assert _row(latest, "Ann", DAYS[2]).slots == "3333"
    assert latest == repo.meeting_get(url_code=meeting.url_code)


def test_if_need_be_counts_as_free_and_ranks_below_plain_free(repo: MeetingRepository) -> None:
    meeting = _meeting(repo)
    ann, bob = _join(repo, meeting, "Ann"), _join(repo, meeting, "Bob")
    code = meeting.url_code
    services.participant_marks(
        repo=repo,
        url_code=code,
        participant_id=ann.id,
        marks=[MarkRequest(DAYS[0], DateAction.IFNEEDBE), MarkRequest(DAYS[1], DateAction.STAR)],
    )
    latest = services.participant_marks(
        repo=repo,
        url_code=code,
        participant_id=bob.id,
        marks=[MarkRequest(DAYS[1], DateAction.IFNEEDBE), MarkRequest(DAYS[2], DateAction.OFF)],
    )
    # Free: 2, 2, 1; if need be: 1, 1, 0; stars: 0, 1, 0. Fewer if need be before more stars
    # only among as many free: the star breaks the tie of the first two.
    assert latest.best_dates == (DAYS[1], DAYS[0], DAYS[2])
    services.participant_date_mark(
        repo=repo, url_code=code, participant_date_id=ann.dates[0].id, action=DateAction.UNSTAR
    )
    latest = repo.meeting_get(url_code=code)
    assert latest.best_dates == (DAYS[0], DAYS[1], DAYS[2])  # plainly free beats the star


def test_best_times_rank_if_need_be_below_plain_free(repo: MeetingRepository) -> None:
    meeting = _meeting(repo, timed=True)
    ann, bob = _join(repo, meeting, "Ann"), _join(repo, meeting, "Bob")
    code = meeting.url_code
    for person in (ann, bob):
        services.participant_marks(
            repo=repo,
            url_code=code,
            participant_id=person.id,
            marks=[MarkRequest(day, DateAction.OFF) for day in DAYS[1:]],
        )
    latest = services.participant_marks(
        repo=repo,
        url_code=code,
        participant_id=ann.id,
        marks=[MarkRequest(DAYS[0], DateAction.IFNEEDBE, "09:00", "10:00")],
    )
    best = latest.best_times
    assert best is not None
    first = best[0]
    assert (first.day, first.start, first.end, first.free, first.if_need_be) == (
        DAYS[0],
        600,
        660,
        2,
        0,
    )
    second = best[1]
    assert (second.start, second.end, second.free, second.if_need_be) == (540, 600, 2, 1)
