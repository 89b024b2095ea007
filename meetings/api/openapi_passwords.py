"""The OpenAPI declarations of a participant's password and sign-in (see ``openapi``, whose
shared responses they use)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema

from meetings.api import serializers
from meetings.api.openapi import (
    BAD_REQUEST,
    PARTICIPANT_ID,
    TOO_MANY,
    UNAVAILABLE,
    URL_CODE,
    error_response,
)

OWN_KEY_ONLY: Any = [{"meetingKey": []}]
PASSWORD_CHANGE: dict[int, Any] = {
    204: OpenApiResponse(description="Done; nothing else changed (the meeting's version stays)."),
    400: BAD_REQUEST,
    401: error_response(
        "No key: `this change needs the participant's key`. With `WWW-Authenticate`."
    ),
    403: error_response(
        "The key is not the participant's own (the organizer key does not do either): `the "
        "key does not allow this change: it needs the participant's key`."
    ),
    404: error_response(
        "`meeting with url_code: {url_code} not found`, or `participant with id: "
        "{participant_id} not found` (also another meeting's participant)."
    ),
    429: TOO_MANY,
    503: UNAVAILABLE,
}
OWN_KEY_NOTE = (
    " Needs the participant's own key (from joining, or from `participant_session`), on "
    "protected and open meetings alike. Every key the old password gave stops working."
)

participant_password_set = extend_schema(
    operation_id="participant_password_set",
    summary="Set or change a participant's password",
    description=(
        "With a password, the participant can get a key for its row on another device "
        "(`participant_session`). 8 to 128 characters (400 `password should have at least 8 "
        "characters` / `at most 128`). Stored only as a salted hash (Django's password "
        "hashers); never shown in any answer." + OWN_KEY_NOTE
    ),
    parameters=[URL_CODE, PARTICIPANT_ID],
    request=serializers.PasswordInput,
    auth=OWN_KEY_ONLY,
    responses=PASSWORD_CHANGE,
)

participant_password_remove = extend_schema(
    operation_id="participant_password_remove",
    summary="Remove a participant's password",
    description="Signing in with a password is no longer possible for this row." + OWN_KEY_NOTE,
    parameters=[URL_CODE, PARTICIPANT_ID],
    request=None,
    auth=OWN_KEY_ONLY,
    responses=PASSWORD_CHANGE,
)

participant_session = extend_schema(
    operation_id="participant_session",
    summary="Sign in as a participant with its password",
    description=(
        "For a participant that set a password: the password gives a key for its row "
        "(`participant_key`), as its personal link does; the key from joining keeps working. "
        "A refused password counts against the address's refused-keys limit; past it, every "
        "password is answered 429 without being checked."
    ),
    parameters=[URL_CODE, PARTICIPANT_ID],
    request=serializers.PasswordInput,
    responses={
        200: serializers.ParticipantSessionOutput,
        400: BAD_REQUEST,
        403: error_response(
            "`the password does not fit this participant`: a wrong password, or a "
            "participant without one (the same answer)."
        ),
        404: PASSWORD_CHANGE[404],
        429: TOO_MANY,
        503: UNAVAILABLE,
    },
)
