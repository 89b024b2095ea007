"""The rules of weekly meetings that need no store: weekdays, the reference week, the coming
date of a weekday, and the bit set the stores keep."""

from __future__ import annotations

from datetime import date

import pytest

from meetings import domain
from meetings.domain import weekly


def test_each_weekday_stands_for_its_reference_date() -> None:
    days = [domain.weekday_day(weekday) for weekday in domain.WEEKDAYS]
    assert days[0] == date(2001, 1, 1) == domain.REFERENCE_MONDAY
    assert days[-1] == domain.REFERENCE_SUNDAY
    assert [day.isoweekday() for day in days] == list(domain.WEEKDAYS)
    assert [domain.weekday_of(day) for day in days] == list(domain.WEEKDAYS)
    assert domain.is_reference_day(days[3])
    assert not domain.is_reference_day(date(2001, 1, 8))
    assert not domain.is_reference_day(date(2000, 12, 31))
    with pytest.raises(domain.InvalidWeekdays):
        domain.weekday_day(0)


def test_weekdays_checks_sort_and_refuse() -> None:
    assert domain.weekdays_check([7, 1, 3]) == (1, 3, 7)
    assert domain.weekdays_check((2,)) == (2,)
    for bad in ("135", {1, 3}, None, [1.0], [1, 3, 1], [0], [8], [-1], [False]):
        with pytest.raises(domain.InvalidWeekdays):
            domain.weekdays_check(bad)


def test_days_check_takes_a_range_or_weekdays_never_both() -> None:
    start, end = date(2027, 1, 4), date(2027, 1, 8)
    assert domain.days_check(start, end, None) == (start, end, None)
    assert domain.days_check(None, None, [5, 2]) == (date(2001, 1, 2), date(2001, 1, 5), (2, 5))
    with pytest.raises(domain.InvalidWeekdays) as raised:
        domain.days_check(start, end, [1])
    assert str(raised.value) == domain.WEEKDAYS_AND_DATES
    with pytest.raises(domain.DateRangeInverted):
        domain.days_check(end, start, None)


def test_the_days_of_a_weekly_meeting_are_only_its_weekdays() -> None:
    first, last = domain.weekly_span((2, 4, 6))
    assert domain.meeting_days(first, last, (2, 4, 6)) == [
        date(2001, 1, 2),
        date(2001, 1, 4),
        date(2001, 1, 6),
    ]
    assert len(domain.meeting_days(date(2027, 1, 1), date(2027, 1, 31), None)) == 31


@pytest.mark.parametrize(
    ("weekdays", "bits"), [((1,), 1), ((7,), 64), ((1, 3, 5), 21), (domain.WEEKDAYS, 127)]
)
def test_the_bit_set_round_trips(weekdays: tuple[int, ...], bits: int) -> None:
    assert domain.weekdays_bits(weekdays) == bits
    assert domain.weekdays_from_bits(bits) == weekdays


def test_no_bits_is_a_dated_meeting() -> None:
    assert domain.weekdays_from_bits(None) is None
    assert domain.weekdays_from_bits(0) is None


def test_the_coming_date_of_a_weekday_counts_today() -> None:
    wednesday = date(2027, 1, 6)
    assert weekly.weekday_on_or_after(3, wednesday) == wednesday
    assert weekly.weekday_on_or_after(4, wednesday) == date(2027, 1, 7)
    assert weekly.weekday_on_or_after(2, wednesday) == date(2027, 1, 12)
    assert weekly.weekday_on_or_after(1, date(2027, 1, 3)) == date(2027, 1, 4)  # Sun -> Mon


def test_a_weekly_decision_names_the_weekday_it_starts_on() -> None:
    domain.weekly_start_check(date(2027, 1, 6), weekdays=(3,), weekday=3)
    domain.weekly_start_check(date(2027, 1, 6), weekdays=(3,), weekday=None)
    with pytest.raises(domain.InvalidFinal, match="starts_on should be between"):
        domain.weekly_start_check(date(1899, 12, 27), weekdays=(3,), weekday=3)  # a Wednesday


def test_a_mark_names_the_kind_of_day_its_meeting_has() -> None:
    dated = date(2027, 1, 6)
    assert domain.mark_day(day=dated, weekday=None, weekdays=None) == dated
    assert domain.mark_day(day=None, weekday=3, weekdays=(1, 3)) == date(2001, 1, 3)
    # The pages' forms carry the reference dates of weekly meetings.
    assert domain.mark_day(day=date(2001, 1, 3), weekday=None, weekdays=(1, 3)) == date(2001, 1, 3)
    refused = [
        ({"day": None, "weekday": 3, "weekdays": None}, weekly.MARK_WEEKDAY_ON_DATED),
        ({"day": dated, "weekday": 3, "weekdays": None}, weekly.MARK_WEEKDAY_ON_DATED),
        ({"day": None, "weekday": None, "weekdays": None}, weekly.MARK_DAY_MISSING),
        ({"day": dated, "weekday": None, "weekdays": (3,)}, weekly.MARK_DATE_ON_WEEKLY),
        ({"day": date(2001, 1, 3), "weekday": 3, "weekdays": (3,)}, weekly.MARK_DATE_ON_WEEKLY),
        ({"day": None, "weekday": None, "weekdays": (3,)}, weekly.MARK_DAY_MISSING),
        (
            {"day": None, "weekday": 2, "weekdays": (1, 3)},
            "weekday 2 is not one of the meeting's weekdays",
        ),
    ]
    for given, message in refused:
        with pytest.raises(domain.InvalidMark) as raised:
            domain.mark_day(**given)  # type: ignore[arg-type]
        assert str(raised.value) == message


def test_a_weekly_meetings_days_fall_on_the_week_asked_for() -> None:
    assert domain.week_monday(date(2027, 1, 10)) == date(2027, 1, 4)  # a Sunday
    assert domain.week_monday(date(2027, 1, 4)) == date(2027, 1, 4)
    days = domain.meeting_days(*domain.weekly_span((1, 3, 7)), (1, 3, 7))
    assert domain.week_days(days, date(2027, 1, 6)) == {
        date(2001, 1, 1): date(2027, 1, 4),
        date(2001, 1, 3): date(2027, 1, 6),
        date(2001, 1, 7): date(2027, 1, 10),
    }
