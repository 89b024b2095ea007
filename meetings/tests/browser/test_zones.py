"""A New York meeting seen from Seoul (issue 24, item 4): the grid reads in order with the
next day marked, has no Saturday column, says its best time across midnight, names its zone
before any time, and the organizer's "choose the final date yourself" form works in Seoul's
time and stores New York's. Desktop and 390 px, English and Korean."""

from __future__ import annotations

import os
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from meetings import services
from meetings.domain import DateAction, Meeting, key_new, time_window_check
from meetings.repositories import repository_for
from meetings.tests.support.browser import (
    ARTIFACTS,
    DESKTOP,
    PHONE_390,
    NewContext,
    join,
    screenshot,
    screenshot_view,
    settled,
)
from meetings.tests.support.stored import stored

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_YORK = "America/New_York"
SEOUL = "Asia/Seoul"
MONDAY = date(2026, 12, 7)

WORDS: dict[str, dict[str, Any]] = {
    "en": {
        "locale": "en-US",
        "heads": ["Mon 12/7", "Tue 12/8", "Wed 12/9", "Thu 12/10", "Fri 12/11"],
        "next_day": "next day",
        "zone_line": "Times are in your time zone, Asia/Seoul.",
        "best": "Mon Dec 7, 23:00 – Tue Dec 8, 07:00",
        "form_zone": "Times in Asia/Seoul, your time zone, as the grid shows them.",
        "start_next_day": "00:00 (next day)",
        "decision": "Meeting on Wed Dec 9, 00:00–02:00 (Asia/Seoul)",
        "joined": "You are Kim",
    },
    "ko": {
        "locale": "ko-KR",
        "heads": ["월 12/7", "화 12/8", "수 12/9", "목 12/10", "금 12/11"],
        "next_day": "다음 날",
        "zone_line": "시간은 내 시간대인 Asia/Seoul 기준입니다.",
        "best": "12월 7일 (월요일) 23:00 – 12월 8일 (화요일) 07:00",
        "form_zone": "시간은 표와 같이 내 시간대인 Asia/Seoul 기준입니다.",
        "start_next_day": "00:00 (다음 날)",
        "decision": "12월 9일 (수요일), 00:00–02:00 (Asia/Seoul)",
        "joined": "Kim 님으로 참여 중",
    },
}


def new_york_week() -> tuple[Meeting, str]:
    """Mon Dec 7 - Fri Dec 11, 09:00-17:00 in New York, and its organizer key; Dana is free
    only on Monday, all day."""
    repo = repository_for("mysql")
    key = key_new()
    meeting = services.meeting_create(
        repo=repo,
        title="Stand-up",
        start_date=MONDAY,
        end_date=date(2026, 12, 11),
        window=time_window_check("09:00", "17:00", 30, NEW_YORK),
        organizer_key=key,
    )
    dana, _ = services.participant_create(repo=repo, url_code=meeting.url_code, name="Dana")
    busy = [services.MarkRequest(date(2026, 12, day), DateAction.OFF) for day in range(8, 12)]
    services.participant_marks(
        repo=repo, url_code=meeting.url_code, participant_id=dana.id, marks=busy, key=key
    )
    return meeting, key


def texts(page: Page, selector: str) -> list[str]:
    return [" ".join(text.split()) for text in page.locator(selector).all_inner_texts()]


# The width of a select's chosen text, and the room it has (its box less padding and arrow).
TEXT_AND_ROOM = """select => {
  const style = getComputedStyle(select);
  const context = document.createElement("canvas").getContext("2d");
  context.font = style.font;
  const text = select.options[select.selectedIndex].text;
  const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
  return [context.measureText(text).width, select.clientWidth - padding - 20];
}"""


def fits(page: Page, selector: str) -> None:
    """The select is inside the viewport's width and shows its whole chosen text."""
    viewport = page.viewport_size
    assert viewport is not None
    select = page.locator(selector)
    box = select.bounding_box()
    assert box is not None, selector
    assert box["x"] >= 0, (selector, box)
    assert box["x"] + box["width"] <= viewport["width"], (selector, box)
    text, room = select.evaluate(TEXT_AND_ROOM)
    assert text <= room, (selector, text, room)


@pytest.mark.parametrize(
    ("viewport", "language"),
    [(DESKTOP, "en"), (PHONE_390, "en"), (DESKTOP, "ko"), (PHONE_390, "ko")],
    ids=["desktop-en", "390-en", "desktop-ko", "390-ko"],
)
def test_a_new_york_meeting_seen_from_seoul(
    new_context: NewContext, server: str, viewport: ViewportSize, language: str
) -> None:
    words = WORDS[language]
    meeting, key = new_york_week()
    page = new_context(viewport=viewport, locale=words["locale"], timezone_id=SEOUL).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server}/meetings/{meeting.url_code}/?key={key}")
    zone_line = page.locator("#zone-line")
    expect(zone_line).to_contain_text(words["zone_line"])  # refetched in the browser's zone
    join(page, "Kim", heading=words["joined"])
    settled(page)
    name = f"zones-{language}-{viewport['width']}"
    page.locator("#availability").evaluate("a => a.scrollIntoView()")
    screenshot_view(page, f"{name}-grid")

    for grid in ("#mine-grid", "#heat-grid"):
        # Reading order: 23:00, 23:30, then the next day marked, 00:00 ... 06:30.
        rows = texts(page, f"{grid} tbody th")
        assert rows[:3] == ["23:00", "23:30", f"{words['next_day']} 00:00"], rows
        assert rows[-1] == "06:30"
        assert len(rows) == 16
        # One column per meeting date: no Saturday.
        assert texts(page, f"{grid} thead th.day") == words["heads"]
    mark = page.locator("#heat-grid tr.day-break .day-mark")
    expect(mark).to_have_count(1)
    expect(mark).to_be_visible()
    above = page.locator("#heat-grid tbody tr").nth(1).bounding_box()
    below = page.locator("#heat-grid tr.day-break").bounding_box()
    assert above is not None
    assert below is not None
    assert below["y"] >= above["y"] + above["height"] - 1  # the marked row comes next, below
    # The zone is named before any time on the page.
    assert (
        zone_line.bounding_box()["y"]  # type: ignore[index]
        < page.locator(".best-dates").bounding_box()["y"]  # type: ignore[index]
    )
    expect(page.locator(".best-dates li").first).to_contain_text(words["best"])

    # The organizer chooses Tuesday 00:00-02:00 in Seoul (Monday's column, the next day).
    page.locator("#final-details summary").click()
    form = page.locator("#final-details form")
    expect(form).to_contain_text(words["form_zone"])
    page.locator("#id_final_date").select_option("2026-12-09")  # the longest name
    fits(page, "#id_final_date")
    page.locator("#id_final_date").select_option("2026-12-08")
    start = page.locator("#id_final_start")
    start.select_option("00:00+1")
    expect(start.locator("option:checked")).to_have_text(words["start_next_day"])
    page.locator("#id_final_end").select_option("02:00+1")
    for field in ("#id_final_date", "#id_final_start", "#id_final_end"):
        fits(page, field)
    form.locator("textarea").fill("Room 4")
    page.locator("#final-details").screenshot(path=str(ARTIFACTS / f"{name}-final-form.png"))
    form.locator("button[type=submit]").click()
    settled(page)
    expect(page.locator("#decision")).to_contain_text(words["decision"])
    final = stored(meeting.url_code).final
    assert final is not None
    # Stored in New York's time: Tuesday Dec 8, 10:00-12:00.
    assert (final.day, final.start, final.end) == (date(2026, 12, 8), 600, 720)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    screenshot(page, f"{name}-decided")
    assert errors == []
