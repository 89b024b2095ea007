"""Unanswered is its own state, on the pages: who has not answered yet is listed as such and
counted nowhere (totals, heat, who is free, best dates and times) until they mark something
of their own or say "I'm free on all of these"; in English and Korean, with and without the
page's script."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client

from meetings import services
from meetings.domain import Meeting, key_new, time_window_check
from meetings.repositories.mysql import DjangoMeetingRepository
from meetings.tests.support.pages import join, page_url, text
from meetings.tests.support.stored import stored

pytestmark = pytest.mark.django_db

FRAGMENT = {"HTTP_MEETIFYR_FRAGMENT": "1"}
WAITING = re.compile(r'<p class="waiting" id="waiting"><strong>(.*?)</strong> (.*?) <span')


def _waiting(body: str) -> tuple[str, str] | None:
    found = WAITING.search(body)
    return None if found is None else (found.group(1), found.group(2))


def test_a_newcomer_is_listed_and_counted_nowhere(
    client: Client, meeting_with_range: Meeting, orm_repo: DjangoMeetingRepository
) -> None:
    url = page_url(meeting_with_range)
    join(client, meeting_with_range, "Ann")
    services.participant_create(repo=orm_repo, url_code=meeting_with_range.url_code, name="Bob")
    body = text(client.get(url))
    assert _waiting(body) == ("Haven\u2019t answered yet:", "Ann, Bob")
    assert body.count('<span class="unanswered-tag">hasn\u2019t answered yet</span>') == 2
    assert "Tuesday, December 1: 0 of 0 free" in body
    assert "Best dates" not in body
    assert "Nobody has answered yet." in body
    assert 'id="all-free"' in body  # Ann, this browser, may say she is free on all of them
    assert body.count('class="count heat-0') == 7


def test_free_on_all_of_these_counts_me_free_everywhere(
    client: Client, meeting_with_range: Meeting, orm_repo: DjangoMeetingRepository
) -> None:
    url = page_url(meeting_with_range)
    join(client, meeting_with_range, "Ann")
    services.participant_create(repo=orm_repo, url_code=meeting_with_range.url_code, name="Bob")
    before = stored(meeting_with_range)
    response = client.post(f"{url}all-free")
    assert response.status_code == 303
    after = stored(meeting_with_range)
    assert [p.answered for p in after.participants] == [True, False]
    assert after.participants[0].dates == before.participants[0].dates
    assert after.version == before.version + 1
    body = text(client.get(url))
    assert _waiting(body) == ("Hasn\u2019t answered yet:", "Bob")
    assert "Tuesday, December 1: 1 of 1 free" in body
    assert "<strong>Tuesday, December 1</strong> – 1 of 1 free" in body
    assert 'id="all-free"' not in body
    # The page's script sends the form for the fragment: the answer is the fragment.
    fragment = client.post(f"{url}all-free", **FRAGMENT)  # type: ignore[arg-type]
    assert fragment.status_code == 200
    assert "<html" not in text(fragment)


def test_marking_something_answers(client: Client, meeting_with_range: Meeting) -> None:
    url = page_url(meeting_with_range)
    join(client, meeting_with_range, "Ann")
    client.post(f"{url}mark", {"mark": "2026-12-01:off"})
    body = text(client.get(url))
    assert _waiting(body) is None
    assert "unanswered-tag" not in body
    assert "Tuesday, December 1: 0 of 1 free" in body
    assert "Wednesday, December 2: 1 of 1 free" in body
    assert stored(meeting_with_range).best_dates == (
        date(2026, 12, 2),
        date(2026, 12, 3),
        date(2026, 12, 4),
    )


def test_in_korean(client: Client, meeting_with_range: Meeting) -> None:
    url = page_url(meeting_with_range)
    client.post(f"{url}join", {"name": "민수"}, HTTP_ACCEPT_LANGUAGE="ko")
    body = text(client.get(url, HTTP_ACCEPT_LANGUAGE="ko"))
    assert _waiting(body) == ("아직 응답하지 않음:", "민수")
    assert '<span class="unanswered-tag">아직 응답 안 함</span>' in body
    assert "모든 날짜에 가능해요" in body
    assert "아직 아무도 응답하지 않았습니다." in body


def test_free_on_all_needs_a_row_of_mine(client: Client, orm_repo: DjangoMeetingRepository) -> None:
    organizer_key = key_new()
    meeting = services.meeting_create(
        repo=orm_repo,
        title="Locked",
        start_date=date(2026, 12, 1),
        end_date=date(2026, 12, 2),
        organizer_key=organizer_key,
    )
    response = client.post(f"{page_url(meeting)}all-free")
    assert response.status_code == 400
    assert "Join this meeting, or choose your name, before marking dates." in text(response)
    ann, _ = services.participant_create(repo=orm_repo, url_code=meeting.url_code, name="Ann")
    # Without Ann's key this browser cannot be Ann (choosing her name is refused): it cannot
    # answer for her either.
    client.post(f"{page_url(meeting)}switch", {"participant": str(ann.id)})
    assert client.post(f"{page_url(meeting)}all-free").status_code == 400
    assert [p.answered for p in stored(meeting).participants] == [False]


@pytest.fixture
def timed(orm_repo: DjangoMeetingRepository) -> Meeting:
    return services.meeting_create(
        repo=orm_repo,
        title="Timed",
        start_date=date(2026, 12, 1),
        end_date=date(2026, 12, 2),
        window=time_window_check("09:00", "11:00", 60, "Asia/Seoul"),
    )


def test_timed_heat_and_who_is_free_count_those_who_answered(
    client: Client, timed: Meeting, orm_repo: DjangoMeetingRepository
) -> None:
    url = page_url(timed)
    join(client, timed, "Ann")
    services.participant_create(repo=orm_repo, url_code=timed.url_code, name="Bob")
    body = text(client.get(url))
    assert _waiting(body) == ("Haven\u2019t answered yet:", "Ann, Bob")
    assert '<ul class="people" hidden></ul>' in body  # who is free: nobody counted yet
    assert ": 0 of 0 free" in body
    assert "Best times" not in body
    assert 'id="mine-grid"' in body  # Ann still paints her own grid
    client.post(f"{url}all-free")
    body = text(client.get(url))
    assert _waiting(body) == ("Hasn\u2019t answered yet:", "Bob")
    assert '<ul class="people" hidden><li data-s="1111">Ann</li></ul>' in body
    assert ": 1 of 1 free" in body
    assert "Best times" in body
