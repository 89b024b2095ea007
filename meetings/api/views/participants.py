"""``/v1/<store>/participants``: join a meeting (the answer carries the participant's key)."""

from __future__ import annotations

from django.conf import settings
from django.http.response import HttpResponseBase
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from meetings import limits, services
from meetings.api import openapi, output, serializers
from meetings.api.views.base import StoreViewSet, no_store, validated
from meetings.conditional import meeting_etag
from meetings.domain import key_new


class ParticipantViewSet(StoreViewSet):
    lookup_field = "participant_id"
    lookup_value_regex = "[^/]+"

    @openapi.participant_create
    def create(self, request: Request) -> HttpResponseBase:
        limits.limit_count(request, limits.JOIN)
        data = validated(serializers.ParticipantCreateInput(data=request.data))
        participant_key = key_new()
        participant, meeting = services.participant_create(
            repo=self.repo,
            url_code=data["meeting_url_code"],
            name=data["name"],
            participant_key=participant_key,
            max_participants=settings.MEETINGS_MAX_PARTICIPANTS,
        )
        body = {
            "participant_id": participant.id,
            "participant_key": participant_key,
            "participant_dates": output.participant_dates_json(
                participant, output.days_json(meeting)
            ),
            "meeting": output.meeting_json(meeting),
        }
        return no_store(
            Response(
                body,
                status=status.HTTP_201_CREATED,
                headers={"ETag": meeting_etag(meeting.version)},
            )
        )
