"""Abuse limits (meetings.limits): creating meetings, joining and refused keys, per client
address, on the API and the pages; and over HTTP against gunicorn with 2 worker processes,
whose counters Redis shares."""

from __future__ import annotations

import concurrent.futures
import json
import os
import secrets
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings
from rest_framework.test import APIClient

from meetings import domain, limits, services
from meetings.api.errors import TOO_MANY_REQUESTS
from meetings.repositories import repository_for
from meetings.tests.support import gel_support
from meetings.tests.support.serving import PROXY_HEADER, gunicorn_serving, production_env
from meetings.tests.support.system import closed_port

pytestmark = pytest.mark.django_db

START, END = date(2026, 12, 1), date(2026, 12, 7)
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _detail_429(response: Any) -> None:
    assert response.status_code == 429
    seconds = int(response["Retry-After"])
    assert 1 <= seconds <= 3600
    assert response.json() == {"detail": TOO_MANY_REQUESTS.format(seconds=seconds)}


@override_settings(MEETINGS_RATE_CREATE="3/h")
def test_api_creating_over_the_limit_is_429(store: str) -> None:
    api = APIClient()
    for _ in range(3):
        assert api.post(f"/v1/{store}/meetings", {}, format="json").status_code == 201
    over = api.post(f"/v1/{store}/meetings", {"title": "Fourth"}, format="json")
    _detail_429(over)
    # Another address has its own count.
    other = APIClient(REMOTE_ADDR="192.0.2.9")
    assert other.post(f"/v1/{store}/meetings", {}, format="json").status_code == 201


@override_settings(MEETINGS_RATE_JOIN="2/h")
def test_api_joining_over_the_limit_is_429_and_adds_nobody(store: str) -> None:
    repo = repository_for(store)
    meeting = services.meeting_create(repo=repo, start_date=START, end_date=END)
    api = APIClient()
    for name in ("Ann", "Bob"):
        body = {"meeting_url_code": meeting.url_code, "name": name}
        assert api.post(f"/v1/{store}/participants", body, format="json").status_code == 201
    before = repo.meeting_get(url_code=meeting.url_code)
    body = {"meeting_url_code": meeting.url_code, "name": "Cy"}
    _detail_429(api.post(f"/v1/{store}/participants", body, format="json"))
    assert repo.meeting_get(url_code=meeting.url_code) == before


@override_settings(MEETINGS_RATE_KEY_FAILURES="3/h")
def test_refused_keys_are_limited_but_never_lock_out_a_right_key(store: str) -> None:
    repo = repository_for(store)
    key = domain.key_new()
    meeting = services.meeting_create(repo=repo, title="Kept", organizer_key=key)
    url = f"/v1/{store}/meetings/{meeting.url_code}/title"
    guesser = APIClient()
    for _ in range(3):
        guesser.credentials(HTTP_AUTHORIZATION=f"Bearer {domain.key_new()}")
        response = guesser.patch(url, {"title": "Guess"}, format="json")
        assert response.status_code == 403
    guesser.credentials(HTTP_AUTHORIZATION=f"Bearer {domain.key_new()}")
    _detail_429(guesser.patch(url, {"title": "Guess"}, format="json"))
    assert repo.meeting_get(url_code=meeting.url_code).title == "Kept"
    # Someone else behind the same address (or the guesser) with the right key is not held up.
    organizer = APIClient()
    organizer.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert organizer.patch(url, {"title": "Mine"}, format="json").status_code == 200
    assert APIClient().get(f"/v1/{store}/meetings/{meeting.url_code}").status_code == 200


@override_settings(MEETINGS_RATE_KEY_FAILURES="3/h")
def test_allowed_keys_do_not_count(store: str) -> None:
    repo = repository_for(store)
    key = domain.key_new()
    meeting = services.meeting_create(repo=repo, organizer_key=key)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    for number in range(6):
        response = api.patch(
            f"/v1/{store}/meetings/{meeting.url_code}/title", {"title": f"T{number}"}, format="json"
        )
        assert response.status_code == 200


DINNER = {"title": "Dinner", "start_date": "2026-12-01", "end_date": "2026-12-02"}


@override_settings(MEETINGS_RATE_CREATE="2/h")
def test_page_creating_over_the_limit_gets_the_friendly_page() -> None:
    client = Client()
    for _ in range(2):
        assert client.post("/", DINNER).status_code == 303
    over = client.post("/", DINNER)
    assert over.status_code == 429
    assert int(over["Retry-After"]) >= 1
    assert "Too many tries" in over.content.decode()
    # The API counts against the same limit: one mechanism for both faces.
    _detail_429(APIClient().post("/v1/mysql/meetings", {}, format="json"))


@override_settings(MEETINGS_RATE_JOIN="1/h")
def test_page_joining_over_the_limit_gets_the_friendly_page() -> None:
    repo = repository_for("mysql")
    meeting = services.meeting_create(repo=repo, start_date=START, end_date=END)
    client = Client()
    join_url = f"/meetings/{meeting.url_code}/join"
    assert client.post(join_url, {"name": "Ann"}).status_code == 303
    over = Client().post(join_url, {"name": "Bob"})
    assert over.status_code == 429
    assert [p.name for p in repo.meeting_get(url_code=meeting.url_code).participants] == ["Ann"]


@override_settings(MEETINGS_RATE_KEY_FAILURES="2/h")
def test_page_links_with_wrong_keys_are_limited() -> None:
    repo = repository_for("mysql")
    key = domain.key_new()
    meeting = services.meeting_create(repo=repo, organizer_key=key)
    page = f"/meetings/{meeting.url_code}/"
    client = Client()
    for _ in range(2):
        assert client.get(page, {"key": "wrong"}).status_code == 303
    over = client.get(page, {"key": "wrong again"})
    assert over.status_code == 429
    assert "Too many tries" in over.content.decode()
    # Nothing was kept: the plain page shows no organizer controls to this browser.
    assert "manage-url" not in client.get(page).content.decode()
    # The right link still works from this address.
    assert client.get(page, {"key": key}).status_code == 303
    assert "manage-url" in client.get(page).content.decode()


# --- which address a request counts against ---------------------------------------------------


def _address(meta: dict[str, str]) -> str:
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.META.update(meta)
    return limits.client_address("g", request)


def test_client_addresses() -> None:
    assert _address({"REMOTE_ADDR": "198.51.100.7"}) == "198.51.100.7"
    assert _address({"REMOTE_ADDR": "::ffff:198.51.100.7"}) == "198.51.100.7"
    assert _address({"REMOTE_ADDR": "2001:db8:1:2::5"}) == "2001:db8:1:2::"
    assert _address({"REMOTE_ADDR": "2001:db8:1:2:ffff::9"}) == "2001:db8:1:2::"
    assert _address({"REMOTE_ADDR": ""}) == limits.UNKNOWN_ADDRESS
    assert _address({"REMOTE_ADDR": "garbage"}) == limits.UNKNOWN_ADDRESS


@override_settings(MEETINGS_CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR", MEETINGS_PROXY_HOPS=1)
def test_behind_a_proxy_the_address_it_saw_counts() -> None:
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    # The client may send anything; the proxy appends what it saw: the last entry counts.
    forged = {**proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.99, 198.51.100.7"}
    assert _address(forged) == "198.51.100.7"
    assert _address({**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}) == "198.51.100.7"
    assert _address(proxy) == limits.UNKNOWN_ADDRESS  # no header: one shared bucket
    assert _address({**proxy, "HTTP_X_FORWARDED_FOR": "garbage"}) == limits.UNKNOWN_ADDRESS
    with override_settings(MEETINGS_PROXY_HOPS=2):
        assert _address(forged) == "203.0.113.99"


@override_settings(MEETINGS_CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR", MEETINGS_RATE_CREATE="2/h")
def test_unreadable_addresses_are_limited_together_not_skipped() -> None:
    statuses = [
        APIClient(HTTP_X_FORWARDED_FOR=forwarded)
        .post("/v1/mysql/meetings", {}, format="json")
        .status_code
        for forwarded in ["garbage", "", "not an address", "also bad"]
    ]
    assert statuses == [201, 201, 429, 429]
    # Forging the first entries changes nothing: the proxy's own entry counts.
    forged = [
        APIClient(HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 198.51.100.7")
        .post("/v1/mysql/meetings", {}, format="json")
        .status_code
        for n in range(4)
    ]
    assert forged == [201, 201, 429, 429]


# --- over HTTP: gunicorn, 2 workers, one Redis --------------------------------------------------


def _redis_answers(url: str) -> bool:
    host_port = url.removeprefix("redis://").split("/")[0]
    host, _, port = host_port.partition(":")
    try:
        with socket.create_connection((host, int(port or 6379)), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def served(transactional_db: Any, tmp_path: Path) -> Any:
    """Start gunicorn (2 sync workers) on the test database with creating limited to 10 an
    hour: with counters shared through Redis, or without (each worker counting alone)."""
    if not _redis_answers(TEST_REDIS_URL):
        reason = f"no Redis answers at {TEST_REDIS_URL} (scripts/redis-up starts one)"
        if gel_support.IN_CI:
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    database = connection.settings_dict
    url = (
        f"mysql://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 3306}/{database['NAME']}"
    )

    def serve(**extra: str) -> Any:
        env = production_env(url, MEETINGS_RATE_CREATE="10/h", **extra)
        log = tmp_path / "gunicorn.out"
        return gunicorn_serving("meetifyr.wsgi", env, log, worker_class="sync", threads=1)

    return serve


def _post(base: str, path: str, body: dict[str, Any]) -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(  # noqa: S310 - loopback URL
        base + path,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", PROXY_HEADER[0]: PROXY_HEADER[1]},
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def _burst(base: str, count: int) -> list[tuple[int, dict[str, str]]]:
    """``count`` meeting creations, 8 at a time, so that both workers take some."""
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        return list(
            pool.map(lambda n: _post(base, "/v1/mysql/meetings", {"title": f"n{n}"}), range(count))
        )


def test_the_limit_holds_across_two_gunicorn_workers(served: Any) -> None:
    prefix = f"test-{secrets.token_hex(4)}"
    with served(RATELIMIT_CACHE_URL=TEST_REDIS_URL, RATELIMIT_KEY_PREFIX=prefix) as (base, _):
        answers = _burst(base, 30)
    statuses = sorted(status for status, _ in answers)
    assert statuses == [201] * 10 + [429] * 20
    assert all(int(headers["Retry-After"]) >= 1 for status, headers in answers if status == 429)


def test_without_a_shared_cache_each_worker_counts_alone(served: Any) -> None:
    """What the test above guards against: per-process counters let more through."""
    with served(RATELIMIT_CACHE_URL="") as (base, _):
        answers = _burst(base, 30)
    created = sum(1 for status, _ in answers if status == 201)
    assert created > 10, "both workers should have served creations"
    assert created <= 20


# --- the shared counters' cache fails: this process counts alone ---------------------------------

_NO_REDIS = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
    "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1},
}


def test_with_redis_unreachable_the_limit_still_holds_and_is_told_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Creating is limited to 3 an hour while Redis cannot be reached: the fourth is refused
    (per-process counters), the failure is logged once, and Redis is not asked again for every
    request (one failure, then FALLBACK_SECONDS without trying)."""
    from django.conf import settings as django_settings

    caches_with_no_redis = {**django_settings.CACHES, "ratelimit": _NO_REDIS}
    with override_settings(CACHES=caches_with_no_redis, MEETINGS_RATE_CREATE="3/h"):
        from django.core.cache import caches

        caches["ratelimit"].close()
        del caches["ratelimit"]  # the overridden backend is made on next use
        tried: list[str] = []
        from django_ratelimit.core import get_usage as original_get_usage  # type: ignore[import-untyped]

        def counting_get_usage(*args: Any, **kwargs: Any) -> Any:
            tried.append(kwargs["group"])
            return original_get_usage(*args, **kwargs)

        client = APIClient()
        with (
            caplog.at_level("WARNING", logger="meetings.limits"),
            pytest.MonkeyPatch.context() as patch,
        ):
            patch.setattr("meetings.limits.get_usage", counting_get_usage)
            statuses = [
                client.post("/v1/mysql/meetings", {}, format="json").status_code for _ in range(6)
            ]
        del caches["ratelimit"]
    assert statuses == [201, 201, 201, 429, 429, 429]
    assert tried == ["meetifyr.create"]  # Redis tried once, then left alone
    warnings = [r for r in caplog.records if "counted by this process alone" in r.getMessage()]
    assert len(warnings) == 1


def test_redis_is_tried_again_after_the_fallback_period(monkeypatch: pytest.MonkeyPatch) -> None:
    """After FALLBACK_SECONDS the shared counters are tried again (and, answering, used)."""
    clock = [100.0]
    monkeypatch.setattr(limits, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    limits.shared_counters_reset()
    shared = limits._shared
    shared.failed("create", None)
    assert not shared.usable()
    clock[0] += limits.FALLBACK_SECONDS - 0.5
    assert not shared.usable()
    clock[0] += 1
    assert shared.usable()


def test_redis_timeouts_hold_a_request_up_a_tenth_of_a_second_at_most() -> None:
    """The settings a deployment with RATELIMIT_CACHE_URL gets (read in a fresh process)."""
    script = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.CACHES['ratelimit']['OPTIONS']))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "meetifyr.settings"}
    env["RATELIMIT_CACHE_URL"] = "redis://127.0.0.1:6379/0"
    result = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    options = json.loads(result.stdout)
    assert max(options["socket_connect_timeout"], options["socket_timeout"]) <= 0.1
