"""Metrics under gunicorn as in production (2 sync workers, MEETINGS_METRICS_BIND, the project's
gunicorn.conf.py): a scrape of the metrics listener sums every worker's requests
(prometheus-client's multiprocess mode), a worker killed and replaced is marked dead while its
counts stay, the multiprocess directory is emptied at start, and neither listener answers what
the other does."""

from __future__ import annotations

import concurrent.futures
import http.client
import json
import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import connection
from prometheus_client import CollectorRegistry
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families

from meetings.tests.support.serving import PROXY_HEADER, free_port, gunicorn_serving, production_env
from meetings.tests.support.system import wait_for

pytestmark = pytest.mark.django_db(transaction=True)

ROUTE = "v1/mysql/meetings/(?P<url_code>[^/]+)$"
READ = ("meetifyr_http_requests_total", {"method": "GET", "route": ROUTE, "status": "200"})


def _request(base: str, method: str, path: str, body: Any = None) -> tuple[int, bytes]:
    connection_ = http.client.HTTPConnection(urlsplit(base).netloc, timeout=30)
    headers = {"Host": "127.0.0.1", PROXY_HEADER[0]: PROXY_HEADER[1]}
    payload = None
    if body is not None:
        payload = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    try:
        connection_.request(method, path, body=payload, headers=headers)
        response = connection_.getresponse()
        return response.status, response.read()
    finally:
        connection_.close()


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def _value(samples: dict[Any, float], name: str, labels: dict[str, str]) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[dict[str, Any]]:
    database = connection.settings_dict
    url = (
        f"mysql://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 3306}/{database['NAME']}"
    )
    directory = tmp_path / "prometheus"
    directory.mkdir()
    (directory / "counter_1.db").write_bytes(b"left by a previous run")
    metrics_port = free_port()
    env = production_env(
        url,
        MEETINGS_METRICS_BIND=f"127.0.0.1:{metrics_port}",
        PROMETHEUS_MULTIPROC_DIR=str(directory),
    )
    log = tmp_path / "gunicorn.out"
    with gunicorn_serving("meetifyr.wsgi", env, log, worker_class="sync", threads=1) as served:
        base, process = served
        yield {
            "base": base,
            "metrics": f"http://127.0.0.1:{metrics_port}",
            "master": process.pid,
            "directory": directory,
            "log": log,
        }


def _scrape(served: dict[str, Any]) -> dict[Any, float]:
    status, body = _request(served["metrics"], "GET", "/metrics")
    assert status == 200, body
    return _samples(body.decode())


def _workers(master: int) -> set[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return {int(pid) for pid in children}


def _per_worker(directory: Path, tmp: Path) -> dict[int, float]:
    """Each worker's own count of the reads, from its file alone."""
    counts = {}
    for file in directory.glob("counter_*.db"):
        alone = tmp / f"alone_{file.stem}"
        alone.mkdir(parents=True)
        shutil.copy(file, alone / file.name)
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=str(alone))  # type: ignore[no-untyped-call]
        counts[int(file.stem.removeprefix("counter_"))] = (
            registry.get_sample_value(READ[0], READ[1]) or 0.0
        )
    return counts


def _alone(directory: Path, pid: int, tmp: Path) -> float:
    """A worker's own ``meetifyr_web_processes``: 1 once it loaded the app."""
    file = directory / f"gauge_livesum_{pid}.db"
    if not file.exists():
        return 0.0
    alone = tmp / f"alone_gauge_{pid}"
    alone.mkdir(parents=True, exist_ok=True)
    shutil.copy(file, alone / file.name)
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=str(alone))  # type: ignore[no-untyped-call]
    return registry.get_sample_value("meetifyr_web_processes") or 0.0


def test_a_scrape_sums_every_worker_and_survives_a_dead_one(
    served: dict[str, Any], tmp_path: Path
) -> None:
    assert not (served["directory"] / "counter_1.db").exists()  # emptied at start
    status, body = _request(served["base"], "POST", "/v1/mysql/meetings", {"title": "Summed"})
    assert status == 201, body
    created = json.loads(body)
    path = f"/v1/mysql/meetings/{created['url_code']}"
    sent = 0
    # Reads from 8 connections at once, so both sync workers take some; until both did.
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        for _ in range(10):
            statuses = list(pool.map(lambda _: _request(served["base"], "GET", path)[0], range(40)))
            assert statuses == [200] * 40
            sent += 40
            per_worker = _per_worker(served["directory"], tmp_path / f"after_{sent}")
            if len([count for count in per_worker.values() if count]) >= 2:
                break
    assert len([count for count in per_worker.values() if count]) >= 2, per_worker
    assert sum(per_worker.values()) == sent

    scraped = _scrape(served)
    assert _value(scraped, *READ) == sent  # every worker's, whichever answered the scrape
    assert _value(scraped, "meetifyr_web_processes", {}) == 2
    latency = {"method": "GET", "route": ROUTE}
    assert _value(scraped, "meetifyr_http_request_duration_seconds_count", latency) == sent
    queries = {"route": ROUTE, "database": "default"}
    assert _value(scraped, "meetifyr_db_queries_total", queries) >= sent
    everything = json.dumps([list(key) for key in scraped])
    assert created["url_code"] not in everything
    assert created["organizer_key"] not in everything

    # A worker killed: gunicorn starts another; the dead one's requests stay in the sums and
    # it no longer counts among the processes alive (child_exit marked it dead).
    workers = _workers(served["master"])
    assert len(workers) == 2
    killed = min(workers)
    os.kill(killed, signal.SIGKILL)

    def replaced() -> bool:
        now = _workers(served["master"]) - workers
        return len(now) == 1 and _alone(served["directory"], now.pop(), tmp_path) == 1

    wait_for(replaced, "a new worker, app loaded, in place of the killed one", timeout=60)
    assert len(_workers(served["master"])) == 2
    assert _value(_scrape(served), "meetifyr_web_processes", {}) == 2  # not 3: the dead one gone
    assert _value(_scrape(served), *READ) == sent


def _requests_total(samples: dict[Any, float]) -> float:
    return sum(v for (name, _), v in samples.items() if name == "meetifyr_http_requests_total")


def test_each_listener_answers_only_its_own(served: dict[str, Any]) -> None:
    before = _scrape(served)
    public = _request(served["base"], "GET", "/metrics")
    # No metrics there (a 404 page; 500 where static files were never collected).
    assert public[0] != 200
    assert b"meetifyr_" not in public[1]
    assert _request(served["metrics"], "GET", "/openapi.json")[0] == 404
    assert _request(served["metrics"], "GET", "/healthz")[0] == 404
    assert _request(served["base"], "GET", "/v1/mysql/meetings/NoSuchMeeting1")[0] == 404
    after = _scrape(served)
    # The two public requests are counted; scrapes and the metrics listener's 404s are not.
    assert _requests_total(after) == _requests_total(before) + 2
    missing = {"method": "GET", "route": ROUTE, "status": "404"}
    assert _value(after, "meetifyr_http_requests_total", missing) == 1
