"""What every API viewset shares: the store it is bound to, the request's key, and the meeting
answer (JSON with its ETag, its bytes kept for the GETs that follow)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.http import HttpResponse
from django.http.response import HttpResponseBase
from rest_framework import serializers as drf_serializers
from rest_framework import status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from meetings import rendered
from meetings.api import output, renderers
from meetings.api.keys import MeetingKeyAuthentication
from meetings.conditional import meeting_etag
from meetings.domain import Meeting
from meetings.repositories import MeetingRepository, repository_for


def meeting_bytes_response(body: bytes, *, code: int, **headers: str) -> HttpResponse:
    """A meeting rendered by ``renderers.meeting_render``: DRF's JSON output, byte for byte."""
    return HttpResponse(
        body, status=code, content_type=renderers.FastJSONRenderer.media_type, headers=headers
    )


def validated(serializer: drf_serializers.Serializer[Any]) -> dict[str, Any]:
    serializer.is_valid(raise_exception=True)
    data: dict[str, Any] = serializer.validated_data
    return data


def no_store(response: HttpResponseBase) -> HttpResponseBase:
    """Answers that carry a key: never kept by a browser or proxy cache."""
    response["Cache-Control"] = "no-store"
    return response


def id_value(parsed: Any) -> Any:
    """UUIDs travel as strings, integers as integers."""
    return parsed if isinstance(parsed, int) else str(parsed)


class StoreViewSet(viewsets.ViewSet):
    """Views bound to one store; each store gets a subclass with its own routes."""

    store: ClassVar[str] = "mysql"
    authentication_classes = [MeetingKeyAuthentication]

    @staticmethod
    def key(request: Request) -> str | None:
        """The ``Authorization: Bearer`` key of the request (``MeetingKeyAuthentication``)."""
        return request.auth if isinstance(request.auth, str) else None

    @property
    def repo(self) -> MeetingRepository:
        return repository_for(self.store)

    def meeting_response(
        self, request: Request, meeting: Meeting, *, code: int = status.HTTP_200_OK, **headers: str
    ) -> HttpResponseBase:
        """The meeting as JSON with its ETag. The bytes are also kept for the GETs that follow
        (``meetings.rendered``), unless the client asked for indented JSON."""
        headers = {"ETag": meeting_etag(meeting.version), **headers}
        data = output.meeting_json(meeting)
        if renderers.wants_indent(request):
            return Response(data, status=code, headers=headers)
        body = renderers.meeting_render(data)
        rendered.rendered_meeting_put(
            store=self.store, url_code=meeting.url_code, version=meeting.version, body=body
        )
        return meeting_bytes_response(body, code=code, **headers)
