"""The zone a timed meeting's times are shown in: the browser's (a cookie the page's script
writes), unless this browser chose the meeting's own for that meeting (a cookie of url codes).
"""

from __future__ import annotations

from django.http import HttpRequest

from meetings.slots import InvalidTimeWindow, time_zone_check

ZONE_COOKIE = "meetifyr_tz"  # the browser's IANA zone, written by meetifyr.js
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


def meeting_zone_codes(request: HttpRequest) -> list[str]:
    """The meetings this browser chose to read in the meeting's own zone."""
    return request.COOKIES.get(MEETING_ZONE_COOKIE, "").split()[-MEETING_ZONE_KEPT:]
