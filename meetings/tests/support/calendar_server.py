"""A local calendar server for the tests of a calendar's secret address (issue 21): the only
way a test's fetch reaches loopback is ``MEETINGS_CALENDAR_TEST_ORIGIN``, set while it runs."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from django.test import override_settings


class Served:
    """The local calendar server: the paths it answers, and the requests it saw."""

    def __init__(self, calendar: bytes) -> None:
        self.seen: list[str] = []
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {
            "/cal.ics": (200, {"Content-Type": "text/calendar"}, calendar),
            "/to-metadata": (302, {"Location": "https://169.254.169.254/latest/meta-data"}, b""),
            "/to-loopback": (302, {"Location": "http://127.0.0.1:1/private.ics"}, b""),
            "/loop": (302, {"Location": "/loop"}, b""),
            "/relative": (302, {"Location": "/cal.ics"}, b""),
            "/to-unicode": (302, {"Location": "/caf\u00e9.ics"}, b""),
        }
        self.dripping_done = False


@contextlib.contextmanager
def calendar_served(calendar: bytes) -> Iterator[tuple[str, Served]]:
    """A local server of ``calendar`` at ``/cal.ics`` (and the redirects ``Served`` lists),
    reachable through ``MEETINGS_CALENDAR_TEST_ORIGIN`` while the block runs: its origin, and
    what it saw."""
    state = Served(calendar)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.seen.append(self.path)
            if self.path == "/drip":  # a status line, then a byte now and then, for long
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                try:
                    for _ in range(100):
                        self.wfile.write(b"X")
                        self.wfile.flush()
                        time.sleep(0.2)
                    state.dripping_done = True
                except OSError:  # the client hung up: what the test wants
                    pass
                return
            status, headers, body = state.routes.get(self.path, (404, {}, b"no"))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    with override_settings(MEETINGS_CALENDAR_TEST_ORIGIN=origin):
        yield origin, state
    server.shutdown()
    server.server_close()
