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
