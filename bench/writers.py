"""32 writers on one meeting, on each store (issue 22's target: Gel within 1.5x MySQL's time, no
lost update, no 503).

The scenario of ``tests/system/test_concurrency.py``'s 32-writer test, timed here instead: a
meeting of 63 dates, Ann and Bob, 32 threads each toggling its own date (16 of Ann's, 16 of
Bob's) 8 times, odd ones 9, as fast as they can, all released by one barrier; 272 changes. Each
change is the service a request runs (``services.participant_date_mark``: key check, the
store's write, the meeting read back), in this process, with a connection per thread (Gel: a
pool of 32). Run ``TRIALS`` times per store, alternating; the report gives each trial and the
ratio of the medians.
"""

from __future__ import annotations

import statistics
import threading
import time
from datetime import date, timedelta
from typing import Any

WRITERS = 32
ROUNDS = 8
TRIALS = 3
START = date(2027, 3, 1)


def writers_trial(store: str) -> dict[str, Any]:
    """One run of the 32 writers on ``store``: seconds, changes, failures, lost updates."""
    from django.db import connection

    from meetings import services
    from meetings.domain import DateAction
    from meetings.repositories import repository_for

    conflicts_seen = _conflict_counter(store)
    repo = repository_for(store)
    meeting = services.meeting_create(
        repo=repo, title="writers", start_date=START, end_date=START + timedelta(days=62)
    )
    code = meeting.url_code
    ann, _ = services.participant_create(repo=repo, url_code=code, name="Ann")
    bob, joined = services.participant_create(repo=repo, url_code=code, name="Bob")
    targets = [row.id for row in ann.dates[:16]] + [row.id for row in bob.dates[:16]]
    barrier = threading.Barrier(WRITERS)
    done = [0] * WRITERS
    failed: list[str] = []

    def work(index: int) -> None:
        try:
            barrier.wait(timeout=60)
            for round_ in range(ROUNDS + index % 2):  # odd writers end on "off"
                action = DateAction.OFF if round_ % 2 == 0 else DateAction.ON
                try:
                    services.participant_date_mark(
                        repo=repo, url_code=code, participant_date_id=targets[index], action=action
                    )
                    done[index] += 1
                except Exception as error:  # counted and named in the report
                    failed.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(index,)) for index in range(WRITERS)]
    conflicts_before = conflicts_seen()
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - began
    conflicts = conflicts_seen() - conflicts_before
    final = repo.meeting_get(url_code=code)
    enabled = {row.id: row.enabled for p in final.participants for row in p.dates}
    wrong = sum(enabled[date_id] != (index % 2 == 0) for index, date_id in enumerate(targets))
    changes = sum(done)
    return {
        "seconds": round(seconds, 3),
        "changes": changes,
        "failed": len(failed),
        "failed_as": sorted(set(failed)),
        "lost": joined.version + changes - final.version,
        "wrong_dates": wrong,
        "conflicts": conflicts,
    }


def _conflict_counter(store: str) -> Any:
    if store != "edgedb":
        return lambda: 0
    from meetings.repositories.gel import conflicts_seen

    return conflicts_seen


def writers_run(stores: list[str], log: Any, trials: int = TRIALS) -> dict[str, Any]:
    """``trials`` runs per store, alternating stores; each trial and the medians' ratio."""
    from django.test import override_settings

    from meetings.repositories.gel.client import close_client

    found: dict[str, list[dict[str, Any]]] = {store: [] for store in stores}
    with override_settings(GEL_MAX_CONCURRENCY=WRITERS):
        close_client()  # the pool is sized when it is made: one for the 32 threads
        for trial in range(trials):
            for store in stores:
                result = writers_trial(store)
                found[store].append(result)
                log(f"writers {store} trial {trial + 1}: {result['seconds']:.2f} s, "
                    f"{result['changes']} changes, {result['failed']} failed, "
                    f"{result['lost']} lost, {result['conflicts']} conflicts")  # fmt: skip
        close_client()
    medians = {
        store: statistics.median(run["seconds"] for run in runs) for store, runs in found.items()
    }
    ratio = (
        round(medians["edgedb"] / medians["mysql"], 2)
        if "edgedb" in medians and medians.get("mysql")
        else None
    )
    return {"trials": found, "median_seconds": medians, "gel_vs_mysql": ratio, "target": 1.5}


def writers_markdown(writers: dict[str, Any]) -> list[str]:
    """The report's section on the 32 writers (none when they were not run)."""
    if not writers:
        return []
    lines = [
        "## 32 writers on one meeting (272 changes, in process)",
        "",
        "| store | seconds (each trial) | median | failed | lost | wrong dates | conflicts |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for store, runs in writers["trials"].items():
        each = ", ".join(f"{run['seconds']:.2f}" for run in runs)
        lines.append(
            f"| {store} | {each} | "
            f"{writers['median_seconds'][store]:.2f} | {sum(r['failed'] for r in runs)} | "
            f"{sum(r['lost'] for r in runs)} | {sum(r['wrong_dates'] for r in runs)} | "
            f"{sum(r['conflicts'] for r in runs)} |"
        )
    ratio = writers["gel_vs_mysql"]
    if ratio is not None:
        mark = "met" if ratio <= writers["target"] else "MISSED"
        lines += ["", f"Gel/MySQL time (medians): {ratio} (target at most {writers['target']}) "
                  f"{mark}"]  # fmt: skip
    return [*lines, ""]
