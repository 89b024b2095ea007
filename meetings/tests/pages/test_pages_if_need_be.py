"""The fourth mark, free *if need be* (issue 23, item 1), on the pages through Django's test
client on MySQL: its own button on a dates-only meeting (a plain form post, so it works without
JavaScript), its own checkbox in the timed grid's form, its own state, colour and legend, the
best dates' words, and the answers file's word in English and Korean."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from typing import Any

import pytest
from django.test import Client

from meetings import services
from meetings.domain import DateAction, Meeting, time_window_check
from meetings.repositories.mysql import DjangoMeetingRepository
from meetings.tests.support.pages import grid_form, join, page_url, text
from meetings.tests.support.stored import stored

pytestmark = pytest.mark.django_db

DEC_1, DEC_2, DEC_3 = date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3)
KOREAN: dict[str, Any] = {"HTTP_ACCEPT_LANGUAGE": "ko"}


@pytest.fixture
def dated(orm_repo: DjangoMeetingRepository) -> Meeting:
    return services.meeting_create(repo=orm_repo, title="Dinner", start_date=DEC_1, end_date=DEC_3)


@pytest.fixture
def timed(orm_repo: DjangoMeetingRepository) -> Meeting:
    return services.meeting_create(
        repo=orm_repo,
        title="Timed",
        start_date=DEC_1,
        end_date=DEC_2,
        window=time_window_check("09:00", "10:00", 30, "Asia/Seoul"),
    )


def _row(meeting: Meeting, name: str) -> dict[date, tuple[bool, bool, bool, str | None]]:
    participant = next(p for p in stored(meeting).participants if p.name == name)
    return {r.date: (r.enabled, r.starred, r.if_need_be, r.slots) for r in participant.dates}


def test_a_date_marked_if_need_be_by_its_button(client: Client, dated: Meeting) -> None:
    join(client, dated, "Ann")
    body = text(client.get(page_url(dated)))
    button = re.search(r'<button [^>]*id="maybe-2026-12-02"[^>]*>', body)
    assert button is not None
    assert 'value="2026-12-02:ifneedbe"' in button.group(0)
    assert 'aria-pressed="false"' in button.group(0)
    assert 'aria-label="Ann, Wednesday, December 2: if need be"' in button.group(0)
    assert 'form="mark-form"' in button.group(0)  # a submit button: no script needed
    response = client.post(f"{page_url(dated)}mark", {"mark": "2026-12-02:ifneedbe"})
    assert response.status_code == 303
    assert _row(dated, "Ann")[DEC_2] == (True, False, True, None)
    body = text(client.get(page_url(dated)))
    button = re.search(r'<button [^>]*id="maybe-2026-12-02"[^>]*>', body)
    assert button is not None
    assert 'value="2026-12-02:unstar"' in button.group(0)  # pressed again: plainly free
    assert 'aria-pressed="true"' in button.group(0)
    assert '<td class="cell ifneedbe">' in body
    assert "Ann, Wednesday, December 2: free, if need be" in body
    client.post(f"{page_url(dated)}mark", {"mark": "2026-12-02:unstar"})
    assert _row(dated, "Ann")[DEC_2] == (True, False, False, None)


def test_others_see_the_mark_the_legend_and_the_best_dates_words(
    client: Client, dated: Meeting, orm_repo: DjangoMeetingRepository
) -> None:
    bob, _ = services.participant_create(repo=orm_repo, url_code=dated.url_code, name="Bob")
    services.participant_date_mark(
        repo=orm_repo,
        url_code=dated.url_code,
        participant_date_id=bob.dates[0].id,
        action=DateAction.IFNEEDBE,
    )
    body = text(client.get(page_url(dated)))
    mark = re.search(r'<td class="cell ifneedbe"><span class="mark"[^>]*>\(✓\)</span></td>', body)
    assert mark is not None
    assert 'aria-label="Bob, Tuesday, December 1: free, if need be"' in mark.group(0)
    assert '<span class="swatch ifneedbe" aria-hidden="true">(✓)</span> if need be' in body
    # Tue counts Bob as free (1 of 1) but ranks below the plainly free Wed and Thu.
    best = re.findall(r'<span class="best-text"><strong>([^<]+)</strong>([^<]*)', body)
    assert [label for label, _words in best] == [
        "Wednesday, December 2",
        "Thursday, December 3",
        "Tuesday, December 1",
    ]
    assert best[2][1] == " – 1 of 1 free, 1 only if need be"
    korean = text(client.get(page_url(dated), **KOREAN))
    assert "1명은 필요 시에만 가능" in korean
    assert "필요 시 가능" in korean


def test_the_timed_grid_without_javascript_has_an_if_need_be_checkbox(
    client: Client, timed: Meeting
) -> None:
    join(client, timed, "Ann")
    form = grid_form(client, timed)
    assert "Tue Dec 1, 09:30–10:00: if need be" in form.boxes
    form.tick("Tue Dec 1, 09:30–10:00: if need be", "Wed Dec 2, 09:00–09:30: if need be")
    form.tick("Wed Dec 2, 09:00–09:30: preferred")  # both ticked: preferred wins
    form.untick("Wed Dec 2, 09:30–10:00: free")
    form.tick("Wed Dec 2, 09:30–10:00: if need be")  # not free, but if need be: if need be
    assert form.post(client).status_code == 303
    assert _row(timed, "Ann") == {
        DEC_1: (True, False, True, "13"),
        DEC_2: (True, True, True, "23"),
    }
    after = grid_form(client, timed)
    assert after.was == "1323"
    assert "Tue Dec 1, 09:30–10:00: if need be" in after.ticked
    body = text(client.get(page_url(timed)))
    assert 'aria-label="Tue Dec 1, 09:30–10:00, free, if need be"' in body
    assert 'class="s n"' in body
    assert '<span class="swatch slot-n" aria-hidden="true">(✓)</span> if need be' in body
    assert '<li data-s="1323">Ann</li>' in body
    # Unticking "if need be" (free stays ticked) makes the slot plainly free again.
    after.untick("Tue Dec 1, 09:30–10:00: if need be")
    assert after.post(client).status_code == 303
    assert _row(timed, "Ann")[DEC_1] == (True, False, False, "11")


def test_the_answers_file_says_if_need_be(client: Client, dated: Meeting) -> None:
    join(client, dated, "Ann")
    client.post(f"{page_url(dated)}mark", {"mark": "2026-12-01:ifneedbe"})

    def rows(**headers: Any) -> list[list[str]]:
        response = Client().get(f"{page_url(dated)}answers.csv", **headers)
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))

    assert rows()[1] == ["Ann", "yes", "if need be", "free", "free"]
    assert rows(**KOREAN)[1][2] == "필요 시 가능"
