"""The best dates and best times of a meeting's participants, and the per-slot counts of free,
preferred and if-need-be marks both are ranked by (free if need be counts as free, and ranks
below plain free: more free first, then fewer if need be, then more preferred). Only
participants who answered count (``participants.answered_only``): someone who joined and walked
away is free nowhere."""

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

from meetings.domain.marks import BUSY, FREE, IF_NEED_BE, PREFERRED
from meetings.domain.participants import Participant
from meetings.domain.window import TimeWindow

BEST_DATES_COUNT = 3
BEST_TIMES_COUNT = 3

Item = TypeVar("Item", bound=Hashable)


def best_dates_pick(
    participants: Iterable[Participant], *, count: int = BEST_DATES_COUNT
) -> tuple[date, ...]:
    """Dates most answered participants are free on (if need be included); ties go to fewer
    free if need be, then more stars, then the earlier date. The dates are those of every
    participant's rows: with nobody answered yet, the ranking is date order; with nobody at
    all, there are none."""
    free: dict[date, int] = {}
    starred: dict[date, int] = {}
    if_need_be: dict[date, int] = {}
    for participant in participants:
        for row in participant.dates:
            free.setdefault(row.date, 0)
            starred.setdefault(row.date, 0)
            if_need_be.setdefault(row.date, 0)
            if row.enabled and participant.answered:
                free[row.date] += 1
                if row.starred:
                    starred[row.date] += 1
                if row.if_need_be:
                    if_need_be[row.date] += 1
    ranked = sorted(free, key=lambda day: (-free[day], if_need_be[day], -starred[day], day))
    return tuple(ranked[:count])


@dataclass(frozen=True, slots=True)
class BestTime:
    """A run: consecutive slots of one date with the same number of free participants (and
    of them, the same number free only if need be)."""

    day: date
    start: int  # minutes
    end: int
    free: int
    of: int
    preferred: int
    if_need_be: int = 0  # of ``free``, those free only if need be (on each slot of the run)

    @property
    def length(self) -> int:
        return self.end - self.start


# Counting marks per slot across participants without a Python loop over every mark: each
# slot string becomes three numbers with one 16-bit field per slot (1 where free, 1 where
# preferred, 1 where free if need be), the numbers of all participants are added, and the
# fields of the sums are the counts. People's marks repeat (whole free days, the same office
# hours), so the numbers of a string are kept once made.
_ZERO, _ONE = "\x00\x00", "\x01\x00"
_FREE_FIELDS = str.maketrans({BUSY: _ZERO, FREE: _ONE, PREFERRED: _ONE, IF_NEED_BE: _ONE})
_PREFERRED_FIELDS = str.maketrans({BUSY: _ZERO, FREE: _ZERO, PREFERRED: _ONE, IF_NEED_BE: _ZERO})
_IF_NEED_BE_FIELDS = str.maketrans({BUSY: _ZERO, FREE: _ZERO, PREFERRED: _ZERO, IF_NEED_BE: _ONE})


def _number(slots: str, table: dict[int, str]) -> int:
    return int.from_bytes(slots.translate(table).encode("latin-1"), "little")


@lru_cache(maxsize=4096)
def _fields(slots: str) -> tuple[int, int, int]:
    # Stored meetings mostly have no if need be at all: no third translation for them.
    if_need_be = _number(slots, _IF_NEED_BE_FIELDS) if IF_NEED_BE in slots else 0
    return _number(slots, _FREE_FIELDS), _number(slots, _PREFERRED_FIELDS), if_need_be


def _counts(total: int, width: int) -> array[int]:
    counts = array("H", total.to_bytes(2 * width, "little"))
    if sys.byteorder == "big":
        counts.byteswap()
    return counts


def slot_counts(window: TimeWindow, marks: list[str]) -> tuple[array[int], array[int], array[int]]:
    """How many of ``marks`` (every participant's slot string of one date) are free (if need
    be included), how many preferred, and how many free if need be, on each slot."""
    free_total = preferred_total = if_need_be_total = 0
    for slots in marks:
        free_fields, preferred_fields, if_need_be_fields = _fields(slots)
        free_total += free_fields
        preferred_total += preferred_fields
        if_need_be_total += if_need_be_fields
    width = window.slot_count
    return (
        _counts(free_total, width),
        _counts(preferred_total, width),
        _counts(if_need_be_total, width),
    )


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
    """The top runs: most free, then fewest free if need be, then most preferred marks, then
    longest, then earliest.

    ``marks``: for each date, every participant's slot string of that date. Nobody joined
    yet, or nobody answered yet: no best times (``of`` counts answered participants)."""
    if participants == 0:
        return ()
    # Each run as its sort key: (-free, if need be, -preferred, -slots, date, first slot). A GET
    # of a timed meeting computes this, so runs are found with groupby over the counts (C
    # loops) and only the top ones become BestTime objects.
    keys: list[tuple[int, int, int, int, date, int]] = []
    for day, rows in marks:
        free, preferred, if_need_be = slot_counts(window, rows)
        stars = [0, *accumulate(preferred)]
        index = 0
        # Without if need be on the date (as on every meeting stored before it), runs of the
        # free counts alone: no pair per slot.
        runs: Iterable[tuple[tuple[int, int], Iterable[object]]] = (
            groupby(zip(free, if_need_be, strict=True))
            if any(if_need_be)
            else (((value, 0), run) for value, run in groupby(free))
        )
        for (value, reluctant), run in runs:
            length = len(list(run))
            keys.append(
                (-value, reluctant, stars[index] - stars[index + length], -length, day, index)
            )
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
            reluctant,
        )
        for free, reluctant, stars_of_run, length, day, first in heapq.nsmallest(count, keys)
    )


def ties_of(keys: Mapping[Item, Hashable], shown: Sequence[Item]) -> dict[Item, tuple[Item, ...]]:
    """For each shown best item, the other items ranked exactly as it is (the same ``keys``:
    free, then if need be, then preferred, then length for times), in ``keys``' order: what
    the ranking's last resort (the earlier date) decided between, so the pages can say "tied
    with ...". Items missing from ``keys`` tie with nothing."""
    by_key: dict[Hashable, list[Item]] = {}
    for item, key in keys.items():
        by_key.setdefault(key, []).append(item)
    return {
        item: tuple(other for other in by_key.get(keys[item], ()) if other != item)
        if item in keys
        else ()
        for item in shown
    }


def best_time_key(run: BestTime) -> tuple[int, int, int, int]:
    """The ranking key of a best time: (free, if need be, preferred, length)."""
    return (run.free, run.if_need_be, run.preferred, run.length)
