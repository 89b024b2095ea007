"""How a meeting key travels in the API: ``Authorization: Bearer <key>``, handed to the views as
``request.auth`` (there are no user accounts); the services decide whether it allows a change.
Each operation in ``meetings.api.openapi`` says whether it takes a key (``auth=``)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request

SCHEME = "meetingKey"
# ``extend_schema(auth=...)``: the operation's security requirements, as drf-spectacular puts
# them in the schema (its annotation says names, but it writes the list as given). An operation
# that takes a key on protected meetings and none on open ones; and one that always needs one.
KEY_OPTIONAL: Any = [{SCHEME: []}, {}]
ORGANIZER_KEY: Any = [{SCHEME: []}]


def bearer_key(authorization: str) -> str | None:
    """The key of an ``Authorization`` header value, as sent; ``None`` unless it is a bearer
    credential. Whether the key is well formed is not checked here: a malformed key is simply
    one that allows nothing."""
    scheme, _, credential = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not credential.strip():
        return None
    return credential.strip()


class MeetingKeyAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[None, str] | None:
        key = bearer_key(request.META.get("HTTP_AUTHORIZATION", ""))
        if key is None:
            return None
        return None, key

    def authenticate_header(self, request: Request) -> str:
        return "Bearer"


class MeetingKeyScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = MeetingKeyAuthentication
    name = SCHEME

    def get_security_requirement(self, auto_schema: Any) -> Any:
        return None  # each operation declares its own (extend_schema auth=...)

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A meeting's organizer key (answered once by `meeting_create`) or a "
                "participant's key (answered once by `participant_create`)."
            ),
        }
