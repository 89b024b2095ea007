"""Weekly meetings in the Django admin (MySQL): weekday names where a dated meeting shows dates,
in the staff's language, and never the reference week's dates."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from meetings import services
from meetings.domain import DateAction
from meetings.models import Meeting, Participant
from meetings.repositories.mysql import DjangoMeetingRepository

pytestmark = pytest.mark.django_db


def _weekly() -> tuple[DjangoMeetingRepository, str]:
    repo = DjangoMeetingRepository()
    code = services.meeting_create(repo=repo, title="Office hours", weekdays=[1, 3]).url_code
    participant, _ = services.participant_create(repo=repo, url_code=code, name="Ann")
    services.participant_date_mark(
        repo=repo,
        url_code=code,
        participant_date_id=participant.dates[1].id,
        action=DateAction.OFF,
    )
    return repo, code


def _page(client: Client, path: str, language: str = "en") -> str:
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def test_the_changelist_names_a_weekly_meetings_weekdays(admin_client: Client) -> None:
    _weekly()
    page = _page(admin_client, "/admin/meetings/meeting/")
    assert "Monday, Wednesday" in page
    assert "2001" not in page
    assert "월요일, 수요일" in _page(admin_client, "/admin/meetings/meeting/", "ko")


def test_the_change_pages_name_weekdays_and_the_recurring_decision(admin_client: Client) -> None:
    repo, code = _weekly()
    services.meeting_set_final(repo=repo, url_code=code, day=date(2027, 1, 6), weekday=3)
    pk = Meeting.objects.get(url_code=code).pk
    page = _page(admin_client, f"/admin/meetings/meeting/{pk}/change/")
    assert "Monday, Wednesday" in page
    assert "busy: Wednesday" in page
    assert "every Wednesday from 2027-01-06" in page
    assert "2001" not in page
    participant = _page(admin_client, "/admin/meetings/participant/")
    assert "2001" not in participant
    row = Participant.objects.get(meeting__url_code=code)
    page = _page(admin_client, f"/admin/meetings/participant/{row.pk}/change/")
    assert "Monday" in page
    assert "Wednesday" in page
    assert "2001" not in page
