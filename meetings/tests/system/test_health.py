"""``/healthz`` and ``/readyz`` (meetifyr/probes.py, meetings/health.py), in process: what they
answer with every dependency up and with each one down, that they do no I/O (liveness), are
never rate-limited, never cached, never redirected to HTTPS and answered whatever the Host.

Over HTTP under production settings, with every dependency unreachable: test_health_served.py.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from meetings import health
from meetings.repositories import gel as gel_store
from meetings.tests.support import gel_support
from meetings.tests.support.system import closed_port

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
SECRET = "s3cret-Pa55"


def _redis_cache(url: str) -> dict[str, Any]:
    """The settings' CACHES with the rate limits' cache at ``url``, as settings.py builds it."""
    return {
        **django_settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1},
        },
    }


def _get(path: str, **headers: str) -> tuple[int, dict[str, Any], Any]:
    response = Client().get(path, headers=headers)
    return response.status_code, dict(response.headers), json.loads(response.content)


@pytest.fixture
def redis_up() -> Iterator[None]:
    with override_settings(RATELIMIT_CACHE_URL=TEST_REDIS_URL, CACHES=_redis_cache(TEST_REDIS_URL)):
        if health.readiness()[1]["redis"]["ok"] is not True:
            if gel_support.IN_CI:
                pytest.fail(f"no Redis answers at {TEST_REDIS_URL}", pytrace=False)
            pytest.skip(f"no Redis answers at {TEST_REDIS_URL} (scripts/redis-up starts one)")
        yield


@pytest.fixture
def no_gel(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No GEL_*/EDGEDB_* variables, and a working directory without a gel.toml above it."""
    for name in list(os.environ):
        if name.startswith(("GEL_", "EDGEDB_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    gel_store.close_client()
    yield
    gel_store.close_client()


@pytest.fixture
def gel_down(no_gel: None, monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    """The process's Gel client pointed at a port nobody listens on, with a password."""
    monkeypatch.setenv("GEL_DSN", f"gel://edgedb:{SECRET}@127.0.0.1:{closed_port()}/main")
    monkeypatch.setenv("GEL_CLIENT_TLS_SECURITY", "insecure")
    settings.GEL_CONNECT_WAIT = 0  # one attempt: "unreachable" rather than the 1 s "timeout"


# --- liveness --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_answers_ok_without_any_io(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_readiness() -> Any:
        raise AssertionError("/healthz asked the dependencies")

    monkeypatch.setattr("meetifyr.probes.readiness", no_readiness)
    with CaptureQueriesContext(connection) as queries:
        status, headers, body = _get("/healthz")
    assert (status, body) == (200, {"status": "ok"})
    assert len(queries.captured_queries) == 0
    assert headers["Content-Type"] == "application/json"
    assert headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in headers


def test_probes_take_only_get_and_head() -> None:
    assert Client().head("/healthz").status_code == 200
    refused = Client().post("/healthz")
    assert refused.status_code == 405
    assert refused["Allow"] == "GET, HEAD"


# --- readiness -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.usefixtures("redis_up")
@gel_support.GEL_MARKS[0]
def test_readyz_all_up() -> None:
    gel_store.close_client()
    status, headers, body = _get("/readyz")
    assert status == 200, body
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"mysql", "redis", "gel"}
    for check in body["checks"].values():
        assert check["ok"] is True
        assert 0 <= check["ms"] < 1000 * health.READY_TIMEOUT
    assert headers["Cache-Control"] == "no-store"


@pytest.mark.django_db
@pytest.mark.usefixtures("redis_up", "no_gel")
def test_readyz_checks_only_what_is_configured() -> None:
    status, _, body = _get("/readyz")
    assert status == 200, body
    assert set(body["checks"]) == {"mysql", "redis"}
    with override_settings(RATELIMIT_CACHE_URL=""):
        status, _, body = _get("/readyz")
    assert (status, set(body["checks"])) == (200, {"mysql"})


@pytest.mark.django_db
@pytest.mark.usefixtures("no_gel")
def test_readyz_names_redis_when_it_is_down() -> None:
    url = f"redis://:{SECRET}@127.0.0.1:{closed_port()}/0"
    with override_settings(RATELIMIT_CACHE_URL=url, CACHES=_redis_cache(url)):
        response = Client().get("/readyz")
    body = json.loads(response.content)
    assert response.status_code == 503, body
    assert body["status"] == "fail"
    assert body["checks"]["redis"]["ok"] is False
    assert body["checks"]["redis"]["error"] == health.UNREACHABLE
    assert body["checks"]["mysql"]["ok"] is True
    assert SECRET not in response.content.decode()
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
@pytest.mark.usefixtures("gel_down")
def test_readyz_names_gel_when_it_is_down() -> None:
    response = Client().get("/readyz")
    body = json.loads(response.content)
    assert response.status_code == 503, body
    assert body["checks"]["gel"] == {
        "ok": False,
        "ms": body["checks"]["gel"]["ms"],
        "error": "unreachable",
    }
    assert body["checks"]["mysql"]["ok"] is True
    text = response.content.decode()
    assert SECRET not in text
    assert "127.0.0.1" not in text


@pytest.mark.django_db
@pytest.mark.usefixtures("no_gel")
def test_readyz_names_gel_when_its_dsn_is_malformed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEL_DSN", f"gel://admin:{SECRET}@db.internal:notaport/main")
    response = Client().get("/readyz")
    body = json.loads(response.content)
    assert response.status_code == 503, body
    assert body["checks"]["gel"]["error"] == health.NOT_CONFIGURED
    assert SECRET not in response.content.decode()
    assert "db.internal" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.usefixtures("no_gel")
def test_readyz_answers_within_its_timeout_when_a_check_hangs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A check that hangs counts as failed after READY_TIMEOUT; polls meanwhile wait for the
    same check rather than starting more."""
    release = threading.Event()
    calls: list[int] = []

    def hanging() -> None:
        calls.append(1)
        release.wait(10)

    monkeypatch.setattr(health._DATABASE, "run", hanging)
    monkeypatch.setattr(health, "READY_TIMEOUT", 0.2)
    try:
        for _ in range(3):
            status, _, body = _get("/readyz")
            assert status == 503
            assert body["checks"]["mysql"]["ok"] is False
            assert body["checks"]["mysql"]["error"] == health.TIMEOUT
        assert len(calls) == 1
    finally:
        release.set()
        health._DATABASE.start().result(timeout=5)  # the hung check ends


# --- never limited, never redirected, any Host -------------------------------------------------


@pytest.mark.django_db
@pytest.mark.usefixtures("no_gel")
def test_probes_are_never_rate_limited() -> None:
    tight = {f"MEETINGS_RATE_{name}": "1/h" for name in ("CREATE", "JOIN", "KEY_FAILURES")}
    client = Client()
    with override_settings(**tight):
        statuses = {client.get(path).status_code for path in ("/healthz", "/readyz") * 60}
        # The limits are live: a second meeting from this address is refused.
        created = [
            client.post("/v1/mysql/meetings", {"title": "t"}, content_type="application/json")
            for _ in range(2)
        ]
    assert statuses == {200}
    assert [c.status_code for c in created] == [201, 429]


@pytest.mark.django_db
@pytest.mark.usefixtures("no_gel")
def test_probes_by_ip_over_plain_http_with_https_enforced() -> None:
    """A balancer probes each server by its address, over HTTP: no redirect, no 400."""
    with override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["meet.example.com"]):
        client = Client(HTTP_HOST="10.0.0.7:8000")
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 200
        # The rest of the site still enforces both.
        assert client.get("/docs").status_code == 400
        redirected = Client(HTTP_HOST="meet.example.com").get("/docs")
        assert redirected.status_code == 301
        assert redirected["Location"].startswith("https://")
