"""``/v1/<store>/meetings``: create, read (with the 304 poll), change and delete a meeting, its
calendar file, its answers as CSV, and the participant routes under a meeting (marks, removal;
the password routes come from ``passwords.ParticipantPasswordActions``, the calendar's from
``calendars.ParticipantCalendarActions``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from rest_framework import serializers as drf_serializers
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from meetings import calendar, downloads, limits, rendered, services, spreadsheet
from meetings.api import (
    openapi,
    openapi_deadline,
    openapi_export,
    openapi_schedule,
    output,
    renderers,
    serializers,
)
from meetings.api.views.base import (
    id_value,
    meeting_bytes_response,
    no_store,
    validated,
)
from meetings.api.views.calendars import ParticipantCalendarActions
from meetings.conditional import meeting_etag, meeting_poll
from meetings.domain import DateAction, DomainError, Editing, key_new


def _days(request: Request) -> dict[str, Any]:
    """The days and window a ``date_range`` or ``schedule`` body asks for (the same body)."""
    data = validated(serializers.DateRangeInput(data=request.data))
    window = services.time_window(
        start_time=data.get("start_time"),
        end_time=data.get("end_time"),
        slot_minutes=data.get("slot_minutes"),
        time_zone=data.get("time_zone"),
    )
    return {
        "start_date": data.get("start_date"),
        "end_date": data.get("end_date"),
        "weekdays": data.get("weekdays"),
        "window": window,
    }


class AnyAccept(BaseContentNegotiation):
    """The calendar and CSV files' errors are JSON whatever the client accepts (a calendar app may
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


class MeetingViewSet(ParticipantCalendarActions):
    lookup_field = "url_code"
    lookup_value_regex = "[^/]+"

    @openapi.meeting_create
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
        body = {**output.meeting_json(meeting), "organizer_key": organizer_key}
        headers = {"ETag": meeting_etag(meeting.version), "Location": location}
        return no_store(Response(body, status=status.HTTP_201_CREATED, headers=headers))

    @openapi.meeting_get
    def retrieve(self, request: Request, url_code: str) -> HttpResponseBase:
        # A poll whose If-None-Match matches was answered with 304 by dispatch() already; one
        # that did not match left the version it read in ``_polled_version``.
        kept = None
        if not renderers.wants_indent(request):
            kept = rendered.rendered_meeting_get(store=self.store, url_code=url_code)
        if kept is not None:
            version = self._polled_version
            if version is None:
                version = services.meeting_version(repo=self.repo, url_code=url_code)
            if kept.fresh_at(version):
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
                version, response = meeting_poll(
                    repo=self.repo, url_code=kwargs["url_code"], if_none_match=if_none_match
                )
            except (DomainError, DatabaseError):
                version, response = None, None
            if response is not None:
                return response
            self._polled_version = version
        return super().dispatch(request, *args, **kwargs)

    @openapi.meeting_set_date_range
    @action(detail=True, methods=["patch"], url_path="date_range")
    def date_range(self, request: Request, url_code: str) -> HttpResponseBase:
        meeting = services.meeting_set_date_range(
            repo=self.repo, url_code=url_code, key=self.key(request), **_days(request)
        )
        return self.meeting_response(request, meeting)

    @openapi_schedule.meeting_change_schedule
    @action(detail=True, methods=["put"], url_path="schedule")
    def schedule(self, request: Request, url_code: str) -> HttpResponseBase:
        meeting = services.meeting_change_schedule(
            repo=self.repo, url_code=url_code, key=self.key(request), **_days(request)
        )
        return self.meeting_response(request, meeting)

    @openapi.meeting_set_title
    @action(detail=True, methods=["patch"])
    def title(self, request: Request, url_code: str) -> HttpResponseBase:
        data = validated(serializers.TitleInput(data=request.data))
        return self.meeting_response(
            request,
            services.meeting_set_title(
                repo=self.repo, url_code=url_code, title=data["title"], key=self.key(request)
            ),
        )

    @openapi.meeting_set_location
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

    @openapi.meeting_set_editing
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

    @openapi.meeting_set_final
    @action(detail=True, methods=["patch"])
    def final(self, request: Request, url_code: str) -> HttpResponseBase:
        data = validated(serializers.FinalInput(data=request.data))
        return self.meeting_response(
            request,
            services.meeting_set_final(
                repo=self.repo,
                url_code=url_code,
                day=data.get("date", data.get("starts_on")),
                start=data.get("start"),
                end=data.get("end"),
                note=data.get("note", ""),
                weekday=data.get("weekday"),
                recurring=None if "final" in data else "starts_on" in data,
                key=self.key(request),
            ),
        )

    @openapi_deadline.meeting_set_deadline
    @action(detail=True, methods=["patch"])
    def deadline(self, request: Request, url_code: str) -> HttpResponseBase:
        data = validated(serializers.DeadlineInput(data=request.data))
        return self.meeting_response(
            request,
            services.meeting_set_deadline(
                repo=self.repo,
                url_code=url_code,
                deadline=data["deadline"],
                key=self.key(request),
            ),
        )

    @openapi.meeting_delete
    def destroy(self, request: Request, url_code: str) -> HttpResponseBase:
        services.meeting_delete(repo=self.repo, url_code=url_code, key=self.key(request))
        rendered.rendered_meeting_drop(store=self.store, url_code=url_code)
        return no_store(Response(status=status.HTTP_204_NO_CONTENT))

    @openapi.meeting_event
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

    @openapi_export.meeting_answers
    @action(
        detail=True,
        methods=["get"],
        url_path=r"answers\.csv",
        url_name="answers",
        content_negotiation_class=AnyAccept,
    )
    def answers(self, request: Request, url_code: str) -> HttpResponseBase:
        table = services.meeting_answers_table(repo=self.repo, url_code=url_code)
        return HttpResponse(
            spreadsheet.csv_render(table.rows),
            content_type=spreadsheet.MEDIA_TYPE,
            headers={
                "Content-Disposition": downloads.title_disposition(
                    table.title, extension=spreadsheet.EXTENSION, default=spreadsheet.DEFAULT_STEM
                ),
                "ETag": meeting_etag(table.version),
            },
        )

    @openapi.participant_marks
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
                day=mark.get("date"),
                weekday=mark.get("weekday"),
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
            return id_value(field.run_validation(raw))
        except drf_serializers.ValidationError as error:
            raise drf_serializers.ValidationError({"participant_id": error.detail}) from error

    @openapi.participant_delete
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
