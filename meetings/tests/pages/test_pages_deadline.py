"""The deadline for answers on the pages (Django's test client, MySQL): the organizer sets,
moves and removes it in the settings without JavaScript; the page says when answers are due
and, once the clock passes it (set by the test, never waited for), that they closed, offers no
join or marks any more and refuses them (409), while the organizer can still pick the date."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from meetings import clock
from meetings.tests.support.pages import field_errors, join, page_url, text
from meetings.tests.support.stored import stored

pytestmark = pytest.mark.django_db

FRAGMENT: dict[str, Any] = {"HTTP_MEETIFYR_FRAGMENT": "1"}
DUE = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)  # Tue Jan 5, 18:00 in Seoul
PASSED = "The deadline for answers has passed: nobody can join or change answers."
TIMES = {
    "times": "times",
    "start_time": "09:00",
    "end_time": "12:00",
    "slot_minutes": "30",
    "time_zone": "Asia/Seoul",
}


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime], None]:
    def setter(moment: datetime) -> None:
        monkeypatch.setattr(clock, "now", lambda: moment)

    setter(DUE - timedelta(hours=1))
    return setter


def create(client: Client, *, times: bool = True) -> str:
    data = {"title": "Retro", "start_date": "2027-01-06", "end_date": "2027-01-08"}
    if times:
        data.update(TIMES)
    response = client.post("/", data)
    assert response.status_code == 303
    return str(response["Location"].split("/")[2])


def page(client: Client, code: str) -> str:
    response = client.get(page_url(code))
    assert response.status_code == 200
    return text(response)


def alert(response: Any) -> str:
    found = re.search(r'<div class="alert" role="alert"[^>]*>(.*?)</div>', text(response), re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).strip() if found else ""


def label(body: str) -> str:
    found = re.search(r'<p class="deadline[^"]*" id="deadline-label">(.*?)</p>', body)
    return html.unescape(found.group(1)) if found else ""


def set_deadline(client: Client, code: str, data: dict[str, str]) -> Any:
    return client.post(f"{page_url(code)}deadline", data)


def test_the_organizer_sets_it_and_the_page_says_when_answers_are_due(
    at: Callable[[datetime], None],
) -> None:
    organizer = Client()
    code = create(organizer)
    body = page(organizer, code)
    assert label(body) == ""
    assert 'id="deadline-form"' in body
    assert 'type="datetime-local"' in body
    response = set_deadline(organizer, code, {"deadline": "2027-01-05T18:00"})
    assert response.status_code == 303
    assert response["Location"] == f"{page_url(code)}#deadline"
    assert stored(code).deadline == DUE
    body = page(organizer, code)
    assert label(body) == "Answers due Tue Jan 5, 18:00 (Asia/Seoul)"
    assert 'value="2027-01-05T18:00"' in body  # the form shows it, to move it
    assert label(page(Client(), code)) == "Answers due Tue Jan 5, 18:00 (Asia/Seoul)"
    assert 'id="deadline-form"' not in page(Client(), code)  # a protected meeting's visitor


def test_after_the_deadline_the_page_offers_no_join_and_no_marks(
    at: Callable[[datetime], None],
) -> None:
    organizer, ann = Client(), Client()
    code = create(organizer, times=False)
    assert join(ann, code, "Ann").status_code == 303
    set_deadline(organizer, code, {"deadline": "2027-01-05T18:00"})
    before_page = page(ann, code)
    assert 'name="mark"' in before_page
    assert 'id="all-free"' in before_page
    at(datetime(2027, 1, 5, 18, 0, tzinfo=UTC))  # no window: the deadline is in UTC
    for client in (organizer, ann, Client()):
        body = page(client, code)
        assert label(body) == "Answers closed on Tue Jan 5, 18:00 (UTC)"
        assert 'class="deadline passed"' in body
        assert f'action="{page_url(code)}join"' not in body
        assert 'name="mark"' not in body
        assert "data-paint" not in body
        assert 'id="all-free"' not in body
        assert 'id="calendar' not in body
    ann_page = page(ann, code)
    assert 'id="deadline-passed"' in ann_page
    assert 'id="leave-details"' in ann_page  # leaving is still allowed
    organizer_page = page(organizer, code)
    assert 'class="pick-form"' in organizer_page or 'id="final-details"' in organizer_page
    assert 'id="deadline-form"' in organizer_page


def test_after_the_deadline_joins_and_marks_are_refused(at: Callable[[datetime], None]) -> None:
    organizer, ann = Client(), Client()
    code = create(organizer)
    assert join(ann, code, "Ann").status_code == 303
    set_deadline(organizer, code, {"deadline": "2027-01-05T18:00"})
    at(DUE)
    before = stored(code)
    url = page_url(code)
    marks = json.dumps([{"date": "2027-01-06", "action": "off"}])
    for extra in ({}, FRAGMENT):
        for response in (
            Client().post(f"{url}join", {"name": "Bo"}, **extra),
            ann.post(f"{url}paint", {"marks": marks}, **extra),
            ann.post(f"{url}slots", {"was": "0" * 18, "free": ["0"]}, **extra),
            ann.post(f"{url}all-free", {}, **extra),
        ):
            assert response.status_code == 409, response.content
            assert alert(response) == PASSED
    assert stored(code) == before


def test_the_organizer_still_decides_extends_and_removes_it(
    at: Callable[[datetime], None],
) -> None:
    organizer = Client()
    code = create(organizer, times=False)
    set_deadline(organizer, code, {"deadline": "2027-01-05T18:00"})
    at(DUE + timedelta(hours=10))
    assert label(page(organizer, code)).startswith("Answers closed on")
    decided = organizer.post(f"{page_url(code)}final", {"date": "2027-01-07"})
    assert decided.status_code == 303
    assert stored(code).final is not None
    organizer.post(f"{page_url(code)}final", {"reopen": "1"})
    assert set_deadline(organizer, code, {"deadline": "2027-01-06T18:00"}).status_code == 303
    assert label(page(organizer, code)) == "Answers due Wed Jan 6, 18:00 (UTC)"
    assert join(Client(), code, "Bo").status_code == 303
    removed = set_deadline(organizer, code, {"deadline": "2027-01-06T18:00", "clear": "on"})
    assert removed.status_code == 303
    assert stored(code).deadline is None
    assert label(page(organizer, code)) == ""


def test_bad_input_is_shown_next_to_the_field(at: Callable[[datetime], None]) -> None:
    organizer = Client()
    code = create(organizer)
    for sent, status in (("", 400), ("tomorrow", 400), ("2027-02-30T18:00", 400)):
        response = set_deadline(organizer, code, {"deadline": sent})
        assert response.status_code == status
        assert "Enter a date and a time, such as 2027-01-05 18:00." in field_errors(
            response, "id_deadline"
        )
    assert stored(code).deadline is None


def test_a_time_the_clocks_skip_is_refused(at: Callable[[datetime], None]) -> None:
    organizer = Client()
    response = organizer.post(
        "/",
        {
            "start_date": "2027-03-26",
            "end_date": "2027-03-29",
            **TIMES,
            "time_zone": "Europe/Berlin",
        },
    )
    code = str(response["Location"].split("/")[2])
    refused = set_deadline(organizer, code, {"deadline": "2027-03-28T02:30"})
    assert refused.status_code == 400
    assert (
        "That time does not occur in Europe/Berlin: the clocks go forward over it. Pick another "
        "time." in html.unescape(field_errors(refused, "id_deadline"))
    )


def test_only_the_organizer_sets_it_on_a_protected_meeting(at: Callable[[datetime], None]) -> None:
    organizer, ann = Client(), Client()
    code = create(organizer)
    join(ann, code, "Ann")
    response = set_deadline(ann, code, {"deadline": "2027-01-05T18:00"})
    assert response.status_code == 403
    assert stored(code).deadline is None


def test_the_page_in_korean(at: Callable[[datetime], None]) -> None:
    organizer = Client(HTTP_ACCEPT_LANGUAGE="ko")
    code = create(organizer)
    set_deadline(organizer, code, {"deadline": "2027-01-05T18:00"})
    body = page(organizer, code)
    assert "답변 마감" in label(body)
    at(DUE)
    assert "답변이 마감" in label(page(organizer, code))
