"""A private, throwaway MariaDB server (``mariadb-install-db`` into a temporary directory, its
own port and socket, bound to 127.0.0.1), for the tests that stop, break or replicate one: the
shared server the other tests use is never touched."""

from __future__ import annotations

import contextlib
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import MySQLdb

from meetings.tests.support.system import wait_for

MARIADBD = shutil.which("mariadbd") or "/usr/sbin/mariadbd"
INSTALL_DB = shutil.which("mariadb-install-db") or "/usr/bin/mariadb-install-db"


@dataclass
class PrivateMariaDB:
    """A throwaway mariadbd on a temporary datadir, its own port and socket."""

    directory: Path
    port: int
    process: subprocess.Popen[bytes] | None = None
    # Server options after the fixed ones (a primary's binary log, a replica's server id).
    options: tuple[str, ...] = ("--skip-log-bin",)

    def install(self) -> None:
        subprocess.run(  # noqa: S603 - fixed command line
            [
                INSTALL_DB,
                "--no-defaults",
                f"--datadir={self.directory / 'data'}",
                "--user=root",
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self) -> None:
        log = (self.directory / "mariadbd.out").open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - fixed command line
            [
                MARIADBD,
                "--no-defaults",
                f"--datadir={self.directory / 'data'}",
                f"--socket={self.directory / 'mysqld.sock'}",
                f"--pid-file={self.directory / 'mysqld.pid'}",
                f"--log-error={self.directory / 'error.log'}",
                f"--port={self.port}",
                "--bind-address=127.0.0.1",
                "--user=root",
                "--innodb-buffer-pool-size=32M",
                *self.options,
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_for(self.answers, "the private MariaDB to start", timeout=30)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def answers(self) -> bool:
        try:
            self.connect().close()
        except MySQLdb.OperationalError:
            return False
        return True

    def connect(self, database: str | None = None) -> Any:
        kwargs: dict[str, Any] = {"database": database} if database else {}
        return MySQLdb.connect(
            host="127.0.0.1", port=self.port, user="root", connect_timeout=2, **kwargs
        )

    def sql(self, statement: str) -> list[tuple[Any, ...]]:
        conn = self.connect()
        try:
            cursor = conn.cursor()
            cursor.execute(statement)
            found = list(cursor.fetchall())
            conn.commit()
            return found
        finally:
            conn.close()

    def kill_connections_to(self, database: str) -> int:
        """KILL every connection to ``database`` except this one: the app's, nobody else's."""
        conn = self.connect()
        try:
            cursor = conn.cursor()
            cursor.execute(
                "SELECT id FROM information_schema.processlist "
                "WHERE db = %s AND id <> CONNECTION_ID()",
                (database,),
            )
            ids = [row[0] for row in cursor.fetchall()]
            for connection_id in ids:
                with contextlib.suppress(MySQLdb.OperationalError):  # it may have just left
                    cursor.execute(f"KILL {int(connection_id)}")
            return len(ids)
        finally:
            conn.close()


def replicated_pair(
    directory: Path, primary_port: int, replica_port: int
) -> tuple[PrivateMariaDB, PrivateMariaDB]:
    """A primary (binary log on, server id 1) and its replica (server id 2, read-only), not
    started yet: register their ``stop()`` first, then ``replicate``."""
    primary = PrivateMariaDB(
        directory / "primary",
        primary_port,
        options=(f"--log-bin={directory / 'primary' / 'binlog'}", "--server-id=1"),
    )
    replica = PrivateMariaDB(
        directory / "replica",
        replica_port,
        options=(
            "--skip-log-bin",
            "--server-id=2",
            "--read-only",
            f"--relay-log={directory / 'replica' / 'relay'}",
        ),
    )
    return primary, replica


def replicate(primary: PrivateMariaDB, replica: PrivateMariaDB) -> None:
    """Install both servers from one fresh datadir, start them, and have the replica follow
    the primary by GTID from the start."""
    primary.directory.mkdir(parents=True)
    primary.install()
    shutil.copytree(primary.directory / "data", replica.directory / "data")  # the same start
    primary.start()
    replica.start()
    replica.sql("SET GLOBAL gtid_slave_pos = ''")
    replica.sql(
        f"CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT={primary.port}, "
        "MASTER_USER='root', MASTER_PASSWORD='', MASTER_CONNECT_RETRY=1, "
        "MASTER_USE_GTID=slave_pos"
    )
    replica.sql("START SLAVE")


def caught_up(primary: PrivateMariaDB, replica: PrivateMariaDB, timeout: float = 30) -> None:
    """Wait until the replica applied everything the primary wrote so far."""
    position = primary.sql("SELECT @@gtid_binlog_pos")[0][0]
    waited = replica.sql(f"SELECT MASTER_GTID_WAIT('{position}', {timeout})")[0][0]
    if waited != 0:
        raise AssertionError(f"the replica did not reach {position} in {timeout} s")
