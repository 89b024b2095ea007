"""The app's Prometheus metrics, and the calls that move them (served by meetifyr/metrics.py).

Every label has a small, fixed set of values: a route template, a status code, a store, a
limit's name, a reason of a fixed vocabulary; never a url code, a key, a name or a path.

With ``PROMETHEUS_MULTIPROC_DIR`` set (gunicorn, see gunicorn.conf.py) every process writes its
values to files there and a scrape sums them (prometheus-client's multiprocess mode); the
directory is made when missing, so a ``manage.py meetings_purge`` run from cron with the app's
environment adds its counts to the app's.
"""

from __future__ import annotations

import os

MULTIPROCESS_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "").strip()
if MULTIPROCESS_DIR:  # before any metric is made: each one opens its process's file there
    os.makedirs(MULTIPROCESS_DIR, exist_ok=True)

from prometheus_client import Counter, Gauge, Histogram  # noqa: E402

# Seconds: a 304 poll takes about a millisecond, a large meeting's first render a second.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)

HTTP_REQUESTS = Counter(
    "meetifyr_http_requests",
    "Requests answered, by method, route template and status.",
    ["method", "route", "status"],
)
HTTP_LATENCY = Histogram(
    "meetifyr_http_request_duration_seconds",
    "Time from the request reaching the app to its response, by method and route template.",
    ["method", "route"],
    buckets=LATENCY_BUCKETS,
)
DB_QUERIES = Counter(
    "meetifyr_db_queries",
    "Database queries sent while answering requests, by route template and database alias.",
    ["route", "database"],
)
REPLICA_LAG = Gauge(
    "meetifyr_db_replica_lag_seconds",
    "The replica's Seconds_Behind_Master as last measured by a live process (the highest); "
    "not updated while the replica does not answer or does not replicate (see "
    "meetifyr_db_replica_fallbacks_total).",
    multiprocess_mode="livemax",
)
REPLICA_FALLBACKS = Counter(
    "meetifyr_db_replica_fallbacks",
    "Reads that may lag (the polls' version reads) answered by the primary because the "
    "replica was unreachable, lagging or not replicating, by reason.",
    ["reason"],
)
WEB_PROCESSES = Gauge(
    "meetifyr_web_processes",
    "App server processes alive (each counts 1 once it loaded the app).",
    multiprocess_mode="livesum",
)

RENDERED_MEETING = "meeting"
FRAGMENT = "fragment"
CACHE_LOOKUPS = Counter(
    "meetifyr_cache_lookups",
    "Kept renderings asked for: a hit is a body kept at the meeting's current version "
    "(meeting: the API's JSON; fragment: the page's meeting fragment).",
    ["cache", "result"],
)

RATE_LIMIT_REFUSALS = Counter(
    "meetifyr_rate_limit_refusals",
    "Requests refused (429) by an abuse limit, by limit.",
    ["limit"],
)
RATE_LIMIT_SHARED_FAILURES = Counter(
    "meetifyr_rate_limit_shared_failures",
    "Times the shared rate-limit counters (Redis) failed and this process counted alone.",
)

GEL_CONFLICTS = Counter(
    "meetifyr_gel_conflicts",
    "Serialization conflicts met by Gel changes; each was retried, or given up past "
    "GEL_RETRY_SECONDS (then counted in meetifyr_gel_unavailable_total, reason busy).",
)
GEL_UNAVAILABLE = Counter(
    "meetifyr_gel_unavailable",
    "Gel store operations answered 503, by reason.",
    ["reason"],
)
ACCESS_CHANGED = Counter(
    "meetifyr_access_changed",
    "Keyed changes judged again because the meeting's access changed before the write "
    "(outcome retried), or answered 503 after the last attempt (outcome unavailable).",
    ["outcome"],
)

PURGED_MEETINGS = Counter(
    "meetifyr_purged_meetings",
    "Meetings deleted as past retention, by store and by what deleted them "
    "(command: manage.py meetings_purge; admin: the admin's purge action).",
    ["store", "via"],
)
PURGE_LAST_SUCCESS = Gauge(
    "meetifyr_purge_last_success_timestamp_seconds",
    "When manage.py meetings_purge last purged a store completely (Unix time).",
    ["store"],
    multiprocess_mode="max",
)
PURGE_FAILURES = Counter(
    "meetifyr_purge_failures",
    "Runs of manage.py meetings_purge that could not purge a store.",
    ["store"],
)


def cache_lookup(cache: str, *, hit: bool) -> None:
    CACHE_LOOKUPS.labels(cache, "hit" if hit else "miss").inc()


def replica_fallback(reason: str) -> None:
    REPLICA_FALLBACKS.labels(reason).inc()


def rate_limit_refused(limit: str) -> None:
    RATE_LIMIT_REFUSALS.labels(limit).inc()


def gel_unavailable(reason: str) -> None:
    GEL_UNAVAILABLE.labels(reason).inc()


def access_changed(*, retried: bool) -> None:
    ACCESS_CHANGED.labels("retried" if retried else "unavailable").inc()


def purged(store: str, count: int, *, via: str) -> None:
    PURGED_MEETINGS.labels(store, via).inc(count)
