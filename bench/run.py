"""Meetifyr's HTTP benchmark (``make bench``): the API under gunicorn, driven by wrk.

The command line and the run: its own database (``seed``), SQL counted per request
(``queries``), the app and the bare baseline (``baseline_app``) served by gunicorn on loopback,
each scenario driven by wrk (``wrk``, ``lua/``), the figures written (``report``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project, run as a script
from bench.queries import FRAGMENT_HEADER, count_queries
from bench.report import Point, build_report, log, point_from, point_line, write
from bench.seed import (
    JOIN_POOL,
    LARGE,
    QUICK_JOIN_POOL,
    QUICK_LARGE,
    Server,
    django_setup,
    member_cookie,
    seed,
)
from bench.wrk import Script, lua_scripts, run_wrk
from meetings.tests.support.serving import (
    LIMITS_LIFTED,
    PROXY_HEADER,
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
# --quick: a smoke check that every point answers, timings unused. One second per point, no
# warm-up, one connection count and gunicorn's default class; a point that completed nothing
# in its second (a loaded machine, still busy with the last point) is run again, a few times.
QUICK_CONNECTIONS = (16,)
QUICK_CLASSES = ("sync",)
QUICK_RETRIES = 4
PROXY = f"{PROXY_HEADER[0]}: {PROXY_HEADER[1]}"
FRAGMENT = f"{FRAGMENT_HEADER[0]}: {FRAGMENT_HEADER[1]}"


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


# --- the points ---------------------------------------------------------------------------------


@dataclass
class Bench:
    """One run's points: every scenario of a worker class on its three servers (the bare
    baseline, the app, the app with its rendered-meeting cache off)."""

    wrk: str
    duration: int
    connections: tuple[int, ...]
    env: dict[str, str]
    log_path: Path
    seeded: dict[str, Any]
    only: set[str]
    warm: bool = True
    retries: int = 0
    points: list[Point] = field(default_factory=list)

    def drive(
        self,
        name: str,
        worker_class: str,
        url: str,
        script: Script | None = None,
        headers: list[str] | None = None,
    ) -> None:
        """A point per connection count: one second to warm up (unless ``warm`` is off), then
        the measured run, run again up to ``retries`` times while it completed nothing."""
        for conns in self.connections:
            # Unique join names per run (join.lua): worker class, connections, warm-up or not.
            run = f"{worker_class[0]}{conns}"
            if self.warm:
                run_wrk(self.wrk, url, connections=conns, duration=1, script=script,
                        headers=headers, env={"BENCH_JOIN_RUN": f"{run}w"})  # fmt: skip
            result = run_wrk(
                self.wrk, url, connections=conns, duration=self.duration, script=script,
                headers=headers, env={"BENCH_JOIN_RUN": run},
            )  # fmt: skip
            for attempt in range(1, self.retries + 1):
                if result["requests"] or result["errors"]:
                    break
                log(f"{worker_class} {name} c={conns}: nothing answered yet, again ({attempt})")
                result = run_wrk(
                    self.wrk, url, connections=conns, duration=self.duration, script=script,
                    headers=headers, env={"BENCH_JOIN_RUN": f"{run}r{attempt}"},
                )  # fmt: skip
            self.points.append(point_from(name, worker_class, conns, result))
            log(point_line(self.points[-1]))

    def baseline(self, worker_class: str) -> bytes:
        """The bare app's points; returns its body of the typical meeting."""
        typical, large = self.seeded["typical"], self.seeded["large"]
        with gunicorn("bench.baseline_app:application", self.env, worker_class,
                      self.log_path) as base:  # fmt: skip
            status, body = fetch(f"{base}/{typical['url_code']}")
            assert status == 200, body
            # "baseline_large": the bare app on the large meeting, for reference.
            for name, code in (("baseline", typical["url_code"]),
                               ("baseline_large", large["url_code"])):  # fmt: skip
                self.drive(name, worker_class, f"{base}/{code}")
        return body

    def app(self, worker_class: str, baseline_body: bytes, profile: bool) -> None:
        """The app's points, once its typical GET is the baseline's bytes and its poll a 304."""
        seeded = self.seeded
        typical, large = seeded["typical"], seeded["large"]
        scripts = lua_scripts(seeded)
        with gunicorn("meetifyr.wsgi", self.env, worker_class, self.log_path) as base:
            meeting_url = f"{base}/v1/mysql/meetings/{typical['url_code']}"
            status, body = fetch(meeting_url, {PROXY_HEADER[0]: PROXY_HEADER[1]})
            assert status == 200, (status, body[:300])
            if body != baseline_body:  # byte for byte
                raise SystemExit(parity_error(baseline_body, body))
            log(f"{worker_class}: the baseline's JSON is the API's, byte for byte ({len(body)} B)")
            etag = f'"m{typical["version"]}"'
            status, _ = fetch(
                meeting_url, {PROXY_HEADER[0]: PROXY_HEADER[1], "If-None-Match": etag}
            )
            assert status == 304, status
            grid = f"{base}/meetings/{{}}/grid"
            scenarios: list[tuple[str, str, Script | None, list[str]]] = [
                ("get_typical", meeting_url, None, [PROXY]),
                ("get_large", f"{base}/v1/mysql/meetings/{large['url_code']}", None, [PROXY]),
                ("poll_304", meeting_url, None, [PROXY, f"If-None-Match: {etag}"]),
                ("toggle", base, scripts["toggle"], [PROXY]),
                ("stroke", base, scripts["stroke"], [PROXY]),
                ("create", f"{base}/v1/mysql/meetings", scripts["create"], [PROXY]),
                ("join", base, scripts["join"], [PROXY]),
                ("page_typical", grid.format(typical["url_code"]), None, [PROXY, FRAGMENT]),
                ("page_large", grid.format(large["url_code"]), None, [PROXY, FRAGMENT]),
                ("page_typical_member", grid.format(seeded["toggle"]["url_code"]), None,
                 [PROXY, FRAGMENT, f"Cookie: {seeded['member_cookie']}"]),
                ("page_timed", grid.format(seeded["timed_typical"]["url_code"]), None,
                 [PROXY, FRAGMENT]),
            ]  # fmt: skip
            for name, url, script, headers in scenarios:
                if not self.only or name in self.only:
                    self.drive(name, worker_class, url, script, headers)
            if profile:
                profile_get(self.wrk, meeting_url, PROXY, self.duration)

    def uncached(self, worker_class: str) -> None:
        """The GETs with the rendered-meeting cache off: what a GET costs when it misses (the
        first one after a change, on each process)."""
        seeded = self.seeded
        uncached_env = {**self.env, "MEETINGS_CACHE_ENTRIES": "0"}
        with gunicorn("meetifyr.wsgi", uncached_env, worker_class, self.log_path) as base:
            for name, code in (
                ("get_typical_uncached", seeded["typical"]["url_code"]),
                ("get_large_uncached", seeded["large"]["url_code"]),
                ("get_timed_typical_uncached", seeded["timed_typical"]["url_code"]),
                ("get_timed_large_uncached", seeded["timed_large"]["url_code"]),
            ):
                if not self.only or name in self.only:
                    url = f"{base}/v1/mysql/meetings/{code}"
                    status, body = fetch(url, {PROXY_HEADER[0]: PROXY_HEADER[1]})
                    assert status == 200, (name, status, body[:300])
                    self.drive(name, worker_class, url, headers=[PROXY])

    def unanswered(self) -> list[Point]:
        """The points where nothing answered, a socket failed or a status was not 2xx/3xx."""
        return [p for p in self.points if not p.requests or p.errors or p.non_2xx_3xx]


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


# --- the run ------------------------------------------------------------------------------------


def database_name(text: str) -> str:
    """A database name for ``--database``: letters, digits and underscores only."""
    if not re.fullmatch(r"[A-Za-z0-9_]{1,64}", text):
        raise argparse.ArgumentTypeError("letters, digits and underscores only (at most 64)")
    return text


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per point")
    parser.add_argument(
        "--quick", action="store_true",
        help="smoke check (make test): every point answers and the baseline's JSON is the "
        "API's; about a second per point, small meetings, no report written",
    )  # fmt: skip
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
    return parser.parse_args()


def main() -> int:
    args = arguments()
    quick = args.quick
    classes = tuple(args.worker_class or (QUICK_CLASSES if quick else WORKER_CLASSES))
    connections = QUICK_CONNECTIONS if quick else CONNECTIONS
    duration = 1 if quick else args.duration
    large, join_pool = (QUICK_LARGE, QUICK_JOIN_POOL) if quick else (LARGE, JOIN_POOL)
    results = RESULTS / "quick" if quick else RESULTS  # a quick run leaves latest.* alone
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
        **LIMITS_LIFTED,  # the load comes from one address: no 429s in the figures
    )
    results.mkdir(parents=True, exist_ok=True)
    log_path = results / "gunicorn.log"
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
        size = "x".join(str(n) for n in large)
        log(f"seeding: typical 10x14, large {size}, a toggled meeting, timed 10x14x32 and "
            f"{size}x32, a painted one, {join_pool} meetings to join")  # fmt: skip
        seeded = seed(large, join_pool)
        # A participant's own page (of the toggled meeting: joining changes a meeting's version,
        # and the typical one's stays as seeded for the 304 poll).
        seeded["member_cookie"] = member_cookie(seeded["toggle"]["url_code"])
        queries, get_sql = count_queries(seeded)
        from django.db import connection  # Django is set up only now

        connection.close()

        only = {name for name in args.only.split(",") if name}
        bench = Bench(wrk, duration, connections, env, log_path, seeded, only,
                      warm=not quick, retries=QUICK_RETRIES if quick else 0)  # fmt: skip
        for worker_class in classes:
            baseline_body = bench.baseline(worker_class)
            bench.app(worker_class, baseline_body, args.profile and worker_class == classes[-1])
            bench.uncached(worker_class)
    finally:
        if not args.keep_db:
            server.execute(f"DROP DATABASE IF EXISTS `{database}`")

    if quick:
        return quick_verdict(bench, time.monotonic() - started)
    report = build_report(
        bench.points, queries, get_sql, classes, connections,
        label=args.label, duration=duration, gthread_threads=GTHREAD_THREADS,
        seconds=time.monotonic() - started,
    )  # fmt: skip
    write(report, results)
    return 0


def quick_verdict(bench: Bench, seconds: float) -> int:
    """The quick run's exit status: 0 when every point answered (the baseline's bytes were
    checked before its class's points ran: a difference has already stopped the run)."""
    failed = bench.unanswered()
    for point in failed:
        log(f"not as expected: {point_line(point)}")
    if failed:
        log(f"quick: {len(failed)} of {len(bench.points)} points did not answer as expected "
            f"({seconds:.0f} s)")  # fmt: skip
        return 1
    log(f"quick: every point answered ({len(bench.points)} points, no socket error, every "
        f"status 2xx/3xx; {seconds:.0f} s)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
