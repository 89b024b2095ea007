"""Timed meetings on the pages, through Django's test client on MySQL: creating with times of
day, setting them with the dates, both grids (the grid's form without JavaScript is in
test_pages_nojs.py), the paint endpoint the page script sends strokes to, time zones and the
day the clocks change."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from meetings import models, services
from meetings.domain import Meeting, key_new, time_window_check
from meetings.repositories import repository_for
from meetings.repositories.mysql import DjangoMeetingRepository
from meetings.tests.support.pages import GridForm, field_errors, join, page_url, text
from meetings.tests.support.stored import stored
from meetings.web import identity, zones

pytestmark = pytest.mark.django_db

FRAGMENT = {"HTTP_MEETIFYR_FRAGMENT": "1"}
SEOUL = "Asia/Seoul"
TIMES = {
    "times": "times",
    "start_time": "09:00",
    "end_time": "12:00",
    "slot_minutes": "30",
    "time_zone": SEOUL,
}
DEC_1, DEC_2 = date(2026, 12, 1), date(2026, 12, 2)


def slots(meeting: Meeting, name: str) -> dict[date, str | None]:
    participant = next(p for p in meeting.participants if p.name == name)
    return {row.date: row.slots for row in participant.dates}


def paint(client: Client, meeting: Meeting, marks: Any, **extra: Any) -> Any:
    body = marks if isinstance(marks, str) else json.dumps(marks)
    return client.post(f"{page_url(meeting)}paint", {"marks": body}, **extra)


@pytest.fixture
def timed(orm_repo: DjangoMeetingRepository) -> Meeting:
    """An open meeting of Dec 1-3, 09:00-12:00 in 30-minute slots, in Seoul."""
    return services.meeting_create(
        repo=orm_repo,
        title="Timed",
        start_date=DEC_1,
        end_date=date(2026, 12, 3),
        window=time_window_check("09:00", "12:00", 30, SEOUL),
    )


# --- creating, and setting the dates with times ---------------------------------------------


def test_create_page_offers_dates_only_or_dates_and_times(client: Client) -> None:
    body = text(client.get("/"))
    for name in ("times", "start_time", "end_time", "slot_minutes", "time_zone"):
        assert f'name="{name}"' in body
    assert re.search(r'<input type="radio" name="times" value="dates"[^>]* checked>', body)
    assert "Dates and times of day" in body
    assert '<option value="09:00" selected>09:00</option>' in body
    assert '<option value="17:00" selected>17:00</option>' in body
    assert '<option value="24:00">24:00</option>' in body
    assert '<option value="30" selected>30 minutes</option>' in body
    # The zone starts at the server's (the script picks the browser's instead).
    zone_select = re.search(r'<select name="time_zone"[^>]*>', body)
    assert zone_select is not None
    assert "data-browser-zone" in zone_select.group(0)
    # The zone chosen is on top ("Your zone"), then every zone, each with today's UTC offset.
    mine = re.search(r'<optgroup label="Your zone">\s*<option value="([^"]+)" selected>', body)
    assert mine is not None
    assert mine.group(1) == settings.TIME_ZONE
    assert '<optgroup label="All zones">' in body
    assert re.search(
        r'<option value="America/New_York">America/New York \(UTC-0[45]:00\)</option>', body
    )
    assert re.search(r'<option value="Asia/Seoul">Asia/Seoul \(UTC\+09:00\)</option>', body)
    assert 'value="EST5EDT"' not in body
    assert 'data-zone-search="Search time zones"' in body


def test_create_a_timed_meeting(client: Client, orm_repo: DjangoMeetingRepository) -> None:
    response = client.post(
        "/", {"title": "Standup", "start_date": "2026-12-01", "end_date": "2026-12-03", **TIMES}
    )
    assert response.status_code == 303
    meeting = orm_repo.meeting_get(url_code=response["Location"].split("/")[2])
    assert meeting.window == time_window_check("09:00", "12:00", 30, SEOUL)
    page = text(client.get(response["Location"]))
    assert "Times are in Asia/Seoul, the meeting\u2019s time zone." in page


def test_dates_only_leaves_the_time_fields_aside(
    client: Client, orm_repo: DjangoMeetingRepository
) -> None:
    response = client.post(
        "/",
        {
            "title": "Lunch",
            "start_date": "2026-12-01",
            "end_date": "2026-12-03",
            **TIMES,
            "times": "dates",
            "start_time": "09:10",  # not looked at
        },
    )
    assert response.status_code == 303
    meeting = orm_repo.meeting_get(url_code=response["Location"].split("/")[2])
    assert meeting.window is None
    assert "Availability" in text(client.get(response["Location"]))


BAD_WINDOWS = [
    ({"start_time": "09:15"}, "id_start_time", "With slots of 30 minutes, pick a time such as"),
    ({"end_time": "09:00"}, "id_end_time", "The end time must be after the start time."),
    ({"end_time": "08:00"}, "id_end_time", "The end time must be after the start time."),
    ({"time_zone": "Mars/Base"}, "id_time_zone", "Pick a time zone from the list."),
    ({"slot_minutes": "20"}, "id_slot_minutes", "Pick slots of 15, 30 or 60 minutes."),
    ({"slot_minutes": "x"}, "id_slot_minutes", "Pick slots of 15, 30 or 60 minutes."),
    ({"start_time": "9am"}, "id_start_time", "Pick a time such as 09:00."),
    ({"end_time": "25:00"}, "id_end_time", "Pick a time such as 09:00."),
    (
        {"time_zone": ""},
        "id_time_zone",
        "Pick the start and end times, the slot length and the time zone.",
    ),
    ({"times": "hours"}, "id_times", "Select a valid choice."),
]


@pytest.mark.parametrize(("change", "field_id", "message"), BAD_WINDOWS)
def test_create_with_a_bad_window_shows_the_error_next_to_the_field(
    client: Client, change: dict[str, str], field_id: str, message: str
) -> None:
    data = {"start_date": "2026-12-01", "end_date": "2026-12-03", **TIMES, **change}
    response = client.post("/", data)
    assert response.status_code == 400
    assert message in field_errors(response, field_id)
    assert models.Meeting.objects.count() == 0


def test_create_with_times_needs_the_dates(client: Client) -> None:
    response = client.post("/", {"title": "Soon", **TIMES})
    assert response.status_code == 400
    assert "Pick a start date." in field_errors(response, "id_start_date")
    assert models.Meeting.objects.count() == 0


def test_quick_pick_keeps_the_times_chosen(client: Client) -> None:
    response = client.post("/", {"title": "Later", "quick": "next-month", **TIMES})
    assert response.status_code == 200
    body = text(response)
    assert re.search(r'<input type="radio" name="times" value="times"[^>]* checked>', body)
    assert f'<option value="{SEOUL}" selected>' in body
    zone_select = re.search(r'<select name="time_zone"[^>]*>', body)
    assert zone_select is not None
    assert "data-browser-zone" not in zone_select.group(0)  # chosen: the script keeps it


def test_set_dates_and_times_on_the_meeting_page(
    client: Client, orm_repo: DjangoMeetingRepository
) -> None:
    meeting = services.meeting_create(repo=orm_repo, title="Later")
    form_page = text(client.get(page_url(meeting)))
    assert 'name="slot_minutes"' in form_page
    url = f"{page_url(meeting)}dates"
    response = client.post(
        url, {"start_date": "2026-12-01", "end_date": "2026-12-02", **TIMES, "end_time": "08:30"}
    )
    assert response.status_code == 400
    assert "The end time must be after the start time." in field_errors(response, "id_end_time")
    assert stored(meeting).start_date is None
    response = client.post(url, {"start_date": "2026-12-01", "end_date": "2026-12-02", **TIMES})
    assert response.status_code == 303
    assert stored(meeting).window == time_window_check("09:00", "12:00", 30, SEOUL)


# --- the two grids ---------------------------------------------------------------------------


def test_timed_meeting_page_shows_both_grids(client: Client, timed: Meeting) -> None:
    join(client, timed, "Alice")
    repo = repository_for("mysql")
    bob, _ = services.participant_create(repo=repo, url_code=timed.url_code, name="Bob")
    client.post(f"{page_url(timed)}all-free")  # both answer: free everywhere
    services.participant_all_free(repo=repo, url_code=timed.url_code, participant_id=bob.id)
    body = text(client.get(page_url(timed)))
    assert "Your availability" in body
    assert "Everyone" in body
    assert 'aria-label="Tue Dec 1, 09:00–09:30, free" tabindex="0"' in body
    assert 'aria-label="Thu Dec 3, 11:30–12:00: 2 of 2 free">2</td>' in body
    assert body.count('class="h h4"') == 18
    assert "<strong>Tuesday, December 1, 09:00–12:00</strong> – 2 of 2 free" in body
    assert '<li data-s="111111111111111111">Alice</li>' in body
    assert '<th scope="row" class="time-col" abbr="09:00–09:30">09:00</th>' in body
    # Without JavaScript: one form for the whole grid (test_pages_nojs.py).
    assert GridForm(body).was == "111111" * 3
    # The old dates table is not there: the grids replace it.
    assert 'id="mark-form"' not in body


def test_the_fragment_leaves_out_the_forms_without_javascript(
    client: Client, timed: Meeting
) -> None:
    """The page script paints and asks only for fragments: they carry no checkboxes."""
    join(client, timed, "Alice")
    fragment = text(client.get(f"{page_url(timed)}grid", **FRAGMENT))  # type: ignore[arg-type]
    assert "<html" not in fragment
    assert 'type="checkbox"' not in fragment
    assert 'id="slots-form"' not in fragment
    assert 'id="paint-form"' in fragment
    assert 'aria-label="Tue Dec 1, 09:00–09:30, free" tabindex="0"></td>' in fragment


def test_someone_elses_protected_row_is_not_paintable(orm_repo: DjangoMeetingRepository) -> None:
    meeting = services.meeting_create(
        repo=orm_repo,
        start_date=DEC_1,
        end_date=DEC_2,
        window=time_window_check("09:00", "10:00", 30, SEOUL),
        organizer_key=key_new(),
    )
    alice = Client()
    join(alice, meeting, "Alice")
    other = as_alice_without_her_key(meeting)
    body = text(other.get(page_url(meeting)))
    assert "Your availability" not in body
    assert 'id="heat-grid"' in body


def test_a_slot_the_clocks_skip_is_shown_as_such(
    client: Client, orm_repo: DjangoMeetingRepository
) -> None:
    """Europe/Berlin goes from 02:00 to 03:00 on 2026-03-29: that slot does not occur."""
    meeting = services.meeting_create(
        repo=orm_repo,
        start_date=date(2026, 3, 28),
        end_date=date(2026, 3, 29),
        window=time_window_check("01:00", "04:00", 60, "Europe/Berlin"),
    )
    join(client, meeting, "Alice")
    body = text(client.get(page_url(meeting)))
    gone = "Sun Mar 29, 02:00–03:00, does not occur that day (the clocks change)"
    assert f'<td class="s x" aria-label="{gone}" aria-disabled="true"></td>' in body
    assert '<td class="s f" data-k="1" aria-label="Sat Mar 28, 02:00–03:00, free">' in body
    # The no-JS form keeps that slot as it was: it has no checkbox, and only the others change.
    form = GridForm(body)
    assert "Sun Mar 29, 02:00–03:00: free" not in form.boxes
    response = form.untick("Sun Mar 29, 03:00–04:00: free").post(client)
    assert response.status_code == 303
    assert slots(stored(meeting), "Alice") == {date(2026, 3, 28): "111", date(2026, 3, 29): "110"}


# --- the paint endpoint (one stroke of the page script) ---------------------------------------


def test_a_stroke_is_one_change(client: Client, timed: Meeting) -> None:
    join(client, timed, "Alice")
    version = stored(timed).version
    marks = [
        {"date": "2026-12-01", "action": "off", "from": "09:00", "to": "10:30"},
        {"date": "2026-12-02", "action": "off", "from": "09:00", "to": "10:30"},
        {"date": "2026-12-03", "action": "star", "from": "11:00", "to": "12:00"},
    ]
    response = paint(client, timed, marks, **FRAGMENT)
    assert response.status_code == 200
    assert response["Meetifyr-Fragment"] == "1"
    assert response["ETag"] == f'"m{version + 1}"'
    body = text(response)
    assert 'aria-label="Tue Dec 1, 09:00–09:30, busy"' in body
    assert 'aria-label="Thu Dec 3, 11:30–12:00, free, preferred"' in body
    meeting = stored(timed)
    assert meeting.version == version + 1
    assert slots(meeting, "Alice") == {
        DEC_1: "000111",
        DEC_2: "000111",
        date(2026, 12, 3): "111122",
    }
    # Without the fragment header (a form post): POST, redirect, GET.
    response = paint(client, timed, [{"date": "2026-12-01", "action": "on"}])
    assert response.status_code == 303
    assert response["Location"] == f"{page_url(timed)}#availability"
    assert slots(stored(timed), "Alice")[DEC_1] == "111111"


@pytest.mark.parametrize(
    ("marks", "message"),
    [
        ("not json", "That change is not possible."),
        ('{"date": "2026-12-01"}', "That change is not possible."),
        ("[" * 1000 + "]" * 1000, "That change is not possible."),  # nested beyond the parser
        ([{"date": "2026-12-01", "action": "explode"}], "That change is not possible."),
        ([{"date": "2026-02-30", "action": "off"}], "That change is not possible."),
        ([{"date": "2026-12-01", "action": "off", "extra": 1}], "That change is not possible."),
        ([{"date": "2026-12-01", "action": "off", "from": 900}], "That change is not possible."),
        ([["2026-12-01", "off"]], "That change is not possible."),
        (
            [{"date": "2026-12-01", "action": "off", "from": "08:00", "to": "09:00"}],
            "Those dates or times are not part of this meeting. Reload the page.",
        ),
        (
            [
                {"date": "2026-12-01", "action": "off", "from": "09:00", "to": "09:30"},
                {"date": "2026-12-01", "action": "off", "from": "09:10", "to": "09:30"},
            ],
            "Those dates or times are not part of this meeting. Reload the page.",
        ),
        (
            [{"date": "2026-12-09", "action": "off"}],
            "Those dates or times are not part of this meeting. Reload the page.",
        ),
        ([], "Those dates or times are not part of this meeting. Reload the page."),
        (
            [{"date": "2026-12-01", "action": "off"}] * 501,
            "Those dates or times are not part of this meeting. Reload the page.",
        ),
    ],
)
def test_bad_marks_are_400_and_change_nothing(
    client: Client, timed: Meeting, marks: Any, message: str
) -> None:
    join(client, timed, "Alice")
    before = stored(timed)
    for extra in ({}, FRAGMENT):
        response = paint(client, timed, marks, **extra)
        assert response.status_code == 400
        body = text(response)
        assert message in body
        assert 'role="alert"' in body
        assert stored(timed) == before


def test_painting_needs_a_row(client: Client, timed: Meeting) -> None:
    response = paint(client, timed, [{"date": "2026-12-01", "action": "off"}])
    assert response.status_code == 400
    assert "Join this meeting, or choose your name, before marking dates." in text(response)


def as_alice_without_her_key(meeting: Meeting) -> Client:
    """A browser whose session says it is Alice but which holds neither her key nor the
    organizer's (say the session was copied): what the services must refuse."""
    [alice] = stored(meeting).participants
    other = Client()
    session = other.session
    session[identity.SESSION_KEY] = {meeting.url_code: str(alice.id)}
    session.save()
    other.cookies[settings.SESSION_COOKIE_NAME] = session.session_key or ""
    return other


def test_painting_a_protected_row_needs_its_key(orm_repo: DjangoMeetingRepository) -> None:
    meeting = services.meeting_create(
        repo=orm_repo,
        start_date=DEC_1,
        end_date=DEC_2,
        window=time_window_check("09:00", "10:00", 30, SEOUL),
        organizer_key=key_new(),
    )
    alice = Client()
    join(alice, meeting, "Alice")
    other = as_alice_without_her_key(meeting)
    before = stored(meeting)
    refusal = "Only Alice or the organizer can change the answers of Alice."
    response = paint(other, meeting, [{"date": "2026-12-01", "action": "off"}])
    assert response.status_code == 403
    assert refusal in text(response).replace("&#x27;", "'")
    response = paint(other, meeting, [{"date": "2026-12-01", "action": "off"}], **FRAGMENT)
    assert response.status_code == 403
    assert response["Meetifyr-Fragment"] == "1"
    response = other.post(f"{page_url(meeting)}slots", {"was": "1111", "free": ["0", "2", "3"]})
    assert response.status_code == 403
    assert refusal in text(response)
    assert stored(meeting) == before
    # Alice's own browser holds her key.
    response = paint(alice, meeting, [{"date": "2026-12-01", "action": "off"}])
    assert response.status_code == 303
    assert slots(stored(meeting), "Alice")[DEC_1] == "00"


def test_a_drag_across_dates_of_a_dates_only_meeting(
    client: Client, meeting_with_range: Meeting
) -> None:
    join(client, meeting_with_range, "Alice")
    page = text(client.get(page_url(meeting_with_range)))
    assert 'id="paint-form"' in page
    assert 'id="mark-form"' in page  # a click still marks one date
    version = stored(meeting_with_range).version
    marks = [{"date": f"2026-12-0{day}", "action": "off"} for day in (2, 3, 4)]
    response = paint(client, meeting_with_range, marks, **FRAGMENT)
    assert response.status_code == 200
    assert 'aria-label="Alice, Wednesday, December 2: busy"' in text(response)
    meeting = stored(meeting_with_range)
    assert meeting.version == version + 1
    [alice] = meeting.participants
    assert [row.enabled for row in alice.dates] == [True, False, False, False, True, True, True]
    response = paint(
        client,
        meeting_with_range,
        [{"date": "2026-12-01", "action": "off", "from": "09:00", "to": "10:00"}],
    )
    assert response.status_code == 400
    assert stored(meeting_with_range) == meeting


# --- time zones ------------------------------------------------------------------------------


def test_times_in_the_browsers_zone_and_back(client: Client, timed: Meeting) -> None:
    join(client, timed, "Alice")
    client.post(f"{page_url(timed)}all-free")
    client.cookies[zones.ZONE_COOKIE] = "Europe/Berlin"
    body = text(client.get(page_url(timed)))
    assert (
        "Times are in your time zone, Europe/Berlin. The meeting\u2019s time zone is Asia/Seoul."
        in (body)
    )
    # 09:00 in Seoul is 01:00 in Berlin in December.
    assert '<th scope="row" class="time-col" abbr="01:00–01:30">01:00</th>' in body
    assert 'aria-label="Tue Dec 1, 01:00–01:30, free"' in body
    assert "<strong>Tuesday, December 1, 01:00–04:00</strong>" in body
    assert 'type="checkbox"' not in body  # the forms go by the meeting's dates and times
    assert "Show the meeting\u2019s time zone (Asia/Seoul)" in body

    response = client.post(f"{page_url(timed)}zone", {"zone": "meeting"}, **FRAGMENT)  # type: ignore[arg-type]
    assert response.status_code == 200
    assert "Times are in Asia/Seoul, the meeting\u2019s time zone." in text(response)
    assert "Show my time zone (Europe/Berlin)" in text(response)
    cookie = response.cookies[zones.MEETING_ZONE_COOKIE]
    assert cookie.value == timed.url_code
    assert cookie["samesite"] == "Lax"
    body = text(client.get(page_url(timed)))
    assert '<th scope="row" class="time-col" abbr="09:00–09:30">09:00</th>' in body
    assert 'type="checkbox"' in body

    response = client.post(f"{page_url(timed)}zone", {"zone": "viewer"})
    assert response.status_code == 303
    assert response.cookies[zones.MEETING_ZONE_COOKIE].value == ""  # deleted
    assert "Times are in your time zone, Europe/Berlin." in text(client.get(page_url(timed)))
    response = client.post(f"{page_url(timed)}zone", {"zone": "mars"})
    assert response.status_code == 400


def test_painting_in_another_zone_marks_the_meetings_slots(client: Client, timed: Meeting) -> None:
    """The script sends the meeting's dates and times, whatever the zone shown."""
    join(client, timed, "Alice")
    client.cookies[zones.ZONE_COOKIE] = "America/Los_Angeles"
    body = text(client.get(page_url(timed)))
    # 09:00 Tue in Seoul is 16:00 Mon in Los Angeles: the columns are LA's dates.
    assert 'aria-label="Mon Nov 30, 16:00–16:30, free"' in body
    cell = re.search(r'data-k="(\d+)" aria-label="Wed Dec 2, 16:00–16:30, free"', body)
    assert cell is not None
    assert cell.group(1) == "12"  # Dec 3 (third date) 09:00 in Seoul: 2 x 6 + 0
    assert 'data-dates="2026-12-01 2026-12-02 2026-12-03"' in body


@pytest.mark.parametrize("zone", ["Mars/Base", "", "Asia/Seoul; x"])
def test_an_unknown_browser_zone_is_ignored(client: Client, timed: Meeting, zone: str) -> None:
    client.cookies[zones.ZONE_COOKIE] = zone
    body = text(client.get(page_url(timed)))
    assert "Times are in Asia/Seoul, the meeting\u2019s time zone." in body


# --- what every page keeps --------------------------------------------------------------------


def test_timed_pages_have_no_inline_scripts_or_styles_and_csrf_everywhere(
    client: Client, timed: Meeting
) -> None:
    join(client, timed, "Alice")
    client.post(f"{page_url(timed)}all-free")
    client.cookies[zones.ZONE_COOKIE] = "Europe/Berlin"
    for response in (
        client.get("/"),
        client.get(page_url(timed)),
        client.get(f"{page_url(timed)}grid", **FRAGMENT),  # type: ignore[arg-type]
    ):
        body = text(response)
        assert not re.search(r"<script(?![^>]*\ssrc=)", body)
        assert not re.search(r"<style\b|\sstyle=", body)
        assert not re.search(r"\son[a-z]+=", body)
        forms = re.findall(r"<form\b.*?</form>", body, re.S)
        assert forms
        for form in forms:
            assert 'method="post"' in form
            assert 'name="csrfmiddlewaretoken"' in form


def test_names_are_escaped_in_the_slot_grids(client: Client, timed: Meeting) -> None:
    hostile = "<b>\"Eve\" & 'co'</b>"
    join(client, timed, hostile)
    body = text(client.get(page_url(timed)))
    assert hostile not in body
    assert "</strong> &lt;b&gt;&quot;Eve&quot; &amp; &#x27;co&#x27;&lt;/b&gt; <span" in body
    client.post(f"{page_url(timed)}all-free")
    body = text(client.get(page_url(timed)))
    assert hostile not in body
    assert '<li data-s="111111111111111111">&lt;b&gt;&quot;Eve&quot; &amp; &#x27;co&#x27;' in body


def test_paint_is_csrf_protected(timed: Meeting) -> None:
    browser = Client(enforce_csrf_checks=True)
    join_page = text(browser.get(page_url(timed)))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', join_page)
    assert token is not None
    browser.post(f"{page_url(timed)}join", {"name": "Alice", "csrfmiddlewaretoken": token.group(1)})
    before = stored(timed)
    response = paint(browser, timed, [{"date": "2026-12-01", "action": "off"}])
    assert response.status_code == 403
    assert stored(timed) == before
    response = browser.post(
        f"{page_url(timed)}paint",
        {
            "marks": '[{"date": "2026-12-01", "action": "off"}]',
            "csrfmiddlewaretoken": token.group(1),
        },
    )
    assert response.status_code == 303
    assert slots(stored(timed), "Alice")[DEC_1] == "000000"


def test_new_form_targets_redirect_a_get_and_know_unknown_meetings(
    client: Client, timed: Meeting
) -> None:
    for action in ("paint", "slots", "zone"):
        response = client.get(f"{page_url(timed)}{action}")
        assert response.status_code == 303
        assert response["Location"] == page_url(timed)
        response = client.post(f"/meetings/{'0' * 22}/{action}", {"marks": "[]", "zone": "meeting"})
        assert response.status_code == 404
        assert "Meeting not found" in text(response)
