"""Changing a meeting's days or window after it was shared (``PUT .../schedule``), keeping the
answers: which days stay, go and come, and each kept day's marks re-cut to the new window.

The one rule every store applies (each reads the meeting under its lock or in its
transaction, asks ``schedule_plan`` and ``day_remap``, and writes what they answer):

- A day that stays (the same date, or on a weekly meeting the same weekday) keeps its
  participants' answers exactly; a new day starts free for everyone, as a join does; a removed
  day goes with its answers. Changing kind (dated to weekly or back) removes every day: a date
  and a weekday are not the same question.
- A window change keeps the marks of the slots that still exist: a new slot takes the mark of
  the old slot it lies in (same start and length, or a shorter slot inside a longer one); a
  longer slot made of several old ones takes the least available of their marks (busy, then
  if need be, then free, then preferred: whoever was busy for part of the hour
  is not free for the hour); a slot the old window did not cover starts free. A change of time
  zone keeps no slot: the same wall time in another zone is another moment.
- A dated meeting given a window: each kept day's answer holds for each of its slots (busy all
  day, free, preferred, free if need be); a timed meeting losing its window keeps each day's
  summary (free, preferred, free if need be on some slot).
- When no answer survives (no day stays, or the zone changed), everyone is unanswered again,
  as after joining: their rows are all new.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from meetings.domain.marks import BUSY, FREE, IF_NEED_BE, PREFERRED, slots_new, slots_summary
from meetings.domain.weekly import meeting_days
from meetings.domain.window import TimeWindow

# From least to most available: a longer slot made of several takes the first of their marks
# found here (if need be sits between busy and free); an unknown mark counts as busy.
_AVAILABILITY = (BUSY, IF_NEED_BE, FREE, PREFERRED)


@dataclass(frozen=True, slots=True)
class Schedule:
    """What a meeting's days and window are: a date range, or weekdays, and a window or none."""

    start_date: date | None
    end_date: date | None
    weekdays: tuple[int, ...] | None = None
    window: TimeWindow | None = None

    def days(self) -> list[date]:
        if self.start_date is None or self.end_date is None:
            return []
        return meeting_days(self.start_date, self.end_date, self.weekdays)


@dataclass(frozen=True, slots=True)
class SchedulePlan:
    """What a change of schedule does to every participant's rows (the days are the meeting's,
    so the plan is the same for each participant)."""

    kept: tuple[date, ...]
    removed: tuple[date, ...]
    added: tuple[date, ...]
    # The marks of a new day (``slots_new`` of the new window); None: dates only.
    new_slots: str | None
    # Whether kept days' rows change (the window changed): each goes through ``day_remap``.
    recut: bool
    # Whether any answer survives; if not, every participant is unanswered again.
    answers_kept: bool


def schedule_plan(old: Schedule, new: Schedule) -> SchedulePlan:
    """Which days stay, go and come when ``old`` becomes ``new`` (see the module's rules)."""
    same_kind = (old.weekdays is None) == (new.weekdays is None)
    before = set(old.days()) if same_kind else set()
    kept = tuple(day for day in new.days() if day in before)
    zone_changed = (
        old.window is not None
        and new.window is not None
        and old.window.time_zone != new.window.time_zone
    )
    return SchedulePlan(
        kept=kept,
        removed=tuple(day for day in old.days() if day not in kept),
        added=tuple(day for day in new.days() if day not in kept),
        new_slots=None if new.window is None else slots_new(new.window),
        recut=old.window != new.window,
        answers_kept=bool(kept) and not zone_changed,
    )


DayRow = tuple[bool, bool, bool, str | None]  # enabled, starred, if need be, slots


def day_remap(row: DayRow, old: TimeWindow | None, new: TimeWindow | None) -> DayRow:
    """A kept day's ``(enabled, starred, if_need_be, slots)`` under the new window (see the
    module's rules). The same row when the window did not change."""
    enabled, starred, if_need_be, slots = row
    if old == new:
        return row
    if new is None:
        return enabled, starred, if_need_be, None
    if old is None or slots is None:
        marked = _day_mark(row) * new.slot_count
    elif old.time_zone != new.time_zone:
        marked = slots_new(new)
    else:
        marked = "".join(_slot_mark(slots, old, new, index) for index in range(new.slot_count))
    return (*slots_summary(marked), marked)


def _day_mark(row: DayRow) -> str:
    """A dates-only day's answer as the mark of each of its slots."""
    enabled, starred, if_need_be, _slots = row
    if not enabled:
        return BUSY
    return PREFERRED if starred else IF_NEED_BE if if_need_be else FREE


def _slot_mark(slots: str, old: TimeWindow, new: TimeWindow, index: int) -> str:
    """The mark of the new window's slot ``index``, from the old window's ``slots``."""
    begin = new.slot_start(index)
    end = begin + new.slot_minutes
    if begin < old.start or end > old.end:
        return FREE  # not covered by the old window: a new slot
    first = (begin - old.start) // old.slot_minutes
    last = (end - old.start - 1) // old.slot_minutes
    covering = slots[first : last + 1]
    if len(covering) != last - first + 1:
        return FREE  # a stored row shorter than its window: nothing to keep
    return least_available(covering)


def least_available(marks: Iterable[str]) -> str:
    """The least available of ``marks`` (``_AVAILABILITY``; an unknown mark counts as busy)."""
    ranks = [_AVAILABILITY.index(mark) if mark in _AVAILABILITY else 0 for mark in marks]
    return _AVAILABILITY[min(ranks)]


@dataclass(frozen=True, slots=True)
class SchedulePreview:
    """What a change of schedule would remove, for the organizer to see before confirming:
    the days that go, how many answered participants marked something other than free on
    them, and whether the window change drops slot marks."""

    removed: tuple[date, ...]
    added: tuple[date, ...]
    # Answered participants who lose a mark (a removed day they answered other than "free", a
    # slot mark other than free the new window leaves out, or one a merge of slots changes).
    losing: tuple[str, ...]
    answers_kept: bool

    @property
    def removes_answers(self) -> bool:
        return bool(self.losing)


def schedule_preview(
    old: Schedule,
    new: Schedule,
    participants: Sequence[tuple[str, bool, Sequence[tuple[date, DayRow]]]],
) -> SchedulePreview:
    """``participants`` as (name, answered, [(day, row)]): whose answers the change loses."""
    plan = schedule_plan(old, new)
    removed = set(plan.removed)
    losing: list[str] = []
    for name, answered, rows in participants:
        if not answered:
            continue
        for day, row in rows:
            if day in removed:
                if _answered_on(row):
                    losing.append(name)
                    break
            elif plan.recut and _remap_loses(row, old.window, new.window):
                losing.append(name)
                break
    return SchedulePreview(plan.removed, plan.added, tuple(losing), plan.answers_kept)


def _answered_on(row: DayRow) -> bool:
    enabled, starred, if_need_be, slots = row
    if slots is not None:
        return any(mark != FREE for mark in slots)
    return not enabled or starred or if_need_be


def _remap_loses(row: DayRow, old: TimeWindow | None, new: TimeWindow | None) -> bool:
    """Whether re-cutting ``row`` drops a mark other than free."""
    slots = row[3]
    if new is None or old is None or slots is None:
        return new is None and slots is not None and len(set(slots)) > 1
    if not _answered_on(row):
        return False
    if old.time_zone != new.time_zone:
        return True
    kept = day_remap(row, old, new)[3] or ""
    # Every minute the new window covers keeps its mark (a merge may make a free one busy);
    # a minute it leaves out loses a mark unless that was free.
    for index, mark in enumerate(slots):
        begin = old.slot_start(index)
        for minute in range(begin, begin + old.slot_minutes, 5):
            if not new.start <= minute < new.end:
                if mark != FREE:
                    return True
            elif kept[(minute - new.start) // new.slot_minutes] != mark:
                return True
    return False
