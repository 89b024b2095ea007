"""The MySQL store (Django ORM): ``repository`` (``DjangoMeetingRepository``), ``reads`` (the
compiled reads every GET runs), ``rows`` (rows as domain values) and ``removal`` (the purge's
pick, deleting meetings, tombstones)."""

from meetings.repositories.mysql.removal import tombstones_add
from meetings.repositories.mysql.repository import DjangoMeetingRepository

__all__ = ["DjangoMeetingRepository", "tombstones_add"]
