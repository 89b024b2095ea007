"""What a store holds, read in the store itself: a meeting as stored, and its rows counted."""

from __future__ import annotations

from meetings import models
from meetings.domain import Meeting
from meetings.repositories import MeetingRepository, repository_for
from meetings.tests.support.gel_server import BALLAST_PREFIX
from meetings.tests.support.pages import url_code

_GEL_ROWS = """
    with meetings := (select Meeting filter not .url_code like <str>$ballast)
    select {
        m := count(meetings),
        p := count(meetings.participants),
        d := count(meetings.participants.dates)
    }
"""


def stored(meeting: Meeting | str, repo: MeetingRepository | None = None) -> Meeting:
    """A meeting (or its url code or page address) as ``repo`` (default: MySQL) holds it."""
    store = repository_for("mysql") if repo is None else repo
    return store.meeting_get(url_code=url_code(meeting))


def store_rows(store: str) -> tuple[int, int, int]:
    """Meetings, participants and participant dates in the store ("mysql" or "edgedb"), but for
    the meetings a Gel test run's branch starts with (``gel_support.BALLAST``)."""
    if store == "mysql":
        return (
            models.Meeting.objects.count(),
            models.Participant.objects.count(),
            models.ParticipantDate.objects.count(),
        )
    from meetings.repositories.gel.client import gel_client

    row = gel_client().query_required_single(_GEL_ROWS, ballast=f"{BALLAST_PREFIX}%")
    return row.m, row.p, row.d
