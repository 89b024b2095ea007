"""Reads that may lag, from a MariaDB replica (``DATABASE_REPLICA_URL``, the ``replica`` alias).

Only the polls' version reads may lag: the API's conditional GET and the page's fragment poll
ask "is the meeting still at version N?" (``meetings.conditional.meeting_poll``) inside
``lagging_reads()``, and ``ReplicaRouter`` (``DATABASE_ROUTERS``) sends them to the replica
while it is usable. Everything else, every change and every read that answers "the latest
meeting" after one, reads and writes the primary (``default``), as without a replica.

The replica is usable while it answers and lags at most ``DATABASE_REPLICA_MAX_LAG`` seconds
(``Seconds_Behind_Master``, asked at most every ``DATABASE_REPLICA_CHECK_SECONDS`` per
process; NULL, replication stopped, counts as too far behind). A read on it that fails (the
server gone, a connect timeout of a second) is read again on the primary at once, and the
replica is left alone for ``DATABASE_REPLICA_RETRY_SECONDS``. So a replica that stops costs
each process one failed connect per retry period, and no request an error.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, router

from meetings import metrics

logger = logging.getLogger(__name__)

REPLICA = "replica"
R = TypeVar("R")

# Why a lagging read went to the primary (the fallbacks counter's label).
UNREACHABLE = "unreachable"
LAGGING = "lagging"
NOT_REPLICATING = "not replicating"


@dataclass
class LaggingReads:
    """What a ``lagging_reads()`` block read: ``used`` once a read was answered by the replica."""

    used: bool = False


_LAGGING: ContextVar[LaggingReads | None] = ContextVar("meetings_lagging_reads", default=None)


@contextlib.contextmanager
def lagging_reads() -> Iterator[LaggingReads]:
    """Reads made inside may be answered by the replica (``read``), and so may lag."""
    state = LaggingReads()
    token = _LAGGING.set(state)
    try:
        yield state
    finally:
        _LAGGING.reset(token)


def configured() -> bool:
    return REPLICA in settings.DATABASES


def replica_lag() -> int | None:
    """The replica's ``Seconds_Behind_Master``: None when it does not replicate (no
    replication set up, or its SQL or IO thread stopped). Raises DatabaseError when it does
    not answer."""
    connection = connections[REPLICA]
    connection.close_if_unusable_or_obsolete()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SHOW SLAVE STATUS")
            row = cursor.fetchone()
            if row is None:
                return None
            names = [column[0] for column in cursor.description]
    except BaseException:
        connection.close()
        raise
    status = dict(zip(names, row, strict=True))
    lag = status.get("Seconds_Behind_Master")
    return None if lag is None else int(lag)


class _Health:
    """This process's view of the replica: down for a while after a failure; its lag, asked
    at most every ``DATABASE_REPLICA_CHECK_SECONDS``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.down_until = 0.0
        self.checked_at = float("-inf")
        self.lag: int | None = None
        self._refusal: str | None = None

    def usable(self) -> bool:
        now = time.monotonic()
        with self._lock:
            if now < self.down_until:
                return False
            fresh = now - self.checked_at < settings.DATABASE_REPLICA_CHECK_SECONDS
            if fresh:
                return self._refusal is None
            self.checked_at = now  # one thread asks; the others use what is known meanwhile
        try:
            lag = replica_lag()
        except DatabaseError as error:
            self.failed(error)
            return False
        with self._lock:
            self.lag = lag
            refusal = None
            if lag is None:
                refusal = NOT_REPLICATING
            elif lag > settings.DATABASE_REPLICA_MAX_LAG:
                refusal = LAGGING
            self._note(refusal, lag)
            return refusal is None

    def failed(self, error: BaseException) -> None:
        """A read or a check on the replica failed: the primary answers for a while."""
        with contextlib.suppress(Exception):
            connections[REPLICA].close()
        with self._lock:
            self.down_until = time.monotonic() + settings.DATABASE_REPLICA_RETRY_SECONDS
            self.checked_at = float("-inf")  # asked again before its next use
            self._note(UNREACHABLE, None, error)

    def refused(self) -> str | None:
        with self._lock:
            return UNREACHABLE if time.monotonic() < self.down_until else self._refusal

    def _note(self, refusal: str | None, lag: int | None, error: Any = None) -> None:
        if lag is not None:
            metrics.REPLICA_LAG.set(lag)
        if refusal != self._refusal:
            if refusal is None:
                logger.warning("replica: used again (lag %s s)", lag)
            else:
                logger.warning("replica: not used (%s, lag %s): %r", refusal, lag, error)
        self._refusal = refusal


HEALTH = _Health()


class ReplicaRouter:
    """Reads inside ``lagging_reads()`` go to the replica while it is usable; nothing else
    does. The replica gets its tables by replication, never by ``migrate``."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if _LAGGING.get() is None or not configured() or not HEALTH.usable():
            return None
        return REPLICA

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None


def read(model: Any, run: Callable[[str], R]) -> R:
    """``run(alias)`` on the database the routers pick for reading ``model``: the replica when
    the read may lag and the replica is usable, and the primary again when the replica fails."""
    alias = router.db_for_read(model)
    if alias == REPLICA:
        try:
            found = run(REPLICA)
        except DatabaseError as error:
            HEALTH.failed(error)
            metrics.replica_fallback(UNREACHABLE)
        else:
            state = _LAGGING.get()
            if state is not None:
                state.used = True
            return found
    elif _LAGGING.get() is not None and configured():
        metrics.replica_fallback(HEALTH.refused() or UNREACHABLE)
    return run(DEFAULT_DB_ALIAS)
