"""Prometheus metrics in process (meetifyr/metrics.py, meetings/metrics.py): a request moves
its counter by route template, never with a url code or key in a label; the kept renderings'
hits and misses, limit refusals, Gel conflicts and 503s, access retries and purges move theirs;
``/metrics`` answers only on the metrics listener. Served by gunicorn: test_metrics_served.py."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import gel
import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import resolve
from prometheus_client import generate_latest

from meetifyr.metrics import UNMATCHED, registry
from meetings import domain, models, services
from meetings.guarded import ACCESS_ATTEMPTS, access_retried
from meetings.repositories import repository_for
from meetings.repositories.gel.client import conflicts_retried
from meetings.repositories.gel.errors import store_errors

METRICS_PORT = 9464


def value(name: str, **labels: str) -> float:
    return registry().get_sample_value(name, labels) or 0.0


class Moved:
    """How far samples moved since it was made."""

    def __init__(self, *samples: tuple[str, dict[str, str]]) -> None:
        self.samples = samples
        self.before = [value(name, **labels) for name, labels in samples]

    def by(self) -> list[float]:
        return [
            value(name, **labels) - before
            for (name, labels), before in zip(self.samples, self.before, strict=True)
        ]


def requests(method: str, route: str, status: int) -> tuple[str, dict[str, str]]:
    labels = {"method": method, "route": route, "status": str(status)}
    return "meetifyr_http_requests_total", labels


def lookups(cache: str, result: str) -> tuple[str, dict[str, str]]:
    return "meetifyr_cache_lookups_total", {"cache": cache, "result": result}


@pytest.fixture
def created() -> Iterator[dict[str, Any]]:
    with override_settings(MEETINGS_RATE_CREATE="1000/h"):
        body = {"title": "Metrics plans", "start_date": "2026-12-01", "end_date": "2026-12-03"}
        answer = Client().post("/v1/mysql/meetings", body, content_type="application/json")
        assert answer.status_code == 201, answer.content
        yield answer.json()


@pytest.mark.django_db
def test_a_request_moves_its_route_templates_counter_and_no_label_holds_its_code(
    created: dict[str, Any],
) -> None:
    code, key = created["url_code"], created["organizer_key"]
    path = f"/v1/mysql/meetings/{code}"
    route = resolve(path).route
    assert code not in route
    moved = Moved(
        requests("GET", route, 200),
        ("meetifyr_http_request_duration_seconds_count", {"method": "GET", "route": route}),
        ("meetifyr_db_queries_total", {"route": route, "database": "default"}),
        requests("GET", UNMATCHED, 404),
    )
    client = Client()
    assert client.get(path, headers={"Authorization": f"Bearer {key}"}).status_code == 200
    assert client.get(f"/no/such/{code}?key={key}").status_code == 404
    counted, timed, queries, unmatched = moved.by()
    assert (counted, timed, unmatched) == (1, 1, 1)
    assert queries >= 1
    exposition = generate_latest(registry()).decode()
    assert code not in exposition
    assert key not in exposition
    assert "Metrics plans" not in exposition


@pytest.mark.django_db
def test_the_probes_are_not_counted() -> None:
    moved = Moved(requests("GET", UNMATCHED, 200))
    assert Client().get("/healthz").status_code == 200
    assert moved.by() == [0]


@pytest.mark.django_db
def test_the_kept_meetings_hits_and_misses_move(created: dict[str, Any]) -> None:
    path = f"/v1/mysql/meetings/{created['url_code']}"
    caches["meetings"].clear()
    moved = Moved(lookups("meeting", "hit"), lookups("meeting", "miss"))
    client = Client()
    assert client.get(path).status_code == 200  # nothing kept: a miss, then kept
    assert moved.by() == [0, 1]
    assert client.get(path).status_code == 200
    assert moved.by() == [1, 1]
    services.meeting_set_title(
        repo=repository_for("mysql"),
        url_code=created["url_code"],
        title="Changed",
        key=created["organizer_key"],
    )
    assert client.get(path).status_code == 200  # kept at an older version: a miss
    assert moved.by() == [1, 2]


@pytest.mark.django_db
def test_the_kept_fragments_hits_and_misses_move(created: dict[str, Any]) -> None:
    caches["meetings"].clear()
    moved = Moved(lookups("fragment", "hit"), lookups("fragment", "miss"))
    path = f"/meetings/{created['url_code']}/grid"
    for _ in range(2):
        assert Client().get(path, headers={"Meetifyr-Fragment": "1"}).status_code == 200
    assert moved.by() == [1, 1]


@pytest.mark.django_db
@override_settings(MEETINGS_RATE_CREATE="2/h")
def test_a_refused_limit_moves_its_counter() -> None:
    moved = Moved(("meetifyr_rate_limit_refusals_total", {"limit": "create"}))
    client = Client()
    answers = [
        client.post("/v1/mysql/meetings", {}, content_type="application/json").status_code
        for _ in range(3)
    ]
    assert answers == [201, 201, 429]
    assert moved.by() == [1]


def conflict() -> gel.TransactionConflictError:
    return gel.TransactionConflictError("conflict")  # type: ignore[no-untyped-call]


def test_gel_conflicts_and_503s_move_theirs() -> None:
    moved = Moved(
        ("meetifyr_gel_conflicts_total", {}),
        ("meetifyr_gel_unavailable_total", {"reason": "busy"}),
    )
    rounds = iter([conflict(), None])

    def conflicting_once() -> str:
        error = next(rounds)
        if error is not None:
            raise error
        return "committed"

    assert conflicts_retried(conflicting_once) == "committed"
    assert moved.by() == [1, 0]
    with pytest.raises(domain.StoreUnavailable), store_errors():
        raise conflict()  # still conflicting past GEL_RETRY_SECONDS
    assert moved.by() == [1, 1]
    with pytest.raises(domain.StoreUnavailable), store_errors(counted=False):  # /readyz's
        raise conflict()
    assert moved.by() == [1, 1]


def test_access_retries_and_their_503_move_theirs() -> None:
    moved = Moved(
        ("meetifyr_access_changed_total", {"outcome": "retried"}),
        ("meetifyr_access_changed_total", {"outcome": "unavailable"}),
    )

    @access_retried
    def always_changed() -> None:
        raise domain.AccessChanged

    with pytest.raises(domain.StoreUnavailable):
        always_changed()
    assert moved.by() == [ACCESS_ATTEMPTS - 1, 1]


@pytest.mark.django_db
def test_the_purge_moves_its_count_and_time() -> None:
    repo = repository_for("mysql")
    meeting = services.meeting_create(repo=repo, title="Long ago")
    long_ago = datetime.now(UTC) - timedelta(days=domain.DEFAULT_RETENTION_DAYS + 2)
    models.Meeting.objects.filter(url_code=meeting.url_code).update(
        changed_at=long_ago, created_at=long_ago
    )
    moved = Moved(("meetifyr_purged_meetings_total", {"store": "mysql", "via": "command"}))
    began = datetime.now(UTC).timestamp()
    call_command("meetings_purge", "--store", "mysql", stdout=io.StringIO())
    assert moved.by() == [1]
    assert value("meetifyr_purge_last_success_timestamp_seconds", store="mysql") >= int(began)


class ListenerSocket:
    """What gunicorn puts in ``environ["gunicorn.socket"]``: the connection, bound locally."""

    def __init__(self, port: int) -> None:
        self.port = port

    def getsockname(self) -> tuple[str, int]:
        return ("127.0.0.1", self.port)


@override_settings(MEETINGS_METRICS_PORT=METRICS_PORT)
def test_metrics_answer_on_the_metrics_listener_alone() -> None:
    listener = {"gunicorn.socket": ListenerSocket(METRICS_PORT)}
    public = {"gunicorn.socket": ListenerSocket(8000)}
    scraped = Client().get("/metrics", **listener)  # type: ignore[arg-type]
    assert scraped.status_code == 200
    assert scraped["Content-Type"].startswith("text/plain")
    assert b"meetifyr_http_requests_total" in scraped.content
    assert scraped["Cache-Control"] == "no-store"
    # Nothing else on that listener; no /metrics on the public one, whatever the Host says.
    assert Client().get("/openapi.json", **listener).status_code == 404  # type: ignore[arg-type]
    assert Client().post("/metrics", **listener).status_code == 405  # type: ignore[arg-type]
    assert Client().get("/metrics", **public).status_code == 404  # type: ignore[arg-type]
    spoofed = Client().get("/metrics", headers={"Host": f"127.0.0.1:{METRICS_PORT}"})
    assert spoofed.status_code in (400, 404)


def test_openmetrics_when_asked() -> None:
    with override_settings(MEETINGS_METRICS_PORT=METRICS_PORT):
        scraped = Client().get(
            "/metrics",
            headers={"Accept": "application/openmetrics-text; version=1.0.0"},
            **{"gunicorn.socket": ListenerSocket(METRICS_PORT)},  # type: ignore[arg-type]
        )
    assert scraped["Content-Type"].startswith("application/openmetrics-text")
    assert scraped.content.endswith(b"# EOF\n")
