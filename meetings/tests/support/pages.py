"""Helpers of the page tests (Django's test client): a meeting's address, the answer's text, a
field's errors, joining through the join form."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from meetings.domain import Meeting


def page_url(meeting: Meeting | str) -> str:
    code = meeting if isinstance(meeting, str) else meeting.url_code
    return f"/meetings/{code}/"


def url_code(meeting: Meeting | str) -> str:
    """The url code of a meeting, of a url code, or of a meeting page's address."""
    if not isinstance(meeting, str):
        return meeting.url_code
    return meeting.split("#")[0].split("?")[0].rstrip("/").rsplit("/", 1)[-1]


def text(response: Any) -> str:
    body: bytes = response.content
    return body.decode()


def field_errors(response: Any, field_id: str) -> str:
    """The error list Django renders next to a field (``<ul ... id="id_x_error">``)."""
    match = re.search(
        rf'<ul class="errorlist" id="{field_id}_error">(.*?)</ul>', text(response), re.S
    )
    return match.group(1) if match else ""


def join(client: Client, meeting: Meeting | str, name: str) -> Any:
    """Join ``meeting`` (a meeting or its url code) as ``name`` through the page's join form."""
    return client.post(f"{page_url(meeting)}join", {"name": name})
