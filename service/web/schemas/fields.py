"""The fields every part of the API contract shares: names, types, countries, row IDs,
and lists checked for length before their items are loaded."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import marshmallow as ma
from marshmallow import validate

from service import countries
from service.matching import MAX_NAME_LENGTH, name_problem, stored_name_problem
from service.model import ENTITY_TYPES

# Row IDs are 32-bit INTEGER columns on PostgreSQL; larger ones in a URL or body are 404/422,
# never a driver overflow (a fuzzer sent /review/25520532057308725772288/accept).
MAX_ROW_ID = 2**31 - 1
ROW_ID = f"int(max={MAX_ROW_ID})"


def check_name_characters(value: str) -> None:
    """Reject characters that only ever come from broken encoders or attacks, and names
    with nothing to match on (the rule in service.matching.names, shared with bulk import)."""
    problem = name_problem(value)
    if problem is not None:
        raise ma.ValidationError(problem)


def check_stored_name_characters(value: str) -> None:
    """A name to store: the rule above, and nothing invisible or direction-changing
    (service.matching.names.stored_name_problem, shared with bulk import and the store)."""
    problem = stored_name_problem(value)
    if problem is not None:
        raise ma.ValidationError(problem)


def name_field(*, required: bool = True, stored: bool = False, **kwargs: Any) -> ma.fields.String:
    """A name field; ``stored``: it becomes an entity's name or an alias."""
    check = check_stored_name_characters if stored else check_name_characters
    return ma.fields.String(
        required=required, validate=[validate.Length(min=1, max=MAX_NAME_LENGTH), check], **kwargs
    )


def type_field(**kwargs: Any) -> ma.fields.String:
    """OneOf already documents the enum; metadata only adds the description."""
    metadata = {"description": "Entity type", **kwargs.pop("metadata", {})}
    return ma.fields.String(validate=validate.OneOf(ENTITY_TYPES), metadata=metadata, **kwargs)


def check_country(value: str) -> None:
    if countries.canonical(value) is None:
        raise ma.ValidationError(
            f"{value[:40]!r} is not an ISO 3166-1 alpha-2 country code (e.g. SY, LB, RU)"
        )


COUNTRY_RULE = (
    "Country context: ISO 3166-1 alpha-2 codes (any case; XK for Kosovo). A candidate whose "
    "countries are known and share none with the query's is never matched (listed after "
    "the others with country_conflict: true) and is not the runner-up the top is compared "
    "with, so of two namesakes in different countries the one in the query's country is "
    "matched; an entity or a query without countries is neutral (a neutral namesake keeps "
    "the answer ambiguous). A query that is the top candidate's own name as written (score "
    "1), in one of its countries, with no other candidate spelled so, needs a lead of only "
    "0.16 over the next. Without a country, namesakes stay ambiguous."
)


class QueryCountries(ma.fields.Field):
    """A query's countries: one code, codes separated by commas (``?country=SY,LB``), a
    repeated parameter or a list of codes; loaded as a frozenset of upper-case codes. An
    empty string is no country (an empty form field), as is an empty list."""

    plain_when_absent = True  # service/web/plain_load.py: a query without it stays fast
    is_multiple = True  # webargs: ?country=SY&country=LB is both, not the first only

    @property
    def metadata(self) -> Mapping[str, Any]:
        """A fresh copy each time: the field documents both a query parameter and a body
        property, and YAML would write the shared oneOf items as anchors (&id001)."""
        return copy.deepcopy(self._documented)

    @metadata.setter
    def metadata(self, value: Mapping[str, Any]) -> None:
        self._documented = value

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise ma.ValidationError("must be a country code or a list of country codes")
        value = [
            part.strip() if isinstance(part, str) else part
            for item in value
            if item != ""
            for part in (item.split(",") if isinstance(item, str) else [item])
        ]  # a non-string item stays as sent, for countries.problem to name
        problem = countries.problem(value)
        if problem is not None:
            raise ma.ValidationError(problem)
        return frozenset(countries.normalized(value))


def country_field(**kwargs: Any) -> QueryCountries:
    return QueryCountries(
        load_default=frozenset,  # callable: no default in openapi.yaml, none shared
        metadata={
            "description": COUNTRY_RULE,
            "oneOf": [
                {"type": "string", "example": "SY"},
                {"type": "array", "items": {"type": "string"}, "maxItems": countries.MAX_COUNTRIES},
            ],
        },
        **kwargs,
    )


class CheckedList(ma.fields.List[Any]):
    """A List whose Length validators run before its items are loaded: marshmallow checks the
    length last, so 200,000 aliases in a 1 MB body were each validated (7 s of CPU) before the
    422 for more than 1,000, and 300,000 split IDs reached the store (a 500: too many SQL
    variables) where no Length was declared. The errors read the same."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, list):
            for validator in self.validators:
                if isinstance(validator, validate.Length):
                    validator(value)
        return super()._deserialize(value, attr, data, **kwargs)


class NestedList(CheckedList):
    """A List of Nested objects that loads them in one ``many=True`` pass of the inner
    schema, so the per-object ``Schema.load`` overhead is paid once per list (a batch of 30
    names: 1,270 -> 730 us here). Lists holding anything but objects take List's own path,
    and a many-load reports errors under the same indices, so every 422 reads the same."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        inner = self.inner
        if (
            isinstance(inner, ma.fields.Nested)
            and not inner.validators
            and isinstance(value, list)
            and all(isinstance(each, dict) for each in value)
        ):
            try:
                return inner.schema.load(
                    value, many=True, unknown=inner.unknown, partial=kwargs.get("partial")
                )
            except ma.ValidationError as error:
                raise ma.ValidationError(error.messages, valid_data=error.valid_data) from error
        return super()._deserialize(value, attr, data, **kwargs)
