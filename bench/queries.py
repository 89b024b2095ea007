"""Queries per request of each scenario, counted once through Django's test client: the ORM's
statements (``CaptureQueriesContext``) and every statement MariaDB saw on the session (its
``Questions`` counter, transaction control included; untouched by other clients)."""

from __future__ import annotations

from datetime import date
from typing import Any

from meetings.tests.support.serving import PROXY_HEADER

# The page's script refetches the meeting fragment (not the whole page) after every change.
FRAGMENT_HEADER = ("Meetifyr-Fragment", "1")
FRAGMENT = {FRAGMENT_HEADER[0]: FRAGMENT_HEADER[1]}


def count_queries(seeded: dict[str, Any]) -> tuple[dict[str, dict[str, float]], list[str]]:
    """Queries per request of each scenario: ORM statements (CaptureQueriesContext) and every
    statement the server saw on this session (MariaDB's session Questions counter)."""
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", headers={PROXY_HEADER[0]: PROXY_HEADER[1]})

    def questions() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SHOW SESSION STATUS LIKE 'Questions'")
            row = cursor.fetchone()
        return int(row[1])

    def uncached(path: str) -> Any:
        caches["meetings"].clear()  # as with MEETINGS_CACHE_ENTRIES=0
        return client.get(path)

    typical, large, toggle = seeded["typical"], seeded["large"], seeded["toggle"]
    pool = seeded["join_pool"]
    requests: dict[str, Any] = {
        "get_typical": lambda i: client.get(f"/v1/mysql/meetings/{typical['url_code']}"),
        "get_large": lambda i: client.get(f"/v1/mysql/meetings/{large['url_code']}"),
        "page_typical": lambda i: client.get(
            f"/meetings/{typical['url_code']}/grid", headers=FRAGMENT
        ),
        "page_large": lambda i: client.get(f"/meetings/{large['url_code']}/grid", headers=FRAGMENT),
        "page_typical_member": lambda i: client.get(
            f"/meetings/{toggle['url_code']}/grid",
            headers={**FRAGMENT, "Cookie": seeded["member_cookie"]},
        ),
        "get_typical_uncached": lambda i: uncached(f"/v1/mysql/meetings/{typical['url_code']}"),
        "get_timed_typical_uncached": lambda i: uncached(
            f"/v1/mysql/meetings/{seeded['timed_typical']['url_code']}"
        ),
        "page_timed": lambda i: client.get(
            f"/meetings/{seeded['timed_typical']['url_code']}/grid", headers=FRAGMENT
        ),
        "get_timed_week_uncached": lambda i: uncached(
            f"/v1/mysql/meetings/{seeded['timed_week']['url_code']}"
        ),
        "get_weekly_timed_uncached": lambda i: uncached(
            f"/v1/mysql/meetings/{seeded['weekly_timed']['url_code']}"
        ),
        "page_timed_week": lambda i: client.get(
            f"/meetings/{seeded['timed_week']['url_code']}/grid", headers=FRAGMENT
        ),
        "page_weekly_timed": lambda i: client.get(
            f"/meetings/{seeded['weekly_timed']['url_code']}/grid", headers=FRAGMENT
        ),
        "calendar": lambda i: client.generic(
            "POST",
            f"/v1/mysql/meetings/{seeded['stroke']['url_code']}/participants/"
            f"{seeded['stroke']['participant_ids'][0]}/calendar?time_zone=Asia/Seoul",
            seeded["calendar_file"].read_bytes(),
            content_type="text/calendar",
            headers={"Authorization": f"Bearer {seeded['stroke']['organizer_key']}"},
        ),
        "stroke": lambda i: client.patch(
            f"/v1/mysql/meetings/{seeded['stroke']['url_code']}/participants/"
            f"{seeded['stroke']['participant_ids'][0]}/marks",
            {"marks": [stroke_mark(i)]},
            content_type="application/json",
            headers={"Authorization": f"Bearer {seeded['stroke']['organizer_key']}"},
        ),
        "get_large_uncached": lambda i: uncached(f"/v1/mysql/meetings/{large['url_code']}"),
        "poll_304": lambda i: client.get(
            f"/v1/mysql/meetings/{typical['url_code']}",
            headers={"If-None-Match": f'"m{typical["version"]}"'},
        ),
        "toggle": lambda i: client.patch(
            f"/v1/mysql/participant_dates/{'off' if i % 2 else 'on'}",
            {"participant_date_id": toggle["date_ids"][0], "meeting_url_code": toggle["url_code"]},
            content_type="application/json",
            headers={"Authorization": f"Bearer {toggle['organizer_key']}"},
        ),
        "create": lambda i: client.post(
            "/v1/mysql/meetings", {"title": "Bench"}, content_type="application/json"
        ),
        "join": lambda i: client.post(
            "/v1/mysql/participants",
            {"meeting_url_code": pool[-1 - i], "name": f"counted {i}"},
            content_type="application/json",
        ),
    }
    expected = {"poll_304": 304, "create": 201, "join": 201}
    counts: dict[str, dict[str, float]] = {}
    get_sql: list[str] = []
    for name, request in requests.items():
        request(0)  # warm: connection open, health check done
        runs = 3
        orm = 0
        before = questions()
        for i in range(1, runs + 1):
            with CaptureQueriesContext(connection) as captured:
                response = request(i)
            assert response.status_code == expected.get(name, 200), (name, response.content)
            orm += len(captured.captured_queries)
            if name == "get_typical" and i == 1:
                get_sql = [q["sql"] for q in captured.captured_queries]
        # Each round also ran one SHOW STATUS, and the counter includes the closing one.
        server = questions() - before - 1
        counts[name] = {"orm": orm / runs, "server": server / runs}
    return counts, get_sql


def stroke_mark(n: int) -> dict[str, str]:
    """The n-th stroke of the stroke scenario: 8 slots of one of 14 dates, busy then free."""
    day = date.fromordinal(date(2026, 3, 2).toordinal() + n % 14)
    action = "off" if (n // 14) % 2 == 0 else "on"
    return {"date": day.isoformat(), "from": "10:00", "to": "14:00", "action": action}


# --- the bare toggle's statements against the real toggle's ------------------------------------


def toggle_statements(seeded: dict[str, Any]) -> dict[str, Any]:
    """The statements of one real toggle (the API's, in this process) and of the bare one
    (``bench/bare_write.py``), on the same date of the toggled meeting and the same action, and
    whether they are the same: what ``bench/bare_sql.py`` must follow when a store changes.
    MySQL: the SQL as sent, BEGIN and COMMIT included; Gel: the EdgeQL of each query."""
    store = seeded["store"]
    toggle = seeded["toggle"]
    date_id, code, key = toggle["date_ids"][0], toggle["url_code"], toggle["organizer_key"]
    real = _real_mysql if store == "mysql" else _real_gel
    bare = _bare_mysql if store == "mysql" else _bare_gel
    found: dict[str, Any] = {}
    for action in ("off", "on"):  # the seeded state back afterwards
        real_done = real(code, date_id, action, key)
        found[action] = {"real": real_done, "bare": bare(code, date_id, action, key)}
    real_off, bare_off = found["off"]["real"], found["off"]["bare"]
    same = all(f["real"] == f["bare"] for f in found.values())
    differs_at = next(
        (i for i, (a, b) in enumerate(zip(real_off, bare_off, strict=False)) if a != b),
        None if len(real_off) == len(bare_off) else min(len(real_off), len(bare_off)),
    )
    return {"same": same, "real": real_off, "bare": bare_off, "differs_at": differs_at}


def _toggle(client: Any, path: str, code: str, date_id: Any, key: str) -> None:
    response = client.patch(
        path,
        {"participant_date_id": date_id, "meeting_url_code": code},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 200, (path, response.content[:300])


def _real_mysql(code: str, date_id: Any, action: str, key: str) -> list[str]:
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    caches["meetings"].clear()
    client = Client(HTTP_HOST="127.0.0.1", headers={PROXY_HEADER[0]: PROXY_HEADER[1]})
    with CaptureQueriesContext(connection) as captured:
        _toggle(client, f"/v1/mysql/participant_dates/{action}", code, date_id, key)
    return [q["sql"] for q in captured.captured_queries]


def _bare_mysql(code: str, date_id: Any, action: str, key: str) -> list[str]:
    """The bare toggle on a connection that notes every statement as the server got it."""
    import MySQLdb
    from django.db import connection

    from bench import bare_read, bare_write

    trace: list[str] = []

    class Cursor(MySQLdb.cursors.Cursor):  # type: ignore[misc]
        def execute(self, query: Any, args: Any = None) -> Any:
            done = super().execute(query, args)
            trace.append(self._executed.decode())
            return done

    class Traced(MySQLdb.connections.Connection):  # type: ignore[misc]
        def autocommit(self, on: bool) -> None:
            if not on:
                trace.append("BEGIN")  # as Django's CaptureQueriesContext writes it
            super().autocommit(on)

        def commit(self) -> None:
            trace.append("COMMIT")
            super().commit()

    settings = connection.settings_dict
    conn = Traced(
        host=settings["HOST"] or "127.0.0.1", port=int(settings["PORT"] or 3306),
        user=settings["USER"], password=settings["PASSWORD"], database=settings["NAME"],
        charset="utf8mb4", autocommit=True, cursorclass=Cursor,
    )  # fmt: skip
    previous = getattr(bare_read._local, "conn", None)
    bare_read._local.conn = conn
    try:
        status, _ = bare_write.mysql_toggle(code, int(date_id), action, key)
    finally:
        bare_read._local.conn = previous
        conn.close()
    assert status.startswith("200"), status
    return trace


def _real_gel(code: str, date_id: Any, action: str, key: str) -> list[str]:
    """The EdgeQL the Gel store sends for the API's toggle (its client's calls, recorded)."""
    from unittest import mock

    from django.core.cache import caches
    from django.test import Client

    from meetings.repositories.gel.client import gel_client

    trace: list[str] = []
    client = gel_client()

    caches["meetings"].clear()
    http = Client(HTTP_HOST="127.0.0.1", headers={PROXY_HEADER[0]: PROXY_HEADER[1]})
    recording = _Recording(client, trace)
    with (
        mock.patch("meetings.repositories.gel.repository.gel_client", return_value=recording),
        mock.patch("meetings.repositories.gel.repository.gel_reader", return_value=recording),
    ):
        _toggle(http, f"/v1/edgedb/participant_dates/{action}", code, date_id, key)
    return trace


def _bare_gel(code: str, date_id: Any, action: str, key: str) -> list[str]:
    import uuid
    from unittest import mock

    from bench import bare_write

    trace: list[str] = []
    client = bare_write.gel_client()

    with mock.patch.object(bare_write, "gel_client", return_value=_Recording(client, trace)):
        status, _ = bare_write.gel_toggle(code, uuid.UUID(str(date_id)), action, key)
    assert status.startswith("200"), status
    return trace


class _Recording:
    """A Gel client whose queries note their EdgeQL (whitespace folded) in ``trace``."""

    def __init__(self, client: Any, trace: list[str]) -> None:
        self._client, self._trace = client, trace

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._client, name)
        if not name.startswith("query"):
            return method

        def call(query: str, *args: Any, **kwargs: Any) -> Any:
            self._trace.append(" ".join(query.split()))
            return method(query, *args, **kwargs)

        return call
