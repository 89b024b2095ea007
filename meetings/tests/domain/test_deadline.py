"""The deadline for answers: wall times in a meeting's zone, the moment they name, and the
rule joins and marks are judged by (``domain.deadline``, ``domain.open_require``)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from meetings import domain
from meetings.domain import TimeWindow

SEOUL = TimeWindow(540, 600, 30, "Asia/Seoul")
BERLIN = TimeWindow(540, 600, 30, "Europe/Berlin")


def test_a_wall_time_in_the_meetings_zone_names_a_moment() -> None:
    assert domain.deadline_check("2027-01-05T18:00", SEOUL) == datetime(
        2027, 1, 5, 9, 0, tzinfo=UTC
    )
    assert domain.deadline_check("2027-01-05T18:00", None) == datetime(
        2027, 1, 5, 18, 0, tzinfo=UTC
    )  # no window, no zone: UTC
    assert domain.deadline_check(None, SEOUL) is None


@pytest.mark.parametrize(
    "sent",
    [
        "2027-01-05",
        "2027-01-05T18:00:00",
        "2027-01-05 18:00",
        "2027-01-05T24:00",
        "2027-02-30T10:00",
        "2027-1-5T18:00",
        "",
        18,
        True,
        ["2027-01-05T18:00"],
        "\uff12\uff10\uff12\uff17-01-05T18:00",  # full-width digits
    ],
)
def test_anything_but_the_wall_time_as_written_is_refused(sent: object) -> None:
    with pytest.raises(domain.InvalidDeadline) as refused:
        domain.deadline_check(sent, SEOUL)
    assert refused.value.message == (
        "deadline should be a date and time written as YYYY-MM-DDTHH:MM, or null"
    )


def test_a_deadline_outside_the_dates_the_service_knows_is_refused() -> None:
    with pytest.raises(domain.InvalidDeadline) as refused:
        domain.deadline_check("1899-12-31T23:59", None)
    assert refused.value.message == "deadline should be between 1900-01-01 and 9000-12-31"


def test_a_skipped_wall_time_is_refused_and_a_repeated_one_is_the_first() -> None:
    with pytest.raises(domain.InvalidDeadline) as refused:
        domain.deadline_check("2027-03-28T02:00", BERLIN)
    assert refused.value.message == (
        "deadline 2027-03-28T02:00 does not occur in Europe/Berlin: the clocks go forward over it"
    )
    assert domain.deadline_check("2027-10-31T02:30", BERLIN) == datetime(
        2027, 10, 31, 0, 30, tzinfo=UTC
    )


def test_a_stored_deadline_shows_as_the_wall_time_of_the_zone() -> None:
    moment = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
    assert domain.deadline_text(domain.deadline_wall(moment, SEOUL)) == "2027-01-05T18:00"
    assert domain.deadline_text(domain.deadline_wall(moment, None)) == "2027-01-05T09:00"


def test_drivers_values_read_as_aware_utc() -> None:
    aware = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
    assert domain.deadline_as_utc(None) is None
    assert domain.deadline_as_utc(datetime(2027, 1, 5, 9, 0)) == aware
    assert domain.deadline_as_utc("2027-01-05 09:00:00") == aware
    assert domain.deadline_as_utc(aware.astimezone(SEOUL.zone())) == aware


def test_answers_close_at_the_deadline_itself() -> None:
    due = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
    assert not domain.deadline_passed(None, due)
    assert not domain.deadline_passed(due, due - timedelta(microseconds=1))
    assert domain.deadline_passed(due, due)
    domain.open_require(closed=False, deadline=due, now=due - timedelta(seconds=1))
    with pytest.raises(domain.DeadlinePassed) as refused:
        domain.open_require(closed=False, deadline=due, now=due)
    assert refused.value.message == "the deadline for answers has passed"
    with pytest.raises(domain.MeetingClosed) as decided:  # a decision is said first
        domain.open_require(closed=True, deadline=due, now=due)
    assert type(decided.value) is domain.MeetingClosed
    with pytest.raises(domain.DeadlinePassed):
        domain.participant_add_check(
            closed=False, participants=0, max_participants=5, deadline=due, now=due
        )


def test_a_meeting_says_whether_answers_are_closed() -> None:
    due = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
    meeting = domain.Meeting("c" * 22, "", "", date(2027, 1, 4), date(2027, 1, 6), deadline=due)
    assert not meeting.answers_closed(due - timedelta(seconds=1))
    assert meeting.answers_closed(due)
    assert not domain.Meeting("c" * 22, "", "", None, None).answers_closed(due)
