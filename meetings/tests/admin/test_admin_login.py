"""Admin logins are limited per client address (meetings.admin_site, MEETINGS_RATE_ADMIN_LOGIN):
refused logins count; past the limit every login answers 429 before any password is checked,
the right one included, until the window ends; other addresses and signed-in staff are not
held up."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from meetings.admin_site import MeetifyrAdminSite

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "right-password-123"


@pytest.fixture
def staff() -> None:
    get_user_model().objects.create_superuser("staff", "staff@example.com", PASSWORD)


def _login(client: Client, password: str) -> int:
    response = client.post(LOGIN, {"username": "staff", "password": password})
    return response.status_code


def test_the_admin_site_is_meetifyrs() -> None:
    assert isinstance(admin.site, MeetifyrAdminSite)


@override_settings(MEETINGS_RATE_ADMIN_LOGIN="3/h")
def test_refused_logins_are_limited_then_even_the_right_password_waits(staff: None) -> None:
    client = Client(REMOTE_ADDR="203.0.113.9")
    assert [_login(client, f"wrong-{n}") for n in range(3)] == [200, 200, 200]
    response = client.post(LOGIN, {"username": "staff", "password": PASSWORD})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
    assert "Too many tries" in response.content.decode()
    assert "_auth_user_id" not in client.session  # not signed in
    # Another address still signs in.
    other = Client(REMOTE_ADDR="198.51.100.4")
    assert _login(other, PASSWORD) == 302
    assert other.get("/admin/").status_code == 200


@override_settings(MEETINGS_RATE_ADMIN_LOGIN="3/h")
def test_right_logins_and_the_login_page_do_not_count(staff: None) -> None:
    client = Client(REMOTE_ADDR="203.0.113.10")
    for _ in range(5):
        assert client.get(LOGIN).status_code == 200
        assert _login(client, PASSWORD) == 302
        client.logout()
    assert [_login(client, f"wrong-{n}") for n in range(3)] == [200, 200, 200]
    assert _login(client, PASSWORD) == 429
