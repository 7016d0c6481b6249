"""/resolve and /resolve/batch: the queries, their budgets and the answers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import marshmallow as ma
from marshmallow import validate

from service.matching import Status
from service.web.plain_load import PlainSchema
from service.web.schemas.fields import NestedList, country_field, name_field, type_field

MAX_BATCH = 1000
MAX_LIMIT = 25
# One request's work, bounded (issue #16): resolving costs about 0.5 ms a name plus 50 us a
# character at 100k aliases, and an explained candidate about 850 bytes of answer. A batch
# of 1,000 500-character names with explain and limit 25 took 10.5 s and answered 185 MB.
# At these budgets the costliest admitted batch takes about a second of a worker's CPU
# (benchmarks/request_bounds.py: 1,000 names of 12 characters took 1.18 s at 100k aliases,
# hence 10,000 characters) and answers at most a few MB; 40 explained queries at limit 25
# answer 0.7 MB.
MAX_BATCH_NAME_CHARS = 10_000  # characters of the batch's distinct names
MAX_BATCH_EXPLAINED = 1_000  # the sum of limit over the queries with explain


# -- resolve ------------------------------------------------------------------------
class ResolveQuery(PlainSchema):
    name = name_field(
        metadata={
            "description": "The name to resolve, in any script",
            "example": "Ahmed Ash-Sharara",
        }
    )
    type = type_field(
        load_default=None, metadata={"description": "Only consider entities of this type"}
    )
    limit = ma.fields.Integer(load_default=5, validate=validate.Range(1, MAX_LIMIT))
    min_score = ma.fields.Float(
        load_default=None,
        allow_none=True,
        validate=validate.Range(0, 1),
        metadata={
            "description": "List candidates scoring at least this; by default only those "
            "above the review bar of their type (0.5), below which a name is no_match"
        },
    )
    explain = ma.fields.Boolean(
        load_default=False, metadata={"description": "Add per-candidate score explanations"}
    )
    country = country_field()
    record = ma.fields.Boolean(
        load_default=True,
        metadata={
            "description": "Count an unresolved name in the review queue; curators' tools "
            "send false so their own look-ups are not counted as callers' asks"
        },
    )


class QueryEcho(ma.Schema):
    name = ma.fields.String(required=True)
    type = ma.fields.String(allow_none=True)
    normalized = ma.fields.String(required=True)
    country = ma.fields.List(
        ma.fields.String(), metadata={"description": "The query's countries, when it had any"}
    )


class Candidate(ma.Schema):
    id = ma.fields.String(required=True, metadata={"description": "Stable entity ID"})
    name = ma.fields.String(required=True, metadata={"description": "Canonical name"})
    type = ma.fields.String(required=True)
    score = ma.fields.Float(required=True, metadata={"description": "Confidence in [0, 1]"})
    matched_alias = ma.fields.String(required=True)
    not_same = ma.fields.Boolean(
        metadata={"description": "A curator judged this name not to be this entity"}
    )
    country_conflict = ma.fields.Boolean(
        metadata={
            "description": "The entity's countries share none with the query's: never "
            "matched, listed after the others"
        }
    )
    explanation = ma.fields.Dict(metadata={"description": "Only with explain=true"})


class ResolveResult(ma.Schema):
    query = ma.fields.Nested(QueryEcho, required=True)
    status = ma.fields.String(
        required=True, validate=validate.OneOf([status.value for status in Status])
    )
    match = ma.fields.Nested(Candidate, allow_none=True, required=True)
    candidates = ma.fields.List(ma.fields.Nested(Candidate), required=True)


BATCH_DOC = (
    f"1-{MAX_BATCH} queries, answered in order. One batch's distinct names may total at most "
    f"{MAX_BATCH_NAME_CHARS:,} characters, and its queries with explain may ask for at most "
    f"{MAX_BATCH_EXPLAINED:,} candidates (the sum of their limits); a larger batch is refused "
    "with 422 naming queries and the budget: split it."
)


class ResolveBatch(ma.Schema):
    queries = NestedList(
        ma.fields.Nested(ResolveQuery),
        required=True,
        validate=validate.Length(1, MAX_BATCH),
        metadata={"description": BATCH_DOC},
    )

    @ma.validates_schema
    def within_budget(self, data: dict[str, Any], **kwargs: Any) -> None:
        """Refuse a batch whose work is unbounded by the per-query limits alone."""
        problem = batch_budget_problem(data["queries"])
        if problem is not None:
            raise ma.ValidationError(problem, "queries")


def names_budget_problem(names: Iterable[str]) -> str | None:
    """Why a batch's names are too much to resolve in one request, or None (reconciliation
    batches share the budget). A name asked twice is resolved once, so it counts once."""
    chars = sum(map(len, set(names)))
    if chars > MAX_BATCH_NAME_CHARS:
        return (
            f"the batch's distinct names total {chars:,} characters; at most "
            f"{MAX_BATCH_NAME_CHARS:,} per batch: split it"
        )
    return None


def batch_budget_problem(queries: list[dict[str, Any]]) -> str | None:
    """Why a batch of valid queries is too much for one request, or None."""
    problem = names_budget_problem(query["name"] for query in queries)
    if problem is not None:
        return problem
    explained = sum(query["limit"] for query in queries if query["explain"])
    if explained > MAX_BATCH_EXPLAINED:
        return (
            f"the batch's queries with explain ask for {explained:,} candidates (the sum of "
            f"their limits); at most {MAX_BATCH_EXPLAINED:,} per batch: split it or lower limit"
        )
    return None


class ResolveBatchResult(ma.Schema):
    results = ma.fields.List(ma.fields.Nested(ResolveResult), required=True)
