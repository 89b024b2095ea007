"""The bench's Gel (EdgeDB) store, found or started as a test run does
(``meetings/tests/support/gel_support.py``):

- ``GEL_DSN`` names a server: the bench uses it;
- otherwise the team's shared server (``../shared/gel/start``) is started on a free loopback port
  with a data directory of its own, and stopped at the end.

Either way the bench works in a fresh branch of its own (``bench_<random>``) with
``dbschema/default.gel`` applied, dropped at the end. Without either server the Gel points are
left out, with the reason in the output and the report.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from meetings.tests.support import gel_server


@dataclass
class GelStore:
    """The branch the bench uses (``dsn``), or why there is none (``reason``)."""

    dsn: str = ""
    source: str = ""
    version: str = ""
    reason: str | None = None


@contextlib.contextmanager
def gel_store(say: Callable[[str], None] = print) -> Iterator[GelStore]:
    """The bench's Gel branch for the ``with`` block; dropped (and a server started for it
    stopped) afterwards."""
    dsn = os.environ.get("GEL_DSN", "").strip()
    with contextlib.ExitStack() as stack:
        if dsn:
            source = "the server GEL_DSN names"
        else:
            missing = gel_server.shared_server_missing()
            if missing is not None:
                yield GelStore(reason=missing)
                return
            say("starting the shared Gel server (a new data directory: 10-60 s)")
            began = time.monotonic()
            server = stack.enter_context(gel_server.shared_gel_serving("meetifyr-gel-bench-"))
            dsn = server.dsn
            source = f"shared server started in {time.monotonic() - began:.0f} s"
        try:
            version = gel_server.server_version(dsn)
            branch, branch_dsn, _ = gel_server.branch_create(dsn, prefix="bench")
        except Exception as error:  # reported, and the MySQL points still run
            yield GelStore(reason=f"{type(error).__name__}: {error}")
            return
        try:
            yield GelStore(dsn=branch_dsn, source=f"{source}, branch {branch}", version=version)
        finally:
            from meetings.repositories.gel.client import close_client

            close_client()  # the seeding's connections, before the branch goes
            with contextlib.suppress(Exception):
                gel_server.branch_drop(dsn, branch)
