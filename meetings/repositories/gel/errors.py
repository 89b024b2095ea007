"""Gel errors as the domain's: a server that cannot be used becomes
``StoreUnavailable("EdgeDB store is not available: <reason>")`` (503), and for a moment after an
unreachable server new requests fail fast with the same reason. Other errors pass through.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

import gel
from django.conf import settings

from meetings import metrics
from meetings.domain import StoreUnavailable

# One logger for the whole store, under its package name (``meetings_purge`` silences it).
logger = logging.getLogger("meetings.repositories.gel")

UNAVAILABLE = "EdgeDB store is not available: {reason}"
REASON_NOT_CONFIGURED = "no usable Gel connection is configured (set GEL_DSN or GEL_INSTANCE)"
REASON_UNREACHABLE = "cannot connect to the Gel server"
REASON_TIMEOUT = "connecting to the Gel server timed out"
REASON_CONNECTION_LOST = "the connection to the Gel server was lost"
REASON_CREDENTIALS = "the Gel server rejected the credentials"
REASON_NO_BRANCH = "the configured Gel branch does not exist"
REASON_OFFLINE = "the Gel server is not accepting queries"
REASON_BUSY = "too many simultaneous changes to this meeting, retry shortly"

# The ``errmessage`` of the constraints in dbschema/default.gel.
URL_CODE_TAKEN = "meeting url_code is taken"
NAME_TAKEN = "participant name is taken in this meeting"

# After the server could not be reached: until when to answer 503 at once, and why.
_outage: tuple[float, str] | None = None
OUTAGE_REASONS = frozenset({REASON_UNREACHABLE, REASON_TIMEOUT, REASON_OFFLINE})

# Each reason's label in ``meetifyr_gel_unavailable_total`` (meetings/metrics.py).
REASON_LABELS = {
    REASON_NOT_CONFIGURED: "not_configured",
    REASON_UNREACHABLE: "unreachable",
    REASON_TIMEOUT: "timeout",
    REASON_CONNECTION_LOST: "connection_lost",
    REASON_CREDENTIALS: "credentials",
    REASON_NO_BRANCH: "no_branch",
    REASON_OFFLINE: "offline",
    REASON_BUSY: "busy",
}


def unavailable_reason(error: BaseException) -> str | None:
    """Why the server cannot be used, if that is what ``error`` says; ``None`` otherwise.

    A transaction that could not even connect surfaces as an ``InterfaceError`` from the client's
    clean-up, raised while handling the connection error: look behind it too.
    """
    if isinstance(error, gel.ClientConnectionTimeoutError):
        return REASON_TIMEOUT
    if isinstance(error, gel.ClientConnectionClosedError):
        return REASON_CONNECTION_LOST
    if isinstance(error, gel.ClientConnectionFailedError):
        return REASON_UNREACHABLE
    if isinstance(error, gel.ClientConnectionError):  # raised before any attempt: configuration
        return REASON_NOT_CONFIGURED
    if isinstance(error, gel.AuthenticationError):
        return REASON_CREDENTIALS
    if isinstance(error, gel.UnknownDatabaseError):
        return REASON_NO_BRANCH
    if isinstance(error, gel.AvailabilityError):
        return REASON_OFFLINE
    if isinstance(error, gel.TransactionConflictError):  # still conflicting after the retries
        return REASON_BUSY
    if isinstance(error, gel.InterfaceError):
        behind = error.__cause__ or error.__context__
        if behind is not None and behind is not error:
            return unavailable_reason(behind)
    return None


def store_unavailable(error: BaseException) -> StoreUnavailable | None:
    reason = unavailable_reason(error)
    if reason is None:
        return None
    logger.warning("Gel store unavailable (%s): %s", reason, error)
    return StoreUnavailable(UNAVAILABLE.format(reason=reason))


def outage_check(*, counted: bool = True) -> None:
    """Answer at once while a recent attempt found the server unreachable.

    Each attempt may wait ``GEL_CONNECT_WAIT`` seconds and the client lets one thread at a time
    make the first connection, so during an outage requests would otherwise queue behind each
    other; for a moment after a failed attempt, new requests fail fast with the same reason.
    """
    outage = _outage
    if outage is not None and time.monotonic() < outage[0]:
        if counted:
            metrics.gel_unavailable(REASON_LABELS[outage[1]])
        raise StoreUnavailable(UNAVAILABLE.format(reason=outage[1]))


def outage_forget() -> None:
    """Forget a recent outage (the client is being closed: the next request tries afresh)."""
    global _outage
    _outage = None


@contextmanager
def store_errors(*, counted: bool = True) -> Iterator[None]:
    """Turn errors meaning "the server cannot be used" into ``StoreUnavailable``, each counted
    in ``meetifyr_gel_unavailable_total`` unless not ``counted`` (the readiness check's)."""
    global _outage
    outage_check(counted=counted)
    try:
        yield
    except gel.EdgeDBError as error:
        reason = unavailable_reason(error)
        if reason is None:
            raise
        if reason in OUTAGE_REASONS:
            _outage = (time.monotonic() + max(1, settings.GEL_CONNECT_WAIT), reason)
        logger.warning("Gel store unavailable (%s): %s", reason, error)
        if counted:
            metrics.gel_unavailable(REASON_LABELS[reason])
        raise StoreUnavailable(UNAVAILABLE.format(reason=reason)) from error


def violated(error: gel.ConstraintViolationError, message: str) -> bool:
    """Whether ``error`` comes from the constraint whose ``errmessage`` is ``message``."""
    return bool(error.args) and message in str(error.args[0])
