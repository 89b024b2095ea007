"""Fill from your calendar (issue 21) in a browser: a calendar file the test writes is
uploaded, its busy times are hatched over my grid, "Mark these busy" applies them and the grid
shows it; with and without JavaScript, desktop and 390 px.

Debian's Chromium driven by Playwright against pytest-django's live server on MariaDB;
screenshots land in ``test-artifacts/``.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from playwright.sync_api import ViewportSize, expect

from meetings import services
from meetings.repositories import repository_for
from meetings.tests.support.axe import assert_no_violations
from meetings.tests.support.calendars import ics
from meetings.tests.support.stored import stored

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from meetings.tests.support.browser import (
    ARTIFACTS,
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

CASES: list[tuple[str, ViewportSize, bool]] = [
    ("desktop", DESKTOP, True),
    ("390", PHONE_390, True),
    ("390-nojs", PHONE_390, False),
]


def calendar_file(folder: Path) -> Path:
    """Wed Dec 2, 10:00-11:30 in Seoul (busy) and Thu Dec 3, 09:00-10:00 (tentative)."""
    path = folder / "work.ics"
    path.write_bytes(
        ics(
            (datetime(2026, 12, 2, 1, tzinfo=UTC), datetime(2026, 12, 2, 2, 30, tzinfo=UTC), ""),
            (
                datetime(2026, 12, 3, 0, tzinfo=UTC),
                datetime(2026, 12, 3, 1, tzinfo=UTC),
                "TENTATIVE",
            ),
        )
    )
    return path


@pytest.mark.parametrize(("size", "viewport", "script"), CASES, ids=[c[0] for c in CASES])
def test_upload_see_the_hatched_busy_times_apply(
    new_context: NewContext,
    server: str,
    tmp_path: Path,
    size: str,
    viewport: ViewportSize,
    script: bool,
) -> None:
    meeting = timed_meeting()  # Dec 1-3, 09:00-12:00 in 30-minute slots, Seoul
    page = new_context(
        viewport=viewport,
        locale="en-US",
        timezone_id="Asia/Seoul",
        java_script_enabled=script,
    ).new_page()
    page.goto(f"{server}/meetings/{meeting.url_code}/")
    join(page, "Alice", heading="You are Alice")
    version = stored(meeting).version

    page.get_by_label("Your calendar file (.ics)").set_input_files(calendar_file(tmp_path))
    before = page.url
    page.get_by_role("button", name="Show my busy times").click()
    preview = page.locator("#busy-preview")
    expect(preview).to_contain_text("Busy: Wed Dec 2 10:00–11:30")
    expect(preview).to_contain_text("Maybe busy: Thu Dec 3 09:00–10:00")
    expect(page.locator("#mine-grid td.busy-layer:not(.maybe)")).to_have_count(3)
    expect(page.locator("#mine-grid td.busy-layer.maybe")).to_have_count(2)
    assert "Dentist" not in page.content()
    assert stored(meeting).version == version  # a preview changes nothing
    if script:  # previewed in place: no new page
        assert page.url == before
    busy_ten = page.locator('#mine-grid td[data-k="8"]')  # Wed 10:00, free: hatched
    expect(busy_ten).to_have_class(re.compile(r"\bs f busy-layer\b"))
    expect(busy_ten).to_have_attribute("aria-label", re.compile("busy in your calendar"))
    page.locator("#mine-grid").scroll_into_view_if_needed()
    if size == "390" or size == "390-nojs":
        no_horizontal_overflow_at(page)
    if script:  # axe runs in the page (without JavaScript test_axe blocks the page's script)
        assert_no_violations(page, f"calendar preview, {size}")
    screenshot(page, f"calendar-preview-{size}")
    page.locator("#mine-grid").screenshot(path=str(ARTIFACTS / f"calendar-grid-{size}.png"))

    address = page.url
    page.get_by_role("button", name="Mark these busy", exact=True).click()
    if script:  # sent in the background, the answer swapped in: the page stays where it is
        expect(page.get_by_text("Marked 3 times busy.")).to_be_visible()
        assert page.url == address
    else:
        expect(page).to_have_url(re.compile(r"#availability$"))
    expect(page.get_by_text("Marked 3 times busy.")).to_be_visible()
    expect(page.locator("#mine-grid td.busy-layer")).to_have_count(0)
    for key in (8, 9, 10):  # Wed 10:00, 10:30, 11:00: busy now
        expect(page.locator(f'#mine-grid td[data-k="{key}"]')).to_have_class(re.compile(r"\bs b\b"))
    after = stored(meeting)
    assert after.version == version + 1
    assert slots(after, "Alice")["2026-12-02"] == "110001"
    assert slots(after, "Alice")["2026-12-03"] == "111111"  # maybe busy: left as it was
    screenshot(page, f"calendar-applied-{size}")


def test_a_dates_only_meeting_hatches_the_busy_dates(
    new_context: NewContext, server: str, tmp_path: Path
) -> None:
    meeting = services.meeting_create(
        repo=repository_for("mysql"),
        title="Dinner",
        start_date=date(2026, 12, 1),
        end_date=date(2026, 12, 4),
    )
    page = new_context(viewport=DESKTOP, locale="en-US", timezone_id="Asia/Seoul").new_page()
    page.goto(f"{server}/meetings/{meeting.url_code}/")
    join(page, "Alice", heading="You are Alice")
    page.get_by_label("Your calendar file (.ics)").set_input_files(calendar_file(tmp_path))
    page.get_by_role("button", name="Show my busy times").click()
    expect(page.locator("td.cell.busy-layer:not(.maybe)")).to_have_count(1)
    expect(page.locator("td.cell.busy-layer.maybe")).to_have_count(1)
    assert_no_violations(page, "calendar preview, dates only")
    page.locator("#grid-scroll").screenshot(path=str(ARTIFACTS / "calendar-grid-dates.png"))
    page.get_by_role("button", name="Mark these busy, and the rest free").click()
    expect(page.get_by_text("Marked 1 date busy.")).to_be_visible()
    rows = stored(meeting).participants[0].dates
    assert [row.enabled for row in rows] == [True, False, True, True]
