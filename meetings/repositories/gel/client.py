"""The process-wide Gel client and the retries around it.

The client reads where the server is from the environment itself (``GEL_DSN``, or
``GEL_INSTANCE``, ``GEL_HOST``/``GEL_PORT``..., ``GEL_CLIENT_TLS_SECURITY``; or a project linked
with ``gel project init``). Each process keeps one client (a thread-safe connection pool),
created on first use and closed at exit; ``settings.GEL_MAX_CONCURRENCY`` (at least the request
threads) sizes it, ``GEL_CONNECT_TIMEOUT``/``GEL_CONNECT_WAIT`` bound how long a request waits
for an unreachable server before it answers 503.
"""

from __future__ import annotations

import atexit
import os
import random
import threading
import time
import weakref
from collections.abc import Callable
from typing import TypedDict, TypeVar

import gel
from django.conf import settings
from gel import con_utils

from meetings import metrics
from meetings.domain import AccessSeen, StoreUnavailable
from meetings.repositories.gel.errors import (
    REASON_NOT_CONFIGURED,
    UNAVAILABLE,
    logger,
    outage_forget,
)

T = TypeVar("T")

CLOSE_TIMEOUT = 5  # seconds the exit handler waits for connections in use


class ClientOptions(TypedDict):
    max_concurrency: int
    timeout: int
    wait_until_available: int


def client_options() -> ClientOptions:
    """How the process-wide client is sized and bounded (the connection itself comes from the
    environment, read by the client)."""
    return {
        "max_concurrency": max(settings.GEL_MAX_CONCURRENCY, settings.SERVER_THREADS),
        "timeout": settings.GEL_CONNECT_TIMEOUT,
        "wait_until_available": settings.GEL_CONNECT_WAIT,
    }


def _retry_backoff(attempt: int) -> float:
    """Seconds before retrying: short, growing to at most 0.1 s, jittered."""
    return min(0.1, 0.005 * 2.0**attempt) * (0.5 + random.random())  # noqa: S311 (jitter only)


# The client retries what failed on a lost connection itself, but not serialization conflicts:
# ``conflicts_retried`` does, for a time budget rather than a number of attempts.
RETRY = gel.RetryOptions(attempts=3, backoff=_retry_backoff).with_rule(  # type: ignore[no-untyped-call]
    gel.RetryCondition.TransactionConflict, attempts=1
)

# A read (one query, nothing written) that meets a serialization failure lost nothing: the
# client runs it again itself, a few times (PostgreSQL's serializable checks may cancel a reader
# that overlaps writers of the rows it read; docs/performance.md).
READ_RETRY = gel.RetryOptions(attempts=5, backoff=_retry_backoff)

_client: gel.Client | None = None
_reader: gel.Client | None = None
_client_lock = threading.Lock()


def _connect_arguments(options: ClientOptions) -> None:
    """Resolve the connection as the client will: raises what the client would."""
    con_utils.parse_connect_arguments(
        dsn=None,
        host=None,
        port=None,
        credentials=None,
        credentials_file=None,
        database=None,
        branch=None,
        user=None,
        password=None,
        secret_key=None,
        tls_ca=None,
        tls_ca_file=None,
        tls_security=None,
        tls_server_name=None,
        timeout=options["timeout"],
        command_timeout=None,
        wait_until_available=options["wait_until_available"],
        server_settings=None,
    )


# Variables naming a Gel server; set, the process is meant to use one (even if they are wrong).
CONNECTION_VARIABLES = tuple(
    f"{prefix}_{name}"
    for prefix in ("GEL", "EDGEDB")
    for name in ("DSN", "INSTANCE", "HOST", "PORT", "CREDENTIALS_FILE")
)


def connection_configured() -> bool:
    """Whether this process is meant to use a Gel server: a variable names one, or a linked
    project resolves to one. Quiet: says nothing about why not (readiness asks every second)."""
    if any(os.environ.get(name, "").strip() for name in CONNECTION_VARIABLES):
        return True
    try:
        _connect_arguments(client_options())
    except (gel.ClientConnectionError, ValueError, OSError):
        return False
    return True


def connection_check(options: ClientOptions) -> None:
    """Raise ``StoreUnavailable`` unless the environment names a Gel server the client can use.

    The client resolves its connection only when it first connects; resolving it here too turns
    a missing or malformed configuration into a 503 instead of a failure deep inside a request.
    """
    try:
        _connect_arguments(options)
    except (gel.ClientConnectionError, ValueError, OSError) as error:
        # The details may quote the DSN: they go to the log, never to clients.
        logger.warning("Gel connection settings unusable: %s", error)
        raise StoreUnavailable(UNAVAILABLE.format(reason=REASON_NOT_CONFIGURED)) from error


def gel_client() -> gel.Client:
    """The process-wide client, created on first use (once, whatever the number of threads)."""
    global _client, _reader
    client = _client
    if client is not None:
        return client
    with _client_lock:
        if _client is None:
            options = client_options()
            connection_check(options)
            _client = gel.create_client(**options).with_retry_options(RETRY)
            _reader = _client.with_retry_options(READ_RETRY)
        return _client


def gel_reader() -> gel.Client:
    """The process-wide client for reads: the same pool, retrying serialization failures."""
    reader = _reader
    if reader is not None:
        return reader
    fresh: gel.Client = gel_client().with_retry_options(READ_RETRY)  # not made yet, or closed
    return fresh


def close_client() -> None:
    """Close the process-wide client (at exit; tests call it to start afresh)."""
    global _client, _reader
    with _client_lock:
        client, _client, _reader = _client, None, None
        outage_forget()
    if client is None:
        return
    try:
        client.close(timeout=CLOSE_TIMEOUT)  # type: ignore[no-untyped-call]
    except gel.EdgeDBError as error:  # connections still busy: the client terminates them
        logger.warning("Gel client closed uncleanly: %s", error)


atexit.register(close_client)


_conflicts = 0
_conflicts_lock = threading.Lock()


def _conflict_count() -> None:
    global _conflicts
    with _conflicts_lock:
        _conflicts += 1
    metrics.GEL_CONFLICTS.inc()


def conflicts_seen() -> int:
    """How many serialization conflicts this process's changes met so far (each one was
    retried, or, past the time budget, answered 503)."""
    with _conflicts_lock:
        return _conflicts


# One lock per meeting being changed in this process (gone with its last holder).
_queues: weakref.WeakValueDictionary[str, threading.Lock] = weakref.WeakValueDictionary()
_queues_lock = threading.Lock()


def _queue(url_code: str) -> threading.Lock:
    with _queues_lock:
        lock = _queues.get(url_code)
        if lock is None:
            lock = _queues[url_code] = threading.Lock()
        return lock


def write_queue(url_code: str, seen: AccessSeen | None) -> str:
    """What a change of marks waits its turn for: the participant's row the key check was
    about, else (staff's changes) the meeting."""
    if seen is None or seen.participant_id is None:
        return url_code
    return f"{url_code}/{seen.participant_id}"


class QueueTimeout(gel.TransactionConflictError):
    """Waited ``GEL_RETRY_SECONDS`` for this process's other changes of one meeting: answered
    as a conflict that outlasted its retries (503, nothing changed)."""


def conflicts_retried(operation: Callable[[], T], *, queue: str | None = None) -> T:
    """``operation()``, run again after each serialization conflict until it commits or
    ``GEL_RETRY_SECONDS`` have passed (then the conflict propagates: 503, nothing changed).

    ``queue`` (``write_queue``: a participant's row, or a meeting's): this process's changes of
    it take turns, as MySQL's row lock lines them up, instead of all starting at once and
    conflicting: PostgreSQL under Gel fails the loser of two concurrent writes of one row (a
    participant's version) at commit, and each retry costs a round trip and a back-off
    (docs/performance.md). Changes from other processes still meet, and are retried. The wait
    counts against the budget.

    Every round of conflicting changes to one meeting commits at least one of them, so the
    changes waiting behind a busy meeting finish one after another; a count of attempts would
    give up on the last of many concurrent writers while they all still make progress. The
    operation must only talk to the server: a conflict rolled all of it back.
    """
    deadline = time.monotonic() + settings.GEL_RETRY_SECONDS
    if queue is None:
        return _retried(operation, deadline)
    lock = _queue(queue)
    if not lock.acquire(timeout=settings.GEL_RETRY_SECONDS):
        raise QueueTimeout(  # type: ignore[no-untyped-call]
            "waited too long for this process's other changes of the meeting"
        )
    try:
        return _retried(operation, deadline)
    finally:
        lock.release()


def _retried(operation: Callable[[], T], deadline: float) -> T:
    attempt = 0
    while True:
        attempt += 1
        try:
            return operation()
        except gel.TransactionConflictError:
            _conflict_count()
            pause = _retry_backoff(attempt)
            if time.monotonic() + pause >= deadline:
                raise
            time.sleep(pause)
