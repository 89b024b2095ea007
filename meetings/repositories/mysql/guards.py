"""The MySQL store's side of ``AccessSeen``: a keyed change writes only while what its key
check read still holds, judged on the rows its statements lock."""

from __future__ import annotations

from typing import NoReturn

from meetings import models
from meetings.domain import AccessChanged, AccessSeen, MeetingNotFound


def guarded(meetings: models.MeetingQuerySet, seen: AccessSeen | None) -> models.MeetingQuerySet:
    """``meetings`` as the key check ``seen`` them (editing mode and organizer key): the
    change's UPDATE matches only those, judged on the row it locks (InnoDB evaluates the
    condition again on the row once it holds its lock)."""
    if seen is None:
        return meetings
    return meetings.filter(
        editing=seen.editing.value, organizer_key_digest=seen.organizer_key_digest
    )


def unmatched(url_code: str) -> NoReturn:
    """Why a change's guarded UPDATE matched no meeting: there is none (``MeetingNotFound``),
    or what its key check saw changed meanwhile (``AccessChanged``)."""
    if models.Meeting.objects.filter(url_code=url_code).exists():
        raise AccessChanged()
    raise MeetingNotFound(url_code)


def password_hold(seen: AccessSeen | None, password_hash: str | None) -> None:
    """The participant's password hash, read under the meeting's lock, is still the one the
    key check saw (``AccessChanged`` otherwise)."""
    if seen is not None and password_hash != seen.password_hash:
        raise AccessChanged()
