""" "Now", for the rules that depend on it (a meeting's deadline for answers): the services and
every store ask ``clock.now()`` (through the module, so a test can set the time with
``monkeypatch.setattr(clock, "now", ...)`` instead of waiting for it)."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    """The current moment, aware, in UTC."""
    return datetime.now(UTC)
