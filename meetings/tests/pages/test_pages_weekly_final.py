"""A weekly meeting's decision on the pages (issue 20): the organizer picks a weekday (and its
times, on the meeting's clock) and the first date it happens, by default the next such date;
a first date on another weekday is said next to its field; a "Pick" asks first, by weekday."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from pytest_django import Settings

from meetings import services
from meetings.domain import Meeting, weekday_on_or_after
from meetings.repositories import repository_for
from meetings.tests.support.pages import field_errors, join, page_url, text, url_code

pytestmark = pytest.mark.django_db

SEOUL = "Asia/Seoul"
TIMES = {
    "times": "times",
    "start_time": "18:00",
    "end_time": "20:00",
    "slot_minutes": "60",
    "time_zone": SEOUL,
}


def organize(client: Client, *, timed: bool, store: str = "mysql") -> Meeting:
    """A weekly meeting on Tuesdays and Thursdays, made through the create page (this client
    holds its organizer key), with the organizer joined."""
    data = {"title": "Club", "days": "weekly", "weekdays": ["2", "4"], **(TIMES if timed else {})}
    response = client.post("/", data)
    assert response.status_code == 303
    join(client, response["Location"], "Org")
    return services.meeting_get(repo=repository_for(store), url_code=url_code(response["Location"]))


def seoul_today() -> date:
    return datetime.now(ZoneInfo(SEOUL)).date()


def test_the_form_offers_weekdays_a_first_date_and_the_meetings_times(client: Client) -> None:
    meeting = organize(client, timed=True)
    body = text(client.get(page_url(meeting)))
    form = body[body.index('id="final-details"') :]
    form = form[: form.index("</details>")]
    assert "2001" not in form
    assert re.findall(r'<option value="(\w+)"[^>]*>(\w+)</option>', form)[:2] == [
        ("tue", "Tuesday"),
        ("thu", "Thursday"),
    ]
    assert 'type="date" name="starts_on"' in form
    assert '<option value="18:00" selected>18:00</option>' in form
    assert "Times in Asia/Seoul, the meeting’s time zone." in form  # noqa: RUF001
    assert 'name="zone"' not in form


def test_deciding_defaults_to_the_next_such_date_on_each_store(
    client: Client, store: str, settings: Settings
) -> None:
    settings.MEETINGS_PAGES_STORE = store
    meeting = organize(client, timed=True, store=store)
    response = client.post(
        f"{page_url(meeting)}final", {"date": "thu", "start": "19:00", "end": "20:00"}
    )
    assert response.status_code == 303, text(response)
    after = services.meeting_get(repo=repository_for(store), url_code=meeting.url_code)
    assert after.final is not None
    assert after.final.day == weekday_on_or_after(4, seoul_today())
    assert (after.final.start, after.final.end) == (19 * 60, 20 * 60)
    decided = text(client.get(page_url(meeting)))
    assert "2001" not in decided
    assert "Every Thursday" in decided


def test_a_first_date_on_another_weekday_is_said_next_to_it(client: Client) -> None:
    meeting = organize(client, timed=False)
    monday = weekday_on_or_after(1, seoul_today() + timedelta(days=7))
    response = client.post(
        f"{page_url(meeting)}final", {"date": "tue", "starts_on": monday.isoformat()}
    )
    assert response.status_code == 400
    assert "Pick a first date on that day of the week." in field_errors(
        response, "id_final_starts_on"
    )
    tuesday = monday + timedelta(days=1)
    response = client.post(
        f"{page_url(meeting)}final", {"date": "tue", "starts_on": tuesday.isoformat()}
    )
    assert response.status_code == 303
    after = services.meeting_get(repo=repository_for("mysql"), url_code=meeting.url_code)
    assert after.final is not None
    assert after.final.day == tuesday


def test_a_day_that_is_no_weekday_of_the_meeting_is_refused(client: Client) -> None:
    meeting = organize(client, timed=False)
    for value in ("mon", "2001-01-02", "soon"):
        response = client.post(f"{page_url(meeting)}final", {"date": value})
        assert response.status_code == 400, value
        assert field_errors(response, "id_final_date"), value


def test_a_pick_asks_first_by_weekday(client: Client) -> None:
    meeting = organize(client, timed=True)
    picked = {"pick": "1", "date": "tue", "start": "18:00", "end": "19:00"}
    response = client.post(f"{page_url(meeting)}final", picked)
    assert response.status_code == 200
    body = text(response)
    first = weekday_on_or_after(2, seoul_today())
    assert "2001" not in body
    assert re.search(r"<strong>Every Tuesday from [\w.]+ \d+, \d{4}, 18:00–19:00</strong>", body)
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', body))
    assert fields["date"] == "tue"
    assert fields["starts_on"] == first.isoformat()
    response = client.post(f"{page_url(meeting)}final", fields)
    assert response.status_code == 303
    after = services.meeting_get(repo=repository_for("mysql"), url_code=meeting.url_code)
    assert after.final is not None
    assert after.final.day == first


def test_the_form_in_korean(client: Client) -> None:
    meeting = organize(client, timed=False)
    body = text(client.get(page_url(meeting), HTTP_ACCEPT_LANGUAGE="ko"))
    assert '<option value="tue" selected>화요일</option>' in body
    assert "첫 날짜부터 매주 그 요일에 열립니다." in body
    assert "2001" not in body
