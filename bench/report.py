"""The bench's report: its progress lines, the targets (ratios within one run), and the results
written as ``bench-results/latest.json`` and ``.md``."""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.figures import Point, log
from bench.stores import store_ratios, store_targets, stores_markdown
from bench.writers import writers_markdown

# Targets are checked twice: with the GETs answered from the rendered-meeting cache (what a
# reader gets while the meeting does not change) and with it off (what a GET right after a
# change costs).
REGIMES = (("cached GET", ""), ("uncached GET", "_uncached"))
TARGETS = {
    "get_vs_baseline": 0.5,  # GET meeting (typical) / bare baseline
    "poll_vs_get": 2.0,  # 304 poll / GET meeting (typical)
    "large_vs_typical": 0.3,  # GET meeting (large) / GET meeting (typical)
}
# Times of day, each a ratio within one run: (numerator, denominator, target).
TIMED_TARGETS = {
    "timed_typical_vs_dates": ("get_timed_typical_uncached", "get_typical_uncached", 0.8),
    "timed_large_vs_dates": ("get_timed_large_uncached", "get_large_uncached", 0.5),
    "stroke_vs_toggle": ("stroke", "toggle", 0.8),
    "page_timed_vs_baseline": ("page_timed", "baseline", 0.3),
    "page_typical_vs_baseline": ("page_typical", "baseline", 0.3),
    "page_large_vs_baseline": ("page_large", "baseline", 0.1),
    "page_member_vs_baseline": ("page_typical_member", "baseline", 0.3),
    # Weekly meetings (issue 20): a weekly timed meeting against a dated one of the same size.
    "weekly_get_vs_dated": ("get_weekly_timed_uncached", "get_timed_week_uncached", 0.9),
    "weekly_page_vs_dated": ("page_weekly_timed", "page_timed_week", 0.9),
}


def build_report(
    points: list[Point],
    queries: dict[str, dict[str, float]],
    get_sql: list[str],
    classes: tuple[str, ...],
    connections: tuple[int, ...],
    *,
    label: str,
    duration: int,
    gthread_threads: int,
    seconds: float,
    gel: dict[str, Any] | None = None,
    bare_write: dict[str, Any] | None = None,
    writers: dict[str, Any] | None = None,
) -> dict[str, Any]:
    # The targets below are MySQL's; "vs baseline" is the bare (MySQL) read's for every point.
    rate = {
        (p.worker_class, p.scenario, p.connections): p.requests_per_s
        for p in points
        if p.store == "mysql"
    }
    store_ratios(points)
    for point in points:
        baseline = rate.get((point.worker_class, "baseline", point.connections))
        point.extra["vs_baseline"] = round(point.requests_per_s / baseline, 3) if baseline else None
    targets: dict[str, dict[str, Any]] = {}
    for worker_class in classes:
        for conns in connections:
            for regime, suffix in REGIMES:
                names = ("baseline", f"get_typical{suffix}", f"get_large{suffix}", "poll_304")
                if any((worker_class, name, conns) not in rate for name in names):
                    continue
                get = rate[(worker_class, f"get_typical{suffix}", conns)]
                ratios = {
                    "get_vs_baseline": _ratio(get, rate[(worker_class, "baseline", conns)]),
                    "poll_vs_get": _ratio(rate[(worker_class, "poll_304", conns)], get),
                    "large_vs_typical": _ratio(
                        rate[(worker_class, f"get_large{suffix}", conns)], get
                    ),
                }
                targets[f"{worker_class}/c{conns} {regime}"] = {
                    name: _check(value, TARGETS[name]) for name, value in ratios.items()
                }
            timed: dict[str, Any] = {}
            for name, (top, bottom, target) in TIMED_TARGETS.items():
                if (worker_class, top, conns) in rate and (worker_class, bottom, conns) in rate:
                    value = _ratio(
                        rate[(worker_class, top, conns)], rate[(worker_class, bottom, conns)]
                    )
                    timed[name] = _check(value, target)
            if timed:
                targets[f"{worker_class}/c{conns} times of day and pages"] = timed
            bare_large = rate.get((worker_class, "baseline_large", conns))
            if bare_large and (worker_class, "baseline", conns) in rate:
                # For reference: what the large meeting costs the bare app itself.
                value = _ratio(bare_large, rate[(worker_class, "baseline", conns)])
                targets[f"{worker_class}/c{conns} bare app"] = {
                    "large_vs_typical": {
                        "ratio": None if value is None else round(value, 3),
                        "target": None, "met": None,
                    }
                }  # fmt: skip
    for worker_class in classes:
        for conns in connections:
            replica = rate.get((worker_class, "poll_304_replica", conns))
            primary = rate.get((worker_class, "poll_304_primary", conns))
            if replica and primary:  # for reference (bench/replica.py): no target
                targets[f"{worker_class}/c{conns} replica"] = {
                    "poll_replica_vs_primary": {
                        "ratio": round(replica / primary, 3), "target": None, "met": None,
                    }
                }  # fmt: skip
    # The faster class: the higher geometric mean of the app's req/s over every point.
    logs = {
        worker_class: [
            math.log(max(p.requests_per_s, 0.01)) for p in points
            if p.worker_class == worker_class and p.store == "mysql"
            and not p.scenario.startswith(("baseline", "bare_"))
        ]
        for worker_class in classes
    }  # fmt: skip
    # (A class has no app point when --only names none.)
    totals = {name: math.exp(statistics.fmean(values)) for name, values in logs.items() if values}
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "label": label,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "duration_per_point_s": duration,
        "gunicorn": {"workers": 2, "gthread_threads": gthread_threads},
        "queries_per_request": queries,
        "queries_method": (
            "orm: statements Django sent (CaptureQueriesContext); server: the MariaDB session's "
            "Questions counter around the same test-client requests (includes transaction "
            "control), averaged over 3 requests"
        ),
        "get_meeting_sql": get_sql,
        "points": [asdict(p) for p in points],
        "targets": targets,
        "gel": gel or {},
        "bare_write": bare_write or {},
        "bare_write_method": (
            "the bare app's toggle (bench/baseline_app.py, bench/bare_write.py) with the "
            "statements of bench/bare_sql.py, compared with the real toggle's as logged in "
            "this run (bench/queries.py toggle_statements)"
        ),
        "store_targets": store_targets(points),
        "writers": writers or {},
        "faster_worker_class": max(totals, key=lambda k: totals[k]) if len(totals) > 1 else None,
        "seconds": round(seconds, 1),
    }


def _ratio(top: float, bottom: float) -> float | None:
    """``top / bottom``, or None when the bottom point answered nothing (a loaded machine)."""
    return top / bottom if bottom else None


def _check(value: float | None, target: float) -> dict[str, Any]:
    if value is None:
        return {"ratio": None, "target": target, "met": False}
    return {"ratio": round(value, 3), "target": target, "met": value >= target}


def report_markdown(report: dict[str, Any]) -> str:
    lines = [
        f"# Meetifyr benchmark ({report['when']} {report['label']})".replace(" )", ")"),
        "",
        f"{report['machine']['cpus']} CPUs, Python {report['machine']['python']}, gunicorn "
        f"2 workers (gthread: {report['gunicorn']['gthread_threads']} threads each), wrk 2 "
        f"threads, {report['duration_per_point_s']} s per point, loopback.",
        "",
        *stores_markdown(report),
        *writers_markdown(report.get("writers") or {}),
        "## Every point",
        "",
        "| workers | store | scenario | conns | req/s | p50 ms | p99 ms | vs baseline "
        "| vs bare write | Gel/MySQL | errors |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for p in report["points"]:
        ratios = (p["extra"].get(name) for name in ("vs_baseline", "vs_bare_write", "vs_mysql"))
        lines.append(
            f"| {p['worker_class']} | {p.get('store', 'mysql')} | {p['scenario']} | "
            f"{p['connections']} | {p['requests_per_s']:.0f} | {p['p50_ms']:.2f} | "
            f"{p['p99_ms']:.2f} | "
            + " | ".join("" if r is None else str(r) for r in ratios)
            + f" | {p['errors'] + p['non_2xx_3xx']} |"
        )
    lines += ["", "Queries per request on MySQL (orm / server-side statements):", ""]
    for name, counts in report["queries_per_request"].items():
        lines.append(f"- {name}: {counts['orm']:g} / {counts['server']:g}")
    lines += ["", "Targets on MySQL (ratios within this run):", ""]
    for where, checks in report["targets"].items():
        for name, check in checks.items():
            if check["target"] is None:
                lines.append(f"- {where} {name}: {check['ratio']} (reference, no target)")
                continue
            mark = "met" if check["met"] else "MISSED"
            lines.append(f"- {where} {name}: {check['ratio']} (target {check['target']}) {mark}")
    lines += ["", f"Faster worker class overall: {report['faster_worker_class']}", ""]
    return "\n".join(lines)


def write(report: dict[str, Any], results: Path) -> None:
    """``latest.json`` and ``latest.md`` in ``results``, and the table on the terminal."""
    (results / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
    (results / "latest.md").write_text(report_markdown(report))
    print(report_markdown(report))
    log(f"wrote {results / 'latest.json'} and latest.md in {report['seconds']:.0f} s")
