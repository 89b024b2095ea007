"""Rendered meetings kept between requests, each with the version it was rendered at; used by
the API (a meeting's JSON) and the pages (kept fragments).

Every change bumps a meeting's version, so a body kept at version ``v`` is right exactly while the
stored version is ``v``: nothing is invalidated, a stale entry fails the comparison. The entries
live in Django's ``meetings`` cache; a failing backend is logged and treated as a miss.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

from meetings.domain import url_code_is_well_formed

CACHE_ALIAS = "meetings"
logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RenderedMeeting:
    version: int
    body: bytes


def _key(store: str, url_code: str) -> str:
    return f"meeting:{store}:{url_code}"


def kept_get(key: str) -> tuple[int, bytes] | None:
    """Any body kept under ``key`` with the version it was rendered at (the pages keep
    fragments here too); ``None`` when there is none or the backend fails."""
    try:
        entry = caches[CACHE_ALIAS].get(key)
    except Exception:  # a shared backend that is down must not fail the request
        logger.warning("meeting cache read failed", exc_info=True)
        return None
    if not isinstance(entry, tuple) or len(entry) != 2:
        return None
    version, body = entry
    return version, body


def kept_put(key: str, version: int, body: bytes, *, max_bytes: int | None = None) -> None:
    if len(body) > (max_bytes or settings.MEETINGS_CACHE_MAX_BODY_BYTES):
        return
    try:
        caches[CACHE_ALIAS].set(key, (version, body))
    except Exception:
        logger.warning("meeting cache write failed", exc_info=True)


def rendered_meeting_get(*, store: str, url_code: str) -> RenderedMeeting | None:
    """The last body kept for this meeting, whatever its version (the caller compares)."""
    if not url_code_is_well_formed(url_code):
        return None
    entry = kept_get(_key(store, url_code))
    return None if entry is None else RenderedMeeting(*entry)


def rendered_meeting_put(*, store: str, url_code: str, version: int, body: bytes) -> None:
    """Keep ``body`` as the meeting's rendering at ``version``, unless it is too large."""
    if url_code_is_well_formed(url_code):
        kept_put(_key(store, url_code), version, body)


def rendered_meeting_drop(*, store: str, url_code: str) -> None:
    """Forget this process's rendering of a deleted meeting (other processes' entries can never
    be sent again: the version read finds no meeting)."""
    if not url_code_is_well_formed(url_code):
        return
    try:
        caches[CACHE_ALIAS].delete(_key(store, url_code))
    except Exception:
        logger.warning("meeting cache delete failed", exc_info=True)
