"""A timed meeting on another zone's clock (meetings.domain.shown): the layout in reading order
(columns are the meeting's dates, rows past their midnight say so), runs of slots across
midnight, and a decision read on the shown clock taken back to the meeting's zone."""

from __future__ import annotations

from datetime import date

import pytest

from meetings.domain import (
    InvalidFinal,
    InvalidTimeWindow,
    ShownSpan,
    SlotPlace,
    final_check,
    final_times_in_meeting_zone,
    shown_span,
    shown_time_label,
    shown_time_parse,
    slot_layout,
    time_window_check,
)

NEW_YORK = "America/New_York"
SEOUL = "Asia/Seoul"
MON, TUE, FRI, SAT = date(2026, 12, 7), date(2026, 12, 8), date(2026, 12, 11), date(2026, 12, 12)
NINE_TO_FIVE = time_window_check("09:00", "17:00", 30, NEW_YORK)


def hours(*values: float) -> tuple[tuple[int, int], ...]:
    return tuple((int(value * 60), 0) for value in values)


def test_a_new_york_week_seen_from_seoul_reads_in_order_with_the_next_day_marked() -> None:
    """09:00-17:00 in New York (EST) is 23:00 to 07:00 the next day in Seoul: the rows start
    at 23:00, pass midnight once (marked), and no Saturday column appears for Friday's
    evening, which is Saturday morning in Seoul."""
    layout = slot_layout(NINE_TO_FIVE, MON, FRI, SEOUL)
    assert layout.columns == tuple(date(2026, 12, day) for day in range(7, 12))
    assert layout.heads == layout.columns  # 23:00 on the same date
    assert SAT not in layout.heads
    assert layout.rows == hours(23, 23.5, *(n / 2 for n in range(14)))
    assert layout.row_days == (0, 0, *(1,) * 14)
    assert layout.day_breaks() == (2,)
    assert layout.places[0][0] == SlotPlace(MON, 0)  # 23:00 Mon in Seoul: 09:00 Mon in New York
    assert layout.places[2][0] == SlotPlace(MON, 2)  # 00:00 Tue in Seoul: 10:00 Mon
    assert layout.places[-1][4] == SlotPlace(FRI, 15)  # 06:30 Sat in Seoul: 16:30 Fri
    assert layout.cell_day(2, 4) == SAT  # the cell's own date still says Saturday
    assert all(place.day is not None for row in layout.places for place in row)


def test_the_same_week_seen_from_utc_is_one_day_per_column() -> None:
    layout = slot_layout(NINE_TO_FIVE, MON, FRI, "UTC")
    assert layout.heads == layout.columns
    assert layout.rows == hours(*(14 + n / 2 for n in range(16)))
    assert layout.day_breaks() == ()
    assert layout.places[0][0] == SlotPlace(MON, 0)


def test_a_meeting_in_the_viewers_own_zone_is_unchanged() -> None:
    layout = slot_layout(NINE_TO_FIVE, MON, FRI, NEW_YORK)
    assert layout.heads == layout.columns
    assert layout.rows == hours(*(9 + n / 2 for n in range(16)))
    assert layout.row_days == (0,) * 16
    assert layout.day_breaks() == ()
    assert layout.places[3][1] == SlotPlace(TUE, 3)


def test_the_week_new_york_moves_its_clocks_forward() -> None:
    """On Sunday 2026-03-08 New York goes to EDT: its 09:00 is 23:00 in Seoul before and 22:00
    from then on. One grid holds both: rows 22:00..06:30 with the next day marked once, the
    hour a column has no slot at left empty (and said to be outside the meeting's times)."""
    window = time_window_check("09:00", "17:00", 30, NEW_YORK)
    first, last = date(2026, 3, 5), date(2026, 3, 11)
    layout = slot_layout(window, first, last, SEOUL)
    assert layout.heads == layout.columns
    assert layout.rows == hours(22, 22.5, 23, 23.5, *(n / 2 for n in range(14)))
    assert layout.day_breaks() == (4,)
    thursday, sunday = 0, 3
    assert layout.places[0][thursday] == SlotPlace(None)  # 22:00: before 09:00 EST
    assert layout.places[2][thursday] == SlotPlace(date(2026, 3, 5), 0)  # 23:00
    assert layout.places[0][sunday] == SlotPlace(date(2026, 3, 8), 0)  # 22:00: 09:00 EDT
    assert layout.places[-1][thursday] == SlotPlace(date(2026, 3, 5), 15)  # 06:30
    assert layout.places[-1][sunday] == SlotPlace(None)  # 06:30: after 17:00 EDT
    in_utc = slot_layout(window, first, last, "UTC")
    assert in_utc.rows == hours(*(13 + n / 2 for n in range(18)))
    assert in_utc.day_breaks() == ()


def test_a_run_of_slots_on_another_clock() -> None:
    seoul = shown_span(NINE_TO_FIVE, MON, 540, 1020, SEOUL)
    assert seoul == ShownSpan(MON, 23 * 60, TUE, 7 * 60)
    assert seoul is not None
    assert seoul.crosses_midnight
    # Ending at the shown clock's midnight is 24:00 of the same day.
    assert shown_span(NINE_TO_FIVE, MON, 540, 600, SEOUL) == ShownSpan(MON, 23 * 60, MON, 1440)
    assert shown_span(NINE_TO_FIVE, MON, 540, 1020, NEW_YORK) == ShownSpan(MON, 540, MON, 1020)
    berlin = time_window_check("01:00", "04:00", 60, "Europe/Berlin")
    skipped = date(2026, 3, 29)  # 02:00-03:00 does not occur
    assert shown_span(berlin, skipped, 120, 180, "UTC") is None
    assert shown_span(berlin, skipped, 60, 240, "UTC") == ShownSpan(skipped, 0, skipped, 120)


def test_times_as_a_form_posts_them() -> None:
    assert shown_time_label(0, 540) == "09:00"
    assert shown_time_label(1, 30) == "00:30+1"
    assert shown_time_parse("00:30+1", what="start") == (1, 30)
    assert shown_time_parse("24:00", what="end", end_of_day=True) == (0, 1440)
    for bad in ("25:00", "09:00+3", "9:00", "", None, "09:00+x"):
        with pytest.raises(InvalidFinal):
            shown_time_parse(bad, what="start")


def test_a_decision_read_in_seoul_is_stored_in_new_yorks_times() -> None:
    def convert(day: date, start: str, end: str, zone: str = SEOUL) -> tuple[date, str, str]:
        return final_times_in_meeting_zone(
            day=day, start=start, end=end, zone=zone, window=NINE_TO_FIVE
        )

    assert convert(MON, "23:00", "07:00+1") == (MON, "09:00", "17:00")
    assert convert(MON, "00:00+1", "02:00+1") == (MON, "10:00", "12:00")
    assert convert(TUE, "00:00", "02:00") == (MON, "10:00", "12:00")  # the same moment
    # In the meeting's own zone nothing moves; "24:00" stays the end of the day.
    allday = time_window_check("00:00", "24:00", 60, NEW_YORK)
    assert final_times_in_meeting_zone(
        day=MON, start="23:00", end="24:00", zone=NEW_YORK, window=allday
    ) == (MON, "23:00", "24:00")
    # 23:00 Mon to 23:30 Tue in Seoul spans two New York dates.
    with pytest.raises(InvalidFinal, match=r"^end 23:30\+1 is outside the meeting's times"):
        convert(MON, "23:00", "23:30+1")
    # 08:00 Tue in Seoul is 18:00 Mon in New York: after the window.
    with pytest.raises(InvalidFinal, match=r"^start 08:00\+1 is outside the meeting's times"):
        convert(MON, "08:00+1", "09:00+1")
    with pytest.raises(InvalidFinal, match=r"^end 23:00 should be after start 23:30"):
        convert(MON, "23:30", "23:00")
    with pytest.raises(InvalidTimeWindow):
        convert(MON, "23:00", "23:30", zone="Mars/Olympus")
    with pytest.raises(InvalidFinal, match=r"^start 02:30 does not occur"):
        convert(date(2026, 3, 29), "02:30", "03:30", zone="Europe/Berlin")
    # What comes out passes the decision's own checks.
    day, start, end = convert(MON, "00:00+1", "02:00+1")
    decided = final_check(
        day=day, start=start, end=end, note="", dates=[MON, TUE], window=NINE_TO_FIVE
    )
    assert (decided.day, decided.start, decided.end) == (MON, 600, 720)
