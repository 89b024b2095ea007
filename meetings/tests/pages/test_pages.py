"""The browser pages through Django's test client, on MySQL: every page and form, bad input, the
no-JavaScript POST-redirect-GET flow, fragments for the page script, polls, 404s and Korean."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpRequest
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, Settings
from rest_framework.test import APIClient

from meetings import models, services
from meetings.domain import DateAction, Meeting, StoreUnavailable, url_code_new
from meetings.repositories.mysql import DjangoMeetingRepository
from meetings.tests.support.pages import field_errors, join, page_url, text
from meetings.tests.support.stored import stored
from meetings.web import identity, responses

pytestmark = pytest.mark.django_db

FRAGMENT = {"HTTP_MEETIFYR_FRAGMENT": "1"}


def date_state(meeting: Meeting, name: str, day: date) -> tuple[bool, bool]:
    participant = next(p for p in meeting.participants if p.name == name)
    row = next(row for row in participant.dates if row.date == day)
    return row.enabled, row.starred


@pytest.fixture
def bare_meeting(orm_repo: DjangoMeetingRepository) -> Meeting:
    """A meeting without a date range yet."""
    return services.meeting_create(repo=orm_repo, title="Book club", location="Library")


# --- create page ----------------------------------------------------------------------------


def test_create_page_renders_the_form(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    body = text(response)
    assert '<html lang="en"' in body
    for name in ("title", "location", "start_date", "end_date", "csrfmiddlewaretoken"):
        assert f'name="{name}"' in body
    assert 'type="date"' in body
    for label in ("Next 4 weeks", "This month", "Next month"):
        assert label in body
    today = timezone.localdate()
    assert f'data-quick-start="{today.isoformat()}"' in body
    assert f'data-quick-end="{(today + timedelta(days=27)).isoformat()}"' in body


def test_create_redirects_to_the_new_meeting(
    client: Client, orm_repo: DjangoMeetingRepository
) -> None:
    response = client.post(
        "/",
        {
            "title": "  Team dinner ",
            "location": "Seoul",
            "start_date": "2026-12-01",
            "end_date": "2026-12-31",
        },
    )
    assert response.status_code == 303
    code = response["Location"].split("/")[2]
    assert response["Location"] == page_url(code)
    meeting = orm_repo.meeting_get(url_code=code)
    assert (meeting.title, meeting.location) == ("Team dinner", "Seoul")
    assert (meeting.start_date, meeting.end_date) == (date(2026, 12, 1), date(2026, 12, 31))
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Team dinner" in text(page)


def test_create_without_dates_asks_for_them(client: Client) -> None:
    """The page asks for the dates before it makes a meeting (the API may still leave them):
    an empty form makes no "Untitled meeting" without dates."""
    for data in ({}, {"title": "Lunch", "location": "", "start_date": "", "end_date": ""}):
        response = client.post("/", data)
        assert response.status_code == 400
        assert "Pick a start date." in field_errors(response, "id_start_date")
        assert "Pick an end date." in field_errors(response, "id_end_date")
    assert models.Meeting.objects.count() == 0
    assert re.search(r'<input type="date" name="start_date"[^>]* required', text(client.get("/")))


@pytest.mark.parametrize(
    ("data", "field_id", "message"),
    [
        ({"title": "x" * 256}, "id_title", "Use at most 255 characters."),
        ({"location": "y" * 300}, "id_location", "Use at most 255 characters."),
        ({"title": "bad\x07title"}, "id_title", "Remove special characters"),
        (
            {"start_date": "2026-12-10", "end_date": "2026-12-01"},
            "id_end_date",
            "The end date cannot be before the start date.",
        ),
        (
            {"start_date": "2026-12-01", "end_date": "2027-02-02"},
            "id_end_date",
            "The end date can be at most 62 days after the start date.",
        ),
        (
            {"start_date": "1899-12-30", "end_date": "1900-01-02"},
            "id_end_date",
            "Pick dates between Jan. 1, 1900 and Dec. 31, 9000.",
        ),
        ({"start_date": "2026-12-01"}, "id_end_date", "Pick an end date."),
        ({"end_date": "2026-12-01"}, "id_start_date", "Pick a start date."),
        ({"start_date": "2026-13-45", "end_date": "2026-12-01"}, "id_start_date", "Enter a date"),
        ({"start_date": "12/01/2026", "end_date": "2026-12-02"}, "id_start_date", "Enter a date"),
    ],
)
def test_create_bad_input_shows_the_error_next_to_the_field(
    client: Client, data: dict[str, str], field_id: str, message: str
) -> None:
    response = client.post("/", data)
    assert response.status_code == 400
    assert message in field_errors(response, field_id)
    assert f'aria-describedby="{field_id}_error"' in text(response)
    assert models.Meeting.objects.count() == 0


def test_create_quick_pick_without_javascript_fills_the_dates(client: Client) -> None:
    response = client.post(
        "/", {"title": "Picnic", "location": "Park", "quick": "next-4-weeks", "start_date": ""}
    )
    assert response.status_code == 200
    body = text(response)
    today = timezone.localdate()
    assert f'name="start_date" value="{today.isoformat()}"' in body
    assert f'name="end_date" value="{(today + timedelta(days=27)).isoformat()}"' in body
    assert 'value="Picnic"' in body
    assert models.Meeting.objects.count() == 0


# --- meeting page ---------------------------------------------------------------------------


def test_meeting_page_shows_the_meeting(
    client: Client, meeting_with_range: Meeting, settings: Settings
) -> None:
    settings.MEETINGS_POLL_SECONDS = 2.5
    response = client.get(page_url(meeting_with_range))
    assert response.status_code == 200
    body = text(response)
    assert '<h1 id="meeting-title">Team dinner</h1>' in body
    assert "Seoul" in body
    assert "Dec. 1, 2026 – Dec. 7, 2026 (7 dates)" in body
    assert f'value="http://testserver{page_url(meeting_with_range)}"' in body  # share link
    assert "Copy link" in body
    assert 'data-poll-seconds="2.5"' in body
    assert f'data-etag="&quot;m{meeting_with_range.version}&quot;"' in body
    assert f'data-grid-url="{page_url(meeting_with_range)}grid"' in body
    assert "Join this meeting" in body
    assert "Nobody has joined yet" in body
    assert response["ETag"] == f'"m{meeting_with_range.version}"'


@pytest.mark.parametrize("code", ["unknown", "0" * 22, "x" * 200])
def test_unknown_meeting_gets_the_friendly_404(client: Client, code: str) -> None:
    for response in (
        client.get(f"/meetings/{code}/"),
        client.get(f"/meetings/{code}/grid"),
        client.post(f"/meetings/{code}/join", {"name": "Alice"}),
        client.post(f"/meetings/{code}/mark", {"mark": "2026-12-01:off"}),
    ):
        assert response.status_code == 404
        body = text(response)
        assert "Meeting not found" in body
        assert 'href="/"' in body


def test_unknown_address_gets_the_site_404(client: Client) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in text(response)
    assert "Create a meeting" in text(response)


def test_action_urls_redirect_a_get_to_the_meeting(
    client: Client, meeting_with_range: Meeting
) -> None:
    for action in ("dates", "title", "location", "join", "switch", "mark", "leave"):
        response = client.get(f"{page_url(meeting_with_range)}{action}")
        assert response.status_code == 303
        assert response["Location"] == page_url(meeting_with_range)


def test_unreachable_store_gets_a_503_page(
    client: Client, meeting_with_range: Meeting, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unavailable(**kwargs: Any) -> Meeting:
        raise StoreUnavailable("store down")

    monkeypatch.setattr(services, "meeting_get", unavailable)
    response = client.get(page_url(meeting_with_range))
    assert response.status_code == 503
    assert "Please retry shortly" in text(response)


def test_pages_use_the_configured_store(settings: Settings) -> None:
    assert isinstance(responses.pages_repo(), DjangoMeetingRepository)
    settings.MEETINGS_PAGES_STORE = "no-such-store"
    with pytest.raises(LookupError):
        responses.pages_repo()


# --- date range -----------------------------------------------------------------------------


def test_set_dates_then_redirect_then_get(
    client: Client, bare_meeting: Meeting, orm_repo: DjangoMeetingRepository
) -> None:
    response = client.post(
        f"{page_url(bare_meeting)}dates", {"start_date": "2026-12-01", "end_date": "2026-12-03"}
    )
    assert response.status_code == 303
    assert response["Location"] == f"{page_url(bare_meeting)}#you"
    meeting = stored(bare_meeting, orm_repo)
    assert (meeting.start_date, meeting.end_date) == (date(2026, 12, 1), date(2026, 12, 3))
    page = text(client.get(response["Location"]))
    assert "Pick the dates to choose from" not in page
    assert "Join this meeting" in page


def test_set_dates_twice_keeps_the_first_range(
    client: Client, meeting_with_range: Meeting, orm_repo: DjangoMeetingRepository
) -> None:
    response = client.post(
        f"{page_url(meeting_with_range)}dates",
        {"start_date": "2027-01-01", "end_date": "2027-01-02"},
    )
    assert response.status_code == 400
    assert "The dates of this meeting have already been set." in text(response)
    meeting = stored(meeting_with_range, orm_repo)
    assert (meeting.start_date, meeting.end_date) == (date(2026, 12, 1), date(2026, 12, 7))


@pytest.mark.parametrize(
    ("data", "field_id", "message"),
    [
        ({}, "id_start_date", "Pick a start date."),
        ({"start_date": "2026-12-01"}, "id_end_date", "Pick an end date."),
        (
            {"start_date": "2026-12-05", "end_date": "2026-12-01"},
            "id_end_date",
            "The end date cannot be before the start date.",
        ),
        (
            {"start_date": "2026-01-01", "end_date": "2026-12-31"},
            "id_end_date",
            "at most 62 days",
        ),
        ({"start_date": "soon", "end_date": "later"}, "id_start_date", "Enter a date"),
    ],
)
def test_set_dates_bad_input(
    client: Client,
    bare_meeting: Meeting,
    orm_repo: DjangoMeetingRepository,
    data: dict[str, str],
    field_id: str,
    message: str,
) -> None:
    response = client.post(f"{page_url(bare_meeting)}dates", data)
    assert response.status_code == 400
    assert message in field_errors(response, field_id)
    assert stored(bare_meeting, orm_repo).start_date is None


def test_set_dates_quick_pick_without_javascript(
    client: Client, bare_meeting: Meeting, orm_repo: DjangoMeetingRepository
) -> None:
    response = client.post(f"{page_url(bare_meeting)}dates", {"quick": "next-month"})
    assert response.status_code == 200
    today = timezone.localdate()
    first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    assert f'name="start_date" value="{first.isoformat()}"' in text(response)
    assert stored(bare_meeting, orm_repo).start_date is None


# --- title and location ---------------------------------------------------------------------


def test_title_and_location_edits(
    client: Client, meeting_with_range: Meeting, orm_repo: DjangoMeetingRepository
) -> None:
    url = page_url(meeting_with_range)
    assert client.post(f"{url}title", {"title": " Lunch "}).status_code == 303
    assert client.post(f"{url}location", {"location": "Busan"}).status_code == 303
    meeting = stored(meeting_with_range, orm_repo)
    assert (meeting.title, meeting.location) == ("Lunch", "Busan")
    page = text(client.get(url))
    assert '<h1 id="meeting-title">Lunch</h1>' in page
    assert 'value="Busan"' in page


def test_title_bad_input_keeps_the_stored_title(
    client: Client, meeting_with_range: Meeting, orm_repo: DjangoMeetingRepository
) -> None:
    response = client.post(f"{page_url(meeting_with_range)}title", {"title": "t" * 256})
    assert response.status_code == 400
    assert "Use at most 255 characters." in field_errors(response, "id_title")
    assert '<details id="edit-details" class="edit" open>' in text(response)
    assert stored(meeting_with_range, orm_repo).title == "Team dinner"
    response = client.post(f"{page_url(meeting_with_range)}location", {"location": "a\nb"})
    assert response.status_code == 400
    assert "Remove special characters" in field_errors(response, "id_location")


def test_blank_title_shows_untitled(client: Client, meeting_with_range: Meeting) -> None:
    assert client.post(f"{page_url(meeting_with_range)}title", {"title": ""}).status_code == 303
    assert "Untitled meeting" in text(client.get(page_url(meeting_with_range)))


# --- joining, switching, leaving ------------------------------------------------------------


def test_join_remembers_me_in_the_session(
    client: Client, meeting_with_range: Meeting, orm_repo: DjangoMeetingRepository
) -> None:
    response = join(client, meeting_with_range, " Alice ")
    assert response.status_code == 303
    assert response["Location"] == f"{page_url(meeting_with_range)}#you"
    meeting = stored(meeting_with_range, orm_repo)
    [alice] = meeting.participants
    assert alice.name == "Alice"
    assert client.session[identity.SESSION_KEY] == {meeting.url_code: str(alice.id)}
    page = text(client.get(page_url(meeting)))
    assert "You are Alice" in page
    assert "Join this meeting" not in page
    # My row: a toggle button and a separate star per date, with readable labels.
    assert page.count('class="toggle"') == 7
    assert page.count('class="star"') == 7
    assert (
        '<button type="submit" form="mark-form" name="mark" value="2026-12-01:off" '
        'id="toggle-2026-12-01" class="toggle" aria-pressed="true" '
        'aria-label="Alice, Tuesday, December 1: free"'
    ) in page
    assert (
        'value="2026-12-01:star" id="star-2026-12-01" class="star" aria-pressed="false" '
        'aria-label="Alice, Tuesday, December 1: preferred"'
    ) in page


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Enter your name."),
        ("   ", "Enter your name."),
        ("n" * 51, "Use at most 50 characters."),
        ("bad\x07name", "Remove special characters"),
        ("bad\x00name", "Null characters are not allowed."),
        ("ALICE", "Someone called “ALICE” has already joined."),
        ("\u0410lice", "Someone called “\u0410lice” has already joined."),  # Cyrillic capital A
        ("Alice\u3164", "Remove invisible characters"),
    ],
)
def test_join_bad_input(
    client: Client,
    meeting_with_range: Meeting,
    orm_repo: DjangoMeetingRepository,
    name: str,
    message: str,
) -> None:
    services.participant_create(repo=orm_repo, url_code=meeting_with_range.url_code, name="Alice")
    response = join(client, meeting_with_range, name)
    assert response.status_code == 400
    assert message in field_errors(response, "id_name")
    assert len(stored(meeting_with_range, orm_repo).participants) == 1
    assert identity.SESSION_KEY not in client.session


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "This meeting is full: it has 1 participant, the most a meeting may have."),
        ("ko", "이 모임은 인원이 다 찼습니다. 참여자가 1명으로, 한 모임의 최대 인원입니다."),
    ],
)
def test_joining_a_full_meeting_is_409_with_the_reason(
    meeting_with_range: Meeting,
    orm_repo: DjangoMeetingRepository,
    settings: Any,
    language: str,
    message: str,
) -> None:
    settings.MEETINGS_MAX_PARTICIPANTS = 1
    services.participant_create(repo=orm_repo, url_code=meeting_with_range.url_code, name="Alice")
    client = Client(headers={"Accept-Language": language})
    response = join(client, meeting_with_range, "Bob")
    assert response.status_code == 409
    assert message in text(response)
    assert [p.name for p in stored(meeting_with_range, orm_repo).participants] == ["Alice"]
    assert identity.SESSION_KEY not in client.session


def test_join_before_the_dates_are_set(
    client: Client, bare_meeting: Meeting, orm_repo: DjangoMeetingRepository
) -> None:
    response = join(client, bare_meeting, "Alice")
    assert response.status_code == 400
    assert "Set the meeting&#x27;s dates before anyone joins." in text(response)
    assert stored(bare_meeting, orm_repo).participants == ()


def test_switch_to_another_name_and_back_to_nobody(
    client: Client, meeting_with_range: Meeting, orm_repo: DjangoMeetingRepository
) -> None:
    bob, _meeting = services.participant_create(
        repo=orm_repo, url_code=meeting_with_range.url_code, name="Bob"
    )
    url = page_url(meeting_with_range)
    assert "Already joined? Choose your name" in text(client.get(url))
    response = client.post(f"{url}switch", {"participant": str(bob.id)})
    assert response.status_code == 303
    assert "You are Bob" in text(client.get(url))
    response = client.post(f"{url}switch", {"participant": ""})
    assert response.status_code == 303
    assert "Join this meeting" in text(client.get(url))
    response = client.post(f"{url}switch", {"participant": "999999999"})
    assert response.status_code == 400
    assert "That person is no longer part of this meeting." in field_errors(
        response, "id_participant"
    )


def test_a_deleted_participant_is_forgotten(
    client: Client, meeting_with_range: Meeting, orm_repo: DjangoMeetingRepository
) -> None:
    join(client, meeting_with_range, "Alice")
    [alice] = stored(meeting_with_range, orm_repo).participants
    services.participant_delete(
        repo=orm_repo, url_code=meeting_with_range.url_code, participant_id=alice.id
    )  # e.g. through the API
    page = text(client.get(page_url(meeting_with_range)))
    assert "Join this meeting" in page
    assert meeting_with_range.url_code not in client.session.get(identity.SESSION_KEY, {})


def test_the_session_remembers_a_bounded_number_of_meetings() -> None:
    request = HttpRequest()
    request.session = SessionStore()
    codes = [url_code_new() for _ in range(identity.SESSION_MEETINGS_KEPT + 5)]
    for number, code in enumerate(codes):
        identity.me_set(request, code, number)
    known = request.session[identity.SESSION_KEY]
    assert list(known) == codes[5:]  # the oldest five were dropped
    identity.me_set(request, codes[5], 5)  # used again: now the most recent
    identity.me_set(request, "another", 7)  # drops the least recently set: codes[6]
    known = request.session[identity.SESSION_KEY]
    assert len(known) == identity.SESSION_MEETINGS_KEPT
    assert list(known)[-2:] == [codes[5], "another"]
    assert codes[6] not in known
    assert known[codes[-1]] == str(len(codes) - 1)


def test_leave_needs_the_confirmation_step(
    client: Client, meeting_with_range: Meeting, orm_repo: DjangoMeetingRepository
) -> None:
    join(client, meeting_with_range, "Alice")
    url = page_url(meeting_with_range)
    page = text(client.get(url))
    assert '<details id="leave-details">' in page
    assert "This removes Alice and all their dates from this meeting." in page
    response = client.post(f"{url}leave", {})
    assert response.status_code == 400
    assert "Confirm that you want to leave this meeting." in text(response)
    assert '<details id="leave-details" open>' in text(response)
    assert len(stored(meeting_with_range, orm_repo).participants) == 1
    response = client.post(f"{url}leave", {"confirm": "on"})
    assert response.status_code == 303
    assert stored(meeting_with_range, orm_repo).participants == ()
    assert meeting_with_range.url_code not in client.session.get(identity.SESSION_KEY, {})
    assert "Join this meeting" in text(client.get(url))


def test_leave_without_identity_changes_nothing(
    client: Client, meeting_with_range: Meeting, orm_repo: DjangoMeetingRepository
) -> None:
    services.participant_create(repo=orm_repo, url_code=meeting_with_range.url_code, name="Bob")
    response = client.post(f"{page_url(meeting_with_range)}leave", {"confirm": "on"})
    assert response.status_code == 303
    assert len(stored(meeting_with_range, orm_repo).participants) == 1


# --- marking dates --------------------------------------------------------------------------


def test_mark_cycle_without_javascript(
    client: Client, meeting_with_range: Meeting, orm_repo: DjangoMeetingRepository
) -> None:
    join(client, meeting_with_range, "Alice")
    url = page_url(meeting_with_range)
    day = date(2026, 12, 2)
    for action, expected in [
        ("off", (False, False)),
        ("star", (True, True)),
        ("unstar", (True, False)),
        ("star", (True, True)),
        ("off", (False, False)),
        ("on", (True, False)),
    ]:
        response = client.post(f"{url}mark", {"mark": f"{day.isoformat()}:{action}"})
        assert response.status_code == 303
        assert response["Location"] == f"{url}#toggle-2026-12-02"
        assert date_state(stored(meeting_with_range, orm_repo), "Alice", day) == expected


def test_no_javascript_flow_shows_everyone_s_latest_changes(
    client: Client, meeting_with_range: Meeting, orm_repo: DjangoMeetingRepository
) -> None:
    """POST, redirect, GET: the page shows the meeting as stored, other people's changes too."""
    url = page_url(meeting_with_range)
    join(client, meeting_with_range, "Alice")
    bob, _ = services.participant_create(
        repo=orm_repo, url_code=meeting_with_range.url_code, name="Bob"
    )
    services.participant_date_mark(
        repo=orm_repo,
        url_code=meeting_with_range.url_code,
        participant_date_id=bob.dates[0].id,
        action=DateAction.OFF,
    )
    response = client.post(f"{url}mark", {"mark": "2026-12-03:star"}, follow=True)
    assert response.redirect_chain == [(f"{url}#toggle-2026-12-03", 303)]
    page = text(response)
    assert '<span class="name">Bob</span>' in page
    assert 'aria-label="Bob, Tuesday, December 1: busy"' in page
    # Free counts per date: Dec 1 only Alice (1 of 2), the others both.
    counts = re.findall(
        r'<td class="count heat-(\d)[^"]*"[^>]*><span aria-hidden="true">(\d+)', page
    )
    assert counts[:3] == [("2", "1"), ("4", "2"), ("4", "2")]
    assert "Best dates" in page
    assert "<strong>Thursday, December 3</strong> – 2 of 2 free, 1 prefers it" in page


def test_mark_bad_input(client: Client, meeting_with_range: Meeting) -> None:
    url = page_url(meeting_with_range)
    response = client.post(f"{url}mark", {"mark": "2026-12-01:off"})
    assert response.status_code == 400
    assert "Join this meeting, or choose your name, before marking dates." in text(response)
    join(client, meeting_with_range, "Alice")
    for mark in ("", "garbage", "2026-12-01:explode", "2026-02-30:on"):
        response = client.post(f"{url}mark", {"mark": mark})
        assert response.status_code == 400, mark
        assert 'role="alert"' in text(response)
    response = client.post(f"{url}mark", {"mark": "2027-06-01:off"})
    assert response.status_code == 400
    assert "That date is not part of this meeting." in text(response)


def test_heat_map_and_best_dates(
    client: Client, meeting_with_range: Meeting, orm_repo: DjangoMeetingRepository
) -> None:
    code = meeting_with_range.url_code
    people = [
        services.participant_create(repo=orm_repo, url_code=code, name=name)[0]
        for name in ("Ann", "Ben", "Cho", "Dee")
    ]
    # Dec 1: nobody free; Dec 2: one of four; Dec 3: two; Dec 4: three; the rest everyone.
    busy = {0: 4, 1: 3, 2: 2, 3: 1}
    for index, count in busy.items():
        for person in people[:count]:
            services.participant_date_mark(
                repo=orm_repo,
                url_code=code,
                participant_date_id=person.dates[index].id,
                action=DateAction.OFF,
            )
    page = text(client.get(page_url(meeting_with_range)))
    heat = re.findall(r'<td class="count (heat-\d)', page)
    assert heat == ["heat-0", "heat-1", "heat-2", "heat-3", "heat-4", "heat-4", "heat-4"]
    assert page.count('<span class="best-mark">Best</span>') == 3
    assert "Saturday, December 5" in page


# --- the page script's requests -------------------------------------------------------------


def test_fragment_answers_for_the_page_script(
    client: Client, meeting_with_range: Meeting, orm_repo: DjangoMeetingRepository
) -> None:
    url = page_url(meeting_with_range)
    response = client.post(f"{url}join", {"name": "Alice"}, **FRAGMENT)  # type: ignore[arg-type]
    assert response.status_code == 200
    assert response["Meetifyr-Fragment"] == "1"
    body = text(response)
    assert "<html" not in body
    assert "You are Alice" in body
    version = stored(meeting_with_range, orm_repo).version
    assert response["ETag"] == f'"m{version}"'
    response = client.post(f"{url}mark", {"mark": "2026-12-01:off"}, **FRAGMENT)  # type: ignore[arg-type]
    assert response.status_code == 200
    assert 'aria-label="Alice, Tuesday, December 1: busy"' in text(response)
    assert response["ETag"] == f'"m{version + 1}"'
    # Bad input: the fragment with the error, not a redirect.
    response = client.post(f"{url}title", {"title": "x" * 300}, **FRAGMENT)  # type: ignore[arg-type]
    assert response.status_code == 400
    assert response["Meetifyr-Fragment"] == "1"
    assert "Use at most 255 characters." in field_errors(response, "id_title")


def test_poll_is_one_query_while_nothing_changed(
    client: Client,
    meeting_with_range: Meeting,
    orm_repo: DjangoMeetingRepository,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    grid = f"{page_url(meeting_with_range)}grid"
    etag = f'"m{meeting_with_range.version}"'
    with django_assert_num_queries(1):
        response = client.get(grid, HTTP_IF_NONE_MATCH=etag, **FRAGMENT)  # type: ignore[arg-type]
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response.content == b""
    services.meeting_set_title(repo=orm_repo, url_code=meeting_with_range.url_code, title="New")
    response = client.get(grid, HTTP_IF_NONE_MATCH=etag, **FRAGMENT)  # type: ignore[arg-type]
    assert response.status_code == 200
    assert response["ETag"] == f'"m{meeting_with_range.version + 1}"'
    assert '<h1 id="meeting-title">New</h1>' in text(response)
    assert "<html" not in text(response)
    assert "Meetifyr-Fragment" in response["Vary"]


@pytest.mark.parametrize("if_none_match", ["*", ' W/"x", "m{version}" ', '"m{version}", "m0"'])
def test_poll_etag_lists_and_star_match_as_on_the_api(
    client: Client, meeting_with_range: Meeting, api: APIClient, if_none_match: str
) -> None:
    header = if_none_match.format(version=meeting_with_range.version)
    grid = f"{page_url(meeting_with_range)}grid"
    page = client.get(grid, HTTP_IF_NONE_MATCH=header, **FRAGMENT)  # type: ignore[arg-type]
    rest = api.get(f"/v1/mysql/meetings/{meeting_with_range.url_code}", HTTP_IF_NONE_MATCH=header)
    assert (page.status_code, rest.status_code) == (304, 304)
    assert page["ETag"] == rest["ETag"] == f'"m{meeting_with_range.version}"'
    assert page["Cache-Control"] == "no-cache, private"


# --- CSRF -------------------------------------------------------------------------------------


def test_forms_are_csrf_protected(
    meeting_with_range: Meeting, orm_repo: DjangoMeetingRepository
) -> None:
    browser = Client(enforce_csrf_checks=True)
    url = page_url(meeting_with_range)
    response = browser.post(f"{url}join", {"name": "Mallory"})
    assert response.status_code == 403
    assert "Please try again" in text(response)
    assert stored(meeting_with_range, orm_repo).participants == ()
    response = browser.post("/", {"title": "forged"})
    assert response.status_code == 403
    assert models.Meeting.objects.count() == 1

    page = browser.get(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text(page))
    assert token is not None
    response = browser.post(f"{url}join", {"name": "Alice", "csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 303
    assert [p.name for p in stored(meeting_with_range, orm_repo).participants] == ["Alice"]


def test_every_form_carries_a_csrf_token(client: Client, meeting_with_range: Meeting) -> None:
    join(client, meeting_with_range, "Alice")
    for page in (text(client.get("/")), text(client.get(page_url(meeting_with_range)))):
        forms = re.findall(r"<form\b.*?</form>", page, re.S)
        assert forms
        for form in forms:
            assert 'method="post"' in form
            assert 'name="csrfmiddlewaretoken"' in form


# --- Korean -----------------------------------------------------------------------------------


def test_korean_from_accept_language(client: Client, meeting_with_range: Meeting) -> None:
    response = client.get(page_url(meeting_with_range), HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9")
    assert response.status_code == 200
    page = text(response)
    assert '<html lang="ko"' in page
    assert "모임에 참여하기" in page
    assert "2026년 12월 1일 – 2026년 12월 7일 (7일)" in page
    response = client.post(
        f"{page_url(meeting_with_range)}join", {"name": ""}, HTTP_ACCEPT_LANGUAGE="ko"
    )
    assert response.status_code == 400
    assert "이름을 입력하세요." in field_errors(response, "id_name")


def test_korean_grid_labels(client: Client, meeting_with_range: Meeting) -> None:
    client.post(f"{page_url(meeting_with_range)}join", {"name": "민수"}, HTTP_ACCEPT_LANGUAGE="ko")
    page = text(client.get(page_url(meeting_with_range), HTTP_ACCEPT_LANGUAGE="ko"))
    assert "0명 중 0명 가능" in page  # not answered yet: not counted
    client.post(f"{page_url(meeting_with_range)}all-free", HTTP_ACCEPT_LANGUAGE="ko")
    page = text(client.get(page_url(meeting_with_range), HTTP_ACCEPT_LANGUAGE="ko"))
    assert 'aria-label="민수, 12월 1일 화요일: 가능"' in page
    assert '<span class="wd">화</span>' in page
    assert "1명 중 1명 가능" in page


def test_language_switcher(client: Client, meeting_with_range: Meeting) -> None:
    url = page_url(meeting_with_range)
    assert 'name="language" value="ko"' in text(client.get(url))
    response = client.post("/i18n/setlang/", {"language": "ko", "next": url})
    assert response.status_code == 302
    assert response["Location"] == url
    assert '<html lang="ko"' in text(client.get(url))
    client.post("/i18n/setlang/", {"language": "en", "next": url})
    assert '<html lang="en"' in text(client.get(url))


def test_korean_404(client: Client) -> None:
    response = client.get(f"/meetings/{url_code_new()}/", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 404
    assert "모임을 찾을 수 없습니다" in text(response)


def test_names_are_escaped_in_every_row(client: Client, meeting_with_range: Meeting) -> None:
    """Someone else's row is written by a template tag, not the template: still escaped."""
    hostile = "<b>\"Eve\" & 'co'</b>"
    join(client, meeting_with_range, hostile)
    other = Client()
    join(other, meeting_with_range, "Bob")
    escaped = "&lt;b&gt;&quot;Eve&quot; &amp; &#x27;co&#x27;&lt;/b&gt;"
    for viewer in (client, other):  # Eve's row is her own for her, another's for Bob
        body = text(viewer.get(f"{page_url(meeting_with_range)}grid"))
        assert hostile not in body
        assert f'aria-label="{escaped}, Tuesday, December 1: free"' in body
    bob_view = text(other.get(f"{page_url(meeting_with_range)}grid"))
    assert (
        f'<td class="cell free"><span class="mark" role="img" aria-label="{escaped}, '
        f'Tuesday, December 1: free" title="{escaped}, Tuesday, December 1: free">✓</span></td>'
    ) in bob_view


# --- Content-Security-Policy readiness ------------------------------------------------------


def test_pages_have_no_inline_scripts_styles_or_handlers(
    client: Client, meeting_with_range: Meeting
) -> None:
    """A strict CSP allows only our own static files: nothing inline, nothing from elsewhere."""
    join(client, meeting_with_range, "Alice")
    pages = [
        client.get("/"),
        client.get(page_url(meeting_with_range)),
        client.get(f"{page_url(meeting_with_range)}grid"),
        client.get(f"/meetings/{url_code_new()}/"),
        client.get("/no/such/page"),
    ]
    for response in pages:
        body = text(response)
        assert not re.search(r"<script(?![^>]*\ssrc=)", body)
        assert not re.search(r"<style\b|\sstyle=", body)
        assert not re.search(r"\son[a-z]+=", body)
        assert not re.search(r'\s(?:src|href)="(?:https?:)?//', body)
        for src in re.findall(r'\s(?:src|href)="([^"#]+)"', body):
            assert src.startswith("/"), src
