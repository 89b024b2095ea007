"""Prometheus metrics: each request counted and timed by route template, and ``/metrics``
served on a listener of its own, never on the public one.

With ``MEETINGS_METRICS_BIND=host:port`` gunicorn (gunicorn.conf.py) listens there too, next to
its public address. A request that came in on that listener is answered here, first in
``MIDDLEWARE`` and by nothing else: ``GET /metrics`` gives every worker process's values summed
(prometheus-client's multiprocess mode, ``PROMETHEUS_MULTIPROC_DIR``), any other path 404. So
neither the host check, the HTTPS redirect, sessions nor the abuse limits see a scrape, and the
public listener has no ``/metrics`` at all (404). Which listener a request came in on is the
connection's own local address (``gunicorn.socket``), which no header can change.

Every other request is counted (``meetifyr_http_requests_total``, the duration histogram, its
database queries) by method, route template and status: the URL pattern that matched, as in
the request logs, ``<unmatched>`` when none did; never the path, which holds a meeting's url
code, nor the query, where old links carry a key. The probes (``/healthz``, ``/readyz``) are
not counted (a balancer polls them every second).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse
from prometheus_client import REGISTRY, CollectorRegistry, multiprocess
from prometheus_client.exposition import choose_encoder

from meetifyr.probes import LIVENESS, READINESS
from meetings import metrics

PATH = "/metrics"
UNMATCHED = "<unmatched>"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def on_metrics_listener(request: HttpRequest) -> bool:
    """Whether the request came in on the metrics listener (``MEETINGS_METRICS_BIND``'s port)."""
    port = settings.MEETINGS_METRICS_PORT
    sock = request.META.get("gunicorn.socket")
    if port is None or sock is None:
        return False
    try:
        local = sock.getsockname()
    except OSError:
        return False
    return isinstance(local, tuple) and len(local) >= 2 and local[1] == port


def registry() -> CollectorRegistry:
    """What a scrape reads: every process's files in multiprocess mode, else this process's."""
    if not metrics.MULTIPROCESS_DIR:
        return REGISTRY
    collected = CollectorRegistry()
    multiprocess.MultiProcessCollector(collected, path=metrics.MULTIPROCESS_DIR)  # type: ignore[no-untyped-call]
    return collected


def _answer(
    body: bytes, status: int, content_type: str = "text/plain; charset=utf-8"
) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type, status=status)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def exposition(request: HttpRequest) -> HttpResponse:
    """The metrics listener's answer to anything."""
    if request.path_info != PATH:
        response: HttpResponse = _answer(b"not found\n", 404)
    elif request.method not in ("GET", "HEAD"):
        response = _answer(b"method not allowed\n", 405)
        response["Allow"] = "GET, HEAD"
    else:
        encoder, content_type = choose_encoder(request.headers.get("Accept", ""))
        body = encoder(registry())
        response = _answer(b"" if request.method == "HEAD" else body, 200, content_type)
    # Not one of the app's requests: Django logs no 404 of a probe for other paths either.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def _route(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return match.route if match is not None and match.route else UNMATCHED


class MetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        metrics.WEB_PROCESSES.set(1)  # this process serves (the sum: processes alive)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if on_metrics_listener(request):
            return exposition(request)
        if request.path_info in (LIVENESS, READINESS):
            return self.get_response(request)
        began = time.perf_counter()
        queries: dict[str, int] = {}
        status = 500  # unless a response comes back: an error even the error pages failed on
        try:
            with ExitStack() as wrappers:
                for alias in connections:
                    counted = _counter(queries, alias)
                    wrappers.enter_context(connections[alias].execute_wrapper(counted))
                response = self.get_response(request)
            status = response.status_code
        finally:
            took = time.perf_counter() - began
            method = request.method if request.method in _METHODS else "OTHER"
            route = _route(request)
            metrics.HTTP_REQUESTS.labels(method, route, str(status)).inc()
            metrics.HTTP_LATENCY.labels(method, route).observe(took)
            for alias, count in queries.items():
                metrics.DB_QUERIES.labels(route, alias).inc(count)
        return response


def _counter(queries: dict[str, int], alias: str) -> Callable[..., Any]:
    def counted(execute: Callable[..., Any], *args: Any) -> Any:
        queries[alias] = queries.get(alias, 0) + 1
        return execute(*args)

    return counted
