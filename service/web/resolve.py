"""/resolve: the consumer contract other services code against."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import orjson
from flask import Response
from flask.views import MethodView

from service.web.auth import requires
from service.web.metrics import count_outcome
from service.web.parser import Blueprint
from service.web.schemas import ResolveBatch, ResolveBatchResult, ResolveQuery, ResolveResult
from service.web.serialize import resolution_body
from service.web.state import current_state

blp = Blueprint(
    "resolve", __name__, url_prefix="/resolve", description="Resolve names to stable IDs"
)


def plain(value: Any) -> Any:
    """What orjson cannot write itself: numpy scalars from the engine become Python numbers."""
    item = getattr(value, "item", None)
    if item is None:
        raise TypeError(f"{type(value).__name__} is not JSON serialisable")
    return item()


def json_response(body: dict[str, Any]) -> Response:
    """The hot path's body, already in the documented shape, serialised once.

    ``resolution_body`` builds exactly what ResolveResult describes (a test dumps bodies
    through the schema and compares), so the per-request marshmallow dump is skipped.
    orjson writes the same JSON (UTF-8, keys in insertion order, compact) about 7x faster
    than ``json.dumps`` (a five-candidate body: 1.7 us instead of 12.8 us here).
    """
    return Response(orjson.dumps(body, default=plain), mimetype="application/json")


def candidate_floor(min_score: float | None) -> Callable[[str], float]:
    """Candidates below the review bar of their type are noise ("Middle East" for most
    "al-Sh..." names at 0.05): listed only when the caller asks with min_score."""
    if min_score is not None:
        return lambda entity_type: min_score
    return current_state().resolver.review_bar


def resolve_one(query: dict[str, Any]) -> Response:
    """The schema already refused names that normalise to nothing (see check_name_characters)."""
    outcome = current_state().resolver.resolve(
        query["name"],
        query["type"],
        query["limit"],
        query["explain"],
        query["record"],
        countries=query["country"],
    )
    count_outcome(outcome.resolution.status)
    floor = candidate_floor(query["min_score"])
    body = resolution_body(query["name"], query["type"], outcome, floor)
    return json_response(with_country(body, query))


def with_country(body: dict[str, Any], query: dict[str, Any]) -> dict[str, Any]:
    """Echo the query's countries, when it had any, beside its name."""
    if query["country"]:
        body["query"]["country"] = sorted(query["country"])
    return body


@blp.route("", endpoint="resolve")
class Resolve(MethodView):
    @requires("read")
    @blp.arguments(ResolveQuery())
    @blp.response(200, ResolveResult)
    def post(self, query: dict[str, Any]) -> Response:
        """Resolve one name: matched, ambiguous or no_match, with scored candidates"""
        return resolve_one(query)

    @requires("read")
    @blp.arguments(ResolveQuery(), location="query")
    @blp.response(200, ResolveResult)
    def get(self, query: dict[str, Any]) -> Response:
        """Resolve one name given as query parameters (for quick checks)"""
        return resolve_one(query)


@blp.route("/batch", endpoint="batch")
class ResolveMany(MethodView):
    @requires("read")
    @blp.arguments(ResolveBatch())
    @blp.response(200, ResolveBatchResult)
    def post(self, batch: dict[str, Any]) -> Response:
        """Resolve up to 1000 names in one request; results keep the queries' order"""
        queries = batch["queries"]
        resolutions = current_state().resolver.resolve_many(
            (q["name"], q["type"], q["limit"], q["explain"], q["record"], q["country"])
            for q in queries
        )
        for status, times in Counter(r.resolution.status for r in resolutions).items():
            count_outcome(status, times)
        results = [
            with_country(
                resolution_body(q["name"], q["type"], r, candidate_floor(q["min_score"])), q
            )
            for q, r in zip(queries, resolutions, strict=True)
        ]
        return json_response({"results": results})
