"""handler500: database errors that escape views and middleware answer 503, JSON under /v1/."""

from __future__ import annotations

import json

import pytest
from django.db import InterfaceError, OperationalError
from django.test import RequestFactory

from meetings.api.errors import DATABASE_UNAVAILABLE, server_error


def _handled(path: str, error: Exception) -> tuple[int, str, bytes]:
    """Call the handler the way Django does: while the exception is being handled."""
    request = RequestFactory().get(path)
    try:
        raise error
    except Exception:
        response = server_error(request)
    return response.status_code, response["Content-Type"], response.content


@pytest.mark.parametrize("error", [OperationalError(2003, "refused"), InterfaceError(0, "")])
def test_database_errors_are_json_503_under_the_api(error: Exception) -> None:
    status, content_type, body = _handled("/v1/mysql/meetings/abc", error)
    assert status == 503
    assert content_type == "application/json"
    assert json.loads(body) == {"detail": DATABASE_UNAVAILABLE}


def test_database_errors_are_503_on_pages() -> None:
    status, content_type, body = _handled("/admin/", OperationalError(2003, "refused"))
    assert status == 503
    assert content_type.startswith("text/plain")
    assert b"unavailable" in body


def test_other_errors_stay_500_json_under_the_api() -> None:
    status, content_type, body = _handled("/v1/mysql/meetings/abc", ValueError("bug"))
    assert status == 500
    assert content_type == "application/json"
    assert json.loads(body) == {"detail": "internal server error"}


@pytest.mark.django_db
def test_other_errors_on_pages_get_django_s_500_page() -> None:
    status, content_type, _ = _handled("/admin/", ValueError("bug"))
    assert status == 500
    assert content_type.startswith("text/html")
