"""The bare write: a date toggle with nothing around the store's statements but the driver and
JSON, one per store (the statements, and why they are these, in ``bench/bare_sql.py``).

``PATCH /<store>/participant_dates/<on|off>`` with the API's body
(``{"participant_date_id": ..., "meeting_url_code": ...}``) and ``Authorization: Bearer <key>``
answers what the API's toggle does on a dates-only meeting: 200 and the meeting's JSON, 404 for
no such meeting or date, 403 without a key that may change the date, 409 on a decided meeting.
It checks the key with the store's digest, as the services do; it knows no timed meetings.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import random
import threading
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from bench import bare_read
from bench.bare_sql import (
    ACCESS_SQL,
    ANSWERED_SQL,
    DATE_CHANGES,
    GEL_ACCESS,
    GEL_AS_STORED,
    GEL_MARK,
    GEL_READ,
    LOCKED_SQL,
    mark_sql,
    version_bump_sql,
)

Answer = tuple[str, bytes]
NOT_FOUND = bare_read.NOT_FOUND
REFUSED = ("403 Forbidden", b'{"detail":"refused"}')
CLOSED = ("409 Conflict", b'{"detail":"closed"}')
CHANGED = ("409 Conflict", b'{"detail":"changed meanwhile"}')
BAD = ("400 Bad Request", b'{"detail":"bad request"}')
RETRY_SECONDS = 10  # as the store's GEL_RETRY_SECONDS default


def toggle_request(environ: dict[str, Any], path: str) -> Answer:
    """Route ``PATCH /<store>/participant_dates/<action>``."""
    parts = path.strip("/").split("/")
    if len(parts) != 3 or parts[1] != "participant_dates" or parts[2] not in DATE_CHANGES:
        return NOT_FOUND
    store, action = parts[0], parts[2]
    length = int(environ.get("CONTENT_LENGTH") or 0)
    try:
        body = json.loads(environ["wsgi.input"].read(length))
        url_code, date_id = str(body["meeting_url_code"]), body["participant_date_id"]
    except (ValueError, KeyError, TypeError):
        return BAD
    auth = environ.get("HTTP_AUTHORIZATION", "")
    key = auth[len("Bearer ") :] if auth.startswith("Bearer ") else None
    if store == "mysql":
        return mysql_toggle(url_code, int(date_id), action, key)
    if store == "edgedb":
        return gel_toggle(url_code, uuid.UUID(str(date_id)), action, key)
    return NOT_FOUND


def _may_change(editing: str, key: str | None, *digests: str | None) -> bool:
    """The services' rule for a participant's dates: anyone on an open meeting, else the
    organizer's or the participant's key (SHA-256, compared in constant time)."""
    if editing == "open":
        return True
    if key is None:
        return False
    digest = hashlib.sha256(key.encode()).hexdigest()
    return any(d is not None and hmac.compare_digest(digest, d) for d in digests)


# --- MySQL ------------------------------------------------------------------------------------


def mysql_toggle(url_code: str, date_id: int, action: str, key: str | None) -> Answer:
    conn = bare_read._connection()
    cursor = conn.cursor()
    try:
        cursor.execute(ACCESS_SQL, (date_id, url_code))
        access = cursor.fetchone()
        if access is None or access[2] is None:  # no meeting, or no such date in it
            return NOT_FOUND
        editing, organizer_digest, _, participant_digest, *_, final_date, password_hash = access
        if final_date is not None:
            return CLOSED
        if not _may_change(editing, key, organizer_digest, participant_digest):
            return REFUSED
        conn.autocommit(False)  # as Django's transaction.atomic on an autocommit connection
        try:
            seen = (url_code, editing) + ((organizer_digest,) if organizer_digest else ())
            bumped = cursor.execute(version_bump_sql(organizer_digest is not None), seen)
            cursor.execute(LOCKED_SQL, (date_id, url_code))
            locked = cursor.fetchone()
            if not bumped or locked is None or locked[-1] != password_hash:
                conn.rollback()  # changed since the check: the app judges again; here, 409
                return CHANGED
            meeting_id, *_, date_participant_id, date_answered, _ = locked
            if date_participant_id is not None and not date_answered:
                cursor.execute(ANSWERED_SQL, (date_participant_id,))
            changes = DATE_CHANGES[action]
            cursor.execute(mark_sql(action), (*changes.values(), meeting_id, date_id))
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            conn.autocommit(True)
    finally:
        cursor.close()
    body = bare_read.meeting_body(url_code)
    return ("200 OK", body) if body is not None else NOT_FOUND


# --- Gel --------------------------------------------------------------------------------------

_gel_client: Any = None
_gel_lock = threading.Lock()


def gel_client() -> Any:
    """One client (a thread-safe pool) per process, from ``GEL_DSN``, that leaves conflicts
    to ``gel_toggle``'s own retries (as the store's does)."""
    global _gel_client
    with _gel_lock:
        if _gel_client is None:
            import gel

            threads = int(os.environ.get("SERVER_THREADS") or 4)
            options = gel.RetryOptions(attempts=3).with_rule(  # type: ignore[no-untyped-call]
                gel.RetryCondition.TransactionConflict, attempts=1
            )
            _gel_client = gel.create_client(
                max_concurrency=max(threads, 4), timeout=2
            ).with_retry_options(options)
        return _gel_client


def _conflicts_retried(run: Any) -> Any:
    """The store's ``conflicts_retried``: again after each conflict, for 10 s at most, with
    the same jittered back-off."""
    import gel

    deadline = time.monotonic() + RETRY_SECONDS
    attempt = 0
    while True:
        attempt += 1
        try:
            return run()
        except gel.TransactionConflictError:
            pause = min(0.1, 0.005 * 2.0**attempt) * (0.5 + random.random())  # noqa: S311
            if time.monotonic() + pause >= deadline:
                raise
            time.sleep(pause)


def gel_toggle(url_code: str, date_id: uuid.UUID, action: str, key: str | None) -> Answer:
    client = gel_client()
    found = client.query(GEL_ACCESS, url_code=url_code, participant_id=None,
                         participant_date_id=date_id)  # fmt: skip
    if not found or found[0].target is None:
        return NOT_FOUND
    access = found[0]
    if access.final_date is not None:
        return CLOSED
    if not _may_change(access.editing, key, access.organizer_key_digest, access.target.key_digest):
        return REFUSED
    changes = DATE_CHANGES[action]
    result = _conflicts_retried(
        lambda: client.query_required_single(
            GEL_MARK,
            url_code=url_code,
            participant_date_id=date_id,
            enabled=changes.get("enabled"),
            starred=changes.get("starred"),
            if_need_be=changes.get("if_need_be"),
            # Not past the meeting's deadline for answers, on the store's clock.
            now=datetime.now(UTC),
            # Only while the meeting and the row are as the key check saw them.
            guarded=True,
            seen_editing=access.editing,
            seen_organizer_key_digest=access.organizer_key_digest,
            seen_password_hash=access.target.password_hash,
        )
    )
    if not result.marked_count:  # gone, decided or changed since the check: judged again
        date = client.query_single(GEL_AS_STORED, participant_date_id=date_id)
        return CLOSED if date is not None and date.closed else CHANGED
    meetings = client.query(GEL_READ, url_code=url_code)
    return ("200 OK", gel_body(meetings[0])) if meetings else NOT_FOUND


def gel_body(row: Any) -> bytes:
    """A Gel meeting (``GEL_READ``'s shape) as the bare read's JSON."""
    rows: list[tuple[Any, ...]] = []
    for p in row.participants:
        rows += [
            (str(p.id), p.name, p.answered, str(d.id), d.date.isoformat(), d.enabled,
             d.starred, d.slots, d.if_need_be)
            for d in p.dates
        ] or [(str(p.id), p.name, p.answered, None, None, None, None, None, None)]  # fmt: skip
    final_at = row.final_at.astimezone(UTC).replace(tzinfo=None) if row.final_at else None
    final = [row.final_date, row.final_start_minute, row.final_end_minute,
             row.final_note or "", final_at]  # fmt: skip
    return bare_read.render(
        row.url_code, row.title, row.location, row.start_date, row.end_date, row.editing, final,
        rows,
    )  # fmt: skip
