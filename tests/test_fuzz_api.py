"""Property-based fuzzing of every documented operation with schemathesis, in process.

Each operation of the committed ``openapi.yaml`` gets generated requests, valid and
invalid, sent with an admin key to a fresh SQLite app. Every answer must be documented:
no 5xx, a listed status code and content type, a body matching its schema (so errors are
problem+json). A second test sends name-shaped strings (tests/strategies.py) to every route
that takes a name, where the generic strings schemathesis draws rarely look like one.

Examples are random per run: the seed is printed in pytest's header and replays with
``--hypothesis-seed=N``. ``make test`` runs a bounded number; ``make fuzz`` (nightly) sets
POLYONYM_FUZZ_EXAMPLES and POLYONYM_FUZZ_NAME_EXAMPLES much higher.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import CheckContext, not_a_server_error
from schemathesis.core.transport import Response
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from service.config import Settings
from service.live.bootstrap import open_store, prepare_store
from service.matching.names import name_problem, stored_name_problem
from tests.conftest import open_app
from tests.helpers import PROBLEM
from tests.strategies import any_name

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES_PER_OPERATION = int(os.environ.get("POLYONYM_FUZZ_EXAMPLES", "30"))
NAME_EXAMPLES = int(os.environ.get("POLYONYM_FUZZ_NAME_EXAMPLES", "60"))


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
    with open_app(config, store) as app:
        yield Target(app, {"Authorization": f"Bearer {token}"})
    store.dispose()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_is_documented(case: schemathesis.Case, target: Target) -> None:
    case.call_and_validate(app=target.app, headers=target.headers, checks=CHECKS)


def name_requests(name: str) -> list[tuple[str, str, dict[str, object]]]:
    """(path, method, request) for every route that takes a name, sending ``name``."""
    entity = {"entity_id": "E000001"}
    ndjson = json.dumps({"name": name, "type": "person"}) + "\n"
    return [
        ("/resolve", "POST", {"body": {"name": name}}),
        ("/resolve", "GET", {"query": {"name": name}}),
        ("/resolve/batch", "POST", {"body": {"queries": [{"name": "Putin"}, {"name": name}]}}),
        (
            "/reconcile",
            "POST",
            {
                "body": {"queries": json.dumps({"q": {"query": name}})},
                "media_type": "application/x-www-form-urlencoded",
            },
        ),
        (
            "/reconcile/match",
            "POST",
            {"body": {"queries": [{"conditions": [{"matchType": "name", "propertyValue": name}]}]}},
        ),
        ("/reconcile/suggest/entity", "GET", {"query": {"prefix": name}}),
        ("/entities", "GET", {"query": {"q": name}}),
        ("/entities", "POST", {"body": {"name": name, "type": "person", "aliases": [name]}}),
        (
            "/entities/{entity_id}/aliases",
            "POST",
            {"path_parameters": entity, "body": {"name": name}},
        ),
        (
            "/entities/{entity_id}",
            "PATCH",
            {"path_parameters": entity, "body": {"name": name}, "headers": {"If-Match": "*"}},
        ),
        (
            "/judgements",
            "POST",
            {"body": {"name": name, "entity_id": "E000001", "verdict": "same"}},
        ),
        ("/import", "POST", {"body": ndjson, "media_type": "application/x-ndjson"}),
    ]


def expected(path: str, method: str, name: str) -> set[int]:
    """What a route may answer ``name``. The name rule decides for the routes that resolve
    a name (a refused name is a 422) and the stored-name rule, stricter, for the writes (a
    write may still be a 409 conflict). A search takes 1 to 512 characters; it and the
    reconciliation routes answer 200 to a name the rule accepts, and may refuse the rest."""
    refused = name_problem(name) is not None
    if (path, method) == ("/entities", "GET") and not 0 < len(name) <= 512:
        return {422}
    if path.startswith("/reconcile") or (path == "/entities" and method == "GET"):
        return {200, 422} if refused else {200}
    if path.startswith("/resolve"):
        return {422} if refused else {200}
    if refused or stored_name_problem(name) is not None:
        return {422}
    return {200} if path == "/import" else {200, 201, 409}


@settings(
    max_examples=NAME_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(name=any_name)
def test_name_shaped_input_to_every_name_route(target: Target, name: str) -> None:
    for path, method, request in name_requests(name):
        headers = {**target.headers, **request.pop("headers", {})}  # type: ignore[dict-item]
        case = schema[path][method].Case(**request)  # type: ignore[arg-type]
        response = case.call_and_validate(app=target.app, headers=headers, checks=CHECKS)
        allowed = expected(path, method, name)
        assert response.status_code in allowed, (method, path, name, response.text[:300])
