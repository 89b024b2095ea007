"""The answers file on the pages (``/meetings/<code>/answers.csv``), through Django's test
client on MySQL: the meeting page links to it once someone joined; the file is the API's, in
the viewer's language (English: byte for byte the API's); unknown and deleted meetings get
the friendly 404 and 410 pages."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from meetings import services
from meetings.domain import ENGLISH_ANSWER_WORDS, key_new
from meetings.repositories import repository_for
from meetings.tests.support.pages import join, page_url, text
from meetings.web.presenters.labels import answer_words

pytestmark = pytest.mark.django_db

KOREAN: dict[str, Any] = {"HTTP_ACCEPT_LANGUAGE": "ko"}


def _rows(response: Any) -> list[list[str]]:
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


@pytest.fixture
def code() -> str:
    meeting = services.meeting_create(
        repo=repository_for("mysql"),
        title="Team dinner",
        start_date=date(2027, 1, 5),
        end_date=date(2027, 1, 6),
    )
    return meeting.url_code


def test_the_page_links_to_the_file_once_someone_joined(code: str) -> None:
    link = f'href="{page_url(code)}answers.csv" download id="answers-csv"'
    assert link not in text(Client().get(page_url(code)))
    assert join(Client(), code, "Ann").status_code == 303
    assert link in text(Client().get(page_url(code)))
    assert "답변 내려받기 (CSV)" in text(Client().get(page_url(code), **KOREAN))


def test_the_file_is_the_apis_in_english(code: str) -> None:
    ann = Client()
    assert join(ann, code, "Ann").status_code == 303
    assert ann.post(f"{page_url(code)}all-free").status_code == 303
    assert join(Client(), code, "Bob").status_code == 303
    response = Client().get(f"{page_url(code)}answers.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Team dinner.csv\"; filename*=UTF-8''Team%20dinner.csv"
    )
    api = Client().get(f"/v1/mysql/meetings/{code}/answers.csv")
    assert response.content == api.content
    assert _rows(response) == [
        ["participant", "answered", "2027-01-05", "2027-01-06"],
        ["Ann", "yes", "free", "free"],
        ["Bob", "no", "", ""],
        ["free (answered participants)", "1", "1", "1"],
    ]


def test_the_file_is_in_the_viewers_language(code: str) -> None:
    assert join(Client(), code, "김민준").status_code == 303
    rows = _rows(Client().get(f"{page_url(code)}answers.csv", **KOREAN))
    assert rows == [
        ["참여자", "답변 여부", "2027-01-05", "2027-01-06"],
        ["김민준", "아직 안 함", "", ""],
        ["가능 인원 (답변한 참여자)", "0", "0", "0"],
    ]
    with translation.override("en"):
        assert answer_words() == ENGLISH_ANSWER_WORDS


def test_unknown_and_deleted_meetings_get_the_friendly_pages() -> None:
    unknown = Client().get(f"{page_url('x' * 22)}answers.csv")
    assert unknown.status_code == 404
    assert unknown["Content-Type"].startswith("text/html")
    repo = repository_for("mysql")
    key = key_new()
    meeting = services.meeting_create(repo=repo, title="Gone", organizer_key=key)
    services.meeting_delete(repo=repo, url_code=meeting.url_code, key=key)
    assert Client().get(f"{page_url(meeting)}answers.csv").status_code == 410
