from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches
from rest_framework.test import APIClient

from meetings import limits, services
from meetings.domain import Meeting
from meetings.repositories import MeetingRepository
from meetings.repositories.memory import InMemoryMeetingRepository
from meetings.repositories.mysql import DjangoMeetingRepository
from meetings.tests.support import gel_support

# --- the run's Gel server (see gel_support) -------------------------------------------------


@pytest.hookimpl(trylast=True)  # after ``-m``/``-k`` deselected what will not run
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if any(item.get_closest_marker("gel") for item in items):
        gel_support.session_start()


def pytest_unconfigure(config: pytest.Config) -> None:
    gel_support.session_end()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    gel_support.outcome_record(report)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for line in gel_support.summary():
        terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def _gel_server(request: pytest.FixtureRequest) -> None:
    """A ``gel`` test runs against the run's Gel server, or skips (fails in CI) saying why."""
    if request.node.get_closest_marker("gel") is not None:
        gel_support.require()


@pytest.fixture(autouse=True)
def _rate_limits_fresh() -> None:
    """Every test starts with no requests counted against the abuse limits (meetings.limits):
    the suite creates and joins far more meetings from one address than a person would."""
    caches[settings.RATELIMIT_USE_CACHE].clear()
    caches[limits.FALLBACK_CACHE].clear()
    limits.shared_counters_reset()


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
    "edgedb": gel_support.GEL_MARKS,  # skipped without a Gel server (failed in CI)
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
    "edgedb": gel_support.GEL_MARKS,  # skipped without a Gel server (failed in CI)
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
