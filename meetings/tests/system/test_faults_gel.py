"""Gel server faults while the app serves: the server killed and restarted under load.

The app runs as in production: gunicorn (2 gthread workers, DEBUG off) in a subprocess, with
both stores: MySQL on a database of its own on the test MariaDB, Gel on a PRIVATE server started
by this module with the team's shared script (``../shared/gel/start``, a data directory of its
own, its own port), so killing it disturbs nobody: the run's own Gel server is never touched.

While 8 client threads send reads, marks and joins to both stores, the Gel server is killed
(SIGKILL of the whole server and its PostgreSQL, as a crash) and started again on the same data:

- ``/v1/edgedb`` answers 200/201 or 503 with a JSON ``{"detail": "EdgeDB store is not
  available: ..."}``: never a 500, never a request hanging past ``GEL_CONNECT_WAIT`` plus one
  connection attempt (``GEL_CONNECT_TIMEOUT``) and a second of slack;
- ``/v1/mysql`` answers every request with success throughout;
- once the server is back, ``/v1/edgedb`` serves fully again without restarting the app;
- nothing acknowledged is lost: every date a 200 marked busy is busy, every join a 201
  confirmed is there, what was stored before the fault is unchanged, nothing else changed.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import secrets
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import MySQLdb
import pytest

from meetings.tests.support import gel_server, gel_support
from meetings.tests.support.serving import (
    LIMITS_LIFTED,
    OrganizerKeys,
    gunicorn_serving,
    production_env,
)
from meetings.tests.support.system import wait_for

BASE_DIR = Path(__file__).resolve().parents[3]
PROXY = {"X-Forwarded-Proto": "https"}
CONNECT_WAIT, CONNECT_TIMEOUT = 1, 2  # the app's GEL_CONNECT_WAIT / GEL_CONNECT_TIMEOUT
LONGEST_ANSWER = CONNECT_WAIT + CONNECT_TIMEOUT + 1.0  # seconds any request may take
UNAVAILABLE = "EdgeDB store is not available: "
DAYS = 63
PARTICIPANTS = ("Ada", "Grace", "Linus", "Barbara")
WORKERS = 8

pytestmark = gel_support.GEL_MARKS


@dataclass
class Answer:
    status: int
    content_type: str
    body: bytes
    seconds: float
    etag: str = ""

    def json(self) -> Any:
        return json.loads(self.body)


class App:
    """The app under gunicorn, talked to over HTTP on loopback."""

    def __init__(self, base: str, process: subprocess.Popen[bytes]) -> None:
        self.base = base
        self.process = process
        self.keys = OrganizerKeys()  # acting as the organizer of every meeting it created

    def call(self, method: str, path: str, body: Any = None) -> Answer:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(  # noqa: S310 - loopback URL
            self.base + path,
            data=data,
            method=method,
            headers={**PROXY, **self.keys.headers(path, body)},
        )
        if data is not None:
            request.add_header("Content-Type", "application/json")
        began = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                headers, status, payload = response.headers, response.status, response.read()
            self.keys.remember(payload)
        except urllib.error.HTTPError as error:
            headers, status, payload = error.headers, error.code, error.read()
        seconds = time.monotonic() - began
        content_type = headers.get("Content-Type", "")
        return Answer(status, content_type, payload, seconds, headers.get("ETag", ""))

    def version(self, path: str) -> int:
        answer = self.call("GET", path)
        assert answer.status == 200, answer
        return int(answer.etag.strip('"m'))

    def ok(self, method: str, path: str, body: Any = None) -> Any:
        answer = self.call(method, path, body)
        assert answer.status in (200, 201), (method, path, answer)
        return answer.json()


@pytest.fixture(scope="module")
def gel() -> Iterator[tuple[gel_server.SharedGelServer, str]]:
    """A private Gel server and the DSN of a branch on it with the schema applied."""
    missing = gel_server.shared_server_missing()
    if missing is not None:
        if gel_support.IN_CI:
            pytest.fail(f"CI needs the shared Gel server: {missing}", pytrace=False)
        pytest.skip(f"the Gel fault tests start a private shared server: {missing}")
    with gel_server.shared_gel_serving(prefix="meetifyr-gel-faults-") as server:
        _, branch_dsn, _ = gel_server.branch_create(server.dsn, prefix="faults")
        yield server, branch_dsn


@pytest.fixture(scope="module")
def mysql_url() -> Iterator[str]:
    """A database of its own on the test MariaDB, migrated; dropped afterwards."""
    base = urlsplit(os.environ.get("DATABASE_URL", "mysql://root@127.0.0.1:3306/meetifyr"))
    name = f"meetifyr_gel_faults_{secrets.token_hex(4)}"
    connect = {
        "host": base.hostname or "127.0.0.1",
        "port": base.port or 3306,
        "user": base.username or "root",
        "password": base.password or "",
    }
    conn = MySQLdb.connect(**connect)
    try:
        conn.cursor().execute(
            f"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
        )
        yield urlunsplit(base._replace(path="/" + name))
    finally:
        conn.cursor().execute(f"DROP DATABASE IF EXISTS {name}")
        conn.close()


@pytest.fixture(scope="module")
def app(gel: tuple[gel_server.SharedGelServer, str], mysql_url: str) -> Iterator[App]:
    server, branch_dsn = gel
    env = production_env(
        mysql_url,
        GEL_DSN=branch_dsn,
        GEL_CONNECT_WAIT=str(CONNECT_WAIT),
        GEL_CONNECT_TIMEOUT=str(CONNECT_TIMEOUT),
        **LIMITS_LIFTED,
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=300,
    )
    log = server.data_dir.parent / "gunicorn.out"
    with gunicorn_serving("meetifyr.wsgi", env, log, worker_class="gthread", threads=4) as (
        base,
        process,
    ):
        yield App(base, process)


def _meeting(app: App, store: str, title: str) -> tuple[str, dict[str, Any]]:
    """A meeting of 63 days with four participants and a few marks; its code and body."""
    code = app.ok("POST", f"/v1/{store}/meetings", {"title": title})["url_code"]
    app.ok(
        "PATCH",
        f"/v1/{store}/meetings/{code}/date_range",
        {"start_date": "2026-10-01", "end_date": "2026-12-02"},
    )
    for name in PARTICIPANTS:
        joined = app.ok(
            "POST", f"/v1/{store}/participants", {"meeting_url_code": code, "name": name}
        )
        star = joined["participant_dates"][-1]["id"]
        mark = {"meeting_url_code": code, "participant_date_id": star}
        app.ok("PATCH", f"/v1/{store}/participant_dates/star", mark)
    return code, app.ok("GET", f"/v1/{store}/meetings/{code}")


def _assert_gel_503(answer: Answer) -> None:
    assert answer.status == 503, answer
    assert answer.content_type.startswith("application/json"), answer
    assert answer.json()["detail"].startswith(UNAVAILABLE), answer


@dataclass
class Load:
    """What the client threads sent and were told."""

    answers: dict[str, list[tuple[str, Answer]]]  # store -> (what, answer)
    marked: dict[str, list[tuple[str, Answer]]]  # date id -> ("off", answer), edgedb only
    joins: list[tuple[str, Answer]]  # name -> answer, edgedb only


def test_gel_server_killed_and_restarted_under_load(
    app: App, gel: tuple[gel_server.SharedGelServer, str]
) -> None:
    server, _ = gel
    code, before = _meeting(app, "edgedb", "Before the crash")
    mysql_code, mysql_before = _meeting(app, "mysql", "Beside the crash")
    version_before = app.version(f"/v1/edgedb/meetings/{code}")
    gunicorn_pid = app.process.pid
    # Each worker marks its own dates busy, one after another (the first 8 dates of each
    # participant are left alone): a 200 means that date is busy from then on.
    free_dates = [
        d["id"] for p in before["participants"] for d in p["dates"][8:] if not d["starred"]
    ]
    own = [free_dates[worker::WORKERS] for worker in range(WORKERS)]
    load = Load(answers={"edgedb": [], "mysql": []}, marked={}, joins=[])
    lock = threading.Lock()
    stop = threading.Event()

    def record(store: str, what: str, answer: Answer) -> None:
        with lock:
            load.answers[store].append((what, answer))

    def work(worker: int) -> None:
        n = 0
        while not stop.is_set():
            n += 1
            kind = n % 4
            if kind == 0 and own[worker]:
                date_id = own[worker].pop(0)
                body = {"meeting_url_code": code, "participant_date_id": date_id}
                answer = app.call("PATCH", "/v1/edgedb/participant_dates/off", body)
                with lock:
                    load.marked.setdefault(date_id, []).append(("off", answer))
                record("edgedb", "mark", answer)
            elif kind == 1:
                name = f"w{worker}-{n}"
                body = {"meeting_url_code": code, "name": name}
                answer = app.call("POST", "/v1/edgedb/participants", body)
                with lock:
                    load.joins.append((name, answer))
                record("edgedb", "join", answer)
            elif kind == 2:
                record("edgedb", "get", app.call("GET", f"/v1/edgedb/meetings/{code}"))
            else:
                record("mysql", "get", app.call("GET", f"/v1/mysql/meetings/{mysql_code}"))
                body = {"meeting_url_code": mysql_code, "name": f"m{worker}-{n}"}
                record("mysql", "join", app.call("POST", "/v1/mysql/participants", body))

    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        running = [pool.submit(work, worker) for worker in range(WORKERS)]
        try:
            time.sleep(1.5)
            server.kill()
            killed_at = len(load.answers["edgedb"])
            time.sleep(2)
            server.start()
            wait_for(
                lambda: app.call("GET", f"/v1/edgedb/meetings/{code}").status == 200,
                "the app to reach the restarted Gel server",
                timeout=60,
            )
            time.sleep(1.5)
        finally:
            stop.set()
            for future in running:
                future.result()

    # --- what the clients were told ---------------------------------------------------------
    gel_answers = [answer for _, answer in load.answers["edgedb"]]
    assert killed_at > 10, "too little load before the crash"
    assert any(answer.status == 503 for answer in gel_answers), "no request saw the outage"
    for answer in gel_answers:
        if answer.status >= 500:
            _assert_gel_503(answer)
        else:
            assert answer.status in (200, 201), answer
    slowest = max(answer.seconds for answer in gel_answers)
    print(  # the figures behind the assertions, shown with -s
        f"/v1/edgedb: {len(gel_answers)} answers, "
        f"{sum(a.status == 503 for a in gel_answers)} of them 503, slowest {slowest:.2f} s; "
        f"/v1/mysql: {len(load.answers['mysql'])} answers"
    )
    assert slowest <= LONGEST_ANSWER, f"a /v1/edgedb request took {slowest:.2f} s"
    for what, answer in load.answers["mysql"]:
        assert answer.status in (200, 201), (what, answer)
        assert answer.seconds <= LONGEST_ANSWER, (what, answer)

    # --- full service again, without restarting the app --------------------------------------
    assert app.process.pid == gunicorn_pid
    assert app.process.poll() is None
    for _ in range(16):
        assert app.call("GET", f"/v1/edgedb/meetings/{code}").status == 200
    after = app.ok("GET", f"/v1/edgedb/meetings/{code}")

    # --- nothing acknowledged lost, nothing else changed -------------------------------------
    stored = {d["id"]: d for p in after["participants"] for d in p["dates"]}
    for participant in before["participants"]:
        for day in participant["dates"]:
            tries = load.marked.get(day["id"], [])
            acknowledged = any(answer.status == 200 for _, answer in tries)
            if acknowledged:
                assert not stored[day["id"]]["enabled"], day
            elif not tries:
                assert stored[day["id"]] == day, day
    names = [p["name"] for p in after["participants"]]
    confirmed = {name for name, answer in load.joins if answer.status == 201}
    assert confirmed <= set(names)
    assert set(names) <= set(PARTICIPANTS) | {name for name, _ in load.joins}
    assert names[: len(PARTICIPANTS)] == list(PARTICIPANTS)
    assert after["title"] == before["title"]
    # The version counts every change the server committed: at least those it acknowledged.
    acknowledged_changes = sum(
        1 for what, answer in load.answers["edgedb"] if what != "get" and answer.status < 300
    )
    assert app.version(f"/v1/edgedb/meetings/{code}") >= version_before + acknowledged_changes

    # Changes work again, and MySQL kept everything too.
    rejoined = app.ok(
        "POST", "/v1/edgedb/participants", {"meeting_url_code": code, "name": "After"}
    )
    assert rejoined["meeting"]["participants"][-1]["name"] == "After"
    mysql_after = app.ok("GET", f"/v1/mysql/meetings/{mysql_code}")
    assert mysql_after["participants"][: len(PARTICIPANTS)] == mysql_before["participants"]


def test_requests_while_the_gel_server_is_down_answer_503_at_once(
    app: App, gel: tuple[gel_server.SharedGelServer, str]
) -> None:
    """A server that is gone (nothing listens): every /v1/edgedb request answers 503 JSON
    within the bound, input judged without the store still gets its own answer, and
    /v1/mysql works; then the server comes back and so does the service."""
    server, _ = gel
    code, before = _meeting(app, "edgedb", "At rest")
    server.kill()
    try:
        outage = [
            app.call("GET", f"/v1/edgedb/meetings/{code}"),
            app.call("POST", "/v1/edgedb/meetings", {"title": "During the outage"}),
            app.call("PATCH", f"/v1/edgedb/meetings/{code}/title", {"title": "Lost?"}),
            app.call("POST", "/v1/edgedb/participants", {"meeting_url_code": code, "name": "Eve"}),
        ]
        for answer in outage:
            _assert_gel_503(answer)
            assert answer.seconds <= LONGEST_ANSWER, answer
        # Judged without the store: a malformed id is a 400 even now.
        malformed = app.call("DELETE", f"/v1/edgedb/meetings/{code}/participants/12")
        assert malformed.status == 400, malformed
        assert app.call("POST", "/v1/mysql/meetings", {"title": "MySQL is fine"}).status == 201
    finally:
        server.start()
    wait_for(
        lambda: app.call("GET", f"/v1/edgedb/meetings/{code}").status == 200,
        "the app to reach the restarted Gel server",
        timeout=60,
    )
    assert app.ok("GET", f"/v1/edgedb/meetings/{code}") == before
    changed = app.ok("PATCH", f"/v1/edgedb/meetings/{code}/title", {"title": "After"})
    assert changed["title"] == "After"
    assert changed["participants"] == before["participants"]
