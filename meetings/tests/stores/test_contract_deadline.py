"""One contract, every store (memory, MySQL, Gel): the deadline for answers.

The stores keep the moment (UTC) and judge it again where they write, with ``clock.now()``:
the tests set that clock (``monkeypatch``), never wait for it. Each store's own check is
reached directly (the services' check passes while the clock says "before"; the store's runs
with the clock moved past it), as a write racing the deadline would be.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from meetings import clock, domain, services
from meetings.domain import DateAction, Mark, Meeting
from meetings.repositories import MeetingRepository

DAY = date(2027, 1, 4)
DUE = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)  # 18:00 in Seoul
BEFORE, AFTER = DUE - timedelta(minutes=1), DUE
ORG = "o" * 43  # the organizer key


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime], None]:
    """Set the clock every rule and store reads."""

    def setter(moment: datetime) -> None:
        monkeypatch.setattr(clock, "now", lambda: moment)

    setter(BEFORE)
    return setter


def _meeting(repo: MeetingRepository, *, timed: bool = False) -> Meeting:
    window = None
    if timed:
        window = services.time_window(
            start_time="09:00", end_time="11:00", slot_minutes=30, time_zone="Asia/Seoul"
        )
    return services.meeting_create(
        repo=repo,
        title="Retro",
        start_date=DAY,
        end_date=DAY + timedelta(days=2),
        window=window,
        organizer_key=ORG,
    )


def test_stored_meetings_have_no_deadline(repo: MeetingRepository) -> None:
    meeting = _meeting(repo)
    assert meeting.deadline is None
    assert repo.meeting_get(url_code=meeting.url_code).deadline is None
    assert repo.meeting_access(url_code=meeting.url_code).deadline is None


def test_the_deadline_is_kept_read_back_and_cleared(
    repo: MeetingRepository, at: Callable[[datetime], None]
) -> None:
    meeting = _meeting(repo, timed=True)
    code = meeting.url_code
    changed = services.meeting_set_deadline(
        repo=repo, url_code=code, deadline="2027-01-05T18:00", key=ORG
    )
    assert changed.deadline == DUE  # the wall time in Asia/Seoul, kept as the moment
    assert changed.version == meeting.version + 1
    assert repo.meeting_get(url_code=code).deadline == DUE
    assert repo.meeting_access(url_code=code).deadline == DUE
    cleared = services.meeting_set_deadline(repo=repo, url_code=code, deadline=None, key=ORG)
    assert cleared.deadline is None
    assert repo.meeting_get(url_code=code).deadline is None


def test_a_meeting_without_a_zone_takes_the_deadline_in_utc(repo: MeetingRepository) -> None:
    meeting = _meeting(repo)
    changed = services.meeting_set_deadline(
        repo=repo, url_code=meeting.url_code, deadline="2027-01-05T18:00", key=ORG
    )
    assert changed.deadline == datetime(2027, 1, 5, 18, 0, tzinfo=UTC)


def test_before_the_deadline_joins_and_marks_work(
    repo: MeetingRepository, at: Callable[[datetime], None]
) -> None:
    code = _meeting(repo).url_code
    repo.meeting_set_deadline(url_code=code, deadline=DUE)
    ann, _ = services.participant_create(repo=repo, url_code=code, name="Ann")
    services.participant_date_mark(
        repo=repo,
        url_code=code,
        participant_date_id=ann.dates[0].id,
        action=DateAction.OFF,
        key=ORG,
    )
    marked = services.participant_all_free(repo=repo, url_code=code, participant_id=ann.id, key=ORG)
    assert marked.participants[0].answered


def test_after_the_deadline_the_services_refuse_joins_and_marks(
    repo: MeetingRepository, at: Callable[[datetime], None]
) -> None:
    code = _meeting(repo).url_code
    ann, _ = services.participant_create(repo=repo, url_code=code, name="Ann")
    repo.meeting_set_deadline(url_code=code, deadline=DUE)
    at(AFTER)  # at the deadline itself answers are closed
    before = repo.meeting_get(url_code=code)
    with pytest.raises(domain.DeadlinePassed) as refused:
        services.participant_create(repo=repo, url_code=code, name="Bo")
    assert refused.value.message == "the deadline for answers has passed"
    assert isinstance(refused.value, domain.MeetingClosed)
    with pytest.raises(domain.DeadlinePassed):
        services.participant_date_mark(
            repo=repo,
            url_code=code,
            participant_date_id=ann.dates[0].id,
            action=DateAction.OFF,
            key=ORG,
        )
    with pytest.raises(domain.DeadlinePassed):
        services.participant_marks(
            repo=repo,
            url_code=code,
            participant_id=ann.id,
            marks=[services.MarkRequest(day=DAY, action=DateAction.OFF)],
            key=ORG,
        )
    with pytest.raises(domain.DeadlinePassed):
        services.participant_all_free(repo=repo, url_code=code, participant_id=ann.id, key=ORG)
    assert repo.meeting_get(url_code=code) == before  # nothing changed, not even the version


@pytest.mark.parametrize("timed", [False, True])
def test_each_store_judges_the_deadline_again_where_it_writes(
    repo: MeetingRepository, at: Callable[[datetime], None], timed: bool
) -> None:
    code = _meeting(repo, timed=timed).url_code
    ann, _ = services.participant_create(repo=repo, url_code=code, name="Ann")
    repo.meeting_set_deadline(url_code=code, deadline=DUE)
    at(AFTER)  # the store's clock has moved on since the services' check
    before = repo.meeting_get(url_code=code)
    with pytest.raises(domain.DeadlinePassed):
        repo.participant_create(url_code=code, name="Bo")
    with pytest.raises(domain.DeadlinePassed):
        repo.participant_date_mark(
            url_code=code, participant_date_id=ann.dates[0].id, action=DateAction.OFF
        )
    with pytest.raises(domain.DeadlinePassed):
        repo.participant_marks(
            url_code=code, participant_id=ann.id, marks=[Mark(DAY, DateAction.OFF, None)]
        )
    assert repo.meeting_get(url_code=code) == before


def test_a_decided_meeting_says_it_is_decided_first(
    repo: MeetingRepository, at: Callable[[datetime], None]
) -> None:
    code = _meeting(repo).url_code
    repo.meeting_set_deadline(url_code=code, deadline=DUE)
    at(AFTER)
    services.meeting_set_final(repo=repo, url_code=code, day=DAY, key=ORG)
    with pytest.raises(domain.MeetingClosed) as refused:
        repo.participant_create(url_code=code, name="Bo")
    assert type(refused.value) is domain.MeetingClosed


def test_after_the_deadline_the_organizer_decides_extends_and_clears(
    repo: MeetingRepository, at: Callable[[datetime], None]
) -> None:
    code = _meeting(repo).url_code
    repo.meeting_set_deadline(url_code=code, deadline=DUE)
    at(AFTER)
    decided = services.meeting_set_final(repo=repo, url_code=code, day=DAY, key=ORG)
    assert decided.final is not None
    services.meeting_set_final(repo=repo, url_code=code, day=None, key=ORG)
    services.meeting_set_deadline(repo=repo, url_code=code, deadline="2027-01-06T18:00", key=ORG)
    ann, _ = services.participant_create(repo=repo, url_code=code, name="Ann")  # extended
    services.meeting_set_deadline(repo=repo, url_code=code, deadline="2027-01-05T08:00", key=ORG)
    with pytest.raises(domain.DeadlinePassed):  # a time already past closes answers at once
        services.participant_create(repo=repo, url_code=code, name="Bo")
    services.meeting_set_deadline(repo=repo, url_code=code, deadline=None, key=ORG)
    services.participant_all_free(
        repo=repo, url_code=code, participant_id=ann.id, key=ORG
    )  # cleared


def test_the_deadline_needs_the_organizer_on_a_protected_meeting(
    repo: MeetingRepository,
) -> None:
    code = _meeting(repo).url_code
    with pytest.raises(domain.KeyRequired):
        services.meeting_set_deadline(repo=repo, url_code=code, deadline="2027-01-05T18:00")
    with pytest.raises(domain.KeyRefused):
        services.meeting_set_deadline(
            repo=repo, url_code=code, deadline="2027-01-05T18:00", key="x" * 43
        )
    assert repo.meeting_get(url_code=code).deadline is None


def test_a_wall_time_the_zone_skips_is_refused(repo: MeetingRepository) -> None:
    meeting = services.meeting_create(
        repo=repo,
        start_date=date(2027, 3, 26),
        end_date=date(2027, 3, 29),
        window=services.time_window(
            start_time="09:00", end_time="11:00", slot_minutes=60, time_zone="Europe/Berlin"
        ),
    )
    with pytest.raises(domain.InvalidDeadline) as refused:
        services.meeting_set_deadline(
            repo=repo, url_code=meeting.url_code, deadline="2027-03-28T02:30"
        )
    assert refused.value.message == (
        "deadline 2027-03-28T02:30 does not occur in Europe/Berlin: the clocks go forward over it"
    )
    # A repeated wall time (the clocks go back) is its first occurrence.
    changed = services.meeting_set_deadline(
        repo=repo, url_code=meeting.url_code, deadline="2027-10-31T02:30"
    )
    assert changed.deadline == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)


def test_a_missing_meeting_is_not_found(repo: MeetingRepository) -> None:
    with pytest.raises(domain.MeetingNotFound):
        repo.meeting_set_deadline(url_code=domain.url_code_new(), deadline=DUE)
