"""The Gel store's painting: one participant's dates (or one date of a timed meeting) read,
marked in Python and written back in one transaction (a move out of ``repository``)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from meetings import clock
from meetings.domain import (
    AccessSeen,
    DateAction,
    Mark,
    MeetingNotFound,
    access_hold,
    marks_apply,
    open_require,
)
from meetings.repositories.gel.client import conflicts_retried, gel_client, write_queue
from meetings.repositories.gel.errors import store_errors
from meetings.repositories.gel.queries import (
    DATES_WRITE,
    MEETING_VERSION,
    PARTICIPANT_DATE_READ,
    PARTICIPANT_DATES_READ,
)


def dates_mark(
    *,
    url_code: str,
    marks: Sequence[Mark] | None,
    missing: Exception,
    participant_id: uuid.UUID | None = None,
    participant_date_id: uuid.UUID | None = None,
    action: DateAction = DateAction.ON,
    seen: AccessSeen | None = None,
) -> None:
    """Read one participant's dates (or one date), apply the marks in Python
    (``meetings.domain.marks_apply``, the rule every store shares), write what changed and
    bump the version: one transaction, run again after a conflict."""

    read, named = (
        (PARTICIPANT_DATE_READ, {"participant_date_id": participant_date_id})
        if participant_id is None
        else (PARTICIPANT_DATES_READ, {"participant_id": participant_id})
    )

    def paint() -> None:
        for tx in gel_client().transaction():
            with tx:
                found = tx.query(read, url_code=url_code, **named)
                if not found:
                    if tx.query_single(MEETING_VERSION, url_code=url_code) is None:
                        raise MeetingNotFound(url_code)
                    raise missing
                open_require(  # read in this (serializable) transaction
                    closed=found[0].closed, deadline=found[0].deadline, now=clock.now()
                )
                access_hold(  # read in this (serializable) transaction
                    seen,
                    editing=found[0].editing,
                    organizer_key_digest=found[0].organizer_key_digest,
                    password_hash=found[0].password_hash,
                    row=True,
                )
                rows = {r.date: (r.id, r.enabled, r.starred, r.if_need_be, r.slots) for r in found}
                todo = marks or [Mark(found[0].date, action, None)]
                timed = any(r.slots is not None for r in found)
                changed = marks_apply(rows, todo, timed=timed)
                tx.query(
                    DATES_WRITE,
                    url_code=url_code,
                    participant_id=found[0].participant_id,
                    rows=[
                        (date_id, enabled, starred, if_need_be, slots or "")
                        for date_id, (enabled, starred, if_need_be, slots) in changed.items()
                    ],
                )

    with store_errors():
        # A stroke reads all of a participant's dates, and PostgreSQL's serializable checks
        # count a read of more than two rows of one page as a read of the page, which holds
        # other participants' dates too: strokes of one meeting take turns in this process.
        queue = url_code if participant_id is not None else write_queue(url_code, seen)
        conflicts_retried(paint, queue=queue)
