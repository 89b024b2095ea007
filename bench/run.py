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
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project, run as a script
from bench.figures import log, point_line
from bench.gel_store import GelStore, gel_store
from bench.points import GTHREAD_THREADS, RESULTS, ROOT, Bench
from bench.queries import count_queries, toggle_statements
from bench.replica import replicated_meeting
from bench.report import build_report, write
from bench.seed import (
    JOIN_POOL,
    LARGE,
    QUICK_JOIN_POOL,
    QUICK_LARGE,
    Server,
    calendar_ics,
    django_setup,
    member_cookie,
    seed,
)
from bench.writers import writers_run
from meetings.tests.support.serving import LIMITS_LIFTED, production_env

BENCH_DB = "meetifyr_bench_run"
CONNECTIONS = (16, 64)
WORKER_CLASSES = ("sync", "gthread")
STORES = ("mysql", "edgedb")
# --quick: a smoke check that every point answers, timings unused. One second per point, no
# warm-up, one connection count and gunicorn's default class; a point that completed nothing
# in its second (a loaded machine) is run again, a few times. Each run starts once the server
# has served what the last one left (bench/settle.py).
QUICK_CONNECTIONS = (16,)
QUICK_CLASSES = ("sync",)
QUICK_RETRIES = 4


# --- processes ----------------------------------------------------------------------------------


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
    parser.add_argument(
        "--no-gel", action="store_true", help="measure the MySQL store only (no Gel server)"
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
    wrk = ensure_wrk()
    results.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        gel = GelStore(reason="left out (--no-gel)")
        if not args.no_gel:
            gel = stack.enter_context(gel_store(log))
        if gel.reason is None:
            log(f"Gel {gel.version}: {gel.source}")
        else:
            log(f"Gel: no server, its points are left out: {gel.reason}")
        bench, notes = run(args, gel, classes, connections, duration, large, join_pool, wrk,
                           results)  # fmt: skip
    seconds = time.monotonic() - started
    if quick:
        return quick_verdict(bench, gel, notes, seconds)
    report = build_report(
        bench.points, notes["queries"], notes["get_sql"], classes, connections,
        label=args.label, duration=duration, gthread_threads=GTHREAD_THREADS, seconds=seconds,
        gel={"version": gel.version, "source": gel.source, "left_out": gel.reason},
        bare_write=notes["bare_write"], writers=notes["writers"],
    )  # fmt: skip
    write(report, results)
    return 0


def run(
    args: argparse.Namespace,
    gel: GelStore,
    classes: tuple[str, ...],
    connections: tuple[int, ...],
    duration: int,
    large: tuple[int, int],
    join_pool: int,
    wrk: str,
    results: Path,
) -> tuple[Bench, dict[str, Any]]:
    """Seed both stores, count the queries, compare the bare toggle's statements with the
    real one's, and drive every point; the MySQL database is dropped afterwards."""
    database = args.database
    server = Server.from_url(os.environ.get("DATABASE_URL", ""))
    env = production_env(
        server.url(database),
        BENCH_DB_HOST=server.host,
        BENCH_DB_PORT=str(server.port),
        BENCH_DB_USER=server.user,
        BENCH_DB_PASSWORD=server.password,
        BENCH_DB_NAME=database,
        **LIMITS_LIFTED,  # the load comes from one address: no 429s in the figures
        **({"GEL_DSN": gel.dsn} if gel.dsn else {}),
    )
    log_path = results / "gunicorn.log"
    log_path.write_text("")
    log(f"database {database} on {server.host}:{server.port}")
    server.execute(f"DROP DATABASE IF EXISTS `{database}`")
    server.execute(f"CREATE DATABASE `{database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    stack = contextlib.ExitStack()  # the replica's private servers, stopped before the drop
    try:
        # As a deployment does: migrate, and collect the static files the pages link to.
        for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
            subprocess.run(  # noqa: S603 - fixed command line
                [sys.executable, "manage.py", *command, "-v", "0"],
                cwd=ROOT, env=env, check=True, timeout=300,
            )  # fmt: skip
        django_setup(env)
        size = "x".join(str(n) for n in large)
        stores = [store for store in STORES if store == "mysql" or gel.dsn]
        seeded: dict[str, dict[str, Any]] = {}
        for store in stores:
            began = time.monotonic()
            seeded[store] = seed(store, large, join_pool)
            timed = (
                f", timed 10x14x32 and {size}x32, weekly 10x7x32 and dated 10x7x32"
                if store == "mysql"
                else ""
            )
            log(f"seeded {store} in {time.monotonic() - began:.0f} s: typical 10x14, large "
                f"{size}, a toggled meeting, a painted one (timed), {join_pool} meetings to "
                f"join{timed}")  # fmt: skip
        # A participant's own page (of the toggled meeting: joining changes a meeting's version,
        # and the typical one's stays as seeded for the 304 poll).
        seeded["mysql"]["member_cookie"] = member_cookie(seeded["mysql"]["toggle"]["url_code"])
        calendar_file = results / "calendar.ics"  # the calendar point's file (issue 21)
        calendar_file.write_bytes(calendar_ics())
        for found in seeded.values():
            found["calendar_file"] = calendar_file
        queries, get_sql = count_queries(seeded["mysql"])
        bare_write = {store: toggle_statements(seeded[store]) for store in stores}
        for store, found in bare_write.items():
            log(bare_write_line(store, found))
        from django.db import connection  # Django is set up only now

        connection.close()
        only = {name for name in args.only.split(",") if name}
        bench = Bench(wrk, duration, connections, env, log_path, seeded, only,
                      warm=not args.quick, retries=QUICK_RETRIES if args.quick else 0)  # fmt: skip
        typical = seeded["mysql"]["typical"]["url_code"]
        pair = stack.enter_context(replicated_meeting(server, database, typical))
        if pair.reason is not None:
            log(f"the replica's poll is left out: {pair.reason}")
        for worker_class in classes:
            baseline_body = bench.baseline(worker_class)
            for store in stores:
                profile = args.profile and worker_class == classes[-1]
                bench.app(worker_class, store, baseline_body, profile)
            bench.uncached(worker_class)
            if pair.reason is None:
                bench.replica_polls(worker_class, pair)
        # 32 writers on one meeting in this process (not for --quick or --only: minutes).
        writers = {} if args.quick or only else writers_run(stores, log)
    finally:
        stack.close()
        if not args.keep_db:
            server.execute(f"DROP DATABASE IF EXISTS `{database}`")
    notes = {"queries": queries, "get_sql": get_sql, "bare_write": bare_write}
    return bench, {**notes, "writers": writers}


def bare_write_line(store: str, found: dict[str, Any]) -> str:
    """Whether the bare toggle sent the real toggle's statements (``toggle_statements``)."""
    if found["same"]:
        return (f"{store}: the bare toggle sends the real toggle's {len(found['real'])} "
                "statements, the same text")  # fmt: skip
    at = found["differs_at"]
    real = found["real"][at] if at is not None and at < len(found["real"]) else "(none)"
    bare = found["bare"][at] if at is not None and at < len(found["bare"]) else "(none)"
    return (
        f"{store}: NOTE the bare toggle's statements are not the real toggle's any more "
        f"({len(found['bare'])} against {len(found['real'])}; first difference at {at}): "
        f"update bench/bare_sql.py.\n  real: {real[:300]}\n  bare: {bare[:300]}"
    )


def quick_verdict(bench: Bench, gel: GelStore, notes: dict[str, Any], seconds: float) -> int:
    """The quick run's exit status: 0 when every point answered (the baseline's bytes were
    checked before its class's points ran: a difference has already stopped the run)."""
    failed = bench.unanswered()
    for point in failed:
        log(f"not as expected: {point_line(point)}")
    if failed:
        log(f"quick: {len(failed)} of {len(bench.points)} points did not answer as expected "
            f"({seconds:.0f} s)")  # fmt: skip
        return 1
    stores = sorted({point.store for point in bench.points})
    log(f"quick: every point answered ({len(bench.points)} points on {', '.join(stores)}, no "
        f"socket error, every status 2xx/3xx; {seconds:.0f} s)")  # fmt: skip
    if gel.reason is not None:
        log(f"quick: the Gel points were left out: {gel.reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
