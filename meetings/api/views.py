"""REST views: parse and validate, call one service, answer with JSON. No logic lives here."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar, TypeVar

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers as drf_serializers
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from meetings import calendar, limits, services
from meetings.api import cache, renderers, serializers
from meetings.api.keys import KEY_OPTIONAL, ORGANIZER_KEY, MeetingKeyAuthentication
from meetings.conditional import meeting_etag, meeting_not_modified
from meetings.domain import DateAction, DomainError, Editing, Meeting, key_new
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


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(serializers.ErrorOutput, description=description)


BAD_REQUEST = OpenApiResponse(
    serializers.FIELD_ERRORS_SCHEMA,
    description=(
        "Malformed body or a broken rule: DRF's field errors (a list of messages per field, or "
        '`non_field_errors`), or `{"detail": ...}`.'
    ),
)
NOT_FOUND = _error("No meeting with this url_code: `meeting with url_code: {url_code} not found`.")
UNAVAILABLE = _error("The store cannot be reached right now; retry later.")
URL_CODE = OpenApiParameter("url_code", OpenApiTypes.STR, OpenApiParameter.PATH)
PARTICIPANT_ID = OpenApiParameter("participant_id", OpenApiTypes.STR, OpenApiParameter.PATH)
TOO_MANY = _error(
    "Too many requests from this address (creating, joining, or refused keys); the "
    "`Retry-After` header says in how many seconds to try again."
)
NO_KEY_ORGANIZER = _error(
    "The meeting is protected and the request carried no key: "
    "`this change needs the organizer key`. Comes with `WWW-Authenticate: Bearer`."
)
NO_KEY_ROW = _error(
    "The meeting is protected and the request carried no key: "
    "`this change needs the participant's key or the organizer key`. Comes with "
    "`WWW-Authenticate: Bearer`."
)
REFUSED_ORGANIZER = _error(
    "The key is not this meeting's organizer key: "
    "`the key does not allow this change: it needs the organizer key`."
)
REFUSED_ROW = _error(
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
CLOSED = _error(
    "The organizer picked the final date, which closes the meeting to marks: "
    "`this meeting is closed: the organizer has picked the final date`."
)
PROTECTED_NOTE = (
    " On a protected meeting this needs the organizer key (`Authorization: Bearer <key>`); "
    "on an open one, no key."
)
ROW_NOTE = (
    " On a protected meeting this needs the participant's key or the organizer key "
    "(`Authorization: Bearer <key>`); on an open one, no key."
)


def no_store(response: HttpResponseBase) -> HttpResponseBase:
    """Answers that carry a key: never kept by a browser or proxy cache."""
    response["Cache-Control"] = "no-store"
    return response


class AnyAccept(BaseContentNegotiation):
    """The calendar file's errors are JSON whatever the client accepts (a calendar app may
    send ``Accept: text/calendar``), rather than 406."""

    def select_parser(self, request: Request, parsers: Any) -> Any:
        return parsers[0] if parsers else None

    def select_renderer(
        self,
        request: Request,
        renderers: Iterable[BaseRenderer],
        format_suffix: str | None = None,
    ) -> tuple[BaseRenderer, str]:
        first = next(iter(renderers))
        return first, first.media_type


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
        (``meetings.api.cache``), unless the client asked for indented JSON."""
        headers = {"ETag": meeting_etag(meeting.version), **headers}
        data = serializers.meeting_json(meeting)
        if renderers.wants_indent(request):
            return Response(data, status=code, headers=headers)
        body = renderers.meeting_render(data)
        cache.rendered_meeting_put(
            store=self.store, url_code=meeting.url_code, version=meeting.version, body=body
        )
        return meeting_bytes_response(body, code=code, **headers)


class MeetingViewSet(StoreViewSet):
    lookup_field = "url_code"
    lookup_value_regex = "[^/]+"

    @extend_schema(
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
    def create(self, request: Request) -> HttpResponseBase:
        limits.limit_count(request, limits.CREATE)
        data = validated(serializers.MeetingCreateInput(data=request.data))
        organizer_key = key_new()
        meeting = services.meeting_create(
            repo=self.repo,
            title=data["title"],
            location=data["location"],
            organizer_key=organizer_key,
        )
        location = reverse(f"{self.store}-meeting-detail", kwargs={"url_code": meeting.url_code})
        body = {**serializers.meeting_json(meeting), "organizer_key": organizer_key}
        headers = {"ETag": meeting_etag(meeting.version), "Location": location}
        return no_store(Response(body, status=status.HTTP_201_CREATED, headers=headers))

    @extend_schema(
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
    def retrieve(self, request: Request, url_code: str) -> HttpResponseBase:
        # A poll whose If-None-Match matches was answered with 304 by dispatch() already; one
        # that did not match left the version it read in ``_polled_version``.
        kept = None
        if not renderers.wants_indent(request):
            kept = cache.rendered_meeting_get(store=self.store, url_code=url_code)
        if kept is not None:
            version = self._polled_version
            if version is None:
                version = services.meeting_version(repo=self.repo, url_code=url_code)
            if version == kept.version:
                return meeting_bytes_response(
                    kept.body, code=status.HTTP_200_OK, ETag=meeting_etag(version)
                )
        meeting = services.meeting_get(repo=self.repo, url_code=url_code)
        return self.meeting_response(request, meeting)

    _polled_version: int | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        """Answer the poll (GET with a matching If-None-Match) with 304 before DRF's request
        handling, which costs more CPU than the one indexed read the poll needs. Anything else,
        an unknown meeting or a database error on that read included, goes through DRF, which
        answers it as usual."""
        if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
        retrieve = getattr(self, "action_map", {}).get("get") == "retrieve"
        if request.method == "GET" and if_none_match and retrieve and "url_code" in kwargs:
            try:
                version = services.meeting_version(repo=self.repo, url_code=kwargs["url_code"])
            except (DomainError, DatabaseError):
                version = None
            if version is not None:
                if response := meeting_not_modified(if_none_match, version):
                    return response
                self._polled_version = version
        return super().dispatch(request, *args, **kwargs)

    @extend_schema(
        operation_id="meeting_set_date_range",
        summary="Set the date range (once)",
        description=PROTECTED_NOTE.strip(),
        parameters=[URL_CODE],
        request=serializers.DateRangeInput,
        auth=KEY_OPTIONAL,
        responses={
            **ORGANIZER_CHANGE,
            404: NOT_FOUND,
            422: _error(
                "The range is inverted, longer than 62 days, or was set before: "
                "`start {start} should not be after end {end}`, "
                "`start {start} and end {end} should be within 62 days`, "
                "`dates should be between 1900-01-01 and 9000-12-31`, "
                "`meeting: {url_code} start: {start} end: {end} are already set`. Or the "
                "daily window breaks a rule: `start_time, end_time, slot_minutes and "
                "time_zone go together`, `start_time 09:10 is not on a 30-minute slot "
                "boundary`, `end_time 09:00 should be after start_time 10:00`, `time_zone "
                "Mars/Base is not a known IANA time zone`, or a time not written as HH:MM."
            ),
            503: UNAVAILABLE,
        },
    )
    @action(detail=True, methods=["patch"], url_path="date_range")
    def date_range(self, request: Request, url_code: str) -> HttpResponseBase:
        data = validated(serializers.DateRangeInput(data=request.data))
        window = services.time_window(
            start_time=data.get("start_time"),
            end_time=data.get("end_time"),
            slot_minutes=data.get("slot_minutes"),
            time_zone=data.get("time_zone"),
        )
        meeting = services.meeting_set_date_range(
            repo=self.repo,
            url_code=url_code,
            start_date=data["start_date"],
            end_date=data["end_date"],
            window=window,
            key=self.key(request),
        )
        return self.meeting_response(request, meeting)

    @extend_schema(
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
    @action(detail=True, methods=["patch"])
    def title(self, request: Request, url_code: str) -> HttpResponseBase:
        data = validated(serializers.TitleInput(data=request.data))
        return self.meeting_response(
            request,
            services.meeting_set_title(
                repo=self.repo, url_code=url_code, title=data["title"], key=self.key(request)
            ),
        )

    @extend_schema(
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
    @action(detail=True, methods=["patch"])
    def location(self, request: Request, url_code: str) -> HttpResponseBase:
        data = validated(serializers.LocationInput(data=request.data))
        return self.meeting_response(
            request,
            services.meeting_set_location(
                repo=self.repo,
                url_code=url_code,
                location=data["location"],
                key=self.key(request),
            ),
        )

    @extend_schema(
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
    @action(detail=True, methods=["patch"])
    def editing(self, request: Request, url_code: str) -> HttpResponseBase:
        data = validated(serializers.EditingInput(data=request.data))
        return self.meeting_response(
            request,
            services.meeting_set_editing(
                repo=self.repo,
                url_code=url_code,
                editing=Editing(data["editing"]),
                key=self.key(request),
            ),
        )

    @extend_schema(
        operation_id="meeting_set_final",
        summary="Decide the final date, or reopen",
        description=(
            '`{"date": ...}` on a dates-only meeting, `{"date", "start", "end"}` on a timed one '
            "(slot boundaries inside the window), with an optional `note` (at most 500 "
            "characters): records the decision and closes the meeting, so joins and marks are "
            'refused with 409 until `{"final": null}` reopens it.' + PROTECTED_NOTE
        ),
        parameters=[URL_CODE],
        request=serializers.FinalInput,
        auth=KEY_OPTIONAL,
        responses={
            **ORGANIZER_CHANGE,
            404: NOT_FOUND,
            422: _error(
                "The decision breaks a rule: `date 2026-12-20 is not in the meeting's range`, "
                "`the meeting has no dates to pick from yet`, `a meeting with time slots needs "
                "start and end`, `start and end are only for meetings with time slots`, `start "
                "08:30 is outside the window 09:00-12:00`, `end 10:10 is not on a 30-minute "
                "slot boundary`, `end 10:00 should be after start 10:00`, `note should be at "
                "most 500 characters`."
            ),
            503: UNAVAILABLE,
        },
    )
    @action(detail=True, methods=["patch"])
    def final(self, request: Request, url_code: str) -> HttpResponseBase:
        data = validated(serializers.FinalInput(data=request.data))
        return self.meeting_response(
            request,
            services.meeting_set_final(
                repo=self.repo,
                url_code=url_code,
                day=data.get("date"),
                start=data.get("start"),
                end=data.get("end"),
                note=data.get("note", ""),
                key=self.key(request),
            ),
        )

    @extend_schema(
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
    def destroy(self, request: Request, url_code: str) -> HttpResponseBase:
        services.meeting_delete(repo=self.repo, url_code=url_code, key=self.key(request))
        cache.rendered_meeting_drop(store=self.store, url_code=url_code)
        return no_store(Response(status=status.HTTP_204_NO_CONTENT))

    @extend_schema(
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
            404: _error(
                "`meeting with url_code: {url_code} not found`, or "
                "`meeting with url_code: {url_code} has no final date yet`."
            ),
            503: UNAVAILABLE,
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"event\.ics",
        url_name="event",
        content_negotiation_class=AnyAccept,
    )
    def event(self, request: Request, url_code: str) -> HttpResponseBase:
        meeting = services.meeting_get(repo=self.repo, url_code=url_code)
        if self.store == settings.MEETINGS_PAGES_STORE:
            link = reverse("meeting_page", kwargs={"url_code": meeting.url_code})
        else:  # no page shows this store's meetings: the link is the API's
            link = reverse(f"{self.store}-meeting-detail", kwargs={"url_code": meeting.url_code})
        event = calendar.calendar_event(
            meeting, link=request.build_absolute_uri(link), untitled="Untitled meeting"
        )
        return HttpResponse(
            calendar.ics_render(event),
            content_type=calendar.MEDIA_TYPE,
            headers={
                "Content-Disposition": (
                    f'attachment; filename="{calendar.ics_filename(meeting.url_code)}"'
                ),
                "ETag": meeting_etag(meeting.version),
            },
        )

    @extend_schema(
        operation_id="participant_marks",
        summary="Paint marks on a participant's dates",
        description=(
            "Applies up to 500 marks in order, all or none, in one change: each is a `date`, "
            "an `action` (`on`, `off`, `star`, `unstar`, with the meanings of the per-date "
            "endpoints) and, on timed meetings, optionally `from`/`to` (slot boundaries inside "
            "the window; omitted: the whole day). Dates-only meetings take no `from`/`to`."
            + ROW_NOTE
        ),
        parameters=[URL_CODE, PARTICIPANT_ID],
        request=serializers.MarksInput,
        auth=KEY_OPTIONAL,
        responses={
            **ROW_CHANGE,
            404: _error(
                "`meeting with url_code: {url_code} not found`, or "
                "`participant with id: {participant_id} not found`."
            ),
            409: CLOSED,
            422: _error(
                "A mark breaks a rule, and nothing of the request is applied: `date "
                "2026-12-09 is not in the meeting's range`, `from 08:30 is outside the window "
                "09:00-12:00`, `to 10:10 is not on a 30-minute slot boundary`, `to 10:00 "
                "should be after from 10:00`, `from and to go together`, `from and to are "
                "only for meetings with time slots`, `send between 1 and 500 marks`."
            ),
            503: UNAVAILABLE,
        },
    )
    @action(
        detail=True,
        methods=["patch"],
        url_path=r"participants/(?P<participant_id>[^/]+)/marks",
        url_name="participant-marks",
    )
    def participant_marks(
        self, request: Request, url_code: str, participant_id: str
    ) -> HttpResponseBase:
        parsed = self.participant_id(participant_id)
        body = serializers.MarksInput(data=request.data)
        if not body.is_valid():
            # Errors of single marks as plain messages naming the mark, like every other 400.
            raise drf_serializers.ValidationError(serializers.errors_flat(body.errors))
        data: dict[str, Any] = body.validated_data
        marks = [
            services.MarkRequest(
                day=mark["date"],
                action=DateAction(mark["action"]),
                begin=mark.get("from"),
                end=mark.get("to"),
            )
            for mark in data["marks"]
        ]
        return self.meeting_response(
            request,
            services.participant_marks(
                repo=self.repo,
                url_code=url_code,
                participant_id=parsed,
                marks=marks,
                key=self.key(request),
            ),
        )

    def participant_id(self, raw: str) -> Any:
        """A participant id from the path, as this store writes ids (400 otherwise)."""
        field = serializers.id_field(self.repo.id_kind)
        try:
            return _id_value(field.run_validation(raw))
        except drf_serializers.ValidationError as error:
            raise drf_serializers.ValidationError({"participant_id": error.detail}) from error

    @extend_schema(
        operation_id="participant_delete",
        summary="Remove a participant",
        description="Removes the participant and its dates; answers with the latest meeting."
        + ROW_NOTE,
        parameters=[URL_CODE, PARTICIPANT_ID],
        auth=KEY_OPTIONAL,
        responses={
            **ROW_CHANGE,
            404: _error(
                "`meeting with url_code: {url_code} not found`, or "
                "`participant with id: {participant_id} not found` (also when the participant "
                "belongs to another meeting)."
            ),
            503: UNAVAILABLE,
        },
    )
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"participants/(?P<participant_id>[^/]+)",
        url_name="participant",
    )
    def participant_delete(
        self, request: Request, url_code: str, participant_id: str
    ) -> HttpResponseBase:
        return self.meeting_response(
            request,
            services.participant_delete(
                repo=self.repo,
                url_code=url_code,
                participant_id=self.participant_id(participant_id),
                key=self.key(request),
            ),
        )


class ParticipantViewSet(StoreViewSet):
    lookup_field = "participant_id"
    lookup_value_regex = "[^/]+"

    @extend_schema(
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
            409: _error(
                "`participant with name: {name} already exists` (case-insensitive), or the "
                "meeting is closed: `this meeting is closed: the organizer has picked the "
                "final date`."
            ),
            429: TOO_MANY,
            503: UNAVAILABLE,
        },
    )
    def create(self, request: Request) -> HttpResponseBase:
        limits.limit_count(request, limits.JOIN)
        data = validated(serializers.ParticipantCreateInput(data=request.data))
        participant_key = key_new()
        participant, meeting = services.participant_create(
            repo=self.repo,
            url_code=data["meeting_url_code"],
            name=data["name"],
            participant_key=participant_key,
        )
        body = {
            "participant_id": participant.id,
            "participant_key": participant_key,
            "participant_dates": serializers.participant_dates_json(participant),
            "meeting": serializers.meeting_json(meeting),
        }
        return no_store(
            Response(
                body,
                status=status.HTTP_201_CREATED,
                headers={"ETag": meeting_etag(meeting.version)},
            )
        )


def _id_value(parsed: Any) -> Any:
    """UUIDs travel as strings, integers as integers."""
    return parsed if isinstance(parsed, int) else str(parsed)


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
            404: _error(
                "`meeting with url_code: {url_code} not found`, or "
                "`participant_date with id: {participant_date_id} not found` (also when the "
                "date belongs to another meeting)."
            ),
            409: CLOSED,
            503: UNAVAILABLE,
        },
    )


class ParticipantDateViewSet(StoreViewSet):
    """One date of one participant: ``PATCH participant_dates/on``, ``/off``, ``/star``,
    ``/unstar``."""

    # PATCH participant_dates/on
    @_participant_date("participant_date_on", "Mark a date free (the star stays)")
    @action(detail=False, methods=["patch"], url_path="on")
    def on(self, request: Request) -> HttpResponseBase:
        return self.date_mark(request, DateAction.ON)

    # PATCH participant_dates/off
    @_participant_date("participant_date_off", "Mark a date busy (clears the star)")
    @action(detail=False, methods=["patch"], url_path="off")
    def off(self, request: Request) -> HttpResponseBase:
        return self.date_mark(request, DateAction.OFF)

    # PATCH participant_dates/star
    @_participant_date("participant_date_star", "Star a date as preferred (also marks it free)")
    @action(detail=False, methods=["patch"], url_path="star")
    def star(self, request: Request) -> HttpResponseBase:
        return self.date_mark(request, DateAction.STAR)

    # PATCH participant_dates/unstar
    @_participant_date("participant_date_unstar", "Remove the star (the date stays free)")
    @action(detail=False, methods=["patch"], url_path="unstar")
    def unstar(self, request: Request) -> HttpResponseBase:
        return self.date_mark(request, DateAction.UNSTAR)

    def date_mark(self, request: Request, date_action: DateAction) -> HttpResponseBase:
        """Apply one date action to the date the body names; answer with the meeting."""
        data = validated(
            serializers.ParticipantDateInput(data=request.data, id_kind=self.repo.id_kind)
        )
        meeting = services.participant_date_mark(
            repo=self.repo,
            url_code=data["meeting_url_code"],
            participant_date_id=_id_value(data["participant_date_id"]),
            action=date_action,
            key=self.key(request),
        )
        return self.meeting_response(request, meeting)
