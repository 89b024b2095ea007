"""The 304 poll served from a replica against the same poll served from its primary (issue 25).

The shared server the other points use keeps no binary log, so it cannot have a replica: this
starts a private MariaDB primary and its replica (``meetings/tests/support/mariadb.py``, as
the two-server system test does), copies the typical meeting's row (and its table) into the
primary, and waits until the replica has it. Both points poll that meeting on that pair, one
app with ``DATABASE_REPLICA_URL`` (``poll_304_replica``), one without (``poll_304_primary``);
``replica_selects_server`` counts the SELECTs the replica answered during a server's points
and their warm-ups (about one per poll for the first, plus a lag check a second per process;
none for the second).
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import MySQLdb

from bench.seed import Server
from meetings.tests.support.mariadb import (
    INSTALL_DB,
    MARIADBD,
    PrivateMariaDB,
    caught_up,
    replicate,
    replicated_pair,
)
from meetings.tests.support.serving import free_port

DATABASE = "meetifyr_bench_replica"
TABLE = "meetings_meeting"


@dataclass
class Pair:
    """The private primary and replica, and the database URL of each; ``reason`` says why
    there is none (then the points are left out)."""

    primary_url: str = ""
    replica_url: str = ""
    replica: PrivateMariaDB | None = None
    reason: str | None = None

    def selects(self) -> int:
        """The replica's SELECTs so far (``Com_select``)."""
        assert self.replica is not None
        return int(self.replica.sql("SHOW GLOBAL STATUS LIKE 'Com_select'")[0][1])


def _copy_meeting(server: Server, database: str, url_code: str, primary: PrivateMariaDB) -> None:
    """The meetings table's definition and the one meeting's row, from the bench's database
    into the private primary's."""
    source = MySQLdb.connect(
        host=server.host, port=server.port, user=server.user, password=server.password,
        database=database,
    )  # fmt: skip
    try:
        cursor = source.cursor()
        cursor.execute(f"SHOW CREATE TABLE `{TABLE}`")
        create = cursor.fetchone()[1]
        cursor.execute(f"SELECT * FROM `{TABLE}` WHERE url_code = %s", (url_code,))  # noqa: S608
        row: Any = cursor.fetchone()
        columns = [column[0] for column in cursor.description]
    finally:
        source.close()
    target = primary.connect()
    try:
        cursor = target.cursor()
        cursor.execute(f"CREATE DATABASE {DATABASE} CHARACTER SET utf8mb4")
        cursor.execute(f"USE {DATABASE}")
        cursor.execute("SET FOREIGN_KEY_CHECKS = 0")
        cursor.execute(create)
        names = ", ".join(f"`{name}`" for name in columns)
        marks = ", ".join(["%s"] * len(columns))
        cursor.execute(f"INSERT INTO `{TABLE}` ({names}) VALUES ({marks})", row)  # noqa: S608
        target.commit()
    finally:
        target.close()


@contextlib.contextmanager
def replicated_meeting(server: Server, database: str, url_code: str) -> Iterator[Pair]:
    """A private primary and replica holding the meeting ``url_code`` of ``database``."""
    if not (Path(MARIADBD).exists() and Path(INSTALL_DB).exists()):
        yield Pair(reason="mariadb-server is not installed (mariadbd, mariadb-install-db)")
        return
    directory = Path(tempfile.mkdtemp(prefix="meetifyr-bench-replica-"))
    primary, replica = replicated_pair(directory, free_port(), free_port())
    try:
        replicate(primary, replica)
        _copy_meeting(server, database, url_code, primary)
        caught_up(primary, replica)
        yield Pair(
            primary_url=f"mysql://root@127.0.0.1:{primary.port}/{DATABASE}",
            replica_url=f"mysql://root@127.0.0.1:{replica.port}/{DATABASE}",
            replica=replica,
        )
    finally:
        replica.stop()
        primary.stop()
        shutil.rmtree(directory, ignore_errors=True)
