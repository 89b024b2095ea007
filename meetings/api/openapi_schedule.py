"""The OpenAPI declaration of changing a meeting's days or window later
(``PUT .../schedule``), beside ``openapi`` whose shared responses it uses; the view applies it
as ``@openapi_schedule.meeting_change_schedule``."""

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

meeting_change_schedule = extend_schema(
    operation_id="meeting_change_schedule",
    summary="Change the dates, weekdays or window, keeping the answers",
    description=(
        "The same body as `PATCH .../date_range`, which sets the days once; this changes them "
        "at any time (or sets them on a meeting without days). Answers on the days and slots "
        "that stay are kept exactly; new days start free for everyone, as after joining; "
        "removed days go with their answers. A new window keeps the marks of the slots that "
        "still exist: a shorter slot inside an old one takes its mark, a longer slot made of "
        "several takes the least available of theirs (busy, then free if need be, then free, "
        "then preferred), a slot the old window did not cover starts free; a new `time_zone` "
        "keeps no slot mark (the same wall time there is another moment). A dated meeting "
        "given a window spreads each day's answer over its slots; one losing its window keeps "
        "whether a day was free, preferred or free if need be. Changing between dates and "
        "weekdays removes every day; whenever no answer survives, every participant is "
        "unanswered again. One change moves the version once. "
        "A meeting whose final date is decided must be reopened first (409); a past deadline "
        "for answers does not stop the organizer." + PROTECTED_NOTE
    ),
    parameters=[URL_CODE],
    request=serializers.DateRangeInput,
    auth=KEY_OPTIONAL,
    responses={
        **ORGANIZER_CHANGE,
        404: NOT_FOUND,
        409: error_response("`this meeting is decided: reopen it before changing its dates`."),
        422: error_response(
            "As for `date_range` (but never `are already set`): an inverted range, one longer "
            "than 62 days or out of bounds, weekdays not 1-7 or given with dates, or a daily "
            "window that breaks a rule."
        ),
        503: UNAVAILABLE,
    },
)
