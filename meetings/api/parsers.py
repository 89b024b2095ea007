"""The API's JSON parser: DRF's, with JSON nested deeper than Python's parser goes answered as
a parse error (400) like any other malformed body, instead of an unhandled RecursionError."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

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
