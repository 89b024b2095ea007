"""The busy intervals a viewer's calendar file gave, kept in their session between the preview
and "Mark these busy" (issue 21): per meeting and participant, only each interval's start, end
and whether it is tentative (never the file, a title or anything else of an event), for
``KEPT_SECONDS`` at most; dropped once applied, and the oldest first past ``KEPT_MAX``."""

from __future__ import annotations

import time
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.http import HttpRequest

from meetings.domain import BusyInterval, ParticipantId, busy_merged

SESSION_KEY = "meetifyr_busy"
KEPT_SECONDS = 24 * 3600
KEPT_MAX = 5  # previews kept per browser (meeting and participant)
# Busy intervals kept per preview, once those of one kind that overlap are joined: a session
# row stays small (about 80 bytes each) even for a calendar full of tiny events.
KEPT_INTERVALS = 2000


def _entry_key(url_code: str, participant_id: ParticipantId) -> str:
    return f"{url_code}:{participant_id}"


def _fresh(request: HttpRequest) -> dict[str, dict[str, object]]:
    """The kept previews still young enough (older ones are forgotten here)."""
    kept = request.session.get(SESSION_KEY, {})
    now = time.time()
    fresh = {
        key: entry
        for key, entry in (kept.items() if isinstance(kept, dict) else ())
        if isinstance(entry, dict) and now - float(entry.get("at", 0)) < KEPT_SECONDS
    }
    if fresh != kept:
        request.session[SESSION_KEY] = fresh
    return fresh


def busy_keep(
    request: HttpRequest,
    url_code: str,
    participant_id: ParticipantId,
    intervals: tuple[BusyInterval, ...],
    zone: ZoneInfo,
    week: date | None = None,
) -> bool:
    """Keep ``intervals`` (read in ``zone``; on a weekly meeting, for the week of ``week``) for
    this viewer's row of ``url_code``, joined where they overlap (``busy_merged``); false, and
    nothing kept, past ``KEPT_INTERVALS``."""
    intervals = tuple(busy_merged(intervals))
    if len(intervals) > KEPT_INTERVALS:
        busy_forget(request, url_code, participant_id)
        return False
    kept = {k: v for k, v in _fresh(request).items() if k != _entry_key(url_code, participant_id)}
    kept[_entry_key(url_code, participant_id)] = {
        "at": time.time(),
        "zone": zone.key,
        "week": None if week is None else week.isoformat(),
        "i": [[i.start.isoformat(), i.end.isoformat(), i.tentative] for i in intervals],
    }
    request.session[SESSION_KEY] = dict(list(kept.items())[-KEPT_MAX:])
    return True


def busy_kept(
    request: HttpRequest, url_code: str, participant_id: ParticipantId
) -> tuple[list[BusyInterval], ZoneInfo, date | None] | None:
    """The intervals kept for this row, the zone they were read in and the week (weekly
    meetings), if any (and fresh)."""
    entry = _fresh(request).get(_entry_key(url_code, participant_id))
    if entry is None:
        return None
    try:
        zone = ZoneInfo(str(entry["zone"]))
        week = None if entry.get("week") is None else date.fromisoformat(str(entry["week"]))
        raw = entry["i"]
        assert isinstance(raw, list)
        intervals = [
            BusyInterval(datetime.fromisoformat(start), datetime.fromisoformat(end), bool(maybe))
            for start, end, maybe in raw
        ]
    except (KeyError, ValueError, TypeError, AssertionError, ZoneInfoNotFoundError):
        busy_forget(request, url_code, participant_id)
        return None
    return intervals, zone, week


def busy_kept_here(request: HttpRequest, url_code: str) -> bool:
    """Whether this browser keeps a preview for one of its rows of ``url_code`` (no session is
    made for asking)."""
    kept = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    return isinstance(kept, dict) and any(key.startswith(f"{url_code}:") for key in kept)


def busy_forget(request: HttpRequest, url_code: str, participant_id: ParticipantId) -> None:
    kept = _fresh(request)
    key = _entry_key(url_code, participant_id)
    if key in kept:
        request.session[SESSION_KEY] = {k: v for k, v in kept.items() if k != key}
