"""Unanswered is its own state, in the browser: someone who joins is listed as not answered
yet and counted nowhere (counts, heat, who is free, best dates and times) until they mark
something of their own or press "I'm free on all of these"; desktop and 390 px phone, English
and Korean, with the page's script.
"""

from __future__ import annotations

import os
from datetime import date

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from meetings import services
from meetings.domain import DateAction
from meetings.repositories import repository_for

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from meetings.tests.support.browser import (
    DESKTOP,
    PHONE_390,
    SEOUL,
    NewContext,
    counts,
    join,
    no_horizontal_overflow_at,
    screenshot,
    settled,
    timed_meeting,
)
from meetings.tests.support.pages import page_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {
        "you_are": "You are {name}",
        "waiting": "answered yet",
        "tag": "hasn\u2019t answered yet",
        "all_free": "I\u2019m free on all of these",
        "nobody": "Nobody has answered yet.",
        "best_dates": "Best dates",
        "best_times": "Best times",
    },
    "ko": {
        "you_are": "{name} 님으로 참여 중",
        "waiting": "아직 응답하지 않음",
        "tag": "아직 응답 안 함",
        "all_free": "모든 날짜에 가능해요",
        "nobody": "아직 아무도 응답하지 않았습니다.",
        "best_dates": "가장 좋은 날짜",
        "best_times": "가장 좋은 시간",
    },
}


def _page(new_context: NewContext, viewport: ViewportSize, language: str) -> Page:
    locale = "ko-KR" if language == "ko" else "en-US"
    page = new_context(viewport=viewport, locale=locale, timezone_id=SEOUL).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_default_timeout(15_000)
    return page


def _join(page: Page, name: str, language: str) -> None:
    join(page, name, heading=WORDS[language]["you_are"].format(name=name))


def _someone_who_answered(code: str, name: str, busy: date) -> None:
    """``name`` joins elsewhere and marks ``busy`` busy: answered."""
    repo = repository_for("mysql")
    person, _ = services.participant_create(repo=repo, url_code=code, name=name)
    row = next(row for row in person.dates if row.date == busy)
    services.participant_date_mark(
        repo=repo, url_code=code, participant_date_id=row.id, action=DateAction.OFF
    )


CASES = [
    pytest.param(DESKTOP, "en", id="desktop-en"),
    pytest.param(PHONE_390, "ko", id="phone-ko"),
    pytest.param(DESKTOP, "ko", id="desktop-ko"),
    pytest.param(PHONE_390, "en", id="phone-en"),
]


@pytest.mark.parametrize(("viewport", "language"), CASES)
def test_dates_a_newcomer_counts_once_they_answer(
    new_context: NewContext, server: str, viewport: ViewportSize, language: str
) -> None:
    words = WORDS[language]
    code = services.meeting_create(
        repo=repository_for("mysql"),
        title="Dinner",
        start_date=date(2026, 12, 1),
        end_date=date(2026, 12, 7),
    ).url_code
    page = _page(new_context, viewport, language)
    page.goto(f"{server}{page_url(code)}")
    _join(page, "Ann", language)
    # Joined: listed as not answered yet, free nowhere in the counts, no best dates.
    expect(page.locator("#waiting")).to_contain_text(words["waiting"])
    expect(page.locator("#waiting")).to_contain_text("Ann")
    expect(page.locator("tr.me .unanswered-tag")).to_have_text(words["tag"])
    counts(page).to_have_text(["0"] * 7)
    expect(page.get_by_text(words["nobody"])).to_be_visible()
    expect(page.get_by_role("heading", name=words["best_dates"])).to_have_count(0)
    screenshot(page, f"answered-dates-joined-{language}-{viewport['width']}")
    no_horizontal_overflow_at(page)
    # Ann marks Dec 1 busy: she answered, and counts (free on the six other dates).
    page.locator('button[form="mark-form"][value="2026-12-01:off"]').click()
    settled(page)
    counts(page).to_have_text(["0", "1", "1", "1", "1", "1", "1"])
    expect(page.locator("#waiting")).to_have_count(0)
    expect(page.locator(".unanswered-tag")).to_have_count(0)
    expect(page.get_by_role("heading", name=words["best_dates"])).to_be_visible()
    # Bob joins elsewhere and walks away: listed, counted nowhere.
    services.participant_create(repo=repository_for("mysql"), url_code=code, name="Bob")
    expect(page.locator("#waiting")).to_contain_text("Bob", timeout=10_000)  # by polling
    counts(page).to_have_text(["0", "1", "1", "1", "1", "1", "1"])
    # Cy, on another device, is free on all of them: one press, counted everywhere.
    cy = _page(new_context, viewport, language)
    cy.goto(f"{server}{page_url(code)}")
    _join(cy, "Cy", language)
    counts(cy).to_have_text(["0", "1", "1", "1", "1", "1", "1"])
    cy.get_by_role("button", name=words["all_free"]).click()
    settled(cy)
    counts(cy).to_have_text(["1", "2", "2", "2", "2", "2", "2"])
    expect(cy.get_by_role("button", name=words["all_free"])).to_have_count(0)
    expect(cy.locator("#waiting")).to_contain_text("Bob")
    expect(cy.locator("#waiting")).not_to_contain_text("Cy")
    screenshot(cy, f"answered-dates-all-free-{language}-{viewport['width']}")
    counts(page).to_have_text(["1", "2", "2", "2", "2", "2", "2"], timeout=10_000)


@pytest.mark.parametrize(("viewport", "language"), CASES[:2])
def test_timed_heat_and_who_is_free_count_those_who_answered(
    new_context: NewContext, server: str, viewport: ViewportSize, language: str
) -> None:
    words = WORDS[language]
    code = timed_meeting(end="10:00").url_code  # Dec 1-3, 09:00-10:00: two slots a day
    page = _page(new_context, viewport, language)
    page.goto(f"{server}{page_url(code)}")
    _join(page, "Ann", language)
    heat = page.locator("#heat-grid td")
    expect(heat).to_have_count(6)
    expect(heat).to_have_text(["0"] * 6)
    expect(page.locator("#waiting")).to_contain_text("Ann")
    expect(page.get_by_role("heading", name=words["best_times"])).to_have_count(0)
    expect(page.locator("#mine-grid")).to_be_visible()  # Ann still has her grid to paint
    screenshot(page, f"answered-timed-joined-{language}-{viewport['width']}")
    page.get_by_role("button", name=words["all_free"]).click()
    settled(page)
    expect(heat).to_have_text(["1"] * 6)
    expect(page.get_by_role("heading", name=words["best_times"])).to_be_visible()
    expect(page.locator("#waiting")).to_have_count(0)
    # Dan answered (busy on Dec 1); Bob joined and walked away: only Dan and Ann count.
    _someone_who_answered(code, "Dan", date(2026, 12, 1))
    services.participant_create(repo=repository_for("mysql"), url_code=code, name="Bob")
    expect(page.locator("#waiting")).to_contain_text("Bob", timeout=10_000)
    expect(heat).to_have_text(["1", "2", "2", "1", "2", "2"])  # rows are times, columns dates
    heat.nth(1).hover()  # Dec 2, 09:00: Ann and Dan free
    who = page.locator("#who")
    expect(who).to_contain_text("Ann")
    expect(who).to_contain_text("Dan")
    heat.first.focus()  # Dec 1, 09:00: Dan is busy
    expect(who).not_to_contain_text("Bob")
    screenshot(page, f"answered-timed-counted-{language}-{viewport['width']}")
    no_horizontal_overflow_at(page)
    expect(who).to_contain_text("Dan")
    expect(who).not_to_contain_text("Bob")
