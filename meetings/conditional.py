"""Conditional requests for both faces: a meeting's ETag is its version, and a poll whose
``If-None-Match`` names it gets 304 after one indexed read (the API's GET, the pages' grid).

That read may lag (``meeting_poll``): with a replica set up it asks the replica, and trusts it
only to say "not modified". Any other answer (a newer or an older version, a meeting the
replica does not know yet) is read again on the primary, so a poll never sends back an older
meeting than the one its client last saw, nor a 404 for a meeting just created.
"""

from __future__ import annotations

from django.http import HttpResponseNotModified
from django.utils.http import parse_etags

from meetings import replica, services
from meetings.domain import DomainError
from meetings.repositories.base import MeetingRepository


def meeting_etag(version: int) -> str:
    return f'"m{version}"'


def meeting_not_modified(if_none_match: str, version: int) -> HttpResponseNotModified | None:
    """304 when ``If-None-Match`` names the meeting's current version (or is ``*``)."""
    etag = meeting_etag(version)
    if if_none_match.strip() != "*" and etag not in parse_etags(if_none_match):
        return None
    response = HttpResponseNotModified()
    response["ETag"] = etag
    return response


def meeting_poll(
    *, repo: MeetingRepository, url_code: str, if_none_match: str
) -> tuple[int, HttpResponseNotModified | None]:
    """The meeting's version, and the 304 answering the poll when it names that version; the
    version from the replica when it says "not modified", else from the primary. Raises what
    ``services.meeting_version`` raises (an unknown meeting, a database error)."""
    with replica.lagging_reads() as lagging:
        try:
            version: int | None = services.meeting_version(repo=repo, url_code=url_code)
        except DomainError:
            if not lagging.used:
                raise
            version = None  # not there yet: the primary tells
    if version is not None and (response := meeting_not_modified(if_none_match, version)):
        return version, response
    if lagging.used or version is None:
        version = services.meeting_version(repo=repo, url_code=url_code)
        return version, meeting_not_modified(if_none_match, version)
    return version, None
