"""Fill from your calendar, on the meeting page (issue 21): a file previewed over my grid
(hatched, nothing changed, only start and end kept in my session), applied as one change from
what was kept; its errors next to the field, translated; only my own row, with its key."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django import Settings

from meetings import services
from meetings.domain import Meeting, key_new, time_window_check
from meetings.models import Meeting as MeetingRow
from meetings.repositories import repository_for
from meetings.repositories.mysql import DjangoMeetingRepository
from meetings.tests.support.calendars import ics
from meetings.tests.support.pages import field_errors, join, page_url, text
from meetings.tests.support.stored import stored
from meetings.web import busy_kept, identity, zones
from meetings.web.forms import calendar as calendar_form
from meetings.web.fragments import FRAGMENT_HEADER

pytestmark = pytest.mark.django_db

# Wed Dec 2, 01:00-02:30 UTC (busy) and Thu Dec 3 all day (maybe): read in UTC (no zone cookie).
BUSY = (datetime(2026, 12, 2, 1, tzinfo=UTC), datetime(2026, 12, 2, 2, 30, tzinfo=UTC), "")
MAYBE = (date(2026, 12, 3), date(2026, 12, 4), "TENTATIVE")


def upload(data: bytes, name: str = "me.ics") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/calendar")


@pytest.fixture
def protected(orm_repo: DjangoMeetingRepository) -> Meeting:
    return services.meeting_create(
        repo=orm_repo,
        title="Retro",
        start_date=date(2026, 12, 1),
        end_date=date(2026, 12, 4),
        organizer_key=key_new(),
    )


def preview(client: Client, meeting: Meeting, data: bytes) -> Any:
    return client.post(f"{page_url(meeting)}calendar", {"calendar": upload(data)})


def test_preview_lists_the_busy_times_hatches_them_and_changes_nothing(
    client: Client, protected: Meeting
) -> None:
    join(client, protected, "Ann")
    before = stored(protected)
    response = preview(client, protected, ics(BUSY, MAYBE))
    assert response.status_code == 200
    body = text(response)
    assert "Busy: Wed Dec 2 01:00–02:30" in body
    assert "Maybe busy: Thu Dec 3, all day" in body
    assert "Secret dentist" not in body
    assert body.count('class="cell free busy-layer"') == 1
    assert body.count('class="cell free busy-layer maybe"') == 1
    assert "(busy in your calendar)" in body
    assert 'value="busy_and_free"' in body
    assert stored(protected).version == before.version
    kept = client.session[busy_kept.SESSION_KEY]
    (entry,) = kept.values()
    assert entry["i"] == [
        ["2026-12-02T01:00:00+00:00", "2026-12-02T02:30:00+00:00", False],
        ["2026-12-03T00:00:00+00:00", "2026-12-04T00:00:00+00:00", True],
    ]  # start, end, maybe: nothing else of the file


def test_applying_marks_them_busy_in_one_change(client: Client, protected: Meeting) -> None:
    join(client, protected, "Ann")
    preview(client, protected, ics(BUSY, MAYBE))
    before = stored(protected)
    url = f"{page_url(protected)}calendar"
    response = client.post(url, {"apply": "busy"})
    assert response.status_code == 303
    assert response["Location"] == f"{page_url(protected)}#availability"
    after = stored(protected)
    assert after.version == before.version + 1
    assert [row.enabled for row in after.participants[0].dates] == [True, False, True, True]
    page = text(client.get(page_url(protected)))
    assert "Marked 1 date busy." in page
    assert "busy-layer" not in page  # the preview is over
    assert busy_kept.SESSION_KEY not in client.session or not client.session[busy_kept.SESSION_KEY]
    again = client.post(url, {"apply": "busy"})  # nothing kept any more
    assert again.status_code == 400
    assert "Choose your calendar file again" in field_errors(again, "id_calendar")


def test_busy_and_free_frees_the_rest(client: Client, protected: Meeting) -> None:
    join(client, protected, "Ann")
    client.post(f"{page_url(protected)}mark", {"mark": "2026-12-04:off"})
    assert not stored(protected).participants[0].dates[3].enabled
    preview(client, protected, ics(BUSY))
    client.post(f"{page_url(protected)}calendar", {"apply": "busy_and_free"})
    rows = stored(protected).participants[0].dates
    assert [row.enabled for row in rows] == [True, False, True, True]


def _timed_in_seoul(repo: DjangoMeetingRepository) -> Meeting:
    """Dec 1-2, 09:00-12:00 in 30-minute slots, in Seoul."""
    return services.meeting_create(
        repo=repo,
        start_date=date(2026, 12, 1),
        end_date=date(2026, 12, 2),
        window=time_window_check("09:00", "12:00", 30, "Asia/Seoul"),
        organizer_key=key_new(),
    )


def test_a_timed_meeting_hatches_the_busy_slots(
    client: Client, orm_repo: DjangoMeetingRepository
) -> None:
    meeting = _timed_in_seoul(orm_repo)
    join(client, meeting, "Ann")
    # 10:00-11:30 in Seoul on the 2nd: three half-hour slots.
    body = text(preview(client, meeting, ics(BUSY)))
    assert "Busy: Wed Dec 2 10:00–11:30" in body
    assert len(re.findall(r'class="s [bfp] busy-layer"', body)) == 3
    client.post(f"{page_url(meeting)}calendar", {"apply": "busy"})
    assert stored(meeting).participants[0].dates[1].slots == "110001"
    assert "Marked 3 times busy." in text(client.get(page_url(meeting)))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"hello, no calendar", "This is not a calendar file"),
        (None, "Choose your calendar file (.ics), or give its address."),
    ],
)
def test_bad_files_are_told_next_to_the_field(
    client: Client, protected: Meeting, data: bytes | None, message: str
) -> None:
    join(client, protected, "Ann")
    before = stored(protected)
    post = {"calendar": upload(data)} if data is not None else {}
    response = client.post(f"{page_url(protected)}calendar", post)
    assert response.status_code == 400
    assert message in field_errors(response, "id_calendar")
    assert stored(protected).version == before.version


def test_a_file_too_large_is_refused_before_it_is_read(
    client: Client, protected: Meeting, monkeypatch: pytest.MonkeyPatch
) -> None:
    join(client, protected, "Ann")
    monkeypatch.setattr(calendar_form, "MAX_CALENDAR_BYTES", 10)
    response = preview(client, protected, ics(BUSY))
    assert response.status_code == 400
    assert "larger than" in field_errors(response, "id_calendar")


def test_korean(client: Client, protected: Meeting) -> None:
    join(client, protected, "Ann")
    response = client.post(
        f"{page_url(protected)}calendar",
        {"calendar": upload(b"nope")},
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    assert "This is not a calendar file" not in text(response)
    assert "캘린더" in text(response)


def test_my_row_without_its_key_is_refused(client: Client, protected: Meeting) -> None:
    ann, _ = services.participant_create(
        repo=DjangoMeetingRepository(), url_code=protected.url_code, name="Ann"
    )
    session = client.session
    session[identity.SESSION_KEY] = {protected.url_code: str(ann.id)}  # "me", without the key
    session.save()
    response = preview(client, protected, ics(BUSY))
    assert response.status_code == 403
    # My row is read-only here, so the panel is not shown: the error summary says why.
    assert "Only Ann or the organizer" in text(response)
    assert 'id="calendar-show"' not in text(response)


def test_a_participant_of_another_meeting_cannot_use_it(
    client: Client, protected: Meeting, orm_repo: DjangoMeetingRepository
) -> None:
    other = services.meeting_create(
        repo=orm_repo,
        start_date=date(2026, 12, 1),
        end_date=date(2026, 12, 2),
        organizer_key=key_new(),
    )
    join(client, other, "Ann")
    before = stored(protected)
    response = preview(client, protected, ics(BUSY))
    assert response.status_code == 400
    assert "Join this meeting" in text(response)
    assert stored(protected) == before


def test_a_closed_meeting_is_refused(client: Client, protected: Meeting) -> None:
    join(client, protected, "Ann")
    preview(client, protected, ics(BUSY))
    MeetingRow.objects.filter(url_code=protected.url_code).update(final_date=date(2026, 12, 2))
    response = client.post(f"{page_url(protected)}calendar", {"apply": "busy"})
    assert response.status_code == 409
    assert "This meeting is closed" in text(response)


def test_over_the_limit_is_the_429_page(
    client: Client, protected: Meeting, settings: Settings
) -> None:
    settings.MEETINGS_RATE_CALENDAR = "1/h"
    join(client, protected, "Ann")
    assert preview(client, protected, ics(BUSY)).status_code == 200
    response = preview(client, protected, ics(BUSY))
    assert response.status_code == 429


def test_preview_then_apply_on_each_store(client: Client, store: str, settings: Settings) -> None:
    """The pages on either store (``MEETINGS_PAGES_STORE``): the preview keeps the version, the
    apply is one change of it."""
    settings.MEETINGS_PAGES_STORE = store
    repo = repository_for(store)
    meeting = services.meeting_create(
        repo=repo,
        start_date=date(2026, 12, 1),
        end_date=date(2026, 12, 4),
        organizer_key=key_new(),
    )
    join(client, meeting, "Ann")
    version = repo.meeting_get(url_code=meeting.url_code).version
    body = text(preview(client, meeting, ics(BUSY, MAYBE)))
    assert body.count("busy-layer") == 2
    assert repo.meeting_get(url_code=meeting.url_code).version == version
    response = client.post(f"{page_url(meeting)}calendar", {"apply": "busy"})
    assert response.status_code == 303
    after = repo.meeting_get(url_code=meeting.url_code)
    assert after.version == version + 1
    assert [row.enabled for row in after.participants[0].dates] == [True, False, True, True]


def test_the_preview_stays_on_every_refresh_until_applied(
    client: Client, protected: Meeting
) -> None:
    join(client, protected, "Ann")
    preview(client, protected, ics(BUSY, MAYBE))
    fragment = {FRAGMENT_HEADER: "1"}
    for _ in range(2):  # a reload, and the script's polls (twice: nothing kept stale)
        for headers in ({}, fragment):
            body = text(client.get(page_url(protected), headers=headers))
            assert "Busy: Wed Dec 2 01:00–02:30" in body
            assert body.count('class="cell free busy-layer"') == 1
            assert 'value="busy_and_free"' in body
    # Another browser (no kept preview) sees none of it.
    assert "busy-layer" not in text(Client().get(page_url(protected), headers=fragment))
    assert client.post(f"{page_url(protected)}calendar", {"apply": "busy"}).status_code == 303
    for headers in ({}, fragment):
        body = text(client.get(page_url(protected), headers=headers))
        assert "busy-layer" not in body
        assert 'value="busy_and_free"' not in body


def test_too_many_busy_times_to_keep_are_refused_and_nothing_is_kept(
    client: Client, protected: Meeting, monkeypatch: pytest.MonkeyPatch
) -> None:
    join(client, protected, "Ann")
    monkeypatch.setattr(busy_kept, "KEPT_INTERVALS", 1)
    later = (datetime(2026, 12, 3, 1, tzinfo=UTC), datetime(2026, 12, 3, 2, tzinfo=UTC), "")
    response = preview(client, protected, ics(BUSY, later))
    assert response.status_code == 422
    assert "too many separate busy times" in field_errors(response, "id_calendar")
    assert not client.session.get(busy_kept.SESSION_KEY)
    # Overlapping ones are joined first: two events of one busy stretch are one interval.
    overlapping = (datetime(2026, 12, 2, 2, tzinfo=UTC), datetime(2026, 12, 2, 3, tzinfo=UTC), "")
    assert preview(client, protected, ics(BUSY, overlapping)).status_code == 200
    (entry,) = client.session[busy_kept.SESSION_KEY].values()
    assert entry["i"] == [["2026-12-02T01:00:00+00:00", "2026-12-02T03:00:00+00:00", False]]


def test_a_timed_meetings_busy_times_are_listed_on_the_clock_the_page_shows(
    client: Client, orm_repo: DjangoMeetingRepository
) -> None:
    meeting = _timed_in_seoul(orm_repo)
    join(client, meeting, "Ann")
    client.cookies[zones.ZONE_COOKIE] = "America/New_York"
    # 10:00-11:30 on the 2nd in Seoul is 20:00-21:30 on the 1st in New York.
    body = text(preview(client, meeting, ics(BUSY)))
    assert "Busy: Tue Dec 1 20:00–21:30" in body
    assert "(times in America/New York)" in body
    assert "10:00–11:30" not in body
    assert len(re.findall(r'class="s [bfp] busy-layer"', body)) == 3  # the same three slots
    # Again on the next refresh (the kept preview), and in the meeting's zone once chosen.
    assert "Busy: Tue Dec 1 20:00–21:30" in text(client.get(page_url(meeting)))
    client.cookies[zones.MEETING_ZONE_COOKIE] = meeting.url_code
    assert "Busy: Wed Dec 2 10:00–11:30" in text(client.get(page_url(meeting)))
