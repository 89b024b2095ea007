"""The API's JSON parser: DRF's, with JSON nested deeper than Python's parser goes answered as
a parse error (400) like any other malformed body, instead of an unhandled RecursionError."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser, JSONParser

from meetings.busy_import import MAX_CALENDAR_BYTES

NESTED_TOO_DEEPLY = "the JSON is nested too deeply"


class NestingSafeJSONParser(JSONParser):
    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(f"JSON parse error - {NESTED_TOO_DEEPLY}") from None


class CalendarParser(BaseParser):
    """An iCalendar file (``text/calendar``) as the bytes it is: the calendar use case reads
    it. Reads at most one byte past the largest file taken, so a larger one is refused (400)
    without being held whole."""

    media_type = "text/calendar"

    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:  # the bytes: DRF's stubs allow only mappings here
        if stream is None:
            return b""
        data: bytes = stream.read(MAX_CALENDAR_BYTES + 1)
        return data
