"""The benchmark's baseline: a bare WSGI app, no framework, around the stores' own statements.

- ``GET /<url_code>`` of a dates-only meeting answers the same bytes as
  ``GET /v1/mysql/meetings/<url_code>`` with the same two SQL statements the Django store
  sends, through mysqlclient, on one persistent connection per thread: the bare read, which
  ``bench/run.py`` prints each endpoint's throughput as a ratio to.
- ``PATCH /<store>/participant_dates/<on|off>`` (``store``: ``mysql`` or ``edgedb``), with the
  API's body and ``Authorization`` header, toggles a date of a dates-only meeting with the
  statements and commits of the real toggle on that store and answers the meeting's JSON: the
  bare write (``bench/bare_write.py``), which each write point is a ratio to. Every statement is
  in ``bench/bare_sql.py``.

Configured by ``BENCH_DB_HOST``, ``BENCH_DB_PORT``, ``BENCH_DB_USER``, ``BENCH_DB_PASSWORD``,
``BENCH_DB_NAME`` (MySQL) and ``GEL_DSN`` (Gel). Serve with
``gunicorn bench.baseline_app:application``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from bench.bare_read import NOT_FOUND, meeting_body


def application(
    environ: dict[str, Any], start_response: Callable[[str, list[tuple[str, str]]], Any]
) -> Iterable[bytes]:
    path = environ.get("PATH_INFO", "/")
    if environ.get("REQUEST_METHOD") == "PATCH":
        from bench.bare_write import toggle_request  # the bare write (and Gel) only when asked

        status, body = toggle_request(environ, path)
    else:
        found = meeting_body(path.rsplit("/", 1)[-1])
        status, body = ("200 OK", found) if found is not None else NOT_FOUND
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]
