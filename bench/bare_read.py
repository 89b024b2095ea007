"""The bare read: a dates-only meeting's JSON from the MySQL store's two statements
(``bench/bare_sql.py``), through mysqlclient on one persistent connection per thread, written
as the API writes it; ``render`` writes the bare Gel toggle's answer too."""

from __future__ import annotations

import json
import os
import threading
from datetime import date, datetime
from typing import Any

import MySQLdb

from bench.bare_sql import MEETING_SQL, PARTICIPANTS_SQL

_local = threading.local()


def _connection() -> Any:
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = MySQLdb.connect(
            host=os.environ.get("BENCH_DB_HOST", "127.0.0.1"),
            port=int(os.environ.get("BENCH_DB_PORT", "3306")),
            user=os.environ.get("BENCH_DB_USER", "root"),
            password=os.environ.get("BENCH_DB_PASSWORD", ""),
            database=os.environ["BENCH_DB_NAME"],
            charset="utf8mb4",
            autocommit=True,
        )
        _local.conn = conn
    return conn


def _best_dates(rows: list[tuple[Any, ...]], count: int = 3) -> list[str]:
    """Dates (ISO text, which sorts as the dates do) most people who answered are free on;
    ties go to fewer free if need be, then more stars, then the earlier date."""
    free: dict[str, int] = {}
    starred: dict[str, int] = {}
    maybe: dict[str, int] = {}
    for _, _, answered, date_id, day, enabled, star, _slots, if_need_be in rows:
        if date_id is None:
            continue
        free.setdefault(day, 0)
        starred.setdefault(day, 0)
        maybe.setdefault(day, 0)
        if enabled and answered:
            free[day] += 1
            if star:
                starred[day] += 1
            if if_need_be:
                maybe[day] += 1
    ranked = sorted(free, key=lambda d: (-free[d], maybe[d], -starred[d], d))
    return ranked[:count]


def _final(
    day: date | None, start: int | None, end: int | None, note: str, decided_at: datetime | None
) -> dict[str, Any] | None:
    """The decided date, as the API writes it (``decided_at`` is a naive UTC datetime)."""
    if day is None:
        return None
    return {
        "date": day.isoformat(),
        "weekday": None,
        "starts_on": None,
        "start": None if start is None else _minutes_label(start),
        "end": None if end is None else _minutes_label(end),
        "note": note,
        "decided_at": None if decided_at is None else decided_at.isoformat() + "Z",
    }


def _minutes_label(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def meeting_body(url_code: str) -> bytes | None:
    """The typical GET's bytes, from the MySQL store's two statements (None: no such meeting)."""
    cursor = _connection().cursor()
    try:
        cursor.execute(MEETING_SQL, (url_code,))
        found = cursor.fetchone()
        if found is None:
            return None
        # The window's four columns go unread: the baseline serves dates-only meetings.
        (meeting_id, code, title, location, start, end, _version, editing, _digest,
         _start_minute, _end_minute, _slot_minutes, _time_zone, _weekdays,
         *final, _decisions, _deadline) = found  # fmt: skip
        cursor.execute(PARTICIPANTS_SQL, (meeting_id,))
        rows = list(cursor.fetchall())
    finally:
        cursor.close()
    return render(code, title, location, start, end, editing, final, rows)


def render(
    code: str,
    title: str,
    location: str,
    start: date | None,
    end: date | None,
    editing: str,
    final: list[Any],
    rows: list[tuple[Any, ...]],
) -> bytes:
    """A dates-only meeting's JSON as the API writes it. ``rows``: (participant id, name,
    answered, date id or None, ISO date, enabled, starred, slots, if need be) in participant,
    date order; ``final``: the decided date, its start and end minutes, note and naive UTC
    time."""
    participants: list[dict[str, Any]] = []
    for participant_id, name, answered, date_id, day, enabled, star, slots, maybe in rows:
        if not participants or participants[-1]["id"] != participant_id:
            participants.append(
                {"id": participant_id, "name": name, "answered": bool(answered), "dates": []}
            )
        if date_id is not None:
            participants[-1]["dates"].append(
                {
                    "id": date_id,
                    "date": day,
                    "weekday": None,
                    "enabled": bool(enabled),
                    "starred": bool(star),
                    "slots": slots,
                    "if_need_be": bool(maybe),
                }
            )
    body = {
        "url_code": code,
        "title": title,
        "location": location,
        "start_date": start.isoformat() if start else None,
        "end_date": end.isoformat() if end else None,
        "weekdays": None,  # dated meetings only
        "participants": participants,
        "best_dates": _best_dates(rows),
        "best_weekdays": None,
        # The baseline serves the dated, dates-only meetings: no window, no best times.
        "start_time": None,
        "end_time": None,
        "slot_minutes": None,
        "time_zone": None,
        "best_times": None,
        "editing": editing,
        "final": _final(*final),
        "deadline": None,  # the baseline's meetings have none
    }
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    # As the API's renderer: U+2028 and U+2029 escaped, so the JSON is also valid JavaScript.
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").encode()


NOT_FOUND = ("404 Not Found", b'{"detail":"not found"}')
