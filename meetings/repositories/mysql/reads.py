"""The MySQL store's raw reads: the SQL of the reads every GET (and every change) runs,
compiled once per database vendor, executed through Django's cursor and read into the named
rows of ``rows``, whose field order is the order the SQL selects the columns in.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast

from meetings import models, replica
from meetings.repositories.mysql.rows import (
    AccessRow,
    LockedRow,
    MeetingRow,
    ParticipantColumns,
    VersionRow,
)

R = TypeVar("R")
Rows = Sequence[tuple[Any, ...]]

# The ORM lookup each column of the participants read reads.
PARTICIPANT_LOOKUPS = {
    "participant_id": "id",
    "name": "name",
    "answered": "answered",
    "date_id": "dates__id",
    "day": "day",  # the date as ISO text (see PARTICIPANT_ROWS)
    "enabled": "dates__enabled",
    "starred": "dates__starred",
    "slots": "dates__slots",
    "if_need_be": "dates__if_need_be",
}
# The table alias and column each field of the access row reads (m: meeting, p: participant).
ACCESS_COLUMNS = {
    "editing": ("m", "editing"),
    "organizer_key_digest": ("m", "organizer_key_digest"),
    "participant_id": ("p", "id"),
    "participant_key_digest": ("p", "key_digest"),
    "start_date": ("m", "start_date"),
    "end_date": ("m", "end_date"),
    "start_minute": ("m", "start_minute"),
    "end_minute": ("m", "end_minute"),
    "slot_minutes": ("m", "slot_minutes"),
    "time_zone": ("m", "time_zone"),
    "weekdays": ("m", "weekdays"),
    "final_date": ("m", "final_date"),
    "participant_password_hash": ("p", "password_hash"),
    "deadline": ("m", "deadline"),
}


class CompiledRead(Generic[R]):
    """A read the ORM builds once; later calls only execute its SQL with a new parameter.

    The reads on every GET (and every change, which answers with the meeting) cost more CPU to
    build and compile as querysets, and to pass row by row through the ORM's converters, than
    the database needs to answer them. The SQL is still the ORM's own, compiled for the
    connection in use (per vendor) the first time, and runs through Django's cursor, so query
    counting and error translation work as before. ``result`` names the rows it returns;
    ``using`` names the database (a replica, for reads that may lag: ``meetings.replica``).
    """

    def __init__(
        self, result: Callable[[Rows], R], build: Callable[[Any], QuerySet[Any, Any]]
    ) -> None:
        self._result = result
        self._build = build
        self._sql: dict[str, str] = {}

    def fetch(self, value: Any, *, using: str = DEFAULT_DB_ALIAS) -> R:
        database = connections[using]
        sql = self._sql.get(database.vendor)
        if sql is None:
            sql, params = self._build(value).query.sql_with_params()
            if tuple(params) != (value,):
                raise AssertionError(f"expected one parameter, got {params!r}")
            self._sql[database.vendor] = sql
        with database.cursor() as cursor:
            cursor.execute(sql, (value,))
            return self._result(cursor.fetchall())


def first(row: Callable[[Iterable[Any]], R]) -> Callable[[Rows], R | None]:
    """The first row as a named row (``row``), ``None`` when there is none."""
    return lambda rows: row(rows[0]) if rows else None


MEETING_ROW = CompiledRead(
    first(MeetingRow._make),
    lambda url_code: (
        models.Meeting.objects.filter(url_code=url_code)
        .order_by("id")
        .values_list(*MeetingRow._fields)[:1]
    ),
)
MEETING_VERSION = CompiledRead(
    first(VersionRow._make),
    lambda url_code: (
        models.Meeting.objects.filter(url_code=url_code)
        .order_by("id")
        .values_list(*VersionRow._fields)[:1]
    ),
)


def version_read(url_code: str) -> VersionRow | None:
    """``MEETING_VERSION`` on the primary; on the replica when the read may lag (a poll's,
    ``meetings.replica.lagging_reads``) and one is usable."""
    return replica.read(models.Meeting, lambda using: MEETING_VERSION.fetch(url_code, using=using))


# Dates come as ISO text: a large meeting repeats the same 63 dates on thousands of rows, and
# the driver's conversion of each DATE costs more than parsing each distinct text once.
PARTICIPANT_ROWS = CompiledRead(
    ParticipantColumns.of,
    lambda meeting_id: (
        models.Participant.objects.filter(meeting_id=meeting_id)
        .annotate(day=Cast("dates__date", output_field=CharField()))
        .order_by("id", "dates__date")
        .values_list(*(PARTICIPANT_LOOKUPS[field] for field in ParticipantColumns._fields))
    ),
)


def access_read(target: str, params: list[Any]) -> AccessRow | None:
    """Run the permission read (see ``access_sql``) with its parameters."""
    with connection.cursor() as cursor:
        cursor.execute(access_sql(connection.vendor, target), params)
        row = cursor.fetchone()
    return None if row is None else AccessRow._make(row)


@functools.cache
def access_sql(vendor: str, target: str) -> str:
    """The permission read: the meeting's editing columns and one participant's id and key
    digest, NULLs when ``target`` ("participant", "date" or "none") matches nothing. Built
    once per database vendor, from the models' table and column names."""
    quote = connection.ops.quote_name
    meeting = quote(models.Meeting._meta.db_table)
    participant = quote(models.Participant._meta.db_table)
    day = quote(models.ParticipantDate._meta.db_table)
    joins = {
        "none": f"LEFT JOIN {participant} p ON 1 = 0",
        "participant": (
            f"LEFT JOIN {participant} p ON p.{quote('meeting_id')} = m.{quote('id')} "
            f"AND p.{quote('id')} = %s"
        ),
        "date": (
            f"LEFT JOIN {day} d ON d.{quote('meeting_id')} = m.{quote('id')} "
            f"AND d.{quote('id')} = %s "
            f"LEFT JOIN {participant} p ON p.{quote('id')} = d.{quote('participant_id')}"
        ),
    }
    columns = (ACCESS_COLUMNS[field] for field in AccessRow._fields)
    return (
        "SELECT "  # noqa: S608
        + ", ".join(f"{alias}.{quote(column)}" for alias, column in columns)
        + f" FROM {meeting} m {joins[target]} "
        f"WHERE m.{quote('url_code')} = %s"
    )


# The table alias and column each field of the locked read reads (m: meeting, d: the date a
# change names, p: its participant); the participant count is read by the join's ORM query.
LOCKED_COLUMNS = {
    "id": ("m", "id"),
    "start_date": ("m", "start_date"),
    "end_date": ("m", "end_date"),
    "start_minute": ("m", "start_minute"),
    "end_minute": ("m", "end_minute"),
    "slot_minutes": ("m", "slot_minutes"),
    "time_zone": ("m", "time_zone"),
    "weekdays": ("m", "weekdays"),
    "final_date": ("m", "final_date"),
    "deadline": ("m", "deadline"),
    "date_participant_id": ("d", "participant_id"),
    "date_answered": ("p", "answered"),
    "date_password_hash": ("p", "password_hash"),
}


def locked_read(url_code: str, date_id: int | None) -> LockedRow | None:
    """What a change reads of its meeting once it holds the meeting's lock (see
    ``locked_sql``): with ``date_id``, that date's participant (of this meeting), whether it
    answered and its password hash; NULLs when the date is not this meeting's."""
    with connection.cursor() as cursor:
        if date_id is None:
            cursor.execute(locked_sql(connection.vendor, dated=False), [url_code])
        else:
            cursor.execute(locked_sql(connection.vendor, dated=True), [date_id, url_code])
        row = cursor.fetchone()
    if row is None:
        return None
    fields = [
        field for field, (alias, _) in LOCKED_COLUMNS.items() if date_id is not None or alias == "m"
    ]
    return LockedRow(**dict(zip(fields, row, strict=True)))


@functools.cache
def locked_sql(vendor: str, *, dated: bool) -> str:
    """The locked read: one row of the meeting and, when ``dated``, one LEFT JOIN to the date
    and its participant; built once per database vendor, from the models' names."""
    quote = connection.ops.quote_name
    meeting = quote(models.Meeting._meta.db_table)
    participant = quote(models.Participant._meta.db_table)
    day = quote(models.ParticipantDate._meta.db_table)
    columns = [
        (alias, column) for alias, column in LOCKED_COLUMNS.values() if dated or alias == "m"
    ]
    joins = (
        f"LEFT JOIN {day} d ON d.{quote('meeting_id')} = m.{quote('id')} "
        f"AND d.{quote('id')} = %s "
        f"LEFT JOIN {participant} p ON p.{quote('id')} = d.{quote('participant_id')} "
        if dated
        else ""
    )
    return (
        "SELECT "  # noqa: S608
        + ", ".join(f"{alias}.{quote(column)}" for alias, column in columns)
        + f" FROM {meeting} m {joins}WHERE m.{quote('url_code')} = %s"
    )
