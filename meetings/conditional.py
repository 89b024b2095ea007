"""Conditional requests for both faces: a meeting's ETag is its version, and a poll whose
``If-None-Match`` names it gets 304 after one indexed read (the API's GET, the pages' grid)."""

from __future__ import annotations

from django.http import HttpResponseNotModified
from django.utils.http import parse_etags


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
