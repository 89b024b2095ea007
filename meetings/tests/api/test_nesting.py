"""JSON nested deeper than the parser goes (issue 19, item 3): every endpoint that takes a JSON
body answers 400 with the parse error, on both stores, logs no traceback, and changes nothing."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from rest_framework.test import APIClient

from meetings.api.parsers import NESTED_TOO_DEEPLY
from meetings.tests.support.api import join
from meetings.tests.support.stored import store_rows

pytestmark = pytest.mark.django_db

DEEP = b"[" * 1000 + b"]" * 1000  # 2 KB: Python's json gives up at about 1,000 levels
DEEPER = b'{"title": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
DETAIL = f"JSON parse error - {NESTED_TOO_DEEPLY}"


class Meeting:
    """A protected meeting with dates, its organizer key and one participant (Ann)."""

    def __init__(self, store: str) -> None:
        api = APIClient()
        created = api.post(f"/v1/{store}/meetings", {"title": "Team dinner"}, format="json")
        assert created.status_code == 201, created.content
        self.code: str = created.json()["url_code"]
        self.key: str = created.json()["organizer_key"]
        self.organizer = APIClient()
        self.organizer.credentials(HTTP_AUTHORIZATION=f"Bearer {self.key}")
        answer = self.organizer.patch(
            f"/v1/{store}/meetings/{self.code}/date_range",
            {"start_date": "2026-12-07", "end_date": "2026-12-09"},
            format="json",
        )
        assert answer.status_code == 200, answer.content
        self.ann: dict[str, Any] = join(api, store, self.code, "Ann")


def _routes(store: str, meeting: Meeting) -> list[tuple[str, str]]:
    code, ann = meeting.code, meeting.ann["participant_id"]
    base = f"/v1/{store}/meetings"
    return [
        ("post", base),
        ("post", f"/v1/{store}/participants"),
        *(
            ("patch", f"{base}/{code}/{what}")
            for what in ("title", "location", "date_range", "editing", "final")
        ),
        ("patch", f"{base}/{code}/participants/{ann}/marks"),
        *(
            ("patch", f"/v1/{store}/participant_dates/{action}")
            for action in ("on", "off", "star", "unstar")
        ),
    ]


@pytest.mark.parametrize("body", [DEEP, DEEPER], ids=["1000-levels", "100000-levels"])
def test_json_nested_too_deeply_is_400_everywhere(
    store: str, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    meeting = Meeting(store)
    before_rows = store_rows(store)
    before = meeting.organizer.get(f"/v1/{store}/meetings/{meeting.code}").content
    routes = _routes(store, meeting)
    with caplog.at_level(logging.WARNING):
        for method, path in routes:
            response = getattr(meeting.organizer, method)(
                path, body, content_type="application/json"
            )
            assert response.status_code == 400, (path, response.content)
            assert response.json() == {"detail": DETAIL}, path
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    assert store_rows(store) == before_rows
    assert meeting.organizer.get(f"/v1/{store}/meetings/{meeting.code}").content == before


def test_json_nested_a_little_is_still_a_field_error(store: str) -> None:
    """Nesting the parser can read goes on to the serializer, as before: 400 on the field."""
    meeting = Meeting(store)
    response = meeting.organizer.patch(
        f"/v1/{store}/meetings/{meeting.code}/title",
        b'{"title": ' + b"[" * 50 + b"]" * 50 + b"}",
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "title" in response.json()
