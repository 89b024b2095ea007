"""Painting by touch without painting by accident, Undo, what a stroke says, and the grids by
keyboard (issue 24, items 2 and 7).

At 390 x 844 with touch (real touch input through Chromium's DevTools protocol): a swipe
scrolls and changes nothing; a long press, a tap or "Paint with a finger" paints; Undo takes a
stroke back in one request. On the desktop: a mouse stroke and Ctrl+Z. The dates-only grid is
one Tab stop with arrow keys. The focus ring keeps 3:1 against every cell colour.
"""

from __future__ import annotations

import os
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from meetings import services
from meetings.domain import DateAction, key_new
from meetings.repositories import repository_for
from meetings.tests.support.browser import (
    DESKTOP,
    PHONE_390,
    SEOUL,
    NewContext,
    center,
    json_marks,
    mine,
    paint_posts,
    screenshot,
    screenshot_view,
    settled,
    slots,
    state,
    timed_meeting,
)
from meetings.tests.support.pages import url_code
from meetings.tests.support.stored import stored
from meetings.tests.support.touch import (
    contrast,
    finger_stroke,
    said,
    swipe,
    touch_hold_drag,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ALL_FREE = "1" * 16  # 09:00-17:00 in 30-minute slots


def phone(new_context: NewContext, locale: str = "en-US") -> Page:
    context = new_context(
        viewport=PHONE_390, locale=locale, timezone_id=SEOUL, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    return page


def joined_phone(new_context: NewContext, server: str, *, locale: str = "en-US") -> Page:
    """Mina's phone on a 14-date meeting, 09:00-17:00 (wider and taller than the screen)."""
    meeting = timed_meeting(days=14, end="17:00")
    page = phone(new_context, locale)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server}/meetings/{meeting.url_code}/")
    page.locator("#id_name").fill("Mina")
    page.locator("form.join button[type=submit]").click()
    expect(page.locator("#mine-grid")).to_be_visible()
    page.__dict__["errors"] = errors
    return page


def test_swipes_scroll_and_never_paint(new_context: NewContext, server: str) -> None:
    """A vertical and a horizontal swipe over my cells scroll the page and the grid; nothing is
    sent, nothing is stored, no cell changes."""
    page = joined_phone(new_context, server)
    posts = paint_posts(page)
    first = mine(page, "Tue Dec 1, 12:00–12:30, free")
    x, y = center(first)
    page_y = page.evaluate("window.scrollY")
    swipe(page, (x, y + 150), (x, y - 150))  # up: the page scrolls down
    page.wait_for_function("least => window.scrollY > least", arg=page_y + 100)

    x, y = center(mine(page, "Thu Dec 3, 12:00–12:30, free"))
    box = page.locator("#mine-scroll")
    assert box.evaluate("b => b.scrollLeft") == 0
    swipe(page, (x + 120, y), (x - 120, y))  # to the left: later dates come into view
    page.wait_for_function("b => b.scrollLeft > 100", arg=box.element_handle())

    settled(page)
    assert posts == []
    assert set(slots(stored(page.url), "Mina").values()) == {ALL_FREE}
    expect(page.locator("#mine-grid td.pending")).to_have_count(0)
    expect(page.locator("#mine-grid td.b")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]
    screenshot_view(page, "touch-390-after-swipes")
    assert page.__dict__["errors"] == []


def ann_busy_on_dec_3(code: str) -> None:
    """Ann (joined elsewhere, with her key) marks Thu Dec 3 busy: someone else's change."""
    repo = repository_for("mysql")
    key = key_new()
    ann, _meeting = services.participant_create(
        repo=repo, url_code=code, name="Ann", participant_key=key
    )
    services.participant_marks(
        repo=repo,
        url_code=code,
        participant_id=ann.id,
        marks=[services.MarkRequest(date(2026, 12, 3), DateAction.OFF)],
        key=key,
    )


def test_long_press_paints_a_tap_switches_and_undo_restores(
    new_context: NewContext, server: str
) -> None:
    """Touch and hold, then drag: one request; a tap switches one time; Undo takes back the
    last stroke in one request, only my cells of it, whatever someone else changed meanwhile."""
    page = joined_phone(new_context, server)
    posts = paint_posts(page)
    undo = page.get_by_role("button", name="Undo")
    expect(undo).to_have_attribute("aria-disabled", "true")

    # A tap on 09:00: busy (a stroke of one time).
    mine(page, "Tue Dec 1, 09:00–09:30, free").tap()
    settled(page)
    said(page).to_have_text("1 time marked busy")
    assert slots(stored(page.url), "Mina")["2026-12-01"] == "0" + "1" * 15

    # Touch and hold on 10:00, then drag to Wed 11:00: busy there, in one request.
    first = mine(page, "Tue Dec 1, 10:00–10:30, free")
    points = [center(first)]
    points += [center(mine(page, f"Tue Dec 1, {t}, free")) for t in ("10:30–11:00", "11:00–11:30")]
    points.append(center(mine(page, "Wed Dec 2, 11:00–11:30, free")))
    touch_hold_drag(page, points, held=first)
    settled(page)
    assert len(posts) == 2, posts
    assert json_marks(posts[1]) == [
        {"date": "2026-12-01", "action": "off", "from": "10:00", "to": "11:30"},
        {"date": "2026-12-02", "action": "off", "from": "10:00", "to": "11:30"},
    ]
    said(page).to_have_text("6 times marked busy")
    stroke = "1" * 2 + "0" * 3 + "1" * 11
    assert slots(stored(page.url), "Mina")["2026-12-02"] == stroke
    expect(undo).to_have_attribute("aria-disabled", "false")
    screenshot_view(page, "touch-390-after-hold-stroke")

    # Ann changes her own row meanwhile; Undo takes back my last stroke only.
    ann_busy_on_dec_3(url_code(page.url))
    undo.tap()
    settled(page)
    assert len(posts) == 3
    said(page).to_have_text("Undone: 6 times back as they were")
    meeting = stored(page.url)
    assert slots(meeting, "Mina")["2026-12-01"] == "0" + "1" * 15  # the tap stays
    assert slots(meeting, "Mina")["2026-12-02"] == ALL_FREE
    assert slots(meeting, "Ann")["2026-12-03"] == "0" * 16  # Ann's change stays
    expect(mine(page, "Wed Dec 2, 11:00–11:30, free")).to_be_visible()

    # Undo again: the tap; then there is nothing left to undo.
    undo.tap()
    settled(page)
    assert set(slots(stored(page.url), "Mina").values()) == {ALL_FREE}
    expect(undo).to_have_attribute("aria-disabled", "true")
    undo.tap(force=True)  # aria-disabled: it says why nothing happens
    said(page).to_have_text("Nothing to undo.")
    assert len(posts) == 4
    assert page.__dict__["errors"] == []


def test_paint_mode_in_korean(new_context: NewContext, server: str) -> None:
    """ "Paint with a finger" (Korean page): while on, a plain finger drag paints at once;
    off again, the same drag scrolls. Undo restores the stroke."""
    page = joined_phone(new_context, server, locale="ko-KR")
    posts = paint_posts(page)
    toggle = page.get_by_role("button", name="손가락으로 칠하기")
    expect(page.locator("#paint-tools")).to_contain_text("길게 누른 뒤 끌면")
    toggle.tap()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    cell = page.locator("#mine-grid td[data-k='2']")  # Tue Dec 1, 10:00
    points = [center(cell), center(page.locator("#mine-grid td[data-k='4']"))]
    finger_stroke(page, points)
    settled(page)
    assert len(posts) == 1
    assert slots(stored(page.url), "Mina")["2026-12-01"] == "11" + "000" + "1" * 11
    said(page).to_have_text("3개 시간을 불가능으로 표시했습니다")
    expect(toggle).to_have_attribute("aria-pressed", "true")  # kept across the answer
    screenshot_view(page, "touch-390-ko-paint-mode")

    toggle.tap()  # a tap right after a finger stroke still clicks
    expect(toggle).to_have_attribute("aria-pressed", "false")
    x, y = center(page.locator("#mine-grid td[data-k='6']"))
    swipe(page, (x, y + 100), (x, y - 100))
    settled(page)
    assert len(posts) == 1  # a swipe again

    page.get_by_role("button", name="되돌리기").tap()
    settled(page)
    said(page).to_have_text("되돌렸습니다: 시간 3개가 원래대로 돌아갔습니다")
    assert slots(stored(page.url), "Mina")["2026-12-01"] == ALL_FREE
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]
    screenshot(page, "touch-390-ko")
    assert page.__dict__["errors"] == []


def test_desktop_mouse_stroke_and_ctrl_z(new_context: NewContext, server: str) -> None:
    """With the mouse a press and drag paints at once, as before; Ctrl+Z takes it back. No
    "Paint with a finger" where the pointer is a mouse."""
    meeting = timed_meeting()
    page = new_context(viewport=DESKTOP, locale="en-US", timezone_id=SEOUL).new_page()
    page.goto(f"{server}/meetings/{meeting.url_code}/")
    page.locator("#id_name").fill("Kim")
    page.locator("form.join button[type=submit]").click()
    posts = paint_posts(page)
    expect(page.get_by_role("button", name="Paint with a finger")).to_be_hidden()
    page.mouse.move(*center(mine(page, "Tue Dec 1, 09:00–09:30, free")))
    page.mouse.down()
    page.mouse.move(*center(mine(page, "Wed Dec 2, 09:30–10:00, free")), steps=4)
    page.mouse.up()
    settled(page)
    said(page).to_have_text("4 times marked busy")
    assert slots(stored(page.url), "Kim")["2026-12-02"] == "001111"
    page.keyboard.press("Control+z")
    settled(page)
    said(page).to_have_text("Undone: 4 times back as they were")
    assert set(slots(stored(page.url), "Kim").values()) == {"111111"}
    assert len(posts) == 2
    expect(page.get_by_role("button", name="Undo")).to_have_attribute("aria-disabled", "true")
    # Ctrl+Z in a text field is the field's own undo; a click on my grid, and it is mine.
    mine(page, "Thu Dec 3, 11:30–12:00, free").click()
    settled(page)
    page.locator("#share-url").focus()
    page.keyboard.press("Control+z")
    assert len(posts) == 3
    assert slots(stored(page.url), "Kim")["2026-12-03"] == "111110"
    page.locator("#mine-grid td[tabindex='0']").focus()
    page.keyboard.press("Control+z")
    settled(page)
    assert len(posts) == 4
    assert slots(stored(page.url), "Kim")["2026-12-03"] == "111111"
    page.locator("#paint").evaluate("p => p.scrollIntoView()")
    screenshot_view(page, "touch-desktop-after-undo")


JOINED = {"en-US": "You are Alice", "ko-KR": "Alice 님으로 참여 중"}
SAID = {
    "en-US": (
        "1 date marked busy",
        "1 date marked preferred",
        "Undone: 1 date back as it was",
    ),
    "ko-KR": (
        "1개 날짜를 불가능으로 표시했습니다",
        "1개 날짜를 선호로 표시했습니다",
        "되돌렸습니다: 날짜 1개가 원래대로 돌아갔습니다",
    ),
}


def focused_id(page: Page) -> str:
    return str(page.evaluate("document.activeElement.id"))


def ring_contrasts(page: Page) -> list[tuple[str, float]]:
    """The focused element's outline colour against its own background and its cell's."""
    colours = page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            const cell = el.closest("td");
            return {
                style: style.outlineStyle, width: style.outlineWidth, ring: style.outlineColor,
                own: style.backgroundColor,
                cell: cell ? getComputedStyle(cell).backgroundColor : style.backgroundColor,
            };
        }"""
    )
    assert colours["style"] == "solid", colours
    assert colours["width"] == "3px", colours
    return [(name, contrast(colours["ring"], colours[name])) for name in ("own", "cell")]


@pytest.mark.parametrize("locale", ["en-US", "ko-KR"])
def test_dates_grid_by_keyboard(new_context: NewContext, server: str, locale: str) -> None:
    """My row of a dates-only meeting is one Tab stop; arrows move between dates (Left and
    Right) and between a date's ✓ and ☆ (Up and Down); Space and Enter switch, S stars, each
    said in the live region; Ctrl+Z takes the last one back."""
    meeting = services.meeting_create(
        repo=repository_for("mysql"),
        title="Dates",
        start_date=date(2026, 12, 1),
        end_date=date(2026, 12, 7),
    )
    page = new_context(viewport=DESKTOP, locale=locale).new_page()
    page.goto(f"{server}/meetings/{meeting.url_code}/")
    page.locator("#id_name").fill("Alice")
    page.locator("form.join button[type=submit]").click()
    expect(page.get_by_role("heading", name=JOINED[locale])).to_be_visible()
    posts = paint_posts(page)
    row = page.locator("table.grid tr.me")
    expect(row.locator("button[tabindex='0']")).to_have_count(1)
    expect(row.locator("button[tabindex='-1']")).to_have_count(20)  # ✓, ☆ and (✓) of 7 dates
    expect(page.locator("#grid-scroll")).not_to_have_attribute("tabindex", "0")

    page.locator("#paint-undo").focus()
    page.keyboard.press("Tab")
    assert focused_id(page) == "toggle-2026-12-01"
    page.keyboard.press("Tab")  # out of the grid at once
    assert page.evaluate("document.activeElement.closest('table.grid') === null")
    page.keyboard.press("Shift+Tab")
    assert focused_id(page) == "toggle-2026-12-01"
    for name, ratio in ring_contrasts(page):
        assert ratio >= 3, (name, ratio)

    busy, starred, undone = SAID[locale]
    page.keyboard.press("ArrowRight")
    assert focused_id(page) == "toggle-2026-12-02"
    page.keyboard.press("Space")
    settled(page)
    said(page).to_have_text(busy)
    assert state(stored(meeting), "Alice", "2026-12-02") == (False, False)
    assert focused_id(page) == "toggle-2026-12-02"  # kept across the answer
    expect(row.locator("button[tabindex='0']")).to_have_count(1)
    page.keyboard.press("ArrowDown")
    assert focused_id(page) == "star-2026-12-02"
    for name, ratio in ring_contrasts(page):
        assert ratio >= 3, (name, ratio)
    page.keyboard.press("ArrowUp")
    assert focused_id(page) == "toggle-2026-12-02"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("s")
    settled(page)
    said(page).to_have_text(starred)
    assert state(stored(meeting), "Alice", "2026-12-03") == (True, True)
    assert focused_id(page) == "toggle-2026-12-03"
    for name, ratio in ring_contrasts(page):
        assert ratio >= 3, (name, ratio)
    page.keyboard.press("End")
    assert focused_id(page) == "toggle-2026-12-07"
    page.keyboard.press("Enter")
    settled(page)
    assert state(stored(meeting), "Alice", "2026-12-07") == (False, False)
    page.keyboard.press("Home")
    assert focused_id(page) == "toggle-2026-12-01"
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    assert focused_id(page) == "toggle-2026-12-01"  # the row keeps where I was

    page.keyboard.press("Control+z")
    settled(page)
    said(page).to_have_text(undone)
    assert state(stored(meeting), "Alice", "2026-12-07") == (True, False)
    page.keyboard.press("Control+z")
    settled(page)
    assert state(stored(meeting), "Alice", "2026-12-03") == (True, False)
    assert state(stored(meeting), "Alice", "2026-12-02") == (False, False)
    assert len(posts) == 2  # the undos; the presses went through the date's own form
    page.locator("#availability").evaluate("a => a.scrollIntoView()")
    screenshot_view(page, f"touch-dates-keyboard-{locale[:2]}")


def others_busy_in_the_morning(code: str) -> None:
    """Three more people, each busy on Tue Dec 1 from 09:00 for one more slot than the last:
    09:00 nobody free (with me busy there too), then 1, 2, 3 and 4 of 4 free."""
    repo = repository_for("mysql")
    for number, end in ((2, "10:00"), (3, "10:30"), (4, "11:00")):
        key = key_new()
        person, _meeting = services.participant_create(
            repo=repo, url_code=code, name=f"P{number}", participant_key=key
        )
        mark = services.MarkRequest(date(2026, 12, 1), DateAction.OFF, "09:00", end)
        services.participant_marks(
            repo=repo, url_code=code, participant_id=person.id, marks=[mark], key=key
        )


def test_focus_ring_contrast_on_every_cell_colour(new_context: NewContext, server: str) -> None:
    """The focus ring of a cell, measured from computed styles: at least 3:1 against the cell
    it is on and every other cell colour of both grids (busy, free, preferred, the five heat
    levels); a white inner line parts it from the cell."""
    meeting = timed_meeting()
    others_busy_in_the_morning(meeting.url_code)
    page = new_context(viewport=DESKTOP, locale="en-US", timezone_id=SEOUL).new_page()
    page.goto(f"{server}/meetings/{meeting.url_code}/")
    page.locator("#id_name").fill("Kim")
    page.locator("form.join button[type=submit]").click()
    first = mine(page, "Tue Dec 1, 09:00–09:30, free")
    first.focus()
    page.keyboard.press("Space")  # busy
    settled(page)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("s")  # preferred
    settled(page)
    assert slots(stored(meeting), "Kim")["2026-12-02"] == "211111"
    for level in range(5):
        expect(page.locator(f"#heat-grid td.h{level}").first).to_be_visible()

    backgrounds = set(
        page.evaluate(
            """() => [...document.querySelectorAll("#mine-grid tbody td, #heat-grid tbody td")]
                .map(td => getComputedStyle(td).backgroundColor)"""
        )
    )
    assert len(backgrounds) == 7, backgrounds  # busy, free, preferred, h0-h4 (free is h3)
    targets = [f"#mine-grid td.s.{state_class}" for state_class in "bfp"]
    targets += [f"#heat-grid td.h{level}" for level in range(5)]
    for selector in targets:
        cell = page.locator(selector).first
        cell.evaluate("c => { c.setAttribute('tabindex', '0'); c.focus(); }")
        page.keyboard.press("Shift")  # a key: the focus is the keyboard's
        style = cell.evaluate(
            """c => { const s = getComputedStyle(c);
                return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow]; }"""
        )
        assert style[:2] == ["solid", "3px"], (selector, style)
        worst = min(contrast(style[2], background) for background in backgrounds)
        assert worst >= 3, (selector, style, worst)
        assert "rgb(255, 255, 255)" in style[3], (selector, style)
        assert contrast(style[2], "rgb(255, 255, 255)") >= 3
    page.locator("#everyone").evaluate("e => e.scrollIntoView()")
    screenshot_view(page, "touch-focus-ring-heat")


def test_dates_grid_by_touch(new_context: NewContext, server: str) -> None:
    """A dates-only meeting on a phone: a sideways swipe over my row scrolls the dates and
    marks nothing; touch and hold, then drag, marks several dates in one request; a tap
    switches one; Undo takes back the tap, then the stroke."""
    meeting = services.meeting_create(
        repo=repository_for("mysql"),
        title="Three weeks",
        start_date=date(2026, 12, 1),
        end_date=date(2026, 12, 21),
    )
    page = phone(new_context)
    page.goto(f"{server}/meetings/{meeting.url_code}/")
    page.locator("#id_name").fill("Alice")
    page.locator("form.join button[type=submit]").click()
    expect(page.get_by_role("heading", name="You are Alice")).to_be_visible()
    posts = paint_posts(page)
    region = page.locator("#grid-scroll")
    x, y = center(page.locator("#toggle-2026-12-02"))
    swipe(page, (x + 150, y), (x - 100, y))
    page.wait_for_function("b => b.scrollLeft > 100", arg=region.element_handle())
    settled(page)
    assert posts == []
    assert all(state(stored(meeting), "Alice", f"2026-12-{d:02}") == (True, False) for d in (2, 3))
    region.evaluate("b => { b.scrollLeft = 0; }")

    first = page.locator("#toggle-2026-12-02")
    points = [center(first), center(page.locator("#toggle-2026-12-03"))]
    points.append(center(page.locator("#toggle-2026-12-04")))
    touch_hold_drag(page, points, held=first)
    settled(page)
    assert len(posts) == 1
    said(page).to_have_text("3 dates marked busy")
    stored_meeting = stored(meeting)
    assert [state(stored_meeting, "Alice", f"2026-12-0{d}")[0] for d in range(1, 6)] == [
        True,
        False,
        False,
        False,
        True,
    ]
    page.locator("#toggle-2026-12-05").tap()  # through the date's own form
    settled(page)
    said(page).to_have_text("1 date marked busy")
    assert state(stored(meeting), "Alice", "2026-12-05") == (False, False)
    screenshot_view(page, "touch-390-dates")
    undo = page.get_by_role("button", name="Undo")
    undo.tap()
    settled(page)
    assert state(stored(meeting), "Alice", "2026-12-05") == (True, False)
    undo.tap()
    settled(page)
    said(page).to_have_text("Undone: 3 dates back as they were")
    stored_meeting = stored(meeting)
    assert all(state(stored_meeting, "Alice", f"2026-12-0{d}") == (True, False) for d in (2, 3, 4))
    assert len(posts) == 3
