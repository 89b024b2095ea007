"""The bench's points: each scenario of a worker class, on each store, driven by wrk against
gunicorn on loopback (the bare app, the app, the app with its rendered-meeting cache off)."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.figures import Point, log, point_from, point_line
from bench.queries import FRAGMENT_HEADER
from bench.replica import Pair
from bench.settle import Settled
from bench.wrk import Script, lua_scripts, run_wrk
from meetings.tests.support.serving import PROXY_HEADER, ServingFailed, gunicorn_serving

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"
GTHREAD_THREADS = 4
PROXY = f"{PROXY_HEADER[0]}: {PROXY_HEADER[1]}"
FRAGMENT = f"{FRAGMENT_HEADER[0]}: {FRAGMENT_HEADER[1]}"
# The points measured on the Gel store too (issue 22); the others are MySQL's only.
GEL_SCENARIOS = frozenset(
    {"get_typical", "poll_304", "toggle", "stroke", "create", "join", "page_typical",
     "get_typical_uncached", "get_large_uncached", "bare_toggle", "calendar"}
)  # fmt: skip
WRITES = ("toggle", "stroke", "create", "join")  # each a ratio to its store's bare write
SETTLE_NOTE_SECONDS = 0.5  # a wait for the last run's requests worth a line in the output


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


@dataclass
class Bench:
    """One run's points: every scenario of a worker class on its servers, for each store
    seeded (``seeded``: store name -> that store's meetings)."""

    wrk: str
    duration: int
    connections: tuple[int, ...]
    env: dict[str, str]
    log_path: Path
    seeded: dict[str, dict[str, Any]]
    only: set[str]
    warm: bool = True
    retries: int = 0
    points: list[Point] = field(default_factory=list)

    def wanted(self, name: str, store: str) -> bool:
        if store != "mysql" and name not in GEL_SCENARIOS:
            return False
        return not self.only or name in self.only

    def drive(
        self,
        name: str,
        worker_class: str,
        url: str,
        script: Script | None = None,
        headers: list[str] | None = None,
        store: str = "mysql",
    ) -> None:
        """A point per connection count: one second to warm up (unless ``warm`` is off), then
        the measured run, run again up to ``retries`` times while it completed nothing. Each
        run starts once the server has served what the run before it left (``run_wrk``)."""
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
                log(f"{worker_class} {store} {name} c={conns}: nothing answered yet, again "
                    f"({attempt})")  # fmt: skip
                result = run_wrk(
                    self.wrk, url, connections=conns, duration=self.duration, script=script,
                    headers=headers, env={"BENCH_JOIN_RUN": f"{run}r{attempt}"},
                )  # fmt: skip
            point = point_from(name, worker_class, conns, result, store=store)
            settled: Settled = result["settled"]
            # What the run before it (the warm-up, or the last point) left the server to serve.
            point.extra["left_before"] = settled.left
            point.extra["settled_s"] = round(settled.seconds, 2)
            if settled.timed_out or settled.seconds >= SETTLE_NOTE_SECONDS:
                log(f"{worker_class} {store} {name} c={conns}: the server served {settled.left} "
                    f"requests of the run before it (closed connections) for "
                    f"{settled.seconds:.1f} s{', and still had some' if settled.timed_out else ''}"
                    f" before this run began")  # fmt: skip
            self.points.append(point)
            log(point_line(point))

    def baseline(self, worker_class: str) -> bytes:
        """The bare app's points: the read (MySQL's typical meeting, and its large one for
        reference) and each store's bare toggle; returns its body of the typical meeting."""
        typical, large = self.seeded["mysql"]["typical"], self.seeded["mysql"]["large"]
        with gunicorn("bench.baseline_app:application", self.env, worker_class,
                      self.log_path) as base:  # fmt: skip
            status, body = fetch(f"{base}/{typical['url_code']}")
            assert status == 200, body
            # "baseline_large": the bare app on the large meeting, for reference.
            for name, code in (("baseline", typical["url_code"]),
                               ("baseline_large", large["url_code"])):  # fmt: skip
                if not self.only or name in self.only or "baseline" in self.only:
                    self.drive(name, worker_class, f"{base}/{code}")
            for store, seeded in self.seeded.items():
                if self.wanted("bare_toggle", store):
                    script = lua_scripts(seeded)["bare_toggle"]
                    self.drive("bare_toggle", worker_class, base, script, store=store)
        return body

    def app(self, worker_class: str, store: str, baseline_body: bytes, profile: bool) -> None:
        """The app's points on ``store`` (its pages too), once its typical GET answers (on
        MySQL: the baseline's bytes) and its poll a 304."""
        seeded = self.seeded[store]
        typical, large = seeded["typical"], seeded["large"]
        scripts = lua_scripts(seeded)
        env = {**self.env, "MEETINGS_PAGES_STORE": store}
        with gunicorn("meetifyr.wsgi", env, worker_class, self.log_path) as base:
            api = f"{base}/v1/{store}"
            meeting_url = f"{api}/meetings/{typical['url_code']}"
            status, body = fetch(meeting_url, {PROXY_HEADER[0]: PROXY_HEADER[1]})
            assert status == 200, (status, body[:300])
            if store == "mysql":
                if body != baseline_body:  # byte for byte
                    raise SystemExit(parity_error(baseline_body, body))
                log(f"{worker_class}: the baseline's JSON is the API's, byte for byte "
                    f"({len(body)} B)")  # fmt: skip
            etag = f'"m{typical["version"]}"'
            status, _ = fetch(
                meeting_url, {PROXY_HEADER[0]: PROXY_HEADER[1], "If-None-Match": etag}
            )
            assert status == 304, (store, status)
            grid = f"{base}/meetings/{{}}/grid"
            scenarios: list[tuple[str, str, Script | None, list[str]]] = [
                ("get_typical", meeting_url, None, [PROXY]),
                ("get_large", f"{api}/meetings/{large['url_code']}", None, [PROXY]),
                ("poll_304", meeting_url, None, [PROXY, f"If-None-Match: {etag}"]),
                ("toggle", base, scripts["toggle"], [PROXY]),
                ("stroke", base, scripts["stroke"], [PROXY]),
                ("create", f"{api}/meetings", scripts["create"], [PROXY]),
                ("join", base, scripts["join"], [PROXY]),
                ("calendar", base, scripts["calendar"], [PROXY]),
                ("page_typical", grid.format(typical["url_code"]), None, [PROXY, FRAGMENT]),
                ("page_large", grid.format(large["url_code"]), None, [PROXY, FRAGMENT]),
            ]  # fmt: skip
            if store == "mysql":
                scenarios += [
                    ("page_typical_member", grid.format(seeded["toggle"]["url_code"]), None,
                     [PROXY, FRAGMENT, f"Cookie: {seeded['member_cookie']}"]),
                    ("page_timed", grid.format(seeded["timed_typical"]["url_code"]), None,
                     [PROXY, FRAGMENT]),
                    ("page_timed_week", grid.format(seeded["timed_week"]["url_code"]), None,
                     [PROXY, FRAGMENT]),
                    ("page_weekly_timed", grid.format(seeded["weekly_timed"]["url_code"]), None,
                     [PROXY, FRAGMENT]),
                ]  # fmt: skip
            for name, url, script, headers in scenarios:
                if self.wanted(name, store):
                    self.drive(name, worker_class, url, script, headers, store=store)
            if profile and store == "mysql":
                profile_get(self.wrk, meeting_url, PROXY, self.duration)

    def uncached(self, worker_class: str) -> None:
        """The GETs with the rendered-meeting cache off, on every store: what a GET costs
        when it misses (the first one after a change, on each process)."""
        uncached_env = {**self.env, "MEETINGS_CACHE_ENTRIES": "0"}
        with gunicorn("meetifyr.wsgi", uncached_env, worker_class, self.log_path) as base:
            for store, seeded in self.seeded.items():
                meetings = [
                    "typical", "large", "timed_typical", "timed_large", "timed_week",
                    "weekly_timed",
                ]  # fmt: skip
                for meeting in meetings:
                    name = f"get_{meeting}_uncached"
                    if meeting not in seeded or not self.wanted(name, store):
                        continue
                    url = f"{base}/v1/{store}/meetings/{seeded[meeting]['url_code']}"
                    status, body = fetch(url, {PROXY_HEADER[0]: PROXY_HEADER[1]})
                    assert status == 200, (store, name, status, body[:300])
                    self.drive(name, worker_class, url, headers=[PROXY], store=store)

    def replica_polls(self, worker_class: str, pair: Pair) -> None:
        """The typical meeting's 304 poll on a private primary and its replica (bench/replica.py):
        from the replica (``poll_304_replica``) and from the primary (``poll_304_primary``)."""
        typical = self.seeded["mysql"]["typical"]
        etag = f'"m{typical["version"]}"'
        for name, extra in (
            ("poll_304_primary", {}),
            ("poll_304_replica", {"DATABASE_REPLICA_URL": pair.replica_url}),
        ):
            if not self.wanted(name, "mysql"):
                continue
            env = {**self.env, "DATABASE_URL": pair.primary_url, **extra}
            with gunicorn("meetifyr.wsgi", env, worker_class, self.log_path) as base:
                url = f"{base}/v1/mysql/meetings/{typical['url_code']}"
                status, body = fetch(url, {PROXY_HEADER[0]: PROXY_HEADER[1], "If-None-Match": etag})
                assert status == 304, (name, status, body[:300])
                before, first = pair.selects(), len(self.points)
                self.drive(name, worker_class, url, None, [PROXY, f"If-None-Match: {etag}"])
                # Over all of this server's runs (warm-ups too): one per poll when it serves them.
                selects = pair.selects() - before
                for point in self.points[first:]:
                    point.extra["replica_selects_server"] = selects
                log(f"{worker_class} {name}: the replica answered {selects} SELECTs")

    def unanswered(self) -> list[Point]:
        """The points where nothing answered, a socket failed or a status was not 2xx/3xx."""
        return [p for p in self.points if not p.requests or p.errors or p.non_2xx_3xx]


def worker_pids(master_pid: int) -> list[int]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


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
