"""The answers file in a real browser (Debian's Chromium): the meeting page's link downloads a
CSV named after the title, whose columns are the meeting's slots and whose rows say who
answered what; a Korean viewer gets it in Korean."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from meetings.tests.support.browser import (
    DESKTOP,
    NewContext,
    create_timed_meeting,
    join,
    plain_url,
    settled,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLOTS = [f"{hour:02d}:{minute:02d}" for hour in (9, 10, 11) for minute in (0, 30)]
COLUMNS = [f"2026-12-0{day} {time}" for day in (1, 2, 3) for time in SLOTS]


def _rows(path: Path) -> list[list[str]]:
    body = Path(path).read_bytes()
    assert body.startswith(b"\xef\xbb\xbf")  # a BOM: spreadsheet apps read the names as UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_the_link_downloads_the_answers(new_context: NewContext, server: str) -> None:
    page = new_context(viewport=DESKTOP, locale="en-US", accept_downloads=True).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    create_timed_meeting(page, server, title="팀 회의 / Q1", zone="Asia/Seoul")
    join(page, "김민준")
    page.locator("#all-free").click()  # answered: free on every slot
    settled(page)
    kim = new_context(viewport=DESKTOP, locale="ko-KR", accept_downloads=True).new_page()
    kim.goto(plain_url(page))
    join(kim, "=Kim", heading="=Kim 님으로 참여 중")  # joined, not answered

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download answers (CSV)").click()
    download = download_info.value
    assert download.suggested_filename == "팀 회의 Q1.csv"
    assert _rows(download.path()) == [
        ["participant", "answered", *COLUMNS],
        ["김민준", "yes", *["free"] * len(COLUMNS)],
        ["'=Kim", "no", *[""] * len(COLUMNS)],
        ["free (answered participants)", "1", *["1"] * len(COLUMNS)],
    ]

    expect(kim.get_by_role("link", name="답변 내려받기 (CSV)")).to_be_visible()
    with kim.expect_download() as download_info:
        kim.get_by_role("link", name="답변 내려받기 (CSV)").click()
    rows = _rows(download_info.value.path())
    assert rows[0] == ["참여자", "답변 여부", *COLUMNS]
    assert rows[1] == ["김민준", "답변함", *["가능"] * len(COLUMNS)]
    assert rows[2][:2] == ["'=Kim", "아직 안 함"]
    assert errors == []
