"""A weekly meeting on another zone's clock (``domain.weekly_slot_layout``): its weekdays'
slots as they fall in the coming week (the week starting today in the meeting's zone), so a
slot may move to the weekday before or after, with that week's offsets; in its own zone
nothing moves and every slot occurs."""

from __future__ import annotations

from datetime import date

from meetings.domain import (
    coming_date,
    time_window_check,
    weekday_day,
    weekly_slot_layout,
)

NEW_YORK = "America/New_York"
SEOUL = "Asia/Seoul"
MIDNIGHT_SEOUL = time_window_check("00:00", "02:00", 60, SEOUL)
MON, WED, FRI = weekday_day(1), weekday_day(3), weekday_day(5)


def test_the_coming_week_starts_today() -> None:
    thursday = date(2027, 7, 1)
    assert coming_date(weekday_day(4), thursday) == thursday
    assert coming_date(MON, thursday) == date(2027, 7, 5)
    assert coming_date(WED, thursday) == date(2027, 7, 7)


def test_in_its_own_zone_nothing_moves() -> None:
    layout = weekly_slot_layout(MIDNIGHT_SEOUL, (MON, WED), SEOUL, date(2027, 7, 1))
    assert layout.columns == layout.heads == (MON, WED)
    assert layout.rows == ((0, 0), (60, 0))
    assert all(place.occurs and place.day is not None for row in layout.places for place in row)


def test_monday_past_midnight_in_seoul_is_sunday_in_new_york_in_summer_and_winter() -> None:
    summer = weekly_slot_layout(MIDNIGHT_SEOUL, (MON, WED), NEW_YORK, date(2027, 7, 1))
    assert [head.isoweekday() for head in summer.heads] == [7, 2]  # Sunday, Tuesday
    assert summer.heads == (date(2027, 7, 4), date(2027, 7, 6))  # the coming week's
    assert summer.rows == ((11 * 60, 0), (12 * 60, 0))  # EDT: 13 hours behind
    assert summer.places[0][0].day == MON  # the cells stay the meeting's weekday
    winter = weekly_slot_layout(MIDNIGHT_SEOUL, (MON, WED), NEW_YORK, date(2027, 1, 7))
    assert [head.isoweekday() for head in winter.heads] == [7, 2]
    assert winter.rows == ((10 * 60, 0), (11 * 60, 0))  # EST: 14 hours behind


def test_a_clock_change_in_the_coming_week_shifts_the_days_after_it() -> None:
    """New York goes to summer time on Sunday 2027-03-14. Seen on Thursday 2027-03-11: Friday
    (Mar 12) is still 14 hours behind Seoul, Monday (Mar 15) 13 hours: each as it happens."""
    layout = weekly_slot_layout(MIDNIGHT_SEOUL, (MON, FRI), NEW_YORK, date(2027, 3, 11))
    assert layout.heads == (date(2027, 3, 14), date(2027, 3, 11))
    assert layout.rows == ((10 * 60, 0), (11 * 60, 0), (12 * 60, 0))
    friday = [place.index for place in (row[1] for row in layout.places)]
    monday = [place.index for place in (row[0] for row in layout.places)]
    assert friday == [0, 1, -1]
    assert monday == [-1, 0, 1]
