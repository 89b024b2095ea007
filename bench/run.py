"""Meetifyr's HTTP benchmark (``make bench``): the API under gunicorn, driven by wrk.

What it does, bounded and on loopback only:

1. creates its own database (``meetifyr_bench_run`` on the server of ``DATABASE_URL``, by
   default MariaDB at 127.0.0.1:3306) and migrates it; it touches no other database;
2. seeds a typical meeting (10 participants x 14 dates), a large one (50 x 63), a meeting for
   the toggles and a pool of meetings to join;
3. counts SQL per request: Django's test client runs each request once under
   ``CaptureQueriesContext`` (the ORM's statements) while the MariaDB session's ``Questions``
   counter on the same connection gives every statement the server saw (transaction control
   included) - exact, and untouched by other clients of a shared server;
4. for each gunicorn worker class (sync, gthread) starts the app with production settings
   (DEBUG off, a SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, 2 workers; behind-a-proxy HTTPS through
   ``X-Forwarded-Proto``) and the bare WSGI baseline (``bench/baseline_app.py``) with the same
   gunicorn settings on free loopback ports, and runs wrk at 16 and 64 connections on:
   GET meeting (typical, large), the 304 poll, a date toggle PATCH, create meeting, join,
   and the meeting page's grid fragment (typical, large: what every open page fetches after
   a change);
   then the two GETs again on an app started with the rendered-meeting cache off
   (``MEETINGS_CACHE_ENTRIES=0``): what a GET costs when it misses;
5. prints requests/s, p50/p99 latency, queries per request and each throughput as a ratio to
   the baseline, checks the targets for both kinds of GET, and writes
   ``bench-results/latest.json`` and ``.md``.

Everything it started is stopped on the way out, and its database dropped (``--keep-db`` keeps
it; ``--database`` names another). ``--duration`` sets seconds per point (default 5),
``--worker-class`` limits the classes, ``--profile`` records a py-spy profile of one gunicorn
worker during the typical GET.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project, run as a script
from meetifyr.serving import (
    PROXY_HEADER,
    UNLIMITED_RATES,
    ServingFailed,
    gunicorn_serving,
    production_env,
)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"
BENCH_DB = "meetifyr_bench_run"
CONNECTIONS = (16, 64)
WORKER_CLASSES = ("sync", "gthread")
GTHREAD_THREADS = 4
TYPICAL = (10, 14)  # participants x dates
LARGE = (50, 63)
JOIN_POOL = 400  # meetings the join scenario spreads over, so none grows past typical size
SLOTS = 32  # timed meetings: 08:00-24:00 in 30-minute slots
TIMED_WINDOW = {"start_time": "08:00", "end_time": "24:00", "slot_minutes": 30}
STROKE_SLOTS = 8  # one painted stroke: 4 hours
# The page's script refetches the meeting fragment (not the whole page) after every change.
FRAGMENT_HEADER = "Meetifyr-Fragment: 1"
FRAGMENT = {"Meetifyr-Fragment": "1"}

# Targets are checked twice: with the GETs answered from the rendered-meeting cache (what a
# reader gets while the meeting does not change) and with it off (what a GET right after a
# change costs).
REGIMES = (("cached GET", ""), ("uncached GET", "_uncached"))
TARGETS = {
    "get_vs_baseline": 0.5,  # GET meeting (typical) / bare baseline
    "poll_vs_get": 2.0,  # 304 poll / GET meeting (typical)
    "large_vs_typical": 0.3,  # GET meeting (large) / GET meeting (typical)
}
# Times of day, each a ratio within one run: (numerator, denominator, target).
TIMED_TARGETS = {
    "timed_typical_vs_dates": ("get_timed_typical_uncached", "get_typical_uncached", 0.8),
    "timed_large_vs_dates": ("get_timed_large_uncached", "get_large_uncached", 0.5),
    "stroke_vs_toggle": ("stroke", "toggle", 0.8),
    "page_timed_vs_baseline": ("page_timed", "baseline", 0.3),
    "page_typical_vs_baseline": ("page_typical", "baseline", 0.3),
    "page_large_vs_baseline": ("page_large", "baseline", 0.1),
    "page_member_vs_baseline": ("page_typical_member", "baseline", 0.3),
}


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


# --- database -----------------------------------------------------------------------------------


@dataclass
class Server:
    host: str
    port: int
    user: str
    password: str

    @classmethod
    def from_url(cls, url: str) -> Server:
        parts = urlsplit(url or "mysql://root@127.0.0.1:3306/meetifyr")
        if parts.scheme != "mysql":
            raise SystemExit("bench: DATABASE_URL must be a mysql:// URL")
        return cls(
            parts.hostname or "127.0.0.1",
            parts.port or 3306,
            parts.username or "root",
            parts.password or "",
        )

    def url(self, database: str) -> str:
        auth = self.user + (f":{self.password}" if self.password else "")
        return f"mysql://{auth}@{self.host}:{self.port}/{database}"

    def execute(self, sql: str) -> None:
        import MySQLdb

        conn = MySQLdb.connect(
            host=self.host, port=self.port, user=self.user, password=self.password
        )
        try:
            conn.cursor().execute(sql)
        finally:
            conn.close()


# --- processes ----------------------------------------------------------------------------------


@contextlib.contextmanager
def gunicorn(app: str, env: dict[str, str], worker_class: str, log_path: Path) -> Iterator[str]:
    """Serve ``app`` on a free loopback port; yields its base URL, stops it afterwards."""
    threads = GTHREAD_THREADS if worker_class == "gthread" else 1
    options = ("--no-control-socket", "--log-level", "warning")
    try:
        with gunicorn_serving(
            app, env, log_path, worker_class=worker_class, threads=threads, options=options
        ) as (base, _):
            yield base
    except ServingFailed as error:
        raise SystemExit(f"bench: {error}") from None


def worker_pids(master_pid: int) -> list[int]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if shutil.which("apt-get") and os.geteuid() == 0:
        log("installing wrk with apt-get")
        subprocess.run(["apt-get", "update", "-qq"], check=True)  # noqa: S607
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],  # noqa: S607
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        found = shutil.which("wrk")
    if not found:
        raise SystemExit("bench: wrk is missing (Debian/Ubuntu: apt-get install wrk)")
    return found


# --- seeding and query counts (Django in this process) ------------------------------------------


def django_setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def seed() -> dict[str, Any]:
    from meetings import services
    from meetings.domain import key_new
    from meetings.repositories import repository_for

    repo = repository_for("mysql")

    def meeting(title: str, participants: int, days: int, timed: bool = False) -> dict[str, Any]:
        # Protected, as every meeting made through the API or the pages is; its organizer key
        # makes the marks (the organizer may change every row).
        start = date(2026, 3, 2)
        key = key_new()
        created = services.meeting_create(
            repo=repo, title=title, location="Seoul", organizer_key=key
        )
        end = date.fromordinal(start.toordinal() + days - 1)
        window = services.time_window(**TIMED_WINDOW, time_zone="Asia/Seoul") if timed else None
        services.meeting_set_date_range(
            repo=repo,
            url_code=created.url_code,
            start_date=start,
            end_date=end,
            window=window,
            key=key,
        )
        last = None
        for number in range(participants):
            participant, last = services.participant_create(
                repo=repo,
                url_code=created.url_code,
                name=f"Person {number + 1}",
                participant_key=key_new(),
            )
            # A realistic mix: every third date busy, every fifth starred.
            for index, row in enumerate(participant.dates):
                if (index + number) % 3 == 0:
                    action = "off"
                elif (index + number) % 5 == 0:
                    action = "star"
                else:
                    continue
                from meetings.domain import DateAction

                if timed:  # a realistic day: two busy stretches, a preferred one
                    continue
                last = services.participant_date_mark(
                    repo=repo,
                    url_code=created.url_code,
                    participant_date_id=row.id,
                    action=DateAction(action),
                    key=key,
                )
            if timed:
                marks = []
                for index, row in enumerate(participant.dates):
                    begin = 9 + (index + number) % 6
                    marks += [
                        services.MarkRequest(row.date, DateAction.OFF, "08:00", f"{begin:02d}:00"),
                        services.MarkRequest(row.date, DateAction.OFF, "20:00", "22:30"),
                        services.MarkRequest(
                            row.date, DateAction.STAR, f"{begin + 2:02d}:00", f"{begin + 4:02d}:00"
                        ),
                    ]
                last = services.participant_marks(
                    repo=repo,
                    url_code=created.url_code,
                    participant_id=participant.id,
                    marks=marks,
                    key=key,
                )
        assert last is not None
        return {
            "url_code": created.url_code,
            "organizer_key": key,
            "participant_ids": [p.id for p in last.participants],
            "version": last.version,
            "date_ids": [row.id for p in last.participants for row in p.dates],
        }

    pool: list[str] = []
    seeded: dict[str, Any] = {
        "typical": meeting("Typical", *TYPICAL),
        "large": meeting("Large", *LARGE),
        "toggle": meeting("Toggled", *TYPICAL),
        "timed_typical": meeting("Timed", *TYPICAL, timed=True),
        "timed_large": meeting("Timed large", *LARGE, timed=True),
        "stroke": meeting("Painted", *TYPICAL, timed=True),
        "join_pool": pool,
    }
    start = date(2026, 4, 1)
    for number in range(JOIN_POOL):
        created = services.meeting_create(repo=repo, title=f"Join {number}")
        services.meeting_set_date_range(
            repo=repo,
            url_code=created.url_code,
            start_date=start,
            end_date=date.fromordinal(start.toordinal() + TYPICAL[1] - 1),
        )
        pool.append(created.url_code)
    return seeded


def member_cookie(url_code: str) -> str:
    """The Cookie header of a browser that joined the meeting on its page (its session says
    who it is, its keys cookie holds its key): what a participant's page sends."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", headers={PROXY_HEADER[0]: PROXY_HEADER[1]})
    response = client.post(f"/meetings/{url_code}/join", {"name": "Bench member"})
    assert response.status_code == 303, response.status_code
    return "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())


def count_queries(seeded: dict[str, Any]) -> tuple[dict[str, dict[str, float]], list[str]]:
    """Queries per request of each scenario: ORM statements (CaptureQueriesContext) and every
    statement the server saw on this session (MariaDB's session Questions counter)."""
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", headers={PROXY_HEADER[0]: PROXY_HEADER[1]})

    def questions() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SHOW SESSION STATUS LIKE 'Questions'")
            row = cursor.fetchone()
        return int(row[1])

    def uncached(path: str) -> Any:
        caches["meetings"].clear()  # as with MEETINGS_CACHE_ENTRIES=0
        return client.get(path)

    typical, large, toggle = seeded["typical"], seeded["large"], seeded["toggle"]
    pool = seeded["join_pool"]
    requests: dict[str, Any] = {
        "get_typical": lambda i: client.get(f"/v1/mysql/meetings/{typical['url_code']}"),
        "get_large": lambda i: client.get(f"/v1/mysql/meetings/{large['url_code']}"),
        "page_typical": lambda i: client.get(
            f"/meetings/{typical['url_code']}/grid", headers=FRAGMENT
        ),
        "page_large": lambda i: client.get(f"/meetings/{large['url_code']}/grid", headers=FRAGMENT),
        "page_typical_member": lambda i: client.get(
            f"/meetings/{toggle['url_code']}/grid",
            headers={**FRAGMENT, "Cookie": seeded["member_cookie"]},
        ),
        "get_typical_uncached": lambda i: uncached(f"/v1/mysql/meetings/{typical['url_code']}"),
        "get_timed_typical_uncached": lambda i: uncached(
            f"/v1/mysql/meetings/{seeded['timed_typical']['url_code']}"
        ),
        "page_timed": lambda i: client.get(
            f"/meetings/{seeded['timed_typical']['url_code']}/grid", headers=FRAGMENT
        ),
        "stroke": lambda i: client.patch(
            f"/v1/mysql/meetings/{seeded['stroke']['url_code']}/participants/"
            f"{seeded['stroke']['participant_ids'][0]}/marks",
            {"marks": [stroke_mark(i)]},
            content_type="application/json",
            headers={"Authorization": f"Bearer {seeded['stroke']['organizer_key']}"},
        ),
        "get_large_uncached": lambda i: uncached(f"/v1/mysql/meetings/{large['url_code']}"),
        "poll_304": lambda i: client.get(
            f"/v1/mysql/meetings/{typical['url_code']}",
            headers={"If-None-Match": f'"m{typical["version"]}"'},
        ),
        "toggle": lambda i: client.patch(
            f"/v1/mysql/participant_dates/{'off' if i % 2 else 'on'}",
            {"participant_date_id": toggle["date_ids"][0], "meeting_url_code": toggle["url_code"]},
            content_type="application/json",
            headers={"Authorization": f"Bearer {toggle['organizer_key']}"},
        ),
        "create": lambda i: client.post(
            "/v1/mysql/meetings", {"title": "Bench"}, content_type="application/json"
        ),
        "join": lambda i: client.post(
            "/v1/mysql/participants",
            {"meeting_url_code": pool[-1 - i], "name": f"counted {i}"},
            content_type="application/json",
        ),
    }
    expected = {"poll_304": 304, "create": 201, "join": 201}
    counts: dict[str, dict[str, float]] = {}
    get_sql: list[str] = []
    for name, request in requests.items():
        request(0)  # warm: connection open, health check done
        runs = 3
        orm = 0
        before = questions()
        for i in range(1, runs + 1):
            with CaptureQueriesContext(connection) as captured:
                response = request(i)
            assert response.status_code == expected.get(name, 200), (name, response.content)
            orm += len(captured.captured_queries)
            if name == "get_typical" and i == 1:
                get_sql = [q["sql"] for q in captured.captured_queries]
        # Each round also ran one SHOW STATUS, and the counter includes the closing one.
        server = questions() - before - 1
        counts[name] = {"orm": orm / runs, "server": server / runs}
    return counts, get_sql


# --- wrk ----------------------------------------------------------------------------------------


@dataclass
class Point:
    scenario: str
    worker_class: str
    connections: int
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    non_2xx_3xx: int
    bytes_per_request: float
    extra: dict[str, Any] = field(default_factory=dict)


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def _bytes(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)([KMG]?B)", text).groups()  # type: ignore[union-attr]
    return float(number) * {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}[unit]


def run_wrk(
    wrk: str,
    url: str,
    *,
    connections: int,
    duration: int,
    script: Path | None = None,
    headers: list[str] | None = None,
) -> dict[str, Any]:
    command = [wrk, "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--latency"]
    command += ["--timeout", "5s"]
    for header in headers or []:
        command += ["-H", header]
    if script is not None:
        command += ["-s", str(script)]
    command.append(url)
    done = subprocess.run(  # noqa: S603 - fixed command line, loopback URL
        command, capture_output=True, text=True, timeout=duration + 60, check=True
    )
    out = done.stdout
    result: dict[str, Any] = {"raw": out}
    result["requests_per_s"] = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    result["p50_ms"] = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    result["p99_ms"] = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    total = re.search(r"(\d+) requests in [\d.]+\w+, ([\d.]+[KMG]?B) read", out)
    result["requests"] = int(total.group(1))  # type: ignore[union-attr]
    result["bytes_per_request"] = _bytes(total.group(2)) / max(result["requests"], 1)  # type: ignore[union-attr]
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    result["errors"] = sum(int(n) for n in errors.groups()) if errors else 0
    non = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["non_2xx_3xx"] = int(non.group(1)) if non else 0
    return result


def stroke_mark(n: int) -> dict[str, str]:
    """The n-th stroke of the stroke scenario: 8 slots of one of 14 dates, busy then free."""
    day = date.fromordinal(date(2026, 3, 2).toordinal() + n % 14)
    action = "off" if (n // 14) % 2 == 0 else "on"
    return {"date": day.isoformat(), "from": "10:00", "to": "14:00", "action": action}


def lua_scripts(directory: Path, seeded: dict[str, Any]) -> dict[str, Path]:
    proxy = f'wrk.headers["{PROXY_HEADER[0]}"] = "{PROXY_HEADER[1]}"'
    toggle = seeded["toggle"]
    ids = ",".join(str(i) for i in toggle["date_ids"])
    codes = ",".join(f'"{code}"' for code in seeded["join_pool"])
    stroke = seeded["stroke"]
    stroke_path = (
        f"/v1/mysql/meetings/{stroke['url_code']}/participants/{stroke['participant_ids'][0]}/marks"
    )
    scripts = {
        "toggle": f"""
local ids = {{{ids}}}
local code = "{toggle["url_code"]}"
local n = 0
wrk.method = "PATCH"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {toggle["organizer_key"]}"
{proxy}
request = function()
  n = n + 1
  local id = ids[(n % #ids) + 1]
  local action = (math.floor(n / #ids) % 2 == 0) and "off" or "on"
  local body = '{{"participant_date_id": ' .. id .. ', "meeting_url_code": "' .. code .. '"}}'
  return wrk.format(nil, "/v1/mysql/participant_dates/" .. action, nil, body)
end
""",
        "stroke": f"""
-- One painted stroke of {STROKE_SLOTS} slots per request (PATCH .../marks), as the page sends.
local path = "{stroke_path}"
local n = 0
wrk.method = "PATCH"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {seeded["stroke"]["organizer_key"]}"
{proxy}
request = function()
  n = n + 1
  local day = string.format("2026-03-%02d", 2 + n % 14)
  local action = (math.floor(n / 14) % 2 == 0) and "off" or "on"
  local mark = '"date": "' .. day .. '", "from": "10:00", "to": "14:00", "action": "'
  local body = '{{"marks": [{{' .. mark .. action .. '"}}]}}'
  return wrk.format(nil, path, nil, body)
end
""",
        "create": f"""
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{{"title": "Bench dinner", "location": "Seoul"}}'
{proxy}
""",
        "join": f"""
-- Unique names per request: run number (from the environment), wrk thread, counter.
local codes = {{{codes}}}
local run = os.getenv("BENCH_JOIN_RUN") or "0"
local made = 0
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
{proxy}
function setup(thread)
  made = made + 1
  thread:set("tid", made)
end
request = function()
  n = n + 1
  local code = codes[((n * 7 + tid * 13) % #codes) + 1]
  local name = "b" .. run .. "-" .. tid .. "-" .. n
  local body = '{{"meeting_url_code": "' .. code .. '", "name": "' .. name .. '"}}'
  return wrk.format(nil, "/v1/mysql/participants", nil, body)
end
""",
    }
    paths = {}
    for name, text in scripts.items():
        path = directory / f"{name}.lua"
        path.write_text(text)
        paths[name] = path
    return paths


# --- the run ------------------------------------------------------------------------------------


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback
    try:
        # Generous: a worker's first request loads the whole app, slow on a loaded machine.
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def parity_error(baseline: bytes, api: bytes) -> str:
    """What to say when the baseline's body is not the API's: where they part."""
    at = next(
        (i for i, (a, b) in enumerate(zip(baseline, api, strict=False)) if a != b),
        min(len(baseline), len(api)),
    )
    return (
        "bench: the baseline's JSON differs from the API's at byte "
        f"{at}:\n  baseline ...{baseline[max(at - 40, 0) : at + 80]!r}\n"
        f"  API      ...{api[max(at - 40, 0) : at + 80]!r}"
    )


def database_name(text: str) -> str:
    """A database name for ``--database``: letters, digits and underscores only."""
    if not re.fullmatch(r"[A-Za-z0-9_]{1,64}", text):
        raise argparse.ArgumentTypeError("letters, digits and underscores only (at most 64)")
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per point")
    parser.add_argument("--worker-class", action="append", choices=WORKER_CLASSES)
    parser.add_argument(
        "--database", default=BENCH_DB, type=database_name,
        help=f"the database it creates and drops (default {BENCH_DB})",
    )  # fmt: skip
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--profile", action="store_true", help="py-spy the typical GET")
    parser.add_argument("--label", default="", help="a note stored with the results")
    parser.add_argument(
        "--only", default="", help="comma-separated scenarios (quick comparisons; no targets)"
    )
    args = parser.parse_args()
    classes = tuple(args.worker_class or WORKER_CLASSES)
    started = time.monotonic()

    database = args.database
    wrk = ensure_wrk()
    server = Server.from_url(os.environ.get("DATABASE_URL", ""))
    env = production_env(
        server.url(database),
        BENCH_DB_HOST=server.host,
        BENCH_DB_PORT=str(server.port),
        BENCH_DB_USER=server.user,
        BENCH_DB_PASSWORD=server.password,
        BENCH_DB_NAME=database,
        **UNLIMITED_RATES,  # the load comes from one address: no 429s in the figures
    )
    RESULTS.mkdir(exist_ok=True)
    log_path = RESULTS / "gunicorn.log"
    log_path.write_text("")

    log(f"database {database} on {server.host}:{server.port}")
    server.execute(f"DROP DATABASE IF EXISTS `{database}`")
    server.execute(f"CREATE DATABASE `{database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    try:
        # As a deployment does: migrate, and collect the static files the pages link to.
        for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
            subprocess.run(  # noqa: S603 - fixed command line
                [sys.executable, "manage.py", *command, "-v", "0"],
                cwd=ROOT, env=env, check=True, timeout=300,
            )  # fmt: skip
        django_setup(env)
        log("seeding: typical 10x14, large 50x63, a toggled meeting, timed 10x14x32 and "
            "50x63x32, a painted one, "
            f"{JOIN_POOL} meetings to join")  # fmt: skip
        seeded = seed()
        # A participant's own page (of the toggled meeting: joining changes a meeting's version,
        # and the typical one's stays as seeded for the 304 poll).
        seeded["member_cookie"] = member_cookie(seeded["toggle"]["url_code"])
        queries, get_sql = count_queries(seeded)
        from django.db import connection

        connection.close()
        typical, large = seeded["typical"], seeded["large"]

        points: list[Point] = []
        with tempfile.TemporaryDirectory(prefix="meetifyr-bench-") as tmp:
            scripts = lua_scripts(Path(tmp), seeded)
            proxy = f"{PROXY_HEADER[0]}: {PROXY_HEADER[1]}"
            only = {name for name in args.only.split(",") if name}
            for worker_class in classes:
                bare = "bench.baseline_app:application"
                with gunicorn(bare, env, worker_class, log_path) as base:
                    status, body = fetch(f"{base}/{typical['url_code']}")
                    assert status == 200, body
                    baseline_body = body
                    # "baseline_large": the bare app on the large meeting, for reference.
                    for name, code in (
                        ("baseline", typical["url_code"]),
                        ("baseline_large", large["url_code"]),
                    ):
                        for conns in CONNECTIONS:
                            run_wrk(wrk, f"{base}/{code}", connections=conns, duration=1)
                            result = run_wrk(
                                wrk, f"{base}/{code}", connections=conns, duration=args.duration
                            )
                            points.append(_point(name, worker_class, conns, result))
                            log(_line(points[-1]))  # fmt: skip
                with gunicorn("meetifyr.wsgi", env, worker_class, log_path) as base:
                    meeting_url = f"{base}/v1/mysql/meetings/{typical['url_code']}"
                    status, body = fetch(meeting_url, {PROXY_HEADER[0]: PROXY_HEADER[1]})
                    assert status == 200, (status, body[:300])
                    if body != baseline_body:  # byte for byte
                        raise SystemExit(parity_error(baseline_body, body))
                    etag = f'"m{typical["version"]}"'
                    status, _ = fetch(
                        meeting_url, {PROXY_HEADER[0]: PROXY_HEADER[1], "If-None-Match": etag}
                    )
                    assert status == 304, status
                    scenarios: list[tuple[str, str, Path | None, list[str]]] = [
                        ("get_typical", meeting_url, None, [proxy]),
                        ("get_large", f"{base}/v1/mysql/meetings/{large['url_code']}", None,
                         [proxy]),
                        ("poll_304", meeting_url, None, [proxy, f"If-None-Match: {etag}"]),
                        ("toggle", base, scripts["toggle"], []),
                        ("stroke", base, scripts["stroke"], []),
                        ("create", f"{base}/v1/mysql/meetings", scripts["create"], []),
                        ("join", base, scripts["join"], []),
                        ("page_typical", f"{base}/meetings/{typical['url_code']}/grid", None,
                         [proxy, FRAGMENT_HEADER]),
                        ("page_large", f"{base}/meetings/{large['url_code']}/grid", None,
                         [proxy, FRAGMENT_HEADER]),
                        ("page_typical_member",
                         f"{base}/meetings/{seeded['toggle']['url_code']}/grid", None,
                         [proxy, FRAGMENT_HEADER, f"Cookie: {seeded['member_cookie']}"]),
                        ("page_timed",
                         f"{base}/meetings/{seeded['timed_typical']['url_code']}/grid", None,
                         [proxy, FRAGMENT_HEADER]),
                    ]  # fmt: skip
                    for name, url, script, headers in scenarios:
                        if only and name not in only:
                            continue
                        for conns in CONNECTIONS:
                            os.environ["BENCH_JOIN_RUN"] = f"{worker_class[0]}{conns}w"
                            run_wrk(wrk, url, connections=conns, duration=1, script=script,
                                    headers=headers)  # fmt: skip
                            os.environ["BENCH_JOIN_RUN"] = f"{worker_class[0]}{conns}"
                            result = run_wrk(
                                wrk, url, connections=conns, duration=args.duration,
                                script=script, headers=headers,
                            )  # fmt: skip
                            points.append(_point(name, worker_class, conns, result))
                            log(_line(points[-1]))
                    if args.profile and worker_class == classes[-1]:
                        profile_get(wrk, meeting_url, proxy, args.duration)
                # The same GETs with the rendered-meeting cache off: what a GET costs when it
                # misses (the first one after a change, on each process).
                uncached_env = {**env, "MEETINGS_CACHE_ENTRIES": "0"}
                with gunicorn("meetifyr.wsgi", uncached_env, worker_class, log_path) as base:
                    for name, code in (
                        ("get_typical_uncached", typical["url_code"]),
                        ("get_large_uncached", large["url_code"]),
                        ("get_timed_typical_uncached", seeded["timed_typical"]["url_code"]),
                        ("get_timed_large_uncached", seeded["timed_large"]["url_code"]),
                    ):
                        if only and name not in only:
                            continue
                        url = f"{base}/v1/mysql/meetings/{code}"
                        for conns in CONNECTIONS:
                            run_wrk(wrk, url, connections=conns, duration=1, headers=[proxy])
                            result = run_wrk(
                                wrk, url, connections=conns, duration=args.duration,
                                headers=[proxy],
                            )  # fmt: skip
                            points.append(_point(name, worker_class, conns, result))
                            log(_line(points[-1]))
    finally:
        if not args.keep_db:
            server.execute(f"DROP DATABASE IF EXISTS `{database}`")

    report = build_report(points, queries, get_sql, classes, args, time.monotonic() - started)
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS / "latest.md").write_text(report_markdown(report))
    print(report_markdown(report))
    log(f"wrote {RESULTS / 'latest.json'} and latest.md in {report['seconds']:.0f} s")
    return 0


def profile_get(wrk: str, url: str, proxy: str, duration: int) -> None:
    """Record one gunicorn worker with py-spy while wrk drives the typical GET."""
    # py-spy comes from PyPI through uvx when it is not installed: only this option needs it.
    py_spy = [found] if (found := shutil.which("py-spy")) else ["uvx", "py-spy"]
    masters = subprocess.run(  # noqa: S603
        ["pgrep", "-f", f"gunicorn meetifyr.wsgi.*{urlsplit(url).port}"],  # noqa: S607
        capture_output=True, text=True, check=False,
    ).stdout.split()  # fmt: skip
    pids = [pid for master in masters for pid in worker_pids(int(master))]
    if not pids:
        log("no gunicorn worker found to profile")
        return
    out = RESULTS / "profile-get.speedscope.json"
    spy = subprocess.Popen(  # noqa: S603
        [*py_spy, "record", "--gil", "-p", str(pids[0]), "-d", str(duration), "-r", "200",
         "-f", "speedscope", "-o", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    run_wrk(wrk, url, connections=16, duration=duration, headers=[proxy])
    spy.wait(timeout=duration + 30)
    log(f"profile written to {out}")


def _point(name: str, worker_class: str, conns: int, result: dict[str, Any]) -> Point:
    return Point(
        scenario=name,
        worker_class=worker_class,
        connections=conns,
        requests_per_s=result["requests_per_s"],
        p50_ms=result["p50_ms"],
        p99_ms=result["p99_ms"],
        requests=result["requests"],
        errors=result["errors"],
        non_2xx_3xx=result["non_2xx_3xx"],
        bytes_per_request=round(result["bytes_per_request"], 1),
    )


def _line(point: Point) -> str:
    return (
        f"{point.worker_class:7} {point.scenario:12} c={point.connections:<3} "
        f"{point.requests_per_s:8.0f} req/s  p50 {point.p50_ms:7.2f} ms  p99 {point.p99_ms:7.2f} ms"
        f"  errors {point.errors}  non-2xx/3xx {point.non_2xx_3xx}"
    )


def build_report(
    points: list[Point],
    queries: dict[str, dict[str, float]],
    get_sql: list[str],
    classes: tuple[str, ...],
    args: argparse.Namespace,
    seconds: float,
) -> dict[str, Any]:
    rate = {(p.worker_class, p.scenario, p.connections): p.requests_per_s for p in points}
    for point in points:
        baseline = rate.get((point.worker_class, "baseline", point.connections))
        point.extra["vs_baseline"] = round(point.requests_per_s / baseline, 3) if baseline else None
    targets: dict[str, dict[str, Any]] = {}
    for worker_class in classes:
        for conns in CONNECTIONS:
            for regime, suffix in REGIMES:
                names = ("baseline", f"get_typical{suffix}", f"get_large{suffix}", "poll_304")
                if any((worker_class, name, conns) not in rate for name in names):
                    continue
                get = rate[(worker_class, f"get_typical{suffix}", conns)]
                ratios = {
                    "get_vs_baseline": _ratio(get, rate[(worker_class, "baseline", conns)]),
                    "poll_vs_get": _ratio(rate[(worker_class, "poll_304", conns)], get),
                    "large_vs_typical": _ratio(
                        rate[(worker_class, f"get_large{suffix}", conns)], get
                    ),
                }
                targets[f"{worker_class}/c{conns} {regime}"] = {
                    name: _check(value, TARGETS[name]) for name, value in ratios.items()
                }
            timed: dict[str, Any] = {}
            for name, (top, bottom, target) in TIMED_TARGETS.items():
                if (worker_class, top, conns) in rate and (worker_class, bottom, conns) in rate:
                    value = _ratio(
                        rate[(worker_class, top, conns)], rate[(worker_class, bottom, conns)]
                    )
                    timed[name] = _check(value, target)
            if timed:
                targets[f"{worker_class}/c{conns} times of day and pages"] = timed
            bare_large = rate.get((worker_class, "baseline_large", conns))
            if bare_large and (worker_class, "baseline", conns) in rate:
                # For reference: what the large meeting costs the bare app itself.
                value = _ratio(bare_large, rate[(worker_class, "baseline", conns)])
                targets[f"{worker_class}/c{conns} bare app"] = {
                    "large_vs_typical": {
                        "ratio": None if value is None else round(value, 3),
                        "target": None, "met": None,
                    }
                }  # fmt: skip
    # The faster class: the higher geometric mean of the app's req/s over every point.
    totals = {
        worker_class: math.exp(statistics.fmean(
            math.log(max(p.requests_per_s, 0.01)) for p in points
            if p.worker_class == worker_class and not p.scenario.startswith("baseline")
        ))
        for worker_class in classes
    }  # fmt: skip
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "label": args.label,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "duration_per_point_s": args.duration,
        "gunicorn": {"workers": 2, "gthread_threads": GTHREAD_THREADS},
        "queries_per_request": queries,
        "queries_method": (
            "orm: statements Django sent (CaptureQueriesContext); server: the MariaDB session's "
            "Questions counter around the same test-client requests (includes transaction "
            "control), averaged over 3 requests"
        ),
        "get_meeting_sql": get_sql,
        "points": [asdict(p) for p in points],
        "targets": targets,
        "faster_worker_class": max(totals, key=lambda k: totals[k]) if len(totals) > 1 else None,
        "seconds": round(seconds, 1),
    }


def _ratio(top: float, bottom: float) -> float | None:
    """``top / bottom``, or None when the bottom point answered nothing (a loaded machine)."""
    return top / bottom if bottom else None


def _check(value: float | None, target: float) -> dict[str, Any]:
    if value is None:
        return {"ratio": None, "target": target, "met": False}
    return {"ratio": round(value, 3), "target": target, "met": value >= target}


def report_markdown(report: dict[str, Any]) -> str:
    lines = [
        f"# Meetifyr benchmark ({report['when']} {report['label']})".replace(" )", ")"),
        "",
        f"{report['machine']['cpus']} CPUs, Python {report['machine']['python']}, gunicorn "
        f"2 workers (gthread: {report['gunicorn']['gthread_threads']} threads each), wrk 2 "
        f"threads, {report['duration_per_point_s']} s per point, loopback.",
        "",
        "| workers | scenario | conns | req/s | p50 ms | p99 ms | vs baseline | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for p in report["points"]:
        ratio = p["extra"].get("vs_baseline")
        lines.append(
            f"| {p['worker_class']} | {p['scenario']} | {p['connections']} | "
            f"{p['requests_per_s']:.0f} | {p['p50_ms']:.2f} | {p['p99_ms']:.2f} | "
            f"{ratio if ratio is not None else ''} | {p['errors'] + p['non_2xx_3xx']} |"
        )
    lines += ["", "Queries per request (orm / server-side statements):", ""]
    for name, counts in report["queries_per_request"].items():
        lines.append(f"- {name}: {counts['orm']:g} / {counts['server']:g}")
    lines += ["", "Targets (ratios within this run):", ""]
    for where, checks in report["targets"].items():
        for name, check in checks.items():
            if check["target"] is None:
                lines.append(f"- {where} {name}: {check['ratio']} (reference, no target)")
                continue
            mark = "met" if check["met"] else "MISSED"
            lines.append(f"- {where} {name}: {check['ratio']} (target {check['target']}) {mark}")
    lines += ["", f"Faster worker class overall: {report['faster_worker_class']}", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
