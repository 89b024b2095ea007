"""The API's JSON renderer: DRF's output, encoded by orjson."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_FALLBACK = JSONEncoder()


class FastJSONRenderer(JSONRenderer):
    """The same bytes as DRF's compact UTF-8 ``JSONRenderer``, encoded by orjson (about ten
    times faster: the largest single cost of a big meeting's response after the query).

    Types orjson does not know (lazy translations, Decimals...) go through DRF's encoder; a
    client asking for indented JSON (``application/json; indent=4``) gets DRF's own output.
    """

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if data is None:
            return b""
        if self.get_indent(accepted_media_type or "", renderer_context or {}) is not None:
            rendered: bytes = super().render(data, accepted_media_type, renderer_context)
            return rendered
        try:
            out = orjson.dumps(data, default=_FALLBACK.default)
        except TypeError:
            # Keys that are not strings, as in DRF's errors of a list's items ({0: {...}}):
            # written as strings, as DRF's own renderer does (slower, so only when needed).
            out = orjson.dumps(data, default=_FALLBACK.default, option=orjson.OPT_NON_STR_KEYS)
        if b"\xe2\x80\xa8" in out or b"\xe2\x80\xa9" in out:
            # Like DRF: U+2028 and U+2029 escaped, so the JSON is also valid JavaScript.
            out = out.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")
        return out


_RENDERER = FastJSONRenderer()


def meeting_render(data: Any) -> bytes:
    """What the renderer answers a plain JSON request with, for bodies built outside DRF's
    Response (the kept meetings of ``meetings.rendered``)."""
    return _RENDERER.render(data, FastJSONRenderer.media_type, {})


def wants_indent(request: Any) -> bool:
    """Whether DRF negotiated indented JSON for this request (``application/json; indent=4``)."""
    accepted = getattr(request, "accepted_media_type", "") or ""
    return _RENDERER.get_indent(accepted, {}) is not None
