"""A participant as stored at one moment: a name, one row per date of the range (free,
preferred, free if need be and, on a timed meeting, the marks of each slot), and whether they
answered.

Unanswered is its own state: a participant joins free on every date (the rows read as they
always did), but until their first change of their own marks (or an explicit "free on all of
these") they have not answered, and nothing counts them (``answered_only``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from meetings.domain.constants import ParticipantDateId, ParticipantId
from meetings.domain.marks import DateAction, Mark


@dataclass(frozen=True, slots=True)
class ParticipantDate:
    id: ParticipantDateId
    date: date
    enabled: bool  # timed meetings: free on at least one slot
    starred: bool  # timed meetings: preferred on at least one slot
    # Timed meetings: one mark per slot ("0" busy, "1" free, "2" preferred, "3" free if need
    # be); None otherwise.
    slots: str | None = None
    # Free, but rather not (timed meetings: free if need be on at least one slot).
    if_need_be: bool = False


@dataclass(frozen=True, slots=True)
class Participant:
    id: ParticipantId
    name: str
    dates: tuple[ParticipantDate, ...] = ()
    # False from joining until the participant's first change of their own marks. Stores
    # always say; the default is for snapshots built by hand, whose marks are meant.
    answered: bool = True


def answered_only(participants: Iterable[Participant]) -> list[Participant]:
    """The participants whose marks count: totals, heat, who is free, best dates and times."""
    return [participant for participant in participants if participant.answered]


def unanswered(participants: Iterable[Participant]) -> list[Participant]:
    """The participants who have not answered yet, in join order."""
    return [participant for participant in participants if not participant.answered]


def all_free_marks(dates: Iterable[date]) -> list[Mark]:
    """ "I'm free on all of these": every date (every slot of it) free, stars and if need be
    kept. Sent as one change of the participant's own marks, it answers for them like any
    other."""
    return [Mark(day, DateAction.ON, None) for day in dates]
