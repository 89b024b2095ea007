"""The final date: picked, chosen in the form, downloaded; the meeting deleted.

Debian's Chromium driven by Playwright against pytest-django's live server on MariaDB;
screenshots land in ``test-artifacts/``.
"""

from __future__ import annotations

import os
import re
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from playwright.sync_api import (
    Route,
    expect,
)

from meetings.domain import (
    MeetingNotFound,
)
from meetings.tests.support.pages import url_code
from meetings.tests.support.stored import stored

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told that this is deliberate (the test's own checks and the
# database flush between tests).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from meetings.tests.support.browser import (
    DESKTOP,
    PHONE_390,
    POLL_SECONDS,
    SEOUL,
    NewContext,
    ann_free_on_dec_2,
    assert_not_reloaded,
    create_meeting,
    create_timed_meeting,
    join,
    manage_open,
    no_horizontal_overflow_at,
    no_reload_marker,
    plain_url,
    screenshot,
    settled,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_final_date_picked_arrives_live_and_downloads(
    new_context: NewContext, server: str
) -> None:
    """The organizer picks the best time (and confirms); Bob, reading the meeting elsewhere (in
    Berlin), sees the decision appear by polling, without a reload, and downloads the .ics."""
    organizer = new_context(viewport=DESKTOP, locale="en-US", timezone_id=SEOUL).new_page()
    errors: list[str] = []
    organizer.on("pageerror", lambda error: errors.append(str(error)))
    create_timed_meeting(organizer, server, title="Decided dinner", zone=SEOUL)
    code = url_code(organizer.url)
    ann_free_on_dec_2(code)
    organizer.reload()

    bob = new_context(
        viewport=PHONE_390, locale="en-US", timezone_id="Europe/Berlin", accept_downloads=True
    ).new_page()
    bob.on("pageerror", lambda error: errors.append(str(error)))
    bob.goto(plain_url(organizer))
    expect(bob.locator("#zone-line")).to_contain_text("Europe/Berlin")  # refetched in his zone
    expect(bob.locator("form.join")).to_be_visible()
    expect(bob.get_by_role("button", name=re.compile("^Pick"))).to_have_count(0)  # protected
    no_reload_marker(bob)

    pick = organizer.get_by_role(
        "button", name="Pick Wednesday, December 2, 10:00–11:00 as the final time"
    )
    expect(organizer.get_by_text("Choose the final date yourself")).to_be_visible()
    screenshot(organizer, "final-pick-desktop")
    pick.click()
    organizer.get_by_role("dialog").get_by_role("button", name="Yes, pick it").click()
    settled(organizer)
    decision = organizer.locator("#decision")
    expect(decision).to_contain_text("Meeting on Wed Dec 2, 10:00–11:00 (Asia/Seoul)")
    expect(decision).to_be_focused()  # the pressed button is gone: focus went to the decision
    expect(organizer.get_by_role("button", name=re.compile("^Pick"))).to_have_count(0)
    expect(organizer.locator("#mine-grid")).to_have_count(0)
    expect(organizer.locator("#edit-details")).to_have_count(0)
    final = stored(organizer.url).final
    assert final is not None
    assert (final.day, final.start, final.end) == (date(2026, 12, 2), 600, 660)

    # Bob's page catches up by polling.
    catch_up_ms = int(POLL_SECONDS * 1000) + 3_000
    # In Bob's zone, named: the page says its times in one zone at a time (issue 24).
    bob_decision = bob.locator("#decision")
    expect(bob_decision).to_contain_text(
        "Meeting on Wed Dec 2, 02:00–03:00 (Europe/Berlin)", timeout=catch_up_ms
    )
    expect(bob.locator("form.join")).to_have_count(0)
    expect(bob.locator("#heat-grid")).to_be_visible()
    expect(bob.get_by_role("button", name="Reopen")).to_have_count(0)
    assert_not_reloaded(bob)
    google = bob.get_by_role("link", name="Add to Google Calendar")
    expect(google).to_have_attribute("target", "_blank")
    expect(google).to_have_attribute("href", re.compile(r"dates=20261202T100000%2F20261202T110000"))
    no_horizontal_overflow_at(bob)

    with bob.expect_download() as download_info:
        bob.get_by_role("link", name="Download .ics").click()
    download = download_info.value
    assert download.suggested_filename == "Decided dinner.ics"  # named after the title
    [event] = icalendar.Calendar.from_ical(Path(download.path()).read_bytes()).walk("VEVENT")
    assert event.decoded("DTSTART") == datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo(SEOUL))
    assert str(event["SUMMARY"]) == "Decided dinner"
    assert_not_reloaded(bob)
    screenshot(bob, "final-decided-390")
    screenshot(organizer, "final-decided-desktop")
    organizer.set_viewport_size(PHONE_390)
    no_horizontal_overflow_at(organizer)
    screenshot(organizer, "final-decided-organizer-390")
    organizer.set_viewport_size(DESKTOP)

    # Reopening: Bob's page shows the meeting open again, still without a reload.
    organizer.get_by_role("button", name="Reopen").click()
    settled(organizer)
    expect(organizer.locator("#decision")).to_have_count(0)
    expect(bob.locator("form.join")).to_be_visible(timeout=catch_up_ms)
    expect(bob.locator("#decision")).to_have_count(0)
    assert stored(organizer.url).final is None
    assert_not_reloaded(bob)
    assert errors == []


def test_the_final_date_chosen_in_the_form_then_the_meeting_deleted(
    new_context: NewContext, server: str
) -> None:
    """A dates-only meeting: the organizer chooses a date with a note in the form; then deletes
    the meeting after confirming, lands on the create page that says so; Bob's open page finds
    the meeting gone. Korean at 390 px too."""
    organizer = new_context(viewport=DESKTOP, locale="en-US").new_page()
    errors: list[str] = []
    organizer.on("pageerror", lambda error: errors.append(str(error)))
    create_meeting(organizer, server, title="Book club", with_dates=True)
    code = url_code(organizer.url)
    bob = new_context(viewport=PHONE_390, locale="ko-KR").new_page()
    bob.goto(plain_url(organizer))
    join(bob, "보라", heading="보라 님으로 참여 중")
    organizer.set_viewport_size(PHONE_390)
    organizer.reload()
    no_horizontal_overflow_at(organizer)
    screenshot(organizer, "final-pick-390")
    organizer.set_viewport_size(DESKTOP)

    organizer.get_by_text("Choose the final date yourself").click()
    organizer.get_by_label("Date", exact=True).select_option("2026-12-05")
    organizer.get_by_label("Note (optional)").fill("At the library,\nroom 2")
    screenshot(organizer, "final-form-desktop")
    organizer.get_by_role("button", name="Set as the final date").click()
    settled(organizer)
    decision = organizer.locator("#decision")
    expect(decision).to_contain_text("Meeting on Sat Dec 5")
    assert decision.locator(".decision-note").inner_text() == "At the library,\nroom 2"
    expect(decision).to_be_focused()
    final = stored(organizer.url).final
    assert final is not None
    assert (final.day, final.note) == (date(2026, 12, 5), "At the library,\nroom 2")

    catch_up_ms = int(POLL_SECONDS * 1000) + 3_000
    expect(bob.locator("#decision")).to_contain_text("12월 5일", timeout=catch_up_ms)
    expect(bob.locator("#toggle-2026-12-05")).to_have_count(0)  # my row is read-only
    no_horizontal_overflow_at(bob)
    screenshot(bob, "final-decided-390-ko")

    # Deleting: a confirmation step, then the create page. Its answer is held back until a
    # poll has found the meeting gone: the poll must not reload the page over the navigation.
    def answer_late(route: Route) -> None:
        answer = route.fetch(max_redirects=0)
        time.sleep(POLL_SECONDS * 2.5)
        route.fulfill(response=answer)

    organizer.route("**/delete", answer_late)
    manage_open(organizer)
    organizer.locator("#delete-details summary").click()
    organizer.get_by_role("button", name="Yes, delete this meeting").click()
    expect(organizer).to_have_url(f"{server}/")
    expect(organizer.locator(".flash")).to_have_text("The meeting was deleted.")
    screenshot(organizer, "final-deleted-desktop")
    with pytest.raises(MeetingNotFound):
        stored(f"/meetings/{code}/")
    # Bob's page polls, finds the meeting gone and shows the page that says so.
    expect(bob.locator("#meeting")).to_have_count(0, timeout=catch_up_ms)
    expect(bob.locator(".notice h1")).to_be_visible()
    response = organizer.goto(f"{server}/meetings/{code}/")
    assert response is not None
    assert response.status == 410
    expect(organizer.get_by_role("heading", level=1)).to_have_text("This meeting was deleted")
    assert errors == []
