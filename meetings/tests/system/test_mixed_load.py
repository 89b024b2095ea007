"""Mixed load on one meeting from 16 threads, then a consistency check of what is stored.

Each thread has its own database connection (as gunicorn's threads do) and sends, through the
API: joins with unique names, date toggles on its own (participant, date) pairs, title edits,
and one join with a name every thread tries (exactly one may win), while 4 more threads read
the meeting (their versions never go back). Nothing may fail with 5xx;
afterwards every participant has exactly one row per date of the range and nothing outside it,
each toggled date holds its thread's action, free counts match the rows, and the version rose
by exactly the number of successful changes.
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date
from typing import Any

import pytest
from django.db import connection
from rest_framework.test import APIClient

from meetings import models, services
from meetings.api.output import meeting_json
from meetings.api.renderers import meeting_render
from meetings.domain import dates_between, free_counts
from meetings.repositories import repository_for

THREADS = 16
READERS = 4
PAIRS_PER_THREAD = 3
JOINS_PER_THREAD = 2
START, END = date(2026, 9, 1), date(2026, 9, 14)
BASE = "/v1/mysql"


@pytest.mark.django_db(transaction=True)
def test_mixed_load_on_one_meeting_stays_consistent() -> None:
    api = APIClient()
    created = api.post(f"{BASE}/meetings", {"title": "Load"}, format="json").json()
    code = created["url_code"]
    # Everyone here acts with the organizer key, which may change every row and the title.
    organizer = f"Bearer {created['organizer_key']}"
    api.credentials(HTTP_AUTHORIZATION=organizer)
    api.patch(
        f"{BASE}/meetings/{code}/date_range",
        {"start_date": START.isoformat(), "end_date": END.isoformat()},
        format="json",
    )
    initial = []
    for name in ("Ann", "Bo", "Cy", "Di"):
        response = api.post(
            f"{BASE}/participants", {"meeting_url_code": code, "name": name}, format="json"
        )
        assert response.status_code == 201
        initial.append([row["id"] for row in response.json()["participant_dates"]])
    version_before = repository_for("mysql").meeting_version(url_code=code)

    # Thread i owns (participant, date) pairs i*3 .. i*3+2 of the 4 x 14 grid: no two threads
    # touch the same date, so each date's final state is known.
    expected_marks: dict[
        int | str, tuple[bool, bool]
    ] = {}  # participant_date id -> (free, starred)
    plans: list[list[tuple[str, Any]]] = []
    for i in range(THREADS):
        plan: list[tuple[str, Any]] = []
        for k in range(PAIRS_PER_THREAD):
            n = i * PAIRS_PER_THREAD + k
            date_id = initial[n // 14][n % 14]
            action = "off" if (i + k) % 2 == 0 else "star"
            expected_marks[date_id] = (False, False) if action == "off" else (True, True)
            plan.append(("mark", (action, date_id)))
        plan += [("join", f"T{i}-{j}") for j in range(JOINS_PER_THREAD)]
        plan += [("title", f"Title from thread {i}"), ("join", "Everyone")]
        # Interleave kinds differently per thread.
        plans.append(plan[i % len(plan) :] + plan[: i % len(plan)])

    statuses: Counter[tuple[str, int]] = Counter()
    errors: list[BaseException] = []
    lock = threading.Lock()
    barrier = threading.Barrier(THREADS)

    def worker(plan: list[tuple[str, Any]]) -> None:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=organizer)
        try:
            barrier.wait(timeout=30)
            for kind, arg in plan:
                if kind == "mark":
                    action, date_id = arg
                    response = client.patch(
                        f"{BASE}/participant_dates/{action}",
                        {"participant_date_id": date_id, "meeting_url_code": code},
                        format="json",
                    )
                elif kind == "join":
                    response = client.post(
                        f"{BASE}/participants",
                        {"meeting_url_code": code, "name": arg},
                        format="json",
                    )
                else:
                    response = client.patch(
                        f"{BASE}/meetings/{code}/title", {"title": arg}, format="json"
                    )
                with lock:
                    statuses[(kind, response.status_code)] += 1
        except BaseException as error:  # reported below, with the thread's plan
            with lock:
                errors.append(error)
        finally:
            connection.close()

    # Readers GET the meeting all along (answered from the rendered-meeting cache whenever the
    # version they read still matches): the versions each one sees never go back.
    writers_done = threading.Event()
    seen: list[list[int]] = [[] for _ in range(READERS)]

    def reader(versions: list[int]) -> None:
        client = APIClient()
        try:
            while not writers_done.is_set():
                response = client.get(f"{BASE}/meetings/{code}")
                assert response.status_code == 200, response.content
                versions.append(int(response["ETag"].strip('"m')))
        except BaseException as error:
            with lock:
                errors.append(error)
        finally:
            connection.close()

    readers = [threading.Thread(target=reader, args=(versions,)) for versions in seen]
    threads = [threading.Thread(target=worker, args=(plan,)) for plan in plans]
    for thread in readers + threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    writers_done.set()
    for thread in readers:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in readers + threads), "a thread hung"
    assert errors == []
    for versions in seen:
        assert versions, "a reader got no answer"
        assert versions == sorted(versions)

    joins = THREADS * JOINS_PER_THREAD
    assert statuses == {
        ("mark", 200): THREADS * PAIRS_PER_THREAD,
        ("join", 201): joins + 1,  # one "Everyone" wins...
        ("join", 409): THREADS - 1,  # ...every other thread is told the name is taken
        ("title", 200): THREADS,
    }
    successes = THREADS * PAIRS_PER_THREAD + joins + 1 + THREADS

    # --- what is stored ---------------------------------------------------------------------
    meeting = repository_for("mysql").meeting_get(url_code=code)
    assert meeting.version == version_before + successes
    assert meeting.title.startswith("Title from thread ")
    assert len(meeting.participants) == 4 + joins + 1
    assert sorted(p.name for p in meeting.participants).count("Everyone") == 1
    the_range = dates_between(START, END)
    rows = models.ParticipantDate.objects.filter(participant__meeting__url_code=code)
    per_participant = Counter(rows.values_list("participant_id", flat=True))
    assert set(per_participant.values()) == {len(the_range)}
    assert len(per_participant) == len(meeting.participants)
    assert not rows.exclude(date__range=(START, END)).exists()
    assert not rows.exclude(meeting__url_code=code).exists()
    for participant in meeting.participants:
        assert [row.date for row in participant.dates] == the_range
        for row in participant.dates:
            assert (row.enabled, row.starred) == expected_marks.get(row.id, (True, False))
    # Only those who answered count: whose rows were marked (the joins here never were).
    answered = rows.filter(enabled=True, participant__answered=True)
    stored_free = Counter(answered.values_list("date", flat=True))
    assert free_counts(meeting) == {day: stored_free.get(day, 0) for day in the_range}

    # The API answers with the same meeting, byte for byte, cached or not.
    response = api.get(f"{BASE}/meetings/{code}")
    assert response["ETag"] == f'"m{meeting.version}"'
    assert response.content == meeting_render(meeting_json(meeting))
    body = response.json()
    assert body["best_dates"] == [day.isoformat() for day in meeting.best_dates]
    assert len(body["participants"]) == len(meeting.participants)
    # A change made past the API (as the pages or the admin make them) is seen at once.
    repo = repository_for("mysql")
    changed = services.meeting_set_title(
        repo=repo, url_code=code, title="After the load", key=created["organizer_key"]
    )
    response = api.get(f"{BASE}/meetings/{code}")
    assert response.json()["title"] == "After the load"
    assert response.content == meeting_render(meeting_json(changed))
