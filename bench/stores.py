"""The two stores side by side (issue 22): each point's Gel/MySQL ratio, each write point's
ratio to its own store's bare write (``bare_toggle``: the bare app's toggle with the store's
statements, ``bench/bare_write.py``), and the targets on them.

The targets are for later work on the stores: they are shown as met or not met, and never fail
the bench.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bench.figures import Point

# Gel's rate over MySQL's, within one run, worker class and connection count.
GEL_TARGETS = {
    "gel_get_typical_uncached_vs_mysql": ("get_typical_uncached", 0.8),
    "gel_poll_304_vs_mysql": ("poll_304", 0.8),
}
WRITES = ("toggle", "stroke", "join", "create")
WRITE_TARGET = 0.7  # each write point over its store's bare write
# The points of the side-by-side table, in its order.
SIDE_BY_SIDE = (
    "get_typical", "get_typical_uncached", "get_large_uncached", "poll_304", "page_typical",
    "bare_toggle", "toggle", "stroke", "join", "create",
)  # fmt: skip
STORE_NAMES = {"mysql": "MySQL", "edgedb": "Gel"}


def _key(p: Point) -> tuple[str, str, str, int]:
    return (p.worker_class, p.store, p.scenario, p.connections)


def store_ratios(points: list[Point]) -> None:
    """Note on each point its ratio to the same point on MySQL (Gel points) and, for the writes,
    to its store's bare write."""
    rate = {_key(p): p.requests_per_s for p in points}
    for p in points:
        if p.store != "mysql":
            mysql = rate.get((p.worker_class, "mysql", p.scenario, p.connections))
            p.extra["vs_mysql"] = round(p.requests_per_s / mysql, 3) if mysql else None
        if p.scenario in WRITES:
            bare = rate.get((p.worker_class, p.store, "bare_toggle", p.connections))
            p.extra["vs_bare_write"] = round(p.requests_per_s / bare, 3) if bare else None


def store_targets(points: list[Point]) -> dict[str, dict[str, Any]]:
    """Issue 22's targets per worker class and connection count (after ``store_ratios``)."""
    found: dict[str, dict[str, Any]] = {}
    for p in points:
        where = f"{p.worker_class}/c{p.connections}"
        for name, (scenario, target) in GEL_TARGETS.items():
            if p.store == "edgedb" and p.scenario == scenario:
                found.setdefault(where, {})[name] = _check(p.extra.get("vs_mysql"), target)
        if p.scenario in WRITES:
            name = f"{p.store} {p.scenario}_vs_bare_write"
            found.setdefault(where, {})[name] = _check(p.extra.get("vs_bare_write"), WRITE_TARGET)
    return found


def _check(value: float | None, target: float) -> dict[str, Any]:
    return {"ratio": value, "target": target, "met": value is not None and value >= target}


def stores_markdown(report: dict[str, Any]) -> list[str]:
    """The side-by-side table of each worker class, and issue 22's targets."""
    gel = report.get("gel") or {}
    points = [p for p in report["points"] if p["scenario"] in SIDE_BY_SIDE]
    if gel.get("left_out"):
        head = f"Gel left out: {gel['left_out']}."
    else:
        head = f"Gel {gel.get('version', '')} ({gel.get('source', '')})."
    lines = ["## Both stores", "", head, ""]
    classes = list(dict.fromkeys(p["worker_class"] for p in points))
    for worker_class in classes:
        lines += [
            f"{worker_class} workers, req/s at each connection count (separated by /):",
            "",
            "| scenario | MySQL req/s | Gel req/s | Gel/MySQL | MySQL vs bare write "
            "| Gel vs bare write |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for scenario in SIDE_BY_SIDE:
            cells = _cells(points, worker_class, scenario)
            if cells is not None:
                lines.append(f"| {scenario} | " + " | ".join(cells) + " |")
        lines.append("")
    bare = report.get("bare_write") or {}
    for store, found in bare.items():
        same = "the same as" if found["same"] else "NOT the same as"
        lines.append(
            f"- {STORE_NAMES.get(store, store)} bare write: {len(found['bare'])} statements, "
            f"{same} the real toggle's ({len(found['real'])})"
        )
    lines += ["", "Issue 22's targets (for later work; they never fail the bench):", ""]
    for where, checks in report.get("store_targets", {}).items():
        for name, check in checks.items():
            mark = "met" if check["met"] else "not met"
            lines.append(f"- {where} {name}: {check['ratio']} (target {check['target']}) {mark}")
    return [*lines, ""]


def _cells(points: list[dict[str, Any]], worker_class: str, scenario: str) -> list[str] | None:
    mine = [p for p in points if p["worker_class"] == worker_class and p["scenario"] == scenario]
    if not mine:
        return None
    conns = sorted({p["connections"] for p in mine})

    def joined(store: str, value: Any) -> str:
        found = []
        for c in conns:
            p = next((p for p in mine if p["store"] == store and p["connections"] == c), None)
            found.append("" if p is None else value(p))
        return " / ".join(found) if any(found) else ""

    def rate(p: dict[str, Any]) -> str:
        return f"{p['requests_per_s']:.0f}"

    def extra(name: str) -> Any:
        def get(p: dict[str, Any]) -> str:
            value = p["extra"].get(name)
            return "" if value is None else f"{value:.2f}"

        return get

    return [
        joined("mysql", rate),
        joined("edgedb", rate),
        joined("edgedb", extra("vs_mysql")),
        joined("mysql", extra("vs_bare_write")),
        joined("edgedb", extra("vs_bare_write")),
    ]
