"""Manage and personal links: who keeps which controls after a reload, on another device.

Debian's Chromium driven by Playwright against pytest-django's live server on MariaDB;
screenshots land in ``test-artifacts/``.
"""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import (
    expect,
)

from meetings.domain import (
    Editing,
)
from meetings.tests.support.pages import url_code
from meetings.tests.support.stored import stored

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told that this is deliberate (the test's own checks and the
# database flush between tests).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from meetings.tests.support.browser import (
    DESKTOP,
    MANAGE_LINK,
    PERSONAL_LINK,
    PHONE,
    NewContext,
    create_meeting,
    expect_organizer_controls,
    join,
    no_horizontal_overflow,
    open_link,
    screenshot,
    settled,
    state,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_creator_keeps_control_after_a_reload(new_context: NewContext, server: str) -> None:
    """The organizer key lives in the creator's session: a reload keeps the title and location
    edit, the manage link and the editing switch. Screenshots of the organizer's view."""
    page = new_context(viewport=DESKTOP, locale="en-US").new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    create_meeting(page, server, title="Board meeting", with_dates=True)
    assert stored(page.url).editing is Editing.PROTECTED
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
    assert stored(page.url).title == "Board meeting, moved"
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
    before = stored(share_url)
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
    assert stored(share_url) == before

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
    after = stored(share_url)
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
    assert stored(share_url).title == "Handover, agreed"

    # The organizer key may change any row: choose Alice and mark one of her dates.
    helper.get_by_text("Already joined? Choose your name").click()
    expect(helper.get_by_text("Answers are protected")).to_have_count(0)
    helper.get_by_label("I am").select_option(label="Alice")
    helper.get_by_role("button", name="This is me").click()
    expect(helper.get_by_role("heading", name="You are Alice")).to_be_visible()
    helper.locator("#star-2026-12-05").click()
    settled(helper)
    expect(helper.locator("#star-2026-12-05")).to_have_attribute("aria-pressed", "true")
    assert state(stored(share_url), "Alice", "2026-12-05") == (True, True)
    expect(helper.locator("#personal-url")).to_have_count(0)  # Alice's key is not held here

    # The switch: open the meeting, and a browser with no key may edit the details.
    helper.get_by_role("button", name="Let everyone with the link edit").click()
    expect(helper.get_by_role("button", name="Protect the answers")).to_be_visible()
    settled(helper)
    assert stored(share_url).editing is Editing.OPEN
    stranger = new_context(viewport=DESKTOP, locale="en-US").new_page()
    stranger.goto(share_url)
    expect(stranger.get_by_text("Edit title and location")).to_be_visible()
    expect(stranger.locator("form#editing")).to_have_count(0)
    expect(stranger.locator("#manage-url")).to_have_count(0)


def test_without_javascript_a_pasted_link_opens(new_context: NewContext, server: str) -> None:
    """A browser without JavaScript sends no key (it is after "#"): the page says to paste the
    link, and pasting it makes this browser the organizer. With JavaScript the form is hidden."""
    creator = new_context(viewport=DESKTOP, locale="en-US").new_page()
    create_meeting(creator, server, title="No script", with_dates=True)
    expect(creator.locator("#link-paste")).to_be_hidden()
    manage_url = creator.locator("#manage-url").input_value()
    share_url = creator.locator("#share-url").input_value()

    page = new_context(viewport=PHONE, locale="en-US", java_script_enabled=False).new_page()
    page.goto(manage_url)
    expect_organizer_controls(page, present=False)
    page.get_by_text("Opened a manage or personal link? Paste it here").click()
    page.get_by_label("Your manage or personal link").fill("not a link")
    page.get_by_role("button", name="Open the link").click()
    expect(page.locator("#id_link_error")).to_contain_text("That is not a manage or personal link")
    expect(page.locator("#link-paste")).to_be_visible()
    screenshot(page, "link-paste-error-375")
    page.get_by_label("Your manage or personal link").fill(manage_url)
    page.get_by_role("button", name="Open the link").click()
    expect(page).to_have_url(share_url)
    expect(page.locator(".alert")).to_have_count(0)
    expect_organizer_controls(page)
    screenshot(page, "link-pasted-375")
