"""The organizer decides, through the API on every store: the final date (dates-only and timed),
a closed meeting refusing joins and marks, reopening, the calendar file parsed back field by
field, and deleting a meeting with everything in it. Every refusal with its exact message and
nothing stored changed."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import icalendar
import pytest
from rest_framework.test import APIClient

from meetings import domain, services
from meetings.api.serializers import FINAL_EITHER
from meetings.domain import FINAL_NO_DATES
from meetings.repositories import MeetingRepository, repository_for
from meetings.tests.support.api import join
from meetings.tests.support.stored import store_rows, stored

pytestmark = pytest.mark.django_db

RANGE = {"start_date": "2026-12-07", "end_date": "2026-12-11"}
WINDOW = {"start_time": "09:00", "end_time": "18:00", "slot_minutes": 30, "time_zone": "Asia/Seoul"}


@pytest.fixture
def repo(store: str) -> MeetingRepository:
    return repository_for(store)


class Meeting:
    """A protected meeting made through the API, with its organizer's client and a member."""

    def __init__(self, store: str, *, timed: bool = False, dates: bool = True, **create: Any):
        self.store = store
        self.base = f"/v1/{store}/meetings"
        created = APIClient().post(
            self.base, {"title": "Team dinner", "location": "Seoul", **create}, format="json"
        )
        assert created.status_code == 201, created.content
        self.code: str = created.json()["url_code"]
        self.key: str = created.json()["organizer_key"]
        self.organizer = APIClient()
        self.organizer.credentials(HTTP_AUTHORIZATION=f"Bearer {self.key}")
        if dates:
            body = {**RANGE, **(WINDOW if timed else {})}
            answer = self.organizer.patch(f"{self.url}/date_range", body, format="json")
            assert answer.status_code == 200, answer.content
            self.ann = self.join("Ann")
            self.ann_client = APIClient()
            self.ann_client.credentials(HTTP_AUTHORIZATION=f"Bearer {self.ann['participant_key']}")

    @property
    def url(self) -> str:
        return f"{self.base}/{self.code}"

    def join(self, name: str) -> Any:
        return join(APIClient(), self.store, self.code, name)

    def join_answer(self, name: str) -> Any:
        return APIClient().post(
            f"/v1/{self.store}/participants",
            {"meeting_url_code": self.code, "name": name},
            format="json",
        )

    def final(self, body: Any, *, client: APIClient | None = None) -> Any:
        return (client or self.organizer).patch(f"{self.url}/final", body, format="json")

    def get(self) -> Any:
        answer = APIClient().get(self.url)
        assert answer.status_code == 200, answer.content
        return answer.json()

    def stored(self) -> domain.Meeting:
        return stored(self.code, repository_for(self.store))


def _ics(answer: Any) -> icalendar.Calendar:
    assert answer.status_code == 200, answer.content
    assert answer["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(answer.content)
    assert isinstance(calendar, icalendar.Calendar)
    return calendar


def _event(calendar: icalendar.Calendar) -> icalendar.Event:
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert isinstance(event, icalendar.Event)
    return event


# --- deciding -----------------------------------------------------------------------------------


def test_a_dates_only_meeting_is_decided(store: str) -> None:
    meeting = Meeting(store)
    before = meeting.stored().version
    answer = meeting.final({"date": "2026-12-08", "note": "  Table for 6 \r\nat 7pm  "})
    assert answer.status_code == 200, answer.content
    final = answer.json()["final"]
    assert {k: final[k] for k in ("date", "start", "end", "note")} == {
        "date": "2026-12-08",
        "start": None,
        "end": None,
        "note": "Table for 6 \nat 7pm",
    }
    decided = dt.datetime.fromisoformat(final["decided_at"])
    assert decided.tzinfo is not None
    assert abs(dt.datetime.now(dt.UTC) - decided) < dt.timedelta(minutes=1)
    assert meeting.get()["final"] == final
    stored = meeting.stored()
    assert stored.version == before + 1
    assert stored.final == domain.FinalDecision(
        dt.date(2026, 12, 8), None, None, "Table for 6 \nat 7pm", decided
    )


def test_a_timed_meeting_is_decided_on_slot_boundaries(store: str) -> None:
    meeting = Meeting(store, timed=True)
    answer = meeting.final({"date": "2026-12-08", "start": "14:00", "end": "15:30"})
    assert answer.status_code == 200, answer.content
    final = answer.json()["final"]
    assert (final["date"], final["start"], final["end"], final["note"]) == (
        "2026-12-08",
        "14:00",
        "15:30",
        "",
    )
    assert meeting.stored().final is not None
    assert (meeting.stored().final.start, meeting.stored().final.end) == (840, 930)  # type: ignore[union-attr]
    # The end of the window is a boundary too.
    answer = meeting.final({"date": "2026-12-11", "start": "17:30", "end": "18:00"})
    assert answer.status_code == 200, answer.content
    assert answer.json()["final"]["end"] == "18:00"


@pytest.mark.parametrize(
    ("timed", "body", "message"),
    [
        (False, {"date": "2026-12-12"}, "date 2026-12-12 is not in the meeting's range"),
        (False, {"date": "2026-12-06"}, "date 2026-12-06 is not in the meeting's range"),
        (
            False,
            {"date": "2026-12-08", "start": "10:00", "end": "11:00"},
            "start and end are only for meetings with time slots",
        ),
        (True, {"date": "2026-12-08"}, "a meeting with time slots needs start and end"),
        (
            True,
            {"date": "2026-12-08", "start": "10:00"},
            "a meeting with time slots needs start and end",
        ),
        (
            True,
            {"date": "2026-12-08", "start": "08:30", "end": "10:00"},
            "start 08:30 is outside the window 09:00-18:00",
        ),
        (
            True,
            {"date": "2026-12-08", "start": "17:00", "end": "18:30"},
            "end 18:30 is outside the window 09:00-18:00",
        ),
        (
            True,
            {"date": "2026-12-08", "start": "09:10", "end": "10:00"},
            "start 09:10 is not on a 30-minute slot boundary",
        ),
        (
            True,
            {"date": "2026-12-08", "start": "10:00", "end": "10:00"},
            "end 10:00 should be after start 10:00",
        ),
        (
            True,
            {"date": "2026-12-08", "start": "9:00", "end": "10:00"},
            'start should be a time from "00:00" to "23:59" written as HH:MM',
        ),
        (False, {"date": "2026-12-08", "note": "x" * 501}, "note should be at most 500 characters"),
        (
            False,
            {"date": "2026-12-08", "note": "bell\x07"},
            "note should not contain control characters",
        ),
    ],
)
def test_a_decision_that_breaks_a_rule_is_422_and_changes_nothing(
    store: str, timed: bool, body: dict[str, Any], message: str
) -> None:
    meeting = Meeting(store, timed=timed)
    before = meeting.stored()
    answer = meeting.final(body)
    assert answer.status_code == 422, answer.content
    assert answer.json() == {"detail": message}
    assert meeting.stored() == before


def test_a_note_of_500_characters_after_trimming_is_fine(store: str) -> None:
    meeting = Meeting(store)
    answer = meeting.final({"date": "2026-12-08", "note": " " + "가" * 500 + "\n"})
    assert answer.status_code == 200, answer.content
    assert answer.json()["final"]["note"] == "가" * 500


def test_a_meeting_without_dates_cannot_be_decided(store: str) -> None:
    meeting = Meeting(store, dates=False)
    before = meeting.stored()
    answer = meeting.final({"date": "2026-12-08"})
    assert answer.status_code == 422
    assert answer.json() == {"detail": FINAL_NO_DATES}
    assert meeting.stored() == before


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({}, {"non_field_errors": [FINAL_EITHER]}),
        ({"note": "only a note"}, {"non_field_errors": [FINAL_EITHER]}),
        ({"final": None, "date": "2026-12-08"}, {"non_field_errors": [FINAL_EITHER]}),
        ({"final": 5}, {"final": ["send null to reopen the meeting"]}),
        ({"final": "2026-12-08"}, {"final": ["send null to reopen the meeting"]}),
        ({"date": 20261208}, None),
        ({"date": "08/12/2026"}, None),
        ({"date": None}, {"date": ["This field may not be null."]}),
        ({"date": "2026-12-08", "start": 900, "end": "10:00"}, {"start": ["Not a valid string."]}),
        ({"date": "2026-12-08", "note": ["a"]}, {"note": ["Not a valid string."]}),
        ({"date": "2026-12-08", "note": "x" * 2001}, None),
        (["2026-12-08"], None),
    ],
)
def test_garbage_is_400_and_changes_nothing(
    store: str, body: Any, errors: dict[str, Any] | None
) -> None:
    meeting = Meeting(store, timed=True)
    before = meeting.stored()
    answer = meeting.final(body)
    assert answer.status_code == 400, answer.content
    if errors is not None:
        assert answer.json() == errors
    assert meeting.stored() == before


def test_an_unknown_or_malformed_meeting_is_404(store: str) -> None:
    api = APIClient()
    for code in ("Z" * 22, "short", "a" * 23):
        answer = api.patch(
            f"/v1/{store}/meetings/{code}/final", {"date": "2026-12-08"}, format="json"
        )
        assert answer.status_code == 404
        assert answer.json() == {"detail": f"meeting with url_code: {code} not found"}
        assert api.get(f"/v1/{store}/meetings/{code}/event.ics").status_code == 404
        assert api.delete(f"/v1/{store}/meetings/{code}").status_code == 404


def test_another_meetings_organizer_key_cannot_decide_or_delete(store: str) -> None:
    victim, attacker = Meeting(store), Meeting(store)
    before = victim.stored()
    answer = victim.final({"date": "2026-12-08"}, client=attacker.organizer)
    assert answer.status_code == 403
    assert answer.json() == {"detail": domain.ORGANIZER_KEY_REFUSED}
    answer = attacker.organizer.delete(victim.url)
    assert answer.status_code == 403
    assert answer.json() == {"detail": domain.ORGANIZER_KEY_REFUSED}
    # A participant's own key is not the organizer's either.
    answer = victim.final({"date": "2026-12-08"}, client=victim.ann_client)
    assert answer.status_code == 403
    assert victim.ann_client.delete(victim.url).status_code == 403
    assert victim.stored() == before


# --- closed -------------------------------------------------------------------------------------


def _closed_refusals(meeting: Meeting) -> list[Any]:
    """Every way to join or mark, each as Ann (who may change her row) would send it."""
    date_id = meeting.ann["participant_dates"][0]["id"]
    ann = meeting.ann_client
    answers = [meeting.join_answer("Bob")]
    for action in ("on", "off", "star", "unstar"):
        answers.append(
            ann.patch(
                f"/v1/{meeting.store}/participant_dates/{action}",
                {"participant_date_id": date_id, "meeting_url_code": meeting.code},
                format="json",
            )
        )
    answers.append(
        ann.patch(
            f"{meeting.url}/participants/{meeting.ann['participant_id']}/marks",
            {"marks": [{"date": "2026-12-08", "action": "off"}]},
            format="json",
        )
    )
    return answers


@pytest.mark.parametrize("timed", [False, True])
def test_a_closed_meeting_refuses_joins_and_marks_until_reopened(store: str, timed: bool) -> None:
    meeting = Meeting(store, timed=timed)
    times = {"start": "10:00", "end": "11:00"} if timed else {}
    assert meeting.final({"date": "2026-12-08", **times}).status_code == 200
    closed = meeting.stored()
    for answer in _closed_refusals(meeting):
        assert answer.status_code == 409, answer.content
        assert answer.json() == {"detail": domain.MEETING_CLOSED}
    assert meeting.stored() == closed

    reopened = meeting.final({"final": None})
    assert reopened.status_code == 200, reopened.content
    assert reopened.json()["final"] is None
    assert meeting.get()["final"] is None
    assert meeting.stored().final is None
    statuses = [answer.status_code for answer in _closed_refusals(meeting)]
    assert statuses == [201, 200, 200, 200, 200, 200]
    assert [p.name for p in meeting.stored().participants] == ["Ann", "Bob"]


def test_a_closed_meeting_still_lets_people_leave_and_the_organizer_edit(store: str) -> None:
    meeting = Meeting(store)
    assert meeting.final({"date": "2026-12-08"}).status_code == 200
    title = meeting.organizer.patch(f"{meeting.url}/title", {"title": "Dinner!"}, format="json")
    assert title.status_code == 200
    assert title.json()["final"]["date"] == "2026-12-08"
    left = meeting.ann_client.delete(f"{meeting.url}/participants/{meeting.ann['participant_id']}")
    assert left.status_code == 200, left.content
    assert left.json()["participants"] == []
    # Deciding again while closed moves the decision.
    moved = meeting.final({"date": "2026-12-10", "note": "moved"})
    assert moved.status_code == 200
    assert (moved.json()["final"]["date"], moved.json()["final"]["note"]) == ("2026-12-10", "moved")


def test_reopening_an_open_meeting_is_harmless(store: str) -> None:
    meeting = Meeting(store)
    answer = meeting.final({"final": None})
    assert answer.status_code == 200
    assert answer.json()["final"] is None


def test_on_an_open_meeting_anyone_with_the_link_decides(store: str) -> None:
    meeting = Meeting(store)
    opened = meeting.organizer.patch(f"{meeting.url}/editing", {"editing": "open"}, format="json")
    assert opened.status_code == 200
    answer = meeting.final({"date": "2026-12-09"}, client=APIClient())
    assert answer.status_code == 200, answer.content
    assert meeting.get()["final"]["date"] == "2026-12-09"


def test_a_kept_rendering_does_not_hide_the_decision(store: str) -> None:
    meeting = Meeting(store)
    assert meeting.get()["final"] is None  # rendered and kept
    services.meeting_set_final(
        repo=repository_for(store), url_code=meeting.code, day=dt.date(2026, 12, 9), key=meeting.key
    )
    assert meeting.get()["final"]["date"] == "2026-12-09"


# --- the calendar file --------------------------------------------------------------------------


def test_the_calendar_file_of_a_dates_only_meeting(store: str) -> None:
    meeting = Meeting(store)
    decided = meeting.final({"date": "2026-12-08", "note": "Booked under Kim\nCall 010"})
    decided_at = dt.datetime.fromisoformat(decided.json()["final"]["decided_at"])
    api = APIClient()
    first = api.get(f"{meeting.url}/event.ics")
    calendar = _ics(first)
    assert calendar["VERSION"] == "2.0"
    assert str(calendar["PRODID"]) == "-//Meetifyr//Meetifyr//EN"
    assert calendar.walk("VTIMEZONE") == []
    event = _event(calendar)
    assert str(event["SUMMARY"]) == "Team dinner"
    assert str(event["LOCATION"]) == "Seoul"
    link = str(event["URL"])
    if store == "mysql":  # the pages show this store's meetings
        assert link == f"http://testserver/meetings/{meeting.code}/"
    else:
        assert link == f"http://testserver/v1/{store}/meetings/{meeting.code}"
    assert str(event["DESCRIPTION"]) == f"Booked under Kim\nCall 010\n\n{link}"
    assert event.decoded("DTSTART") == dt.date(2026, 12, 8)
    assert event.decoded("DTEND") == dt.date(2026, 12, 9)
    assert event["DTSTART"].params.get("VALUE") == "DATE"
    assert event.decoded("DTSTAMP") == decided_at
    assert str(event["UID"]) == f"meeting-{meeting.code}@meetifyr"
    assert first["Content-Disposition"] == f'attachment; filename="meeting-{meeting.code}.ics"'
    # The same file on every download.
    second = api.get(f"{meeting.url}/event.ics")
    assert second.content == first.content
    assert str(_event(_ics(second))["UID"]) == str(event["UID"])


def test_the_calendar_file_of_a_timed_meeting_is_in_the_meetings_zone(store: str) -> None:
    meeting = Meeting(store, timed=True, title="")
    assert (
        meeting.final({"date": "2026-12-08", "start": "14:00", "end": "15:30"}).status_code == 200
    )
    calendar = _ics(APIClient().get(f"{meeting.url}/event.ics"))
    zones = calendar.walk("VTIMEZONE")
    assert [str(zone["TZID"]) for zone in zones] == ["Asia/Seoul"]
    standard = zones[0].walk("STANDARD")
    assert standard
    assert standard[0].decoded("TZOFFSETTO") == dt.timedelta(hours=9)
    event = _event(calendar)
    assert str(event["SUMMARY"]) == "Untitled meeting"
    assert event["DTSTART"].params["TZID"] == "Asia/Seoul"
    seoul = zoneinfo.ZoneInfo("Asia/Seoul")
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == dt.datetime(2026, 12, 8, 14, 0, tzinfo=seoul)
    assert end == dt.datetime(2026, 12, 8, 15, 30, tzinfo=seoul)
    assert start.utcoffset() == dt.timedelta(hours=9)
    assert event["DTEND"].params["TZID"] == "Asia/Seoul"


def test_a_decision_ending_at_midnight_ends_the_next_day(store: str) -> None:
    meeting = Meeting(store, dates=False)
    window = {**WINDOW, "end_time": "24:00", "time_zone": "America/New_York"}
    assert (
        meeting.organizer.patch(
            f"{meeting.url}/date_range", {**RANGE, **window}, format="json"
        ).status_code
        == 200
    )
    assert (
        meeting.final({"date": "2026-12-08", "start": "23:00", "end": "24:00"}).status_code == 200
    )
    calendar = _ics(APIClient().get(f"{meeting.url}/event.ics"))
    event = _event(calendar)
    new_york = zoneinfo.ZoneInfo("America/New_York")
    assert event.decoded("DTSTART") == dt.datetime(2026, 12, 8, 23, 0, tzinfo=new_york)
    assert event.decoded("DTEND") == dt.datetime(2026, 12, 9, 0, 0, tzinfo=new_york)
    zone = calendar.walk("VTIMEZONE")[0]
    assert str(zone["TZID"]) == "America/New_York"
    # Both halves of the year: the offset the event falls in is described.
    offsets = {c.decoded("TZOFFSETTO") for c in zone.walk("STANDARD") + zone.walk("DAYLIGHT")}
    assert {dt.timedelta(hours=-5), dt.timedelta(hours=-4)} <= offsets


def test_no_calendar_file_before_a_decision(store: str) -> None:
    meeting = Meeting(store)
    for accept in ("*/*", "text/calendar"):
        answer = APIClient().get(f"{meeting.url}/event.ics", HTTP_ACCEPT=accept)
        assert answer.status_code == 404
        assert answer.json() == {
            "detail": f"meeting with url_code: {meeting.code} has no final date yet"
        }
    meeting.final({"date": "2026-12-08"})
    assert APIClient().get(f"{meeting.url}/event.ics").status_code == 200
    meeting.final({"final": None})
    assert APIClient().get(f"{meeting.url}/event.ics").status_code == 404


def test_the_calendar_file_escapes_what_people_typed(store: str) -> None:
    meeting = Meeting(store, title="Dinner; fun, \\ and more", location="A,B;C")
    meeting.final({"date": "2026-12-08", "note": "line1\nBEGIN:VEVENT\nUID:evil"})
    calendar = _ics(APIClient().get(f"{meeting.url}/event.ics"))
    event = _event(calendar)  # still exactly one event
    assert str(event["SUMMARY"]) == "Dinner; fun, \\ and more"
    assert (
        b"SUMMARY:Dinner\\; fun\\, \\\\ and more"
        in APIClient().get(f"{meeting.url}/event.ics").content
    )
    assert str(event["LOCATION"]) == "A,B;C"
    assert str(event["DESCRIPTION"]).startswith("line1\nBEGIN:VEVENT\nUID:evil")
    assert str(event["UID"]) == f"meeting-{meeting.code}@meetifyr"


# --- deleting -----------------------------------------------------------------------------------


def test_the_organizer_deletes_a_meeting_with_everything_in_it(store: str) -> None:
    meeting = Meeting(store, timed=True)
    meeting.join("Bob")
    other = Meeting(store)  # untouched
    other_before = other.stored()
    assert meeting.get()["url_code"] == meeting.code  # a kept rendering
    before = store_rows(store)
    answer = meeting.organizer.delete(meeting.url)
    assert answer.status_code == 204
    assert answer.content == b""
    assert store_rows(store) == (before[0] - 1, before[1] - 2, before[2] - 10)
    gone = APIClient().get(meeting.url)
    assert gone.status_code == 404
    assert gone.json() == {"detail": f"meeting with url_code: {meeting.code} not found"}
    assert APIClient().get(meeting.url, HTTP_IF_NONE_MATCH='"m1"').status_code == 404
    assert meeting.join_answer("Cy").status_code == 404
    assert meeting.organizer.delete(meeting.url).status_code == 404
    assert other.stored() == other_before


def test_deleting_needs_the_organizer_key_even_on_an_open_meeting(store: str) -> None:
    meeting = Meeting(store)
    meeting.organizer.patch(f"{meeting.url}/editing", {"editing": "open"}, format="json")
    answer = APIClient().delete(meeting.url)
    assert answer.status_code == 401
    assert answer.json() == {"detail": domain.ORGANIZER_KEY_REQUIRED}
    assert answer["WWW-Authenticate"] == "Bearer"
    assert meeting.get()["url_code"] == meeting.code


def test_a_meeting_stored_before_keys_cannot_be_deleted_through_the_api(store: str) -> None:
    legacy = services.meeting_create(repo=repository_for(store), title="Old")
    for key in (None, domain.key_new()):
        api = APIClient()
        if key:
            api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        assert api.delete(f"/v1/{store}/meetings/{legacy.url_code}").status_code in (401, 403)
    assert repository_for(store).meeting_get(url_code=legacy.url_code) == legacy


# --- found in review ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [("1899-12-31", "1900-01-02"), ("9000-12-30", "9001-01-01"), ("0001-01-01", "0001-01-02")],
)
def test_dates_far_from_now_are_refused(store: str, start: str, end: str) -> None:
    """Calendars need the day after the decision and a year around it: no range near year 1 or
    9999 (which made the calendar file fail)."""
    meeting = Meeting(store, dates=False)
    before = meeting.stored()
    answer = meeting.organizer.patch(
        f"{meeting.url}/date_range", {"start_date": start, "end_date": end}, format="json"
    )
    assert answer.status_code == 422
    assert answer.json() == {"detail": "dates should be between 1900-01-01 and 9000-12-31"}
    assert meeting.stored() == before


def test_the_calendar_file_is_not_answered_304_by_the_meetings_etag(store: str) -> None:
    meeting = Meeting(store)
    etag = APIClient().get(meeting.url)["ETag"]
    answer = APIClient().get(f"{meeting.url}/event.ics", HTTP_IF_NONE_MATCH=etag)
    assert answer.status_code == 404  # no decision yet, whatever the ETag
    assert APIClient().get(meeting.url, HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_unicode_line_separators_are_refused_in_texts_and_notes(store: str, separator: str) -> None:
    meeting = Meeting(store)
    before = meeting.stored()
    title = meeting.organizer.patch(
        f"{meeting.url}/title", {"title": f"a{separator}b"}, format="json"
    )
    assert title.status_code == 400
    assert title.json() == {"detail": "title should not contain control characters"}
    note = meeting.final({"date": "2026-12-08", "note": f"a{separator}UID:x"})
    assert note.status_code == 422
    assert note.json() == {"detail": "note should not contain control characters"}
    assert meeting.stored() == before
