"""Support for the tests that talk to a real Gel server: they run only when GEL_DSN is set.

Point GEL_DSN at a branch that serves tests only, with the schema applied
(``python manage.py gel_migrate``). Each test deletes, when it ends, every meeting created while
it ran (its participants and dates go with them), so run one test session per branch at a time.
"""

from __future__ import annotations

import datetime
import os

import pytest

GEL_DSN = os.environ.get("GEL_DSN", "").strip()
SKIP_REASON = (
    "needs a Gel server: set GEL_DSN=gel://user:password@host:port/branch (a test branch) and "
    "run `python manage.py gel_migrate` to run the Gel tests (see the README)"
)
GEL_MARKS = [pytest.mark.gel, pytest.mark.skipif(not GEL_DSN, reason=SKIP_REASON)]

_MEETINGS_SINCE = "select count((select Meeting filter .created_at >= <datetime>$since))"
_DELETE_SINCE = "delete Meeting filter .created_at >= <datetime>$since"


class GelTestWindow:
    """The meetings created in the Gel store since a test started, by the server's clock."""

    def __init__(self) -> None:
        from meetings.repositories.gel import gel_client

        started: datetime.datetime = gel_client().query_required_single(
            "select datetime_of_statement()"
        )
        self.since = started

    def meeting_count(self) -> int:
        from meetings.repositories.gel import gel_client

        count: int = gel_client().query_required_single(_MEETINGS_SINCE, since=self.since)
        return count

    def close(self) -> None:
        from meetings.repositories.gel import gel_client

        gel_client().query(_DELETE_SINCE, since=self.since)


_current: GelTestWindow | None = None


def window_open(request: pytest.FixtureRequest) -> GelTestWindow:
    """Start a window for the running test; what it created is deleted when it ends."""
    global _current
    window = GelTestWindow()
    _current = window
    request.addfinalizer(window.close)
    return window


def meeting_count() -> int:
    """How many meetings the running test created in the Gel store."""
    if _current is None:
        raise RuntimeError("no Gel test window is open: use the `store` or `repo` fixture")
    return _current.meeting_count()
