"""Weekly meetings in Chromium (issue 20): created with "days of the week" and its quick picks,
painted by mouse and by keyboard, at phone width in Korean, without JavaScript, and seen from
another time zone where a slot moves to the weekday before. No page shows a date of the
reference week. Screenshots land in ``test-artifacts/``.
"""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Page, expect

from meetings import services
from meetings.domain import Meeting, time_window_check
from meetings.repositories import repository_for
from meetings.tests.support.stored import stored

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from meetings.tests.support.browser import (
    DESKTOP,
    PHONE,
    SEOUL,
    NewContext,
    center,
    join,
    mine,
    no_horizontal_overflow_at,
    paint_posts,
    screenshot,
    settled,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def by_weekday(meeting: Meeting, name: str) -> dict[int, tuple[bool, bool, str | None]]:
    person = next(p for p in meeting.participants if p.name == name)
    return {row.date.isoweekday(): (row.enabled, row.starred, row.slots) for row in person.dates}


def no_reference_week(page: Page) -> None:
    assert "2001" not in page.content()


def weekly_meeting(weekdays: list[int], window: tuple[str, str, int, str] | None) -> Meeting:
    return services.meeting_create(
        repo=repository_for("mysql"),
        title="Weekly",
        weekdays=weekdays,
        window=time_window_check(*window) if window else None,
    )


def test_create_weekly_then_paint_with_the_mouse(new_context: NewContext, server: str) -> None:
    page = new_context(viewport=DESKTOP, locale="en-US", timezone_id=SEOUL).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server}/")
    monday = page.get_by_role("checkbox", name="Monday")
    expect(monday).to_be_hidden()  # specific dates, until days of the week are asked for
    expect(page.get_by_label("First date")).to_be_visible()
    page.get_by_label("Title").fill("Standup")
    page.get_by_role("radio", name="Days of the week").check()
    expect(monday).to_be_visible()
    expect(page.get_by_label("First date")).to_be_hidden()
    page.get_by_role("button", name="Mon–Fri").click()
    for name in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
        expect(page.get_by_role("checkbox", name=name)).to_be_checked()
    expect(page.get_by_role("checkbox", name="Saturday")).not_to_be_checked()
    page.get_by_role("checkbox", name="Tuesday").uncheck()
    page.get_by_role("checkbox", name="Thursday").uncheck()
    page.get_by_label("Dates and times of day").check()
    page.get_by_label("From").select_option("09:00")
    page.get_by_label("To", exact=True).select_option("11:00")
    page.get_by_label("Slot length").select_option("30")
    screenshot(page, "weekly-create-desktop")
    page.get_by_role("button", name="Create meeting").click()
    expect(page).to_have_url(re.compile(r"/meetings/[0-9A-Za-z]{22}/$"))
    meeting = stored(page.url)
    assert meeting.weekdays == (1, 3, 5)
    join(page, "Alice")
    expect(page.locator("#mine-grid thead th.day")).to_have_text(["Mon", "Wed", "Fri"])
    no_reference_week(page)
    posts = paint_posts(page)
    page.mouse.move(*center(mine(page, "Mon, 09:00–09:30, free")))
    page.mouse.down()
    page.mouse.move(*center(mine(page, "Mon, 09:30–10:00, free")), steps=3)
    page.mouse.move(*center(mine(page, "Wed, 10:00–10:30, free")), steps=5)
    page.mouse.up()
    settled(page)
    assert len(posts) == 1, posts
    marks = by_weekday(stored(page.url), "Alice")
    assert (marks[1][2], marks[3][2], marks[5][2]) == ("0001", "0001", "1111")
    expect(mine(page, "Wed, 10:00–10:30, busy")).to_be_visible()
    page.locator("#heat-grid").get_by_role("gridcell", name="Fri, 09:00–09:30: 1 of 1 free").hover()
    expect(page.locator("#who")).to_contain_text("Free (1): Alice")
    no_reference_week(page)
    screenshot(page, "weekly-timed-desktop")
    assert errors == []


def test_weekly_days_painted_with_the_keyboard(new_context: NewContext, server: str) -> None:
    meeting = weekly_meeting([2, 4, 6], None)
    page = new_context(viewport=DESKTOP, locale="en-US", timezone_id=SEOUL).new_page()
    page.goto(f"{server}/meetings/{meeting.url_code}/")
    join(page, "Kim")
    expect(page.locator("table.grid thead th.day .wd")).to_have_text(["Tue", "Thu", "Sat"])
    tuesday = page.get_by_role("button", name="Kim, Tuesday: free")
    tuesday.focus()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("button", name="Kim, Thursday: free")).to_be_focused()
    page.keyboard.press("Space")
    settled(page)
    expect(page.get_by_role("button", name="Kim, Thursday: busy")).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("s")  # stars Saturday
    settled(page)
    marks = by_weekday(stored(meeting), "Kim")
    assert marks[2][:2] == (True, False)
    assert marks[4][:2] == (False, False)
    assert marks[6][:2] == (True, True)
    expect(page.locator(".best-dates")).to_contain_text("Saturday")
    no_reference_week(page)


def test_weekly_timed_painted_with_the_keyboard(new_context: NewContext, server: str) -> None:
    meeting = weekly_meeting([3, 7], ("18:00", "20:00", 60, SEOUL))
    page = new_context(viewport=DESKTOP, locale="en-US", timezone_id=SEOUL).new_page()
    page.goto(f"{server}/meetings/{meeting.url_code}/")
    join(page, "Kim")
    page.get_by_role("button", name="If need be brush").focus()  # the last brush
    page.keyboard.press("Tab")
    expect(mine(page, "Wed, 18:00–19:00, free")).to_be_focused()
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Enter")
    settled(page)
    expect(mine(page, "Sun, 18:00–19:00, busy")).to_be_focused()
    marks = by_weekday(stored(meeting), "Kim")
    assert (marks[3][2], marks[7][2]) == ("01", "01")


def test_phone_in_korean(new_context: NewContext, server: str) -> None:
    page = new_context(viewport=PHONE, locale="ko-KR", timezone_id=SEOUL).new_page()
    page.goto(f"{server}/")
    page.get_by_role("radio", name="요일").check()
    page.get_by_role("button", name="매일").click()
    expect(page.get_by_role("checkbox", name="일요일")).to_be_checked()
    no_horizontal_overflow_at(page)
    screenshot(page, "weekly-create-375-ko")
    meeting = weekly_meeting([1, 2, 3, 4, 5, 6, 7], ("09:00", "12:00", 30, SEOUL))
    page.goto(f"{server}/meetings/{meeting.url_code}/")
    join(page, "김민지", heading="김민지 님으로 참여 중")
    expect(page.locator("#mine-grid thead th.day .wd")).to_have_text(list("월화수목금토일"))
    expect(page.locator(".meeting-head .range")).to_contain_text("매주: 월요일, 화요일")
    no_reference_week(page)
    no_horizontal_overflow_at(page)
    screenshot(page, "weekly-timed-375-ko")
    dates_only = weekly_meeting([1, 3, 5], None)
    page.goto(f"{server}/meetings/{dates_only.url_code}/")
    join(page, "김민지", heading="김민지 님으로 참여 중")
    expect(page.locator("table.grid thead th.day .wd")).to_have_text(["월", "수", "금"])
    no_reference_week(page)
    no_horizontal_overflow_at(page)
    screenshot(page, "weekly-days-375-ko")


def test_without_javascript(new_context: NewContext, server: str) -> None:
    """The quick pick posts the form and comes back with the boxes checked; the grid's form
    saves the slots of every weekday at once."""
    page = new_context(viewport=PHONE, locale="en-US", java_script_enabled=False).new_page()
    page.goto(f"{server}/")
    page.get_by_label("Title").fill("Office hours")
    page.get_by_role("radio", name="Days of the week").check()
    page.get_by_label("Dates and times of day").check()
    page.get_by_label("From").select_option("14:00")
    page.get_by_label("To", exact=True).select_option("16:00")
    page.get_by_label("Slot length").select_option("60")
    page.get_by_role("button", name="Mon–Fri").click()
    expect(page.get_by_label("Title")).to_have_value("Office hours")
    expect(page.get_by_role("checkbox", name="Friday")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Saturday")).not_to_be_checked()
    expect(page.get_by_label("From")).to_have_value("14:00")
    page.get_by_role("checkbox", name="Monday").uncheck()
    page.get_by_role("button", name="Create meeting").click()
    expect(page).to_have_url(re.compile(r"/meetings/[0-9A-Za-z]{22}/$"))
    meeting = stored(page.url)
    assert meeting.weekdays == (2, 3, 4, 5)
    join(page, "Alice")
    page.get_by_role("checkbox", name="Tue, 14:00–15:00: free").uncheck()
    page.get_by_role("checkbox", name="Fri, 15:00–16:00: preferred").check()
    page.get_by_role("button", name="Save my times").click()
    marks = by_weekday(stored(meeting), "Alice")
    assert (marks[2][2], marks[3][2], marks[5][2]) == ("01", "11", "12")
    no_reference_week(page)
    screenshot(page, "weekly-nojs-375")


def test_another_zone_moves_a_slot_to_the_weekday_before(
    new_context: NewContext, server: str
) -> None:
    """Monday 00:00–02:00 in Seoul, seen from a browser in New York: a Sunday column, with the
    switch back to the meeting's zone."""
    meeting = weekly_meeting([1, 4], ("00:00", "02:00", 60, SEOUL))
    page = new_context(viewport=DESKTOP, locale="en-US", timezone_id="America/New_York").new_page()
    page.goto(f"{server}/meetings/{meeting.url_code}/")
    join(page, "Ann")
    expect(page.locator("#zone-line")).to_contain_text("America/New York")
    expect(page.locator("#mine-grid thead th.day .wd")).to_have_text(["Sun", "Wed"])
    expect(page.locator("#mine-grid thead th.day").first).to_have_attribute("abbr", "Sunday")
    first = page.locator("#mine-grid td.s[data-k]").first
    expect(first).to_have_attribute("aria-label", re.compile(r"^Sun, 1[01]:00–1[12]:00, free$"))
    first.click()
    settled(page)
    assert by_weekday(stored(meeting), "Ann")[1][2] == "01"  # Monday 00:00 in Seoul
    no_reference_week(page)
    screenshot(page, "weekly-new-york")
    page.locator("#zone-switch").click()
    expect(page.locator("#mine-grid thead th.day .wd")).to_have_text(["Mon", "Thu"])
    no_reference_week(page)
