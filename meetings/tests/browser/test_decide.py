"""Deciding in a real browser (Debian's Chromium), desktop and 390 px, English and Korean: a
"Pick" asks in a dialog (Cancel keeps the meeting open, confirming closes it), ties are said,
another person's change shows a quiet "Kim updated", and a deleted meeting's link says so."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import ViewportSize, expect

from meetings import services
from meetings.domain import DateAction
from meetings.repositories import repository_for
from meetings.tests.support.browser import (
    DESKTOP,
    PHONE_390,
    POLL_SECONDS,
    NewContext,
    create_meeting,
    join,
    no_horizontal_overflow_at,
    plain_url,
    screenshot,
    screenshot_view,
    settled,
)
from meetings.tests.support.pages import url_code
from meetings.tests.support.stored import stored

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CATCH_UP_MS = int(POLL_SECONDS * 1000) + 4_000


def _mark_busy(code: str, name: str, day: str) -> None:
    """Someone else's change, made through the store as another device would."""
    repo = repository_for("mysql")
    meeting = services.meeting_get(repo=repo, url_code=code)
    person = next(p for p in meeting.participants if p.name == name)
    row = next(row for row in person.dates if row.date.isoformat() == day)
    repo.participant_date_mark(url_code=code, participant_date_id=row.id, action=DateAction.OFF)


@pytest.mark.parametrize(
    ("viewport", "locale", "words"),
    [
        (
            DESKTOP,
            "en-US",
            {
                "pick": "Pick Wednesday, December 2 as the final date",
                "yes": "Yes, pick it",
                "no": "Cancel",
                "tied": "tied with",
                "cue": "Kim updated",
                "decided": "Meeting on Wed Dec 2",
                "deleted": "This meeting was deleted",
                "me": "You are Olga",
            },
        ),
        (
            PHONE_390,
            "ko-KR",
            {
                "pick": "12월 2일 수요일을(를) 최종 날짜로 선택",
                "yes": "네, 이 날로 정합니다",
                "no": "취소",
                "tied": "동점",
                "cue": "Kim 님이 응답을 바꿨습니다",
                "decided": "12월 2일",
                "deleted": "삭제된 모임입니다",
                "me": "Olga 님으로 참여 중",
            },
        ),
    ],
    ids=["desktop-en", "390-ko"],
)
def test_pick_confirms_ties_cue_and_deleted(
    new_context: NewContext,
    server: str,
    viewport: ViewportSize,
    locale: str,
    words: dict[str, str],
) -> None:
    tag = "desktop-en" if viewport == DESKTOP else "390-ko"
    organizer = new_context(viewport=DESKTOP, locale="en-US").new_page()
    errors: list[str] = []
    organizer.on("pageerror", lambda error: errors.append(str(error)))
    create_meeting(organizer, server, title="Team dinner", with_dates=True)
    code = url_code(organizer.url)
    kim = new_context(viewport=DESKTOP, locale="en-US").new_page()
    kim.goto(plain_url(organizer))
    join(kim, "Kim")
    _mark_busy(code, "Kim", "2026-12-01")

    # The organizer, in the language and size under test.
    page = new_context(viewport=viewport, locale=locale).new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(organizer.locator("#manage-url").input_value())  # the organizer's manage link
    join(page, "Olga", heading=words["me"])
    settled(page)

    # Ties are said: Dec 2..7 are all 2 of 2 free.
    best = page.locator(".best-dates li").first
    expect(best).to_contain_text(words["tied"])
    no_horizontal_overflow_at(page)

    # Pick asks; Cancel keeps the meeting open.
    pick = page.get_by_role("button", name=words["pick"])
    pick.click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(words["pick"].split(" ")[0])
    expect(dialog.get_by_role("button", name=words["no"])).to_be_focused()
    screenshot_view(page, f"decide-dialog-{tag}")
    dialog.get_by_role("button", name=words["no"]).click()
    expect(dialog).to_be_hidden()
    settled(page)
    assert stored(page.url).final is None
    expect(page.locator("#decision")).to_have_count(0)
    page.keyboard.press("Escape")  # nothing open: nothing happens

    # Someone else's change arrives by polling, with a quiet cue naming them.
    _mark_busy(code, "Kim", "2026-12-07")
    cue = page.locator("#live-cue")
    expect(cue).to_have_text(words["cue"], timeout=CATCH_UP_MS)
    expect(cue).to_have_attribute("aria-live", "polite")
    screenshot_view(page, f"decide-cue-{tag}")

    # Pick again and confirm: the meeting closes.
    page.get_by_role("button", name=words["pick"]).click()
    page.get_by_role("dialog").get_by_role("button", name=words["yes"]).click()
    settled(page)
    expect(page.locator("#decision")).to_contain_text(words["decided"])
    expect(page.locator("#decision")).to_be_focused()
    final = stored(page.url).final
    assert final is not None
    assert final.day.isoformat() == "2026-12-02"
    screenshot(page, f"decide-decided-{tag}")

    # Deleted: its link says so (410), in the page's language.
    repo = repository_for("mysql")
    repo.meeting_delete(url_code=code)
    # Leave the page first: its poll meets the deletion too (410) and reloads, which may
    # replace the navigation below, and Playwright then answers it with no response.
    page.goto("about:blank")
    response = page.goto(plain_url(organizer))
    assert response is not None
    assert response.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text(words["deleted"])
    no_horizontal_overflow_at(page)
    screenshot(page, f"decide-deleted-{tag}")
    assert errors == []


def test_pick_without_the_script_confirms_on_a_page(new_context: NewContext, server: str) -> None:
    context = new_context(viewport=PHONE_390, locale="en-US", java_script_enabled=False)
    page = context.new_page()
    create_meeting(page, server, title="No script", with_dates=True)
    join(page, "Olga")
    page.locator("#all-free").click()  # answered: there are best dates to pick from
    page.get_by_role("button", name=re.compile(r"^Pick .* as the final date$")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pick the final date?")
    no_horizontal_overflow_at(page)
    screenshot(page, "decide-confirm-page-390")
    page.get_by_role("link", name="Cancel").click()
    expect(page.locator("#decision")).to_have_count(0)
    assert stored(page.url).final is None
    page.get_by_role("button", name=re.compile(r"^Pick .* as the final date$")).first.click()
    page.get_by_role("button", name="Yes, pick it").click()
    expect(page.locator("#decision")).to_contain_text("Meeting on Tue Dec 1")
