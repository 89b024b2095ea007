"""Schemathesis against the app's own ``/openapi.json``: every operation of every store.

Each operation gets ``FUZZ_EXAMPLES`` generated requests (valid and invalid ones), sent to the
Django WSGI app in-process, and every response must

- not be a server error: 5xx only as the documented 503 of a store whose server this run does
  not have (``/v1/edgedb/...`` without ``GEL_DSN``), never on ``/v1/mysql``;
- carry a status code the schema documents for the operation, with the documented content type,
  headers and body (Schemathesis' conformance checks);
- reject what the schema says is invalid (a request that violates the schema gets a 4xx).

The run is deterministic (Hypothesis ``derandomize``) and small for ``make test``; ``make fuzz``
sets ``FUZZ_EXAMPLES`` much higher and ``FUZZ_RANDOM=1`` to explore new inputs on every run
(Hypothesis prints a ``@seed`` to replay a failure).

Random url codes and ids would only ever meet 404s, so generated path parameters and body fields
are swapped, part of the time, for meetings, participants and dates that exist (seeded below).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import override_settings
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis import APIOperation
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import positive_data_acceptance

from meetings.repositories import STORES, repository_for

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
FUZZ_RANDOM = os.environ.get("FUZZ_RANDOM", "") == "1"
HOST = "testserver"
Case = schemathesis.Case[APIOperation[Any, Any, Any, Any]]

# Stores whose server a test run may lack, with the variable that points at one. Without it
# their endpoints answer the documented 503; with it they must work like /v1/mysql.
STORE_SERVER_ENV = {"edgedb": "GEL_DSN"}
UNAVAILABLE_DETAIL = re.compile(r"store is not available", re.IGNORECASE)

# Loaded while pytest collects (before the test environment exists), so allow the host here.
with override_settings(ALLOWED_HOSTS=[HOST]):
    schema = schemathesis.openapi.from_wsgi(
        "/openapi.json", get_wsgi_application(), headers={"Host": HOST}
    )

# Meetings that exist during each fuzzed operation (url codes are 22 base62 characters).
SEEDED_WITH_RANGE = "FuzzSeededWithRange000"
SEEDED_WITHOUT_RANGE = "FuzzSeededNoRange00000"


def _store_of(path: str) -> str:
    return path.split("/")[2]


def _store_may_be_unavailable(store: str) -> bool:
    variable = STORE_SERVER_ENV.get(store)
    return variable is not None and not os.environ.get(variable)


def _sometimes(value: Any, known: list[Any]) -> st.SearchStrategy[Any]:
    """The generated value, or one that exists in the store."""
    return st.sampled_from([value, *known]) if known else st.just(value)


@dataclass
class Seeded:
    """What the ``seeded`` fixture stored; fixed for a whole test, so that Hypothesis draws
    the same way when it replays an example (ids may be deleted meanwhile: then they 404)."""

    participant_ids: list[str] = field(default_factory=list)
    participant_date_ids: list[int] = field(default_factory=list)


SEEDED = Seeded()


@schema.hook
def flatmap_case(context: schemathesis.HookContext, case: Case) -> st.SearchStrategy[Case]:
    """Swap generated url codes and ids for existing ones part of the time. The case is changed
    through its attributes, so Schemathesis re-checks whether it still violates the schema."""
    if _store_of(case.operation.path) != "mysql":
        return st.just(case)
    codes = [SEEDED_WITH_RANGE, SEEDED_WITHOUT_RANGE]
    path = dict(case.path_parameters or {})
    body = dict(case.body) if isinstance(case.body, dict) else None
    choices: dict[str, st.SearchStrategy[Any]] = {}
    if "url_code" in path:
        choices["path.url_code"] = _sometimes(path["url_code"], codes)
    if "participant_id" in path:
        choices["path.participant_id"] = _sometimes(path["participant_id"], SEEDED.participant_ids)
    if body is not None and "meeting_url_code" in body:
        choices["body.meeting_url_code"] = _sometimes(body["meeting_url_code"], codes)
    if body is not None and "participant_date_id" in body:
        choices["body.participant_date_id"] = _sometimes(
            body["participant_date_id"], SEEDED.participant_date_ids
        )
    if not choices:
        return st.just(case)

    def apply(chosen: dict[str, Any]) -> Case:
        for key, value in chosen.items():
            where, name = key.split(".")
            (path if where == "path" else body or {})[name] = value
        if path:
            case.path_parameters = path
        if body is not None:
            case.body = body
        return case

    return st.fixed_dictionaries(choices).map(apply)


@pytest.fixture
def seeded(transactional_db: Any) -> None:
    """Two meetings, one with a week and three participants; requests run in autocommit as in
    production (``transactional_db``), so a failed statement cannot poison later ones."""
    repo = repository_for("mysql")
    repo.meeting_create(url_code=SEEDED_WITHOUT_RANGE, title="No range", location="")
    repo.meeting_create(
        url_code=SEEDED_WITH_RANGE,
        title="Fuzzed",
        location="Seoul",
        start_date=date(2026, 3, 2),
        end_date=date(2026, 3, 8),
    )
    participants = [
        repo.participant_create(url_code=SEEDED_WITH_RANGE, name=name)[0]
        for name in ("Ada", "Grace", "Linus")
    ]
    SEEDED.participant_ids = [str(p.id) for p in participants]
    SEEDED.participant_date_ids = [int(d.id) for p in participants for d in p.dates[:2]]


@pytest.mark.usefixtures("seeded")
@schema.parametrize()
@settings(
    max_examples=FUZZ_EXAMPLES,
    derandomize=not FUZZ_RANDOM,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_conforms_to_the_schema(case: Case) -> None:
    response = case.call_and_validate(
        headers={"Host": HOST},
        # Replaced by the assertion below, which allows a missing store's documented 503.
        excluded_checks=[
            not_a_server_error,
            # "Schema-valid request rejected": the domain has rules a JSON schema cannot say
            # (a range of at most 62 days, unique names, no control characters, existing
            # ids), answered with documented 400/404/409/422 errors.
            positive_data_acceptance,
        ],
    )
    if response.status_code >= 500:
        store = _store_of(case.operation.path)
        assert response.status_code == 503, (case.method, case.formatted_path, response.text)
        assert _store_may_be_unavailable(store), f"/v1/{store} answered 503: {response.text}"
        assert UNAVAILABLE_DETAIL.search(response.json()["detail"]), response.text


def test_every_store_is_fuzzed() -> None:
    """The parametrized test above covers each store's routes: none is left out of the schema."""
    paths = set(schema)
    for store in STORES:
        assert any(path.startswith(f"/v1/{store}/") for path in paths), store
