"""Weekly meetings' grids on the pages (issue 20), through Django's test client: weekday
columns in both grids, marks by click, by stroke and by the form without JavaScript, best days
and times, the answers file's heads, in English and Korean; never a date of the reference week
(``domain.weekly``) in a page."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from pytest_django import Settings

from meetings import services
from meetings.domain import Meeting, time_window_check
from meetings.repositories import MeetingRepository, repository_for
from meetings.repositories.mysql import DjangoMeetingRepository
from meetings.tests.support.pages import GridForm, join, page_url, text

pytestmark = pytest.mark.django_db

SEOUL = "Asia/Seoul"


def weekly(repo: MeetingRepository, *, timed: bool, weekdays: list[int] | None = None) -> Meeting:
    return services.meeting_create(
        repo=repo,
        title="Standup",
        weekdays=weekdays or [1, 3, 5],
        window=time_window_check("09:00", "11:00", 30, SEOUL) if timed else None,
    )  # open: everyone may pick the final date, so the page shows that form too


def no_reference_week(body: str) -> None:
    """Nothing of the reference week (Mon 2001-01-01 .. Sun 2001-01-07) in a page."""
    assert "2001" not in body
    assert not re.search(r"\b1/[1-7]\b", body)  # a column head's month/day


def marks_of(repo: MeetingRepository, meeting: Meeting, name: str) -> dict[int, Any]:
    after = services.meeting_get(repo=repo, url_code=meeting.url_code)
    person = next(p for p in after.participants if p.name == name)
    return {row.date.isoweekday(): (row.enabled, row.starred, row.slots) for row in person.dates}


def test_dates_grid_has_weekday_columns_and_takes_clicks_on_each_store(
    client: Client, store: str, settings: Settings
) -> None:
    settings.MEETINGS_PAGES_STORE = store
    repo = repository_for(store)
    meeting = weekly(repo, timed=False)
    join(client, meeting, "Ann")
    body = text(client.get(page_url(meeting)))
    no_reference_week(body)
    heads = re.findall(r'<th scope="col" class="day[^"]*" abbr="([^"]+)"', body)
    assert heads == ["Monday", "Wednesday", "Friday"]
    assert '<span class="wd">Wed</span>' in body
    assert '<span class="label">Every week:</span> Monday, Wednesday, Friday' in body
    assert 'id="toggle-wed"' in body
    assert 'value="wed:off"' in body
    assert 'aria-label="Ann, Wednesday: free"' in body
    response = client.post(f"{page_url(meeting)}mark", {"mark": "wed:off"})
    assert response.status_code == 303
    assert response["Location"].endswith("#toggle-wed")
    assert marks_of(repo, meeting, "Ann")[3][0] is False
    assert marks_of(repo, meeting, "Ann")[1][0] is True
    # A stroke of the page's script names the weekdays as the page wrote them.
    strokes = [{"date": "mon", "action": "off"}, {"date": "fri", "action": "star"}]
    response = client.post(f"{page_url(meeting)}paint", {"marks": json.dumps(strokes)})
    assert response.status_code == 303
    marks = marks_of(repo, meeting, "Ann")
    assert marks[1][0] is False
    assert marks[5][1] is True
    # Best days by name, and a "Pick" posting the weekday (not a date).
    body = text(client.get(page_url(meeting)))
    no_reference_week(body)
    assert re.search(r"<strong>Friday</strong> – 1 of 1 free", body)
    assert '<input type="hidden" name="date" value="fri">' in body


def test_a_date_is_not_a_weekly_meetings_day(
    client: Client, orm_repo: DjangoMeetingRepository
) -> None:
    meeting = weekly(orm_repo, timed=False)
    join(client, meeting, "Ann")
    for value in ("2001-01-03:off", "2026-12-02:off", "xyz:off"):
        response = client.post(f"{page_url(meeting)}mark", {"mark": value})
        assert response.status_code == 400, value
    assert marks_of(orm_repo, meeting, "Ann")[3][0] is True


def test_slot_grid_has_weekday_columns_and_its_form_without_javascript(
    client: Client, store: str, settings: Settings
) -> None:
    settings.MEETINGS_PAGES_STORE = store
    repo = repository_for(store)
    meeting = weekly(repo, timed=True)
    join(client, meeting, "Ann")
    client.cookies["meetifyr_tz"] = SEOUL
    body = text(client.get(page_url(meeting)))
    no_reference_week(body)
    assert 'data-dates="mon wed fri"' in body
    heads = re.findall(r'<th scope="col" class="day[^"]*" abbr="([^"]+)"', body)
    assert heads[:3] == ["Monday", "Wednesday", "Friday"]
    assert '<span class="md"></span>' in body
    form = GridForm(body)
    assert "Wed, 09:00–09:30: free" in form.boxes
    response = client.post(
        form.action, form.untick("Wed, 09:00–09:30: free", "Wed, 09:30–10:00: free").data()
    )
    assert response.status_code == 303
    assert marks_of(repo, meeting, "Ann")[3][2] == "0011"
    strokes = [{"date": "fri", "action": "star", "from": "10:00", "to": "11:00"}]
    response = client.post(f"{page_url(meeting)}paint", {"marks": json.dumps(strokes)})
    assert response.status_code == 303
    assert marks_of(repo, meeting, "Ann")[5][2] == "1122"
    body = text(client.get(page_url(meeting)))
    no_reference_week(body)
    assert re.search(r"<strong>Monday, 09:00–11:00</strong>", body)
    assert '<input type="hidden" name="date" value="mon">' in body


def test_the_answers_file_names_weekdays(client: Client, orm_repo: DjangoMeetingRepository) -> None:
    meeting = weekly(orm_repo, timed=True, weekdays=[2])
    join(client, meeting, "Ann")
    client.post(f"{page_url(meeting)}mark", {"mark": "tue:on"})
    head = (
        client.get(f"{page_url(meeting)}answers.csv").content.decode("utf-8-sig").split("\r\n")[0]
    )
    assert head.split(",")[2:4] == ["Tuesday 09:00", "Tuesday 09:30"]
    korean = client.get(f"{page_url(meeting)}answers.csv", HTTP_ACCEPT_LANGUAGE="ko")
    assert "화요일 09:00" in korean.content.decode("utf-8-sig")
    assert "2001" not in korean.content.decode("utf-8-sig")


@pytest.mark.parametrize("timed", [False, True], ids=["days", "timed"])
def test_weekly_grids_in_korean(
    client: Client, orm_repo: DjangoMeetingRepository, timed: bool
) -> None:
    meeting = weekly(orm_repo, timed=timed)
    join(client, meeting, "김")
    body = text(client.get(page_url(meeting), HTTP_ACCEPT_LANGUAGE="ko"))
    no_reference_week(body)
    assert '<span class="wd">수</span>' in body
    heads = re.findall(r'<th scope="col" class="day[^"]*" abbr="([^"]+)"', body)
    assert heads[:3] == ["월요일", "수요일", "금요일"]
    assert '<span class="label">매주:</span> 월요일, 수요일, 금요일' in body


def test_the_organizers_page_shows_no_reference_date(
    client: Client, orm_repo: DjangoMeetingRepository
) -> None:
    """The organizer's page has the most on it (the final-date form, the pick buttons)."""
    response = client.post(
        "/",
        {
            "days": "weekly",
            "weekdays": ["2", "4"],
            "times": "times",
            "start_time": "18:00",
            "end_time": "20:00",
            "slot_minutes": "60",
            "time_zone": SEOUL,
        },
    )
    assert response.status_code == 303
    join(client, response["Location"], "Org")
    no_reference_week(text(client.get(response["Location"])))
    no_reference_week(text(client.get(response["Location"], HTTP_MEETIFYR_FRAGMENT="1")))


# --- another time zone: a weekday may move ------------------------------------------------


def test_another_zone_sees_the_weekday_its_clock_is_on(
    client: Client, orm_repo: DjangoMeetingRepository
) -> None:
    """Monday 00:00–02:00 in Seoul is Sunday morning in New York, on any week of the year
    (New York is 13 or 14 hours behind): the column reads Sunday there, never a date."""
    meeting = services.meeting_create(
        repo=orm_repo,
        weekdays=[1, 3],
        window=time_window_check("00:00", "02:00", 60, SEOUL),
    )
    join(client, meeting, "Ann")
    client.post(f"{page_url(meeting)}mark", {"mark": "mon:on"})
    client.cookies["meetifyr_tz"] = "America/New_York"
    body = text(client.get(page_url(meeting)))
    no_reference_week(body)
    heads = re.findall(r'<th scope="col" class="day[^"]*" abbr="([^"]+)"', body)
    assert heads[:2] == ["Sunday", "Tuesday"]
    assert '<span class="wd">Sun</span>' in body
    assert "Times are in your time zone, America/New York." in body
    # The cells say the shifted weekday, the rows New York's clock.
    assert re.search(r'aria-label="Sun, (10|11):00–(11|12):00, free"', body)
    assert 'data-dates="mon wed"' in body  # what a stroke names: the meeting's weekdays
    assert re.search(r"<strong>Sunday, (10|11):00–(12|13):00</strong>", body)
    # Back in the meeting's zone: Monday at midnight.
    client.cookies["meetifyr_tz"] = SEOUL
    body = text(client.get(page_url(meeting)))
    heads = re.findall(r'<th scope="col" class="day[^"]*" abbr="([^"]+)"', body)
    assert heads[:2] == ["Monday", "Wednesday"]
    assert "<strong>Monday, 00:00–02:00</strong>" in body


def test_a_weekly_shift_across_midnight_marks_the_next_day(
    client: Client, orm_repo: DjangoMeetingRepository
) -> None:
    """Friday 22:00–24:00 in UTC, seen from Seoul (no clock changes): Saturday 07:00–09:00;
    from Kolkata (+05:30) Saturday 03:30–05:30; a weekday past Sunday wraps to Monday."""
    meeting = services.meeting_create(
        repo=orm_repo,
        weekdays=[5, 7],
        window=time_window_check("22:00", "24:00", 60, "UTC"),
    )
    join(client, meeting, "Ann")
    client.cookies["meetifyr_tz"] = SEOUL
    body = text(client.get(page_url(meeting)))
    no_reference_week(body)
    heads = re.findall(r'<th scope="col" class="day[^"]*" abbr="([^"]+)"', body)
    assert heads[:2] == ["Saturday", "Monday"]
    assert 'aria-label="Sat, 07:00–08:00, free"' in body
    assert 'aria-label="Mon, 08:00–09:00, free"' in body


def test_free_on_all_of_these_answers_every_weekday(
    client: Client, orm_repo: DjangoMeetingRepository
) -> None:
    meeting = weekly(orm_repo, timed=True, weekdays=[6, 7])
    join(client, meeting, "Ann")
    body = text(client.get(page_url(meeting)))
    assert "Nobody has answered yet." in body
    response = client.post(f"{page_url(meeting)}all-free")
    assert response.status_code == 303
    marks = marks_of(orm_repo, meeting, "Ann")
    assert (marks[6][2], marks[7][2]) == ("1111", "1111")
    body = text(client.get(page_url(meeting)))
    no_reference_week(body)
    assert re.search(r"<strong>Saturday, 09:00–11:00</strong> – 1 of 1 free", body)
