"""The meeting fragment: what the page's script asks for (``Meetifyr-Fragment: 1``) instead of
a whole page, and the fragments kept per version and viewer for the polls. A kept fragment holds
placeholders where this request's CSRF token and keys go: no key is ever kept.
"""

from __future__ import annotations

import hashlib
import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from meetings import metrics, rendered
from meetings.conditional import meeting_etag
from meetings.domain import key_digest
from meetings.web.busy_kept import busy_kept_here
from meetings.web.identity import SESSION_KEY, keys_get
from meetings.web.zones import meeting_zone_codes, viewer_zone

FRAGMENT_HEADER = "Meetifyr-Fragment"
CSRF_PLACEHOLDER = "\x00csrf\x00"


def is_fragment_request(request: HttpRequest) -> bool:
    return request.headers.get(FRAGMENT_HEADER) == "1"


def fragment_held(request: HttpRequest, url_code: str) -> list[str]:
    """The keys this browser holds for the meeting, in a fixed order."""
    held = keys_get(request, url_code)
    people = held.get("p", {})
    keys = [held.get("o"), *(people.values() if isinstance(people, dict) else [])]
    return sorted(key for key in keys if isinstance(key, str))


def fragment_key(request: HttpRequest, url_code: str) -> str | None:
    """Where this request's fragment is kept: one per version (compared on use) and per
    viewer - language, zone cookies, site, who the browser is in the meeting and the digests
    of the keys it holds - or ``None`` while a message waits to be shown, or a calendar
    preview of this meeting is kept for the viewer (``busy_kept``: shown on every render)."""
    if "messages" in request.COOKIES or busy_kept_here(request, url_code):
        return None
    me = request.session.get(SESSION_KEY, {}).get(url_code)
    digests = [key_digest(key) for key in fragment_held(request, url_code)]
    # The zone as the page reads it: a cookie that names no zone is no viewer of its own.
    zones = (viewer_zone(request), url_code in meeting_zone_codes(request))
    site = (request.scheme, request.get_host())
    store = settings.MEETINGS_PAGES_STORE
    viewer = repr((store, url_code, get_language(), zones, site, me, digests))
    return "fragment:" + hashlib.sha256(viewer.encode()).hexdigest()


def fragment_kept(kept_key: str, version: int) -> bytes | None:
    return rendered.kept_fresh(kept_key, version, cache=metrics.FRAGMENT)


_CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def _key_placeholder(index: int) -> bytes:
    return f"\x00key{index}\x00".encode()


def fragment_keep(
    request: HttpRequest, url_code: str, kept_key: str, response: HttpResponse
) -> None:
    """Keep the fragment with its CSRF token (one per render) and the keys its manage or
    personal link show swapped for placeholders: no key is ever kept."""
    body = response.content
    tokens = set(_CSRF_INPUT.findall(body))
    if len(tokens) > 1:
        return  # not one token per render: keep nothing rather than guess
    for token in tokens:
        body = body.replace(token, CSRF_PLACEHOLDER.encode())
    for index, key in enumerate(fragment_held(request, url_code)):
        body = body.replace(key.encode(), _key_placeholder(index))
    version = int(response["ETag"].strip('"m'))
    rendered.kept_put(kept_key, version, body, max_bytes=settings.MEETINGS_FRAGMENT_MAX_BYTES)


def fragment_response(
    request: HttpRequest, url_code: str, body: bytes, version: int
) -> HttpResponse:
    body = body.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    for index, key in enumerate(fragment_held(request, url_code)):
        body = body.replace(_key_placeholder(index), key.encode())
    response = HttpResponse(body, content_type="text/html; charset=utf-8")
    response["ETag"] = meeting_etag(version)
    response["Cache-Control"] = "no-store, private"
    response[FRAGMENT_HEADER] = "1"
    patch_vary_headers(response, [FRAGMENT_HEADER])
    return response
