from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from rest_framework.test import APIClient

from meetings import services
from meetings.domain import Meeting
from meetings.repositories import MeetingRepository
from meetings.repositories.django_orm import DjangoMeetingRepository
from meetings.repositories.memory import InMemoryMeetingRepository
from meetings.tests import gel_support


def _memory(request: pytest.FixtureRequest) -> MeetingRepository:
    return InMemoryMeetingRepository()


def _mysql(request: pytest.FixtureRequest) -> MeetingRepository:
    return DjangoMeetingRepository()


def _edgedb(request: pytest.FixtureRequest) -> MeetingRepository:
    from meetings.repositories.gel import GelMeetingRepository

    gel_support.window_open(request)
    return GelMeetingRepository()


# Every store the contract suite runs against, with the marks its tests need; other stores add
# themselves here.
REPOSITORY_FACTORIES: dict[str, Callable[[pytest.FixtureRequest], MeetingRepository]] = {
    "memory": _memory,
    "mysql": _mysql,
    "edgedb": _edgedb,
}
REPOSITORY_MARKS: dict[str, list[pytest.MarkDecorator]] = {
    "mysql": [pytest.mark.django_db],
    "edgedb": gel_support.GEL_MARKS,  # skipped without GEL_DSN
}


@pytest.fixture(
    params=[
        pytest.param(name, marks=REPOSITORY_MARKS.get(name, [])) for name in REPOSITORY_FACTORIES
    ]
)
def repo(request: pytest.FixtureRequest) -> MeetingRepository:
    return REPOSITORY_FACTORIES[request.param](request)


# Every store the API tests run against (``/v1/<store>/...``), with the marks they need.
API_STORES: dict[str, list[pytest.MarkDecorator]] = {
    "mysql": [],
    "edgedb": gel_support.GEL_MARKS,  # skipped without GEL_DSN
}


@pytest.fixture(params=[pytest.param(name, marks=marks) for name, marks in API_STORES.items()])
def store(request: pytest.FixtureRequest) -> str:
    """The store an API test talks to; API test modules also use the ``db`` fixture."""
    name: str = request.param
    if name == "edgedb":
        gel_support.window_open(request)
    return name


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def orm_repo(db: Any) -> DjangoMeetingRepository:
    return DjangoMeetingRepository()


@pytest.fixture
def meeting_with_range(orm_repo: DjangoMeetingRepository) -> Meeting:
    return services.meeting_create(
        repo=orm_repo,
        title="Team dinner",
        location="Seoul",
        start_date=date(2026, 12, 1),
        end_date=date(2026, 12, 7),
    )
