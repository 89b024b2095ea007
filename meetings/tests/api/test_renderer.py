"""FastJSONRenderer writes the same bytes as DRF's JSONRenderer."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ErrorDetail
from rest_framework.renderers import JSONRenderer

from meetings.api.renderers import FastJSONRenderer


@pytest.mark.parametrize(
    "data",
    [
        {"url_code": "abc", "title": "Ünïcödé 🎉 회의", "participants": [], "n": None},
        {"title": ["Ensure this field has no more than 255 characters."]},
        {"detail": ErrorDetail("Not found.", code="not_found")},
        {"sep": "line\u2028paragraph\u2029end", "quote": '"\\/'},
        [1, 2.5, True, False, {"nested": {"deep": [None]}}],
        {"day": date(2026, 3, 2), "id": UUID("12345678-1234-5678-1234-567812345678")},
        {"lazy": gettext_lazy("English"), "amount": Decimal("1.50")},
        {"when": datetime(2026, 3, 2, 10, 30, 0, 123456)},
        # DRF's errors of a list's items are keyed by index.
        {"marks": {0: {"action": [ErrorDetail('"paint" is not a valid choice.', code="x")]}}},
        {},
    ],
)
def test_same_bytes_as_drf(data: Any) -> None:
    assert FastJSONRenderer().render(data) == JSONRenderer().render(data)


def test_none_renders_empty() -> None:
    assert FastJSONRenderer().render(None) == b""


def test_indent_requests_get_drf_output() -> None:
    data = {"a": [1, 2]}
    media = "application/json; indent=4"
    assert FastJSONRenderer().render(data, media) == JSONRenderer().render(data, media)
