"""Who the browser is in a meeting, and the keys it holds.

Who "I" am is kept server-side in the session (url code -> participant id). The keys (the
organizer key of meetings it created, the participant keys of people who joined from it) are
kept in the browser, in a signed cookie this module's middleware writes; the server keeps no
copy. The services decide what a key allows; the views only pick the key to send.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from meetings.domain import Meeting, Participant, ParticipantId, participant_find

SESSION_KEY = "meetifyr_me"
SESSION_MEETINGS_KEPT = 100  # remembered identities per browser; the oldest are dropped


# --- who am I (per meeting, in this browser's session) ------------------------------------------


def me_get(request: HttpRequest, meeting: Meeting) -> Participant | None:
    """This browser's participant in ``meeting``; forgotten when it no longer exists."""
    known: dict[str, str] = request.session.get(SESSION_KEY, {})
    participant_id = known.get(meeting.url_code)
    if participant_id is None:
        return None
    participant = participant_find(meeting, participant_id)
    if participant is None:
        me_forget(request, meeting.url_code)
    return participant


def me_set(request: HttpRequest, url_code: str, participant_id: ParticipantId) -> None:
    known = {
        code: value
        for code, value in request.session.get(SESSION_KEY, {}).items()
        if code != url_code
    }
    known[url_code] = str(participant_id)
    request.session[SESSION_KEY] = dict(list(known.items())[-SESSION_MEETINGS_KEPT:])


def me_forget(request: HttpRequest, url_code: str) -> None:
    known: dict[str, str] = request.session.get(SESSION_KEY, {})
    if url_code in known:
        request.session[SESSION_KEY] = {k: v for k, v in known.items() if k != url_code}


# --- the keys this browser holds, in a signed cookie of its own -------------------------------

# HttpOnly, SameSite=Lax, signed with SECRET_KEY, Secure when the session cookie is; the server
# keeps no copy (its stores hold only digests). The most recent meetings only, and never more
# than a browser keeps (4096 bytes of name and value): the oldest go first.
KEYS_COOKIE = "meetifyr_keys"
KEYS_SALT = "meetifyr.browser_keys"  # as when the keys lived in meetings.browser_keys
KEYS_MEETINGS_KEPT = 25
KEYS_COOKIE_MAX_BYTES = 4000  # "name=value" as sent; browsers drop a cookie past 4096
KEYS_MAX_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie

# ``keys_remember`` and ``keys_forget`` record a change on the request; the middleware writes it.
_HELD = "_meetifyr_keys"
_CHANGED = "_meetifyr_keys_changed"

Held = dict[str, dict[str, Any]]  # url_code -> {"o": organizer key, "p": {participant id: key}}


def _all(request: HttpRequest) -> Held:
    held: Held | None = getattr(request, _HELD, None)
    if held is None:
        held = {}
        raw = request.get_signed_cookie(KEYS_COOKIE, default=None, salt=KEYS_SALT)
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


def keys_forget_participant(request: HttpRequest, url_code: str, participant_id: object) -> None:
    """Drop the key held for one participant of ``url_code`` (it stopped working)."""
    held = keys_get(request, url_code)
    people = held.get("p")
    if not isinstance(people, dict) or str(participant_id) not in people:
        return
    rest = {pid: key for pid, key in people.items() if pid != str(participant_id)}
    every = dict(_all(request))
    every[url_code] = {**held, "p": rest}
    setattr(request, _HELD, every)
    setattr(request, _CHANGED, True)


def keys_forget(request: HttpRequest, url_code: str) -> None:
    """Drop every key held for ``url_code`` (the meeting was deleted)."""
    every = _all(request)
    if url_code not in every:
        return
    setattr(request, _HELD, {code: held for code, held in every.items() if code != url_code})
    setattr(request, _CHANGED, True)


def _cookie_bytes(held: Held) -> tuple[str, int]:
    """The cookie's value for ``held`` and the size of "name=value" as a browser gets it."""
    value = json.dumps(held, separators=(",", ":"))
    response = HttpResponse()
    response.set_signed_cookie(KEYS_COOKIE, value, salt=KEYS_SALT)
    return value, len(response.cookies[KEYS_COOKIE].OutputString().encode())


def _bounded(request: HttpRequest, held: Held) -> str:
    """The cookie's value for ``held``, made to fit ``KEYS_COOKIE_MAX_BYTES``: the oldest
    meetings' keys are dropped first; the meeting changed last (the last entry) keeps its
    organizer key and its newest participant key whatever else must go."""
    held = dict(held)
    value, size = _cookie_bytes(held)
    while size > KEYS_COOKIE_MAX_BYTES:
        codes = list(held)
        if len(codes) > 1:
            del held[codes[0]]
        else:
            newest = dict(held[codes[0]])
            people = list(dict(newest.get("p", {})).items())
            if len(people) <= 1:
                break  # one meeting, one key: always fits
            newest["p"] = dict(people[1:])
            held[codes[0]] = newest
        value, size = _cookie_bytes(held)
    setattr(request, _HELD, held)
    return value


class BrowserKeysMiddleware:
    """Writes the keys cookie when a view changed what the browser holds."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, _CHANGED, False):
            response.set_signed_cookie(
                KEYS_COOKIE,
                _bounded(request, _all(request)),
                salt=KEYS_SALT,
                max_age=KEYS_MAX_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


# --- which key to send, links with a key ---------------------------------------------------------


def row_key(request: HttpRequest, url_code: str, participant_id: ParticipantId) -> str | None:
    """The key to send for a change to this participant's row: its own key if this browser
    holds it, else the organizer key (which may change every row)."""
    return participant_key(request, url_code, participant_id) or organizer_key(request, url_code)


def link_with_key(
    request: HttpRequest, url_code: str, key: str, participant_id: ParticipantId | None = None
) -> str:
    """A manage link (organizer key) or a personal link (a participant's key). The key goes
    after ``#``, which no browser sends to a server: the page's script posts it (or, without
    JavaScript, the link is pasted into a form), so no access log, proxy or Referer sees it."""
    url = reverse("meeting_page", args=[url_code])
    return request.build_absolute_uri(url) + "#" + link_fragment(key, participant_id)


def link_fragment(key: str, participant_id: object | None = None) -> str:
    """What follows ``#`` in a manage link (``key=...``) or a personal link
    (``participant=<id>&key=...``)."""
    if participant_id is None:
        return urlencode({"key": key})
    return urlencode({"participant": str(participant_id), "key": key})


LINK_KEY_MAX_LENGTH = 128  # keys are 32 characters; anything much longer is not one


def link_key_parse(text: str) -> tuple[str, str | None] | None:
    """The key and the participant id (``None`` for a manage link) a link carries, whether
    pasted whole, as its part after ``#`` or ``?`` (an old link), or as ``key=...`` alone;
    ``None`` when it names no single key or participant."""
    text = text.strip()
    head, _hash, fragment = text.partition("#")
    query = head.partition("?")[2]
    for part in (fragment, query, text if "?" not in text and "#" not in text else ""):
        fields = parse_qs(part, keep_blank_values=True)
        if "key" not in fields:
            continue
        keys, people = fields["key"], fields.get("participant", [])
        if len(keys) != 1 or len(people) > 1:
            return None
        key, participant = keys[0].strip(), (people[0].strip() if people else None)
        if not key or len(key) > LINK_KEY_MAX_LENGTH or participant == "":
            return None
        return key, participant
    return None
