"""The benchmark's baseline: a bare WSGI app, no framework, serving GET meeting.

``GET /<url_code>`` answers the same JSON as ``GET /v1/mysql/meetings/<url_code>`` with the
same two SQL statements the Django store sends, through mysqlclient, on one persistent
connection per thread. It is what the API would cost with nothing but the database and JSON:
``bench/run.py`` prints each endpoint's throughput as a ratio to it.

Configured by ``BENCH_DB_HOST``, ``BENCH_DB_PORT``, ``BENCH_DB_USER``, ``BENCH_DB_PASSWORD``,
``BENCH_DB_NAME``. Serve with ``gunicorn bench.baseline_app:application``.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import MySQLdb

# The statements DjangoMeetingRepository.meeting_get sends (copied from a captured run).
MEETING_SQL = (
    "SELECT `meetings_meeting`.`id`, `meetings_meeting`.`url_code`, `meetings_meeting`.`title`, "
    "`meetings_meeting`.`location`, `meetings_meeting`.`start_date`, "
    "`meetings_meeting`.`end_date`, `meetings_meeting`.`version`, `meetings_meeting`.`editing`, "
    "`meetings_meeting`.`organizer_key_digest`, `meetings_meeting`.`start_minute`, "
    "`meetings_meeting`.`end_minute`, `meetings_meeting`.`slot_minutes`, "
    "`meetings_meeting`.`time_zone` FROM `meetings_meeting` "
    "WHERE `meetings_meeting`.`url_code` = %s ORDER BY `meetings_meeting`.`id` ASC LIMIT 1"
)
PARTICIPANTS_SQL = (
    "SELECT `meetings_participant`.`id`, `meetings_participant`.`name`, "
    "`meetings_participantdate`.`id`, `meetings_participantdate`.`date`, "
    "`meetings_participantdate`.`enabled`, `meetings_participantdate`.`starred`, "
    "`meetings_participantdate`.`slots` "
    "FROM `meetings_participant` LEFT OUTER JOIN `meetings_participantdate` "
    "ON (`meetings_participant`.`id` = `meetings_participantdate`.`participant_id`) "
    "WHERE `meetings_participant`.`meeting_id` = %s "
    "ORDER BY `meetings_participant`.`id` ASC, `meetings_participantdate`.`date` ASC"
)

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
    free: dict[date, int] = {}
    starred: dict[date, int] = {}
    for _, _, date_id, day, enabled, star, _slots in rows:
        if date_id is None:
            continue
        free.setdefault(day, 0)
        starred.setdefault(day, 0)
        if enabled:
            free[day] += 1
            if star:
                starred[day] += 1
    ranked = sorted(free, key=lambda d: (-free[d], -starred[d], d))
    return [d.isoformat() for d in ranked[:count]]


def meeting_body(url_code: str) -> bytes | None:
    cursor = _connection().cursor()
    try:
        cursor.execute(MEETING_SQL, (url_code,))
        found = cursor.fetchone()
        if found is None:
            return None
        meeting_id, code, title, location, start, end, _version, editing, _digest = found[:9]
        cursor.execute(PARTICIPANTS_SQL, (meeting_id,))
        rows = list(cursor.fetchall())
    finally:
        cursor.close()
    participants: list[dict[str, Any]] = []
    for participant_id, name, date_id, day, enabled, star, slots in rows:
        if not participants or participants[-1]["id"] != participant_id:
            participants.append({"id": participant_id, "name": name, "dates": []})
        if date_id is not None:
            participants[-1]["dates"].append(
                {
                    "id": date_id,
                    "date": day.isoformat(),
                    "enabled": bool(enabled),
                    "starred": bool(star),
                    "slots": slots,
                }
            )
    body = {
        "url_code": code,
        "title": title,
        "location": location,
        "start_date": start.isoformat() if start else None,
        "end_date": end.isoformat() if end else None,
        "participants": participants,
        "best_dates": _best_dates(rows),
        # The baseline serves the dates-only meetings: no window, no best times.
        "start_time": None,
        "end_time": None,
        "slot_minutes": None,
        "time_zone": None,
        "best_times": None,
        "editing": editing,
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def application(
    environ: dict[str, Any], start_response: Callable[[str, list[tuple[str, str]]], Any]
) -> Iterable[bytes]:
    body = meeting_body(environ.get("PATH_INFO", "/").rsplit("/", 1)[-1])
    if body is None:
        start_response("404 Not Found", [("Content-Type", "application/json")])
        return [b'{"detail":"not found"}']
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]
