"""GET meeting answers from the rendered meetings kept per version (meetings/rendered.py):
never stale, cheaper when nothing changed, and harmless when the cache fails or is off."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from pytest_django import DjangoAssertNumQueries, Settings
from rest_framework.test import APIClient

from meetings import models, services
from meetings import rendered as cache
from meetings.admin import meetings_touch
from meetings.domain import DateAction
from meetings.repositories import repository_for

pytestmark = pytest.mark.django_db

LOCMEM = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test"}


class BrokenCache(BaseCache):
    """A cache backend whose server is down: every call raises, as a remote backend would."""

    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        raise ConnectionError("cache server unreachable")

    def set(self, key: str, value: Any, timeout: Any = None, version: int | None = None) -> None:
        raise ConnectionError("cache server unreachable")


class CountingCache(LocMemCache):
    """LocMemCache that counts what it is asked, to tell a hit from a miss."""

    gets = 0
    sets = 0

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        CountingCache.gets += 1
        return super().get(key, default, version)

    def set(self, key: str, value: Any, timeout: Any = None, version: int | None = None) -> None:
        CountingCache.sets += 1
        super().set(key, value, timeout, version)


@pytest.fixture
def fresh_cache(settings: Settings) -> None:
    """A cache of this test's own, so no entry of another test can answer."""
    settings.CACHES = {
        "default": LOCMEM,
        "meetings": {**LOCMEM, "LOCATION": f"meetings-{id(settings)}"},
    }


def _meeting_with_people(store: str) -> str:
    repo = repository_for(store)
    meeting = services.meeting_create(repo=repo, title="Lunch", location="Cafe")
    services.meeting_set_date_range(
        repo=repo, url_code=meeting.url_code, start_date=date(2026, 3, 1), end_date=date(2026, 3, 7)
    )
    for name in ("Ann", "Bo"):
        services.participant_create(repo=repo, url_code=meeting.url_code, name=name)
    return meeting.url_code


@pytest.mark.usefixtures("fresh_cache")
def test_second_get_is_one_query_with_the_same_bytes(
    api: APIClient, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    code = _meeting_with_people("mysql")
    with django_assert_num_queries(2):  # nothing kept yet: the meeting, then its participants
        first = api.get(f"/v1/mysql/meetings/{code}")
    with django_assert_num_queries(1):  # the version only
        second = api.get(f"/v1/mysql/meetings/{code}")
    assert second.status_code == first.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == first["Content-Type"] == "application/json"


@pytest.mark.usefixtures("fresh_cache")
def test_kept_body_is_what_drf_renders_for_the_same_version(api: APIClient, store: str) -> None:
    code = _meeting_with_people(store)
    changed = api.patch(f"/v1/{store}/meetings/{code}/title", {"title": "Dinner"}, format="json")
    assert changed.status_code == 200
    api.get(f"/v1/{store}/meetings/{code}")  # renders and keeps this version
    kept = api.get(f"/v1/{store}/meetings/{code}")
    assert kept.content == changed.content  # DRF's Response path and the kept bytes agree
    assert kept["ETag"] == changed["ETag"]


@pytest.mark.usefixtures("fresh_cache")
def test_changes_made_past_the_api_are_seen_at_once(api: APIClient, store: str) -> None:
    """The cache holds no state of its own: a change by another process (here: the services,
    as the pages or the admin would call them) bumps the version, and the next GET shows it."""
    code = _meeting_with_people(store)
    repo = repository_for(store)
    before = api.get(f"/v1/{store}/meetings/{code}").json()
    api.get(f"/v1/{store}/meetings/{code}")
    services.meeting_set_title(repo=repo, url_code=code, title="Moved to Friday")
    ann = before["participants"][0]
    services.participant_date_mark(
        repo=repo,
        url_code=code,
        participant_date_id=ann["dates"][0]["id"],
        action=DateAction.OFF,
    )
    after = api.get(f"/v1/{store}/meetings/{code}").json()
    assert after["title"] == "Moved to Friday"
    assert after["participants"][0]["dates"][0]["enabled"] is False
    assert after == api.get(f"/v1/{store}/meetings/{code}").json()


@pytest.mark.usefixtures("fresh_cache")
def test_admin_edit_is_seen_at_once(api: APIClient) -> None:
    code = _meeting_with_people("mysql")
    api.get(f"/v1/mysql/meetings/{code}")
    row = models.Meeting.objects.get(url_code=code)
    models.Meeting.objects.filter(pk=row.pk).update(title="Edited by staff")
    meetings_touch([row.pk])  # what every admin save does after its change
    assert api.get(f"/v1/mysql/meetings/{code}").json()["title"] == "Edited by staff"


@pytest.mark.usefixtures("fresh_cache")
def test_stale_poll_reuses_the_version_it_read(
    api: APIClient, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    code = _meeting_with_people("mysql")
    old_etag = api.get(f"/v1/mysql/meetings/{code}")["ETag"]
    changed = api.patch(f"/v1/mysql/meetings/{code}/title", {"title": "New"}, format="json")
    api.get(f"/v1/mysql/meetings/{code}")  # keeps the new version
    with django_assert_num_queries(1):
        response = api.get(f"/v1/mysql/meetings/{code}", HTTP_IF_NONE_MATCH=old_etag)
    assert response.status_code == 200
    assert response.content == changed.content


@pytest.mark.usefixtures("fresh_cache")
def test_deleted_meeting_is_not_served_from_the_cache(api: APIClient) -> None:
    code = _meeting_with_people("mysql")
    api.get(f"/v1/mysql/meetings/{code}")
    models.Meeting.objects.filter(url_code=code).delete()
    response = api.get(f"/v1/mysql/meetings/{code}")
    assert response.status_code == 404
    assert response.json() == {"detail": f"meeting with url_code: {code} not found"}


def test_bodies_over_the_limit_are_not_kept(
    api: APIClient,
    settings: Settings,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    settings.CACHES = {"default": LOCMEM, "meetings": {**LOCMEM, "LOCATION": "small-limit"}}
    settings.MEETINGS_CACHE_MAX_BODY_BYTES = 0
    code = _meeting_with_people("mysql")
    size = len(api.get(f"/v1/mysql/meetings/{code}").content)
    settings.MEETINGS_CACHE_MAX_BODY_BYTES = size - 1
    for _ in range(2):
        with django_assert_num_queries(2):
            response = api.get(f"/v1/mysql/meetings/{code}")
        assert len(response.content) == size
    settings.MEETINGS_CACHE_MAX_BODY_BYTES = size
    api.get(f"/v1/mysql/meetings/{code}")
    with django_assert_num_queries(1):
        assert api.get(f"/v1/mysql/meetings/{code}").status_code == 200


def test_cache_turned_off_reads_everything_every_time(
    api: APIClient,
    settings: Settings,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    settings.CACHES = {
        "default": LOCMEM,
        "meetings": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    code = _meeting_with_people("mysql")
    bodies = set()
    for _ in range(3):
        with django_assert_num_queries(2):
            bodies.add(api.get(f"/v1/mysql/meetings/{code}").content)
    assert len(bodies) == 1


def test_a_failing_cache_backend_is_a_miss_not_an_error(
    api: APIClient,
    settings: Settings,
    django_assert_num_queries: DjangoAssertNumQueries,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings.CACHES = {
        "default": LOCMEM,
        "meetings": {"BACKEND": f"{__name__}.BrokenCache"},
    }
    code = _meeting_with_people("mysql")
    for _ in range(2):
        with django_assert_num_queries(2):
            response = api.get(f"/v1/mysql/meetings/{code}")
        assert response.status_code == 200
        assert response.json()["title"] == "Lunch"
    assert "meeting cache read failed" in caplog.text
    assert "meeting cache write failed" in caplog.text


def test_malformed_codes_never_reach_the_cache(api: APIClient, settings: Settings) -> None:
    settings.CACHES = {"default": LOCMEM, "meetings": {"BACKEND": f"{__name__}.CountingCache"}}
    CountingCache.gets = CountingCache.sets = 0
    for code in ("abc", "x" * 300, "has%20space"):
        assert api.get(f"/v1/mysql/meetings/{code}").status_code == 404
    assert (CountingCache.gets, CountingCache.sets) == (0, 0)
    code = _meeting_with_people("mysql")
    api.get(f"/v1/mysql/meetings/{code}")
    api.get(f"/v1/mysql/meetings/{code}")
    assert (CountingCache.gets, CountingCache.sets) == (2, 1)


@pytest.mark.usefixtures("fresh_cache")
def test_indented_json_is_rendered_not_kept(api: APIClient) -> None:
    code = _meeting_with_people("mysql")
    api.get(f"/v1/mysql/meetings/{code}")
    indented = api.get(f"/v1/mysql/meetings/{code}", HTTP_ACCEPT="application/json; indent=2")
    assert indented.status_code == 200
    assert indented.content.startswith(b'{\n  "url_code"')
    compact = api.get(f"/v1/mysql/meetings/{code}")
    assert compact.content.startswith(b'{"url_code"')
    assert indented.json() == compact.json()


def test_kept_entry_carries_its_version(settings: Settings) -> None:
    settings.CACHES = {"default": LOCMEM, "meetings": {**LOCMEM, "LOCATION": "unit"}}
    code = "A" * 22
    assert cache.rendered_meeting_get(store="mysql", url_code=code) is None
    cache.rendered_meeting_put(store="mysql", url_code=code, version=3, body=b"{}")
    assert cache.rendered_meeting_get(store="mysql", url_code=code) == cache.RenderedMeeting(
        3, b"{}"
    )
    assert cache.rendered_meeting_get(store="edgedb", url_code=code) is None  # per store


@pytest.mark.usefixtures("fresh_cache")
def test_a_change_keeps_its_answer_for_the_gets_that_follow(
    api: APIClient, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    code = _meeting_with_people("mysql")
    changed = api.patch(f"/v1/mysql/meetings/{code}/location", {"location": "Park"}, format="json")
    assert changed.status_code == 200
    with django_assert_num_queries(1):
        response = api.get(f"/v1/mysql/meetings/{code}")
    assert response.content == changed.content
    assert response["ETag"] == changed["ETag"]
    assert response.json()["location"] == "Park"
