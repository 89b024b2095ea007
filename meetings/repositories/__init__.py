"""Meeting stores. ``repository_for(store)`` gives the one a request or page works with."""

from __future__ import annotations

from meetings.repositories.base import MeetingRepository

STORES = ("mysql",)


def repository_for(store: str) -> MeetingRepository:
    if store == "mysql":
        from meetings.repositories.django_orm import DjangoMeetingRepository

        return DjangoMeetingRepository()
    raise LookupError(f"unknown meeting store: {store}")


__all__ = ["STORES", "MeetingRepository", "repository_for"]
