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

from meetings import metrics
from meetings.domain import url_code_is_well_formed

CACHE_ALIAS = "meetings"
logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RenderedMeeting:
    version: int
    body: bytes

    def fresh_at(self, version: int) -> bool:
        """Whether this body is the meeting's at ``version``, the stored one (counted as the
        cache's hit or miss)."""
        fresh = version == self.version
        metrics.cache_lookup(metrics.RENDERED_MEETING, hit=fresh)
        return fresh


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


def kept_fresh(key: str, version: int, *, cache: str) -> bytes | None:
    """The body kept under ``key`` if it was rendered at ``version``, else ``None``; counted as
    ``cache``'s hit or miss."""
    entry = kept_get(key)
    fresh = entry is not None and entry[0] == version
    metrics.cache_lookup(cache, hit=fresh)
    return entry[1] if entry is not None and fresh else None


def kept_put(key: str, version: int, body: bytes, *, max_bytes: int | None = None) -> None:
    if len(body) > (max_bytes or settings.MEETINGS_CACHE_MAX_BODY_BYTES):
        return
    try:
        caches[CACHE_ALIAS].set(key, (version, body))
    except Exception:
        logger.warning("meeting cache write failed", exc_info=True)


def rendered_meeting_get(*, store: str, url_code: str) -> RenderedMeeting | None:
    """The last body kept for this meeting, whatever its version: the caller compares with
    ``RenderedMeeting.fresh_at``. None kept counts as the cache's miss."""
    entry = kept_get(_key(store, url_code)) if url_code_is_well_formed(url_code) else None
    if entry is None:
        metrics.cache_lookup(metrics.RENDERED_MEETING, hit=False)
        return None
    return RenderedMeeting(*entry)


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
