"""Helpers of the API tests (DRF's test client)."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient


def join(api: APIClient, store: str, url_code: str, name: str) -> dict[str, Any]:
    """Join the meeting as ``name`` through ``/v1/<store>/participants``: 201, and its body."""
    response = api.post(
        f"/v1/{store}/participants", {"meeting_url_code": url_code, "name": name}, format="json"
    )
    assert response.status_code == 201, response.content
    body: dict[str, Any] = response.json()
    return body
