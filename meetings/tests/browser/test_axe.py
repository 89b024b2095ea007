"""axe-core on every page, in English and Korean, on a desktop and a 390 px phone: the create
page (empty and with errors), the meeting page (no dates, dates only, dates and times; read by a
visitor, a participant and the organizer; a form re-rendered with errors), the decided meeting,
and the error pages (not found, no final date, too many tries). Each test gathers what axe finds
on each of its pages and fails once, listing every violation with its elements.

The meetings are made through the services (fast); a browser becomes a participant or the
organizer by opening the personal or manage link, as people do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from pytest_django import Settings

from meetings import services
from meetings.domain import DateAction, Meeting, ParticipantId, key_new, time_window_check
from meetings.repositories import repository_for
from meetings.tests.support.axe import axe_check
from meetings.tests.support.browser import (
    DESKTOP,
    PHONE_390,
    SEOUL,
    NewContext,
    settled,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCALES = {"en": "en-US", "ko": "ko-KR"}
SIZES = {"desktop": DESKTOP, "390": PHONE_390}
UNKNOWN_CODE = "A" * 22
NEW_YORK = "America/New_York"


@dataclass
class Scan:
    """Pages seen in one language at one size, and what axe found on them."""

    new_context: NewContext
    server: str
    language: str
    size: str
    found: list[str] = field(default_factory=list)

    def browser(self, *, javascript: bool = True) -> BrowserContext:
        context = self.new_context(
            viewport=SIZES[self.size], locale=LOCALES[self.language], timezone_id=SEOUL
        )
        if not javascript:  # the page as without JavaScript: its script never loads
            context.route("**/js/*.js", lambda route: route.abort())
        return context

    def open(self, context: BrowserContext, path: str) -> Page:
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(f"{self.server}{path}")
        return page

    def check(self, page: Page, what: str) -> None:
        if page.locator("#meeting").count():
            settled(page)
        self.found.extend(axe_check(page, f"{what} [{self.language}, {self.size}]"))

    def assert_clean(self) -> None:
        assert not self.found, "axe-core found accessibility violations:\n" + "\n".join(self.found)


@pytest.fixture(
    params=[(language, size) for language in LOCALES for size in SIZES],
    ids=lambda p: f"{p[0]}-{p[1]}",
)
def scan(request: pytest.FixtureRequest, new_context: NewContext, server: str) -> Scan:
    language, size = request.param
    return Scan(new_context, server, language, size)


# --- meetings, made through the services --------------------------------------------------------


@dataclass(frozen=True)
class Made:
    code: str
    organizer_key: str
    ann_id: ParticipantId
    ann_key: str
    zone: str = ""  # a timed meeting's

    @property
    def path(self) -> str:
        return f"/meetings/{self.code}/"

    @property
    def manage(self) -> str:
        return f"{self.path}?key={self.organizer_key}"

    @property
    def ann(self) -> str:
        return f"{self.path}?participant={self.ann_id}&key={self.ann_key}"


def made(*, timed: bool, dates: bool = True, decided: bool = False, zone: str = SEOUL) -> Made:
    """A meeting of Dec 1-3 2026 (09:00-12:00 in ``zone`` when ``timed``) where Bob has
    answered (busy on Dec 2, preferring Dec 3) and Ann has just joined."""
    repo = repository_for("mysql")
    organizer_key = key_new()
    meeting: Meeting = services.meeting_create(
        repo=repo,
        title="Team dinner",
        location="Seoul",
        start_date=date(2026, 12, 1) if dates else None,
        end_date=date(2026, 12, 3) if dates else None,
        window=time_window_check("09:00", "12:00", 30, zone) if timed else None,
        organizer_key=organizer_key,
    )
    code = meeting.url_code
    if not dates:
        return Made(code, organizer_key, 0, "")
    bob_key = key_new()
    bob, _ = services.participant_create(
        repo=repo, url_code=code, name="Bob", participant_key=bob_key
    )
    marks = [
        services.MarkRequest(date(2026, 12, 2), DateAction.OFF),
        services.MarkRequest(date(2026, 12, 3), DateAction.STAR),
    ]
    if timed:
        marks.append(services.MarkRequest(date(2026, 12, 1), DateAction.OFF, "10:00", "11:00"))
    services.participant_marks(
        repo=repo, url_code=code, participant_id=bob.id, marks=marks, key=bob_key
    )
    ann_key = key_new()
    ann, _ = services.participant_create(
        repo=repo, url_code=code, name="Ann", participant_key=ann_key
    )
    if decided:
        services.meeting_set_final(
            repo=repo,
            url_code=code,
            day=date(2026, 12, 3),
            start="09:00" if timed else None,
            end="10:30" if timed else None,
            note="Upstairs room",
            key=organizer_key,
        )
    return Made(code, organizer_key, ann.id, ann_key, zone if timed else "")


def meeting_walk(scan: Scan, meeting: Made, what: str, *, javascript: bool = True) -> None:
    """A visitor (and the join form with an error), Ann who joined, the organizer who joined.
    The browsers are in Seoul: a timed meeting elsewhere is shown in Seoul's time once the
    script has told the server the browser's zone."""

    def opened(path: str, context: BrowserContext | None = None) -> Page:
        page = scan.open(context or scan.browser(javascript=javascript), path)
        if meeting.zone and javascript and path == meeting.path:
            expect(page.locator("#availability")).to_have_attribute("data-zone", SEOUL)
        return page

    visitor = opened(meeting.path)
    scan.check(visitor, f"{what}, not joined")
    visitor.locator("form.join button[type=submit]").click()  # no name: an error
    expect(visitor.locator("#id_name[aria-invalid=true]")).to_have_count(1)
    scan.check(visitor, f"{what}, join refused (no name)")

    ann = opened(meeting.ann)
    if meeting.zone and javascript:
        expect(ann.locator("#availability")).to_have_attribute("data-zone", SEOUL)
    scan.check(ann, f"{what}, joined")

    organizer = scan.browser(javascript=javascript)
    scan.open(organizer, meeting.manage)
    page = opened(meeting.path, organizer)
    scan.check(page, f"{what}, organizer")
    page.locator("#id_name").fill("Olga")
    page.locator("form.join button[type=submit]").click()
    expect(page.locator("#you-heading")).to_contain_text("Olga")
    scan.check(page, f"{what}, organizer, joined")


# --- the scans ----------------------------------------------------------------------------------


def test_axe_create_page(scan: Scan) -> None:
    page = scan.open(scan.browser(), "/")
    scan.check(page, "create page")
    page.locator("#id_title").fill("Dinner")
    page.locator("#id_start_date").fill("2026-12-07")
    page.locator("#id_end_date").fill("2026-12-01")  # before the start: an error
    page.locator("form.create-form button[type=submit].primary").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    scan.check(page, "create page with errors")
    scan.assert_clean()


def test_axe_meeting_without_dates(scan: Scan) -> None:
    meeting = made(timed=False, dates=False)
    visitor = scan.open(scan.browser(), meeting.path)
    scan.check(visitor, "no dates, visitor")
    organizer = scan.browser()
    scan.open(organizer, meeting.manage)
    page = scan.open(organizer, meeting.path)
    scan.check(page, "no dates, organizer")
    page.locator("#id_start_date").fill("2026-12-07")
    page.locator("#id_end_date").fill("2026-12-01")
    page.locator("#dates button[type=submit].primary").click()
    expect(page.locator("#dates .errorlist").first).to_be_visible()
    scan.check(page, "no dates, organizer, dates refused")
    scan.assert_clean()


def test_axe_change_dates_page(scan: Scan) -> None:
    """The organizer's "Change dates" page of a timed meeting Bob answered: the form, its
    preview (dates removed and added, Bob losing answers), and the form with an error."""
    meeting = made(timed=True)
    organizer = scan.browser()
    scan.open(organizer, meeting.manage)
    page = scan.open(organizer, f"{meeting.path}schedule")
    scan.check(page, "change dates")
    page.locator("#id_start_date").fill("2026-12-02")
    page.locator("#id_end_date").fill("2026-12-05")
    page.locator("#schedule-preview-button").click()
    expect(page.locator("#schedule-preview")).to_be_visible()
    scan.check(page, "change dates, preview")
    page.locator("#id_end_date").fill("2026-11-01")
    page.locator("#schedule-preview-button").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    scan.check(page, "change dates, refused")
    scan.assert_clean()


def test_axe_dates_only_meeting(scan: Scan) -> None:
    meeting_walk(scan, made(timed=False), "dates only")
    scan.assert_clean()


def test_axe_timed_meeting(scan: Scan) -> None:
    meeting_walk(scan, made(timed=True, zone=NEW_YORK), "dates and times, New York from Seoul")
    scan.assert_clean()


def test_axe_meetings_without_javascript(scan: Scan) -> None:
    meeting_walk(scan, made(timed=False), "dates only, no JavaScript", javascript=False)
    meeting_walk(scan, made(timed=True), "dates and times, no JavaScript", javascript=False)
    scan.assert_clean()


def test_axe_decided_meetings(scan: Scan) -> None:
    for timed in (False, True):
        meeting = made(timed=timed, decided=True)
        what = "decided, dates and times" if timed else "decided, dates only"
        ann = scan.open(scan.browser(), meeting.ann)
        scan.check(ann, f"{what}, joined")
        organizer = scan.browser()
        scan.open(organizer, meeting.manage)
        scan.check(scan.open(organizer, meeting.path), f"{what}, organizer")
    scan.assert_clean()


def test_axe_error_pages(scan: Scan, settings: Settings) -> None:
    settings.MEETINGS_RATE_KEY_FAILURES = "1/h"
    meeting = made(timed=False)
    context = scan.browser()
    page = scan.open(context, f"/meetings/{UNKNOWN_CODE}/")
    scan.check(page, "meeting not found")
    scan.check(scan.open(context, "/nothing-here/"), "page not found")
    scan.check(scan.open(context, f"{meeting.path}event.ics"), "no final date yet")
    for _ in range(3):
        page = scan.open(context, f"{meeting.path}?key=wrong")
    expect(page.locator("h1")).to_have_count(1)
    assert page.locator("main .notice").count() == 1, "the too-many page was not reached"
    scan.check(page, "too many tries")
    scan.assert_clean()
