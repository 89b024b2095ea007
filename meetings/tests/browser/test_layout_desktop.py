"""The meeting page's layout: on a desktop (1280x900) my grid and everyone's side by side, "who
is free" kept in view, the organizer's settings folded so the grid is above the fold; a share
bar whose Copy says "Copied" (or "Press Ctrl+C" when the clipboard is refused); a manage link
that looks nothing like the share link; one column on a 390 px phone. English and Korean.

Debian's Chromium driven by Playwright against pytest-django's live server on MariaDB;
screenshots land in ``test-artifacts/``.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from playwright.sync_api import Page, expect

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told that this is deliberate (the test's own checks and the
# database flush between tests).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from meetings.tests.support.browser import (
    DESKTOP,
    MANAGE_LINK,
    PHONE_390,
    SEOUL,
    NewContext,
    create_meeting,
    create_timed_meeting,
    heat,
    join,
    manage_open,
    no_horizontal_overflow,
    screenshot,
    screenshot_view,
    settled,
    timed_meeting,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# At 1280x900 the organizer's own grid must start above this line (it was at y≈1,310 with the
# header, the links and the settings stacked above it).
FOLD_TARGET = 600

ONLY_FOR_YOU = {
    "en": "Only for you — anyone with this link can change the meeting",
    "ko": "나만 쓰는 링크 — 이 링크가 있으면 누구나 모임을 바꿀 수 있습니다",
}
COPIED = {"en": "Copied", "ko": "복사됨"}
BY_HAND = {"en": "Press Ctrl+C", "ko": "Ctrl+C를 누르세요"}
COPY_LINK = {"en": "Copy link", "ko": "링크 복사"}


def box(page: Page, selector: str) -> Any:
    found = page.locator(selector).bounding_box()
    assert found is not None, selector
    return found


def to_korean(page: Page) -> None:
    page.locator(".language button[lang=ko]").click()
    expect(page.locator("html")).to_have_attribute("lang", "ko")


def organizer_on_timed_meeting(new_context: NewContext, server: str, lang: str) -> Page:
    """The organizer of a 3-date 09:00-12:00 meeting, joined as Alice, at 1280x900."""
    page = new_context(viewport=DESKTOP, locale="en-US", timezone_id=SEOUL).new_page()
    create_timed_meeting(page, server, title="Planning day")
    join(page, "Alice")
    if lang == "ko":
        to_korean(page)
    settled(page)
    page.evaluate("window.scrollTo(0, 0)")
    return page


def expect_side_by_side(page: Page) -> None:
    mine = box(page, "#mine-grid")
    everyone = box(page, "#heat-grid")
    assert abs(mine["y"] - everyone["y"]) <= 2, (mine, everyone)  # first rows lined up
    assert mine["x"] + mine["width"] <= everyone["x"], (mine, everyone)  # mine on the left
    assert everyone["x"] + everyone["width"] <= DESKTOP["width"]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_desktop_grids_side_by_side_above_the_fold(
    new_context: NewContext, server: str, lang: str
) -> None:
    """The organizer's grid starts above y=600 with the settings folded; everyone's grid
    stands beside it, their first rows level; the header and "you" share a row."""
    page = organizer_on_timed_meeting(new_context, server, lang)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    expect(page.locator("#manage-panel")).not_to_have_attribute("open", "")
    expect(page.locator("#manage-url")).to_be_hidden()
    expect(page.locator("form#editing")).to_be_hidden()
    mine = box(page, "#mine-grid")
    print(f"\n[{lang}] organizer's grid top at 1280x900: y={mine['y']:.0f}")
    assert mine["y"] < FOLD_TARGET, mine
    assert mine["y"] + 3 * 28 < DESKTOP["height"]  # its first rows are on screen, not just the top
    expect_side_by_side(page)
    head, you = box(page, ".meeting-head"), box(page, "#you")
    assert abs(head["y"] - you["y"]) <= 1
    assert head["x"] + head["width"] <= you["x"]
    screenshot_view(page, f"layout-desktop-{lang}")

    # Unfolding the manage panel pushes nothing sideways, and the grids stay side by side.
    manage_open(page)
    expect(page.locator("#manage-url")).to_be_visible()
    expect_side_by_side(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    screenshot(page, f"layout-desktop-{lang}-manage")
    assert errors == []


def test_desktop_dates_only_grid_beside_the_best_dates(
    new_context: NewContext, server: str
) -> None:
    page = new_context(viewport=DESKTOP, locale="en-US").new_page()
    create_meeting(page, server, title="Dinner", with_dates=True)
    join(page, "Alice")
    page.locator("#all-free").click()  # answered: free on every date, so there are best dates
    settled(page)
    page.evaluate("window.scrollTo(0, 0)")
    grid = box(page, "table.grid")
    best = box(page, ".best-dates")
    print(f"\norganizer's dates-only grid top at 1280x900: y={grid['y']:.0f}")
    assert grid["y"] < FOLD_TARGET, grid
    assert grid["x"] + grid["width"] <= best["x"], (grid, best)  # the best dates beside it
    assert abs(best["y"] - box(page, "#grid-scroll")["y"]) <= 2
    legend = box(page, "#availability > .legend")  # under the grid, not over the best dates
    assert legend["y"] >= grid["y"] + grid["height"], (legend, grid)
    assert legend["x"] + legend["width"] <= best["x"] or legend["y"] >= best["y"] + best["height"]
    screenshot_view(page, "layout-desktop-dates-en")


def test_who_is_free_stays_in_view_while_the_grid_scrolls_by(
    new_context: NewContext, server: str
) -> None:
    """A 09:00-18:00 meeting: scrolled down to its last rows, the panel beside everyone's grid
    is still on screen and tells who is free at the slot pointed at."""
    code = timed_meeting(end="18:00").url_code
    page = new_context(viewport=DESKTOP, locale="en-US", timezone_id=SEOUL).new_page()
    page.goto(f"{server}/meetings/{code}/")
    join(page, "Alice")
    page.locator("#all-free").click()  # answered: counted in everyone's grid
    settled(page)
    who = page.locator("#who")
    top = box(page, "#who")["y"] + page.evaluate("window.scrollY")
    last = heat(page, "Thu Dec 3, 17:30–18:00: 1 of 1 free")
    page.evaluate(
        "y => window.scrollTo(0, y)", top + 400
    )  # the panel's own place is 400 px above the screen now
    last.hover()
    expect(who).to_contain_text("Free (1): Alice")
    panel = box(page, "#who")
    assert panel["y"] >= 0, panel
    assert panel["y"] + panel["height"] <= DESKTOP["height"], panel
    cell = last.bounding_box()
    assert cell is not None
    assert cell["y"] + cell["height"] <= DESKTOP["height"]  # the row pointed at is on screen too
    screenshot_view(page, "layout-desktop-who-sticky")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_copy_says_copied_on_the_button_or_asks_for_ctrl_c(
    new_context: NewContext, server: str, lang: str
) -> None:
    page = organizer_on_timed_meeting(new_context, server, lang)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    share_url = page.locator("#share-url").input_value()
    button = page.locator("#share-bar button.copy")
    expect(button).to_have_text(COPY_LINK[lang])
    button.click()
    expect(button).to_have_text(COPIED[lang])  # on the button itself
    assert page.evaluate("navigator.clipboard.readText()") == share_url
    expect(button).to_have_text(COPY_LINK[lang], timeout=6_000)  # then back

    # The clipboard refused: the link is selected for copying by hand, and the button says how.
    page.evaluate(
        """() => { navigator.clipboard.writeText = () =>
            Promise.reject(new DOMException("refused", "NotAllowedError")); }"""
    )
    button.click()
    expect(button).to_have_text(BY_HAND[lang])
    expect(page.locator("#live-status")).to_have_text(BY_HAND[lang])
    expect(page.locator("#share-url")).to_be_focused()
    selected = page.evaluate(
        "() => { const i = document.getElementById('share-url');"
        " return [i.selectionStart, i.selectionEnd, i.value.length]; }"
    )
    assert selected == [0, len(share_url), len(share_url)], selected


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_manage_link_is_labelled_only_for_you_and_looks_different(
    new_context: NewContext, server: str, lang: str
) -> None:
    page = organizer_on_timed_meeting(new_context, server, lang)
    manage_open(page)
    manage = page.get_by_label(ONLY_FOR_YOU[lang])
    expect(manage).to_have_value(MANAGE_LINK)
    expect(page.locator("#manage .lock")).to_be_visible()
    style = """el => { const s = getComputedStyle(el);
        return [s.backgroundColor, s.borderTopColor, s.borderTopStyle]; }"""
    share_look = page.locator("#share-bar").evaluate(style)
    manage_look = page.locator("#manage").evaluate(style)
    assert share_look[0] != manage_look[0], (share_look, manage_look)  # another background
    assert share_look[1:] != manage_look[1:], (share_look, manage_look)  # another border
    # Not beside the share bar: inside the panel, below it, and its button says what it copies.
    share, manage_box = box(page, "#share-bar"), box(page, "#manage")
    assert manage_box["y"] >= share["y"] + share["height"] + 16, (share, manage_box)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.locator("#manage button.copy").click()
    expect(page.locator("#manage button.copy")).to_have_text(COPIED[lang])
    expect(page.locator("#share-bar button.copy")).to_have_text(COPY_LINK[lang])
    assert page.evaluate("navigator.clipboard.readText()") == manage.input_value()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_phone_390_one_column_without_overflow(
    new_context: NewContext, server: str, lang: str
) -> None:
    page = organizer_on_timed_meeting(new_context, server, lang)
    page.set_viewport_size(PHONE_390)
    settled(page)
    mine, everyone = box(page, "#mine-grid"), box(page, "#heat-grid")
    assert everyone["y"] >= mine["y"] + mine["height"], (mine, everyone)  # stacked
    head, you = box(page, ".meeting-head"), box(page, "#you")
    assert you["y"] >= head["y"] + head["height"]
    assert abs(mine["x"] - everyone["x"]) <= 1
    screenshot(page, f"layout-390-{lang}")
    no_horizontal_overflow(page)  # the manage panel unfolded too
    screenshot(page, f"layout-390-{lang}-manage")
