"""A participant's own calendar under ``/v1/<store>/meetings/{url_code}/participants/{id}``:
``POST .../calendar`` with the iCalendar file (``text/calendar``), or ``{"url": ...}`` its
secret address, says which of the meeting's
dates and slots it keeps the participant busy on and, with ``?apply=``, marks them in one
change. ``MeetingViewSet`` takes this route from this mixin."""

from __future__ import annotations

from typing import Any

from django.http.response import HttpResponseBase
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from meetings import limits, services
from meetings.api import openapi
from meetings.api.calendar_io import CalendarQuery, CalendarUrlInput, calendar_json
from meetings.api.parsers import CalendarParser, NestingSafeJSONParser
from meetings.api.views.base import no_store, validated
from meetings.api.views.passwords import ParticipantPasswordActions
from meetings.domain import CalendarApply


class ParticipantCalendarActions(ParticipantPasswordActions):
    @openapi.participant_calendar
    @action(
        detail=True,
        methods=["post"],
        url_path=r"participants/(?P<participant_id>[^/]+)/calendar",
        url_name="participant-calendar",
        parser_classes=[CalendarParser, NestingSafeJSONParser],
    )
    def participant_calendar(
        self, request: Request, url_code: str, participant_id: str
    ) -> HttpResponseBase:
        parsed = self._participant(participant_id)
        query: dict[str, Any] = validated(CalendarQuery(data=request.query_params))
        # Reading one costs CPU (and maybe a fetch): counted before the body is even read.
        limits.limit_count(request, limits.CALENDAR)
        calendar, address = None, None
        if isinstance(request.data, bytes):
            calendar = request.data
        else:  # JSON: the calendar's address
            address = validated(CalendarUrlInput(data=request.data))["url"]
        read = services.participant_calendar_busy(
            repo=self.repo,
            url_code=url_code,
            participant_id=parsed,
            calendar=calendar,
            calendar_url=address,
            zone=query.get("time_zone"),
            apply=CalendarApply(query["apply"]) if "apply" in query else None,
            week=query.get("week"),
            key=self.key(request),
        )
        return no_store(Response(calendar_json(read)))
