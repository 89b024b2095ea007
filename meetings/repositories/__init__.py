"""Meeting stores. ``repository_for(store)`` gives the one a request or page works with."""

from __future__ import annotations

from meetings.repositories.base import MeetingRepository

STORES = ("mysql", "edgedb")


def repository_for(store: str) -> MeetingRepository:
    if store == "mysql":
        from meetings.repositories.mysql import DjangoMeetingRepository

        return DjangoMeetingRepository()
    if store == "edgedb":
        # Imported here: the gel client is only loaded by processes that use the Gel store.
        from meetings.repositories.gel import GelMeetingRepository

        return GelMeetingRepository()
    raise LookupError(f"unknown meeting store: {store}")


__all__ = ["STORES", "MeetingRepository", "repository_for"]
