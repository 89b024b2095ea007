"""The benchmark's baseline: a bare WSGI app, no framework, serving GET meeting.

``GET /<url_code>`` of a dates-only meeting answers the same bytes as
``GET /v1/mysql/meetings/<url_code>`` with the same two SQL statements the Django store sends,
through mysqlclient, on one persistent connection per thread. It is what the API would cost
with nothing but the database and JSON: ``bench/run.py`` prints each endpoint's throughput as a
ratio to it.

Configured by ``BENCH_DB_HOST``, ``BENCH_DB_PORT``, ``BENCH_DB_USER``, ``BENCH_DB_PASSWORD``,
``BENCH_DB_NAME``. Serve with ``gunicorn bench.baseline_app:application``.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

import MySQLdb

# The statements DjangoMeetingRepository.meeting_get sends (copied from a captured run; the
# bench's smoke test checks they still are).
MEETING_SQL = (
    "SELECT `meetings_meeting`.`id` AS `id`, `meetings_meeting`.`url_code` AS `url_code`, "
    "`meetings_meeting`.`title` AS `title`, `meetings_meeting`.`location` AS `location`, "
    "`meetings_meeting`.`start_date` AS `start_date`, "
    "`meetings_meeting`.`end_date` AS `end_date`, `meetings_meeting`.`version` AS `version`, "
    "`meetings_meeting`.`editing` AS `editing`, "
    "`meetings_meeting`.`organizer_key_digest` AS `organizer_key_digest`, "
    "`meetings_meeting`.`start_minute` AS `start_minute`, "
    "`meetings_meeting`.`end_minute` AS `end_minute`, "
    "`meetings_meeting`.`slot_minutes` AS `slot_minutes`, "
    "`meetings_meeting`.`time_zone` AS `time_zone`, "
    "`meetings_meeting`.`final_date` AS `final_date`, "
    "`meetings_meeting`.`final_start_minute` AS `final_start_minute`, "
    "`meetings_meeting`.`final_end_minute` AS `final_end_minute`, "
    "`meetings_meeting`.`final_note` AS `final_note`, `meetings_meeting`.`final_at` AS `final_at`, "
    "`meetings_meeting`.`decisions` AS `decisions` "
    "FROM `meetings_meeting` WHERE `meetings_meeting`.`url_code` = %s ORDER BY 1 ASC LIMIT 1"
)
PARTICIPANTS_SQL = (
    "SELECT `meetings_participant`.`id` AS `id`, `meetings_participant`.`name` AS `name`, "
    "`meetings_participant`.`answered` AS `answered`, "
    "`meetings_participantdate`.`id` AS `dates__id`, "
    "CAST(`meetings_participantdate`.`date` AS char) AS `day`, "
    "`meetings_participantdate`.`enabled` AS `dates__enabled`, "
    "`meetings_participantdate`.`starred` AS `dates__starred`, "
    "`meetings_participantdate`.`slots` AS `dates__slots` "
    "FROM `meetings_participant` LEFT OUTER JOIN `meetings_participantdate` "
    "ON (`meetings_participant`.`id` = `meetings_participantdate`.`participant_id`) "
    "WHERE `meetings_participant`.`meeting_id` = %s "
    "ORDER BY 1 ASC, `meetings_participantdate`.`date` ASC"
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
    """Dates (ISO text, which sorts as the dates do) most people who answered are free on;
    ties go to more stars, then the earlier date."""
    free: dict[str, int] = {}
    starred: dict[str, int] = {}
    for _, _, answered, date_id, day, enabled, star, _slots in rows:
        if date_id is None:
            continue
        free.setdefault(day, 0)
        starred.setdefault(day, 0)
        if enabled and answered:
            free[day] += 1
            if star:
                starred[day] += 1
    ranked = sorted(free, key=lambda d: (-free[d], -starred[d], d))
    return ranked[:count]


def _final(
    day: date | None, start: int | None, end: int | None, note: str, decided_at: datetime | None
) -> dict[str, Any] | None:
    """The decided date, as the API writes it (``decided_at`` is a naive UTC datetime)."""
    if day is None:
        return None
    return {
        "date": day.isoformat(),
        "start": None if start is None else _minutes_label(start),
        "end": None if end is None else _minutes_label(end),
        "note": note,
        "decided_at": None if decided_at is None else decided_at.isoformat() + "Z",
    }


def _minutes_label(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def meeting_body(url_code: str) -> bytes | None:
    cursor = _connection().cursor()
    try:
        cursor.execute(MEETING_SQL, (url_code,))
        found = cursor.fetchone()
        if found is None:
            return None
        # The window's four columns go unread: the baseline serves dates-only meetings.
        (meeting_id, code, title, location, start, end, _version, editing, _digest,
         _start_minute, _end_minute, _slot_minutes, _time_zone,
         *final, _decisions) = found  # fmt: skip
        cursor.execute(PARTICIPANTS_SQL, (meeting_id,))
        rows = list(cursor.fetchall())
    finally:
        cursor.close()
    participants: list[dict[str, Any]] = []
    for participant_id, name, answered, date_id, day, enabled, star, slots in rows:
        if not participants or participants[-1]["id"] != participant_id:
            participants.append(
                {"id": participant_id, "name": name, "answered": bool(answered), "dates": []}
            )
        if date_id is not None:
            participants[-1]["dates"].append(
                {
                    "id": date_id,
                    "date": day,
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
        "final": _final(*final),
    }
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    # As the API's renderer: U+2028 and U+2029 escaped, so the JSON is also valid JavaScript.
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").encode()


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
