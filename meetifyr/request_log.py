"""One JSON line per request, and the request id in ``X-Request-ID``.

Every response carries an ``X-Request-ID``: the request's own when it sent a usable one (1 to
64 letters, digits, ``.``, ``_``, ``:`` or ``-``, what proxies and UUIDs give), else a fresh
one. With ``MEETINGS_LOG_FORMAT=json`` each request also writes one line to the
``meetings.requests`` logger::

    {"method": "GET", "route": "meetings/<str:url_code>/", "status": 200, "ms": 3.1,
     "request_id": "..."}

The route is the URL pattern that matched (``null`` when none did, e.g. a 404 or a static
file), never the path: a path holds a meeting's url code, and an old link's query its key.
Nothing else of the request (query, headers, body, names) is written. The probes
(``/healthz``, ``/readyz``), answered before this middleware, are not logged.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("meetings.requests")

HEADER = "X-Request-ID"
_USABLE_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def request_id(request: HttpRequest) -> str:
    """The id the request sent, if usable, else a fresh one."""
    sent = request.headers.get(HEADER, "")
    return sent if _USABLE_ID.fullmatch(sent) else uuid.uuid4().hex


def _route(request: HttpRequest) -> str | None:
    match = getattr(request, "resolver_match", None)
    return match.route if match is not None else None


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.json = settings.MEETINGS_LOG_FORMAT == "json"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        began = time.perf_counter()
        rid = request_id(request)
        request.request_id = rid  # type: ignore[attr-defined]
        response = self.get_response(request)
        response[HEADER] = rid
        if self.json:
            line = {
                "method": request.method if request.method in _METHODS else "OTHER",
                "route": _route(request),
                "status": response.status_code,
                "ms": round((time.perf_counter() - began) * 1000, 1),
                "request_id": rid,
            }
            logger.info(json.dumps(line))
        return response
