"""What the browser tests share: Debian's Chromium, the viewports, and the steps and checks
several walk-throughs take (create, join, paint, wait until settled, look for overflow).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from playwright.sync_api import (
    BrowserContext,
    Page,
    ViewportSize,
    expect,
)

from meetings import services
from meetings.domain import (
    DateAction,
    Meeting,
    key_new,
    time_window_check,
)
from meetings.repositories import repository_for

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told that this is deliberate (the test's own checks and the
# database flush between tests).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
POLL_SECONDS = 1.0
PHONE: ViewportSize = {"width": 375, "height": 812}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}

NewContext = Callable[..., BrowserContext]


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def screenshot_view(page: Page, name: str) -> None:
    """What the screen shows now (not the whole page)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def state(meeting: Meeting, name: str, iso: str) -> tuple[bool, bool]:
    participant = next(p for p in meeting.participants if p.name == name)
    row = next(row for row in participant.dates if row.date.isoformat() == iso)
    return row.enabled, row.starred


def create_meeting(page: Page, server: str, *, title: str, with_dates: bool) -> None:
    page.goto(f"{server}/")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Location").fill("Seoul")
    if with_dates:
        page.get_by_label("First date").fill("2026-12-01")
        page.get_by_label("Last date").fill("2026-12-07")
    page.get_by_role("button", name="Create meeting").click()
    expect(page).to_have_url(re.compile(r"/meetings/[0-9A-Za-z]{22}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def join(page: Page, name: str, *, heading: str = "") -> None:
    page.locator("#id_name").fill(name)
    page.locator("form.join button[type=submit]").click()
    expect(page.get_by_role("heading", name=heading or f"You are {name}")).to_be_visible()


def settled(page: Page) -> None:
    """Wait until every change sent in the background has been answered (cells show their new
    state at once; the answer then shows the meeting as stored)."""
    expect(page.locator("#meeting")).not_to_have_attribute("aria-busy", "true")


def counts(page: Page) -> Any:
    return expect(page.locator("td.count span[aria-hidden=true]"))


def no_reload_marker(page: Page) -> None:
    page.evaluate("window.__stillTheSamePage = true")


def assert_not_reloaded(page: Page) -> None:
    assert page.evaluate("window.__stillTheSamePage === true"), "the page was reloaded"


MANAGE_LINK = re.compile(r"/meetings/[0-9A-Za-z]{22}/#key=[A-Za-z0-9_-]{32}$")
PERSONAL_LINK = re.compile(r"/meetings/[0-9A-Za-z]{22}/#participant=\d+&key=[A-Za-z0-9_-]{32}$")


def plain_url(page: Page) -> str:
    return page.url.split("#")[0]


def open_link(page: Page, link: str, *, lands_on: str) -> None:
    """Open a manage or personal link: the browser asks for the plain meeting URL (the key is
    after "#"), or nothing when it shows that meeting already; the page's script drops the key
    from the address bar and posts it, and the answer shows the meeting as the key's holder
    sees it."""
    assert "#" in link, link
    assert "?" not in link, link
    with page.expect_response(lambda r: r.url.endswith("/link")) as posted:
        response = page.goto(link)
    # None: the page showed this meeting already, and only the part after "#" changed.
    if response is not None:
        assert response.ok
        assert response.url == link.split("#")[0]  # what the server was asked for: no key
    assert posted.value.status == 200
    expect(page).to_have_url(lands_on)
    assert "key" not in page.url
    settled(page)
    expect(page.locator(".alert")).to_have_count(0)  # the link worked


def manage_open(page: Page) -> None:
    """Unfold the organizer's "Manage this meeting" panel (folded when the page loads)."""
    panel = page.locator("#manage-panel")
    expect(panel).to_have_count(1)
    if not panel.evaluate("details => details.open"):
        panel.locator("> summary").click()
    expect(page.locator("#manage-panel > .manage-body")).to_be_visible()


def expect_organizer_controls(page: Page, *, present: bool = True) -> None:
    """The organizer's controls: title and location edit, the manage link, the editing switch
    (in the manage panel, unfolded here)."""
    count = 1 if present else 0
    expect(page.locator("#manage-panel")).to_have_count(count)
    if present:
        manage_open(page)
    expect(page.locator("#edit-details")).to_have_count(count)
    expect(page.locator("#manage-url")).to_have_count(count)
    expect(page.locator("form#editing")).to_have_count(count)
    if present:
        expect(page.get_by_text("Edit title and location")).to_be_visible()
        expect(page.locator("#manage-url")).to_be_visible()
        expect(page.locator("form#editing button[type=submit]")).to_be_visible()


def no_horizontal_overflow(page: Page) -> None:
    """Nothing wider than the viewport: neither the page nor the links and the switch (the
    manage panel unfolded)."""
    assert page.viewport_size is not None
    manage_open(page)
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for selector in ("#share-url", "#manage-url", "#personal-url", "form#editing button"):
        box = page.locator(selector).bounding_box()
        assert box is not None, selector
        assert box["x"] >= 0, (selector, box)
        assert box["x"] + box["width"] <= width, (selector, box)


# --- times of day: painting slots --------------------------------------------------------------

SEOUL = "Asia/Seoul"


def create_timed_meeting(page: Page, server: str, *, title: str, zone: str | None = None) -> None:
    """Create a meeting of 3 dates, 09:00-12:00 in 30-minute slots, through the create form.
    ``zone``: pick it (else the form's default: the browser's zone with JavaScript)."""
    page.goto(f"{server}/")
    page.get_by_label("Title").fill(title)
    page.get_by_label("First date").fill("2026-12-01")
    page.get_by_label("Last date").fill("2026-12-03")
    page.get_by_label("Dates and times of day").check()
    page.get_by_label("From").select_option("09:00")
    page.get_by_label("To", exact=True).select_option("12:00")
    page.get_by_label("Slot length").select_option("30")
    if zone is not None:
        page.get_by_label("Time zone", exact=True).select_option(zone)
    page.get_by_role("button", name="Create meeting").click()
    expect(page).to_have_url(re.compile(r"/meetings/[0-9A-Za-z]{22}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def slots(meeting: Meeting, name: str) -> dict[str, str | None]:
    participant = next(p for p in meeting.participants if p.name == name)
    return {row.date.isoformat(): row.slots for row in participant.dates}


def mine(page: Page, label: str) -> Any:
    """My slot cell (a grid cell named "Tue Dec 1, 09:00–09:30, free")."""
    return page.locator("#mine-grid").get_by_role("gridcell", name=label, exact=True)


def heat(page: Page, label: str) -> Any:
    return page.locator("#heat-grid").get_by_role("gridcell", name=label, exact=True)


def center(locator: Any) -> tuple[float, float]:
    """The middle of an element in the viewport (scrolled into view first)."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    assert box is not None
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def paint_posts(page: Page) -> list[str]:
    """Every POST to the paint endpoint from now on: their bodies, one per stroke."""
    bodies: list[str] = []
    page.on(
        "request",
        lambda request: (
            bodies.append(request.post_data or "")
            if request.method == "POST" and request.url.endswith("/paint")
            else None
        ),
    )
    return bodies


def json_marks(body: str) -> Any:
    """The marks of a paint request's multipart body."""
    match = re.search(r'name="marks"\r\n\r\n(.*?)\r\n--', body, re.S)
    assert match, body
    return json.loads(match.group(1))


def timed_meeting(*, days: int = 3, end: str = "12:00", zone: str = SEOUL) -> Meeting:
    """An open timed meeting from 2026-12-01, 09:00 to ``end`` in 30-minute slots."""
    return services.meeting_create(
        repo=repository_for("mysql"),
        title="Timed",
        start_date=date(2026, 12, 1),
        end_date=date(2026, 12, days),
        window=time_window_check("09:00", end, 30, zone),
    )


def touch_drag(page: Page, points: list[tuple[float, float]]) -> None:
    """A finger pressed at the first point, moved through the others and lifted: real touch
    input through Chromium's DevTools protocol, which the page sees as touch pointer events."""
    cdp = page.context.new_cdp_session(page)
    x, y = points[0]
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for x, y in points[1:]:
        cdp.send(
            "Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]}
        )
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


# --- the final date ------------------------------------------------------------------------------

PHONE_390: ViewportSize = {"width": 390, "height": 844}


def ann_free_on_dec_2(code: str) -> None:
    """Ann (joined elsewhere, with her key) is free only on Wed Dec 2, 10:00-11:00 (Seoul)."""
    repo = repository_for("mysql")
    key = key_new()
    ann, _meeting = services.participant_create(
        repo=repo, url_code=code, name="Ann", participant_key=key
    )
    marks = [services.MarkRequest(date(2026, 12, day), DateAction.OFF) for day in (1, 2, 3)]
    marks.append(services.MarkRequest(date(2026, 12, 2), DateAction.ON, "10:00", "11:00"))
    services.participant_marks(
        repo=repo, url_code=code, participant_id=ann.id, marks=marks, key=key
    )


def no_horizontal_overflow_at(page: Page) -> None:
    assert page.viewport_size is not None
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
