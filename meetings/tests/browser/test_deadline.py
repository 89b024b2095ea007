"""The deadline for answers in Chromium: the organizer sets it in the settings, the page says
when answers are due; once the clock passes it (set by the test, never waited for) the page
says answers closed and offers no join and no marks; the organizer removes it and they are back.

Debian's Chromium driven by Playwright against pytest-django's live server on MariaDB (the live
server runs in this process: the clock the test sets is the server's).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from meetings import clock
from meetings.tests.support.pages import url_code
from meetings.tests.support.stored import stored

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from meetings.tests.support.browser import (
    DESKTOP,
    PHONE_390,
    NewContext,
    create_meeting,
    join,
    manage_open,
    plain_url,
    screenshot,
    settled,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BEFORE = datetime(2027, 1, 5, 17, 59, tzinfo=UTC)
AT = datetime(2027, 1, 5, 18, 0, tzinfo=UTC)  # the deadline itself: answers are closed


def test_the_deadline_passes_and_the_page_closes_answers(
    new_context: NewContext, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "now", lambda: BEFORE)
    errors: list[str] = []
    organizer = new_context(viewport=DESKTOP, locale="en-US").new_page()
    organizer.on("pageerror", lambda error: errors.append(str(error)))
    create_meeting(organizer, server, title="Retro", with_dates=True)
    code = url_code(organizer.url)
    manage_open(organizer)
    organizer.locator("#deadline > summary").click()
    organizer.locator("#id_deadline").fill("2027-01-05T18:00")
    organizer.locator("#deadline-save").click()
    settled(organizer)
    label = organizer.locator("#deadline-label")
    expect(label).to_have_text("Answers due Tue Jan 5, 18:00 (UTC)")
    assert stored(code).deadline == AT

    ann = new_context(viewport=PHONE_390, locale="en-US").new_page()
    ann.on("pageerror", lambda error: errors.append(str(error)))
    ann.goto(plain_url(organizer))
    join(ann, "Ann")
    expect(ann.locator("button[name=mark]").first).to_be_visible()

    monkeypatch.setattr(clock, "now", lambda: AT)
    ann.reload()
    expect(ann.locator("#deadline-label")).to_have_text("Answers closed on Tue Jan 5, 18:00 (UTC)")
    expect(ann.locator("#deadline-passed")).to_be_visible()
    expect(ann.locator("button[name=mark]")).to_have_count(0)
    expect(ann.locator("#all-free")).to_have_count(0)
    screenshot(ann, "deadline-passed-390")
    visitor = new_context(viewport=DESKTOP, locale="en-US").new_page()
    visitor.goto(plain_url(organizer))
    expect(visitor.locator("#deadline-label")).to_contain_text("Answers closed on")
    expect(visitor.locator("form.join")).to_have_count(0)

    # The organizer removes it: answers are open again.
    organizer.reload()
    manage_open(organizer)
    organizer.locator("#deadline > summary").click()
    organizer.locator("#deadline-clear").click()
    settled(organizer)
    expect(organizer.locator("#deadline-label")).to_have_count(0)
    assert stored(code).deadline is None
    ann.reload()
    expect(ann.locator("button[name=mark]").first).to_be_visible()
    assert errors == []
