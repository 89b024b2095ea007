"""Changing a meeting's days or window, keeping the answers (``domain.schedule``): which days
stay, go and come, and each kept day's marks re-cut to a new window."""

from __future__ import annotations

from datetime import date

import pytest

from meetings.domain import (
    Schedule,
    TimeWindow,
    day_remap,
    least_available,
    schedule_plan,
    schedule_preview,
    weekday_day,
)

NINE_TO_ELEVEN = TimeWindow(540, 660, 30, "Asia/Seoul")  # 4 slots


def dated(start: int, end: int, window: TimeWindow | None = None) -> Schedule:
    return Schedule(date(2027, 3, start), date(2027, 3, end), None, window)


def weekly(*days: int, window: TimeWindow | None = None) -> Schedule:
    return Schedule(weekday_day(min(days)), weekday_day(max(days)), tuple(days), window)


def test_a_shifted_range_keeps_the_overlap_removes_and_adds_the_rest() -> None:
    plan = schedule_plan(dated(1, 5), dated(3, 8))
    assert plan.kept == tuple(date(2027, 3, day) for day in (3, 4, 5))
    assert plan.removed == (date(2027, 3, 1), date(2027, 3, 2))
    assert plan.added == tuple(date(2027, 3, day) for day in (6, 7, 8))
    assert plan.new_slots is None
    assert not plan.recut
    assert plan.answers_kept


def test_new_days_of_a_timed_meeting_start_free_on_every_slot() -> None:
    plan = schedule_plan(dated(1, 2, NINE_TO_ELEVEN), dated(1, 3, NINE_TO_ELEVEN))
    assert plan.added == (date(2027, 3, 3),)
    assert plan.new_slots == "1111"
    assert not plan.recut


def test_weekdays_keep_the_weekdays_that_stay() -> None:
    plan = schedule_plan(weekly(1, 3, 5), weekly(3, 4))
    assert plan.kept == (weekday_day(3),)
    assert plan.removed == (weekday_day(1), weekday_day(5))
    assert plan.added == (weekday_day(4),)


def test_changing_kind_removes_every_day_even_one_that_looks_the_same() -> None:
    # A dated meeting in the reference week (January 2001) shares its dates, not its question.
    plan = schedule_plan(Schedule(date(2001, 1, 1), date(2001, 1, 3)), weekly(1, 2))
    assert plan.kept == ()
    assert plan.removed == (date(2001, 1, 1), date(2001, 1, 2), date(2001, 1, 3))
    assert plan.added == (weekday_day(1), weekday_day(2))
    assert not plan.answers_kept


def test_a_meeting_without_days_gets_them_all() -> None:
    plan = schedule_plan(Schedule(None, None), dated(1, 2))
    assert plan.kept == plan.removed == ()
    assert plan.added == (date(2027, 3, 1), date(2027, 3, 2))


def test_no_day_kept_or_a_new_zone_keeps_no_answer() -> None:
    assert not schedule_plan(dated(1, 2), dated(3, 4)).answers_kept
    berlin = TimeWindow(540, 660, 30, "Europe/Berlin")
    plan = schedule_plan(dated(1, 2, NINE_TO_ELEVEN), dated(1, 2, berlin))
    assert plan.recut
    assert not plan.answers_kept


@pytest.mark.parametrize(
    ("new", "slots"),
    [
        (TimeWindow(540, 660, 30, "Asia/Seoul"), "0212"),  # unchanged
        (TimeWindow(600, 720, 30, "Asia/Seoul"), "1211"),  # 10-12: 10:00, 10:30 kept
        (TimeWindow(480, 600, 30, "Asia/Seoul"), "1102"),  # 8-10: 9:00, 9:30 kept
        (TimeWindow(540, 660, 15, "Asia/Seoul"), "00221122"),  # halves inherit
        (TimeWindow(540, 660, 60, "Asia/Seoul"), "01"),  # least available of two
        (TimeWindow(540, 720, 60, "Asia/Seoul"), "011"),  # 11-12 is new
        (TimeWindow(570, 630, 30, "Asia/Seoul"), "21"),
    ],
)
def test_a_window_change_keeps_the_marks_of_the_slots_that_still_exist(
    new: TimeWindow, slots: str
) -> None:
    enabled, starred, if_need_be, marked = day_remap(
        (True, True, False, "0212"), NINE_TO_ELEVEN, new
    )
    assert marked == slots
    assert (enabled, starred, if_need_be) == ("1" in slots or "2" in slots, "2" in slots, False)


def test_a_window_shifted_off_the_slot_grid_starts_the_straddling_slots_free() -> None:
    # 9:00-11:00 by the hour, then 9:30-10:30 by the hour: 9:30-10:30 lies in two old hours.
    old = TimeWindow(540, 660, 60, "Asia/Seoul")
    new = TimeWindow(570, 630, 30, "Asia/Seoul")
    assert day_remap((True, False, False, "01"), old, new)[3] == "01"


def test_a_new_zone_keeps_no_slot_mark() -> None:
    berlin = TimeWindow(540, 660, 30, "Europe/Berlin")
    assert day_remap((False, False, False, "0000"), NINE_TO_ELEVEN, berlin) == (
        True,
        False,
        False,
        "1111",
    )


def test_a_day_answer_holds_for_every_slot_and_a_summary_stays_without_slots() -> None:
    assert day_remap((False, False, False, None), None, NINE_TO_ELEVEN) == (
        False,
        False,
        False,
        "0000",
    )
    assert day_remap((True, False, False, None), None, NINE_TO_ELEVEN) == (
        True,
        False,
        False,
        "1111",
    )
    assert day_remap((True, True, False, None), None, NINE_TO_ELEVEN) == (True, True, False, "2222")
    assert day_remap((True, True, False, "0210"), NINE_TO_ELEVEN, None) == (True, True, False, None)
    assert day_remap((False, False, False, None), None, None) == (False, False, False, None)
    assert day_remap((True, False, True, None), None, NINE_TO_ELEVEN) == (True, False, True, "3333")
    assert day_remap((True, False, True, "0311"), NINE_TO_ELEVEN, None) == (True, False, True, None)


def test_if_need_be_marks_are_kept_and_merge_below_free() -> None:
    hourly = TimeWindow(540, 660, 60, "Asia/Seoul")
    assert day_remap((True, True, True, "3123"), NINE_TO_ELEVEN, hourly) == (
        True,
        False,
        True,
        "33",
    )
    finer = TimeWindow(540, 660, 15, "Asia/Seoul")
    assert day_remap((True, False, True, "3111"), NINE_TO_ELEVEN, finer)[3] == "33111111"


def test_least_available_orders_busy_if_need_be_free_preferred() -> None:
    assert least_available("21") == "1"
    assert least_available("231") == "3"
    assert least_available("1230") == "0"
    assert least_available("2x") == "0"  # unknown: busy


def test_the_preview_names_who_loses_an_answer() -> None:
    old, new = dated(1, 3), dated(2, 4)
    people = [
        ("Ann", True, [(date(2027, 3, 1), (False, False, False, None))]),  # busy on a removed day
        ("Bo", True, [(date(2027, 3, 1), (True, False, False, None))]),  # free there: nothing lost
        ("Cy", False, [(date(2027, 3, 1), (False, False, False, None))]),  # never answered
        ("Di", True, [(date(2027, 3, 2), (False, False, False, None))]),  # busy on a kept day
    ]
    preview = schedule_preview(old, new, people)
    assert preview.removed == (date(2027, 3, 1),)
    assert preview.added == (date(2027, 3, 4),)
    assert preview.losing == ("Ann",)
    assert preview.removes_answers


def test_the_preview_counts_slot_marks_a_window_change_drops() -> None:
    old = dated(1, 1, NINE_TO_ELEVEN)
    narrower = dated(1, 1, TimeWindow(600, 660, 30, "Asia/Seoul"))
    finer = dated(1, 1, TimeWindow(540, 660, 15, "Asia/Seoul"))
    coarser = dated(1, 1, TimeWindow(540, 660, 60, "Asia/Seoul"))
    row = (date(2027, 3, 1), (True, False, False, "0111"))
    assert schedule_preview(old, narrower, [("Ann", True, [row])]).losing == ("Ann",)
    assert schedule_preview(old, finer, [("Ann", True, [row])]).losing == ()
    assert schedule_preview(old, coarser, [("Ann", True, [row])]).losing == ("Ann",)
    free = (date(2027, 3, 1), (True, False, False, "1111"))
    assert schedule_preview(old, narrower, [("Bo", True, [free])]).losing == ()
