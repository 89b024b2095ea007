"""One measured point and its progress line (shared by the points, the report and the
two-store comparison)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


@dataclass
class Point:
    """One scenario measured at one connection count on one worker class."""

    scenario: str
    worker_class: str
    connections: int
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    non_2xx_3xx: int
    bytes_per_request: float
    extra: dict[str, Any] = field(default_factory=dict)
    store: str = "mysql"


def point_from(
    name: str, worker_class: str, conns: int, result: dict[str, Any], store: str = "mysql"
) -> Point:
    """The point of one measured wrk run (``wrk.run_wrk``'s figures) on ``store``."""
    return Point(
        store=store,
        scenario=name,
        worker_class=worker_class,
        connections=conns,
        requests_per_s=result["requests_per_s"],
        p50_ms=result["p50_ms"],
        p99_ms=result["p99_ms"],
        requests=result["requests"],
        errors=result["errors"],
        non_2xx_3xx=result["non_2xx_3xx"],
        bytes_per_request=round(result["bytes_per_request"], 1),
    )


def point_line(point: Point) -> str:
    """The progress line of a point."""
    return (
        f"{point.worker_class:7} {point.store:6} {point.scenario:20} c={point.connections:<3} "
        f"{point.requests_per_s:8.0f} req/s  p50 {point.p50_ms:7.2f} ms  p99 {point.p99_ms:7.2f} ms"
        f"  errors {point.errors}  non-2xx/3xx {point.non_2xx_3xx}"
    )
