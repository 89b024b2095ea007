"""What a store holds, counted in the store itself (for tests that check rows are gone)."""

from __future__ import annotations

from meetings import models


def store_rows(store: str) -> tuple[int, int, int]:
    """Meetings, participants and participant dates in the store ("mysql" or "edgedb")."""
    if store == "mysql":
        return (
            models.Meeting.objects.count(),
            models.Participant.objects.count(),
            models.ParticipantDate.objects.count(),
        )
    from meetings.repositories.gel.client import gel_client

    row = gel_client().query_required_single(
        "select { m := count(Meeting), p := count(Participant), d := count(ParticipantDate) }"
    )
    return row.m, row.p, row.d
