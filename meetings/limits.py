"""Abuse limits per client address: meetings created, joins, refused keys. One mechanism for
the API and the pages (django-ratelimit counters in the ``ratelimit`` cache, Redis when
``RATELIMIT_CACHE_URL`` is set); see docs/architecture.md, "Abuse limits"."""

from __future__ import annotations

import ipaddress
import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage  # type: ignore[import-untyped]
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

CREATE = "create"
JOIN = "join"
KEY_FAILURES = "key_failures"

RATE_SETTINGS = {
    CREATE: "MEETINGS_RATE_CREATE",
    JOIN: "MEETINGS_RATE_JOIN",
    KEY_FAILURES: "MEETINGS_RATE_KEY_FAILURES",
}
UNKNOWN_ADDRESS = "unknown"  # the one bucket of requests whose address cannot be told


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


def _usage(request: HttpRequest, limit: str, *, increment: bool) -> dict[str, Any] | None:
    try:
        usage: dict[str, Any] | None = get_usage(
            request,
            group=f"meetifyr.{limit}",
            key=client_address,
            rate=getattr(settings, RATE_SETTINGS[limit]),
            increment=increment,
        )
    except (RedisError, OSError):  # the counters' cache is down: skip the limit, not fail
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
    """Raise ``RateLimited`` if the address has used up ``limit`` already, without counting
    this request: what a password attempt checks before any hashing, so that past the limit no
    password is tried at all, right or wrong (a right one answering otherwise than a wrong one
    would let guessing go on past the limit)."""
    usage = _usage(request, limit, increment=False)
    if usage is not None and usage["count"] >= usage["limit"]:
        raise RateLimited(limit, usage["time_left"])
