"""A participant as stored at one moment: a name and one row per date of the range (free,
preferred and, on a timed meeting, the marks of each slot)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from meetings.domain.constants import ParticipantDateId, ParticipantId


@dataclass(frozen=True, slots=True)
class ParticipantDate:
    id: ParticipantDateId
    date: date
    enabled: bool  # timed meetings: free on at least one slot
    starred: bool  # timed meetings: preferred on at least one slot
    # Timed meetings: one mark per slot ("0" busy, "1" free, "2" preferred); None otherwise.
    slots: str | None = None


@dataclass(frozen=True, slots=True)
class Participant:
    id: ParticipantId
    name: str
    dates: tuple[ParticipantDate, ...] = ()
