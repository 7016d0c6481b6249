"""The API contract: every request and response body, and the source of ``openapi.yaml``."""

from __future__ import annotations

import unicodedata
from typing import Any

import marshmallow as ma
from marshmallow import validate

from service.model import ENTITY_TYPES

MAX_NAME_LENGTH = 512
MAX_BATCH = 1000
MAX_LIMIT = 25
# Unicode categories a name can never need: controls, surrogates, private use, unassigned.
FORBIDDEN_CATEGORIES = {"Cc", "Cs", "Co", "Cn"}


def check_name_characters(value: str) -> None:
    """Reject characters that only ever come from broken encoders or attacks."""
    for char in value:
        if unicodedata.category(char) in FORBIDDEN_CATEGORIES:
            raise ma.ValidationError(f"contains a forbidden character U+{ord(char):04X}")
    if not value.strip():
        raise ma.ValidationError("must not be blank")


def name_field(*, required: bool = True, **kwargs: Any) -> ma.fields.String:
    return ma.fields.String(
        required=required,
        validate=[validate.Length(min=1, max=MAX_NAME_LENGTH), check_name_characters],
        **kwargs,
    )


def type_field(**kwargs: Any) -> ma.fields.String:
    """OneOf already documents the enum; metadata only adds the description."""
    metadata = {"description": "Entity type", **kwargs.pop("metadata", {})}
    return ma.fields.String(validate=validate.OneOf(ENTITY_TYPES), metadata=metadata, **kwargs)


# -- resolve ------------------------------------------------------------------------
class ResolveQuery(ma.Schema):
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
    explain = ma.fields.Boolean(
        load_default=False, metadata={"description": "Add per-candidate score explanations"}
    )


class QueryEcho(ma.Schema):
    name = ma.fields.String(required=True)
    type = ma.fields.String(allow_none=True)
    normalized = ma.fields.String(required=True)


class Candidate(ma.Schema):
    id = ma.fields.String(required=True, metadata={"description": "Stable entity ID"})
    name = ma.fields.String(required=True, metadata={"description": "Canonical name"})
    type = ma.fields.String(required=True)
    score = ma.fields.Float(required=True, metadata={"description": "Confidence in [0, 1]"})
    matched_alias = ma.fields.String(required=True)
    explanation = ma.fields.Dict(metadata={"description": "Only with explain=true"})


class ResolveResult(ma.Schema):
    query = ma.fields.Nested(QueryEcho, required=True)
    status = ma.fields.String(
        required=True, validate=validate.OneOf(["matched", "ambiguous", "no_match"])
    )
    match = ma.fields.Nested(Candidate, allow_none=True, required=True)
    candidates = ma.fields.List(ma.fields.Nested(Candidate), required=True)


class ResolveBatch(ma.Schema):
    queries = ma.fields.List(
        ma.fields.Nested(ResolveQuery), required=True, validate=validate.Length(1, MAX_BATCH)
    )


class ResolveBatchResult(ma.Schema):
    results = ma.fields.List(ma.fields.Nested(ResolveResult), required=True)


# -- entities -------------------------------------------------------------------------
class AliasIn(ma.Schema):
    name = name_field()
    lang = ma.fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(1, 35),
        metadata={"description": "BCP 47 language tag", "example": "ar"},
    )


class AliasOrName(ma.fields.Field):
    """An alias given as a bare string or as {"name", "lang"}."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str):
            value = {"name": value}
        if not isinstance(value, dict):
            raise ma.ValidationError("must be a string or an object with a name")
        return AliasIn().load(value)


ExternalIds = ma.fields.Dict(
    keys=ma.fields.String(validate=validate.Length(1, 64)),
    values=ma.fields.String(validate=validate.Length(1, 256)),
    metadata={"description": "Identifiers elsewhere", "example": {"wikidata": "Q7747"}},
)


class EntityCreate(ma.Schema):
    name = name_field()
    type = type_field(required=True)
    aliases = ma.fields.List(
        AliasOrName(
            metadata={"oneOf": [{"type": "string"}, {"$ref": "#/components/schemas/AliasIn"}]}
        ),
        load_default=list,
        validate=validate.Length(max=1000),
    )
    external_ids = ma.fields.Dict(
        keys=ma.fields.String(validate=validate.Length(1, 64)),
        values=ma.fields.String(validate=validate.Length(1, 256)),
        load_default=dict,
    )


class EntityPatch(ma.Schema):
    name = name_field(required=False)
    type = type_field()
    external_ids = ma.fields.Dict(
        keys=ma.fields.String(validate=validate.Length(1, 64)),
        values=ma.fields.String(validate=validate.Length(1, 256)),
    )

    @ma.validates_schema
    def has_a_field(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not data:
            raise ma.ValidationError("give at least one of name, type, external_ids")


class AliasOut(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    lang = ma.fields.String(allow_none=True)


class EntityOut(ma.Schema):
    id = ma.fields.String(required=True)
    type = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    aliases = ma.fields.List(ma.fields.Nested(AliasOut), required=True)
    external_ids = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(), required=True)
    version = ma.fields.Integer(required=True, metadata={"description": "Also the ETag"})
    created_at = ma.fields.DateTime(required=True)
    updated_at = ma.fields.DateTime(required=True)
    created_by = ma.fields.String(required=True)
    updated_by = ma.fields.String(required=True)


class EntityListArgs(ma.Schema):
    q = ma.fields.String(
        validate=validate.Length(1, MAX_NAME_LENGTH),
        metadata={"description": "Substring of a name or alias"},
    )
    type = type_field()
    page = ma.fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = ma.fields.Integer(load_default=20, validate=validate.Range(1, 100))


class EntityPage(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(EntityOut), required=True)
    page = ma.fields.Integer(required=True)
    per_page = ma.fields.Integer(required=True)
    total = ma.fields.Integer(required=True)


class Health(ma.Schema):
    status = ma.fields.String(required=True)


class Readiness(ma.Schema):
    status = ma.fields.String(required=True)
    store = ma.fields.String(required=True)
    index_loaded = ma.fields.Boolean(required=True)
    aliases_indexed = ma.fields.Integer(required=True)
    applied_seq = ma.fields.Integer(
        required=True, metadata={"description": "Last change applied to this process's index"}
    )
    store_seq = ma.fields.Integer(required=True)
    lag = ma.fields.Integer(required=True, metadata={"description": "store_seq - applied_seq"})
