"""Timed meetings: painting slots with the mouse, by touch, with the keyboard, without JavaScript.

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

from meetings.tests.support.stored import stored

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told that this is deliberate (the test's own checks and the
# database flush between tests).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from meetings.tests.support.browser import (
    DESKTOP,
    PHONE,
    POLL_SECONDS,
    SEOUL,
    NewContext,
    assert_not_reloaded,
    center,
    counts,
    create_meeting,
    create_timed_meeting,
    heat,
    join,
    json_marks,
    mine,
    no_reload_marker,
    paint_posts,
    screenshot,
    screenshot_view,
    settled,
    slots,
    state,
    timed_meeting,
)
from meetings.tests.support.touch import touch_hold_drag

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    expect(page.get_by_label("Time zone", exact=True)).to_have_value(SEOUL)  # the browser's zone
    screenshot(page, "create-times-desktop")
    create_timed_meeting(page, server, title="Timed dinner")
    stored_meeting = stored(page.url)
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
    assert slots(stored(page.url), "Alice") == {
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
    assert slots(stored(page.url), "Alice")["2026-12-03"] == "111122"
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
    assert slots(stored(page.url), "Bob")["2026-12-03"] == "000111"
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
    assert slots(stored(page.url), "Alice")["2026-12-01"] == "100111"
    assert json_marks(posts[2]) == [
        {"date": "2026-12-01", "action": "on", "from": "09:00", "to": "09:30"}
    ]
    assert_not_reloaded(page)
    screenshot(page, "timed-desktop")
    assert errors == []


def test_timed_meeting_painted_by_touch_at_375_px(new_context: NewContext, server: str) -> None:
    """A phone (touch emulation): one finger stroke paints, in one request; the dates scroll
    sideways while the time column stays; nothing is wider than the screen. (Since issue 24 a
    finger paints only after a long press, or in paint mode: a swipe scrolls, test_touch.py.)"""
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
    touch_hold_drag(page, points, held=first)
    settled(page)
    assert page.evaluate("window.__pointerTypes") == ["touch"]
    assert len(posts) == 1, posts
    assert json_marks(posts[0]) == [
        {"date": "2026-12-01", "action": "off", "from": "10:00", "to": "11:30"},
        {"date": "2026-12-02", "action": "off", "from": "10:00", "to": "11:30"},
    ]
    stored_slots = slots(stored(page.url), "Mina")
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
    page.get_by_role("button", name="If need be brush").focus()  # the last brush
    page.keyboard.press("Tab")
    first = mine(page, "Tue Dec 1, 09:00–09:30, free")
    expect(first).to_be_focused()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid", "the focused cell shows a visible focus ring"

    page.keyboard.press("Space")
    settled(page)
    expect(mine(page, "Tue Dec 1, 09:00–09:30, busy")).to_be_focused()  # kept across the swap
    assert slots(stored(page.url), "Kim")["2026-12-01"] == "011111"

    # Shift+arrows select a block of two times on two dates; Enter marks them in one request.
    page.keyboard.press("ArrowDown")
    expect(mine(page, "Tue Dec 1, 09:30–10:00, free")).to_be_focused()
    page.keyboard.press("Shift+ArrowDown")
    page.keyboard.press("Shift+ArrowRight")
    expect(page.locator("#mine-grid td[aria-selected=true]")).to_have_count(4)
    assert slots(stored(page.url), "Kim")["2026-12-02"] == "111111"  # nothing sent yet
    page.keyboard.press("Enter")
    settled(page)
    expect(mine(page, "Wed Dec 2, 10:00–10:30, busy")).to_be_focused()
    expect(page.locator("#mine-grid td[aria-selected=true]")).to_have_count(0)
    stored_slots = slots(stored(page.url), "Kim")
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
    """Without a script: create with times (the zone select starts at the zone the server
    guessed from the language, en-US: New York), and one form of checkboxes for the whole
    grid with one Save (more in test_nojs.py)."""
    page = new_context(viewport=DESKTOP, locale="en-US", java_script_enabled=False).new_page()
    page.goto(f"{server}/")
    expect(page.get_by_label("Time zone", exact=True)).to_have_value("America/New_York")
    create_timed_meeting(page, server, title="No script, timed", zone=SEOUL)
    join(page, "Alice")
    expect(
        page.get_by_text("Times are in Asia/Seoul, the meeting\u2019s time zone.")
    ).to_be_visible()
    for time_span in ("09:00–09:30", "09:30–10:00"):
        page.get_by_role("checkbox", name=f"Tue Dec 1, {time_span}: free").uncheck()
    page.get_by_role("checkbox", name="Tue Dec 1, 11:30–12:00: preferred").check()
    page.get_by_role("checkbox", name="Wed Dec 2, 09:00–09:30: free").uncheck()  # saved too
    page.get_by_role("button", name="Save my times").click()
    expect(page).to_have_url(re.compile(r"#availability$"))
    stored_slots = slots(stored(page.url), "Alice")
    assert stored_slots == {
        "2026-12-01": "001112",
        "2026-12-02": "011111",
        "2026-12-03": "111111",
    }
    expect(page.get_by_role("checkbox", name="Tue Dec 1, 09:00–09:30: free")).not_to_be_checked()
    expect(page.get_by_role("checkbox", name="Tue Dec 1, 11:30–12:00: preferred")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Wed Dec 2, 09:00–09:30: free")).not_to_be_checked()
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
    assert slots(stored(page.url), "Lena")["2026-12-01"] == "011111"
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
    assert slots(stored(page.url), "민수")["2026-12-01"] == "011111"
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
    meeting = stored(page.url)
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
    meeting = stored(page.url)
    assert state(meeting, "Alice", "2026-12-06") == (True, True)
    assert state(meeting, "Alice", "2026-12-07") == (True, True)
    # A plain click is one toggle through the mark form, as before.
    page.locator("#toggle-2026-12-01").click()
    settled(page)
    expect(page.locator("#toggle-2026-12-01")).to_have_attribute("aria-pressed", "false")
    assert state(stored(page.url), "Alice", "2026-12-01") == (False, False)
    assert len(posts) == 2
