"""The slot rules (meetings.domain: window, marks, best): windows, marks on slot boundaries,
"24:00", clock changes, and the ranking of best times. The pages' layout of slots is in
pages/test_slot_layout.py."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from meetings.domain import (
    BestTime,
    DateAction,
    InvalidMark,
    InvalidTimeWindow,
    TimeWindow,
    best_times_pick,
    mark_check,
    slot_instant,
    slots_apply,
    slots_new,
    slots_summary,
    time_window_check,
)

SEOUL = "Asia/Seoul"
DAY = date(2026, 12, 1)


def test_a_window_and_its_slots() -> None:
    window = time_window_check("09:00", "12:30", 30, SEOUL)
    assert window == TimeWindow(540, 750, 30, SEOUL)
    assert window.slot_count == 7
    assert window.slot_label(0) == "09:00–09:30"
    assert window.slot_label(6) == "12:00–12:30"
    assert slots_new(window) == "1111111"


def test_24_00_is_the_end_of_the_day() -> None:
    window = time_window_check("00:00", "24:00", 60, "UTC")
    assert window.slot_count == 24
    assert window.slot_label(23) == "23:00–24:00"
    with pytest.raises(InvalidTimeWindow) as error:
        time_window_check("24:00", "24:00", 60, "UTC")
    assert error.value.message == (
        'start_time should be a time from "00:00" to "23:59" written as HH:MM'
    )


@pytest.mark.parametrize(
    ("start", "end", "slot", "zone", "message"),
    [
        ("09:00", "12:00", 20, SEOUL, "slot_minutes should be 15, 30 or 60"),
        ("09:00", "12:00", True, SEOUL, "slot_minutes should be 15, 30 or 60"),
        ("09:00", "12:00", "30", SEOUL, "slot_minutes should be 15, 30 or 60"),
        (
            "9:00",
            "12:00",
            30,
            SEOUL,
            'start_time should be a time from "00:00" to "23:59" written as HH:MM',
        ),
        (
            "09:00",
            "24:01",
            30,
            SEOUL,
            'end_time should be a time from "00:00" to "24:00" written as HH:MM',
        ),
        (
            "09:00",
            1200,
            30,
            SEOUL,
            'end_time should be a time from "00:00" to "24:00" written as HH:MM',
        ),
        ("09:10", "12:00", 30, SEOUL, "start_time 09:10 is not on a 30-minute slot boundary"),
        ("09:00", "12:45", 30, SEOUL, "end_time 12:45 is not on a 30-minute slot boundary"),
        ("12:00", "12:00", 30, SEOUL, "end_time 12:00 should be after start_time 12:00"),
        ("12:00", "09:00", 30, SEOUL, "end_time 09:00 should be after start_time 12:00"),
        ("09:00", "12:00", 30, "Mars/Base", "time_zone Mars/Base is not a known IANA time zone"),
        (
            "09:00",
            "12:00",
            30,
            "../etc/passwd",
            "time_zone ../etc/passwd is not a known IANA time zone",
        ),
    ],
)
def test_bad_windows(start: object, end: object, slot: object, zone: str, message: str) -> None:
    with pytest.raises(InvalidTimeWindow) as error:
        time_window_check(start, end, slot, zone)
    assert error.value.message == message


def test_actions_on_slots_keep_the_date_meanings() -> None:
    slots = "0120"
    assert slots_apply(slots, DateAction.ON) == "1121"
    assert slots_apply(slots, DateAction.OFF) == "0000"
    assert slots_apply(slots, DateAction.STAR) == "2222"
    assert slots_apply(slots, DateAction.UNSTAR) == "0110"
    assert slots_apply(slots, DateAction.OFF, range(1, 3)) == "0000"
    assert slots_apply(slots, DateAction.STAR, range(0, 1)) == "2120"
    assert slots_summary("0000") == (False, False, False)
    assert slots_summary("0100") == (True, False, False)
    assert slots_summary("0020") == (True, True, False)
    assert slots_summary("0030") == (True, False, True)
    assert slots_summary("0230") == (True, True, True)


def test_slot_actions_if_need_be() -> None:
    # "3": free if need be. It stays through "on", goes busy with "off", preferred with "star",
    # plainly free with "unstar"; "ifneedbe" makes any slot free if need be.
    slots = "0123"
    assert slots_apply(slots, DateAction.ON) == "1123"
    assert slots_apply(slots, DateAction.OFF) == "0000"
    assert slots_apply(slots, DateAction.STAR) == "2222"
    assert slots_apply(slots, DateAction.UNSTAR) == "0111"
    assert slots_apply(slots, DateAction.IFNEEDBE) == "3333"
    assert slots_apply(slots, DateAction.IFNEEDBE, range(0, 2)) == "3323"


WINDOW = TimeWindow(540, 720, 30, SEOUL)  # 09:00-12:00
DATES = [DAY, date(2026, 12, 2)]


def test_marks_on_slot_boundaries() -> None:
    mark = mark_check(
        day=DAY, action=DateAction.OFF, begin="09:30", end="11:00", dates=DATES, window=WINDOW
    )
    assert mark.slots == range(1, 4)
    whole = mark_check(
        day=DAY, action=DateAction.OFF, begin=None, end=None, dates=DATES, window=WINDOW
    )
    assert whole.slots is None
    end = mark_check(
        day=DAY, action=DateAction.ON, begin="11:30", end="12:00", dates=DATES, window=WINDOW
    )
    assert end.slots == range(5, 6)
    dates_only = mark_check(
        day=DAY, action=DateAction.ON, begin=None, end=None, dates=DATES, window=None
    )
    assert dates_only.slots is None


@pytest.mark.parametrize(
    ("day", "begin", "end", "window", "message"),
    [
        (
            date(2026, 12, 3),
            "09:00",
            "10:00",
            WINDOW,
            "date 2026-12-03 is not in the meeting's range",
        ),
        (DAY, "08:30", "10:00", WINDOW, "from 08:30 is outside the window 09:00-12:00"),
        (DAY, "09:00", "12:30", WINDOW, "to 12:30 is outside the window 09:00-12:00"),
        (DAY, "09:15", "10:00", WINDOW, "from 09:15 is not on a 30-minute slot boundary"),
        (DAY, "09:00", "10:10", WINDOW, "to 10:10 is not on a 30-minute slot boundary"),
        (DAY, "10:00", "10:00", WINDOW, "to 10:00 should be after from 10:00"),
        (DAY, "10:00", None, WINDOW, "from and to go together"),
        (
            DAY,
            "nine",
            "10:00",
            WINDOW,
            'from should be a time from "00:00" to "23:59" written as HH:MM',
        ),
        (DAY, "09:00", "10:00", None, "from and to are only for meetings with time slots"),
    ],
)
def test_bad_marks(
    day: date, begin: object, end: object, window: TimeWindow | None, message: str
) -> None:
    with pytest.raises(InvalidMark) as error:
        mark_check(day=day, action=DateAction.OFF, begin=begin, end=end, dates=DATES, window=window)
    assert error.value.message == message


def test_a_slot_on_the_day_the_clocks_go_forward() -> None:
    """New York, 2026-03-08: 02:00 jumps to 03:00. The 02:xx slots do not occur that day."""
    zone = ZoneInfo("America/New_York")
    day = date(2026, 3, 8)
    assert slot_instant(day, 90, zone) == datetime(2026, 3, 8, 6, 30, tzinfo=UTC)  # 01:30 EST
    assert slot_instant(day, 120, zone) is None  # 02:00 does not occur
    assert slot_instant(day, 150, zone) is None
    assert slot_instant(day, 180, zone) == datetime(2026, 3, 8, 7, 0, tzinfo=UTC)  # 03:00 EDT
    # The grid is the same as on any other day: the window still has its slots.
    window = time_window_check("01:00", "04:00", 30, "America/New_York")
    assert window.slot_count == 6


def test_a_slot_on_the_day_the_clocks_go_back() -> None:
    """New York, 2026-11-01: 02:00 goes back to 01:00. A 01:xx slot is its first occurrence."""
    zone = ZoneInfo("America/New_York")
    day = date(2026, 11, 1)
    assert slot_instant(day, 60, zone) == datetime(2026, 11, 1, 5, 0, tzinfo=UTC)  # 01:00 EDT
    assert slot_instant(day, 120, zone) == datetime(2026, 11, 1, 7, 0, tzinfo=UTC)  # 02:00 EST
    assert slot_instant(date(2026, 11, 2), 60, zone) == datetime(2026, 11, 2, 6, 0, tzinfo=UTC)


def test_best_times_rank_free_then_preferred_then_length_then_start() -> None:
    window = TimeWindow(540, 660, 30, SEOUL)  # 09:00-11:00: 4 slots
    marks = [
        (DAY, ["1100", "1110", "0110"]),  # free: 2 3 2 0
        (date(2026, 12, 2), ["1121", "1111", "1111"]),  # free: 3 3 3 3, one star at 10:00
    ]
    best = best_times_pick(window, marks, 3)
    assert best == (
        BestTime(date(2026, 12, 2), 540, 660, 3, 3, 1),  # all 4 slots, 3 free, a star
        BestTime(DAY, 570, 600, 3, 3, 0),  # 09:30-10:00
        BestTime(DAY, 540, 570, 2, 3, 0),  # 2 free: the earlier of two equal runs
    )
    assert best_times_pick(window, marks, 0) == ()


def test_best_times_prefer_longer_runs_on_a_tie() -> None:
    window = TimeWindow(540, 660, 30, SEOUL)
    marks = [(DAY, ["1011"]), (date(2026, 12, 2), ["1100"])]
    best = best_times_pick(window, marks, 1, count=2)
    assert [(b.day, b.start, b.end) for b in best] == [
        (DAY, 600, 660),  # two slots: longer than the equal-count single slot before it
        (date(2026, 12, 2), 540, 600),
    ]


def test_best_times_rank_fewer_if_need_be_below_more_free_above_preferred() -> None:
    window = TimeWindow(540, 660, 30, SEOUL)  # 09:00-11:00: 4 slots
    later = date(2026, 12, 2)
    marks = [
        # free: 2 2 2 2; 09:00-10:00 one of them only if need be, 10:00-11:00 plainly (a run
        # each: the number free if need be splits runs as the number free does)
        (DAY, ["3311", "1111"]),
        # free: 2 2 1 0, preferred on 09:00-10:00 by both, but one only if need be there too
        (later, ["2210", "3300"]),
    ]
    best = best_times_pick(window, marks, 2, count=4)
    assert best == (
        BestTime(DAY, 600, 660, 2, 2, 0, 0),  # all free plainly: above the stars below
        BestTime(later, 540, 600, 2, 2, 2, 1),  # one if need be each: stars decide
        BestTime(DAY, 540, 600, 2, 2, 0, 1),
        BestTime(later, 600, 630, 1, 2, 0, 0),  # more free comes first, whatever the rest
    )


def test_best_times_of_meetings_without_if_need_be_are_as_before() -> None:
    window = TimeWindow(540, 660, 30, SEOUL)
    marks = [(DAY, ["1100", "1110", "0110"])]
    best = best_times_pick(window, marks, 3, count=1)
    assert best == (BestTime(DAY, 570, 600, 3, 3, 0),)
    assert best[0].if_need_be == 0
