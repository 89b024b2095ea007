"""Production settings: ``check --deploy`` is clean, HTTPS is enforced (also behind a proxy),
and every response carries a Content-Security-Policy that allows only our own files."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings

BASE_DIR = Path(__file__).resolve().parents[3]
CHROMIUM = "/usr/bin/chromium"


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
        RATELIMIT_CACHE_URL="redis://127.0.0.1:6379/0",
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


def test_check_deploy_notices_rate_limits_counted_per_process() -> None:
    """Without a shared cache each worker would allow the full rate: production says so."""
    done = _manage(
        "check", "--deploy", "--fail-level", "WARNING", env=_production_env(RATELIMIT_CACHE_URL="")
    )
    assert done.returncode != 0
    assert "meetings.W001" in done.stdout + done.stderr


def test_check_deploy_notices_a_proxy_without_the_client_address_header() -> None:
    """Behind a proxy, rate limits that count the proxy's address limit everyone at once."""
    proxied = _production_env(SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")
    done = _manage("check", "--deploy", "--fail-level", "WARNING", env=proxied)
    assert done.returncode != 0
    assert "meetings.W002" in done.stdout + done.stderr
    proxied["MEETINGS_CLIENT_IP_HEADER"] = "HTTP_X_FORWARDED_FOR"
    done = _manage("check", "--deploy", "--fail-level", "WARNING", env=proxied)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_check_deploy_notices_the_old_client_address_setting() -> None:
    """The name an older README gave for the client-address header is not read: say so."""
    done = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=_production_env(RATELIMIT_IP_META_KEY="HTTP_X_REAL_IP"),
    )
    assert done.returncode != 0
    assert "meetings.W003" in done.stdout + done.stderr
    assert "MEETINGS_CLIENT_IP_HEADER" in done.stdout + done.stderr


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


# --- Content-Security-Policy ----------------------------------------------------------------


def _policy(header: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/v1/mysql/meetings/unknown", "/openapi.json", "/admin/login/"])
def test_csp_allows_only_our_own_files(path: str) -> None:
    response = Client().get(path)
    policy = _policy(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    for directive in ("script-src", "style-src", "img-src", "font-src", "connect-src"):
        assert policy[directive] == ["'self'"], directive
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_docs_csp_adds_only_data_images() -> None:
    policy = _policy(Client().get("/docs")["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert sorted(policy["img-src"]) == ["'self'", "data:"]  # Swagger UI's icons
    assert not any("unsafe" in value for values in policy.values() for value in values)


@pytest.mark.django_db
def test_csp_header_is_django_csps_own_and_follows_the_settings() -> None:
    """Our middleware builds the settings' policy once; the header stays what django-csp
    itself builds, on 304s too, and a settings change is picked up."""
    from csp.utils import build_policy

    response = Client().get("/openapi.json")
    assert response["Content-Security-Policy"] == build_policy()
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["'none'"]}}):
        assert Client().get("/openapi.json")["Content-Security-Policy"] == "default-src 'none'"
        assert (
            Client().get("/docs")["Content-Security-Policy"] == "default-src 'none'; img-src data:"
        )
    assert Client().get("/openapi.json")["Content-Security-Policy"] == build_policy()
    report_only = {"DIRECTIVES": {"default-src": ["'self'"]}}
    with override_settings(CONTENT_SECURITY_POLICY_REPORT_ONLY=report_only):
        both = Client().get("/openapi.json")
        assert both["Content-Security-Policy"] == build_policy()
        assert both["Content-Security-Policy-Report-Only"] == "default-src 'self'"


class _InlineFinder(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, styles and style attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.inline: list[str] = []
        self.script_srcs: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if "style" in attributes or any(name.startswith("on") for name in attributes):
            self.inline.append(f"<{tag} {attributes}>")
        if tag == "style":
            self.inline.append("<style>")
        if tag == "script":
            self._in_script = True
            if attributes.get("src"):
                self.script_srcs.append(attributes["src"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline.append(f"<script>{data.strip()[:40]}")


def test_docs_page_has_no_inline_code() -> None:
    response = Client().get("/docs")
    assert response.status_code == 200
    finder = _InlineFinder()
    finder.feed(response.content.decode())
    assert finder.inline == []
    assert all(src.startswith("/") and not src.startswith("//") for src in finder.script_srcs)
    init_script = Client().get("/docs?script=")
    assert init_script.status_code == 200
    assert init_script["Content-Type"].startswith("application/javascript")


@pytest.mark.browser
def test_swagger_ui_renders_under_the_csp_in_chromium(live_server: Any) -> None:
    """Chromium loads /docs from a live server: Swagger UI lists every operation, and the
    console reports no CSP violation."""
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing (Debian package chromium); .ci/run installs it")
        pytest.skip("Chromium is not installed")
    done = subprocess.run(  # noqa: S603 - the system browser against our own live server
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=8000",
            "--dump-dom",
            f"{live_server.url}/docs",
        ],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    console = [line for line in done.stderr.splitlines() if "CONSOLE" in line]
    assert not [line for line in console if "Content Security Policy" in line], console
    paths = set(re.findall(r'class="opblock-summary-path" data-path="([^"]+)"', done.stdout))
    schema_paths = set(Client().get("/openapi.json").json()["paths"])
    assert paths == schema_paths
