"""A Gel (EdgeDB) server for the test run, the Gel fault tests and ``make bench``.

Either the server ``GEL_DSN`` names, or the team's shared one (``../shared/gel/start``, EdgeDB
5.8 built for these machines), started on a free loopback port with a data directory of its own
and stopped afterwards. Each user of a server works in a fresh branch of its own, with
``dbschema/default.gel`` applied, so runs never see each other's data.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import gel

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[3]  # the project (this is meetings/tests/support/)
SHARED_GEL = ROOT.parent / "shared" / "gel"
SCHEMA_FILE = ROOT / "dbschema" / "default.gel"
START_TIMEOUT = 600  # seconds: a new data directory bootstraps in 10-60 s on these machines


class GelServerError(RuntimeError):
    """The server could not be started, reached or prepared; the message says why."""


def shared_server_missing() -> str | None:
    """Why the shared server cannot be started here, or ``None`` when it can."""
    start = SHARED_GEL / "start"
    if not start.exists():
        return f"GEL_DSN is not set and {start} does not exist"
    if os.geteuid() != 0:
        return f"{start} must run as root (it starts the server as an unprivileged user)"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (from /proc), children before grandchildren."""
    found: list[int] = []
    pending = [pid]
    while pending:
        parent = pending.pop()
        for task in Path(f"/proc/{parent}/task").glob("*/children"):
            try:
                children = [int(child) for child in task.read_text().split()]
            except (OSError, ValueError):
                continue
            found.extend(children)
            pending.extend(children)
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (killed, not yet reaped by its parent) is gone for our purposes.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except (OSError, IndexError):
        return False


def _using(directory: Path) -> list[int]:
    """Processes whose command line names ``directory`` (a PostgreSQL of the data directory
    that its pid file no longer names, an EdgeDB left from a failed start)."""
    needle = str(directory).encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if needle in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _listens(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


@dataclass
class SharedGelServer:
    """One server started with ``../shared/gel/start`` on ``data_dir`` (kept across restarts).

    The start script leaves the server in the process group of the script's own process, which
    is started in a session of its own: ``kill()`` ends the whole server (EdgeDB, its compiler
    workers and its PostgreSQL) at once, as a crash would.
    """

    data_dir: Path
    port: int = field(default_factory=_free_port)
    dsn: str = ""
    group: int | None = None
    started_in: float = 0.0

    def start(self) -> str:
        """Start the server (bootstrapping a new data directory); returns its DSN.

        Restarting a killed server now and then fails inside EdgeDB's start-up (seen as
        ``pg_ctl: server does not shut down`` while it gives up); everything of the failed
        attempt is killed and the start is tried once more, logging why."""
        restarting = (self.data_dir / "db").exists()
        try:
            return self._start_once()
        except GelServerError as error:
            if not restarting:
                raise
            logger.warning("Gel server restart failed, trying once more: %s", error)
            self.kill()
            time.sleep(1)
            return self._start_once()

    def _start_once(self) -> str:
        began = time.monotonic()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        process = subprocess.Popen(  # noqa: S603 - fixed command line
            [str(SHARED_GEL / "start"), str(self.data_dir), str(self.port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            env={**os.environ, "GEL_START_WAIT": str(START_TIMEOUT)},
        )
        try:
            out, err = process.communicate(timeout=START_TIMEOUT + 30)
        except subprocess.TimeoutExpired:
            self.group = process.pid
            self.kill()
            raise GelServerError(f"the Gel server did not start in {START_TIMEOUT} s") from None
        self.group = process.pid
        lines = out.decode().split()
        if process.returncode != 0 or not lines or not lines[-1].startswith("gel://"):
            self.kill()
            detail = " ".join(err.decode().split()[-60:])
            raise GelServerError(f"the Gel server did not start: {detail}")
        self.dsn = lines[-1]
        self.started_in = time.monotonic() - began
        return self.dsn

    def stop(self) -> None:
        """Stop the server cleanly (the shared ``stop`` script), then anything left of it."""
        subprocess.run(  # noqa: S603 - fixed command line
            [str(SHARED_GEL / "stop"), str(self.data_dir)], check=False, timeout=60
        )
        self.kill()

    def kill(self) -> None:
        """SIGKILL the whole server - EdgeDB, its PostgreSQL and every PostgreSQL backend -
        and wait until its port is closed and they are gone. A PostgreSQL process left in the
        data directory (a backend outlives its postmaster for a moment, holding the shared
        memory) would make the next start fail."""
        postmaster = self._postmaster()
        # Collected first: once the postmaster is gone, its backends belong to init.
        victims = [] if postmaster is None else [postmaster, *_descendants(postmaster)]
        victims.extend(pid for pid in _using(self.data_dir) if pid not in victims)
        if self.group is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.group, signal.SIGKILL)
            self.group = None
        for pid in victims:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (
            _listens(self.port) or any(_alive(pid) for pid in victims)
        ):
            time.sleep(0.1)

    def _postmaster(self) -> int | None:
        """The PID of the PostgreSQL running in the data directory, if its pid file names one."""
        try:
            first = (self.data_dir / "db" / "postmaster.pid").read_text().split("\n", 1)[0]
            return int(first)
        except (OSError, ValueError):
            return None

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = (self.data_dir / "server.log").read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


@contextlib.contextmanager
def shared_gel_serving(prefix: str = "meetifyr-gel-") -> Iterator[SharedGelServer]:
    """A shared-script server on a temporary data directory, removed afterwards."""
    directory = Path(tempfile.mkdtemp(prefix=prefix))
    directory.chmod(0o755)  # mkdtemp makes it 0700: the server's user must reach inside
    server = SharedGelServer(directory / "data")
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(directory, ignore_errors=True)


# --- branches ----------------------------------------------------------------------------------


def dsn_with_branch(dsn: str, branch: str) -> str:
    """``dsn`` pointing at ``branch`` instead of the branch it names."""
    parts = urlsplit(dsn)
    return urlunsplit(parts._replace(path="/" + branch))


def _admin_client(dsn: str) -> gel.Client:
    client: gel.Client = gel.create_client(dsn=dsn, timeout=10, wait_until_available=30)
    return client


def server_version(dsn: str) -> str:
    client = _admin_client(dsn)
    try:
        version: str = client.query_required_single("select sys::get_version_as_str()")
        return version
    finally:
        client.close()  # type: ignore[no-untyped-call]


def branch_create(
    dsn: str, prefix: str = "test", schema: Path = SCHEMA_FILE
) -> tuple[str, str, float]:
    """A new empty branch on the server of ``dsn`` with our schema (or ``schema``) applied: its
    name, its DSN and the seconds the schema took to apply."""
    from meetings.management.commands.gel_migrate import schema_migrate, schema_read

    name = f"{prefix}_{secrets.token_hex(6)}"
    client = _admin_client(dsn)
    try:
        client.execute(f"create empty branch {name}")
    except gel.EdgeDBError as error:
        raise GelServerError(f"cannot create the Gel branch {name}: {error}") from error
    finally:
        client.close()  # type: ignore[no-untyped-call]
    branch_dsn = dsn_with_branch(dsn, name)
    began = time.monotonic()
    client = _admin_client(branch_dsn)
    try:
        schema_migrate(client, schema_read(schema))
    except gel.EdgeDBError as error:
        raise GelServerError(f"cannot apply {schema} to the branch {name}: {error}") from error
    finally:
        client.close()  # type: ignore[no-untyped-call]
    return name, branch_dsn, time.monotonic() - began


# Meetings of three participants with 14 dates each, in 2100 (past no retention a test sets),
# inserted in one statement; their codes start with BALLAST_PREFIX, which no url code can.
BALLAST_PREFIX = "ballast-"
_BALLAST = """
    for code in array_unpack(<array<str>>$codes) union (
        with meeting := (insert Meeting {
            url_code := code,
            start_date := <cal::local_date>'2100-03-01',
            end_date := <cal::local_date>'2100-03-14'
        })
        for name in {'a', 'b', 'c'} union (
            with participant := (insert Participant {
                meeting := meeting, name := name, name_key := name
            })
            for day in range_unpack(range(0, 14)) union (
                insert ParticipantDate {
                    participant := participant,
                    date := <cal::local_date>'2100-03-01'
                        + <cal::date_duration>(<str>day ++ ' days')
                }
            )
        )
    )
"""


def ballast_store(dsn: str, meetings: int) -> None:
    """Store ``meetings`` meetings in the branch of ``dsn``."""
    codes = [f"{BALLAST_PREFIX}{secrets.token_hex(12)}" for _ in range(meetings)]
    client = _admin_client(dsn)
    try:
        client.query(_BALLAST, codes=codes)
    finally:
        client.close()  # type: ignore[no-untyped-call]


def branch_drop(dsn: str, name: str) -> None:
    """Drop the branch ``name``, closing whatever connections to it remain."""
    client = _admin_client(dsn)
    try:
        client.execute(f"drop branch {name} force")
    finally:
        client.close()  # type: ignore[no-untyped-call]
