"""Deciding on the pages, through Django's test client on MySQL: a "Pick" asks first, a deleted
meeting's link answers 410 (an unknown one still 404), the calendar file's SEQUENCE and name,
Saturday in Korean."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import icalendar
import pytest
from django.test import Client
from django.utils import translation

from meetings import services
from meetings.domain import url_code_new
from meetings.repositories import repository_for
from meetings.tests.support.pages import join, page_url, text
from meetings.tests.support.stored import stored

pytestmark = pytest.mark.django_db

FRAGMENT: dict[str, Any] = {"HTTP_MEETIFYR_FRAGMENT": "1"}
KOREAN: dict[str, Any] = {"HTTP_ACCEPT_LANGUAGE": "ko"}


def create(client: Client, title: str = "Team dinner", **more: str) -> str:
    data = {"title": title, "start_date": "2026-12-01", "end_date": "2026-12-07", **more}
    response = client.post("/", data)
    assert response.status_code == 303, text(response)
    code: str = response["Location"].split("/")[2]
    return code


def final(client: Client, code: str, data: dict[str, str], **extra: Any) -> Any:
    return client.post(f"{page_url(code)}final", data, **extra)


@pytest.fixture
def organizer() -> Client:
    return Client()


@pytest.fixture
def code(organizer: Client) -> str:
    code = create(organizer)
    ann = Client()
    assert join(ann, code, "Ann").status_code == 303
    assert ann.post(f"{page_url(code)}all-free").status_code == 303  # answered: free everywhere
    return code


# --- a pick asks first ---------------------------------------------------------------------------


def test_a_pick_without_confirmation_asks_and_changes_nothing(organizer: Client, code: str) -> None:
    body = text(organizer.get(page_url(code)))
    [pick] = re.findall(r'<form [^>]*class="pick-form".*?</form>', body, re.S)[:1]
    assert 'data-confirm="Pick Tuesday, December 1 as the final date? This closes' in pick
    assert 'data-confirm-yes="Yes, pick it"' in pick
    assert '<input type="hidden" name="pick" value="1">' in pick
    version = stored(code).version
    asked = final(organizer, code, {"pick": "1", "date": "2026-12-01"})
    assert asked.status_code == 200
    page = text(asked)
    assert "<title>Pick the final date? – Meetifyr</title>" in page
    assert "<strong>Tuesday, December 1</strong>" in page
    assert "nobody can join or change their answers until you reopen it" in page
    assert '<input type="hidden" name="confirmed" value="1">' in page
    assert '<input type="hidden" name="date" value="2026-12-01">' in page
    assert f'href="{page_url(code)}#availability" id="pick-confirm-cancel"' in page
    assert stored(code).final is None
    assert stored(code).version == version  # asking changes nothing
    confirmed = final(organizer, code, {"pick": "1", "date": "2026-12-01", "confirmed": "1"})
    assert confirmed.status_code == 303
    decided = stored(code).final
    assert decided is not None
    assert decided.day.isoformat() == "2026-12-01"


def test_a_timed_pick_asks_with_the_meetings_zone_named(organizer: Client) -> None:
    code = create(
        organizer,
        times="times",
        start_time="09:00",
        end_time="12:00",
        slot_minutes="30",
        time_zone="Asia/Seoul",
    )
    data = {"pick": "1", "date": "2026-12-02", "start": "10:00", "end": "11:00"}
    page = text(final(organizer, code, data))
    assert "<strong>Wednesday, December 2, 10:00–11:00 (Asia/Seoul)</strong>" in page
    for name, value in data.items():
        assert f'<input type="hidden" name="{name}" value="{value}">' in page
    assert stored(code).final is None


def test_a_pick_outside_the_range_is_refused_before_asking(organizer: Client, code: str) -> None:
    response = final(organizer, code, {"pick": "1", "date": "2027-01-01"})
    assert response.status_code == 400
    assert "Pick the final date?" not in text(response)


def test_a_pick_without_the_organizer_key_is_refused_before_asking(code: str) -> None:
    response = final(Client(), code, {"pick": "1", "date": "2026-12-02"})
    assert response.status_code == 403
    assert "Pick the final date?" not in text(response)
    assert stored(code).final is None


def test_the_confirmation_in_korean(organizer: Client, code: str) -> None:
    page = text(final(organizer, code, {"pick": "1", "date": "2026-12-05"}, **KOREAN))
    assert "최종 날짜로 정할까요?" in page
    assert "네, 이 날로 정합니다" in page
    assert "취소" in page


def test_the_form_of_the_final_date_decides_at_once(organizer: Client, code: str) -> None:
    """Choosing the date in its own form is deliberate already: no second step."""
    assert final(organizer, code, {"date": "2026-12-03"}).status_code == 303
    assert stored(code).final is not None


# --- a deleted meeting -------------------------------------------------------------------------


def test_a_deleted_meeting_says_so_with_410_and_an_unknown_one_404(
    organizer: Client, code: str
) -> None:
    assert organizer.post(f"{page_url(code)}delete", {"confirm": "on"}).status_code == 303
    stranger = Client()
    for response in (
        stranger.get(page_url(code)),
        stranger.get(f"{page_url(code)}event.ics"),
        stranger.post(f"{page_url(code)}join", {"name": "Cy"}),
        stranger.get(f"{page_url(code)}grid", **FRAGMENT),
    ):
        assert response.status_code == 410
        body = text(response)
        assert "This meeting was deleted" in body
        assert "Team dinner" not in body
        assert "Ann" not in body
    korean = text(stranger.get(page_url(code), **KOREAN))
    assert "삭제된 모임입니다" in korean
    unknown = stranger.get(page_url(url_code_new()))
    assert unknown.status_code == 404
    assert "Check that the whole link was copied" in text(unknown)
    assert stranger.get(page_url(code.swapcase())).status_code == 404


def test_a_meeting_deleted_through_the_api_answers_410_on_the_page_and_404_in_the_api(
    organizer: Client,
) -> None:
    repo = repository_for("mysql")
    key = "k" * 32
    meeting = services.meeting_create(repo=repo, title="Api", location="", organizer_key=key)
    services.meeting_delete(repo=repo, url_code=meeting.url_code, key=key)
    assert Client().get(page_url(meeting.url_code)).status_code == 410
    api = Client().get(f"/v1/mysql/meetings/{meeting.url_code}")
    assert api.status_code == 404  # the API's contract: 404 after DELETE
    assert api.json() == {"detail": f"meeting with url_code: {meeting.url_code} not found"}


def test_the_purge_forgets_tombstones_past_retention(organizer: Client, code: str) -> None:
    assert organizer.post(f"{page_url(code)}delete", {"confirm": "on"}).status_code == 303
    later = datetime.now(UTC) + timedelta(days=91)
    services.meetings_purge(repo=repository_for("mysql"), retention_days=90, now=later)
    assert Client().get(page_url(code)).status_code == 404


# --- the calendar file --------------------------------------------------------------------------


def test_sequence_grows_with_each_decision(organizer: Client, code: str) -> None:
    def sequence() -> int:
        response = Client().get(f"{page_url(code)}event.ics")
        [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
        return int(event.decoded("SEQUENCE"))

    assert final(organizer, code, {"date": "2026-12-02"}).status_code == 303
    assert sequence() == 0
    assert final(organizer, code, {"date": "2026-12-03"}).status_code == 303
    assert sequence() == 1
    assert final(organizer, code, {"reopen": "1"}).status_code == 303
    assert final(organizer, code, {"date": "2026-12-03"}).status_code == 303
    assert sequence() == 2


def test_the_file_is_named_after_the_title_in_korean_too(organizer: Client) -> None:
    code = create(organizer, title="팀 회식 / 12월")
    assert final(organizer, code, {"date": "2026-12-02"}).status_code == 303
    response = Client().get(f"{page_url(code)}event.ics")
    assert response["Content-Disposition"] == (
        "attachment; filename=\"meeting.ics\"; filename*=UTF-8''"
        "%ED%8C%80%20%ED%9A%8C%EC%8B%9D%2012%EC%9B%94.ics"
    )


def test_an_untitled_file_is_named_in_the_viewers_language(organizer: Client) -> None:
    code = create(organizer, title="")
    assert final(organizer, code, {"date": "2026-12-02"}).status_code == 303
    with translation.override("ko"):
        untitled = translation.gettext("Untitled meeting")
    response = Client().get(f"{page_url(code)}event.ics", **KOREAN)
    assert untitled != "Untitled meeting"
    assert response["Content-Disposition"].endswith(
        "filename*=UTF-8''"
        + "%20".join("".join(f"%{byte:02X}" for byte in word.encode()) for word in untitled.split())
        + ".ics"
    )


# --- Korean weekends -----------------------------------------------------------------------------


def test_saturday_and_sunday_are_marked_for_korean_colours(organizer: Client, code: str) -> None:
    body = text(organizer.get(page_url(code)))
    # Dec 5, 2026 is a Saturday, Dec 6 a Sunday.
    assert re.search(r'class="day weekend saturday"[^>]*abbr="Saturday, December 5"', body)
    assert re.search(r'class="day weekend sunday"[^>]*abbr="Sunday, December 6"', body)
    assert not re.search(r'class="day weekend[^"]*"[^>]*abbr="Friday', body)


# --- ties ---------------------------------------------------------------------------------------


def best_list(body: str) -> str:
    found = re.search(r'<div class="best-dates">.*?</ol>', body, re.S)
    assert found is not None
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0)))


def test_tied_best_dates_say_so(organizer: Client, code: str) -> None:
    """Ann is free everywhere but Dec 1: Dec 2..7 tie; the earliest three are listed."""
    ann = Client()
    assert join(ann, code, "Bo").status_code == 303
    assert ann.post(f"{page_url(code)}mark", {"mark": "2026-12-01:off"}).status_code == 303
    listed = best_list(text(organizer.get(page_url(code))))
    assert "Wednesday, December 2 – 2 of 2 free (tied with Thu Dec 3, Fri Dec 4, Sat Dec 5" in (
        listed
    )
    assert "and 2 more)" in listed
    korean = best_list(text(organizer.get(page_url(code), **KOREAN)))
    assert "외 2개와 동점" in korean


def test_a_clear_winner_is_not_tied(organizer: Client, code: str) -> None:
    bo = Client()
    assert join(bo, code, "Bo").status_code == 303
    for day in ("01", "02", "03", "04", "05", "06"):
        assert bo.post(f"{page_url(code)}mark", {"mark": f"2026-12-{day}:off"}).status_code == 303
    listed = best_list(text(organizer.get(page_url(code))))
    assert listed.count("tied with") == 2  # Dec 7 wins alone; the other two tie
    assert "Monday, December 7 – 2 of 2 free (" not in listed
    assert "Tuesday, December 1 – 1 of 2 free (tied with Wed Dec 2, Thu Dec 3, Fri Dec 4" in listed


def test_tied_best_times_say_so(organizer: Client) -> None:
    code = create(
        organizer,
        end_date="2026-12-02",
        times="times",
        start_time="09:00",
        end_time="12:00",
        slot_minutes="30",
        time_zone="Asia/Seoul",
    )
    ann = Client()
    assert join(ann, code, "Ann").status_code == 303
    assert ann.post(f"{page_url(code)}all-free").status_code == 303  # free all day, both days
    listed = best_list(text(organizer.get(page_url(code))))
    assert (
        "Tuesday, December 1, 09:00–12:00 – 1 of 1 free "
        "(tied with Wednesday, December 2, 09:00–12:00)" in listed
    )


# --- dates in the past --------------------------------------------------------------------------


def test_dates_in_the_past_are_kept_with_a_warning(organizer: Client) -> None:
    response = organizer.post(
        "/", {"title": "Reunion", "start_date": "2020-03-02", "end_date": "2020-03-04"}
    )
    assert response.status_code == 303
    shown = organizer.get(response["Location"])
    page = text(shown)
    assert "Note: the dates start in the past (March 2, 2020)." in page
    # A note, not an error: a status apart from the alert (which would prefix "Error:").
    html = shown.content.decode()
    note = html[html.index('<div class="note" role="status">') :]
    assert "Note: the dates start in the past" in note[: note.index("</div>")]
    assert 'role="alert"' not in html
    assert "Note: the dates start in the past" not in text(organizer.get(response["Location"]))
    korean = organizer.post("/", {"start_date": "2020-03-02", "end_date": "2020-03-04"}, **KOREAN)
    assert "지난 날짜" in text(organizer.get(korean["Location"], **KOREAN))


def test_future_dates_get_no_warning(organizer: Client) -> None:
    response = organizer.post("/", {"start_date": "2099-03-02", "end_date": "2099-03-04"})
    assert response.status_code == 303
    assert "in the past" not in text(organizer.get(response["Location"]))


# --- the live cue -------------------------------------------------------------------------------


def test_the_page_carries_the_live_cue_words(organizer: Client, code: str) -> None:
    body = text(organizer.get(page_url(code)))
    assert (
        '<p id="live-cue" class="live-cue js-only" role="status" aria-live="polite" '
        'data-one="%(name)s updated" data-many="%(names)s updated"></p>'
    ) in body
    korean = text(organizer.get(page_url(code), **KOREAN))
    assert 'data-one="%(name)s 님이 응답을 바꿨습니다"' in korean
    # Not in the fragment the polls replace: the cue outlives the swap.
    fragment = text(organizer.get(f"{page_url(code)}grid", **FRAGMENT))
    assert 'id="live-cue"' not in fragment
