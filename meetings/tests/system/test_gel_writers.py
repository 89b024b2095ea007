"""Writers on one Gel meeting (issue 22, item 3): a change of one participant's marks bumps
that participant's version, not the meeting's (``repositories/gel/queries.py``: the version a
meeting is read with adds them up), so writers on different participants write different rows,
and a toggle names every row it reads from the date's id: two writers on different participants
meet no serialization conflict at all (the first test counts the retries: none).

That holds where PostgreSQL under Gel looks rows up by their ids, as it does in a store in use.
In tables a test run has emptied again, its planner may scan a table whole instead, and its
serializable checks then count every row of it as read (docs/performance.md): so the run's
branch holds meetings no test made (``gel_support.BALLAST``), as a store in use does.

Writers of one participant, and strokes of one meeting, take turns in this process
(``conflicts_retried``'s queue), so they meet no conflict either; the tests hold the store's
counter (``conflicts_seen``) still.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from rest_framework.test import APIClient

from meetings import services
from meetings.domain import DateAction
from meetings.repositories import MeetingRepository
from meetings.repositories.gel import GelMeetingRepository, conflicts_seen
from meetings.repositories.gel.client import _queue
from meetings.repositories.gel.errors import REASON_BUSY, UNAVAILABLE
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


def test_two_writers_on_different_participants_do_not_conflict(
    gel_repo: MeetingRepository,
) -> None:
    """Date toggles of a dates-only meeting, one statement each (PARTICIPANT_DATE_MARK), by two
    threads at once: no retry, and every change kept once."""
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
    assert conflicts == 0


def test_two_writers_on_one_participant_take_turns(gel_repo: MeetingRepository) -> None:
    """The same participant's row from two writers of this process: they take turns, so
    neither meets a conflict, and every change is kept."""
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
    before = conflicts_seen()
    raised = _together([writer(first), writer(second)])
    assert raised == [None, None]
    assert conflicts_seen() == before
    final = gel_repo.meeting_get(url_code=code)
    assert final.version == joined.version + 12
    assert [row.starred for row in final.participants[0].dates] == [True] * 12 + [False] * 2


def test_strokes_of_two_participants_take_turns(gel_repo: MeetingRepository) -> None:
    """A stroke reads all of a participant's dates, which share pages with other participants'
    dates: this process's strokes of one meeting take turns, so they meet no conflict (5 to
    18 in 30 strokes each of two participants when they did not)."""
    meeting = services.meeting_create(
        repo=gel_repo, title="Standup", start_date=START, end_date=START + timedelta(days=13)
    )
    code = meeting.url_code
    ann, _ = services.participant_create(repo=gel_repo, url_code=code, name="Ann")
    bob, joined = services.participant_create(repo=gel_repo, url_code=code, name="Bob")

    def painter(participant_id: str | int) -> Callable[[], None]:
        def work() -> None:
            for _ in range(ROUNDS // 2):
                services.participant_all_free(
                    repo=gel_repo, url_code=code, participant_id=participant_id
                )

        return work

    before = conflicts_seen()
    raised = _together([painter(ann.id), painter(bob.id)])
    assert raised == [None, None]
    assert conflicts_seen() == before
    final = gel_repo.meeting_get(url_code=code)
    assert final.version == joined.version + 2 * (ROUNDS // 2)


def test_a_change_waiting_too_long_for_its_turn_answers_503_and_changes_nothing(
    gel_repo: MeetingRepository, settings: Any
) -> None:
    """Another change of the same participant's row holds its turn past ``GEL_RETRY_SECONDS``:
    the toggle answers 503 with the busy reason, and the date and the version stay."""
    settings.GEL_RETRY_SECONDS = 1
    meeting = services.meeting_create(
        repo=gel_repo, title="Standup", start_date=START, end_date=START + timedelta(days=13)
    )
    code = meeting.url_code
    ann, joined = services.participant_create(repo=gel_repo, url_code=code, name="Ann")
    turn = _queue(f"{code}/{ann.id}")  # what write_queue names for Ann's row
    with turn:
        response = APIClient().patch(
            "/v1/edgedb/participant_dates/off",
            {"participant_date_id": ann.dates[0].id, "meeting_url_code": code},
            format="json",
        )
    assert response.status_code == 503
    assert response.json()["detail"] == UNAVAILABLE.format(reason=REASON_BUSY)
    final = gel_repo.meeting_get(url_code=code)
    assert final.version == joined.version
    assert final.participants[0].dates[0].enabled is True
