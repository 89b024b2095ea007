"""Deciding through the API on both stores: the calendar file's SEQUENCE grows with each
decision, its name stays the API's (``meeting-<code>.ics``), and a deleted meeting stays 404
in the API (its contract) while the pages of the pages' store say 410."""

from __future__ import annotations

from typing import Any

import icalendar
import pytest
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

RANGE = {"start_date": "2026-12-07", "end_date": "2026-12-11"}


def _meeting(store: str) -> tuple[str, APIClient]:
    created = APIClient().post(f"/v1/{store}/meetings", {"title": "팀 회식"}, format="json")
    assert created.status_code == 201, created.content
    organizer = APIClient()
    organizer.credentials(HTTP_AUTHORIZATION=f"Bearer {created.json()['organizer_key']}")
    code: str = created.json()["url_code"]
    answer = organizer.patch(f"/v1/{store}/meetings/{code}/date_range", RANGE, format="json")
    assert answer.status_code == 200, answer.content
    return code, organizer


def _sequence(answer: Any) -> int:
    assert answer.status_code == 200, answer.content
    [event] = icalendar.Calendar.from_ical(answer.content).walk("VEVENT")
    return int(event.decoded("SEQUENCE"))


def test_sequence_grows_with_each_decision(store: str) -> None:
    code, organizer = _meeting(store)
    url = f"/v1/{store}/meetings/{code}"
    ics = f"{url}/event.ics"
    assert organizer.patch(f"{url}/final", {"date": "2026-12-08"}, format="json").status_code == 200
    first = APIClient().get(ics)
    assert _sequence(first) == 0
    assert first["Content-Disposition"] == f'attachment; filename="meeting-{code}.ics"'
    assert APIClient().get(ics).content == first.content  # still the same file each download
    assert organizer.patch(f"{url}/final", {"date": "2026-12-09"}, format="json").status_code == 200
    assert _sequence(APIClient().get(ics)) == 1
    assert organizer.patch(f"{url}/final", {"final": None}, format="json").status_code == 200
    assert APIClient().get(ics).status_code == 404  # reopened: no file
    assert organizer.patch(f"{url}/final", {"date": "2026-12-09"}, format="json").status_code == 200
    assert _sequence(APIClient().get(ics)) == 2
    final = APIClient().get(url).json()["final"]
    # The decision's count (the SEQUENCE) is not on the wire; weekday and starts_on are weekly's.
    assert set(final) == {"date", "weekday", "starts_on", "start", "end", "note", "decided_at"}
    assert (final["weekday"], final["starts_on"]) == (None, None)


def test_a_deleted_meeting_stays_404_in_the_api(store: str) -> None:
    code, organizer = _meeting(store)
    url = f"/v1/{store}/meetings/{code}"
    assert organizer.delete(url).status_code == 204
    gone = APIClient().get(url)
    assert gone.status_code == 404
    assert gone.json() == {"detail": f"meeting with url_code: {code} not found"}
    assert APIClient().get(url, HTTP_IF_NONE_MATCH='"m1"').status_code == 404
    page = Client().get(f"/meetings/{code}/")
    # The pages show one store's meetings; another store's codes are unknown there.
    assert page.status_code == (410 if store == settings.MEETINGS_PAGES_STORE else 404)
