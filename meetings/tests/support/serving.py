"""The app served as in production, on a free loopback port: for ``make bench`` and the fault
tests, which both drive a real gunicorn over HTTP."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]  # the project (this is meetings/tests/support/)
PROXY_HEADER = ("X-Forwarded-Proto", "https")  # what a TLS-terminating proxy in front sets


class ServingFailed(RuntimeError):
    """gunicorn exited, or did not listen within 30 seconds."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    """This process's environment with production settings: DEBUG off, a fresh SECRET_KEY,
    only 127.0.0.1 allowed, HTTPS as said by the proxy header, and no DJANGO_*/SECURE_*
    variables of the caller's."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_"))},
        "DJANGO_SETTINGS_MODULE": "meetifyr.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_PROXY_SSL_HEADER": PROXY_HEADER[0],
        **extra,
    }


@contextlib.contextmanager
def gunicorn_serving(
    app: str,
    env: Mapping[str, str],
    log_path: Path,
    *,
    worker_class: str,
    threads: int,
    options: tuple[str, ...] = (),
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Serve ``app`` with gunicorn (our ``gunicorn.conf.py``, 2 workers) in its own process
    group; yields its base URL and process once it listens, and stops the whole group after.
    Its output goes to ``log_path``."""
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", app,
        "--config", str(ROOT / "gunicorn.conf.py"),
        "--bind", f"127.0.0.1:{port}",
        "--workers", "2",
        "--worker-class", worker_class,
        "--threads", str(threads),
        *options,
    ]  # fmt: skip
    with log_path.open("ab") as out:
        process = subprocess.Popen(  # noqa: S603 - fixed command line
            command, cwd=ROOT, env=dict(env), stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise ServingFailed(f"gunicorn {app} exited, see {log_path}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise ServingFailed(f"gunicorn {app} did not start, see {log_path}") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


# Abuse limits high enough for the load the fault tests and the benchmark drive from one
# address (the production defaults would turn most of it into 429s within a second), and a cap
# on participants above the hundreds of joins they send to one meeting.
LIMITS_LIFTED = {
    "MEETINGS_RATE_CREATE": "1000000/h",
    "MEETINGS_RATE_JOIN": "1000000/h",
    "MEETINGS_RATE_CALENDAR": "1000000/h",
    "MEETINGS_RATE_KEY_FAILURES": "1000000/h",
    "MEETINGS_MAX_PARTICIPANTS": "1000000",
}


class OrganizerKeys:
    """An HTTP client's memory of the organizer keys its meeting creations answered with, so
    that it can act as each meeting's organizer (who may change everything) afterwards."""

    def __init__(self) -> None:
        self._keys: dict[str, str] = {}
        self._lock = threading.Lock()

    def remember(self, payload: bytes) -> None:
        """Keep the key if ``payload`` is a meeting creation's answer."""
        if b'"organizer_key"' not in payload:
            return
        body = json.loads(payload)
        if isinstance(body, dict) and isinstance(body.get("organizer_key"), str):
            with self._lock:
                self._keys[body["url_code"]] = body["organizer_key"]

    def headers(self, path: str, body: Any) -> dict[str, str]:
        """``Authorization`` for a request about a meeting this client created, if any."""
        named = body.get("meeting_url_code") if isinstance(body, dict) else None
        with self._lock:
            key = self._keys.get(str(named)) or next(
                (key for code, key in self._keys.items() if f"/{code}" in path), None
            )
        return {"Authorization": f"Bearer {key}"} if key else {}
