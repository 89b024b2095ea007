"""``/readyz`` over HTTP as in production (gunicorn, DEBUG off, HTTPS enforced, one allowed
host) with the database, Redis and Gel all configured, with a password, at ports nobody
listens on: 503 naming each within about a second, and nothing of their URLs in the answer;
``/healthz`` still 200. Probed as a balancer does: by IP, over plain HTTP."""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from meetings.tests.support.serving import gunicorn_serving, production_env
from meetings.tests.support.system import closed_port

SECRET = "s3cret-Pa55"


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("health") / "gunicorn.out"


@pytest.fixture(scope="module")
def base(log: Path) -> Iterator[str]:
    env = production_env(
        f"mysql://meetifyr:{SECRET}@127.0.0.1:{closed_port()}/meetifyr",
        RATELIMIT_CACHE_URL=f"redis://:{SECRET}@127.0.0.1:{closed_port()}/0",
        GEL_DSN=f"gel://edgedb:{SECRET}@127.0.0.1:{closed_port()}/main",
        GEL_CLIENT_TLS_SECURITY="insecure",
        ALLOWED_HOSTS="meet.example.com",
    )
    with gunicorn_serving("meetifyr.wsgi", env, log, worker_class="sync", threads=1) as (url, _):
        yield url


def _get(base: str, path: str, host: str = "10.0.0.7") -> tuple[int, dict[str, str], bytes]:
    """GET as a balancer's probe does: plain HTTP, this Host, no redirect followed."""
    connection = http.client.HTTPConnection(urlsplit(base).netloc, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_every_dependency_down_is_named_without_its_url(base: str) -> None:
    for poll in range(6):  # a fresh worker's first polls, and the ones after
        began = time.monotonic()
        status, headers, body = _get(base, "/readyz")
        took = time.monotonic() - began
        assert status == 503, body
        answer: dict[str, Any] = json.loads(body)
        assert answer["status"] == "fail"
        assert set(answer["checks"]) == {"mysql", "redis", "gel"}
        assert all(check["ok"] is False for check in answer["checks"].values()), answer
        assert answer["checks"]["mysql"]["error"] == "unreachable"
        assert answer["checks"]["redis"]["error"] == "unreachable"
        assert answer["checks"]["gel"]["error"] in ("unreachable", "timeout")
        for secret in (SECRET, "meetifyr:", "127.0.0.1", "edgedb"):
            assert secret not in body.decode(), secret
        assert headers["Cache-Control"] == "no-store"
        if poll >= 3:  # both workers warm: within READY_TIMEOUT and a little
            assert took < 1.5, (took, answer)


def test_healthz_answers_while_everything_is_down(base: str) -> None:
    status, headers, body = _get(base, "/healthz")
    assert (status, json.loads(body)) == (200, {"status": "ok"})
    assert "Strict-Transport-Security" not in headers


def test_the_rest_keeps_its_host_check_and_https_redirect(base: str) -> None:
    assert _get(base, "/docs")[0] == 400  # an IP is not an allowed host
    status, headers, _ = _get(base, "/docs", host="meet.example.com")
    assert status == 301
    assert headers["Location"].startswith("https://meet.example.com/")


def test_the_log_says_what_failed(base: str, log: Path) -> None:
    for _ in range(6):
        _get(base, "/readyz")
    time.sleep(0.5)
    text = log.read_text()
    assert "readiness: database failed (unreachable)" in text
    # Once per change in each of the 2 workers, not once per poll; the Gel check's first poll
    # gives up waiting ("timeout") before the check itself says why ("unreachable").
    assert text.count("readiness: database failed") <= 2
    assert text.count("readiness: gel failed") <= 4
    # Django does not log each 503 as an error either.
    assert "Service Unavailable: /readyz" not in text
