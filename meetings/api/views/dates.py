"""``/v1/<store>/participant_dates/{on,off,star,unstar,ifneedbe}``: mark one date of one
participant."""

from __future__ import annotations

from django.http.response import HttpResponseBase
from rest_framework.decorators import action
from rest_framework.request import Request

from meetings import services
from meetings.api import openapi, serializers
from meetings.api.views.base import StoreViewSet, id_value, validated
from meetings.domain import DateAction


class ParticipantDateViewSet(StoreViewSet):
    """One date of one participant: ``PATCH participant_dates/on``, ``/off``, ``/star``,
    ``/unstar``, ``/ifneedbe``."""

    # PATCH participant_dates/on
    @openapi.participant_date_on
    @action(detail=False, methods=["patch"], url_path="on")
    def on(self, request: Request) -> HttpResponseBase:
        return self.date_mark(request, DateAction.ON)

    # PATCH participant_dates/off
    @openapi.participant_date_off
    @action(detail=False, methods=["patch"], url_path="off")
    def off(self, request: Request) -> HttpResponseBase:
        return self.date_mark(request, DateAction.OFF)

    # PATCH participant_dates/star
    @openapi.participant_date_star
    @action(detail=False, methods=["patch"], url_path="star")
    def star(self, request: Request) -> HttpResponseBase:
        return self.date_mark(request, DateAction.STAR)

    # PATCH participant_dates/unstar
    @openapi.participant_date_unstar
    @action(detail=False, methods=["patch"], url_path="unstar")
    def unstar(self, request: Request) -> HttpResponseBase:
        return self.date_mark(request, DateAction.UNSTAR)

    # PATCH participant_dates/ifneedbe
    @openapi.participant_date_ifneedbe
    @action(detail=False, methods=["patch"], url_path="ifneedbe")
    def ifneedbe(self, request: Request) -> HttpResponseBase:
        return self.date_mark(request, DateAction.IFNEEDBE)

    def date_mark(self, request: Request, date_action: DateAction) -> HttpResponseBase:
        """Apply one date action to the date the body names; answer with the meeting."""
        data = validated(
            serializers.ParticipantDateInput(data=request.data, id_kind=self.repo.id_kind)
        )
        meeting = services.participant_date_mark(
            repo=self.repo,
            url_code=data["meeting_url_code"],
            participant_date_id=id_value(data["participant_date_id"]),
            action=date_action,
            key=self.key(request),
        )
        return self.meeting_response(request, meeting)
