"""Abuse limits: creating meetings, joining, and failed key checks, per client address.

One mechanism for the API and the pages: django-ratelimit's fixed-window counters in the Django
cache named ``ratelimit`` (``settings.RATELIMIT_USE_CACHE``). With ``RATELIMIT_CACHE_URL`` set
that is Redis, whose atomic increments every worker process shares; without, each process
counts for itself (fine for ``make run``'s one process; a system check warns when DEBUG is off).
The rates live in settings (``MEETINGS_RATE_*``, "count/period" such as ``60/h``).

A cache that cannot be reached never fails a request: the limit is skipped and a warning
logged, since turning every visitor away would be worse than a moment without limits.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage  # type: ignore[import-untyped]

logger = logging.getLogger(__name__)

CREATE = "create"
JOIN = "join"
KEY_FAILURES = "key_failures"

RATE_SETTINGS = {
    CREATE: "MEETINGS_RATE_CREATE",
    JOIN: "MEETINGS_RATE_JOIN",
    KEY_FAILURES: "MEETINGS_RATE_KEY_FAILURES",
}


class RateLimited(Exception):
    """Over a limit: ``retry_after`` seconds until the window ends."""

    def __init__(self, limit: str, retry_after: int) -> None:
        super().__init__(f"over the {limit} limit, retry in {retry_after} s")
        self.limit = limit
        self.retry_after = max(1, retry_after)


def _usage(request: HttpRequest, limit: str, *, increment: bool) -> dict[str, Any] | None:
    try:
        usage: dict[str, Any] | None = get_usage(
            request,
            group=f"meetifyr.{limit}",
            key="ip",
            rate=getattr(settings, RATE_SETTINGS[limit]),
            increment=increment,
        )
    except Exception:  # the counters' cache is down: skip the limit rather than fail
        logger.warning("rate limit %s not checked: its cache failed", limit, exc_info=True)
        return None
    if usage is not None and usage["time_left"] < 0:  # django-ratelimit's "cache failed"
        logger.warning("rate limit %s not checked: its cache failed", limit)
        return None
    return usage


def limit_count(request: HttpRequest, limit: str) -> None:
    """Count one request against ``limit``; raise ``RateLimited`` if that one is over it."""
    usage = _usage(request, limit, increment=True)
    if usage is not None and usage["count"] > usage["limit"]:
        raise RateLimited(limit, usage["time_left"])


def limit_check(request: HttpRequest, limit: str) -> None:
    """Raise ``RateLimited`` if ``limit`` is used up already, without counting this request
    (before checking a key: failures are counted by ``limit_count`` once one fails)."""
    usage = _usage(request, limit, increment=False)
    if usage is not None and usage["count"] >= usage["limit"]:
        raise RateLimited(limit, usage["time_left"])
