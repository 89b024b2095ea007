"""Walk-throughs of a dates-only meeting: with and without JavaScript, keyboard only, Korean.

Debian's Chromium driven by Playwright against pytest-django's live server on MariaDB;
screenshots land in ``test-artifacts/``.
"""

from __future__ import annotations

import os
import re
import time

import pytest
from playwright.sync_api import (
    Browser,
    Response,
    expect,
)

from meetings.tests.support.stored import stored

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told that this is deliberate (the test's own checks and the
# database flush between tests).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from meetings.tests.support.browser import (
    DESKTOP,
    PHONE,
    POLL_SECONDS,
    NewContext,
    assert_not_reloaded,
    counts,
    create_meeting,
    join,
    manage_open,
    no_reload_marker,
    screenshot,
    settled,
    state,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    # The create page asks for the dates; quick picks fill the inputs in place.
    alice.goto(f"{server}/")
    alice.get_by_label("Title").fill("Team dinner")
    no_reload_marker(alice)
    alice.get_by_role("button", name="Next 4 weeks").click()
    expect(alice.get_by_label("First date")).not_to_have_value("")
    assert_not_reloaded(alice)
    alice.get_by_label("First date").fill("2026-12-01")
    alice.get_by_label("Last date").fill("2026-12-07")
    alice.get_by_role("button", name="Create meeting").click()
    expect(alice.get_by_role("heading", level=1)).to_have_text("Team dinner")
    no_reload_marker(alice)
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

    # In-place title edit, in the manage panel.
    manage_open(alice)
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
    page.keyboard.press("ArrowDown")  # my row is one Tab stop: arrows reach the star (issue 24)
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
    expect(page.locator("#you").get_by_text("이름을 입력하세요.")).to_be_visible()  # by the field
    expect(page.get_by_role("link", name="이름을 입력하세요.")).to_be_visible()  # in the summary
    join(page, "민수", heading="민수 님으로 참여 중")
    expect(page.get_by_role("button", name="민수, 12월 1일 화요일: 가능")).to_have_attribute(
        "aria-pressed", "true"
    )
    screenshot(page, "meeting-375-ko")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="You are 민수")).to_be_visible()


# --- keys: who may change what ------------------------------------------------------------------
