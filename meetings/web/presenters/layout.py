"""A date's checkboxes on a timed meeting's page turned into the marks that give what they ask.
(Where slots fall in the zone a page shows is the domain's: ``meetings.domain.shown``.)"""

from __future__ import annotations

from datetime import date

from meetings.domain import (
    BUSY,
    FREE,
    IF_NEED_BE,
    PREFERRED,
    DateAction,
    TimeWindow,
    day_offsets_differ,
    slot_instant,
)


def slots_target(
    window: TimeWindow,
    day: date,
    was: str,
    *,
    free: set[int],
    preferred: set[int],
    if_need_be: set[int] | None = None,
) -> str:
    """A date's slots as a form of checkboxes asks for them: preferred where ``preferred`` is
    checked, else free if need be where ``if_need_be`` is, else free where ``free`` is, else
    busy. A slot that does not occur that day has no
    checkbox and keeps what it was (``was``)."""
    zone = window.zone()
    check = day_offsets_differ(day, zone)
    target = []
    for index in range(window.slot_count):
        if check and slot_instant(day, window.slot_start(index), zone) is None:
            target.append(was[index])
        elif index in preferred:
            target.append(PREFERRED)
        elif if_need_be and index in if_need_be:
            target.append(IF_NEED_BE)
        elif index in free:
            target.append(FREE)
        else:
            target.append(BUSY)
    return "".join(target)


# What turns any mark into the wanted one: busy, preferred and if need be in one action, free
# in two.
_TO_MARK = {
    BUSY: (DateAction.OFF,),
    FREE: (DateAction.ON, DateAction.UNSTAR),
    PREFERRED: (DateAction.STAR,),
    IF_NEED_BE: (DateAction.IFNEEDBE,),
}


def slots_marks_to(window: TimeWindow, was: str, target: str) -> list[tuple[DateAction, int, int]]:
    """The marks ``(action, from, to)`` (minutes) that turn a date's slots from ``was`` into
    ``target``: one stretch per run of changed slots wanting the same mark. Slots the same in
    both get no mark, so what someone else changed there meanwhile stays."""
    marks: list[tuple[DateAction, int, int]] = []
    index = 0
    while index < window.slot_count:
        if was[index] == target[index]:
            index += 1
            continue
        begin = index
        while (
            index < window.slot_count
            and was[index] != target[index]
            and target[index] == target[begin]
        ):
            index += 1
        marks.extend(
            (action, window.slot_start(begin), window.slot_start(index))
            for action in _TO_MARK[target[begin]]
        )
    return marks
