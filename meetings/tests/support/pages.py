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


_CHECKBOX = re.compile(
    r'<input type="checkbox" name="(free|preferred|ifneedbe)" form="slots-form" value="([0-9]+)" '
    r'aria-label="([^"]*)"( checked)?>'
)


class GridForm:
    """A timed meeting's form without JavaScript as a page rendered it: ``was`` and its
    checkboxes by label ("Tue Dec 1, 09:00–09:30: free"), ticked or not; ``data()`` is what a
    browser posts after ``tick``/``untick``."""

    def __init__(self, body: str) -> None:
        found = re.search(
            r'<form id="slots-form" method="post" action="([^"]+)">.*?'
            r'<input type="hidden" name="was" value="([0123]*)"></form>',
            body,
        )
        assert found is not None, "the page has no form for the whole grid"
        self.action, self.was = found.group(1), found.group(2)
        self.boxes = {label: (name, key) for name, key, label, _ in _CHECKBOX.findall(body)}
        self.ticked = {label for _, _, label, checked in _CHECKBOX.findall(body) if checked}

    def tick(self, *labels: str) -> GridForm:
        assert set(labels) <= set(self.boxes), set(labels) - set(self.boxes)
        self.ticked |= set(labels)
        return self

    def untick(self, *labels: str) -> GridForm:
        assert set(labels) <= set(self.boxes), set(labels) - set(self.boxes)
        self.ticked -= set(labels)
        return self

    def data(self) -> dict[str, Any]:
        sent: dict[str, Any] = {"was": self.was, "free": [], "preferred": [], "ifneedbe": []}
        for label in sorted(self.ticked):
            name, key = self.boxes[label]
            sent[name].append(key)
        return sent

    def post(self, client: Client) -> Any:
        return client.post(self.action, self.data())


def grid_form(client: Client, meeting: Meeting | str) -> GridForm:
    """The meeting page's form for the whole grid, as ``client`` sees it now."""
    return GridForm(text(client.get(page_url(meeting))))
