"""The zone a timed meeting's times are shown in: the browser's (a cookie the page's script
writes), unless this browser chose the meeting's own for that meeting (a cookie of url codes).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from meetings.domain import InvalidTimeWindow, time_zone_check

ZONE_COOKIE = "meetifyr_tz"  # the browser's IANA zone, written by static/js/zone.js
MEETING_ZONE_COOKIE = "meetifyr_meeting_zone"  # url codes this browser reads in their own zone
MEETING_ZONE_KEPT = 20
ZONE_COOKIE_AGE = 400 * 24 * 3600


def viewer_zone(request: HttpRequest) -> str | None:
    """The browser's zone (from the cookie the page's script writes), if it names one."""
    raw = request.COOKIES.get(ZONE_COOKIE, "")
    if not raw:
        return None
    try:
        return time_zone_check(raw)
    except InvalidTimeWindow:
        return None


def shown_zone(request: HttpRequest, meeting_zone: str, url_code: str) -> str:
    """The zone a timed meeting's times are shown in, everywhere on its page: the browser's,
    unless it has none or chose the meeting's own (``meeting_zone``) for this meeting."""
    viewer = viewer_zone(request)
    if viewer is not None and url_code not in meeting_zone_codes(request):
        return viewer
    return meeting_zone


def meeting_zone_codes(request: HttpRequest) -> list[str]:
    """The meetings this browser chose to read in the meeting's own zone."""
    return request.COOKIES.get(MEETING_ZONE_COOKIE, "").split()[-MEETING_ZONE_KEPT:]


def meeting_zone_choose(request: HttpRequest, url_code: str, *, in_meeting_zone: bool) -> list[str]:
    """The meetings read in their own zone after this choice for ``url_code`` (the most recent
    last); the request's cookie says so from now on, so the answer shows the choice."""
    codes = [code for code in meeting_zone_codes(request) if code != url_code]
    if in_meeting_zone:
        codes.append(url_code)
    codes = codes[-MEETING_ZONE_KEPT:]
    request.COOKIES[MEETING_ZONE_COOKIE] = " ".join(codes)  # the answer shows the choice
    return codes


def meeting_zone_cookie_write(response: HttpResponse, codes: list[str]) -> None:
    """Keep ``codes`` (from ``meeting_zone_choose``) in the browser; none: drop the cookie."""
    if codes:
        response.set_cookie(
            MEETING_ZONE_COOKIE,
            " ".join(codes),
            max_age=ZONE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
        )
    else:
        response.delete_cookie(MEETING_ZONE_COOKIE, samesite="Lax")
