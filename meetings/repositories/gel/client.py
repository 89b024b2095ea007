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
from collections.abc import Callable
from typing import TypedDict, TypeVar

import gel
from django.conf import settings
from gel import con_utils

from meetings import metrics
from meetings.domain import StoreUnavailable
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

_client: gel.Client | None = None
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
    global _client
    client = _client
    if client is not None:
        return client
    with _client_lock:
        if _client is None:
            options = client_options()
            connection_check(options)
            _client = gel.create_client(**options).with_retry_options(RETRY)
        return _client


def close_client() -> None:
    """Close the process-wide client (at exit; tests call it to start afresh)."""
    global _client
    with _client_lock:
        client, _client = _client, None
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


def conflicts_retried(operation: Callable[[], T]) -> T:
    """``operation()``, run again after each serialization conflict until it commits or
    ``GEL_RETRY_SECONDS`` have passed (then the conflict propagates: 503, nothing changed).

    Every round of conflicting changes to one meeting commits at least one of them, so the
    changes waiting behind a busy meeting finish one after another; a count of attempts would
    give up on the last of many concurrent writers while they all still make progress. The
    operation must only talk to the server: a conflict rolled all of it back.
    """
    deadline = time.monotonic() + settings.GEL_RETRY_SECONDS
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
