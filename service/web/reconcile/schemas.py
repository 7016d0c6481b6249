"""The W3C Reconciliation API's bodies (0.2 and 1.0-draft), for parsing and for openapi.yaml.

A query that fails validation does not fail its batch: ``QueryItem`` keeps its errors in
place, and the view answers that one query with an ``error`` instead of candidates.
"""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import validate
from werkzeug.exceptions import RequestEntityTooLarge

from service.web.problems import FieldError
from service.web.schemas import MAX_NAME_LENGTH, check_name_characters

BATCH_SIZE = 100  # queries per batch; more get 413 (OpenRefine sends 10 at a time)
SUGGEST_LIMIT = 50
QUERY_ERRORS = "_errors"


class QueryItem(ma.fields.Nested):
    """One query of a batch: parsed, or ``{"_errors": messages}`` when it is invalid."""

    def _deserialize(
        self, value: Any, attr: str | None, data: Any, partial: Any = None, **kwargs: Any
    ) -> Any:
        try:
            return super()._deserialize(value, attr, data, partial=partial, **kwargs)
        except ma.ValidationError as error:
            return {QUERY_ERRORS: error.messages}


def load_query(schema: ma.Schema, value: Any) -> dict[str, Any]:
    """Same as QueryItem, for the 0.2 batches that arrive as a JSON string in a form."""
    if not isinstance(value, dict):
        return {QUERY_ERRORS: {"_schema": ["each query must be a JSON object"]}}
    try:
        loaded: dict[str, Any] = schema.load(value)
        return loaded
    except ma.ValidationError as error:
        return {QUERY_ERRORS: error.messages}


class TypeOrTypes(ma.fields.Field[list[str]]):
    """0.2 ``type``: one type ID or a list of them -> always a list."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        values = value if isinstance(value, list) else [value]
        if not values or not all(isinstance(v, str) and v for v in values):
            raise ma.ValidationError("must be a type ID or a list of type IDs")
        return values


# -- requests ---------------------------------------------------------------------------
class PropertyValue02(ma.Schema):
    pid = ma.fields.String(
        required=True, metadata={"description": "wikidata (or another ID scheme), country, context"}
    )
    v = ma.fields.Raw(
        required=True, metadata={"description": "A value, an {id, name} object, or a list"}
    )


class Query02(ma.Schema):
    """One 0.2 query: ``query`` and/or ``properties``."""

    class Meta:
        unknown = ma.EXCLUDE

    query = ma.fields.String(
        validate=[validate.Length(max=MAX_NAME_LENGTH), check_name_characters],
        metadata={"example": "Ahmed Ash-Sharara"},
    )
    type = TypeOrTypes(metadata={"description": "A type ID or a list of them", "example": "person"})
    type_strict = ma.fields.String(validate=validate.OneOf(["any", "should", "all"]))
    limit = ma.fields.Integer(load_default=5, validate=validate.Range(min=1))
    properties = ma.fields.List(ma.fields.Nested(PropertyValue02), load_default=list)

    @ma.validates_schema
    def needs_something(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not data.get("query") and not data.get("properties"):
            raise ma.ValidationError("give a query, properties, or both", "query")


class ReconcileArgs(ma.Schema):
    """The 0.2 endpoint: no parameter returns the manifest."""

    queries = ma.fields.String(
        metadata={"description": "JSON object of queries keyed by query ID (0.2 batch)"}
    )
    extend = ma.fields.String(metadata={"description": "JSON data-extension query (0.2)"})
    callback = ma.fields.String(metadata={"description": "JSONP function name (GET only)"})
    version = ma.fields.String(
        validate=validate.OneOf(["0.2", "1.0-draft"]),
        metadata={"description": "Manifest version: 0.2 (default, OpenRefine) or 1.0-draft"},
    )


class Condition10(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    matchType = ma.fields.String(required=True, validate=validate.OneOf(["name", "id", "property"]))
    propertyId = ma.fields.String()
    propertyValue = ma.fields.Raw(required=True)
    required = ma.fields.Boolean()
    matchQuantifier = ma.fields.String(validate=validate.OneOf(["any", "all", "none"]))
    matchQualifier = ma.fields.String()


class Query10(ma.Schema):
    """One 1.0-draft query: conditions on the name, the entity ID or properties."""

    class Meta:
        unknown = ma.EXCLUDE

    type = ma.fields.String(metadata={"example": "person"})
    limit = ma.fields.Integer(load_default=5, validate=validate.Range(min=1))
    lang = ma.fields.String()
    dir = ma.fields.String()
    conditions = ma.fields.List(
        ma.fields.Nested(Condition10), required=True, validate=validate.Length(min=1)
    )


class MatchBatch(ma.Schema):
    queries = ma.fields.List(QueryItem(Query10), required=True)

    @ma.pre_load
    def refuse_oversized_batch(self, data: Any, **kwargs: Any) -> Any:
        """413 before a single query is loaded: 30,000 queries cost a second of CPU to
        validate one by one, only to be refused for their number afterwards."""
        queries = data.get("queries") if isinstance(data, dict) else None
        if isinstance(queries, list) and len(queries) > BATCH_SIZE:
            raise RequestEntityTooLarge(f"at most {BATCH_SIZE} queries per batch (batchSize)")
        return data


class ExtendProperty(ma.Schema):
    id = ma.fields.String(required=True)
    settings = ma.fields.Dict()


class ExtendQuery(ma.Schema):
    """Data extension: these properties of these entities."""

    ids = ma.fields.List(ma.fields.String(), required=True, validate=validate.Length(max=1000))
    # The catalogue has a handful of properties; 1,000 IDs times 50,000 repeats of one took
    # 5.3 s of CPU in a 1 MB body (#16).
    properties = ma.fields.List(
        ma.fields.Nested(ExtendProperty), required=True, validate=validate.Length(max=50)
    )


class SuggestArgs(ma.Schema):
    prefix = ma.fields.String(load_default="", validate=validate.Length(max=MAX_NAME_LENGTH))
    type = ma.fields.String(metadata={"description": "Only entities of this type"})
    cursor = ma.fields.Integer(load_default=0, validate=validate.Range(min=0, max=10_000))
    limit = ma.fields.Integer(load_default=10, validate=validate.Range(1, SUGGEST_LIMIT))
    callback = ma.fields.String()


class PreviewArgs(ma.Schema):
    id = ma.fields.String(required=True, validate=validate.Length(1, 64))


class ProposeArgs(ma.Schema):
    type = ma.fields.String()
    limit = ma.fields.Integer(load_default=10, validate=validate.Range(1, SUGGEST_LIMIT))
    callback = ma.fields.String()


# -- responses --------------------------------------------------------------------------
class TypeRef(ma.Schema):
    id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)


class Feature(ma.Schema):
    id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    value = ma.fields.Raw(required=True, metadata={"description": "A number or a boolean"})


class ReconCandidate(ma.Schema):
    id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    description = ma.fields.String()
    score = ma.fields.Float(required=True, metadata={"description": "0 to 100"})
    match = ma.fields.Boolean(
        required=True, metadata={"description": "True only for /resolve's matched top candidate"}
    )
    type = ma.fields.List(ma.fields.Nested(TypeRef))
    features = ma.fields.List(ma.fields.Nested(Feature))


class QueryError(ma.Schema):
    status = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    detail = ma.fields.String()
    errors = ma.fields.List(ma.fields.Nested(FieldError))


class Result02(ma.Schema):
    result = ma.fields.List(ma.fields.Nested(ReconCandidate), required=True)
    error = ma.fields.Nested(QueryError)


class Result10(ma.Schema):
    candidates = ma.fields.List(ma.fields.Nested(ReconCandidate), required=True)
    error = ma.fields.Nested(QueryError)


class MatchResults(ma.Schema):
    results = ma.fields.List(ma.fields.Nested(Result10), required=True)


class SuggestItem(ma.Schema):
    id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    description = ma.fields.String()
    notable = ma.fields.List(ma.fields.Nested(TypeRef))


class SuggestResult(ma.Schema):
    result = ma.fields.List(ma.fields.Nested(SuggestItem), required=True)


class PropertyRef(ma.Schema):
    id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    description = ma.fields.String()


class PropertyProposal(ma.Schema):
    type = ma.fields.String()
    limit = ma.fields.Integer()
    properties = ma.fields.List(ma.fields.Nested(PropertyRef), required=True)


class ExtendValue(ma.Schema):
    str = ma.fields.String(required=True)
    lang = ma.fields.String()


class ExtendCell(ma.Schema):
    id = ma.fields.String(required=True)
    values = ma.fields.List(ma.fields.Nested(ExtendValue), required=True)


class ExtendRow(ma.Schema):
    id = ma.fields.String(required=True)
    properties = ma.fields.List(ma.fields.Nested(ExtendCell), required=True)


class ExtendResult(ma.Schema):
    """1.0-draft shape; the 0.2 form variant answers rows as {id: {property: values}}."""

    meta = ma.fields.List(ma.fields.Nested(PropertyRef), required=True)
    rows = ma.fields.List(ma.fields.Nested(ExtendRow), required=True)


MANIFEST_DOC: dict[str, Any] = {
    "type": "object",
    "description": "The service manifest (0.2 by default, 1.0-draft with version=1.0-draft); "
    "with queries= the 0.2 result batch {query ID: {result: [candidates]}}, "
    "with extend= the 0.2 data-extension response",
    "additionalProperties": True,
}
RESULTS_02_DOC: dict[str, Any] = {
    "type": "object",
    "description": "Results keyed by query ID; a bad query gets an error and no candidates",
    "additionalProperties": {
        "type": "object",
        "properties": {"result": {"type": "array"}, "error": {"type": "object"}},
    },
}
