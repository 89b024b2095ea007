"""The OpenAPI declaration of the answers export (``answers.csv``), beside ``openapi`` whose
shared responses it uses; the view applies it as ``@openapi_export.meeting_answers``."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema

from meetings.api.openapi import NOT_FOUND, UNAVAILABLE, URL_CODE

meeting_answers = extend_schema(
    operation_id="meeting_answers",
    summary="The answers as a CSV file",
    description=(
        "UTF-8 with a byte order mark: a header (`participant`, `answered`, then each date, or "
        "each date and slot start on a timed meeting, e.g. `2027-01-05 09:00`), a row per "
        "participant (`yes`/`no`, then `free`, `busy`, `preferred` or `if need be`; empty "
        "cells for who has "
        "not answered) and a totals row (how many answered, then how many of them are free "
        "on each column). A cell that starts with `=`, `+`, `-`, `@`, a tab or CR gets a "
        "leading `'`. No key needed."
    ),
    parameters=[URL_CODE],
    responses={
        (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The file."),
        404: NOT_FOUND,
        503: UNAVAILABLE,
    },
)
