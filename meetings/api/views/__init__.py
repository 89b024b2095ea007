"""REST views: parse and validate, call one service, answer with JSON. No logic lives here.

One module per resource (``meetings``, ``participants``, ``dates``) over ``base.StoreViewSet``;
their OpenAPI declarations are in ``meetings.api.openapi``.
"""

from meetings.api.views.base import StoreViewSet
from meetings.api.views.dates import ParticipantDateViewSet
from meetings.api.views.meetings import MeetingViewSet
from meetings.api.views.participants import ParticipantViewSet

__all__ = ["MeetingViewSet", "ParticipantDateViewSet", "ParticipantViewSet", "StoreViewSet"]
