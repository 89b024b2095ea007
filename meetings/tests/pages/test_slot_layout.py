"""The layout of slots a page shows (meetings.domain.shown since issue 24: columns are the
meeting's dates, rows the shown zone's times in reading order), counts, and a date's
checkboxes as marks (meetings.web.presenters.layout)."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from meetings.domain import (
    DateAction,
    SlotPlace,
    slot_counts,
    slot_layout,
    slots_apply,
    time_window_check,
    wall_time_in,
    wall_time_occurs,
)
from meetings.web.presenters.layout import slots_marks_to, slots_target

SEOUL = "Asia/Seoul"
DAY = date(2026, 12, 1)


def test_the_layout_in_the_meetings_zone_is_dates_by_slots() -> None:
    window = time_window_check("09:00", "10:30", 30, SEOUL)
    layout = slot_layout(window, DAY, date(2026, 12, 2), SEOUL)
    assert layout.columns == (DAY, date(2026, 12, 2))
    assert layout.rows == ((540, 0), (570, 0), (600, 0))
    assert layout.places[1] == (SlotPlace(DAY, 1), SlotPlace(date(2026, 12, 2), 1))
    assert slot_layout(window, DAY, date(2026, 12, 2), SEOUL) is layout  # kept


def test_the_layout_in_another_zone_moves_slots_to_its_dates_and_times() -> None:
    """09:00 in Seoul is 16:00 the day before in Los Angeles. Since issue 24 a column is a
    meeting date (``columns``) headed by its date on the shown clock (``heads``); before, the
    columns were the shown zone's dates, which could add a column no meeting date had."""
    window = time_window_check("09:00", "10:00", 30, SEOUL)
    layout = slot_layout(window, DAY, date(2026, 12, 2), "America/Los_Angeles")
    assert layout.columns == (DAY, date(2026, 12, 2))
    assert layout.heads == (date(2026, 11, 30), DAY)
    assert layout.rows == ((960, 0), (990, 0))
    assert layout.row_days == (0, 0)
    assert layout.places[0] == (SlotPlace(DAY, 0), SlotPlace(date(2026, 12, 2), 0))
    # A zone half an hour off the slots, across midnight: empty cells where no slot falls.
    window = time_window_check("23:00", "24:00", 60, "UTC")
    layout = slot_layout(window, DAY, DAY, "Asia/Kolkata")
    assert layout.columns == (DAY,)
    assert layout.heads == (date(2026, 12, 2),)
    assert layout.rows == ((270, 0),)  # 04:30


def test_the_layout_on_the_day_the_clocks_go_forward() -> None:
    """Berlin skips 02:00-03:00 on 2026-03-29: the slot does not occur there, and in another
    zone it has no cell."""
    window = time_window_check("01:00", "04:00", 60, "Europe/Berlin")
    layout = slot_layout(window, date(2026, 3, 28), date(2026, 3, 29), "Europe/Berlin")
    assert [row[1].occurs for row in layout.places] == [True, False, True]
    assert [row[0].occurs for row in layout.places] == [True, True, True]
    in_utc = slot_layout(window, date(2026, 3, 29), date(2026, 3, 29), "UTC")
    assert in_utc.rows == ((0, 0), (60, 0))  # 01:00 CET and 03:00 CEST: both 00:00/01:00 UTC
    assert [row[0] for row in in_utc.places] == [
        SlotPlace(date(2026, 3, 29), 0),
        SlotPlace(date(2026, 3, 29), 2),
    ]


def test_the_layout_on_the_day_the_shown_zones_clocks_go_back() -> None:
    """UTC 00:00 and 01:00 on 2026-10-25 are both 02:00 in Berlin: two rows, the second one
    marked as the second time (fold 1)."""
    window = time_window_check("00:00", "03:00", 60, "UTC")
    layout = slot_layout(window, date(2026, 10, 25), date(2026, 10, 25), "Europe/Berlin")
    assert layout.rows == ((120, 0), (120, 1), (180, 0))
    assert [row[0].index for row in layout.places] == [0, 1, 2]
    berlin = ZoneInfo("Europe/Berlin")
    assert wall_time_occurs(date(2026, 10, 25), 120, 1, berlin)
    assert not wall_time_occurs(date(2026, 10, 24), 120, 1, berlin)
    assert not wall_time_occurs(date(2026, 3, 29), 120, 0, berlin)


def test_a_meeting_time_on_another_clock() -> None:
    window = time_window_check("09:00", "12:00", 30, SEOUL)
    assert wall_time_in(DAY, 540, window, "Europe/Berlin") == (DAY, 60)
    assert wall_time_in(DAY, 540, window, "America/New_York") == (date(2026, 11, 30), 19 * 60)
    berlin = time_window_check("01:00", "04:00", 60, "Europe/Berlin")
    assert wall_time_in(date(2026, 3, 29), 120, berlin, "UTC") is None


def test_counts_per_slot() -> None:
    window = time_window_check("09:00", "10:30", 30, SEOUL)
    free, preferred, if_need_be = slot_counts(window, ["120", "110", "020"])
    assert list(free) == [2, 3, 0]
    assert list(preferred) == [0, 2, 0]
    assert list(if_need_be) == [0, 0, 0]
    free, preferred, if_need_be = slot_counts(window, ["130", "310", "023"])
    assert list(free) == [2, 3, 1]  # free if need be counts as free
    assert list(preferred) == [0, 1, 0]
    assert list(if_need_be) == [1, 1, 1]
    assert list(slot_counts(window, [])[0]) == [0, 0, 0]


def test_a_dates_checkboxes_as_wanted_marks() -> None:
    window = time_window_check("09:00", "12:00", 30, SEOUL)
    target = slots_target(window, DAY, "111111", free={0, 1, 2, 5}, preferred={2, 4})
    assert target == "112021"  # preferred wins over free; unticked is busy
    skipped = time_window_check("01:00", "04:00", 60, "Europe/Berlin")
    # The slot that does not occur has no checkbox: it keeps what it was.
    assert slots_target(skipped, date(2026, 3, 29), "121", free=set(), preferred=set()) == "020"


def test_marks_from_what_was_shown_to_what_is_wanted() -> None:
    window = time_window_check("09:00", "12:00", 30, SEOUL)
    assert slots_marks_to(window, "111111", "111111") == []
    assert slots_marks_to(window, "111111", "001102") == [
        (DateAction.OFF, 540, 600),
        (DateAction.OFF, 660, 690),
        (DateAction.STAR, 690, 720),
    ]
    # Free is two actions (it may have been preferred or busy); runs of one wish stay whole.
    assert slots_marks_to(window, "200222", "111112") == [
        (DateAction.ON, 540, 690),
        (DateAction.UNSTAR, 540, 690),
    ]
    for was, target in (("012012", "210210"), ("222000", "000222"), ("101010", "111111")):
        result = was
        for action, begin, end in slots_marks_to(window, was, target):
            result = slots_apply(result, action, window.slots_between(begin, end))
        assert result == target, (was, target)
