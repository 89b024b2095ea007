"""Changing the dates later on the pages (Django's test client, MySQL, no JavaScript): the
organizer's "Change dates" page, filled in as the meeting is; its preview of what the change
removes and who loses answers; the change once confirmed, answers on the kept dates kept; who
may; a decided meeting; bad input."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.test import Client

from meetings.domain import DateAction, Mark, final_check
from meetings.repositories import repository_for
from meetings.tests.support.pages import field_errors, join, page_url, text
from meetings.tests.support.stored import stored

pytestmark = pytest.mark.django_db

NEW_DATES = {
    "days": "dates",
    "start_date": "2027-01-07",
    "end_date": "2027-01-10",
    "times": "dates",
}


def _meeting(client: Client) -> str:
    """Jan 6-8 2027, made by ``client`` (the organizer); Ann joined from another browser,
    busy on the 6th and preferring the 7th."""
    data = {"title": "Retro", "start_date": "2027-01-06", "end_date": "2027-01-08"}
    response = client.post("/", data)
    assert response.status_code == 303
    code = str(response["Location"].split("/")[2])
    assert join(Client(), code, "Ann").status_code == 303
    ann = stored(code).participants[0]
    repository_for("mysql").participant_marks(
        url_code=code,
        participant_id=ann.id,
        marks=[
            Mark(ann.dates[0].date, DateAction.OFF, None),
            Mark(ann.dates[1].date, DateAction.STAR, None),
        ],
    )
    return code


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _hidden(body: str) -> list[tuple[str, str]]:
    found = re.search(r'<form [^>]*class="confirm-actions">(.*?)</form>', body, re.S)
    assert found is not None, "no confirmation form"
    return re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">', found.group(1))


def test_the_organizer_previews_then_changes_the_dates_keeping_answers() -> None:
    organizer = Client()
    code = _meeting(organizer)
    assert f'href="/meetings/{code}/schedule"' in text(organizer.get(page_url(code)))
    form = organizer.get(f"/meetings/{code}/schedule")
    assert form.status_code == 200
    assert 'value="2027-01-06"' in text(form)
    assert 'value="2027-01-08"' in text(form)

    preview = organizer.post(f"/meetings/{code}/schedule", NEW_DATES)
    assert preview.status_code == 200
    body = text(preview)
    removed = re.search(r'<ul id="schedule-removed">(.*?)</ul>', body, re.S)
    added = re.search(r'<ul id="schedule-added">(.*?)</ul>', body, re.S)
    assert removed is not None
    assert added is not None
    assert _plain(removed.group(1)) == "Wednesday, January 6"
    assert _plain(added.group(1)) == "Saturday, January 9 Sunday, January 10"
    losing = re.search(r'<p id="schedule-losing">(.*?)</p>', body, re.S)
    assert losing is not None
    assert _plain(losing.group(1)) == "1 person loses answers: Ann."
    assert str(stored(code).end_date) == "2027-01-08"  # a preview changes nothing

    confirmed = organizer.post(f"/meetings/{code}/schedule", dict(_hidden(body)))
    assert confirmed.status_code == 303
    assert confirmed["Location"] == page_url(code)
    meeting = stored(code)
    assert [day.isoformat() for day in meeting.dates()] == [
        "2027-01-07",
        "2027-01-08",
        "2027-01-09",
        "2027-01-10",
    ]
    rows = {
        row.date.isoformat(): (row.enabled, row.starred) for row in meeting.participants[0].dates
    }
    assert rows["2027-01-07"] == (True, True)  # kept
    assert rows["2027-01-09"] == (True, False)  # new: free
    after = text(organizer.get(page_url(code)))
    assert "The dates were changed. The answers on the days you kept stay." in after


def test_a_window_and_weekdays_are_filled_in_as_they_are() -> None:
    organizer = Client()
    data = {
        "title": "Standup",
        "days": "weekly",
        "weekdays": ["1", "3"],
        "times": "times",
        "start_time": "09:00",
        "end_time": "11:00",
        "slot_minutes": "30",
        "time_zone": "Asia/Seoul",
    }
    response = organizer.post("/", data)
    assert response.status_code == 303
    code = str(response["Location"].split("/")[2])
    body = text(organizer.get(f"/meetings/{code}/schedule"))
    assert re.search(r'<input type="checkbox" name="weekdays" value="1"[^>]* checked', body)
    assert re.search(r'<option value="Asia/Seoul" selected', body)
    assert re.search(r'<option value="11:00" selected', body)
    later = {**data, "weekdays": ["3", "5"], "end_time": "12:00", "confirmed": "1"}
    changed = organizer.post(f"/meetings/{code}/schedule", later)
    assert changed.status_code == 303
    meeting = stored(code)
    assert meeting.weekdays == (3, 5)
    assert meeting.window is not None
    assert meeting.window.end == 12 * 60


def test_others_may_not_change_the_dates() -> None:
    code = _meeting(Client())
    stranger = Client()
    assert stranger.get(f"/meetings/{code}/schedule")["Location"] == page_url(code)
    assert f'href="/meetings/{code}/schedule"' not in text(stranger.get(page_url(code)))
    refused = stranger.post(f"/meetings/{code}/schedule", {**NEW_DATES, "confirmed": "1"})
    assert refused.status_code == 403
    assert str(stored(code).end_date) == "2027-01-08"


def test_a_decided_meeting_is_reopened_first() -> None:
    organizer = Client()
    code = _meeting(organizer)
    meeting = stored(code)
    final = final_check(
        day=meeting.dates()[1], start=None, end=None, note="", dates=meeting.dates(), window=None
    )
    repository_for("mysql").meeting_set_final(url_code=code, final=final)
    page = text(organizer.get(page_url(code)))
    assert "To change the dates, reopen the meeting first." in page
    refused = organizer.post(f"/meetings/{code}/schedule", NEW_DATES)
    assert refused.status_code == 409
    assert "The final date is picked: reopen the meeting before changing its dates." in text(
        refused
    )
    assert str(stored(code).end_date) == "2027-01-08"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({**NEW_DATES, "end_date": "2027-01-01"}, "id_end_date"),
        ({**NEW_DATES, "end_date": "2027-12-31"}, "id_end_date"),
        ({**NEW_DATES, "start_date": "nope"}, "id_start_date"),
        ({"days": "weekly", "times": "dates"}, "id_weekdays"),
    ],
)
def test_bad_input_is_named_next_to_its_field(data: dict[str, Any], field: str) -> None:
    organizer = Client()
    code = _meeting(organizer)
    response = organizer.post(f"/meetings/{code}/schedule", {**data, "confirmed": "1"})
    assert response.status_code == 400
    assert field_errors(response, field) or "has-error" in text(response)
    assert str(stored(code).end_date) == "2027-01-08"
