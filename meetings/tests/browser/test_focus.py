"""Where focus goes after a change, and what is said: after joining, focus is on "You are X"
(with an announcement when the page's script swapped the meeting in place); a form sent back
with errors shows an error summary at the top, focused, linking to each field, and the page's
title starts with "Error:". With and without JavaScript, in English and Korean, on a desktop
and a 390 px phone.
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from meetings import services
from meetings.domain import key_new
from meetings.repositories import repository_for
from meetings.tests.support.browser import (
    DESKTOP,
    PHONE_390,
    SEOUL,
    NewContext,
    screenshot_view,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {
        "locale": "en-US",
        "you": "You are Ann",
        "joined": "You joined this meeting.",
        "error": "Error: ",
        "problem": "There is a problem",
        "inverted": "The end date cannot be before the start date.",
        "create": "Create a meeting – Meetifyr",
        "taken": "Someone called “Bob” has already joined.",
    },
    "ko": {
        "locale": "ko-KR",
        "you": "Ann 님으로 참여 중",
        "joined": "모임에 참여했습니다.",
        "error": "오류: ",
        "problem": "확인할 내용이 있습니다",
        "inverted": "",  # checked by its link only
        "create": "모임 만들기 – Meetifyr",
        "taken": "Bob",
    },
}
CASES = [
    pytest.param("en", DESKTOP, True, id="en-desktop-js"),
    pytest.param("ko", PHONE_390, True, id="ko-390-js"),
    pytest.param("en", PHONE_390, False, id="en-390-nojs"),
    pytest.param("ko", DESKTOP, False, id="ko-desktop-nojs"),
]


def focused_id(page: Page) -> str:
    return str(page.evaluate("document.activeElement ? document.activeElement.id : ''"))


def expect_focused(page: Page, element_id: str) -> None:
    """``document.activeElement`` is the element of that id (waiting for the swap)."""
    page.wait_for_function(
        "id => document.activeElement && document.activeElement.id === id", arg=element_id
    )
    assert focused_id(page) == element_id


def page_for(new_context: NewContext, language: str, viewport: object, javascript: bool) -> Page:
    context = new_context(
        viewport=viewport,
        locale=WORDS[language]["locale"],
        timezone_id=SEOUL,
        java_script_enabled=javascript,
    )
    return context.new_page()


def meeting_with_bob() -> str:
    """A dates-only meeting (Dec 1-3 2026) Bob has joined: its path."""
    repo = repository_for("mysql")
    meeting = services.meeting_create(
        repo=repo,
        title="Team dinner",
        start_date=date(2026, 12, 1),
        end_date=date(2026, 12, 3),
        organizer_key=key_new(),
    )
    services.participant_create(
        repo=repo, url_code=meeting.url_code, name="Bob", participant_key=key_new()
    )
    return f"/meetings/{meeting.url_code}/"


@pytest.mark.parametrize(("language", "viewport", "javascript"), CASES)
def test_focus_after_join_is_on_you_and_said(
    new_context: NewContext, server: str, language: str, viewport: object, javascript: bool
) -> None:
    words = WORDS[language]
    page = page_for(new_context, language, viewport, javascript)
    page.goto(f"{server}{meeting_with_bob()}")
    page.locator("#id_name").fill("Ann")
    page.locator("form.join button[type=submit]").click()
    expect(page.locator("#you-heading")).to_have_text(words["you"])
    expect_focused(page, "you")  # the section named by "You are Ann"
    you = page.locator("#you")
    expect(you).to_have_attribute("aria-labelledby", "you-heading")
    assert page.evaluate("document.activeElement.getAttribute('aria-labelledby')") == (
        "you-heading"
    )
    if javascript:  # swapped in place: the live region says it
        expect(page.locator("#live-status")).to_have_text(words["joined"])
    else:  # a new page at #you: the browser focused its target
        assert page.url.endswith("#you")
    assert not page.title().startswith(words["error"])


@pytest.mark.parametrize(("language", "viewport", "javascript"), CASES)
def test_create_errors_summary_focused_and_title(
    new_context: NewContext, server: str, language: str, viewport: object, javascript: bool
) -> None:
    words = WORDS[language]
    page = page_for(new_context, language, viewport, javascript)
    page.goto(f"{server}/")
    assert page.title() == words["create"]
    page.locator("#id_title").fill("Dinner")
    page.locator("#id_start_date").fill("2026-12-07")
    page.locator("#id_end_date").fill("2026-12-01")
    page.locator("form.create-form button[type=submit].primary").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text(words["problem"])
    expect_focused(page, "error-summary")
    assert page.title() == words["error"] + words["create"]
    link = summary.locator('a[href="#id_end_date"]')
    expect(link).to_have_count(1)
    if words["inverted"]:
        expect(link).to_have_text(words["inverted"])
    screenshot_view(page, f"focus-create-errors-{language}-{'js' if javascript else 'nojs'}")
    box = summary.bounding_box()
    assert box is not None
    assert box["y"] < 400
    link.click()
    expect_focused(page, "id_end_date")  # the link leads to the field


@pytest.mark.parametrize(("language", "viewport", "javascript"), CASES)
def test_meeting_form_errors_summary_focused_and_title(
    new_context: NewContext, server: str, language: str, viewport: object, javascript: bool
) -> None:
    """Joining under a name already taken: the join form comes back with its error."""
    words = WORDS[language]
    page = page_for(new_context, language, viewport, javascript)
    page.goto(f"{server}{meeting_with_bob()}")
    title = page.title()
    assert not title.startswith(words["error"])
    page.locator("#id_name").fill("Bob")
    page.locator("#id_name").press("Enter")

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect_focused(page, "error-summary")
    expect(page).to_have_title(words["error"] + title)
    screenshot_view(page, f"focus-join-errors-{language}-{'js' if javascript else 'nojs'}")
    link = summary.locator('a[href="#id_name"]')
    expect(link).to_contain_text(words["taken"])
    link.click()
    expect_focused(page, "id_name")

    page.locator("#id_name").fill("Ann")
    page.locator("#id_name").press("Enter")
    expect(page.locator("#you-heading")).to_have_text(words["you"])
    expect(page.locator("#error-summary")).to_have_count(0)
    expect(page).to_have_title(title)  # no "Error:" any more
