"""Weekly meetings on the pages (issue 20), through Django's test client: the create page's and
the dates form's "days of the week" (with its quick picks, without JavaScript too), and its
errors next to the fields. The grids are in test_pages_weekly_grids.py."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from pytest_django import Settings

from meetings import services
from meetings.domain import Meeting
from meetings.repositories import repository_for
from meetings.repositories.mysql import DjangoMeetingRepository
from meetings.tests.support.pages import field_errors, page_url, text, url_code

pytestmark = pytest.mark.django_db

SEOUL = "Asia/Seoul"
TIMES = {
    "times": "times",
    "start_time": "09:00",
    "end_time": "12:00",
    "slot_minutes": "30",
    "time_zone": SEOUL,
}


def created(response: object, store: str = "mysql") -> Meeting:
    assert getattr(response, "status_code", None) == 303, text(response)
    code = url_code(response["Location"])  # type: ignore[index]
    return services.meeting_get(repo=repository_for(store), url_code=code)


def test_create_page_offers_specific_dates_or_days_of_the_week(client: Client) -> None:
    body = text(client.get("/"))
    assert re.search(r'<input type="radio" name="days" value="dates"[^>]* checked>', body)
    assert re.search(r'<input type="radio" name="days" value="weekly"', body)
    for number, name in enumerate(("Monday", "Tuesday", "Wednesday", "Sunday"), start=1):
        value = 7 if name == "Sunday" else number
        assert re.search(
            rf'<input type="checkbox" name="weekdays" value="{value}"[^>]*>\s*{name}</label>', body
        )
    assert 'data-quick-weekdays="1 2 3 4 5">Mon–Fri</button>' in body
    assert 'data-quick-weekdays="1 2 3 4 5 6 7">Every day</button>' in body


@pytest.mark.parametrize("times", [False, True], ids=["days", "timed"])
def test_create_a_weekly_meeting_on_each_store(
    client: Client, store: str, settings: Settings, times: bool
) -> None:
    settings.MEETINGS_PAGES_STORE = store
    data = {"title": "Standup", "days": "weekly", "weekdays": ["5", "1", "3"]}
    response = client.post("/", {**data, **(TIMES if times else {})})
    meeting = created(response, store)
    assert meeting.weekdays == (1, 3, 5)
    assert meeting.weekly
    assert (meeting.window is not None) is times
    if times:
        assert meeting.window is not None
        assert meeting.window.time_zone == SEOUL
    # No note about dates in the past: a weekly meeting has none.
    page = text(client.get(page_url(meeting)))
    assert "start in the past" not in page


def test_weekly_ignores_the_date_fields_and_dates_ignore_the_weekdays(client: Client) -> None:
    weekly = created(
        client.post(
            "/",
            {"days": "weekly", "weekdays": "2", "start_date": "2026-12-09", "end_date": "x"},
        )
    )
    assert weekly.weekdays == (2,)
    dated = created(
        client.post(
            "/",
            {
                "days": "dates",
                "weekdays": "2",
                "start_date": "2026-12-01",
                "end_date": "2026-12-03",
            },
        )
    )
    assert dated.weekdays is None
    assert dated.start_date == date(2026, 12, 1)


def test_weekly_without_a_weekday_says_so_next_to_the_checkboxes(client: Client) -> None:
    response = client.post("/", {"title": "Standup", "days": "weekly", **TIMES})
    assert response.status_code == 400
    assert "Pick at least one day of the week." in field_errors(response, "id_weekdays")
    body = text(response)
    # In the summary at the top, linking to the first checkbox; the choice is kept.
    assert '<a href="#id_weekdays_0">Pick at least one day of the week.</a>' in body
    assert re.search(r'<input type="radio" name="days" value="weekly"[^>]* checked>', body)
    assert not field_errors(response, "id_start_date")


def test_weekly_quick_picks_without_javascript_check_the_boxes(client: Client) -> None:
    response = client.post(
        "/", {"title": "Club", "quick": "weekdays-mon-fri", "days": "dates", **TIMES}
    )
    assert response.status_code == 200
    body = text(response)
    assert 'value="Club"' in body
    assert re.search(r'<input type="radio" name="days" value="weekly"[^>]* checked>', body)
    checked = re.findall(r'<input type="checkbox" name="weekdays" value="(\d)"[^>]* checked>', body)
    assert checked == ["1", "2", "3", "4", "5"]
    assert '<option value="Asia/Seoul" selected>' in body  # the times are kept
    body = text(client.post("/", {"quick": "weekdays-all"}))
    checked = re.findall(r'<input type="checkbox" name="weekdays" value="(\d)"[^>]* checked>', body)
    assert checked == ["1", "2", "3", "4", "5", "6", "7"]


def test_an_unknown_weekday_is_refused(client: Client) -> None:
    response = client.post("/", {"days": "weekly", "weekdays": ["1", "8"]})
    assert response.status_code == 400
    assert "Pick days of the week from the list." in field_errors(response, "id_weekdays")


def test_the_dates_form_sets_weekdays_later(
    client: Client, orm_repo: DjangoMeetingRepository
) -> None:
    meeting = services.meeting_create(repo=orm_repo, title="Later")
    body = text(client.get(page_url(meeting)))
    assert 'name="days" value="weekly"' in body
    response = client.post(f"{page_url(meeting)}dates", {"days": "weekly"})
    assert response.status_code == 400
    assert "Pick at least one day of the week." in text(response)
    response = client.post(
        f"{page_url(meeting)}dates", {"days": "weekly", "weekdays": ["6", "7"], **TIMES}
    )
    assert response.status_code == 303
    after = services.meeting_get(repo=orm_repo, url_code=meeting.url_code)
    assert after.weekdays == (6, 7)
    assert after.window is not None


def test_the_create_page_in_korean(client: Client) -> None:
    body = text(client.get("/", HTTP_ACCEPT_LANGUAGE="ko"))
    assert "요일 지정" in body or "요일" in body
    assert re.search(r'name="weekdays" value="1"[^>]*>\s*월요일</label>', body)
    assert ">월–금</button>" in body
    assert ">매일</button>" in body
