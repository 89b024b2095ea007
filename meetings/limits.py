"""Abuse limits per client address: meetings created, joins, refused keys. One mechanism for
the API and the pages (django-ratelimit counters in the ``ratelimit`` cache, Redis when
``RATELIMIT_CACHE_URL`` is set; while Redis fails, counters of this process alone); see
docs/architecture.md, "Abuse limits"."""

from __future__ import annotations

import ipaddress
import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django_ratelimit.core import _split_rate, get_usage  # type: ignore[import-untyped]
from redis.exceptions import RedisError

from meetings import metrics

logger = logging.getLogger(__name__)

CREATE = "create"
JOIN = "join"
KEY_FAILURES = "key_failures"
ADMIN_LOGIN = "admin_login"
CALENDAR = "calendar"

RATE_SETTINGS = {
    CREATE: "MEETINGS_RATE_CREATE",
    JOIN: "MEETINGS_RATE_JOIN",
    KEY_FAILURES: "MEETINGS_RATE_KEY_FAILURES",
    ADMIN_LOGIN: "MEETINGS_RATE_ADMIN_LOGIN",
    CALENDAR: "MEETINGS_RATE_CALENDAR",
}
UNKNOWN_ADDRESS = "unknown"  # the one bucket of requests whose address cannot be told
# While the shared counters' cache (Redis) fails: counters of this process (a local-memory
# cache), Redis left alone for FALLBACK_SECONDS after each failure (so requests do not each wait
# for it), and one warning a minute at most.
FALLBACK_CACHE = "ratelimit_fallback"
FALLBACK_SECONDS = 10.0
WARNING_SECONDS = 60.0


class _SharedCounters:
    """Whether the shared counters are to be tried now, and when their failure was last told."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.skip_until = 0.0
        self.warned_at: float | None = None

    def usable(self) -> bool:
        return time.monotonic() >= self.skip_until

    def failed(self, limit: str, error: BaseException | None) -> None:
        now = time.monotonic()
        metrics.RATE_LIMIT_SHARED_FAILURES.inc()
        with self.lock:
            self.skip_until = now + FALLBACK_SECONDS
            warn = self.warned_at is None or now - self.warned_at >= WARNING_SECONDS
            if warn:
                self.warned_at = now
        if warn:
            logger.warning(
                "rate limits counted by this process alone: their shared cache failed (%s%s); "
                "told once a minute while it lasts",
                limit,
                f": {type(error).__name__}: {error}" if error is not None else "",
            )


_shared = _SharedCounters()


def shared_counters_reset() -> None:
    """Forget a failure of the shared counters (tests; a process starts so)."""
    global _shared
    _shared = _SharedCounters()


class RateLimited(Exception):
    """Over a limit: ``retry_after`` seconds until the window ends."""

    def __init__(self, limit: str, retry_after: int) -> None:
        super().__init__(f"over the {limit} limit, retry in {retry_after} s")
        self.limit = limit
        self.retry_after = max(1, retry_after)


def client_address(group: str, request: HttpRequest) -> str:
    """The address a request counts against (django-ratelimit's ``key``).

    Without ``MEETINGS_CLIENT_IP_HEADER``: the connection's address. With it (behind
    ``MEETINGS_PROXY_HOPS`` trusted proxies, each appending the address it saw): the entry
    that many from the right, which no client can forge. Anything that is not an address
    falls in one shared bucket."""
    raw = request.META.get("REMOTE_ADDR", "")
    header = settings.MEETINGS_CLIENT_IP_HEADER
    if header:
        entries = [e.strip() for e in request.META.get(header, "").split(",") if e.strip()]
        hops = settings.MEETINGS_PROXY_HOPS
        raw = entries[-hops] if len(entries) >= hops else ""
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return UNKNOWN_ADDRESS
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def _usage(request: HttpRequest, limit: str, *, increment: bool) -> dict[str, Any]:
    rate = getattr(settings, RATE_SETTINGS[limit])
    if _shared.usable():
        try:
            usage: dict[str, Any] | None = get_usage(
                request,
                group=f"meetifyr.{limit}",
                key=client_address,
                rate=rate,
                increment=increment,
            )
        except (RedisError, OSError) as error:
            _shared.failed(limit, error)
        else:
            if usage is not None and usage["time_left"] >= 0:
                return usage
            _shared.failed(limit, None)  # django-ratelimit's "cache failed": time_left < 0
    return _fallback_usage(request, limit, rate, increment=increment)


def _fallback_usage(
    request: HttpRequest, limit: str, rate: str, *, increment: bool
) -> dict[str, Any]:
    """The usage as this process alone counted it (fixed windows, as django-ratelimit's)."""
    allowed, period = _split_rate(rate)
    now = time.time()
    window = int(now // period)
    key = f"{limit}:{client_address(limit, request)}:{window}"
    cache = caches[FALLBACK_CACHE]
    if increment:
        cache.add(key, 0, timeout=period + 1)
        count = cache.incr(key)
    else:
        count = cache.get(key, 0)
    return {"count": count, "limit": allowed, "time_left": int((window + 1) * period - now)}


def limit_count(request: HttpRequest, limit: str) -> None:
    """Count one request against ``limit``; raise ``RateLimited`` if that one is over it."""
    usage = _usage(request, limit, increment=True)
    if usage["count"] > usage["limit"]:
        metrics.rate_limit_refused(limit)
        raise RateLimited(limit, usage["time_left"])


def limit_check(request: HttpRequest, limit: str) -> None:
    """Raise ``RateLimited`` if the address has used up ``limit`` already, without counting
    this request: what a password attempt checks before any hashing, so that past the limit no
    password is tried at all, right or wrong (a right one answering otherwise than a wrong one
    would let guessing go on past the limit)."""
    usage = _usage(request, limit, increment=False)
    if usage["count"] >= usage["limit"]:
        metrics.rate_limit_refused(limit)
        raise RateLimited(limit, usage["time_left"])
