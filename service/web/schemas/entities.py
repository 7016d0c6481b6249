"""Entities: create, patch, aliases, list and page, and the redirect of a merged ID."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import validate

from service import countries
from service.matching import MAX_NAME_LENGTH
from service.web.schemas.fields import CheckedList, check_country, name_field, type_field

# -- entities -------------------------------------------------------------------------
ALLOW_SHARED_DOC = {
    "description": "Accept a name that is already an exact alias of another entity; "
    "an exact hit on it then comes back ambiguous between them"
}


class AliasIn(ma.Schema):
    name = name_field(stored=True)
    allow_shared = ma.fields.Boolean(load_default=False, metadata=ALLOW_SHARED_DOC)
    lang = ma.fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(1, 35),
        metadata={"description": "BCP 47 language tag", "example": "ar"},
    )


class AliasSpec(ma.Schema):
    name = name_field(stored=True)
    lang = ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(1, 35))


class AliasOrName(ma.fields.Field):
    """An alias given as a bare string or as {"name", "lang"}."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str):
            value = {"name": value}
        if not isinstance(value, dict):
            raise ma.ValidationError("must be a string or an object with a name")
        return AliasSpec().load(value)


ExternalIds = ma.fields.Dict(
    keys=ma.fields.String(validate=validate.Length(1, 64)),
    values=ma.fields.String(validate=validate.Length(1, 256)),
    metadata={"description": "Identifiers elsewhere", "example": {"wikidata": "Q7747"}},
)


class CountryCodes(CheckedList):
    """An entity's countries: a list of codes, loaded upper-case, sorted, each once."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        return countries.normalized(super()._deserialize(value, attr, data, **kwargs))


def countries_field(**kwargs: Any) -> CountryCodes:
    return CountryCodes(
        ma.fields.String(validate=check_country),
        validate=validate.Length(max=countries.MAX_COUNTRIES),
        metadata={
            "description": "ISO 3166-1 alpha-2 codes of the entity's countries (any case, "
            "kept upper-case and sorted; XK for Kosovo); they tell namesakes apart when a "
            "query names a country",
            "example": ["SY"],
        },
        **kwargs,
    )


class EntityCreate(ma.Schema):
    name = name_field(stored=True)
    type = type_field(required=True)
    aliases = CheckedList(
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
    countries = countries_field(load_default=list)
    allow_shared = ma.fields.Boolean(load_default=False, metadata=ALLOW_SHARED_DOC)


class EntityPatch(ma.Schema):
    name = name_field(required=False, stored=True)
    type = type_field()
    external_ids = ma.fields.Dict(
        keys=ma.fields.String(validate=validate.Length(1, 64)),
        values=ma.fields.String(validate=validate.Length(1, 256)),
    )
    countries = countries_field()

    @ma.validates_schema
    def has_a_field(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not data:
            raise ma.ValidationError("give at least one of name, type, external_ids, countries")


class AliasOut(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    lang = ma.fields.String(allow_none=True)
    shared = ma.fields.Boolean()


class EntityOut(ma.Schema):
    id = ma.fields.String(required=True)
    type = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    aliases = ma.fields.List(ma.fields.Nested(AliasOut), required=True)
    external_ids = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(), required=True)
    countries = ma.fields.List(ma.fields.String(), required=True)
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
    country = ma.fields.String(
        validate=check_country,
        metadata={"description": "Only entities with this country (ISO 3166-1 alpha-2)"},
    )
    page = ma.fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = ma.fields.Integer(load_default=20, validate=validate.Range(1, 100))


class EntityPage(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(EntityOut), required=True)
    page = ma.fields.Integer(required=True)
    per_page = ma.fields.Integer(required=True)
    total = ma.fields.Integer(required=True)


class MergedRedirect(ma.Schema):
    id = ma.fields.String(allow_none=True)
    status = ma.fields.String(required=True)
    merged_into = ma.fields.String(required=True)
