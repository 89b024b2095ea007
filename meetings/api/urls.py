"""``/v1/<store>/...`` routes: one set of viewsets, bound to each store by a subclass."""

from __future__ import annotations

from typing import Any

from rest_framework.routers import SimpleRouter

from meetings.api import views


def _bound(viewset: type[views.StoreViewSet], store: str) -> Any:
    return type(f"{store.title()}{viewset.__name__}", (viewset,), {"store": store})


def routes_for(store: str) -> list[Any]:
    router = SimpleRouter(trailing_slash=False)
    router.register("meetings", _bound(views.MeetingViewSet, store), basename=f"{store}-meeting")
    router.register(
        "participants", _bound(views.ParticipantViewSet, store), basename=f"{store}-participant"
    )
    router.register(
        "participant_dates",
        _bound(views.ParticipantDateViewSet, store),
        basename=f"{store}-participant-date",
    )
    return list(router.urls)
