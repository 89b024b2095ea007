"""The pages in a real browser: Debian's Chromium driven by Playwright against pytest-django's
live server on MariaDB. Screenshots of the meeting page land in ``test-artifacts/``.

Chromium must be at /usr/bin/chromium (``.ci/run`` installs it); without it these tests fail in
CI and are skipped, with the reason, elsewhere.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.conf import settings
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Response,
    Route,
    ViewportSize,
    expect,
)
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from meetings import services
from meetings.domain import DateAction, Editing, Meeting, MeetingNotFound, key_new
from meetings.repositories import repository_for
from meetings.repositories.mysql import DjangoMeetingRepository
from meetings.slots import time_window_check

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told that this is deliberate (the test's own checks and the
# database flush between tests).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

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


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (Debian package chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: .ci/run should have installed it")
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(autouse=True)
def fast_polls(settings: Settings) -> None:
    settings.MEETINGS_POLL_SECONDS = POLL_SECONDS


@pytest.fixture
def server(live_server: LiveServer) -> str:
    return live_server.url


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def screenshot_view(page: Page, name: str) -> None:
    """What the screen shows now (not the whole page)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def url_code(url: str) -> str:
    return url.split("#")[0].split("?")[0].rstrip("/").rsplit("/", 1)[-1]


def stored(url: str) -> Meeting:
    return DjangoMeetingRepository().meeting_get(url_code=url_code(url))


def stored_mysql(url: str) -> Meeting:
    """The meeting as the MySQL store holds it, through the store lookup the pages use."""
    return repository_for("mysql").meeting_get(url_code=url_code(url))


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


def test_two_people_with_javascript(browser: Browser, new_context: NewContext, server: str) -> None:
    """Create, set dates, join as Alice, mark; Bob joins from a phone and marks; Alice's page
    shows Bob's row and the new counts by polling, without a reload."""
    alice = new_context(viewport=DESKTOP, locale="en-US").new_page()
    alice_errors: list[str] = []
    alice.on("pageerror", lambda error: alice_errors.append(str(error)))
    grid_answers: list[int] = []

    def on_response(response: Response) -> None:
        if "/grid" in response.url:
            grid_answers.append(response.status)

    alice.on("response", on_response)
    create_meeting(alice, server, title="Team dinner", with_dates=False)
    no_reload_marker(alice)

    # Quick picks fill the inputs in place; then the exact dates.
    alice.get_by_role("button", name="Next 4 weeks").click()
    expect(alice.get_by_label("First date")).not_to_have_value("")
    assert_not_reloaded(alice)
    alice.get_by_label("First date").fill("2026-12-01")
    alice.get_by_label("Last date").fill("2026-12-07")
    alice.get_by_role("button", name="Set dates").click()
    expect(alice.get_by_role("heading", name="Join this meeting")).to_be_visible()

    join(alice, "Alice")
    alice.locator("#toggle-2026-12-02").click()
    expect(alice.locator("#toggle-2026-12-02")).to_have_attribute("aria-pressed", "false")
    expect(alice.locator("#toggle-2026-12-02")).to_be_focused()  # focus kept across the swap
    alice.locator("#star-2026-12-03").click()
    expect(alice.locator("#star-2026-12-03")).to_have_attribute("aria-pressed", "true")
    settled(alice)
    counts(alice).to_have_text(["1", "0", "1", "1", "1", "1", "1"])
    assert state(stored(alice.url), "Alice", "2026-12-02") == (False, False)
    assert state(stored(alice.url), "Alice", "2026-12-03") == (True, True)

    # In-place title edit.
    alice.get_by_text("Edit title and location").click()
    alice.locator("#id_title").fill("Team dinner 2026")
    alice.get_by_role("button", name="Save title").click()
    expect(alice.get_by_role("heading", level=1)).to_have_text("Team dinner 2026")

    # The share link, copied with the button.
    share_url = alice.locator("#share-url").input_value()
    assert share_url == alice.url.split("#")[0]
    alice.context.grant_permissions(["clipboard-read", "clipboard-write"])
    alice.get_by_role("button", name="Copy link").click()
    expect(alice.locator("#live-status")).to_have_text("Link copied")
    assert alice.evaluate("navigator.clipboard.readText()") == share_url

    # Bob, on a phone, with the shared link.
    bob = new_context(viewport=PHONE, locale="en-US").new_page()
    bob.goto(share_url)
    join(bob, "Bob")
    bob.locator("#toggle-2026-12-01").click()
    expect(bob.locator("#toggle-2026-12-01")).to_have_attribute("aria-pressed", "false")
    bob.locator("#toggle-2026-12-02").click()
    expect(bob.locator("#toggle-2026-12-02")).to_have_attribute("aria-pressed", "false")
    bob.locator("#star-2026-12-03").click()
    expect(bob.locator("#star-2026-12-03")).to_have_attribute("aria-pressed", "true")
    settled(bob)
    changed_at = time.monotonic()

    # Alice's page catches up by itself: one poll interval, plus a margin for a busy machine.
    catch_up_ms = int(POLL_SECONDS * 1000) + 3_000
    expect(alice.get_by_role("rowheader", name="Bob")).to_be_visible(timeout=catch_up_ms)
    counts(alice).to_have_text(["1", "0", "2", "2", "2", "2", "2"], timeout=catch_up_ms)
    seen_after = time.monotonic() - changed_at
    expect(
        alice.get_by_role("img", name="Bob, Thursday, December 3: free, preferred")
    ).to_be_visible()
    expect(alice.get_by_text("Thursday, December 3").first).to_be_visible()
    assert_not_reloaded(alice)
    print(f"\nAlice saw Bob's changes {seen_after:.2f} s after his last click")

    # While nothing changes the polls get 304.
    grid_answers.clear()
    alice.wait_for_timeout(2_500)
    assert grid_answers, "the page kept polling"
    assert set(grid_answers) == {304}, grid_answers

    screenshot(alice, "meeting-desktop")
    screenshot(bob, "meeting-375")
    assert alice_errors == []


def test_polling_pauses_while_the_tab_is_hidden(
    browser: Browser, new_context: NewContext, server: str
) -> None:
    page = new_context(viewport=DESKTOP).new_page()
    create_meeting(page, server, title="Quiet", with_dates=True)
    polls: list[float] = []
    page.on(
        "request",
        lambda request: polls.append(time.monotonic()) if "/grid" in request.url else None,
    )
    page.evaluate(
        """() => {
            Object.defineProperty(document, "hidden", {configurable: true, get: () => true});
            document.dispatchEvent(new Event("visibilitychange"));
        }"""
    )
    hidden_at = time.monotonic()
    page.wait_for_timeout(3_000)
    assert [t for t in polls if t > hidden_at + 0.2] == []
    # Someone changes the meeting meanwhile; becoming visible refreshes at once.
    other = new_context(viewport=PHONE).new_page()
    other.goto(page.url)
    join(other, "Bob")
    page.evaluate(
        """() => {
            Object.defineProperty(document, "hidden", {configurable: true, get: () => false});
            document.dispatchEvent(new Event("visibilitychange"));
        }"""
    )
    # No timer runs while hidden (checked above), so only the visibility refresh can show Bob.
    expect(page.get_by_role("rowheader", name="Bob")).to_be_visible(timeout=3_000)


def test_two_people_without_javascript(
    browser: Browser, new_context: NewContext, server: str
) -> None:
    """Every control is a form: POST, redirect, GET of the meeting as stored."""
    alice = new_context(viewport=DESKTOP, java_script_enabled=False).new_page()
    create_meeting(alice, server, title="No script dinner", with_dates=True)
    expect(alice.get_by_role("button", name="Copy link")).to_be_hidden()
    join(alice, "Alice")
    expect(alice).to_have_url(re.compile(r"#you$"))
    alice.locator("#toggle-2026-12-02").click()
    expect(alice).to_have_url(re.compile(r"#toggle-2026-12-02$"))
    expect(alice.locator("#toggle-2026-12-02")).to_have_attribute("aria-pressed", "false")
    alice.locator("#star-2026-12-03").click()
    expect(alice.locator("#star-2026-12-03")).to_have_attribute("aria-pressed", "true")

    bob = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    bob.goto(alice.url.split("#")[0])
    join(bob, "Bob")
    bob.locator("#toggle-2026-12-01").click()
    expect(bob.locator("#toggle-2026-12-01")).to_have_attribute("aria-pressed", "false")

    # Alice's next change comes back with Bob's row and the new counts.
    alice.locator("#star-2026-12-04").click()
    expect(alice.get_by_role("rowheader", name="Bob")).to_be_visible()
    counts(alice).to_have_text(["1", "1", "2", "2", "2", "2", "2"])
    expect(alice.locator("#star-2026-12-04")).to_have_attribute("aria-pressed", "true")

    # Quick pick without a script: the server fills the dates in.
    alice.goto(f"{server}/")
    alice.get_by_label("Title").fill("Later")
    alice.get_by_role("button", name="Next month").click()
    expect(alice.get_by_label("First date")).not_to_have_value("")
    expect(alice.get_by_label("Title")).to_have_value("Later")

    # Bob removes himself through the confirmation step.
    bob.get_by_text("Remove me").click()
    bob.get_by_role("button", name="Yes, remove Bob").click()
    expect(bob.get_by_role("heading", name="Join this meeting")).to_be_visible()
    assert [p.name for p in stored(bob.url).participants] == ["Alice"]
    screenshot(bob, "meeting-375-no-js")


def test_keyboard_only(browser: Browser, new_context: NewContext, server: str) -> None:
    page = new_context(viewport=DESKTOP).new_page()
    create_meeting(page, server, title="Keyboard", with_dates=True)
    page.locator("#id_name").focus()
    page.keyboard.type("Kim")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="You are Kim")).to_be_visible()

    # Tab through the page to the first cell of my row.
    page.locator("#main").focus()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "toggle-2026-12-01":
            break
    cell = page.locator("#toggle-2026-12-01")
    expect(cell).to_be_focused()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid", "the focused cell shows a visible focus ring"

    page.keyboard.press("Enter")
    settled(page)
    expect(cell).to_have_attribute("aria-pressed", "false")
    expect(cell).to_be_focused()  # the cell was replaced by the answer; focus stays on it
    assert state(stored(page.url), "Kim", "2026-12-01") == (False, False)
    page.keyboard.press("Space")
    settled(page)
    expect(cell).to_have_attribute("aria-pressed", "true")
    expect(cell).to_be_focused()
    assert state(stored(page.url), "Kim", "2026-12-01") == (True, False)
    # Two quick presses: the second undoes the first (edits are sent in order).
    page.keyboard.press("Space")
    page.keyboard.press("Space")
    settled(page)
    expect(cell).to_have_attribute("aria-pressed", "true")
    assert state(stored(page.url), "Kim", "2026-12-01") == (True, False)
    page.keyboard.press("Space")
    settled(page)
    page.keyboard.press("Tab")
    star = page.locator("#star-2026-12-01")
    expect(star).to_be_focused()
    page.keyboard.press("Enter")  # a star makes the date free again, and preferred
    settled(page)
    expect(star).to_have_attribute("aria-pressed", "true")
    expect(cell).to_have_attribute("aria-pressed", "true")
    assert state(stored(page.url), "Kim", "2026-12-01") == (True, True)


def test_korean_page(browser: Browser, new_context: NewContext, server: str) -> None:
    setup = new_context(viewport=DESKTOP).new_page()
    create_meeting(setup, server, title="회식", with_dates=True)
    page = new_context(viewport=PHONE, locale="ko-KR").new_page()
    page.goto(setup.url)
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.get_by_role("heading", name="모임에 참여하기")).to_be_visible()
    expect(page.get_by_text("2026년 12월 1일 – 2026년 12월 7일 (7일)")).to_be_visible()
    page.locator("form.join button[type=submit]").click()
    expect(page.get_by_text("이름을 입력하세요.")).to_be_visible()
    join(page, "민수", heading="민수 님으로 참여 중")
    expect(page.get_by_role("button", name="민수, 12월 1일 화요일: 가능")).to_have_attribute(
        "aria-pressed", "true"
    )
    screenshot(page, "meeting-375-ko")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="You are 민수")).to_be_visible()


# --- keys: who may change what ------------------------------------------------------------------

MANAGE_LINK = re.compile(r"/meetings/[0-9A-Za-z]{22}/\?key=[A-Za-z0-9_-]{32}$")
PERSONAL_LINK = re.compile(r"/meetings/[0-9A-Za-z]{22}/\?participant=\d+&key=[A-Za-z0-9_-]{32}$")


def plain_url(page: Page) -> str:
    return page.url.split("#")[0]


def open_link(page: Page, link: str, *, lands_on: str) -> None:
    """Open a manage or personal link: its key goes into the session and a 303 leads to the
    plain meeting URL, so no key stays in the address bar."""
    response = page.goto(link)
    assert response is not None
    assert response.ok
    first = response.request.redirected_from
    assert first is not None
    assert first.url == link
    first_response = first.response()
    assert first_response is not None
    assert first_response.status == 303
    expect(page).to_have_url(lands_on)
    assert "key" not in page.url
    expect(page.locator(".alert")).to_have_count(0)  # the link worked


def expect_organizer_controls(page: Page, *, present: bool = True) -> None:
    """The organizer's controls: title and location edit, the manage link, the editing switch."""
    count = 1 if present else 0
    expect(page.locator("#edit-details")).to_have_count(count)
    expect(page.locator("#manage-url")).to_have_count(count)
    expect(page.locator("form#editing")).to_have_count(count)
    if present:
        expect(page.get_by_text("Edit title and location")).to_be_visible()
        expect(page.locator("#manage-url")).to_be_visible()
        expect(page.locator("form#editing button[type=submit]")).to_be_visible()


def no_horizontal_overflow(page: Page) -> None:
    """Nothing wider than the viewport: neither the page nor the links and the switch."""
    assert page.viewport_size is not None
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for selector in ("#share-url", "#manage-url", "#personal-url", "form#editing button"):
        box = page.locator(selector).bounding_box()
        assert box is not None, selector
        assert box["x"] >= 0, (selector, box)
        assert box["x"] + box["width"] <= width, (selector, box)


def test_creator_keeps_control_after_a_reload(new_context: NewContext, server: str) -> None:
    """The organizer key lives in the creator's session: a reload keeps the title and location
    edit, the manage link and the editing switch. Screenshots of the organizer's view."""
    page = new_context(viewport=DESKTOP, locale="en-US").new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    create_meeting(page, server, title="Board meeting", with_dates=True)
    assert stored_mysql(page.url).editing is Editing.PROTECTED
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Board meeting")
    expect_organizer_controls(page)
    expect(page.locator("#manage-url")).to_have_value(MANAGE_LINK)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy manage link").click()
    expect(page.locator("#live-status")).to_have_text("Link copied")
    manage_url = page.locator("#manage-url").input_value()
    assert page.evaluate("navigator.clipboard.readText()") == manage_url
    assert url_code(manage_url) == url_code(page.url)
    expect(page.locator("form#editing .hint")).to_contain_text("Protected")

    page.get_by_text("Edit title and location").click()
    page.locator("#id_title").fill("Board meeting, moved")
    page.get_by_role("button", name="Save title").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Board meeting, moved")
    settled(page)
    expect(page.locator(".alert")).to_have_count(0)
    assert stored_mysql(page.url).title == "Board meeting, moved"
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Board meeting, moved")
    expect_organizer_controls(page)

    # The organizer's view with both links: desktop, then 375 px wide.
    join(page, "Alice")
    expect(page.locator("#personal-url")).to_have_value(PERSONAL_LINK)
    expect(page.get_by_role("button", name="Copy personal link")).to_be_visible()
    screenshot(page, "organizer-desktop")
    no_horizontal_overflow(page)
    page.set_viewport_size(PHONE)
    expect(page.locator("#manage-url")).to_be_visible()
    screenshot(page, "organizer-375")
    no_horizontal_overflow(page)
    for link in ("#manage-url", "#personal-url"):  # not squeezed by their copy buttons
        box = page.locator(link).bounding_box()
        assert box is not None
        assert box["width"] >= 12 * 16, (link, box)
    assert errors == []


def test_protected_row_needs_the_persons_key(new_context: NewContext, server: str) -> None:
    """Another browser with the plain share link cannot act as Alice; with Alice's personal
    link it can, and the key leaves its address bar."""
    alice = new_context(viewport=DESKTOP, locale="en-US").new_page()
    create_meeting(alice, server, title="Protected", with_dates=True)
    join(alice, "Alice")
    alice.locator("#toggle-2026-12-02").click()
    expect(alice.locator("#toggle-2026-12-02")).to_have_attribute("aria-pressed", "false")
    settled(alice)
    share_url = alice.locator("#share-url").input_value()
    personal_url = alice.locator("#personal-url").input_value()
    assert re.search(PERSONAL_LINK, personal_url), personal_url
    before = stored_mysql(share_url)
    assert state(before, "Alice", "2026-12-02") == (False, False)

    other = new_context(viewport=DESKTOP, locale="en-US").new_page()
    other.goto(share_url)
    expect(other.get_by_role("heading", name="Join this meeting")).to_be_visible()
    expect_organizer_controls(other, present=False)
    other.get_by_text("Already joined? Choose your name").click()
    expect(other.get_by_text("Answers are protected")).to_be_visible()
    other.get_by_label("I am").select_option(label="Alice")
    other.get_by_role("button", name="This is me").click()
    settled(other)
    expect(other.get_by_role("alert")).to_contain_text(
        "Only Alice or the organizer can change the answers of Alice."
    )
    expect(other.get_by_role("heading", name="Join this meeting")).to_be_visible()
    alice_row = other.locator("tbody tr", has=other.get_by_role("rowheader", name="Alice"))
    expect(alice_row).to_have_count(1)
    expect(alice_row.get_by_role("button")).to_have_count(0)
    expect(other.locator("#toggle-2026-12-01")).to_have_count(0)
    # A reload does not make it Alice either (nothing was kept in the session).
    other.reload()
    expect(other.get_by_role("heading", name="Join this meeting")).to_be_visible()
    expect(other.locator("button.toggle")).to_have_count(0)
    assert stored_mysql(share_url) == before

    open_link(other, personal_url, lands_on=share_url)
    expect(other.get_by_role("heading", name="You are Alice")).to_be_visible()
    expect(other.locator("#personal-url")).to_have_value(personal_url)
    expect_organizer_controls(other, present=False)  # a personal key is not the organizer's
    toggle = other.locator("#toggle-2026-12-01")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    other.locator("#toggle-2026-12-01").click()
    settled(other)
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(other.get_by_role("alert")).to_have_count(0)
    after = stored_mysql(share_url)
    assert state(after, "Alice", "2026-12-01") == (False, False)
    assert state(after, "Alice", "2026-12-02") == (False, False)
    assert after.title == before.title


def test_manage_link_gives_the_organizers_controls(new_context: NewContext, server: str) -> None:
    """Opening the manage link in a fresh browser: the title edit and the editing switch,
    with no key left in the address bar; the organizer may act as anyone."""
    creator = new_context(viewport=DESKTOP, locale="en-US").new_page()
    create_meeting(creator, server, title="Handover", with_dates=True)
    join(creator, "Alice")
    share_url = creator.locator("#share-url").input_value()
    manage_url = creator.locator("#manage-url").input_value()
    assert re.search(MANAGE_LINK, manage_url), manage_url

    helper = new_context(viewport=PHONE, locale="en-US").new_page()
    helper.goto(share_url)
    expect_organizer_controls(helper, present=False)
    open_link(helper, manage_url, lands_on=share_url)
    expect_organizer_controls(helper)
    expect(helper.locator("#manage-url")).to_have_value(manage_url)
    expect(helper.get_by_role("heading", name="Join this meeting")).to_be_visible()

    helper.get_by_text("Edit title and location").click()
    helper.locator("#id_title").fill("Handover, agreed")
    helper.get_by_role("button", name="Save title").click()
    expect(helper.get_by_role("heading", level=1)).to_have_text("Handover, agreed")
    settled(helper)
    assert stored_mysql(share_url).title == "Handover, agreed"

    # The organizer key may change any row: choose Alice and mark one of her dates.
    helper.get_by_text("Already joined? Choose your name").click()
    expect(helper.get_by_text("Answers are protected")).to_have_count(0)
    helper.get_by_label("I am").select_option(label="Alice")
    helper.get_by_role("button", name="This is me").click()
    expect(helper.get_by_role("heading", name="You are Alice")).to_be_visible()
    helper.locator("#star-2026-12-05").click()
    settled(helper)
    expect(helper.locator("#star-2026-12-05")).to_have_attribute("aria-pressed", "true")
    assert state(stored_mysql(share_url), "Alice", "2026-12-05") == (True, True)
    expect(helper.locator("#personal-url")).to_have_count(0)  # Alice's key is not held here

    # The switch: open the meeting, and a browser with no key may edit the details.
    helper.get_by_role("button", name="Let everyone with the link edit").click()
    expect(helper.get_by_role("button", name="Protect the answers")).to_be_visible()
    settled(helper)
    assert stored_mysql(share_url).editing is Editing.OPEN
    stranger = new_context(viewport=DESKTOP, locale="en-US").new_page()
    stranger.goto(share_url)
    expect(stranger.get_by_text("Edit title and location")).to_be_visible()
    expect(stranger.locator("form#editing")).to_have_count(0)
    expect(stranger.locator("#manage-url")).to_have_count(0)


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
        page.get_by_label("Time zone").select_option(zone)
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


def test_timed_meeting_painted_with_the_mouse(new_context: NewContext, server: str) -> None:
    """Create a timed meeting (the zone defaults to the browser's), drag one stroke over two
    dates: one request, the stored slots; the preferred brush; everyone's grid lists who is
    free; Bob's change arrives by polling and the next stroke still works."""
    page = new_context(viewport=DESKTOP, locale="en-US", timezone_id=SEOUL).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server}/")
    expect(page.get_by_label("From")).to_be_hidden()  # dates only, until times are asked for
    page.get_by_label("Dates and times of day").check()
    expect(page.get_by_label("From")).to_be_visible()
    expect(page.get_by_label("Time zone")).to_have_value(SEOUL)  # the browser's zone
    screenshot(page, "create-times-desktop")
    create_timed_meeting(page, server, title="Timed dinner")
    stored_meeting = stored_mysql(page.url)
    assert stored_meeting.window is not None
    assert (stored_meeting.window.start, stored_meeting.window.end) == (540, 720)
    assert stored_meeting.window.time_zone == SEOUL
    join(page, "Alice")
    expect(
        page.get_by_text("Times are in Asia/Seoul, the meeting\u2019s time zone.")
    ).to_be_visible()
    no_reload_marker(page)
    posts = paint_posts(page)

    # One stroke from Tue 09:00 to Wed 10:00: free there, so it marks busy.
    start = mine(page, "Tue Dec 1, 09:00–09:30, free")
    end = mine(page, "Wed Dec 2, 10:00–10:30, free")
    page.mouse.move(*center(start))
    page.mouse.down()
    page.mouse.move(*center(mine(page, "Tue Dec 1, 09:30–10:00, free")), steps=3)
    page.mouse.move(*center(end), steps=5)
    page.mouse.up()
    settled(page)
    assert len(posts) == 1, posts
    assert slots(stored_mysql(page.url), "Alice") == {
        "2026-12-01": "000111",
        "2026-12-02": "000111",
        "2026-12-03": "111111",
    }
    expect(mine(page, "Wed Dec 2, 10:00–10:30, busy")).to_have_class(re.compile(r"\bb\b"))
    expect(mine(page, "Wed Dec 2, 10:30–11:00, free")).to_be_visible()

    # A stroke starting on a busy slot frees; the preferred brush stars.
    page.get_by_role("button", name="Preferred brush").click()
    expect(page.get_by_role("button", name="Preferred brush")).to_have_attribute(
        "aria-pressed", "true"
    )
    page.mouse.move(*center(mine(page, "Thu Dec 3, 11:00–11:30, free")))
    page.mouse.down()
    page.mouse.move(*center(mine(page, "Thu Dec 3, 11:30–12:00, free")), steps=3)
    page.mouse.up()
    settled(page)
    assert len(posts) == 2
    assert slots(stored_mysql(page.url), "Alice")["2026-12-03"] == "111122"
    expect(mine(page, "Thu Dec 3, 11:30–12:00, free, preferred")).to_be_visible()
    expect(page.get_by_role("button", name="Preferred brush")).to_have_attribute(
        "aria-pressed", "true"
    )  # kept across the swap

    # Bob joins elsewhere and is busy on Thursday morning: Alice's page catches up by polling.
    bob = new_context(viewport=DESKTOP, locale="en-US", timezone_id=SEOUL).new_page()
    bob.goto(page.url)
    join(bob, "Bob")
    bob.mouse.move(*center(mine(bob, "Thu Dec 3, 09:00–09:30, free")))
    bob.mouse.down()
    bob.mouse.move(*center(mine(bob, "Thu Dec 3, 10:00–10:30, free")), steps=3)
    bob.mouse.up()
    settled(bob)
    assert slots(stored_mysql(page.url), "Bob")["2026-12-03"] == "000111"
    catch_up_ms = int(POLL_SECONDS * 1000) + 3_000
    cell = heat(page, "Thu Dec 3, 09:00–09:30: 1 of 2 free")
    expect(cell).to_be_visible(timeout=catch_up_ms)
    cell.hover()
    expect(page.locator("#who")).to_contain_text("Free (1): Alice")
    expect(page.locator("#who")).to_contain_text("Not free (1): Bob")
    heat(page, "Thu Dec 3, 11:30–12:00: 2 of 2 free").hover()
    expect(page.locator("#who")).to_contain_text("Alice ★")
    expect(page.get_by_text("Best times")).to_be_visible()

    # After the swap the brush is still on; turn it off and paint again.
    page.get_by_role("button", name="Preferred brush").click()
    page.mouse.move(*center(mine(page, "Tue Dec 1, 09:00–09:30, busy")))
    page.mouse.down()
    page.mouse.up()
    settled(page)
    assert len(posts) == 3
    assert slots(stored_mysql(page.url), "Alice")["2026-12-01"] == "100111"
    assert json_marks(posts[2]) == [
        {"date": "2026-12-01", "action": "on", "from": "09:00", "to": "09:30"}
    ]
    assert_not_reloaded(page)
    screenshot(page, "timed-desktop")
    assert errors == []


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


def test_timed_meeting_painted_by_touch_at_375_px(new_context: NewContext, server: str) -> None:
    """A phone (touch emulation): one finger stroke paints, in one request; the dates scroll
    sideways while the time column stays; nothing is wider than the screen."""
    meeting = timed_meeting(days=14, end="17:00")
    context = new_context(
        viewport=PHONE, locale="en-US", timezone_id=SEOUL, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server}/meetings/{meeting.url_code}/")
    join(page, "Mina")
    page.evaluate(
        """() => {
            window.__pointerTypes = [];
            document.addEventListener(
                "pointerdown", (e) => window.__pointerTypes.push(e.pointerType)
            );
        }"""
    )
    posts = paint_posts(page)
    first = mine(page, "Tue Dec 1, 10:00–10:30, free")
    first.scroll_into_view_if_needed()
    points = [center(first)]
    points += [center(mine(page, f"Tue Dec 1, {t}, free")) for t in ("10:30–11:00", "11:00–11:30")]
    points.append(center(mine(page, "Wed Dec 2, 11:00–11:30, free")))
    touch_drag(page, points)
    settled(page)
    assert page.evaluate("window.__pointerTypes") == ["touch"]
    assert len(posts) == 1, posts
    assert json_marks(posts[0]) == [
        {"date": "2026-12-01", "action": "off", "from": "10:00", "to": "11:30"},
        {"date": "2026-12-02", "action": "off", "from": "10:00", "to": "11:30"},
    ]
    stored_slots = slots(stored_mysql(page.url), "Mina")
    assert stored_slots["2026-12-01"] == stored_slots["2026-12-02"] == "1" * 2 + "0" * 3 + "1" * 11
    assert stored_slots["2026-12-03"] == "1" * 16
    expect(mine(page, "Wed Dec 2, 11:00–11:30, busy")).to_be_visible()

    # 14 dates do not fit in 375 px: the dates scroll, the time column stays, the page does not.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for box_id in ("mine-scroll", "heat-scroll"):
        box = page.locator(f"#{box_id}")
        assert box.evaluate("b => b.scrollWidth > b.clientWidth"), box_id
        time_head = box.locator("tbody th").first
        before = time_head.bounding_box()
        box.evaluate("b => { b.scrollLeft = 300; }")
        after = time_head.bounding_box()
        assert before is not None
        assert after is not None
        assert after["x"] == before["x"], box_id  # sticky
        assert box.evaluate("b => b.scrollLeft") > 0
        box.evaluate("b => { b.scrollLeft = 0; }")
        grid_box = box.bounding_box()
        assert grid_box is not None
        assert grid_box["x"] + grid_box["width"] <= PHONE["width"]

    # A tap on everyone's grid shows who is free then.
    page.locator("#heat-grid").get_by_role(
        "gridcell", name="Tue Dec 1, 10:00–10:30: 0 of 1 free"
    ).tap()
    expect(page.locator("#who")).to_contain_text("Not free (1): Mina")
    screenshot(page, "timed-375")
    page.locator("#mine-heading").evaluate("h => h.scrollIntoView()")
    screenshot_view(page, "timed-375-paint")
    page.locator("#heat-scroll").evaluate("b => { b.scrollLeft = 200; }")
    page.locator("#everyone-heading").evaluate("h => h.scrollIntoView()")
    screenshot_view(page, "timed-375-everyone")
    assert errors == []


def test_timed_meeting_painted_with_the_keyboard(new_context: NewContext, server: str) -> None:
    meeting = timed_meeting()
    page = new_context(viewport=DESKTOP, locale="en-US", timezone_id=SEOUL).new_page()
    page.goto(f"{server}/meetings/{meeting.url_code}/")
    join(page, "Kim")
    posts = paint_posts(page)
    page.get_by_role("button", name="Preferred brush").focus()
    page.keyboard.press("Tab")
    first = mine(page, "Tue Dec 1, 09:00–09:30, free")
    expect(first).to_be_focused()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid", "the focused cell shows a visible focus ring"

    page.keyboard.press("Space")
    settled(page)
    expect(mine(page, "Tue Dec 1, 09:00–09:30, busy")).to_be_focused()  # kept across the swap
    assert slots(stored_mysql(page.url), "Kim")["2026-12-01"] == "011111"

    # Shift+arrows select a block of two times on two dates; Enter marks them in one request.
    page.keyboard.press("ArrowDown")
    expect(mine(page, "Tue Dec 1, 09:30–10:00, free")).to_be_focused()
    page.keyboard.press("Shift+ArrowDown")
    page.keyboard.press("Shift+ArrowRight")
    expect(page.locator("#mine-grid td[aria-selected=true]")).to_have_count(4)
    assert slots(stored_mysql(page.url), "Kim")["2026-12-02"] == "111111"  # nothing sent yet
    page.keyboard.press("Enter")
    settled(page)
    expect(mine(page, "Wed Dec 2, 10:00–10:30, busy")).to_be_focused()
    expect(page.locator("#mine-grid td[aria-selected=true]")).to_have_count(0)
    stored_slots = slots(stored_mysql(page.url), "Kim")
    assert stored_slots["2026-12-01"] == "000111"
    assert stored_slots["2026-12-02"] == "100111"
    assert len(posts) == 2

    # Escape drops a selection; arrows alone move without marking.
    page.keyboard.press("Shift+ArrowUp")
    expect(page.locator("#mine-grid td[aria-selected=true]")).to_have_count(2)
    page.keyboard.press("Escape")
    expect(page.locator("#mine-grid td[aria-selected=true]")).to_have_count(0)
    page.keyboard.press("ArrowRight")
    expect(mine(page, "Thu Dec 3, 09:30–10:00, free")).to_be_focused()
    assert len(posts) == 2

    # Everyone's grid: focus lists who is free, arrows move.
    page.locator("#heat-grid td").first.focus()
    expect(page.locator("#who")).to_contain_text("Tue Dec 1, 09:00–09:30: 0 of 1 free")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#who")).to_contain_text("Free (1): Kim")
    assert len(posts) == 2


def test_timed_meeting_without_javascript(new_context: NewContext, server: str) -> None:
    """Without a script: create with times (the zone select starts at the server's zone), and
    per date a form of checkboxes with a Save button."""
    page = new_context(viewport=DESKTOP, locale="en-US", java_script_enabled=False).new_page()
    page.goto(f"{server}/")
    expect(page.get_by_label("Time zone")).to_have_value(settings.TIME_ZONE)
    create_timed_meeting(page, server, title="No script, timed", zone=SEOUL)
    join(page, "Alice")
    expect(
        page.get_by_text("Times are in Asia/Seoul, the meeting\u2019s time zone.")
    ).to_be_visible()
    for time_span in ("09:00–09:30", "09:30–10:00"):
        page.get_by_role("checkbox", name=f"Tue Dec 1, {time_span}: free").uncheck()
    page.get_by_role("checkbox", name="Tue Dec 1, 11:30–12:00: preferred").check()
    page.get_by_role("checkbox", name="Wed Dec 2, 09:00–09:30: free").uncheck()  # not saved
    page.get_by_role("button", name="Save Tuesday, December 1").click()
    expect(page).to_have_url(re.compile(r"#availability$"))
    stored_slots = slots(stored_mysql(page.url), "Alice")
    assert stored_slots == {
        "2026-12-01": "001112",
        "2026-12-02": "111111",
        "2026-12-03": "111111",
    }
    expect(page.get_by_role("checkbox", name="Tue Dec 1, 09:00–09:30: free")).not_to_be_checked()
    expect(page.get_by_role("checkbox", name="Tue Dec 1, 11:30–12:00: preferred")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Wed Dec 2, 09:00–09:30: free")).to_be_checked()
    expect(page.get_by_text("Best times")).to_be_visible()
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "timed-375-no-js")


def test_timed_meeting_in_the_viewers_zone(new_context: NewContext, server: str) -> None:
    """A browser in Berlin sees a Seoul meeting's times in Berlin time, says so, and can
    switch to Seoul time; painting in Berlin time marks the right Seoul slots."""
    meeting = timed_meeting()
    page = new_context(viewport=DESKTOP, locale="en-US", timezone_id="Europe/Berlin").new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server}/meetings/{meeting.url_code}/")
    zone_line = page.locator("#zone-line")
    expect(zone_line).to_contain_text(
        "Times are in your time zone, Europe/Berlin. The meeting\u2019s time zone is Asia/Seoul."
    )
    join(page, "Lena")
    # 09:00 in Seoul is 01:00 in Berlin in December.
    expect(page.locator("#mine-grid tbody th").first).to_have_text("01:00")
    mine(page, "Tue Dec 1, 01:00–01:30, free").click()
    settled(page)
    assert slots(stored_mysql(page.url), "Lena")["2026-12-01"] == "011111"
    page.locator("#availability").evaluate("a => a.scrollIntoView()")
    screenshot_view(page, "timed-desktop-berlin")
    page.get_by_role("button", name="Show the meeting\u2019s time zone (Asia/Seoul)").click()
    expect(zone_line).to_contain_text("Times are in Asia/Seoul, the meeting\u2019s time zone.")
    expect(page.locator("#mine-grid tbody th").first).to_have_text("09:00")
    expect(mine(page, "Tue Dec 1, 09:00–09:30, busy")).to_be_visible()
    page.reload()  # the choice is kept
    expect(zone_line).to_contain_text("Times are in Asia/Seoul, the meeting\u2019s time zone.")
    page.get_by_role("button", name="Show my time zone (Europe/Berlin)").click()
    expect(page.locator("#mine-grid tbody th").first).to_have_text("01:00")
    assert errors == []


def test_timed_meeting_in_korean(new_context: NewContext, server: str) -> None:
    meeting = timed_meeting(days=7)
    page = new_context(viewport=PHONE, locale="ko-KR", timezone_id=SEOUL).new_page()
    page.goto(f"{server}/")
    page.locator("input[name=times][value=times]").check()
    expect(page.locator("#id_time_zone")).to_have_value(SEOUL)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "create-times-375-ko")
    page.goto(f"{server}/meetings/{meeting.url_code}/")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    join(page, "민수", heading="민수 님으로 참여 중")
    cell = page.locator("#mine-grid td[data-k='0']")
    expect(cell).to_have_attribute("aria-label", re.compile(r"09:00–09:30, 가능$"))
    cell.click()
    settled(page)
    expect(page.locator("#mine-grid td[data-k='0']")).to_have_attribute(
        "aria-label", re.compile(r"09:00–09:30, 불가능$")
    )
    assert slots(stored_mysql(page.url), "민수")["2026-12-01"] == "011111"
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Apple SD Gothic Neo" in font
    assert "Noto Sans CJK KR" in font
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "timed-375-ko")
    page.locator("#availability").evaluate("h => h.scrollIntoView()")
    screenshot_view(page, "timed-375-ko-grid")


def test_dates_only_meeting_painted_by_dragging(new_context: NewContext, server: str) -> None:
    """A drag across my row marks every date it passes in one request; a click still
    toggles one date as before."""
    page = new_context(viewport=DESKTOP, locale="en-US").new_page()
    create_meeting(page, server, title="Dates, dragged", with_dates=True)
    join(page, "Alice")
    posts = paint_posts(page)
    page.mouse.move(*center(page.locator("#toggle-2026-12-02")))
    page.mouse.down()
    page.mouse.move(*center(page.locator("#toggle-2026-12-03")), steps=3)
    page.mouse.move(*center(page.locator("#toggle-2026-12-05")), steps=5)
    page.mouse.up()
    settled(page)
    assert len(posts) == 1
    meeting = stored_mysql(page.url)
    assert [state(meeting, "Alice", f"2026-12-0{day}") for day in range(1, 8)] == [
        (True, False),
        (False, False),
        (False, False),
        (False, False),
        (False, False),
        (True, False),
        (True, False),
    ]
    counts(page).to_have_text(["1", "0", "0", "0", "0", "1", "1"])
    # Stars too, from the first star's state.
    page.mouse.move(*center(page.locator("#star-2026-12-06")))
    page.mouse.down()
    page.mouse.move(*center(page.locator("#star-2026-12-07")), steps=3)
    page.mouse.up()
    settled(page)
    assert len(posts) == 2
    meeting = stored_mysql(page.url)
    assert state(meeting, "Alice", "2026-12-06") == (True, True)
    assert state(meeting, "Alice", "2026-12-07") == (True, True)
    # A plain click is one toggle through the mark form, as before.
    page.locator("#toggle-2026-12-01").click()
    settled(page)
    expect(page.locator("#toggle-2026-12-01")).to_have_attribute("aria-pressed", "false")
    assert state(stored_mysql(page.url), "Alice", "2026-12-01") == (False, False)
    assert len(posts) == 2


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


def test_the_final_date_picked_arrives_live_and_downloads(
    new_context: NewContext, server: str
) -> None:
    """The organizer picks the best time with one click; Bob, reading the meeting elsewhere (in
    Berlin), sees the decision appear by polling, without a reload, and downloads the .ics."""
    organizer = new_context(viewport=DESKTOP, locale="en-US", timezone_id=SEOUL).new_page()
    errors: list[str] = []
    organizer.on("pageerror", lambda error: errors.append(str(error)))
    create_timed_meeting(organizer, server, title="Decided dinner", zone=SEOUL)
    code = url_code(organizer.url)
    ann_free_on_dec_2(code)
    organizer.reload()

    bob = new_context(
        viewport=PHONE_390, locale="en-US", timezone_id="Europe/Berlin", accept_downloads=True
    ).new_page()
    bob.on("pageerror", lambda error: errors.append(str(error)))
    bob.goto(plain_url(organizer))
    expect(bob.locator("#zone-line")).to_contain_text("Europe/Berlin")  # refetched in his zone
    expect(bob.locator("form.join")).to_be_visible()
    expect(bob.get_by_role("button", name=re.compile("^Pick"))).to_have_count(0)  # protected
    no_reload_marker(bob)

    pick = organizer.get_by_role(
        "button", name="Pick Wednesday, December 2, 10:00–11:00 as the final time"
    )
    expect(organizer.get_by_text("Choose the final date yourself")).to_be_visible()
    screenshot(organizer, "final-pick-desktop")
    pick.click()
    settled(organizer)
    decision = organizer.locator("#decision")
    expect(decision).to_contain_text("Meeting on Wed Dec 2, 10:00–11:00 (Asia/Seoul)")
    expect(decision).to_be_focused()  # the pressed button is gone: focus went to the decision
    expect(organizer.get_by_role("button", name=re.compile("^Pick"))).to_have_count(0)
    expect(organizer.locator("#mine-grid")).to_have_count(0)
    expect(organizer.locator("#edit-details")).to_have_count(0)
    final = stored_mysql(organizer.url).final
    assert final is not None
    assert (final.day, final.start, final.end) == (date(2026, 12, 2), 600, 660)

    # Bob's page catches up by polling.
    catch_up_ms = int(POLL_SECONDS * 1000) + 3_000
    bob_decision = bob.locator("#decision")
    expect(bob_decision).to_contain_text(
        "Meeting on Wed Dec 2, 10:00–11:00 (Asia/Seoul)", timeout=catch_up_ms
    )
    expect(bob_decision).to_contain_text(
        "In your time zone (Europe/Berlin): Wed Dec 2, 02:00–03:00"
    )
    expect(bob.locator("form.join")).to_have_count(0)
    expect(bob.locator("#heat-grid")).to_be_visible()
    expect(bob.get_by_role("button", name="Reopen")).to_have_count(0)
    assert_not_reloaded(bob)
    google = bob.get_by_role("link", name="Add to Google Calendar")
    expect(google).to_have_attribute("target", "_blank")
    expect(google).to_have_attribute("href", re.compile(r"dates=20261202T100000%2F20261202T110000"))
    no_horizontal_overflow_at(bob)

    with bob.expect_download() as download_info:
        bob.get_by_role("link", name="Download .ics").click()
    download = download_info.value
    assert download.suggested_filename == f"meeting-{code}.ics"
    [event] = icalendar.Calendar.from_ical(Path(download.path()).read_bytes()).walk("VEVENT")
    assert event.decoded("DTSTART") == datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo(SEOUL))
    assert str(event["SUMMARY"]) == "Decided dinner"
    assert_not_reloaded(bob)
    screenshot(bob, "final-decided-390")
    screenshot(organizer, "final-decided-desktop")
    organizer.set_viewport_size(PHONE_390)
    no_horizontal_overflow_at(organizer)
    screenshot(organizer, "final-decided-organizer-390")
    organizer.set_viewport_size(DESKTOP)

    # Reopening: Bob's page shows the meeting open again, still without a reload.
    organizer.get_by_role("button", name="Reopen").click()
    settled(organizer)
    expect(organizer.locator("#decision")).to_have_count(0)
    expect(bob.locator("form.join")).to_be_visible(timeout=catch_up_ms)
    expect(bob.locator("#decision")).to_have_count(0)
    assert stored_mysql(organizer.url).final is None
    assert_not_reloaded(bob)
    assert errors == []


def no_horizontal_overflow_at(page: Page) -> None:
    assert page.viewport_size is not None
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_the_final_date_chosen_in_the_form_then_the_meeting_deleted(
    new_context: NewContext, server: str
) -> None:
    """A dates-only meeting: the organizer chooses a date with a note in the form; then deletes
    the meeting after confirming, lands on the create page that says so; Bob's open page finds
    the meeting gone. Korean at 390 px too."""
    organizer = new_context(viewport=DESKTOP, locale="en-US").new_page()
    errors: list[str] = []
    organizer.on("pageerror", lambda error: errors.append(str(error)))
    create_meeting(organizer, server, title="Book club", with_dates=True)
    code = url_code(organizer.url)
    bob = new_context(viewport=PHONE_390, locale="ko-KR").new_page()
    bob.goto(plain_url(organizer))
    join(bob, "보라", heading="보라 님으로 참여 중")
    organizer.set_viewport_size(PHONE_390)
    organizer.reload()
    no_horizontal_overflow_at(organizer)
    screenshot(organizer, "final-pick-390")
    organizer.set_viewport_size(DESKTOP)

    organizer.get_by_text("Choose the final date yourself").click()
    organizer.get_by_label("Date", exact=True).select_option("2026-12-05")
    organizer.get_by_label("Note (optional)").fill("At the library,\nroom 2")
    screenshot(organizer, "final-form-desktop")
    organizer.get_by_role("button", name="Set as the final date").click()
    settled(organizer)
    decision = organizer.locator("#decision")
    expect(decision).to_contain_text("Meeting on Sat Dec 5")
    assert decision.locator(".decision-note").inner_text() == "At the library,\nroom 2"
    expect(decision).to_be_focused()
    final = stored_mysql(organizer.url).final
    assert final is not None
    assert (final.day, final.note) == (date(2026, 12, 5), "At the library,\nroom 2")

    catch_up_ms = int(POLL_SECONDS * 1000) + 3_000
    expect(bob.locator("#decision")).to_contain_text("12월 5일", timeout=catch_up_ms)
    expect(bob.locator("#toggle-2026-12-05")).to_have_count(0)  # my row is read-only
    no_horizontal_overflow_at(bob)
    screenshot(bob, "final-decided-390-ko")

    # Deleting: a confirmation step, then the create page. Its answer is held back until a
    # poll has found the meeting gone: the poll must not reload the page over the navigation.
    def answer_late(route: Route) -> None:
        answer = route.fetch(max_redirects=0)
        time.sleep(POLL_SECONDS * 2.5)
        route.fulfill(response=answer)

    organizer.route("**/delete", answer_late)
    organizer.locator("#delete-details summary").click()
    organizer.get_by_role("button", name="Yes, delete this meeting").click()
    expect(organizer).to_have_url(f"{server}/")
    expect(organizer.locator(".flash")).to_have_text("The meeting was deleted.")
    screenshot(organizer, "final-deleted-desktop")
    with pytest.raises(MeetingNotFound):
        stored_mysql(f"/meetings/{code}/")
    # Bob's page polls, finds the meeting gone and shows the page that says so.
    expect(bob.locator("#meeting")).to_have_count(0, timeout=catch_up_ms)
    expect(bob.locator(".notice h1")).to_be_visible()
    response = organizer.goto(f"{server}/meetings/{code}/")
    assert response is not None
    assert response.status == 404
    expect(organizer.get_by_role("heading", level=1)).to_have_text("Meeting not found")
    assert errors == []
