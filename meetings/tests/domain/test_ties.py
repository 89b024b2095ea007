"""Ties among the best dates and times: the items ranked exactly alike."""

from __future__ import annotations

from datetime import date

from meetings.domain import BestTime, best_time_key, ties_of

D1, D2, D3, D4 = (date(2026, 12, day) for day in (1, 2, 3, 4))


def test_ties_are_the_others_with_the_same_key_in_order() -> None:
    keys = {D1: (2, 0), D2: (3, 1), D3: (3, 1), D4: (3, 1)}
    assert ties_of(keys, [D2, D3, D4]) == {D2: (D3, D4), D3: (D2, D4), D4: (D2, D3)}


def test_no_tie_when_the_stars_differ() -> None:
    keys = {D1: (3, 0), D2: (3, 1)}
    assert ties_of(keys, [D2, D1]) == {D2: (), D1: ()}


def test_an_unranked_item_ties_with_nothing() -> None:
    assert ties_of({D1: (1, 0)}, [D2]) == {D2: ()}


def test_best_times_tie_on_free_preferred_and_length() -> None:
    first = BestTime(D1, 540, 600, 2, 3, 0)
    same = BestTime(D2, 600, 660, 2, 3, 0)
    shorter = BestTime(D3, 540, 570, 2, 3, 0)
    keys = {run: best_time_key(run) for run in (first, same, shorter)}
    assert ties_of(keys, [first, same, shorter]) == {
        first: (same,),
        same: (first,),
        shorter: (),
    }
