"""Judging a keyed change again when what the judgement relied on changed before the write.

A use case reads the meeting's access (``repo.meeting_access``), judges the key against it, and
hands the store what it saw (``MeetingAccess.seen()``); the store writes only while that still
holds (``AccessChanged`` otherwise, nothing written). ``access_retried`` runs the whole use case
again then, so that the answer is the one its new judgement gives: a key staff re-issued
meanwhile is refused, a meeting protected meanwhile asks for a key.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from meetings import metrics
from meetings.domain import AccessChanged, StoreUnavailable

P = ParamSpec("P")
T = TypeVar("T")

# Each round means someone changed the meeting's editing, organizer key or the row's password
# between a check and its write, milliseconds apart: a few rounds are plenty.
ACCESS_ATTEMPTS = 5
ACCESS_BUSY = "the meeting's access changed while your change was being made; try again"


def access_retried(use_case: Callable[P, T]) -> Callable[P, T]:
    """``use_case``, run again (up to ``ACCESS_ATTEMPTS`` times) while its store write finds
    that the access it was judged on changed; then 503 (``StoreUnavailable``), nothing written."""

    @functools.wraps(use_case)
    def judged_again(*args: P.args, **kwargs: P.kwargs) -> T:
        for attempt in range(1, ACCESS_ATTEMPTS + 1):
            try:
                return use_case(*args, **kwargs)
            except AccessChanged:
                metrics.access_changed(retried=attempt < ACCESS_ATTEMPTS)
        raise StoreUnavailable(ACCESS_BUSY)

    return judged_again
