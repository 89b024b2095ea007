"""Waiting for a server to finish the requests a wrk run left behind, so that each run measures
only itself (issue 22).

When wrk stops, the requests still waiting on its connections are not lost: the server has them
in its listening socket's queue, or accepted and not yet answered, and serves every one of them
(gunicorn's sync worker reads a request and runs the view even when its client has gone). With
the bench's 2 sync workers and 64 connections that is up to 64 requests; on a store that serves
25 writes a second, 2.5 s of work that the next run's requests wait behind. A run shorter than
that completed nothing (Gel's writes answered 0 req/s) and left its own 64 requests to the next.

``settle`` waits, before each run, until no connection to the server's port is open any more,
read from the kernel's socket table (``/proc/net/tcp``): the listening socket's accept queue
is empty, and no accepted connection is still open on the server's side (a request being served,
or waiting in a gthread worker, keeps its socket open until the answer is written).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

TABLES = (Path("/proc/net/tcp"), Path("/proc/net/tcp6"))
LISTEN = "0A"
# A server's side of a connection it has not closed yet: the handshake done, or the client's
# request (and its end) received. After the server closes it is LAST_ACK or TIME_WAIT: done.
OPEN_STATES = frozenset({"01", "03", "08"})  # ESTABLISHED, SYN_RECV, CLOSE_WAIT
LIMIT_SECONDS = 120.0  # at most 64 requests left, even at a few per second
POLL_SECONDS = 0.05


@dataclass(frozen=True)
class Busy:
    """What a server's port holds: connections waiting to be accepted (``queued``), and
    connections open on its side, accepted or not (``open``)."""

    queued: int
    open: int

    @property
    def idle(self) -> bool:
        return self.queued == 0 and self.open == 0


@dataclass(frozen=True)
class Settled:
    """What ``settle`` saw: the connections open when it began, and how long it waited."""

    left: int
    seconds: float
    timed_out: bool = False
    known: bool = True  # False: no socket table to read (not Linux): it did not wait


def busy(port: int, tables: tuple[Path, ...] = TABLES) -> Busy | None:
    """The server's connections on ``port`` (any local address), from the socket tables;
    ``None`` when there is no table to read."""
    queued = opened = 0
    found = False
    for table in tables:
        try:
            lines = table.read_text().splitlines()[1:]
        except OSError:
            continue
        found = True
        for line in lines:
            fields = line.split()
            if len(fields) < 5 or int(fields[1].rsplit(":", 1)[1], 16) != port:
                continue
            state = fields[3]
            if state == LISTEN:  # its receive queue is the accept queue's length
                queued += int(fields[4].split(":")[1], 16)
            elif state in OPEN_STATES:
                opened += 1
    return Busy(queued, opened) if found else None


def settle(port: int, limit: float = LIMIT_SECONDS, poll: float = POLL_SECONDS) -> Settled:
    """Wait until the server on ``port`` holds no connection any more (at most ``limit``
    seconds); says how many it held and how long that took."""
    began = time.monotonic()
    first = busy(port)
    if first is None:
        return Settled(left=0, seconds=0.0, known=False)
    now: Busy | None = first
    while now is not None and not now.idle:
        if time.monotonic() - began >= limit:
            return Settled(first.open, time.monotonic() - began, timed_out=True)
        time.sleep(poll)
        now = busy(port)
    return Settled(first.open, time.monotonic() - began)
