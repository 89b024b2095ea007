"""The best dates and best times of a meeting's participants, and the per-slot counts of free
and preferred marks both are ranked by. Only participants who answered count
(``participants.answered_only``): someone who joined and walked away is free nowhere."""

from __future__ import annotations

import heapq
import sys
from array import array
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import accumulate, groupby
from typing import TypeVar

from meetings.domain.marks import BUSY, FREE, PREFERRED
from meetings.domain.participants import Participant
from meetings.domain.window import TimeWindow

BEST_DATES_COUNT = 3
BEST_TIMES_COUNT = 3

Item = TypeVar("Item", bound=Hashable)


def best_dates_pick(
    participants: Iterable[Participant], *, count: int = BEST_DATES_COUNT
) -> tuple[date, ...]:
    """Dates most answered participants are free on; ties go to more stars, then the earlier
    date. The dates are those of every participant's rows: with nobody answered yet, the
    ranking is date order; with nobody at all, there are none."""
    free: dict[date, int] = {}
    starred: dict[date, int] = {}
    for participant in participants:
        for row in participant.dates:
            free.setdefault(row.date, 0)
            starred.setdefault(row.date, 0)
            if row.enabled and participant.answered:
                free[row.date] += 1
                if row.starred:
                    starred[row.date] += 1
    ranked = sorted(free, key=lambda day: (-free[day], -starred[day], day))
    return tuple(ranked[:count])


@dataclass(frozen=True, slots=True)
class BestTime:
    """A run: consecutive slots of one date with the same number of free participants."""

    day: date
    start: int  # minutes
    end: int
    free: int
    of: int
    preferred: int

    @property
    def length(self) -> int:
        return self.end - self.start


# Counting marks per slot across participants without a Python loop over every mark: each
# slot string becomes two numbers with one 16-bit field per slot (1 where free, 1 where
# preferred), the numbers of all participants are added, and the fields of the sums are the
# counts. People's marks repeat (whole free days, the same office hours), so the numbers of a
# string are kept once made.
_FREE_FIELDS = str.maketrans({BUSY: "\x00\x00", FREE: "\x01\x00", PREFERRED: "\x01\x00"})
_PREFERRED_FIELDS = str.maketrans({BUSY: "\x00\x00", FREE: "\x00\x00", PREFERRED: "\x01\x00"})


@lru_cache(maxsize=4096)
def _fields(slots: str) -> tuple[int, int]:
    free = int.from_bytes(slots.translate(_FREE_FIELDS).encode("latin-1"), "little")
    preferred = int.from_bytes(slots.translate(_PREFERRED_FIELDS).encode("latin-1"), "little")
    return free, preferred


def _counts(total: int, width: int) -> array[int]:
    counts = array("H", total.to_bytes(2 * width, "little"))
    if sys.byteorder == "big":
        counts.byteswap()
    return counts


def slot_counts(window: TimeWindow, marks: list[str]) -> tuple[array[int], array[int]]:
    """How many of ``marks`` (every participant's slot string of one date) are free, and how
    many preferred, on each slot."""
    free_total = preferred_total = 0
    for slots in marks:
        free_fields, preferred_fields = _fields(slots)
        free_total += free_fields
        preferred_total += preferred_fields
    return _counts(free_total, window.slot_count), _counts(preferred_total, window.slot_count)


def best_times_of(window: TimeWindow, participants: Iterable[Participant]) -> tuple[BestTime, ...]:
    """The best times of a timed meeting's answered participants (none while nobody answered)."""
    by_date: dict[date, list[str]] = {}
    people = 0
    width = window.slot_count
    for participant in participants:
        if not participant.answered:
            continue
        people += 1
        for row in participant.dates:
            slots = row.slots
            if slots is not None and len(slots) == width:
                found = by_date.get(row.date)
                if found is None:
                    by_date[row.date] = [slots]
                else:
                    found.append(slots)
    return best_times_pick(window, sorted(by_date.items()), people)


def best_times_pick(
    window: TimeWindow,
    marks: list[tuple[date, list[str]]],
    participants: int,
    *,
    count: int = BEST_TIMES_COUNT,
) -> tuple[BestTime, ...]:
    """The top runs: most free, then most preferred marks, then longest, then earliest.

    ``marks``: for each date, every participant's slot string of that date. Nobody joined
    yet, or nobody answered yet: no best times (``of`` counts answered participants)."""
    if participants == 0:
        return ()
    # Each run as its sort key: (-free, -preferred, -slots, date, first slot). A GET of a timed
    # meeting computes this, so runs are found with groupby over the counts (C loops) and only
    # the top ones become BestTime objects.
    keys: list[tuple[int, int, int, date, int]] = []
    for day, rows in marks:
        free, preferred = slot_counts(window, rows)
        stars = [0, *accumulate(preferred)]
        index = 0
        for value, run in groupby(free):
            length = len(list(run))
            keys.append((-value, stars[index] - stars[index + length], -length, day, index))
            index += length
    step = window.slot_minutes
    return tuple(
        BestTime(
            day,
            window.start + first * step,
            window.start + (first - length) * step,
            -free,
            participants,
            -stars_of_run,
        )
        for free, stars_of_run, length, day, first in heapq.nsmallest(count, keys)
    )


def ties_of(keys: Mapping[Item, Hashable], shown: Sequence[Item]) -> dict[Item, tuple[Item, ...]]:
    """For each shown best item, the other items ranked exactly as it is (the same ``keys``:
    free, then preferred, then length for times), in ``keys``' order: what the ranking's last
    resort (the earlier date) decided between, so the pages can say "tied with ...". Items
    missing from ``keys`` tie with nothing."""
    by_key: dict[Hashable, list[Item]] = {}
    for item, key in keys.items():
        by_key.setdefault(key, []).append(item)
    return {
        item: tuple(other for other in by_key.get(keys[item], ()) if other != item)
        if item in keys
        else ()
        for item in shown
    }


def best_time_key(run: BestTime) -> tuple[int, int, int]:
    """The ranking key of a best time: (free, preferred, length)."""
    return (run.free, run.preferred, run.length)
