"""Writers on one Gel meeting (issue 22, item 3): a change of one participant's marks bumps
that participant's version, not the meeting's (``repositories/gel/queries.py``: the version a
meeting is read with adds them up), so writers on different participants write different rows.
Whether they still meet serialization conflicts depends on PostgreSQL's predicate locks (a
fresh branch: rarely; a whole test run's large tables: often, see docs/performance.md); the
store's counter (``conflicts_seen``) is recorded. What these tests hold: every conflict is
retried, every change lands once, nothing is lost.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta

import pytest

from meetings import services
from meetings.domain import DateAction
from meetings.repositories import MeetingRepository
from meetings.repositories.gel import GelMeetingRepository, conflicts_seen
from meetings.tests.support import gel_support

pytestmark = gel_support.GEL_MARKS

ROUNDS = 30
START = date(2027, 3, 1)


@pytest.fixture
def gel_repo(request: pytest.FixtureRequest) -> MeetingRepository:
    gel_support.window_open(request)
    return GelMeetingRepository()


def _together(works: list[Callable[[], None]]) -> list[BaseException | None]:
    """Run ``works`` in threads started at one barrier; what each raised, if anything."""
    barrier = threading.Barrier(len(works))
    raised: list[BaseException | None] = [None] * len(works)

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            works[index]()
        except BaseException as error:  # reported by the test
            raised[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(works))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return raised


def test_two_writers_on_different_participants_lose_nothing(
    gel_repo: MeetingRepository, record_property: Callable[[str, object], None]
) -> None:
    """Date toggles of a dates-only meeting: one statement each (PARTICIPANT_DATE_MARK)."""
    meeting = services.meeting_create(
        repo=gel_repo, title="Standup", start_date=START, end_date=START + timedelta(days=13)
    )
    code = meeting.url_code
    ann, _ = services.participant_create(repo=gel_repo, url_code=code, name="Ann")
    bob, joined = services.participant_create(repo=gel_repo, url_code=code, name="Bob")

    def writer(date_ids: list[str | int]) -> Callable[[], None]:
        def work() -> None:
            for round_ in range(ROUNDS):
                services.participant_date_mark(
                    repo=gel_repo,
                    url_code=code,
                    participant_date_id=date_ids[round_ % len(date_ids)],
                    action=DateAction.OFF if round_ % 2 == 0 else DateAction.ON,
                )

        return work

    before = conflicts_seen()
    raised = _together(
        [writer([row.id for row in ann.dates[2:6]]), writer([row.id for row in bob.dates[2:6]])]
    )
    conflicts = conflicts_seen() - before

    assert raised == [None, None]
    final = gel_repo.meeting_get(url_code=code)
    assert final.version == joined.version + 2 * ROUNDS  # every change counted once
    for participant in final.participants:  # each date's last toggle was "on" (odd rounds)
        assert [row.enabled for row in participant.dates[2:6]] == [False, True, False, True]
    # How many conflicts they met is measured, not held to a bound: in a fresh branch these 60
    # changes met 0 or 1 (8-17 when every change bumped the meeting's row), but 21 in a whole
    # test run, whose tables are large (docs/performance.md). What holds either way: every
    # conflict was retried and nothing was lost.
    record_property("gel_conflicts", conflicts)


def test_two_writers_on_one_participant_lose_nothing(gel_repo: MeetingRepository) -> None:
    """The same participant's row from two writers: conflicts are retried, every change kept."""
    meeting = services.meeting_create(
        repo=gel_repo, title="Standup", start_date=START, end_date=START + timedelta(days=13)
    )
    code = meeting.url_code
    ann, joined = services.participant_create(repo=gel_repo, url_code=code, name="Ann")

    def writer(date_ids: list[str | int]) -> Callable[[], None]:
        def work() -> None:
            for date_id in date_ids:
                services.participant_date_mark(
                    repo=gel_repo,
                    url_code=code,
                    participant_date_id=date_id,
                    action=DateAction.STAR,
                )

        return work

    first, second = [row.id for row in ann.dates[:6]], [row.id for row in ann.dates[6:12]]
    raised = _together([writer(first), writer(second)])
    assert raised == [None, None]
    final = gel_repo.meeting_get(url_code=code)
    assert final.version == joined.version + 12
    assert [row.starred for row in final.participants[0].dates] == [True] * 12 + [False] * 2
