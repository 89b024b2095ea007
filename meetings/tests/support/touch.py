"""Touch and focus steps of the browser tests: a held finger stroke and a swipe through
Chromium's DevTools protocol (real touch input), what the live region says, and the contrast of
two CSS colours (WCAG's formula)."""

from __future__ import annotations

import re
import time
from typing import Any

from playwright.sync_api import Page, expect

PENDING = re.compile(r"\bpending\b")


def _touch(cdp: Any, kind: str, point: tuple[float, float] | None, at: float | None = None) -> None:
    points = [] if point is None else [{"x": point[0], "y": point[1]}]
    event: dict[str, Any] = {"type": kind, "touchPoints": points}
    if at is not None:
        event["timestamp"] = at
    cdp.send("Input.dispatchTouchEvent", event)


def finger_stroke(page: Page, points: list[tuple[float, float]]) -> None:
    """A finger pressed at the first point, moved through the others at a hand's pace (a tenth
    of a second apart, by the events' own time stamps) and lifted after a rest, as a hand
    paints: no fling is left running when it lifts (a tap right after a fling is taken to
    stop it, and clicks nothing)."""
    cdp = page.context.new_cdp_session(page)
    at = time.time()
    _touch(cdp, "touchStart", points[0], at)
    for point in [*points[1:], points[-1], points[-1]]:
        at += 0.1
        _touch(cdp, "touchMove", point, at)
    _touch(cdp, "touchEnd", None, at + 0.1)
    cdp.detach()


def touch_hold_drag(page: Page, points: list[tuple[float, float]], *, held: Any) -> None:
    """A finger pressed at the first point and held until ``held`` (the cell or button under
    it) shows that a stroke started, then moved through the other points and lifted."""
    cdp = page.context.new_cdp_session(page)
    _touch(cdp, "touchStart", points[0])
    expect(held).to_have_class(PENDING)  # the long press was recognised
    for point in points[1:]:
        _touch(cdp, "touchMove", point)
    _touch(cdp, "touchEnd", None)
    cdp.detach()


def swipe(page: Page, start: tuple[float, float], end: tuple[float, float], steps: int = 8) -> None:
    """A finger swipe from ``start`` to ``end`` in ``steps`` moves (at a hand's pace, see
    ``finger_stroke``: the page scrolls by the distance, with no fling after it)."""
    points = [
        (
            start[0] + (end[0] - start[0]) * step / steps,
            start[1] + (end[1] - start[1]) * step / steps,
        )
        for step in range(steps + 1)
    ]
    finger_stroke(page, points)


def said(page: Page) -> Any:
    """The page's live region (what a screen reader is told)."""
    return expect(page.locator("#live-status"))


def _channel(value: float) -> float:
    value /= 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def luminance(css: str) -> float:
    """The relative luminance of a computed CSS colour ("rgb(r, g, b)")."""
    match = re.match(r"rgba?\((\d+), (\d+), (\d+)", css)
    assert match, css
    r, g, b = (_channel(float(part)) for part in match.groups())
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
