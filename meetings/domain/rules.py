"""Who may change what: the checks services run (for both faces and every store) before they
ask a store to change a meeting, with the messages of the keys they refuse; and what a store
checks again where it writes (a closed meeting, a full one)."""

from __future__ import annotations

from datetime import datetime

from meetings.domain.deadline import deadline_passed
from meetings.domain.errors import (
    DeadlinePassed,
    KeyRefused,
    KeyRequired,
    MeetingClosed,
    MeetingFull,
)
from meetings.domain.keys import Editing, key_matches
from meetings.domain.meeting import Meeting, MeetingAccess

ORGANIZER_KEY_REQUIRED = "this change needs the organizer key"
ROW_KEY_REQUIRED = "this change needs the participant's key or the organizer key"
ORGANIZER_KEY_REFUSED = "the key does not allow this change: it needs the organizer key"
ROW_KEY_REFUSED = (
    "the key does not allow this change: it needs the participant's key or the organizer key"
)
OWN_KEY_REQUIRED = "this change needs the participant's key"
OWN_KEY_REFUSED = "the key does not allow this change: it needs the participant's key"


def is_organizer(access: MeetingAccess | Meeting, key: str | None) -> bool:
    return key_matches(key, access.organizer_key_digest)


def meeting_change_check(access: MeetingAccess, key: str | None) -> None:
    """Title, location, date range: anyone on an open meeting, else the organizer key."""
    if access.editing is Editing.OPEN:
        return
    editing_change_check(access, key)


def editing_change_check(access: MeetingAccess, key: str | None) -> None:
    """The editing mode (and so who may change everything else): the organizer key, always."""
    if key is None:
        raise KeyRequired(ORGANIZER_KEY_REQUIRED)
    if not is_organizer(access, key):
        raise KeyRefused(ORGANIZER_KEY_REFUSED)


def meeting_open_check(access: MeetingAccess, *, now: datetime) -> None:
    """Joins and marks: refused while the final date is decided, and from the deadline for
    answers on (``now``: the services' clock)."""
    open_require(closed=access.closed, deadline=access.deadline, now=now)


def open_require(
    *, closed: bool, deadline: datetime | None = None, now: datetime | None = None
) -> None:
    """The same rule where a store writes (under its lock, in its transaction or statement): a
    meeting decided, or whose deadline came, since the services' check refuses the join or
    mark (``MeetingClosed`` first: a decision says more than a deadline). ``now`` comes from
    the caller's clock; without it the deadline is not judged."""
    if closed:
        raise MeetingClosed()
    if now is not None and deadline_passed(deadline, now):
        raise DeadlinePassed()


def participant_add_check(
    *,
    closed: bool,
    participants: int,
    max_participants: int,
    deadline: datetime | None = None,
    now: datetime | None = None,
) -> None:
    """Where a store adds a participant: not to a closed meeting (decided, or past its
    deadline at ``now``), nor past the cap."""
    open_require(closed=closed, deadline=deadline, now=now)
    if participants >= max_participants:
        raise MeetingFull(max_participants)


def meeting_delete_check(access: MeetingAccess, key: str | None) -> None:
    """Deleting a meeting cannot be undone: the organizer key, always, even on an open
    meeting (a meeting stored before keys existed is deleted by staff or by the purge)."""
    editing_change_check(access, key)


def participant_change_check(access: MeetingAccess, key: str | None) -> None:
    """A participant's dates and the participant itself: anyone on an open meeting, else that
    participant's key or the organizer key."""
    if access.editing is Editing.OPEN:
        return
    if key is None:
        raise KeyRequired(ROW_KEY_REQUIRED)
    if not (is_organizer(access, key) or is_row_owner(access, key)):
        raise KeyRefused(ROW_KEY_REFUSED)


def is_row_owner(access: MeetingAccess, key: str | None) -> bool:
    """The participant's own key: the one it got when joining, or the one signing in with its
    password gives (while that password stands)."""
    return key_matches(key, access.participant_key_digest) or key_matches(
        key, access.participant_password_key_digest
    )


def own_key_require(key: str | None) -> None:
    """A row's password needs a key on every meeting: a request without one is refused first,
    before its input is judged."""
    if key is None:
        raise KeyRequired(OWN_KEY_REQUIRED)


def password_change_check(access: MeetingAccess, key: str | None) -> None:
    """Setting, changing or removing a row's password: the participant's own key only, even on
    an open meeting, and not the organizer's (a password is the person's, and often reused)."""
    own_key_require(key)
    if not is_row_owner(access, key):
        raise KeyRefused(OWN_KEY_REFUSED)
