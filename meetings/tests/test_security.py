"""Production settings: ``check --deploy`` is clean, HTTPS is enforced (also behind a proxy)."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings

BASE_DIR = Path(__file__).resolve().parents[2]


def _production_env(**overrides: str) -> dict[str, str]:
    """The environment a production deployment runs with (DEBUG off)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_", "DEBUG", "PYTEST"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="meetifyr.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="meet.example.com",
        DATABASE_URL=os.environ.get("DATABASE_URL", "mysql://root@127.0.0.1:3306/meetifyr"),
    )
    env.update(overrides)
    return env


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _settings_in(env: dict[str, str], *names: str) -> dict[str, Any]:
    """Settings as a process with this environment sees them."""
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}))"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter with fixed code
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_check_deploy_has_no_warnings_in_production() -> None:
    done = _manage("check", "--deploy", "--fail-level", "WARNING", env=_production_env())
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_check_deploy_notices_plain_http() -> None:
    """The check above can fail: turning the HTTPS redirect off is reported."""
    done = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=_production_env(SECURE_SSL_REDIRECT="0"),
    )
    assert done.returncode != 0
    assert "security.W008" in done.stdout + done.stderr


def test_https_settings_follow_debug_and_proxy_header() -> None:
    names = (
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_PROXY_SSL_HEADER",
    )
    production = _settings_in(_production_env(), *names)
    assert production == {
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_PROXY_SSL_HEADER": None,
    }
    # `make run`: DEBUG on, plain http://127.0.0.1:8000 keeps working.
    development = _settings_in(_production_env(DEBUG="1"), *names)
    assert development["SECURE_SSL_REDIRECT"] is False
    assert development["SESSION_COOKIE_SECURE"] is False
    assert development["CSRF_COOKIE_SECURE"] is False
    assert development["SECURE_HSTS_SECONDS"] == 0
    behind_proxy = _settings_in(
        _production_env(SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto"), *names
    )
    assert behind_proxy["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.django_db
@override_settings(
    SECURE_SSL_REDIRECT=True,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    SECURE_HSTS_SECONDS=31536000,
)
def test_plain_http_is_redirected_unless_the_proxy_says_https() -> None:
    client = Client()
    plain = client.get("/v1/mysql/meetings/unknown")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/v1/mysql/meetings/unknown"
    proxied = client.get("/v1/mysql/meetings/unknown", headers={"X-Forwarded-Proto": "https"})
    assert proxied.status_code == 404
    assert proxied["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
