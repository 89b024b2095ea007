"""The Gel (EdgeDB) store without a Gel server: what can be checked honestly here.

These tests cover the store's edges: how Gel errors map to domain errors, how query results
(real ``gel.Object`` values, built with the client's own object factory) become domain
snapshots, how the process-wide client is configured and created, and that every ``/v1/edgedb``
endpoint answers 503 ``EdgeDB store is not available: <reason>`` when no server is configured or
the configured one is unreachable (a real client against a closed local port).

They do NOT prove that the EdgeQL in ``meetings/repositories/gel.py`` or the schema in
``dbschema/default.gel`` work: nothing here sends a query to a Gel server. That is what the
contract and API suites do when GEL_DSN points at a real server (see docs/operations.md).
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import threading
import time
import types
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import gel
import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from drf_spectacular.generators import SchemaGenerator
from gel.datatypes.datatypes import (  # type: ignore[import-not-found]  # compiled, untyped
    create_object_factory,
)
from rest_framework.test import APIClient

from meetings import domain
from meetings.domain import DateAction
from meetings.management.commands import gel_migrate
from meetings.repositories import gel as gel_store
from meetings.repositories.gel import GelMeetingRepository
from meetings.repositories.gel import client as gel_client
from meetings.tests.support.system import closed_port

CODE = "A" * 22  # well formed: the store is asked about it
UNKNOWN_ID = str(uuid.UUID(int=1))
BASE = "/v1/edgedb"


@pytest.fixture(autouse=True)
def fresh_client() -> Iterator[None]:
    """Every test starts and ends without a process-wide client (nor a remembered outage)."""
    gel_store.close_client()
    yield
    gel_store.close_client()


@pytest.fixture
def no_gel_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No GEL_*/EDGEDB_* variables, and a working directory without a gel.toml above it."""
    for name in list(os.environ):
        if name.startswith(("GEL_", "EDGEDB_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def closed_port_dsn(no_gel_config: None, monkeypatch: pytest.MonkeyPatch) -> str:
    dsn = f"gel://127.0.0.1:{closed_port()}"
    monkeypatch.setenv("GEL_DSN", dsn)
    monkeypatch.setenv("GEL_CLIENT_TLS_SECURITY", "insecure")
    return dsn


@pytest.fixture
def no_wait(settings: Any) -> None:
    """One connection attempt (and one quick retry) instead of a second of retries."""
    settings.GEL_CONNECT_WAIT = 0


E = TypeVar("E", bound=gel.EdgeDBError)


def _gel_error(kind: type[E], message: str = "") -> E:
    """A client error as the client raises it (its constructors carry no annotations)."""
    return kind(message)


def _unavailable(reason: str) -> str:
    return f"EdgeDB store is not available: {reason}"


# --- error mapping -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (
            _gel_error(gel.ClientConnectionFailedTemporarilyError, "refused"),
            gel_store.REASON_UNREACHABLE,
        ),
        (_gel_error(gel.ClientConnectionFailedError, "no route"), gel_store.REASON_UNREACHABLE),
        (_gel_error(gel.ClientConnectionTimeoutError, "slow"), gel_store.REASON_TIMEOUT),
        (_gel_error(gel.ClientConnectionClosedError, "gone"), gel_store.REASON_CONNECTION_LOST),
        (
            _gel_error(gel.ClientConnectionError, "no `gel.toml` found"),
            gel_store.REASON_NOT_CONFIGURED,
        ),
        (_gel_error(gel.AuthenticationError, "bad password"), gel_store.REASON_CREDENTIALS),
        (_gel_error(gel.UnknownDatabaseError, "no branch"), gel_store.REASON_NO_BRANCH),
        (_gel_error(gel.BackendUnavailableError, "postgres down"), gel_store.REASON_OFFLINE),
        (_gel_error(gel.ServerOfflineError, "shutting down"), gel_store.REASON_OFFLINE),
        (_gel_error(gel.TransactionSerializationError, "conflict"), gel_store.REASON_BUSY),
        (_gel_error(gel.ConstraintViolationError, "x violates exclusivity constraint"), None),
        (_gel_error(gel.QueryError, "no such type"), None),
        (_gel_error(gel.InvalidValueError, "bad"), None),
        (_gel_error(gel.InterfaceError, "misuse"), None),
    ],
)
def test_unavailable_reason(error: gel.EdgeDBError, reason: str | None) -> None:
    assert gel_store.unavailable_reason(error) == reason


def test_interface_error_raised_while_connecting_is_unavailable() -> None:
    """A transaction that cannot connect ends in the client's clean-up raising InterfaceError."""
    try:
        try:
            raise _gel_error(gel.ClientConnectionFailedTemporarilyError, "refused")
        except gel.ClientConnectionError:
            raise _gel_error(gel.InterfaceError, "release() received invalid connection") from None
    except gel.InterfaceError as error:
        caught = error
    assert caught.__context__ is not None
    assert gel_store.unavailable_reason(caught) == gel_store.REASON_UNREACHABLE


def test_store_errors_maps_unavailability_to_503_message() -> None:
    with pytest.raises(domain.StoreUnavailable) as raised, gel_store.store_errors():
        raise _gel_error(gel.ClientConnectionTimeoutError, "connecting to ('h', 1) failed in 2 sec")
    assert raised.value.message == _unavailable(gel_store.REASON_TIMEOUT)
    assert "('h', 1)" not in raised.value.message  # addresses go to the log only


@pytest.mark.parametrize(
    "error",
    [_gel_error(gel.QueryError, "bug"), domain.MeetingNotFound(CODE), domain.DateRangeNotSet()],
)
def test_store_errors_lets_other_errors_through(error: Exception) -> None:
    with pytest.raises(type(error)) as raised, gel_store.store_errors():
        raise error
    assert raised.value is error


def test_constraint_messages_match_the_schema() -> None:
    schema = (Path(django_settings.BASE_DIR) / "dbschema" / "default.gel").read_text()
    for message in (gel_store.URL_CODE_TAKEN, gel_store.NAME_TAKEN):
        assert f"errmessage := '{message}';" in schema
    taken = _gel_error(gel.ConstraintViolationError, gel_store.NAME_TAKEN)
    assert gel_store.violated(taken, gel_store.NAME_TAKEN)
    assert not gel_store.violated(taken, gel_store.URL_CODE_TAKEN)
    assert not gel_store.violated(_gel_error(gel.ConstraintViolationError), gel_store.NAME_TAKEN)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (UNKNOWN_ID, uuid.UUID(int=1)),
        (uuid.UUID(int=7), uuid.UUID(int=7)),
        ("00000000000000000000000000000001", uuid.UUID(int=1)),
        (987654321, None),
        ("nope", None),
        ("", None),
    ],
)
def test_uuid_or_none(value: object, expected: uuid.UUID | None) -> None:
    assert gel_store.uuid_or_none(value) == expected


# --- result conversion ---------------------------------------------------------------------

_date_row = create_object_factory(
    id={"property", "implicit"},
    date="property",
    enabled="property",
    starred="property",
    if_need_be="property",
    slots="property",
)
_participant_row = create_object_factory(
    id={"property", "implicit"}, name="property", answered="property", dates="link"
)
_meeting_row = create_object_factory(
    id={"property", "implicit"},
    url_code="property",
    title="property",
    location="property",
    start_date="property",
    end_date="property",
    version="property",
    editing="property",
    organizer_key_digest="property",
    start_minute="property",
    end_minute="property",
    slot_minutes="property",
    time_zone="property",
    final_date="property",
    final_start_minute="property",
    final_end_minute="property",
    final_note="property",
    final_at="property",
    decisions="property",
    weekdays="property",
    deadline="property",
    participants="link",
)
_new_participant_row = create_object_factory(
    id={"property", "implicit"}, name="property", new_dates="property"
)


def test_meeting_from_row() -> None:
    ann_id, bob_id = uuid.uuid4(), uuid.uuid4()
    d1, d2, d3 = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    first, second = datetime.date(2026, 3, 30), datetime.date(2026, 3, 31)
    row = _meeting_row(
        uuid.uuid4(),
        CODE,
        "Retro",
        "Room 1",
        first,
        second,
        7,
        "protected",
        "ab" * 32,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        0,
        None,
        None,
        [
            _participant_row(
                ann_id,
                "Ann",
                True,
                [
                    _date_row(d1, first, False, False, False, None),
                    _date_row(d2, second, True, False, True, None),
                ],
            ),
            _participant_row(
                bob_id, "Bob", False, [_date_row(d3, first, True, False, False, None)]
            ),
        ],
    )
    assert isinstance(row, gel.Object)
    meeting = gel_store.meeting_from_row(row)
    assert meeting == domain.Meeting(
        url_code=CODE,
        title="Retro",
        location="Room 1",
        start_date=first,
        end_date=second,
        participants=(
            domain.Participant(
                str(ann_id),
                "Ann",
                (
                    domain.ParticipantDate(str(d1), first, False, False),
                    domain.ParticipantDate(str(d2), second, True, False, None, True),
                ),
            ),
            domain.Participant(
                str(bob_id),
                "Bob",
                (domain.ParticipantDate(str(d3), first, True, False),),
                answered=False,
            ),
        ),
        version=7,
        editing=domain.Editing.PROTECTED,
        organizer_key_digest="ab" * 32,
    )
    assert all(isinstance(p.id, str) for p in meeting.participants)
    assert [p.answered for p in meeting.participants] == [True, False]
    assert meeting.best_dates == (second, first)  # Ann alone counts: free on the second only


def test_meeting_without_participants_from_row() -> None:
    meeting = gel_store.meeting_from_row(
        _meeting_row(
            uuid.uuid4(),
            CODE,
            "",
            "",
            None,
            None,
            1,
            "open",
            *[None] * 10,
            0,
            21,
            datetime.datetime(2027, 1, 5, 9, 0, tzinfo=datetime.UTC),
            [],
        )
    )
    # A weekly meeting's bit set (Monday, Wednesday, Friday) read as its weekdays; a deadline.
    assert meeting == domain.Meeting(
        CODE,
        "",
        "",
        None,
        None,
        (),
        1,
        weekdays=(1, 3, 5),
        deadline=datetime.datetime(2027, 1, 5, 9, 0, tzinfo=datetime.UTC),
    )
    assert meeting.editing is domain.Editing.OPEN
    assert meeting.best_dates == ()
    assert meeting.final is None


def test_final_from_row() -> None:
    day = datetime.date(2026, 12, 8)
    decided = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=datetime.UTC)
    meeting = gel_store.meeting_from_row(
        _meeting_row(
            uuid.uuid4(),
            CODE,
            "",
            "",
            day,
            day,
            3,
            "open",
            None,
            540,
            720,
            30,
            "Asia/Seoul",
            day,
            600,
            660,
            "Room 4",
            decided,
            3,
            None,
            None,
            [],
        )
    )
    # Decided three times: this decision's SEQUENCE is 2.
    assert meeting.final == domain.FinalDecision(day, 600, 660, "Room 4", decided, 2)
    assert meeting.closed


def test_new_participant_from_row() -> None:
    pid, did = uuid.uuid4(), uuid.uuid4()
    day = datetime.date(2026, 4, 1)
    participant = gel_store.new_participant_from_row(
        _new_participant_row(pid, "Ann", [_date_row(did, day, True, False, False, None)])
    )
    assert participant == domain.Participant(
        str(pid), "Ann", (domain.ParticipantDate(str(did), day, True, False),), answered=False
    )


# --- configuration and the client ----------------------------------------------------------


def test_client_options_follow_the_settings(settings: Any) -> None:
    settings.SERVER_THREADS = 8
    settings.GEL_MAX_CONCURRENCY = 2  # never fewer connections than request threads
    settings.GEL_CONNECT_TIMEOUT = 3
    settings.GEL_CONNECT_WAIT = 0
    assert gel_store.client_options() == {
        "max_concurrency": 8,
        "timeout": 3,
        "wait_until_available": 0,
    }


def test_default_settings_bound_the_wait() -> None:
    assert django_settings.GEL_MAX_CONCURRENCY >= django_settings.SERVER_THREADS
    # The client's own default would keep a request retrying for 30 seconds.
    assert django_settings.GEL_CONNECT_WAIT < 30
    assert django_settings.GEL_CONNECT_TIMEOUT < 30


@pytest.mark.usefixtures("no_gel_config")
def test_no_configuration_is_unavailable() -> None:
    with pytest.raises(domain.StoreUnavailable) as raised:
        gel_store.gel_client()
    assert raised.value.message == _unavailable(gel_store.REASON_NOT_CONFIGURED)


def test_malformed_dsn_is_unavailable_without_quoting_it(
    no_gel_config: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GEL_DSN", "gel://admin:s3cret@db.internal:notaport/main")
    with pytest.raises(domain.StoreUnavailable) as raised:
        gel_store.gel_client()
    assert raised.value.message == _unavailable(gel_store.REASON_NOT_CONFIGURED)
    assert "s3cret" not in raised.value.message


def test_one_lazy_client_per_process(closed_port_dsn: str, monkeypatch: pytest.MonkeyPatch) -> None:
    real_create = gel.create_client
    created: list[Any] = []

    def counting_create(**kwargs: Any) -> Any:
        time.sleep(0.05)  # widen the window in which threads could race
        client = real_create(**kwargs)
        created.append(kwargs)
        return client

    monkeypatch.setattr(gel, "create_client", counting_create)
    barrier = threading.Barrier(8)
    clients: list[gel.Client] = []

    def take() -> None:
        barrier.wait()
        clients.append(gel_store.gel_client())

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Created once, without connecting (nothing listens on that port), shared by every thread.
    assert created == [gel_store.client_options()]
    assert len(clients) == 8
    assert all(client is clients[0] for client in clients)
    gel_store.close_client()
    assert gel_store.gel_client() is not clients[0]
    assert len(created) == 2


@pytest.mark.usefixtures("closed_port_dsn", "no_wait")
def test_unreachable_server_through_a_real_client() -> None:
    repo = GelMeetingRepository()
    with pytest.raises(domain.StoreUnavailable) as raised:
        repo.meeting_get(url_code=CODE)
    assert raised.value.message == _unavailable(gel_store.REASON_UNREACHABLE)
    assert isinstance(raised.value.__cause__, gel.ClientConnectionError)


@pytest.mark.usefixtures("closed_port_dsn", "no_wait")
def test_unreachable_server_in_a_transaction() -> None:
    """participant_create runs a client.transaction() block: its failure must map too."""
    with pytest.raises(domain.StoreUnavailable) as raised:
        GelMeetingRepository().participant_create(url_code=CODE, name="Ann")
    assert raised.value.message == _unavailable(gel_store.REASON_UNREACHABLE)


@pytest.mark.usefixtures("closed_port_dsn", "no_wait")
def test_after_a_failed_attempt_requests_fail_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    repo = GelMeetingRepository()
    with pytest.raises(domain.StoreUnavailable):
        repo.meeting_version(url_code=CODE)

    def untouchable() -> gel.Client:
        raise AssertionError("the client was asked again during the outage")

    monkeypatch.setattr("meetings.repositories.gel.repository.gel_client", untouchable)
    with pytest.raises(domain.StoreUnavailable) as raised:
        repo.meeting_set_title(url_code=CODE, title="x")
    assert raised.value.message == _unavailable(gel_store.REASON_UNREACHABLE)


@pytest.mark.usefixtures("no_gel_config")
def test_checks_needing_no_store_answer_without_one() -> None:
    """Malformed codes and ids are answered as on MySQL, before any connection is tried."""
    repo = GelMeetingRepository()
    with pytest.raises(domain.MeetingNotFound):
        repo.meeting_get(url_code="nope")
    with pytest.raises(domain.MeetingNotFound):
        repo.participant_delete(url_code="nope", participant_id="not-a-uuid")
    with pytest.raises(domain.MeetingNotFound):
        repo.participant_date_mark(
            url_code="x", participant_date_id=UNKNOWN_ID, action=DateAction.ON
        )


# --- the API ---------------------------------------------------------------------------------

# Every /v1/edgedb endpoint with valid input: only the store can answer these.
ENDPOINTS: list[tuple[str, str, dict[str, Any] | None, dict[str, str]]] = [
    ("post", f"{BASE}/meetings", {"title": "Dinner"}, {}),
    ("post", f"{BASE}/meetings", None, {}),
    ("get", f"{BASE}/meetings/{CODE}", None, {}),
    ("get", f"{BASE}/meetings/{CODE}", None, {"HTTP_IF_NONE_MATCH": '"m1"'}),
    (
        "patch",
        f"{BASE}/meetings/{CODE}/date_range",
        {"start_date": "2026-05-01", "end_date": "2026-05-10"},
        {},
    ),
    ("patch", f"{BASE}/meetings/{CODE}/title", {"title": "New"}, {}),
    ("patch", f"{BASE}/meetings/{CODE}/location", {"location": "Busan"}, {}),
    ("post", f"{BASE}/participants", {"meeting_url_code": CODE, "name": "Ann"}, {}),
    ("delete", f"{BASE}/meetings/{CODE}/participants/{UNKNOWN_ID}", None, {}),
    *[
        (
            "patch",
            f"{BASE}/participant_dates/{action.value}",
            {"participant_date_id": UNKNOWN_ID, "meeting_url_code": CODE},
            {},
        )
        for action in DateAction
    ],
]
ENDPOINT_IDS = [f"{method} {path} {sorted(extra)}" for method, path, _, extra in ENDPOINTS]


def _call(
    api: APIClient, method: str, path: str, body: dict[str, Any] | None, extra: dict[str, str]
) -> Any:
    return getattr(api, method)(path, body, format="json", **extra)


@pytest.mark.usefixtures("no_gel_config")
@pytest.mark.parametrize(("method", "path", "body", "extra"), ENDPOINTS, ids=ENDPOINT_IDS)
def test_every_endpoint_is_503_without_configuration(
    method: str, path: str, body: dict[str, Any] | None, extra: dict[str, str]
) -> None:
    response = _call(APIClient(), method, path, body, extra)
    assert response.status_code == 503
    assert response.json() == {"detail": _unavailable(gel_store.REASON_NOT_CONFIGURED)}


@pytest.mark.usefixtures("closed_port_dsn", "no_wait")
@pytest.mark.parametrize(("method", "path", "body", "extra"), ENDPOINTS, ids=ENDPOINT_IDS)
def test_every_endpoint_is_503_when_the_server_is_unreachable(
    method: str, path: str, body: dict[str, Any] | None, extra: dict[str, str]
) -> None:
    response = _call(APIClient(), method, path, body, extra)
    assert response.status_code == 503
    assert response.json() == {"detail": _unavailable(gel_store.REASON_UNREACHABLE)}


@pytest.mark.usefixtures("closed_port_dsn")
def test_unreachable_server_is_answered_within_the_configured_bound() -> None:
    """A guard against hanging on the client's 30-second default, not a speed target: with the
    default settings one request gives up after about GEL_CONNECT_WAIT seconds."""
    bound = django_settings.GEL_CONNECT_WAIT + django_settings.GEL_CONNECT_TIMEOUT + 5
    started = time.monotonic()
    response = APIClient().get(f"{BASE}/meetings/{CODE}")
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert elapsed < bound, f"took {elapsed:.1f}s"


@pytest.mark.usefixtures("no_gel_config")
@pytest.mark.parametrize(
    ("method", "path", "body", "status", "field"),
    [
        ("post", f"{BASE}/meetings", {"title": "x" * 256}, 400, "title"),
        ("patch", f"{BASE}/meetings/{CODE}/date_range", {"start_date": "2026-05-01"}, 400, None),
        ("patch", f"{BASE}/meetings/{CODE}/title", {}, 400, "title"),
        # A missing name is a malformed body; a blank one is judged after the meeting lookup
        # (a missing meeting is reported first), so that needs the store.
        ("post", f"{BASE}/participants", {"meeting_url_code": CODE}, 400, "name"),
        ("delete", f"{BASE}/meetings/{CODE}/participants/not-a-uuid", None, 400, "participant_id"),
        ("delete", f"{BASE}/meetings/{CODE}/participants/123", None, 400, "participant_id"),
        (
            "patch",
            f"{BASE}/participant_dates/on",
            {"participant_date_id": "not-a-uuid", "meeting_url_code": CODE},
            400,
            "participant_date_id",
        ),
        (
            "patch",
            f"{BASE}/meetings/{CODE}/date_range",
            {"start_date": "2026-05-02", "end_date": "2026-05-01"},
            422,
            None,
        ),
        ("get", f"{BASE}/meetings/abc", None, 404, None),
        ("patch", f"{BASE}/meetings/abc/title", {"title": "x"}, 404, None),
    ],
)
def test_input_is_checked_before_the_store(
    method: str, path: str, body: dict[str, Any] | None, status: int, field: str | None
) -> None:
    """As on /v1/mysql: what can be judged without the store is, even while it is down."""
    response = getattr(APIClient(), method)(path, body, format="json")
    assert response.status_code == status
    if field is not None:
        assert field in response.json()
    assert "EdgeDB store is not available" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.usefixtures("no_gel_config")
def test_mysql_keeps_working_while_gel_is_unavailable() -> None:
    api = APIClient()
    assert api.post(f"{BASE}/meetings", {}, format="json").status_code == 503
    created = api.post("/v1/mysql/meetings", {"title": "Still here"}, format="json")
    assert created.status_code == 201
    code = created.json()["url_code"]
    assert api.get(f"/v1/mysql/meetings/{code}").json()["title"] == "Still here"


def test_openapi_documents_the_edgedb_routes() -> None:
    generator = SchemaGenerator()  # type: ignore[no-untyped-call]
    schema = generator.get_schema(request=None, public=True)  # type: ignore[no-untyped-call]
    paths: dict[str, dict[str, Any]] = schema["paths"]
    edgedb = {path: ops for path, ops in paths.items() if path.startswith(f"{BASE}/")}
    mysql = {path: ops for path, ops in paths.items() if path.startswith("/v1/mysql/")}
    assert len(edgedb) == len(mysql) > 0
    ids = [op["operationId"] for ops in paths.values() for op in ops.values()]
    assert len(ids) == len(set(ids))
    for path, operations in edgedb.items():
        twin = mysql[path.replace(BASE, "/v1/mysql", 1)]
        assert operations.keys() == twin.keys()
        for method, operation in operations.items():
            assert "503" in operation["responses"], f"{method} {path}"
            assert operation["operationId"] == f"edgedb_{twin[method]['operationId']}"
    assert paths["/v1/mysql/meetings/{url_code}"]["get"]["operationId"] == "meeting_get"


# --- gel_migrate ---------------------------------------------------------------------------


def test_migration_statement_wraps_the_schema() -> None:
    schema = (Path(django_settings.BASE_DIR) / gel_migrate.SCHEMA_FILE).read_text()
    statement = gel_migrate.migration_start(schema)
    assert statement.startswith("start migration to {\n")
    assert statement.endswith("\n};")
    assert schema in statement
    assert "module default {" in schema


@pytest.mark.usefixtures("no_gel_config")
def test_migrate_without_configuration_fails_clearly() -> None:
    with pytest.raises(CommandError) as raised:
        call_command("gel_migrate")
    assert str(raised.value).startswith(_unavailable(gel_store.REASON_NOT_CONFIGURED))


@pytest.mark.usefixtures("closed_port_dsn", "no_wait")
def test_migrate_with_an_unreachable_server_fails_clearly() -> None:
    with pytest.raises(CommandError) as raised:
        call_command("gel_migrate")
    assert str(raised.value).startswith(_unavailable(gel_store.REASON_UNREACHABLE))


def test_migrate_with_a_missing_schema_file_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read the Gel schema"):
        call_command("gel_migrate", schema=tmp_path / "missing.gel")


def test_migrate_command_exits_non_zero_without_traceback(tmp_path: Path) -> None:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("GEL_", "EDGEDB_"))
    }
    env["DJANGO_SETTINGS_MODULE"] = "meetifyr.settings_test"
    manage = Path(django_settings.BASE_DIR) / "manage.py"
    result = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, str(manage), "gel_migrate"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "EdgeDB store is not available: no usable Gel connection" in result.stderr
    assert "Traceback" not in result.stderr


def test_conflicts_are_retried_until_the_operation_commits() -> None:
    attempts = []

    def operation() -> str:
        attempts.append(time.monotonic())
        if len(attempts) < 20:  # far more than a count of attempts would have allowed
            raise _gel_error(gel.TransactionSerializationError, "conflict")
        return "committed"

    assert gel_store.conflicts_retried(operation) == "committed"
    assert len(attempts) == 20


def test_conflicts_retried_give_up_after_the_time_budget(settings: Any, monkeypatch: Any) -> None:
    """On a clock that moves only by the pauses between attempts (so a busy machine cannot
    make the test fail): attempts go on for most of the budget, and the pauses never add up
    to more than it."""
    settings.GEL_RETRY_SECONDS = 1
    clock = [1000.0]
    fake_time = types.SimpleNamespace(
        monotonic=lambda: clock[0],
        sleep=lambda seconds: clock.__setitem__(0, clock[0] + seconds),
    )
    monkeypatch.setattr(gel_client, "time", fake_time)
    attempts = []

    def operation() -> None:
        attempts.append(clock[0])
        raise _gel_error(gel.TransactionSerializationError, "conflict")

    with pytest.raises(gel.TransactionSerializationError):
        gel_store.conflicts_retried(operation)
    waited = clock[0] - 1000.0
    assert 0.5 < waited <= 1.0
    assert len(attempts) > 5


def test_other_errors_are_not_retried() -> None:
    attempts = []

    def operation() -> None:
        attempts.append(1)
        raise _gel_error(gel.ConstraintViolationError, "participant name is taken")

    with pytest.raises(gel.ConstraintViolationError):
        gel_store.conflicts_retried(operation)
    assert attempts == [1]
