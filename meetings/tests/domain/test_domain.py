"""The pure rules, without a database."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetings import domain
from meetings.domain import DateAction, Meeting, Participant, ParticipantDate


def test_url_code_is_22_base62_characters_and_unique() -> None:
    codes = {domain.url_code_new() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert len(code) == 22
        assert domain.url_code_is_well_formed(code)


@pytest.mark.parametrize(
    "code", ["", "short", "x" * 23, "abcdefghijklmnopqrstu!", "abcdefghijklmnopqrstu ", "é" * 22]
)
def test_malformed_url_codes_are_recognised(code: str) -> None:
    assert not domain.url_code_is_well_formed(code)


def test_date_range_rules() -> None:
    start = date(2026, 1, 1)
    domain.date_range_check(start, start)
    domain.date_range_check(start, start + timedelta(days=62))
    with pytest.raises(domain.DateRangeTooLong) as too_long:
        domain.date_range_check(start, start + timedelta(days=63))
    assert too_long.value.message == "start 2026-01-01 and end 2026-03-05 should be within 62 days"
    with pytest.raises(domain.DateRangeInverted) as inverted:
        domain.date_range_check(start, start - timedelta(days=1))
    assert inverted.value.message == "start 2026-01-01 should not be after end 2025-12-31"


def test_dates_between_is_inclusive() -> None:
    days = domain.dates_between(date(2026, 2, 27), date(2026, 3, 2))
    assert days == [date(2026, 2, 27), date(2026, 2, 28), date(2026, 3, 1), date(2026, 3, 2)]


@pytest.mark.parametrize(
    ("raw", "clean"), [("  Alice ", "Alice"), ("김철수", "김철수"), ("x" * 50, "x" * 50)]
)
def test_participant_name_clean_accepts(raw: str, clean: str) -> None:
    assert domain.participant_name_clean(raw) == clean


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("   ", "name should not be blank"),
        ("x" * 51, "name should be at most 50 characters"),
        ("Al\x00ice", "name should not contain control characters"),
        ("Al\nice", "name should not contain control characters"),
        ("Al\u202eice", "name should not contain control characters"),
    ],
)
def test_participant_name_clean_rejects(raw: str, message: str) -> None:
    with pytest.raises(domain.InvalidName) as error:
        domain.participant_name_clean(raw)
    assert error.value.message == message


def test_participant_name_key_ignores_case() -> None:
    assert domain.participant_name_key("ALICE") == domain.participant_name_key("alice")
    assert domain.participant_name_key("Straße") == domain.participant_name_key("STRASSE")
    assert domain.participant_name_key("José") != domain.participant_name_key("Jose")


@pytest.mark.parametrize(
    "look_alike",
    [
        "\u0410lice",  # Cyrillic capital A
        "\uff21lice",  # full-width A
        "A\u217cice",  # small Roman numeral fifty
        "\U0001d5a0lice",  # mathematical sans-serif A
    ],
)
def test_participant_name_key_is_the_same_for_look_alikes(look_alike: str) -> None:
    assert domain.participant_name_key(look_alike) == domain.participant_name_key("Alice")


@pytest.mark.parametrize(("one", "other"), [("Alice", "Alicia"), ("민수", "민서"), ("Ann", "Anna")])
def test_participant_name_key_keeps_different_names_apart(one: str, other: str) -> None:
    assert domain.participant_name_key(one) != domain.participant_name_key(other)


@pytest.mark.parametrize("invisible", ["\u034f", "\ufe00", "\u3164", "\u2800", "\u115f", "\uffa0"])
def test_participant_name_clean_refuses_invisible_characters(invisible: str) -> None:
    with pytest.raises(domain.InvalidName) as error:
        domain.participant_name_clean(f"Ali{invisible}ce")
    assert error.value.message == "name should not contain invisible characters"


def test_name_keys_renewed_changes_only_what_differs_and_never_collides() -> None:
    """Ann and Bob get new keys; "\u0410NN" (a Cyrillic A, joined after Ann) would now collide with
    Ann, so it keeps its stored key; Cy's key is already today's."""
    rows = [
        (1, "Ann", "old-ann"),
        (2, "Bob", "old-bob"),
        (3, "\u0410NN", "old-cyrillic"),
        (4, "Cy", domain.participant_name_key("Cy")),
    ]
    assert domain.name_keys_renewed(rows, domain.participant_name_key) == {
        1: domain.participant_name_key("Ann"),
        2: domain.participant_name_key("Bob"),
    }
    # A new key another row holds is not taken.
    held = [(1, "Ann", "x"), (2, "Zed", domain.participant_name_key("Ann"))]
    assert domain.name_keys_renewed(held, domain.participant_name_key) == {
        2: domain.participant_name_key("Zed")
    }


@pytest.mark.parametrize(
    ("action", "before", "after"),
    [
        (DateAction.ON, (False, False, False), (True, False, False)),
        (DateAction.ON, (True, True, False), (True, True, False)),
        (DateAction.ON, (True, False, False), (True, False, False)),
        (DateAction.OFF, (True, True, False), (False, False, False)),
        (DateAction.OFF, (True, False, False), (False, False, False)),
        (DateAction.OFF, (False, False, False), (False, False, False)),
        (DateAction.STAR, (False, False, False), (True, True, False)),
        (DateAction.STAR, (True, False, False), (True, True, False)),
        (DateAction.STAR, (True, True, False), (True, True, False)),
        (DateAction.UNSTAR, (True, True, False), (True, False, False)),
        (DateAction.UNSTAR, (True, False, False), (True, False, False)),
        (DateAction.UNSTAR, (False, False, False), (False, False, False)),
        # Free if need be (issue 23, item 1): free, never preferred at the same time.
        (DateAction.IFNEEDBE, (False, False, False), (True, False, True)),
        (DateAction.IFNEEDBE, (True, False, False), (True, False, True)),
        (DateAction.IFNEEDBE, (True, True, False), (True, False, True)),
        (DateAction.ON, (True, False, True), (True, False, True)),
        (DateAction.OFF, (True, False, True), (False, False, False)),
        (DateAction.STAR, (True, False, True), (True, True, False)),
        (DateAction.UNSTAR, (True, False, True), (True, False, False)),
    ],
)
def test_date_action_semantics(
    action: DateAction, before: tuple[bool, bool, bool], after: tuple[bool, bool, bool]
) -> None:
    enabled, starred, if_need_be = before
    applied = domain.date_action_apply(
        action, enabled=enabled, starred=starred, if_need_be=if_need_be
    )
    assert applied == after


def _participant(pid: int, marks: Sequence[tuple[date, bool, bool, bool]]) -> Participant:
    """``marks``: (date, enabled, starred, if need be) each."""
    return Participant(
        pid,
        f"p{pid}",
        tuple(ParticipantDate(i, d, e, s, None, n) for i, (d, e, s, n) in enumerate(marks)),
    )


def test_best_dates_examples() -> None:
    d1, d2, d3, d4 = (date(2026, 5, day) for day in (1, 2, 3, 4))
    alice = _participant(
        1,
        [
            (d1, True, False, False),
            (d2, True, True, False),
            (d3, False, False, False),
            (d4, True, False, False),
        ],
    )
    bob = _participant(
        2,
        [
            (d1, True, False, False),
            (d2, True, False, False),
            (d3, True, True, False),
            (d4, False, False, False),
        ],
    )
    # d1: 2 free 0 stars, d2: 2 free 1 star, d3: 1 free 1 star, d4: 1 free 0 stars
    assert domain.best_dates_pick([alice, bob]) == (d2, d1, d3)
    assert domain.best_dates_pick([]) == ()
    meeting = Meeting("c" * 22, "", "", d1, d4, (alice, bob))
    assert meeting.best_dates == (d2, d1, d3)
    assert domain.free_counts(meeting) == {d1: 2, d2: 2, d3: 1, d4: 1}


def test_best_dates_rank_if_need_be_as_free_below_plain_free() -> None:
    d1, d2, d3 = (date(2026, 5, day) for day in (1, 2, 3))
    alice = _participant(
        1, [(d1, True, False, True), (d2, True, True, False), (d3, True, False, False)]
    )
    bob = _participant(
        2, [(d1, True, False, False), (d2, True, False, True), (d3, False, False, False)]
    )
    # d1: 2 free, 1 if need be; d2: 2 free, 1 if need be, 1 star; d3: 1 free, plainly
    assert domain.best_dates_pick([alice, bob]) == (d2, d1, d3)
    meeting = Meeting("c" * 22, "", "", d1, d3, (alice, bob))
    assert domain.free_counts(meeting) == {d1: 2, d2: 2, d3: 1}  # if need be counts as free
    carol = _participant(
        3, [(d1, True, False, False), (d2, True, False, True), (d3, True, False, False)]
    )
    # d1: 3 free, 1 if need be; d2: 3 free, 2 if need be (its star no longer enough); d3: 2
    assert domain.best_dates_pick([alice, bob, carol]) == (d1, d2, d3)


def _brute_force_best(participants: list[Participant]) -> tuple[date, ...]:
    all_days = sorted({row.date for p in participants for row in p.dates})
    best: list[date] = []
    remaining = list(all_days)
    while remaining and len(best) < 3:

        def score(day: date) -> tuple[int, int, int]:
            rows = [row for p in participants for row in p.dates if row.date == day]
            return (
                sum(1 for r in rows if r.enabled),
                -sum(1 for r in rows if r.enabled and r.if_need_be),
                sum(1 for r in rows if r.enabled and r.starred),
            )

        top = max(score(day) for day in remaining)
        first = min(day for day in remaining if score(day) == top)
        best.append(first)
        remaining.remove(first)
    return tuple(best)


@st.composite
def _meetings(draw: st.DrawFn) -> list[Participant]:
    start = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)))
    length = draw(st.integers(min_value=0, max_value=62))
    days = domain.dates_between(start, start + timedelta(days=length))
    count = draw(st.integers(min_value=0, max_value=6))
    participants = []
    for pid in range(count):
        marks = []
        for day in days:
            enabled = draw(st.booleans())
            starred = enabled and draw(st.booleans())
            if_need_be = enabled and not starred and draw(st.booleans())
            marks.append((day, enabled, starred, if_need_be))
        participants.append(_participant(pid, marks))
    return participants


@given(_meetings())
def test_best_dates_matches_brute_force(participants: list[Participant]) -> None:
    assert domain.best_dates_pick(participants) == _brute_force_best(participants)
