"""What the marshmallow schemas cannot say, added to the generated OpenAPI document from
the same declarations the views run with: each operation's security (``@requires``), its
conditional headers (``@conditional``), the errors those and its path and body can raise,
and the one non-JSON route a client calls (/metrics).

A client generated from the document can then make a conditional write: If-Match is a
declared parameter, ETag a declared response header, and 412 / 428 declared answers.
"""

from __future__ import annotations

import copy
import http
import json
import re
from collections.abc import Callable
from typing import Any

from flask import Flask

from service.web import examples
from service.web.auth import ROLE_ATTRIBUTE
from service.web.etags import IF_MATCH_ATTRIBUTE

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
# Routes that are pages and files for browsers, not API operations.
NOT_OPERATIONS = re.compile(r"^/(console|docs|static)(/|$)")
WRITE_METHODS = {"post", "put", "patch", "delete"}
# Writes that touch entities or judge names: a name held elsewhere, an alias the entity
# already has, a verdict against its own alias, or a merged entity is a 409.
CONFLICTING = re.compile(r"^/(entities|judgements$|review/\{item_id\}/(accept|reject))")

ROLE_TEXT = {
    "public": "No key needed.",
    "read": "A key of any role (reader, curator, admin) when POLYONYM_REQUIRE_READ_KEY=1; "
    "open otherwise.",
    "key": "A key of any role, always.",
    "curator": "A key of role curator or admin.",
    "admin": "A key of role admin.",
}

METRICS_PATH: dict[str, Any] = {
    "get": {
        "tags": ["Observability"],
        "summary": "Prometheus metrics of every worker of this instance",
        "description": "Text exposition format 0.0.4: request counts and durations by route, "
        "resolve outcomes, index size, applied change and lag, skipped entities, open "
        "review items.",
        "operationId": "metrics",
        "responses": {
            "200": {
                "description": "OK",
                "content": {
                    "text/plain": {
                        "schema": {"type": "string"},
                        "example": 'polyonym_http_requests_total{route="/resolve",method="POST",'
                        'status="200"} 42.0\n',
                    }
                },
            },
        },
    }
}


OPENAPI_PATH: dict[str, Any] = {
    "get": {
        "tags": ["Docs"],
        "summary": "This document",
        "operationId": "openapi",
        "responses": {
            "200": {"description": "OK", "content": {"application/yaml": {"schema": {}}}}
        },
    }
}


def openapi_path(rule: str) -> str:
    """``/entities/<string:entity_id>`` -> ``/entities/{entity_id}``."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def view_for(app: Flask, endpoint: str, method: str) -> Callable[..., Any] | None:
    """The function that answers ``method``: a MethodView's method or the plain view."""
    view = app.view_functions[endpoint]
    view_class = getattr(view, "view_class", None)
    if view_class is None:
        return view
    handler: Callable[..., Any] | None = getattr(view_class, method.lower(), None)
    return handler


def operations(app: Flask) -> list[tuple[str, str, Callable[..., Any]]]:
    """(OpenAPI path, lower-case method, view) of every API operation the app serves."""
    found = []
    for rule in app.url_map.iter_rules():
        if NOT_OPERATIONS.match(rule.rule):
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            view = view_for(app, rule.endpoint, method)
            if view is not None:
                found.append((openapi_path(rule.rule), method.lower(), view))
    return found


def expected_errors(path: str, method: str, operation: dict[str, Any], role: str) -> set[int]:
    """The error statuses an operation can answer besides 422, from what it declares."""
    statuses: set[int] = set()
    if role in {"read", "key", "curator", "admin"}:
        statuses.add(401)
    if role in {"curator", "admin"}:
        statuses.add(403)
    if "{" in path:
        statuses.add(404)
    if "{entity_id}" in path:
        statuses.add(410)
    if "requestBody" in operation:
        statuses.update({400, 413, 415})
    if method in WRITE_METHODS and CONFLICTING.match(path):
        statuses.add(409)
    return statuses


def if_match_parameter(required: bool) -> dict[str, Any]:
    when = "required: 428 without it" if required else "optional"
    return {
        "name": "If-Match",
        "in": "header",
        "required": required,
        "description": f"The entity's ETag ({when}); 412 when the entity has moved on",
        "schema": {"type": "string"},
        "example": '"1"',
    }


def problem_response(status: int) -> dict[str, Any]:
    return {
        "description": http.HTTPStatus(status).phrase,
        "content": {"application/problem+json": {"schema": dict(PROBLEM_REF)}},
    }


# Path parameters of the curated table and of a fresh store's first rows.
PATH_EXAMPLES = {
    "entity_id": "E000005",
    "alias_id": 1,
    "judgement_id": 1,
    "item_id": 1,
    "name": "grafana",
}
TEXT_EXAMPLES = {
    ("/export", "get"): (
        "application/x-ndjson",
        '{"id": "E000005", "type": "person", "name": "Vladimir Putin", "aliases": '
        '[{"name": "Владимир Путин", "lang": "ru"}], "external_ids": {"wikidata": "Q7747"}}\n',
    ),
    ("/openapi.yaml", "get"): ("application/yaml", "info:\n  title: polyonym\n"),
    ("/reconcile/preview", "get"): (
        "text/html",
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Vladimir Putin',
    ),
}


def add_examples(
    path: str, method: str, operation: dict[str, Any], recorded: dict[str, Any]
) -> None:
    """The recorded request (query parameters or body) and answer of an operation
    (service.web.examples), and an example of each path parameter."""
    example = recorded.get(f"{method.upper()} {path}", {})
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path" and parameter["name"] in PATH_EXAMPLES:
            parameter["example"] = PATH_EXAMPLES[parameter["name"]]
        if parameter["in"] == "query" and parameter["name"] in example.get("query", {}):
            parameter["example"] = example["query"][parameter["name"]]
    if "request" in example and "requestBody" in operation:
        content = operation["requestBody"]["content"]
        content[next(iter(content))]["example"] = example["request"]
    status = str(example.get("status", ""))
    if "response" in example and status in operation["responses"]:
        content = operation["responses"][status]["content"]
        content["application/json"]["example"] = example["response"]
        if "application/javascript" in content:  # the same answer, JSONP (callback=handle)
            padded = json.dumps(example["response"], ensure_ascii=False)
            content["application/javascript"]["example"] = f"/**/handle({padded});"
    if (path, method) in TEXT_EXAMPLES:
        media_type, text = TEXT_EXAMPLES[(path, method)]
        content = operation["responses"]["200"].setdefault("content", {})
        content.setdefault(media_type, {"schema": {"type": "string"}})["example"] = text


def complete(spec: dict[str, Any], app: Flask, version: str) -> dict[str, Any]:
    """Add security, conditional headers, error responses and /metrics to ``spec``.

    Works on a copy: apispec hands out its own path dicts, and a second rendering (the
    served /openapi.yaml, then `polyonym openapi`) would add every description twice."""
    spec = copy.deepcopy(spec)
    spec["info"]["version"] = version
    responses = spec.setdefault("components", {}).setdefault("responses", {})
    paths = spec.setdefault("paths", {})
    recorded = examples.load()
    for item in paths.values():  # flask-smorest declares path parameters on the path
        for parameter in item.get("parameters", []):
            if parameter["in"] == "path" and parameter["name"] in PATH_EXAMPLES:
                parameter["example"] = PATH_EXAMPLES[parameter["name"]]
    paths.setdefault("/metrics", copy.deepcopy(METRICS_PATH))
    paths.setdefault("/openapi.yaml", copy.deepcopy(OPENAPI_PATH))
    for path, method, view in operations(app):
        operation = paths.get(path, {}).get(method)
        if operation is None:
            continue
        role = getattr(view, ROLE_ATTRIBUTE, "public")
        operation["security"] = [] if role == "public" else [{"bearer": []}]
        if role == "read":
            operation["security"] = [{}, {"bearer": []}]
        operation["x-polyonym-role"] = role
        operation["description"] = (
            f"{operation.get('description', '').rstrip()}\n\nKey: {ROLE_TEXT[role]}".lstrip()
        )
        add_examples(path, method, operation, recorded)
        errors = expected_errors(path, method, operation, role)
        if_match = getattr(view, IF_MATCH_ATTRIBUTE, None)
        if if_match is not None:
            operation.setdefault("parameters", []).append(if_match_parameter(if_match))
            errors.update({400, 412} | ({428} if if_match else set()))
        for status in sorted(errors):
            name = http.HTTPStatus(status).name
            responses.setdefault(name, problem_response(status))
            operation["responses"].setdefault(
                str(status), {"$ref": f"#/components/responses/{name}"}
            )
        operation["responses"] = dict(
            sorted(operation["responses"].items(), key=lambda kv: (kv[0] == "default", kv[0]))
        )
    spec["components"]["responses"] = dict(sorted(responses.items()))
    return spec
