"""The create form's time zone: the viewer's zone on top, each zone with its UTC offset, and a
search box that narrows the list and picks the first match (en and ko, desktop and 390 px)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from meetings.tests.support.browser import DESKTOP, PHONE_390, NewContext, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("locale", "viewport", "search", "label"),
    [
        ("en-US", DESKTOP, "Search time zones", "Time zone"),
        ("ko-KR", PHONE_390, "시간대 검색", "시간대"),
    ],
    ids=["en-desktop", "ko-390"],
)
def test_the_viewers_zone_is_first_and_the_list_can_be_searched(
    new_context: NewContext,
    server: str,
    locale: str,
    viewport: dict[str, int],
    search: str,
    label: str,
) -> None:
    page = new_context(viewport=viewport, locale=locale, timezone_id="Asia/Seoul").new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server}/")
    page.locator("input[data-times-switch][value=times]").check()
    zone = page.get_by_label(label, exact=True)
    # The browser's zone, on top and chosen.
    expect(zone).to_have_value("Asia/Seoul")
    first = page.locator("select[name=time_zone] optgroup").first.locator("option")
    expect(first).to_have_count(1)
    expect(first).to_have_attribute("value", "Asia/Seoul")
    expect(first).to_have_text(re.compile(r"Asia/Seoul \(UTC\+09:00\)"))
    # Search: typing narrows the list and picks the first zone that matches.
    box = page.get_by_role("searchbox", name=search)
    box.fill("new york")
    expect(zone).to_have_value("America/New_York")
    visible = page.evaluate(
        "Array.from(document.querySelector('select[name=time_zone]').options)"
        ".filter(o => !o.hidden).map(o => o.value)"
    )
    assert visible == ["America/New_York"]
    box.fill("")
    hidden = page.evaluate(
        "Array.from(document.querySelector('select[name=time_zone]').options)"
        ".filter(o => o.hidden).length"
    )
    assert hidden == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    screenshot(page, f"zone-search-{locale}")
    assert errors == []
