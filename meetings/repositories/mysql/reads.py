"""The MySQL store's raw reads: the SQL of the reads every GET (and every change) runs,
compiled once per database vendor and executed through Django's cursor.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast

from meetings import models

MEETING_COLUMNS = (
    "id",
    "url_code",
    "title",
    "location",
    "start_date",
    "end_date",
    "version",
    "editing",
    "organizer_key_digest",
    "start_minute",
    "end_minute",
    "slot_minutes",
    "time_zone",
    "final_date",
    "final_start_minute",
    "final_end_minute",
    "final_note",
    "final_at",
)
PARTICIPANT_COLUMNS = (
    "id",
    "name",
    "dates__id",
    "day",  # the date as ISO text (see PARTICIPANT_ROWS)
    "dates__enabled",
    "dates__starred",
    "dates__slots",
)


class CompiledRead:
    """A read the ORM builds once; later calls only execute its SQL with a new parameter.

    The reads on every GET (and every change, which answers with the meeting) cost more CPU to
    build and compile as querysets, and to pass row by row through the ORM's converters, than
    the database needs to answer them. The SQL is still the ORM's own, compiled for the
    connection in use (per vendor) the first time, and runs through Django's cursor, so query
    counting and error translation work as before.
    """

    def __init__(self, build: Callable[[Any], QuerySet[Any, Any]]) -> None:
        self._build = build
        self._sql: dict[str, str] = {}

    def fetch(self, value: Any) -> list[tuple[Any, ...]]:
        sql = self._sql.get(connection.vendor)
        if sql is None:
            sql, params = self._build(value).query.sql_with_params()
            if tuple(params) != (value,):
                raise AssertionError(f"expected one parameter, got {params!r}")
            self._sql[connection.vendor] = sql
        with connection.cursor() as cursor:
            cursor.execute(sql, (value,))
            return list(cursor.fetchall())


MEETING_ROW = CompiledRead(
    lambda url_code: (
        models.Meeting.objects.filter(url_code=url_code)
        .order_by("id")
        .values_list(*MEETING_COLUMNS)[:1]
    )
)
MEETING_VERSION = CompiledRead(
    lambda url_code: (
        models.Meeting.objects.filter(url_code=url_code).order_by("id").values_list("version")[:1]
    )
)
# Dates come as ISO text: a large meeting repeats the same 63 dates on thousands of rows, and
# the driver's conversion of each DATE costs more than parsing each distinct text once.
PARTICIPANT_ROWS = CompiledRead(
    lambda meeting_id: (
        models.Participant.objects.filter(meeting_id=meeting_id)
        .annotate(day=Cast("dates__date", output_field=CharField()))
        .order_by("id", "dates__date")
        .values_list(*PARTICIPANT_COLUMNS)
    )
)


RANGE_COLUMNS = (
    "start_date",
    "end_date",
    "start_minute",
    "end_minute",
    "slot_minutes",
    "time_zone",
    "final_date",
)


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
    return (
        f"SELECT m.{quote('editing')}, m.{quote('organizer_key_digest')}, "  # noqa: S608
        f"p.{quote('id')}, p.{quote('key_digest')}, "
        + ", ".join(f"m.{quote(column)}" for column in RANGE_COLUMNS)
        + f" FROM {meeting} m {joins[target]} "
        f"WHERE m.{quote('url_code')} = %s"
    )
