"""Without JavaScript: a timed meeting's whole grid is one form with one Save, and only the
slots changed on the page are sent. Desktop and 390 px, English and Korean.

Debian's Chromium driven by Playwright against pytest-django's live server on MariaDB;
screenshots land in ``test-artifacts/``.
"""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Locator, Page, Request, ViewportSize, expect

from meetings.tests.support.stored import stored

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from meetings.tests.support.browser import (
    DESKTOP,
    PHONE_390,
    NewContext,
    join,
    no_horizontal_overflow_at,
    screenshot,
    slots,
    timed_meeting,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = {
    "en": {"locale": "en-US", "you": "You are Alice", "save": "Save my times"},
    "ko": {"locale": "ko-KR", "you": "Alice 님으로 참여 중", "save": "내 시간 저장"},
}
SIZES: dict[str, ViewportSize] = {"desktop": DESKTOP, "390": PHONE_390}
CASES = [(size, language) for size in SIZES for language in LANGUAGES]


def free_box(page: Page, key: int) -> Locator:
    """My "free" checkbox of slot ``key`` (date index x 6 + slot on a 09:00-12:00 grid)."""
    return page.locator(f'#mine-grid input[name="free"][value="{key}"]')


@pytest.mark.parametrize(("size", "language"), CASES)
def test_one_save_keeps_changes_on_two_dates_and_a_concurrent_one(
    new_context: NewContext, server: str, size: str, language: str
) -> None:
    """Untick Tuesday 09:00 and Wednesday 10:00; meanwhile the API marks Thursday 11:00 busy
    on the same row; one Save, one request: all three are stored, in one change."""
    words = LANGUAGES[language]
    meeting = timed_meeting()  # Dec 1-3, 09:00-12:00 in 30-minute slots, open to edits
    page = new_context(
        viewport=SIZES[size], locale=words["locale"], java_script_enabled=False
    ).new_page()
    page.goto(f"{server}/meetings/{meeting.url_code}/")
    join(page, "Alice", heading=words["you"])
    expect(page.locator("#slots-form")).to_have_count(1)
    save = page.get_by_role("button", name=words["save"], exact=True)
    expect(save).to_have_count(1)
    if language == "en":
        expect(page.get_by_role("checkbox", name="Tue Dec 1, 09:00–09:30: free")).to_be_checked()

    tuesday_9, wednesday_10 = free_box(page, 0), free_box(page, 6 + 2)
    tuesday_9.uncheck()
    wednesday_10.uncheck()
    [alice] = stored(meeting).participants
    answer = page.request.patch(
        f"{server}/v1/mysql/meetings/{meeting.url_code}/participants/{alice.id}/marks",
        data={"marks": [{"date": "2026-12-03", "action": "off", "from": "11:00", "to": "11:30"}]},
    )
    assert answer.status == 200, answer.text()
    version = stored(meeting).version

    posts: list[str] = []

    def seen(request: Request) -> None:
        if request.method == "POST":
            posts.append(request.url)

    page.on("request", seen)
    save.scroll_into_view_if_needed()
    expect(save).to_be_in_viewport()
    screenshot(page, f"nojs-grid-{size}-{language}-before-save")
    save.click()
    expect(page).to_have_url(re.compile(r"#availability$"))
    assert posts == [f"{server}/meetings/{meeting.url_code}/slots"]
    after = stored(meeting)
    assert after.version == version + 1
    assert slots(after, "Alice") == {
        "2026-12-01": "011111",
        "2026-12-02": "110111",
        "2026-12-03": "111101",
    }
    # The page shows what is stored, the concurrent change included.
    expect(tuesday_9).not_to_be_checked()
    expect(wednesday_10).not_to_be_checked()
    expect(free_box(page, 12 + 4)).not_to_be_checked()
    expect(free_box(page, 6 + 3)).to_be_checked()
    no_horizontal_overflow_at(page)
    screenshot(page, f"nojs-grid-{size}-{language}")

