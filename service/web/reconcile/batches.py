"""A reconciliation batch of either version -> its answers; a bad query errs alone.

0.2 batches come as form or query fields holding JSON text (``queries=``, ``extend=``),
1.0-draft ones as a JSON body: both end in service.web.reconcile.match.run and
service.web.reconcile.extend, with the same batch size and name-cost limits.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import marshmallow as ma
from flask import Response, request
from flask_smorest import abort
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge

from service.web.auth import authorize
from service.web.limits import refuse_costly_names
from service.web.reconcile import extend as extension
from service.web.reconcile.match import plain_values, run
from service.web.reconcile.schemas import BATCH_SIZE, ExtendQuery, Query02, load_query


def json_field(text: str, name: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: nested too deep to parse
        raise BadRequest(f"{name} is not valid JSON") from None


def names_10(queries: list[dict[str, Any]]) -> Iterator[Any]:
    """The name each 1.0-draft query is resolved by (its first name condition's value)."""
    for query in queries:
        for condition in query.get("conditions") or []:
            if condition.get("matchType") == "name":
                yield next(iter(plain_values(condition.get("propertyValue"))), None)
                break


def run_02_batch(text: str) -> dict[str, Any]:
    """{"q0": {...}, ...} -> {"q0": {"result": [...]}, ...}; a bad query errs alone."""
    queries = json_field(text, "queries")
    if not isinstance(queries, dict):
        raise BadRequest("queries must be a JSON object keyed by query ID")
    if len(queries) > BATCH_SIZE:
        raise RequestEntityTooLarge(f"at most {BATCH_SIZE} queries per batch (batchSize)")
    names = (query.get("query") for query in queries.values() if isinstance(query, dict))
    refuse_costly_names(names, "query" if request.method == "GET" else "form")
    results: dict[str, Any] = {}
    schema = Query02()
    for key, value in queries.items():
        candidates, error = run(load_query(schema, value), "0.2")
        results[key] = {"result": candidates, **({"error": error} if error else {})}
    return results


def run_extend(body: Any, version: str) -> dict[str, Any]:
    try:
        query = ExtendQuery().load(body if isinstance(body, dict) else {})
    except ma.ValidationError as error:
        abort(422, messages={"json" if version == "1.0" else "form": error.messages})
    settings = {p["id"]: p.get("settings") for p in query["properties"]}
    meta, rows = extension.extend_rows(
        query["ids"], [p["id"] for p in query["properties"]], settings
    )
    if version == "0.2":
        return {"meta": meta, "rows": extension.rows_02(rows)}
    return {"meta": meta, "rows": extension.rows_10(rows)}


def answer_02(args: dict[str, Any]) -> Response | None:
    """Queries or an extension over the 0.2 endpoint; None when the request has neither."""
    if "queries" not in args and "extend" not in args:
        return None
    authorize("read")
    if "queries" in args:
        return Response(json.dumps(run_02_batch(args["queries"])), mimetype="application/json")
    body = run_extend(json_field(args["extend"], "extend"), "0.2")
    return Response(json.dumps(body), mimetype="application/json")
