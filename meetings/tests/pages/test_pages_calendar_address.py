"""Fill from your calendar, on the meeting page (issue 21): its secret address instead of the
file (a local server reached through ``MEETINGS_CALENDAR_TEST_ORIGIN`` only), the choice of one
of the two, and on a weekly meeting the week it is read for."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from meetings import services
from meetings.domain import Meeting, key_new
from meetings.repositories.mysql import DjangoMeetingRepository
from meetings.tests.support.calendar_server import calendar_served
from meetings.tests.support.calendars import ics
from meetings.tests.support.pages import field_errors, join, page_url, text
from meetings.tests.support.stored import stored

pytestmark = pytest.mark.django_db

# Wed Dec 2, 01:00-02:30 UTC (the page reads in UTC: no zone cookie).
BUSY = (datetime(2026, 12, 2, 1, tzinfo=UTC), datetime(2026, 12, 2, 2, 30, tzinfo=UTC), "")


@pytest.fixture
def protected(orm_repo: DjangoMeetingRepository) -> Meeting:
    return services.meeting_create(
        repo=orm_repo,
        title="Retro",
        start_date=date(2026, 12, 1),
        end_date=date(2026, 12, 4),
        organizer_key=key_new(),
    )


def test_the_address_is_read_previewed_and_applied(client: Client, protected: Meeting) -> None:
    join(client, protected, "Ann")
    url = f"{page_url(protected)}calendar"
    with calendar_served(ics(BUSY)) as (origin, served):
        response = client.post(url, {"url": f"{origin}/cal.ics"})
    assert response.status_code == 200, text(response)
    assert "Busy: Wed Dec 2 01:00–02:30" in text(response)
    assert served.seen == ["/cal.ics"]
    applied = client.post(url, {"apply": "busy"})  # from what was kept: nothing fetched again
    assert applied.status_code == 303
    assert [row.enabled for row in stored(protected).participants[0].dates] == [
        True,
        False,
        True,
        True,
    ]
    assert served.seen == ["/cal.ics"]


@pytest.mark.parametrize(
    ("address", "message"),
    [
        (
            "ftp://example.com/cal.ics",
            "A calendar&#x27;s address starts with https:// or webcal://.",
        ),
        ("https://127.0.0.1/cal.ics", "Your calendar&#x27;s address could not be read"),
        ("https://169.254.169.254/latest", "Your calendar&#x27;s address could not be read"),
    ],
)
def test_an_address_that_cannot_be_read_is_told_next_to_the_field(
    client: Client, protected: Meeting, address: str, message: str
) -> None:
    join(client, protected, "Ann")
    before = stored(protected)
    response = client.post(f"{page_url(protected)}calendar", {"url": address})
    assert response.status_code == 400
    assert message in field_errors(response, "id_calendar")
    assert stored(protected).version == before.version


def test_the_file_or_the_address_not_neither_nor_both(client: Client, protected: Meeting) -> None:
    join(client, protected, "Ann")
    url = f"{page_url(protected)}calendar"
    neither = client.post(url, {"url": "  "})
    assert neither.status_code == 400
    assert "Choose your calendar file (.ics), or give its address." in field_errors(
        neither, "id_calendar"
    )
    both = client.post(
        url,
        {
            "calendar": SimpleUploadedFile("me.ics", ics(BUSY), content_type="text/calendar"),
            "url": "https://example.com/cal.ics",
        },
    )
    assert both.status_code == 400
    assert "Give your calendar file or its address, not both." in field_errors(both, "id_calendar")


def test_a_weekly_meeting_reads_the_week_picked_and_applies_that_week(
    client: Client, orm_repo: DjangoMeetingRepository
) -> None:
    weekly = services.meeting_create(
        repo=orm_repo, title="Choir", weekdays=[1, 3], organizer_key=key_new()
    )
    join(client, weekly, "Ann")
    url = f"{page_url(weekly)}calendar"
    page = text(client.get(page_url(weekly)))
    assert 'name="week"' in page
    # Busy on Wednesday 2027-01-13 only: the week of Jan 11-17, not the week before.
    busy = (datetime(2027, 1, 13, 1, tzinfo=UTC), datetime(2027, 1, 13, 3, tzinfo=UTC), "")
    with calendar_served(ics(busy)) as (origin, _):
        before = client.post(url, {"url": f"{origin}/cal.ics", "week": "2027-01-06"})
        assert before.status_code == 200
        assert "busy-layer" not in text(before)
        picked = client.post(url, {"url": f"{origin}/cal.ics", "week": "2027-01-15"})
    assert picked.status_code == 200
    assert text(picked).count("busy-layer") == 1
    assert client.post(url, {"apply": "busy"}).status_code == 303
    assert [row.enabled for row in stored(weekly).participants[0].dates] == [True, False]


def test_a_dated_meeting_asks_for_no_week(client: Client, protected: Meeting) -> None:
    join(client, protected, "Ann")
    assert 'name="week"' not in text(client.get(page_url(protected)))


def test_a_weekly_timed_meeting_hatches_that_weeks_busy_slot(
    client: Client, orm_repo: DjangoMeetingRepository
) -> None:
    window = services.time_window(
        start_time="18:00", end_time="21:00", slot_minutes=60, time_zone="Asia/Seoul"
    )
    weekly = services.meeting_create(
        repo=orm_repo, title="Choir", weekdays=[3], window=window, organizer_key=key_new()
    )
    join(client, weekly, "Ann")
    # Wednesday 2027-01-13, 19:00-20:00 in Seoul.
    busy = (datetime(2027, 1, 13, 10, tzinfo=UTC), datetime(2027, 1, 13, 11, tzinfo=UTC), "")
    response = client.post(
        f"{page_url(weekly)}calendar",
        {"calendar": SimpleUploadedFile("me.ics", ics(busy)), "week": "2027-01-11"},
    )
    assert response.status_code == 200
    body = text(response)
    assert "Busy: Wed 19:00–20:00" in body
    assert body.count("busy-layer") == 1
    assert "2001" not in body
    assert client.post(f"{page_url(weekly)}calendar", {"apply": "busy"}).status_code == 303
    assert stored(weekly).participants[0].dates[0].slots == "101"
