"""Property-based fuzzing of every documented operation with schemathesis, in process.

Each operation of the committed ``openapi.yaml`` gets generated requests, valid and
invalid, sent with an admin key to a fresh SQLite app. Every answer must be documented:
no 5xx, a listed status code and content type, a body matching its schema (so errors are
problem+json). Examples are bounded and derandomised, so CI runs the same cases each time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis.checks import CheckContext, not_a_server_error
from schemathesis.core.transport import Response
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from service.bootstrap import open_store, prepare_store
from service.config import Settings
from service.web import create_app
from tests.helpers import PROBLEM

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES_PER_OPERATION = 30


schema = schemathesis.openapi.from_path(ROOT / "openapi.yaml")
# POST /import takes JSON Lines: send the generated string as it is.
schemathesis.serializer.alias("application/x-ndjson", "text/plain")


def problem_json(ctx: CheckContext, response: Response, case: schemathesis.Case) -> None:
    """Every error answer is an RFC 9457 document whose status is the HTTP status."""
    if response.status_code < 400:
        return
    content_type = response.headers.get("content-type", [""])[0]
    assert content_type.startswith(PROBLEM), f"{response.status_code} came as {content_type}"
    body = response.json()
    assert body["status"] == response.status_code
    assert {"type", "title", "detail"} <= set(body)


# What the documented contract promises. Not checked: positive_data_acceptance and
# negative_data_rejection, which expect the schema alone to predict acceptance (unknown
# IDs, names that normalise to nothing, a missing If-Match, per-query errors inside a
# reconciliation batch and marshmallow's 0/1 booleans are all by design).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    problem_json,
]


@dataclass
class Target:
    app: Flask
    headers: dict[str, str]


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    database = tmp_path_factory.mktemp("fuzz") / "polyonym.db"
    config = Settings(database_url=f"sqlite:///{database}", follow_changes=False)
    store = open_store(config)
    prepare_store(store, config)
    token = store.create_key("fuzzer", "admin")
    yield Target(create_app(config, store=store), {"Authorization": f"Bearer {token}"})
    store.dispose()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_is_documented(case: schemathesis.Case, target: Target) -> None:
    case.call_and_validate(app=target.app, headers=target.headers, checks=CHECKS)
