"""Readiness: whether this process can serve, asked of every store and cache it depends on.

``readiness()`` checks the default database (MySQL), Redis when ``RATELIMIT_CACHE_URL`` names
one, and Gel when the process is meant to use a server (``connection_configured``): each with
a round trip of its own (``SELECT 1``, a ``GET``, ``select 1``), all at once, each on a thread
of its own kept for it, and answers within ``READY_TIMEOUT`` whatever they do: a check still
running then counts as failed ("timeout"). A check still running when the next poll comes is
not started again: that poll waits for the same one, so a dependency that hangs holds one
thread and one connection per process, however often the balancer (or anyone) asks.

With a replica (``DATABASE_REPLICA_URL``) a fourth check, ``replica``, reports its lag
(``lag_seconds``, its ``Seconds_Behind_Master``) or why it is not used; it never makes the
process unready: the primary answers the polls while the replica is down (meetings.replica).

What a check found goes to the log (once per change, with the error's text, which may quote a
DSN); the answer only says which check failed and a short reason of a fixed vocabulary.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from redis.exceptions import AuthenticationError, RedisError
from redis.exceptions import TimeoutError as RedisTimeout

from meetings import replica
from meetings.domain import StoreUnavailable
from meetings.repositories.gel import (
    REASON_CONNECTION_LOST,
    REASON_CREDENTIALS,
    REASON_NO_BRANCH,
    REASON_NOT_CONFIGURED,
    REASON_OFFLINE,
    REASON_TIMEOUT,
    REASON_UNREACHABLE,
    UNAVAILABLE,
    connection_configured,
    gel_client,
    store_errors,
)

logger = logging.getLogger(__name__)

READY_TIMEOUT = 1.0  # seconds /readyz waits for its checks, all together

# The reasons an answer may give (nothing else: an error's own text may quote a DSN).
UNREACHABLE = "unreachable"
TIMEOUT = "timeout"
CREDENTIALS = "credentials refused"
UNKNOWN_DATABASE = "unknown database"
NOT_CONFIGURED = "not configured"
FAILED = "failed"
LAGGING = "lagging"
NOT_REPLICATING = "not replicating"

# MySQL client and server error codes.
_MYSQL_REASONS = {
    2002: UNREACHABLE,  # no socket
    2003: UNREACHABLE,  # cannot connect
    2005: UNREACHABLE,  # unknown host
    2006: UNREACHABLE,  # server has gone away
    2013: UNREACHABLE,  # lost connection
    1045: CREDENTIALS,
    1049: UNKNOWN_DATABASE,
}
_GEL_REASONS = {
    REASON_UNREACHABLE: UNREACHABLE,
    REASON_CONNECTION_LOST: UNREACHABLE,
    REASON_OFFLINE: UNREACHABLE,
    REASON_TIMEOUT: TIMEOUT,
    REASON_CREDENTIALS: CREDENTIALS,
    REASON_NO_BRANCH: UNKNOWN_DATABASE,
    REASON_NOT_CONFIGURED: NOT_CONFIGURED,
}


@dataclass(frozen=True)
class Outcome:
    """One check's result: whether it passed, how long it took, and if not, why (a reason of
    the vocabulary above)."""

    ok: bool
    ms: float
    error: str | None = None
    lag_seconds: int | None = None  # the replica's check only

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {"ok": self.ok, "ms": round(self.ms, 1)}
        if self.error is not None:
            found["error"] = self.error
        if self.lag_seconds is not None:
            found["lag_seconds"] = self.lag_seconds
        return found


def _mysql() -> None:
    """``SELECT 1`` on this thread's connection to the default database; a connection found
    unusable is replaced, one that failed is closed (the next check connects afresh)."""
    connection = connections[DEFAULT_DB_ALIAS]
    connection.close_if_unusable_or_obsolete()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except BaseException:
        connection.close()
        raise


def _mysql_reason(error: BaseException) -> str:
    code = error.args[0] if error.args else None
    return _MYSQL_REASONS.get(code, FAILED) if isinstance(code, int) else FAILED


class _ReplicaBehind(Exception):
    """The replica answered, but lags too far (``lag``) or does not replicate (None)."""

    def __init__(self, lag: int | None) -> None:
        super().__init__(lag)
        self.lag = lag


def _replica() -> int:
    """The replica's lag in seconds; raises when it lags past DATABASE_REPLICA_MAX_LAG."""
    lag = replica.replica_lag()
    if lag is None or lag > settings.DATABASE_REPLICA_MAX_LAG:
        raise _ReplicaBehind(lag)
    return lag


def _replica_reason(error: BaseException) -> str:
    if isinstance(error, _ReplicaBehind):
        return NOT_REPLICATING if error.lag is None else LAGGING
    return _mysql_reason(error)


def _redis() -> None:
    """A ``GET`` in the rate limits' cache (short socket timeouts, see settings.py)."""
    caches[settings.RATELIMIT_USE_CACHE].get("readyz")


def _redis_reason(error: BaseException) -> str:
    if isinstance(error, AuthenticationError) or "NOAUTH" in str(error):
        return CREDENTIALS
    if isinstance(error, RedisTimeout | TimeoutError):
        return TIMEOUT
    if isinstance(error, RedisError | OSError):
        return UNREACHABLE
    return FAILED


def _gel() -> None:
    """``select 1`` with the process's client (its connect timeouts, its outage memory)."""
    with store_errors(counted=False):  # a poll is no request answered 503
        gel_client().query_single("select 1")


def _gel_reason(error: BaseException) -> str:
    if isinstance(error, StoreUnavailable):
        return _GEL_REASONS.get(error.message.removeprefix(UNAVAILABLE.format(reason="")), FAILED)
    return FAILED


class _Check:
    """One dependency's check: run on a thread of its own, at most one at a time."""

    def __init__(
        self, name: str, run: Callable[[], Any], reason: Callable[[BaseException], str]
    ) -> None:
        self.name = name
        self.run = run
        self.reason = reason
        self._lock = threading.Lock()
        self._pid = 0
        self._executor: ThreadPoolExecutor | None = None
        self._running: Future[Outcome] | None = None
        self._last_error: str | None = None

    def start(self) -> Future[Outcome]:
        """The check in flight, or a new one."""
        with self._lock:
            if self._pid != os.getpid():  # forked (a gunicorn worker): the thread stayed behind
                self._pid, self._executor, self._running = os.getpid(), None, None
            if self._running is not None and not self._running.done():
                return self._running
            if self._executor is None:
                self._executor = ThreadPoolExecutor(1, thread_name_prefix=f"readyz-{self.name}")
            self._running = self._executor.submit(self._timed)
            return self._running

    def _timed(self) -> Outcome:
        began = time.perf_counter()
        try:
            found = self.run()
        except Exception as error:
            lag = error.lag if isinstance(error, _ReplicaBehind) else None
            outcome = Outcome(False, _ms(began), self.reason(error), lag_seconds=lag)
            self.note(outcome.error, error)
            return outcome
        self.note(None)
        return Outcome(True, _ms(began), lag_seconds=found if isinstance(found, int) else None)

    def timed_out(self) -> None:
        """A poll stopped waiting for the check: a failure, unless one is known already (the
        check, when it ends, tells why)."""
        with self._lock:
            known = self._last_error is not None
        if not known:
            self.note(TIMEOUT)

    def note(self, reason: str | None, error: BaseException | None = None) -> None:
        """Log a change of the check's state (not every poll's: a balancer asks every second)."""
        with self._lock:
            changed, self._last_error = reason != self._last_error, reason
        if changed and reason is None:
            logger.warning("readiness: %s passes again", self.name)
        elif changed:
            logger.warning("readiness: %s failed (%s): %r", self.name, reason, error)


def _ms(began: float) -> float:
    return (time.perf_counter() - began) * 1000


_DATABASE = _Check("database", _mysql, _mysql_reason)
_REDIS = _Check("redis", _redis, _redis_reason)
_GEL = _Check("gel", _gel, _gel_reason)
_REPLICA = _Check("replica", _replica, _replica_reason)
REPLICA = "replica"  # reported, never required: see the module's docstring


def _checks() -> dict[str, _Check]:
    """The checks this process's configuration asks for, by the name the answer gives them."""
    vendor = connections[DEFAULT_DB_ALIAS].vendor  # "mysql" in production; no connection made
    found = {vendor: _DATABASE}
    if settings.RATELIMIT_CACHE_URL:
        found["redis"] = _REDIS
    if connection_configured():
        found["gel"] = _GEL
    if replica.configured():
        found[REPLICA] = _REPLICA
    return found


def readiness() -> tuple[bool, dict[str, dict[str, Any]]]:
    """Every check's outcome by name, and whether all passed; within ``READY_TIMEOUT``."""
    began = time.perf_counter()
    checks = _checks()
    started = {name: check.start() for name, check in checks.items()}
    wait(started.values(), timeout=READY_TIMEOUT)
    outcomes: dict[str, Outcome] = {}
    for name, future in started.items():
        if future.done():
            outcomes[name] = future.result()
        else:
            outcomes[name] = Outcome(False, _ms(began), TIMEOUT)
            checks[name].timed_out()
    ready = all(o.ok for name, o in outcomes.items() if name != REPLICA)
    return ready, {n: o.as_dict() for n, o in outcomes.items()}
