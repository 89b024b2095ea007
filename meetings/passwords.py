"""The use cases of a participant's optional password, with ``meetings/services.py`` (which
re-exports them) the only way in for both faces.

A participant sets a password with its own key; on another device, its name and that password
give the browser (or the API client) a key for its row, ``domain.password_key``: derived from
the stored hash under ``SECRET_KEY``, so the personal link keeps working and changing or
removing the password ends every key the old one gave. Passwords are hashed with Django's
password hashers (``PASSWORD_HASHERS``: PBKDF2 by default) and never kept or logged in clear.

Signing in answers the same ``PasswordRefused`` for a wrong password and for a participant that
has none, after the same work: a participant without one is checked against a dummy hash.
Counting refusals against the address's limit, and refusing every attempt past it before any
hashing, is the faces' (``meetings.limits``), as for keys.
"""

from __future__ import annotations

import functools
import secrets
from dataclasses import replace

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.views.decorators.debug import sensitive_variables

from meetings.domain import (
    MeetingAccess,
    ParticipantDateId,
    ParticipantId,
    PasswordRefused,
    key_digest,
    key_matches,
    own_key_require,
    password_candidate,
    password_change_check,
    password_clean,
    password_key,
)
from meetings.guarded import access_retried
from meetings.repositories import MeetingRepository


def row_access(
    repo: MeetingRepository,
    *,
    url_code: str,
    participant_id: ParticipantId | None = None,
    participant_date_id: ParticipantDateId | None = None,
) -> MeetingAccess:
    """``repo.meeting_access``, with the digest of the key the participant's password gives
    (if it has one) filled in, so that ``domain.rules`` accept that key as the row's own."""
    access = repo.meeting_access(
        url_code=url_code, participant_id=participant_id, participant_date_id=participant_date_id
    )
    stored = access.participant_password_hash
    if stored is None or access.participant_id is None:
        return access
    derived = _derived_key(url_code, access.participant_id, stored)
    return replace(access, participant_password_key_digest=key_digest(derived))


@access_retried
@sensitive_variables("password", "cleaned")  # never in an error report's locals
def participant_password_set(
    *,
    repo: MeetingRepository,
    url_code: str,
    participant_id: ParticipantId,
    password: str | None,
    key: str | None,
) -> str | None:
    """Set or change (``password``) or remove (``None``) the participant's password: its own
    key only (``domain.password_change_check``). A missing key is refused first, then a bad
    password, then a key that does not fit. Answers the key the caller holds for the row from
    now on: its own key as it was, or when it sent the key the old password gave, the new
    password's (``None`` once the password is removed: that key ends with it)."""
    own_key_require(key)
    cleaned = None if password is None else password_clean(password)
    access = row_access(repo, url_code=url_code, participant_id=participant_id)
    password_change_check(access, key)
    assert access.participant_id is not None  # meeting_access found it, or raised
    password_hash = None if cleaned is None else make_password(cleaned)
    repo.participant_set_password(
        url_code=url_code,
        participant_id=access.participant_id,
        password_hash=password_hash,
        seen=access.seen(),
    )
    if key_matches(key, access.participant_key_digest):
        return key
    if password_hash is None:
        return None
    return _derived_key(url_code, access.participant_id, password_hash)


@sensitive_variables("password", "candidate")
def participant_sign_in(
    *, repo: MeetingRepository, url_code: str, participant_id: ParticipantId, password: str
) -> str:
    """The participant's key for whoever gives its password (``domain.password_key``), or
    ``PasswordRefused``: the same refusal for a wrong password and for a participant without
    one, after the same hashing. Raises ``MeetingNotFound``, ``ParticipantNotFound`` first."""
    access = repo.meeting_access(url_code=url_code, participant_id=participant_id)
    stored = access.participant_password_hash
    candidate = password_candidate(password)
    if candidate is None:  # out of bounds: no stored password can be it, nothing to hash
        raise PasswordRefused()
    fits = check_password(candidate, stored if stored is not None else _dummy_hash())
    if not fits or stored is None or access.participant_id is None:
        raise PasswordRefused()
    return _derived_key(url_code, access.participant_id, stored)


def _derived_key(url_code: str, participant_id: ParticipantId, password_hash: str) -> str:
    return password_key(
        settings.SECRET_KEY,
        url_code=url_code,
        participant_id=participant_id,
        password_hash=password_hash,
    )


@functools.cache
def _dummy_hash() -> str:
    """A hash no one knows the password of, made once per process with the default hasher:
    what a participant without a password is checked against, so that it takes as long."""
    return make_password(secrets.token_urlsafe(32))
