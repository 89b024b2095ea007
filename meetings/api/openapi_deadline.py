"""The OpenAPI declaration of the deadline for answers (``PATCH .../deadline``), beside
``openapi`` whose shared responses it uses; the view applies it as
``@openapi_deadline.meeting_set_deadline``."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema

from meetings.api import serializers
from meetings.api.keys import KEY_OPTIONAL
from meetings.api.openapi import (
    NOT_FOUND,
    ORGANIZER_CHANGE,
    PROTECTED_NOTE,
    UNAVAILABLE,
    URL_CODE,
    error_response,
)

meeting_set_deadline = extend_schema(
    operation_id="meeting_set_deadline",
    summary="Set, change or clear the deadline for answers",
    description=(
        '`{"deadline": "2027-01-05T18:00"}`: a wall time in the meeting\'s zone (UTC on a '
        'meeting without a time window); `{"deadline": null}` clears it. From that moment on '
        "(a time already past: at once) joins and marks of every kind are refused with 409 "
        "`the deadline for answers has passed`; the organizer can still decide, and extend or "
        "clear the deadline. The moment is kept, so `deadline` in answers is the wall time of "
        "the meeting's zone at the time of reading (a window set later shows it in its zone). "
        "A wall time the zone skips (the clocks go forward) is refused; one it repeats (the "
        "clocks go back) is the first of the two." + PROTECTED_NOTE
    ),
    parameters=[URL_CODE],
    request=serializers.DeadlineInput,
    auth=KEY_OPTIONAL,
    responses={
        **ORGANIZER_CHANGE,
        404: NOT_FOUND,
        422: error_response(
            "`deadline should be a date and time written as YYYY-MM-DDTHH:MM, or null`, "
            "`deadline should be between 1900-01-01 and 9000-12-31`, or `deadline "
            "2027-03-28T02:30 does not occur in Europe/Berlin: the clocks go forward over it`."
        ),
        503: UNAVAILABLE,
    },
)
