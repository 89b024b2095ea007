"""How long meetings are kept: what ``meetings_purge`` forgets, and when."""

from __future__ import annotations

from datetime import date, datetime, timedelta

DEFAULT_RETENTION_DAYS = 90  # meetings_purge forgets meetings this long past (or quiet)


def purge_cutoffs(now: datetime, retention_days: int) -> tuple[date, datetime]:
    """What ``meetings_purge`` forgets, ``retention_days`` before ``now``: meetings nobody
    changed since the second cutoff whose last date is before the first one, or which have no
    dates."""
    if retention_days < 0:
        raise ValueError("retention_days should not be negative")
    changed_before = now - timedelta(days=retention_days)
    return changed_before.date(), changed_before
