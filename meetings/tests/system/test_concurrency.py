"""Many people editing one meeting at once, on each store (real MariaDB, a real Gel server):
real threads, each with its own database connection, all released by a barrier at the same
moment. On Gel every thread gets a connection of its own too (the pool is sized to the threads),
so the server sees all the changes at once, and serialization conflicts are retried within
``GEL_RETRY_SECONDS``: none may be lost, none may answer 503."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from rest_framework.test import APIClient

from meetings import services
from meetings.domain import MEETING_CLOSED, Meeting
from meetings.repositories import MeetingRepository, repository_for

TOGGLE_THREADS = 32
JOIN_THREADS = 16


def _run_together(count: int, work: Callable[[int, APIClient], Any]) -> list[Any]:
    """Run ``work(index, client)`` in ``count`` threads started together; their results (or
    the exception each raised) in index order."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        client = APIClient()
        try:
            barrier.wait(timeout=30)
            results[index] = work(index, client)
        except Exception as error:  # reported by the test, not lost in the thread
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


@pytest.fixture
def repo(store: str, transactional_db: Any) -> Iterator[MeetingRepository]:
    """The store under test; on Gel, with a connection for each of the threads."""
    if store != "edgedb":
        yield repository_for(store)
        return
    from meetings.repositories.gel.client import close_client

    close_client()
    with override_settings(GEL_MAX_CONCURRENCY=TOGGLE_THREADS):
        yield repository_for(store)
        close_client()


def _meeting(repo: MeetingRepository, days: int) -> Meeting:
    start = date(2026, 1, 1)
    return services.meeting_create(
        repo=repo,
        title="Busy",
        start_date=start,
        end_date=start + timedelta(days=days - 1),
    )


# Each thread marks its own date twice; the second action decides the date's final state.
SECOND_ACTION = {0: ("off", (False, False)), 1: ("unstar", (True, False)), 2: ("on", (True, True))}


def test_threads_marking_different_dates_lose_no_change(
    store: str, repo: MeetingRepository
) -> None:
    meeting = _meeting(repo, 63)
    ann, _ = services.participant_create(repo=repo, url_code=meeting.url_code, name="Ann")
    bob, joined = services.participant_create(repo=repo, url_code=meeting.url_code, name="Bob")
    # 32 different dates of one meeting: 16 of Ann's and 16 of Bob's.
    targets = [row.id for row in ann.dates[:16]] + [row.id for row in bob.dates[:16]]
    assert len(set(targets)) == TOGGLE_THREADS

    def work(index: int, client: APIClient) -> list[int]:
        statuses = []
        for action in ["star", SECOND_ACTION[index % 3][0]]:
            response = client.patch(
                f"/v1/{store}/participant_dates/{action}",
                {"participant_date_id": targets[index], "meeting_url_code": meeting.url_code},
                format="json",
            )
            statuses.append(response.status_code)
        return statuses

    results = _run_together(TOGGLE_THREADS, work)
    assert results == [[200, 200]] * TOGGLE_THREADS
    final = repo.meeting_get(url_code=meeting.url_code)
    rows = {row.id: (row.enabled, row.starred) for p in final.participants for row in p.dates}
    assert len(rows) == 2 * 63
    for index, date_id in enumerate(targets):
        assert rows[date_id] == SECOND_ACTION[index % 3][1], index
    untouched = [state for date_id, state in rows.items() if date_id not in targets]
    assert untouched == [(True, False)] * (2 * 63 - TOGGLE_THREADS)
    successes = sum(status == 200 for statuses in results for status in statuses)
    assert final.version == joined.version + successes == joined.version + 2 * TOGGLE_THREADS


WRITER_ROUNDS = 8


def test_32_writers_toggling_one_meeting_all_succeed(store: str, repo: MeetingRepository) -> None:
    """32 writers, each toggling its own date of one meeting 8 times as fast as it can: every
    change answers 200 (no 503 "too many simultaneous changes"), none is lost."""
    meeting = _meeting(repo, 63)
    ann, _ = services.participant_create(repo=repo, url_code=meeting.url_code, name="Ann")
    bob, joined = services.participant_create(repo=repo, url_code=meeting.url_code, name="Bob")
    targets = [row.id for row in ann.dates[:16]] + [row.id for row in bob.dates[:16]]

    def work(index: int, client: APIClient) -> list[int]:
        return [
            client.patch(
                f"/v1/{store}/participant_dates/{'off' if round_ % 2 == 0 else 'on'}",
                {"participant_date_id": targets[index], "meeting_url_code": meeting.url_code},
                format="json",
            ).status_code
            for round_ in range(WRITER_ROUNDS + index % 2)  # odd writers end busy
        ]

    results = _run_together(TOGGLE_THREADS, work)
    assert results == [[200] * (WRITER_ROUNDS + index % 2) for index in range(TOGGLE_THREADS)]
    final = repo.meeting_get(url_code=meeting.url_code)
    rows = {row.id: row.enabled for p in final.participants for row in p.dates}
    assert [rows[date_id] for date_id in targets] == [
        index % 2 == 0 for index in range(TOGGLE_THREADS)
    ]
    assert sum(rows.values()) == 2 * 63 - TOGGLE_THREADS // 2
    assert final.version == joined.version + sum(len(statuses) for statuses in results)


def _case_variants(word: str, count: int) -> list[str]:
    variants = [
        "".join(char.upper() if upper else char for char, upper in zip(word, mask, strict=True))
        for mask in itertools.product([False, True], repeat=len(word))
    ]
    assert len(variants) >= count
    return variants[:count]


def test_concurrent_joins_with_one_name_make_one_participant(
    store: str, repo: MeetingRepository
) -> None:
    meeting = _meeting(repo, 7)
    names = _case_variants("anna", JOIN_THREADS)
    assert len(set(names)) == JOIN_THREADS

    def work(index: int, client: APIClient) -> tuple[int, Any]:
        response = client.post(
            f"/v1/{store}/participants",
            {"meeting_url_code": meeting.url_code, "name": names[index]},
            format="json",
        )
        return response.status_code, response.json()

    results = _run_together(JOIN_THREADS, work)
    statuses = sorted(status for status, _ in results)
    assert statuses == [201] + [409] * (JOIN_THREADS - 1)
    winner = next(index for index, (status, _) in enumerate(results) if status == 201)
    for index, (status, body) in enumerate(results):
        if status == 409:
            assert body == {"detail": f"participant with name: {names[index]} already exists"}
    final = repo.meeting_get(url_code=meeting.url_code)
    assert [p.name for p in final.participants] == [names[winner]]
    assert len(final.participants[0].dates) == 7
    assert final.version == meeting.version + 1


def test_concurrent_joins_with_different_names_all_succeed(
    store: str, repo: MeetingRepository
) -> None:
    meeting = _meeting(repo, 63)

    def work(index: int, client: APIClient) -> int:
        response = client.post(
            f"/v1/{store}/participants",
            {"meeting_url_code": meeting.url_code, "name": f"Person {index}"},
            format="json",
        )
        return response.status_code

    assert _run_together(JOIN_THREADS, work) == [201] * JOIN_THREADS
    final = repo.meeting_get(url_code=meeting.url_code)
    assert sorted(p.name for p in final.participants) == sorted(
        f"Person {index}" for index in range(JOIN_THREADS)
    )
    assert all(len(p.dates) == 63 for p in final.participants)
    assert final.version == meeting.version + JOIN_THREADS


def test_marking_while_others_join_and_leave(store: str, repo: MeetingRepository) -> None:
    """Joins, leaves and marks of one meeting interleaved: none fails, none is lost."""
    meeting = _meeting(repo, 30)
    stayer, _ = services.participant_create(repo=repo, url_code=meeting.url_code, name="Stay")
    leavers = [
        services.participant_create(repo=repo, url_code=meeting.url_code, name=f"Leave {n}")[0]
        for n in range(8)
    ]
    before = repo.meeting_version(url_code=meeting.url_code)

    def work(index: int, client: APIClient) -> int:
        kind, number = divmod(index, 8)
        if kind == 0:
            response = client.delete(
                f"/v1/{store}/meetings/{meeting.url_code}/participants/{leavers[number].id}"
            )
        elif kind == 1:
            response = client.post(
                f"/v1/{store}/participants",
                {"meeting_url_code": meeting.url_code, "name": f"New {number}"},
                format="json",
            )
        else:
            response = client.patch(
                f"/v1/{store}/participant_dates/off",
                {
                    "participant_date_id": stayer.dates[index - 16].id,
                    "meeting_url_code": meeting.url_code,
                },
                format="json",
            )
        return response.status_code

    results = _run_together(32, work)
    assert results == [200] * 8 + [201] * 8 + [200] * 16
    final = repo.meeting_get(url_code=meeting.url_code)
    assert sorted(p.name for p in final.participants) == sorted(
        ["Stay"] + [f"New {n}" for n in range(8)]
    )
    assert [row.enabled for row in final.participants[0].dates] == [False] * 16 + [True] * 14
    assert final.version == before + 32


CLOSE_ROUNDS = 4


@pytest.mark.parametrize("round_", range(CLOSE_ROUNDS))
def test_no_join_or_mark_lands_on_a_meeting_closed_meanwhile(
    store: str, repo: MeetingRepository, round_: int
) -> None:
    """Joins and marks fired at the moment the final date is picked (issue 19, item 1): each
    lands before the decision, and is in the decision's own answer, or answers 409 and changes
    nothing. After the race the meeting is exactly what the decision answered."""
    meeting = _meeting(repo, 7)
    people = [
        services.participant_create(repo=repo, url_code=meeting.url_code, name=f"P{i}")[0]
        for i in range(JOIN_THREADS // 2)
    ]
    targets = [person.dates[round_ % 7].id for person in people]
    closer = JOIN_THREADS // 2 + round_ - CLOSE_ROUNDS // 2  # the close starts among the others
    base = f"/v1/{store}"

    def work(index: int, client: APIClient) -> tuple[str, int, Any]:
        if index == closer:
            url = f"{base}/meetings/{meeting.url_code}/final"
            response = client.patch(url, {"date": "2026-01-02"}, format="json")
            return "close", response.status_code, response.json()
        if index % 2:
            body = {"meeting_url_code": meeting.url_code, "name": f"J{index}"}
            response = client.post(f"{base}/participants", body, format="json")
            return "join", response.status_code, response.json()
        mark = {"participant_date_id": targets[index // 2], "meeting_url_code": meeting.url_code}
        response = client.patch(f"{base}/participant_dates/off", mark, format="json")
        return "mark", response.status_code, response.json()

    results = _run_together(JOIN_THREADS, work)
    assert not [r for r in results if isinstance(r, Exception)], results
    [(_, status, closed)] = [r for r in results if r[0] == "close"]
    assert status == 200, closed
    others = [r for r in results if r[0] != "close"]
    refused = [r for r in others if r[1] == 409]
    assert all(r[2] == {"detail": MEETING_CLOSED} for r in refused), refused
    landed = [r for r in others if r[1] in (200, 201)]
    assert len(landed) + len(refused) == len(others), others
    # Whatever landed is in the decision's answer; nothing changed after it.
    ids = {p["id"] for p in closed["participants"]}
    assert {r[2]["participant_id"] for r in landed if r[0] == "join"} <= ids
    off = {d["id"] for p in closed["participants"] for d in p["dates"] if not d["enabled"]}
    marked = [
        targets[index // 2] for index, r in enumerate(results) if r[0] == "mark" and r[1] == 200
    ]
    assert {str(t) for t in marked} <= {str(d) for d in off}
    now = APIClient().get(f"{base}/meetings/{meeting.url_code}").json()
    assert now == closed
    stored = repo.meeting_get(url_code=meeting.url_code)
    assert stored.version == meeting.version + len(people) + len(landed) + 1


def test_joins_and_marks_racing_a_change_of_dates_keep_every_row_in_step(
    store: str, repo: MeetingRepository
) -> None:
    """A change of dates (Jan 1-7 to Jan 4-10) fired among joins and marks of a kept date:
    every one succeeds, each participant ends with exactly the meeting's dates (a join that
    read the old range before the change is retried, never left with old rows), and every mark
    of the kept date stays."""
    meeting = _meeting(repo, 7)
    people = [
        services.participant_create(repo=repo, url_code=meeting.url_code, name=f"P{i}")[0]
        for i in range(JOIN_THREADS // 2)
    ]
    kept = [next(row.id for row in p.dates if row.date == date(2026, 1, 5)) for p in people]
    before = repo.meeting_version(url_code=meeting.url_code)
    changer = JOIN_THREADS // 2
    base = f"/v1/{store}"

    def work(index: int, client: APIClient) -> int:
        if index == changer:
            body = {"start_date": "2026-01-04", "end_date": "2026-01-10"}
            url = f"{base}/meetings/{meeting.url_code}/schedule"
            return client.put(url, body, format="json").status_code
        if index % 2:
            body = {"meeting_url_code": meeting.url_code, "name": f"J{index}"}
            return client.post(f"{base}/participants", body, format="json").status_code
        mark = {"participant_date_id": kept[index // 2], "meeting_url_code": meeting.url_code}
        return client.patch(f"{base}/participant_dates/off", mark, format="json").status_code

    results = _run_together(JOIN_THREADS, work)
    assert sorted(results) == [200] * (JOIN_THREADS // 2) + [201] * (JOIN_THREADS // 2)
    final = repo.meeting_get(url_code=meeting.url_code)
    assert final.dates() == [date(2026, 1, 4) + timedelta(days=n) for n in range(7)]
    assert all([row.date for row in p.dates] == final.dates() for p in final.participants)
    assert len(final.participants) == JOIN_THREADS
    enabled = {str(row.id): row.enabled for p in final.participants for row in p.dates}
    marked = [kept[index // 2] for index in range(0, JOIN_THREADS, 2) if index != changer]
    assert all(enabled[str(date_id)] is False for date_id in marked)
    assert final.version == before + JOIN_THREADS
