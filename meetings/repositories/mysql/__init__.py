"""The MySQL store (Django ORM): ``repository`` (``DjangoMeetingRepository``), ``reads`` (the
compiled reads every GET runs) and ``rows`` (rows as domain values)."""

from meetings.repositories.mysql.repository import DjangoMeetingRepository, tombstones_add

__all__ = ["DjangoMeetingRepository", "tombstones_add"]
