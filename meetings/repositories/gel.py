"""The Gel (EdgeDB) store: the same contract as the MySQL one, through the official ``gel`` client.

Connection. The client reads where the server is from the environment itself (``GEL_DSN``, or
``GEL_INSTANCE``, ``GEL_HOST``/``GEL_PORT``..., ``GEL_CLIENT_TLS_SECURITY``; or a project linked
with ``gel project init``). Each process keeps one client (a thread-safe connection pool),
created on first use and closed at exit; ``settings.GEL_MAX_CONCURRENCY`` (at least the request
threads) sizes it, ``GEL_CONNECT_TIMEOUT``/``GEL_CONNECT_WAIT`` bound how long a request waits
for an unreachable server before it answers 503.

Queries. Every read is one EdgeQL query that returns the whole meeting shape. Every mutation is
one statement, or one ``client.transaction()`` block whose body touches nothing but the database
(the client may run it again after a serialization conflict). Each change bumps the meeting's
``version`` in the same statement; a change that fails leaves it alone. An EdgeQL statement does
not see its own changes, so a mutation whose answer would include what it changed answers with a
fresh read afterwards, as the MySQL store does.

Errors. Gel errors become the domain errors MySQL's store raises; a server that cannot be used
becomes ``StoreUnavailable("EdgeDB store is not available: <reason>")`` (503). Results are turned
into the frozen domain dataclasses here, UUIDs as strings.
"""

from __future__ import annotations

import atexit
import datetime
import logging
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol, TypedDict, TypeVar

import gel
from django.conf import settings
from gel import con_utils

from meetings.domain import (
    DateAction,
    DateRangeAlreadySet,
    DateRangeNotSet,
    Editing,
    FinalDecision,
    Mark,
    Meeting,
    MeetingAccess,
    MeetingNotFound,
    Participant,
    ParticipantDate,
    ParticipantDateId,
    ParticipantDateNotFound,
    ParticipantId,
    ParticipantNameTaken,
    ParticipantNotFound,
    StoreUnavailable,
    TimeWindow,
    UrlCodeTaken,
    access_target_require,
    dates_between,
    marks_apply,
    participant_find,
    participant_name_key,
    slots_new,
    url_code_is_well_formed,
)

logger = logging.getLogger(__name__)
T = TypeVar("T")

UNAVAILABLE = "EdgeDB store is not available: {reason}"
REASON_NOT_CONFIGURED = "no usable Gel connection is configured (set GEL_DSN or GEL_INSTANCE)"
REASON_UNREACHABLE = "cannot connect to the Gel server"
REASON_TIMEOUT = "connecting to the Gel server timed out"
REASON_CONNECTION_LOST = "the connection to the Gel server was lost"
REASON_CREDENTIALS = "the Gel server rejected the credentials"
REASON_NO_BRANCH = "the configured Gel branch does not exist"
REASON_OFFLINE = "the Gel server is not accepting queries"
REASON_BUSY = "too many simultaneous changes to this meeting, retry shortly"

# The ``errmessage`` of the constraints in dbschema/default.gel.
URL_CODE_TAKEN = "meeting url_code is taken"
NAME_TAKEN = "participant name is taken in this meeting"

CLOSE_TIMEOUT = 5  # seconds the exit handler waits for connections in use

# --- EdgeQL ------------------------------------------------------------------------------------

# Values always travel as query parameters ($name); the f-strings below only splice in this
# constant shape.
# What every read and every change answers with: the whole meeting, participants in join order,
# each one's dates in calendar order.
MEETING_SHAPE = """
    url_code,
    title,
    location,
    start_date,
    end_date,
    version,
    editing,
    organizer_key_digest,
    start_minute,
    end_minute,
    slot_minutes,
    time_zone,
    final_date,
    final_start_minute,
    final_end_minute,
    final_note,
    final_at,
    participants: {
        id,
        name,
        dates: { id, date, enabled, starred, slots } order by .date
    } order by .joined_at then .id
"""

MEETING_GET = f"""
    select Meeting {{ {MEETING_SHAPE} }}
    filter .url_code = <str>$url_code
"""

MEETING_VERSION = """
    select Meeting { version }
    filter .url_code = <str>$url_code
"""

# The permission read: the editing columns and the participant named by id, or owning the date.
MEETING_ACCESS = """
    select Meeting {
        editing,
        organizer_key_digest,
        start_date,
        end_date,
        start_minute,
        end_minute,
        slot_minutes,
        time_zone,
        final_date,
        target := (
            select .participants
            filter .id ?= <optional uuid>$participant_id
                or ((<optional uuid>$participant_date_id in .dates.id) ?? false)
            limit 1
        ) { id, key_digest }
    }
    filter .url_code = <str>$url_code
"""

MEETING_RANGE = """
    select Meeting { id, start_date, end_date, start_minute, end_minute, slot_minutes, time_zone }
    filter .url_code = <str>$url_code
"""

# The window columns of MEETING_CREATE and MEETING_SET_DATE_RANGE.
WINDOW_SET = """
            start_minute := <optional int16>$start_minute,
            end_minute := <optional int16>$end_minute,
            slot_minutes := <optional int16>$slot_minutes,
            time_zone := <optional str>$time_zone"""

MEETING_CREATE = f"""
    select (
        insert Meeting {{
            url_code := <str>$url_code,
            title := <str>$title,
            location := <str>$location,
            start_date := <optional cal::local_date>$start_date,
            end_date := <optional cal::local_date>$end_date,
            editing := <str>$editing,
            organizer_key_digest := <optional str>$organizer_key_digest,{WINDOW_SET}
        }}
    ) {{ {MEETING_SHAPE} }}
"""

# Set once: the update only matches a meeting whose range is still unset.
MEETING_SET_DATE_RANGE = f"""
    select (
        update Meeting
        filter .url_code = <str>$url_code and not exists .start_date
        set {{
            start_date := <cal::local_date>$start_date,
            end_date := <cal::local_date>$end_date,
            version := .version + 1,
            changed_at := datetime_of_statement(),{WINDOW_SET}
        }}
    ) {{ {MEETING_SHAPE} }}
"""  # noqa: S608 (splices in the constant shape only)


def meeting_set_query(prop: str) -> str:
    """Set one str property of a meeting (named by the constant ``prop``, sent as the
    parameter of the same name) and bump its version; answers with the whole meeting."""
    return f"""
    select (
        update Meeting
        filter .url_code = <str>$url_code
        set {{
            {prop} := <str>${prop},
            version := .version + 1,
            changed_at := datetime_of_statement()
        }}
    ) {{ {MEETING_SHAPE} }}
"""  # noqa: S608 (splices in constant names and the constant shape only)


MEETING_SET_TITLE = meeting_set_query("title")
MEETING_SET_LOCATION = meeting_set_query("location")
MEETING_SET_EDITING = meeting_set_query("editing")
MEETING_SET_ORGANIZER_KEY = meeting_set_query("organizer_key_digest")

# The organizer's decision, or (all empty) none: the meeting reopens.
MEETING_SET_FINAL = f"""
    select (
        update Meeting
        filter .url_code = <str>$url_code
        set {{
            final_date := <optional cal::local_date>$final_date,
            final_start_minute := <optional int16>$final_start_minute,
            final_end_minute := <optional int16>$final_end_minute,
            final_note := <optional str>$final_note,
            final_at := <optional datetime>$final_at,
            version := .version + 1,
            changed_at := datetime_of_statement()
        }}
    ) {{ {MEETING_SHAPE} }}
"""  # noqa: S608 (splices in the constant shape only)

# Participants and their dates go with the meeting (``on target delete delete source``).
MEETING_DELETE = """
    select count((delete Meeting filter .url_code = <str>$url_code))
"""

# What meetings_purge forgets: no change (or, never changed, creation) since $changed_before,
# and the last date before $dated_before or no dates.
EXPIRED = """
    ((.end_date < <cal::local_date>$dated_before) ?? true)
    and ((.changed_at ?? .created_at) < <datetime>$changed_before)
"""

MEETINGS_EXPIRED_COUNT = f"""
    select count((select Meeting filter {EXPIRED}))
"""

# One batch, optionally only among $url_codes; a meeting changed meanwhile no longer matches
# (the transaction is serializable).
MEETINGS_EXPIRED_DELETE = f"""
    with
        codes := <optional array<str>>$url_codes,
        picked := (
            select Meeting
            filter {EXPIRED}
                and (not exists codes or .url_code in array_unpack(codes))
            order by .created_at
            limit <int64>$limit
        )
    select count((delete picked))
"""

# The participant, one free date per day of the range and the version bump: one statement.
PARTICIPANT_CREATE = """
    with
        joined_meeting := (select Meeting filter .id = <uuid>$meeting_id),
        new_participant := (
            insert Participant {
                meeting := joined_meeting,
                name := <str>$name,
                name_key := <str>$name_key,
                key_digest := <optional str>$key_digest
            }
        ),
        inserted_dates := (
            for day in array_unpack(<array<cal::local_date>>$dates) union (
                insert ParticipantDate {
                    participant := new_participant,
                    date := day,
                    slots := <optional str>$slots
                }
            )
        ),
        bumped := (
            update joined_meeting
            set { version := .version + 1, changed_at := datetime_of_statement() }
        )
    select new_participant {
        id,
        name,
        new_dates := (
            select inserted_dates { id, date, enabled, starred, slots } order by .date
        ),
        meeting_version := bumped.version
    }
"""

# Only this meeting's participant; its dates go with it (``on target delete delete source``).
# The version moves only when one was removed.
PARTICIPANT_DELETE = """
    with
        this_meeting := (select Meeting filter .url_code = <str>$url_code),
        leaving := (
            select Participant
            filter .id = <optional uuid>$participant_id and .meeting = this_meeting
        ),
        removed := (delete leaving),
        bumped := (
            update this_meeting
            filter exists leaving
            set { version := .version + 1, changed_at := datetime_of_statement() }
        )
    select {
        meeting_found := exists this_meeting,
        removed_count := count(removed),
        bumped_count := count(bumped)
    }
"""

# One conditional update of one date of this meeting; the version moves only when it matched.
PARTICIPANT_DATE_MARK = """
    with
        this_meeting := (select Meeting filter .url_code = <str>$url_code),
        target_date := (
            select ParticipantDate
            filter .id = <optional uuid>$participant_date_id
                and .participant.meeting = this_meeting
        ),
        marked := (
            update target_date
            filter not exists .slots
            set {
                enabled := <optional bool>$enabled ?? .enabled,
                starred := <optional bool>$starred ?? .starred
            }
        ),
        bumped := (
            update this_meeting
            filter exists marked
            set { version := .version + 1, changed_at := datetime_of_statement() }
        )
    select {
        meeting_found := exists this_meeting,
        date_found := exists target_date,
        marked_count := count(marked),
        bumped_count := count(bumped)
    }
"""

# Timed meetings, and painting: one participant's dates as stored (read, then written by
# DATES_WRITE in the same transaction).
PARTICIPANT_DATES_READ = """
    select ParticipantDate { id, date, enabled, starred, slots }
    filter .participant.meeting.url_code = <str>$url_code
        and (
            .participant.id ?= <optional uuid>$participant_id
            or .id ?= <optional uuid>$participant_date_id
        )
"""

# Each changed date as (id, enabled, starred, slots or ""), and one version bump.
DATES_WRITE = """
    with
        this_meeting := (select Meeting filter .url_code = <str>$url_code),
        written := (
            for row in array_unpack(<array<tuple<uuid, bool, bool, str>>>$rows) union (
                update ParticipantDate
                filter .id = row.0 and .participant.meeting = this_meeting
                set {
                    enabled := row.1,
                    starred := row.2,
                    slots := (row.3 if row.3 != '' else <str>{})
                }
            )
        ),
        bumped := (
            update this_meeting
            set { version := .version + 1, changed_at := datetime_of_statement() }
        )
    select { written_count := count(written), bumped_count := count(bumped) }
"""


# --- the client --------------------------------------------------------------------------------


class ClientOptions(TypedDict):
    max_concurrency: int
    timeout: int
    wait_until_available: int


def client_options() -> ClientOptions:
    """How the process-wide client is sized and bounded (the connection itself comes from the
    environment, read by the client)."""
    return {
        "max_concurrency": max(settings.GEL_MAX_CONCURRENCY, settings.SERVER_THREADS),
        "timeout": settings.GEL_CONNECT_TIMEOUT,
        "wait_until_available": settings.GEL_CONNECT_WAIT,
    }


def _retry_backoff(attempt: int) -> float:
    """Seconds before retrying: short, growing to at most 0.1 s, jittered."""
    return min(0.1, 0.005 * 2.0**attempt) * (0.5 + random.random())  # noqa: S311 (jitter only)


# The client retries what failed on a lost connection itself, but not serialization conflicts:
# ``conflicts_retried`` does, for a time budget rather than a number of attempts.
RETRY = gel.RetryOptions(attempts=3, backoff=_retry_backoff).with_rule(  # type: ignore[no-untyped-call]
    gel.RetryCondition.TransactionConflict, attempts=1
)

_client: gel.Client | None = None
_client_lock = threading.Lock()
# After the server could not be reached: until when to answer 503 at once, and why.
_outage: tuple[float, str] | None = None
OUTAGE_REASONS = frozenset({REASON_UNREACHABLE, REASON_TIMEOUT, REASON_OFFLINE})


def connection_check(options: ClientOptions) -> None:
    """Raise ``StoreUnavailable`` unless the environment names a Gel server the client can use.

    The client resolves its connection only when it first connects; resolving it here too turns
    a missing or malformed configuration into a 503 instead of a failure deep inside a request.
    """
    try:
        con_utils.parse_connect_arguments(
            dsn=None,
            host=None,
            port=None,
            credentials=None,
            credentials_file=None,
            database=None,
            branch=None,
            user=None,
            password=None,
            secret_key=None,
            tls_ca=None,
            tls_ca_file=None,
            tls_security=None,
            tls_server_name=None,
            timeout=options["timeout"],
            command_timeout=None,
            wait_until_available=options["wait_until_available"],
            server_settings=None,
        )
    except (gel.ClientConnectionError, ValueError, OSError) as error:
        # The details may quote the DSN: they go to the log, never to clients.
        logger.warning("Gel connection settings unusable: %s", error)
        raise StoreUnavailable(UNAVAILABLE.format(reason=REASON_NOT_CONFIGURED)) from error


def gel_client() -> gel.Client:
    """The process-wide client, created on first use (once, whatever the number of threads)."""
    global _client
    client = _client
    if client is not None:
        return client
    with _client_lock:
        if _client is None:
            options = client_options()
            connection_check(options)
            _client = gel.create_client(**options).with_retry_options(RETRY)
        return _client


def close_client() -> None:
    """Close the process-wide client (at exit; tests call it to start afresh)."""
    global _client, _outage
    with _client_lock:
        client, _client = _client, None
        _outage = None
    if client is None:
        return
    try:
        client.close(timeout=CLOSE_TIMEOUT)  # type: ignore[no-untyped-call]
    except gel.EdgeDBError as error:  # connections still busy: the client terminates them
        logger.warning("Gel client closed uncleanly: %s", error)


atexit.register(close_client)


# --- errors ------------------------------------------------------------------------------------


def unavailable_reason(error: BaseException) -> str | None:
    """Why the server cannot be used, if that is what ``error`` says; ``None`` otherwise.

    A transaction that could not even connect surfaces as an ``InterfaceError`` from the client's
    clean-up, raised while handling the connection error: look behind it too.
    """
    if isinstance(error, gel.ClientConnectionTimeoutError):
        return REASON_TIMEOUT
    if isinstance(error, gel.ClientConnectionClosedError):
        return REASON_CONNECTION_LOST
    if isinstance(error, gel.ClientConnectionFailedError):
        return REASON_UNREACHABLE
    if isinstance(error, gel.ClientConnectionError):  # raised before any attempt: configuration
        return REASON_NOT_CONFIGURED
    if isinstance(error, gel.AuthenticationError):
        return REASON_CREDENTIALS
    if isinstance(error, gel.UnknownDatabaseError):
        return REASON_NO_BRANCH
    if isinstance(error, gel.AvailabilityError):
        return REASON_OFFLINE
    if isinstance(error, gel.TransactionConflictError):  # still conflicting after the retries
        return REASON_BUSY
    if isinstance(error, gel.InterfaceError):
        behind = error.__cause__ or error.__context__
        if behind is not None and behind is not error:
            return unavailable_reason(behind)
    return None


def store_unavailable(error: BaseException) -> StoreUnavailable | None:
    reason = unavailable_reason(error)
    if reason is None:
        return None
    logger.warning("Gel store unavailable (%s): %s", reason, error)
    return StoreUnavailable(UNAVAILABLE.format(reason=reason))


def outage_check() -> None:
    """Answer at once while a recent attempt found the server unreachable.

    Each attempt may wait ``GEL_CONNECT_WAIT`` seconds and the client lets one thread at a time
    make the first connection, so during an outage requests would otherwise queue behind each
    other; for a moment after a failed attempt, new requests fail fast with the same reason.
    """
    outage = _outage
    if outage is not None and time.monotonic() < outage[0]:
        raise StoreUnavailable(UNAVAILABLE.format(reason=outage[1]))


@contextmanager
def store_errors() -> Iterator[None]:
    """Turn errors meaning "the server cannot be used" into ``StoreUnavailable``."""
    global _outage
    outage_check()
    try:
        yield
    except gel.EdgeDBError as error:
        reason = unavailable_reason(error)
        if reason is None:
            raise
        if reason in OUTAGE_REASONS:
            _outage = (time.monotonic() + max(1, settings.GEL_CONNECT_WAIT), reason)
        logger.warning("Gel store unavailable (%s): %s", reason, error)
        raise StoreUnavailable(UNAVAILABLE.format(reason=reason)) from error


def conflicts_retried(operation: Callable[[], T]) -> T:
    """``operation()``, run again after each serialization conflict until it commits or
    ``GEL_RETRY_SECONDS`` have passed (then the conflict propagates: 503, nothing changed).

    Every round of conflicting changes to one meeting commits at least one of them, so the
    changes waiting behind a busy meeting finish one after another; a count of attempts would
    give up on the last of many concurrent writers while they all still make progress. The
    operation must only talk to the server: a conflict rolled all of it back.
    """
    deadline = time.monotonic() + settings.GEL_RETRY_SECONDS
    attempt = 0
    while True:
        attempt += 1
        try:
            return operation()
        except gel.TransactionConflictError:
            pause = _retry_backoff(attempt)
            if time.monotonic() + pause >= deadline:
                raise
            time.sleep(pause)


def violated(error: gel.ConstraintViolationError, message: str) -> bool:
    """Whether ``error`` comes from the constraint whose ``errmessage`` is ``message``."""
    return bool(error.args) and message in str(error.args[0])


# --- results -----------------------------------------------------------------------------------
# The shapes the queries above return (``gel.Object`` attributes), as far as this module reads them.


class DateRow(Protocol):
    @property
    def id(self) -> uuid.UUID: ...
    @property
    def date(self) -> datetime.date: ...
    @property
    def enabled(self) -> bool: ...
    @property
    def starred(self) -> bool: ...
    @property
    def slots(self) -> str | None: ...


class ParticipantRow(Protocol):
    @property
    def id(self) -> uuid.UUID: ...
    @property
    def name(self) -> str: ...
    @property
    def dates(self) -> Sequence[DateRow]: ...


class MeetingRow(Protocol):
    @property
    def url_code(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def location(self) -> str: ...
    @property
    def start_date(self) -> datetime.date | None: ...
    @property
    def end_date(self) -> datetime.date | None: ...
    @property
    def version(self) -> int: ...
    @property
    def editing(self) -> str: ...
    @property
    def organizer_key_digest(self) -> str | None: ...
    @property
    def start_minute(self) -> int | None: ...
    @property
    def end_minute(self) -> int | None: ...
    @property
    def slot_minutes(self) -> int | None: ...
    @property
    def time_zone(self) -> str | None: ...
    @property
    def final_date(self) -> datetime.date | None: ...
    @property
    def final_start_minute(self) -> int | None: ...
    @property
    def final_end_minute(self) -> int | None: ...
    @property
    def final_note(self) -> str | None: ...
    @property
    def final_at(self) -> datetime.datetime | None: ...
    @property
    def participants(self) -> Sequence[ParticipantRow]: ...


def date_from_row(row: DateRow) -> ParticipantDate:
    return ParticipantDate(str(row.id), row.date, row.enabled, row.starred, row.slots)


def window_from_row(row: Any) -> TimeWindow | None:
    """The window columns of a Meeting row (``None`` on dates-only meetings)."""
    if row.start_minute is None or row.end_minute is None or row.slot_minutes is None:
        return None
    return TimeWindow(row.start_minute, row.end_minute, row.slot_minutes, row.time_zone or "")


def window_values(window: TimeWindow | None) -> dict[str, Any]:
    """The query parameters of WINDOW_SET."""
    if window is None:
        return {"start_minute": None, "end_minute": None, "slot_minutes": None, "time_zone": None}
    return {
        "start_minute": window.start,
        "end_minute": window.end,
        "slot_minutes": window.slot_minutes,
        "time_zone": window.time_zone,
    }


def final_from_row(row: MeetingRow) -> FinalDecision | None:
    if row.final_date is None:
        return None
    return FinalDecision(
        row.final_date,
        row.final_start_minute,
        row.final_end_minute,
        row.final_note or "",
        row.final_at,
    )


def final_values(final: FinalDecision | None) -> dict[str, Any]:
    """The query parameters of MEETING_SET_FINAL."""
    if final is None:
        return {
            "final_date": None,
            "final_start_minute": None,
            "final_end_minute": None,
            "final_note": None,
            "final_at": None,
        }
    return {
        "final_date": final.day,
        "final_start_minute": final.start,
        "final_end_minute": final.end,
        "final_note": final.note,
        "final_at": final.decided_at,
    }


def participant_from_row(row: ParticipantRow) -> Participant:
    return Participant(str(row.id), row.name, tuple(date_from_row(day) for day in row.dates))


class NewParticipantRow(Protocol):
    """What ``PARTICIPANT_CREATE`` answers with."""

    @property
    def id(self) -> uuid.UUID: ...
    @property
    def name(self) -> str: ...
    @property
    def new_dates(self) -> Sequence[DateRow]: ...


def new_participant_from_row(row: NewParticipantRow) -> Participant:
    return Participant(str(row.id), row.name, tuple(date_from_row(day) for day in row.new_dates))


def meeting_from_row(row: MeetingRow) -> Meeting:
    return Meeting(
        url_code=row.url_code,
        title=row.title,
        location=row.location,
        start_date=row.start_date,
        end_date=row.end_date,
        participants=tuple(participant_from_row(p) for p in row.participants),
        version=row.version,
        editing=Editing(row.editing),
        organizer_key_digest=row.organizer_key_digest,
        window=window_from_row(row),
        final=final_from_row(row),
    )


def uuid_or_none(value: object) -> uuid.UUID | None:
    """An id from a caller as a UUID; anything else can name no row of this store."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _first(rows: Sequence[Any]) -> Any | None:
    return rows[0] if rows else None


# --- the repository ----------------------------------------------------------------------------


class GelMeetingRepository:
    id_kind = "uuid"

    # --- reads ----------------------------------------------------------------------------

    def meeting_get(self, *, url_code: str) -> Meeting:
        """One query: the meeting with its participants and their dates."""
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        with store_errors():
            row = _first(gel_client().query(MEETING_GET, url_code=url_code))
        if row is None:
            raise MeetingNotFound(url_code)
        return meeting_from_row(row)

    def meeting_access(
        self,
        *,
        url_code: str,
        participant_id: ParticipantId | None = None,
        participant_date_id: ParticipantDateId | None = None,
    ) -> MeetingAccess:
        """One query: the meeting's editing columns and the participant concerned, if any."""
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        with store_errors():
            row = _first(
                gel_client().query(
                    MEETING_ACCESS,
                    url_code=url_code,
                    participant_id=None if participant_id is None else uuid_or_none(participant_id),
                    participant_date_id=(
                        None if participant_date_id is None else uuid_or_none(participant_date_id)
                    ),
                )
            )
        if row is None:
            raise MeetingNotFound(url_code)
        target = row.target
        access_target_require(
            target is not None,
            participant_id=participant_id,
            participant_date_id=participant_date_id,
        )
        return MeetingAccess(
            editing=Editing(row.editing),
            organizer_key_digest=row.organizer_key_digest,
            participant_id=None if target is None else str(target.id),
            participant_key_digest=None if target is None else target.key_digest,
            start_date=row.start_date,
            end_date=row.end_date,
            window=window_from_row(row),
            closed=row.final_date is not None,
        )

    def meeting_version(self, *, url_code: str) -> int:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        with store_errors():
            row = _first(gel_client().query(MEETING_VERSION, url_code=url_code))
        if row is None:
            raise MeetingNotFound(url_code)
        version: int = row.version
        return version

    # --- meeting mutations ----------------------------------------------------------------

    def meeting_create(
        self,
        *,
        url_code: str,
        title: str,
        location: str,
        start_date: datetime.date | None = None,
        end_date: datetime.date | None = None,
        editing: Editing = Editing.OPEN,
        organizer_key_digest: str | None = None,
        window: TimeWindow | None = None,
    ) -> Meeting:
        with store_errors():
            try:
                rows = conflicts_retried(
                    lambda: gel_client().query(
                        MEETING_CREATE,
                        url_code=url_code,
                        title=title,
                        location=location,
                        start_date=start_date,
                        end_date=end_date,
                        editing=editing.value,
                        organizer_key_digest=organizer_key_digest,
                        **window_values(window),
                    )
                )
            except gel.ConstraintViolationError as error:
                if violated(error, URL_CODE_TAKEN):
                    raise UrlCodeTaken(url_code) from error
                raise
        return meeting_from_row(rows[0])

    def meeting_set_date_range(
        self,
        *,
        url_code: str,
        start_date: datetime.date,
        end_date: datetime.date,
        window: TimeWindow | None = None,
    ) -> Meeting:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        with store_errors():
            client = gel_client()
            row = _first(
                conflicts_retried(
                    lambda: client.query(
                        MEETING_SET_DATE_RANGE,
                        url_code=url_code,
                        start_date=start_date,
                        end_date=end_date,
                        **window_values(window),
                    )
                )
            )
            if row is not None:
                return meeting_from_row(row)
            # Nothing matched: no such meeting, or its range was set before (the stored range
            # cannot change any more, so reading it afterwards is exact).
            stored = _first(client.query(MEETING_RANGE, url_code=url_code))
        if stored is None:
            raise MeetingNotFound(url_code)
        raise DateRangeAlreadySet(url_code, stored.start_date, stored.end_date)

    def meeting_set_title(self, *, url_code: str, title: str) -> Meeting:
        return self._meeting_update(url_code, MEETING_SET_TITLE, title=title)

    def meeting_set_location(self, *, url_code: str, location: str) -> Meeting:
        return self._meeting_update(url_code, MEETING_SET_LOCATION, location=location)

    def meeting_set_editing(self, *, url_code: str, editing: Editing) -> Meeting:
        return self._meeting_update(url_code, MEETING_SET_EDITING, editing=editing.value)

    def meeting_set_organizer_key(self, *, url_code: str, organizer_key_digest: str) -> Meeting:
        return self._meeting_update(
            url_code, MEETING_SET_ORGANIZER_KEY, organizer_key_digest=organizer_key_digest
        )

    def meeting_set_final(self, *, url_code: str, final: FinalDecision | None) -> Meeting:
        return self._meeting_update(url_code, MEETING_SET_FINAL, **final_values(final))

    def meeting_delete(self, *, url_code: str) -> None:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        with store_errors():
            deleted = conflicts_retried(
                lambda: gel_client().query_required_single(MEETING_DELETE, url_code=url_code)
            )
        if not deleted:
            raise MeetingNotFound(url_code)

    # --- forgetting -----------------------------------------------------------------------

    def meetings_expired_count(
        self, *, dated_before: datetime.date, changed_before: datetime.datetime
    ) -> int:
        with store_errors():
            count: int = gel_client().query_required_single(
                MEETINGS_EXPIRED_COUNT, dated_before=dated_before, changed_before=changed_before
            )
        return count

    def meetings_expired_delete(
        self,
        *,
        dated_before: datetime.date,
        changed_before: datetime.datetime,
        limit: int,
        url_codes: Sequence[str] | None = None,
    ) -> int:
        with store_errors():
            count: int = conflicts_retried(
                lambda: gel_client().query_required_single(
                    MEETINGS_EXPIRED_DELETE,
                    dated_before=dated_before,
                    changed_before=changed_before,
                    limit=limit,
                    url_codes=None if url_codes is None else list(url_codes),
                )
            )
        return count

    def _meeting_update(self, url_code: str, query: str, **values: Any) -> Meeting:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        with store_errors():
            row = _first(
                conflicts_retried(lambda: gel_client().query(query, url_code=url_code, **values))
            )
        if row is None:
            raise MeetingNotFound(url_code)
        return meeting_from_row(row)

    # --- participants ---------------------------------------------------------------------

    def participant_create(
        self, *, url_code: str, name: str, key_digest: str | None = None
    ) -> tuple[Participant, Meeting]:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)

        def join() -> Any:
            created: Any = None
            for tx in gel_client().transaction():
                with tx:
                    found = _first(tx.query(MEETING_RANGE, url_code=url_code))
                    if found is None:
                        raise MeetingNotFound(url_code)
                    if found.start_date is None or found.end_date is None:
                        raise DateRangeNotSet()
                    window = window_from_row(found)
                    created = _first(
                        tx.query(
                            PARTICIPANT_CREATE,
                            meeting_id=found.id,
                            name=name,
                            name_key=participant_name_key(name),
                            key_digest=key_digest,
                            dates=dates_between(found.start_date, found.end_date),
                            slots=None if window is None else slots_new(window),
                        )
                    )
            return created

        with store_errors():
            try:
                created = conflicts_retried(join)
            except gel.ConstraintViolationError as error:
                if violated(error, NAME_TAKEN):
                    raise ParticipantNameTaken(name) from error
                raise
        participant = new_participant_from_row(created)
        meeting = self.meeting_get(url_code=url_code)
        # Someone may have removed the participant right after the commit: then it is gone.
        return participant_find(meeting, participant.id) or participant, meeting

    def participant_delete(self, *, url_code: str, participant_id: ParticipantId) -> Meeting:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        parsed = uuid_or_none(participant_id)
        with store_errors():
            result = conflicts_retried(
                lambda: gel_client().query_required_single(
                    PARTICIPANT_DELETE, url_code=url_code, participant_id=parsed
                )
            )
        if not result.meeting_found:
            raise MeetingNotFound(url_code)
        if not result.removed_count:
            raise ParticipantNotFound(participant_id)
        return self.meeting_get(url_code=url_code)

    def participant_date_mark(
        self, *, url_code: str, participant_date_id: ParticipantDateId, action: DateAction
    ) -> Meeting:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        changes = action.changes()
        with store_errors():
            result = conflicts_retried(
                lambda: gel_client().query_required_single(
                    PARTICIPANT_DATE_MARK,
                    url_code=url_code,
                    participant_date_id=uuid_or_none(participant_date_id),
                    enabled=changes.get("enabled"),
                    starred=changes.get("starred"),
                )
            )
        if not result.meeting_found:
            raise MeetingNotFound(url_code)
        if not result.date_found:
            raise ParticipantDateNotFound(participant_date_id)
        if not result.marked_count:  # a date of a timed meeting: every slot of it
            return self._dates_mark(
                url_code=url_code,
                participant_date_id=uuid_or_none(participant_date_id),
                marks=None,
                action=action,
                missing=ParticipantDateNotFound(participant_date_id),
            )
        return self.meeting_get(url_code=url_code)

    def participant_marks(
        self, *, url_code: str, participant_id: ParticipantId, marks: Sequence[Mark]
    ) -> Meeting:
        if not url_code_is_well_formed(url_code):
            raise MeetingNotFound(url_code)
        return self._dates_mark(
            url_code=url_code,
            participant_id=uuid_or_none(participant_id),
            marks=marks,
            missing=ParticipantNotFound(participant_id),
        )

    def _dates_mark(
        self,
        *,
        url_code: str,
        marks: Sequence[Mark] | None,
        missing: Exception,
        participant_id: uuid.UUID | None = None,
        participant_date_id: uuid.UUID | None = None,
        action: DateAction = DateAction.ON,
    ) -> Meeting:
        """Read one participant's dates (or one date), apply the marks in Python
        (``meetings.slots.marks_apply``, the rule every store shares), write what changed and
        bump the version: one transaction, run again after a conflict."""

        def paint() -> None:
            for tx in gel_client().transaction():
                with tx:
                    found = tx.query(
                        PARTICIPANT_DATES_READ,
                        url_code=url_code,
                        participant_id=participant_id,
                        participant_date_id=participant_date_id,
                    )
                    if not found:
                        if tx.query_single(MEETING_VERSION, url_code=url_code) is None:
                            raise MeetingNotFound(url_code)
                        raise missing
                    rows = {r.date: (r.id, r.enabled, r.starred, r.slots) for r in found}
                    todo = marks or [Mark(found[0].date, action, None)]
                    timed = any(r.slots is not None for r in found)
                    changed = marks_apply(rows, todo, timed=timed)
                    tx.query(
                        DATES_WRITE,
                        url_code=url_code,
                        rows=[
                            (date_id, enabled, starred, slots or "")
                            for date_id, (enabled, starred, slots) in changed.items()
                        ],
                    )

        with store_errors():
            conflicts_retried(paint)
        return self.meeting_get(url_code=url_code)
