"""The admin says whether a participant set a password, never the hash, and cannot set one."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from meetings import services
from meetings.domain import key_new
from meetings.repositories.mysql import DjangoMeetingRepository

pytestmark = pytest.mark.django_db

PARTICIPANTS = "/admin/meetings/participant/"


def test_the_admin_shows_set_or_not_set_and_never_the_hash(admin_client: Client) -> None:
    repo = DjangoMeetingRepository()
    meeting = services.meeting_create(
        repo=repo, start_date=date(2026, 12, 1), end_date=date(2026, 12, 2), organizer_key=key_new()
    )
    ann_key = key_new()
    ann, _ = services.participant_create(
        repo=repo, url_code=meeting.url_code, name="Ann", participant_key=ann_key
    )
    bob, _ = services.participant_create(repo=repo, url_code=meeting.url_code, name="Bob")
    services.participant_password_set(
        repo=repo,
        url_code=meeting.url_code,
        participant_id=ann.id,
        password="s3cret pw",
        key=ann_key,
    )
    stored = repo.meeting_access(url_code=meeting.url_code, participant_id=ann.id)
    assert stored.participant_password_hash

    listing = admin_client.get(PARTICIPANTS)
    content = listing.content.decode()
    assert "column-has_password" in content
    assert content.count('alt="True"') == 1
    for page in (content, admin_client.get(f"{PARTICIPANTS}{ann.id}/change/").content.decode()):
        assert stored.participant_password_hash not in page
        assert "s3cret pw" not in page
        assert 'name="password_hash"' not in page
    # A staff edit cannot set one.
    admin_client.post(
        f"{PARTICIPANTS}{bob.id}/change/",
        {
            "name": "Bob",
            "password_hash": "md5$x$y",
            "dates-TOTAL_FORMS": "0",
            "dates-INITIAL_FORMS": "0",
        },
    )
    after = repo.meeting_access(url_code=meeting.url_code, participant_id=bob.id)
    assert after.participant_password_hash is None
