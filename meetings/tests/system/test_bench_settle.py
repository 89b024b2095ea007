"""The bench's wait for the requests a wrk run left behind (``bench/settle.py``, issue 22): it
sees a connection whose client has gone while the server has not answered it yet, queued or
accepted, and waits until the server has closed it. Real sockets on loopback; no timing."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from bench import settle

pytestmark = pytest.mark.skipif(
    not Path("/proc/net/tcp").exists(), reason="reads Linux's socket table"
)


@pytest.fixture
def listening() -> Iterator[socket.socket]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    yield server
    server.close()


def _abandoned_request(port: int) -> None:
    """What wrk leaves when it stops: a request sent, then the connection closed."""
    with socket.create_connection(("127.0.0.1", port)) as client:
        client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")


def _port(server: socket.socket) -> int:
    port: int = server.getsockname()[1]
    return port


def _until(check: object, seconds: float = 10.0) -> None:
    """Wait for the kernel to reach a state (a handshake, a FIN), not for a duration."""
    deadline = time.monotonic() + seconds
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, "the kernel never got there"
        time.sleep(0.01)


def test_an_idle_port_is_idle(listening: socket.socket) -> None:
    assert settle.busy(_port(listening)) == settle.Busy(queued=0, open=0)
    done = settle.settle(_port(listening))
    assert (done.left, done.timed_out, done.known) == (0, False, True)


def test_a_request_waiting_to_be_accepted_is_seen(listening: socket.socket) -> None:
    port = _port(listening)
    _abandoned_request(port)
    _until(lambda: (settle.busy(port) or settle.Busy(0, 0)).queued == 1)
    assert settle.busy(port) == settle.Busy(queued=1, open=1)
    # Still there after the limit: said so, not hidden.
    done = settle.settle(port, limit=0)
    assert (done.left, done.timed_out) == (1, True)
    accepted, _ = listening.accept()
    accepted.recv(1024)
    accepted.close()
    _until(lambda: settle.busy(port) == settle.Busy(0, 0))


def test_it_waits_until_the_server_has_answered(
    listening: socket.socket, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Accepted but not answered (its client gone): busy until the server closes it, however
    long; ``settle`` lets the server answer only once it has seen the connection open."""
    port = _port(listening)
    _abandoned_request(port)
    accepted, _ = listening.accept()
    accepted.recv(1024)
    _until(lambda: settle.busy(port) == settle.Busy(queued=0, open=1))  # CLOSE_WAIT
    answer = threading.Event()

    def served() -> None:
        answer.wait(timeout=30)
        accepted.sendall(b"HTTP/1.1 200 OK\r\n\r\n")  # the client has gone: nobody reads it
        accepted.close()

    server = threading.Thread(target=served)
    server.start()

    def sleep(seconds: float) -> None:
        answer.set()  # settle has looked once and found the connection open
        time.sleep(seconds)

    monkeypatch.setattr(settle, "time", SimpleNamespace(monotonic=time.monotonic, sleep=sleep))
    done = settle.settle(port, limit=30)
    server.join(timeout=30)
    assert answer.is_set()
    assert (done.left, done.timed_out) == (1, False)
    assert settle.busy(port) == settle.Busy(0, 0)


def test_no_socket_table_means_no_wait(tmp_path: Path) -> None:
    assert settle.busy(1, tables=(tmp_path / "absent",)) is None


def test_other_ports_are_not_counted(listening: socket.socket) -> None:
    other = socket.socket()
    other.bind(("127.0.0.1", 0))
    other.listen(8)
    try:
        _abandoned_request(_port(other))
        _until(lambda: (settle.busy(_port(other)) or settle.Busy(0, 0)).queued == 1)
        assert settle.busy(_port(listening)) == settle.Busy(0, 0)
    finally:
        other.close()
