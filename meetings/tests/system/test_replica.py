"""Beyond one machine, on this one: two app servers behind nginx, a primary and its replica.

Everything runs as in production and is started (and stopped) here: a private MariaDB primary
(binary log on) and a replica following it (a second ``mariadbd``, GTID replication), two
gunicorn masters (each with its own metrics listener and ``PROMETHEUS_MULTIPROC_DIR``) sharing
the rate limits' counters in Redis, and Debian's nginx balancing between them round-robin
(it names the server that answered in ``X-Upstream``). The app servers send the polls'
version reads to the replica (``DATABASE_REPLICA_URL``), everything else to the primary.

- A change made through either server is seen by polls (the API's 304 poll and the page's
  fragment poll) on both within the poll interval, and the polls were served by the replica.
- Concurrent joins and marks through both servers: every one confirmed is stored.
- The creation limit holds across both servers (Redis counts for both).
- The replica stopped and started again: no answer is a 5xx meanwhile (the primary answers
  the polls), changes are still seen, ``/readyz`` stays 200 and names the replica
  unreachable, then reports its lag again, and the polls go back to the replica.
- A replica that lags (``MASTER_DELAY``): ``/readyz`` reports its lag, and the polls, which
  leave it past ``DATABASE_REPLICA_MAX_LAG``, still see changes within the poll interval; the
  client that made a change never gets the older meeting back from its polls.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from meetings.tests.support import gel_support
from meetings.tests.support.mariadb import (
    INSTALL_DB,
    MARIADBD,
    PrivateMariaDB,
    caught_up,
    replicate,
    replicated_pair,
)
from meetings.tests.support.nginx import NGINX, nginx_balancing
from meetings.tests.support.serving import (
    OrganizerKeys,
    free_port,
    gunicorn_serving,
    production_env,
)
from meetings.tests.support.system import wait_for

BASE_DIR = Path(__file__).resolve().parents[3]
DB_NAME = "meetifyr_replica"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
POLL_SECONDS = 5.0  # MEETINGS_POLL_SECONDS's default: how often an open page asks
MAX_LAG = 2
RETRY_SECONDS = 2
CREATE_LIMIT = 10

# Outside CI a machine without mariadb-server or nginx skips these; in CI (.ci/run installs
# both) they run and fail, so nothing missing can hide behind a skip.
pytestmark = pytest.mark.skipif(
    not all(Path(p).exists() for p in (MARIADBD, INSTALL_DB, NGINX)) and not os.environ.get("CI"),
    reason="needs mariadb-server and nginx installed",
)


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def upstream(self) -> str:
        return self.headers.get("X-Upstream", "")

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Cluster:
    primary: PrivateMariaDB
    replica: PrivateMariaDB
    balancer: str  # nginx's base URL
    servers: dict[str, str]  # each app server's "host:port" (as X-Upstream names it): its base
    metrics: dict[str, str]  # each app server's "host:port": its metrics listener
    keys: OrganizerKeys

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        client: str = "192.0.2.1",
        headers: dict[str, str] | None = None,
        base: str | None = None,
    ) -> Answer:
        """A request through nginx (or straight to ``base``), from the address ``client``, as a
        TLS-terminating proxy in front of nginx would send it."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(  # noqa: S310 - loopback URL
            (base or self.balancer) + path,
            data=data,
            method=method,
            headers={
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": client,
                **self.keys.headers(path, body),
                **(headers or {}),
            },
        )
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
                payload = response.read()
                self.keys.remember(payload)
                return Answer(response.status, dict(response.headers), payload)
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), error.read())

    def ok(self, method: str, path: str, body: Any = None, **kwargs: Any) -> Any:
        answer = self.call(method, path, body, **kwargs)
        assert answer.status in (200, 201), (method, path, answer)
        return answer.json()

    def scraped(self, series: str) -> dict[str, float]:
        """Per app server: the sum of the samples whose name and labels match ``series`` (a
        regular expression)."""
        found = {}
        for server, address in self.metrics.items():
            with urllib.request.urlopen(f"http://{address}/metrics", timeout=10) as response:
                text = response.read().decode()
            samples = re.findall(rf"^{series} (\S+)$", text, re.MULTILINE)
            found[server] = sum(float(value) for value in samples)
        return found

    def replica_queries(self) -> dict[str, float]:
        """Per app server: the queries its requests sent the replica so far."""
        return self.scraped(r'meetifyr_db_queries_total\{[^}]*database="replica"[^}]*\}')

    def readyz(self, server: str) -> tuple[int, dict[str, Any]]:
        answer = self.call("GET", "/readyz", base=self.servers[server])
        return answer.status, answer.json()


def _redis_answers() -> bool:
    host, port = re.match(r"redis://([^:/]+):(\d+)", REDIS_URL).groups()  # type: ignore[union-attr]
    try:
        socket.create_connection((host, int(port)), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    if not _redis_answers():
        reason = f"no Redis answers at {REDIS_URL} (scripts/redis-up starts one)"
        if gel_support.IN_CI:
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    directory = Path(tempfile.mkdtemp(prefix="meetifyr-replica-"))
    primary, replica = replicated_pair(directory, free_port(), free_port())
    with contextlib.ExitStack() as stack:
        stack.callback(shutil.rmtree, directory, ignore_errors=True)
        stack.callback(primary.stop)
        stack.callback(replica.stop)  # stopped first: it would only retry the primary
        replicate(primary, replica)
        primary.sql(f"CREATE DATABASE {DB_NAME} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        common = {
            "DATABASE_REPLICA_URL": f"mysql://root@127.0.0.1:{replica.port}/{DB_NAME}",
            "DATABASE_REPLICA_MAX_LAG": str(MAX_LAG),
            "DATABASE_REPLICA_RETRY_SECONDS": str(RETRY_SECONDS),
            "RATELIMIT_CACHE_URL": REDIS_URL,
            "RATELIMIT_KEY_PREFIX": f"test-replica-{secrets.token_hex(4)}",
            # Behind two proxies: the TLS terminator the test plays, and nginx.
            "MEETINGS_CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR",
            "MEETINGS_PROXY_HOPS": "2",
            "MEETINGS_RATE_CREATE": f"{CREATE_LIMIT}/h",
            "MEETINGS_RATE_JOIN": "1000000/h",
        }
        env = production_env(f"mysql://root@127.0.0.1:{primary.port}/{DB_NAME}", **common)
        # The MySQL store only: /readyz then asks no Gel server (a slow shared one is no
        # concern of this test's).
        env = {k: v for k, v in env.items() if not k.startswith(("GEL_", "EDGEDB_"))}
        for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
            subprocess.run(  # noqa: S603 - fixed command line
                [sys.executable, "manage.py", *command, "-v", "0"],
                cwd=BASE_DIR,
                env=env,
                check=True,
                timeout=300,
            )
        caught_up(primary, replica)
        servers: dict[str, str] = {}
        metrics: dict[str, str] = {}
        for number in (1, 2):
            metrics_address = f"127.0.0.1:{free_port()}"
            served = {
                **env,
                "MEETINGS_METRICS_BIND": metrics_address,
                "PROMETHEUS_MULTIPROC_DIR": str(directory / f"metrics-{number}"),
            }
            log = directory / f"gunicorn-{number}.out"
            base, _ = stack.enter_context(
                gunicorn_serving("meetifyr.wsgi", served, log, worker_class="gthread", threads=4)
            )
            address = base.removeprefix("http://")
            servers[address] = base
            metrics[address] = metrics_address
        balancer = stack.enter_context(
            nginx_balancing(directory / "nginx", free_port(), list(servers))
        )
        yield Cluster(primary, replica, balancer, servers, metrics, OrganizerKeys())


def _meeting(cluster: Cluster, title: str) -> tuple[str, str]:
    """A meeting with dates and two participants; its url code and ETag."""
    code = cluster.ok("POST", "/v1/mysql/meetings", {"title": title})["url_code"]
    range_ = {"start_date": "2026-10-01", "end_date": "2026-10-07"}
    cluster.ok("PATCH", f"/v1/mysql/meetings/{code}/date_range", range_)
    for name in ("Ada", "Grace"):
        cluster.ok("POST", "/v1/mysql/participants", {"meeting_url_code": code, "name": name})
    answer = cluster.call("GET", f"/v1/mysql/meetings/{code}")
    return code, answer.headers["ETag"]


def _polls_see(cluster: Cluster, code: str, old: str, new: str) -> float:
    """Poll both faces through nginx with ``old`` until every app server answered each with
    ``new`` (200, then 304 when asked with it); the seconds that took. No answer is an error."""
    began = time.monotonic()
    paths = (f"/v1/mysql/meetings/{code}", f"/meetings/{code}/grid")
    seen: set[tuple[str, str]] = set()
    wanted = {(server, path) for server in cluster.servers for path in paths}
    while seen != wanted:
        assert time.monotonic() - began < 3 * POLL_SECONDS, f"only {seen} saw {new}"
        for path in (*paths, *reversed(paths)):  # round-robin: each path to each server
            answer = cluster.call("GET", path, headers={"If-None-Match": old})
            assert answer.status in (200, 304), (path, answer)
            if answer.status == 200 and answer.headers["ETag"] == new:
                seen.add((answer.upstream, path))
        time.sleep(0.05)
    took = time.monotonic() - began
    for _ in range(4):  # both servers, both faces: the new version is "not modified" now
        for path in paths:
            answer = cluster.call("GET", path, headers={"If-None-Match": new})
            assert answer.status == 304, (path, answer)
    return took


def test_changes_through_either_server_reach_polls_on_both(cluster: Cluster) -> None:
    code, etag = _meeting(cluster, "Seen everywhere")
    before = cluster.replica_queries()
    changed_on: set[str] = set()
    delays = []
    for number in range(6):
        answer = cluster.call(
            "PATCH", f"/v1/mysql/meetings/{code}/title", {"title": f"Title {number}"}
        )
        assert answer.status == 200, answer
        # The change answers with the latest meeting, read on the primary.
        assert answer.json()["title"] == f"Title {number}"
        changed_on.add(answer.upstream)
        new = answer.headers["ETag"]
        delays.append(_polls_see(cluster, code, etag, new))
        etag = new
    assert changed_on == set(cluster.servers), "changes went through both servers"
    assert max(delays) < POLL_SECONDS, delays
    after = cluster.replica_queries()
    assert all(after[server] > before[server] for server in cluster.servers), (before, after)
    print(f"\nchange seen by polls on both servers: at most {max(delays):.2f} s")


def test_no_update_is_lost_across_the_two_servers(cluster: Cluster) -> None:
    code, _ = _meeting(cluster, "Busy")
    dates = cluster.ok("GET", f"/v1/mysql/meetings/{code}")["participants"][0]["dates"]

    def join(number: int) -> Answer:
        body = {"meeting_url_code": code, "name": f"P{number}"}
        return cluster.call("POST", "/v1/mysql/participants", body)

    def mark(date: dict[str, Any]) -> Answer:
        body = {"meeting_url_code": code, "participant_date_id": date["id"]}
        return cluster.call("PATCH", "/v1/mysql/participant_dates/off", body)

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        joins = [pool.submit(join, number) for number in range(24)]
        marks = [pool.submit(mark, date) for date in dates]
        joined = [future.result() for future in joins]
        marked = [future.result() for future in marks]
    assert {a.status for a in joined} == {201}, [a for a in joined if a.status != 201]
    assert {a.status for a in marked} == {200}, [a for a in marked if a.status != 200]
    assert {a.upstream for a in joined + marked} == set(cluster.servers)
    stored = cluster.ok("GET", f"/v1/mysql/meetings/{code}")
    names = {p["name"] for p in stored["participants"]}
    assert names == {"Ada", "Grace"} | {f"P{number}" for number in range(24)}
    assert all(d["enabled"] is False for d in stored["participants"][0]["dates"])


def test_the_creation_limit_is_shared_by_both_servers(cluster: Cluster) -> None:
    client = f"198.51.100.{secrets.randbelow(200) + 1}"

    def create(number: int) -> Answer:
        return cluster.call("POST", "/v1/mysql/meetings", {"title": f"n{number}"}, client=client)

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(create, range(3 * CREATE_LIMIT)))
    statuses = sorted(answer.status for answer in answers)
    assert statuses == [201] * CREATE_LIMIT + [429] * (2 * CREATE_LIMIT)
    assert {a.upstream for a in answers if a.status == 201} == set(cluster.servers)


class _Load:
    """Polls (both faces, 304s mostly) through nginx on threads until stopped; every answer
    kept."""

    def __init__(self, cluster: Cluster, code: str) -> None:
        self.cluster, self.code = cluster, code
        self.etag = cluster.call("GET", f"/v1/mysql/meetings/{code}").headers["ETag"]
        self.answers: list[Answer] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._poll, args=(n,)) for n in range(4)]

    def _poll(self, number: int) -> None:
        path = f"/v1/mysql/meetings/{self.code}" if number % 2 else f"/meetings/{self.code}/grid"
        while not self._stop.is_set():
            answer = self.cluster.call("GET", path, headers={"If-None-Match": self.etag})
            self.answers.append(answer)
            time.sleep(0.02)

    def __enter__(self) -> _Load:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=30)


def test_the_replica_stopped_and_started_again(cluster: Cluster) -> None:
    code, etag = _meeting(cluster, "Replica down")
    with _Load(cluster, code) as load:
        time.sleep(0.5)
        cluster.replica.stop()
        try:
            changed = cluster.call(
                "PATCH", f"/v1/mysql/meetings/{code}/title", {"title": "While it is down"}
            )
            assert changed.status == 200, changed
            load.etag = changed.headers["ETag"]
            assert _polls_see(cluster, code, etag, changed.headers["ETag"]) < POLL_SECONDS
            for server in cluster.servers:
                status, body = cluster.readyz(server)
                assert status == 200, body  # ready: the primary answers the polls
                assert body["checks"]["replica"]["ok"] is False
                assert body["checks"]["replica"]["error"] == "unreachable"
            down = cluster.replica_queries()
            # The polls' reads the primary answered meanwhile, counted for the alert.
            fallbacks = cluster.scraped(
                r'meetifyr_db_replica_fallbacks_total\{reason="unreachable"\}'
            )
            assert all(fallbacks[server] > 0 for server in cluster.servers), fallbacks
        finally:
            cluster.replica.start()
        caught_up(cluster.primary, cluster.replica)

        def lag_reported() -> bool:
            for server in cluster.servers:
                status, body = cluster.readyz(server)
                if status != 200 or body["checks"]["replica"] != {
                    "ok": True,
                    "ms": body["checks"]["replica"]["ms"],
                    "lag_seconds": 0,
                }:
                    return False
            return True

        wait_for(lag_reported, "/readyz to report the replica back, 0 s behind", timeout=20)

        def polls_back_on_the_replica() -> bool:
            now = cluster.replica_queries()
            return all(now[server] > down[server] for server in cluster.servers)

        wait_for(polls_back_on_the_replica, "the polls to use the replica again", timeout=20)
    assert len(load.answers) > 50
    assert {answer.status for answer in load.answers} <= {200, 304}, {
        a.status for a in load.answers
    }
    assert cluster.ok("GET", f"/v1/mysql/meetings/{code}")["title"] == "While it is down"


def test_a_lagging_replica_is_reported_and_left_alone(cluster: Cluster) -> None:
    code, etag = _meeting(cluster, "Lagging")
    caught_up(cluster.primary, cluster.replica)
    delay = 2 * MAX_LAG + 2
    cluster.replica.sql("STOP SLAVE")
    cluster.replica.sql(f"CHANGE MASTER TO MASTER_DELAY={delay}")
    cluster.replica.sql("START SLAVE")
    try:
        changed = cluster.call("PATCH", f"/v1/mysql/meetings/{code}/title", {"title": "Late"})
        assert changed.status == 200, changed
        new = changed.headers["ETag"]
        # Whoever made the change polls with its new version meanwhile: "not modified", never
        # the older meeting the replica still has (its answer is trusted only for a 304).
        for _ in range(4):
            for path in (f"/v1/mysql/meetings/{code}", f"/meetings/{code}/grid"):
                answer = cluster.call("GET", path, headers={"If-None-Match": new})
                assert answer.status == 304, (path, answer)
        took = _polls_see(cluster, code, etag, new)
        assert took < POLL_SECONDS, took
        reports: list[dict[str, Any]] = []
        while len(reports) < 4 * delay:
            _, body = cluster.readyz(next(iter(cluster.servers)))
            reports.append(body["checks"]["replica"])
            if body["checks"]["replica"].get("error") == "lagging":
                break
            time.sleep(0.25)
        lagging = reports[-1]
        assert lagging["ok"] is False, reports
        assert lagging["error"] == "lagging"
        assert MAX_LAG < lagging["lag_seconds"] <= delay
    finally:
        cluster.replica.sql("STOP SLAVE")
        cluster.replica.sql("CHANGE MASTER TO MASTER_DELAY=0")
        cluster.replica.sql("START SLAVE")
    caught_up(cluster.primary, cluster.replica)
    print(f"\nchange seen through a lagging replica ({delay} s behind): {took:.2f} s")
