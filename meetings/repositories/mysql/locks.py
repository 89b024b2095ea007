"""The MySQL store's meeting lock: a mutation starts by bumping the meeting's version, which
takes its row lock, and reads what it needs under it (a move out of ``repository``)."""

from __future__ import annotations

from django.db.models import Count

from meetings import models
from meetings.domain import AccessSeen, MeetingNotFound
from meetings.repositories.mysql.guards import guarded, unmatched
from meetings.repositories.mysql.reads import locked_read
from meetings.repositories.mysql.rows import LockedRow


def meeting_lock(
    url_code: str,
    *,
    count_participants: bool = False,
    date_id: int | None = None,
    seen: AccessSeen | None = None,
) -> LockedRow:
    """Bump the version (taking the row lock) of the meeting as ``seen`` and read what the
    mutation needs, in the same statement the number of participants when
    ``count_participants``, and the participant of the date ``date_id`` (of this meeting),
    whether it answered and its password hash when given.

    Call inside a transaction: an exception raised later rolls the bump back."""
    # The version moves, not changed_at (the purge's clock): a change of the meeting's own
    # settings notes that itself (a participant's row changing does not).
    meeting = models.Meeting.objects.filter(url_code=url_code)
    if not guarded(meeting, seen).version_bump(note_change=False):
        unmatched(url_code)
    if not count_participants:  # one compiled read, joined to the date when given
        locked = locked_read(url_code, date_id)
        if locked is None:
            raise MeetingNotFound(url_code)
        return locked
    read = models.Meeting.objects.filter(url_code=url_code).annotate(
        participant_count=Count("participants")
    )
    fields = LockedRow._fields[: LockedRow._fields.index("participant_count") + 1]
    return LockedRow(*read.values_list(*fields).get())
