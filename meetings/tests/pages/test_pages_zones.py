"""A timed meeting's page in another zone (issue 24, item 4), through Django's test client on
MySQL: a New York 09:00-17:00 week seen from Seoul reads in order with the next day marked,
has no Saturday column, says its best time across midnight, names its zone before any time,
and its "choose the final date yourself" form works in the zone shown and stores New York's
times; seen from New York nothing moves."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from django.test import Client

from meetings.tests.support.pages import field_errors, join, page_url, text
from meetings.tests.support.stored import stored
from meetings.web import zones

pytestmark = pytest.mark.django_db

NEW_YORK = "America/New_York"
SEOUL = "Asia/Seoul"
WEEK = [f"2026-12-{day:02d}" for day in range(7, 12)]  # Monday to Friday


@pytest.fixture
def organizer() -> Client:
    return Client()


@pytest.fixture
def new_york_week(organizer: Client) -> str:
    """Mon Dec 7 - Fri Dec 11, 09:00-17:00 in New York, made on the page (so ``organizer``
    holds its key); the organizer joined as Kim, free only on Monday."""
    response = organizer.post(
        "/",
        {
            "title": "Stand-up",
            "start_date": WEEK[0],
            "end_date": WEEK[-1],
            "times": "times",
            "start_time": "09:00",
            "end_time": "17:00",
            "slot_minutes": "30",
            "time_zone": NEW_YORK,
        },
    )
    assert response.status_code == 303
    code: str = response["Location"].split("/")[2]
    assert join(organizer, code, "Kim").status_code == 303
    marks = [{"date": day, "action": "off"} for day in WEEK[1:]]
    response = organizer.post(f"{page_url(code)}paint", {"marks": json.dumps(marks)})
    assert response.status_code == 303
    return code


def seen_from(client: Client, zone: str) -> Client:
    client.cookies[zones.ZONE_COOKIE] = zone
    return client


def page(client: Client, code: str, **extra: Any) -> str:
    response = client.get(page_url(code), **extra)
    assert response.status_code == 200
    return text(response)


def words(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def grid(body: str, grid_id: str) -> tuple[list[str], list[str], list[str]]:
    """A slot grid's column heads, row heads (as read) and the classes of its rows."""
    table = re.search(rf'<table [^>]*id="{grid_id}".*?</table>', body, re.S)
    assert table is not None
    head = re.search(r"<thead>(.*?)</thead>", table.group(0), re.S)
    assert head is not None
    columns = [words(th) for th in re.findall(r'<th scope="col" class="day.*?</th>', head.group(0))]
    rows_part = re.search(r"<tbody>(.*?)</tbody>", table.group(0), re.S)
    assert rows_part is not None
    row = r'<tr( class="[^"]*")?><th scope="row"[^>]*>(.*?)</th>'
    rows = re.findall(row, rows_part.group(1))
    return columns, [words(th) for _c, th in rows], [c.strip() for c, _th in rows]


def select(form: str, name: str) -> list[tuple[str, str, bool]]:
    found = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', form, re.S)
    assert found is not None, name
    return [
        (value, html.unescape(label), bool(selected))
        for value, selected, label in re.findall(
            r'<option value="([^"]*)"( selected)?>(.*?)</option>', found.group(1)
        )
    ]


def final_form(body: str) -> str:
    found = re.search(r'<details id="final-details".*?</details>', body, re.S)
    assert found is not None
    return found.group(0)


def test_a_new_york_week_seen_from_seoul_reads_in_order(
    organizer: Client, new_york_week: str
) -> None:
    body = page(seen_from(organizer, SEOUL), new_york_week)
    for grid_id in ("mine-grid", "heat-grid"):
        columns, rows, classes = grid(body, grid_id)
        # One column per meeting date, headed by Seoul's date: no Saturday.
        assert columns == ["Mon 12/7", "Tue 12/8", "Wed 12/9", "Thu 12/10", "Fri 12/11"]
        # 23:00 first, then midnight marked, then 00:00 to 06:30 of the next day.
        assert rows[:4] == ["23:00", "23:30", "next day 00:00", "00:30"]
        assert rows[-1] == "06:30"
        assert len(rows) == 16
        assert classes[2] == 'class="day-break"'
        assert [c for i, c in enumerate(classes) if i != 2] == [""] * 15
    assert 'abbr="00:30–01:00 (next day)"' in body
    # A cell names its own date: 00:00 in Monday's column is Tuesday in Seoul.
    assert 'aria-label="Tue Dec 8, 00:00–00:30, free"' in body
    assert 'aria-label="Sat Dec 12, 06:30–07:00, busy"' in body
    assert "headed by its date in Asia/Seoul" in words(body)


def test_the_zone_is_named_before_any_time_and_the_best_time_crosses_midnight(
    organizer: Client, new_york_week: str
) -> None:
    body = page(seen_from(organizer, SEOUL), new_york_week)
    zone_line = body.index('id="zone-line"')
    assert zone_line < body.index('class="best-dates"') < body.index('id="final-details"')
    assert (
        "Times are in your time zone, Asia/Seoul. The meeting\u2019s time zone is America/New York."
        in words(body)
    )
    best = re.search(r'<div class="best-dates">.*?</ol>', body, re.S)
    assert best is not None
    assert "Mon Dec 7, 23:00 – Tue Dec 8, 07:00 – 1 of 1 free" in words(best.group(0))
    # Its Pick button still posts New York's own date and times.
    assert '<input type="hidden" name="date" value="2026-12-07">' in best.group(0)
    assert '<input type="hidden" name="start" value="09:00">' in best.group(0)
    assert '<input type="hidden" name="end" value="17:00">' in best.group(0)


def test_the_final_date_form_is_in_the_zone_shown(organizer: Client, new_york_week: str) -> None:
    form = final_form(page(seen_from(organizer, SEOUL), new_york_week))
    assert [(v, label) for v, label, _s in select(form, "date")] == [
        ("2026-12-07", "Monday, December 7"),
        ("2026-12-08", "Tuesday, December 8"),
        ("2026-12-09", "Wednesday, December 9"),
        ("2026-12-10", "Thursday, December 10"),
        ("2026-12-11", "Friday, December 11"),
    ]
    starts = select(form, "start")
    assert [(v, label) for v, label, _s in starts[:4]] == [
        ("23:00", "23:00"),
        ("23:30", "23:30"),
        ("00:00+1", "00:00 (next day)"),
        ("00:30+1", "00:30 (next day)"),
    ]
    ends = select(form, "end")
    assert [v for v, _label, _s in ends[:3]] == ["23:30", "24:00", "00:30+1"]
    assert ends[-1][:2] == ("07:00+1", "07:00 (next day)")
    # It starts at the best time, as Seoul reads it.
    assert [v for v, _l, selected in select(form, "date") if selected] == ["2026-12-07"]
    assert [v for v, _l, selected in starts if selected] == ["23:00"]
    assert [v for v, _l, selected in ends if selected] == ["07:00+1"]
    assert '<input type="hidden" name="zone" value="Asia/Seoul"' in form
    assert "Times in Asia/Seoul, your time zone, as the grid shows them." in words(form)


def test_a_final_date_chosen_in_seoul_is_stored_in_new_yorks_times(
    organizer: Client, new_york_week: str
) -> None:
    code = new_york_week
    seen_from(organizer, SEOUL)
    response = organizer.post(
        f"{page_url(code)}final",
        {"date": "2026-12-08", "start": "00:00+1", "end": "02:00+1", "zone": SEOUL},
    )
    assert response.status_code == 303
    decided = stored(code).final
    assert decided is not None
    assert (decided.day.isoformat(), decided.start, decided.end) == ("2026-12-08", 600, 720)
    body = page(organizer, code)
    card = re.search(r'<section class="card decision".*?</section>', body, re.S)
    assert card is not None
    assert "Meeting on Wed Dec 9, 00:00–02:00 (Asia/Seoul)" in words(card.group(0))
    assert "New York" not in card.group(0)
    # Read in the meeting's zone, the same decision says New York's times.
    assert organizer.post(f"{page_url(code)}zone", {"zone": "meeting"}).status_code == 303
    card = re.search(r'<section class="card decision".*?</section>', page(organizer, code), re.S)
    assert card is not None
    assert "Meeting on Tue Dec 8, 10:00–12:00 (America/New York)" in words(card.group(0))


def test_a_decision_across_seouls_midnight_is_said_so(
    organizer: Client, new_york_week: str
) -> None:
    code = new_york_week
    seen_from(organizer, SEOUL)
    response = organizer.post(
        f"{page_url(code)}final",
        {"date": "2026-12-07", "start": "23:00", "end": "01:00+1", "zone": SEOUL},
    )
    assert response.status_code == 303
    body = page(organizer, code)
    assert "Meeting on Mon Dec 7, 23:00 – Tue Dec 8, 01:00 (Asia/Seoul)" in words(body)


@pytest.mark.parametrize(
    ("posted", "field", "message"),
    [
        # 08:00 on Tuesday in Seoul is 18:00 on Monday in New York: after the meeting's times.
        (
            {"start": "08:00+1", "end": "09:00+1"},
            "id_final_start",
            "Pick a time inside the meeting's times, as the grid shows them.",
        ),
        # 23:00 Monday to 23:30 Tuesday in Seoul spans two New York dates.
        (
            {"start": "23:00", "end": "23:30+1"},
            "id_final_end",
            "Pick a time inside the meeting's times, as the grid shows them.",
        ),
        ({"start": "23:30", "end": "23:00"}, "id_final_end", "The end time must be after"),
        ({"start": "23:00+7", "end": "23:30"}, "id_final_start", "Pick a time such as 09:00."),
    ],
)
def test_a_wrong_time_in_the_zone_shown_is_refused_next_to_its_field(
    organizer: Client, new_york_week: str, posted: dict[str, str], field: str, message: str
) -> None:
    code = new_york_week
    response = seen_from(organizer, SEOUL).post(
        f"{page_url(code)}final", {"date": "2026-12-07", "zone": SEOUL, **posted}
    )
    assert response.status_code == 400
    assert message in html.unescape(field_errors(response, field))
    assert stored(code).final is None


def test_an_unknown_zone_is_refused_plainly(organizer: Client, new_york_week: str) -> None:
    code = new_york_week
    response = organizer.post(
        f"{page_url(code)}final",
        {"date": "2026-12-07", "start": "09:00", "end": "10:00", "zone": "Mars/Olympus"},
    )
    assert response.status_code == 400
    assert "Reload the page and pick again." in text(response)
    assert stored(code).final is None


def test_seen_from_new_york_nothing_moves(organizer: Client, new_york_week: str) -> None:
    body = page(seen_from(organizer, NEW_YORK), new_york_week)
    columns, rows, classes = grid(body, "mine-grid")
    assert columns == ["Mon 12/7", "Tue 12/8", "Wed 12/9", "Thu 12/10", "Fri 12/11"]
    assert rows == [f"{9 + n // 2:02d}:{30 * (n % 2):02d}" for n in range(16)]
    assert set(classes) == {""}
    assert "next day" not in words(body)
    best = re.search(r'<div class="best-dates">.*?</ol>', body, re.S)
    assert best is not None
    assert "Monday, December 7, 09:00–17:00 – 1 of 1 free" in words(best.group(0))
    form = final_form(body)
    assert [v for v, _l, _s in select(form, "start")][:2] == ["09:00", "09:30"]
    assert [v for v, _l, _s in select(form, "end")][-1] == "17:00"
    assert "Times in America/New York, the meeting\u2019s time zone." in words(form)
    response = organizer.post(
        f"{page_url(new_york_week)}final",
        {"date": "2026-12-09", "start": "16:00", "end": "17:00", "zone": NEW_YORK},
    )
    assert response.status_code == 303
    decided = stored(new_york_week).final
    assert decided is not None
    assert (decided.day.isoformat(), decided.start, decided.end) == ("2026-12-09", 960, 1020)


def test_in_korean(organizer: Client, new_york_week: str) -> None:
    body = page(seen_from(organizer, SEOUL), new_york_week, HTTP_ACCEPT_LANGUAGE="ko")
    _columns, rows, _classes = grid(body, "heat-grid")
    assert rows[2] == "다음 날 00:00"
    assert "00:00 (다음 날)" in select(final_form(body), "start")[2][1]
    best = re.search(r'<div class="best-dates">.*?</ol>', body, re.S)
    assert best is not None
    assert "12월 7일 (월요일) 23:00 – 12월 8일 (화요일) 07:00" in words(best.group(0))
