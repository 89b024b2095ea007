"""A timed meeting without JavaScript, through Django's test client on MySQL: one form for the
whole grid, one Save, and only the slots changed on the page sent, so what changed elsewhere
meanwhile (someone else's row, this row from another tab) stays."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

import pytest
from django.test import Client

from meetings import services
from meetings.domain import DateAction, Meeting, key_new, time_window_check
from meetings.repositories import repository_for
from meetings.repositories.mysql import DjangoMeetingRepository
from meetings.tests.support.pages import grid_form, join, page_url, text
from meetings.tests.support.stored import stored

pytestmark = pytest.mark.django_db

SEOUL = "Asia/Seoul"
DEC_1, DEC_2, DEC_3 = date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3)
IMPOSSIBLE = "That change is not possible."
CLOSED = "This meeting is closed: the organizer has picked the final date."


def slots(meeting: Meeting, name: str) -> dict[date, str | None]:
    participant = next(p for p in meeting.participants if p.name == name)
    return {row.date: row.slots for row in participant.dates}


def alert(response: Any) -> str:
    found = re.search(r'<div class="alert" role="alert"[^>]*>(.*?)</div>', text(response), re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).strip() if found else ""


def mark(meeting: Meeting, name: str, day: date, action: DateAction, begin: str, end: str) -> None:
    """``name`` changes their row elsewhere (another tab, a phone, the API)."""
    participant = next(p for p in stored(meeting).participants if p.name == name)
    services.participant_marks(
        repo=repository_for("mysql"),
        url_code=meeting.url_code,
        participant_id=participant.id,
        marks=[services.MarkRequest(day, action, begin, end)],
        key=None,
    )


@pytest.fixture
def timed(orm_repo: DjangoMeetingRepository) -> Meeting:
    """An open meeting of Dec 1-3, 09:00-12:00 in 30-minute slots, in Seoul."""
    return services.meeting_create(
        repo=orm_repo,
        title="Timed",
        start_date=DEC_1,
        end_date=DEC_3,
        window=time_window_check("09:00", "12:00", 30, SEOUL),
    )


def test_one_form_and_one_save_for_the_whole_grid(client: Client, timed: Meeting) -> None:
    join(client, timed, "Alice")
    body = text(client.get(page_url(timed)))
    assert body.count("<form id=") - body.count('<form id="paint-form"') == 1
    form = re.search(r'<form id="slots-form".*?</form>', body)
    assert form is not None
    assert f'action="{page_url(timed)}slots"' in form.group(0)
    assert 'name="csrfmiddlewaretoken"' in form.group(0)
    assert '<input type="hidden" name="was" value="111111111111111111">' in form.group(0)
    # Every checkbox of every date belongs to it, and one Save sends them all.
    assert body.count('form="slots-form"') == 18 * 3 + 1  # free, preferred, if need be
    assert body.count('class="save primary"') == 1
    assert (
        '<button type="submit" form="slots-form" class="save primary">Save my times</button>'
        in body
    )
    assert 'value="7" aria-label="Wed Dec 2, 09:30–10:00: free" checked>' in body
    assert "save-2026-12-01" not in body
    assert "then save them all at once." in body


def test_changes_on_two_dates_are_saved_with_one_save(client: Client, timed: Meeting) -> None:
    """Untick Tuesday 9:00 and Wednesday 10:00, prefer Thursday 11:30: one Save stores all
    three in one change (one version)."""
    join(client, timed, "Alice")
    form = grid_form(client, timed)
    version = stored(timed).version
    form.untick("Tue Dec 1, 09:00–09:30: free", "Wed Dec 2, 10:00–10:30: free")
    form.tick("Thu Dec 3, 11:30–12:00: preferred")
    response = form.post(client)
    assert response.status_code == 303
    assert response["Location"] == f"{page_url(timed)}#availability"
    meeting = stored(timed)
    assert meeting.version == version + 1
    assert slots(meeting, "Alice") == {DEC_1: "011111", DEC_2: "110111", DEC_3: "111112"}
    # The page then shows what is stored, ready for the next Save.
    after = grid_form(client, timed)
    assert after.was == "011111110111111112"
    assert "Wed Dec 2, 10:00–10:30: free" not in after.ticked
    assert "Thu Dec 3, 11:30–12:00: preferred" in after.ticked


def test_saving_the_grid_as_shown_stores_nothing(client: Client, timed: Meeting) -> None:
    join(client, timed, "Alice")
    form = grid_form(client, timed)
    before = stored(timed)
    response = form.post(client)
    assert response.status_code == 303
    assert stored(timed) == before


def test_changes_made_elsewhere_meanwhile_survive(client: Client, timed: Meeting) -> None:
    """Between showing the form and saving it, Alice's phone marks Thursday 9:00 busy and Bob
    changes his row: the Save sends only the slots changed on this page, so both stay. A
    slot changed both elsewhere and on the page ends as the page asked (the latest)."""
    join(client, timed, "Alice")
    bob = Client()
    join(bob, timed, "Bob")
    form = grid_form(client, timed)
    mark(timed, "Alice", DEC_3, DateAction.OFF, "09:00", "09:30")  # her phone
    mark(timed, "Alice", DEC_1, DateAction.STAR, "10:00", "10:30")  # her phone, on a slot ...
    mark(timed, "Bob", DEC_2, DateAction.OFF, "09:00", "12:00")
    version = stored(timed).version
    form.untick("Tue Dec 1, 09:00–09:30: free", "Wed Dec 2, 10:00–10:30: free")
    form.untick("Tue Dec 1, 10:00–10:30: free")  # ... this page marks busy
    response = form.post(client)
    assert response.status_code == 303
    meeting = stored(timed)
    assert meeting.version == version + 1
    assert slots(meeting, "Alice") == {DEC_1: "010111", DEC_2: "110111", DEC_3: "011111"}
    assert slots(meeting, "Bob")[DEC_2] == "000000"


def test_a_stale_form_of_a_decided_meeting_is_refused_clearly(
    orm_repo: DjangoMeetingRepository,
) -> None:
    """The organizer decided while the form was open: its changes are refused with the reason
    (409), nothing is stored, and the page shows the decision instead of the checkboxes."""
    organizer_key = key_new()
    meeting = services.meeting_create(
        repo=orm_repo,
        start_date=DEC_1,
        end_date=DEC_2,
        window=time_window_check("09:00", "10:00", 30, SEOUL),
        organizer_key=organizer_key,
    )
    alice = Client()
    join(alice, meeting, "Alice")
    form = grid_form(alice, meeting)
    services.meeting_set_final(
        repo=orm_repo,
        url_code=meeting.url_code,
        day=DEC_2,
        start="09:00",
        end="10:00",
        note="",
        key=organizer_key,
    )
    before = stored(meeting)
    response = form.untick("Tue Dec 1, 09:00–09:30: free").post(alice)
    assert response.status_code == 409
    assert alert(response) == CLOSED
    assert 'id="slots-form"' not in text(response)
    assert stored(meeting) == before


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"was": "1" * 17},
        {"was": "1" * 19},
        {"was": "1" * 17 + "x"},
        {"was": "1" * 18, "free": ["18"]},
        {"was": "1" * 18, "free": ["-1"]},
        {"was": "1" * 18, "preferred": ["two"]},
        {"was": "1" * 18, "free": ["0" * 6 + "1"]},
        {"day": "2026-12-01", "was": "111111", "free": ["1"]},  # the old per-date form
    ],
)
def test_bad_grid_forms_are_400_and_change_nothing(
    client: Client, timed: Meeting, data: dict[str, Any]
) -> None:
    join(client, timed, "Alice")
    before = stored(timed)
    response = client.post(f"{page_url(timed)}slots", data)
    assert response.status_code == 400
    assert alert(response) == IMPOSSIBLE
    assert stored(timed) == before


def test_the_grid_form_needs_a_row_and_slots(
    client: Client, timed: Meeting, meeting_with_range: Meeting
) -> None:
    response = client.post(f"{page_url(timed)}slots", {"was": "1" * 18})
    assert response.status_code == 400
    assert "Join this meeting, or choose your name, before marking dates." in alert(response)
    join(client, meeting_with_range, "Alice")
    response = client.post(f"{page_url(meeting_with_range)}slots", {"was": "1" * 7})
    assert response.status_code == 400  # a dates-only meeting has no slots
    assert alert(response) == IMPOSSIBLE


@pytest.fixture
def largest(orm_repo: DjangoMeetingRepository) -> Meeting:
    """The largest grid there is: 63 dates of 96 quarter hours."""
    return services.meeting_create(
        repo=orm_repo,
        start_date=date(2027, 1, 1),
        end_date=date(2027, 3, 4),
        window=time_window_check("00:00", "24:00", 15, "UTC"),
    )


def test_the_largest_grid_fits_in_one_save(client: Client, largest: Meeting) -> None:
    """Every box ticked is 12,096 fields (beyond Django's default 1,000): accepted, one change."""
    join(client, largest, "Alice")
    size = 63 * 96
    every = [str(key) for key in range(size)]
    version = stored(largest).version
    response = client.post(
        f"{page_url(largest)}slots", {"was": "1" * size, "free": every, "preferred": every}
    )
    assert response.status_code == 303
    meeting = stored(largest)
    assert meeting.version == version + 1
    assert set(slots(meeting, "Alice").values()) == {"2" * 96}


def test_too_many_separate_changes_are_refused_with_the_reason(
    client: Client, largest: Meeting
) -> None:
    """Every other quarter hour of 63 days unticked: 3,024 stretches, more than one change
    may carry (500)."""
    join(client, largest, "Alice")
    before = stored(largest)
    free = [str(key) for key in range(0, 63 * 96, 2)]
    response = client.post(f"{page_url(largest)}slots", {"was": "1" * 63 * 96, "free": free})
    assert response.status_code == 400
    assert alert(response) == (
        "Too many separate changes to save at once: change fewer times, then save."
    )
    assert stored(largest) == before


def test_the_grid_form_in_korean(client: Client, timed: Meeting) -> None:
    join(client, timed, "Alice")
    body = text(client.get(page_url(timed), HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9"))
    assert ">내 시간 저장</button>" in body
    assert "여러 날짜를 바꾼 뒤 한 번에 저장하면 됩니다." in body


# --- the create form's zone: the server's best guess, named -----------------------------------


def zone_offered(body: str) -> tuple[str, str]:
    """The zone the create form's select starts at, and the words next to it."""
    select = re.search(r'<select name="time_zone"[^>]*>.*?</select>', body, re.S)
    assert select is not None
    chosen = re.findall(r'<option value="([^"]+)" selected>', select.group(0))
    assert len(chosen) == 1
    said = re.search(r'<p class="hint" id="time-zone-guess"[^>]*>(.*?)</p>', body)
    if said is not None:
        assert 'aria-describedby="time-zone-guess"' in select.group(0)
    return chosen[0], html.unescape(said.group(1)) if said else ""


@pytest.mark.parametrize(
    ("accept_language", "zone"),
    [
        ("ko-KR,ko;q=0.9", "Asia/Seoul"),
        ("en-US,en;q=0.9", "America/New_York"),
        ("en-GB", "Europe/London"),
        ("en-AU", "Australia/Sydney"),  # zone.tab lists Lord Howe Island first
        ("pt-BR", "America/Sao_Paulo"),
        ("en-CA", "America/Toronto"),
        ("ru-RU", "Europe/Moscow"),
        ("uk-UA", "Europe/Kyiv"),
        ("de-DE", "Europe/Berlin"),
        ("nb-NO", "Europe/Oslo"),
        ("zh-Hant-TW", "Asia/Taipei"),  # a script before the region
        ("fr, de-CH;q=0.8, en-US;q=0.5", "Europe/Zurich"),  # the first range with a region
        ("en-US;q=0.4, ja-JP;q=0.7", "Asia/Tokyo"),  # by weight, not order
        ("en-US;q=0, ko-KR;q=0.1", "Asia/Seoul"),  # q=0: not acceptable
        ("en-XX, ko-KR;q=0.5", "Asia/Seoul"),  # no such country: the next
    ],
)
def test_the_zone_is_guessed_from_the_languages_region(
    client: Client, accept_language: str, zone: str
) -> None:
    body = text(client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language))
    chosen, said = zone_offered(body)
    assert chosen == zone
    label = zone.replace("_", " ")
    if '<html lang="ko"' in body:
        assert said.startswith("브라우저 언어(")
        assert said.endswith(f")로 추측한 시간대: {label}. 다른 곳에 있다면 직접 고르세요.")
    else:
        assert said.startswith("Guessed from your browser's language (")
        assert said.endswith(f"): {label}. Pick yours if you are elsewhere.")
    tag = said.split("(", 1)[1].split(")", 1)[0]
    assert tag in accept_language


@pytest.mark.parametrize(
    "accept_language", ["", "en", "es-419", "*", "en-x-private", "ko-KR;q=x", ";;,,", "x" * 600]
)
def test_without_a_region_the_zone_is_the_servers_and_said_so(
    client: Client, accept_language: str
) -> None:
    body = text(client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language))
    assert zone_offered(body) == (
        "UTC",
        "Your time zone could not be guessed: UTC until you pick yours.",
    )


def test_the_browsers_zone_cookie_comes_first(client: Client) -> None:
    """The zone the page's script once wrote into its cookie beats the language's country;
    a cookie naming no zone the form offers is passed over."""
    client.cookies["meetifyr_tz"] = "America/Argentina/Buenos_Aires"
    body = text(client.get("/", HTTP_ACCEPT_LANGUAGE="ko-KR"))
    assert zone_offered(body) == (
        "America/Argentina/Buenos_Aires",
        "브라우저의 시간대: America/Argentina/Buenos Aires.",
    )
    assert 'data-browser-said="브라우저의 시간대: %(zone)s."' in body
    for not_offered in ("Mars/Base", "Etc/GMT+5", "../../etc/passwd"):
        client.cookies["meetifyr_tz"] = not_offered
        body = text(client.get("/", HTTP_ACCEPT_LANGUAGE="en-US"))
        assert zone_offered(body)[0] == "America/New_York"


def test_a_zone_chosen_already_is_kept_and_not_guessed(client: Client) -> None:
    """A quick pick without JavaScript keeps the zone chosen; so does a form with an error."""
    data = {"title": "Later", "times": "times", "start_time": "09:00", "end_time": "12:00"}
    data |= {"slot_minutes": "30", "time_zone": "Europe/Paris"}
    response = client.post("/", {**data, "quick": "next-month"}, HTTP_ACCEPT_LANGUAGE="ko-KR")
    assert zone_offered(text(response)) == ("Europe/Paris", "")
    response = client.post("/", data, HTTP_ACCEPT_LANGUAGE="ko-KR")
    assert response.status_code == 400  # no dates
    assert zone_offered(text(response)) == ("Europe/Paris", "")
