"""A row's password in the browser: Alice joins in one browser and sets a password; a fresh
browser chooses her name, is refused with a wrong password (a clear message), then gives the
right one and changes her row. Desktop and 390 px, English and Korean.

Debian's Chromium driven by Playwright against pytest-django's live server on MariaDB;
screenshots land in ``test-artifacts/``.
"""

from __future__ import annotations

import os
from datetime import date

import pytest
from playwright.sync_api import Page, ViewportSize, expect

# Playwright's sync API runs an event loop in this thread (see tests/support/browser.py).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from meetings import domain, services
from meetings.repositories import repository_for
from meetings.tests.support.browser import (
    DESKTOP,
    PHONE_390,
    NewContext,
    no_horizontal_overflow_at,
    screenshot,
    settled,
)
from meetings.tests.support.stored import stored

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
WORDS = {
    "en-US": {
        "you": "You are Alice",
        "join": "Join this meeting",
        "saved": "Your password is saved.",
        "refused": "That name and password do not match.",
        "too_short": "Use at least 8 characters.",
    },
    "ko-KR": {
        "you": "Alice 님으로 참여 중",
        "join": "모임에 참여하기",
        "saved": "비밀번호를 저장했습니다.",
        "refused": "이름과 비밀번호가 맞지 않습니다.",
        "too_short": "8자 이상 입력하세요.",
    },
}


def _alice_row_free_on_dec_1(code: str) -> bool:
    alice = next(p for p in stored(code).participants if p.name == "Alice")
    return alice.dates[0].enabled


def _choose_alice(page: Page, password: str) -> None:
    details = page.locator("#switch-details")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    page.locator("#id_participant").select_option(label="Alice")
    page.locator("#id_password").fill(password)
    details.locator("form button[type=submit]").click()
    settled(page)


@pytest.mark.parametrize("locale", ["en-US", "ko-KR"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_390], ids=["desktop", "phone390"])
def test_a_password_opens_the_row_on_another_browser(
    new_context: NewContext, server: str, viewport: ViewportSize, locale: str
) -> None:
    words = WORDS[locale]
    tag = f"password-{viewport['width']}-{locale[:2]}"
    code = services.meeting_create(
        repo=repository_for("mysql"),
        title="Dinner",
        start_date=date(2026, 12, 1),
        end_date=date(2026, 12, 3),
        organizer_key=domain.key_new(),
    ).url_code
    url = f"{server}/meetings/{code}/"
    errors: list[str] = []

    # Browser A: join, then set a password under "You are Alice".
    here = new_context(viewport=viewport, locale=locale).new_page()
    here.on("pageerror", lambda error: errors.append(str(error)))
    here.goto(url)
    here.locator("#id_name").fill("Alice")
    here.locator("form.join button[type=submit]").click()
    expect(here.get_by_role("heading", name=words["you"])).to_be_visible()
    here.locator("#password-details summary").click()
    field = here.locator("#id_row_password")
    expect(field).to_have_attribute("type", "password")
    # Too short: the browser's own check would stop it, so it is sent past it to the server.
    field.fill("short")
    here.locator("#password-details form").evaluate("form => form.noValidate = true")
    here.locator("#password-details form button[type=submit]").first.click()
    settled(here)
    expect(here.locator("#id_row_password_error")).to_contain_text(words["too_short"])
    here.locator("#id_row_password").fill(PASSWORD)
    here.locator("#password-details form button[type=submit]").first.click()
    settled(here)
    expect(here.get_by_role("status").filter(has_text=words["saved"])).to_be_visible()
    no_horizontal_overflow_at(here)
    screenshot(here, f"{tag}-set")

    # Browser B, fresh: choose Alice; a wrong password is refused, clearly, and changes nothing.
    there = new_context(viewport=viewport, locale=locale).new_page()
    there.on("pageerror", lambda error: errors.append(str(error)))
    there.goto(url)
    expect(there.get_by_role("heading", name=words["join"])).to_be_visible()
    _choose_alice(there, "not her password")
    expect(there.locator("#id_password_error")).to_contain_text(words["refused"])
    expect(there.get_by_role("heading", name=words["join"])).to_be_visible()
    expect(there.locator("#toggle-2026-12-01")).to_have_count(0)
    no_horizontal_overflow_at(there)
    screenshot(there, f"{tag}-refused")

    # The right one: B is Alice and changes her row; A's row is the same row.
    _choose_alice(there, PASSWORD)
    expect(there.get_by_role("heading", name=words["you"])).to_be_visible()
    assert _alice_row_free_on_dec_1(code)
    there.locator("#toggle-2026-12-01").click()
    settled(there)
    expect(there.locator("#toggle-2026-12-01")).to_have_attribute("aria-pressed", "false")
    assert not _alice_row_free_on_dec_1(code)
    # The password is in no field or text of either page.
    for page in (here, there):
        assert PASSWORD not in page.content()
    no_horizontal_overflow_at(there)
    screenshot(there, f"{tag}-signed-in")
    assert errors == []
