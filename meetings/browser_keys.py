"""The keys a browser holds, in a signed cookie of its own (not the server-side session).

A browser that created a meeting holds its organizer key; one that joined, or opened a manage
or personal link, holds that key. They live where they belong: in the browser, in an HttpOnly,
SameSite=Lax cookie signed with ``SECRET_KEY`` (Django's ``set_signed_cookie``), Secure when the
session cookie is. The server keeps no copy (its stores hold only digests), so its database and
backups reveal no key. The cookie holds the ``KEYS_MEETINGS_KEPT`` most recent meetings, which
keeps it well under the 4 KB browsers allow.

``keys_remember`` and ``keys_forget`` record a change on the request; ``BrowserKeysMiddleware``
writes the cookie on the way out.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

COOKIE = "meetifyr_keys"
SALT = "meetifyr.browser_keys"
KEYS_MEETINGS_KEPT = 25
MAX_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie

_HELD = "_meetifyr_keys"
_CHANGED = "_meetifyr_keys_changed"

Held = dict[str, dict[str, Any]]  # url_code -> {"o": organizer key, "p": {participant id: key}}


def _all(request: HttpRequest) -> Held:
    held: Held | None = getattr(request, _HELD, None)
    if held is None:
        held = {}
        raw = request.get_signed_cookie(COOKIE, default=None, salt=SALT)
        if raw:
            try:
                parsed = json.loads(raw)
            except ValueError:
                parsed = {}
            if isinstance(parsed, dict):
                held = {k: v for k, v in parsed.items() if isinstance(v, dict)}
        setattr(request, _HELD, held)
    return held


def keys_get(request: HttpRequest, url_code: str) -> dict[str, Any]:
    return _all(request).get(url_code, {})


def organizer_key(request: HttpRequest, url_code: str) -> str | None:
    key = keys_get(request, url_code).get("o")
    return key if isinstance(key, str) else None


def participant_key(request: HttpRequest, url_code: str, participant_id: object) -> str | None:
    people = keys_get(request, url_code).get("p", {})
    key = people.get(str(participant_id)) if isinstance(people, dict) else None
    return key if isinstance(key, str) else None


def keys_remember(
    request: HttpRequest,
    url_code: str,
    *,
    organizer: str | None = None,
    participant: tuple[object, str] | None = None,
) -> None:
    every = dict(_all(request))
    held = dict(every.pop(url_code, {}))
    if organizer is not None:
        held["o"] = organizer
    if participant is not None:
        held["p"] = {**held.get("p", {}), str(participant[0]): participant[1]}
    every[url_code] = held
    setattr(request, _HELD, dict(list(every.items())[-KEYS_MEETINGS_KEPT:]))
    setattr(request, _CHANGED, True)


def keys_forget(request: HttpRequest, url_code: str) -> None:
    """Drop every key held for ``url_code`` (the meeting was deleted)."""
    every = _all(request)
    if url_code not in every:
        return
    setattr(request, _HELD, {code: held for code, held in every.items() if code != url_code})
    setattr(request, _CHANGED, True)


class BrowserKeysMiddleware:
    """Writes the keys cookie when a view changed what the browser holds."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, _CHANGED, False):
            response.set_signed_cookie(
                COOKIE,
                json.dumps(_all(request), separators=(",", ":")),
                salt=SALT,
                max_age=MAX_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
