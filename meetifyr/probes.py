"""``/healthz`` and ``/readyz``, answered ahead of every other middleware.

A load balancer probes each app server directly, often by its IP address (not a name in
``ALLOWED_HOSTS``) and over plain HTTP (which ``SECURE_SSL_REDIRECT`` would redirect). The
probes are answered first in ``MIDDLEWARE``, so neither the host check (``CommonMiddleware``
asks for the host) nor the redirect (``SecurityMiddleware``) nor sessions, CSRF or the abuse
limits ever see them. That is safe here: the answers name no host and build no URL, carry no
cookie and are never cached (``Cache-Control: no-store``).

- ``/healthz``, liveness: the process answers; no I/O at all. Always 200 ``{"status": "ok"}``.
- ``/readyz``, readiness (``meetings.health``): 200 ``{"status": "ok", "checks": {...}}`` when
  every dependency answered within a second, else 503 ``{"status": "fail", ...}`` naming it.

Other methods than GET and HEAD answer 405.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from meetings.health import readiness

LIVENESS = "/healthz"
READINESS = "/readyz"
_ALIVE = json.dumps({"status": "ok"}).encode()


def _answer(request: HttpRequest, body: bytes, status: int) -> HttpResponse:
    response = HttpResponse(
        b"" if request.method == "HEAD" else body, content_type="application/json", status=status
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class ProbesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path not in (LIVENESS, READINESS):
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = _answer(request, b'{"detail": "method not allowed"}', 405)
            response["Allow"] = "GET, HEAD"
            return response
        if path == LIVENESS:
            return _answer(request, _ALIVE, 200)
        ready, checks = readiness()
        body = json.dumps({"status": "ok" if ready else "fail", "checks": checks}).encode()
        response = _answer(request, body, 200 if ready else 503)
        # meetings.health logs a check's failure once; not Django, at every poll's 503.
        response._has_been_logged = True  # type: ignore[attr-defined]
        return response
