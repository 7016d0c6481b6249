"""The API contract: every request and response body, and the source of ``openapi.yaml``."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

import marshmallow as ma
from marshmallow import validate

from service import countries
from service.model import ENTITY_TYPES, VERDICTS
from service.names import MAX_NAME_LENGTH, name_problem, stored_name_problem
from service.web.plain_load import PlainSchema

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
# Row IDs are 32-bit INTEGER columns on PostgreSQL; larger ones in a URL or body are 404/422,
# never a driver overflow (a fuzzer sent /review/25520532057308725772288/accept).
MAX_ROW_ID = 2**31 - 1
ROW_ID = f"int(max={MAX_ROW_ID})"


def check_name_characters(value: str) -> None:
    """Reject characters that only ever come from broken encoders or attacks, and names
    with nothing to match on (the rule in service.names, shared with bulk import)."""
    problem = name_problem(value)
    if problem is not None:
        raise ma.ValidationError(problem)


def check_stored_name_characters(value: str) -> None:
    """A name to store: the rule above, and nothing invisible or direction-changing
    (service.names.stored_name_problem, shared with bulk import and the store)."""
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
        required=True, validate=validate.OneOf(["matched", "ambiguous", "no_match"])
    )
    match = ma.fields.Nested(Candidate, allow_none=True, required=True)
    candidates = ma.fields.List(ma.fields.Nested(Candidate), required=True)


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


class Health(ma.Schema):
    status = ma.fields.String(required=True)


class SkippedChange(ma.Schema):
    seq = ma.fields.Integer(required=True, metadata={"description": "The change that failed"})
    entity_id = ma.fields.String(required=True)
    error = ma.fields.String(required=True)
    since = ma.fields.Float(required=True, metadata={"description": "First failed (epoch s)"})


class Readiness(ma.Schema):
    status = ma.fields.String(required=True)
    reason = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "Why not ready; null if ready"}
    )
    store = ma.fields.String(required=True)
    index_loaded = ma.fields.Boolean(required=True)
    aliases_indexed = ma.fields.Integer(required=True)
    applied_seq = ma.fields.Integer(
        required=True, metadata={"description": "Last change applied to this process's index"}
    )
    store_seq = ma.fields.Integer(required=True)
    lag = ma.fields.Integer(required=True, metadata={"description": "store_seq - applied_seq"})
    follower = ma.fields.String(
        required=True, metadata={"description": "listen, poll, reconnecting, stopped or off"}
    )
    skipped_changes = ma.fields.Integer(
        required=True,
        metadata={"description": "Entities this index left out: applying their change raised"},
    )
    skipped = ma.fields.List(
        ma.fields.Nested(SkippedChange),
        required=True,
        metadata={"description": "The first 20 of them, by change sequence"},
    )
    pid = ma.fields.Integer(required=True, metadata={"description": "The answering process"})


class MergedRedirect(ma.Schema):
    id = ma.fields.String(allow_none=True)
    status = ma.fields.String(required=True)
    merged_into = ma.fields.String(required=True)


# -- lifecycle --------------------------------------------------------------------------
class MergeRequest(ma.Schema):
    from_ = CheckedList(
        ma.fields.String(validate=validate.Length(1, 32)),
        data_key="from",
        required=True,
        validate=validate.Length(1, 100),
        metadata={"description": "IDs absorbed into this entity; each becomes a redirect"},
    )


class SplitRequest(ma.Schema):
    aliases = CheckedList(
        ma.fields.Integer(validate=validate.Range(1, MAX_ROW_ID)),
        required=True,
        validate=validate.Length(1, 1000),  # an entity has at most 1,000 aliases to split off
    )
    name = name_field(stored=True)
    type = type_field(required=True)
    countries = countries_field(
        load_default=None,
        allow_none=True,
    )


class SplitResult(ma.Schema):
    source = ma.fields.Nested(EntityOut, required=True)
    created = ma.fields.Nested(EntityOut, required=True)


class ChangeOut(ma.Schema):
    seq = ma.fields.Integer(required=True)
    entity_id = ma.fields.String(allow_none=True)
    kind = ma.fields.String(required=True)
    actor = ma.fields.String(required=True)
    at = ma.fields.DateTime(required=True)
    before = ma.fields.Dict(allow_none=True)
    after = ma.fields.Dict(allow_none=True)


class History(ma.Schema):
    entity_id = ma.fields.String(required=True)
    changes = ma.fields.List(ma.fields.Nested(ChangeOut), required=True)


class ChangesArgs(ma.Schema):
    since = ma.fields.Integer(load_default=0, validate=validate.Range(min=0, max=2**62))
    limit = ma.fields.Integer(load_default=100, validate=validate.Range(1, 1000))


class ChangesPage(ma.Schema):
    changes = ma.fields.List(ma.fields.Nested(ChangeOut), required=True)
    next = ma.fields.Integer(required=True, metadata={"description": "Pass as since= next time"})
    has_more = ma.fields.Boolean(required=True)


# -- judgements -----------------------------------------------------------------------------


FORCE_DOC = {
    "description": "not_same on a name that is an exact alias of the entity is refused "
    "(409) unless force is true: that alias would then never match"
}


class JudgementIn(ma.Schema):
    name = name_field()
    entity_id = ma.fields.String(required=True, validate=validate.Length(1, 32))
    verdict = ma.fields.String(required=True, validate=validate.OneOf(VERDICTS))
    allow_shared = ma.fields.Boolean(load_default=False, metadata=ALLOW_SHARED_DOC)
    force = ma.fields.Boolean(load_default=False, metadata=FORCE_DOC)


class JudgementOut(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    normalized = ma.fields.String(required=True)
    entity_id = ma.fields.String(required=True)
    verdict = ma.fields.String(required=True)
    created_by = ma.fields.String(required=True)
    created_at = ma.fields.DateTime(required=True)


class JudgementArgs(ma.Schema):
    entity_id = ma.fields.String(validate=validate.Length(1, 32))
    verdict = ma.fields.String(validate=validate.OneOf(VERDICTS))


# -- review queue ---------------------------------------------------------------------------
REVIEW_STATES = ("open", "accepted", "rejected", "dismissed")


class ReviewArgs(ma.Schema):
    order = ma.fields.String(
        load_default="count", validate=validate.OneOf(["count", "last_seen", "first_seen"])
    )
    state = ma.fields.String(load_default="open", validate=validate.OneOf(REVIEW_STATES))
    page = ma.fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = ma.fields.Integer(load_default=20, validate=validate.Range(1, 100))


class ReviewItemOut(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    normalized = ma.fields.String(required=True)
    count = ma.fields.Integer(required=True)
    first_seen = ma.fields.DateTime(required=True)
    last_seen = ma.fields.DateTime(required=True)
    last_status = ma.fields.String(required=True)
    best_candidate = ma.fields.String(allow_none=True)
    best_score = ma.fields.Float(allow_none=True)
    state = ma.fields.String(required=True)


class ReviewPage(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(ReviewItemOut), required=True)
    page = ma.fields.Integer(required=True)
    per_page = ma.fields.Integer(required=True)
    total = ma.fields.Integer(required=True)


class ReviewAccept(ma.Schema):
    entity_id = ma.fields.String(required=True, validate=validate.Length(1, 32))
    allow_shared = ma.fields.Boolean(load_default=False, metadata=ALLOW_SHARED_DOC)


class ReviewReject(ma.Schema):
    entity_id = ma.fields.String(
        validate=validate.Length(1, 32),
        metadata={"description": "Defaults to the best candidate"},
    )
    force = ma.fields.Boolean(load_default=False, metadata=FORCE_DOC)


# -- bulk -------------------------------------------------------------------------------------
class ImportArgs(ma.Schema):
    dry_run = ma.fields.Boolean(load_default=False)


class ImportResult(ma.Schema):
    created = ma.fields.Integer(required=True)
    updated = ma.fields.Integer(required=True)
    unchanged = ma.fields.Integer(required=True)
    dry_run = ma.fields.Boolean(required=True)
