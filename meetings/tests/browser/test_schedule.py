"""Changing the dates later in Chromium: the organizer opens "Change dates" from the manage
panel, moves the range, sees in the preview which dates go and that Ann loses an answer,
confirms; Ann's answer on a kept date stays, the new dates start free.

Debian's Chromium driven by Playwright against pytest-django's live server on MariaDB.
"""

from __future__ import annotations

import os
from datetime import date

import pytest
from playwright.sync_api import expect

from meetings.domain import DateAction, Mark
from meetings.repositories import repository_for
from meetings.tests.support.pages import url_code
from meetings.tests.support.stored import stored

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from meetings.tests.support.browser import (
    DESKTOP,
    PHONE,
    NewContext,
    create_meeting,
    join,
    manage_open,
    plain_url,
    screenshot,
    state,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_organizer_changes_the_dates_and_answers_are_kept(
    new_context: NewContext, server: str
) -> None:
    errors: list[str] = []
    organizer = new_context(viewport=DESKTOP, locale="en-US").new_page()
    organizer.on("pageerror", lambda error: errors.append(str(error)))
    create_meeting(organizer, server, title="Retro", with_dates=True)  # Dec 1-7, 2026
    code = url_code(organizer.url)

    ann = new_context(viewport=PHONE, locale="en-US").new_page()
    ann.on("pageerror", lambda error: errors.append(str(error)))
    ann.goto(plain_url(organizer))
    join(ann, "Ann")
    who = stored(code).participants[0]
    repository_for("mysql").participant_marks(
        url_code=code,
        participant_id=who.id,
        marks=[
            Mark(date(2026, 12, 1), DateAction.OFF, None),
            Mark(date(2026, 12, 4), DateAction.STAR, None),
        ],
    )

    organizer.reload()
    manage_open(organizer)
    organizer.locator("#schedule-link").click()
    expect(organizer.get_by_role("heading", level=1)).to_have_text("Change the dates")
    expect(organizer.get_by_label("First date")).to_have_value("2026-12-01")
    organizer.get_by_label("First date").fill("2026-12-03")
    organizer.get_by_label("Last date").fill("2026-12-09")
    organizer.locator("#schedule-preview-button").click()
    expect(organizer.locator("#schedule-removed li")).to_have_text(
        ["Tuesday, December 1", "Wednesday, December 2"]
    )
    expect(organizer.locator("#schedule-added li")).to_have_text(
        ["Tuesday, December 8", "Wednesday, December 9"]
    )
    expect(organizer.locator("#schedule-losing")).to_have_text("1 person loses answers: Ann.")
    assert stored(code).end_date == date(2026, 12, 7)  # nothing changed yet
    screenshot(organizer, "schedule-preview")

    organizer.locator("#schedule-confirm").click()
    expect(organizer).to_have_url(f"{server}/meetings/{code}/")
    expect(organizer.get_by_text("The dates were changed.")).to_be_visible()
    meeting = stored(code)
    assert (meeting.start_date, meeting.end_date) == (date(2026, 12, 3), date(2026, 12, 9))
    assert state(meeting, "Ann", "2026-12-04") == (True, True)  # kept
    assert state(meeting, "Ann", "2026-12-09") == (True, False)  # new: free
    screenshot(organizer, "schedule-changed")

    ann.reload()
    expect(ann.get_by_role("heading", name="You are Ann")).to_be_visible()
    expect(ann.locator("#availability thead")).to_contain_text("12/9")
    expect(ann.locator("#availability thead")).not_to_contain_text("12/1")
    assert errors == []
