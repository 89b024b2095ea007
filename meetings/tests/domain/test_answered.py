"""Unanswered is its own state: only participants who answered count in the free counts, the
best dates and the best times; with nobody answered the dates rank in date order and there are
no best times."""

from __future__ import annotations

from datetime import date

from meetings.domain import (
    DateAction,
    Mark,
    Meeting,
    Participant,
    ParticipantDate,
    TimeWindow,
    all_free_marks,
    answered_only,
    best_dates_pick,
    best_times_of,
    free_counts,
    unanswered,
)

D1, D2, D3, D4 = (date(2026, 12, day) for day in (1, 2, 3, 4))
WINDOW = TimeWindow(540, 660, 60, "Asia/Seoul")  # 09:00-11:00: two slots


def _person(pid: int, busy: set[date], *, answered: bool, slots: str | None = None) -> Participant:
    return Participant(
        pid,
        f"P{pid}",
        tuple(
            ParticipantDate(pid * 10 + i, day, day not in busy, False, slots)
            for i, day in enumerate((D1, D2, D3, D4))
        ),
        answered=answered,
    )


def test_a_participant_built_by_hand_answered_and_a_store_says_otherwise() -> None:
    assert Participant(1, "Ann").answered is True
    newcomer = _person(1, set(), answered=False)
    assert answered_only([newcomer]) == []
    assert unanswered([newcomer]) == [newcomer]


def test_nobody_answered_ranks_dates_in_date_order() -> None:
    people = [_person(1, set(), answered=False), _person(2, {D1}, answered=False)]
    assert best_dates_pick(people) == (D1, D2, D3)
    assert best_dates_pick([]) == ()  # nobody at all: no dates


def test_only_those_who_answered_rank_the_dates() -> None:
    walked_away = _person(1, set(), answered=False)  # free everywhere, never answered
    ann = _person(2, {D1, D2}, answered=True)
    bob = _person(3, {D1, D3}, answered=True)
    assert best_dates_pick([walked_away, ann, bob]) == (D4, D2, D3)
    meeting = Meeting("c" * 22, "", "", D1, D4, participants=(walked_away, ann, bob))
    assert free_counts(meeting) == {D1: 0, D2: 1, D3: 1, D4: 2}
    assert meeting.best_dates == (D4, D2, D3)
    assert meeting.answered == [ann, bob]
    assert meeting.unanswered == [walked_away]


def test_best_times_count_those_who_answered() -> None:
    newcomer = _person(1, set(), answered=False, slots="11")
    assert best_times_of(WINDOW, [newcomer]) == ()
    ann = Participant(
        2,
        "Ann",
        (ParticipantDate(20, D1, True, False, "10"), ParticipantDate(21, D2, False, False, "00")),
        answered=True,
    )
    best = best_times_of(WINDOW, [newcomer, ann])
    assert (best[0].day, best[0].start, best[0].end, best[0].free, best[0].of) == (
        D1,
        540,
        600,
        1,
        1,
    )


def test_free_on_all_of_these_is_every_date_on() -> None:
    assert all_free_marks([D1, D2]) == [
        Mark(D1, DateAction.ON, None),
        Mark(D2, DateAction.ON, None),
    ]
