"""Without JavaScript: a timed meeting's whole grid is one form with one Save, and only the
slots changed on the page are sent; the create form starts at the zone the server guessed,
and says where it came from. Desktop and 390 px, English and Korean.

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


@pytest.mark.parametrize(("size", "language"), CASES)
def test_the_create_form_starts_at_the_guessed_zone_and_names_it(
    new_context: NewContext, server: str, size: str, language: str
) -> None:
    """No script: the zone comes from the language's country (ko-KR: Seoul, en-US: New York),
    said next to the field; a meeting made with it is in that zone."""
    words = LANGUAGES[language]
    zone, label, said = {
        "en": (
            "America/New_York",
            "America/New York",
            "Guessed from your browser's language (en-US): America/New York. "
            "Pick yours if you are elsewhere.",
        ),
        "ko": (
            "Asia/Seoul",
            "Asia/Seoul",
            "브라우저 언어(ko-KR)로 추측한 시간대: Asia/Seoul. 다른 곳에 있다면 직접 고르세요.",
        ),
    }[language]
    page = new_context(
        viewport=SIZES[size], locale=words["locale"], java_script_enabled=False
    ).new_page()
    page.goto(f"{server}/")
    select = page.locator("#id_time_zone")
    expect(select).to_have_value(zone)
    expect(page.locator("#time-zone-guess")).to_have_text(said)
    expect(select).to_have_accessible_description(said)
    page.locator("#id_time_zone").scroll_into_view_if_needed()
    no_horizontal_overflow_at(page)
    screenshot(page, f"nojs-create-{size}-{language}")
    page.locator("#id_title").fill("Guessed zone")
    page.locator("#id_start_date").fill("2026-12-01")
    page.locator("#id_end_date").fill("2026-12-02")
    page.locator('input[name="times"][value="times"]').check()
    page.locator(".create-form button.primary").click()
    expect(page).to_have_url(re.compile(r"/meetings/[0-9A-Za-z]{22}/$"))
    meeting = stored(page.url)
    assert meeting.window is not None
    assert meeting.window.time_zone == zone
    expect(page.locator("#zone-line")).to_contain_text(label)


def test_with_javascript_the_browsers_zone_wins_and_is_named(
    new_context: NewContext, server: str
) -> None:
    """With the script, a Korean-language browser in Berlin: the select moves to Berlin and
    the words next to it say it is the browser's zone, not the language's guess."""
    page = new_context(viewport=PHONE_390, locale="ko-KR", timezone_id="Europe/Berlin").new_page()
    page.goto(f"{server}/")
    page.locator('input[name="times"][value="times"]').check()
    expect(page.locator("#id_time_zone")).to_have_value("Europe/Berlin")
    expect(page.locator("#time-zone-guess")).to_have_text("브라우저의 시간대: Europe/Berlin.")
    screenshot(page, "js-create-390-ko-browser-zone")
