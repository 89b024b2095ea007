"""The pages in a real browser: Debian's Chromium driven by Playwright against pytest-django's
live server on MariaDB. Screenshots of the meeting page land in ``test-artifacts/``.

Chromium must be at /usr/bin/chromium (``.ci/run`` installs it); without it these tests fail in
CI and are skipped, with the reason, elsewhere.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, Page, Response, ViewportSize, expect
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from meetings.domain import Editing, Meeting
from meetings.repositories import repository_for
from meetings.repositories.django_orm import DjangoMeetingRepository

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
