"""Staff deletes in the admin leave a tombstone, as the organizer's do: the meeting's link then
says "deleted" (410), not "check the link"."""

from __future__ import annotations

import pytest
from django.test import Client

from meetings import models, services
from meetings.repositories.mysql import DjangoMeetingRepository

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/meetings/meeting/"


def _meeting(title: str) -> str:
    repo = DjangoMeetingRepository()
    return services.meeting_create(repo=repo, title=title, location="").url_code


def test_deleting_one_meeting_in_the_admin_leaves_its_tombstone(admin_client: Client) -> None:
    code, kept = _meeting("Gone"), _meeting("Kept")
    pk = models.Meeting.objects.get(url_code=code).pk
    response = admin_client.post(f"{CHANGELIST}{pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert Client().get(f"/meetings/{code}/").status_code == 410
    assert Client().get(f"/meetings/{kept}/").status_code == 200
    assert models.DeletedMeeting.objects.count() == 1
    assert code not in str(list(models.DeletedMeeting.objects.values_list()))  # only a digest


def test_deleting_selected_meetings_leaves_their_tombstones(admin_client: Client) -> None:
    codes = [_meeting("One"), _meeting("Two")]
    kept = _meeting("Kept")
    chosen = list(models.Meeting.objects.filter(url_code__in=codes).values_list("pk", flat=True))
    response = admin_client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": chosen, "post": "yes"}
    )
    assert response.status_code == 302
    for code in codes:
        assert Client().get(f"/meetings/{code}/").status_code == 410
    assert Client().get(f"/meetings/{kept}/").status_code == 200
