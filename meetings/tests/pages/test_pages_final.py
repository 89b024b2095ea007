"""The organizer's decision on the pages, through Django's test client on MySQL: picking the
final date (one click on a best date or time, or the form), the decision on top with its
calendar links and ``event.ics``, a closed meeting refusing joins and marks (409), reopening,
deleting the meeting, and who may do each on a protected meeting."""

from __future__ import annotations

import html
import json
import re
from datetime import date, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.test import Client

from meetings.domain import Editing, MeetingNotFound
from meetings.tests.support.pages import field_errors, join, page_url, text
from meetings.tests.support.stored import stored
from meetings.web import identity, zones

pytestmark = pytest.mark.django_db

FRAGMENT: dict[str, Any] = {"HTTP_MEETIFYR_FRAGMENT": "1"}
SEOUL = "Asia/Seoul"
TIMES = {
    "times": "times",
    "start_time": "09:00",
    "end_time": "12:00",
    "slot_minutes": "30",
    "time_zone": SEOUL,
}
CLOSED = "This meeting is closed: the organizer has picked the final date."
ORGANIZER_ONLY = (
    "Only the organizer can change this meeting. Open the manage link on this device to do so."
)
DEC_1, DEC_2, DEC_3 = date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3)


def page(client: Client, code: str, **extra: Any) -> str:
    response = client.get(page_url(code), **extra)
    assert response.status_code == 200
    return text(response)


def alert(response: Any) -> str:
    """The text of the alert above the meeting ("" without one)."""
    found = re.search(r'<div class="alert" role="alert"[^>]*>(.*?)</div>', text(response), re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).strip() if found else ""


def decision_card(body: str) -> str:
    found = re.search(r'<section class="card decision".*?</section>', body, re.S)
    return found.group(0) if found else ""


def create(client: Client, *, times: bool = False) -> str:
    """A meeting of Dec 1-7 (with ``times``: Dec 1-3, 09:00-12:00 in Seoul) created through
    the page, so ``client`` holds its organizer key; protected, as every page-made meeting."""
    data = {"title": "Team dinner", "location": "Seoul", "start_date": "2026-12-01"}
    data["end_date"] = "2026-12-03" if times else "2026-12-07"
    if times:
        data.update(TIMES)
    response = client.post("/", data)
    assert response.status_code == 303
    client.get(response["Location"])  # as a browser would: shows the past-dates warning once
    code: str = response["Location"].split("/")[2]
    assert stored(code).editing is Editing.PROTECTED
    return code


def final(client: Client, code: str, data: dict[str, str], **extra: Any) -> Any:
    return client.post(f"{page_url(code)}final", data, **extra)


def forms_to(body: str, action: str) -> list[str]:
    return re.findall(rf'<form method="post" action="{re.escape(action)}".*?</form>', body, re.S)


def hidden_fields(form: str) -> dict[str, str]:
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    fields.pop("csrfmiddlewaretoken", None)
    return fields


@pytest.fixture
def organizer() -> Client:
    return Client()


@pytest.fixture
def ann() -> Client:
    return Client()


@pytest.fixture
def dates_meeting(organizer: Client, ann: Client) -> str:
    """Dates only, Dec 1-7: Ann is free on every date but Dec 1."""
    code = create(organizer)
    assert join(ann, code, "Ann").status_code == 303
    assert ann.post(f"{page_url(code)}mark", {"mark": "2026-12-01:off"}).status_code == 303
    return code


@pytest.fixture
def timed_meeting(organizer: Client, ann: Client) -> str:
    """Dec 1-3, 09:00-12:00 in Seoul: Ann is free only on Dec 2, 10:00-11:00."""
    code = create(organizer, times=True)
    assert join(ann, code, "Ann").status_code == 303
    busy = [{"date": day.isoformat(), "action": "off"} for day in (DEC_1, DEC_2, DEC_3)]
    free = {"date": "2026-12-02", "action": "on", "from": "10:00", "to": "11:00"}
    response = ann.post(f"{page_url(code)}paint", {"marks": json.dumps([*busy, free])})
    assert response.status_code == 303
    return code


# --- picking the final date ------------------------------------------------------------------


def test_finalize_a_dates_only_meeting(organizer: Client, dates_meeting: str) -> None:
    code = dates_meeting
    response = final(
        organizer, code, {"date": "2026-12-02", "note": "Bring <b>wine</b>\r\nand cake"}
    )
    assert response.status_code == 303
    assert response["Location"] == f"{page_url(code)}#decision"
    decided = stored(code).final
    assert decided is not None
    assert (decided.day, decided.start, decided.end) == (DEC_2, None, None)
    assert decided.note == "Bring <b>wine</b>\nand cake"
    card = decision_card(page(organizer, code))
    assert '<h2 id="decision-heading" class="decision-when">Meeting on Wed Dec 2</h2>' in card
    # The note escaped, its line break kept.
    assert "Bring &lt;b&gt;wine&lt;/b&gt;<br>and cake" in card
    assert "<b>wine</b>" not in card
    assert f'href="{page_url(code)}event.ics"' in card


def test_the_decision_is_on_top_for_everyone(
    organizer: Client, ann: Client, dates_meeting: str
) -> None:
    assert final(organizer, dates_meeting, {"date": "2026-12-02"}).status_code == 303
    for client in (organizer, ann, Client()):
        body = page(client, dates_meeting)
        card = decision_card(body)
        assert "Meeting on Wed Dec 2" in card
        # First in the meeting, above the title.
        assert body.index('<section class="card decision"') < body.index('id="meeting-title"')


def test_finalize_a_timed_meeting_from_the_form(organizer: Client, timed_meeting: str) -> None:
    code = timed_meeting
    response = final(organizer, code, {"date": "2026-12-03", "start": "09:30", "end": "11:00"})
    assert response.status_code == 303
    decided = stored(code).final
    assert decided is not None
    assert (decided.day, decided.start, decided.end, decided.note) == (DEC_3, 570, 660, "")
    card = decision_card(page(organizer, code))
    assert "Meeting on Thu Dec 3, 09:30–11:00 (Asia/Seoul)" in card
    assert "In your time zone" not in card


def test_the_form_offers_the_range_and_the_slot_boundaries(
    organizer: Client, timed_meeting: str
) -> None:
    body = page(organizer, timed_meeting)
    found = re.search(r'<details id="final-details".*?</details>', body, re.S)
    assert found is not None
    form = found.group(0)
    assert "Choose the final date yourself" in form
    day = re.search(r'<select name="date" id="id_final_date">(.*?)</select>', form, re.S)
    start = re.search(r'<select name="start" id="id_final_start">(.*?)</select>', form, re.S)
    end = re.search(r'<select name="end" id="id_final_end">(.*?)</select>', form, re.S)
    assert day is not None
    assert start is not None
    assert end is not None
    assert re.findall(r'value="([^"]+)"', day.group(1)) == [
        "2026-12-01",
        "2026-12-02",
        "2026-12-03",
    ]
    assert re.findall(r'value="([^"]+)"', start.group(1)) == [
        "09:00",
        "09:30",
        "10:00",
        "10:30",
        "11:00",
        "11:30",
    ]
    assert re.findall(r'value="([^"]+)"', end.group(1)) == [
        "09:30",
        "10:00",
        "10:30",
        "11:00",
        "11:30",
        "12:00",
    ]
    # It starts at the best time: Dec 2, 10:00-11:00.
    assert '<option value="2026-12-02" selected>' in day.group(1)
    assert '<option value="10:00" selected>' in start.group(1)
    assert '<option value="11:00" selected>' in end.group(1)
    assert re.search(r'<textarea name="note"[^>]*maxlength="500"', form)
    assert "Times in Asia/Seoul, the meeting\u2019s time zone." in form


def test_a_dates_only_pick_button_posts_its_date(organizer: Client, dates_meeting: str) -> None:
    code = dates_meeting
    body = page(organizer, code)
    best = re.search(r'<div class="best-dates">.*?</ol>', body, re.S)
    assert best is not None
    picks = forms_to(best.group(0), f"{page_url(code)}final")
    assert [hidden_fields(form) for form in picks] == [
        {"pick": "1", "date": "2026-12-02"},
        {"pick": "1", "date": "2026-12-03"},
        {"pick": "1", "date": "2026-12-04"},
    ]
    assert 'aria-label="Pick Wednesday, December 2 as the final date"' in picks[0]
    asked = final(organizer, code, hidden_fields(picks[1]))  # a pick asks first
    assert asked.status_code == 200
    assert stored(code).final is None
    response = final(organizer, code, {**hidden_fields(picks[1]), "confirmed": "1"})
    assert response.status_code == 303
    decided = stored(code).final
    assert decided is not None
    assert (decided.day, decided.start, decided.end, decided.note) == (DEC_3, None, None, "")


def test_a_timed_pick_button_shows_the_viewers_time_and_posts_the_meetings(
    organizer: Client, timed_meeting: str
) -> None:
    """In Berlin the best time reads 02:00-03:00; its button posts Seoul's 10:00-11:00."""
    code = timed_meeting
    organizer.cookies[zones.ZONE_COOKIE] = "Europe/Berlin"
    body = page(organizer, code)
    best = re.search(r'<div class="best-dates">.*?</ol>', body, re.S)
    assert best is not None
    assert "<strong>Wednesday, December 2, 02:00–03:00</strong> – 1 of 1 free" in best.group(0)
    [pick] = forms_to(best.group(0), f"{page_url(code)}final")
    assert hidden_fields(pick) == {
        "pick": "1",
        "date": "2026-12-02",
        "start": "10:00",
        "end": "11:00",
    }
    assert 'aria-label="Pick Wednesday, December 2, 02:00–03:00 as the final time"' in pick
    response = final(organizer, code, {**hidden_fields(pick), "confirmed": "1"}, **FRAGMENT)
    assert response.status_code == 200
    assert response["Meetifyr-Fragment"] == "1"
    decided = stored(code).final
    assert decided is not None
    assert (decided.day, decided.start, decided.end) == (DEC_2, 600, 660)
    # Since issue 24 the decision is said in the zone the page shows (one zone at a time,
    # named), not in the meeting's with the viewer's under it.
    card = decision_card(text(response))
    assert "Meeting on Wed Dec 2, 02:00–03:00 (Europe/Berlin)" in card
    assert "Asia/Seoul" not in card


def test_a_pick_across_midnight_in_the_viewers_zone(organizer: Client) -> None:
    """Seoul 09:00 on Dec 1 is 16:00 on Nov 30 in Los Angeles: the viewer's date is said (in
    the decision's heading, since issue 24: one zone at a time, the page's)."""
    code = create(organizer, times=True)
    assert (
        final(organizer, code, {"date": "2026-12-01", "start": "09:00", "end": "12:00"}).status_code
        == 303
    )
    organizer.cookies[zones.ZONE_COOKIE] = "America/Los_Angeles"
    card = decision_card(page(organizer, code))
    assert "Meeting on Mon Nov 30, 16:00–19:00 (America/Los Angeles)" in card


def test_the_calendar_links_carry_the_decision(organizer: Client, timed_meeting: str) -> None:
    code = timed_meeting
    final(
        organizer, code, {"date": "2026-12-02", "start": "10:00", "end": "11:30", "note": "Room 4"}
    )
    card = decision_card(page(organizer, code))
    links = {
        name: html.unescape(href)
        for href, name in re.findall(
            r'<a class="button[^"]*" href="([^"]+)"[^>]*id="(google|outlook)-link"', card
        )
    }
    google = parse_qs(urlsplit(links["google"]).query)
    assert links["google"].startswith("https://calendar.google.com/calendar/render?")
    assert google["dates"] == ["20261202T100000/20261202T113000"]
    assert google["ctz"] == [SEOUL]
    assert google["text"] == ["Team dinner"]
    assert google["details"] == [f"Room 4\n\nhttp://testserver{page_url(code)}"]
    outlook = parse_qs(urlsplit(links["outlook"]).query)
    assert outlook["startdt"] == ["2026-12-02T10:00:00+09:00"]
    assert outlook["enddt"] == ["2026-12-02T11:30:00+09:00"]
    assert outlook["allday"] == ["false"]
    for name in ("google", "outlook"):
        assert re.search(rf'target="_blank" rel="noopener" id="{name}-link"', card)


def test_the_calendar_links_of_a_dates_only_meeting(organizer: Client, dates_meeting: str) -> None:
    final(organizer, dates_meeting, {"date": "2026-12-07"})
    card = html.unescape(decision_card(page(organizer, dates_meeting)))
    assert "dates=20261207%2F20261208" in card  # an all-day event ends the day after
    assert "startdt=2026-12-07&enddt=2026-12-08&allday=true" in card


def test_the_decision_in_korean(organizer: Client, timed_meeting: str) -> None:
    final(organizer, timed_meeting, {"date": "2026-12-02", "start": "10:00", "end": "11:00"})
    body = page(organizer, timed_meeting, HTTP_ACCEPT_LANGUAGE="ko")
    assert '<html lang="ko"' in body
    assert "12월 2일 (수요일), 10:00–11:00" in decision_card(body)


def at(day: str = "2026-12-02", start: str = "10:00", end: str = "11:00", **more: str) -> Any:
    return {"date": day, "start": start, "end": end, **more}


@pytest.mark.parametrize(
    ("data", "field_id", "message"),
    [
        (at("2026-12-20"), "id_final_date", "Pick one of the meeting's dates."),
        (at("soon"), "id_final_date", "Enter a date such as 2026-12-01."),
        (at(""), "id_final_date", "Pick a date."),
        (
            at(start="09:10"),
            "id_final_start",
            "With slots of 30 minutes, pick a time such as 09:30.",
        ),
        (at(start="08:00"), "id_final_start", "Pick a time from 09:00 to 12:00."),
        (at(end="10:00"), "id_final_end", "The end time must be after the start time."),
        (at(end="late"), "id_final_end", "Pick a time such as 09:00."),
        (at(note="n" * 501), "id_final_note", "Use at most 500 characters."),
        (at(note="bell\x07"), "id_final_note", "Remove special characters from the note."),
    ],
)
def test_a_broken_rule_is_shown_next_to_its_field(
    organizer: Client, timed_meeting: str, data: dict[str, str], field_id: str, message: str
) -> None:
    before = stored(timed_meeting)
    for extra in ({}, FRAGMENT):
        response = final(organizer, timed_meeting, data, **extra)
        assert response.status_code == 400
        assert message in html.unescape(field_errors(response, field_id))
        assert '<details id="final-details" class="final-choose" open>' in text(response)
    assert stored(timed_meeting) == before


def test_a_dates_only_meeting_takes_no_times(organizer: Client, dates_meeting: str) -> None:
    """The form has no time fields there; times posted anyway are ignored."""
    body = page(organizer, dates_meeting)
    assert 'name="start"' not in body
    response = final(organizer, dates_meeting, {"date": "2026-12-05", "start": "09:00"})
    assert response.status_code == 303
    decided = stored(dates_meeting).final
    assert decided is not None
    assert (decided.day, decided.start) == (date(2026, 12, 5), None)


def test_a_timed_meeting_needs_the_times(organizer: Client, timed_meeting: str) -> None:
    response = final(organizer, timed_meeting, {"date": "2026-12-02"})
    assert response.status_code == 400
    assert alert(response) == "Pick the start and end times."
    assert stored(timed_meeting).final is None


# --- a closed meeting ------------------------------------------------------------------------


def test_a_closed_page_hides_every_editing_control(
    organizer: Client, ann: Client, dates_meeting: str
) -> None:
    code = dates_meeting
    open_page = page(organizer, code)
    for present in ('id="edit-details"', f'action="{page_url(code)}final"', 'id="final-details"'):
        assert present in open_page
    assert 'id="toggle-2026-12-02"' in page(ann, code)

    final(organizer, code, {"date": "2026-12-02"})
    for client in (organizer, ann, Client()):
        body = page(client, code)
        assert f'action="{page_url(code)}join"' not in body
        assert 'id="edit-details"' not in body
        assert f'action="{page_url(code)}title"' not in body
        assert f'action="{page_url(code)}dates"' not in body
        assert 'name="mark"' not in body  # my row is read-only
        assert "data-paint" not in body
        assert 'class="pick-form"' not in body
        assert 'id="final-details"' not in body
        # Everyone's answers are still shown.
        assert 'aria-label="Ann, Wednesday, December 2: free"' in body
        assert 'aria-label="Ann, Tuesday, December 1: busy"' in body
    # The organizer may reopen (and delete); Ann, on this protected meeting, may not.
    assert 'id="reopen"' in page(organizer, code)
    assert 'id="delete-details"' in page(organizer, code)
    ann_page = page(ann, code)
    assert 'id="reopen"' not in ann_page
    assert 'id="delete-details"' not in ann_page
    assert "You are Ann" in ann_page
    assert "the answers can no longer be changed" in ann_page
    assert 'id="leave-details"' in ann_page  # leaving is still allowed


def test_a_closed_timed_page_shows_only_everyones_grid(
    organizer: Client, ann: Client, timed_meeting: str
) -> None:
    final(organizer, timed_meeting, {"date": "2026-12-02", "start": "10:00", "end": "11:00"})
    body = page(ann, timed_meeting)
    assert 'id="heat-grid"' in body
    assert 'id="mine-grid"' not in body
    assert f'action="{page_url(timed_meeting)}slots"' not in body
    assert "Preferred brush" not in body


def test_joining_and_marking_are_refused_while_closed(
    organizer: Client, ann: Client, dates_meeting: str
) -> None:
    code = dates_meeting
    final(organizer, code, {"date": "2026-12-02"})
    before = stored(code)
    url = page_url(code)
    off_dec_3 = json.dumps([{"date": "2026-12-03", "action": "off"}])
    for extra in ({}, FRAGMENT):
        attempts = [
            Client().post(f"{url}join", {"name": "Bo"}, **extra),
            ann.post(f"{url}mark", {"mark": "2026-12-02:off"}, **extra),
            ann.post(f"{url}paint", {"marks": off_dec_3}, **extra),
            organizer.post(f"{url}join", {"name": "Cy"}, **extra),
        ]
        for response in attempts:
            assert response.status_code == 409
            assert alert(response) == CLOSED
            assert response.get("Meetifyr-Fragment") == ("1" if extra else None)
    assert stored(code) == before


def test_slots_are_refused_while_closed(organizer: Client, ann: Client, timed_meeting: str) -> None:
    code = timed_meeting
    final(organizer, code, {"date": "2026-12-02", "start": "10:00", "end": "11:00"})
    before = stored(code)
    url = page_url(code)
    marks = json.dumps([{"date": "2026-12-01", "action": "on", "from": "09:00", "to": "10:00"}])
    for response in (
        ann.post(f"{url}slots", {"was": "000000001100000000", "free": ["0", "8", "9"]}),
        ann.post(f"{url}paint", {"marks": marks}),
        ann.post(f"{url}paint", {"marks": marks}, **FRAGMENT),
    ):
        assert response.status_code == 409
        assert alert(response) == CLOSED
    assert stored(code) == before


def test_reopen_restores_joining_and_marking(
    organizer: Client, ann: Client, dates_meeting: str
) -> None:
    code = dates_meeting
    final(organizer, code, {"date": "2026-12-02", "note": "Fixed"})
    response = final(organizer, code, {"reopen": "1"})
    assert response.status_code == 303
    assert response["Location"] == page_url(code)
    assert stored(code).final is None
    body = page(Client(), code)
    assert decision_card(body) == ""
    assert f'action="{page_url(code)}join"' in body
    assert 'id="toggle-2026-12-02"' in page(ann, code)
    assert 'class="pick-form"' in page(organizer, code)
    assert ann.post(f"{page_url(code)}mark", {"mark": "2026-12-02:off"}).status_code == 303
    assert join(Client(), code, "Bo").status_code == 303
    assert [p.name for p in stored(code).participants] == ["Ann", "Bo"]


def test_reopen_with_the_script_answers_the_fragment(organizer: Client, dates_meeting: str) -> None:
    final(organizer, dates_meeting, {"date": "2026-12-02"})
    response = final(organizer, dates_meeting, {"reopen": "1"}, **FRAGMENT)
    assert response.status_code == 200
    assert response["Meetifyr-Fragment"] == "1"
    assert 'id="final-details"' in text(response)
    assert stored(dates_meeting).final is None


# --- who may decide, reopen and delete --------------------------------------------------------


def test_without_the_organizer_key_nothing_changes(
    organizer: Client, ann: Client, dates_meeting: str
) -> None:
    code = dates_meeting
    url = page_url(code)
    for client in (ann, Client()):  # a participant holding her own key, a stranger
        body = page(client, code)
        assert 'class="pick-form"' not in body
        assert 'id="final-details"' not in body
        assert 'id="delete-details"' not in body
        before = stored(code)
        for response in (
            final(client, code, {"date": "2026-12-02"}),
            final(client, code, {"date": "2026-12-02"}, **FRAGMENT),
            client.post(f"{url}delete", {"confirm": "on"}),
            client.post(f"{url}delete", {"confirm": "on"}, **FRAGMENT),
        ):
            assert response.status_code == 403
            assert alert(response) == ORGANIZER_ONLY
        assert stored(code) == before

    final(organizer, code, {"date": "2026-12-02"})
    closed = stored(code)
    for client in (ann, Client()):
        for response in (
            final(client, code, {"reopen": "1"}),
            final(client, code, {"date": "2026-12-03"}),
            client.post(f"{url}delete", {"confirm": "on"}),
        ):
            assert response.status_code == 403
            assert alert(response) == ORGANIZER_ONLY
    assert stored(code) == closed


def test_on_an_open_meeting_anyone_decides_but_only_the_organizer_deletes(
    organizer: Client, dates_meeting: str
) -> None:
    code = dates_meeting
    assert organizer.post(f"{page_url(code)}editing", {"editing": "open"}).status_code == 303
    stranger = Client()
    assert 'class="pick-form"' in page(stranger, code)
    assert 'id="delete-details"' not in page(stranger, code)
    assert final(stranger, code, {"date": "2026-12-04"}).status_code == 303
    assert 'id="reopen"' in page(stranger, code)
    assert final(stranger, code, {"reopen": "1"}).status_code == 303
    assert stored(code).final is None
    response = stranger.post(f"{page_url(code)}delete", {"confirm": "on"})
    assert response.status_code == 403
    assert alert(response) == ORGANIZER_ONLY
    assert stored(code).url_code == code


# --- deleting ---------------------------------------------------------------------------------


def test_delete_with_the_confirmation(organizer: Client, ann: Client, dates_meeting: str) -> None:
    code = dates_meeting
    assert join(organizer, code, "Olga").status_code == 303
    assert code in organizer.session[identity.SESSION_KEY]
    body = page(organizer, code)
    delete = re.search(r'<details id="delete-details".*?</details>', body, re.S)
    assert delete is not None
    assert "data-plain" in delete.group(0)  # sent the usual way: it leaves the page
    assert 'name="confirm" value="on"' in delete.group(0)

    response = organizer.post(f"{page_url(code)}delete", {"confirm": "on"})
    assert response.status_code == 303
    assert response["Location"] == "/"
    with pytest.raises(MeetingNotFound):
        stored(code)
    home = organizer.get("/")
    assert '<p class="success">The meeting was deleted.</p>' in text(home)
    assert "The meeting was deleted." not in text(organizer.get("/"))  # shown once
    # The browser forgot its keys and who it was there.
    assert code not in organizer.cookies[identity.KEYS_COOKIE].value
    assert code not in organizer.session.get(identity.SESSION_KEY, {})
    for client in (organizer, ann):
        for response in (
            client.get(page_url(code)),
            client.get(f"{page_url(code)}event.ics"),
            client.post(f"{page_url(code)}delete", {"confirm": "on"}),
        ):
            assert response.status_code == 410  # deleted, not "check the link"
            assert "This meeting was deleted" in text(response)
        assert client.get(f"{page_url(code)}grid", **FRAGMENT).status_code == 410


def test_delete_with_the_script_leads_to_the_create_page(
    organizer: Client, dates_meeting: str
) -> None:
    response = organizer.post(f"{page_url(dates_meeting)}delete", {"confirm": "on"}, **FRAGMENT)
    assert response.status_code == 204
    assert response["Meetifyr-Navigate"] == "/"
    with pytest.raises(MeetingNotFound):
        stored(dates_meeting)
    assert "The meeting was deleted." in text(organizer.get("/"))


def test_delete_without_the_confirmation_deletes_nothing(
    organizer: Client, dates_meeting: str
) -> None:
    before = stored(dates_meeting)
    for extra in ({}, FRAGMENT):
        response = organizer.post(f"{page_url(dates_meeting)}delete", {}, **extra)
        assert response.status_code == 400
        assert "Confirm that you want to delete this meeting." in text(response)
        assert '<details id="delete-details" class="delete" open>' in text(response)
    assert stored(dates_meeting) == before


def test_deleting_drops_the_apis_kept_meeting(organizer: Client, dates_meeting: str) -> None:
    """The API keeps rendered meetings per version; after a delete it must answer 404."""
    api = Client()
    assert api.get(f"/v1/mysql/meetings/{dates_meeting}").status_code == 200
    organizer.post(f"{page_url(dates_meeting)}delete", {"confirm": "on"})
    assert api.get(f"/v1/mysql/meetings/{dates_meeting}").status_code == 404


# --- the calendar file --------------------------------------------------------------------------


def test_the_calendar_file_of_a_timed_meeting(organizer: Client, timed_meeting: str) -> None:
    code = timed_meeting
    final(
        organizer, code, {"date": "2026-12-02", "start": "10:00", "end": "11:30", "note": "Room 4"}
    )
    response = Client().get(f"{page_url(code)}event.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Team dinner.ics\"; filename*=UTF-8''Team%20dinner.ics"
    )
    [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Team dinner"
    assert str(event["LOCATION"]) == "Seoul"
    start = event.decoded("DTSTART")
    assert start == datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo(SEOUL))
    assert start.tzinfo.key == SEOUL
    assert event.decoded("DTEND") == datetime(2026, 12, 2, 11, 30, tzinfo=ZoneInfo(SEOUL))
    assert str(event["DESCRIPTION"]) == f"Room 4\n\nhttp://testserver{page_url(code)}"
    assert str(event["URL"]) == f"http://testserver{page_url(code)}"


def test_the_calendar_file_of_a_dates_only_meeting(organizer: Client, dates_meeting: str) -> None:
    final(organizer, dates_meeting, {"date": "2026-12-05"})
    response = Client().get(f"{page_url(dates_meeting)}event.ics")
    assert response.status_code == 200
    [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("DTSTART") == date(2026, 12, 5)
    assert event.decoded("DTEND") == date(2026, 12, 6)
    assert str(event["UID"]) == f"meeting-{dates_meeting}@meetifyr"


def test_an_untitled_meetings_file_says_so_in_the_viewers_language(organizer: Client) -> None:
    response = organizer.post("/", {"start_date": "2026-12-01", "end_date": "2026-12-02"})
    code = response["Location"].split("/")[2]
    final(organizer, code, {"date": "2026-12-01"})
    [event] = icalendar.Calendar.from_ical(Client().get(f"{page_url(code)}event.ics").content).walk(
        "VEVENT"
    )
    assert str(event["SUMMARY"]) == "Untitled meeting"


def test_no_calendar_file_without_a_decision(organizer: Client, dates_meeting: str) -> None:
    response = Client().get(f"{page_url(dates_meeting)}event.ics")
    assert response.status_code == 404
    assert "No final date yet" in text(response)
    assert f'href="{page_url(dates_meeting)}"' in text(response)  # back to the meeting
    final(organizer, dates_meeting, {"date": "2026-12-02"})
    final(organizer, dates_meeting, {"reopen": "1"})
    assert Client().get(f"{page_url(dates_meeting)}event.ics").status_code == 404
    assert Client().get(f"/meetings/{'0' * 22}/event.ics").status_code == 404


# --- kept fragments, form targets -------------------------------------------------------------


def test_a_fragment_kept_before_the_decision_is_not_served_after(
    organizer: Client, dates_meeting: str
) -> None:
    viewer = Client()
    grid = f"{page_url(dates_meeting)}grid"
    before = viewer.get(grid, **FRAGMENT)
    assert before.status_code == 200
    assert f'action="{page_url(dates_meeting)}join"' in text(before)
    kept = viewer.get(grid, **FRAGMENT)  # served from what was kept
    assert kept["ETag"] == before["ETag"]
    final(organizer, dates_meeting, {"date": "2026-12-02"})
    after = viewer.get(grid, **FRAGMENT)
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert "Meeting on Wed Dec 2" in decision_card(text(after))
    assert f'action="{page_url(dates_meeting)}join"' not in text(after)
    # And back: reopening is a change too.
    final(organizer, dates_meeting, {"reopen": "1"})
    reopened = viewer.get(grid, **FRAGMENT)
    assert decision_card(text(reopened)) == ""
    assert f'action="{page_url(dates_meeting)}join"' in text(reopened)


def test_a_poll_sees_the_decision(organizer: Client, dates_meeting: str) -> None:
    viewer = Client()
    grid = f"{page_url(dates_meeting)}grid"
    etag = viewer.get(grid, **FRAGMENT)["ETag"]
    assert viewer.get(grid, HTTP_IF_NONE_MATCH=etag, **FRAGMENT).status_code == 304
    final(organizer, dates_meeting, {"date": "2026-12-02"})
    response = viewer.get(grid, HTTP_IF_NONE_MATCH=etag, **FRAGMENT)
    assert response.status_code == 200
    assert "Meeting on Wed Dec 2" in text(response)


def test_the_new_form_targets_redirect_a_get_and_know_unknown_meetings(
    client: Client, dates_meeting: str
) -> None:
    for action in ("final", "delete"):
        response = client.get(f"{page_url(dates_meeting)}{action}")
        assert response.status_code == 303
        assert response["Location"] == page_url(dates_meeting)
        response = client.post(
            f"/meetings/{'0' * 22}/{action}", {"date": "2026-12-01", "confirm": "on"}
        )
        assert response.status_code == 404
        assert "Meeting not found" in text(response)


def test_the_new_forms_carry_csrf_and_no_inline_code(organizer: Client, timed_meeting: str) -> None:
    final(organizer, timed_meeting, {"date": "2026-12-02", "start": "10:00", "end": "11:00"})
    for body in (
        page(organizer, timed_meeting),
        text(organizer.get(f"{page_url(timed_meeting)}grid", **FRAGMENT)),
    ):
        assert not re.search(r"<script(?![^>]*\ssrc=)|<style\b|\sstyle=|\son[a-z]+=", body)
        for form in re.findall(r"<form\b.*?</form>", body, re.S):
            assert 'name="csrfmiddlewaretoken"' in form


def test_finalizing_is_csrf_protected(dates_meeting: str) -> None:
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(f"{page_url(dates_meeting)}final", {"date": "2026-12-02"})
    assert response.status_code == 403
    assert stored(dates_meeting).final is None
