"""The fourth mark, free *if need be* (issue 23, item 1), in the browser: its brush (mouse
strokes on the slot grid, undo), its key (N on the slot grid and on my dates), its button on a
dates-only meeting (a click, a drag), "who is free", and without JavaScript (a button, and the
grid's third checkbox).

Debian's Chromium driven by Playwright against pytest-django's live server on MariaDB;
screenshots land in ``test-artifacts/``.
"""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

from meetings.tests.support.stored import stored

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from meetings.domain import Meeting
from meetings.tests.support.browser import (
    DESKTOP,
    SEOUL,
    NewContext,
    center,
    create_meeting,
    heat,
    join,
    json_marks,
    mine,
    paint_posts,
    screenshot,
    settled,
    slots,
    timed_meeting,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _date(meeting: Meeting, name: str, iso: str) -> tuple[bool, bool, bool]:
    participant = next(p for p in meeting.participants if p.name == name)
    row = next(row for row in participant.dates if row.date.isoformat() == iso)
    return row.enabled, row.starred, row.if_need_be


def test_the_if_need_be_brush_on_a_timed_meeting(new_context: NewContext, server: str) -> None:
    meeting = timed_meeting()
    page = new_context(viewport=DESKTOP, locale="en-US", timezone_id=SEOUL).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server}/meetings/{meeting.url_code}/")
    join(page, "Alice")
    posts = paint_posts(page)
    brush = page.get_by_role("button", name="If need be brush")
    preferred = page.get_by_role("button", name="Preferred brush")
    brush.click()
    expect(brush).to_have_attribute("aria-pressed", "true")
    preferred.click()  # one brush at most
    expect(preferred).to_have_attribute("aria-pressed", "true")
    expect(brush).to_have_attribute("aria-pressed", "false")
    brush.click()
    expect(preferred).to_have_attribute("aria-pressed", "false")

    # A stroke over Tue 10:00-11:00 and Wed: free if need be, in one request.
    page.mouse.move(*center(mine(page, "Tue Dec 1, 10:00–10:30, free")))
    page.mouse.down()
    page.mouse.move(*center(mine(page, "Wed Dec 2, 10:30–11:00, free")), steps=5)
    page.mouse.up()
    settled(page)
    assert len(posts) == 1
    assert json_marks(posts[0]) == [
        {"date": "2026-12-01", "action": "ifneedbe", "from": "10:00", "to": "11:00"},
        {"date": "2026-12-02", "action": "ifneedbe", "from": "10:00", "to": "11:00"},
    ]
    assert slots(stored(page.url), "Alice")["2026-12-01"] == "113311"
    cell = mine(page, "Tue Dec 1, 10:00–10:30, free, if need be")
    expect(cell).to_have_class(re.compile(r"\bn\b"))
    expect(brush).to_have_attribute("aria-pressed", "true")  # kept across the swap
    expect(page.locator(".legend .swatch.slot-n")).to_be_visible()

    # Who is free: "Alice (if need be)"; the heat counts her as free.
    heat(page, "Tue Dec 1, 10:00–10:30: 1 of 1 free").hover()
    expect(page.locator("#who")).to_contain_text("Free (1): Alice (if need be)")

    # The brush on a slot free if need be makes it plainly free again.
    page.mouse.move(*center(mine(page, "Wed Dec 2, 10:00–10:30, free, if need be")))
    page.mouse.down()
    page.mouse.up()
    settled(page)
    assert slots(stored(page.url), "Alice")["2026-12-02"] == "111311"
    # Undo puts it back as it was.
    page.keyboard.press("Control+z")
    settled(page)
    assert slots(stored(page.url), "Alice")["2026-12-02"] == "113311"
    expect(mine(page, "Wed Dec 2, 10:00–10:30, free, if need be")).to_be_visible()

    # Without a brush, a stroke from a slot free if need be marks busy, as from a free one.
    brush.click()
    page.mouse.move(*center(mine(page, "Tue Dec 1, 10:30–11:00, free, if need be")))
    page.mouse.down()
    page.mouse.up()
    settled(page)
    assert slots(stored(page.url), "Alice")["2026-12-01"] == "113011"
    screenshot(page, "if-need-be-timed-desktop")
    assert errors == []


def test_the_n_key_on_the_slot_grid_and_on_my_dates(new_context: NewContext, server: str) -> None:
    meeting = timed_meeting()
    page = new_context(viewport=DESKTOP, locale="en-US", timezone_id=SEOUL).new_page()
    page.goto(f"{server}/meetings/{meeting.url_code}/")
    join(page, "Kim")
    mine(page, "Tue Dec 1, 09:00–09:30, free").focus()
    page.keyboard.press("n")
    settled(page)
    expect(mine(page, "Tue Dec 1, 09:00–09:30, free, if need be")).to_be_focused()
    assert slots(stored(page.url), "Kim")["2026-12-01"] == "311111"
    # A selection, then N: every slot of it.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Shift+ArrowDown")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("N")
    settled(page)
    stored_slots = slots(stored(page.url), "Kim")
    assert (stored_slots["2026-12-01"], stored_slots["2026-12-02"]) == ("333111", "133111")
    # N on a slot free if need be: plainly free again.
    page.keyboard.press("n")
    settled(page)
    assert slots(stored(page.url), "Kim")["2026-12-02"] == "131111"

    # A dates-only meeting: Up and Down move among ✓, ☆ and (✓); N marks the date.
    dated = new_context(viewport=DESKTOP, locale="en-US").new_page()
    create_meeting(dated, server, title="Keys", with_dates=True)
    join(dated, "Kim")
    dated.locator("#toggle-2026-12-01").focus()
    dated.keyboard.press("ArrowDown")
    expect(dated.locator("#star-2026-12-01")).to_be_focused()
    dated.keyboard.press("ArrowDown")
    maybe = dated.locator("#maybe-2026-12-01")
    expect(maybe).to_be_focused()
    dated.keyboard.press("Enter")
    settled(dated)
    expect(maybe).to_have_attribute("aria-pressed", "true")
    assert _date(stored(dated.url), "Kim", "2026-12-01") == (True, False, True)
    dated.keyboard.press("ArrowRight")
    expect(dated.locator("#maybe-2026-12-02")).to_be_focused()
    dated.keyboard.press("ArrowUp")
    expect(dated.locator("#star-2026-12-02")).to_be_focused()
    dated.keyboard.press("n")  # N from the star: the date's (✓)
    settled(dated)
    assert _date(stored(dated.url), "Kim", "2026-12-02") == (True, False, True)
    dated.keyboard.press("s")  # the star replaces it
    settled(dated)
    assert _date(stored(dated.url), "Kim", "2026-12-02") == (True, True, False)
    expect(dated.locator("#maybe-2026-12-02")).to_have_attribute("aria-pressed", "false")


def test_the_if_need_be_button_on_a_dates_only_meeting(
    new_context: NewContext, server: str
) -> None:
    page = new_context(viewport=DESKTOP, locale="en-US").new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    create_meeting(page, server, title="Maybe dinner", with_dates=True)
    join(page, "Alice")
    posts = paint_posts(page)
    page.locator("#maybe-2026-12-01").click()
    settled(page)
    expect(page.locator("#maybe-2026-12-01")).to_have_attribute("aria-pressed", "true")
    assert _date(stored(page.url), "Alice", "2026-12-01") == (True, False, True)
    expect(page.locator("tr.me td.cell").first).to_have_class(re.compile(r"\bifneedbe\b"))
    # A drag across the (✓) buttons: each date, in one request.
    page.mouse.move(*center(page.locator("#maybe-2026-12-03")))
    page.mouse.down()
    page.mouse.move(*center(page.locator("#maybe-2026-12-05")), steps=5)
    page.mouse.up()
    settled(page)
    assert len(posts) == 1
    meeting = stored(page.url)
    assert [_date(meeting, "Alice", f"2026-12-0{day}")[2] for day in range(1, 8)] == [
        True,
        False,
        True,
        True,
        True,
        False,
        False,
    ]
    # Pressed again: plainly free.
    page.locator("#maybe-2026-12-01").click()
    settled(page)
    assert _date(stored(page.url), "Alice", "2026-12-01") == (True, False, False)
    expect(page.get_by_text("only if need be").first).to_be_visible()  # the best dates say so
    screenshot(page, "if-need-be-dates-desktop")
    assert errors == []


def test_if_need_be_without_javascript(new_context: NewContext, server: str) -> None:
    page = new_context(viewport=DESKTOP, locale="en-US", java_script_enabled=False).new_page()
    create_meeting(page, server, title="No script, maybe", with_dates=True)
    join(page, "Alice")
    page.locator("#maybe-2026-12-02").click()
    expect(page).to_have_url(re.compile(r"#toggle-2026-12-02$"))  # the date, as for a star
    expect(page.locator("#maybe-2026-12-02")).to_have_attribute("aria-pressed", "true")
    assert _date(stored(page.url), "Alice", "2026-12-02") == (True, False, True)

    meeting = timed_meeting()
    page.goto(f"{server}/meetings/{meeting.url_code}/")
    join(page, "Bob")
    page.get_by_role("checkbox", name="Tue Dec 1, 09:30–10:00: if need be").check()
    page.get_by_role("checkbox", name="Wed Dec 2, 11:30–12:00: if need be").check()
    page.get_by_role("button", name="Save my times").click()
    expect(page).to_have_url(re.compile(r"#availability$"))
    stored_slots = slots(stored(page.url), "Bob")
    assert (stored_slots["2026-12-01"], stored_slots["2026-12-02"]) == ("131111", "111113")
    expect(page.get_by_role("checkbox", name="Tue Dec 1, 09:30–10:00: if need be")).to_be_checked()
    page.get_by_role("checkbox", name="Tue Dec 1, 09:30–10:00: if need be").uncheck()
    page.get_by_role("button", name="Save my times").click()
    expect(page).to_have_url(re.compile(r"#availability$"))
    assert slots(stored(page.url), "Bob")["2026-12-01"] == "111111"
    screenshot(page, "if-need-be-no-js")
