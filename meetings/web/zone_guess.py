"""The time zone the create form offers before anyone picks one, guessed from what the request
carries, and where the guess came from (the page says so next to the field):

1. the browser's own zone, from the cookie the page's script writes (``zones.viewer_zone``);
2. else the region of the browser's most preferred language that names one (``ko-KR``: KR)
   and that country's main zone, from the tz database's own country table (``zone.tab`` in
   the ``tzdata`` package): the first zone it lists for the country, save for the few
   countries below whose first zone is an edge of the country rather than where most of its
   people live;
3. else the server's zone (``TIME_ZONE``), or UTC.

Only zones the form offers are guessed. With JavaScript the page's script then picks the
browser's zone itself (``static/js/times.js``).
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache
from importlib import resources

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext

from meetings.web.presenters.labels import zone_label
from meetings.web.zones import viewer_zone

# zone.tab lists each country's zones in a geographic order; where its first one is not where
# most people live, the most populous zone instead.
MOST_POPULOUS = {
    "AU": "Australia/Sydney",  # zone.tab starts at Lord Howe Island
    "BR": "America/Sao_Paulo",  # at the Atlantic islands
    "CA": "America/Toronto",  # at Newfoundland
    "RU": "Europe/Moscow",  # at Kaliningrad
    "UA": "Europe/Kyiv",  # at Simferopol
    "UZ": "Asia/Tashkent",  # at Samarkand
}

_LANGUAGE_RANGE = re.compile(
    r"([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)(?:;q=(0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?))?"
)
_MAX_HEADER = 500  # as Django reads Accept-Language
BROWSER, LANGUAGE, SERVER = "browser", "language", "server"


@dataclass(frozen=True, slots=True)
class ZoneGuess:
    zone: str
    source: str  # BROWSER, LANGUAGE or SERVER
    language: str = ""  # the language tag the guess came from ("ko-KR"), for LANGUAGE

    def said(self) -> str:
        """Where the zone came from, in the user's language, to show next to the field."""
        zone = zone_label(self.zone)
        if self.source == BROWSER:
            return zone_browser_said() % {"zone": zone}
        if self.source == LANGUAGE:
            return gettext(
                "Guessed from your browser's language (%(language)s): %(zone)s. Pick yours if "
                "you are elsewhere."
            ) % {"language": self.language, "zone": zone}
        return gettext("Your time zone could not be guessed: %(zone)s until you pick yours.") % {
            "zone": zone
        }


def zone_browser_said() -> str:
    """The words for a zone the browser told, with ``%(zone)s`` in them (the page's script
    fills them in when it picks the browser's zone)."""
    return gettext("Your browser's time zone: %(zone)s.")


@cache
def country_zones() -> dict[str, str]:
    """Each ISO 3166 country code's main zone (see the module's docstring); empty when the
    table cannot be read, so that the guess falls back to the server's zone."""
    try:
        table = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    except (ModuleNotFoundError, OSError):
        return {}
    zones: dict[str, str] = {}
    for line in table.splitlines():
        columns = line.split("\t")
        if line.startswith("#") or len(columns) < 3:
            continue
        zones.setdefault(columns[0], columns[2])
    return {**zones, **MOST_POPULOUS}


def language_regions(header: str) -> list[tuple[str, str]]:
    """``(tag, region)`` of the language ranges in an Accept-Language header that name a
    region, most preferred first (by q, then by order): "en-US,ko-KR;q=0.8" gives
    ``[("en-US", "US"), ("ko-KR", "KR")]``. Ranges that do not parse are skipped."""
    ranked = []
    for position, part in enumerate(header[:_MAX_HEADER].split(",")):
        found = _LANGUAGE_RANGE.fullmatch(part.strip().replace(" ", ""))
        if found is None:
            continue
        weight = float(found.group(2)) if found.group(2) else 1.0
        if weight > 0:
            ranked.append((-weight, position, found.group(1)))
    regions = []
    for _weight, _position, tag in sorted(ranked):
        for subtag in tag.split("-")[1:]:
            if len(subtag) == 1:
                break  # an extension or private use follows: no region
            if len(subtag) == 2 and subtag.isalpha():
                regions.append((tag, subtag.upper()))
                break
    return regions


def zone_guess(request: HttpRequest, *, offered: AbstractSet[str]) -> ZoneGuess:
    """The zone to offer this request (one of ``offered``), and where it came from."""
    browser = viewer_zone(request)
    if browser is not None and browser in offered:
        return ZoneGuess(browser, BROWSER)
    zones = country_zones()
    for tag, region in language_regions(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        zone = zones.get(region)
        if zone is not None and zone in offered:
            return ZoneGuess(zone, LANGUAGE, tag)
    return ZoneGuess(settings.TIME_ZONE if settings.TIME_ZONE in offered else "UTC", SERVER)
