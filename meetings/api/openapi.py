"""The API's OpenAPI declarations, apart from the view code: each operation's ``extend_schema``
(id, summary, description, request, responses, parameters) and the responses they share. The
views apply them by operation id: ``@openapi.meeting_get``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

from meetings.api import calendar_io, serializers
from meetings.api.keys import KEY_OPTIONAL, ORGANIZER_KEY

# --- shared responses and parameters ---------------------------------------------------------


def error_response(description: str) -> OpenApiResponse:
    return OpenApiResponse(serializers.ErrorOutput, description=description)


BAD_REQUEST = OpenApiResponse(
    serializers.FIELD_ERRORS_SCHEMA,
    description=(
        "Malformed body or a broken rule: DRF's field errors (a list of messages per field, or "
        '`non_field_errors`), or `{"detail": ...}`.'
    ),
)
NOT_FOUND = error_response(
    "No meeting with this url_code: `meeting with url_code: {url_code} not found`."
)
UNAVAILABLE = error_response("The store cannot be reached right now; retry later.")
URL_CODE = OpenApiParameter("url_code", OpenApiTypes.STR, OpenApiParameter.PATH)
PARTICIPANT_ID = OpenApiParameter("participant_id", OpenApiTypes.STR, OpenApiParameter.PATH)
TOO_MANY = error_response(
    "Too many requests from this address (creating, joining, or refused keys); the "
    "`Retry-After` header says in how many seconds to try again."
)
NO_KEY_ORGANIZER = error_response(
    "The meeting is protected and the request carried no key: "
    "`this change needs the organizer key`. Comes with `WWW-Authenticate: Bearer`."
)
NO_KEY_ROW = error_response(
    "The meeting is protected and the request carried no key: "
    "`this change needs the participant's key or the organizer key`. Comes with "
    "`WWW-Authenticate: Bearer`."
)
REFUSED_ORGANIZER = error_response(
    "The key is not this meeting's organizer key: "
    "`the key does not allow this change: it needs the organizer key`."
)
REFUSED_ROW = error_response(
    "The key is neither the participant's nor the organizer's: "
    "`the key does not allow this change: it needs the participant's key or the organizer key`."
)
# What every change answers with or fails with, by who may make it on a protected meeting;
# each operation adds its 404, 422 and 503.
ORGANIZER_CHANGE: dict[int, Any] = {
    200: serializers.MeetingOutput,
    400: BAD_REQUEST,
    401: NO_KEY_ORGANIZER,
    403: REFUSED_ORGANIZER,
    429: TOO_MANY,
}
ROW_CHANGE: dict[int, Any] = {
    200: serializers.MeetingOutput,
    400: BAD_REQUEST,
    401: NO_KEY_ROW,
    403: REFUSED_ROW,
    429: TOO_MANY,
}
CLOSED = error_response(
    "The organizer picked the final date, which closes the meeting to marks: "
    "`this meeting is closed: the organizer has picked the final date`; or its deadline for "
    "answers came: `the deadline for answers has passed`."
)
PROTECTED_NOTE = (
    " On a protected meeting this needs the organizer key (`Authorization: Bearer <key>`); "
    "on an open one, no key."
)
ROW_NOTE = (
    " On a protected meeting this needs the participant's key or the organizer key "
    "(`Authorization: Bearer <key>`); on an open one, no key."
)


# --- /meetings -------------------------------------------------------------------------------

meeting_create = extend_schema(
    operation_id="meeting_create",
    summary="Create a meeting",
    description=(
        "The new meeting is protected. The answer carries its `organizer_key`, once: keep "
        "it; changing the title, location, dates and editing mode needs it, as does "
        "changing other people's rows."
    ),
    request=serializers.MeetingCreateInput,
    responses={
        201: serializers.MeetingCreatedOutput,
        400: BAD_REQUEST,
        429: TOO_MANY,
        503: UNAVAILABLE,
    },
)


meeting_get = extend_schema(
    operation_id="meeting_get",
    summary="Get a meeting",
    description=(
        "Answers with an `ETag`; send it back in `If-None-Match` to get 304 while nothing "
        "changed (one indexed read)."
    ),
    parameters=[
        URL_CODE,
        OpenApiParameter("If-None-Match", OpenApiTypes.STR, OpenApiParameter.HEADER),
    ],
    responses={
        200: serializers.MeetingOutput,
        304: OpenApiResponse(description="Not modified since the ETag sent."),
        404: NOT_FOUND,
        503: UNAVAILABLE,
    },
)


meeting_set_date_range = extend_schema(
    operation_id="meeting_set_date_range",
    summary="Set the date range or the weekdays (once)",
    description=(
        "A dated meeting: `start_date` and `end_date`. A weekly meeting (the same slot every "
        "week): `weekdays`, ISO numbers (Monday = 1), e.g. `[1, 3, 5]`; its answers, best "
        "days and decision then name weekdays. Either with the daily window (all four of "
        "`start_time`, `end_time`, `slot_minutes`, `time_zone`) or without." + PROTECTED_NOTE
    ),
    parameters=[URL_CODE],
    request=serializers.DateRangeInput,
    auth=KEY_OPTIONAL,
    responses={
        **ORGANIZER_CHANGE,
        404: NOT_FOUND,
        422: error_response(
            "The range is inverted, longer than 62 days, or was set before: "
            "`start {start} should not be after end {end}`, "
            "`start {start} and end {end} should be within 62 days`, "
            "`dates should be between 1900-01-01 and 9000-12-31`, "
            "`meeting: {url_code} start: {start} end: {end} are already set` (weekly: "
            "`meeting: {url_code} weekdays: 1, 3 are already set`). Weekdays: `give either "
            "start_date and end_date or weekdays, not both`, `weekdays should be a list of "
            "distinct ISO weekdays from 1 (Monday) to 7 (Sunday)`, `weekdays should name at "
            "least one day`. Or the "
            "daily window breaks a rule: `start_time, end_time, slot_minutes and "
            "time_zone go together`, `start_time 09:10 is not on a 30-minute slot "
            "boundary`, `end_time 09:00 should be after start_time 10:00`, `time_zone "
            "Mars/Base is not a known IANA time zone`, or a time not written as HH:MM."
        ),
        503: UNAVAILABLE,
    },
)


meeting_set_title = extend_schema(
    operation_id="meeting_set_title",
    summary="Change the title",
    description=PROTECTED_NOTE.strip(),
    parameters=[URL_CODE],
    request=serializers.TitleInput,
    auth=KEY_OPTIONAL,
    responses={
        **ORGANIZER_CHANGE,
        404: NOT_FOUND,
        503: UNAVAILABLE,
    },
)


meeting_set_location = extend_schema(
    operation_id="meeting_set_location",
    summary="Change the location",
    description=PROTECTED_NOTE.strip(),
    parameters=[URL_CODE],
    request=serializers.LocationInput,
    auth=KEY_OPTIONAL,
    responses={
        **ORGANIZER_CHANGE,
        404: NOT_FOUND,
        503: UNAVAILABLE,
    },
)


meeting_set_editing = extend_schema(
    operation_id="meeting_set_editing",
    summary="Open or protect editing",
    description=(
        "`open`: anyone with the link may change every row and the settings. `protected`: "
        "each row needs its participant's key or the organizer key, the settings the "
        "organizer key. Always needs the organizer key (meetings stored before keys "
        "existed have none, and stay open)."
    ),
    parameters=[URL_CODE],
    request=serializers.EditingInput,
    auth=ORGANIZER_KEY,
    responses={
        **ORGANIZER_CHANGE,
        404: NOT_FOUND,
        503: UNAVAILABLE,
    },
)


meeting_set_final = extend_schema(
    operation_id="meeting_set_final",
    summary="Decide the final date, or reopen",
    description=(
        '`{"date": ...}` on a dates-only meeting, `{"date", "start", "end"}` on a timed one '
        "(slot boundaries inside the window), with an optional `note` (at most 500 "
        "characters): records the decision and closes the meeting, so joins and marks are "
        'refused with 409 until `{"final": null}` reopens it. On a weekly meeting the '
        'decision recurs every week: `{"weekday": 3, "starts_on": "2027-01-06"}` (with '
        "`start`/`end` when timed), `starts_on` the first date it happens on, a date on that "
        "weekday; its calendar event repeats weekly." + PROTECTED_NOTE
    ),
    parameters=[URL_CODE],
    request=serializers.FinalInput,
    auth=KEY_OPTIONAL,
    responses={
        **ORGANIZER_CHANGE,
        404: NOT_FOUND,
        422: error_response(
            "The decision breaks a rule: `date 2026-12-20 is not in the meeting's range`, "
            "`the meeting has no dates to pick from yet`, `a meeting with time slots needs "
            "start and end`, `start and end are only for meetings with time slots`, `start "
            "08:30 is outside the window 09:00-12:00`, `end 10:10 is not on a 30-minute "
            "slot boundary`, `end 10:00 should be after start 10:00`, `note should be at "
            "most 500 characters`. Weekly: `starts_on 2027-01-07 is a Thursday, not weekday "
            "3`, `weekday 2 is not one of the meeting's weekdays (3)`, `this meeting is "
            "weekly: send weekday and starts_on instead of date`, `starts_on is only for "
            "weekly meetings; send date`."
        ),
        503: UNAVAILABLE,
    },
)


meeting_delete = extend_schema(
    operation_id="meeting_delete",
    summary="Delete the meeting",
    description=(
        "Deletes the meeting with every participant and mark, at once; its link answers "
        "404 afterwards. Always needs the organizer key (`Authorization: Bearer <key>`), "
        "also on an open meeting."
    ),
    parameters=[URL_CODE],
    auth=ORGANIZER_KEY,
    responses={
        204: OpenApiResponse(description="Deleted."),
        401: NO_KEY_ORGANIZER,
        403: REFUSED_ORGANIZER,
        404: NOT_FOUND,
        429: TOO_MANY,
        503: UNAVAILABLE,
    },
)


meeting_event = extend_schema(
    operation_id="meeting_event",
    summary="The decision as a calendar file",
    description=(
        "An iCalendar file (RFC 5545) with one event: the title, location, the meeting's "
        "link and the note; an all-day event on a dates-only meeting, a timed one in the "
        "meeting's time zone (with its VTIMEZONE) otherwise. Its UID is the same on every "
        "download."
    ),
    parameters=[URL_CODE],
    responses={
        (200, "text/calendar"): OpenApiResponse(OpenApiTypes.BINARY, description="The file."),
        404: error_response(
            "`meeting with url_code: {url_code} not found`, or "
            "`meeting with url_code: {url_code} has no final date yet`."
        ),
        503: UNAVAILABLE,
    },
)


participant_marks = extend_schema(
    operation_id="participant_marks",
    summary="Paint marks on a participant's dates",
    description=(
        "Applies up to 500 marks in order, all or none, in one change: each is a `date`, "
        "an `action` (`on`, `off`, `star`, `unstar`, `ifneedbe`, with the meanings of the per-date "
        "endpoints) and, on timed meetings, optionally `from`/`to` (slot boundaries inside "
        "the window; omitted: the whole day). Dates-only meetings take no `from`/`to`. On a "
        "weekly meeting a mark names a `weekday` (1-7) instead of a `date`." + ROW_NOTE
    ),
    parameters=[URL_CODE, PARTICIPANT_ID],
    request=serializers.MarksInput,
    auth=KEY_OPTIONAL,
    responses={
        **ROW_CHANGE,
        404: error_response(
            "`meeting with url_code: {url_code} not found`, or "
            "`participant with id: {participant_id} not found`."
        ),
        409: CLOSED,
        422: error_response(
            "A mark breaks a rule, and nothing of the request is applied: `date "
            "2026-12-09 is not in the meeting's range`, `from 08:30 is outside the window "
            "09:00-12:00`, `to 10:10 is not on a 30-minute slot boundary`, `to 10:00 "
            "should be after from 10:00`, `from and to go together`, `from and to are "
            "only for meetings with time slots`, `send between 1 and 500 marks`; the wrong "
            "kind of day: `this meeting is weekly: send weekday instead of date`, `weekday is "
            "only for weekly meetings; send date`, `weekday 2 is not one of the meeting's "
            "weekdays`."
        ),
        503: UNAVAILABLE,
    },
)


participant_delete = extend_schema(
    operation_id="participant_delete",
    summary="Remove a participant",
    description="Removes the participant and its dates; answers with the latest meeting."
    + ROW_NOTE,
    parameters=[URL_CODE, PARTICIPANT_ID],
    auth=KEY_OPTIONAL,
    responses={
        **ROW_CHANGE,
        404: error_response(
            "`meeting with url_code: {url_code} not found`, or "
            "`participant with id: {participant_id} not found` (also when the participant "
            "belongs to another meeting)."
        ),
        503: UNAVAILABLE,
    },
)


# --- /participants ---------------------------------------------------------------------------

participant_create = extend_schema(
    operation_id="participant_create",
    summary="Join a meeting",
    description=(
        "The new participant is free on every date of the meeting's range. The answer "
        "carries its `participant_key`, once: on a protected meeting, changing this row "
        "needs it (or the organizer key)."
    ),
    request=serializers.ParticipantCreateInput,
    responses={
        201: serializers.ParticipantCreatedOutput,
        400: BAD_REQUEST,
        404: NOT_FOUND,
        409: error_response(
            "`participant with name: {name} already exists` (case-insensitive), the "
            "meeting is closed: `this meeting is closed: the organizer has picked the "
            "final date`, past its deadline: `the deadline for answers has passed`, or full: "
            "`this meeting is full: it has {count} participants, the "
            "most allowed` (`MEETINGS_MAX_PARTICIPANTS`)."
        ),
        429: TOO_MANY,
        503: UNAVAILABLE,
    },
)


# --- /participant_dates ----------------------------------------------------------------------

_F = TypeVar("_F", bound=Callable[..., Any])


def _participant_date(operation_id: str, summary: str) -> Callable[[_F], _F]:
    """The schema of one ``participant_dates/<action>`` operation: they differ by id and summary."""
    return extend_schema(
        operation_id=operation_id,
        summary=summary,
        description=ROW_NOTE.strip(),
        request=serializers.ParticipantDateInput,
        auth=KEY_OPTIONAL,
        responses={
            **ROW_CHANGE,
            404: error_response(
                "`meeting with url_code: {url_code} not found`, or "
                "`participant_date with id: {participant_date_id} not found` (also when the "
                "date belongs to another meeting)."
            ),
            409: CLOSED,
            503: UNAVAILABLE,
        },
    )


participant_date_on = _participant_date(
    "participant_date_on", "Mark a date free (a star or an if need be stays)"
)
participant_date_off = _participant_date(
    "participant_date_off", "Mark a date busy (clears the star and the if need be)"
)
participant_date_star = _participant_date(
    "participant_date_star", "Star a date as preferred (also marks it free, not if need be)"
)
participant_date_unstar = _participant_date(
    "participant_date_unstar", "Make a date plainly free (clears the star and the if need be)"
)
participant_date_ifneedbe = _participant_date(
    "participant_date_ifneedbe",
    "Mark a date free if need be (free, but rather not; clears the star)",
)


# --- a participant's calendar -----------------------------------------------------------------

participant_calendar = extend_schema(
    operation_id="participant_calendar",
    summary="Read a participant's calendar file, or its address, into its dates",
    description=(
        "The body is the participant's iCalendar file (`text/calendar`, up to 10 MB), or "
        '`{"url": ...}`, its secret `https://` or `webcal://` address, fetched only after '
        "the key is judged and only from public servers (also through redirects). Answers the "
        "busy spans on the meeting's dates (free and cancelled events left out, tentative "
        "ones apart), the marks `apply` makes (`busy`: busy dates or slots off; "
        "`busy_and_free`: also every other one on, preferred marks kept) and the meeting. "
        "Without `apply` nothing changes; with it, it is one change of the row. Only start "
        "and end are read; nothing of the calendar is kept. Counts against "
        '`MEETINGS_RATE_CALENDAR`. See docs/api.md, "Your calendar".' + ROW_NOTE
    ),
    parameters=[URL_CODE, PARTICIPANT_ID, calendar_io.CalendarQuery],
    request={
        "text/calendar": OpenApiTypes.BINARY,
        "application/json": calendar_io.CalendarUrlInput,
    },
    auth=KEY_OPTIONAL,
    responses={
        **ROW_CHANGE,
        200: calendar_io.CalendarOutput,
        400: OpenApiResponse(
            serializers.FIELD_ERRORS_SCHEMA,
            description='A bad `apply` or `time_zone`, or `{"detail": ...}`: a file that is '
            "no calendar, too large or broken, too many events, no dates set; an address "
            "not https, not public, unreachable, answering an error or redirecting too often "
            "(the exact texts: docs/api.md).",
        ),
        404: error_response(
            "`meeting with url_code: {url_code} not found`, or "
            "`participant with id: {participant_id} not found`."
        ),
        409: CLOSED,
        415: error_response("The body is neither `text/calendar` nor JSON."),
        503: UNAVAILABLE,
    },
)
